#include "opportunitylister.h"

#include "awsclient.h"
#include "awsjsoncall.h"
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

} // namespace

/// One page to fetch: the call in flight, and when a failed one may be made again.
struct OpportunityLister::Fetch
{
    ListOpportunitiesCall *call = nullptr;
    quint64 epoch = 0; ///< the concurrency window's epoch when the call started
    int failures = 0; ///< calls of this page that failed in a row
    qint64 resumeAtMs = 0; ///< not requested again before this time (elapsedMs())
};

/// One slice of the listing: rows whose key lies in [lo, hi) (an open side takes the query's
/// own bound, or none). `query` is what is sent, fixed at creation so that its NextTokens stay
/// valid; a split narrows [lo, hi) on the client side only.
struct OpportunityLister::Slice
{
    ListOpportunitiesRequest query;
    bool loOpen = true;
    bool hiOpen = true;
    qint64 lo = 0;
    qint64 hi = 0;
    QString nextToken;
    bool exhausted = false; ///< no more pages are needed
    Fetch fetch;
    QList<OpportunitySummary> rows; ///< accepted, not yet emitted
    qint64 startMs = NoTime; ///< the key of the first accepted row (for density)
    qint64 frontierMs = NoTime; ///< the key of the last accepted row
    qint64 accepted = 0;
    double density = 0; ///< rows per millisecond seen so far (or inherited)
    bool densitySeen = false; ///< `density` comes from the slice's own rows

    bool contains(qint64 ms) const
    {
        if (loOpen && hiOpen) {
            return true;
        }
        return ms != NoTime && (loOpen || ms >= lo) && (hiOpen || ms < hi);
    }
};

OpportunityLister::OpportunityLister(AwsClient *client, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_resumeTimer(new QTimer(this)),
      m_budgetTimer(new QTimer(this))
{
    m_resumeTimer->setSingleShot(true);
    connect(m_resumeTimer, &QTimer::timeout, this, &OpportunityLister::schedule);
    m_budgetTimer->setSingleShot(true);
    connect(m_budgetTimer, &QTimer::timeout, this, [this] {
        // No page succeeded for the whole budget: give up if calls failed meanwhile; calls that
        // are only slow have their own transfer timeout.
        if (m_lastFailure.isError()) {
            giveUp();
        } else {
            m_budgetTimer->start(m_retryBudgetMs);
        }
    });
}

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

void OpportunityLister::setRetryBudgetMs(int ms)
{
    m_retryBudgetMs = std::max(0, ms);
}

qint64 OpportunityLister::elapsedMs() const
{
    if (m_elapsedMs >= 0) {
        return m_elapsedMs;
    }
    return m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
}

bool OpportunityLister::descending() const
{
    return !m_request.sort || m_request.sort->sortOrder != "ASCENDING"_L1;
}

bool OpportunityLister::partitioned() const
{
    const SortKey key = sortKeyOf(m_request);
    return m_maxConcurrency > 1
           && (key == SortKey::LastModifiedDate || key == SortKey::CreatedDate);
}

qint64 OpportunityLister::keyOf(const OpportunitySummary &summary) const
{
    return m_keyIsCreatedDate ? summary.createdDateMs : summary.lastModifiedDateMs;
}

void OpportunityLister::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    m_elapsed.start();
    m_pageSize = m_request.maxResults.value_or(DefaultServicePageSize);
    m_keyIsCreatedDate = sortKeyOf(m_request) == SortKey::CreatedDate;

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
    m_window = m_maxConcurrency;
    auto head = std::make_unique<Slice>();
    head->query = m_request;
    m_slices.push_back(std::move(head));
    m_sliceCount = 1;
    if (partitioned()) {
        m_probe = std::make_unique<Fetch>();
    }
    m_budgetTimer->start(m_retryBudgetMs);
    schedule();
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

ListOpportunitiesCall *OpportunityLister::startCall(const ListOpportunitiesRequest &request,
                                                    Fetch *fetch)
{
    auto *call = new ListOpportunitiesCall(m_client, request, this);
    ++m_requests;
    ++m_inFlight;
    fetch->call = call;
    fetch->epoch = m_windowEpoch;
    connect(call, &ListOpportunitiesCall::retrying, this,
            [this, epoch = m_windowEpoch](int, int delayMs, const ApiError &cause) {
                ++m_requests;
                noteAttemptFailure(cause, epoch);
                if (AwsJsonCall::classify(cause) == AwsJsonCall::RetryClass::Throttling) {
                    Q_EMIT waitingForQuota(delayMs);
                }
            });
    return call;
}

void OpportunityLister::requestPage(Slice *slice)
{
    ListOpportunitiesCall *call
            = startCall(slice->query.withNextToken(slice->nextToken), &slice->fetch);
    connect(call, &ListOpportunitiesCall::finished, this,
            [this, slice, call] { handlePage(slice, call); });
    call->start();
}

void OpportunityLister::requestProbe()
{
    ListOpportunitiesRequest request = m_request;
    request.sort = OpportunitySort{request.sort ? request.sort->sortBy : u"LastModifiedDate"_s,
                                   descending() ? u"ASCENDING"_s : u"DESCENDING"_s};
    ListOpportunitiesCall *call = startCall(request, m_probe.get());
    connect(call, &ListOpportunitiesCall::finished, this, [this, call] { handleProbe(call); });
    call->start();
}

bool OpportunityLister::handleOutcome(Fetch *fetch, ListOpportunitiesCall *call,
                                      bool fatalOnFailure)
{
    --m_inFlight;
    fetch->call = nullptr;
    call->deleteLater();
    const ApiError &error = call->error();
    if (!error.isError()) {
        ++m_pages;
        fetch->failures = 0;
        m_lastFailure = {};
        m_budgetTimer->start(m_retryBudgetMs);
        m_window = std::min(m_maxConcurrency, m_window + 1);
        return true;
    }
    m_lastFailure = error;
    const AwsJsonCall::RetryClass retryClass = AwsJsonCall::classify(error);
    if (retryClass == AwsJsonCall::RetryClass::None || fatalOnFailure || !m_client) {
        fail(error);
        return false;
    }
    const bool throttled = retryClass == AwsJsonCall::RetryClass::Throttling;
    if (throttled) {
        noteThrottled(fetch->epoch);
    }
    // The page is asked for again later, its backoff continuing where the call's stopped.
    ++fetch->failures;
    ++m_resumes;
    const RetryConfig &retry = m_client->config().retry;
    const int delayMs = AwsJsonCall::backoffMs(
            retry, retryClass, std::max(0, retry.maxAttempts - 1) + fetch->failures - 1,
            m_client->nextJitter());
    fetch->resumeAtMs = elapsedMs() + delayMs;
    qCInfo(lcOpportunityLister).noquote()
            << "resuming a page in" << delayMs << "ms after:" << error.summary();
    if (throttled) {
        Q_EMIT waitingForQuota(delayMs);
    }
    return false;
}

void OpportunityLister::noteAttemptFailure(const ApiError &cause, quint64 epoch)
{
    // A call's own failure, once it has one, tells more (its attempts) than an attempt's cause.
    if (!m_lastFailure.isError()) {
        m_lastFailure = cause;
    }
    if (AwsJsonCall::classify(cause) == AwsJsonCall::RetryClass::Throttling) {
        noteThrottled(epoch);
    }
}

void OpportunityLister::noteThrottled(quint64 epoch)
{
    // A call started before the last decrease was sent at the old window: once per round.
    if (epoch != m_windowEpoch) {
        return;
    }
    ++m_windowEpoch;
    m_window = std::max(1, m_window / 2);
    qCInfo(lcOpportunityLister) << "throttled; at most" << m_window << "calls in flight";
}

void OpportunityLister::handlePage(Slice *slice, ListOpportunitiesCall *call)
{
    const bool firstPage = !m_firstPageDone;
    if (!handleOutcome(&slice->fetch, call, firstPage)) {
        if (!m_finished) {
            schedule();
        }
        return;
    }
    m_firstPageDone = true;
    if (!firstPage || rateLimited()) {
        // A query's first page can be slow for reasons of its own (the service preparing the
        // query): without a rate cap, the split waits for the latency of a later page.
        noteLatency(call->elapsedMs());
    }
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
    if (firstPage) {
        const QList<OpportunitySummary> &rows = response.opportunitySummaries;
        m_rangeUnknown = m_rangeUnknown
                         || std::any_of(rows.cbegin(), rows.cend(),
                                        [this](const auto &row) { return keyOf(row) == NoTime; });
    }
    acceptRows(slice, std::move(response.opportunitySummaries));
    // The next pages go out before these rows are handed on, so that the service works on them
    // while the receivers (a table, an output) take these.
    stealWork();
    requestPages();
    emitReady();
    if (m_finished) {
        return;
    }
    reportProgress();
}

void OpportunityLister::handleProbe(ListOpportunitiesCall *call)
{
    if (!handleOutcome(m_probe.get(), call, false)) {
        if (!m_finished) {
            schedule();
        }
        return;
    }
    m_probe.reset();
    if (rateLimited()) {
        noteLatency(call->elapsedMs());
    }
    const ListOpportunitiesResponse response = call->takeResponse();
    // Its first row is the far end of the range; the page shows the row density there.
    qsizetype keyed = 0;
    qint64 last = NoTime;
    for (const OpportunitySummary &summary : response.opportunitySummaries) {
        const qint64 ms = keyOf(summary);
        if (ms == NoTime) {
            m_rangeUnknown = true;
            break;
        }
        last = ms;
        ++keyed;
    }
    if (keyed > 0) {
        m_farMs = keyOf(response.opportunitySummaries.constFirst());
        m_farDensity = double(keyed) / double(std::abs(last - m_farMs) + 1);
    }
    stealWork();
    schedule();
}

void OpportunityLister::acceptRows(Slice *slice, QList<OpportunitySummary> &&rows)
{
    // The rows come in the slice's order: first those before its range (a neighbour's, at a
    // widened bound), then its own, then the first one past it, where the slice is complete.
    const bool down = descending();
    const auto behind = [slice, down](qint64 ms) {
        return ms != NoTime
               && (down ? (!slice->hiOpen && ms >= slice->hi) : (!slice->loOpen && ms < slice->lo));
    };
    const qsizetype count = rows.size();
    qsizetype first = 0;
    while (first < count && behind(keyOf(rows.at(first)))) {
        ++first;
    }
    qsizetype end = first;
    for (; end < count; ++end) {
        const qint64 ms = keyOf(rows.at(end));
        if (!slice->contains(ms)) {
            break;
        }
        if (ms == NoTime) {
            m_rangeUnknown = true; // only an uncut slice takes it: never cut from now on
            continue;
        }
        if (slice->startMs == NoTime) {
            slice->startMs = ms;
        }
        slice->frontierMs = ms;
    }
    if (end < count) {
        slice->exhausted = true;
        if (keyOf(rows.at(end)) == NoTime) {
            qCWarning(lcOpportunityLister).noquote()
                    << "a row without" << (m_request.sort ? m_request.sort->sortBy : QString())
                    << "in a partitioned listing: such rows belong to no slice";
        }
    }
    slice->accepted += end - first;
    if (first == 0 && end == count && slice->rows.isEmpty()) {
        slice->rows = std::move(rows);
    } else {
        for (qsizetype i = first; i < end; ++i) {
            slice->rows.append(std::move(rows[i]));
        }
    }
    if (slice->startMs != NoTime && slice->frontierMs != slice->startMs) {
        slice->densitySeen = true;
        slice->density = double(slice->accepted)
                         / double(std::abs(slice->frontierMs - slice->startMs) + 1);
    }
}

void OpportunityLister::stealWork()
{
    if (!partitioned() || m_rangeUnknown || m_farMs == NoTime) {
        return;
    }
    const double minimumRows = StealMinimumPages * m_pageSize;
    const int useful = std::min(usefulConcurrency(), m_window);
    const bool down = descending();
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
            Slice *slice = it->get();
            if (slice->exhausted) {
                continue;
            }
            qint64 from = slice->frontierMs;
            if (from == NoTime) {
                if (down ? slice->hiOpen : slice->loOpen) {
                    continue; // the first slice before its first page
                }
                from = down ? slice->hi - 1 : slice->lo;
            }
            const qint64 to = down ? (slice->loOpen ? m_farMs : slice->lo)
                                   : (slice->hiOpen ? m_farMs : slice->hi - 1);
            const qint64 span = down ? from - to : to - from;
            // Its unvisited part ends where the next slice begins, or at the far end: the
            // density seen there and its own make a linear estimate of the rows in between.
            const auto next = it + 1;
            const double nearDensity = slice->density;
            const double farDensity = next == m_slices.cend() ? m_farDensity
                                      : (*next)->densitySeen  ? (*next)->density
                                                              : nearDensity;
            const double rows = (nearDensity + farDensity) / 2 * double(span);
            if (span >= 2 && rows > bestRows) {
                best = slice;
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
        // The far part of `best`'s range becomes a new slice right after it; the cut leaves as
        // many rows on either side, by the linear estimate.
        auto slice = std::make_unique<Slice>();
        const auto x = qint64(
                std::llround(equalRowsCut(double(std::abs(bestTo - bestFrom)), bestNear, bestFar)));
        qint64 cut = 0;
        if (down) {
            cut = std::clamp(bestFrom - x, bestTo + 1, bestFrom);
            slice->loOpen = best->loOpen;
            slice->lo = best->lo;
            slice->hiOpen = false;
            slice->hi = cut;
            best->loOpen = false;
            best->lo = cut;
        } else {
            cut = std::clamp(bestFrom + x, bestFrom + 1, bestTo);
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
                << utcFromMs(cut).toString(Qt::ISODateWithMs);
        auto at = std::find_if(m_slices.begin(), m_slices.end(),
                               [best](const auto &s) { return s.get() == best; });
        m_slices.insert(at + 1, std::move(slice));
        ++m_sliceCount;
    }
}

ListOpportunitiesRequest OpportunityLister::sliceRequest(const Slice &slice) const
{
    ListOpportunitiesRequest request = m_request;
    DateTimeRange &range = m_keyIsCreatedDate ? request.createdDate : request.lastModifiedDate;
    // One millisecond wider than the slice on each inner side, within the query's own range:
    // whether the service treats a bound as inclusive or exclusive, and however finely it
    // stores timestamps, every row of the slice comes back.
    if (!slice.loOpen) {
        const QDateTime after = utcFromMs(slice.lo - 1);
        range.after = range.after.isValid() ? std::max(after, range.after) : after;
    }
    if (!slice.hiOpen) {
        const QDateTime before = utcFromMs(slice.hi + 1);
        range.before = range.before.isValid() ? std::min(before, range.before) : before;
    }
    return request;
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
    // milliseconds keeps one slice busy, and more would only hold rows back. Under a rate cap,
    // slices beyond rate × latency would only wait for tokens and add their partial last pages
    // to the requests spent. The smallest recent call time is the one least inflated by
    // waiting for a token.
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
    if (m_finished) {
        return;
    }
    const qint64 now = elapsedMs();
    qint64 nextResumeMs = -1;
    const auto due = [now, &nextResumeMs](const Fetch &fetch) {
        if (fetch.call) {
            return false;
        }
        if (fetch.resumeAtMs <= now) {
            return true;
        }
        nextResumeMs
                = nextResumeMs < 0 ? fetch.resumeAtMs : std::min(nextResumeMs, fetch.resumeAtMs);
        return false;
    };
    // Slices in output order first: the rows that can go out soonest.
    for (const auto &slice : m_slices) {
        if (!slice->exhausted && due(slice->fetch) && m_inFlight < m_window) {
            requestPage(slice.get());
        }
    }
    if (m_probe && due(*m_probe) && m_inFlight < m_window) {
        requestProbe();
    }
    if (nextResumeMs >= 0) {
        m_resumeTimer->start(int(std::max<qint64>(0, nextResumeMs - now)));
    }
}

void OpportunityLister::reportProgress()
{
    Q_EMIT progress(m_rowsEmitted, m_pages, m_requests);
    if (!m_finished && m_slices.empty()) {
        abortAll(); // the range probe, if it is still on its way
        finish({});
    }
}

void OpportunityLister::emitReady()
{
    QList<OpportunitySummary> out;
    while (!m_slices.empty()) {
        Slice *slice = m_slices.front().get();
        if (out.isEmpty()) {
            out = std::move(slice->rows);
        } else {
            for (OpportunitySummary &summary : slice->rows) {
                out.append(std::move(summary));
            }
        }
        slice->rows.clear();
        if (!slice->exhausted) {
            break;
        }
        m_slices.erase(m_slices.begin());
    }
    if (!out.isEmpty()) {
        m_rowsEmitted += out.size();
        Q_EMIT rowsReady(out);
    }
}

void OpportunityLister::giveUp()
{
    ApiError error = m_lastFailure;
    const QString note = tr("No page of the listing succeeded in %1 s.")
                                 .arg(QString::number(m_retryBudgetMs / 1000.0, 'g', 3));
    error.message = error.message.isEmpty() ? note : error.message + u' ' + note;
    fail(error);
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
    m_finished = true;
    m_error = std::move(error);
    m_elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    qCDebug(lcOpportunityLister).nospace()
            << "finished rows=" << m_rowsEmitted << " pages=" << m_pages
            << " requests=" << m_requests << " slices=" << m_sliceCount << " resumes=" << m_resumes
            << " elapsedMs=" << m_elapsedMs;
    Q_EMIT finished();
}

void OpportunityLister::abortAll()
{
    QList<ListOpportunitiesCall *> calls;
    for (const auto &slice : m_slices) {
        if (slice->fetch.call) {
            calls.append(std::exchange(slice->fetch.call, nullptr));
        }
    }
    if (m_probe && m_probe->call) {
        calls.append(m_probe->call);
    }
    m_probe.reset();
    m_slices.clear();
    m_resumeTimer->stop();
    m_budgetTimer->stop();
    for (ListOpportunitiesCall *call : std::as_const(calls)) {
        disconnect(call, nullptr, this, nullptr);
        call->abort();
        call->deleteLater();
    }
    m_inFlight = 0;
}

} // namespace Pd::Core
