#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QTimer;

namespace Pd::Core {

/// The client-wide request rate limit: a token bucket every request attempt of an AwsClient
/// passes through, so that concurrent listings stay within the service quota (10 read requests
/// per second per partner account) instead of discovering it through ThrottlingException.
///
/// The bucket holds at most one second's worth of tokens (burst = rate, at least one) and
/// refills at `PaceFactor` times the current rate: a margin for network jitter, so that requests
/// paced at exactly a service bucket's rate do not arrive a little early and get throttled. For
/// the same reason it starts one token short of full.
/// `acquire()` runs its callback at once when a token is available, else later from a timer, in the
/// order the requests were made; `cancel()` withdraws the waiting requests of a context (an aborted
/// call). A destroyed context is skipped.
///
/// Throttling feedback (AIMD): `reportThrottled()` halves the current rate, no lower than a
/// sixteenth of the configured rate, and empties the bucket; throttles reported within
/// `DecreaseGuardMs` of a decrease belong to requests sent at the old rate and are ignored.
/// After `RecoveryHoldMs` without a decrease the rate grows back linearly by a tenth of the
/// configured rate per second. `rateChanged()` reports every decrease and the full recovery.
///
/// A configured rate of 0 disables the limiter: callbacks run at once, throttles are ignored.
/// Used from the client's thread only.
class RequestRateLimiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestRateLimiter)

public:
    static constexpr qint64 DecreaseGuardMs = 1000;
    static constexpr qint64 RecoveryHoldMs = 2000;
    static constexpr double MinimumRateFactor = 1.0 / 16;
    static constexpr double PaceFactor = 0.98;

    explicit RequestRateLimiter(double maxRequestsPerSecond, QObject *parent = nullptr);
    ~RequestRateLimiter() override;

    bool isEnabled() const { return m_configuredRate > 0; }
    double configuredRate() const { return m_configuredRate; }
    /// The rate in force now: the configured rate, or less while recovering from throttling.
    double currentRate() const;
    /// Changes the configured rate (0 disables); forgets any throttling decrease.
    void setMaxRequestsPerSecond(double rate);

    /// Runs `ready` when the request may be sent: synchronously when a token is available and
    /// nobody is waiting, else later (never after `context` was destroyed or cancelled).
    void acquire(QObject *context, std::function<void()> ready);
    /// Forgets every waiting request of `context`.
    void cancel(QObject *context);
    /// A request was throttled by the service.
    void reportThrottled();

    int waitingCount() const { return int(m_waiting.size()); }
    int throttleDecreases() const { return m_decreases; }

Q_SIGNALS:
    void rateChanged(double requestsPerSecond);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void()> ready;
    };

    double rateAt(qint64 nowNs) const;
    void refill(qint64 nowNs);
    void grantWaiting();
    void scheduleTimer(qint64 nowNs);

    double m_configuredRate = 0;
    double m_decreasedRate = 0; ///< the rate set by the last decrease
    qint64 m_decreasedAtNs = -1; ///< -1: no decrease in force
    double m_tokens = 0;
    qint64 m_refilledAtNs = 0;
    bool m_recoveryReported = true;
    int m_decreases = 0;
    QElapsedTimer m_clock;
    QTimer *m_timer = nullptr;
    QList<Waiter> m_waiting;
};

} // namespace Pd::Core
