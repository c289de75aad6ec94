#pragma once

#include "apierror.h"
#include "opportunitystoredb.h"
#include "opportunitysummary.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

namespace Pd::Core {

class AwsClient;
class OpportunityLister;

/// What a sync did: the store's record of it plus the Ids it found new, changed and removed.
struct SyncReport
{
    SyncRecord record;
    QStringList newIds;
    QStringList changedIds;
    QStringList removedIds;
};

/// Brings an OpportunityStoreDb up to date with the service (one job; create one per sync).
///
/// - A store without a complete listing, and SyncMode::Full, list everything through
///   OpportunityLister (`maxConcurrency()` calls in flight). A full sync then marks what did
///   not come back as removed.
/// - Otherwise (SyncMode::Incremental) one query with `LastModifiedDate.AfterLastModifiedDate`
///   = the store's watermark, inclusive, sorted by LastModifiedDate ascending, one page after
///   another: a handful of changes costs one or two requests. A row that comes back with the
///   LastModifiedDate and content already stored counts as unchanged (other content under the
///   same date, which the service does not produce, would count as changed).
/// - Every page is committed in its own transaction as it arrives, on a thread of the sync's own
///   (its own connection to the store file), while the next pages are listed and parsed; at most
///   a few pages wait for it. The watermark (the greatest LastModifiedDate text received, never
///   the local clock) is stored only when the whole listing has been committed. A sync killed at
///   any point therefore leaves the old watermark, and the next sync lists from there again:
///   nothing is lost or skipped.
/// - Throttling is a wait, announced by `waitingForQuota()` (the client retries the call).
/// - One sync per store at a time: when another process or object holds the store's sync
///   lock, the sync ends at once with Status::Busy and `errorString()` says a sync is running.
///
/// `finished()` is emitted exactly once, also after `cancel()` (Status::Cancelled) and, from
/// within `start()`, for a sync that could not start (Busy, a read-only store, no client).
class StoreSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreSync)

public:
    enum class Status {
        Idle, ///< not started
        Running,
        Succeeded,
        Failed, ///< the service or the store failed; see apiError() and errorString()
        Cancelled,
        Busy, ///< another sync holds the store; nothing was done
    };

    static constexpr int DefaultJournalRetentionDays = 90;

    /// Neither is owned; both must outlive the sync.
    StoreSync(OpportunityStoreDb *store, AwsClient *client, QObject *parent = nullptr);
    ~StoreSync() override;

    void setMode(SyncMode mode) { m_mode = mode; }
    SyncMode mode() const { return m_mode; }
    /// Calls in flight for a full listing (1..OpportunityLister::MaxConcurrencyLimit).
    void setMaxConcurrency(int calls) { m_maxConcurrency = calls; }
    /// Journal entries older than this are pruned when the sync succeeds.
    void setJournalRetentionDays(int days) { m_retentionDays = days; }

    void start();
    /// Stops the listing; what was committed stays, the watermark does not move.
    void cancel();

    Status status() const { return m_status; }
    bool isRunning() const { return m_status == Status::Running; }
    /// Counts so far while running; the whole report once finished.
    const SyncReport &report() const { return m_report; }
    /// The service's error when the listing failed; Kind::None otherwise.
    const ApiError &apiError() const { return m_apiError; }
    /// Why the sync did not succeed, translated; empty after success.
    QString errorString() const { return m_errorString; }

Q_SIGNALS:
    /// After every committed page: rows listed, pages and requests so far.
    void progress(qint64 rows, int pages, int requests);
    /// The rows of the page just committed that are new or changed (to update views in place).
    void rowsStored(const QList<Pd::Core::OpportunitySummary> &added,
                    const QList<Pd::Core::OpportunitySummary> &changed);
    /// The service throttled a call; it is retried after `delayMs`.
    void waitingForQuota(int delayMs);
    void finished();

private:
    class Writer;
    /// What the writer reports back for one page, once committed.
    struct Stored
    {
        OpportunityStoreDb::PageOutcome outcome;
        QString maxLastModified; ///< of the page's rows, with its instant
        qint64 maxLastModifiedMs = OpportunitySummary::NoTime;
    };

    void handleRows(const QList<OpportunitySummary> &rows);
    void handleListerFinished();
    void handleStored(const Stored &stored);
    /// After every queued page: removals of a full listing, then the end of the sync.
    void complete();
    void writeFailed(const QString &error);
    /// Ends the sync once the writer has nothing left queued.
    void finishAfterWriter(Status status, const QString &error);
    void finish(Status status, const QString &error);
    ListOpportunitiesRequest listingRequest() const;

    OpportunityStoreDb *m_store = nullptr;
    QPointer<AwsClient> m_client;
    OpportunityLister *m_lister = nullptr;
    /// Commits the pages on a thread of its own, through its own connection to the store.
    std::unique_ptr<Writer> m_writer;
    SyncMode m_mode = SyncMode::Incremental;
    int m_maxConcurrency = 4;
    int m_retentionDays = DefaultJournalRetentionDays;
    Status m_status = Status::Idle;
    SyncReport m_report;
    ApiError m_apiError;
    QString m_errorString;
    QString m_maxLastModified; ///< the greatest LastModifiedDate text committed
    qint64 m_maxLastModifiedMs = OpportunitySummary::NoTime;
    QElapsedTimer m_elapsed;
    bool m_locked = false;
    bool m_ending = false; ///< the end is queued behind the pages
    bool m_failed = false; ///< a write failed; the end is queued
};

} // namespace Pd::Core
