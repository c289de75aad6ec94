// `list-opportunities --with-details` (DetailedListingCommand) against the emulator over
// loopback, with a real SQLite local copy in a temporary folder: the detail columns in CSV and
// the Details member in JSON, details kept and not fetched again for an unchanged opportunity,
// fetched again after a change, the count of calls on stderr, a denied GetOpportunity failing
// like a listing, and --from-store refused.
#include "awsclient.h"
#include "clioptions.h"
#include "csvreader.h"
#include "detailedlistingcommand.h"
#include "emulatorserver.h"
#include "getopportunity.h"
#include "opportunitystoredb.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

class tst_DetailedListing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void csvAddsTheDetailColumnsAndKeepsThem();
    void changedOpportunitiesAreFetchedAgain();
    void jsonHasADetailsMember();
    void deniedGetOpportunityFailsLikeAListing();
    void fromStoreIsRefused();

private:
    struct Run
    {
        int exitCode = -1;
        int calls = 0;
        int kept = 0;
        QByteArray out;
        QString err;
    };
    void startServer(const QStringList &denied = {});
    Run run(const QStringList &arguments, OpportunityStoreDb *store);

    QTemporaryDir m_dir;
    std::unique_ptr<EmulatorServer> m_server;
    std::unique_ptr<AwsClient> m_client;
    int m_getRequests = 0;
};

void tst_DetailedListing::init()
{
    m_getRequests = 0;
}

void tst_DetailedListing::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void tst_DetailedListing::startServer(const QStringList &denied)
{
    EmulatorOptions options;
    options.secretKey = u"detailed-listing-test"_s;
    options.count = 25;
    options.sandboxCount = 0;
    options.deniedOperations = denied;
    m_server = std::make_unique<EmulatorServer>();
    QString problem;
    QVERIFY2(m_server->start(options, &problem), qPrintable(problem));
    ClientConfig config;
    config.endpoint = m_server->endpoint();
    config.maxRequestsPerSecond = 0;
    config.retry.maxAttempts = 1;
    m_client = std::make_unique<AwsClient>(
            config, std::make_shared<StaticCredentialsProvider>(m_server->credentials(), u"t"_s));
    connect(m_client.get(), &AwsClient::requestSent, this, [this](const QString &operation) {
        m_getRequests += operation == "GetOpportunity"_L1 ? 1 : 0;
    });
}

tst_DetailedListing::Run tst_DetailedListing::run(const QStringList &arguments,
                                                  OpportunityStoreDb *store)
{
    Run result;
    CliError error;
    const std::optional<CliOptions> options = CliOptions::parse(
            QStringList{u"list-opportunities"_s, u"--catalog"_s, u"AWS"_s, u"--with-details"_s}
                    + arguments,
            &error);
    if (!options) {
        result.err = error.message;
        result.exitCode = int(error.exitCode);
        return result;
    }
    QBuffer out(&result.out);
    QByteArray errBytes;
    QBuffer err(&errBytes);
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    DetailedListingCommand command(*options, m_client.get(), &out, &err);
    command.setStore(store);
    QSignalSpy finished(&command, &DetailedListingCommand::finished);
    command.start();
    if (!finished.wait(30000)) {
        return result;
    }
    result.exitCode = finished.at(0).at(0).toInt();
    result.calls = command.callsMade();
    result.kept = command.keptUsed();
    result.err = QString::fromUtf8(errBytes);
    return result;
}

void tst_DetailedListing::csvAddsTheDetailColumnsAndKeepsThem()
{
    startServer();
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(m_dir.filePath(u"csv.sqlite"_s),
                        StoreKey{u"AKID"_s, m_server->endpoint().toString(), u"AWS"_s}, &error),
             qPrintable(error));
    const Run first = run({u"--output"_s, u"csv"_s}, &store);
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(first.calls, 25);
    QCOMPARE(m_getRequests, 25);
    QVERIFY2(first.err.contains(u"25 GetOpportunity call(s) made, 0 taken from the local copy"_s),
             qPrintable(first.err));
    QList<QStringList> records;
    QString csvError;
    QVERIFY2(CsvReader::parse(first.out, &records, &csvError), qPrintable(csvError));
    QCOMPARE(records.size(), 26);
    const QStringList header = records.first();
    const qsizetype title = header.indexOf(u"Title"_s);
    QCOMPARE(title, qsizetype(OpportunityFieldCount));
    QCOMPARE(header.mid(title), DetailedListingCommand::detailColumns());
    // The Title of a row is its GetOpportunity answer's.
    GetOpportunityCall call(m_client.get(), {u"AWS"_s, records.at(5).first()});
    QSignalSpy done(&call, &OperationCall::finished);
    call.start();
    QVERIFY(done.wait());
    QCOMPARE(records.at(5).at(title), call.response().project->title);
    QCOMPARE(records.at(5).at(title + 1),
             call.response().opportunityTeam->first().firstName + u' '
                     + call.response().opportunityTeam->first().lastName);
    m_getRequests = 0;

    const Run second = run({u"--output"_s, u"csv"_s}, &store);
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.calls, 0);
    QCOMPARE(second.kept, 25);
    QCOMPARE(m_getRequests, 0);
    QCOMPARE(second.out, first.out);
    QVERIFY(second.err.contains(u"0 GetOpportunity call(s) made, 25 taken"_s));
}

void tst_DetailedListing::changedOpportunitiesAreFetchedAgain()
{
    startServer();
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(m_dir.filePath(u"changed.sqlite"_s),
                        StoreKey{u"AKID"_s, m_server->endpoint().toString(), u"AWS"_s}, &error),
             qPrintable(error));
    QCOMPARE(run({u"--output"_s, u"csv"_s}, &store).calls, 25);
    const ChurnResult churn = m_server->churn(u"AWS"_s, ChurnStep{4, 0, 0});
    QCOMPARE(churn.modifiedIds.size(), 4);
    const Run again = run({u"--output"_s, u"csv"_s}, &store);
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.calls, 4);
    QCOMPARE(again.kept, 21);
    // Without a local copy everything is fetched, and nothing is kept.
    QCOMPARE(run({u"--output"_s, u"csv"_s}, nullptr).calls, 25);
}

void tst_DetailedListing::jsonHasADetailsMember()
{
    startServer();
    const Run result = run({u"--max-items"_s, u"5"_s}, nullptr);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.calls, 5);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(result.out, &parseError);
    QVERIFY2(!document.isNull(), qPrintable(parseError.errorString()));
    const QJsonArray summaries = document.object().value("OpportunitySummaries"_L1).toArray();
    QCOMPARE(summaries.size(), 5);
    for (const QJsonValue &value : summaries) {
        const QJsonObject summary = value.toObject();
        const QJsonObject details = summary.value("Details"_L1).toObject();
        QCOMPARE(details.value("Id"_L1), summary.value("Id"_L1));
        QCOMPARE(details.value("LastModifiedDate"_L1), summary.value("LastModifiedDate"_L1));
        QVERIFY(!details.value("Project"_L1).toObject().value("Title"_L1).toString().isEmpty());
    }
    QVERIFY(result.out.startsWith("{\n    \"OpportunitySummaries\": [\n        {\n"));
}

void tst_DetailedListing::deniedGetOpportunityFailsLikeAListing()
{
    startServer({u"GetOpportunity"_s});
    const Run result = run({u"--output"_s, u"csv"_s}, nullptr);
    QCOMPARE(result.exitCode, int(CliExitCode::ServiceError));
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains(u"An error occurred (AccessDeniedException) when calling the "
                                 "GetOpportunity operation"_s),
             qPrintable(result.err));
    QVERIFY(result.err.contains(u"partnercentral:GetOpportunity"_s));
}

void tst_DetailedListing::fromStoreIsRefused()
{
    CliError error;
    QVERIFY(!CliOptions::parse({u"list-opportunities"_s, u"--with-details"_s, u"--from-store"_s},
                               &error));
    QCOMPARE(error.exitCode, CliExitCode::Usage);
    QVERIFY(error.message.contains(u"--with-details"_s));
}

QTEST_GUILESS_MAIN(tst_DetailedListing)
#include "tst_detailedlisting.moc"
