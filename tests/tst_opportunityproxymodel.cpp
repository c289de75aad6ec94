// The table's proxy at scale: a client-side sort of tens of thousands of loaded rows (keys
// built on several threads) orders the rows exactly as a stable sort of the source rows by the
// column's key would, for every column in both orders; rows loaded into a sorted (and quick
// filtered) table take exactly the places a sort from scratch gives them, and the view's
// current row stays on its opportunity. QAbstractItemModelTester watches the proxy (and its
// source) over a small listing through paging, sorts, quick filters and resets.
#include "awsclient.h"
#include "emulatorserver.h"
#include "getopportunity.h"
#include "itemdatarole.h"
#include "opportunitydetailsstore.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytext.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <memory>
#include <numeric>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;

namespace {

constexpr int Rows = 45000; // enough for the proxy to share the work between threads
constexpr int WaitMs = 120000;
constexpr int PagesPerCase = 5; ///< loaded into the sorted table by each rows-loaded-later case

/// A key that orders rows as the table shows them, written independently of the proxy: a
/// number where the column has one, else the displayed text, case-folded.
struct Key
{
    double number = 0;
    QString text;
    bool operator<(const Key &other) const
    {
        return number != other.number ? number < other.number : text < other.text;
    }
};

Key keyOf(const OpportunitySummary &s, OpportunityField field)
{
    switch (field) {
    case OpportunityField::CreatedDate:
        return Key{double(s.createdDateMs), {}};
    case OpportunityField::LastModifiedDate:
        return Key{double(s.lastModifiedDateMs), {}};
    case OpportunityField::Stage:
        return Key{double(OpportunityText::stageIndex(s.stage)), {}};
    case OpportunityField::ReviewStatus:
        return Key{double(OpportunityText::reviewStatusIndex(s.reviewStatus)), {}};
    case OpportunityField::Id:
        return Key{s.id.mid(1).toDouble(), s.id};
    case OpportunityField::TargetCloseDate:
        return Key{0, s.targetCloseDate};
    case OpportunityField::ExpectedCustomerSpend:
        return Key{s.expectedCustomerSpend.isEmpty()
                           ? -1.0
                           : s.expectedCustomerSpend.constFirst().amount.toDouble(),
                   {}};
    case OpportunityField::ExpectedContractDurationValue:
        return Key{double(s.expectedContractDurationValue.toInt()), {}};
    default:
        return Key{0, OpportunityText::displayText(s, field).toCaseFolded()};
    }
}

/// A small listing from an emulator of its own, in short pages, with a proxy over it and a
/// model tester on each. The testers warn on a broken contract; the test fails on any warning.
struct TestedProxy
{
    TestedProxy()
    {
        EmulatorOptions options;
        options.count = 400;
        options.sandboxCount = 30;
        options.seed = 5;
        QString error;
        started = server.start(options, &error);
        if (!started) {
            qWarning("emulator: %s", qPrintable(error));
            return;
        }
        ClientConfig config;
        config.endpoint = server.endpoint();
        config.maxRequestsPerSecond = 0;
        client = std::make_unique<AwsClient>(config, std::make_shared<StaticCredentialsProvider>(
                                                             server.credentials(), u"test"_s));
        model.setClient(client.get());
        model.setPageSize(25);
        proxy.setSourceModel(&model);
        // Pages are asked for through the proxy, as the table view does.
        sourceTester.setUseFetchMore(false);
    }

    static ListOpportunitiesRequest query(const QString &catalog = u"AWS"_s)
    {
        ListOpportunitiesRequest request;
        request.catalog = catalog;
        return request;
    }
    bool waitIdle()
    {
        return QTest::qWaitFor([this] { return !model.isBusy(); }, WaitMs);
    }
    /// The next page, whatever the proxy says about fetching.
    bool loadPage()
    {
        if (!waitIdle() || !model.canFetchMore({})) {
            return false;
        }
        model.fetchMore({});
        return waitIdle();
    }
    /// Every page, as the proxy tester asks for them.
    bool loadAllThroughTheProxy()
    {
        return QTest::qWaitFor([this] { return !model.hasMore() && !model.isBusy(); }, WaitMs);
    }
    /// The proxy's rows as a sort and filter from scratch give them.
    bool matchesAFreshLayout()
    {
        QList<int> shown;
        for (int row = 0; row < proxy.rowCount(); ++row) {
            shown += proxy.mapToSource(proxy.index(row, 0)).row();
        }
        const int column = proxy.sortColumn();
        const Qt::SortOrder order = proxy.sortOrder();
        proxy.sort(-1);
        proxy.sort(column, order);
        QList<int> fresh;
        for (int row = 0; row < proxy.rowCount(); ++row) {
            fresh += proxy.mapToSource(proxy.index(row, 0)).row();
        }
        return shown == fresh;
    }

    EmulatorServer server;
    std::unique_ptr<AwsClient> client;
    OpportunityModel model;
    OpportunityProxyModel proxy;
    QAbstractItemModelTester sourceTester{&model,
                                          QAbstractItemModelTester::FailureReportingMode::Warning};
    QAbstractItemModelTester proxyTester{&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Warning};
    bool started = false;
};

} // namespace

class tst_OpportunityProxyModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void modelTester_pagesIntoASortedTable();
    void modelTester_sortAndQuickFilterChanges();
    void modelTester_pagesIntoASortedFilteredTable();
    void modelTester_resetsFollowTheSource();
    void headerTitles_stayWhenTheFilterHidesEveryRow();
    void sort_sameAsAStableSortOfTheSourceRows_data();
    void sort_sameAsAStableSortOfTheSourceRows();
    void sort_rowsLoadedLaterTakeTheirPlace_data();
    void sort_rowsLoadedLaterTakeTheirPlace();
    void titleColumn_filtersSortsAndFillsIn();
    void localPredicate_keepsTheRowsItAccepts();

private:
    bool loadPages(int pages);
    QList<int> sourceOrder() const;
    QList<int> expectedOrder(OpportunityField field, Qt::SortOrder order) const;

    EmulatorServer m_server;
    std::unique_ptr<AwsClient> m_client;
    OpportunityModel m_model;
    OpportunityProxyModel m_proxy;
};

void tst_OpportunityProxyModel::initTestCase()
{
    EmulatorOptions options;
    // A page more than the cases load: the listing has more to fetch to the last case.
    options.count = Rows + 5 * PagesPerCase * 100 + 100;
    options.seed = 11;
    QString error;
    QVERIFY2(m_server.start(options, &error), qPrintable(error));
    ClientConfig config;
    config.endpoint = m_server.endpoint();
    config.maxRequestsPerSecond = 0; // no quota on loopback: the test is about the proxy
    m_client = std::make_unique<AwsClient>(
            config, std::make_shared<StaticCredentialsProvider>(m_server.credentials(), u"test"_s));
    m_model.setClient(m_client.get());
    m_model.setPageSize(100);
    m_proxy.setSourceModel(&m_model);
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    m_model.setQuery(request);
    QVERIFY(loadPages(Rows / 100));
    QCOMPARE(m_model.rowCount(), Rows);
}

void tst_OpportunityProxyModel::init()
{
    // The model testers report a broken contract as a warning.
    QTest::failOnWarning(QRegularExpression(u".*"_s));
}

void tst_OpportunityProxyModel::modelTester_pagesIntoASortedTable()
{
    TestedProxy t;
    QVERIFY(t.started);
    t.proxy.sort(OpportunityModel::columnOf(OpportunityField::CompanyName), Qt::DescendingOrder);
    t.model.setQuery(TestedProxy::query());
    // The proxy tester asks for more after every change, as a view scrolled to the end does:
    // every page arrives in the sorted table, merged or appended.
    QVERIFY(t.loadAllThroughTheProxy());
    QCOMPARE(t.model.rowCount(), 400);
    QCOMPARE(t.proxy.rowCount(), 400);
    QVERIFY(t.matchesAFreshLayout());
}

void tst_OpportunityProxyModel::modelTester_sortAndQuickFilterChanges()
{
    TestedProxy t;
    QVERIFY(t.started);
    t.model.setQuery(TestedProxy::query());
    QVERIFY(t.loadAllThroughTheProxy());
    const QPersistentModelIndex current = t.proxy.index(17, 3);
    const QString currentId = current.data(IdRole).toString();
    const QList<int> columns{-1,
                             OpportunityModel::columnOf(OpportunityField::Id),
                             OpportunityModel::columnOf(OpportunityField::CompanyName),
                             OpportunityModel::columnOf(OpportunityField::Stage),
                             OpportunityModel::columnOf(OpportunityField::LastModifiedDate),
                             OpportunityModel::columnOf(OpportunityField::ExpectedCustomerSpend),
                             OpportunityModel::columnOf(OpportunityField::TargetCloseDate)};
    for (const QString &filter : {QString(), u"a"_s, u"inc"_s, u"no such company at all"_s,
                                  u"united states"_s, QString()}) {
        t.proxy.setQuickFilter(filter);
        for (const int column : columns) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                t.proxy.sort(column, order);
                // The persistent index follows its row, or is invalid while the row is hidden.
                QVERIFY(!current.isValid() || current.data(IdRole).toString() == currentId);
                QCOMPARE(current.column(), current.isValid() ? 3 : -1);
            }
        }
    }
    t.proxy.clearClientSort();
    QCOMPARE(t.proxy.rowCount(), t.model.rowCount());
}

void tst_OpportunityProxyModel::modelTester_pagesIntoASortedFilteredTable()
{
    TestedProxy t;
    QVERIFY(t.started);
    // While the quick filter hides rows the proxy fetches nothing; pages come as Load All
    // brings them.
    t.proxy.setQuickFilter(u"inc"_s);
    t.proxy.sort(OpportunityModel::columnOf(OpportunityField::LastModifiedDate),
                 Qt::AscendingOrder);
    t.model.setQuery(TestedProxy::query());
    QVERIFY(t.waitIdle());
    // The proxy tester calls fetchMore() after every change: it fetched nothing.
    QCOMPARE(t.model.rowCount(), 25);
    QVERIFY(!t.proxy.canFetchMore({}));
    t.proxy.fetchMore({});
    QVERIFY(!t.model.isBusy());
    while (t.model.hasMore()) {
        const int before = t.model.rowCount();
        QVERIFY(t.loadPage());
        QVERIFY(t.model.rowCount() > before);
        QVERIFY(t.matchesAFreshLayout());
    }
    QVERIFY(t.proxy.rowCount() > 0);
    QVERIFY(t.proxy.rowCount() < t.model.rowCount());
}

void tst_OpportunityProxyModel::modelTester_resetsFollowTheSource()
{
    TestedProxy t;
    QVERIFY(t.started);
    t.model.setQuery(TestedProxy::query());
    QVERIFY(t.loadAllThroughTheProxy());
    t.proxy.sort(OpportunityModel::columnOf(OpportunityField::Stage), Qt::AscendingOrder);
    t.proxy.setQuickFilter(u"o"_s);
    const QPersistentModelIndex kept = t.proxy.index(1, 1);
    QVERIFY(kept.isValid());

    // Another query resets the source: the proxy resets too, keeping its sort and filter.
    t.model.setQuery(TestedProxy::query(u"Sandbox"_s));
    QVERIFY(!kept.isValid());
    QCOMPARE(t.proxy.rowCount(), 0);
    QVERIFY(t.waitIdle());
    QVERIFY(t.proxy.rowCount() > 0);
    QVERIFY(t.proxy.isClientSorted());
    QCOMPARE(t.proxy.quickFilter(), u"o"_s);
    QVERIFY(t.matchesAFreshLayout());

    // The same query again from its first page, then a proxy without a source and back.
    t.proxy.setQuickFilter({});
    t.model.reload();
    QVERIFY(t.loadAllThroughTheProxy());
    QCOMPARE(t.proxy.rowCount(), 30);
    QVERIFY(t.matchesAFreshLayout());
    t.proxy.setSourceModel(nullptr);
    QCOMPARE(t.proxy.rowCount(), 0);
    QCOMPARE(t.proxy.columnCount(), 0);
    t.proxy.setSourceModel(&t.model);
    QCOMPARE(t.proxy.columnCount(), t.model.columnCount());
    QVERIFY(t.proxy.rowCount() > 0);
    QVERIFY(t.matchesAFreshLayout());
}

void tst_OpportunityProxyModel::headerTitles_stayWhenTheFilterHidesEveryRow()
{
    TestedProxy t;
    QVERIFY(t.started);
    t.model.setQuery(TestedProxy::query());
    QVERIFY(t.waitIdle());
    QVERIFY(t.proxy.rowCount() > 0);
    t.proxy.setQuickFilter(u"no such company at all"_s);
    QCOMPARE(t.proxy.rowCount(), 0);
    for (int column = 0; column < t.proxy.columnCount(); ++column) {
        for (const int role : {int(Qt::DisplayRole), int(RawValueRole)}) {
            QCOMPARE(t.proxy.headerData(column, Qt::Horizontal, role),
                     t.model.headerData(column, Qt::Horizontal, role));
        }
    }
    QVERIFY(!t.proxy.headerData(0, Qt::Horizontal).toString().isEmpty());
}

/// Fetches pages until the model holds `pages` of them.
bool tst_OpportunityProxyModel::loadPages(int pages)
{
    while (m_model.rowCount() < pages * 100) {
        if (!QTest::qWaitFor([this] { return !m_model.isBusy(); }, WaitMs)) {
            return false;
        }
        if (m_model.rowCount() >= pages * 100) {
            break;
        }
        if (!m_model.canFetchMore({})) {
            return false;
        }
        m_model.fetchMore({});
    }
    return QTest::qWaitFor([this] { return !m_model.isBusy(); }, WaitMs);
}

QList<int> tst_OpportunityProxyModel::sourceOrder() const
{
    QList<int> rows;
    rows.reserve(m_proxy.rowCount());
    for (int row = 0; row < m_proxy.rowCount(); ++row) {
        rows += m_proxy.mapToSource(m_proxy.index(row, 0)).row();
    }
    return rows;
}

QList<int> tst_OpportunityProxyModel::expectedOrder(OpportunityField field,
                                                    Qt::SortOrder order) const
{
    QList<Key> keys;
    keys.reserve(m_model.rowCount());
    for (int row = 0; row < m_model.rowCount(); ++row) {
        keys += keyOf(m_model.summary(row), field);
    }
    QList<int> rows(m_model.rowCount());
    std::iota(rows.begin(), rows.end(), 0);
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
        return order == Qt::AscendingOrder ? keys.at(a) < keys.at(b) : keys.at(b) < keys.at(a);
    });
    return rows;
}

void tst_OpportunityProxyModel::sort_sameAsAStableSortOfTheSourceRows_data()
{
    QTest::addColumn<OpportunityField>("field");
    QTest::addColumn<Qt::SortOrder>("order");
    for (const OpportunityField field : OpportunityFields::all()) {
        const QByteArray name = OpportunityFields::name(field).toUtf8();
        QTest::addRow("%s ascending", name.constData()) << field << Qt::AscendingOrder;
        QTest::addRow("%s descending", name.constData()) << field << Qt::DescendingOrder;
    }
}

void tst_OpportunityProxyModel::sort_sameAsAStableSortOfTheSourceRows()
{
    QFETCH(OpportunityField, field);
    QFETCH(Qt::SortOrder, order);
    m_proxy.sort(-1);
    m_proxy.sort(OpportunityModel::columnOf(field), order);
    QVERIFY(m_proxy.isClientSorted());
    QCOMPARE(sourceOrder(), expectedOrder(field, order));
}

void tst_OpportunityProxyModel::sort_rowsLoadedLaterTakeTheirPlace_data()
{
    QTest::addColumn<OpportunityField>("field");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QString>("quickFilter");
    QTest::newRow("company ascending")
            << OpportunityField::CompanyName << Qt::AscendingOrder << QString();
    QTest::newRow("company descending")
            << OpportunityField::CompanyName << Qt::DescendingOrder << QString();
    QTest::newRow("last modified descending")
            << OpportunityField::LastModifiedDate << Qt::DescendingOrder << QString();
    QTest::newRow("id ascending, filtered")
            << OpportunityField::Id << Qt::AscendingOrder << u"inc"_s;
    QTest::newRow("stage descending, filtered")
            << OpportunityField::Stage << Qt::DescendingOrder << u"united"_s;
}

void tst_OpportunityProxyModel::sort_rowsLoadedLaterTakeTheirPlace()
{
    QFETCH(OpportunityField, field);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QString, quickFilter);
    m_proxy.sort(-1);
    m_proxy.setQuickFilter(quickFilter);
    m_proxy.sort(OpportunityModel::columnOf(field), order);
    QVERIFY(m_proxy.rowCount() > 10);
    // The current row of a view stays on its opportunity while pages arrive.
    const QPersistentModelIndex current = m_proxy.index(7, 0);
    const int currentSourceRow = m_proxy.mapToSource(current).row();

    QVERIFY(loadPages(m_model.rowCount() / 100 + PagesPerCase));
    const QList<int> shown = sourceOrder();
    QVERIFY(current.isValid());
    QCOMPARE(m_proxy.mapToSource(current).row(), currentSourceRow);
    // The rows placed page by page are the rows and order of a sort from scratch, and of a
    // stable sort of every source row (less those the quick filter hides).
    m_proxy.sort(-1);
    m_proxy.sort(OpportunityModel::columnOf(field), order);
    QCOMPARE(shown, sourceOrder());
    const QSet<int> shownSet(shown.cbegin(), shown.cend());
    QList<int> expected = expectedOrder(field, order);
    expected.removeIf([&](int row) { return !shownSet.contains(row); });
    QCOMPARE(shown, expected);
    if (quickFilter.isEmpty()) {
        QCOMPARE(shown.size(), m_model.rowCount());
    } else {
        QVERIFY(shown.size() < m_model.rowCount());
    }
    m_proxy.setQuickFilter({});
    m_proxy.sort(-1);
}

void tst_OpportunityProxyModel::titleColumn_filtersSortsAndFillsIn()
{
    const int title = OpportunityModel::TitleColumn;
    OpportunityDetailsStore details;
    const auto keep = [this, &details](int row, const QString &text) {
        const OpportunitySummary s = m_model.summary(row);
        GetOpportunityResponse response;
        response.id = s.id;
        response.lastModifiedDate = s.lastModifiedDate;
        response.project = Shapes::Project{};
        response.project->title = text;
        details.keepDetails(response);
    };
    for (int row = 0; row < 20; ++row) {
        keep(row, u"Title %1"_s.arg(99 - row));
    }
    keep(7, u"Quokka migration"_s);
    m_model.setDetailsStore(&details);
    QCOMPARE(m_model.index(7, title).data().toString(), u"Quokka migration"_s);
    QCOMPARE(m_model.headerData(title, Qt::Horizontal, RawValueRole).toString(), u"Title"_s);

    m_proxy.setQuickFilter(u"quokka"_s);
    QCOMPARE(m_proxy.rowCount(), 1);
    QCOMPARE(m_proxy.mapToSource(m_proxy.index(0, 0)).row(), 7);
    m_proxy.setQuickFilter({});

    const auto titledInProxyOrder = [this, title] {
        QStringList titles;
        for (int row = 0; row < m_proxy.rowCount(); ++row) {
            const QString text = m_proxy.index(row, title).data().toString();
            if (!text.isEmpty()) {
                titles += text;
            }
        }
        return titles;
    };
    m_proxy.sort(title, Qt::AscendingOrder);
    QStringList titles = titledInProxyOrder();
    QCOMPARE(titles.size(), 20);
    QStringList sorted = titles;
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        return QString::compare(a, b, Qt::CaseInsensitive) < 0;
    });
    QCOMPARE(titles, sorted);
    // A title that arrives later takes its place in the sorted table.
    keep(25, u"Aardvark rollout"_s);
    QTRY_COMPARE(titledInProxyOrder().value(0), u"Aardvark rollout"_s);

    m_proxy.sort(-1);
    m_model.setDetailsStore(nullptr);
    QCOMPARE(m_model.index(7, title).data().toString(), QString());
}

void tst_OpportunityProxyModel::localPredicate_keepsTheRowsItAccepts()
{
    const auto isProspect = [](const OpportunitySummary &s) { return s.stage == u"Prospect"_s; };
    int expected = 0;
    for (int row = 0; row < m_model.rowCount(); ++row) {
        expected += isProspect(m_model.summary(row)) ? 1 : 0;
    }
    QVERIFY(expected > 0 && expected < m_model.rowCount());
    QVERIFY(m_model.canFetchMore({}));

    m_proxy.setLocalPredicate(isProspect);
    QVERIFY(m_proxy.hasLocalPredicate());
    QCOMPARE(m_proxy.rowCount(), expected);
    for (int row = 0; row < m_proxy.rowCount(); ++row) {
        QVERIFY(isProspect(m_model.summary(m_proxy.mapToSource(m_proxy.index(row, 0)).row())));
    }
    // A filter that hides rows does not page through the listing on scroll.
    QVERIFY(!m_proxy.canFetchMore({}));
    m_proxy.sort(OpportunityModel::columnOf(OpportunityField::CompanyName));
    QCOMPARE(m_proxy.rowCount(), expected);

    m_proxy.setLocalPredicate({});
    QVERIFY(!m_proxy.hasLocalPredicate());
    QCOMPARE(m_proxy.rowCount(), m_model.rowCount());
    QVERIFY(m_proxy.canFetchMore({}));
    m_proxy.clearClientSort();
}

QTEST_GUILESS_MAIN(tst_OpportunityProxyModel)
#include "tst_opportunityproxymodel.moc"
