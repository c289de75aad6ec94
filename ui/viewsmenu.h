#pragma once

#include "savedview.h"

#include <QMenu>

namespace Pd::Gui {

class MainWindow;

/// The Views menu: the attention views, the saved views (SavedViews, kept in `path`), Save
/// Current View…, Manage Views…, Import…, Export… and Copy as AWS CLI Command.
///
/// A view is captured from and applied to the window in one step: the filters go to the
/// filter panel (which asks the service), the local filter to the table's chip, the columns
/// to the header, the sort of the loaded rows to the table.
class ViewsMenu final : public QMenu
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewsMenu)

public:
    ViewsMenu(MainWindow *window, const QString &path);

    const Core::SavedViews &savedViews() const { return m_views; }
    QString path() const { return m_path; }

    /// The window's view now, named `name`.
    Core::SavedView currentView(const QString &name) const;
    void applyView(const Core::SavedView &view);
    /// Applies the start view, if one is set.
    void applyStartView();
    /// Saves the current view as `name` (replacing one of that name). False with a message
    /// in the status bar when the file cannot be written.
    bool saveCurrentView(const QString &name);
    bool renameView(const QString &from, const QString &to);
    bool removeView(const QString &name);
    bool setStartView(const QString &name);
    /// Reads a view file, adds its view (replacing one of its name) and applies it.
    bool importView(const QString &file, QString *error);
    bool exportView(const Core::SavedView &view, const QString &file, QString *error) const;

    /// Filters the table to attention view `view`, or shows every row again when it is the
    /// local filter already.
    void activateAttention(Core::AttentionView::Kind view);

    /// The `aws partnercentral-selling list-opportunities` command of the current view.
    QString awsCliCommand() const;

    QAction *saveAction() const { return m_saveAction; }
    QAction *copyCommandAction() const { return m_copyCommandAction; }

Q_SIGNALS:
    /// The saved views changed (added, renamed, removed, start view).
    void viewsChanged();

private:
    void rebuild();
    bool store();
    void askToSave();
    void showManageDialog();
    void askToImport();
    void askToExport();
    void copyCommand();
    void showMessage(const QString &message);

    MainWindow *m_window;
    QString m_path;
    Core::SavedViews m_views;
    QString m_lastApplied;
    QAction *m_saveAction = nullptr;
    QAction *m_copyCommandAction = nullptr;
    QList<QAction *> m_viewActions; ///< the saved views, rebuilt on change
    QAction *m_viewsSeparator = nullptr;
};

} // namespace Pd::Gui
