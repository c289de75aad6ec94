// The client-wide request rate limit: a token bucket on the real clock. Timed cases wait for the
// limiter's own grants (QTRY on what the callbacks recorded) and check them against the earliest
// moment the bucket allows, which the limiter must never beat.
#include "requestratelimiter.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <functional>
#include <limits>
#include <memory>

using Pd::Core::RequestRateLimiter;

namespace {

constexpr int WaitMs = 10000;

/// How long after its creation a limiter's bucket holds its `n`-th token beyond the initial
/// ones: it refills at PaceFactor × rate.
qint64 earliestGrantNs(double rate, int n)
{
    return qint64(std::floor(n / (rate * RequestRateLimiter::PaceFactor) * 1e9));
}

} // namespace

class tst_RequestRateLimiter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void disabled_runsAtOnceAndIgnoresThrottles_data();
    void disabled_runsAtOnceAndIgnoresThrottles();
    void burst_isOneShortOfTheRate();
    void waiting_grantedInOrderNeverEarly();
    void cancel_withdrawsOnlyThatContext();
    void destroyedContext_isSkippedWithoutItsToken();
    void grantedCallback_mayAcquireAgain();
    void disabling_releasesEveryWaiter();
    void throttled_halvesRateEmptiesBucketAndGuards();
    void throttled_neverBelowASixteenth();
    void recovery_afterHoldGrowsBackToTheConfiguredRate();
    void setMaxRequestsPerSecond_forgetsTheDecrease();
};

void tst_RequestRateLimiter::disabled_runsAtOnceAndIgnoresThrottles_data()
{
    QTest::addColumn<double>("rate");
    QTest::newRow("zero") << 0.0;
    QTest::newRow("negative") << -3.0;
    QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("infinite") << std::numeric_limits<double>::infinity();
}

void tst_RequestRateLimiter::disabled_runsAtOnceAndIgnoresThrottles()
{
    QFETCH(double, rate);
    RequestRateLimiter limiter(rate);
    QVERIFY(!limiter.isEnabled());
    QCOMPARE(limiter.configuredRate(), 0.0);
    QSignalSpy changed(&limiter, &RequestRateLimiter::rateChanged);
    QObject context;
    int ran = 0;
    for (int i = 0; i < 100; ++i) {
        limiter.acquire(&context, [&ran] { ++ran; });
    }
    QCOMPARE(ran, 100);
    QCOMPARE(limiter.waitingCount(), 0);
    limiter.reportThrottled();
    QCOMPARE(limiter.throttleDecreases(), 0);
    QCOMPARE(changed.size(), 0);
}

void tst_RequestRateLimiter::burst_isOneShortOfTheRate()
{
    for (const double rate : {5.0, 1.0, 0.5}) {
        RequestRateLimiter limiter(rate);
        QVERIFY(limiter.isEnabled());
        QObject context;
        int ran = 0;
        const int burst = int(std::max(1.0, rate - 1));
        for (int i = 0; i <= burst; ++i) {
            limiter.acquire(&context, [&ran] { ++ran; });
        }
        QCOMPARE(ran, burst);
        QCOMPARE(limiter.waitingCount(), 1);
    }
}

void tst_RequestRateLimiter::waiting_grantedInOrderNeverEarly()
{
    constexpr double Rate = 4;
    QElapsedTimer clock;
    clock.start();
    RequestRateLimiter limiter(Rate);
    QObject context;
    QList<int> order;
    QList<qint64> grantedNs;
    for (int i = 0; i < 6; ++i) {
        limiter.acquire(&context, [&, i] {
            order.append(i);
            grantedNs.append(clock.nsecsElapsed());
        });
    }
    QCOMPARE(order, (QList<int>{0, 1, 2}));
    QCOMPARE(limiter.waitingCount(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 6, WaitMs);
    QCOMPARE(order, (QList<int>{0, 1, 2, 3, 4, 5}));
    for (int n = 1; n <= 3; ++n) {
        const qint64 granted = grantedNs.at(2 + n);
        QVERIFY2(granted >= earliestGrantNs(Rate, n),
                 qPrintable(QStringLiteral("token %1 at %2 ns").arg(n).arg(granted)));
    }
    QCOMPARE(limiter.waitingCount(), 0);
}

void tst_RequestRateLimiter::cancel_withdrawsOnlyThatContext()
{
    constexpr double Rate = 2;
    QElapsedTimer clock;
    clock.start();
    RequestRateLimiter limiter(Rate);
    QObject aborted;
    QObject kept;
    QStringList ran;
    limiter.acquire(&kept, [&ran] { ran.append(QStringLiteral("first")); });
    limiter.acquire(&aborted, [&ran] { ran.append(QStringLiteral("aborted 1")); });
    limiter.acquire(&kept, [&ran] { ran.append(QStringLiteral("kept")); });
    limiter.acquire(&aborted, [&ran] { ran.append(QStringLiteral("aborted 2")); });
    QCOMPARE(limiter.waitingCount(), 3);
    limiter.cancel(&aborted);
    QCOMPARE(limiter.waitingCount(), 1);
    // The kept request takes the next token, which the first withdrawn one would have had.
    QTRY_COMPARE_WITH_TIMEOUT(ran.size(), 2, WaitMs);
    QCOMPARE(ran, (QStringList{QStringLiteral("first"), QStringLiteral("kept")}));
    QVERIFY2(clock.nsecsElapsed() < earliestGrantNs(Rate, 2),
             qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(limiter.waitingCount(), 0);

    limiter.cancel(&kept); // nothing waiting: changes nothing
    QCOMPARE(limiter.waitingCount(), 0);
}

void tst_RequestRateLimiter::destroyedContext_isSkippedWithoutItsToken()
{
    constexpr double Rate = 2;
    QElapsedTimer clock;
    clock.start();
    RequestRateLimiter limiter(Rate);
    QObject context;
    auto gone = std::make_unique<QObject>();
    int ran = 0;
    bool goneRan = false;
    qint64 keptAtNs = -1;
    limiter.acquire(&context, [&ran] { ++ran; });
    limiter.acquire(gone.get(), [&goneRan] { goneRan = true; });
    limiter.acquire(&context, [&] {
        ++ran;
        keptAtNs = clock.nsecsElapsed();
    });
    QCOMPARE(ran, 1);
    gone.reset();
    QTRY_COMPARE_WITH_TIMEOUT(ran, 2, WaitMs);
    QVERIFY(!goneRan);
    // The request behind the destroyed one got the first token the bucket refilled.
    QVERIFY(keptAtNs >= earliestGrantNs(Rate, 1));
    QVERIFY2(keptAtNs < earliestGrantNs(Rate, 2),
             qPrintable(QStringLiteral("granted at %1 ns").arg(keptAtNs)));
}

void tst_RequestRateLimiter::grantedCallback_mayAcquireAgain()
{
    RequestRateLimiter limiter(20);
    QObject context;
    QList<int> ran;
    std::function<void()> again;
    int depth = 0;
    again = [&] {
        ran.append(depth);
        if (++depth < 30) {
            limiter.acquire(&context, again);
        }
    };
    limiter.acquire(&context, again);
    QVERIFY(ran.size() < 30); // the burst of 19 ran at once, the rest waits
    QTRY_COMPARE_WITH_TIMEOUT(ran.size(), 30, WaitMs);
    for (int i = 0; i < ran.size(); ++i) {
        QCOMPARE(ran.at(i), i);
    }
}

void tst_RequestRateLimiter::disabling_releasesEveryWaiter()
{
    RequestRateLimiter limiter(1);
    QObject context;
    auto gone = std::make_unique<QObject>();
    QList<int> order;
    limiter.acquire(&context, [&order] { order.append(0); });
    limiter.acquire(&context, [&order] { order.append(1); });
    limiter.acquire(gone.get(), [&order] { order.append(-1); });
    limiter.acquire(&context, [&order] { order.append(2); });
    gone.reset();
    QCOMPARE(order, QList<int>{0});
    limiter.setMaxRequestsPerSecond(0);
    QCOMPARE(order, (QList<int>{0, 1, 2}));
    QCOMPARE(limiter.waitingCount(), 0);
}

void tst_RequestRateLimiter::throttled_halvesRateEmptiesBucketAndGuards()
{
    RequestRateLimiter limiter(8);
    QSignalSpy changed(&limiter, &RequestRateLimiter::rateChanged);
    QObject context;
    int ran = 0;
    limiter.acquire(&context, [&ran] { ++ran; });
    QCOMPARE(ran, 1); // six more tokens in the bucket

    QElapsedTimer sinceDecrease;
    limiter.reportThrottled();
    sinceDecrease.start();
    QCOMPARE(limiter.throttleDecreases(), 1);
    QCOMPARE(limiter.currentRate(), 4.0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toDouble(), 4.0);
    // The bucket is empty: the next request waits.
    limiter.acquire(&context, [&ran] { ++ran; });
    QCOMPARE(ran, 1);
    QCOMPARE(limiter.waitingCount(), 1);

    // Throttles of requests sent at the old rate are ignored until the guard has passed; the
    // first one after it halves the rate again.
    limiter.reportThrottled();
    QCOMPARE(limiter.throttleDecreases(), 1);
    QTRY_VERIFY_WITH_TIMEOUT((limiter.reportThrottled(), limiter.throttleDecreases() == 2), WaitMs);
    QVERIFY2(sinceDecrease.elapsed() >= RequestRateLimiter::DecreaseGuardMs,
             qPrintable(QString::number(sinceDecrease.elapsed())));
    QCOMPARE(limiter.currentRate(), 2.0);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toDouble(), 2.0);
    QCOMPARE(limiter.configuredRate(), 8.0);
    QTRY_COMPARE_WITH_TIMEOUT(ran, 2, WaitMs);
}

void tst_RequestRateLimiter::throttled_neverBelowASixteenth()
{
    RequestRateLimiter limiter(8);
    QSignalSpy changed(&limiter, &RequestRateLimiter::rateChanged);
    limiter.reportThrottled();
    for (int decreases = 2; decreases <= 5; ++decreases) {
        QTRY_VERIFY_WITH_TIMEOUT(
                (limiter.reportThrottled(), limiter.throttleDecreases() == decreases), WaitMs);
    }
    QList<double> rates;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        rates.append(args.at(0).toDouble());
    }
    QCOMPARE(rates, (QList<double>{4, 2, 1, 0.5, 0.5}));
    QCOMPARE(limiter.currentRate(), 8 * RequestRateLimiter::MinimumRateFactor);
}

void tst_RequestRateLimiter::recovery_afterHoldGrowsBackToTheConfiguredRate()
{
    constexpr double Rate = 10;
    RequestRateLimiter limiter(Rate);
    QSignalSpy changed(&limiter, &RequestRateLimiter::rateChanged);
    QElapsedTimer sinceDecrease;
    limiter.reportThrottled();
    sinceDecrease.start();
    QCOMPARE(limiter.currentRate(), Rate / 2);

    // Held for RecoveryHoldMs, then growing by a tenth of the rate per second.
    QTRY_VERIFY_WITH_TIMEOUT(limiter.currentRate() > Rate / 2, WaitMs);
    QVERIFY2(sinceDecrease.elapsed() >= RequestRateLimiter::RecoveryHoldMs,
             qPrintable(QString::number(sinceDecrease.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(limiter.currentRate() >= 0.6 * Rate, WaitMs);
    QVERIFY2(sinceDecrease.elapsed() >= RequestRateLimiter::RecoveryHoldMs + 1000,
             qPrintable(QString::number(sinceDecrease.elapsed())));

    // Back at the configured rate, announced once by the next request.
    QTRY_COMPARE_WITH_TIMEOUT(limiter.currentRate(), Rate, 2 * WaitMs);
    QVERIFY(sinceDecrease.elapsed() >= RequestRateLimiter::RecoveryHoldMs + 5000);
    QCOMPARE(changed.size(), 1);
    QObject context;
    limiter.acquire(&context, [] {});
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toDouble(), Rate);
    limiter.acquire(&context, [] {});
    QCOMPARE(changed.size(), 2);
}

void tst_RequestRateLimiter::setMaxRequestsPerSecond_forgetsTheDecrease()
{
    RequestRateLimiter limiter(10);
    limiter.reportThrottled();
    QCOMPARE(limiter.currentRate(), 5.0);
    limiter.setMaxRequestsPerSecond(3);
    QCOMPARE(limiter.configuredRate(), 3.0);
    QCOMPARE(limiter.currentRate(), 3.0);
    // The bucket is refilled for the new rate: a burst of two.
    QObject context;
    int ran = 0;
    for (int i = 0; i < 3; ++i) {
        limiter.acquire(&context, [&ran] { ++ran; });
    }
    QCOMPARE(ran, 2);
    QCOMPARE(limiter.waitingCount(), 1);
}

QTEST_GUILESS_MAIN(tst_RequestRateLimiter)
#include "tst_requestratelimiter.moc"
