#include "localcopy.h"

#include "awsclient.h"
#include "changejournal.h"
#include "opportunitymodel.h"
#include "opportunityquery.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QLoggingCategory>
#include <QMutex>
#include <QSettings>
#include <QtConcurrent>

#include <deque>

using namespace Qt::StringLiterals;
using Pd::Core::ListOpportunitiesRequest;
using Pd::Core::OpportunityQuery;
using Pd::Core::OpportunityStoreDb;
using Pd::Core::OpportunitySummary;
using Pd::Core::StoreSync;

Q_LOGGING_CATEGORY(lcLocalCopy, "partnerdesk.ui.localcopy")

namespace Pd::Gui {

namespace {

/// Rows per page handed to the GUI thread: the drain checks its budget after each page, so a
/// page stays small (a page of 200 rows, with its rowsInserted, could take 5 ms on its own).
constexpr int RowsPerPage = 40;
/// Work per turn of the event loop while rows stream in from the store.
constexpr int DrainBudgetMs = 4;
/// Pages read ahead of the model at most (3,200 rows).
constexpr size_t MaxQueuedPages = 80;
constexpr int ClockIntervalMs = 30000;

const QString EnabledKey = u"localCopy/enabled"_s;
const QString FolderKey = u"localCopy/folder"_s;
const QString HistoryKey = u"localCopy/historyDays"_s;
const QString ScheduleKey = u"localCopy/schedule"_s;
const QString EveryKey = u"localCopy/everyMinutes"_s;
const QString ProposeFullKey = u"localCopy/proposeFullSync"_s;

/// No filter and the default order: the store's rows as they are, complete or not.
bool isUnfiltered(const ListOpportunitiesRequest &request)
{
    ListOpportunitiesRequest plain;
    plain.catalog = request.catalog;
    plain.sort = request.sort;
    return request.sameQueryAs(plain)
           && OpportunityQuery::effectiveSort(request)
                      == OpportunityQuery::effectiveSort(ListOpportunitiesRequest());
}

/// The JSON text of a journal value, as a string ("" for null and non-strings).
QString jsonString(const QByteArray &value)
{
    return QJsonDocument::fromJson("[" + value + "]").array().at(0).toString();
}

} // namespace

/// What the loader thread hands to the GUI thread: the store's state, then pages of rows.
struct LocalCopy::Channel
{
    struct Item
    {
        QByteArray body; ///< a ListOpportunities body (OpportunityStoreDb::readPages())
        QList<OpportunitySummary> rows; ///< or rows of a query
    };

    QMutex mutex;
    QWaitCondition notFull;
    std::deque<Item> items;
    bool metaReady = false;
    bool done = false;
    bool cancelled = false;
    // The state read after opening (valid once metaReady).
    QString error;
    QString warning;
    bool complete = false;
    bool answering = false;
    QDateTime lastSyncedAt;
    QDateTime lastFullSyncAt;
    QSet<QString> unseen;

    /// False once the GUI no longer wants rows.
    bool push(Item item)
    {
        QMutexLocker lock(&mutex);
        while (items.size() >= MaxQueuedPages && !cancelled) {
            notFull.wait(&mutex);
        }
        if (cancelled) {
            return false;
        }
        items.push_back(std::move(item));
        return true;
    }

    /// The rows of `request` from `store`, in pages; false with `*error` when it failed.
    bool pushQuery(const OpportunityStoreDb *store, const ListOpportunitiesRequest &request,
                   QString *error)
    {
        QList<OpportunitySummary> rows;
        if (!store->query(request, &rows, error)) {
            return false;
        }
        for (qsizetype first = 0; first < rows.size(); first += RowsPerPage) {
            if (!push({{}, rows.mid(first, RowsPerPage)})) {
                break;
            }
        }
        return true;
    }

    void finish(const QString &problem)
    {
        QMutexLocker lock(&mutex);
        if (error.isEmpty()) {
            error = problem;
        }
        done = true;
    }
};

LocalCopy::Settings LocalCopy::Settings::load()
{
    const QSettings s;
    Settings settings;
    settings.enabled = s.value(EnabledKey, true).toBool();
    settings.folder = s.value(FolderKey).toString();
    settings.historyDays = std::max(1, s.value(HistoryKey, settings.historyDays).toInt());
    settings.schedule = Schedule(std::clamp(s.value(ScheduleKey, 0).toInt(), 0, 2));
    settings.everyMinutes = std::max(1, s.value(EveryKey, settings.everyMinutes).toInt());
    settings.proposeFullSync = s.value(ProposeFullKey, true).toBool();
    return settings;
}

void LocalCopy::Settings::save() const
{
    QSettings s;
    s.setValue(EnabledKey, enabled);
    s.setValue(FolderKey, folder);
    s.setValue(HistoryKey, historyDays);
    s.setValue(ScheduleKey, int(schedule));
    s.setValue(EveryKey, everyMinutes);
    s.setValue(ProposeFullKey, proposeFullSync);
}

QString LocalCopy::Settings::pathFor(const Core::StoreKey &key) const
{
    const QString path = OpportunityStoreDb::defaultPath(key);
    return folder.isEmpty() ? path : QDir(folder).filePath(QFileInfo(path).fileName());
}

LocalCopy::LocalCopy(Core::OpportunityModel *model, QObject *parent)
    : QObject(parent), m_model(model)
{
    m_drainTimer.setObjectName(u"localCopyDrain"_s);
    m_drainTimer.setInterval(0);
    connect(&m_drainTimer, &QTimer::timeout, this, &LocalCopy::drain);
    connect(&m_periodicTimer, &QTimer::timeout, this, [this] { sync(); });
    m_clockTimer.setInterval(ClockIntervalMs);
    connect(&m_clockTimer, &QTimer::timeout, this, &LocalCopy::stateChanged);
    m_clockTimer.start();
}

LocalCopy::~LocalCopy()
{
    // Nobody is told: the window's other parts may already be gone.
    const QSignalBlocker silent(this);
    close();
}

void LocalCopy::setSettings(const Settings &settings)
{
    m_settings = settings;
    scheduleSyncs();
}

void LocalCopy::open(const Core::StoreKey &key, Core::AwsClient *client,
                     const ListOpportunitiesRequest &request)
{
    close();
    m_key = key;
    m_client = client;
    m_path = m_settings.pathFor(key);
    m_request = request;
    m_store = std::make_unique<OpportunityStoreDb>();
    m_reader = std::make_unique<OpportunityStoreDb>();
    m_channel = std::make_shared<Channel>();
    m_loading = true;
    m_syncQueued = false;
    m_firstRowsShown = false;
    m_answering = false;
    if (m_model) {
        m_model->showLocalRows(request, {});
    }
    // The loader owns the store until it is done; the GUI thread touches it only after.
    m_loader.setFuture(QtConcurrent::run([store = m_store.get(), reader = m_reader.get(),
                                          channel = m_channel, path = m_path, key, request] {
        QElapsedTimer timer;
        timer.start();
        QString error;
        const bool opened = store->open(path, key, &error);
        qCDebug(lcLocalCopy) << "opened in" << timer.elapsed() << "ms";
        {
            QMutexLocker lock(&channel->mutex);
            channel->error = error;
            if (opened) {
                channel->warning = store->warning();
                channel->complete = store->isComplete();
                channel->answering = channel->complete || isUnfiltered(request);
                channel->lastSyncedAt = store->lastSyncedAt();
                channel->lastFullSyncAt = store->lastFullSyncAt();
                channel->unseen = store->unseenIds();
            }
            channel->metaReady = true;
        }
        qCDebug(lcLocalCopy) << "state read in" << timer.elapsed() << "ms";
        if (opened && channel->answering) {
            if (isUnfiltered(request)) {
                store->readPages(
                        RowsPerPage,
                        [&channel](const QByteArray &body) {
                            return channel->push({body, {}});
                        },
                        &error);
            } else {
                channel->pushQuery(store, request, &error);
            }
        }
        qCDebug(lcLocalCopy) << "rows read in" << timer.elapsed() << "ms";
        // A second connection for later queries, off the GUI thread (WAL: it reads
        // beside the syncs' writes).
        QString readerError;
        if (opened && !reader->openExisting(path, &readerError, OpportunityStoreDb::Check::Skip)) {
            qCWarning(lcLocalCopy).noquote() << "no reader:" << readerError;
        }
        channel->finish(error);
    }));
    m_drainTimer.start();
    Q_EMIT stateChanged();
}

void LocalCopy::drain()
{
    const std::shared_ptr<Channel> channel = m_channel;
    if (!channel || !m_model) {
        m_drainTimer.stop();
        return;
    }
    QElapsedTimer budget;
    budget.start();
    bool metaHandled = m_answering || !m_loading;
    for (;;) {
        Channel::Item item;
        bool done = false;
        {
            QMutexLocker lock(&channel->mutex);
            if (!channel->metaReady) {
                return;
            }
            if (!metaHandled) {
                metaHandled = true;
                m_complete = channel->complete;
                m_lastSyncedAt = channel->lastSyncedAt;
                m_lastFullSyncAt = channel->lastFullSyncAt;
                m_answering = channel->answering && channel->error.isEmpty();
                m_model->setUnseenIds(channel->unseen);
                const QString warning = channel->warning;
                lock.unlock();
                if (!warning.isEmpty()) {
                    Q_EMIT notice(warning);
                }
                if (!m_answering) {
                    Q_EMIT liveListingNeeded(m_request);
                }
                Q_EMIT stateChanged();
                continue;
            }
            if (!channel->items.empty()) {
                item = std::move(channel->items.front());
                channel->items.pop_front();
                channel->notFull.wakeAll();
            } else {
                done = channel->done;
                if (!done) {
                    return;
                }
            }
        }
        if (done) {
            finishLoading();
            return;
        }
        if (m_answering) {
            QString error;
            if (!item.body.isEmpty() && !m_model->appendBody(item.body, &error)) {
                qCWarning(lcLocalCopy).noquote() << "unreadable stored page:" << error;
            }
            if (!item.rows.isEmpty()) {
                m_model->upsert(item.rows);
            }
            if (!m_firstRowsShown && m_model->rowCount() > 0) {
                m_firstRowsShown = true;
                Q_EMIT firstRowsShown();
            }
        }
        if (budget.elapsed() >= DrainBudgetMs) {
            return;
        }
    }
}

void LocalCopy::finishLoading()
{
    m_drainTimer.stop();
    m_loader.waitForFinished();
    QString error;
    {
        QMutexLocker lock(&m_channel->mutex);
        error = m_channel->error;
    }
    m_channel.reset();
    if (m_model && m_store && m_store->isOpen() && error.isEmpty() && m_answering && m_complete
        && isUnfiltered(m_request)) {
        m_model->setLocalPoolComplete(true); // every stored row: later queries from memory
    }
    if (!m_loading) { // a query (show())
        if (!error.isEmpty()) {
            Q_EMIT notice(error);
        }
        Q_EMIT stateChanged();
        return;
    }
    m_loading = false;
    if (!m_store->isOpen()) {
        qCWarning(lcLocalCopy).noquote() << "local copy not opened:" << error;
        m_store.reset();
        m_answering = false;
        Q_EMIT notice(error);
        Q_EMIT liveListingNeeded(m_request);
        Q_EMIT stateChanged();
        return;
    }
    if (!error.isEmpty()) {
        Q_EMIT notice(error);
    }
    Q_EMIT loaded();
    Q_EMIT changesUpdated();
    Q_EMIT stateChanged();
    scheduleSyncs();
    if (!m_complete || m_settings.schedule != Schedule::ByHand || m_syncQueued) {
        m_syncQueued = false;
        sync();
    }
}

void LocalCopy::stopLoading()
{
    m_drainTimer.stop();
    if (m_channel) {
        {
            QMutexLocker lock(&m_channel->mutex);
            m_channel->cancelled = true;
            m_channel->notFull.wakeAll();
        }
        m_loader.waitForFinished();
        m_channel.reset();
    }
    m_loading = false;
}

void LocalCopy::close()
{
    stopLoading();
    if (m_sync) {
        disconnect(m_sync, nullptr, this, nullptr);
        m_sync->cancel();
        delete m_sync;
        m_sync = nullptr;
    }
    m_periodicTimer.stop();
    m_reader.reset();
    m_store.reset();
    m_answering = false;
    m_complete = false;
    m_waitingForQuota = false;
    m_lastSyncedAt = {};
    m_lastFullSyncAt = {};
    Q_EMIT stateChanged();
}

bool LocalCopy::canAnswer(const ListOpportunitiesRequest &request) const
{
    return isOpen() && request.catalog == m_key.catalog && (m_complete || isUnfiltered(request));
}

bool LocalCopy::show(const ListOpportunitiesRequest &request)
{
    if (!canAnswer(request) || !m_model) {
        return false;
    }
    stopLoading();
    m_request = request;
    m_answering = true;
    m_firstRowsShown = false;
    if (m_model->showLocalQuery(request, m_lastSyncedAt.toLocalTime())) {
        // The model holds every stored row: the query is answered from them.
        m_model->setUnseenIds(m_store->unseenIds());
        if (m_model->rowCount() > 0) {
            m_firstRowsShown = true;
            Q_EMIT firstRowsShown();
        }
        Q_EMIT stateChanged();
        return true;
    }
    m_model->showLocalRows(request, m_lastSyncedAt.toLocalTime());
    m_model->setUnseenIds(m_store->unseenIds());
    if (!m_reader || !m_reader->isOpen()) {
        // No second connection: the GUI thread's, at once.
        QList<OpportunitySummary> rows;
        QString error;
        if (m_store->query(request, &rows, &error)) {
            m_model->upsert(rows);
            Q_EMIT firstRowsShown();
        } else {
            Q_EMIT notice(error);
        }
        Q_EMIT stateChanged();
        return true;
    }
    m_channel = std::make_shared<Channel>();
    m_channel->metaReady = true;
    m_loader.setFuture(QtConcurrent::run([reader = m_reader.get(), channel = m_channel, request] {
        QElapsedTimer timer;
        timer.start();
        QString error;
        channel->pushQuery(reader, request, &error);
        qCDebug(lcLocalCopy) << "query answered in" << timer.elapsed() << "ms";
        channel->finish(error);
    }));
    m_drainTimer.start();
    Q_EMIT stateChanged();
    return true;
}

void LocalCopy::scheduleSyncs()
{
    if (m_store && m_settings.schedule == Schedule::Periodic) {
        m_periodicTimer.start(m_settings.everyMinutes * 60 * 1000);
    } else {
        m_periodicTimer.stop();
    }
}

void LocalCopy::sync(Core::SyncMode mode)
{
    if (m_loading) {
        m_syncQueued = true; // once the copy is open
        return;
    }
    if (!isOpen() || !m_client || isSyncing()) {
        return;
    }
    delete m_sync;
    m_sync = new StoreSync(m_store.get(), m_client, this);
    m_sync->setMode(mode);
    m_sync->setJournalRetentionDays(m_settings.historyDays);
    m_syncRows = 0;
    m_waitingForQuota = false;
    connect(m_sync, &StoreSync::progress, this, [this](qint64 rows) {
        m_syncRows = rows;
        m_waitingForQuota = false;
        Q_EMIT syncProgress(rows);
    });
    connect(m_sync, &StoreSync::waitingForQuota, this, [this](int delayMs) {
        m_waitingForQuota = true;
        Q_EMIT waitingForQuota(delayMs);
    });
    connect(m_sync, &StoreSync::rowsStored, this, &LocalCopy::handleRowsStored);
    connect(m_sync, &StoreSync::finished, this, &LocalCopy::handleSyncFinished);
    Q_EMIT syncStarted();
    Q_EMIT stateChanged();
    m_sync->start();
}

void LocalCopy::cancelSync()
{
    if (isSyncing()) {
        m_sync->cancel();
    }
}

void LocalCopy::handleRowsStored(const QList<OpportunitySummary> &added,
                                 const QList<OpportunitySummary> &changed)
{
    if (!m_answering || !m_model || !m_model->isLocal()) {
        return;
    }
    const OpportunityQuery query(m_request);
    QList<OpportunitySummary> rows;
    QList<OpportunitySummary> others;
    rows.reserve(added.size() + changed.size());
    for (const QList<OpportunitySummary> *list : {&added, &changed}) {
        for (const OpportunitySummary &s : *list) {
            (query.matches(s) ? rows : others).append(s);
        }
    }
    const bool first = m_model->rowCount() == 0;
    m_model->upsert(rows);
    if (m_model->isLocalPoolComplete()) {
        m_model->keepLocalRows(others);
    }
    if (first && m_model->rowCount() > 0) {
        Q_EMIT firstRowsShown();
    }
}

void LocalCopy::handleSyncFinished()
{
    StoreSync *sync = m_sync;
    m_waitingForQuota = false;
    const StoreSync::Status status = sync->status();
    switch (status) {
    case StoreSync::Status::Succeeded: {
        m_complete = m_store->isComplete();
        m_lastSyncedAt = m_store->lastSyncedAt();
        m_lastFullSyncAt = m_store->lastFullSyncAt();
        const Core::SyncReport &report = sync->report();
        if (m_model && !report.removedIds.isEmpty()) {
            m_model->setLocalPoolComplete(false); // removed rows stay in the pool
        }
        if (!report.newIds.isEmpty() || !report.changedIds.isEmpty()
            || !report.removedIds.isEmpty()) {
            if (m_model) {
                m_model->setUnseenIds(m_store->unseenIds());
            }
            QList<Core::JournalEntry> entries;
            const Core::ChangeJournal journal(m_store.get());
            for (const Core::JournalEntry &entry : journal.entriesOfLastSyncs(1)) {
                if (entry.syncId == report.record.id) {
                    entries.append(entry);
                }
            }
            const QStringList ids = needingAttention(entries, [this](const QString &id) {
                const std::optional<OpportunitySummary> s = m_store->summary(id);
                return s ? s->reviewStatus : QString();
            });
            Q_EMIT changesUpdated();
            if (!ids.isEmpty()) {
                Q_EMIT attentionNeeded(ids);
            }
        }
        break;
    }
    case StoreSync::Status::Busy:
        Q_EMIT notice(tr("A sync of this local copy is running in another PartnerDesk window; "
                         "these rows are as of its last sync."));
        break;
    case StoreSync::Status::Failed:
        Q_EMIT syncFailed(sync->errorString());
        break;
    default:
        break;
    }
    Q_EMIT syncFinished(status);
    Q_EMIT stateChanged();
}

bool LocalCopy::forget(QString *error)
{
    const QString path = m_path;
    close();
    if (path.isEmpty()) {
        return true;
    }
    return OpportunityStoreDb::remove(path, error);
}

QString LocalCopy::relativeTime(const QDateTime &then, const QDateTime &now)
{
    const qint64 seconds = then.secsTo(now);
    if (seconds < 60) {
        return tr("just now");
    }
    if (seconds < 3600) {
        return tr("%n min ago", nullptr, int(seconds / 60));
    }
    if (seconds < 48 * 3600) {
        return tr("%n h ago", nullptr, int(seconds / 3600));
    }
    return tr("%n days ago", nullptr, int(seconds / 86400));
}

QString LocalCopy::syncedText(const QDateTime &now) const
{
    if (!m_store) {
        return {};
    }
    if (!m_lastSyncedAt.isValid()) {
        return tr("Not synced yet");
    }
    return tr("Synced %1").arg(relativeTime(m_lastSyncedAt, now));
}

QString LocalCopy::localText() const
{
    if (!m_answering || !m_complete || !m_lastSyncedAt.isValid()) {
        return {};
    }
    const QLocale locale;
    return tr("Local copy · synced %1")
            .arg(locale.toString(m_lastSyncedAt.toLocalTime().time(), QLocale::ShortFormat));
}

bool LocalCopy::isFullSyncDue(const QDateTime &now) const
{
    if (!m_settings.proposeFullSync || !isOpen() || !m_complete) {
        return false;
    }
    const QDateTime last = m_lastFullSyncAt.isValid() ? m_lastFullSyncAt : m_lastSyncedAt;
    return last.isValid() && last.daysTo(now) >= FullSyncProposalDays;
}

QStringList
LocalCopy::needingAttention(const QList<Core::JournalEntry> &entries,
                            const std::function<QString(const QString &id)> &reviewStatusOf)
{
    const auto needsAttention = [](const QString &status) {
        return status == u"Action Required"_s || status == u"Rejected"_s;
    };
    QStringList ids;
    for (const Core::JournalEntry &entry : entries) {
        bool attention = false;
        if (entry.change == Core::JournalEntry::Change::New) {
            attention = needsAttention(reviewStatusOf(entry.id));
        } else if (entry.change == Core::JournalEntry::Change::Changed) {
            for (const Core::FieldChange &field : entry.fields) {
                if (field.field == Core::OpportunityField::ReviewStatus
                    && needsAttention(jsonString(field.newValue))) {
                    attention = true;
                }
            }
        }
        if (attention && !ids.contains(entry.id)) {
            ids.append(entry.id);
        }
    }
    return ids;
}

} // namespace Pd::Gui
