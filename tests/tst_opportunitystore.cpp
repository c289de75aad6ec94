// The emulator's query semantics on a handful of handmade rows: each filter as documented, each
// sort key in both orders with rows missing the value last, the canonical query that page
// tokens are bound to, the cache of matches, the --data export and the JSON wire variants.
#include "opportunitystore.h"

#include <QSet>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::OpportunityStore;
using Pd::Emulator::TieBreak;

namespace {

struct Fields
{
    QString id;
    QString catalog = u"AWS"_s;
    QString company; ///< null: no Customer
    QString stage; ///< null with closeDate null: no LifeCycle
    QString reviewStatus;
    QString lastModified; ///< day of January 2026, "" for none
    QString created; ///< an RFC 3339 time, null for none
    QString closeDate;
};

OpportunitySummary summary(const Fields &f)
{
    OpportunitySummary s;
    s.catalog = f.catalog;
    s.id = f.id;
    if (!f.lastModified.isEmpty()) {
        s.lastModifiedDate = u"2026-01-%1T00:00:00Z"_s.arg(f.lastModified);
    }
    s.createdDate = f.created;
    if (!f.company.isNull()) {
        s.hasCustomer = true;
        s.hasAccount = true;
        s.companyName = f.company;
    }
    if (!f.stage.isNull() || !f.closeDate.isNull()) {
        s.hasLifeCycle = true;
        s.stage = f.stage;
        s.reviewStatus = f.reviewStatus;
        s.targetCloseDate = f.closeDate;
    }
    return s;
}

/// Six rows of catalog AWS and one of Sandbox, each missing something.
QList<OpportunitySummary> rows()
{
    return {
            summary({u"O5"_s,
                     u"AWS"_s,
                     u"Müller GmbH"_s,
                     {},
                     {},
                     u"02"_s,
                     u"2025-03-01T00:00:00Z"_s,
                     {}}),
            summary({u"O1"_s, u"AWS"_s, u"Acme Corp"_s, u"Prospect"_s, u"Submitted"_s, u"05"_s,
                     u"2025-01-01T00:00:00Z"_s, u"2026-03-01"_s}),
            summary({u"O10"_s,
                     u"AWS"_s,
                     u"Zeta"_s,
                     u"Committed"_s,
                     {},
                     {},
                     u"2024-07-01T00:00:00Z"_s,
                     u"2025-12-31"_s}),
            summary({u"O4"_s, u"Sandbox"_s, u"Acme"_s, u"Prospect"_s, {}, u"06"_s, {}, {}}),
            summary({u"O2"_s,
                     u"AWS"_s,
                     u"ACME Labs"_s,
                     u"Qualified"_s,
                     {},
                     u"04"_s,
                     u"2025-06-01T00:00:00Z"_s,
                     u"2026-02-28"_s}),
            summary({u"O3"_s,
                     u"AWS"_s,
                     {},
                     u"Launched"_s,
                     u"Approved"_s,
                     u"03"_s,
                     {},
                     u"2026-12-31"_s}),
    };
}

void fill(OpportunityStore *store, const QList<OpportunitySummary> &summaries)
{
    for (const OpportunitySummary &s : summaries) {
        store->add(s);
    }
}

QStringList ids(OpportunityStore &store, const ListOpportunitiesRequest &request)
{
    QStringList out;
    for (const qsizetype row : *store.match(request, OpportunityStore::canonicalQuery(request))) {
        out.append(store.id(row));
    }
    return out;
}

ListOpportunitiesRequest aws()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    return request;
}

QDateTime utc(int year, int month, int day)
{
    return QDateTime(QDate(year, month, day), QTime(0, 0), Qt::UTC);
}

using Filter = std::function<void(ListOpportunitiesRequest &)>;

} // namespace

Q_DECLARE_METATYPE(Filter)

class tst_OpportunityStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filters_data();
    void filters();
    void sort_missingValuesLastInBothOrders_data();
    void sort_missingValuesLastInBothOrders();
    void sort_tiesByIdentifier();
    void sort_tieBreakRules();
    void ranges_afterExclusive_data();
    void ranges_afterExclusive();
    void canonicalQuery_identifiesTheRows();
    void match_cachesRecentQueries();
    void countAndDataJson();
    void jsonVariants_sameSummaries();
};

void tst_OpportunityStore::filters_data()
{
    QTest::addColumn<Filter>("filter");
    QTest::addColumn<QStringList>("expected"); ///< in the default order, LastModifiedDate DESC

    QTest::newRow("none") << Filter([](auto &) {})
                          << QStringList{u"O1"_s, u"O2"_s, u"O3"_s, u"O5"_s, u"O10"_s};
    QTest::newRow("other catalog")
            << Filter([](auto &r) { r.catalog = u"Sandbox"_s; }) << QStringList{u"O4"_s};
    QTest::newRow("unknown catalog")
            << Filter([](auto &r) { r.catalog = u"Other"_s; }) << QStringList{};
    QTest::newRow("company, case-insensitive substring")
            << Filter([](auto &r) { r.customerCompanyName = {u"acme"_s}; })
            << QStringList{u"O1"_s, u"O2"_s};
    QTest::newRow("company, Unicode lower case")
            << Filter([](auto &r) { r.customerCompanyName = {u"MÜLLER"_s}; })
            << QStringList{u"O5"_s};
    QTest::newRow("company, any of the values") << Filter([](auto &r) {
        r.customerCompanyName = {u"zeta"_s, u" labs"_s};
    }) << QStringList{u"O2"_s, u"O10"_s};
    QTest::newRow("identifier, exact") << Filter([](auto &r) {
        r.identifier = {u"O3"_s, u"O10"_s, u"O1 "_s, u"O99"_s};
    }) << QStringList{u"O3"_s, u"O10"_s};
    QTest::newRow("stage, exact, absent never matches") << Filter([](auto &r) {
        r.lifeCycleStage = {u"Prospect"_s, u"Launched"_s};
    }) << QStringList{u"O1"_s, u"O3"_s};
    QTest::newRow("review status")
            << Filter([](auto &r) { r.lifeCycleReviewStatus = {u"Submitted"_s}; })
            << QStringList{u"O1"_s};
    QTest::newRow("last modified, after inclusive, before exclusive") << Filter([](auto &r) {
        r.lastModifiedDate = {utc(2026, 1, 3), utc(2026, 1, 5)};
    }) << QStringList{u"O2"_s, u"O3"_s};
    QTest::newRow("created after, absent never matches")
            << Filter([](auto &r) { r.createdDate.after = utc(2025, 2, 1); })
            << QStringList{u"O2"_s, u"O5"_s};
    QTest::newRow("target close date, after inclusive")
            << Filter([](auto &r) { r.targetCloseDate.after = u"2026-02-28"_s; })
            << QStringList{u"O1"_s, u"O2"_s, u"O3"_s};
    QTest::newRow("target close date, before exclusive")
            << Filter([](auto &r) { r.targetCloseDate.before = u"2026-03-01"_s; })
            << QStringList{u"O2"_s, u"O10"_s};
    QTest::newRow("filters combine") << Filter([](auto &r) {
        r.customerCompanyName = {u"acme"_s};
        r.lifeCycleStage = {u"Qualified"_s};
    }) << QStringList{u"O2"_s};
}

void tst_OpportunityStore::filters()
{
    QFETCH(Filter, filter);
    QFETCH(QStringList, expected);
    OpportunityStore store;
    fill(&store, rows());
    ListOpportunitiesRequest request = aws();
    filter(request);
    QCOMPARE(ids(store, request), expected);
}

void tst_OpportunityStore::sort_missingValuesLastInBothOrders_data()
{
    QTest::addColumn<QString>("sortBy");
    QTest::addColumn<QStringList>("ascending");
    QTest::addColumn<QStringList>("descending");
    QTest::newRow("LastModifiedDate")
            << u"LastModifiedDate"_s << QStringList{u"O5"_s, u"O3"_s, u"O2"_s, u"O1"_s, u"O10"_s}
            << QStringList{u"O1"_s, u"O2"_s, u"O3"_s, u"O5"_s, u"O10"_s};
    // Length first, so "O10" comes after "O5".
    QTest::newRow("Identifier") << u"Identifier"_s
                                << QStringList{u"O1"_s, u"O2"_s, u"O3"_s, u"O5"_s, u"O10"_s}
                                << QStringList{u"O10"_s, u"O5"_s, u"O3"_s, u"O2"_s, u"O1"_s};
    QTest::newRow("CustomerCompanyName")
            << u"CustomerCompanyName"_s << QStringList{u"O1"_s, u"O2"_s, u"O5"_s, u"O10"_s, u"O3"_s}
            << QStringList{u"O10"_s, u"O5"_s, u"O2"_s, u"O1"_s, u"O3"_s};
    QTest::newRow("CreatedDate") << u"CreatedDate"_s
                                 << QStringList{u"O10"_s, u"O1"_s, u"O5"_s, u"O2"_s, u"O3"_s}
                                 << QStringList{u"O2"_s, u"O5"_s, u"O1"_s, u"O10"_s, u"O3"_s};
    QTest::newRow("TargetCloseDate")
            << u"TargetCloseDate"_s << QStringList{u"O10"_s, u"O2"_s, u"O1"_s, u"O3"_s, u"O5"_s}
            << QStringList{u"O3"_s, u"O1"_s, u"O2"_s, u"O10"_s, u"O5"_s};
}

void tst_OpportunityStore::sort_missingValuesLastInBothOrders()
{
    QFETCH(QString, sortBy);
    QFETCH(QStringList, ascending);
    QFETCH(QStringList, descending);
    OpportunityStore store;
    fill(&store, rows());
    ListOpportunitiesRequest request = aws();
    request.sort = OpportunitySort{sortBy, u"ASCENDING"_s};
    QCOMPARE(ids(store, request), ascending);
    request.sort = OpportunitySort{sortBy, u"DESCENDING"_s};
    QCOMPARE(ids(store, request), descending);
}

void tst_OpportunityStore::sort_tiesByIdentifier()
{
    // Equal times and names, added out of identifier order: ties go by identifier.
    OpportunityStore store;
    fill(&store, {summary({u"O30"_s, u"AWS"_s, u"Same"_s, {}, {}, u"07"_s, {}, {}}),
                  summary({u"O4"_s, u"AWS"_s, u"same"_s, {}, {}, u"07"_s, {}, {}}),
                  summary({u"O100"_s, u"AWS"_s, u"SAME"_s, {}, {}, u"07"_s, {}, {}}),
                  summary({u"O20"_s, u"AWS"_s, u"Same"_s, {}, {}, u"07"_s, {}, {}})});
    const QStringList byId{u"O4"_s, u"O20"_s, u"O30"_s, u"O100"_s};
    for (const QString &sortBy : {u"LastModifiedDate"_s, u"CustomerCompanyName"_s}) {
        ListOpportunitiesRequest request = aws();
        request.sort = OpportunitySort{sortBy, u"ASCENDING"_s};
        QCOMPARE(ids(store, request), byId);
    }
}

void tst_OpportunityStore::sort_tieBreakRules()
{
    // Four rows tied on every key but Identifier, after one that is not tied.
    OpportunityStore store;
    QList<OpportunitySummary> tied{
            summary({u"O7"_s, u"AWS"_s, u"Other"_s, {}, {}, u"09"_s, {}, {}})};
    for (const QString &id : {u"O30"_s, u"O4"_s, u"O100"_s, u"O20"_s}) {
        tied.append(summary({id, u"AWS"_s, u"Same"_s, {}, {}, u"07"_s, {}, {}}));
    }
    fill(&store, tied);
    const auto order = [&store](TieBreak rule, const QString &sortOrder) {
        store.setTieBreak(rule);
        ListOpportunitiesRequest request = aws();
        request.sort = OpportunitySort{u"LastModifiedDate"_s, sortOrder};
        QStringList listed = ids(store, request);
        listed.removeOne(u"O7"_s);
        return listed;
    };
    const QStringList byId{u"O4"_s, u"O20"_s, u"O30"_s, u"O100"_s};
    const QStringList byIdDescending{u"O100"_s, u"O30"_s, u"O20"_s, u"O4"_s};
    QCOMPARE(order(TieBreak::IdInSortOrder, u"ASCENDING"_s), byId);
    QCOMPARE(order(TieBreak::IdInSortOrder, u"DESCENDING"_s), byIdDescending);
    QCOMPARE(order(TieBreak::IdAscending, u"ASCENDING"_s), byId);
    QCOMPARE(order(TieBreak::IdAscending, u"DESCENDING"_s), byId);
    // Hashed: one fixed order in both directions, neither by Identifier.
    const QStringList hashed = order(TieBreak::Hashed, u"ASCENDING"_s);
    QCOMPARE(order(TieBreak::Hashed, u"DESCENDING"_s), hashed);
    QCOMPARE(QSet<QString>(hashed.cbegin(), hashed.cend()),
             QSet<QString>(byId.cbegin(), byId.cend()));
    QVERIFY(hashed != byId && hashed != byIdDescending);
}

void tst_OpportunityStore::ranges_afterExclusive_data()
{
    QTest::addColumn<Filter>("filter");
    QTest::addColumn<QStringList>("inclusive"); ///< After inclusive, Before exclusive
    QTest::addColumn<QStringList>("exclusive"); ///< After exclusive, Before inclusive
    QTest::newRow("LastModifiedDate") << Filter([](auto &r) {
        r.lastModifiedDate = {utc(2026, 1, 3), utc(2026, 1, 5)};
    }) << QStringList{u"O2"_s, u"O3"_s}
                                      << QStringList{u"O1"_s, u"O2"_s};
    QTest::newRow("CreatedDate") << Filter([](auto &r) {
        r.createdDate = {utc(2025, 1, 1), utc(2025, 6, 1)};
    }) << QStringList{u"O1"_s, u"O5"_s}
                                 << QStringList{u"O2"_s, u"O5"_s};
    QTest::newRow("TargetCloseDate") << Filter([](auto &r) {
        r.targetCloseDate = {u"2026-02-28"_s, u"2026-03-01"_s};
    }) << QStringList{u"O2"_s} << QStringList{u"O1"_s};
}

void tst_OpportunityStore::ranges_afterExclusive()
{
    QFETCH(Filter, filter);
    QFETCH(QStringList, inclusive);
    QFETCH(QStringList, exclusive);
    OpportunityStore store;
    fill(&store, rows());
    ListOpportunitiesRequest request = aws();
    filter(request);
    QCOMPARE(ids(store, request), inclusive);
    store.setAfterExclusive(true);
    QCOMPARE(ids(store, request), exclusive);
    store.setAfterExclusive(false);
    QCOMPARE(ids(store, request), inclusive);
}

void tst_OpportunityStore::canonicalQuery_identifiesTheRows()
{
    const ListOpportunitiesRequest plain = aws();
    ListOpportunitiesRequest explicitDefault = aws();
    explicitDefault.sort = OpportunitySort{u"LastModifiedDate"_s, u"DESCENDING"_s};
    ListOpportunitiesRequest paged = aws();
    paged.maxResults = 5;
    paged.nextToken = u"token"_s;
    QCOMPARE(OpportunityStore::canonicalQuery(explicitDefault),
             OpportunityStore::canonicalQuery(plain));
    QCOMPARE(OpportunityStore::canonicalQuery(paged), OpportunityStore::canonicalQuery(plain));

    const QList<Filter> changes{
            [](auto &r) { r.catalog = u"Sandbox"_s; },
            [](auto &r) {
                r.sort = OpportunitySort{u"LastModifiedDate"_s, u"ASCENDING"_s};
            },
            [](auto &r) {
                r.sort = OpportunitySort{u"Identifier"_s, u"DESCENDING"_s};
            },
            [](auto &r) { r.identifier = {u"O1"_s}; },
            [](auto &r) { r.lifeCycleStage = {u"Prospect"_s}; },
            [](auto &r) { r.lifeCycleReviewStatus = {u"Submitted"_s}; },
            [](auto &r) { r.customerCompanyName = {u"acme"_s}; },
            [](auto &r) { r.lastModifiedDate.after = utc(2026, 1, 1); },
            [](auto &r) { r.lastModifiedDate.before = utc(2026, 1, 1); },
            [](auto &r) { r.createdDate.after = utc(2026, 1, 1); },
            [](auto &r) { r.createdDate.before = utc(2026, 1, 1); },
            [](auto &r) { r.targetCloseDate.after = u"2026-01-01"_s; },
            [](auto &r) { r.targetCloseDate.before = u"2026-01-01"_s; },
    };
    QSet<QByteArray> seen{OpportunityStore::canonicalQuery(plain)};
    for (const Filter &change : changes) {
        ListOpportunitiesRequest request = aws();
        change(request);
        const QByteArray canonical = OpportunityStore::canonicalQuery(request);
        QVERIFY2(!seen.contains(canonical), canonical.constData());
        seen.insert(canonical);
    }
}

void tst_OpportunityStore::match_cachesRecentQueries()
{
    OpportunityStore store;
    fill(&store, rows());
    const auto match = [&store](const ListOpportunitiesRequest &request) {
        return store.match(request, OpportunityStore::canonicalQuery(request));
    };
    const ListOpportunitiesRequest first = aws();
    const auto rows = match(first);
    QCOMPARE(match(first), rows);

    // A query used recently stays cached; the least recently used one goes when the cache
    // is full.
    const auto other = [](int i) {
        ListOpportunitiesRequest request = aws();
        request.identifier = {u"O%1"_s.arg(100 + i)};
        return request;
    };
    const auto kept = match(other(0));
    for (int i = 1; i < OpportunityStore::CacheSize; ++i) {
        QCOMPARE(match(first), rows);
        match(other(i));
    }
    QCOMPARE(match(first), rows);
    QCOMPARE(match(other(OpportunityStore::CacheSize - 1)).get(),
             match(other(OpportunityStore::CacheSize - 1)).get());
    match(other(OpportunityStore::CacheSize));
    QVERIFY(match(other(0)) != kept); // evicted, computed again
    QCOMPARE(match(first), rows);

    // Adding a row drops every cached match.
    store.add(summary({u"O6"_s, u"AWS"_s, {}, {}, {}, u"09"_s, {}, {}}));
    const auto after = match(first);
    QVERIFY(after != rows);
    QCOMPARE(after->size(), rows->size() + 1);
    QCOMPARE(store.id(after->first()), u"O6"_s);
}

void tst_OpportunityStore::countAndDataJson()
{
    OpportunityStore store;
    const QList<OpportunitySummary> summaries = rows();
    fill(&store, summaries);
    QCOMPARE(store.size(), summaries.size());
    QCOMPARE(store.count(u"AWS"_s), 5);
    QCOMPARE(store.count(u"Sandbox"_s), 1);
    QCOMPARE(store.count(u"Other"_s), 0);

    const auto parsedJson = [](const QByteArray &data) {
        ListOpportunitiesResponse response;
        QString error;
        if (!ListOpportunitiesResponse::parse(data, &response, &error)) {
            qWarning("%s", qPrintable(error));
        }
        QList<QByteArray> json;
        for (const OpportunitySummary &s : response.opportunitySummaries) {
            json.append(s.toJson());
        }
        return json;
    };
    // In insertion order, each row as its summary serialises.
    QList<QByteArray> all;
    QList<QByteArray> sandbox;
    for (const OpportunitySummary &s : summaries) {
        all.append(s.toJson());
        if (s.catalog == u"Sandbox"_s) {
            sandbox.append(s.toJson());
        }
    }
    QCOMPARE(parsedJson(store.dataJson(QString())), all);
    QCOMPARE(parsedJson(store.dataJson(u"Sandbox"_s)), sandbox);
    QCOMPARE(store.json(1), summaries.at(1).toJson());
}

void tst_OpportunityStore::jsonVariants_sameSummaries()
{
    const QList<OpportunitySummary> summaries = rows();
    OpportunityStore plain;
    fill(&plain, summaries);
    OpportunityStore variant;
    variant.setJsonVariants(true, true);
    fill(&variant, summaries);
    for (qsizetype row = 0; row < summaries.size(); ++row) {
        const QByteArray json = variant.json(row);
        QVERIFY2(json.contains("\"PartnerOpportunityIdentifier\":null"), json.constData());
        QVERIFY2(std::all_of(json.cbegin(), json.cend(), [](char c) { return uchar(c) < 0x80; }),
                 json.constData());
        ListOpportunitiesResponse fromVariant;
        ListOpportunitiesResponse fromPlain;
        QString error;
        QVERIFY2(ListOpportunitiesResponse::parse("{\"OpportunitySummaries\":[" + json + "]}",
                                                  &fromVariant, &error),
                 qPrintable(error));
        QVERIFY(ListOpportunitiesResponse::parse(
                "{\"OpportunitySummaries\":[" + plain.json(row) + "]}", &fromPlain, &error));
        QCOMPARE(fromVariant.opportunitySummaries, fromPlain.opportunitySummaries);
    }
    QVERIFY(variant.json(0).contains("M\\u00fcller"));
}

QTEST_GUILESS_MAIN(tst_OpportunityStore)
#include "tst_opportunitystore.moc"
