#include "datasetgenerator.h"
#include "emulatorserver.h"
#include "opportunityquery.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;

Q_DECLARE_METATYPE(Pd::Core::ListOpportunitiesRequest)

namespace {

OpportunitySummary summary(const QString &id, qint64 lastModifiedMs = OpportunitySummary::NoTime)
{
    OpportunitySummary s;
    s.catalog = u"AWS"_s;
    s.id = id;
    if (lastModifiedMs != OpportunitySummary::NoTime) {
        s.lastModifiedDateMs = lastModifiedMs;
        s.lastModifiedDate
                = Model::formatDateTime(QDateTime::fromMSecsSinceEpoch(lastModifiedMs, Qt::UTC));
    }
    return s;
}

OpportunitySummary withCompany(OpportunitySummary s, const QString &name)
{
    s.hasCustomer = true;
    s.hasAccount = true;
    s.companyName = name;
    return s;
}

OpportunitySummary withCloseDate(OpportunitySummary s, const QString &date)
{
    s.hasLifeCycle = true;
    s.targetCloseDate = date;
    return s;
}

QStringList idsOf(const QList<OpportunitySummary> &summaries)
{
    QStringList ids;
    for (const OpportunitySummary &s : summaries) {
        ids.append(s.id);
    }
    return ids;
}

ListOpportunitiesRequest sorted(const QString &by, const QString &order)
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.sort = OpportunitySort{by, order};
    return request;
}

QDateTime utc(const char *text)
{
    return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODateWithMs);
}

} // namespace

class TestOpportunityQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultSortIsLastModifiedDescending();
    void missingValuesComeLastInBothOrders();
    void tiesFollowTheIdInTheSortDirection();
    void identifiersSortNumerically();
    void companyNamesMatchAsCaseInsensitiveSubstrings();
    void dateRangesIncludeAfterAndExcludeBefore();
    void missingFilteredValuesNeverMatch();
    void otherCatalogsNeverMatch();
    void sameIdsAndOrderAsTheEmulator_data();
    void sameIdsAndOrderAsTheEmulator();
};

void TestOpportunityQuery::defaultSortIsLastModifiedDescending()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    const OpportunityQuery query(request);
    QCOMPARE(query.sortBy(), OpportunityQuery::SortBy::LastModifiedDate);
    QVERIFY(query.descending());
    QCOMPARE(idsOf(query.apply(
                     {summary(u"O1"_s, 1000), summary(u"O2"_s, 3000), summary(u"O3"_s, 2000)})),
             QStringList({u"O2"_s, u"O3"_s, u"O1"_s}));
}

void TestOpportunityQuery::missingValuesComeLastInBothOrders()
{
    const QList<OpportunitySummary> rows{
            withCloseDate(summary(u"O1"_s), u"2026-03-01"_s), summary(u"O2"_s),
            withCloseDate(summary(u"O3"_s), u"2026-01-01"_s), summary(u"O4"_s)};
    QCOMPARE(idsOf(OpportunityQuery(sorted(u"TargetCloseDate"_s, u"ASCENDING"_s)).apply(rows)),
             QStringList({u"O3"_s, u"O1"_s, u"O2"_s, u"O4"_s}));
    QCOMPARE(idsOf(OpportunityQuery(sorted(u"TargetCloseDate"_s, u"DESCENDING"_s)).apply(rows)),
             QStringList({u"O1"_s, u"O3"_s, u"O4"_s, u"O2"_s}));
}

void TestOpportunityQuery::tiesFollowTheIdInTheSortDirection()
{
    const QList<OpportunitySummary> rows{summary(u"O20"_s, 5000), summary(u"O3"_s, 5000),
                                         summary(u"O100"_s, 5000), summary(u"O4"_s, 9000)};
    QCOMPARE(idsOf(OpportunityQuery(sorted(u"LastModifiedDate"_s, u"ASCENDING"_s)).apply(rows)),
             QStringList({u"O3"_s, u"O20"_s, u"O100"_s, u"O4"_s}));
    QCOMPARE(idsOf(OpportunityQuery(sorted(u"LastModifiedDate"_s, u"DESCENDING"_s)).apply(rows)),
             QStringList({u"O4"_s, u"O100"_s, u"O20"_s, u"O3"_s}));
}

void TestOpportunityQuery::identifiersSortNumerically()
{
    const QList<OpportunitySummary> rows{summary(u"O9"_s), summary(u"O10"_s),
                                         summary(u"O100000000000"_s), summary(u"O11"_s)};
    QCOMPARE(idsOf(OpportunityQuery(sorted(u"Identifier"_s, u"ASCENDING"_s)).apply(rows)),
             QStringList({u"O9"_s, u"O10"_s, u"O11"_s, u"O100000000000"_s}));
    QCOMPARE(OpportunityQuery::compareIds(u"O9"_s, u"O10"_s), -1);
    QCOMPARE(OpportunityQuery::compareIds(u"O10"_s, u"O10"_s), 0);
}

void TestOpportunityQuery::companyNamesMatchAsCaseInsensitiveSubstrings()
{
    const QList<OpportunitySummary> rows{withCompany(summary(u"O1"_s), u"ACME Corp"_s),
                                         withCompany(summary(u"O2"_s), u"Müller & Söhne GmbH"_s),
                                         withCompany(summary(u"O3"_s), u"Example Ltd"_s),
                                         summary(u"O4"_s)};
    ListOpportunitiesRequest request = sorted(u"Identifier"_s, u"ASCENDING"_s);
    request.customerCompanyName = {u"acme"_s, u"MÜLLER"_s};
    QCOMPARE(idsOf(OpportunityQuery(request).apply(rows)), QStringList({u"O1"_s, u"O2"_s}));
    request.customerCompanyName = {u"me co"_s};
    QCOMPARE(idsOf(OpportunityQuery(request).apply(rows)), QStringList({u"O1"_s}));
    // Sorted by the lower-cased name, code point order; no name last.
    QCOMPARE(idsOf(OpportunityQuery(sorted(u"CustomerCompanyName"_s, u"ASCENDING"_s)).apply(rows)),
             QStringList({u"O1"_s, u"O3"_s, u"O2"_s, u"O4"_s}));
}

void TestOpportunityQuery::dateRangesIncludeAfterAndExcludeBefore()
{
    const QList<OpportunitySummary> rows{
            summary(u"O1"_s, utc("2026-01-01T00:00:00Z").toMSecsSinceEpoch()),
            summary(u"O2"_s, utc("2026-01-02T00:00:00Z").toMSecsSinceEpoch()),
            summary(u"O3"_s, utc("2026-01-03T00:00:00Z").toMSecsSinceEpoch())};
    ListOpportunitiesRequest request = sorted(u"Identifier"_s, u"ASCENDING"_s);
    request.lastModifiedDate.after = utc("2026-01-01T00:00:00Z");
    request.lastModifiedDate.before = utc("2026-01-03T00:00:00Z");
    QCOMPARE(idsOf(OpportunityQuery(request).apply(rows)), QStringList({u"O1"_s, u"O2"_s}));

    const QList<OpportunitySummary> closing{withCloseDate(summary(u"O1"_s), u"2026-05-01"_s),
                                            withCloseDate(summary(u"O2"_s), u"2026-05-02"_s)};
    request = sorted(u"Identifier"_s, u"ASCENDING"_s);
    request.targetCloseDate = {u"2026-05-01"_s, u"2026-05-02"_s};
    QCOMPARE(idsOf(OpportunityQuery(request).apply(closing)), QStringList({u"O1"_s}));
}

void TestOpportunityQuery::missingFilteredValuesNeverMatch()
{
    ListOpportunitiesRequest request = sorted(u"Identifier"_s, u"ASCENDING"_s);
    request.lifeCycleStage = {u"Prospect"_s};
    OpportunitySummary prospect = summary(u"O1"_s);
    prospect.hasLifeCycle = true;
    prospect.stage = u"Prospect"_s;
    const OpportunityQuery query(request);
    QVERIFY(query.matches(prospect));
    QVERIFY(!query.matches(summary(u"O2"_s)));
    request = sorted(u"Identifier"_s, u"ASCENDING"_s);
    request.createdDate.after = utc("2020-01-01T00:00:00Z");
    QVERIFY(!OpportunityQuery(request).matches(summary(u"O3"_s)));
}

void TestOpportunityQuery::otherCatalogsNeverMatch()
{
    OpportunitySummary sandbox = summary(u"O1"_s);
    sandbox.catalog = u"Sandbox"_s;
    QVERIFY(!OpportunityQuery(sorted(u"Identifier"_s, u"ASCENDING"_s)).matches(sandbox));
}

void TestOpportunityQuery::sameIdsAndOrderAsTheEmulator_data()
{
    QTest::addColumn<ListOpportunitiesRequest>("request");
    for (const QString &key : Model::sortKeys()) {
        for (const QString &order : Model::sortOrders()) {
            QTest::addRow("%s %s", qPrintable(key), qPrintable(order)) << sorted(key, order);
        }
    }
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    QTest::addRow("no sort") << request;
    request.lifeCycleStage = {u"Qualified"_s, u"Closed Lost"_s};
    request.lifeCycleReviewStatus = {u"Approved"_s, u"In review"_s};
    QTest::addRow("stages and review statuses") << request;
    request = sorted(u"CustomerCompanyName"_s, u"DESCENDING"_s);
    request.customerCompanyName = {u"acme"_s, u"GMBH"_s, u"ü"_s};
    QTest::addRow("company names") << request;
    request = sorted(u"CreatedDate"_s, u"ASCENDING"_s);
    request.createdDate = {utc("2024-06-01T00:00:00Z"), utc("2025-06-01T12:30:00.500Z")};
    request.lastModifiedDate.after = utc("2025-01-01T00:00:00Z");
    QTest::addRow("date ranges") << request;
    request = sorted(u"TargetCloseDate"_s, u"ASCENDING"_s);
    request.targetCloseDate = {u"2026-01-01"_s, u"2027-01-01"_s};
    QTest::addRow("close dates") << request;
    request = sorted(u"LastModifiedDate"_s, u"ASCENDING"_s);
    request.identifier = {Pd::Emulator::DatasetGenerator::identifier(u"AWS"_s, 5),
                          Pd::Emulator::DatasetGenerator::identifier(u"AWS"_s, 1234), u"O999"_s};
    QTest::addRow("identifiers") << request;
}

void TestOpportunityQuery::sameIdsAndOrderAsTheEmulator()
{
    QFETCH(ListOpportunitiesRequest, request);
    EmulatorOptions options;
    options.count = 3000;
    options.sandboxCount = 50;
    options.seed = 7;
    EmulatorServer server;
    QString error;
    QVERIFY2(server.start(options, &error), qPrintable(error));
    ListOpportunitiesResponse all;
    QVERIFY(ListOpportunitiesResponse::parse(server.dataJson(), &all, &error));

    const QStringList local = idsOf(OpportunityQuery(request).apply(all.opportunitySummaries));
    const QStringList service = server.matchingIds(request);
    QVERIFY(!service.isEmpty());
    QCOMPARE(local, service);
}

QTEST_GUILESS_MAIN(TestOpportunityQuery)
#include "tst_opportunityquery.moc"
