#include "awsclient.h"
#include "emulatorserver.h"
#include "itemdatarole.h"
#include "nothinghappens.h"
#include "opportunitymodel.h"
#include "opportunityquery.h"
#include "opportunitytext.h"
#include "testserver.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Test::nothingHappens;

Q_DECLARE_METATYPE(Pd::Core::ListOpportunitiesRequest)

namespace {

constexpr int WaitMs = 10000;

ClientConfig testConfig(const QUrl &endpoint, int maxAttempts = 1)
{
    ClientConfig config;
    config.endpoint = endpoint;
    config.retry.maxAttempts = maxAttempts;
    config.retry.throttlingBaseMs = 5;
    config.retry.transientBaseMs = 5;
    config.retry.maxBackoffMs = 20;
    config.transferTimeoutMs = 5000;
    return config;
}

ListOpportunitiesRequest query(const QString &catalog = u"AWS"_s)
{
    ListOpportunitiesRequest request;
    request.catalog = catalog;
    request.sort = OpportunitySort{u"LastModifiedDate"_s, u"DESCENDING"_s};
    return request;
}

QStringList ids(const OpportunityModel &model)
{
    QStringList out;
    for (const OpportunitySummary &s : model.summaries()) {
        out += s.id;
    }
    return out;
}

QJsonObject bodyOf(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

/// An emulator on the test's thread, a client for it, and a model with a model tester.
/// QAbstractItemModelTester calls fetchMore() after every change, so an attached model keeps
/// paging until the listing ends, a failure stops it, or cancel() does.
struct Fixture
{
    explicit Fixture(EmulatorOptions options = small())
    {
        QString error;
        started = server.start(options, &error);
        if (!started) {
            qWarning("emulator: %s", qPrintable(error));
            return;
        }
        QObject::connect(&server, &EmulatorServer::requestServed, &server,
                         [this] { bodies += server.lastRequestBody(); });
        client = std::make_unique<AwsClient>(
                testConfig(server.endpoint(), maxAttempts),
                std::make_shared<StaticCredentialsProvider>(server.credentials(), u"test"_s));
        model.setClient(client.get());
    }

    static EmulatorOptions small()
    {
        EmulatorOptions options;
        options.count = 230;
        options.sandboxCount = 35;
        options.seed = 7;
        return options;
    }

    bool waitUntilIdle()
    {
        return QTest::qWaitFor([this] { return !model.isBusy(); }, WaitMs);
    }

    int maxAttempts = 1;
    EmulatorServer server;
    std::unique_ptr<AwsClient> client;
    OpportunityModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QList<QByteArray> bodies;
    bool started = false;
};

} // namespace

class tst_OpportunityModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noClient_staysEmpty();
    void setQuery_loadsFirstPageWithPageSize();
    void paging_loadsEveryRowOnceInServiceOrder();
    void inFlightGuard_oneRequestPerPage();
    void emptyPageWithToken_fetchesNext();
    void error_keepsRowsAndToken_retryResumes();
    void failure_stopsAutomaticFetching();
    void queryChange_abortsInFlight_neverMixesRows();
    void throttling_emitsWaitingForQuota_notFailed();
    void loadAll_loadsEveryPage_reportsProgress();
    void cancel_stopsLoadAll_keepsRows_retryResumes();
    void localValidation_failsWithoutRequest();
    void roles_displayRawSortIdAndOpportunity();
    void header_titlesAndStableNames();
    void sameToken_endsListing();
    void localQuery_sameRowsAndOrderAsOpportunityQuery_data();
    void localQuery_sameRowsAndOrderAsOpportunityQuery();
};

void tst_OpportunityModel::initTestCase()
{
    qRegisterMetaType<Pd::Core::ApiError>();
}

void tst_OpportunityModel::noClient_staysEmpty()
{
    OpportunityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(query());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), OpportunityFieldCount + 2); // Title and Owner
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(!model.isBusy());
    QVERIFY(model.hasMore());
}

void tst_OpportunityModel::setQuery_loadsFirstPageWithPageSize()
{
    Fixture f;
    QVERIFY(f.started);
    f.model.setPageSize(40);
    QSignalSpy pages(&f.model, &OpportunityModel::pageLoaded);
    QSignalSpy busy(&f.model, &OpportunityModel::busyChanged);
    f.model.setQuery(query());
    QVERIFY(f.model.isBusy());
    QVERIFY(pages.wait(WaitMs));
    QCOMPARE(pages.first().at(0).toInt(), 0);
    QCOMPARE(pages.first().at(1).toInt(), 40);
    QVERIFY(pages.first().at(2).toLongLong() >= 0);
    QVERIFY(f.model.fetchedAt().isValid());
    QVERIFY(f.model.lastLatencyMs() >= 0);
    QVERIFY(!busy.isEmpty());
    QCOMPARE(busy.first().at(0).toBool(), true);

    const QJsonObject first = bodyOf(f.bodies.first());
    QCOMPARE(first.value(u"Catalog").toString(), u"AWS"_s);
    QCOMPARE(first.value(u"MaxResults").toInt(), 40);
    QVERIFY(!first.contains(u"NextToken"));
    QCOMPARE(first.value(u"Sort").toObject().value(u"SortBy").toString(), u"LastModifiedDate"_s);
}

void tst_OpportunityModel::paging_loadsEveryRowOnceInServiceOrder()
{
    Fixture f;
    QVERIFY(f.started);
    f.model.setPageSize(50);
    f.model.setQuery(query());
    QTRY_VERIFY_WITH_TIMEOUT(!f.model.hasMore() && !f.model.isBusy(), WaitMs);
    QCOMPARE(f.model.rowCount(), 230);
    QCOMPARE(ids(f.model), f.server.matchingIds(query()));
    QCOMPARE(f.model.pageCount(), 5);
    QVERIFY(!f.model.canFetchMore({}));
    // Pages after the first carry the previous page's token and the same query.
    for (int i = 1; i < f.bodies.size(); ++i) {
        const QJsonObject body = bodyOf(f.bodies.at(i));
        QVERIFY(!body.value(u"NextToken").toString().isEmpty());
        QCOMPARE(body.value(u"MaxResults").toInt(), 50);
        QCOMPARE(body.value(u"Catalog").toString(), u"AWS"_s);
    }
}

void tst_OpportunityModel::inFlightGuard_oneRequestPerPage()
{
    EmulatorOptions options = Fixture::small();
    options.latencyMs = 30;
    Fixture f(options);
    QVERIFY(f.started);
    f.model.setPageSize(100);
    f.model.setQuery(query());
    // While a page is in flight, asking again sends nothing.
    QVERIFY(!f.model.canFetchMore({}));
    for (int i = 0; i < 5; ++i) {
        f.model.fetchMore({});
    }
    QTRY_VERIFY_WITH_TIMEOUT(!f.model.hasMore() && !f.model.isBusy(), WaitMs);
    QCOMPARE(f.server.requestCount(), 3);
    QCOMPARE(f.model.rowCount(), 230);
}

void tst_OpportunityModel::emptyPageWithToken_fetchesNext()
{
    TestServer server;
    server.enqueue({ScriptedResponse::page({u"O1"_s, u"O2"_s}, u"t1"_s),
                    ScriptedResponse::page({}, u"t2"_s), ScriptedResponse::page({}, u"t3"_s),
                    ScriptedResponse::page({u"O3"_s})});
    AwsCredentials credentials;
    credentials.accessKeyId = u"AKIDEXAMPLE"_s;
    credentials.secretAccessKey = u"secret"_s;
    AwsClient client(testConfig(server.url()),
                     std::make_shared<StaticCredentialsProvider>(credentials, u"test"_s));
    OpportunityModel model;
    model.setClient(&client);
    QSignalSpy pages(&model, &OpportunityModel::pageLoaded);
    model.setQuery(query());
    QVERIFY(pages.wait(WaitMs));
    QCOMPARE(model.rowCount(), 2);
    // No model tester here: nothing but the model itself may ask for the pages after an
    // empty one.
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, WaitMs);
    QCOMPARE(server.requestCount(), 4);
    QCOMPARE(bodyOf(server.request(2).body).value(u"NextToken").toString(), u"t2"_s);
    QCOMPARE(bodyOf(server.request(3).body).value(u"NextToken").toString(), u"t3"_s);
    QCOMPARE(ids(model), (QStringList{u"O1"_s, u"O2"_s, u"O3"_s}));
    QTRY_VERIFY(!model.isBusy());
    QVERIFY(!model.hasMore());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_OpportunityModel::error_keepsRowsAndToken_retryResumes()
{
    Fixture f;
    QVERIFY(f.started);
    f.model.setPageSize(50);
    // The second page fails.
    QObject::connect(&f.model, &OpportunityModel::pageLoaded, &f.server, [&f](int first) {
        if (first == 0) {
            f.server.failNext(1, 500, u"InternalServerException"_s);
        }
    });
    QSignalSpy failed(&f.model, &OpportunityModel::failed);
    f.model.setQuery(query());
    QVERIFY(failed.wait(WaitMs));
    const auto error = failed.first().at(0).value<ApiError>();
    QCOMPARE(error.kind, ApiError::Kind::InternalServer);
    QCOMPARE(error.httpStatus, 500);
    QCOMPARE(f.model.lastError().kind, ApiError::Kind::InternalServer);
    QCOMPARE(f.model.rowCount(), 50);
    QVERIFY(f.model.isStopped());
    QVERIFY(f.model.hasMore());
    QVERIFY(!f.model.isBusy());
    const QString failedToken = bodyOf(f.bodies.at(1)).value(u"NextToken").toString();
    QVERIFY(!failedToken.isEmpty());

    f.model.retry();
    QTRY_VERIFY_WITH_TIMEOUT(!f.model.hasMore() && !f.model.isBusy(), WaitMs);
    QCOMPARE(bodyOf(f.bodies.at(2)).value(u"NextToken").toString(), failedToken);
    QCOMPARE(ids(f.model), f.server.matchingIds(query()));
    QCOMPARE(f.model.lastError().kind, ApiError::Kind::None);
    QCOMPARE(failed.size(), 1);
}

void tst_OpportunityModel::failure_stopsAutomaticFetching()
{
    Fixture f;
    QVERIFY(f.started);
    f.server.failNext(1, 403, u"AccessDeniedException"_s);
    QSignalSpy failed(&f.model, &OpportunityModel::failed);
    f.model.setQuery(query());
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.first().at(0).value<ApiError>().kind, ApiError::Kind::AccessDenied);
    // The model tester keeps calling fetchMore(); a stopped model sends nothing.
    QVERIFY(!f.model.canFetchMore({}));
    f.model.fetchMore({});
    // A page is requested synchronously (the credentials are at hand): none was.
    QVERIFY(!f.model.isBusy());
    QCOMPARE(f.server.requestCount(), 1);
    QCOMPARE(f.model.rowCount(), 0);
}

void tst_OpportunityModel::queryChange_abortsInFlight_neverMixesRows()
{
    EmulatorOptions options = Fixture::small();
    options.latencyMs = 150;
    Fixture f(options);
    QVERIFY(f.started);
    f.model.setPageSize(20);
    QSignalSpy resets(&f.model, &OpportunityModel::modelReset);
    f.model.setQuery(query(u"AWS"_s));
    // Let the AWS listing get going, then switch while its next page is in flight.
    QTRY_VERIFY_WITH_TIMEOUT(f.model.rowCount() >= 20, WaitMs);
    QVERIFY(f.model.isBusy());
    f.model.setQuery(query(u"Sandbox"_s));
    QCOMPARE(f.model.rowCount(), 0);
    QCOMPARE(resets.size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!f.model.hasMore() && !f.model.isBusy(), WaitMs);
    QCOMPARE(f.model.rowCount(), 35);
    for (const OpportunitySummary &s : f.model.summaries()) {
        QCOMPARE(s.catalog, u"Sandbox"_s);
    }
    QCOMPARE(ids(f.model), f.server.matchingIds(query(u"Sandbox"_s)));
    // Give a late AWS reply every chance to arrive: it must be dropped.
    QVERIFY(nothingHappens(options.latencyMs * 2, [&] { return f.model.rowCount() != 35; }));
}

void tst_OpportunityModel::throttling_emitsWaitingForQuota_notFailed()
{
    EmulatorOptions options = Fixture::small();
    Fixture f(options);
    QVERIFY(f.started);
    f.client.reset();
    f.client = std::make_unique<AwsClient>(
            testConfig(f.server.endpoint(), 3),
            std::make_shared<StaticCredentialsProvider>(f.server.credentials(), u"test"_s));
    f.model.setClient(f.client.get());
    f.server.failNext(1, 429, u"ThrottlingException"_s);
    QSignalSpy waiting(&f.model, &OpportunityModel::waitingForQuota);
    QSignalSpy failed(&f.model, &OpportunityModel::failed);
    QSignalSpy pages(&f.model, &OpportunityModel::pageLoaded);
    f.model.setQuery(query());
    QVERIFY(pages.wait(WaitMs));
    QCOMPARE(waiting.size(), 1);
    QVERIFY(waiting.first().at(0).toInt() >= 0);
    QVERIFY(failed.isEmpty());
    QCOMPARE(f.model.rowCount() >= 100, true);
}

void tst_OpportunityModel::loadAll_loadsEveryPage_reportsProgress()
{
    Fixture f;
    QVERIFY(f.started);
    f.model.setPageSize(100);
    QSignalSpy progress(&f.model, &OpportunityModel::loadAllProgress);
    QSignalSpy finished(&f.model, &OpportunityModel::loadAllFinished);
    f.model.setQuery(query());
    f.model.loadAll();
    QVERIFY(f.model.isLoadingAll());
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toBool(), true);
    QList<int> seen;
    for (const auto &args : std::as_const(progress)) {
        seen += args.at(0).toInt();
    }
    QCOMPARE(seen, (QList<int>{100, 200, 230}));
    QCOMPARE(ids(f.model), f.server.matchingIds(query()));
    QVERIFY(!f.model.isLoadingAll());

    // Nothing left: loadAll() finishes at once.
    f.model.loadAll();
    QCOMPARE(finished.size(), 2);
    QCOMPARE(finished.last().at(0).toBool(), true);
}

void tst_OpportunityModel::cancel_stopsLoadAll_keepsRows_retryResumes()
{
    EmulatorOptions options = Fixture::small();
    options.latencyMs = 100;
    Fixture f(options);
    QVERIFY(f.started);
    f.model.setPageSize(50);
    QSignalSpy finished(&f.model, &OpportunityModel::loadAllFinished);
    QSignalSpy failed(&f.model, &OpportunityModel::failed);
    f.model.setQuery(query());
    f.model.loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(f.model.rowCount() >= 50, WaitMs);
    QVERIFY(f.model.isBusy());
    const int loaded = f.model.rowCount();
    f.model.cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY(!f.model.isBusy());
    QVERIFY(f.model.isStopped());
    QVERIFY(f.model.hasMore());
    QVERIFY(!f.model.canFetchMore({}));
    // The answer to the cancelled page would arrive within the latency.
    QVERIFY(nothingHappens(options.latencyMs * 2, [&] {
        return f.model.rowCount() != loaded || !failed.isEmpty() || f.model.isBusy();
    }));

    f.model.retry();
    QTRY_VERIFY_WITH_TIMEOUT(!f.model.hasMore() && !f.model.isBusy(), WaitMs);
    QCOMPARE(ids(f.model), f.server.matchingIds(query()));
}

void tst_OpportunityModel::localValidation_failsWithoutRequest()
{
    Fixture f;
    QVERIFY(f.started);
    ListOpportunitiesRequest bad = query();
    bad.identifier = {u"X12"_s};
    QSignalSpy failed(&f.model, &OpportunityModel::failed);
    f.model.setQuery(bad);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, WaitMs);
    const auto error = failed.first().at(0).value<ApiError>();
    QCOMPARE(error.kind, ApiError::Kind::LocalValidation);
    QCOMPARE(error.fieldErrors.first().fieldName, u"Identifier[0]"_s);
    QCOMPARE(f.server.requestCount(), 0);
    QVERIFY(!f.model.isBusy());
}

void tst_OpportunityModel::roles_displayRawSortIdAndOpportunity()
{
    const QByteArray page = R"({"OpportunitySummaries":[{
        "Catalog":"AWS","Id":"O123","Arn":"arn:aws:partnercentral:us-east-1:1:catalog/AWS/opportunity/O123",
        "OpportunityType":"Net New Business","CreatedDate":"2026-06-02T08:00:00Z",
        "LastModifiedDate":"2026-08-01T10:15:30.123Z",
        "LifeCycle":{"Stage":"Technical Validation","ReviewStatus":"In review","TargetCloseDate":"2026-12-31",
                     "NextSteps":"Call\nback"},
        "Customer":{"Account":{"CompanyName":"Example Corp","Industry":"Retail",
                     "Address":{"CountryCode":"DE"}}},
        "Project":{"DeliveryModels":["SaaS or PaaS","Resell"],"ExpectedCustomerSpend":[
            {"Amount":"1234567890123456789012345.67","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}]}
        }]})";
    TestServer server;
    server.enqueue(ScriptedResponse::json(200, page));
    AwsCredentials credentials;
    credentials.accessKeyId = u"AKIDEXAMPLE"_s;
    credentials.secretAccessKey = u"secret"_s;
    AwsClient client(testConfig(server.url()),
                     std::make_shared<StaticCredentialsProvider>(credentials, u"test"_s));
    OpportunityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClient(&client);
    model.setQuery(query());
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, WaitMs);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));

    const auto cell = [&model](OpportunityField field, int role) {
        return model.index(0, OpportunityModel::columnOf(field)).data(role);
    };
    QCOMPARE(cell(OpportunityField::ReviewStatus, Qt::DisplayRole).toString(), u"In Review"_s);
    QCOMPARE(cell(OpportunityField::ReviewStatus, RawValueRole).toString(), u"In review"_s);
    QCOMPARE(cell(OpportunityField::Stage, SortRole).toInt(), 2);
    QCOMPARE(cell(OpportunityField::CountryCode, Qt::DisplayRole).toString(), u"Germany"_s);
    QCOMPARE(cell(OpportunityField::CountryCode, RawValueRole).toString(), u"DE"_s);
    QCOMPARE(cell(OpportunityField::DeliveryModels, Qt::DisplayRole).toString(),
             u"SaaS or PaaS, Resell"_s);
    QCOMPARE(cell(OpportunityField::NextSteps, Qt::DisplayRole).toString(), u"Call back"_s);
    QCOMPARE(cell(OpportunityField::NextSteps, RawValueRole).toString(), u"Call\nback"_s);
    QCOMPARE(cell(OpportunityField::ExpectedCustomerSpend, Qt::DisplayRole).toString(),
             u"$1,234,567,890,123,456,789,012,345.67"_s);
    const qint64 modified
            = QDateTime(QDate(2026, 8, 1), QTime(10, 15, 30, 123), Qt::UTC).toMSecsSinceEpoch();
    QCOMPARE(cell(OpportunityField::LastModifiedDate, SortRole).toLongLong(), modified);
    QCOMPARE(cell(OpportunityField::LastModifiedDate, Qt::DisplayRole).toString(),
             OpportunityText::formatDateTime(modified));
    QCOMPARE(cell(OpportunityField::LastModifiedDate, RawValueRole).toString(),
             u"2026-08-01T10:15:30.123Z"_s);
    QCOMPARE(cell(OpportunityField::TargetCloseDate, Qt::DisplayRole).toString(), u"12/31/2026"_s);
    QCOMPARE(cell(OpportunityField::Id, IdRole).toString(), u"O123"_s);
    QCOMPARE(cell(OpportunityField::Id, SortRole).toULongLong(), 123u);
    QCOMPARE(cell(OpportunityField::Stage, OpportunityRole).value<OpportunitySummary>().companyName,
             u"Example Corp"_s);
    QLocale::setDefault(QLocale::c());
}

void tst_OpportunityModel::header_titlesAndStableNames()
{
    OpportunityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int stage = OpportunityModel::columnOf(OpportunityField::Stage);
    QCOMPARE(model.headerData(stage, Qt::Horizontal).toString(), u"Stage"_s);
    QCOMPARE(model.headerData(stage, Qt::Horizontal, RawValueRole).toString(),
             OpportunityFields::name(OpportunityField::Stage));
    const int created = OpportunityModel::columnOf(OpportunityField::CreatedDate);
    QCOMPARE(model.headerData(created, Qt::Horizontal, Qt::InitialSortOrderRole).toInt(),
             int(Qt::DescendingOrder));
}

void tst_OpportunityModel::sameToken_endsListing()
{
    TestServer server;
    server.enqueue({ScriptedResponse::page({u"O1"_s}, u"t1"_s),
                    ScriptedResponse::page({u"O2"_s}, u"t1"_s)});
    AwsCredentials credentials;
    credentials.accessKeyId = u"AKIDEXAMPLE"_s;
    credentials.secretAccessKey = u"secret"_s;
    AwsClient client(testConfig(server.url()),
                     std::make_shared<StaticCredentialsProvider>(credentials, u"test"_s));
    OpportunityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClient(&client);
    model.setQuery(query());
    QTRY_VERIFY_WITH_TIMEOUT(!model.hasMore() && !model.isBusy(), WaitMs);
    QCOMPARE(ids(model), (QStringList{u"O1"_s, u"O2"_s}));
    QCOMPARE(server.requestCount(), 2);
}

namespace {

ListOpportunitiesRequest sortedBy(const QString &key, const QString &order)
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.sort = OpportunitySort{key, order};
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

} // namespace

void tst_OpportunityModel::localQuery_sameRowsAndOrderAsOpportunityQuery_data()
{
    const auto utc = [](const char *text) {
        return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODateWithMs);
    };
    QTest::addColumn<ListOpportunitiesRequest>("request");
    for (const QString &key : Model::sortKeys()) {
        for (const QString &order : Model::sortOrders()) {
            QTest::addRow("%s %s", qPrintable(key), qPrintable(order)) << sortedBy(key, order);
        }
    }
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    QTest::addRow("no sort") << request;
    request.lifeCycleStage = {u"Qualified"_s, u"Closed Lost"_s};
    request.lifeCycleReviewStatus = {u"Approved"_s, u"In review"_s};
    QTest::addRow("stages and review statuses") << request;
    request = sortedBy(u"CustomerCompanyName"_s, u"DESCENDING"_s);
    request.customerCompanyName = {u"acme"_s, u"GMBH"_s, u"ü"_s};
    QTest::addRow("company names") << request;
    request = sortedBy(u"CreatedDate"_s, u"ASCENDING"_s);
    request.createdDate = {utc("2024-06-01T00:00:00Z"), utc("2025-06-01T12:30:00.500Z")};
    request.lastModifiedDate.after = utc("2025-01-01T00:00:00Z");
    QTest::addRow("date ranges") << request;
    request = sortedBy(u"TargetCloseDate"_s, u"ASCENDING"_s);
    request.targetCloseDate = {u"2026-01-01"_s, u"2027-01-01"_s};
    QTest::addRow("close dates") << request;
    request = sortedBy(u"LastModifiedDate"_s, u"DESCENDING"_s);
    request.identifier = {u"O1000000000005"_s, u"O7"_s, u"O999"_s};
    QTest::addRow("identifiers") << request;
    request = sortedBy(u"Identifier"_s, u"DESCENDING"_s);
    request.catalog = u"Sandbox"_s;
    QTest::addRow("other catalog") << request;
}

void tst_OpportunityModel::localQuery_sameRowsAndOrderAsOpportunityQuery()
{
    QFETCH(ListOpportunitiesRequest, request);
    EmulatorOptions options;
    options.count = 2000;
    options.sandboxCount = 50;
    options.seed = 11;
    EmulatorServer server;
    QString error;
    QVERIFY2(server.start(options, &error), qPrintable(error));
    ListOpportunitiesResponse all;
    QVERIFY(ListOpportunitiesResponse::parse(server.dataJson(), &all, &error));
    QList<OpportunitySummary> rows = all.opportunitySummaries;
    // Ties on every sort value (Ids of other lengths), and rows missing the values.
    for (qsizetype i = 0; i < 40; ++i) {
        OpportunitySummary tie = rows.at(i);
        tie.id = u"O%1"_s.arg(7 + i * 37);
        rows.append(tie);
    }
    OpportunitySummary bare;
    bare.catalog = u"AWS"_s;
    bare.id = u"O8"_s;
    rows.append(bare);
    bare.id = u"O1000"_s;
    bare.lastModifiedDate = u"2025-03-01T10:00:00Z"_s; // a text without milliseconds parsed
    rows.append(bare);

    OpportunityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ListOpportunitiesRequest unfiltered;
    unfiltered.catalog = u"AWS"_s;
    model.showLocalRows(unfiltered, {});
    const qsizetype half = rows.size() / 2;
    model.upsert(rows.mid(0, half));
    model.keepLocalRows(rows.mid(half)); // rows of the copy that a query filtered out
    // Replaced rows: the pool keeps the latest of each Id.
    rows[3].stage = u"Closed Lost"_s;
    rows[3].hasLifeCycle = true;
    rows[half + 2].stage = u"Qualified"_s;
    rows[half + 2].hasLifeCycle = true;
    model.upsert({rows.at(3)});
    model.keepLocalRows({rows.at(half + 2)});
    QVERIFY(!model.showLocalQuery(request, {})); // not declared complete
    model.setLocalPoolComplete(true);

    QSignalSpy queryChanged(&model, &OpportunityModel::queryChanged);
    QVERIFY(model.showLocalQuery(request, {}));
    QCOMPARE(queryChanged.size(), 1);
    QVERIFY(model.query().sameQueryAs(request));
    const QStringList expected = idsOf(OpportunityQuery(request).apply(rows));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(model.summaries()), expected);
    QCOMPARE(model.summaries(), OpportunityQuery(request).apply(rows));
    // Again from the result: the pool still holds every row.
    QVERIFY(model.showLocalQuery(unfiltered, {}));
    QCOMPARE(idsOf(model.summaries()), idsOf(OpportunityQuery(unfiltered).apply(rows)));
    QVERIFY(model.showLocalQuery(request, {}));
    QCOMPARE(idsOf(model.summaries()), expected);
    QCOMPARE(model.rowOf(expected.last()), int(expected.size()) - 1);
}

QTEST_GUILESS_MAIN(tst_OpportunityModel)
#include "tst_opportunitymodel.moc"
