#include "storesync.h"

#include "awsclient.h"
#include "opportunitylister.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcStoreSync, "partnerdesk.core.storesync")

namespace {
constexpr int PageSize = 100;
} // namespace

StoreSync::StoreSync(OpportunityStoreDb *store, AwsClient *client, QObject *parent)
    : QObject(parent), m_store(store), m_client(client)
{ }

StoreSync::~StoreSync()
{
    if (m_lister) {
        m_lister->disconnect(this);
        m_lister->cancel();
    }
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
    QString error;
    record.id = m_store->beginSync(record.mode, &error);
    if (record.id == 0) {
        finish(Status::Failed, error);
        return;
    }
    record.startedAt = QDateTime::currentDateTimeUtc();
    qCDebug(lcStoreSync) << "sync" << record.id << "mode"
                         << (record.mode == SyncMode::Full ? "full" : "incremental")
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
    if (m_status != Status::Running) {
        return;
    }
    if (m_lister && m_lister->isRunning()) {
        m_lister->cancel(); // finishes through handleListerFinished
        return;
    }
    finish(Status::Cancelled, tr("The sync was cancelled."));
}

void StoreSync::handleRows(const QList<OpportunitySummary> &rows)
{
    if (m_status != Status::Running) {
        return;
    }
    OpportunityStoreDb::PageOutcome outcome;
    QString error;
    if (!m_store->applyPage(m_report.record.id, rows, &outcome, &error)) {
        m_lister->disconnect(this);
        m_lister->cancel();
        finish(Status::Failed, error);
        return;
    }
    // Only now that the page is committed does it count toward the watermark.
    for (const OpportunitySummary &summary : rows) {
        if (summary.lastModifiedDateMs != OpportunitySummary::NoTime
            && (m_maxLastModifiedMs == OpportunitySummary::NoTime
                || summary.lastModifiedDateMs > m_maxLastModifiedMs)) {
            m_maxLastModifiedMs = summary.lastModifiedDateMs;
            m_maxLastModified = summary.lastModifiedDate;
        }
    }
    SyncRecord &record = m_report.record;
    record.newCount += outcome.added.size();
    record.changedCount += outcome.changed.size();
    record.unchangedCount += outcome.unchanged;
    for (const OpportunitySummary &summary : std::as_const(outcome.added)) {
        m_report.newIds.append(summary.id);
    }
    for (const OpportunitySummary &summary : std::as_const(outcome.changed)) {
        m_report.changedIds.append(summary.id);
    }
    record.pages = m_lister->pageCount();
    record.requests = m_lister->requestCount();
    if (!outcome.added.isEmpty() || !outcome.changed.isEmpty()) {
        Q_EMIT rowsStored(outcome.added, outcome.changed);
    }
    Q_EMIT progress(m_lister->rowCount(), record.pages, record.requests);
}

void StoreSync::handleListerFinished()
{
    if (m_status != Status::Running) {
        return;
    }
    SyncRecord &record = m_report.record;
    record.pages = m_lister->pageCount();
    record.requests = m_lister->requestCount();
    const ApiError error = m_lister->error();
    if (error.kind == ApiError::Kind::Cancelled) {
        finish(Status::Cancelled, tr("The sync was cancelled."));
        return;
    }
    if (error.isError()) {
        m_apiError = error;
        finish(Status::Failed, error.toCliText(u"ListOpportunities"_s));
        return;
    }
    QString problem;
    if (record.mode == SyncMode::Full) {
        if (!m_store->markUnseenRemoved(record.id, &m_report.removedIds, &problem)) {
            finish(Status::Failed, problem);
            return;
        }
        record.removedCount = m_report.removedIds.size();
    }
    if (!m_maxLastModified.isEmpty()) {
        record.watermark = m_maxLastModified;
    }
    record.status = SyncRecord::Status::Succeeded;
    record.durationMs = m_elapsed.elapsed();
    if (!m_store->finishSync(record, m_retentionDays, &problem)) {
        record.watermark = record.watermarkBefore;
        finish(Status::Failed, problem);
        return;
    }
    finish(Status::Succeeded, QString());
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
    if (status != Status::Succeeded) {
        record.watermark = record.watermarkBefore;
        record.status = status == Status::Cancelled ? SyncRecord::Status::Cancelled
                                                    : SyncRecord::Status::Failed;
        if (record.id != 0) {
            m_store->abandonSync(record);
        }
    }
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
