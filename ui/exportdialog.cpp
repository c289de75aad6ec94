#include "exportdialog.h"

#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytableview.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::OpportunityFieldCount;

namespace Pd::Gui {

namespace {

const QString DirectoryKey = u"export/directory"_s;
const QString ScopeKey = u"export/scope"_s;
const QString ColumnsKey = u"export/columns"_s;
const QString NeutralizeKey = u"export/neutralizeFormulas"_s;
const QString BomKey = u"export/byteOrderMark"_s;
const QString HeadersKey = u"export/displayedHeaders"_s;

constexpr int ProgressDelayMs = 300;

QString defaultDirectory()
{
    const QString saved = QSettings().value(DirectoryKey).toString();
    if (!saved.isEmpty() && QFileInfo(saved).isDir()) {
        return saved;
    }
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return documents.isEmpty() ? QDir::homePath() : documents;
}

int selectedRowCount(const OpportunityTableView *table)
{
    return int(OpportunityExporter::sourceRowsFor(table, OpportunityExporter::Scope::SelectedRows)
                       .size());
}

} // namespace

ExportDialog::ExportDialog(OpportunityTableView *table, QWidget *parent)
    : QDialog(parent), m_table(table)
{
    setObjectName(u"exportDialog"_s);
    setWindowTitle(tr("Export to CSV"));

    m_path = new QLineEdit(this);
    m_path->setObjectName(u"exportPath"_s);
    m_path->setAccessibleName(tr("File to write"));
    m_path->setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(u"browseButton"_s);
    m_browse->setAccessibleName(tr("Choose the file to write"));
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);
    auto *pathLabel = new QLabel(tr("&File:"), this);
    pathLabel->setBuddy(m_path);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(pathLabel);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);

    auto *rowsBox = new QGroupBox(tr("Rows"), this);
    m_selectedRows = new QRadioButton(rowsBox);
    m_selectedRows->setObjectName(u"selectedRows"_s);
    m_loadedRows = new QRadioButton(rowsBox);
    m_loadedRows->setObjectName(u"loadedRows"_s);
    m_allRows = new QRadioButton(rowsBox);
    m_allRows->setObjectName(u"allRows"_s);
    m_allRows->setToolTip(tr("Loads the pages not loaded yet first. Rows hidden by the quick "
                             "filter are left out."));
    auto *rowsGroup = new QButtonGroup(this);
    rowsGroup->addButton(m_selectedRows);
    rowsGroup->addButton(m_loadedRows);
    rowsGroup->addButton(m_allRows);
    auto *rowsLayout = new QVBoxLayout(rowsBox);
    rowsLayout->addWidget(m_selectedRows);
    rowsLayout->addWidget(m_loadedRows);
    rowsLayout->addWidget(m_allRows);

    auto *columnsBox = new QGroupBox(tr("Columns"), this);
    m_allFields = new QRadioButton(columnsBox);
    m_allFields->setObjectName(u"allFields"_s);
    m_visibleColumns = new QRadioButton(columnsBox);
    m_visibleColumns->setObjectName(u"visibleColumns"_s);
    auto *columnsGroup = new QButtonGroup(this);
    columnsGroup->addButton(m_allFields);
    columnsGroup->addButton(m_visibleColumns);
    auto *columnsLayout = new QVBoxLayout(columnsBox);
    columnsLayout->addWidget(m_allFields);
    columnsLayout->addWidget(m_visibleColumns);

    auto *optionsBox = new QGroupBox(tr("Options"), this);
    m_neutralize = new QCheckBox(tr("&Neutralise spreadsheet formulas (recommended)"), optionsBox);
    m_neutralize->setObjectName(u"neutralizeFormulas"_s);
    m_neutralize->setToolTip(tr("Cells beginning with = + - @ get a leading apostrophe so that "
                                "spreadsheet programs do not run them as formulas."));
    m_bom = new QCheckBox(tr("Add a byte order &mark (for Microsoft Excel)"), optionsBox);
    m_bom->setObjectName(u"byteOrderMark"_s);
    m_bom->setToolTip(tr("Without it, Excel may read the UTF-8 file in a legacy encoding."));
    m_displayedHeaders = new QCheckBox(tr("Use the table's column &titles instead of field names"),
                                       optionsBox);
    m_displayedHeaders->setObjectName(u"displayedHeaders"_s);
    m_displayedHeaders->setToolTip(tr("Field names such as LifeCycle.Stage are stable and "
                                      "match partnerdesk-cli; titles follow the language of "
                                      "PartnerDesk."));
    auto *optionsLayout = new QVBoxLayout(optionsBox);
    optionsLayout->addWidget(m_neutralize);
    optionsLayout->addWidget(m_bom);
    optionsLayout->addWidget(m_displayedHeaders);

    auto *note = new QLabel(tr("Cells hold the values exactly as the service sent them: API "
                               "values, ISO dates and plain amounts."),
                            this);
    note->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *exportButton = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_path, &QLineEdit::textChanged, this, [this, exportButton](const QString &text) {
        exportButton->setEnabled(!text.trimmed().isEmpty());
    });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(pathRow);
    layout->addWidget(rowsBox);
    layout->addWidget(columnsBox);
    layout->addWidget(optionsBox);
    layout->addWidget(note);
    layout->addWidget(m_buttons);

    setTabOrder(m_path, m_browse);
    setTabOrder(m_browse, m_selectedRows);

    m_exporter = new OpportunityExporter(table, this);
    connect(m_exporter, &OpportunityExporter::finished, this, &ExportDialog::exportFinished);

    // Remembered choices; the rows default to what is selected, if several rows are.
    const QSettings settings;
    OpportunityExporter::Options options;
    options.scope = OpportunityExporter::Scope(
            settings.value(ScopeKey, int(OpportunityExporter::Scope::AllRows)).toInt());
    if (m_table && selectedRowCount(m_table) > 1) {
        options.scope = OpportunityExporter::Scope::SelectedRows;
    }
    options.columns = OpportunityExporter::Columns(
            settings.value(ColumnsKey, int(OpportunityExporter::Columns::AllFields)).toInt());
    options.neutralizeFormulas = settings.value(NeutralizeKey, true).toBool();
    options.byteOrderMark = settings.value(BomKey, false).toBool();
    options.displayedHeaders = settings.value(HeadersKey, false).toBool();
    if (m_table) {
        const OpportunityProxyModel *proxy = m_table->proxyModel();
        options.path = QDir(defaultDirectory())
                               .filePath(OpportunityExporter::suggestedFileName(
                                       proxy->opportunityModel()->query(), proxy->quickFilter(),
                                       QDate::currentDate()));
    }
    updateCounts();
    setOptions(options);
}

void ExportDialog::updateCounts()
{
    if (!m_table) {
        return;
    }
    const QLocale locale;
    const OpportunityProxyModel *proxy = m_table->proxyModel();
    const int selected = selectedRowCount(m_table);
    const int loaded = proxy->rowCount();
    m_selectedRows->setText(tr("&Selected rows (%1)").arg(locale.toString(selected)));
    m_selectedRows->setEnabled(selected > 0);
    m_loadedRows->setText(tr("&Loaded rows (%1)").arg(locale.toString(loaded)));
    const bool more = proxy->opportunityModel()->hasMore();
    m_allRows->setText(
            more ? tr("&All rows matching the filters (loads the remaining pages)")
                 : tr("&All rows matching the filters (%1)").arg(locale.toString(loaded)));
    const int visible
            = int(OpportunityExporter::columnsFor(m_table->horizontalHeader(),
                                                  OpportunityExporter::Columns::VisibleColumns)
                          .size());
    m_visibleColumns->setText(tr("The %n visible columns, in table order", nullptr, visible));
    m_allFields->setText(tr("All %n fields, as partnerdesk-cli --output csv writes them", nullptr,
                            OpportunityFieldCount));
    m_allFields->setAccessibleName(m_allFields->text());
}

OpportunityExporter::Options ExportDialog::options() const
{
    OpportunityExporter::Options options;
    options.path = m_path->text().trimmed();
    options.scope = m_selectedRows->isChecked() ? OpportunityExporter::Scope::SelectedRows
                    : m_loadedRows->isChecked() ? OpportunityExporter::Scope::LoadedRows
                                                : OpportunityExporter::Scope::AllRows;
    options.columns = m_visibleColumns->isChecked() ? OpportunityExporter::Columns::VisibleColumns
                                                    : OpportunityExporter::Columns::AllFields;
    options.neutralizeFormulas = m_neutralize->isChecked();
    options.byteOrderMark = m_bom->isChecked();
    options.displayedHeaders = m_displayedHeaders->isChecked();
    return options;
}

void ExportDialog::setOptions(const OpportunityExporter::Options &options)
{
    m_path->setText(options.path);
    switch (options.scope) {
    case OpportunityExporter::Scope::SelectedRows:
        (m_selectedRows->isEnabled() ? m_selectedRows : m_allRows)->setChecked(true);
        break;
    case OpportunityExporter::Scope::LoadedRows:
        m_loadedRows->setChecked(true);
        break;
    case OpportunityExporter::Scope::AllRows:
        m_allRows->setChecked(true);
        break;
    }
    (options.columns == OpportunityExporter::Columns::VisibleColumns ? m_visibleColumns
                                                                     : m_allFields)
            ->setChecked(true);
    m_neutralize->setChecked(options.neutralizeFormulas);
    m_bom->setChecked(options.byteOrderMark);
    m_displayedHeaders->setChecked(options.displayedHeaders);
}

void ExportDialog::browse()
{
    auto *dialog = new QFileDialog(this, tr("Export to CSV"), m_path->text(),
                                   tr("CSV files (*.csv);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(u"csv"_s);
    dialog->selectFile(m_path->text());
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        m_path->setText(QDir::toNativeSeparators(file));
        m_confirmedPath = file; // the file dialog asked before replacing
    });
    dialog->open();
}

void ExportDialog::accept()
{
    if (m_exporter->isRunning()) {
        return;
    }
    const QString path = options().path;
    if (path.isEmpty()) {
        m_path->setFocus();
        return;
    }
    if (QFileInfo::exists(path) && QDir::fromNativeSeparators(path) != m_confirmedPath) {
        auto *box = new QMessageBox(QMessageBox::Question, tr("Export to CSV"),
                                    tr("“%1” already exists. Replace it?").arg(path),
                                    QMessageBox::NoButton, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        QPushButton *replace = box->addButton(tr("&Replace"), QMessageBox::AcceptRole);
        box->addButton(QMessageBox::Cancel);
        box->setDefaultButton(replace);
        connect(box, &QMessageBox::accepted, this, [this, path] {
            m_confirmedPath = QDir::fromNativeSeparators(path);
            startExport();
        });
        box->open();
        return;
    }
    startExport();
}

void ExportDialog::startExport()
{
    saveChoices();
    const OpportunityExporter::Options chosen = options();
    QWidget *window = parentWidget() ? parentWidget()->window() : nullptr;
    m_progress = new QProgressDialog(window);
    m_progress->setObjectName(u"exportProgress"_s);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    m_progress->setWindowTitle(tr("Export to CSV"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(ProgressDelayMs);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setRange(0, 0);
    m_progress->setLabelText(tr("Preparing the export…"));
    m_progress->setCancelButtonText(tr("Cancel"));
    connect(m_progress, &QProgressDialog::canceled, m_exporter, &OpportunityExporter::cancel);
    connect(m_exporter, &OpportunityExporter::loadingProgress, m_progress, [this](int rows) {
        m_progress->setLabelText(
                tr("Loading every matching opportunity… %1 loaded").arg(QLocale().toString(rows)));
    });
    connect(m_exporter, &OpportunityExporter::writingProgress, m_progress,
            [this](int written, int total) {
                m_progress->setRange(0, std::max(total, 1));
                m_progress->setValue(written);
                m_progress->setLabelText(
                        tr("Writing %1 of %2 rows…")
                                .arg(QLocale().toString(written), QLocale().toString(total)));
            });
    hide();
    m_exporter->start(chosen);
    if (m_exporter->state() == OpportunityExporter::State::Loading) {
        m_progress->setLabelText(tr("Loading every matching opportunity…"));
    }
}

void ExportDialog::exportFinished()
{
    if (m_progress) {
        m_progress->close();
    }
    switch (m_exporter->state()) {
    case OpportunityExporter::State::Succeeded:
        Q_EMIT exported(m_exporter->options().path, m_exporter->rowsWritten());
        QDialog::accept();
        return;
    case OpportunityExporter::State::Cancelled:
        Q_EMIT exportCancelled();
        reject();
        return;
    default:
        break;
    }
    const QString error = m_exporter->errorString();
    Q_EMIT exportFailed(error);
    updateCounts();
    show();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Export to CSV"),
                                tr("Nothing was exported."), QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(error);
    box->open();
}

void ExportDialog::saveChoices() const
{
    QSettings settings;
    const OpportunityExporter::Options chosen = options();
    settings.setValue(DirectoryKey, QFileInfo(chosen.path).absolutePath());
    if (chosen.scope != OpportunityExporter::Scope::SelectedRows) {
        settings.setValue(ScopeKey, int(chosen.scope));
    }
    settings.setValue(ColumnsKey, int(chosen.columns));
    settings.setValue(NeutralizeKey, chosen.neutralizeFormulas);
    settings.setValue(BomKey, chosen.byteOrderMark);
    settings.setValue(HeadersKey, chosen.displayedHeaders);
}

} // namespace Pd::Gui
