#include "clioptions.h"
#include "paginationtoken.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Pd::Core::CliError;
using Pd::Core::CliExitCode;
using Pd::Core::CliOptions;
using Pd::Core::PaginationToken;

class tst_CliOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void request_data();
    void request();
    void refused_data();
    void refused();
    void pagination_data();
    void pagination();
    void connectionAndOutput();
    void helpAndVersion_data();
    void helpAndVersion();
    void help_listsEveryOptionAndExitCode();
    void paginationToken_roundTrip_data();
    void paginationToken_roundTrip();
    void paginationToken_matchesAwsCliEncoding();
    void paginationToken_foreignTextIsAServiceToken();

private:
    QTemporaryDir m_dir;
    QString m_inputFile;
};

void tst_CliOptions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_inputFile = m_dir.filePath(u"input.json"_s);
    QFile file(m_inputFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"Catalog": "Sandbox", "LifeCycleStage": ["Launched"],
                   "Sort": {"SortBy": "CreatedDate", "SortOrder": "ASCENDING"}})");
}

void tst_CliOptions::request_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected"); ///< the request body, as JSON

    const QString lo = u"list-opportunities"_s;
    QTest::newRow("catalog only, default page size") << QStringList{lo, u"--catalog"_s, u"AWS"_s}
                                                     << uR"({"Catalog":"AWS","MaxResults":100})"_s;
    QTest::newRow("option=value form") << QStringList{lo, u"--catalog=Sandbox"_s}
                                       << uR"({"Catalog":"Sandbox","MaxResults":100})"_s;
    QTest::newRow("options before the command") << QStringList{u"--catalog"_s, u"AWS"_s, lo}
                                                << uR"({"Catalog":"AWS","MaxResults":100})"_s;
    QTest::newRow("space-separated lists up to the next option")
            << QStringList{lo,
                           u"--life-cycle-stage"_s,
                           u"Prospect"_s,
                           u"Closed Lost"_s,
                           u"--catalog"_s,
                           u"AWS"_s,
                           u"--life-cycle-review-status"_s,
                           u"In review"_s,
                           u"Action Required"_s}
            << uR"({"Catalog":"AWS","MaxResults":100,"LifeCycleStage":["Prospect","Closed Lost"],
                   "LifeCycleReviewStatus":["In review","Action Required"]})"_s;
    QTest::newRow("JSON list")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--identifier"_s, uR"(["O1", "O22"])"_s}
            << uR"({"Catalog":"AWS","MaxResults":100,"Identifier":["O1","O22"]})"_s;
    QTest::newRow("company names with commas and spaces")
            << QStringList{lo,
                           u"--catalog"_s,
                           u"AWS"_s,
                           u"--customer-company-name"_s,
                           u"Acme, Inc."_s,
                           u"Müller GmbH"_s}
            << uR"({"Catalog":"AWS","MaxResults":100,
                   "CustomerCompanyName":["Acme, Inc.","Müller GmbH"]})"_s;
    QTest::newRow("sort shorthand")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                           u"SortBy=CustomerCompanyName,SortOrder=ASCENDING"_s}
            << uR"({"Catalog":"AWS","MaxResults":100,
                   "Sort":{"SortBy":"CustomerCompanyName","SortOrder":"ASCENDING"}})"_s;
    QTest::newRow("sort JSON")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                           uR"({"SortBy": "TargetCloseDate", "SortOrder": "DESCENDING"})"_s}
            << uR"({"Catalog":"AWS","MaxResults":100,
                   "Sort":{"SortBy":"TargetCloseDate","SortOrder":"DESCENDING"}})"_s;
    QTest::newRow("date filters in shorthand")
            << QStringList{lo,
                           u"--catalog"_s,
                           u"AWS"_s,
                           u"--last-modified-date"_s,
                           u"AfterLastModifiedDate=2026-01-01T00:00:00Z,"
                           "BeforeLastModifiedDate=2026-02-01T12:30:00.250Z"_s,
                           u"--created-date"_s,
                           u"BeforeCreatedDate=2026-03-01T01:00:00+01:00"_s,
                           u"--target-close-date"_s,
                           u"AfterTargetCloseDate=2026-06-01,BeforeTargetCloseDate=2026-12-31"_s}
            << uR"({"Catalog":"AWS","MaxResults":100,
                   "LastModifiedDate":{"AfterLastModifiedDate":"2026-01-01T00:00:00Z",
                                       "BeforeLastModifiedDate":"2026-02-01T12:30:00.250Z"},
                   "CreatedDate":{"BeforeCreatedDate":"2026-03-01T00:00:00Z"},
                   "TargetCloseDate":{"AfterTargetCloseDate":"2026-06-01",
                                      "BeforeTargetCloseDate":"2026-12-31"}})"_s;
    QTest::newRow("dates as the AWS CLI also accepts them")
            << QStringList{lo,
                           u"--catalog"_s,
                           u"AWS"_s,
                           u"--last-modified-date"_s,
                           u"AfterLastModifiedDate=2026-01-01,BeforeLastModifiedDate=1767312000"_s,
                           u"--created-date"_s,
                           uR"({"AfterCreatedDate": 1767225600.5,
                                "BeforeCreatedDate": "2026-01-03 04:05:06"})"_s}
            << uR"({"Catalog":"AWS","MaxResults":100,
                   "LastModifiedDate":{"AfterLastModifiedDate":"2026-01-01T00:00:00Z",
                                       "BeforeLastModifiedDate":"2026-01-02T00:00:00Z"},
                   "CreatedDate":{"AfterCreatedDate":"2026-01-01T00:00:00.500Z",
                                  "BeforeCreatedDate":"2026-01-03T04:05:06Z"}})"_s;
    QTest::newRow("structure from file://")
            << QStringList{lo, u"--cli-input-json"_s, u"file://"_s + m_inputFile}
            << uR"({"Catalog":"Sandbox","MaxResults":100,"LifeCycleStage":["Launched"],
                   "Sort":{"SortBy":"CreatedDate","SortOrder":"ASCENDING"}})"_s;
    QTest::newRow("explicit options override --cli-input-json")
            << QStringList{lo,
                           u"--catalog"_s,
                           u"AWS"_s,
                           u"--cli-input-json"_s,
                           u"file://"_s + m_inputFile,
                           u"--life-cycle-stage"_s,
                           u"Committed"_s}
            << uR"({"Catalog":"AWS","MaxResults":100,"LifeCycleStage":["Committed"],
                   "Sort":{"SortBy":"CreatedDate","SortOrder":"ASCENDING"}})"_s;
    QTest::newRow("a repeated option keeps its last value") << QStringList{
            lo,     u"--catalog"_s,   u"Sandbox"_s, u"--catalog"_s, u"AWS"_s, u"--page-size"_s,
            u"5"_s, u"--page-size"_s, u"7"_s} << uR"({"Catalog":"AWS","MaxResults":7})"_s;
    QTest::newRow("--demo defaults the catalog")
            << QStringList{lo, u"--demo"_s} << uR"({"Catalog":"AWS","MaxResults":100})"_s;
    QTest::newRow("--no-paginate sends no MaxResults")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--no-paginate"_s}
            << uR"({"Catalog":"AWS"})"_s;
    QTest::newRow("--max-results and --next-token for one request")
            << QStringList{lo,     u"--catalog"_s,    u"AWS"_s, u"--max-results"_s,
                           u"3"_s, u"--next-token"_s, u"abc"_s}
            << uR"({"Catalog":"AWS","MaxResults":3,"NextToken":"abc"})"_s;
}

void tst_CliOptions::request()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    CliError error;
    const std::optional<CliOptions> options = CliOptions::parse(arguments, &error);
    QVERIFY2(options, qPrintable(error.message));
    QCOMPARE(error.exitCode, CliExitCode::Success);
    QCOMPARE(options->action, CliOptions::Action::List);
    const QJsonObject actual = QJsonDocument::fromJson(options->request.toJson()).object();
    const QJsonObject wanted = QJsonDocument::fromJson(expected.toUtf8()).object();
    QVERIFY(!wanted.isEmpty());
    QCOMPARE(actual, wanted);
}

void tst_CliOptions::refused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); ///< a part of the message

    const QString lo = u"list-opportunities"_s;
    const int usage = int(CliExitCode::Usage);
    const int invalid = int(CliExitCode::InvalidParameter);

    QTest::newRow("no command") << QStringList{u"--catalog"_s, u"AWS"_s} << usage
                                << u"required: command"_s;
    QTest::newRow("unknown command")
            << QStringList{u"get-opportunity"_s} << usage << u"Invalid choice 'get-opportunity'"_s;
    QTest::newRow("unknown option")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--query"_s, u"x"_s} << usage
            << u"Unknown options: --query, x"_s;
    QTest::newRow("missing value at the end") << QStringList{lo, u"--catalog"_s} << usage
                                              << u"argument --catalog: expected one argument"_s;
    QTest::newRow("missing value before an option")
            << QStringList{lo, u"--catalog"_s, u"--debug"_s} << usage
            << u"argument --catalog: expected one argument"_s;
    QTest::newRow("empty list") << QStringList{lo, u"--catalog"_s, u"AWS"_s,
                                               u"--life-cycle-stage"_s}
                                << usage << u"expected at least one argument"_s;
    QTest::newRow("flag with a value")
            << QStringList{lo, u"--debug=yes"_s} << usage << u"--debug: takes no value"_s;
    QTest::newRow("unsupported output")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--output"_s, u"table"_s} << usage
            << u"valid choices are: json | csv"_s;
    QTest::newRow("page size not a number")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--page-size"_s, u"ten"_s} << usage
            << u"invalid int value: 'ten'"_s;
    QTest::newRow("--demo with --endpoint-url")
            << QStringList{lo, u"--demo"_s, u"--endpoint-url"_s, u"http://127.0.0.1:1"_s} << usage
            << u"--demo"_s;

    QTest::newRow("page size 101")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--page-size"_s, u"101"_s} << invalid
            << u"MaxResults"_s;
    QTest::newRow("page size 0") << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--page-size"_s,
                                                u"0"_s}
                                 << invalid << u"MaxResults"_s;
    QTest::newRow("unknown review status") << QStringList{lo,
                                                          u"--catalog"_s,
                                                          u"AWS"_s,
                                                          u"--life-cycle-review-status"_s,
                                                          u"Approved"_s,
                                                          u"In Review"_s}
                                           << invalid << u"LifeCycleReviewStatus[1]"_s;
    QTest::newRow("unknown stage")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--life-cycle-stage"_s, u"Closed Won"_s}
            << invalid << u"LifeCycleStage[0]"_s;
    QTest::newRow("identifier X123")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--identifier"_s, u"X123"_s} << invalid
            << u"Identifier[0]"_s;
    QTest::newRow("catalog aws-prod")
            << QStringList{lo, u"--catalog"_s, u"aws-prod"_s} << invalid << u"Catalog"_s;
    QTest::newRow("catalog missing") << QStringList{lo} << invalid << u"Catalog"_s;
    QTest::newRow("too many company names")
            << QStringList{lo,     u"--catalog"_s, u"AWS"_s, u"--customer-company-name"_s,
                           u"1"_s, u"2"_s,         u"3"_s,   u"4"_s,
                           u"5"_s, u"6"_s,         u"7"_s,   u"8"_s,
                           u"9"_s, u"10"_s,        u"11"_s}
            << invalid << u"CustomerCompanyName"_s;
    QTest::newRow("sort order missing")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--sort"_s, u"SortBy=Identifier"_s}
            << invalid << u"Sort.SortOrder"_s;
    QTest::newRow("lower-case sort order")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                           u"SortBy=Identifier,SortOrder=ascending"_s}
            << invalid << u"Sort.SortOrder"_s;
    QTest::newRow("unknown sort member")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                           u"SortBy=Identifier,Order=ASCENDING"_s}
            << invalid
            << u"Unknown parameter in Sort: \"Order\", must be one of: SortOrder, SortBy"_s;
    QTest::newRow("shorthand syntax error")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--sort"_s, u"SortBy"_s} << invalid
            << u"Error parsing parameter '--sort': Expected: '='"_s;
    QTest::newRow("invalid JSON") << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                                                 uR"({"SortBy": )"_s}
                                  << invalid << u"Error parsing parameter '--sort': Invalid JSON"_s;
    QTest::newRow("list where a string belongs")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--sort"_s,
                           u"SortBy=Identifier,CreatedDate,SortOrder=ASCENDING"_s}
            << invalid << u"Sort.SortBy"_s;
    QTest::newRow("bad timestamp") << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--created-date"_s,
                                                  u"AfterCreatedDate=yesterday"_s}
                                   << invalid << u"AfterCreatedDate"_s;
    QTest::newRow("after later than before")
            << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--target-close-date"_s,
                           u"AfterTargetCloseDate=2026-12-31,BeforeTargetCloseDate=2026-01-01"_s}
            << invalid << u"AfterTargetCloseDate"_s;
    QTest::newRow("unknown member in --cli-input-json")
            << QStringList{lo, u"--cli-input-json"_s, uR"({"Catalog": "AWS", "Stage": []})"_s}
            << invalid << u"Unknown parameter in input: \"Stage\""_s;
    QTest::newRow("--cli-input-json not an object")
            << QStringList{lo, u"--cli-input-json"_s, u"[1]"_s} << invalid
            << u"must be a JSON object"_s;
    QTest::newRow("--cli-input-json file missing")
            << QStringList{lo, u"--cli-input-json"_s, u"file:///nonexistent/input.json"_s}
            << invalid << u"Unable to load paramfile file:///nonexistent/input.json"_s;
    QTest::newRow("--no-paginate with --max-items")
            << QStringList{lo,    u"--catalog"_s, u"AWS"_s, u"--no-paginate"_s, u"--max-items"_s,
                           u"3"_s}
            << invalid
            << u"Cannot specify --no-paginate along with pagination arguments: --max-items"_s;
    QTest::newRow("NextToken in --cli-input-json with --page-size")
            << QStringList{lo, u"--cli-input-json"_s, uR"({"Catalog": "AWS", "NextToken": "t"})"_s,
                           u"--page-size"_s, u"5"_s}
            << invalid << u"--page-size"_s;
    QTest::newRow("max items 0") << QStringList{lo, u"--catalog"_s, u"AWS"_s, u"--max-items"_s,
                                                u"0"_s}
                                 << invalid << u"--max-items"_s;
    QTest::newRow("negative truncate amount in starting token") << QStringList{
            lo, u"--catalog"_s, u"AWS"_s, u"--starting-token"_s,
            QString::fromLatin1(QByteArray(R"({"NextToken": null, "boto_truncate_amount": -1})")
                                        .toBase64())} << invalid << u"Bad starting token"_s;
}

void tst_CliOptions::refused()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    CliError error;
    const std::optional<CliOptions> options = CliOptions::parse(arguments, &error);
    QVERIFY(!options);
    QCOMPARE(int(error.exitCode), exitCode);
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
}

void tst_CliOptions::pagination_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<bool>("paginate");
    QTest::addColumn<int>("maxItems"); ///< 0: none
    QTest::addColumn<QString>("startToken");
    QTest::addColumn<int>("startSkip");

    QTest::newRow("default") << QStringList{} << true << 0 << QString() << 0;
    QTest::newRow("max items") << QStringList{u"--max-items"_s, u"25"_s} << true << 25 << QString()
                               << 0;
    QTest::newRow("starting token from a truncated page")
            << QStringList{u"--starting-token"_s, PaginationToken{u"tok"_s, 7}.encode()} << true
            << 0 << u"tok"_s << 7;
    QTest::newRow("starting token of the first page")
            << QStringList{u"--starting-token"_s, PaginationToken{QString(), 3}.encode()} << true
            << 0 << QString() << 3;
    QTest::newRow("a raw service token")
            << QStringList{u"--starting-token"_s, u"opaque=="_s} << true << 0 << u"opaque=="_s << 0;
    QTest::newRow("MaxResults in --cli-input-json turns paging off")
            << QStringList{u"--cli-input-json"_s, uR"({"MaxResults": 5})"_s} << false << 0
            << QString() << 0;
    QTest::newRow("--no-paginate")
            << QStringList{u"--no-paginate"_s} << false << 0 << QString() << 0;
}

void tst_CliOptions::pagination()
{
    QFETCH(QStringList, extra);
    QFETCH(bool, paginate);
    QFETCH(int, maxItems);
    QFETCH(QString, startToken);
    QFETCH(int, startSkip);
    CliError error;
    const std::optional<CliOptions> options = CliOptions::parse(
            QStringList{u"list-opportunities"_s, u"--catalog"_s, u"AWS"_s} + extra, &error);
    QVERIFY2(options, qPrintable(error.message));
    QCOMPARE(options->paginate, paginate);
    QCOMPARE(options->maxItems.value_or(0), maxItems);
    QCOMPARE(options->startingToken.nextToken, startToken);
    QCOMPARE(options->startingToken.skip, startSkip);
    QVERIFY(options->request.nextToken.isEmpty());
}

void tst_CliOptions::connectionAndOutput()
{
    CliError error;
    std::optional<CliOptions> options = CliOptions::parse(
            {u"--region"_s, u"us-west-2"_s, u"--profile"_s, u"sales"_s, u"list-opportunities"_s,
             u"--catalog"_s, u"AWS"_s, u"--endpoint-url"_s, u"https://example.test"_s,
             u"--output"_s, u"csv"_s, u"--csv-raw"_s, u"--csv-bom"_s, u"--debug"_s,
             u"--no-cli-pager"_s},
            &error);
    QVERIFY2(options, qPrintable(error.message));
    QCOMPARE(options->region, u"us-west-2"_s);
    QCOMPARE(options->profile, u"sales"_s);
    QCOMPARE(options->endpointUrl, u"https://example.test"_s);
    QCOMPARE(options->output, CliOptions::OutputFormat::Csv);
    QVERIFY(options->csvRaw);
    QVERIFY(options->csvBom);
    QVERIFY(options->debug);
    QVERIFY(!options->demo);

    options = CliOptions::parse({u"list-opportunities"_s, u"--catalog"_s, u"AWS"_s}, &error);
    QVERIFY(options);
    QCOMPARE(options->output, CliOptions::OutputFormat::Json);
    QVERIFY(!options->csvRaw);
    QVERIFY(!options->csvBom);
    QVERIFY(!options->debug);
}

void tst_CliOptions::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("action");
    QTest::newRow("--help alone") << QStringList{u"--help"_s} << int(CliOptions::Action::Help);
    QTest::newRow("help word") << QStringList{u"help"_s} << int(CliOptions::Action::Help);
    QTest::newRow("command help") << QStringList{u"list-opportunities"_s, u"help"_s}
                                  << int(CliOptions::Action::Help);
    QTest::newRow("--help wins over bad input")
            << QStringList{u"list-opportunities"_s, u"--page-size"_s, u"500"_s, u"--help"_s}
            << int(CliOptions::Action::Help);
    QTest::newRow("--version") << QStringList{u"--version"_s} << int(CliOptions::Action::Version);
}

void tst_CliOptions::helpAndVersion()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, action);
    CliError error;
    const std::optional<CliOptions> options = CliOptions::parse(arguments, &error);
    QVERIFY2(options, qPrintable(error.message));
    QCOMPARE(int(options->action), action);
}

void tst_CliOptions::help_listsEveryOptionAndExitCode()
{
    const QString help = CliOptions::helpText();
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
                               "--max-results",
                               "--next-token",
                               "--endpoint-url",
                               "--region",
                               "--profile",
                               "--demo",
                               "--output",
                               "--csv-raw",
                               "--csv-bom",
                               "--debug",
                               "--no-cli-pager",
                               "--help",
                               "--version"}) {
        QVERIFY2(help.contains(QLatin1StringView(option)), option);
        // Every documented option is also accepted.
        CliError error;
        const auto options = CliOptions::parse({QLatin1StringView(option)}, &error);
        QVERIFY2(!error.message.contains(u"Unknown options"_s), option);
        Q_UNUSED(options)
    }
    for (const char *code : {"  0 ", "  2 ", "  130 ", "  252 ", "  253 ", "  254 ", "  255 "}) {
        QVERIFY2(help.contains(QLatin1StringView(code)), code);
    }
    QVERIFY(CliOptions::versionText().startsWith(u"partnerdesk-cli/"_s));
}

void tst_CliOptions::paginationToken_roundTrip_data()
{
    QTest::addColumn<QString>("nextToken");
    QTest::addColumn<int>("skip");
    QTest::newRow("page boundary") << u"eyJvIjoxMDB9"_s << 0;
    QTest::newRow("inside a page") << u"abc/+=="_s << 42;
    QTest::newRow("inside the first page") << QString() << 5;
    QTest::newRow("quotes and non-ASCII") << u"a\"b\\c\u00e9\n"_s << 1;
}

void tst_CliOptions::paginationToken_roundTrip()
{
    QFETCH(QString, nextToken);
    QFETCH(int, skip);
    const PaginationToken token{nextToken, skip};
    const std::optional<PaginationToken> decoded = PaginationToken::decode(token.encode());
    QVERIFY(decoded);
    QCOMPARE(*decoded, token);
}

void tst_CliOptions::paginationToken_matchesAwsCliEncoding()
{
    // botocore: base64(json.dumps({"NextToken": ..., "boto_truncate_amount": n})).
    QCOMPARE(PaginationToken({u"tok"_s, 2}).encode(),
             QString::fromLatin1(
                     QByteArray(R"({"NextToken": "tok", "boto_truncate_amount": 2})").toBase64()));
    QCOMPARE(PaginationToken({u"tok"_s, 0}).encode(),
             QString::fromLatin1(QByteArray(R"({"NextToken": "tok"})").toBase64()));
    QCOMPARE(PaginationToken({QString(), 3}).encode(),
             QString::fromLatin1(
                     QByteArray(R"({"NextToken": null, "boto_truncate_amount": 3})").toBase64()));
    QCOMPARE(PaginationToken({u"\u00e9"_s, 0}).encode(),
             QString::fromLatin1(QByteArray(R"({"NextToken": "\u00e9"})").toBase64()));
}

void tst_CliOptions::paginationToken_foreignTextIsAServiceToken()
{
    const QString emulatorLike = QString::fromLatin1(QByteArray(R"({"offset": 100})").toBase64());
    QCOMPARE(PaginationToken::decode(emulatorLike), (PaginationToken{emulatorLike, 0}));
    QCOMPARE(PaginationToken::decode(u"not base64!"_s), (PaginationToken{u"not base64!"_s, 0}));
    QVERIFY(!PaginationToken::decode(QString()));
}

QTEST_GUILESS_MAIN(tst_CliOptions)
#include "tst_clioptions.moc"
