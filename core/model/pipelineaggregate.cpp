#include "pipelineaggregate.h"

#include "civiltime.h"
#include "listopportunitiesrequest.h"

#include <QThread>

#include <algorithm>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

constexpr qint64 MissingRank = 2000;
constexpr qint64 UnknownRank = 1000;

/// Absent and empty alike.
const QString NullText;

/// Where a value goes in a list ordered by `known` (unknown values after, the missing one last).
qint64 rankIn(const QStringList &known, const QString &value)
{
    if (value.isNull()) {
        return MissingRank;
    }
    const qsizetype index = known.indexOf(value);
    return index < 0 ? UnknownRank : index;
}

bool lessIn(const QStringList &known, const QString &a, const QString &b)
{
    const qint64 rankA = rankIn(known, a);
    const qint64 rankB = rankIn(known, b);
    return rankA != rankB ? rankA < rankB : a < b;
}

const QStringList &stageOrder()
{
    static const QStringList stages = Model::stages();
    return stages;
}

const QStringList &reviewStatusOrder()
{
    static const QStringList statuses = Model::reviewStatuses();
    return statuses;
}

/// Codes in order, the missing one last.
bool lessCode(const QString &a, const QString &b)
{
    return lessIn({}, a, b);
}

int digitsValue(QStringView text, qsizetype from, qsizetype count)
{
    int value = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9') {
            return -1;
        }
        value = value * 10 + (c - u'0');
    }
    return value;
}

} // namespace

std::optional<qint64> PipelineAggregate::epochDay(QStringView isoDate)
{
    if (isoDate.size() != 10 || isoDate[4] != u'-' || isoDate[7] != u'-') {
        return std::nullopt;
    }
    const int year = digitsValue(isoDate, 0, 4);
    const int month = digitsValue(isoDate, 5, 2);
    const int day = digitsValue(isoDate, 8, 2);
    static constexpr int MonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > MonthDays[month - 1]
        || (month == 2 && day == 29 && !CivilTime::isLeapYear(year))) {
        return std::nullopt;
    }
    return CivilTime::daysFromCivil(year, month, day);
}

qint64 PipelineAggregate::epochDay(const QDate &date)
{
    return CivilTime::daysFromCivil(date.year(), date.month(), date.day());
}

bool PipelineAggregate::isOpen(const QString &stage)
{
    return stage != u"Launched"_s && stage != u"Closed Lost"_s;
}

QStringList PipelineAggregate::closeMonthBuckets(const QDate &today)
{
    QStringList buckets{OverdueBucket};
    const QDate first(today.year(), today.month(), 1);
    for (int i = 0; i < CloseMonths; ++i) {
        buckets.append(first.addMonths(i).toString(u"yyyy-MM"_s));
    }
    buckets.append(LaterBucket);
    return buckets;
}

QStringList PipelineAggregate::ageBuckets()
{
    return {u"0-7"_s, u"8-30"_s, u"31-90"_s, u"91+"_s};
}

QString PipelineAggregate::closeMonthBucket(qint64 closeDay, const QDate &today)
{
    if (closeDay < epochDay(today)) {
        return OverdueBucket;
    }
    qint64 year = 0;
    int month = 0;
    int day = 0;
    CivilTime::civilFromDays(closeDay, &year, &month, &day);
    const qint64 monthsAhead = (year - today.year()) * 12 + (month - today.month());
    if (monthsAhead >= CloseMonths) {
        return LaterBucket;
    }
    return u"%1-%2"_s.arg(year, 4, 10, QLatin1Char('0')).arg(month, 2, 10, QLatin1Char('0'));
}

QString PipelineAggregate::closeMonthBucket(const OpportunitySummary &summary, const QDate &today)
{
    if (!isOpen(summary.stage)) {
        return {};
    }
    const std::optional<qint64> day = epochDay(summary.targetCloseDate);
    return day ? closeMonthBucket(*day, today) : QString();
}

QString PipelineAggregate::ageBucket(qint64 modifiedDay, const QDate &today)
{
    const qint64 age = epochDay(today) - modifiedDay;
    return age <= 7 ? u"0-7"_s : age <= 30 ? u"8-30"_s : age <= 90 ? u"31-90"_s : u"91+"_s;
}

QString PipelineAggregate::ageBucket(const OpportunitySummary &summary, const QDate &today)
{
    if (summary.lastModifiedDateMs == OpportunitySummary::NoTime) {
        return {};
    }
    qint64 day = 0;
    qint64 msOfDay = 0;
    CivilTime::splitDays(summary.lastModifiedDateMs, &day, &msOfDay);
    return ageBucket(day, today);
}

QStringList PipelineAggregate::currenciesByTotal() const
{
    QHash<QString, DecimalAmount> totals;
    for (const StageSpend &spend : monthlySpendByStageAndCurrency) {
        totals[spend.currencyCode] += spend.amount;
    }
    QStringList codes = totals.keys();
    std::sort(codes.begin(), codes.end(), [&totals](const QString &a, const QString &b) {
        const DecimalAmount &totalA = totals[a];
        const DecimalAmount &totalB = totals[b];
        return totalA != totalB ? totalA > totalB : lessCode(a, b);
    });
    return codes;
}

DecimalAmount PipelineAggregate::totalSpend(const QString &currencyCode) const
{
    DecimalAmount total;
    for (const StageSpend &spend : monthlySpendByStageAndCurrency) {
        if (spend.currencyCode == currencyCode) {
            total += spend.amount;
        }
    }
    return total;
}

PipelineAggregate PipelineAggregate::compute(const QList<OpportunitySummary> &summaries,
                                             const QDate &today)
{
    // Reading the rows waits on memory more than it computes: large sets are tallied in parts
    // side by side (the list is only read), and the parts merged.
    static constexpr qsizetype RowsPerPart = 16384;
    const qsizetype parts = std::clamp<qsizetype>(summaries.size() / RowsPerPart, 1,
                                                  std::max(1, QThread::idealThreadCount()));
    std::vector<PipelineTally> tallies(static_cast<size_t>(parts));
    const auto tallyPart = [&summaries, &tallies, parts](qsizetype part) {
        tallies[size_t(part)].add(summaries, summaries.size() * part / parts,
                                  summaries.size() * (part + 1) / parts);
    };
    std::vector<std::thread> workers;
    for (qsizetype part = 1; part < parts; ++part) {
        workers.emplace_back(tallyPart, part);
    }
    tallyPart(0);
    for (std::thread &worker : workers) {
        worker.join();
    }
    for (size_t part = 1; part < tallies.size(); ++part) {
        tallies.front().merge(tallies[part]);
    }
    return tallies.front().aggregate(today);
}

qint64 PipelineTally::ValueTable::indexOf(const QString &value)
{
    static constexpr qsizetype LinearLimit = 16;
    const QString &key = value.isEmpty() ? NullText : value;
    if (m_index.isEmpty()) {
        for (qsizetype i = 0; i < m_values.size(); ++i) {
            if (m_values.at(i) == key) {
                return i;
            }
        }
    } else if (const auto it = m_index.constFind(key); it != m_index.cend()) {
        return it.value();
    }
    m_values.append(key);
    if (m_values.size() > LinearLimit) {
        for (qsizetype i = m_index.size(); i < m_values.size(); ++i) {
            m_index.insert(m_values.at(i), i);
        }
    }
    return m_values.size() - 1;
}

void PipelineTally::add(const OpportunitySummary &summary)
{
    ++m_count;
    const qint64 stage = m_stages.indexOf(summary.stage);
    ++m_stageStatus[pairKey(stage, m_reviewStatuses.indexOf(summary.reviewStatus))];
    for (const ExpectedCustomerSpend &spend : summary.expectedCustomerSpend) {
        const std::optional<DecimalAmount> amount = DecimalAmount::parse(spend.amount);
        if (!amount) {
            ++m_spendSkipped;
            continue;
        }
        SpendSum &sum = m_spend[pairKey(stage, m_currencies.indexOf(spend.currencyCode))];
        sum.amount += *amount;
        ++sum.entries;
    }
    if (PipelineAggregate::isOpen(summary.stage)) {
        if (const std::optional<qint64> day
            = PipelineAggregate::epochDay(summary.targetCloseDate)) {
            ++m_openByCloseDay[*day];
        }
    } else if (summary.stage == u"Closed Lost"_s) {
        ++m_closedLostReasons[m_reasons.indexOf(summary.closedLostReason)];
    }
    if (summary.lastModifiedDateMs != OpportunitySummary::NoTime) {
        qint64 day = 0;
        qint64 msOfDay = 0;
        CivilTime::splitDays(summary.lastModifiedDateMs, &day, &msOfDay);
        ++m_byModifiedDay[day];
    }
}

void PipelineTally::add(const QList<OpportunitySummary> &summaries)
{
    add(summaries, 0, summaries.size());
}

void PipelineTally::add(const QList<OpportunitySummary> &summaries, qsizetype first, qsizetype last)
{
    // The texts read are scattered over the heap, one cache miss each: ask for those of the
    // rows ahead while this one is counted (the spend entries' list first, their amounts once
    // the list has arrived).
    static constexpr qsizetype ListsAhead = 16;
    static constexpr qsizetype TextsAhead = 8;
    for (qsizetype row = first; row < last; ++row) {
        if (row + ListsAhead < last) {
            __builtin_prefetch(summaries.at(row + ListsAhead).expectedCustomerSpend.constData());
        }
        if (row + TextsAhead < last) {
            const OpportunitySummary &ahead = summaries.at(row + TextsAhead);
            __builtin_prefetch(ahead.targetCloseDate.constData());
            for (const ExpectedCustomerSpend &spend : ahead.expectedCustomerSpend) {
                __builtin_prefetch(spend.amount.constData());
            }
        }
        add(summaries.at(row));
    }
}

void PipelineTally::merge(const PipelineTally &other)
{
    m_count += other.m_count;
    m_spendSkipped += other.m_spendSkipped;
    for (auto it = other.m_stageStatus.begin(); it != other.m_stageStatus.end(); ++it) {
        const qint64 stage = m_stages.indexOf(other.m_stages.at(it.key() >> 32));
        const qint64 status
                = m_reviewStatuses.indexOf(other.m_reviewStatuses.at(it.key() & 0xffffffff));
        m_stageStatus[pairKey(stage, status)] += it.value();
    }
    for (auto it = other.m_spend.begin(); it != other.m_spend.end(); ++it) {
        const qint64 stage = m_stages.indexOf(other.m_stages.at(it.key() >> 32));
        const qint64 currency = m_currencies.indexOf(other.m_currencies.at(it.key() & 0xffffffff));
        SpendSum &sum = m_spend[pairKey(stage, currency)];
        sum.amount += it->amount;
        sum.entries += it->entries;
    }
    for (auto it = other.m_openByCloseDay.begin(); it != other.m_openByCloseDay.end(); ++it) {
        m_openByCloseDay[it.key()] += it.value();
    }
    for (auto it = other.m_byModifiedDay.begin(); it != other.m_byModifiedDay.end(); ++it) {
        m_byModifiedDay[it.key()] += it.value();
    }
    for (auto it = other.m_closedLostReasons.begin(); it != other.m_closedLostReasons.end(); ++it) {
        m_closedLostReasons[m_reasons.indexOf(other.m_reasons.at(it.key()))] += it.value();
    }
}

PipelineAggregate PipelineTally::aggregate(const QDate &today) const
{
    PipelineAggregate result;
    result.count = m_count;
    result.spendEntriesSkipped = m_spendSkipped;

    for (auto it = m_stageStatus.begin(); it != m_stageStatus.end(); ++it) {
        result.byStageAndReviewStatus.append({m_stages.at(it.key() >> 32),
                                              m_reviewStatuses.at(it.key() & 0xffffffff),
                                              it.value()});
    }
    std::sort(result.byStageAndReviewStatus.begin(), result.byStageAndReviewStatus.end(),
              [](const auto &a, const auto &b) {
                  if (a.stage != b.stage) {
                      return lessIn(stageOrder(), a.stage, b.stage);
                  }
                  return lessIn(reviewStatusOrder(), a.reviewStatus, b.reviewStatus);
              });

    for (auto it = m_spend.begin(); it != m_spend.end(); ++it) {
        result.monthlySpendByStageAndCurrency.append({m_stages.at(it.key() >> 32),
                                                      m_currencies.at(it.key() & 0xffffffff),
                                                      it->amount, it->entries});
    }
    std::sort(result.monthlySpendByStageAndCurrency.begin(),
              result.monthlySpendByStageAndCurrency.end(), [](const auto &a, const auto &b) {
                  if (a.stage != b.stage) {
                      return lessIn(stageOrder(), a.stage, b.stage);
                  }
                  return lessCode(a.currencyCode, b.currencyCode);
              });

    const QStringList months = PipelineAggregate::closeMonthBuckets(today);
    QList<qint64> monthCounts(months.size(), 0);
    for (auto it = m_openByCloseDay.begin(); it != m_openByCloseDay.end(); ++it) {
        monthCounts[months.indexOf(PipelineAggregate::closeMonthBucket(it.key(), today))]
                += it.value();
    }
    for (qsizetype i = 0; i < months.size(); ++i) {
        result.byTargetCloseMonth.append({months.at(i), monthCounts.at(i)});
    }

    const QStringList ages = PipelineAggregate::ageBuckets();
    QList<qint64> ageCounts(ages.size(), 0);
    for (auto it = m_byModifiedDay.begin(); it != m_byModifiedDay.end(); ++it) {
        ageCounts[ages.indexOf(PipelineAggregate::ageBucket(it.key(), today))] += it.value();
    }
    for (qsizetype i = 0; i < ages.size(); ++i) {
        result.byAge.append({ages.at(i), ageCounts.at(i)});
    }

    for (auto it = m_closedLostReasons.begin(); it != m_closedLostReasons.end(); ++it) {
        result.closedLostReasons.append({m_reasons.at(it.key()), it.value()});
    }
    std::sort(result.closedLostReasons.begin(), result.closedLostReasons.end(),
              [](const auto &a, const auto &b) {
                  return a.count != b.count ? a.count > b.count : lessCode(a.bucket, b.bucket);
              });
    return result;
}

} // namespace Pd::Core
