#include "localcopydialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Pd::Gui {

LocalCopyDialog::LocalCopyDialog(const LocalCopy::Settings &settings, const QString &currentPath,
                                 QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"localCopyDialog"_s);
    setWindowTitle(tr("Local Copy"));
    setWindowModality(Qt::WindowModal);

    m_enabled = new QCheckBox(tr("&Keep a local copy of the opportunities"));
    m_enabled->setObjectName(u"keepLocalCopy"_s);
    m_enabled->setToolTip(tr("PartnerDesk opens at once on the last synced rows, filters and "
                             "sorts them without asking the service, and shows what changed."));
    m_enabled->setChecked(settings.enabled);

    m_folder = new QLineEdit(settings.folder);
    m_folder->setObjectName(u"localCopyFolder"_s);
    m_folder->setPlaceholderText(tr("Default: PartnerDesk's data folder"));
    auto *browse = new QPushButton(tr("&Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Local copy folder"),
                                                                 m_folder->text());
        if (!folder.isEmpty()) {
            m_folder->setText(folder);
        }
    });
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);

    m_historyDays = new QSpinBox;
    m_historyDays->setObjectName(u"historyDays"_s);
    m_historyDays->setRange(1, 3650);
    m_historyDays->setSuffix(tr(" days"));
    m_historyDays->setValue(settings.historyDays);

    m_atStart = new QRadioButton(tr("When PartnerDesk &starts"));
    m_periodic = new QRadioButton(tr("&Every"));
    m_byHand = new QRadioButton(tr("Only by &hand (View › Refresh, F5)"));
    m_atStart->setObjectName(u"syncAtStart"_s);
    m_periodic->setObjectName(u"syncPeriodic"_s);
    m_byHand->setObjectName(u"syncByHand"_s);
    m_everyMinutes = new QSpinBox;
    m_everyMinutes->setObjectName(u"syncEveryMinutes"_s);
    m_everyMinutes->setRange(1, 24 * 60);
    m_everyMinutes->setSuffix(tr(" minutes"));
    m_everyMinutes->setValue(settings.everyMinutes);
    switch (settings.schedule) {
    case LocalCopy::Schedule::AtStart:
        m_atStart->setChecked(true);
        break;
    case LocalCopy::Schedule::Periodic:
        m_periodic->setChecked(true);
        break;
    case LocalCopy::Schedule::ByHand:
        m_byHand->setChecked(true);
        break;
    }
    auto *periodicRow = new QHBoxLayout;
    periodicRow->addWidget(m_periodic);
    periodicRow->addWidget(m_everyMinutes);
    periodicRow->addStretch(1);
    auto *schedule = new QVBoxLayout;
    schedule->addWidget(m_atStart);
    schedule->addLayout(periodicRow);
    schedule->addWidget(m_byHand);

    m_proposeFull = new QCheckBox(tr("Offer a full sync once a &week"));
    m_proposeFull->setObjectName(u"proposeFullSync"_s);
    m_proposeFull->setToolTip(tr("A full sync lists every opportunity again and marks the ones "
                                 "you can no longer see as removed."));
    m_proposeFull->setChecked(settings.proposeFullSync);

    auto *where = new QLabel(currentPath.isEmpty() ? tr("No local copy is open.")
                                                   : tr("In use: %1").arg(currentPath));
    where->setObjectName(u"localCopyPath"_s);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    where->setWordWrap(true);

    auto *forget = new QPushButton(tr("&Forget Local Data…"));
    forget->setObjectName(u"forgetLocalData"_s);
    forget->setEnabled(!currentPath.isEmpty());
    forget->setToolTip(tr("Deletes the local copy and its history of changes. The service's "
                          "data is not touched."));
    connect(forget, &QPushButton::clicked, this, &LocalCopyDialog::confirmForget);

    auto *form = new QFormLayout;
    form->addRow(m_enabled);
    form->addRow(tr("Folder:"), folderRow);
    form->addRow(QString(), where);
    form->addRow(tr("Keep history for:"), m_historyDays);
    form->addRow(tr("Sync:"), schedule);
    form->addRow(m_proposeFull);
    form->addRow(forget);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

LocalCopy::Settings LocalCopyDialog::settings() const
{
    LocalCopy::Settings s;
    s.enabled = m_enabled->isChecked();
    s.folder = m_folder->text().trimmed();
    s.historyDays = m_historyDays->value();
    s.schedule = m_periodic->isChecked() ? LocalCopy::Schedule::Periodic
                 : m_byHand->isChecked() ? LocalCopy::Schedule::ByHand
                                         : LocalCopy::Schedule::AtStart;
    s.everyMinutes = m_everyMinutes->value();
    s.proposeFullSync = m_proposeFull->isChecked();
    return s;
}

void LocalCopyDialog::confirmForget()
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Forget Local Data"),
                                tr("Delete the local copy of the opportunities and its history "
                                   "of changes?"),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"forgetConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("The service's data is not touched; the next sync lists "
                               "everything again."));
    QPushButton *remove = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    connect(box, &QMessageBox::buttonClicked, this, [this, remove](QAbstractButton *button) {
        if (button == remove) {
            Q_EMIT forgetRequested();
        }
    });
    box->open();
}

} // namespace Pd::Gui
