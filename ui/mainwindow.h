#pragma once

#include "apierror.h"
#include "clientconfig.h"
#include "connectionresolver.h"
#include "credentialsprovider.h"
#include "listopportunitiesrequest.h"
#include "localcopy.h"
#include "pipelineselection.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

class QDockWidget;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSystemTrayIcon;
class QTabWidget;
class QToolButton;

namespace Pd::Core {
class AwsClient;
class OpportunityModel;
class PartnerDeskProfiles;
} // namespace Pd::Core

namespace Pd::Core {
class OpportunityProxyModel;
}

namespace Pd::Gui {

using Core::OpportunityProxyModel;

class AttentionBar;
class ChangesView;
class DetailPane;
class DetailsEnrichment;
class ErrorBanner;
class FilterPanel;
class NoticeBar;
class OpportunityTableView;
class PipelineView;
class ProxyChoiceSettings;
class ViewsMenu;

/// The PartnerDesk main window: the opportunity table in the middle (or, on a second tab, the
/// pipeline charts: PipelineView, whose clicks filter the table), the filters in a dock on
/// the left, the selected opportunity's details in a dock on the right, an error banner above
/// the table, and a status bar with the loading state.
///
/// The catalog being browsed is always shown as a coloured badge, and demo mode adds a
/// permanent DEMO badge. Menus File, Edit, View, Settings and Help are public so features can
/// add their actions (`fileMenu()` for export, `settingsMenu()` for preferences…).
/// Geometry, dock layout, columns and the last filters persist in QSettings.
///
/// With a local copy (`useLocalCopy()`, LocalCopy), the table opens on the stored rows, syncs
/// in the background (View › Refresh, F5, syncs by hand), answers filters and sorts from the
/// store when it holds a complete listing, marks changed rows until they are looked at, and a
/// Changes dock lists the journal. Without one the window pages the service.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Browses with a new client for `config` and `credentials`, re-running the current
    /// filters. `description` names the connection in the window ("profile sales").
    void setConnection(const Core::ClientConfig &config,
                       std::shared_ptr<Core::CredentialsProvider> credentials,
                       const QString &description);
    /// No usable connection: shows why in the banner and offers the connection settings.
    void setConnectionError(const QString &message);
    QString connectionDescription() const { return m_connectionDescription; }

    /// PartnerDesk's own profiles (not owned; may be null), offered by the connection dialog,
    /// edited in the profiles dialog and used by the resolver.
    void setPartnerDeskProfiles(Core::PartnerDeskProfiles *profiles);
    /// Resolves `overrides` like the AWS CLI and connects, or shows why it cannot. Leaves
    /// demo mode. The choice is remembered for the next start. The proxy is the connection
    /// settings' (ProxyChoiceSettings); the first call loads it, and connects once a proxy
    /// password has come from the keychain.
    void connectWith(const Core::ConnectionResolver::Overrides &overrides);
    /// The choice remembered by connectWith().
    static Core::ConnectionResolver::Overrides savedConnection();

    void setDemoMode(bool demo);
    bool isDemoMode() const { return m_demo; }

    Core::AwsClient *client() const { return m_client.get(); }
    Core::OpportunityModel *model() const { return m_model; }
    OpportunityProxyModel *proxyModel() const { return m_proxy; }
    OpportunityTableView *tableView() const { return m_table; }
    FilterPanel *filterPanel() const { return m_filters; }
    DetailPane *detailPane() const { return m_details; }
    DetailsEnrichment *detailsEnrichment() const { return m_enrichment; }
    ErrorBanner *errorBanner() const { return m_banner; }
    QDockWidget *filterDock() const { return m_filterDock; }
    QDockWidget *detailDock() const { return m_detailDock; }
    QLineEdit *quickFilterEdit() const { return m_quickFilter; }
    PipelineView *pipelineView() const { return m_pipeline; }
    /// The removable chip of the local filter picked in the pipeline view (hidden without one).
    QToolButton *localFilterChip() const { return m_localFilterChip; }
    /// The attention views with their counts, above the table.
    AttentionBar *attentionBar() const { return m_attention; }
    /// The Views menu: attention views, saved views, Copy as AWS CLI Command.
    ViewsMenu *viewsMenu() const { return m_viewsMenu; }

    /// Keeps a local copy as `settings` say (enabled or not); takes effect with the next
    /// connection. Without a call the window pages the service and keeps nothing.
    void useLocalCopy(const LocalCopy::Settings &settings);
    LocalCopy *localCopy() const { return m_localCopy; }
    ChangesView *changesView() const { return m_changes; }
    QDockWidget *changesDock() const { return m_changesDock; }
    /// News about the local copy and its syncs (not errors of the listing).
    NoticeBar *noticeBar() const { return m_notice; }
    /// The offer of a full sync (LocalCopy::isFullSyncDue()).
    NoticeBar *fullSyncOffer() const { return m_fullSyncOffer; }
    /// "Local copy · synced 14:02" in the header while the store answers the filters.
    QString localCopyText() const;
    /// The status bar's sync text ("Synced 3 h ago", "Syncing… 1,200 rows").
    QString syncText() const;

    /// The view in the middle of the window: the table or the pipeline charts.
    enum class View { Table, Pipeline };
    void showView(View view);
    View currentView() const;
    /// The table shows only the rows of `selection` (a part of the pipeline), with a chip that
    /// removes it; PipelineSelection::Kind::None shows every row again.
    void applyPipelineSelection(const Core::PipelineSelection &selection);
    const Core::PipelineSelection &pipelineSelection() const { return m_pipelineSelection; }

    QMenu *fileMenu() const { return m_fileMenu; }
    QMenu *editMenu() const { return m_editMenu; }
    QMenu *viewMenu() const { return m_viewMenu; }
    QMenu *settingsMenu() const { return m_settingsMenu; }
    QMenu *helpMenu() const { return m_helpMenu; }
    /// Settings › Connection…
    QAction *connectionAction() const { return m_connectionAction; }
    /// File › Export… (Ctrl+E)
    QAction *exportAction() const { return m_exportAction; }
    /// Settings › Profiles…
    QAction *profilesAction() const { return m_profilesAction; }

    /// The status bar's row count text ("1,200 loaded · more available").
    QString statusText() const;

    /// Restores window geometry, docks, columns and the last applied filters.
    void restoreSettings();
    void saveSettings() const;

public Q_SLOTS:
    /// Opens the connection dialog (window-modal, not blocking).
    void showConnectionDialog();
    /// File › Export…: the export dialog for the table (window-modal, not blocking).
    void showExportDialog();
    /// Settings › Profiles…: creates, edits and tests profiles; "Use" connects with one.
    void showProfilesDialog();
    void showAboutDialog();
    /// Settings › Local Copy…
    void showLocalCopyDialog();
    /// View › Refresh (F5): a sync of the local copy, else the listing again from its start.
    void refresh();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    QWidget *createHeaderBar();
    void applyQuery(const Core::ListOpportunitiesRequest &request);
    void showFailure(const Core::ApiError &error);
    void updateStatus();
    void updateBadges();
    void showCurrentOpportunity(int sourceRow);
    void resetWindowLayout();
    /// Opens the local copy of the connection and `request`'s catalog, showing `request`.
    void openLocalCopy(const Core::ListOpportunitiesRequest &request);
    void forgetLocalCopy();
    void announceAttention(const QStringList &ids);
    void connectLocalCopy();

    Core::ConnectionResolver m_resolver;
    Core::PartnerDeskProfiles *m_profiles = nullptr;
    ProxyChoiceSettings *m_proxyChoices = nullptr;
    enum class ProxyChoiceState { NotLoaded, Loading, Loaded };
    ProxyChoiceState m_proxyChoiceState = ProxyChoiceState::NotLoaded;
    Core::ConnectionResolver::Overrides m_pendingConnection; ///< while the proxy choice loads
    std::unique_ptr<Core::AwsClient> m_client;
    Core::OpportunityModel *m_model = nullptr;
    OpportunityProxyModel *m_proxy = nullptr;
    OpportunityTableView *m_table = nullptr;
    FilterPanel *m_filters = nullptr;
    DetailPane *m_details = nullptr;
    DetailsEnrichment *m_enrichment = nullptr;
    ErrorBanner *m_banner = nullptr;
    QDockWidget *m_filterDock = nullptr;
    QDockWidget *m_detailDock = nullptr;
    LocalCopy *m_localCopy = nullptr;
    bool m_localCopyUsed = false;
    ChangesView *m_changes = nullptr;
    QDockWidget *m_changesDock = nullptr;
    NoticeBar *m_notice = nullptr;
    NoticeBar *m_fullSyncOffer = nullptr;
    QLabel *m_localLabel = nullptr;
    QLabel *m_syncLabel = nullptr;
    QPushButton *m_syncCancelButton = nullptr;
    QSystemTrayIcon *m_tray = nullptr;

    QLabel *m_catalogBadge = nullptr;
    QLabel *m_demoBadge = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QToolButton *m_sortMarker = nullptr;
    QToolButton *m_localFilterChip = nullptr;
    Core::PipelineSelection m_pipelineSelection;
    QTabWidget *m_views = nullptr;
    PipelineView *m_pipeline = nullptr;
    AttentionBar *m_attention = nullptr;
    ViewsMenu *m_viewsMenu = nullptr;
    QLineEdit *m_quickFilter = nullptr;
    QTimer m_quickFilterTimer;

    QLabel *m_countLabel = nullptr;
    QLabel *m_latencyLabel = nullptr;
    QLabel *m_fetchedLabel = nullptr;
    QLabel *m_activityLabel = nullptr;
    QProgressBar *m_busyBar = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_resumeButton = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_settingsMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_connectionAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_profilesAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_loadAllAction = nullptr;
    QAction *m_stopAction = nullptr;

    QByteArray m_defaultState;
    QString m_connectionDescription;
    bool m_demo = false;
    bool m_waitingForQuota = false;
};

} // namespace Pd::Gui
