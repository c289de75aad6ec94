#include "storesync.h"

#include "awsclient.h"
#include "opportunitylister.h"

#include <QLoggingCategory>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcStoreSync, "partnerdesk.core.storesync")

namespace {
constexpr int PageSize = 100;
} // namespace

/// Runs tasks on one worker thread against a connection of its own to the store file, in the
/// order they were posted. `post()` waits while MaxQueued tasks are waiting (a slow disk slows
/// the listing instead of piling pages up in memory). The destructor runs what is queued and
/// joins the thread.
class StoreSync::Writer
{
public:
    using Task = std::function<void(OpportunityStoreDb *db)>;
    static constexpr size_t MaxQueued = 8;

    explicit Writer(QString path) : m_path(std::move(path))
    {
        m_thread = std::thread([this] { run(); });
    }
    ~Writer()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_queued.notify_all();
        m_thread.join();
    }
    Q_DISABLE_COPY_MOVE(Writer)

    void post(Task task)
    {
        std::unique_lock lock(m_mutex);
        m_done.wait(lock, [this] { return m_tasks.size() < MaxQueued; });
        m_tasks.push_back(std::move(task));
        lock.unlock();
        m_queued.notify_one();
    }

private:
    void run()
    {
        OpportunityStoreDb db;
        QString error;
        // The caller's connection has just checked the file.
        if (!db.openExisting(m_path, &error, OpportunityStoreDb::Check::Skip)) {
            qCWarning(lcStoreSync).noquote() << error; // the tasks find it closed
        }
        for (;;) {
            std::unique_lock lock(m_mutex);
            m_queued.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
            if (m_tasks.empty()) {
                return;
            }
            Task task = std::move(m_tasks.front());
            m_tasks.pop_front();
            lock.unlock();
            m_done.notify_all();
            task(&db);
        }
    }

    const QString m_path;
    std::mutex m_mutex;
    std::condition_variable m_queued;
    std::condition_variable m_done;
    std::deque<Task> m_tasks; ///< guarded by m_mutex
    bool m_stopping = false; ///< guarded by m_mutex
    std::thread m_thread;
};

StoreSync::StoreSync(OpportunityStoreDb *store, AwsClient *client, QObject *parent)
    : QObject(parent), m_store(store), m_client(client)
{ }

StoreSync::~StoreSync()
{
    if (m_lister) {
        m_lister->disconnect(this);
        m_lister->cancel();
    }
    m_writer.reset(); // what is queued is committed (or recorded as failed) first
    if (m_locked) {
        m_store->unlockSync();
    }
}

void StoreSync::start()
{
    if (m_status != Status::Idle) {
        return;
    }
    m_status = Status::Running;
    m_elapsed.start();
    SyncRecord &record = m_report.record;
    record.mode = m_mode;
    if (!m_store || !m_store->isOpen()) {
        finish(Status::Failed, tr("The local copy is not open."));
        return;
    }
    if (!m_client) {
        finish(Status::Failed, tr("No client to call the service with."));
        return;
    }
    if (!m_client->configError().isEmpty()) {
        m_apiError = ApiError::configuration(m_client->configError());
        finish(Status::Failed, m_client->configError());
        return;
    }
    if (m_store->isReadOnly()) {
        QString error;
        m_store->beginSync(m_mode, &error); // words the read-only refusal
        finish(Status::Failed, error);
        return;
    }
    QString holder;
    if (!m_store->tryLockSync(&holder)) {
        finish(Status::Busy,
               tr("A sync of this local copy is running (%1); try again when it has finished.")
                       .arg(holder));
        return;
    }
    m_locked = true;
    // Without a complete listing there is nothing to be incremental from.
    if (!m_store->isComplete()) {
        record.mode = SyncMode::Full;
    }
    record.watermarkBefore = m_store->watermark();
    record.watermark = record.watermarkBefore;
    if (!record.watermark.isEmpty()) {
        Model::parseDateTimeMs(record.watermark.toUtf8(), &m_maxLastModifiedMs);
    }
    record.startedAt = QDateTime::currentDateTimeUtc();

    // The writer's connection records the sync (and journals its pages): its id comes back
    // before the first page's result.
    m_writer = std::make_unique<Writer>(m_store->path());
    m_writer->post([this, mode = record.mode, path = m_store->path()](OpportunityStoreDb *db) {
        QString error;
        const qint64 id = db->isOpen() ? db->beginSync(mode, &error) : 0;
        if (id == 0 && error.isEmpty()) {
            error = tr("Could not open the local copy %1 for writing.").arg(path);
        }
        QMetaObject::invokeMethod(
                this,
                [this, id, error] {
                    if (id == 0) {
                        writeFailed(error);
                    } else {
                        m_report.record.id = id;
                    }
                },
                Qt::QueuedConnection);
    });
    qCDebug(lcStoreSync) << "sync mode" << (record.mode == SyncMode::Full ? "full" : "incremental")
                         << "from watermark" << record.watermarkBefore;

    m_lister = new OpportunityLister(m_client, this);
    m_lister->setRequest(listingRequest());
    // An incremental listing is a few rows: one page after another costs the fewest requests.
    m_lister->setMaxConcurrency(record.mode == SyncMode::Full ? m_maxConcurrency : 1);
    connect(m_lister, &OpportunityLister::rowsReady, this, &StoreSync::handleRows);
    connect(m_lister, &OpportunityLister::waitingForQuota, this, &StoreSync::waitingForQuota);
    connect(m_lister, &OpportunityLister::finished, this, &StoreSync::handleListerFinished);
    m_lister->start();
}

ListOpportunitiesRequest StoreSync::listingRequest() const
{
    ListOpportunitiesRequest request;
    request.catalog = m_store->key().catalog;
    request.maxResults = PageSize;
    if (m_report.record.mode == SyncMode::Incremental) {
        // Inclusive ("on or after"): a millisecond value at or below the watermark text (which
        // may carry more digits) misses nothing; rows already stored come back unchanged.
        request.lastModifiedDate.after
                = QDateTime::fromMSecsSinceEpoch(m_maxLastModifiedMs, Qt::UTC);
        request.sort = OpportunitySort{u"LastModifiedDate"_s, u"ASCENDING"_s};
    }
    return request;
}

void StoreSync::cancel()
{
    if (m_status != Status::Running || m_ending) {
        return;
    }
    if (m_lister && m_lister->isRunning()) {
        m_lister->cancel(); // ends through handleListerFinished
        return;
    }
    finishAfterWriter(Status::Cancelled, tr("The sync was cancelled."));
}

void StoreSync::handleRows(const QList<OpportunitySummary> &rows)
{
    if (m_status != Status::Running || m_ending) {
        return;
    }
    // Serialised here, beside the listing, while the writer commits the pages before.
    QList<QByteArray> jsons;
    jsons.reserve(rows.size());
    for (const OpportunitySummary &summary : rows) {
        jsons.append(summary.toJson());
    }
    m_writer->post([this, rows, jsons = std::move(jsons)](OpportunityStoreDb *db) {
        Stored stored;
        QString error;
        const qint64 syncId = db->isOpen() ? db->currentSyncId() : 0;
        if (syncId == 0 || !db->applyPage(syncId, rows, jsons, &stored.outcome, &error)) {
            if (syncId != 0) {
                QMetaObject::invokeMethod(
                        this, [this, error] { writeFailed(error); }, Qt::QueuedConnection);
            }
            return; // a sync that could not begin has reported that already
        }
        // Committed: only now do the page's dates count toward the watermark.
        for (const OpportunitySummary &summary : rows) {
            if (summary.lastModifiedDateMs != OpportunitySummary::NoTime
                && (stored.maxLastModifiedMs == OpportunitySummary::NoTime
                    || summary.lastModifiedDateMs > stored.maxLastModifiedMs)) {
                stored.maxLastModifiedMs = summary.lastModifiedDateMs;
                stored.maxLastModified = summary.lastModifiedDate;
            }
        }
        QMetaObject::invokeMethod(
                this, [this, stored] { handleStored(stored); }, Qt::QueuedConnection);
    });
}

void StoreSync::handleStored(const Stored &stored)
{
    if (m_status != Status::Running) {
        return;
    }
    if (stored.maxLastModifiedMs != OpportunitySummary::NoTime
        && (m_maxLastModifiedMs == OpportunitySummary::NoTime
            || stored.maxLastModifiedMs > m_maxLastModifiedMs)) {
        m_maxLastModifiedMs = stored.maxLastModifiedMs;
        m_maxLastModified = stored.maxLastModified;
    }
    SyncRecord &record = m_report.record;
    const OpportunityStoreDb::PageOutcome &outcome = stored.outcome;
    record.newCount += outcome.added.size();
    record.changedCount += outcome.changed.size();
    record.unchangedCount += outcome.unchanged;
    for (const OpportunitySummary &summary : outcome.added) {
        m_report.newIds.append(summary.id);
    }
    for (const OpportunitySummary &summary : outcome.changed) {
        m_report.changedIds.append(summary.id);
    }
    if (m_lister) {
        record.pages = m_lister->pageCount();
        record.requests = m_lister->requestCount();
    }
    if (!outcome.added.isEmpty() || !outcome.changed.isEmpty()) {
        Q_EMIT rowsStored(outcome.added, outcome.changed);
    }
    Q_EMIT progress(record.newCount + record.changedCount + record.unchangedCount + outcome.skipped,
                    record.pages, record.requests);
}

void StoreSync::handleListerFinished()
{
    if (m_status != Status::Running || m_ending) {
        return;
    }
    SyncRecord &record = m_report.record;
    record.pages = m_lister->pageCount();
    record.requests = m_lister->requestCount();
    const ApiError error = m_lister->error();
    if (error.kind == ApiError::Kind::Cancelled) {
        finishAfterWriter(Status::Cancelled, tr("The sync was cancelled."));
        return;
    }
    if (error.isError()) {
        m_apiError = error;
        finishAfterWriter(Status::Failed, error.toCliText(u"ListOpportunities"_s));
        return;
    }
    // Every page's result comes back before this one: the counts are complete then.
    m_ending = true;
    m_writer->post([this](OpportunityStoreDb *) {
        QMetaObject::invokeMethod(this, &StoreSync::complete, Qt::QueuedConnection);
    });
}

void StoreSync::complete()
{
    if (m_status != Status::Running) {
        return;
    }
    SyncRecord record = m_report.record;
    if (!m_maxLastModified.isEmpty()) {
        record.watermark = m_maxLastModified;
    }
    record.status = SyncRecord::Status::Succeeded;
    record.durationMs = m_elapsed.elapsed();
    m_writer->post([this, record, retention = m_retentionDays](OpportunityStoreDb *db) mutable {
        QStringList removed;
        QString error;
        bool ok = db->isOpen();
        if (ok && record.mode == SyncMode::Full) {
            ok = db->markUnseenRemoved(record.id, &removed, &error);
            record.removedCount = removed.size();
        }
        ok = ok && db->finishSync(record, retention, &error);
        QMetaObject::invokeMethod(
                this,
                [this, ok, error, removed, watermark = record.watermark] {
                    if (!ok) {
                        writeFailed(error);
                        return;
                    }
                    m_report.removedIds = removed;
                    m_report.record.removedCount = removed.size();
                    m_report.record.watermark = watermark;
                    finish(Status::Succeeded, QString());
                },
                Qt::QueuedConnection);
    });
}

void StoreSync::writeFailed(const QString &error)
{
    if (m_status != Status::Running || m_failed) {
        return;
    }
    m_failed = true;
    if (m_lister) {
        m_lister->disconnect(this);
        m_lister->cancel();
    }
    finishAfterWriter(Status::Failed, error);
}

void StoreSync::finishAfterWriter(Status status, const QString &error)
{
    m_ending = true;
    SyncRecord record = m_report.record;
    record.status = status == Status::Cancelled ? SyncRecord::Status::Cancelled
                                                : SyncRecord::Status::Failed;
    record.watermark = record.watermarkBefore;
    record.error = error;
    record.durationMs = m_elapsed.elapsed();
    // The pages before are committed (or fail) first; then only the record of the sync.
    m_writer->post([this, record, status, error](OpportunityStoreDb *db) {
        if (db->isOpen() && db->currentSyncId() != 0) {
            db->abandonSync(record);
        }
        QMetaObject::invokeMethod(
                this, [this, status, error] { finish(status, error); }, Qt::QueuedConnection);
    });
}

void StoreSync::finish(Status status, const QString &error)
{
    if (m_status != Status::Running) {
        return;
    }
    m_status = status;
    m_errorString = error;
    SyncRecord &record = m_report.record;
    record.durationMs = m_elapsed.elapsed();
    record.finishedAt = QDateTime::currentDateTimeUtc();
    record.error = error;
    if (status == Status::Succeeded) {
        record.status = SyncRecord::Status::Succeeded;
    } else {
        record.watermark = record.watermarkBefore;
        record.status = status == Status::Cancelled ? SyncRecord::Status::Cancelled
                                                    : SyncRecord::Status::Failed;
    }
    m_writer.reset();
    if (m_locked) {
        m_store->unlockSync();
        m_locked = false;
    }
    qCDebug(lcStoreSync).noquote()
            << "sync" << record.id << "ended:" << int(status) << "new" << record.newCount
            << "changed" << record.changedCount << "removed" << record.removedCount << "unchanged"
            << record.unchangedCount << "requests" << record.requests << "pages" << record.pages
            << "ms" << record.durationMs << error;
    Q_EMIT finished();
}

} // namespace Pd::Core
