#pragma once

#include "opportunityoutput.h"

#include <QtGlobal>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace Pd::Core {

/// Runs another OpportunityOutput on a worker thread, so the thread that receives the pages goes
/// straight back to the network while a page is formatted and written.
///
/// `begin()` and `writeSummaries()` queue the call and return true at once; the worker makes the
/// queued calls on the inner output one at a time, in order. The first call that fails is final:
/// what is still queued is dropped, and every later call returns false with the inner output's
/// `errorString()`. When more than MaxPendingSummaries summaries wait to be written,
/// `writeSummaries()` blocks until the worker has caught up, so a slow device (a pipe read
/// slowly) bounds memory instead of the whole listing piling up.
///
/// `finish()` waits for the queue, stops the worker and then calls the inner `finish()` on the
/// calling thread. `drain()` does the same without finishing (for a listing that ends with an
/// error). While the worker runs it alone uses the inner output and its device; after `finish()`
/// or `drain()` returned they belong to the caller again, until the next call starts a new
/// worker. The destructor drains too: nothing queued is lost and the worker is joined.
///
/// Meant to be used from one thread (the caller's); the worker is its only other user.
class BackgroundOpportunityOutput final : public OpportunityOutput
{
    Q_DISABLE_COPY_MOVE(BackgroundOpportunityOutput)

public:
    /// Summaries queued (or being written) beyond which `writeSummaries()` waits: 16 pages of
    /// the service's largest page (100), about 3 MB once written as indented JSON.
    static constexpr qsizetype MaxPendingSummaries = 16 * 100;

    explicit BackgroundOpportunityOutput(std::unique_ptr<OpportunityOutput> inner);
    ~BackgroundOpportunityOutput() override;

    bool begin() override;
    bool writeSummaries(const QList<OpportunitySummary> &summaries) override;
    bool finish(const QString &nextToken) override;
    QString errorString() const override;
    bool carriesNextToken() const override { return m_carriesNextToken; }

    /// Waits until every queued call has run and stops the worker. False when one of them
    /// failed (see `errorString()`). Afterwards the caller may use the inner output's device.
    bool drain();

private:
    struct Call
    {
        bool begin = false; ///< `begin()`; otherwise `writeSummaries(summaries)`
        QList<OpportunitySummary> summaries;
    };

    bool enqueue(Call call);
    void run();

    const std::unique_ptr<OpportunityOutput> m_inner;
    // A property of the format, read once so that the caller never touches m_inner while the
    // worker may be using it.
    const bool m_carriesNextToken;

    mutable std::mutex m_mutex;
    std::condition_variable m_callQueued; ///< the worker waits for a call (or for m_stopping)
    std::condition_variable m_callDone; ///< writeSummaries() waits for room in the queue
    std::deque<Call> m_queue; ///< guarded by m_mutex
    /// Pages written, freed by the caller's thread at its next call; guarded by m_mutex.
    std::vector<QList<OpportunitySummary>> m_written;
    qsizetype m_pendingSummaries = 0; ///< queued or being written; guarded by m_mutex
    bool m_stopping = false; ///< guarded by m_mutex
    bool m_failed = false; ///< guarded by m_mutex
    QString m_error; ///< the first failure's errorString(); guarded by m_mutex
    std::thread m_worker; ///< started and joined by the caller's thread only
};

} // namespace Pd::Core
