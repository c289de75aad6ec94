#include "requestratelimiter.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcRequestRateLimiter, "partnerdesk.core.requestratelimiter")

namespace Pd::Core {

namespace {

constexpr double NsPerSecond = 1e9;
constexpr qint64 NsPerMs = 1000 * 1000;
constexpr double RecoveryFractionPerSecond = 0.1;

} // namespace

RequestRateLimiter::RequestRateLimiter(double maxRequestsPerSecond, QObject *parent)
    : QObject(parent), m_timer(new QTimer(this))
{
    m_clock.start();
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &RequestRateLimiter::grantWaiting);
    setMaxRequestsPerSecond(maxRequestsPerSecond);
}

RequestRateLimiter::~RequestRateLimiter() = default;

void RequestRateLimiter::setMaxRequestsPerSecond(double rate)
{
    m_configuredRate = std::isfinite(rate) && rate > 0 ? rate : 0;
    m_decreasedAtNs = -1;
    m_decreasedRate = m_configuredRate;
    m_recoveryReported = true;
    m_refilledAtNs = m_clock.nsecsElapsed();
    // One token short of a full burst: the first requests also wait for their connections,
    // which squeezes the later ones closer together in the service's view.
    m_tokens = std::max(1.0, m_configuredRate - 1);
    if (!isEnabled()) {
        m_timer->stop();
        const QList<Waiter> waiting = std::exchange(m_waiting, {});
        for (const Waiter &waiter : waiting) {
            if (waiter.context) {
                waiter.ready();
            }
        }
        return;
    }
    grantWaiting();
}

double RequestRateLimiter::currentRate() const
{
    return rateAt(m_clock.nsecsElapsed());
}

double RequestRateLimiter::rateAt(qint64 nowNs) const
{
    if (m_decreasedAtNs < 0) {
        return m_configuredRate;
    }
    const qint64 recoveringNs = nowNs - m_decreasedAtNs - RecoveryHoldMs * NsPerMs;
    if (recoveringNs <= 0) {
        return m_decreasedRate;
    }
    const double growth
            = m_configuredRate * RecoveryFractionPerSecond * double(recoveringNs) / NsPerSecond;
    return std::min(m_configuredRate, m_decreasedRate + growth);
}

void RequestRateLimiter::refill(qint64 nowNs)
{
    const qint64 elapsedNs = nowNs - m_refilledAtNs;
    if (elapsedNs <= 0) {
        return;
    }
    // The rate only rises between decreases: the smaller end never credits a token early.
    const double rate = std::min(rateAt(m_refilledAtNs), rateAt(nowNs)) * PaceFactor;
    const double capacity = std::max(1.0, rateAt(nowNs));
    m_tokens = std::min(capacity, m_tokens + rate * double(elapsedNs) / NsPerSecond);
    m_refilledAtNs = nowNs;
    if (!m_recoveryReported && rateAt(nowNs) >= m_configuredRate) {
        m_recoveryReported = true;
        m_decreasedAtNs = -1;
        qCDebug(lcRequestRateLimiter) << "rate recovered to" << m_configuredRate << "requests/s";
        Q_EMIT rateChanged(m_configuredRate);
    }
}

void RequestRateLimiter::acquire(QObject *context, std::function<void()> ready)
{
    if (!isEnabled()) {
        ready();
        return;
    }
    const qint64 now = m_clock.nsecsElapsed();
    refill(now);
    if (m_waiting.isEmpty() && m_tokens >= 1.0) {
        m_tokens -= 1.0;
        ready();
        return;
    }
    m_waiting.append(Waiter{context, std::move(ready)});
    scheduleTimer(now);
}

void RequestRateLimiter::cancel(QObject *context)
{
    m_waiting.removeIf([context](const Waiter &waiter) {
        return !waiter.context || waiter.context == context;
    });
    if (m_waiting.isEmpty()) {
        m_timer->stop();
    }
}

void RequestRateLimiter::reportThrottled()
{
    if (!isEnabled()) {
        return;
    }
    const qint64 now = m_clock.nsecsElapsed();
    refill(now);
    if (m_decreasedAtNs >= 0 && now - m_decreasedAtNs < DecreaseGuardMs * NsPerMs) {
        return;
    }
    m_decreasedRate = std::max(m_configuredRate * MinimumRateFactor, rateAt(now) / 2);
    m_decreasedAtNs = now;
    m_recoveryReported = false;
    m_tokens = 0;
    ++m_decreases;
    qCInfo(lcRequestRateLimiter) << "throttled by the service; request rate lowered to"
                                 << m_decreasedRate << "requests/s";
    Q_EMIT rateChanged(m_decreasedRate);
    if (!m_waiting.isEmpty()) {
        scheduleTimer(now);
    }
}

void RequestRateLimiter::grantWaiting()
{
    const qint64 now = m_clock.nsecsElapsed();
    refill(now);
    while (!m_waiting.isEmpty() && m_tokens >= 1.0) {
        const Waiter waiter = m_waiting.takeFirst();
        if (!waiter.context) {
            continue;
        }
        m_tokens -= 1.0;
        waiter.ready(); // may acquire() or cancel() again
    }
    if (!m_waiting.isEmpty()) {
        scheduleTimer(m_clock.nsecsElapsed());
    }
}

void RequestRateLimiter::scheduleTimer(qint64 nowNs)
{
    const double rate = std::max(rateAt(nowNs), m_configuredRate * MinimumRateFactor) * PaceFactor;
    const double missingNs = std::max(0.0, 1.0 - m_tokens) / rate * NsPerSecond;
    // Rounded up to whole milliseconds: a token is never granted early.
    const int delayMs = int(std::ceil(missingNs / double(NsPerMs)));
    m_timer->start(std::max(1, delayMs));
}

} // namespace Pd::Core
