#pragma once

#include "apierror.h"
#include "listopportunitiesrequest.h"
#include "opportunitysummary.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

class QTimer;

namespace Pd::Core {

class AwsClient;
class ListOpportunitiesCall;

/// Lists every opportunity matching a query, for "list everything" (partnerdesk-cli, load all,
/// export), and emits exactly the rows of a sequential NextToken listing of the same query, in
/// its order, ties included. It never compares two rows: the service's order is taken as the
/// service sends it, because the service documents neither its tie-break nor how it orders
/// company names.
///
/// Sequential: with `maxConcurrency()` 1, and for a sort by Identifier, CustomerCompanyName or
/// TargetCloseDate (rows without a close date cannot be selected by a range filter), the query
/// is paged one page after another.
///
/// Partitioned: sorted by LastModifiedDate (the service's default) or CreatedDate, the query is
/// split on the sort key itself, so that the slices concatenate in order:
/// - The first page of the query starts the first slice and goes out at once. Beside it, the
///   first page in the opposite order gives the far end of the key's range and the row density
///   there (its rows are not used: the lister never reads a range backwards).
/// - A slice is the query plus a range filter on the sort key's own member (intersected with
///   the query's filter on it), read in the query's own order. Its rows are those whose key, in
///   milliseconds, lies in a half-open interval; a cut is a millisecond value, so rows with equal
///   timestamps (ties) always fall in one slice, in the service's order. The filter sent is one
///   millisecond wider on each inner side, so that every row of the slice comes back whether
///   the service treats a bound as inclusive or exclusive and whatever precision its
///   timestamps have (they are rounded to milliseconds, which keeps their order); a slice skips
///   the rows before its interval and is complete at the first row past it.
/// - The first slice is cut once calls wait on the network: the lister keeps as many slices
///   going as the latency of recent calls warrants (one per 8 ms of it), within the concurrency
///   window, and under a RequestRateLimiter no more than rate × latency. Whenever fewer slices
///   run than are useful, the slice with the most rows left (estimated from the row densities
///   seen at both ends of its unvisited range) gives the far part of that range, from where the
///   estimate halves, to a new slice after it (work stealing). A service that answers in a few
///   milliseconds is listed one page after another.
/// - Rows stream out as soon as the slices before them are complete.
///
/// Precondition of the partitioned mode: every opportunity has the sort key's timestamp (the
/// service maintains LastModifiedDate and CreatedDate; GetOpportunity requires both). When the
/// first page of either order shows a row without it, the listing stays sequential.
///
/// Faults: every call retries per the client's retry mode and paces itself through the client's
/// RequestRateLimiter. A page whose call still fails with a retryable error (throttling, 5xx,
/// transient error names, dropped or refused connections, timeouts: AwsJsonCall::classify) is
/// resumed with the same NextToken after a backoff that continues the call's own, while the
/// other slices go on; rows keep their order. Throttling halves the concurrency window (at most
/// once per round of calls, down to one call) and every page that succeeds widens it by one,
/// up to `maxConcurrency()`. The listing ends with an error:
/// - at once for an error that is not retryable (AccessDenied, validation, signature, an
///   unreadable response);
/// - at once when the first page of the query fails: before it there is no listing, and a
///   sequential listing would have ended there too;
/// - when no page succeeded for `retryBudgetMs()` while calls failed, with the last failure,
///   its message saying so.
/// `cancel()` aborts every call and ends the listing with Kind::Cancelled. `finished()` is
/// emitted exactly once.
class OpportunityLister final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpportunityLister)

public:
    static constexpr int DefaultMaxConcurrency = 4;
    static constexpr int MaxConcurrencyLimit = 32;
    static constexpr int DefaultRetryBudgetMs = 30000;

    explicit OpportunityLister(AwsClient *client, QObject *parent = nullptr);
    ~OpportunityLister() override;

    /// The query: catalog, filters, sort and MaxResults (the page size of every call). A
    /// NextToken in it is ignored.
    void setRequest(const ListOpportunitiesRequest &request);
    const ListOpportunitiesRequest &request() const { return m_request; }
    /// Calls in flight at most; 1 lists sequentially. Clamped to 1..MaxConcurrencyLimit.
    void setMaxConcurrency(int calls);
    int maxConcurrency() const { return m_maxConcurrency; }
    /// How long failing pages are resumed while no page succeeds. Set before start().
    void setRetryBudgetMs(int ms);
    int retryBudgetMs() const { return m_retryBudgetMs; }

    void start();
    /// Aborts every call; finished() follows with Kind::Cancelled unless already finished.
    void cancel();
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    /// Kind::None after a complete listing.
    const ApiError &error() const { return m_error; }

    qint64 rowCount() const { return m_rowsEmitted; }
    /// Pages received, the range probe included.
    int pageCount() const { return m_pages; }
    /// HTTP attempts made, retries included.
    int requestCount() const { return m_requests; }
    /// Slices used (1 for a sequential listing).
    int sliceCount() const { return m_sliceCount; }
    /// Pages resumed after their call had failed.
    int resumeCount() const { return m_resumes; }
    /// Calls allowed in flight now: `maxConcurrency()`, lowered by throttling.
    int concurrencyWindow() const { return m_window; }
    qint64 elapsedMs() const;

Q_SIGNALS:
    /// The next rows of the listing, in order. The list is implicitly shared: keep a copy.
    void rowsReady(const QList<Pd::Core::OpportunitySummary> &rows);
    void progress(qint64 rows, int pages, int requests);
    /// The service throttled a call; it is retried or resumed after `delayMs`.
    void waitingForQuota(int delayMs);
    void finished();

private:
    struct Fetch;
    struct Slice;

    bool partitioned() const;
    qint64 keyOf(const OpportunitySummary &summary) const;
    ListOpportunitiesCall *startCall(const ListOpportunitiesRequest &request, Fetch *fetch);
    void requestPage(Slice *slice);
    void requestProbe();
    void handlePage(Slice *slice, ListOpportunitiesCall *call);
    void handleProbe(ListOpportunitiesCall *call);
    /// Bookkeeping of a call that finished; false when it failed (resumed later, or the
    /// listing failed).
    bool handleOutcome(Fetch *fetch, ListOpportunitiesCall *call, bool fatalOnFailure);
    void noteAttemptFailure(const ApiError &cause, quint64 epoch);
    void noteThrottled(quint64 epoch);
    void acceptRows(Slice *slice, QList<OpportunitySummary> &&rows);
    void stealWork();
    void noteLatency(qint64 ms);
    int usefulConcurrency() const;
    bool rateLimited() const;
    /// requestPages(), then reportProgress().
    void schedule();
    /// Starts a call for every slice (and the probe) that can take one, within the window;
    /// arms the resume timer for the ones backing off.
    void requestPages();
    /// Emits progress, and finishes the listing when nothing is left to fetch or emit.
    void reportProgress();
    void emitReady();
    void giveUp();
    void fail(const ApiError &error);
    void finish(ApiError error);
    void abortAll();
    bool descending() const;
    ListOpportunitiesRequest sliceRequest(const Slice &slice) const;

    QPointer<AwsClient> m_client;
    ListOpportunitiesRequest m_request;
    int m_maxConcurrency = DefaultMaxConcurrency;
    int m_retryBudgetMs = DefaultRetryBudgetMs;
    int m_pageSize = 20;
    bool m_keyIsCreatedDate
            = false; ///< the sort key's timestamp: CreatedDate, else LastModifiedDate
    bool m_started = false;
    bool m_finished = false;
    ApiError m_error;

    std::vector<std::unique_ptr<Slice>> m_slices; ///< in output order
    /// The first page in the opposite order: the far end of the range.
    std::unique_ptr<Fetch> m_probe;
    qint64 m_farMs = OpportunitySummary::NoTime; ///< the key of the listing's last row
    double m_farDensity = 0; ///< rows per millisecond at the far end
    bool m_rangeUnknown = false; ///< a row without the key: never cut

    int m_inFlight = 0;
    int m_window = DefaultMaxConcurrency; ///< calls allowed in flight (AIMD)
    quint64 m_windowEpoch = 0; ///< counts decreases; a call remembers the one it started in
    QList<qint64> m_latencies; ///< the last calls' times, ms
    bool m_firstPageDone = false;
    ApiError m_lastFailure; ///< since the last page that succeeded
    QTimer *m_resumeTimer = nullptr;
    QTimer *m_budgetTimer = nullptr;

    qint64 m_rowsEmitted = 0;
    int m_pages = 0;
    int m_requests = 0;
    int m_sliceCount = 0;
    int m_resumes = 0;
    QElapsedTimer m_elapsed;
    qint64 m_elapsedMs = -1;
};

} // namespace Pd::Core
