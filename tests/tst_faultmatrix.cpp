// The fault matrix: the opportunity model, the lister (sequential and partitioned) and the
// partnerdesk-cli executable list an emulator that injects each fault alone and all of them
// together, and must produce exactly the rows of a fault-free listing, in order, or a clear
// error: never a hang, a duplicate or a gap. A query change or a cancel while a page is in
// flight, with latency alone and under each fault that acts on calls, never mixes in, loses or
// repeats a row.
#include "awsclient.h"
#include "clientconfig.h"
#include "credentialsprovider.h"
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "faultcatalog.h"
#include "listopportunitiesrequest.h"
#include "nothinghappens.h"
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

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator::FaultCatalog;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Emulator::EmulatorThread;
using Pd::Test::nothingHappens;

namespace {

constexpr int WaitMs = 60000;
// Every response of the mid-page tests waits this long, so a page is in flight long enough
// to change the query or cancel while it is.
constexpr int MidPageLatencyMs = 100;
// After the listing ends: long enough for any late reply to arrive.
constexpr int SettleMs = 3 * MidPageLatencyMs;
// Longer than any backoff of clientConfig() (20 ms) plus a call.
constexpr int QuietMs = 200;
// Load All lists through OpportunityLister: up to this many calls in flight (its window and the
// range probe beside the first page), each of which a cancel or a query change abandons.
constexpr int ListingCalls = OpportunityLister::DefaultMaxConcurrency + 1;
// A listing starts with its first page and, sorted by a date, the range probe beside it.
constexpr int ListingStartCalls = 2;

ListOpportunitiesRequest awsQuery()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.maxResults = PageSize;
    return request;
}

// The same catalog, two stages only: a different listing whose rows are all in awsQuery()'s.
ListOpportunitiesRequest stagesQuery()
{
    ListOpportunitiesRequest request = awsQuery();
    request.lifeCycleStage = QStringList{u"Qualified"_s, u"Committed"_s};
    return request;
}

// `fault` (-1: none) with MidPageLatencyMs on every response, logging to `logFile`.
EmulatorOptions midPageOptions(int fault, const QString &logFile)
{
    EmulatorOptions options = baseOptions();
    if (fault >= 0) {
        faults().at(fault).apply(options);
    }
    options.latencyMs = std::max(options.latencyMs, MidPageLatencyMs);
    options.logFile = logFile;
    return options;
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

bool waitListed(const OpportunityModel &model)
{
    return QTest::qWaitFor(
            [&model] {
                return !model.isBusy() && (!model.hasMore() || model.lastError().isError());
            },
            WaitMs);
}

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
    run.finished = waitListed(model);
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
    run.finished = finished.wait(WaitMs)
                   && nothingHappens(QuietMs, [&finished] { return finished.size() > 1; });
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

QProcessEnvironment cliEnvironment(const QString &home, int maxAttempts)
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
    environment.insert(u"AWS_MAX_ATTEMPTS"_s, QString::number(maxAttempts));
    return environment;
}

CliRun runCli(const QString &home, const QString &endpoint,
              const QStringList &extra = {u"--page-size"_s, QString::number(PageSize)},
              int maxAttempts = MaxAttempts)
{
    QProcess process;
    process.setProcessEnvironment(cliEnvironment(home, maxAttempts));
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(PD_CLI_PATH),
                  QStringList{u"list-opportunities"_s, u"--endpoint-url"_s, endpoint,
                              u"--catalog"_s, u"AWS"_s}
                          + extra);
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

/// A model listing catalog AWS from an emulator with the mid-page options of `fault` (see
/// midPageOptions()), its answered requests logged to `log`.
struct MidPageModel
{
    explicit MidPageModel(int fault)
    {
        started = emulator.start(midPageOptions(fault, log), &error);
        if (!started) {
            return;
        }
        client = std::make_unique<AwsClient>(
                clientConfig(emulator.endpoint()),
                std::make_shared<StaticCredentialsProvider>(emulator.credentials(), u"test"_s));
        model.setClient(client.get());
        model.setPageSize(PageSize);
        model.setQuery(awsQuery());
    }

    QTemporaryDir dir;
    const QString log = dir.filePath(u"requests.log"_s);
    EmulatorThread emulator;
    std::unique_ptr<AwsClient> client;
    OpportunityModel model;
    QString error;
    bool started = false;
};

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
    void cli_defaultMaxAttempts_completesUnderHeavyFaults();

    void model_filterChangeMidPage_onlyNewRows_data();
    void model_filterChangeMidPage_onlyNewRows();
    void model_cancelMidPage_keepsRowsAndToken_data();
    void model_cancelMidPage_keepsRowsAndToken();

    void deniedCatalog_clearErrorEverywhere();
    void neverRecovering_clearErrorAfterRetryBudget();
    void connectionRefused_reportedAtOnce();

private:
    QTemporaryDir m_home;
    QStringList m_expected;
    QStringList m_expectedStages;
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

    // The service's own answers, independent of any client: the listing above, and the
    // mid-page tests' second query (more than one page, fewer rows than the first).
    EmulatorServer oracle;
    QVERIFY2(oracle.start(baseOptions(), &error), qPrintable(error));
    QCOMPARE(oracle.matchingIds(awsQuery()), m_expected);
    m_expectedStages = oracle.matchingIds(stagesQuery());
    QVERIFY(m_expectedStages.size() > PageSize && m_expectedStages.size() < Count);
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
        for (int concurrency : {1, 4, 8}) {
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

void tst_FaultMatrix::cli_defaultMaxAttempts_completesUnderHeavyFaults()
{
    // Three requests in five fail (throttled, 500, dropped mid-body): with AWS_MAX_ATTEMPTS 3
    // many pages fail every attempt. A sequential AWS CLI completes such a listing now and then;
    // the partitioned listing resumes those pages and always completes, in the service's order.
    EmulatorOptions options = baseOptions();
    options.throttleEvery = 3;
    options.errorEvery = 4;
    options.dropEvery = 5;
    options.latencyMs = 20;
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(options, &error), qPrintable(error));
    const CliRun run = runCli(
            m_home.path(), emulator.endpoint().toString(),
            {u"--page-size"_s, u"10"_s, u"--max-concurrency"_s, u"8"_s, u"--max-rps"_s, u"0"_s}, 3);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.ids, m_expected);
}

void tst_FaultMatrix::model_filterChangeMidPage_onlyNewRows_data()
{
    addMidPageRows();
}

void tst_FaultMatrix::model_filterChangeMidPage_onlyNewRows()
{
    QFETCH(int, fault);
    MidPageModel m(fault);
    QVERIFY2(m.started, qPrintable(m.error));
    EmulatorThread &emulator = m.emulator;
    OpportunityModel &model = m.model;
    const QString &log = m.log;
    model.loadAll();
    QVERIFY2(waitForPageInFlight(model, *emulator.server(), 2 * PageSize, WaitMs),
             "no page of the first query in flight");
    const QStringList before = idsOf(model.summaries());
    QCOMPARE(before, m_expected.mid(0, before.size()));
    QList<FieldError> fieldErrors;
    const ListOpportunitiesRequest inFlight = ListOpportunitiesRequest::fromJson(
            emulator.server()->lastRequestBody(), &fieldErrors);
    QVERIFY(fieldErrors.isEmpty());
    QVERIFY(inFlight.lifeCycleStage.isEmpty());
    // A later page of the listing, a slice of it (a range on the sort key), or its range probe
    // (the first page in the opposite order), not a first page of it.
    QVERIFY(!inFlight.nextToken.isEmpty() || !inFlight.lastModifiedDate.isEmpty()
            || (inFlight.sort && inFlight.sort->sortOrder == u"ASCENDING"_s));

    model.setQuery(stagesQuery());
    QCOMPARE(model.rowCount(), 0);
    model.loadAll();
    QVERIFY2(waitListed(model), "the second query never finished");
    QVERIFY2(!model.lastError().isError(), qPrintable(model.lastError().summary()));
    QCOMPARE(idsOf(model.summaries()), m_expectedStages);
    // A late answer to the first query's page is dropped.
    QVERIFY(nothingHappens(SettleMs, [&] {
        return model.isBusy() || idsOf(model.summaries()) != m_expectedStages;
    }));
    // Every request was answered but the first query's pages in flight, which the client
    // abandoned; under a slow build the server may have answered them first (the rows above
    // show the answers were dropped either way).
    QVERIFY(atMostUnanswered(log, emulator.server()->requestCount(), ListingCalls));
}

void tst_FaultMatrix::model_cancelMidPage_keepsRowsAndToken_data()
{
    addMidPageRows();
}

void tst_FaultMatrix::model_cancelMidPage_keepsRowsAndToken()
{
    QFETCH(int, fault);
    MidPageModel m(fault);
    QVERIFY2(m.started, qPrintable(m.error));
    EmulatorThread &emulator = m.emulator;
    OpportunityModel &model = m.model;
    const QString &log = m.log;
    QSignalSpy loadAllFinished(&model, &OpportunityModel::loadAllFinished);
    // What a Cancel button shows: isBusy() when a page arrives, then busyChanged().
    bool shownBusy = false;
    connect(&model, &OpportunityModel::pageLoaded, &model, [&] { shownBusy = model.isBusy(); });
    connect(&model, &OpportunityModel::busyChanged, &model, [&](bool b) { shownBusy = b; });
    model.loadAll();
    QVERIFY2(waitForPageInFlight(model, *emulator.server(), 2 * PageSize, WaitMs),
             "no page in flight");
    const QStringList kept = idsOf(model.summaries());
    QVERIFY2(shownBusy, "the call in flight was never announced");

    QSignalSpy pages(&model, &OpportunityModel::pageLoaded);
    QSignalSpy failed(&model, &OpportunityModel::failed);
    model.cancel();
    QVERIFY(!model.isBusy());
    QVERIFY(model.isStopped());
    QVERIFY(model.hasMore());
    QVERIFY(!model.isLoadingAll());
    QCOMPARE(loadAllFinished.size(), 1);
    QCOMPARE(loadAllFinished.at(0).at(0).toBool(), false);
    // Requests written before the cancel may still reach the server; none may be sent after it.
    QSignalSpy sent(m.client.get(), &AwsClient::requestSent);
    QVERIFY(nothingHappens(SettleMs, [&] {
        return idsOf(model.summaries()) != kept || !pages.isEmpty() || !failed.isEmpty()
               || !sent.isEmpty();
    }));
    const int received = emulator.server()->requestCount();
    QCOMPARE(idsOf(model.summaries()), kept);
    QCOMPARE(kept, m_expected.mid(0, kept.size()));
    QVERIFY(pages.isEmpty());
    QVERIFY(failed.isEmpty());
    QVERIFY(!model.isBusy());
    QVERIFY(!model.lastError().isError());
    // Nothing more was sent, not even a retry; the pages in flight were abandoned (the server
    // may have answered them first under a slow build: the unchanged rows show they were
    // dropped).
    QVERIFY(sent.isEmpty());
    QVERIFY(atMostUnanswered(log, received, ListingCalls));

    // Load All again continues after the kept rows.
    model.loadAll();
    QVERIFY2(waitListed(model), "the resumed listing never finished");
    QVERIFY2(!model.lastError().isError(), qPrintable(model.lastError().summary()));
    QCOMPARE(idsOf(model.summaries()), m_expected);
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
    // Access denied is not retried: the first page and the range probe beside it.
    QVERIFY(emulator.server()->requestCount() <= ListingStartCalls);

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
    // The first page and at most the range probe of a partitioned listing; no retries.
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
    // The first page failed every attempt, which ends a listing at once; the range probe beside
    // it made its own attempts meanwhile.
    const int modelRequests = emulator.server()->requestCount();
    QVERIFY2(modelRequests >= MaxAttempts && modelRequests <= ListingStartCalls * MaxAttempts + 1,
             QByteArray::number(modelRequests).constData());

    const CliRun cli = runCli(m_home.path(), emulator.endpoint().toString());
    QCOMPARE(cli.exitCode, 254);
    QVERIFY(cli.ids.isEmpty());
    QVERIFY2(cli.err.contains("An error occurred (InternalServerException) when calling the "
                              "ListOpportunities operation (reached max retries: 5)"),
             cli.err.constData());
    // The first page failed every attempt, which ends a listing at once (the range probe beside
    // it was aborted).
    const int cliRequests = emulator.server()->requestCount() - modelRequests;
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
