#pragma once

#include "apierror.h"
#include "listopportunitiesrequest.h"
#include "opportunitysummary.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

namespace Pd::Core {

class AwsClient;
class ListOpportunitiesCall;

/// Lists every opportunity matching a query, for "list everything" (partnerdesk-cli, load all,
/// export), and emits the rows in exactly the order and set a sequential NextToken listing of
/// the same query gives.
///
/// With `maxConcurrency()` 1 it pages the query one page after another. With more, it splits
/// the query into disjoint LastModifiedDate slices and pages them concurrently:
/// - Sorted by LastModifiedDate, the first page of the query and the first page in the
///   opposite order are the heads of the first and the last slice and give the range of
///   LastModifiedDate values; sorted otherwise, the first page and two one-row probes do. A
///   listing that fits in one page ends there.
/// - Slices are only worth it while calls wait on the network: the lister keeps as many going
///   as the latency of recent calls warrants (one per 8 ms of it), within `maxConcurrency()`,
///   and under a RequestRateLimiter no more than rate × latency (more would only wait for tokens
///   and spend requests on partial last pages). A service that answers in a few milliseconds
///   is listed one page after another.
/// - Each slice is a query with the same filters and sort plus a LastModifiedDate range one
///   millisecond wider on each inner side (so that either reading of the service's inclusive or
///   exclusive bounds works); rows are kept to the slice's half-open range client-side.
/// - Sorted by LastModifiedDate, the slices are concatenated in order and rows stream out as
///   soon as the slices before them are complete (the last slice, read backwards, when it is
///   complete). Whenever fewer slices run than are useful, the slice with the most rows left
///   (estimated from the row densities seen at both ends of its unvisited range) is cut where
///   the estimate halves and a new slice takes over the far part (work stealing), so that no
///   single slice paces the listing.
/// - Sorted by another key, the slices are merged by (sort key, Id) with the service's order:
///   present values before missing ones in both orders, ties by Id ascending, Identifier
///   numerically, CustomerCompanyName by lower-cased code points, TargetCloseDate as text.
///   Rows stream out as soon as every unfinished slice has one buffered. The first page of the
///   query checks the merge: a service whose order differs from this one is logged.
///
/// Precondition of the partitioned mode, as of AWS's own incremental-sync pattern: every
/// opportunity has a LastModifiedDate (the service maintains it). Without one a row matches no
/// slice; a query with a LastModifiedDate filter excludes such rows anyway.
///
/// Every call goes through the client, so its RequestRateLimiter paces all slices together and
/// its retry policy applies per page. The first failed page (after its retries) aborts the
/// others and ends the listing with that page's ApiError; `cancel()` aborts every call in
/// flight and ends it with Kind::Cancelled. `finished()` is emitted exactly once.
class OpportunityLister final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpportunityLister)

public:
    static constexpr int DefaultMaxConcurrency = 4;
    static constexpr int MaxConcurrencyLimit = 32;

    explicit OpportunityLister(AwsClient *client, QObject *parent = nullptr);
    ~OpportunityLister() override;

    /// The query: catalog, filters, sort and MaxResults (the page size of every call). A
    /// NextToken in it is ignored.
    void setRequest(const ListOpportunitiesRequest &request);
    const ListOpportunitiesRequest &request() const { return m_request; }
    /// Calls in flight at most; 1 lists sequentially. Clamped to 1..MaxConcurrencyLimit.
    void setMaxConcurrency(int calls);
    int maxConcurrency() const { return m_maxConcurrency; }

    void start();
    /// Aborts every call; finished() follows with Kind::Cancelled unless already finished.
    void cancel();
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    /// Kind::None after a complete listing.
    const ApiError &error() const { return m_error; }

    qint64 rowCount() const { return m_rowsEmitted; }
    int pageCount() const { return m_pages; }
    /// HTTP attempts made, retries included.
    int requestCount() const { return m_requests; }
    /// LastModifiedDate slices used (1 for a sequential listing).
    int sliceCount() const { return m_sliceCount; }
    qint64 elapsedMs() const;

Q_SIGNALS:
    /// The next rows of the listing, in order. The list is implicitly shared: keep a copy.
    void rowsReady(const QList<Pd::Core::OpportunitySummary> &rows);
    void progress(qint64 rows, int pages, int requests);
    /// The service throttled a call; it is retried after `delayMs`.
    void waitingForQuota(int delayMs);
    void finished();

private:
    struct Slice;
    struct Row;
    enum class Phase { Idle, Probing, Listing, Done };
    enum class Probe { FirstPage, FarPage, Oldest, Newest };

    void startProbes();
    void startProbe(Probe probe);
    void handleProbe(Probe probe, ListOpportunitiesCall *call);
    void planSlices();
    void planConcatenatedSlices();
    ListOpportunitiesRequest farRequest() const;
    void listSequentially();
    ListOpportunitiesCall *startCall(const ListOpportunitiesRequest &request);
    void requestPage(Slice *slice);
    void handlePage(Slice *slice, ListOpportunitiesCall *call);
    void acceptRows(Slice *slice, QList<OpportunitySummary> &&rows);
    void stealWork();
    void noteLatency(qint64 ms);
    int usefulConcurrency() const;
    bool rateLimited() const;
    /// requestPages(), then reportProgress().
    void schedule();
    /// Starts a call for every slice that can take one, within the concurrency limit.
    void requestPages();
    /// Emits progress, and finishes the listing when nothing is left to fetch or emit.
    void reportProgress();
    void emitReady();
    void emitConcatenated();
    void emitMerged();
    void fail(const ApiError &error);
    void finish(ApiError error);
    void abortAll();
    bool sortedByLastModified() const;
    bool descending() const;
    ListOpportunitiesRequest sliceRequest(const Slice &slice) const;

    QPointer<AwsClient> m_client;
    ListOpportunitiesRequest m_request;
    int m_maxConcurrency = DefaultMaxConcurrency;
    int m_pageSize = 20;
    Phase m_phase = Phase::Idle;
    bool m_started = false;
    bool m_finished = false;
    ApiError m_error;

    // Probing: the first page of the query and the oldest and newest LastModifiedDate.
    QList<ListOpportunitiesCall *> m_probes; ///< in flight
    QList<Probe> m_pendingProbes;
    ListOpportunitiesResponse m_firstPage;
    ListOpportunitiesResponse m_farPage; ///< the first page in the opposite order
    qint64 m_minMs = OpportunitySummary::NoTime;
    qint64 m_maxMs = OpportunitySummary::NoTime;
    bool m_rangeUnknown = false;
    /// Merged listings: the Ids the first page said come first, to check the merge order.
    QStringList m_expectedHead;
    qsizetype m_headChecked = 0;

    std::vector<std::unique_ptr<Slice>> m_slices; ///< in output order
    int m_inFlight = 0;
    QList<qint64> m_latencies; ///< the last calls' times, ms
    qint64 m_rowsEmitted = 0;
    int m_pages = 0;
    int m_requests = 0;
    int m_sliceCount = 0;
    QElapsedTimer m_elapsed;
    qint64 m_elapsedMs = -1;
};

} // namespace Pd::Core
