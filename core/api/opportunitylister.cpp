#include "opportunitylister.h"

#include "awsclient.h"
#include "listopportunitiescall.h"
#include "requestratelimiter.h"

#include <QLoggingCategory>
#include <QTimeZone>
#include <QTimer>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcOpportunityLister, "partnerdesk.core.opportunitylister")

namespace Pd::Core {

namespace {

constexpr qint64 NoTime = OpportunitySummary::NoTime;
constexpr int DefaultServicePageSize = 20; // the service's MaxResults default
/// A slice is split only when it has more than this many pages left (estimated).
constexpr double StealMinimumPages = 1.5;
/// Calls in flight beyond rate × latency cannot go faster; a little headroom for jitter.
constexpr double ConcurrencyHeadroom = 1.25;
constexpr qsizetype LatencySamples = 8;
/// Below this much latency per call, another slice does not make the listing faster.
constexpr double MinLatencyPerSliceMs = 8;

enum class SortKey {
    LastModifiedDate,
    Identifier,
    CustomerCompanyName,
    CreatedDate,
    TargetCloseDate
};

SortKey sortKeyOf(const ListOpportunitiesRequest &request)
{
    const QString name = request.sort ? request.sort->sortBy : u"LastModifiedDate"_s;
    if (name == "Identifier"_L1) {
        return SortKey::Identifier;
    }
    if (name == "CustomerCompanyName"_L1) {
        return SortKey::CustomerCompanyName;
    }
    if (name == "CreatedDate"_L1) {
        return SortKey::CreatedDate;
    }
    if (name == "TargetCloseDate"_L1) {
        return SortKey::TargetCloseDate;
    }
    return SortKey::LastModifiedDate;
}

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

/// Where to cut [0, span] so that both sides hold as many rows, the row density growing
/// linearly from `nearDensity` at 0 to `farDensity` at `span`.
double equalRowsCut(double span, double nearDensity, double farDensity)
{
    const double a = std::max(0.0, nearDensity);
    const double b = std::max(0.0, farDensity);
    if (a + b <= 0 || std::abs(b - a) <= 1e-9 * (a + b)) {
        return span / 2;
    }
    return (std::sqrt((a * a + b * b) / 2) - a) * span / (b - a);
}

/// Identifier order: present before missing, then by length ("O" + digits: numeric), then text.
int compareIds(const QString &x, const QString &y)
{
    if (x.isNull() != y.isNull()) {
        return x.isNull() ? 1 : -1;
    }
    if (x.size() != y.size()) {
        return x.size() < y.size() ? -1 : 1;
    }
    return x.compare(y);
}

} // namespace

/// A row with its merge key, computed once.
struct OpportunityLister::Row
{
    OpportunitySummary summary;
    QByteArray textKey; ///< CustomerCompanyName: UTF-8 of the lower-cased name
    bool hasKey = false;
};

/// One LastModifiedDate slice of the listing: rows with LastModifiedDate in [lo, hi) (an open
/// side takes the query's own bound, or none). `query` is what is sent, fixed at creation so
/// that its NextTokens stay valid; a split narrows [lo, hi) on the client side only.
struct OpportunityLister::Slice
{
    ListOpportunitiesRequest query;
    bool loOpen = true;
    bool hiOpen = true;
    qint64 lo = 0;
    qint64 hi = 0;
    QString nextToken;
    bool inFlight = false;
    bool exhausted = false; ///< no more pages are needed
    /// Visits rows against the output order (the query in the opposite LastModifiedDate
    /// order); its rows go out sorted, once it is complete.
    bool reversed = false;
    ListOpportunitiesCall *call = nullptr;
    QList<Row> rows; ///< accepted, not yet emitted, from `head` on
    qsizetype head = 0;
    qint64 startMs = NoTime; ///< where the slice's visit began (for density)
    qint64 frontierMs = NoTime; ///< LastModifiedDate of the last accepted row
    qint64 accepted = 0;
    double density = 0; ///< rows per millisecond seen so far (or inherited)
    bool densitySeen = false; ///< `density` comes from the slice's own rows

    bool hasBuffered() const { return head < rows.size(); }
    bool contains(qint64 ms) const
    {
        if (loOpen && hiOpen) {
            return true;
        }
        return ms != NoTime && (loOpen || ms >= lo) && (hiOpen || ms < hi);
    }
};

namespace {

/// The service's order for a sort key (see the class comment): true when `a` comes first.
struct MergeOrder
{
    SortKey key = SortKey::LastModifiedDate;
    bool descending = true;

    bool hasValue(const OpportunitySummary &s) const
    {
        switch (key) {
        case SortKey::LastModifiedDate:
            return s.lastModifiedDateMs != NoTime;
        case SortKey::CreatedDate:
            return s.createdDateMs != NoTime;
        case SortKey::Identifier:
            return !s.id.isNull();
        case SortKey::CustomerCompanyName:
            return s.hasCustomer && s.hasAccount && !s.companyName.isNull();
        case SortKey::TargetCloseDate:
            return !s.targetCloseDate.isNull();
        }
        return false;
    }

    int compareValues(const OpportunitySummary &x, const QByteArray &xKey,
                      const OpportunitySummary &y, const QByteArray &yKey) const
    {
        const auto threeWay = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
        switch (key) {
        case SortKey::LastModifiedDate:
            return threeWay(x.lastModifiedDateMs, y.lastModifiedDateMs);
        case SortKey::CreatedDate:
            return threeWay(x.createdDateMs, y.createdDateMs);
        case SortKey::Identifier:
            return compareIds(x.id, y.id);
        case SortKey::CustomerCompanyName:
            return xKey.compare(yKey) < 0 ? -1 : (yKey.compare(xKey) < 0 ? 1 : 0);
        case SortKey::TargetCloseDate:
            return x.targetCloseDate.compare(y.targetCloseDate);
        }
        return 0;
    }

    template<typename R>
    bool before(const R &a, const R &b) const
    {
        if (a.hasKey != b.hasKey) {
            return a.hasKey;
        }
        if (a.hasKey) {
            const int order = compareValues(a.summary, a.textKey, b.summary, b.textKey);
            if (order != 0) {
                return descending ? order > 0 : order < 0;
            }
        }
        return compareIds(a.summary.id, b.summary.id) < 0;
    }
};

} // namespace

OpportunityLister::OpportunityLister(AwsClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{ }

OpportunityLister::~OpportunityLister()
{
    abortAll();
}

void OpportunityLister::setRequest(const ListOpportunitiesRequest &request)
{
    m_request = request;
    m_request.nextToken.clear();
}

void OpportunityLister::setMaxConcurrency(int calls)
{
    m_maxConcurrency = std::clamp(calls, 1, MaxConcurrencyLimit);
}

qint64 OpportunityLister::elapsedMs() const
{
    if (m_elapsedMs >= 0) {
        return m_elapsedMs;
    }
    return m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
}

bool OpportunityLister::sortedByLastModified() const
{
    return sortKeyOf(m_request) == SortKey::LastModifiedDate;
}

bool OpportunityLister::descending() const
{
    return !m_request.sort || m_request.sort->sortOrder != "ASCENDING"_L1;
}

void OpportunityLister::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    m_elapsed.start();
    m_pageSize = m_request.maxResults.value_or(DefaultServicePageSize);

    ApiError refusal;
    if (!m_client) {
        refusal = ApiError::configuration(tr("No client to call the service with."));
    } else if (const QList<FieldError> problems = m_request.validate(); !problems.isEmpty()) {
        refusal = ApiError::localValidation(problems);
    }
    if (refusal.isError()) {
        // Asynchronous like every other outcome: finished() never fires inside start().
        QTimer::singleShot(0, this, [this, refusal] {
            if (!m_finished) {
                finish(refusal);
            }
        });
        return;
    }
    if (m_maxConcurrency <= 1) {
        listSequentially();
    } else {
        startProbes();
    }
}

void OpportunityLister::cancel()
{
    if (!m_started || m_finished) {
        return;
    }
    abortAll();
    ApiError error;
    error.kind = ApiError::Kind::Cancelled;
    error.message = tr("The listing was cancelled.");
    finish(error);
}

ListOpportunitiesCall *OpportunityLister::startCall(const ListOpportunitiesRequest &request)
{
    ListOpportunitiesCall *call = new ListOpportunitiesCall(m_client, request, this);
    ++m_requests;
    connect(call, &ListOpportunitiesCall::retrying, this,
            [this](int, int delayMs, const ApiError &cause) {
                ++m_requests;
                if (cause.kind == ApiError::Kind::Throttling) {
                    Q_EMIT waitingForQuota(delayMs);
                }
            });
    ++m_inFlight;
    return call;
}

void OpportunityLister::listSequentially()
{
    m_phase = Phase::Listing;
    auto slice = std::make_unique<Slice>();
    slice->query = m_request;
    m_slices.push_back(std::move(slice));
    m_sliceCount = 1;
    schedule();
}

void OpportunityLister::startProbes()
{
    m_phase = Phase::Probing;
    // Sorted by LastModifiedDate, the first page is the head of the first slice and the first
    // page in the opposite order that of the last: both ends of the range, nothing wasted.
    // Sorted otherwise, one-row probes give the ends.
    m_pendingProbes = sortedByLastModified()
                              ? QList<Probe>{Probe::FirstPage, Probe::FarPage}
                              : QList<Probe>{Probe::FirstPage, Probe::Oldest, Probe::Newest};
    while (!m_pendingProbes.isEmpty() && m_inFlight < m_maxConcurrency) {
        startProbe(m_pendingProbes.takeFirst());
    }
}

void OpportunityLister::startProbe(Probe probe)
{
    ListOpportunitiesRequest request = m_request;
    if (probe == Probe::FarPage) {
        request = farRequest();
    } else if (probe != Probe::FirstPage) {
        request.maxResults = 1;
        request.sort = OpportunitySort{u"LastModifiedDate"_s,
                                       probe == Probe::Oldest ? u"ASCENDING"_s : u"DESCENDING"_s};
    }
    ListOpportunitiesCall *call = startCall(request);
    m_probes.append(call);
    connect(call, &ListOpportunitiesCall::finished, this,
            [this, probe, call] { handleProbe(probe, call); });
    call->start();
}

void OpportunityLister::handleProbe(Probe probe, ListOpportunitiesCall *call)
{
    --m_inFlight;
    m_probes.removeOne(call);
    call->deleteLater();
    if (m_phase != Phase::Probing) {
        return;
    }
    if (call->error().isError()) {
        fail(call->error());
        return;
    }
    ++m_pages;
    if (rateLimited() || !sortedByLastModified()) {
        // A query's first page can be slow for reasons of its own (the service preparing the
        // query): sorted by LastModifiedDate and without a rate cap, the split waits for the
        // latency of a later page (work stealing can cut slices at any time; merged slices
        // are fixed at the start).
        noteLatency(call->elapsedMs());
    }
    ListOpportunitiesResponse response = call->takeResponse();
    if (probe == Probe::FirstPage) {
        m_firstPage = std::move(response);
        const bool complete = m_firstPage.nextToken.isEmpty();
        if (sortedByLastModified() || complete) {
            // The head of the listing (or all of it): out at once.
            const QList<OpportunitySummary> rows = m_firstPage.opportunitySummaries;
            m_rowsEmitted += rows.size();
            if (!rows.isEmpty()) {
                Q_EMIT rowsReady(rows);
            }
        }
        if (complete) {
            m_sliceCount = 1;
            abortAll();
            Q_EMIT progress(m_rowsEmitted, m_pages, m_requests);
            finish({});
            return;
        }
    } else {
        const QList<OpportunitySummary> &rows = response.opportunitySummaries;
        const qint64 ms = rows.isEmpty() ? NoTime : rows.constFirst().lastModifiedDateMs;
        m_rangeUnknown = m_rangeUnknown || ms == NoTime;
        const bool oldest = probe == Probe::Oldest || (probe == Probe::FarPage && descending());
        (oldest ? m_minMs : m_maxMs) = ms;
        if (probe == Probe::FarPage) {
            m_farPage = std::move(response);
        }
    }
    Q_EMIT progress(m_rowsEmitted, m_pages, m_requests);
    if (!m_pendingProbes.isEmpty()) {
        startProbe(m_pendingProbes.takeFirst());
        return;
    }
    if (m_probes.isEmpty()) {
        planSlices();
    }
}

void OpportunityLister::planSlices()
{
    m_phase = Phase::Listing;
    const QList<OpportunitySummary> &page = m_firstPage.opportunitySummaries;
    const bool lastModified = sortedByLastModified();
    const bool usable = !m_rangeUnknown && !page.isEmpty()
                        && (lastModified || usefulConcurrency() > 1)
                        && (!lastModified
                            || (page.constFirst().lastModifiedDateMs != NoTime
                                && page.constLast().lastModifiedDateMs != NoTime
                                && !m_farPage.opportunitySummaries.isEmpty()));
    if (!usable) {
        // No LastModifiedDate range to cut (rows without one at a probe's head), or calls too
        // quick for slices to help: the query itself, continued from its first page.
        qCInfo(lcOpportunityLister) << "listing sequentially";
        if (!lastModified) {
            const QList<OpportunitySummary> rows = page;
            m_rowsEmitted += rows.size();
            if (!rows.isEmpty()) {
                Q_EMIT rowsReady(rows);
            }
        }
        auto slice = std::make_unique<Slice>();
        slice->query = m_request;
        slice->nextToken = m_firstPage.nextToken;
        m_slices.push_back(std::move(slice));
        m_sliceCount = 1;
        m_firstPage = {};
        m_farPage = {};
        schedule();
        return;
    }

    if (lastModified) {
        planConcatenatedSlices();
        return;
    }

    // Another sort key: fixed slices of equal time spans, merged. The first page is what the
    // merge must begin with (rows without LastModifiedDate aside).
    for (const OpportunitySummary &summary : page) {
        if (summary.lastModifiedDateMs != NoTime) {
            m_expectedHead.append(summary.id);
        }
    }
    m_firstPage = {};
    m_maxMs = std::max(m_maxMs, m_minMs);
    const qint64 span = m_maxMs + 1 - m_minMs;
    const int count = int(std::clamp<qint64>(span, 1, usefulConcurrency()));
    for (int i = 0; i < count; ++i) {
        auto slice = std::make_unique<Slice>();
        slice->loOpen = i == 0;
        slice->hiOpen = i == count - 1;
        slice->lo = m_minMs + span * i / count;
        slice->hi = m_minMs + span * (i + 1) / count;
        slice->query = sliceRequest(*slice);
        m_slices.push_back(std::move(slice));
    }
    m_sliceCount = count;
    schedule();
}

void OpportunityLister::planConcatenatedSlices()
{
    // The query continues as the first slice (its first page is out already) and the query in
    // the opposite order as the last; they meet at a cut between the two pages' ends, placed
    // by the row density each page showed. Work stealing then cuts more slices in between.
    const bool down = descending();
    const QList<OpportunitySummary> &head = m_firstPage.opportunitySummaries;
    const qint64 headStart = head.constFirst().lastModifiedDateMs;
    const qint64 headEnd = head.constLast().lastModifiedDateMs;
    (down ? m_maxMs : m_minMs) = headStart;
    auto first = std::make_unique<Slice>();
    first->query = m_request;
    first->nextToken = m_firstPage.nextToken;
    first->startMs = headStart;
    first->frontierMs = headEnd;
    first->accepted = head.size();
    first->density = double(head.size()) / double(std::abs(headStart - headEnd) + 1);
    first->densitySeen = true;

    auto last = std::make_unique<Slice>();
    last->reversed = true;
    last->query = farRequest();
    last->nextToken = m_farPage.nextToken;
    last->exhausted = last->nextToken.isEmpty();
    qint64 tailEnd = NoTime; // the far page's last LastModifiedDate
    qsizetype tailRows = 0;
    for (const OpportunitySummary &summary : std::as_const(m_farPage.opportunitySummaries)) {
        if (summary.lastModifiedDateMs == NoTime) {
            break;
        }
        tailEnd = summary.lastModifiedDateMs;
        ++tailRows;
    }
    const double tailDensity
            = double(tailRows)
              / double(std::abs(tailEnd
                                - m_farPage.opportunitySummaries.constFirst().lastModifiedDateMs)
                       + 1);
    // The first slice keeps [cut, ∞) when descending, (−∞, cut) when ascending.
    const bool overlap = down ? tailEnd >= headEnd : tailEnd <= headEnd;
    qint64 cut = down ? headEnd : headEnd + 1;
    if (!overlap && usefulConcurrency() <= 1) {
        // One slice at a time: the first runs on to where the far page ended.
        cut = down ? tailEnd : tailEnd + 1;
    } else if (!overlap) {
        const qint64 span = std::abs(tailEnd - headEnd);
        const auto x
                = qint64(std::llround(equalRowsCut(double(span), first->density, tailDensity)));
        cut = down ? std::clamp<qint64>(headEnd - x, tailEnd + 1, headEnd)
                   : std::clamp<qint64>(headEnd + x, headEnd + 1, tailEnd);
    }
    if (down) {
        first->loOpen = false;
        first->lo = cut;
        last->hiOpen = false;
        last->hi = cut;
    } else {
        first->hiOpen = false;
        first->hi = cut;
        last->loOpen = false;
        last->lo = cut;
    }
    Slice *tail = last.get();
    m_slices.push_back(std::move(first));
    m_slices.push_back(std::move(last));
    m_sliceCount = 2;
    acceptRows(tail, std::move(m_farPage.opportunitySummaries));
    m_firstPage = {};
    m_farPage = {};
    stealWork();
    schedule();
}

ListOpportunitiesRequest OpportunityLister::farRequest() const
{
    ListOpportunitiesRequest request = m_request;
    request.sort = OpportunitySort{u"LastModifiedDate"_s,
                                   descending() ? u"ASCENDING"_s : u"DESCENDING"_s};
    return request;
}

ListOpportunitiesRequest OpportunityLister::sliceRequest(const Slice &slice) const
{
    ListOpportunitiesRequest request = m_request;
    // One millisecond wider than the slice on each inner side: whether the service treats a
    // bound as inclusive or exclusive, every row of the slice comes back.
    if (!slice.loOpen) {
        QDateTime after = utcFromMs(slice.lo - 1);
        if (m_request.lastModifiedDate.after.isValid()) {
            after = std::max(after, m_request.lastModifiedDate.after);
        }
        request.lastModifiedDate.after = after;
    }
    if (!slice.hiOpen) {
        QDateTime before = utcFromMs(slice.hi + 1);
        if (m_request.lastModifiedDate.before.isValid()) {
            before = std::min(before, m_request.lastModifiedDate.before);
        }
        request.lastModifiedDate.before = before;
    }
    return request;
}

void OpportunityLister::requestPage(Slice *slice)
{
    ListOpportunitiesCall *call = startCall(slice->query.withNextToken(slice->nextToken));
    slice->call = call;
    slice->inFlight = true;
    connect(call, &ListOpportunitiesCall::finished, this,
            [this, slice, call] { handlePage(slice, call); });
    call->start();
}

void OpportunityLister::handlePage(Slice *slice, ListOpportunitiesCall *call)
{
    --m_inFlight;
    call->deleteLater();
    slice->call = nullptr;
    slice->inFlight = false;
    if (m_phase != Phase::Listing) {
        return;
    }
    if (call->error().isError()) {
        fail(call->error());
        return;
    }
    ++m_pages;
    noteLatency(call->elapsedMs());
    ListOpportunitiesResponse response = call->takeResponse();
    const QString sentToken = call->request().nextToken;
    if (!response.nextToken.isEmpty() && response.nextToken == sentToken) {
        ApiError error;
        error.kind = ApiError::Kind::InvalidResponse;
        error.message = tr("The service sent the same NextToken twice in a row.");
        fail(error);
        return;
    }
    slice->nextToken = response.nextToken;
    if (slice->nextToken.isEmpty()) {
        slice->exhausted = true;
    }
    acceptRows(slice, std::move(response.opportunitySummaries));
    // The next pages go out before these rows are handed on, so that the service works on them
    // while the receivers (a table, an output) take these.
    stealWork();
    requestPages();
    emitReady();
    if (m_phase != Phase::Listing) {
        return;
    }
    reportProgress();
}

void OpportunityLister::acceptRows(Slice *slice, QList<OpportunitySummary> &&rows)
{
    const bool lastModified = sortedByLastModified();
    const bool down = descending() != slice->reversed; // the order the slice visits rows in
    const MergeOrder order{sortKeyOf(m_request), descending()};
    for (OpportunitySummary &summary : rows) {
        const qint64 ms = summary.lastModifiedDateMs;
        if (!slice->contains(ms)) {
            if (!lastModified) {
                continue; // a neighbour's row at a widened bound
            }
            // Sorted by LastModifiedDate: before the side the slice's visit starts from it
            // belongs to a neighbour; past the other side the slice is complete.
            const bool behind = ms != NoTime
                                && (down ? (!slice->hiOpen && ms >= slice->hi)
                                         : (!slice->loOpen && ms < slice->lo));
            if (behind) {
                continue;
            }
            slice->exhausted = true;
            break;
        }
        Row row{std::move(summary), {}, false};
        if (!lastModified) {
            row.hasKey = order.hasValue(row.summary);
            if (order.key == SortKey::CustomerCompanyName && row.hasKey) {
                row.textKey = row.summary.companyName.toLower().toUtf8();
            }
        }
        if (ms != NoTime) {
            if (slice->startMs == NoTime) {
                slice->startMs = ms;
            }
            slice->frontierMs = ms;
        }
        ++slice->accepted;
        slice->rows.append(std::move(row));
    }
    if (slice->startMs != NoTime && slice->frontierMs != slice->startMs) {
        slice->densitySeen = true;
        slice->density = double(slice->accepted)
                         / double(std::abs(slice->frontierMs - slice->startMs) + 1);
    }
}

void OpportunityLister::stealWork()
{
    if (!sortedByLastModified() || m_minMs == NoTime || m_maxMs == NoTime) {
        return;
    }
    const double minimumRows = StealMinimumPages * m_pageSize;
    const int useful = usefulConcurrency();
    for (;;) {
        const auto active = std::count_if(m_slices.cbegin(), m_slices.cend(),
                                          [](const auto &slice) { return !slice->exhausted; });
        if (active >= useful) {
            return;
        }
        // The unvisited part of each slice, [from, to] in the order it visits rows, and its
        // estimated rows.
        Slice *best = nullptr;
        qint64 bestFrom = 0;
        qint64 bestTo = 0;
        double bestRows = 0;
        double bestNear = 0;
        double bestFar = 0;
        for (auto it = m_slices.cbegin(); it != m_slices.cend(); ++it) {
            const Slice *slice = it->get();
            if (slice->exhausted) {
                continue;
            }
            // Its unvisited part ends at a neighbour (the next slice in output order, or the
            // previous one for a slice visiting backwards): the density seen there and its own
            // make a linear estimate of the rows in between.
            const auto neighbour = slice->reversed
                                           ? (it == m_slices.cbegin() ? m_slices.cend() : it - 1)
                                           : it + 1;
            const double nearDensity = slice->density;
            const double farDensity = neighbour != m_slices.cend() && (*neighbour)->densitySeen
                                              ? (*neighbour)->density
                                              : nearDensity;
            const bool down = descending() != slice->reversed;
            const qint64 low = slice->loOpen ? m_minMs : slice->lo;
            const qint64 high = slice->hiOpen ? m_maxMs : slice->hi - 1;
            const qint64 from
                    = slice->frontierMs != NoTime ? slice->frontierMs : (down ? high : low);
            const qint64 to = down ? low : high;
            const qint64 span = down ? from - to : to - from;
            const double rows = (nearDensity + farDensity) / 2 * double(span);
            if (span >= 2 && rows > bestRows) {
                best = const_cast<Slice *>(slice);
                bestFrom = from;
                bestTo = to;
                bestRows = rows;
                bestNear = nearDensity;
                bestFar = farDensity;
            }
        }
        if (!best || bestRows < minimumRows) {
            return;
        }
        // The far half, in the order `best` visits rows, becomes a new slice beside it.
        auto slice = std::make_unique<Slice>();
        // The cut leaves as many rows on either side, by the linear estimate.
        const auto x = qint64(
                std::llround(equalRowsCut(double(std::abs(bestTo - bestFrom)), bestNear, bestFar)));
        if (descending() != best->reversed) {
            const qint64 cut = std::clamp(bestFrom - x, bestTo + 1, bestFrom);
            slice->loOpen = best->loOpen;
            slice->lo = best->lo;
            slice->hiOpen = false;
            slice->hi = cut;
            best->loOpen = false;
            best->lo = cut;
        } else {
            const qint64 cut = std::clamp(bestFrom + x, bestFrom + 1, bestTo);
            slice->hiOpen = best->hiOpen;
            slice->hi = best->hi;
            slice->loOpen = false;
            slice->lo = cut;
            best->hiOpen = false;
            best->hi = cut;
        }
        slice->density = best->density;
        slice->query = sliceRequest(*slice);
        qCDebug(lcOpportunityLister).nospace()
                << "split a slice with ~" << qint64(bestRows) << " rows left at "
                << utcFromMs(slice->loOpen ? slice->hi : slice->lo).toString(Qt::ISODateWithMs);
        // In output order the new slice comes after a slice that visits in output order, and
        // before one that visits backwards.
        auto at = std::find_if(m_slices.begin(), m_slices.end(),
                               [best](const auto &s) { return s.get() == best; });
        if (!best->reversed) {
            ++at;
        }
        m_slices.insert(at, std::move(slice));
        ++m_sliceCount;
    }
}

void OpportunityLister::noteLatency(qint64 ms)
{
    m_latencies.append(ms);
    if (m_latencies.size() > LatencySamples) {
        m_latencies.removeFirst();
    }
}

bool OpportunityLister::rateLimited() const
{
    return m_client && m_client->rateLimiter()->isEnabled();
}

int OpportunityLister::usefulConcurrency() const
{
    // Slices pay off while a call waits on the network: a service that answers within a few
    // milliseconds keeps one slice busy, and more would only hold rows back for the merge.
    // Under a rate cap, slices beyond rate × latency would only wait for tokens and add their
    // partial last pages to the requests spent. The smallest recent call time is the one least
    // inflated by waiting for a token.
    if (m_latencies.isEmpty()) {
        return rateLimited() ? m_maxConcurrency : 1;
    }
    const qint64 latencyMs = *std::min_element(m_latencies.cbegin(), m_latencies.cend());
    double useful = std::ceil(double(latencyMs) / MinLatencyPerSliceMs);
    if (rateLimited()) {
        const RequestRateLimiter *limiter = m_client->rateLimiter();
        useful = std::min(useful, std::ceil(limiter->currentRate() * double(latencyMs) / 1000.0
                                            * ConcurrencyHeadroom));
    }
    return std::clamp(int(useful), 1, m_maxConcurrency);
}

void OpportunityLister::schedule()
{
    requestPages();
    reportProgress();
}

void OpportunityLister::requestPages()
{
    for (const auto &slice : m_slices) {
        if (m_inFlight >= m_maxConcurrency) {
            break;
        }
        if (!slice->exhausted && !slice->inFlight) {
            requestPage(slice.get());
        }
    }
}

void OpportunityLister::reportProgress()
{
    Q_EMIT progress(m_rowsEmitted, m_pages, m_requests);
    if (m_slices.empty() && m_inFlight == 0 && m_phase == Phase::Listing) {
        finish({});
    }
}

void OpportunityLister::emitReady()
{
    if (sortedByLastModified()) {
        emitConcatenated();
    } else {
        emitMerged();
    }
}

void OpportunityLister::emitConcatenated()
{
    QList<OpportunitySummary> out;
    while (!m_slices.empty()) {
        Slice *slice = m_slices.front().get();
        if (slice->reversed) {
            if (!slice->exhausted || slice->inFlight) {
                break;
            }
            // Visited backwards: into output order by LastModifiedDate. The sort is stable, so
            // rows of equal LastModifiedDate keep the service's order (Id ascending, either way).
            const bool down = descending();
            std::stable_sort(
                    slice->rows.begin() + slice->head, slice->rows.end(),
                    [down](const Row &a, const Row &b) {
                        return down ? a.summary.lastModifiedDateMs > b.summary.lastModifiedDateMs
                                    : a.summary.lastModifiedDateMs < b.summary.lastModifiedDateMs;
                    });
        }
        for (qsizetype i = slice->head; i < slice->rows.size(); ++i) {
            out.append(std::move(slice->rows[i].summary));
        }
        slice->rows.clear();
        slice->head = 0;
        if (!slice->exhausted || slice->inFlight) {
            break;
        }
        m_slices.erase(m_slices.begin());
    }
    if (!out.isEmpty()) {
        m_rowsEmitted += out.size();
        Q_EMIT rowsReady(out);
    }
}

void OpportunityLister::emitMerged()
{
    const MergeOrder order{sortKeyOf(m_request), descending()};
    QList<OpportunitySummary> out;
    for (;;) {
        Slice *first = nullptr;
        bool blocked = false;
        for (const auto &slice : m_slices) {
            if (!slice->hasBuffered()) {
                if (!slice->exhausted) {
                    blocked = true; // its next row may come first
                    break;
                }
                continue;
            }
            if (!first || order.before(slice->rows.at(slice->head), first->rows.at(first->head))) {
                first = slice.get();
            }
        }
        if (blocked || !first) {
            break;
        }
        const OpportunitySummary &next = first->rows.at(first->head).summary;
        if (m_headChecked < m_expectedHead.size()) {
            if (next.id != m_expectedHead.at(m_headChecked)) {
                qCWarning(lcOpportunityLister).noquote()
                        << "the service orders" << m_request.sort->sortBy
                        << "differently from the merge; rows may be out of the service's order";
                m_expectedHead.clear();
            }
            ++m_headChecked;
        }
        out.append(std::move(first->rows[first->head].summary));
        if (++first->head == first->rows.size()) {
            first->rows.clear();
            first->head = 0;
        }
    }
    std::erase_if(m_slices, [](const auto &slice) {
        return slice->exhausted && !slice->inFlight && !slice->hasBuffered();
    });
    if (!out.isEmpty()) {
        m_rowsEmitted += out.size();
        Q_EMIT rowsReady(out);
    }
}

void OpportunityLister::fail(const ApiError &error)
{
    qCInfo(lcOpportunityLister).noquote()
            << "listing failed after" << m_rowsEmitted << "rows:" << error.summary();
    abortAll();
    finish(error);
}

void OpportunityLister::finish(ApiError error)
{
    if (m_finished) {
        return;
    }
    m_phase = Phase::Done;
    m_finished = true;
    m_error = std::move(error);
    m_elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    qCDebug(lcOpportunityLister).nospace()
            << "finished rows=" << m_rowsEmitted << " pages=" << m_pages
            << " requests=" << m_requests << " slices=" << m_sliceCount
            << " elapsedMs=" << m_elapsedMs;
    Q_EMIT finished();
}

void OpportunityLister::abortAll()
{
    QList<ListOpportunitiesCall *> calls = std::exchange(m_probes, {});
    m_pendingProbes.clear();
    for (const auto &slice : m_slices) {
        if (slice->call) {
            calls.append(slice->call);
            slice->call = nullptr;
            slice->inFlight = false;
        }
    }
    m_slices.clear();
    for (ListOpportunitiesCall *call : std::as_const(calls)) {
        disconnect(call, nullptr, this, nullptr);
        call->abort();
        call->deleteLater();
    }
    m_inFlight = 0;
}

} // namespace Pd::Core
