#include "civiltime.h"
#include "decimalamount.h"
#include "listopportunitiesrequest.h"
#include "pipelineaggregate.h"
#include "pipelineselection.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

using Aggregate = PipelineAggregate;

OpportunitySummary opportunity(const QString &stage, const QString &reviewStatus = QString())
{
    OpportunitySummary s;
    s.id = u"O1"_s;
    s.hasLifeCycle = true;
    s.stage = stage;
    s.reviewStatus = reviewStatus;
    return s;
}

ExpectedCustomerSpend spend(const QString &amount, const QString &currency)
{
    return {amount, currency, u"Monthly"_s, u"AWS"_s, QString()};
}

qint64 msAt(int year, int month, int day, int hour = 12)
{
    return CivilTime::daysFromCivil(year, month, day) * CivilTime::MsPerDay
           + qint64(hour) * 3'600'000;
}

qint64 countOf(const QList<Aggregate::BucketCount> &buckets, const QString &bucket)
{
    for (const Aggregate::BucketCount &entry : buckets) {
        if (entry.bucket == bucket) {
            return entry.count;
        }
    }
    return -1;
}

} // namespace

class tst_PipelineAggregate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decimal_parse_data();
    void decimal_parse();
    void decimal_sumsThirtyOneDigitAmountsExactly();
    void decimal_carriesBeyond128Bits();
    void stageAndReviewStatus_countsWithMissingValuesAsNull();
    void spend_sumsPerStageAndCurrencyAndSkipsNonNumbers();
    void spend_currenciesByTotal();
    void closeMonth_data();
    void closeMonth();
    void closeMonth_bucketsAtYearBoundary();
    void closeMonth_onlyOpenOpportunitiesWithValidDates();
    void age_data();
    void age();
    void closedLostReasons_countedPerReason();
    void tallies_mergeToTheSameAggregate();
    void compute_inPartsSameAsOneTally();
    void selection_keepsTheRowsAPartCounts();
};

void tst_PipelineAggregate::decimal_parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // null: refused

    QTest::newRow("zero") << u"0"_s << u"0.00"_s;
    QTest::newRow("whole") << u"1000"_s << u"1000.00"_s;
    QTest::newRow("one fraction digit") << u"12.5"_s << u"12.50"_s;
    QTest::newRow("two fraction digits") << u"0.07"_s << u"0.07"_s;
    QTest::newRow("dot without fraction") << u"7."_s << u"7.00"_s;
    QTest::newRow("31 digits") << u"9999999999999999999999999999999.99"_s
                               << u"9999999999999999999999999999999.99"_s;
    QTest::newRow("empty") << u""_s << QString();
    QTest::newRow("32 digits") << u"10000000000000000000000000000000"_s << QString();
    QTest::newRow("leading zero") << u"01"_s << QString();
    QTest::newRow("three fraction digits") << u"1.005"_s << QString();
    QTest::newRow("no integer part") << u".5"_s << QString();
    QTest::newRow("negative") << u"-1"_s << QString();
    QTest::newRow("exponent") << u"1e3"_s << QString();
    QTest::newRow("spaces") << u" 1"_s << QString();
    QTest::newRow("text") << u"lots"_s << QString();
    QTest::newRow("comma") << u"1,000"_s << QString();
}

void tst_PipelineAggregate::decimal_parse()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::optional<DecimalAmount> amount = DecimalAmount::parse(text);
    QCOMPARE(amount.has_value(), !expected.isNull());
    if (amount) {
        QCOMPARE(amount->toString(), expected);
    }
}

void tst_PipelineAggregate::decimal_sumsThirtyOneDigitAmountsExactly()
{
    // A double keeps 15-17 significant digits: these sums would lose the cents.
    DecimalAmount sum;
    sum += *DecimalAmount::parse(u"9999999999999999999999999999999.99"_s);
    sum += *DecimalAmount::parse(u"0.01"_s);
    QCOMPARE(sum.toString(), u"10000000000000000000000000000000.00"_s);
    sum += *DecimalAmount::parse(u"1234567890123456789012345678901.5"_s);
    QCOMPARE(sum.toString(), u"11234567890123456789012345678901.50"_s);
    QVERIFY(*DecimalAmount::parse(u"1000000000000000000000000000000.01"_s)
            > *DecimalAmount::parse(u"1000000000000000000000000000000"_s));
}

void tst_PipelineAggregate::decimal_carriesBeyond128Bits()
{
    // 10^5 times the largest amount is about 10^38 hundredths, near 2^128; a million times
    // is beyond it and must still be exact.
    const DecimalAmount largest = *DecimalAmount::parse(u"9999999999999999999999999999999.99"_s);
    DecimalAmount sum;
    for (int i = 0; i < 1'000'000; ++i) {
        sum += largest;
    }
    QCOMPARE(sum.toString(), u"9999999999999999999999999999999990000.00"_s);
}

void tst_PipelineAggregate::stageAndReviewStatus_countsWithMissingValuesAsNull()
{
    QList<OpportunitySummary> rows{opportunity(u"Qualified"_s, u"Approved"_s),
                                   opportunity(u"Prospect"_s, u"Submitted"_s),
                                   opportunity(u"Qualified"_s, u"Approved"_s),
                                   opportunity(u"Qualified"_s, u"Pending Submission"_s),
                                   opportunity(QString(), u"Approved"_s),
                                   opportunity(u""_s, QString()),
                                   opportunity(u"Prospect"_s, QString()),
                                   opportunity(u"Some Future Stage"_s, u"Approved"_s)};
    const Aggregate aggregate = Aggregate::compute(rows, QDate(2026, 8, 1));
    QCOMPARE(aggregate.count, 8);
    const QList<Aggregate::StageStatusCount> expected{
            {u"Prospect"_s, u"Submitted"_s, 1},
            {u"Prospect"_s, QString(), 1},
            {u"Qualified"_s, u"Pending Submission"_s, 1},
            {u"Qualified"_s, u"Approved"_s, 2},
            {u"Some Future Stage"_s, u"Approved"_s, 1},
            {QString(), u"Approved"_s, 1},
            {QString(), QString(), 1},
    };
    QCOMPARE(aggregate.byStageAndReviewStatus, expected);
    QVERIFY(aggregate.byStageAndReviewStatus.last().stage.isNull());
    QVERIFY(aggregate.byStageAndReviewStatus.last().reviewStatus.isNull());
}

void tst_PipelineAggregate::spend_sumsPerStageAndCurrencyAndSkipsNonNumbers()
{
    OpportunitySummary a = opportunity(u"Committed"_s);
    a.expectedCustomerSpend
            = {spend(u"9999999999999999999999999999999.99"_s, u"USD"_s), spend(u"0.01"_s, u"USD"_s),
               spend(u"10.5"_s, u"EUR"_s), spend(u""_s, u"USD"_s), spend(QString(), u"USD"_s)};
    OpportunitySummary b = opportunity(u"Committed"_s);
    b.expectedCustomerSpend
            = {spend(u"2.25"_s, u"EUR"_s), spend(u"12,00"_s, u"EUR"_s), spend(u"3"_s, QString())};
    OpportunitySummary c = opportunity(u"Prospect"_s);
    c.expectedCustomerSpend = {spend(u"1"_s, u"USD"_s)};
    const Aggregate aggregate = Aggregate::compute({a, b, c}, QDate(2026, 8, 1));

    QCOMPARE(aggregate.spendEntriesSkipped, 3);
    QCOMPARE(aggregate.monthlySpendByStageAndCurrency.size(), 4);
    const auto &rows = aggregate.monthlySpendByStageAndCurrency;
    QCOMPARE(rows[0].stage, u"Prospect"_s);
    QCOMPARE(rows[0].currencyCode, u"USD"_s);
    QCOMPARE(rows[0].amount.toString(), u"1.00"_s);
    QCOMPARE(rows[1].stage, u"Committed"_s);
    QCOMPARE(rows[1].currencyCode, u"EUR"_s);
    QCOMPARE(rows[1].amount.toString(), u"12.75"_s);
    QCOMPARE(rows[1].entries, 2);
    QCOMPARE(rows[2].currencyCode, u"USD"_s);
    QCOMPARE(rows[2].amount.toString(), u"10000000000000000000000000000000.00"_s);
    QVERIFY(rows[3].currencyCode.isNull());
    QCOMPARE(rows[3].amount.toString(), u"3.00"_s);
}

void tst_PipelineAggregate::spend_currenciesByTotal()
{
    OpportunitySummary a = opportunity(u"Committed"_s);
    a.expectedCustomerSpend
            = {spend(u"100"_s, u"EUR"_s), spend(u"99.99"_s, u"USD"_s), spend(u"50"_s, u"JPY"_s)};
    OpportunitySummary b = opportunity(u"Prospect"_s);
    b.expectedCustomerSpend = {spend(u"0.02"_s, u"USD"_s), spend(u"50"_s, u"AUD"_s)};
    const Aggregate aggregate = Aggregate::compute({a, b}, QDate(2026, 8, 1));
    QCOMPARE(aggregate.currenciesByTotal(), (QStringList{u"USD"_s, u"EUR"_s, u"AUD"_s, u"JPY"_s}));
    QCOMPARE(aggregate.totalSpend(u"USD"_s).toString(), u"100.01"_s);
}

void tst_PipelineAggregate::closeMonth_data()
{
    QTest::addColumn<QDate>("today");
    QTest::addColumn<QString>("closeDate");
    QTest::addColumn<QString>("bucket");

    const QDate today(2026, 8, 15);
    QTest::newRow("yesterday") << today << u"2026-08-14"_s << u"overdue"_s;
    QTest::newRow("last year") << today << u"2025-12-31"_s << u"overdue"_s;
    QTest::newRow("today") << today << u"2026-08-15"_s << u"2026-08"_s;
    QTest::newRow("end of month") << today << u"2026-08-31"_s << u"2026-08"_s;
    QTest::newRow("next month") << today << u"2026-09-01"_s << u"2026-09"_s;
    QTest::newRow("across the year") << today << u"2027-01-01"_s << u"2027-01"_s;
    QTest::newRow("eleventh month ahead") << today << u"2027-07-31"_s << u"2027-07"_s;
    QTest::newRow("twelfth month ahead") << today << u"2027-08-01"_s << u"later"_s;
    QTest::newRow("far ahead") << today << u"2031-02-28"_s << u"later"_s;
    QTest::newRow("first of month, today") << QDate(2026, 1, 1) << u"2026-01-01"_s << u"2026-01"_s;
    QTest::newRow("first of month, day before")
            << QDate(2026, 1, 1) << u"2025-12-31"_s << u"overdue"_s;
    QTest::newRow("December today, December next year")
            << QDate(2026, 12, 31) << u"2027-12-01"_s << u"later"_s;
    QTest::newRow("December today, November next year")
            << QDate(2026, 12, 31) << u"2027-11-30"_s << u"2027-11"_s;
    QTest::newRow("leap day") << QDate(2028, 2, 1) << u"2028-02-29"_s << u"2028-02"_s;
}

void tst_PipelineAggregate::closeMonth()
{
    QFETCH(QDate, today);
    QFETCH(QString, closeDate);
    QFETCH(QString, bucket);

    OpportunitySummary s = opportunity(u"Qualified"_s);
    s.targetCloseDate = closeDate;
    QCOMPARE(Aggregate::closeMonthBucket(s, today), bucket);
    const Aggregate aggregate = Aggregate::compute({s}, today);
    QCOMPARE(aggregate.byTargetCloseMonth.size(), 14);
    QCOMPARE(countOf(aggregate.byTargetCloseMonth, bucket), 1);
    qint64 total = 0;
    for (const Aggregate::BucketCount &entry : aggregate.byTargetCloseMonth) {
        total += entry.count;
    }
    QCOMPARE(total, 1);
}

void tst_PipelineAggregate::closeMonth_bucketsAtYearBoundary()
{
    QCOMPARE(Aggregate::closeMonthBuckets(QDate(2026, 11, 30)),
             (QStringList{u"overdue"_s, u"2026-11"_s, u"2026-12"_s, u"2027-01"_s, u"2027-02"_s,
                          u"2027-03"_s, u"2027-04"_s, u"2027-05"_s, u"2027-06"_s, u"2027-07"_s,
                          u"2027-08"_s, u"2027-09"_s, u"2027-10"_s, u"later"_s}));
}

void tst_PipelineAggregate::closeMonth_onlyOpenOpportunitiesWithValidDates()
{
    QList<OpportunitySummary> rows;
    for (const QString &stage : {u"Launched"_s, u"Closed Lost"_s, u"Prospect"_s, QString()}) {
        OpportunitySummary s = opportunity(stage);
        s.targetCloseDate = u"2026-01-10"_s;
        rows.append(s);
    }
    for (const QString &date : {u"2026-02-30"_s, u"2026-13-01"_s, u"20260110"_s, u""_s}) {
        OpportunitySummary s = opportunity(u"Prospect"_s);
        s.targetCloseDate = date;
        rows.append(s);
    }
    const Aggregate aggregate = Aggregate::compute(rows, QDate(2026, 8, 1));
    QCOMPARE(countOf(aggregate.byTargetCloseMonth, u"overdue"_s), 2);
    qint64 total = 0;
    for (const Aggregate::BucketCount &entry : aggregate.byTargetCloseMonth) {
        total += entry.count;
    }
    QCOMPARE(total, 2);
}

void tst_PipelineAggregate::age_data()
{
    QTest::addColumn<qint64>("modifiedMs");
    QTest::addColumn<QString>("bucket");

    // Today is 2026-08-31; ages are calendar days from the UTC date of LastModifiedDate.
    QTest::newRow("today") << msAt(2026, 8, 31) << u"0-7"_s;
    QTest::newRow("in the future") << msAt(2026, 9, 3) << u"0-7"_s;
    QTest::newRow("7 days") << msAt(2026, 8, 24, 0) << u"0-7"_s;
    QTest::newRow("8 days") << msAt(2026, 8, 23, 23) << u"8-30"_s;
    QTest::newRow("30 days") << msAt(2026, 8, 1) << u"8-30"_s;
    QTest::newRow("31 days") << msAt(2026, 7, 31) << u"31-90"_s;
    QTest::newRow("90 days") << msAt(2026, 6, 2) << u"31-90"_s;
    QTest::newRow("91 days") << msAt(2026, 6, 1) << u"91+"_s;
    QTest::newRow("before 1970") << msAt(1969, 12, 31) << u"91+"_s;
}

void tst_PipelineAggregate::age()
{
    QFETCH(qint64, modifiedMs);
    QFETCH(QString, bucket);

    const QDate today(2026, 8, 31);
    OpportunitySummary s = opportunity(u"Prospect"_s);
    s.lastModifiedDateMs = modifiedMs;
    QCOMPARE(Aggregate::ageBucket(s, today), bucket);
    const Aggregate aggregate = Aggregate::compute({s, opportunity(u"Prospect"_s)}, today);
    QCOMPARE(aggregate.byAge.size(), 4);
    for (const Aggregate::BucketCount &entry : aggregate.byAge) {
        QCOMPARE(entry.count, entry.bucket == bucket ? 1 : 0); // no date: not counted
    }
}

void tst_PipelineAggregate::closedLostReasons_countedPerReason()
{
    QList<OpportunitySummary> rows;
    for (const QString &reason : {u"Price"_s, u"Lost to Competitor"_s, u"Price"_s, QString()}) {
        OpportunitySummary s = opportunity(u"Closed Lost"_s);
        s.closedLostReason = reason;
        rows.append(s);
    }
    OpportunitySummary open = opportunity(u"Prospect"_s);
    open.closedLostReason = u"Price"_s; // not lost: not counted
    rows.append(open);
    const Aggregate aggregate = Aggregate::compute(rows, QDate(2026, 8, 1));
    const QList<Aggregate::BucketCount> expected{
            {u"Price"_s, 2}, {u"Lost to Competitor"_s, 1}, {QString(), 1}};
    QCOMPARE(aggregate.closedLostReasons, expected);
    QVERIFY(aggregate.closedLostReasons.last().bucket.isNull());
}

void tst_PipelineAggregate::tallies_mergeToTheSameAggregate()
{
    QList<OpportunitySummary> rows;
    const QStringList stages{u"Prospect"_s, u"Closed Lost"_s, u"Committed"_s, u"Launched"_s};
    for (int i = 0; i < 200; ++i) {
        OpportunitySummary s = opportunity(stages.at(i % 4), i % 3 ? u"Approved"_s : QString());
        s.targetCloseDate = QDate(2026, 1, 1).addDays(i * 3).toString(Qt::ISODate);
        s.lastModifiedDateMs = msAt(2026, 8, 1) - qint64(i) * CivilTime::MsPerDay;
        s.closedLostReason = i % 5 ? u"Price"_s : u"Other"_s;
        s.expectedCustomerSpend = {spend(QString::number(i) + u".5"_s, u"USD"_s)};
        rows.append(s);
    }
    const QDate today(2026, 8, 1);
    PipelineTally first;
    PipelineTally second;
    first.add(rows.mid(0, 77));
    second.add(rows.mid(77));
    first.merge(second);
    const Aggregate merged = first.aggregate(today);
    QCOMPARE(merged, Aggregate::compute(rows, today));
    QCOMPARE(merged.totalSpend(u"USD"_s).toString(), u"20000.00"_s);
}

void tst_PipelineAggregate::compute_inPartsSameAsOneTally()
{
    // Enough rows for several parts, with values that first appear in later parts.
    QList<OpportunitySummary> rows;
    const QStringList stages = Model::stages();
    const QStringList statuses = Model::reviewStatuses();
    const QStringList currencies{u"USD"_s, u"EUR"_s, u"JPY"_s, QString()};
    for (int i = 0; i < 70'000; ++i) {
        OpportunitySummary s = opportunity(i % 11 ? stages.at(i % 7) : u"Stage %1"_s.arg(i / 9000),
                                           i % 13 ? statuses.at(i % 6) : QString());
        s.targetCloseDate = QDate(2026, 1, 1).addDays(i % 900).toString(Qt::ISODate);
        s.lastModifiedDateMs = msAt(2026, 8, 1) - qint64(i % 400) * CivilTime::MsPerDay;
        s.closedLostReason = u"Reason %1"_s.arg(i / 20000);
        s.expectedCustomerSpend = {spend(QString::number(i) + u".25"_s, currencies.at(i % 4)),
                                   spend(i % 17 ? u"1"_s : u"x"_s, currencies.at((i / 30000) % 4))};
        rows.append(s);
    }
    const QDate today(2026, 8, 1);
    PipelineTally one;
    one.add(rows);
    QCOMPARE(Aggregate::compute(rows, today), one.aggregate(today));
}

void tst_PipelineAggregate::selection_keepsTheRowsAPartCounts()
{
    const QDate today(2026, 8, 15);
    OpportunitySummary a = opportunity(u"Qualified"_s, QString());
    a.targetCloseDate = u"2026-07-01"_s;
    a.lastModifiedDateMs = msAt(2026, 8, 1);
    a.expectedCustomerSpend = {spend(u"x"_s, u"EUR"_s), spend(u"5"_s, u"USD"_s)};
    OpportunitySummary b = opportunity(u"Closed Lost"_s, u"Approved"_s);
    b.closedLostReason = u"Price"_s;
    b.targetCloseDate = u"2026-07-01"_s;

    PipelineSelection selection;
    QVERIFY(selection.matches(a, today));
    selection = {PipelineSelection::Kind::StageAndReviewStatus, u"Qualified"_s, {}, {}, {}, {}};
    QVERIFY(selection.matches(a, today));
    QVERIFY(!selection.matches(b, today));
    selection = {PipelineSelection::Kind::StageSpend, u"Qualified"_s, {}, u"EUR"_s, {}, {}};
    QVERIFY(!selection.matches(a, today)); // its EUR entry is not a number: not summed
    selection.currencyCode = u"USD"_s;
    QVERIFY(selection.matches(a, today));
    selection = {PipelineSelection::Kind::CloseMonth, {}, {}, {}, u"overdue"_s, {}};
    QVERIFY(selection.matches(a, today));
    QVERIFY(!selection.matches(b, today)); // closed
    selection = {PipelineSelection::Kind::Age, {}, {}, {}, u"8-30"_s, {}};
    QVERIFY(selection.matches(a, today));
    QVERIFY(!selection.matches(b, today)); // no LastModifiedDate
    selection = {PipelineSelection::Kind::ClosedLostReason, {}, {}, {}, {}, u"Price"_s};
    QVERIFY(!selection.matches(a, today));
    QVERIFY(selection.matches(b, today));
}

QTEST_GUILESS_MAIN(tst_PipelineAggregate)
#include "tst_pipelineaggregate.moc"
