#include "backgroundopportunityoutput.h"

namespace Pd::Core {

// The worker is a std::thread, not a QThread: it needs no event loop, signals or objects living
// in it, it only takes calls from a queue. A mutex and two condition variables are the whole
// protocol, and the thread is joined exactly where the output is drained, finished or destroyed.

BackgroundOpportunityOutput::BackgroundOpportunityOutput(std::unique_ptr<OpportunityOutput> inner)
    : m_inner(std::move(inner)), m_carriesNextToken(m_inner->carriesNextToken())
{ }

BackgroundOpportunityOutput::~BackgroundOpportunityOutput()
{
    drain();
}

bool BackgroundOpportunityOutput::begin()
{
    return enqueue(Call{true, {}});
}

bool BackgroundOpportunityOutput::writeSummaries(const QList<OpportunitySummary> &summaries)
{
    // A shallow copy: QList shares its data between threads with atomic reference counts.
    return enqueue(Call{false, summaries});
}

bool BackgroundOpportunityOutput::finish(const QString &nextToken)
{
    if (!drain()) {
        return false;
    }
    // The worker has been joined: the inner output and its device are this thread's now.
    if (m_inner->finish(nextToken)) {
        return true;
    }
    const QString error = m_inner->errorString();
    std::lock_guard lock(m_mutex);
    if (!m_failed) {
        m_failed = true;
        m_error = error;
    }
    return false;
}

QString BackgroundOpportunityOutput::errorString() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

bool BackgroundOpportunityOutput::drain()
{
    if (m_worker.joinable()) {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_callQueued.notify_one();
        m_worker.join(); // the worker runs what is queued before it stops
    }
    std::lock_guard lock(m_mutex);
    m_stopping = false;
    m_written.clear(); // the worker has stopped
    return !m_failed;
}

bool BackgroundOpportunityOutput::enqueue(Call call)
{
    const qsizetype count = call.summaries.size();
    std::vector<QList<OpportunitySummary>> written; // destroyed here, after the lock is released
    {
        std::unique_lock lock(m_mutex);
        written.swap(m_written);
        // Backpressure. An empty queue always takes the call, however large the page.
        m_callDone.wait(lock, [this, count] {
            return m_failed || m_pendingSummaries == 0
                   || m_pendingSummaries + count <= MaxPendingSummaries;
        });
        if (m_failed) {
            return false;
        }
        m_queue.push_back(std::move(call));
        m_pendingSummaries += count;
    }
    if (m_worker.joinable()) {
        m_callQueued.notify_one();
    } else {
        m_worker = std::thread(&BackgroundOpportunityOutput::run, this);
    }
    return true;
}

void BackgroundOpportunityOutput::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_callQueued.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty()) {
            return; // stopping, and everything queued has been written
        }
        Call call = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();

        const bool ok = call.begin ? m_inner->begin() : m_inner->writeSummaries(call.summaries);
        const QString error = ok ? QString() : m_inner->errorString();
        const qsizetype count = call.summaries.size();

        lock.lock();
        // The summaries go back to the caller's thread to be freed: their memory comes from
        // that thread's malloc arena, and freeing it here would contend for the arena's lock
        // with every allocation the caller makes while parsing the next page.
        m_written.push_back(std::move(call.summaries));
        m_pendingSummaries -= count;
        if (!ok && !m_failed) {
            m_failed = true;
            m_error = error;
            // The inner output refuses everything after a failure; drop what would follow.
            m_queue.clear();
            m_pendingSummaries = 0;
        }
        m_callDone.notify_all();
    }
}

} // namespace Pd::Core
