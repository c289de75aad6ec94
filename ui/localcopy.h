#pragma once

#include "journalentry.h"
#include "listopportunitiesrequest.h"
#include "opportunitystoredb.h"
#include "storesync.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

namespace Pd::Core {
class AwsClient;
class OpportunityModel;
} // namespace Pd::Core

namespace Pd::Gui {

/// The app's local copy of the opportunities (OpportunityStoreDb) and its syncs, in front of
/// the table model.
///
/// `open()` opens the store of a connection and catalog on a worker thread and streams its rows
/// into the model (OpportunityModel::showLocalRows(), then a page per turn of the event loop,
/// so painting never waits for the whole copy). The store answers a query when it holds a
/// complete listing (OpportunityQuery semantics, no request), or when the query has no filters
/// and the default sort (the rows so far, while the first sync fills the store); otherwise
/// `liveListingNeeded()` asks the window to page the service as before.
///
/// Syncs (StoreSync) run at open, every N minutes, or by hand (`sync()`); the rows they store
/// replace or join the model's rows in place. A store without a complete listing always syncs
/// at open. Faults are signals, never dialogs: a corrupt file set aside (`notice()`), a failed
/// sync (`syncFailed()`, the rows stay), another process syncing (`notice()`), throttling
/// (`waitingForQuota()`).
class LocalCopy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalCopy)

public:
    enum class Schedule { AtStart, Periodic, ByHand };

    /// The "Local copy" settings (QSettings group "localCopy").
    struct Settings
    {
        bool enabled = true;
        QString folder; ///< empty: the default (OpportunityStoreDb::defaultPath())
        int historyDays = Core::StoreSync::DefaultJournalRetentionDays;
        Schedule schedule = Schedule::AtStart;
        int everyMinutes = 15;
        bool proposeFullSync = true; ///< offer a full sync when the last is older than a week

        static Settings load();
        void save() const;
        /// The store file of `key` under these settings.
        QString pathFor(const Core::StoreKey &key) const;
        friend bool operator==(const Settings &, const Settings &) = default;
    };

    static constexpr int FullSyncProposalDays = 7;

    explicit LocalCopy(Core::OpportunityModel *model, QObject *parent = nullptr);
    ~LocalCopy() override;

    void setSettings(const Settings &settings);
    const Settings &settings() const { return m_settings; }

    /// Opens the store of `key` (closing the current one) and shows its rows for `request`;
    /// `client` (not owned) syncs it.
    void open(const Core::StoreKey &key, Core::AwsClient *client,
              const Core::ListOpportunitiesRequest &request);
    void close();
    bool isOpen() const { return m_store && m_store->isOpen() && !m_loading; }
    bool isLoading() const { return m_loading; }
    /// A query of show() is still streaming rows into the model.
    bool isQuerying() const { return m_channel && !m_loading; }
    Core::StoreKey key() const { return m_key; }
    QString path() const { return m_path; }
    /// The open store (null while loading or closed), for the journal.
    Core::OpportunityStoreDb *store() const { return isOpen() ? m_store.get() : nullptr; }
    bool isComplete() const { return m_complete; }
    QDateTime lastSyncedAt() const { return m_lastSyncedAt; }

    /// True when the store answers `request` without the service (see the class comment).
    bool canAnswer(const Core::ListOpportunitiesRequest &request) const;
    /// Shows `request` from the store: a reset of the model, then the rows as a worker thread
    /// reads them (a page per turn of the event loop). False when the store cannot answer it.
    bool show(const Core::ListOpportunitiesRequest &request);

    /// Syncs now (while the copy opens: once it is open).
    void sync(Core::SyncMode mode = Core::SyncMode::Incremental);
    void cancelSync();
    bool isSyncing() const { return m_sync && m_sync->isRunning(); }
    /// Rows stored by the running sync so far.
    qint64 syncedRows() const { return m_syncRows; }
    bool isWaitingForQuota() const { return m_waitingForQuota; }

    /// Closes the store and deletes its files. False with `*error` when they stay.
    bool forget(QString *error);

    /// "Synced 3 h ago", "Synced just now", "Not synced yet".
    QString syncedText(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    /// "Local copy · synced 14:02" when the store answers the filters, else empty.
    QString localText() const;
    /// True when a full sync should be offered (setting on, and none in FullSyncProposalDays).
    bool isFullSyncDue(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    /// A time before `now` as the status bar words it ("5 min ago").
    static QString relativeTime(const QDateTime &then, const QDateTime &now);
    /// The Ids among `entries` that became Action Required or Rejected: changed ones whose
    /// LifeCycle.ReviewStatus changed to either, and new ones whose review status
    /// (`reviewStatusOf`) is either. In entry order, each once.
    static QStringList
    needingAttention(const QList<Core::JournalEntry> &entries,
                     const std::function<QString(const QString &id)> &reviewStatusOf);

Q_SIGNALS:
    /// The store cannot answer the query: page the service (OpportunityModel::setQuery()).
    void liveListingNeeded(const Pd::Core::ListOpportunitiesRequest &request);
    /// The first stored rows are in the model (the window selects the first row).
    void firstRowsShown();
    /// Every stored row of the query is in the model.
    void loaded();
    /// Something to tell without an error: a corrupt store set aside, a sync running elsewhere.
    void notice(const QString &message);
    void syncStarted();
    void syncProgress(qint64 rows);
    void waitingForQuota(int delayMs);
    /// A sync failed; the rows stay. `message` says why.
    void syncFailed(const QString &message);
    /// A sync ended (any status); the status texts changed.
    void syncFinished(Pd::Core::StoreSync::Status status);
    /// A successful sync found these opportunities new or changed into Action Required or
    /// Rejected.
    void attentionNeeded(const QStringList &ids);
    /// The journal has new entries, or what is unseen changed.
    void changesUpdated();
    /// The status texts changed (time passed, a sync ended, the store opened or closed).
    void stateChanged();

private:
    struct Channel;
    void drain();
    void finishLoading();
    void handleSyncFinished();
    void handleRowsStored(const QList<Core::OpportunitySummary> &added,
                          const QList<Core::OpportunitySummary> &changed);
    void readMeta();
    void scheduleSyncs();
    void stopLoading();

    QPointer<Core::OpportunityModel> m_model;
    QPointer<Core::AwsClient> m_client;
    Settings m_settings;
    Core::StoreKey m_key;
    QString m_path;
    std::unique_ptr<Core::OpportunityStoreDb> m_store;
    /// A second connection to the same file, for queries on a worker thread.
    std::unique_ptr<Core::OpportunityStoreDb> m_reader;
    Core::ListOpportunitiesRequest m_request;
    bool m_answering = false; ///< the model shows the store's rows for m_request

    std::shared_ptr<Channel> m_channel;
    QFutureWatcher<void> m_loader;
    QTimer m_drainTimer;
    bool m_loading = false;
    bool m_syncQueued = false; ///< sync() while opening: syncs once open
    bool m_firstRowsShown = false;

    Core::StoreSync *m_sync = nullptr;
    qint64 m_syncRows = 0;
    bool m_waitingForQuota = false;
    QTimer m_periodicTimer;
    QTimer m_clockTimer; ///< refreshes "synced … ago"

    bool m_complete = false;
    QDateTime m_lastSyncedAt;
    QDateTime m_lastFullSyncAt;
};

} // namespace Pd::Gui
