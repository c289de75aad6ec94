// ReadBudget: every request an AwsClient sends is counted by operation (retries included),
// kept across a restart in the store's reads table and, without a store, in its file; reads
// older than 24 h drop out; the meter text in the locale's number format.
#include "awsclient.h"
#include "emulatorserver.h"
#include "getawsopportunitysummary.h"
#include "getopportunity.h"
#include "listopportunitiescall.h"
#include "opportunitystoredb.h"
#include "readbudget.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

class tst_ReadBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsEveryReadByOperation();
    void keptAcrossARestartInTheStore();
    void keptAcrossARestartInAFile();
    void readsOlderThanADayDropOut();
    void meterTextUsesTheLocale();

private:
    static void callAll(AwsClient *client, const QString &id);
};

namespace {

StoreKey testKey()
{
    return StoreKey{u"AKIDTEST"_s, u"http://127.0.0.1"_s, u"AWS"_s};
}

} // namespace

void tst_ReadBudget::callAll(AwsClient *client, const QString &id)
{
    GetOpportunityCall details(client, {u"AWS"_s, id});
    GetAwsOpportunitySummaryCall aws(client, {u"AWS"_s, id});
    QSignalSpy detailsDone(&details, &OperationCall::finished);
    QSignalSpy awsDone(&aws, &OperationCall::finished);
    details.start();
    aws.start();
    QTRY_COMPARE(detailsDone.size() + awsDone.size(), 2);
}

void tst_ReadBudget::countsEveryReadByOperation()
{
    EmulatorOptions options;
    options.secretKey = u"read-budget-test"_s;
    options.count = 5;
    options.sandboxCount = 0;
    EmulatorServer server;
    QVERIFY(server.start(options, nullptr));
    ClientConfig config;
    config.endpoint = server.endpoint();
    config.retry.transientBaseMs = 1;
    AwsClient client(config,
                     std::make_shared<StaticCredentialsProvider>(server.credentials(), u"t"_s));
    ReadBudget budget;
    budget.watch(&client);
    budget.watch(&client); // once only

    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    ListOpportunitiesCall list(&client, request);
    QSignalSpy listed(&list, &OperationCall::finished);
    list.start();
    QVERIFY(listed.wait());
    const QString id = list.response().opportunitySummaries.front().id;
    server.failNext(1, 500, u"InternalServerException"_s); // retried: two requests
    callAll(&client, id);

    QCOMPARE(budget.total(), 4);
    QCOMPARE(budget.count(u"ListOpportunities"_s), 1);
    QCOMPARE(budget.byOperation().value(u"GetOpportunity"_s)
                     + budget.byOperation().value(u"GetAwsOpportunitySummary"_s),
             3);
    QCOMPARE(server.requestCount(), 4);
}

void tst_ReadBudget::keptAcrossARestartInTheStore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    {
        OpportunityStoreDb store;
        QString error;
        QVERIFY2(store.open(path, testKey(), &error), qPrintable(error));
        ReadBudget budget;
        budget.useStore(&store);
        QCOMPARE(budget.total(), 0);
        for (int i = 0; i < 3; ++i) {
            budget.record(u"GetOpportunity"_s);
        }
        budget.record(u"ListOpportunities"_s);
    }
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(path, testKey(), &error), qPrintable(error));
    ReadBudget budget;
    QSignalSpy changed(&budget, &ReadBudget::changed);
    budget.useStore(&store);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(budget.total(), 4);
    QCOMPARE(budget.count(u"GetOpportunity"_s), 3);
    QCOMPARE(budget.count(u"ListOpportunities"_s), 1);
}

void tst_ReadBudget::keptAcrossARestartInAFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"reads/id.log"_s);
    {
        ReadBudget budget;
        budget.useFile(path);
        budget.record(u"GetAwsOpportunitySummary"_s);
        budget.record(u"GetOpportunity"_s);
    }
    ReadBudget budget;
    budget.useFile(path);
    QCOMPARE(budget.total(), 2);
    QCOMPARE(budget.count(u"GetAwsOpportunitySummary"_s), 1);
    QVERIFY(ReadBudget::filePath(u"a"_s, u"e"_s) != ReadBudget::filePath(u"b"_s, u"e"_s));
}

void tst_ReadBudget::readsOlderThanADayDropOut()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"reads.log"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::number(now - ReadBudget::WindowMs - 1000) + " GetOpportunity\n");
    file.write(QByteArray::number(now - ReadBudget::WindowMs + 60000) + " GetOpportunity\n");
    file.write("garbage\n");
    file.close();
    ReadBudget budget;
    budget.useFile(path);
    QCOMPARE(budget.total(), 1);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count('\n'), 1); // rewritten without the old line

    QTemporaryDir storeDir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(storeDir.filePath(u"s.sqlite"_s), testKey(), &error), qPrintable(error));
    QVERIFY(store.recordRead(u"GetOpportunity"_s, now - ReadBudget::WindowMs - 1));
    QVERIFY(store.recordRead(u"GetOpportunity"_s, now - 5));
    budget.useStore(&store);
    QCOMPARE(budget.total(), 1);
    QCOMPARE(store.database()->scalar("SELECT count(*) FROM reads"), 1);
}

void tst_ReadBudget::meterTextUsesTheLocale()
{
    const QLocale saved;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    ReadBudget budget;
    for (int i = 0; i < 1234; ++i) {
        budget.record(i % 2 ? u"GetOpportunity"_s : u"ListOpportunities"_s);
    }
    QCOMPARE(budget.meterText(), u"Reads in 24 h: 1,234 / 100,000"_s);
    QVERIFY(budget.meterToolTip().contains(u"GetOpportunity: 617"_s));
    QVERIFY(budget.meterToolTip().contains(u"ListOpportunities: 617"_s));
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(budget.meterText(), u"Reads in 24 h: 1.234 / 100.000"_s);
    QLocale::setDefault(saved);
}

QTEST_GUILESS_MAIN(tst_ReadBudget)
#include "tst_readbudget.moc"
