// The fault matrix: the opportunity model, the lister (sequential and partitioned) and the
// partnerdesk-cli executable list an emulator that injects each fault alone and all of them
// together, and must produce exactly the rows of a fault-free listing, in order, or a clear
// error: never a hang, a duplicate or a gap.
#include "awsclient.h"
#include "clientconfig.h"
#include "credentialsprovider.h"
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "listopportunitiesrequest.h"
#include "opportunitylister.h"
#include "opportunitymodel.h"
#include "opportunitysummary.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorThread;

namespace {

constexpr int Count = 150;
constexpr int PageSize = 25;
constexpr int MaxAttempts = 6;
constexpr int WaitMs = 60000;

struct Fault
{
    const char *name;
    std::function<void(EmulatorOptions &)> apply;
};

const QList<Fault> &faults()
{
    static const QList<Fault> all{
            {"throttling 429", [](EmulatorOptions &o) { o.throttleEvery = 3; }},
            {"throttling 400",
             [](EmulatorOptions &o) {
                 o.throttleEvery = 3;
                 o.throttleStatus = 400;
             }},
            {"internal errors 500", [](EmulatorOptions &o) { o.errorEvery = 4; }},
            {"dropped connections", [](EmulatorOptions &o) { o.dropEvery = 5; }},
            {"latency spikes",
             [](EmulatorOptions &o) {
                 o.spikeEvery = 3;
                 o.spikeMs = 300;
             }},
            {"short pages", [](EmulatorOptions &o) { o.shortPages = true; }},
            {"trailing empty page", [](EmulatorOptions &o) { o.trailingEmptyPage = true; }},
            {"explicit nulls", [](EmulatorOptions &o) { o.explicitNulls = true; }},
            {"escaped non-ASCII", [](EmulatorOptions &o) { o.asciiJson = true; }},
            {"bare __type, throttled",
             [](EmulatorOptions &o) {
                 o.bareErrorTypes = true;
                 o.throttleEvery = 4;
             }},
            {"no x-amzn-ErrorType, errors",
             [](EmulatorOptions &o) {
                 o.errorTypeHeader = false;
                 o.errorEvery = 4;
                 o.throttleEvery = 5;
                 o.throttleStatus = 400;
             }},
            {"server clock 15 min ahead", [](EmulatorOptions &o) { o.clockSkewS = 900; }},
            {"server clock 20 min behind", [](EmulatorOptions &o) { o.clockSkewS = -1200; }},
            {"other catalog denied",
             [](EmulatorOptions &o) { o.deniedCatalogs = QStringList{u"Sandbox"_s}; }},
            {"all together",
             [](EmulatorOptions &o) {
                 o.throttleEvery = 7;
                 o.throttleStatus = 400;
                 o.errorEvery = 11;
                 o.dropEvery = 13;
                 o.spikeEvery = 5;
                 o.spikeMs = 200;
                 o.latencyMs = 5;
                 o.shortPages = true;
                 o.trailingEmptyPage = true;
                 o.explicitNulls = true;
                 o.asciiJson = true;
                 o.bareErrorTypes = true;
                 o.errorTypeHeader = false;
                 o.clockSkewS = 900;
                 o.deniedCatalogs = QStringList{u"Sandbox"_s};
             }},
    };
    return all;
}

EmulatorOptions baseOptions()
{
    EmulatorOptions options;
    options.accessKey = u"AKIDFAULTMATRIX"_s;
    options.secretKey = u"fault-matrix-secret"_s;
    options.count = Count;
    options.sandboxCount = 10;
    options.seed = 5;
    return options;
}

ClientConfig clientConfig(const QUrl &endpoint)
{
    ClientConfig config;
    config.endpoint = endpoint;
    config.retry.maxAttempts = MaxAttempts;
    config.retry.throttlingBaseMs = 5;
    config.retry.transientBaseMs = 5;
    config.retry.maxBackoffMs = 20;
    config.transferTimeoutMs = 5000;
    return config;
}

ListOpportunitiesRequest awsQuery()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.maxResults = PageSize;
    return request;
}

QStringList idsOf(const QList<OpportunitySummary> &summaries)
{
    QStringList ids;
    for (const OpportunitySummary &s : summaries) {
        ids.append(s.id);
    }
    return ids;
}

struct ModelRun
{
    QStringList ids;
    ApiError error;
    bool finished = false;
};

ModelRun listWithModel(const EmulatorThread &emulator, const ListOpportunitiesRequest &request)
{
    AwsClient client(clientConfig(emulator.endpoint()), std::make_shared<StaticCredentialsProvider>(
                                                                emulator.credentials(), u"test"_s));
    OpportunityModel model;
    model.setClient(&client);
    model.setPageSize(PageSize);
    model.setQuery(request);
    model.loadAll();
    ModelRun run;
    run.finished = QTest::qWaitFor(
            [&model] {
                return !model.isBusy() && (!model.hasMore() || model.lastError().isError());
            },
            WaitMs);
    run.ids = idsOf(model.summaries());
    run.error = model.lastError();
    return run;
}

ModelRun listWithLister(const EmulatorThread &emulator, const ListOpportunitiesRequest &request,
                        int concurrency)
{
    AwsClient client(clientConfig(emulator.endpoint()), std::make_shared<StaticCredentialsProvider>(
                                                                emulator.credentials(), u"test"_s));
    OpportunityLister lister(&client);
    lister.setRequest(request);
    lister.setMaxConcurrency(concurrency);
    ModelRun run;
    QObject::connect(&lister, &OpportunityLister::rowsReady, &lister,
                     [&run](const QList<OpportunitySummary> &rows) { run.ids += idsOf(rows); });
    QSignalSpy finished(&lister, &OpportunityLister::finished);
    lister.start();
    run.finished = finished.wait(WaitMs);
    // finished() exactly once, even a while later.
    QTest::qWait(50);
    if (finished.size() != 1) {
        run.finished = false;
    }
    run.error = lister.error();
    return run;
}

struct CliRun
{
    int exitCode = -1;
    QStringList ids;
    QByteArray err;
    qint64 elapsedMs = 0;
};

QProcessEnvironment cliEnvironment(const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys()) {
        if (name.startsWith(u"AWS_"_s)) {
            environment.remove(name);
        }
    }
    environment.insert(u"HOME"_s, home);
    environment.insert(u"XDG_CONFIG_HOME"_s, home + u"/.config"_s);
    environment.insert(u"AWS_ACCESS_KEY_ID"_s, baseOptions().accessKey);
    environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, baseOptions().secretKey);
    environment.insert(u"AWS_MAX_ATTEMPTS"_s, QString::number(MaxAttempts));
    return environment;
}

CliRun runCli(const QString &home, const QString &endpoint, const QString &catalog = u"AWS"_s)
{
    QProcess process;
    process.setProcessEnvironment(cliEnvironment(home));
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(PD_CLI_PATH),
                  {u"list-opportunities"_s, u"--endpoint-url"_s, endpoint, u"--catalog"_s, catalog,
                   u"--page-size"_s, QString::number(PageSize)});
    CliRun run;
    if (!process.waitForStarted(10000) || !process.waitForFinished(WaitMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.elapsedMs = timer.elapsed();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    const QJsonObject root = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    for (const QJsonValue &summary : root.value(u"OpportunitySummaries").toArray()) {
        run.ids.append(summary.toObject().value(u"Id").toString());
    }
    return run;
}

quint16 refusedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class tst_FaultMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void model_exactRowsUnderFault_data();
    void model_exactRowsUnderFault();
    void lister_exactRowsUnderFault_data();
    void lister_exactRowsUnderFault();
    void cli_exactRowsUnderFault_data();
    void cli_exactRowsUnderFault();

    void deniedCatalog_clearErrorEverywhere();
    void neverRecovering_clearErrorAfterRetryBudget();
    void connectionRefused_reportedAtOnce();

private:
    void addFaultRows();

    QTemporaryDir m_home;
    QStringList m_expected;
};

void tst_FaultMatrix::initTestCase()
{
    QLoggingCategory::setFilterRules(u"partnerdesk.*.info=false\npartnerdesk.*.warning=false"_s);
    QVERIFY(QFile::exists(QStringLiteral(PD_CLI_PATH)));
    QVERIFY(m_home.isValid());
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(baseOptions(), &error), qPrintable(error));
    const ModelRun run = listWithModel(emulator, awsQuery());
    QVERIFY(run.finished);
    QVERIFY2(!run.error.isError(), qPrintable(run.error.summary()));
    m_expected = run.ids;
    QCOMPARE(m_expected.size(), Count);
    QCOMPARE(QSet<QString>(m_expected.cbegin(), m_expected.cend()).size(), Count);
}

void tst_FaultMatrix::addFaultRows()
{
    QTest::addColumn<int>("fault");
    for (qsizetype i = 0; i < faults().size(); ++i) {
        QTest::newRow(faults().at(i).name) << int(i);
    }
}

void tst_FaultMatrix::model_exactRowsUnderFault_data()
{
    addFaultRows();
}

void tst_FaultMatrix::model_exactRowsUnderFault()
{
    QFETCH(int, fault);
    EmulatorOptions options = baseOptions();
    faults().at(fault).apply(options);
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(options, &error), qPrintable(error));
    const ModelRun run = listWithModel(emulator, awsQuery());
    QVERIFY2(run.finished, "the model never finished");
    QVERIFY2(!run.error.isError(), qPrintable(run.error.summary()));
    QCOMPARE(run.ids, m_expected);
}

void tst_FaultMatrix::lister_exactRowsUnderFault_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<int>("concurrency");
    for (qsizetype i = 0; i < faults().size(); ++i) {
        for (int concurrency : {1, 4}) {
            QTest::addRow("%s, %d calls", faults().at(i).name, concurrency)
                    << int(i) << concurrency;
        }
    }
}

void tst_FaultMatrix::lister_exactRowsUnderFault()
{
    QFETCH(int, fault);
    QFETCH(int, concurrency);
    EmulatorOptions options = baseOptions();
    faults().at(fault).apply(options);
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(options, &error), qPrintable(error));
    const ModelRun run = listWithLister(emulator, awsQuery(), concurrency);
    QVERIFY2(run.finished, "the lister did not finish exactly once");
    QVERIFY2(!run.error.isError(), qPrintable(run.error.summary()));
    QCOMPARE(run.ids, m_expected);
}

void tst_FaultMatrix::cli_exactRowsUnderFault_data()
{
    addFaultRows();
}

void tst_FaultMatrix::cli_exactRowsUnderFault()
{
    QFETCH(int, fault);
    EmulatorOptions options = baseOptions();
    faults().at(fault).apply(options);
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(options, &error), qPrintable(error));
    const CliRun run = runCli(m_home.path(), emulator.endpoint().toString());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.ids, m_expected);
}

void tst_FaultMatrix::deniedCatalog_clearErrorEverywhere()
{
    EmulatorOptions options = baseOptions();
    options.deniedCatalogs = QStringList{u"AWS"_s};
    options.bareErrorTypes = true;
    options.errorTypeHeader = false;
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(options, &error), qPrintable(error));

    const ModelRun model = listWithModel(emulator, awsQuery());
    QVERIFY(model.finished);
    QCOMPARE(model.error.kind, ApiError::Kind::AccessDenied);
    QCOMPARE(model.error.type, u"AccessDeniedException"_s);
    QVERIFY(model.ids.isEmpty());
    // Access denied is not retried.
    QCOMPARE(emulator.server()->requestCount(), 1);

    const ModelRun lister = listWithLister(emulator, awsQuery(), 4);
    QVERIFY(lister.finished);
    QCOMPARE(lister.error.kind, ApiError::Kind::AccessDenied);
    QVERIFY(lister.ids.isEmpty());

    const int before = emulator.server()->requestCount();
    const CliRun cli = runCli(m_home.path(), emulator.endpoint().toString());
    QCOMPARE(cli.exitCode, 254);
    QVERIFY(cli.ids.isEmpty());
    QVERIFY2(cli.err.contains("An error occurred (AccessDeniedException) when calling the "
                              "ListOpportunities operation"),
             cli.err.constData());
    // The first page and at most the two range probes of a partitioned listing; no retries.
    QVERIFY(emulator.server()->requestCount() - before <= 3);
}

void tst_FaultMatrix::neverRecovering_clearErrorAfterRetryBudget()
{
    EmulatorOptions options = baseOptions();
    options.errorEvery = 1;
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(options, &error), qPrintable(error));

    const ModelRun model = listWithModel(emulator, awsQuery());
    QVERIFY(model.finished);
    QCOMPARE(model.error.kind, ApiError::Kind::InternalServer);
    QCOMPARE(model.error.type, u"InternalServerException"_s);
    QVERIFY(model.ids.isEmpty());
    QCOMPARE(emulator.server()->requestCount(), MaxAttempts);

    const CliRun cli = runCli(m_home.path(), emulator.endpoint().toString());
    QCOMPARE(cli.exitCode, 254);
    QVERIFY(cli.ids.isEmpty());
    QVERIFY2(cli.err.contains("An error occurred (InternalServerException) when calling the "
                              "ListOpportunities operation (reached max retries: 5)"),
             cli.err.constData());
    // Each call the CLI made (the first page, range probes) stopped at the retry budget.
    const int cliRequests = emulator.server()->requestCount() - MaxAttempts;
    QVERIFY2(cliRequests >= MaxAttempts && cliRequests <= 3 * MaxAttempts,
             QByteArray::number(cliRequests).constData());
}

void tst_FaultMatrix::connectionRefused_reportedAtOnce()
{
    const QUrl endpoint(u"http://127.0.0.1:%1"_s.arg(refusedPort()));
    AwsCredentials credentials;
    credentials.accessKeyId = baseOptions().accessKey;
    credentials.secretAccessKey = baseOptions().secretKey;
    AwsClient client(clientConfig(endpoint),
                     std::make_shared<StaticCredentialsProvider>(credentials, u"test"_s));
    OpportunityModel model;
    model.setClient(&client);
    model.setQuery(awsQuery());
    QElapsedTimer timer;
    timer.start();
    model.loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(model.lastError().isError(), 2000);
    QVERIFY(timer.elapsed() < 2000);
    QCOMPARE(model.lastError().kind, ApiError::Kind::Network);
    QCOMPARE(model.rowCount(), 0);

    // The CLI's own start-up (slow under sanitizers) does not count.
    QProcess version;
    QElapsedTimer startup;
    startup.start();
    version.start(QStringLiteral(PD_CLI_PATH), {u"--version"_s});
    QVERIFY(version.waitForFinished(WaitMs));
    const qint64 startupMs = startup.elapsed();
    const CliRun cli = runCli(m_home.path(), endpoint.toString());
    QCOMPARE(cli.exitCode, 255);
    QVERIFY2(cli.elapsedMs - startupMs < 2000,
             QByteArray::number(cli.elapsedMs - startupMs).constData());
    QVERIFY2(cli.err.contains("ListOpportunities"), cli.err.constData());
}

QTEST_GUILESS_MAIN(tst_FaultMatrix)
#include "tst_faultmatrix.moc"
