// The table's proxy at scale: a client-side sort of tens of thousands of loaded rows (keys
// built on several threads) orders the rows exactly as a stable sort of the source rows by the
// column's key would, for every column in both orders; rows loaded into a sorted (and quick
// filtered) table take exactly the places a sort from scratch gives them, and the view's
// current row stays on its opportunity.
#include "awsclient.h"
#include "emulatorserver.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytext.h"

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

} // namespace

class tst_OpportunityProxyModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sort_sameAsAStableSortOfTheSourceRows_data();
    void sort_sameAsAStableSortOfTheSourceRows();
    void sort_rowsLoadedLaterTakeTheirPlace_data();
    void sort_rowsLoadedLaterTakeTheirPlace();

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
    options.count = Rows + 5 * PagesPerCase * 100;
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

QTEST_GUILESS_MAIN(tst_OpportunityProxyModel)
#include "tst_opportunityproxymodel.moc"
