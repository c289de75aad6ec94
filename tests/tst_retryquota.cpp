#include "retryquota.h"

#include <QTest>

using Pd::Core::RetryConfig;
using Pd::Core::RetryQuota;

class tst_RetryQuota final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void costsAndRefunds();
    void configuredCostsAndCapacity();
    void refundsNeverExceedTheCapacity();
    void invalidConfig_isClamped();
};

void tst_RetryQuota::costsAndRefunds()
{
    RetryConfig config;
    RetryQuota quota(config);
    QCOMPARE(quota.available(), 500);
    QCOMPARE(quota.acquire(true), 5);
    QCOMPARE(quota.acquire(false), 14);
    QCOMPARE(quota.available(), 481);
    quota.release(14);
    QCOMPARE(quota.available(), 495);
    quota.release(0);
    QCOMPARE(quota.available(), 496);
    for (int i = 0; i < 10; ++i) {
        quota.release(14);
    }
    QCOMPARE(quota.available(), 500);
    int retries = 0;
    while (quota.acquire(false) > 0) {
        ++retries;
    }
    QCOMPARE(retries, 500 / 14);
    QCOMPARE(quota.available(), 500 % 14);
    QCOMPARE(quota.acquire(true), 5); // 10 tokens left: one throttling retry still fits
    QCOMPARE(quota.acquire(true), 5);
    QCOMPARE(quota.acquire(true), 0);
}

void tst_RetryQuota::configuredCostsAndCapacity()
{
    RetryConfig config;
    config.initialRetryTokens = 10;
    config.throttlingRetryCost = 3;
    config.transientRetryCost = 4;
    RetryQuota quota(config);
    QCOMPARE(quota.capacity(), 10);
    QCOMPARE(quota.acquire(false), 4);
    QCOMPARE(quota.acquire(true), 3);
    QCOMPARE(quota.available(), 3);
    // A refused retry takes nothing: the cheaper one still fits afterwards.
    QCOMPARE(quota.acquire(false), 0);
    QCOMPARE(quota.available(), 3);
    QCOMPARE(quota.acquire(true), 3);
    QCOMPARE(quota.available(), 0);
    QCOMPARE(quota.acquire(true), 0);
}

void tst_RetryQuota::refundsNeverExceedTheCapacity()
{
    RetryConfig config;
    config.initialRetryTokens = 20;
    RetryQuota quota(config);
    quota.release(0); // a first attempt that succeeded on a full budget
    QCOMPARE(quota.available(), 20);
    QCOMPARE(quota.acquire(false), 14);
    quota.release(-3); // not a cost: refunds what a first-attempt success does
    QCOMPARE(quota.available(), 7);
    quota.release(14);
    QCOMPARE(quota.available(), 20);
}

void tst_RetryQuota::invalidConfig_isClamped()
{
    RetryConfig config;
    config.initialRetryTokens = -5;
    config.throttlingRetryCost = 0;
    config.transientRetryCost = -1;
    RetryQuota empty(config);
    QCOMPARE(empty.capacity(), 0);
    QCOMPARE(empty.available(), 0);
    QCOMPARE(empty.acquire(true), 0);
    QCOMPARE(empty.acquire(false), 0);
    empty.release(1);
    QCOMPARE(empty.available(), 0);

    // A retry costs at least one token, so a budget always ends.
    config.initialRetryTokens = 2;
    RetryQuota two(config);
    QCOMPARE(two.acquire(true), 1);
    QCOMPARE(two.acquire(false), 1);
    QCOMPARE(two.acquire(false), 0);
}

QTEST_GUILESS_MAIN(tst_RetryQuota)
#include "tst_retryquota.moc"
