#include "awsclicommand.h"
#include "awsclient.h"
#include "emulatorthread.h"
#include "opportunitymodel.h"
#include "shellwords.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorThread;

namespace {

constexpr int WaitMs = 60000;
const QString AwsBin = u"/usr/bin/aws"_s;

ListOpportunitiesRequest request()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.maxResults = 50;
    request.lifeCycleStage = {u"Technical Validation"_s, u"Qualified"_s};
    request.sort = OpportunitySort{u"TargetCloseDate"_s, u"ASCENDING"_s};
    return request;
}

/// The command without its comment.
QString commandOnly(const QString &command)
{
    const qsizetype comment = command.indexOf(u"  # "_s);
    return comment < 0 ? command : command.left(comment);
}

} // namespace

class tst_AwsCliCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text();
    void wordsSplitBack();
    void localFiltersAsComment();
    void realCliListsTheSameIds_data();
    void realCliListsTheSameIds();
};

void tst_AwsCliCommand::text()
{
    QCOMPARE(
            AwsCliCommand::listOpportunities(request()),
            u"aws partnercentral-selling list-opportunities --catalog AWS --life-cycle-stage "
            "'Technical Validation' Qualified --sort SortBy=TargetCloseDate,SortOrder=ASCENDING"_s);
}

void tst_AwsCliCommand::wordsSplitBack()
{
    ListOpportunitiesRequest full = request();
    full.identifier = {u"O1"_s, u"O22"_s};
    full.lifeCycleReviewStatus = {u"Action Required"_s};
    full.customerCompanyName = {u"Smith's Tools"_s, u"Acme, Inc."_s};
    full.lastModifiedDate.after = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    full.createdDate.before = QDateTime(QDate(2026, 2, 1), QTime(), Qt::UTC);
    full.targetCloseDate = {u"2026-03-01"_s, u"2026-06-30"_s};
    QString error;
    const QStringList words = ShellWords::split(AwsCliCommand::listOpportunities(full), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(words,
             (QStringList{u"aws"_s,
                          u"partnercentral-selling"_s,
                          u"list-opportunities"_s,
                          u"--catalog"_s,
                          u"AWS"_s,
                          u"--identifier"_s,
                          u"O1"_s,
                          u"O22"_s,
                          u"--life-cycle-stage"_s,
                          u"Technical Validation"_s,
                          u"Qualified"_s,
                          u"--life-cycle-review-status"_s,
                          u"Action Required"_s,
                          u"--customer-company-name"_s,
                          u"[\"Smith's Tools\",\"Acme, Inc.\"]"_s,
                          u"--last-modified-date"_s,
                          u"AfterLastModifiedDate=2026-01-02T03:04:05Z"_s,
                          u"--created-date"_s,
                          u"BeforeCreatedDate=2026-02-01T00:00:00Z"_s,
                          u"--target-close-date"_s,
                          u"AfterTargetCloseDate=2026-03-01,BeforeTargetCloseDate=2026-06-30"_s,
                          u"--sort"_s,
                          u"SortBy=TargetCloseDate,SortOrder=ASCENDING"_s}));
}

void tst_AwsCliCommand::localFiltersAsComment()
{
    const QString command
            = AwsCliCommand::listOpportunities(request(), {u"Overdue"_s, u"Quick filter: acme"_s});
    QVERIFY(command.endsWith(
            u"SortOrder=ASCENDING  # local filters: Overdue; Quick filter: acme"_s));
    QString error;
    // bash would end the command at the comment; split() does not know comments.
    QVERIFY(ShellWords::split(commandOnly(command), &error).last().startsWith(u"SortBy="_s));
}

void tst_AwsCliCommand::realCliListsTheSameIds_data()
{
    QTest::addColumn<ListOpportunitiesRequest>("query");
    QTest::newRow("stages with a space, sorted") << request();
    ListOpportunitiesRequest dates;
    dates.catalog = u"AWS"_s;
    dates.lifeCycleReviewStatus = {u"Action Required"_s, u"Approved"_s};
    // Wide ranges: the point is that the CLI reads the shorthand as PartnerDesk sends it.
    dates.lastModifiedDate.after = QDateTime(QDate(2001, 2, 3), QTime(4, 5, 6), Qt::UTC);
    dates.createdDate.before = QDateTime(QDate(2099, 1, 1), QTime(), Qt::UTC);
    dates.targetCloseDate = {u"2001-01-01"_s, u"2099-12-31"_s};
    dates.sort = OpportunitySort{u"CustomerCompanyName"_s, u"DESCENDING"_s};
    QTest::newRow("review statuses, date ranges") << dates;
    ListOpportunitiesRequest sandbox;
    sandbox.catalog = u"Sandbox"_s;
    QTest::newRow("sandbox, service order") << sandbox;
}

void tst_AwsCliCommand::realCliListsTheSameIds()
{
    QFETCH(ListOpportunitiesRequest, query);
    const QString setup = QStringLiteral(PD_SHARED_DIR) + u"/peers/awscli/setup.sh"_s;
    if (!QFile::exists(AwsBin)) {
        QSKIP("The AWS CLI (/usr/bin/aws, Debian package awscli) is not installed.");
    }
    if (!QFile::exists(setup)) {
        QSKIP("The AWS CLI peer setup (peers/awscli/setup.sh in the shared folder) is missing.");
    }
    EmulatorOptions options;
    options.count = 400;
    options.sandboxCount = 60;
    options.seed = 17;
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(options, &error), qPrintable(error));

    // PartnerDesk lists the query.
    ClientConfig config;
    config.endpoint = emulator.endpoint();
    AwsClient client(
            config, std::make_shared<StaticCredentialsProvider>(emulator.credentials(), u"test"_s));
    OpportunityModel model;
    model.setClient(&client);
    model.setQuery(query);
    model.loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(!model.isBusy() && !model.hasMore(), WaitMs);
    QStringList expected;
    for (const OpportunitySummary &summary : model.summaries()) {
        expected.append(summary.id);
    }
    QVERIFY(!expected.isEmpty());

    // The AWS CLI runs the copied command, in a home of its own that knows the service model.
    QTemporaryDir state;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"AWS_PROFILE"_s, u"AWS_DEFAULT_PROFILE"_s, u"AWS_DATA_PATH"_s,
                                u"AWS_SESSION_TOKEN"_s, u"AWS_ENDPOINT_URL"_s}) {
        environment.remove(name);
    }
    environment.insert(u"AWSCLI_PEER_STATE"_s, state.path());
    environment.insert(u"AWS_BIN"_s, AwsBin);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(setup, {});
    QVERIFY(process.waitForFinished(WaitMs));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());

    QVERIFY(QDir(state.path()).mkpath(u"bin"_s));
    QVERIFY(QFile::link(AwsBin, state.filePath(u"bin/aws"_s)));
    environment.insert(u"PATH"_s, state.filePath(u"bin"_s) + u':' + environment.value(u"PATH"_s));
    environment.insert(u"HOME"_s, state.filePath(u"home"_s));
    environment.insert(u"AWS_CONFIG_FILE"_s, state.filePath(u"config-wire"_s));
    environment.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, state.filePath(u"credentials.empty"_s));
    environment.insert(u"AWS_PAGER"_s, QString());
    environment.insert(u"AWS_ACCESS_KEY_ID"_s, emulator.credentials().accessKeyId);
    environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, emulator.credentials().secretAccessKey);
    environment.insert(u"AWS_REGION"_s, u"us-east-1"_s);

    const QString command = AwsCliCommand::listOpportunities(query, {u"Overdue"_s});
    const QString script = commandOnly(command) + u" --endpoint-url "_s
                           + ShellWords::quote(emulator.endpoint().toString())
                           + u" --output json --query 'OpportunitySummaries[].Id'"_s
                           + command.mid(commandOnly(command).size());
    process.setProcessEnvironment(environment);
    process.start(u"bash"_s, {u"-c"_s, script});
    QVERIFY(process.waitForFinished(WaitMs));
    const QByteArray output = process.readAllStandardOutput();
    QVERIFY2(process.exitCode() == 0,
             qPrintable(script + u"\n"_s + QString::fromUtf8(process.readAllStandardError())));
    QStringList listed;
    for (const QJsonValue &id : QJsonDocument::fromJson(output).array()) {
        listed.append(id.toString());
    }
    QCOMPARE(listed, expected);
}

QTEST_GUILESS_MAIN(tst_AwsCliCommand)
#include "tst_awsclicommand.moc"
