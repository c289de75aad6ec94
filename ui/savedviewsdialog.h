#pragma once

#include <QDialog>

class QListWidget;
class QPushButton;

namespace Pd::Gui {

class ViewsMenu;

/// Views › Manage Views…: the saved views with Apply, Rename…, Delete, Set as Start View and
/// Export…; every change is saved at once by the ViewsMenu.
class SavedViewsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedViewsDialog)

public:
    SavedViewsDialog(ViewsMenu *views, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }

private:
    void fill();
    QString selectedName() const;
    void updateButtons();

    ViewsMenu *m_views;
    QListWidget *m_list = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_export = nullptr;
};

} // namespace Pd::Gui
