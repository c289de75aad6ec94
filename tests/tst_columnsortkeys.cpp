// The sort keys of one table column over rows an OpportunityModel loaded from a scripted server:
// each kind of column in both directions, ties kept in source order, rows loaded later keyed
// incrementally. The expected orders are written out by hand from the column's documented rule.
#include "awsclient.h"
#include "columnsortkeys.h"
#include "opportunitymodel.h"
#include "testserver.h"

#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

constexpr int WaitMs = 10000;

OpportunitySummary row(const QString &id)
{
    OpportunitySummary s;
    s.catalog = u"AWS"_s;
    s.id = id;
    s.lastModifiedDate = u"2026-08-01T10:15:30Z"_s;
    return s;
}

OpportunitySummary withCompany(const QString &id, const QString &company)
{
    OpportunitySummary s = row(id);
    s.hasCustomer = true;
    s.hasAccount = true;
    s.companyName = company;
    return s;
}

OpportunitySummary withLifeCycle(const QString &id, const QString &stage,
                                 const QString &targetCloseDate)
{
    OpportunitySummary s = row(id);
    s.hasLifeCycle = true;
    s.stage = stage;
    s.targetCloseDate = targetCloseDate;
    return s;
}

OpportunitySummary withSpend(const QString &id, const QString &amount)
{
    OpportunitySummary s = row(id);
    if (!amount.isNull()) {
        s.hasProject = true;
        s.hasExpectedCustomerSpend = true;
        s.expectedCustomerSpend = {{amount, u"USD"_s, u"Monthly"_s, u"AWS"_s, {}}};
    }
    return s;
}

OpportunitySummary withCreated(const QString &id, const QString &created)
{
    OpportunitySummary s = row(id);
    s.createdDate = created;
    return s;
}

ScriptedResponse page(const QList<OpportunitySummary> &rows, const QString &nextToken = {})
{
    QByteArray body = "{\"OpportunitySummaries\":[";
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i > 0) {
            body += ',';
        }
        body += rows.at(i).toJson();
    }
    body += ']';
    if (!nextToken.isEmpty()) {
        body += ",\"NextToken\":\"" + nextToken.toUtf8() + '"';
    }
    body += '}';
    return ScriptedResponse::json(200, body);
}

/// A model holding exactly the rows of the scripted pages, in their order.
struct Fixture
{
    explicit Fixture(const QList<ScriptedResponse> &pages)
    {
        server.enqueue(pages);
        ClientConfig config;
        config.endpoint = server.url();
        config.maxRequestsPerSecond = 0;
        config.retry.maxAttempts = 1;
        AwsCredentials credentials;
        credentials.accessKeyId = u"AKIDEXAMPLE"_s;
        credentials.secretAccessKey = u"secret"_s;
        client = std::make_unique<AwsClient>(
                config, std::make_shared<StaticCredentialsProvider>(credentials, u"test"_s));
        model.setClient(client.get());
        ListOpportunitiesRequest request;
        request.catalog = u"AWS"_s;
        model.setQuery(request);
        keys.setModel(&model);
    }

    bool waitIdle()
    {
        return QTest::qWaitFor([this] { return !model.isBusy(); }, WaitMs);
    }
    bool fetchNextPage()
    {
        if (!waitIdle() || !model.canFetchMore({})) {
            return false;
        }
        model.fetchMore({});
        return waitIdle() && !model.lastError().isError();
    }

    /// The order, and before() agreeing with it for every pair of rows.
    QList<int> order(Qt::SortOrder direction) const
    {
        const std::vector<int> order = keys.order(direction);
        QList<int> rows(order.cbegin(), order.cend());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            for (qsizetype j = 0; j < rows.size(); ++j) {
                if (keys.before(rows.at(i), rows.at(j), direction) != (i < j)) {
                    qWarning("before(%d, %d) disagrees with the order", rows.at(i), rows.at(j));
                    return {};
                }
            }
        }
        return rows;
    }

    TestServer server;
    std::unique_ptr<AwsClient> client;
    OpportunityModel model;
    ColumnSortKeys keys;
};

} // namespace

class tst_ColumnSortKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void column_ordersByItsKey_data();
    void column_ordersByItsKey();
    void update_keysRowsLoadedLater();
    void setColumnAndClear_dropTheKeys();
};

void tst_ColumnSortKeys::column_ordersByItsKey_data()
{
    QTest::addColumn<OpportunityField>("field");
    QTest::addColumn<QList<OpportunitySummary>>("rows");
    QTest::addColumn<QList<int>>("ascending");
    QTest::addColumn<QList<int>>("descending");

    // Displayed text, case-folded, by code unit; equal texts keep source order both ways.
    QTest::newRow("company: folded text")
            << OpportunityField::CompanyName
            << QList<OpportunitySummary>{withCompany(u"O1"_s, u"beta"_s),
                                         withCompany(u"O2"_s, u"Alpha"_s),
                                         withCompany(u"O3"_s, u"ALPHA"_s),
                                         row(u"O4"_s),
                                         withCompany(u"O5"_s, u"alpha"_s),
                                         withCompany(u"O6"_s, u"Beta"_s),
                                         withCompany(u"O7"_s, u"Ängström"_s)}
            << QList<int>{3, 1, 2, 4, 0, 5, 6} << QList<int>{6, 0, 5, 1, 2, 4, 3};
    // The digits of the id as a number, then the id's text between equal numbers.
    QTest::newRow("id: number then text")
            << OpportunityField::Id
            << QList<OpportunitySummary>{row(u"O10"_s), row(u"O9"_s), row(u"O100000000001"_s),
                                         row(u"O0010"_s), row(u"O2"_s)}
            << QList<int>{4, 1, 3, 0, 2} << QList<int>{2, 0, 3, 1, 4};
    // The first amount as a number; no spend is -1.
    QTest::newRow("spend: number") << OpportunityField::ExpectedCustomerSpend
                                   << QList<OpportunitySummary>{withSpend(u"O1"_s, u"10"_s),
                                                                withSpend(u"O2"_s, u"9.99"_s),
                                                                withSpend(u"O3"_s, QString()),
                                                                withSpend(u"O4"_s, u"100"_s),
                                                                withSpend(u"O5"_s, u"0"_s),
                                                                withSpend(u"O6"_s, u"10.00"_s)}
                                   << QList<int>{2, 4, 1, 0, 5, 3} << QList<int>{3, 0, 5, 1, 4, 2};
    // Instants; an absent date goes first.
    QTest::newRow("created: instant")
            << OpportunityField::CreatedDate
            << QList<OpportunitySummary>{withCreated(u"O1"_s, u"2026-01-02T00:00:00Z"_s),
                                         row(u"O2"_s),
                                         withCreated(u"O3"_s, u"2025-12-31T23:59:59.999Z"_s),
                                         withCreated(u"O4"_s, u"2026-01-02T00:00:00.000Z"_s)}
            << QList<int>{1, 2, 0, 3} << QList<int>{0, 3, 2, 1};
    // The position in the lifecycle, not the label; unknown and absent stages first.
    QTest::newRow("stage: lifecycle position")
            << OpportunityField::Stage
            << QList<OpportunitySummary>{withLifeCycle(u"O1"_s, u"Launched"_s, {}),
                                         withLifeCycle(u"O2"_s, u"Prospect"_s, {}),
                                         withLifeCycle(u"O3"_s, u"Committed"_s, {}),
                                         withLifeCycle(u"O4"_s, u"Future Stage"_s, {}),
                                         withLifeCycle(u"O5"_s, u"Qualified"_s, {}),
                                         withLifeCycle(u"O6"_s, u"Prospect"_s, {})}
            << QList<int>{3, 1, 5, 4, 2, 0} << QList<int>{0, 2, 4, 1, 5, 3};
    // The date as sent, not folded; absent first.
    QTest::newRow("target close date: text as sent")
            << OpportunityField::TargetCloseDate
            << QList<OpportunitySummary>{withLifeCycle(u"O1"_s, {}, u"2026-10-01"_s),
                                         withLifeCycle(u"O2"_s, {}, u"2026-09-30"_s),
                                         withLifeCycle(u"O3"_s, {}, {}),
                                         withLifeCycle(u"O4"_s, {}, u"2027-01-01"_s)}
            << QList<int>{2, 1, 0, 3} << QList<int>{3, 0, 1, 2};
}

void tst_ColumnSortKeys::column_ordersByItsKey()
{
    QFETCH(OpportunityField, field);
    QFETCH(QList<OpportunitySummary>, rows);
    QFETCH(QList<int>, ascending);
    QFETCH(QList<int>, descending);
    Fixture f({page(rows)});
    QVERIFY(f.waitIdle());
    QCOMPARE(f.model.rowCount(), rows.size());
    f.keys.setColumn(OpportunityModel::columnOf(field));
    QCOMPARE(f.keys.column(), OpportunityModel::columnOf(field));
    f.keys.update();
    QCOMPARE(f.order(Qt::AscendingOrder), ascending);
    QCOMPARE(f.order(Qt::DescendingOrder), descending);
}

void tst_ColumnSortKeys::update_keysRowsLoadedLater()
{
    Fixture f({page({withCompany(u"O1"_s, u"Gamma"_s), withCompany(u"O2"_s, u"alpha"_s)}, u"t2"_s),
               page({withCompany(u"O3"_s, u"ALPHA"_s), withCompany(u"O4"_s, u"beta"_s),
                     withCompany(u"O5"_s, u"gamma"_s)})});
    QVERIFY(f.waitIdle());
    QCOMPARE(f.model.rowCount(), 2);
    f.keys.setColumn(OpportunityModel::columnOf(OpportunityField::CompanyName));
    f.keys.update();
    QCOMPARE(f.order(Qt::AscendingOrder), (QList<int>{1, 0}));

    // The second page's rows get keys; a text seen on the first page ranks with it.
    QVERIFY(f.fetchNextPage());
    QCOMPARE(f.model.rowCount(), 5);
    QCOMPARE(f.order(Qt::AscendingOrder), (QList<int>{1, 0})); // not keyed yet
    f.keys.update();
    QCOMPARE(f.order(Qt::AscendingOrder), (QList<int>{1, 2, 3, 0, 4}));
    QCOMPARE(f.order(Qt::DescendingOrder), (QList<int>{0, 4, 3, 1, 2}));
    f.keys.update(); // nothing new: the same keys
    QCOMPARE(f.order(Qt::AscendingOrder), (QList<int>{1, 2, 3, 0, 4}));
}

void tst_ColumnSortKeys::setColumnAndClear_dropTheKeys()
{
    Fixture f({page({withSpend(u"O1"_s, u"5"_s), withSpend(u"O2"_s, u"1"_s)})});
    QVERIFY(f.waitIdle());
    f.keys.setColumn(OpportunityModel::columnOf(OpportunityField::ExpectedCustomerSpend));
    f.keys.update();
    QCOMPARE(f.order(Qt::AscendingOrder), (QList<int>{1, 0}));

    // The same column again keeps the keys; another one starts from none.
    f.keys.setColumn(OpportunityModel::columnOf(OpportunityField::ExpectedCustomerSpend));
    QCOMPARE(f.order(Qt::AscendingOrder), (QList<int>{1, 0}));
    f.keys.setColumn(OpportunityModel::columnOf(OpportunityField::Id));
    QVERIFY(f.order(Qt::AscendingOrder).isEmpty());
    f.keys.update();
    QCOMPARE(f.order(Qt::DescendingOrder), (QList<int>{1, 0}));

    f.keys.clear();
    QVERIFY(f.order(Qt::AscendingOrder).isEmpty());
    f.keys.update();
    QCOMPARE(f.order(Qt::AscendingOrder), (QList<int>{0, 1}));

    // No column: no keys, whatever the model holds.
    f.keys.setColumn(-1);
    QCOMPARE(f.keys.column(), -1);
    f.keys.update();
    QVERIFY(f.order(Qt::AscendingOrder).isEmpty());
}

QTEST_GUILESS_MAIN(tst_ColumnSortKeys)
#include "tst_columnsortkeys.moc"
