#pragma once

#include "apierror.h"
#include "listopportunitiesrequest.h"
#include "opportunitydetailsstore.h"
#include "opportunityfield.h"
#include "opportunityrows.h"
#include "opportunitysummary.h"

#include <QAbstractTableModel>
#include <QBasicTimer>
#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QSet>

#include <vector>

namespace Pd::Core {

class AwsClient;
class ListOpportunitiesCall;
class OpportunityLister;

/// The opportunities matching one ListOpportunities query, loaded page by page.
///
/// One column per OpportunityField. `setQuery()` resets the model and requests the first page;
/// views pull further pages through `canFetchMore()`/`fetchMore()` as they scroll, one page of
/// `pageSize()` rows at a time with at most one call in flight. A page that arrives empty but
/// with a NextToken is followed up at once. A query change aborts the call in flight, and a
/// generation counter drops any reply of an older query, so rows of two queries never mix.
///
/// A failed page keeps every loaded row and the token, stops automatic fetching and emits
/// `failed()`; `retry()` asks for the same page again. `cancel()` stops the call in flight
/// (and `loadAll()`), keeping rows and token; `retry()` resumes. `loadAll()` lists the rest
/// through OpportunityLister (in parallel where that helps, as partnerdesk-cli lists), which
/// lists the query from its start: the rows held already are skipped, the others appended as
/// they come, reporting `loadAllProgress()` and `loadAllFinished()`. After a lister stopped
/// (cancel, failure) there is no NextToken: `retry()` lists again and skips the rows held.
/// Throttling retries are announced with `waitingForQuota()`, not as failures.
///
/// Rows are kept compact (OpportunityRows: a few hundred bytes each, decoded straight from the
/// response body); `summary()` rebuilds one on demand, and `data()` keeps the last one rebuilt,
/// so painting a row rebuilds it once.
///
/// Local rows: `showLocalRows()` resets the model to rows that come from elsewhere (the local
/// copy) and stops paging; `appendBody()` adds a ListOpportunities body of them, and
/// `upsert()` replaces rows by Id in place (dataChanged, so selection and sort stay) and
/// appends the new ones. A replaced row's new record is appended to `rows()`; `storageRow()`
/// maps a model row to its record there.
///
/// Roles: DisplayRole gives translated labels, local times and formatted amounts;
/// RawValueRole the service's text; SortRole an ordering key; IdRole and OpportunityRole
/// (see itemdatarole.h). Header RawValueRole gives the stable English field name.
///
/// After the summary fields come two detail columns, Title and Owner (the first member of the
/// opportunity team), read from the kept GetOpportunity answers (`setDetailsStore()`); they
/// fill in as the answers are kept, announced at most every `DetailsRefreshMs`.
class OpportunityModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpportunityModel)

public:
    static constexpr int DefaultPageSize = 100;

    explicit OpportunityModel(QObject *parent = nullptr);
    ~OpportunityModel() override;

    /// The client used for every page (not owned). Changing it resets the model, unless it
    /// shows local rows.
    void setClient(AwsClient *client);
    AwsClient *client() const;

    /// Resets the model to `request` (NextToken and MaxResults are ignored) and requests the
    /// first page. Without a client, the model stays empty until one is set.
    void setQuery(const ListOpportunitiesRequest &request);
    const ListOpportunitiesRequest &query() const { return m_query; }

    int pageSize() const { return m_pageSize; }
    /// MaxResults of the following pages, clamped to the model's 1..100.
    void setPageSize(int size);

    bool isBusy() const { return m_call != nullptr || m_lister != nullptr; }
    /// True while the service has more pages for the query.
    bool hasMore() const { return m_hasMore; }
    /// True after a failure or cancel(), until retry() or a new query.
    bool isStopped() const { return m_stopped; }
    bool isLoadingAll() const { return m_loadingAll; }
    /// The error of the last failed page; Kind::None when the last page succeeded.
    const ApiError &lastError() const { return m_lastError; }
    /// When the first page of the current listing arrived (invalid before).
    QDateTime fetchedAt() const { return m_fetchedAt; }
    /// Wall time of the last page, retries included; -1 before the first page.
    qint64 lastLatencyMs() const { return m_lastLatencyMs; }
    /// Pages received for the current query.
    int pageCount() const { return m_pageCount; }

    OpportunitySummary summary(int row) const { return cachedSummary(row); }
    /// Only what `field` is made of (see OpportunityRows::at()): for sorting by a column.
    OpportunitySummary summary(int row, OpportunityField field) const
    {
        return m_rows.at(storageRow(row), field);
    }
    /// The loaded rows, compact (for writers that need no OpportunitySummary, like CSV). Row
    /// `row` of the model is record `storageRow(row)` here.
    const OpportunityRows &rows() const { return m_rows; }
    qsizetype storageRow(int row) const { return m_mapped ? m_slots[size_t(row)] : row; }

    /// Resets the model to local rows (none yet) for `request`: no paging, no calls.
    /// `fetchedAt` is when they were listed. setQuery() or reload() ends it.
    void showLocalRows(const ListOpportunitiesRequest &request, const QDateTime &fetchedAt);
    bool isLocal() const { return m_local; }
    /// Appends the rows of a ListOpportunities body. False with `*error` when it cannot be read.
    bool appendBody(const QByteArray &body, QString *error);
    /// Replaces the rows with these Ids in place and appends the others.
    void upsert(const QList<OpportunitySummary> &summaries);

    /// Local rows: every row that came in (shown or kept with `keepLocalRows()`), the latest of
    /// each Id, is the pool. Once the caller declares the pool complete (every row of the
    /// local copy), `showLocalQuery()` answers a query from it: OpportunityQuery over the
    /// compact rows, without reading them again. showLocalRows() and setQuery() empty it.
    void setLocalPoolComplete(bool complete) { m_poolComplete = complete && m_local; }
    bool isLocalPoolComplete() const { return m_poolComplete; }
    /// Adds rows to the pool without showing them (rows of the local copy the query filters out).
    void keepLocalRows(const QList<OpportunitySummary> &summaries);
    /// Resets the model to the pool's rows that match `request`, in its order. False (nothing
    /// changed) when the pool is not complete.
    bool showLocalQuery(const ListOpportunitiesRequest &request, const QDateTime &fetchedAt);
    /// The model row of opportunity `id`, or -1.
    int rowOf(const QString &id) const;

    /// The Ids shown as unseen (UnseenRole): changed by a sync since the user last looked.
    void setUnseenIds(QSet<QString> ids);
    const QSet<QString> &unseenIds() const { return m_unseen; }
    /// `id` is no longer unseen; false when it was not.
    bool markSeen(const QString &id);
    /// Every loaded row, rebuilt (for tests and small listings).
    QList<OpportunitySummary> summaries() const;
    /// The summary field of a column; not for the detail columns (isDetailColumn()).
    static OpportunityField fieldAt(int column) { return OpportunityField(column); }
    static int columnOf(OpportunityField field) { return int(field); }

    static constexpr int DetailsRefreshMs = 500;
    static constexpr int TitleColumn = OpportunityFieldCount;
    static constexpr int OwnerColumn = OpportunityFieldCount + 1;
    static constexpr int ColumnCount = OpportunityFieldCount + 2;
    static bool isDetailColumn(int column) { return column >= OpportunityFieldCount; }
    /// The stable English name of a detail column ("Title", "Owner"): CSV header and key.
    static QString detailColumnName(int column);
    /// Where Title and Owner come from (not owned; nullptr: they stay empty).
    void setDetailsStore(const OpportunityDetailsStore *details);
    /// The Title or Owner of `row` as kept; empty when nothing is kept. Safe to call from
    /// several threads at once (sort keys).
    QString detailText(int row, int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

public Q_SLOTS:
    /// Requests the page that failed (or was cancelled) again and resumes automatic fetching.
    void retry();
    /// Aborts the call in flight and stops loadAll(); loaded rows and the token stay.
    void cancel();
    /// Loads every remaining row (OpportunityLister).
    void loadAll();
    /// The same query again from the first page.
    void reload();

Q_SIGNALS:
    void pageLoaded(int first, int count, qint64 latencyMs);
    void failed(const Pd::Core::ApiError &error);
    void busyChanged(bool busy);
    /// The service throttled the call; the client retries after `delayMs`.
    void waitingForQuota(int delayMs);
    void queryChanged();
    void loadAllProgress(int loadedRows);
    /// loadAll() ended: `complete` is true when every page has been loaded.
    void loadAllFinished(bool complete);
    /// The unseen Ids changed (no dataChanged: a repaint is enough).
    void unseenChanged();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void announceDetails();
    /// Resets to no rows: paging from the first page, or `local` rows (showLocalRows()).
    void restart(bool local = false);
    void requestPage();
    void updateBusy();
    void handleFinished(ListOpportunitiesCall *call, quint64 generation);
    void abortCall();
    void startLister();
    void handleListerRows(const QList<OpportunitySummary> &rows);
    void handleListerFinished(OpportunityLister *lister, quint64 generation);
    /// Stops the lister; false when none ran.
    bool abortLister();
    void appendSummaries(const QList<OpportunitySummary> &summaries);
    void finishLoadAll(bool complete);
    QVariant sortValue(const OpportunitySummary &summary, OpportunityField field) const;
    const OpportunitySummary &cachedSummary(int row) const;
    void indexIds() const;
    /// Appends decoded rows (rowsInserted), keeping the row mapping and the Id index.
    void appendPage(OpportunityRows::Page &&page);
    /// Local rows: records `record` as the pool's row of its Id.
    void pool(qsizetype record);
    /// Model rows map to records through m_slots.
    void mapSlots();

    QPointer<AwsClient> m_client;
    QPointer<const OpportunityDetailsStore> m_details;
    QBasicTimer m_detailsTimer;
    ListOpportunitiesRequest m_query;
    OpportunityRows m_rows;
    /// The record of each model row once a row was replaced; empty while they are the same.
    std::vector<qsizetype> m_slots;
    bool m_mapped = false; ///< m_slots maps the rows (else row n is record n)
    std::vector<qsizetype> m_pool; ///< records of the local rows, one per Id
    std::vector<OpportunityQuery::Fields> m_poolFields; ///< the query fields of each
    QHash<QString, qsizetype> m_poolIndex; ///< Id -> position in m_pool
    bool m_poolComplete = false;
    mutable QHash<QString, int> m_rowOfId; ///< built on first use
    mutable bool m_idsIndexed = false;
    QSet<QString> m_unseen;
    mutable OpportunitySummary m_cached; ///< the row last rebuilt
    mutable int m_cachedRow = -1;
    QString m_nextToken;
    ListOpportunitiesCall *m_call = nullptr;
    OpportunityLister *m_lister = nullptr;
    qsizetype m_listerSkip = 0; ///< rows held when the lister started
    qsizetype m_listerSeen = 0; ///< rows the lister has emitted
    bool m_resumeWithLister = false; ///< a lister stopped: no token continues the listing
    quint64 m_generation = 0;
    ApiError m_lastError;
    QDateTime m_fetchedAt;
    qint64 m_lastLatencyMs = -1;
    int m_pageSize = DefaultPageSize;
    int m_pageCount = 0;
    bool m_hasQuery = false;
    bool m_hasMore = false;
    bool m_busyReported = false;
    bool m_stopped = false;
    bool m_loadingAll = false;
    bool m_local = false;
};

} // namespace Pd::Core
