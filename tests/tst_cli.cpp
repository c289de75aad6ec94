// End-to-end tests of the partnerdesk-cli executable against the partnerdesk-emulator
// executable (and, where faults must be placed exactly, an in-process EmulatorServer), over
// loopback HTTP with real SigV4 signatures.
#include "csvreader.h"
#include "datasetgenerator.h"
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "getawsopportunitysummary.h"
#include "getopportunity.h"
#include "listopportunitiesrequest.h"
#include "opportunityfield.h"
#include "opportunitysummary.h"
#include "pipelineaggregate.h"
#include "pipelinereport.h"
#include "testcertificate.h"
#include "testproxy.h"
#include "testserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorThread;

namespace {

const QString AccessKey = u"AKIDPARTNERDESKTEST"_s;
const QString SecretKey = u"cli-test-secret/with+special=chars"_s;
constexpr int AwsCount = 700;
constexpr int SandboxCount = 120;
constexpr int Seed = 7;
constexpr int ProcessTimeoutMs = 120000;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// One partnerdesk-emulator process on a free port, stopped with the test object.
class EmulatorProcess
{
public:
    ~EmulatorProcess() { stop(); }

    bool start(const QStringList &extra, QString *error)
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProgram(QStringLiteral(PD_EMULATOR_PATH));
        m_process->setArguments(QStringList{u"--port"_s, u"0"_s, u"--access-key"_s, AccessKey,
                                            u"--secret-key"_s, SecretKey, u"--count"_s,
                                            QString::number(AwsCount), u"--sandbox-count"_s,
                                            QString::number(SandboxCount), u"--seed"_s,
                                            QString::number(Seed)}
                                + extra);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : environment.keys()) {
            if (name.startsWith(u"AWS_"_s)) {
                environment.remove(name);
            }
        }
        environment.insert(u"QT_LOGGING_RULES"_s, u"partnerdesk.*.info=false"_s);
        m_process->setProcessEnvironment(environment);
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process->start();
        if (!m_process->waitForStarted(10000)) {
            *error = m_process->errorString();
            return false;
        }
        QByteArray line;
        while (!line.endsWith('\n')) {
            if (!m_process->waitForReadyRead(20000)) {
                *error = u"no LISTENING line from the emulator"_s;
                return false;
            }
            line += m_process->readAll();
        }
        if (!line.startsWith("LISTENING ")) {
            *error = u"unexpected emulator output: "_s + QString::fromUtf8(line);
            return false;
        }
        m_port = line.mid(10).trimmed().toUShort();
        return m_port != 0;
    }

    void stop()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(10000)) {
                m_process->kill();
                m_process->waitForFinished(10000);
            }
        }
        m_process.reset();
    }

    QString endpoint() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

QStringList jsonIds(const QByteArray &json, QString *nextToken = nullptr)
{
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    QStringList ids;
    for (const QJsonValue &summary : root.value(u"OpportunitySummaries").toArray()) {
        ids.append(summary.toObject().value(u"Id").toString());
    }
    if (nextToken) {
        *nextToken = root.value(u"NextToken").toString();
    }
    return ids;
}

QList<QStringList> csvRecords(const QByteArray &csv)
{
    QList<QStringList> records;
    QString error;
    if (!CsvReader::parse(csv, &records, &error)) {
        qWarning().noquote() << "CSV not readable:" << error;
        return {};
    }
    return records;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void help_listsEveryOptionAndExitCode();
    void version_printsVersion();
    void unknownOption_isUsageError();

    void listing_sameIdsInSameOrderAsEmulator_data();
    void listing_sameIdsInSameOrderAsEmulator();
    void json_summariesExactlyAsServed();
    void csv_parsesBackToTheSameListing();
    void csv_neutralisesFormulasUnlessRaw();
    void maxItems_startingToken_roundTrip_data();
    void maxItems_startingToken_roundTrip();
    void noPaginate_onePageWithServiceToken();

    void sessionToken_signedAndRequired();
    void serverClockFifteenMinutesAhead_correctedAndListed();
    void injectedFaults_survivedWithFourAttempts_data();
    void injectedFaults_survivedWithFourAttempts();
    void injectedFaults_exhaustThreeAttempts_data();
    void injectedFaults_exhaustThreeAttempts();
    void periodicFaultsMidListing_survived();

    void badInput_refusedWithoutRequest_data();
    void badInput_refusedWithoutRequest();
    void wrongSecret_invalidSignatureOnStderr();
    void missingCredentials_configurationError();
    void profileInSharedFiles_usedWithItsEndpoint();
    void malformedConfigFile_namesFileAndLine();
    void plainHttpRemoteEndpoint_refused();
    void connectionRefused_otherError();
    void demo_listsWithoutCredentials();
    void getOpportunity_printsTheResponseAsTheAwsCliDoes();
    void getOpportunity_errorsAndExitCodes_data();
    void getOpportunity_errorsAndExitCodes();
    void getOpportunity_deniedIsAccessDeniedWhileListingWorks();
    void getOpportunity_demoAndHelp();

    void proxy_httpProxyWithCredentials_sameListing();
    void proxy_wrongPassword_namesProxyAnd407();
    void proxy_remoteProxyForPlainEndpoint_refused();
    void proxy_httpsTunnelTrustedByCaBundle();
    void caBundle_unreadable_configurationError();

    void pipeline_reportsTheListedRows_data();
    void pipeline_reportsTheListedRows();
    void pipeline_partialListingOrBadOutput_refused_data();
    void pipeline_partialListingOrBadOutput_refused();
    void pipeline_help_describesTheSections();
    void pipeline_fromStore_sameReportAsTheService();

    void sync_printsItsCountsAsJsonOrText();
    void fromStore_sameOutputAsTheLiveListing_data();
    void fromStore_sameOutputAsTheLiveListing();
    void fromStore_pagesLikeTheService();
    void changes_listTheJournal();

private:
    Run runCli(const QStringList &arguments, const QProcessEnvironment &environment) const;
    Run runCli(const QStringList &arguments) const { return runCli(arguments, m_environment); }
    /// runCli() with the event loop running meanwhile, for servers in this process.
    Run runCliServing(const QStringList &arguments, const QProcessEnvironment &environment) const;
    QStringList expectedIds(const QByteArray &requestJson);
    /// The pipeline aggregate of the reference's rows of `catalog` that `requestJson` matches.
    PipelineAggregate expectedPipeline(const QString &catalog, const QByteArray &requestJson);
    QStringList listArgs(const QString &endpoint) const
    {
        return {u"list-opportunities"_s, u"--endpoint-url"_s, endpoint};
    }

    QTemporaryDir m_home;
    QProcessEnvironment m_environment;
    EmulatorProcess m_emulator;
    QString m_logFile;
    /// The same dataset, in process: the expected order of every query, and exact faults.
    EmulatorThread m_reference;
    QStringList m_allAwsIds;
};

void tst_Cli::initTestCase()
{
    QLoggingCategory::setFilterRules(u"partnerdesk.*.info=false"_s);
    QVERIFY(QFile::exists(QStringLiteral(PD_CLI_PATH)));
    QVERIFY(QFile::exists(QStringLiteral(PD_EMULATOR_PATH)));
    QVERIFY(m_home.isValid());

    // A clean environment: no AWS settings of this machine, an empty HOME.
    m_environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : m_environment.keys()) {
        if (name.startsWith(u"AWS_"_s) || name.endsWith(u"_proxy"_s, Qt::CaseInsensitive)) {
            m_environment.remove(name);
        }
    }
    m_environment.insert(u"HOME"_s, m_home.path());
    m_environment.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u".config"_s));
    m_environment.insert(u"AWS_ACCESS_KEY_ID"_s, AccessKey);
    m_environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, SecretKey);
    m_environment.insert(u"AWS_MAX_ATTEMPTS"_s, u"4"_s);

    m_logFile = m_home.filePath(u"emulator.log"_s);
    QString error;
    QVERIFY2(m_emulator.start({u"--log"_s, m_logFile}, &error), qPrintable(error));

    EmulatorOptions options;
    options.accessKey = AccessKey;
    options.secretKey = SecretKey;
    options.count = AwsCount;
    options.sandboxCount = SandboxCount;
    options.seed = Seed;
    QVERIFY2(m_reference.start(options, &error), qPrintable(error));

    m_allAwsIds = expectedIds(R"({"Catalog":"AWS"})");
    QCOMPARE(m_allAwsIds.size(), AwsCount);
}

void tst_Cli::cleanupTestCase()
{
    m_emulator.stop();
    m_reference.stop();
}

Run tst_Cli::runCli(const QStringList &arguments, const QProcessEnvironment &environment) const
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(PD_CLI_PATH), arguments);
    Run run;
    if (!process.waitForStarted(10000) || !process.waitForFinished(ProcessTimeoutMs)) {
        qWarning() << "partnerdesk-cli did not finish:" << arguments;
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

Run tst_Cli::runCliServing(const QStringList &arguments,
                           const QProcessEnvironment &environment) const
{
    QProcess process;
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(PD_CLI_PATH), arguments);
    Run run;
    if (!finished.wait(ProcessTimeoutMs)) {
        qWarning() << "partnerdesk-cli did not finish:" << arguments;
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

QStringList tst_Cli::expectedIds(const QByteArray &requestJson)
{
    QList<FieldError> errors;
    const ListOpportunitiesRequest request
            = ListOpportunitiesRequest::fromJson(requestJson, &errors);
    if (!errors.isEmpty() || !request.validate().isEmpty()) {
        qWarning() << "invalid expected request" << requestJson;
        return {};
    }
    QStringList ids;
    Pd::Emulator::EmulatorServer *server = m_reference.server();
    QMetaObject::invokeMethod(
            server, [&] { ids = server->matchingIds(request); }, Qt::BlockingQueuedConnection);
    return ids;
}

void tst_Cli::help_listsEveryOptionAndExitCode()
{
    const Run run = runCli({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    const QString help = QString::fromUtf8(run.out);
    for (const char *option : {"--catalog",
                               "--identifier",
                               "--life-cycle-stage",
                               "--life-cycle-review-status",
                               "--customer-company-name",
                               "--last-modified-date",
                               "--created-date",
                               "--target-close-date",
                               "--sort",
                               "--cli-input-json",
                               "--page-size",
                               "--max-items",
                               "--starting-token",
                               "--no-paginate",
                               "--endpoint-url",
                               "--ca-bundle",
                               "--region",
                               "--profile",
                               "--debug",
                               "--output",
                               "--csv-raw",
                               "--csv-bom",
                               "--demo",
                               "--help",
                               "--version"}) {
        QVERIFY2(help.contains(QLatin1StringView(option)), option);
    }
    for (const char *code : {"252", "253", "254", "255", "130"}) {
        QVERIFY2(help.contains(QLatin1StringView(code)), code);
    }
    QCOMPARE(runCli({u"list-opportunities"_s, u"--help"_s}).out, run.out);
}

void tst_Cli::version_printsVersion()
{
    const Run run = runCli({u"--version"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("partnerdesk-cli/" PD_VERSION_STRING));
}

void tst_Cli::unknownOption_isUsageError()
{
    const Run run = runCli({u"list-opportunities"_s, u"--catalog"_s, u"AWS"_s, u"--frobnicate"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains("Unknown options: --frobnicate"), run.err.constData());
}

void tst_Cli::listing_sameIdsInSameOrderAsEmulator_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("request"); ///< the same query in API JSON
    QTest::addColumn<bool>("mayBeEmpty");

    QTest::newRow("AWS, default sort")
            << QStringList{u"--catalog"_s, u"AWS"_s} << QByteArray(R"({"Catalog":"AWS"})") << false;
    QTest::newRow("Sandbox") << QStringList{u"--catalog"_s, u"Sandbox"_s}
                             << QByteArray(R"({"Catalog":"Sandbox"})") << false;
    for (const char *key : {"LastModifiedDate", "Identifier", "CustomerCompanyName", "CreatedDate",
                            "TargetCloseDate"}) {
        for (const char *order : {"ASCENDING", "DESCENDING"}) {
            QTest::addRow("sort %s %s", key, order)
                    << QStringList{u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                                   u"SortBy=%1,SortOrder=%2"_s.arg(QLatin1StringView(key),
                                                                   QLatin1StringView(order))}
                    << QByteArray(R"({"Catalog":"AWS","Sort":{"SortBy":")") + key
                               + R"(","SortOrder":")" + order + R"("}})"
                    << false;
        }
    }
    QTest::newRow("stages") << QStringList{u"--catalog"_s, u"AWS"_s, u"--life-cycle-stage"_s,
                                           u"Qualified"_s, u"Closed Lost"_s}
                            << QByteArray(R"({"Catalog":"AWS",
                                  "LifeCycleStage":["Qualified","Closed Lost"]})")
                            << false;
    QTest::newRow("review status In review")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--life-cycle-review-status"_s,
                           u"In review"_s, u"Action Required"_s}
            << QByteArray(R"({"Catalog":"AWS",
                             "LifeCycleReviewStatus":["In review","Action Required"]})")
            << false;
    QTest::newRow("company names")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--customer-company-name"_s, u"GmbH"_s,
                           u"labs"_s}
            << QByteArray(R"({"Catalog":"AWS",
                                         "CustomerCompanyName":["GmbH","labs"]})")
            << false;
    const QStringList someIds{m_allAwsIds.value(3), m_allAwsIds.value(250), m_allAwsIds.value(101),
                              m_allAwsIds.value(699), u"O9"_s};
    QJsonArray idArray;
    for (const QString &id : someIds) {
        idArray.append(id);
    }
    QTest::newRow("identifiers")
            << (QStringList{u"--catalog"_s, u"AWS"_s, u"--identifier"_s} + someIds)
            << QJsonDocument(QJsonObject{{u"Catalog"_s, u"AWS"_s}, {u"Identifier"_s, idArray}})
                       .toJson(QJsonDocument::Compact)
            << false;
    QTest::newRow("last modified range")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--last-modified-date"_s,
                           u"AfterLastModifiedDate=2025-06-01T00:00:00Z,"
                           "BeforeLastModifiedDate=2026-01-01T00:00:00.500Z"_s}
            << QByteArray(R"({"Catalog":"AWS","LastModifiedDate":{
                   "AfterLastModifiedDate":"2025-06-01T00:00:00Z",
                   "BeforeLastModifiedDate":"2026-01-01T00:00:00.500Z"}})")
            << false;
    QTest::newRow("created after, JSON value")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--created-date"_s,
                           uR"({"AfterCreatedDate": "2026-03-01T00:00:00+02:00"})"_s}
            << QByteArray(R"({"Catalog":"AWS","CreatedDate":{
                   "AfterCreatedDate":"2026-02-28T22:00:00Z"}})")
            << false;
    QTest::newRow("target close range")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--target-close-date"_s,
                           u"AfterTargetCloseDate=2026-09-01,BeforeTargetCloseDate=2027-03-31"_s}
            << QByteArray(R"({"Catalog":"AWS","TargetCloseDate":{
                   "AfterTargetCloseDate":"2026-09-01","BeforeTargetCloseDate":"2027-03-31"}})")
            << false;
    QTest::newRow("filters combined with a sort")
            << QStringList{u"--catalog"_s,
                           u"AWS"_s,
                           u"--life-cycle-stage"_s,
                           u"Prospect"_s,
                           u"Launched"_s,
                           u"--life-cycle-review-status"_s,
                           u"Approved"_s,
                           u"Submitted"_s,
                           u"In review"_s,
                           u"--sort"_s,
                           u"SortBy=CustomerCompanyName,SortOrder=DESCENDING"_s}
            << QByteArray(R"({"Catalog":"AWS","LifeCycleStage":["Prospect","Launched"],
                   "LifeCycleReviewStatus":["Approved","Submitted","In review"],
                   "Sort":{"SortBy":"CustomerCompanyName","SortOrder":"DESCENDING"}})")
            << false;
    QTest::newRow("cli-input-json with an override")
            << QStringList{u"--cli-input-json"_s,
                           uR"({"Catalog": "Sandbox", "LifeCycleStage": ["Committed"],
                                "Sort": {"SortBy": "Identifier", "SortOrder": "ASCENDING"}})"_s,
                           u"--catalog"_s, u"AWS"_s}
            << QByteArray(R"({"Catalog":"AWS","LifeCycleStage":["Committed"],
                   "Sort":{"SortBy":"Identifier","SortOrder":"ASCENDING"}})")
            << false;
    QTest::newRow("nothing matches")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--identifier"_s, u"O1"_s}
            << QByteArray(R"({"Catalog":"AWS","Identifier":["O1"]})") << true;
}

void tst_Cli::listing_sameIdsInSameOrderAsEmulator()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, request);
    QFETCH(bool, mayBeEmpty);

    const QStringList expected = expectedIds(request);
    QVERIFY(mayBeEmpty || !expected.isEmpty());
    // Page after page, and partitioned into concurrent slices.
    for (const char *concurrency : {"1", "4"}) {
        const Run run = runCli(listArgs(m_emulator.endpoint()) + arguments
                               + QStringList{u"--page-size"_s, u"37"_s, u"--max-concurrency"_s,
                                             QLatin1StringView(concurrency)});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.err.isEmpty(), run.err.constData());
        QJsonParseError parseError;
        QJsonDocument::fromJson(run.out, &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QString nextToken;
        QCOMPARE(jsonIds(run.out, &nextToken), expected);
        QVERIFY(nextToken.isEmpty());
    }
}

void tst_Cli::json_summariesExactlyAsServed()
{
    const Run run = runCli(listArgs(m_emulator.endpoint())
                           + QStringList{u"--catalog"_s, u"Sandbox"_s, u"--page-size"_s, u"50"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // Four-space indentation, as the AWS CLI prints it.
    QVERIFY(run.out.startsWith("{\n    \"OpportunitySummaries\": [\n        {\n            \""));
    QVERIFY(run.out.endsWith("\n    ]\n}\n"));

    QByteArray served;
    Pd::Emulator::EmulatorServer *server = m_reference.server();
    QMetaObject::invokeMethod(
            server, [&] { served = server->dataJson(u"Sandbox"_s); }, Qt::BlockingQueuedConnection);
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue &value :
         QJsonDocument::fromJson(served).object().value(u"OpportunitySummaries").toArray()) {
        byId.insert(value.toObject().value(u"Id").toString(), value.toObject());
    }
    const QJsonArray listed
            = QJsonDocument::fromJson(run.out).object().value(u"OpportunitySummaries").toArray();
    QCOMPARE(listed.size(), SandboxCount);
    for (const QJsonValue &value : listed) {
        const QJsonObject summary = value.toObject();
        QCOMPARE(summary, byId.value(summary.value(u"Id").toString()));
    }
}

void tst_Cli::csv_parsesBackToTheSameListing()
{
    const QStringList query{u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                            u"SortBy=TargetCloseDate,SortOrder=ASCENDING"_s};
    const Run json = runCli(listArgs(m_emulator.endpoint()) + query);
    const Run csv = runCli(listArgs(m_emulator.endpoint()) + query
                           + QStringList{u"--output"_s, u"csv"_s, u"--csv-raw"_s});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    QVERIFY2(csv.exitCode == 0, csv.err.constData());
    QVERIFY(csv.out.contains("\r\n"));

    const QList<QStringList> records = csvRecords(csv.out);
    QCOMPARE(records.size(), AwsCount + 1);
    const QList<OpportunityField> fields = OpportunityFields::all();
    QStringList header;
    for (const OpportunityField field : fields) {
        header.append(OpportunityFields::name(field));
    }
    QCOMPARE(records.first(), header);
    QCOMPARE(records.first().first(), u"Id"_s);

    // Every cell is the summary's field text, as parsed from the JSON listing.
    ListOpportunitiesResponse response;
    QString problem;
    QVERIFY2(ListOpportunitiesResponse::parse(json.out, &response, &problem), qPrintable(problem));
    QCOMPARE(response.opportunitySummaries.size(), AwsCount);
    for (int row = 0; row < AwsCount; ++row) {
        const OpportunitySummary &summary = response.opportunitySummaries.at(row);
        QStringList cells;
        for (const OpportunityField field : fields) {
            cells.append(OpportunityFields::text(summary, field));
        }
        QCOMPARE(records.at(row + 1), cells);
    }

    const Run bom
            = runCli(listArgs(m_emulator.endpoint())
                     + QStringList{u"--catalog"_s, u"AWS"_s, u"--identifier"_s, m_allAwsIds.first(),
                                   u"--output"_s, u"csv"_s, u"--csv-bom"_s});
    QCOMPARE(bom.exitCode, 0);
    QVERIFY(bom.out.startsWith("\xEF\xBB\xBFId,Catalog,"));
    QCOMPARE(csvRecords(bom.out).size(), 2);
}

void tst_Cli::csv_neutralisesFormulasUnlessRaw()
{
    const QStringList query{u"--catalog"_s, u"AWS"_s, u"--output"_s, u"csv"_s};
    const QList<QStringList> safe = csvRecords(runCli(listArgs(m_emulator.endpoint()) + query).out);
    const QList<QStringList> raw = csvRecords(
            runCli(listArgs(m_emulator.endpoint()) + query + QStringList{u"--csv-raw"_s}).out);
    QCOMPARE(safe.size(), AwsCount + 1);
    QCOMPARE(raw.size(), safe.size());
    int neutralised = 0;
    for (qsizetype r = 0; r < safe.size(); ++r) {
        for (qsizetype c = 0; c < safe.at(r).size(); ++c) {
            const QString &rawCell = raw.at(r).at(c);
            const QString &safeCell = safe.at(r).at(c);
            const bool formula = !rawCell.isEmpty() && u"=+-@\t\r"_s.contains(rawCell.front());
            QCOMPARE(safeCell, formula ? u'\'' + rawCell : rawCell);
            neutralised += formula ? 1 : 0;
        }
    }
    QVERIFY2(neutralised > 0, "the demo data should contain formula-like cells");
}

void tst_Cli::maxItems_startingToken_roundTrip_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<int>("maxItems");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("json, cut inside pages") << u"json"_s << 130 << 50;
    QTest::newRow("json, cut at page boundaries") << u"json"_s << 100 << 50;
    QTest::newRow("csv, token on stderr") << u"csv"_s << 75 << 100;
}

void tst_Cli::maxItems_startingToken_roundTrip()
{
    QFETCH(QString, output);
    QFETCH(int, maxItems);
    QFETCH(int, pageSize);
    const QStringList query{u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                            u"SortBy=CreatedDate,SortOrder=DESCENDING"_s};
    const QStringList expected = expectedIds(
            R"({"Catalog":"AWS","Sort":{"SortBy":"CreatedDate","SortOrder":"DESCENDING"}})");

    QStringList collected;
    QString token;
    int runs = 0;
    do {
        QStringList arguments = listArgs(m_emulator.endpoint()) + query
                                + QStringList{u"--max-items"_s, QString::number(maxItems),
                                              u"--page-size"_s, QString::number(pageSize),
                                              u"--output"_s,    output};
        if (!token.isEmpty()) {
            arguments += QStringList{u"--starting-token"_s, token};
        }
        const Run run = runCli(arguments);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QStringList ids;
        if (output == u"json"_s) {
            ids = jsonIds(run.out, &token);
        } else {
            const QList<QStringList> records = csvRecords(run.out);
            QVERIFY(!records.isEmpty());
            for (qsizetype i = 1; i < records.size(); ++i) {
                ids.append(records.at(i).first());
            }
            const QByteArray marker = "--starting-token ";
            const qsizetype at = run.err.indexOf(marker);
            token = at < 0 ? QString()
                           : QString::fromUtf8(run.err.mid(at + marker.size()).trimmed());
        }
        QVERIFY(ids.size() <= maxItems);
        QVERIFY(!ids.isEmpty() || token.isEmpty());
        collected += ids;
        QVERIFY(++runs <= AwsCount / maxItems + 2);
    } while (!token.isEmpty());
    QCOMPARE(collected, expected);
    QCOMPARE(runs, (AwsCount + maxItems - 1) / maxItems);
}

void tst_Cli::noPaginate_onePageWithServiceToken()
{
    const QStringList query{u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                            u"SortBy=Identifier,SortOrder=ASCENDING"_s};
    const QStringList expected = expectedIds(
            R"({"Catalog":"AWS","Sort":{"SortBy":"Identifier","SortOrder":"ASCENDING"}})");
    const Run first
            = runCli(listArgs(m_emulator.endpoint()) + query + QStringList{u"--no-paginate"_s});
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QString token;
    const QStringList page = jsonIds(first.out, &token);
    QCOMPARE(page, expected.mid(0, Pd::Emulator::EmulatorServer::DefaultPageSize));
    QVERIFY(!token.isEmpty());

    const Run second = runCli(listArgs(m_emulator.endpoint()) + query
                              + QStringList{u"--max-results"_s, u"30"_s, u"--next-token"_s, token});
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QCOMPARE(jsonIds(second.out), expected.mid(Pd::Emulator::EmulatorServer::DefaultPageSize, 30));
}

void tst_Cli::sessionToken_signedAndRequired()
{
    const QString sessionToken = u"FwoGZXIvYXdzEPD//////////wEaDC+test/session=token"_s;
    EmulatorProcess emulator;
    QString error;
    QVERIFY2(emulator.start({u"--session-token"_s, sessionToken}, &error), qPrintable(error));

    QProcessEnvironment environment = m_environment;
    environment.insert(u"AWS_SESSION_TOKEN"_s, sessionToken);
    const QStringList query{u"--catalog"_s, u"Sandbox"_s, u"--page-size"_s, u"25"_s};
    const Run withToken = runCli(listArgs(emulator.endpoint()) + query, environment);
    QVERIFY2(withToken.exitCode == 0, withToken.err.constData());
    QCOMPARE(jsonIds(withToken.out), expectedIds(R"({"Catalog":"Sandbox"})"));

    const Run withoutToken = runCli(listArgs(emulator.endpoint()) + query);
    QCOMPARE(withoutToken.exitCode, 254);
    QVERIFY(withoutToken.out.isEmpty());
    QVERIFY2(withoutToken.err.startsWith("An error occurred ("), withoutToken.err.constData());

    // And a token the server does not expect is refused too.
    const Run unexpected = runCli(listArgs(m_emulator.endpoint()) + query, environment);
    QCOMPARE(unexpected.exitCode, 254);
}

void tst_Cli::serverClockFifteenMinutesAhead_correctedAndListed()
{
    const QString log = m_home.filePath(u"skew.log"_s);
    EmulatorProcess emulator;
    QString error;
    QVERIFY2(emulator.start({u"--clock-skew-s"_s, u"900"_s, u"--log"_s, log}, &error),
             qPrintable(error));
    // One page after another, so that exactly one request goes out with the skewed clock.
    const Run run = runCli(listArgs(emulator.endpoint())
                           + QStringList{u"--catalog"_s, u"Sandbox"_s, u"--page-size"_s, u"40"_s,
                                         u"--max-concurrency"_s, u"1"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(jsonIds(run.out), expectedIds(R"({"Catalog":"Sandbox"})"));

    QFile file(log);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    // The first request is refused for its signing time, then every request succeeds.
    QVERIFY2(lines.first().contains(" 403 ") && lines.first().contains("InvalidSignature"),
             lines.first().constData());
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QVERIFY2(lines.at(i).contains(" 200 "), lines.at(i).constData());
    }
}

void tst_Cli::injectedFaults_survivedWithFourAttempts_data()
{
    QTest::addColumn<int>("status"); ///< 0: dropped connections
    QTest::addColumn<QString>("type");
    QTest::newRow("three throttlings") << 429 << u"ThrottlingException"_s;
    QTest::newRow("three internal errors") << 500 << u"InternalServerException"_s;
    QTest::newRow("three 503s") << 503 << u"ServiceUnavailable"_s;
    QTest::newRow("three dropped connections") << 0 << QString();
}

void tst_Cli::injectedFaults_survivedWithFourAttempts()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    Pd::Emulator::EmulatorServer *server = m_reference.server();
    if (status == 0) {
        server->dropNext(3);
    } else {
        server->failNext(3, status, type);
    }
    const int before = server->requestCount();
    // One page after another, so that the faults hit the first page.
    const Run run
            = runCli(listArgs(m_reference.endpoint().toString())
                     + QStringList{u"--catalog"_s, u"Sandbox"_s, u"--max-concurrency"_s, u"1"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(jsonIds(run.out), expectedIds(R"({"Catalog":"Sandbox"})"));
    // Two pages of 100 and 20, the first one sent four times.
    QCOMPARE(server->requestCount() - before, 5);
}

void tst_Cli::injectedFaults_exhaustThreeAttempts_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("internal errors")
            << 500 << u"InternalServerException"_s << 254
            << QByteArray("An error occurred (InternalServerException) when calling the "
                          "ListOpportunities operation (reached max retries: 2): Injected fault");
    QTest::newRow("throttling") << 429
                                << u"com.amazonaws.partnercentralselling#ThrottlingException"_s
                                << 254 << QByteArray("An error occurred (ThrottlingException)");
    QTest::newRow("dropped connections")
            << 0 << QString() << 255 << QByteArray("ListOpportunities");
}

void tst_Cli::injectedFaults_exhaustThreeAttempts()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);
    Pd::Emulator::EmulatorServer *server = m_reference.server();
    if (status == 0) {
        server->dropNext(3);
    } else {
        server->failNext(3, status, type);
    }
    QProcessEnvironment environment = m_environment;
    environment.insert(u"AWS_MAX_ATTEMPTS"_s, u"3"_s);
    const Run run = runCli(
            listArgs(m_reference.endpoint().toString())
                    + QStringList{u"--catalog"_s, u"Sandbox"_s, u"--max-concurrency"_s, u"1"_s},
            environment);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(message), run.err.constData());
}

void tst_Cli::periodicFaultsMidListing_survived()
{
    // Every 2nd request throttled, every 3rd (odd) one a 500: requests 2, 3 and 4 all fail, and
    // so do 8, 9 and 10, so two pages need all four attempts.
    EmulatorProcess emulator;
    QString error;
    QVERIFY2(emulator.start({u"--throttle-every"_s, u"2"_s, u"--error-every"_s, u"3"_s}, &error),
             qPrintable(error));
    const Run run = runCli(listArgs(emulator.endpoint())
                           + QStringList{u"--catalog"_s, u"Sandbox"_s, u"--page-size"_s, u"30"_s,
                                         u"--max-concurrency"_s, u"1"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(jsonIds(run.out), expectedIds(R"({"Catalog":"Sandbox"})"));
}

void tst_Cli::badInput_refusedWithoutRequest_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("field");
    QTest::newRow("page size 101")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--page-size"_s, u"101"_s}
            << QByteArray("MaxResults");
    QTest::newRow("unknown review status")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--life-cycle-review-status"_s,
                           u"In Review"_s}
            << QByteArray("LifeCycleReviewStatus[0]");
    QTest::newRow("identifier X123")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--identifier"_s, u"X123"_s}
            << QByteArray("Identifier[0]");
    QTest::newRow("catalog aws-prod")
            << QStringList{u"--catalog"_s, u"aws-prod"_s} << QByteArray("Catalog");
    QTest::newRow("several at once")
            << QStringList{u"--catalog"_s, u"aws-prod"_s,    u"--identifier"_s, u"O1"_s,
                           u"X123"_s,      u"--page-size"_s, u"101"_s}
            << QByteArray("Identifier[1]");
}

void tst_Cli::badInput_refusedWithoutRequest()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, field);
    QFile log(m_logFile);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const qint64 sizeBefore = log.size();

    const Run run = runCli(listArgs(m_emulator.endpoint()) + arguments);
    QCOMPARE(run.exitCode, 252);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains("nothing was sent"), run.err.constData());
    QVERIFY2(run.err.contains("  - " + field + ": "), run.err.constData());

    // The emulator logs every request it receives: nothing arrived.
    QCOMPARE(QFile(m_logFile).size(), sizeBefore);
    // While a valid request right after does show up in the log.
    QCOMPARE(runCli(listArgs(m_emulator.endpoint())
                    + QStringList{u"--catalog"_s, u"AWS"_s, u"--max-items"_s, u"1"_s})
                     .exitCode,
             0);
    QVERIFY(QFile(m_logFile).size() > sizeBefore);
}

void tst_Cli::wrongSecret_invalidSignatureOnStderr()
{
    QProcessEnvironment environment = m_environment;
    environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"not-the-secret"_s);
    const Run run = runCli(listArgs(m_emulator.endpoint()) + QStringList{u"--catalog"_s, u"AWS"_s},
                           environment);
    QCOMPARE(run.exitCode, 254);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith("An error occurred (InvalidSignatureException) when calling the "
                                "ListOpportunities operation: "),
             run.err.constData());
    QVERIFY(!run.err.contains("not-the-secret"));
}

void tst_Cli::missingCredentials_configurationError()
{
    QProcessEnvironment environment = m_environment;
    environment.remove(u"AWS_ACCESS_KEY_ID"_s);
    environment.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    const Run run = runCli(listArgs(m_emulator.endpoint()) + QStringList{u"--catalog"_s, u"AWS"_s},
                           environment);
    QCOMPARE(run.exitCode, 253);
    QVERIFY(run.out.isEmpty());
    QVERIFY(!run.err.isEmpty());

    const Run profile
            = runCli(listArgs(m_emulator.endpoint())
                     + QStringList{u"--catalog"_s, u"AWS"_s, u"--profile"_s, u"no-such-profile"_s});
    QCOMPARE(profile.exitCode, 253);
    QVERIFY2(profile.err.contains("no-such-profile"), profile.err.constData());
}

void tst_Cli::profileInSharedFiles_usedWithItsEndpoint()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QVERIFY(QDir(home.path()).mkpath(u".aws"_s));
    QFile credentials(home.filePath(u".aws/credentials"_s));
    QVERIFY(credentials.open(QIODevice::WriteOnly));
    credentials.write("[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n"
                      "[sales]\naws_access_key_id = "
                      + AccessKey.toUtf8() + "\naws_secret_access_key = " + SecretKey.toUtf8()
                      + "\n");
    credentials.close();
    QFile config(home.filePath(u".aws/config"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[profile sales]\nregion = us-east-1\nendpoint_url = "
                 + m_emulator.endpoint().toUtf8() + "\n");
    config.close();

    QProcessEnvironment environment = m_environment;
    environment.remove(u"AWS_ACCESS_KEY_ID"_s);
    environment.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    environment.insert(u"HOME"_s, home.path());
    const Run run = runCli(
            {u"list-opportunities"_s, u"--profile"_s, u"sales"_s, u"--catalog"_s, u"Sandbox"_s},
            environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(jsonIds(run.out), expectedIds(R"({"Catalog":"Sandbox"})"));

    // AWS_PROFILE names it too; without it the default profile's wrong keys are used.
    environment.insert(u"AWS_ENDPOINT_URL"_s, m_emulator.endpoint());
    QCOMPARE(runCli({u"list-opportunities"_s, u"--catalog"_s, u"Sandbox"_s}, environment).exitCode,
             254);
    environment.insert(u"AWS_PROFILE"_s, u"sales"_s);
    QCOMPARE(runCli({u"list-opportunities"_s, u"--catalog"_s, u"Sandbox"_s}, environment).exitCode,
             0);
}

void tst_Cli::malformedConfigFile_namesFileAndLine()
{
    const QString path = m_home.filePath(u"broken-config"_s);
    QFile config(path);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[profile sales]\nregion = us-east-1\nthis line is not a setting\n");
    config.close();
    QProcessEnvironment environment = m_environment;
    environment.remove(u"AWS_ACCESS_KEY_ID"_s);
    environment.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    environment.insert(u"AWS_CONFIG_FILE"_s, path);
    const Run run
            = runCli(listArgs(m_emulator.endpoint())
                             + QStringList{u"--catalog"_s, u"AWS"_s, u"--profile"_s, u"sales"_s},
                     environment);
    QCOMPARE(run.exitCode, 253);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(path.toUtf8()) && run.err.contains("line 3"), run.err.constData());
}

void tst_Cli::plainHttpRemoteEndpoint_refused()
{
    const Run run = runCli(listArgs(u"http://partnercentral.example.com"_s)
                           + QStringList{u"--catalog"_s, u"AWS"_s});
    QCOMPARE(run.exitCode, 253);
    QVERIFY2(run.err.contains("http://partnercentral.example.com"), run.err.constData());
}

void tst_Cli::connectionRefused_otherError()
{
    const Run run
            = runCli(listArgs(u"http://127.0.0.1:1"_s) + QStringList{u"--catalog"_s, u"AWS"_s});
    QCOMPARE(run.exitCode, 255);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains("ListOpportunities"), run.err.constData());
}

void tst_Cli::demo_listsWithoutCredentials()
{
    QProcessEnvironment environment = m_environment;
    environment.remove(u"AWS_ACCESS_KEY_ID"_s);
    environment.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    const Run run
            = runCli({u"list-opportunities"_s, u"--demo"_s, u"--output"_s, u"csv"_s}, environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    const QList<QStringList> records = csvRecords(run.out);
    QCOMPARE(records.size(), EmulatorOptions().count + 1);
    QCOMPARE(records.first().first(), u"Id"_s);
    QCOMPARE(records.first().size(), OpportunityFieldCount);
}

void tst_Cli::proxy_httpProxyWithCredentials_sameListing()
{
    TestProxy proxy;
    const QString password = u"p@ss:w0rd"_s;
    proxy.requireCredentials(u"alice"_s, password);
    QProcessEnvironment environment = m_environment;
    environment.insert(u"HTTP_PROXY"_s, proxy.url(u"alice"_s, password));
    environment.insert(u"NO_PROXY"_s, QString()); // loopback goes through the proxy too
    const Run run = runCliServing(
            listArgs(m_emulator.endpoint()) + QStringList{u"--catalog"_s, u"AWS"_s}, environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(jsonIds(run.out), m_allAwsIds);
    QVERIFY(!proxy.seen().isEmpty());
    const QByteArray expected = "Basic " + (u"alice:"_s + password).toUtf8().toBase64();
    for (const TestProxy::Seen &seen : proxy.seen()) {
        QVERIFY2(seen.requestLine.startsWith("POST " + m_emulator.endpoint().toLatin1() + "/ "),
                 seen.requestLine.constData());
        QCOMPARE(seen.proxyAuthorization, expected);
        QVERIFY(!seen.refused);
    }
}

void tst_Cli::proxy_wrongPassword_namesProxyAnd407()
{
    TestProxy proxy;
    proxy.requireCredentials(u"alice"_s, u"right"_s);
    QProcessEnvironment environment = m_environment;
    environment.insert(u"http_proxy"_s, proxy.url(u"alice"_s, u"hunter2"_s));
    environment.insert(u"no_proxy"_s, u"example.com"_s);
    const Run run = runCliServing(
            listArgs(m_emulator.endpoint()) + QStringList{u"--catalog"_s, u"AWS"_s}, environment);
    QCOMPARE(run.exitCode, 255);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains("127.0.0.1:" + QByteArray::number(proxy.port())),
             run.err.constData());
    QVERIFY2(run.err.contains("407"), run.err.constData());
    QVERIFY2(!run.err.contains("hunter2"), run.err.constData());
    QVERIFY(!proxy.seen().isEmpty());
    for (const TestProxy::Seen &seen : proxy.seen()) {
        QVERIFY(seen.refused);
    }
}

void tst_Cli::proxy_remoteProxyForPlainEndpoint_refused()
{
    QProcessEnvironment environment = m_environment;
    environment.insert(u"HTTP_PROXY"_s, u"http://alice:hunter2@proxy.example.com:3128"_s);
    environment.insert(u"NO_PROXY"_s, QString());
    const Run run = runCli(listArgs(m_emulator.endpoint()) + QStringList{u"--catalog"_s, u"AWS"_s},
                           environment);
    QCOMPARE(run.exitCode, 253);
    QVERIFY2(run.err.contains("proxy.example.com:3128"), run.err.constData());
    QVERIFY2(!run.err.contains("hunter2"), run.err.constData());
}

void tst_Cli::proxy_httpsTunnelTrustedByCaBundle()
{
    TestServer server(selfSignedServerConfiguration());
    server.setDefaultResponse(ScriptedResponse::page({u"O1234567890123"_s}));
    TestProxy proxy;
    const QString bundle = m_home.filePath(u"test-ca.pem"_s);
    QFile file(bundle);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(SelfSignedCertificate);
    file.close();
    QProcessEnvironment environment = m_environment;
    environment.insert(u"HTTPS_PROXY"_s, proxy.url());
    environment.insert(u"NO_PROXY"_s, QString());
    const QStringList arguments
            = listArgs(server.url().toString())
              + QStringList{u"--catalog"_s, u"AWS"_s, u"--max-concurrency"_s, u"1"_s};

    // Untrusted without the bundle: the host and the reason, not retried.
    Run run = runCliServing(arguments, environment);
    QCOMPARE(run.exitCode, 255);
    QVERIFY2(run.err.contains("127.0.0.1") && run.err.contains("self-signed"), run.err.constData());
    QCOMPARE(server.requestCount(), 0);

    environment.insert(u"AWS_CA_BUNDLE"_s, bundle);
    run = runCliServing(arguments, environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(jsonIds(run.out), QStringList{u"O1234567890123"_s});
    QVERIFY(server.requestCount() >= 1);
    QVERIFY(server.request(0).header("Authorization").startsWith("AWS4-HMAC-SHA256"));
    for (const TestProxy::Seen &seen : proxy.seen()) {
        QCOMPARE(seen.requestLine,
                 "CONNECT 127.0.0.1:" + QByteArray::number(server.port()) + " HTTP/1.1");
    }
}

void tst_Cli::caBundle_unreadable_configurationError()
{
    const QString missing = m_home.filePath(u"missing-ca.pem"_s);
    const Run run = runCli(listArgs(m_emulator.endpoint())
                           + QStringList{u"--catalog"_s, u"AWS"_s, u"--ca-bundle"_s, missing});
    QCOMPARE(run.exitCode, 253);
    QVERIFY2(run.err.contains(missing.toUtf8()) && run.err.contains("--ca-bundle"),
             run.err.constData());
}

PipelineAggregate tst_Cli::expectedPipeline(const QString &catalog, const QByteArray &requestJson)
{
    QByteArray served;
    Pd::Emulator::EmulatorServer *server = m_reference.server();
    QMetaObject::invokeMethod(
            server, [&] { served = server->dataJson(catalog); }, Qt::BlockingQueuedConnection);
    ListOpportunitiesResponse response;
    QString error;
    if (!ListOpportunitiesResponse::parse(served, &response, &error)) {
        qWarning() << "unreadable reference data:" << error;
        return {};
    }
    const QStringList ids = expectedIds(requestJson);
    QList<OpportunitySummary> rows;
    for (const OpportunitySummary &summary : std::as_const(response.opportunitySummaries)) {
        if (ids.contains(summary.id)) {
            rows.append(summary);
        }
    }
    return PipelineAggregate::compute(rows, QDate::currentDate());
}

void tst_Cli::pipeline_reportsTheListedRows_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("catalog");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("format");

    const auto json = int(PipelineReport::Format::Json);
    QTest::newRow("all, json") << QStringList{u"--catalog"_s, u"AWS"_s} << u"AWS"_s
                               << QByteArray(R"({"Catalog":"AWS"})") << json;
    QTest::newRow("stages, csv")
            << QStringList{u"--catalog"_s, u"AWS"_s,         u"--life-cycle-stage"_s,
                           u"Prospect"_s,  u"Closed Lost"_s, u"--output"_s,
                           u"csv"_s}
            << u"AWS"_s
            << QByteArray(R"({"Catalog":"AWS","LifeCycleStage":["Prospect","Closed Lost"]})")
            << int(PipelineReport::Format::Csv);
    QTest::newRow("review status, markdown, sequential")
            << QStringList{u"--output=markdown"_s,
                           u"--catalog"_s,
                           u"Sandbox"_s,
                           u"--life-cycle-review-status"_s,
                           u"Approved"_s,
                           u"--max-concurrency"_s,
                           u"1"_s,
                           u"--page-size"_s,
                           u"7"_s}
            << u"Sandbox"_s
            << QByteArray(R"({"Catalog":"Sandbox","LifeCycleReviewStatus":["Approved"]})")
            << int(PipelineReport::Format::Markdown);
    QTest::newRow("nothing matches, json")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"--identifier"_s, u"O1"_s} << u"AWS"_s
            << QByteArray(R"({"Catalog":"AWS","Identifier":["O1"]})") << json;
}

void tst_Cli::pipeline_reportsTheListedRows()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, catalog);
    QFETCH(QByteArray, request);
    QFETCH(int, format);

    const Run run = runCli(QStringList{u"pipeline"_s, u"--endpoint-url"_s, m_emulator.endpoint()}
                           + arguments);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const PipelineAggregate expected = expectedPipeline(catalog, request);
    QCOMPARE(expected.count, qint64(expectedIds(request).size()));
    switch (PipelineReport::Format(format)) {
    case PipelineReport::Format::Json: {
        QCOMPARE(run.out, PipelineReport::toJson(expected));
        const QJsonObject report = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(report.value(u"Count").toInteger(), expected.count);
        QCOMPARE(report.value(u"ByTargetCloseMonth").toArray().size(), 14);
        break;
    }
    case PipelineReport::Format::Csv:
        QCOMPARE(run.out, PipelineReport::toCsv(expected));
        QCOMPARE(csvRecords(run.out).first().size(), 7);
        break;
    case PipelineReport::Format::Markdown:
        QCOMPARE(run.out, PipelineReport::toMarkdown(expected));
        QVERIFY(run.out.contains("\n## ClosedLostReasons\n"));
        break;
    }
}

void tst_Cli::pipeline_partialListingOrBadOutput_refused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::newRow("max items") << QStringList{u"--max-items"_s, u"5"_s} << 2 << u"--max-items"_s;
    QTest::newRow("no paginate") << QStringList{u"--no-paginate"_s} << 2 << u"--no-paginate"_s;
    QTest::newRow("next token") << QStringList{u"--next-token=abc"_s} << 2 << u"--next-token"_s;
    QTest::newRow("max results in input json")
            << QStringList{u"--cli-input-json"_s, uR"({"MaxResults":5})"_s} << 2
            << u"every matching opportunity"_s;
    QTest::newRow("output yaml") << QStringList{u"--output"_s, u"yaml"_s} << 2
                                 << u"json | csv | markdown"_s;
    QTest::newRow("bad stage") << QStringList{u"--life-cycle-stage"_s, u"Won"_s} << 252
                               << u"LifeCycleStage"_s;
}

void tst_Cli::pipeline_partialListingOrBadOutput_refused()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    const qint64 logSizeBefore = QFileInfo(m_logFile).size();
    const Run run = runCli(QStringList{u"pipeline"_s, u"--endpoint-url"_s, m_emulator.endpoint(),
                                       u"--catalog"_s, u"AWS"_s}
                           + arguments);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    // The emulator logs every request it receives: nothing arrived.
    QCOMPARE(QFileInfo(m_logFile).size(), logSizeBefore);
}

void tst_Cli::pipeline_help_describesTheSections()
{
    const Run run = runCli({u"pipeline"_s, u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    for (const char *section :
         {"ByStageAndReviewStatus", "MonthlySpendByStageAndCurrency", "SpendEntriesSkipped",
          "ByTargetCloseMonth", "ByAge", "ClosedLostReasons", "--output json|csv|markdown"}) {
        QVERIFY2(run.out.contains(section), section);
    }
    QCOMPARE(runCli({u"help"_s, u"pipeline"_s}).out, run.out);
}

void tst_Cli::getOpportunity_printsTheResponseAsTheAwsCliDoes()
{
    int summaries = 0;
    for (const QString &id : m_allAwsIds.mid(0, 6)) {
        const Run run = runCli({u"get-opportunity"_s, u"--catalog"_s, u"AWS"_s, u"--identifier"_s,
                                id, u"--endpoint-url"_s, m_emulator.endpoint()});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.err.isEmpty(), run.err.constData());
        GetOpportunityResponse response;
        QString error;
        QVERIFY2(GetOpportunityResponse::parse(run.out, &response, &error), qPrintable(error));
        QCOMPARE(response.id, id);
        QVERIFY(response.project && !response.project->title.isNull());
        // `aws … --output json`: json.dumps(indent=4, ensure_ascii=False) and a line break.
        QCOMPARE(run.out, response.toJson(4) + '\n');
        QVERIFY(run.out.startsWith("{\n    \"Catalog\": \"AWS\",\n"));

        const Run aws = runCli({u"get-aws-opportunity-summary"_s, u"--catalog=AWS"_s,
                                u"--related-opportunity-identifier"_s, id, u"--endpoint-url"_s,
                                m_emulator.endpoint()});
        if (aws.exitCode == 0) {
            GetAwsOpportunitySummaryResponse summary;
            QVERIFY(GetAwsOpportunitySummaryResponse::parse(aws.out, &summary, &error));
            QCOMPARE(summary.relatedOpportunityId, id);
            QCOMPARE(aws.out, summary.toJson(4) + '\n');
            ++summaries;
        } else {
            QCOMPARE(aws.exitCode, 254);
            QVERIFY(aws.out.isEmpty());
            QVERIFY2(aws.err.contains("An error occurred (ResourceNotFoundException) when calling "
                                      "the GetAwsOpportunitySummary operation: "),
                     aws.err.constData());
        }
    }
    QVERIFY(summaries > 0);
}

void tst_Cli::getOpportunity_errorsAndExitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("sent");
    QTest::newRow("identifier not O + digits")
            << QStringList{u"get-opportunity"_s, u"--catalog"_s, u"AWS"_s, u"--identifier"_s,
                           u"1234"_s}
            << 252 << "  - Identifier: "_ba << false;
    QTest::newRow("no catalog") << QStringList{u"get-aws-opportunity-summary"_s,
                                               u"--related-opportunity-identifier"_s, u"O1"_s}
                                << 252 << "  - Catalog: "_ba << false;
    QTest::newRow("no identifier") << QStringList{u"get-opportunity"_s, u"--catalog"_s, u"AWS"_s}
                                   << 252 << "  - Identifier: "_ba << false;
    QTest::newRow("the other command's identifier option")
            << QStringList{u"get-opportunity"_s, u"--catalog"_s, u"AWS"_s,
                           u"--related-opportunity-identifier"_s, u"O1"_s}
            << 2 << "Unknown options: --related-opportunity-identifier"_ba << false;
    QTest::newRow("--output csv") << QStringList{u"get-opportunity"_s,
                                                 u"--catalog"_s,
                                                 u"AWS"_s,
                                                 u"--identifier"_s,
                                                 u"O1"_s,
                                                 u"--output"_s,
                                                 u"csv"_s}
                                  << 2 << "argument --output: Invalid choice 'csv'"_ba << false;
    QTest::newRow("--cli-input-json with an unknown member")
            << QStringList{u"get-opportunity"_s, u"--cli-input-json"_s,
                           uR"({"Catalog":"AWS","Identifier":"O1","Id":"O2"})"_s}
            << 252 << "Unknown parameter in input: \"Id\", must be one of: Catalog, Identifier"_ba
            << false;
    QTest::newRow("--cli-input-json not an object")
            << QStringList{u"get-aws-opportunity-summary"_s, u"--cli-input-json"_s, u"[1]"_s} << 252
            << "the input must be a JSON object"_ba << false;
    QTest::newRow("unknown opportunity")
            << QStringList{u"get-opportunity"_s, u"--catalog"_s, u"AWS"_s, u"--identifier"_s,
                           u"O999999999"_s}
            << 254
            << "An error occurred (ResourceNotFoundException) when calling the GetOpportunity "
               "operation: "_ba
            << true;
}

void tst_Cli::getOpportunity_errorsAndExitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);
    QFETCH(bool, sent);
    const qint64 sizeBefore = QFile(m_logFile).size();
    const Run run = runCli(arguments + QStringList{u"--endpoint-url"_s, m_emulator.endpoint()});
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(message), run.err.constData());
    // The emulator logs every request it receives.
    QCOMPARE(QFile(m_logFile).size() > sizeBefore, sent);
}

void tst_Cli::getOpportunity_deniedIsAccessDeniedWhileListingWorks()
{
    EmulatorProcess denied;
    QString error;
    QVERIFY2(denied.start({u"--deny-operation"_s, u"GetOpportunity"_s}, &error), qPrintable(error));
    const Run run = runCli({u"get-opportunity"_s, u"--catalog"_s, u"AWS"_s, u"--identifier"_s,
                            m_allAwsIds.first(), u"--endpoint-url"_s, denied.endpoint()});
    QCOMPARE(run.exitCode, 254);
    QVERIFY2(run.err.contains("An error occurred (AccessDeniedException) when calling the "
                              "GetOpportunity operation: "),
             run.err.constData());
    QVERIFY(run.err.contains("partnercentral:GetOpportunity"));
    const Run listing = runCli(listArgs(denied.endpoint())
                               + QStringList{u"--catalog"_s, u"AWS"_s, u"--max-items"_s, u"3"_s});
    QVERIFY2(listing.exitCode == 0, listing.err.constData());
}

void tst_Cli::getOpportunity_demoAndHelp()
{
    QProcessEnvironment environment = m_environment;
    environment.remove(u"AWS_ACCESS_KEY_ID"_s);
    environment.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    const QString id = Pd::Emulator::DatasetGenerator::identifier(u"AWS"_s, 0);
    const Run run = runCli({u"get-opportunity"_s, u"--demo"_s, u"--identifier"_s, id}, environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("\"Id\": \"" + id.toUtf8() + "\""));
    // The request as JSON, from a file; an explicit option overrides its member.
    QFile input(m_home.filePath(u"get-opportunity.json"_s));
    QVERIFY(input.open(QIODevice::WriteOnly));
    input.write(R"({"Catalog":"AWS","Identifier":"O1"})");
    input.close();
    const Run fromFile = runCli({u"get-opportunity"_s, u"--demo"_s, u"--cli-input-json"_s,
                                 u"file://"_s + input.fileName(), u"--identifier"_s, id},
                                environment);
    QVERIFY2(fromFile.exitCode == 0, fromFile.err.constData());
    QCOMPARE(fromFile.out, run.out);

    const Run help = runCli({u"get-aws-opportunity-summary"_s, u"--help"_s});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--related-opportunity-identifier"));
    QVERIFY(help.out.contains("partnercentral:GetAwsOpportunitySummary"));
    QCOMPARE(runCli({u"help"_s, u"get-aws-opportunity-summary"_s}).out, help.out);
}

void tst_Cli::sync_printsItsCountsAsJsonOrText()
{
    QTemporaryDir dir;
    const QString store = dir.filePath(u"s.sqlite"_s);
    const QStringList sync{
            u"sync"_s,           u"--catalog"_s,        u"AWS"_s,       u"--store"_s, store,
            u"--endpoint-url"_s, m_emulator.endpoint(), u"--max-rps"_s, u"0"_s};
    Run run = runCli(sync + QStringList{u"--output"_s, u"json"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(report.value(u"new"_s).toInt(), AwsCount);
    QCOMPARE(report.value(u"changed"_s).toInt(-1), 0);
    QCOMPARE(report.value(u"removed"_s).toInt(-1), 0);
    QCOMPARE(report.value(u"unchanged"_s).toInt(-1), 0);
    QVERIFY(report.value(u"pages"_s).toInt() >= AwsCount / 100);
    QVERIFY(report.value(u"requests"_s).toInt() >= report.value(u"pages"_s).toInt());
    QVERIFY(report.value(u"durationMs"_s).isDouble());
    QVERIFY(Model::parseDateTime(report.value(u"watermark"_s).toString()).isValid());
    QCOMPARE(report.value(u"mode"_s).toString(), u"full"_s);

    run = runCli(sync);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith("Synced catalog AWS (incremental) into "), run.out.constData());
    QVERIFY2(run.out.contains(": 0 new, 0 changed, 0 removed, "), run.out.constData());
    QVERIFY2(run.out.contains(report.value(u"watermark"_s).toString().toUtf8()),
             run.out.constData());

    // Another catalog never goes into the same file.
    QStringList sandbox = sync;
    sandbox[2] = u"Sandbox"_s;
    run = runCli(sandbox);
    QCOMPARE(run.exitCode, 255);
    QVERIFY2(run.err.contains("Sandbox"), run.err.constData());

    run = runCli({u"sync"_s, u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                  u"SortBy=Identifier,SortOrder=ASCENDING"_s});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(runCli({u"sync"_s, u"--help"_s}).exitCode, 0);
}

void tst_Cli::fromStore_sameOutputAsTheLiveListing_data()
{
    QTest::addColumn<QStringList>("arguments");
    for (const QString &key : Model::sortKeys()) {
        for (const QString &order : Model::sortOrders()) {
            QTest::addRow("%s %s", qPrintable(key), qPrintable(order))
                    << QStringList{u"--sort"_s, u"SortBy=%1,SortOrder=%2"_s.arg(key, order)};
        }
    }
    QTest::addRow("no sort") << QStringList();
    QTest::addRow("company names")
            << QStringList{u"--customer-company-name"_s, u"acme"_s, u"GMBH"_s, u"--sort"_s,
                           u"SortBy=CustomerCompanyName,SortOrder=DESCENDING"_s};
    QTest::addRow("stages and review statuses")
            << QStringList{u"--life-cycle-stage"_s,         u"Qualified"_s, u"Closed Lost"_s,
                           u"--life-cycle-review-status"_s, u"Approved"_s,  u"In review"_s};
    QTest::addRow("dates") << QStringList{
            u"--last-modified-date"_s,
            u"AfterLastModifiedDate=2025-01-01T00:00:00Z"_s,
            u"--created-date"_s,
            u"AfterCreatedDate=2024-01-01,BeforeCreatedDate=2025-06-01T12:00:00.5Z"_s,
            u"--sort"_s,
            u"SortBy=CreatedDate,SortOrder=ASCENDING"_s};
    QTest::addRow("close dates") << QStringList{
            u"--target-close-date"_s,
            u"AfterTargetCloseDate=2026-01-01,BeforeTargetCloseDate=2027-01-01"_s};
}

void tst_Cli::fromStore_sameOutputAsTheLiveListing()
{
    QFETCH(QStringList, arguments);
    const QString store = m_home.filePath(u"listing-store.sqlite"_s);
    if (!QFile::exists(store)) {
        QCOMPARE(runCli({u"sync"_s, u"--catalog"_s, u"AWS"_s, u"--store"_s, store,
                         u"--endpoint-url"_s, m_emulator.endpoint(), u"--max-rps"_s, u"0"_s})
                         .exitCode,
                 0);
    }
    const QStringList common
            = QStringList{u"--catalog"_s, u"AWS"_s, u"--output"_s, u"csv"_s} + arguments;
    const Run live = runCli(listArgs(m_emulator.endpoint()) + common);
    QCOMPARE(live.exitCode, 0);
    // No credentials, and nothing to connect to.
    QProcessEnvironment offline = m_environment;
    offline.remove(u"AWS_ACCESS_KEY_ID"_s);
    offline.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    const Run local = runCli(
            QStringList{u"list-opportunities"_s, u"--from-store"_s, u"--store"_s, store} + common,
            offline);
    QCOMPARE(local.exitCode, 0);
    QVERIFY(csvRecords(live.out).size() > 1);
    QCOMPARE(local.out, live.out);
}

void tst_Cli::fromStore_pagesLikeTheService()
{
    const QString store = m_home.filePath(u"paging-store.sqlite"_s);
    QCOMPARE(runCli({u"sync"_s, u"--catalog"_s, u"AWS"_s, u"--store"_s, store, u"--endpoint-url"_s,
                     m_emulator.endpoint(), u"--max-rps"_s, u"0"_s})
                     .exitCode,
             0);
    const QStringList local{u"list-opportunities"_s, u"--catalog"_s, u"AWS"_s,
                            u"--from-store"_s,       u"--store"_s,   store};
    QString token;
    Run run = runCli(local + QStringList{u"--max-items"_s, u"7"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(jsonIds(run.out, &token), m_allAwsIds.mid(0, 7));
    QVERIFY(!token.isEmpty());
    run = runCli(local + QStringList{u"--starting-token"_s, token, u"--max-items"_s, u"5"_s});
    QCOMPARE(jsonIds(run.out, &token), m_allAwsIds.mid(7, 5));
    run = runCli(local + QStringList{u"--max-results"_s, u"4"_s});
    QCOMPARE(jsonIds(run.out, &token), m_allAwsIds.mid(0, 4));
    QCOMPARE(token, u"4"_s);
    run = runCli(local + QStringList{u"--max-results"_s, u"4"_s, u"--next-token"_s, token});
    QCOMPARE(jsonIds(run.out), m_allAwsIds.mid(4, 4));
    run = runCli(local + QStringList{u"--next-token"_s, u"not-a-local-token"_s});
    QCOMPARE(run.exitCode, 252);

    run = runCli({u"list-opportunities"_s, u"--catalog"_s, u"AWS"_s, u"--from-store"_s,
                  u"--store"_s, m_home.filePath(u"no-such-store.sqlite"_s)});
    QCOMPARE(run.exitCode, 255);
    QVERIFY2(run.err.contains("partnerdesk-cli sync"), run.err.constData());
    QVERIFY(runCli({u"--help"_s}).out.contains("case-insensitive substring"));
}

void tst_Cli::changes_listTheJournal()
{
    EmulatorThread emulator;
    EmulatorOptions options;
    options.accessKey = AccessKey;
    options.secretKey = SecretKey;
    options.count = 400;
    options.sandboxCount = 0;
    QString error;
    QVERIFY2(emulator.start(options, &error), qPrintable(error));
    QTemporaryDir dir;
    const QString store = dir.filePath(u"s.sqlite"_s);
    const QStringList sync{u"sync"_s,
                           u"--catalog"_s,
                           u"AWS"_s,
                           u"--store"_s,
                           store,
                           u"--endpoint-url"_s,
                           emulator.endpoint().toString()};
    QCOMPARE(runCli(sync).exitCode, 0);
    const Pd::Emulator::ChurnResult churn = emulator.churn(u"AWS"_s, {3, 2, 1});
    QCOMPARE(runCli(sync + QStringList{u"--full"_s}).exitCode, 0);

    const QStringList changes{u"changes"_s, u"--catalog"_s, u"AWS"_s, u"--store"_s, store};
    Run run = runCli(changes);
    QCOMPARE(run.exitCode, 0);
    const QJsonArray entries = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(entries.size(), 6);
    QMap<QString, QString> kinds;
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const QStringList keys = entry.keys();
        QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()),
                 QSet<QString>({u"Id"_s, u"Change"_s, u"SyncedAt"_s, u"LastModifiedDate"_s,
                                u"Fields"_s}));
        QVERIFY(Model::parseDateTime(entry.value(u"SyncedAt"_s).toString()).isValid());
        kinds.insert(entry.value(u"Id"_s).toString(), entry.value(u"Change"_s).toString());
        const QJsonObject fields = entry.value(u"Fields"_s).toObject();
        if (entry.value(u"Change"_s) == u"changed"_s) {
            const QJsonObject stage = fields.value(u"LifeCycle.Stage"_s).toObject();
            QVERIFY(stage.contains(u"old"_s) && stage.contains(u"new"_s));
            QVERIFY(stage.value(u"old"_s) != stage.value(u"new"_s));
            QCOMPARE(fields.value(u"LastModifiedDate"_s).toObject().value(u"new"_s),
                     entry.value(u"LastModifiedDate"_s));
        } else {
            QVERIFY(fields.isEmpty());
        }
    }
    for (const QString &id : churn.modifiedIds) {
        QCOMPARE(kinds.value(id), u"changed"_s);
    }
    for (const QString &id : churn.createdIds) {
        QCOMPARE(kinds.value(id), u"new"_s);
    }
    QCOMPARE(kinds.value(churn.removedIds.first()), u"removed"_s);

    run = runCli(changes + QStringList{u"--output"_s, u"csv"_s, u"--last"_s, u"3"_s});
    QCOMPARE(run.exitCode, 0);
    const QList<QStringList> records = csvRecords(run.out);
    QCOMPARE(records.first(), QStringList({u"SyncedAt"_s, u"Id"_s, u"Change"_s,
                                           u"LastModifiedDate"_s, u"Field"_s, u"Old"_s, u"New"_s}));
    QVERIFY(records.size() > 6);
    run = runCli(changes + QStringList{u"--since"_s, u"2099-01-01"_s});
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 0);
    run = runCli(changes + QStringList{u"--since"_s, u"1h"_s});
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 6);
    QCOMPARE(runCli(changes + QStringList{u"--since"_s, u"1h"_s, u"--last"_s, u"2"_s}).exitCode, 2);
    QCOMPARE(runCli(changes + QStringList{u"--since"_s, u"yesterday"_s}).exitCode, 252);
}

void tst_Cli::pipeline_fromStore_sameReportAsTheService()
{
    QTemporaryDir dir;
    const QString store = dir.filePath(u"s.sqlite"_s);
    QCOMPARE(runCli({u"sync"_s, u"--catalog"_s, u"AWS"_s, u"--store"_s, store, u"--endpoint-url"_s,
                     m_emulator.endpoint(), u"--max-rps"_s, u"0"_s})
                     .exitCode,
             0);
    // No credentials, and nothing to connect to.
    QProcessEnvironment offline = m_environment;
    offline.remove(u"AWS_ACCESS_KEY_ID"_s);
    offline.remove(u"AWS_SECRET_ACCESS_KEY"_s);
    for (const QStringList &filter :
         {QStringList(), QStringList{u"--life-cycle-stage"_s, u"Qualified"_s, u"Launched"_s}}) {
        const QStringList common = QStringList{u"--catalog"_s, u"AWS"_s} + filter;
        const Run live = runCli(
                QStringList{u"pipeline"_s, u"--endpoint-url"_s, m_emulator.endpoint()} + common);
        QCOMPARE(live.exitCode, 0);
        const Run local = runCli(QStringList{u"pipeline"_s, u"--from-store"_s, u"--store"_s, store}
                                         + common,
                                 offline);
        QVERIFY2(local.exitCode == 0, local.err.constData());
        QVERIFY(QJsonDocument::fromJson(local.out).object().value(u"Count").toInteger() > 0);
        QCOMPARE(local.out, live.out);
    }
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
