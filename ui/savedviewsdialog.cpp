#include "savedviewsdialog.h"

#include "viewsmenu.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Pd::Gui {

SavedViewsDialog::SavedViewsDialog(ViewsMenu *views, QWidget *parent)
    : QDialog(parent), m_views(views)
{
    setObjectName(u"savedViewsDialog"_s);
    setWindowTitle(tr("Manage Views"));
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Saved views"));
    m_apply = new QPushButton(tr("&Apply"), this);
    m_rename = new QPushButton(tr("&Rename…"), this);
    m_delete = new QPushButton(tr("&Delete"), this);
    m_start = new QPushButton(this);
    m_export = new QPushButton(tr("&Export…"), this);
    auto *buttons = new QVBoxLayout;
    for (QPushButton *button : {m_apply, m_rename, m_delete, m_start, m_export}) {
        button->setAutoDefault(false);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addLayout(buttons);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_list, &QListWidget::currentRowChanged, this, &SavedViewsDialog::updateButtons);
    connect(m_list, &QListWidget::itemActivated, m_apply, &QPushButton::click);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (const Core::SavedView *view = m_views->savedViews().find(selectedName())) {
            m_views->applyView(*view);
            accept();
        }
    });
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const QString from = selectedName();
        bool ok = false;
        const QString to = QInputDialog::getText(this, tr("Rename View"), tr("New name:"),
                                                 QLineEdit::Normal, from, &ok);
        if (ok && to.trimmed() != from && !m_views->renameView(from, to)) {
            QMessageBox::warning(this, tr("Rename View"),
                                 tr("“%1” is empty or already the name of a view.").arg(to));
        }
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const QString name = selectedName();
        if (QMessageBox::question(this, tr("Delete View"), tr("Delete the view “%1”?").arg(name))
            == QMessageBox::Yes) {
            m_views->removeView(name);
        }
    });
    connect(m_start, &QPushButton::clicked, this, [this] {
        const QString name = selectedName();
        m_views->setStartView(m_views->savedViews().startView() == name ? QString() : name);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const Core::SavedView *view = m_views->savedViews().find(selectedName());
        if (!view) {
            return;
        }
        const QString file = QFileDialog::getSaveFileName(
                this, tr("Export View"), view->name + u".pdview.json"_s,
                tr("PartnerDesk views (*.pdview.json *.json)"));
        QString error;
        if (!file.isEmpty() && !m_views->exportView(*view, file, &error)) {
            QMessageBox::warning(this, tr("Export View"), error);
        }
    });
    connect(m_views, &ViewsMenu::viewsChanged, this, &SavedViewsDialog::fill);
    fill();
}

void SavedViewsDialog::fill()
{
    const QString selected = selectedName();
    m_list->clear();
    const Core::SavedViews &views = m_views->savedViews();
    for (const QString &name : views.names()) {
        auto *item = new QListWidgetItem(
                name == views.startView() ? tr("%1 (start view)").arg(name) : name, m_list);
        item->setData(Qt::UserRole, name);
        if (name == selected) {
            m_list->setCurrentItem(item);
        }
    }
    if (!m_list->currentItem() && m_list->count() > 0) {
        m_list->setCurrentRow(0);
    }
    updateButtons();
}

QString SavedViewsDialog::selectedName() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void SavedViewsDialog::updateButtons()
{
    const QString name = selectedName();
    for (QPushButton *button : {m_apply, m_rename, m_delete, m_start, m_export}) {
        button->setEnabled(!name.isEmpty());
    }
    m_start->setText(!name.isEmpty() && m_views->savedViews().startView() == name
                             ? tr("&Clear Start View")
                             : tr("Set as &Start View"));
}

} // namespace Pd::Gui
