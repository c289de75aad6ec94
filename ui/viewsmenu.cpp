#include "viewsmenu.h"

#include "attentionbar.h"
#include "awsclicommand.h"
#include "filterpanel.h"
#include "itemdatarole.h"
#include "mainwindow.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytableview.h"
#include "pipelineview.h"
#include "savedviewsdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QSaveFile>
#include <QStatusBar>
#include <QToolButton>

using namespace Qt::StringLiterals;
using Pd::Core::AttentionView;
using Pd::Core::PipelineSelection;
using Pd::Core::SavedView;

namespace Pd::Gui {

namespace {

constexpr int MessageMs = 10000;
constexpr int MaxViewShortcuts = 9; ///< Ctrl+Alt+1 … Ctrl+Alt+9 apply the first saved views

QString columnName(const QAbstractItemModel *model, int column)
{
    return model->headerData(column, Qt::Horizontal, Core::RawValueRole).toString();
}

int columnOf(const QAbstractItemModel *model, const QString &name)
{
    for (int column = 0; column < model->columnCount(); ++column) {
        if (columnName(model, column) == name) {
            return column;
        }
    }
    return -1;
}

QString viewFileFilter()
{
    return ViewsMenu::tr("PartnerDesk views (*.pdview.json *.json)");
}

} // namespace

ViewsMenu::ViewsMenu(MainWindow *window, const QString &path)
    : QMenu(tr("Vie&ws"), window), m_window(window), m_path(path)
{
    setObjectName(u"viewsMenu"_s);
    int number = 0;
    for (const AttentionView::Kind kind : AttentionView::kinds()) {
        // Alt+W, then the view's number.
        QAction *action = addAction(u"&%1 %2"_s.arg(++number).arg(AttentionView::title(kind)), this,
                                    [this, kind] { activateAttention(kind); });
        action->setObjectName(u"attentionAction-"_s + AttentionView::key(kind));
        action->setStatusTip(AttentionView::description(kind));
        // Enabled like the attention bar's button (Changed needs the local copy).
        connect(this, &QMenu::aboutToShow, action, [this, action, kind] {
            action->setEnabled(m_window->attentionBar()->button(kind)->isEnabled());
        });
    }
    addSeparator();
    m_saveAction = addAction(tr("&Save Current View…"), this, &ViewsMenu::askToSave);
    m_saveAction->setObjectName(u"saveViewAction"_s);
    m_saveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    addAction(tr("&Manage Views…"), this, &ViewsMenu::showManageDialog)
            ->setObjectName(u"manageViewsAction"_s);
    addAction(tr("&Import View…"), this, &ViewsMenu::askToImport);
    addAction(tr("E&xport Current View…"), this, &ViewsMenu::askToExport);
    addSeparator();
    m_copyCommandAction = addAction(tr("&Copy as AWS CLI Command"), this, &ViewsMenu::copyCommand);
    m_copyCommandAction->setObjectName(u"copyAwsCliCommandAction"_s);
    m_copyCommandAction->setStatusTip(
            tr("Copy the aws partnercentral-selling list-opportunities command for the filters "
               "the service applies; filters on the loaded rows follow as a comment"));
    m_viewsSeparator = addSeparator();

    QString error;
    if (!m_views.load(m_path, &error)) {
        showMessage(tr("Saved views: %1").arg(error));
    }
    rebuild();
}

SavedView ViewsMenu::currentView(const QString &name) const
{
    SavedView view;
    view.name = name.trimmed();
    view.filters = m_window->filterPanel()->appliedRequest();
    view.filters.maxResults.reset();
    view.filters.nextToken.clear();
    view.localFilter = m_window->pipelineSelection();
    const QHeaderView *header = m_window->tableView()->horizontalHeader();
    const QAbstractItemModel *model = m_window->proxyModel();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical)) {
            view.columns.append(columnName(model, logical));
        }
    }
    const Core::OpportunityProxyModel *proxy = m_window->proxyModel();
    if (proxy->isClientSorted()) {
        view.sortColumn = columnName(model, proxy->sortColumn());
        view.sortOrder = proxy->sortOrder();
    }
    return view;
}

void ViewsMenu::applyView(const SavedView &view)
{
    m_lastApplied = view.name;
    FilterPanel *filters = m_window->filterPanel();
    filters->setRequest(view.filters);
    filters->apply();

    OpportunityTableView *table = m_window->tableView();
    QHeaderView *header = table->horizontalHeader();
    const QAbstractItemModel *model = m_window->proxyModel();
    if (!view.columns.isEmpty()) {
        QList<int> shown;
        for (const QString &name : view.columns) {
            const int column = columnOf(model, name);
            if (column >= 0 && !shown.contains(column)) {
                shown.append(column);
            }
        }
        for (int column = 0; column < header->count(); ++column) {
            header->setSectionHidden(column, !shown.contains(column));
        }
        for (int visual = 0; visual < shown.size(); ++visual) {
            header->moveSection(header->visualIndex(shown.at(visual)), visual);
        }
    }
    const int sortColumn = view.sortColumn.isEmpty() ? -1 : columnOf(model, view.sortColumn);
    if (sortColumn >= 0) {
        header->setSortIndicator(sortColumn, view.sortOrder);
    } else {
        table->clearClientSort();
    }
    m_window->applyPipelineSelection(view.localFilter);
    showMessage(tr("View “%1” applied").arg(view.name));
}

void ViewsMenu::applyStartView()
{
    if (const SavedView *view = m_views.find(m_views.startView())) {
        applyView(*view);
    }
}

bool ViewsMenu::saveCurrentView(const QString &name)
{
    const SavedView view = currentView(name);
    if (view.name.isEmpty()) {
        return false;
    }
    m_views.put(view);
    m_lastApplied = view.name;
    return store();
}

bool ViewsMenu::renameView(const QString &from, const QString &to)
{
    return m_views.rename(from, to) && store();
}

bool ViewsMenu::removeView(const QString &name)
{
    if (!m_views.find(name)) {
        return false;
    }
    m_views.remove(name);
    return store();
}

bool ViewsMenu::setStartView(const QString &name)
{
    m_views.setStartView(name);
    return store();
}

bool ViewsMenu::importView(const QString &file, QString *error)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(file, in.errorString());
        return false;
    }
    const std::optional<SavedView> view = SavedView::fromFile(in.readAll(), error);
    if (!view) {
        return false;
    }
    m_views.put(*view);
    if (!store()) {
        *error = tr("The view could not be saved.");
        return false;
    }
    applyView(*view);
    return true;
}

bool ViewsMenu::exportView(const SavedView &view, const QString &file, QString *error) const
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(view.toFile()) < 0 || !out.commit()) {
        *error = tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

void ViewsMenu::activateAttention(AttentionView::Kind view)
{
    const PipelineSelection selection = PipelineSelection::attention(view);
    m_window->applyPipelineSelection(
            m_window->pipelineSelection() == selection ? PipelineSelection() : selection);
}

QString ViewsMenu::awsCliCommand() const
{
    QStringList local;
    const PipelineSelection &selection = m_window->pipelineSelection();
    if (!selection.isNone()) {
        local.append(PipelineView::describe(selection));
    }
    const QString quick = m_window->proxyModel()->quickFilter();
    if (!quick.isEmpty()) {
        local.append(tr("quick filter “%1”").arg(quick));
    }
    return Core::AwsCliCommand::listOpportunities(m_window->filterPanel()->appliedRequest(), local);
}

void ViewsMenu::rebuild()
{
    qDeleteAll(m_viewActions);
    m_viewActions.clear();
    m_viewsSeparator->setVisible(!m_views.views().isEmpty());
    for (const SavedView &view : m_views.views()) {
        const QString text = view.name == m_views.startView() ? tr("%1 (start view)").arg(view.name)
                                                              : view.name;
        // Menu texts take & as the mnemonic marker.
        auto *action = new QAction(QString(text).replace(u'&', u"&&"_s), this);
        connect(action, &QAction::triggered, this, [this, name = view.name] {
            if (const SavedView *saved = m_views.find(name)) {
                applyView(*saved);
            }
        });
        if (m_viewActions.size() < MaxViewShortcuts) {
            action->setShortcut(
                    QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key(Qt::Key_1 + m_viewActions.size())));
        }
        addAction(action);
        m_viewActions.append(action);
    }
}

bool ViewsMenu::store()
{
    QString error;
    const bool saved = m_views.save(m_path, &error);
    if (!saved) {
        showMessage(tr("Saved views: %1").arg(error));
    }
    rebuild();
    Q_EMIT viewsChanged();
    return saved;
}

void ViewsMenu::askToSave()
{
    auto *dialog = new QInputDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Save Current View"));
    dialog->setLabelText(tr("Name of the view (filters, local filter, columns and sort):"));
    dialog->setTextValue(m_lastApplied);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        if (saveCurrentView(name)) {
            showMessage(tr("View “%1” saved").arg(name.trimmed()));
        }
    });
    dialog->open();
}

void ViewsMenu::showManageDialog()
{
    auto *dialog = new SavedViewsDialog(this, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ViewsMenu::askToImport()
{
    const QString file = QFileDialog::getOpenFileName(m_window, tr("Import View"), QString(),
                                                      viewFileFilter());
    if (file.isEmpty()) {
        return;
    }
    QString error;
    if (!importView(file, &error)) {
        showMessage(tr("Import failed: %1").arg(error));
    }
}

void ViewsMenu::askToExport()
{
    const QString name = m_lastApplied.isEmpty() ? tr("View") : m_lastApplied;
    QString file = QFileDialog::getSaveFileName(m_window, tr("Export Current View"),
                                                name + u".pdview.json"_s, viewFileFilter());
    if (file.isEmpty()) {
        return;
    }
    QString error;
    if (exportView(currentView(name), file, &error)) {
        showMessage(tr("Exported to %1").arg(file));
    } else {
        showMessage(error);
    }
}

void ViewsMenu::copyCommand()
{
    QApplication::clipboard()->setText(awsCliCommand());
    showMessage(tr("AWS CLI command copied"));
}

void ViewsMenu::showMessage(const QString &message)
{
    m_window->statusBar()->showMessage(message, MessageMs);
}

} // namespace Pd::Gui
