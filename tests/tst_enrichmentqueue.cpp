// EnrichmentQueue against the emulator over loopback: visible rows first, the pace (at most
// 5 calls per second, measured at the client's send times), the budget share that stops it,
// paused while a listing runs, nothing fetched again for an unchanged row, a changed row
// fetched again, a denied GetOpportunity stopping it.
#include "awsclient.h"
#include "emulatorserver.h"
#include "enrichmentqueue.h"
#include "listopportunitiescall.h"
#include "opportunitydetailsstore.h"
#include "readbudget.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

class tst_EnrichmentQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void visibleRowsGoFirst();
    void paceStaysWithinTheRate();
    void budgetShareStopsIt();
    void pausedWhileAListingRuns();
    void unchangedRowsAreNotFetchedAgain();
    void changedRowsAreFetchedAgain();
    void deniedStopsIt();

private:
    void startServer(const QStringList &denied = {});
    QList<EnrichmentQueue::Row> listRows();
    int sentOf(const QString &operation) const { return m_sent.value(operation); }

    std::unique_ptr<EmulatorServer> m_server;
    std::unique_ptr<AwsClient> m_client;
    QHash<QString, int> m_sent;
    QList<qint64> m_getSentAtNs;
    QElapsedTimer m_clock;
};

void tst_EnrichmentQueue::init()
{
    m_sent.clear();
    m_getSentAtNs.clear();
    m_clock.start();
}

void tst_EnrichmentQueue::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void tst_EnrichmentQueue::startServer(const QStringList &denied)
{
    EmulatorOptions options;
    options.secretKey = u"enrichment-test"_s;
    options.count = 40;
    options.sandboxCount = 0;
    options.deniedOperations = denied;
    m_server = std::make_unique<EmulatorServer>();
    QString problem;
    QVERIFY2(m_server->start(options, &problem), qPrintable(problem));
    ClientConfig config;
    config.endpoint = m_server->endpoint();
    m_client = std::make_unique<AwsClient>(
            config, std::make_shared<StaticCredentialsProvider>(m_server->credentials(), u"t"_s));
    connect(m_client.get(), &AwsClient::requestSent, this, [this](const QString &operation) {
        ++m_sent[operation];
        if (operation == "GetOpportunity"_L1) {
            m_getSentAtNs.append(m_clock.nsecsElapsed());
        }
    });
}

QList<EnrichmentQueue::Row> tst_EnrichmentQueue::listRows()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.maxResults = 100;
    ListOpportunitiesCall call(m_client.get(), request);
    QSignalSpy finished(&call, &OperationCall::finished);
    call.start();
    [&] { QVERIFY(finished.wait()); }();
    QList<EnrichmentQueue::Row> rows;
    for (const OpportunitySummary &summary : call.response().opportunitySummaries) {
        rows.append({summary.id, summary.lastModifiedDate});
    }
    return rows;
}

void tst_EnrichmentQueue::visibleRowsGoFirst()
{
    startServer();
    const QList<EnrichmentQueue::Row> rows = listRows();
    QCOMPARE(rows.size(), 40);
    OpportunityDetailsStore details;
    EnrichmentQueue queue(&details, nullptr);
    queue.setCallsPerSecond(50);
    QSignalSpy enriched(&queue, &EnrichmentQueue::enriched);
    QSignalSpy idle(&queue, &EnrichmentQueue::idle);
    const QList<EnrichmentQueue::Row> visible = rows.mid(30, 5);
    queue.setVisibleRows(visible);
    queue.setRows(rows);
    queue.setClient(m_client.get());
    QVERIFY(idle.wait(20000));
    QCOMPARE(enriched.size(), 40);
    QSet<QString> firstFive;
    for (int i = 0; i < 5; ++i) {
        firstFive.insert(enriched.at(i).at(0).toString());
    }
    QSet<QString> visibleIds;
    for (const EnrichmentQueue::Row &row : visible) {
        visibleIds.insert(row.id);
    }
    QCOMPARE(firstFive, visibleIds);
    QCOMPARE(enriched.at(5).at(0).toString(), rows.at(0).id);
    QCOMPARE(details.briefCount(), 40);
    QVERIFY(!details.brief(rows.at(0).id).title.isEmpty());
    QVERIFY(!details.brief(rows.at(0).id).owner.isEmpty());
}

void tst_EnrichmentQueue::paceStaysWithinTheRate()
{
    startServer();
    const QList<EnrichmentQueue::Row> rows = listRows().mid(0, 16);
    OpportunityDetailsStore details;
    EnrichmentQueue queue(&details, nullptr);
    QCOMPARE(queue.callsPerSecond(), 5.0);
    QSignalSpy idle(&queue, &EnrichmentQueue::idle);
    queue.setRows(rows);
    queue.setClient(m_client.get());
    QVERIFY(idle.wait(20000));
    QCOMPARE(m_getSentAtNs.size(), 16);
    // Any window of consecutive calls: (calls - 1) intervals of at least 200 ms.
    for (qsizetype i = 1; i < m_getSentAtNs.size(); ++i) {
        const qint64 gapNs = m_getSentAtNs.at(i) - m_getSentAtNs.at(i - 1);
        QVERIFY2(gapNs >= 199'000'000, qPrintable(u"gap %1 ns"_s.arg(gapNs)));
    }
    const double seconds = double(m_getSentAtNs.last() - m_getSentAtNs.first()) / 1e9;
    const double rate = double(m_getSentAtNs.size() - 1) / seconds;
    QVERIFY2(rate <= 5.0, qPrintable(QString::number(rate)));
    QVERIFY2(rate > 4.5, qPrintable(QString::number(rate)));
}

void tst_EnrichmentQueue::budgetShareStopsIt()
{
    startServer();
    const QList<EnrichmentQueue::Row> rows = listRows();
    ReadBudget budget;
    budget.setDailyQuota(50); // 20 %: 10 GetOpportunity reads
    budget.watch(m_client.get());
    OpportunityDetailsStore details;
    EnrichmentQueue queue(&details, &budget);
    queue.setCallsPerSecond(50);
    QSignalSpy reached(&queue, &EnrichmentQueue::budgetReached);
    queue.setRows(rows);
    queue.setClient(m_client.get());
    QVERIFY(reached.wait(20000));
    QTRY_COMPARE(queue.inFlight(), 0);
    // Calls in flight count as spent until they finish, so it may stop a little short.
    const int sent = sentOf(u"GetOpportunity"_s);
    QVERIFY2(sent <= 10 && sent > 10 - EnrichmentQueue::MaxInFlight,
             qPrintable(QString::number(sent)));
    QCOMPARE(budget.count(u"GetOpportunity"_s), sent);
    QVERIFY(queue.isStopped());
    QCOMPARE(queue.pendingCount(), 40 - sent);
}

void tst_EnrichmentQueue::pausedWhileAListingRuns()
{
    startServer();
    const QList<EnrichmentQueue::Row> rows = listRows();
    OpportunityDetailsStore details;
    EnrichmentQueue queue(&details, nullptr);
    queue.setCallsPerSecond(50);
    queue.setPaused(true);
    queue.setRows(rows);
    queue.setClient(m_client.get());
    listRows(); // a listing while paused: the queue sends nothing meanwhile
    QCOMPARE(sentOf(u"ListOpportunities"_s), 2);
    QCOMPARE(sentOf(u"GetOpportunity"_s), 0);
    QSignalSpy enriched(&queue, &EnrichmentQueue::enriched);
    queue.setPaused(false);
    QVERIFY(enriched.wait());
    queue.setPaused(true);
    QTRY_COMPARE(queue.inFlight(), 0);
    const int sent = sentOf(u"GetOpportunity"_s);
    listRows();
    QCOMPARE(sentOf(u"GetOpportunity"_s), sent);
    QVERIFY(queue.pendingCount() > 0);
}

void tst_EnrichmentQueue::unchangedRowsAreNotFetchedAgain()
{
    startServer();
    const QList<EnrichmentQueue::Row> rows = listRows();
    OpportunityDetailsStore details;
    {
        EnrichmentQueue queue(&details, nullptr);
        queue.setCallsPerSecond(50);
        QSignalSpy idle(&queue, &EnrichmentQueue::idle);
        queue.setRows(rows);
        queue.setClient(m_client.get());
        QVERIFY(idle.wait(20000));
    }
    QCOMPARE(sentOf(u"GetOpportunity"_s), 40);
    EnrichmentQueue again(&details, nullptr);
    QSignalSpy idle(&again, &EnrichmentQueue::idle);
    again.setRows(listRows());
    again.setVisibleRows(rows.mid(0, 10));
    again.setClient(m_client.get());
    QVERIFY(idle.wait());
    QCOMPARE(sentOf(u"GetOpportunity"_s), 40);
    QCOMPARE(again.callsStarted(), 0);
}

void tst_EnrichmentQueue::changedRowsAreFetchedAgain()
{
    startServer();
    OpportunityDetailsStore details;
    EnrichmentQueue queue(&details, nullptr);
    queue.setCallsPerSecond(50);
    QSignalSpy idle(&queue, &EnrichmentQueue::idle);
    queue.setRows(listRows());
    queue.setClient(m_client.get());
    QVERIFY(idle.wait(20000));
    QCOMPARE(sentOf(u"GetOpportunity"_s), 40);

    const ChurnResult churn = m_server->churn(u"AWS"_s, ChurnStep{7, 0, 0});
    QCOMPARE(churn.modifiedIds.size(), 7);
    QSignalSpy enriched(&queue, &EnrichmentQueue::enriched);
    queue.setRows(listRows());
    QVERIFY(idle.wait(20000));
    QCOMPARE(sentOf(u"GetOpportunity"_s), 47);
    QSet<QString> fetched;
    for (const QList<QVariant> &args : std::as_const(enriched)) {
        fetched.insert(args.at(0).toString());
    }
    QCOMPARE(fetched, QSet<QString>(churn.modifiedIds.cbegin(), churn.modifiedIds.cend()));
}

void tst_EnrichmentQueue::deniedStopsIt()
{
    startServer({u"GetOpportunity"_s});
    OpportunityDetailsStore details;
    EnrichmentQueue queue(&details, nullptr);
    queue.setCallsPerSecond(50);
    QSignalSpy denied(&queue, &EnrichmentQueue::denied);
    queue.setRows(listRows());
    queue.setClient(m_client.get());
    QVERIFY(denied.wait());
    const auto error = denied.at(0).at(0).value<ApiError>();
    QCOMPARE(error.kind, ApiError::Kind::AccessDenied);
    QVERIFY(queue.isStopped());
    QTRY_COMPARE(queue.inFlight(), 0);
    QVERIFY(sentOf(u"GetOpportunity"_s) <= EnrichmentQueue::MaxInFlight);
    QCOMPARE(details.briefCount(), 0);
}

QTEST_GUILESS_MAIN(tst_EnrichmentQueue)
#include "tst_enrichmentqueue.moc"
