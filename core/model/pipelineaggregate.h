#pragma once

#include "decimalamount.h"
#include "opportunitysummary.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Pd::Core {

/// The pipeline at a glance, over a set of opportunities (the rows of the current filter): the
/// numbers behind the pipeline charts and `partnerdesk-cli pipeline`.
///
/// A missing (absent or empty) stage, review status, currency or closed-lost reason is a null
/// QString. Lists come in a fixed order: stages in lifecycle order, then unknown ones by name,
/// then the missing one; review statuses likewise in the model's order; currencies by code;
/// close months and ages in bucket order, every bucket present; reasons by count, most first,
/// then by name.
struct PipelineAggregate
{
    struct StageStatusCount
    {
        QString stage;
        QString reviewStatus;
        qint64 count = 0;
        friend bool operator==(const StageStatusCount &, const StageStatusCount &) = default;
    };
    struct StageSpend
    {
        QString stage;
        QString currencyCode;
        DecimalAmount amount; ///< the exact sum of the entries' Amounts
        qint64 entries = 0; ///< the ExpectedCustomerSpend entries summed
        friend bool operator==(const StageSpend &, const StageSpend &) = default;
    };
    struct BucketCount
    {
        QString bucket;
        qint64 count = 0;
        friend bool operator==(const BucketCount &, const BucketCount &) = default;
    };

    /// Close-month buckets besides "YYYY-MM".
    static constexpr auto OverdueBucket = QLatin1StringView("overdue");
    static constexpr auto LaterBucket = QLatin1StringView("later");
    static constexpr int CloseMonths = 12; ///< the current month and the next 11

    qint64 count = 0;
    QList<StageStatusCount> byStageAndReviewStatus;
    QList<StageSpend> monthlySpendByStageAndCurrency;
    /// ExpectedCustomerSpend entries left out: Amount absent, empty or not a decimal number.
    qint64 spendEntriesSkipped = 0;
    /// Open opportunities (stage neither Launched nor Closed Lost) with a valid TargetCloseDate:
    /// `overdue` (before today), one bucket per month from today's on, then `later`.
    QList<BucketCount> byTargetCloseMonth;
    /// Opportunities with a LastModifiedDate by calendar days from its UTC date to today:
    /// `0-7` (a future date too), `8-30`, `31-90`, `91+`.
    QList<BucketCount> byAge;
    /// Closed Lost opportunities by ClosedLostReason (`reason` in `bucket`, null when missing).
    QList<BucketCount> closedLostReasons;

    /// The currencies of monthlySpendByStageAndCurrency, largest total first (ties by code).
    QStringList currenciesByTotal() const;
    /// The total of one currency over every stage.
    DecimalAmount totalSpend(const QString &currencyCode) const;

    /// The aggregate of `summaries` with `today` as the reference day. Large sets are tallied
    /// in parts on several threads.
    static PipelineAggregate compute(const QList<OpportunitySummary> &summaries,
                                     const QDate &today);

    /// Buckets and the rules behind them, shared with PipelineSelection.
    static QStringList closeMonthBuckets(const QDate &today);
    static QStringList ageBuckets();
    static bool isOpen(const QString &stage);
    /// Days since 1970-01-01 of a "YYYY-MM-DD" date, or nothing when it is not a valid one.
    static std::optional<qint64> epochDay(QStringView isoDate);
    static qint64 epochDay(const QDate &date);
    /// The close-month bucket of an opportunity, null when it has none (closed, no valid date).
    static QString closeMonthBucket(const OpportunitySummary &summary, const QDate &today);
    static QString closeMonthBucket(qint64 closeDay, const QDate &today);
    /// The age bucket of an opportunity, null without a LastModifiedDate.
    static QString ageBucket(const OpportunitySummary &summary, const QDate &today);
    static QString ageBucket(qint64 modifiedDay, const QDate &today);

    friend bool operator==(const PipelineAggregate &, const PipelineAggregate &) = default;
};

/// The running sums behind a PipelineAggregate, kept per raw value (close day, modification
/// day) so that tallies of separate batches of rows merge, and the day-dependent buckets are
/// drawn only in `aggregate()`. A value type: fill it on any thread.
class PipelineTally final
{
public:
    void add(const OpportunitySummary &summary);
    void add(const QList<OpportunitySummary> &summaries);
    /// Rows `first` up to `last` (excluded) of `summaries`.
    void add(const QList<OpportunitySummary> &summaries, qsizetype first, qsizetype last);
    void merge(const PipelineTally &other);
    qint64 count() const { return m_count; }
    PipelineAggregate aggregate(const QDate &today) const;

private:
    /// The distinct values of one field (stages, review statuses, …), numbered as they come;
    /// missing (absent or empty) is the null QString. A handful of values in practice, so they
    /// are compared in turn until there are many.
    class ValueTable
    {
    public:
        qint64 indexOf(const QString &value);
        const QString &at(qint64 index) const { return m_values.at(index); }

    private:
        QList<QString> m_values;
        QHash<QString, qint64> m_index; ///< filled once there are many values
    };
    struct SpendSum
    {
        DecimalAmount amount;
        qint64 entries = 0;
    };
    /// Two table indices in one hash key.
    static qint64 pairKey(qint64 first, qint64 second) { return (first << 32) | second; }

    qint64 m_count = 0;
    qint64 m_spendSkipped = 0;
    ValueTable m_stages;
    ValueTable m_reviewStatuses;
    ValueTable m_currencies;
    ValueTable m_reasons;
    QHash<qint64, qint64> m_stageStatus; ///< pairKey(stage, review status)
    QHash<qint64, SpendSum> m_spend; ///< pairKey(stage, currency)
    QHash<qint64, qint64> m_openByCloseDay;
    QHash<qint64, qint64> m_byModifiedDay;
    QHash<qint64, qint64> m_closedLostReasons; ///< by reason index
};

} // namespace Pd::Core
