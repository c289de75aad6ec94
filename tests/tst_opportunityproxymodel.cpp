// The table's proxy at scale: a client-side sort of tens of thousands of loaded rows (sort keys
// built and sorted on several threads, then merged) orders the rows exactly as a stable sort
// of the source rows by the column's key would, in both orders, and rows loaded after a sort
// take their place in it.
#include "awsclient.h"
#include "emulatorserver.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytext.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <numeric>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Gui::OpportunityProxyModel;

namespace {

constexpr int Rows = 45000; // enough for the proxy to share the work between threads
constexpr int WaitMs = 120000;

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
    case OpportunityField::LastModifiedDate:
        return Key{double(s.lastModifiedDateMs), {}};
    case OpportunityField::Stage:
        return Key{double(OpportunityText::stageIndex(s.stage)), {}};
    case OpportunityField::Id:
        return Key{s.id.mid(1).toDouble(), s.id};
    case OpportunityField::TargetCloseDate:
        return Key{0, s.targetCloseDate};
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
    options.count = Rows + 1000;
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
    const struct
    {
        const char *name;
        OpportunityField field;
    } columns[] = {
            {"company", OpportunityField::CompanyName},
            {"stage", OpportunityField::Stage},
            {"id", OpportunityField::Id},
            {"target close", OpportunityField::TargetCloseDate},
            {"last modified", OpportunityField::LastModifiedDate},
            {"city", OpportunityField::City},
    };
    for (const auto &column : columns) {
        QTest::addRow("%s ascending", column.name) << column.field << Qt::AscendingOrder;
        QTest::addRow("%s descending", column.name) << column.field << Qt::DescendingOrder;
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

void tst_OpportunityProxyModel::sort_rowsLoadedLaterTakeTheirPlace()
{
    const OpportunityField field = OpportunityField::CompanyName;
    m_proxy.sort(-1);
    m_proxy.sort(OpportunityModel::columnOf(field), Qt::AscendingOrder);
    QVERIFY(loadPages(Rows / 100 + 10));
    QCOMPARE(m_model.rowCount(), Rows + 1000);
    // Among equal keys the proxy puts new rows where it likes; the keys are in order, and
    // every row is there once.
    const QList<int> actual = sourceOrder();
    const QList<int> expected = expectedOrder(field, Qt::AscendingOrder);
    const auto keysOf = [this, field](const QList<int> &rows) {
        QStringList keys;
        for (const int row : rows) {
            keys += keyOf(m_model.summary(row), field).text;
        }
        return keys;
    };
    QCOMPARE(keysOf(actual), keysOf(expected));
    QList<int> sorted = actual;
    std::sort(sorted.begin(), sorted.end());
    QList<int> all(m_model.rowCount());
    std::iota(all.begin(), all.end(), 0);
    QCOMPARE(sorted, all);
    m_proxy.sort(-1);
}

QTEST_GUILESS_MAIN(tst_OpportunityProxyModel)
#include "tst_opportunityproxymodel.moc"
