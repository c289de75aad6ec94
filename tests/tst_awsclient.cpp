#include "awsclient.h"
#include "awsjsoncall.h"
#include "endpointpolicy.h"
#include "httpclient.h"
#include "listopportunitiescall.h"
#include "nothinghappens.h"
#include "requestratelimiter.h"
#include "retryquota.h"
#include "sigv4signer.h"
#include "testcertificate.h"
#include "testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Test::nothingHappens;

Q_DECLARE_METATYPE(Pd::Core::ScriptedResponse)
Q_DECLARE_METATYPE(Pd::Core::ApiError::Kind)

namespace {

const QString AccessKey = u"AKIDEXAMPLE"_s;
const QString SecretKey = u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s;
const QString SessionToken = u"IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN+/="_s;

AwsCredentials credentials(bool withToken)
{
    AwsCredentials c;
    c.accessKeyId = AccessKey;
    c.secretAccessKey = SecretKey;
    if (withToken) {
        c.sessionToken = SessionToken;
    }
    return c;
}

/// Hands out credentials on the next event-loop turn (like credential_process or the keychain)
/// or fails with a message.
class TestCredentialsProvider final : public CredentialsProvider
{
public:
    explicit TestCredentialsProvider(AwsCredentials credentials, QString error = {})
        : m_credentials(std::move(credentials)), m_error(std::move(error))
    { }
    void fetch(QObject *context, Callback done) override
    {
        ++fetchCount;
        QTimer::singleShot(0, context, [this, done] { done(m_credentials, m_error); });
    }
    QString sourceDescription() const override { return u"test"_s; }
    int fetchCount = 0;

private:
    AwsCredentials m_credentials;
    QString m_error;
};

ClientConfig testConfig(const QUrl &endpoint)
{
    ClientConfig config;
    config.endpoint = endpoint;
    config.retry.maxAttempts = 3;
    config.retry.throttlingBaseMs = 20;
    config.retry.transientBaseMs = 10;
    config.retry.maxBackoffMs = 200;
    config.transferTimeoutMs = 5000;
    config.maxRequestsPerSecond = 0; // retries and faults here are timed by the retry policy alone
    return config;
}

/// Loopback delivery of a request the client has already written.
constexpr int DeliveryMs = 50;

/// How long after an attempt its retry reaches the server at the latest: the backoff cap at the
/// test clients' fixed jitter of 0.5, and its delivery.
int retryDeadlineMs(const ClientConfig &config)
{
    return config.retry.maxBackoffMs / 2 + DeliveryMs;
}

std::unique_ptr<AwsClient> makeClient(const ClientConfig &config, bool withToken = false)
{
    auto client = std::make_unique<AwsClient>(
            config, std::make_shared<TestCredentialsProvider>(credentials(withToken)));
    client->setJitterSource([] { return 0.5; });
    return client;
}

ListOpportunitiesRequest awsRequest()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    return request;
}

/// Starts a call and waits for finished(); the call is parented to the client.
ListOpportunitiesCall *run(AwsClient *client, const ListOpportunitiesRequest &request,
                           int timeoutMs = 10000)
{
    ListOpportunitiesCall *call = new ListOpportunitiesCall(client, request, client);
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    call->start();
    if (!finished.wait(timeoutMs)) {
        qWarning("call did not finish");
    }
    return call;
}

QDateTime fromAmzDate(const QByteArray &value)
{
    const QDate date = QDate::fromString(QString::fromLatin1(value.left(8)), u"yyyyMMdd"_s);
    const QTime time = QTime::fromString(QString::fromLatin1(value.mid(9, 6)), u"hhmmss"_s);
    return QDateTime(date, time, Qt::UTC);
}

/// What a server that checks signatures computes: the received request with only the signed
/// headers, signed again with the secret and without a session token.
QByteArray expectedAuthorization(const RecordedRequest &request, const QString &region,
                                 const QString &service)
{
    const SigV4Signer::AuthorizationHeader auth
            = SigV4Signer::parseAuthorization(request.header("Authorization"));
    SignableRequest signable;
    signable.method = request.method;
    signable.path = request.target;
    for (const HttpHeader &header : request.headers) {
        if (auth.signedHeaders.contains(header.name.toLower())) {
            signable.headers.append(header);
        }
    }
    signable.body = request.body;
    SigningParams params;
    params.region = region;
    params.service = service;
    params.time = fromAmzDate(request.header("X-Amz-Date"));
    params.addContentSha256Header = false;
    return SigV4Signer::signHeaders(signable, credentials(false), params).authorization;
}

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

QStringList ids(const ListOpportunitiesResponse &response)
{
    QStringList result;
    for (const OpportunitySummary &summary : response.opportunitySummaries) {
        result.append(summary.id);
    }
    return result;
}

QStringList capturedLog;

void captureMessage(QtMsgType, const QMessageLogContext &, const QString &message)
{
    capturedLog.append(message);
}

} // namespace

class tst_AwsClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void request_isSignedAwsJson_data();
    void request_isSignedAwsJson();
    void request_signingTimeIncludesClockOffset();
    void request_sameFiltersOnEveryPage();

    void pages_shortEmptyAndNullToken_walkToTheEnd();

    void error_mapsToKindAndRetryDecision_data();
    void error_mapsToKindAndRetryDecision();
    void attempts_neverExceedMaxAttempts_data();
    void attempts_neverExceedMaxAttempts();
    void fourAttempts_surviveThreeFaultsInARow_data();
    void fourAttempts_surviveThreeFaultsInARow();
    void retrying_announcesAttemptAndJitteredDelay();
    void retryHint_extendsBackoffWithinLimit_data();
    void retryHint_extendsBackoffWithinLimit();
    void retryBudget_exhausted_stopsRetrying();
    void redirect_isNotFollowed();

    void droppedConnection_isRetried();
    void truncatedBody_isRetried();
    void truncatedBody_everyAttempt_isNetworkError();
    void timeout_serverNeverAnswers_timesOutAfterRetries();
    void connectionRefused_isReportedQuickly();
    void tlsUntrustedCertificate_failsWithoutRetryOrRequest();

    void abort_duringRequest_cancelsAndSendsNothingMore();
    void abort_duringBackoff_cancelsAndSendsNothingMore();
    void abort_afterFinish_changesNothing();
    void abort_whileWaitingForRateLimit_sendsNothing();
    void deleteCall_duringRequest_isSafe();
    void destroyClient_duringRequest_finishesCancelled();
    void oversizedResponse_isAbandonedWithoutRetry();
    void hostileResponse_handledWithoutCrash_data();
    void hostileResponse_handledWithoutCrash();

    void clockSkew_serverAhead_resignsOnceAndSucceeds();
    void clockSkew_persistentAuthError_retriedOnlyOnce();
    void clockSkew_smallSkew_notRetried();
    void clockOffset_learntFromDateHeader();
    void clockOffset_ignoredWithAgeHeaderOrWhenDisabled();

    void plainHttpNonLoopback_refusedBeforeConnecting();
    void endpointProblem_data();
    void endpointProblem();
    void start_sendsAtOnceOnlyWithCredentialsAtHand();
    void localValidationFailure_sendsNothing();
    void credentialsFailure_isConfigurationError();

    void debugLog_redactsSecrets();

    void backoff_isFullJitterExponential_data();
    void backoff_isFullJitterExponential();
    void backoff_staysWithinBounds();
    void parseHttpDate_data();
    void parseHttpDate();
    void loggableHeaderValue_redactsCredentials();

    void testServer_answersSeveralRequestsPerConnection();
};

void tst_AwsClient::initTestCase()
{
    qRegisterMetaType<ApiError>();
}

void tst_AwsClient::request_isSignedAwsJson_data()
{
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<bool>("contentSha256");
    QTest::newRow("long-term keys") << false << true;
    QTest::newRow("session token") << true << true;
    QTest::newRow("without x-amz-content-sha256") << false << false;
}

void tst_AwsClient::request_isSignedAwsJson()
{
    QFETCH(bool, withToken);
    QFETCH(bool, contentSha256);
    TestServer server;
    QVERIFY(server.isListening());
    ClientConfig config = testConfig(server.url());
    config.addContentSha256Header = contentSha256;
    auto client = makeClient(config, withToken);

    ListOpportunitiesRequest request = awsRequest();
    request.maxResults = 50;
    request.lifeCycleStage = QStringList{u"Qualified"_s, u"Committed"_s};
    request.sort = OpportunitySort{u"CreatedDate"_s, u"ASCENDING"_s};
    const QDateTime before = QDateTime::currentDateTimeUtc();
    ListOpportunitiesCall *call = run(client.get(), request);
    QVERIFY2(!call->error().isError(), qPrintable(call->error().summary()));
    QCOMPARE(server.requestCount(), 1);

    const RecordedRequest sent = server.lastRequest();
    QCOMPARE(sent.method, "POST"_ba);
    QCOMPARE(sent.target, "/"_ba);
    QCOMPARE(sent.version, "HTTP/1.1"_ba);
    QCOMPARE(sent.header("Host"), "127.0.0.1:" + QByteArray::number(server.port()));
    QCOMPARE(sent.header("Content-Type"), "application/x-amz-json-1.0"_ba);
    QCOMPARE(sent.header("X-Amz-Target"), "AWSPartnerCentralSelling.ListOpportunities"_ba);
    QCOMPARE(sent.body, request.toJson());
    QCOMPARE(sent.header("Content-Length"), QByteArray::number(sent.body.size()));
    for (const HttpHeader &header : sent.headers) {
        QVERIFY2(sent.headerCount(header.name) == 1, header.name.constData());
    }
    QVERIFY(sent.raw.startsWith("POST / HTTP/1.1\r\n"));
    QVERIFY(sent.raw.endsWith("\r\n\r\n" + request.toJson()));

    const QDateTime signedAt = fromAmzDate(sent.header("X-Amz-Date"));
    QVERIFY(signedAt.isValid());
    QVERIFY(signedAt >= before.addSecs(-2) && signedAt <= QDateTime::currentDateTimeUtc());

    QCOMPARE(sent.hasHeader("x-amz-content-sha256"), contentSha256);
    if (contentSha256) {
        QCOMPARE(sent.header("x-amz-content-sha256"), SigV4Signer::sha256Hex(sent.body));
    }
    QCOMPARE(sent.hasHeader("X-Amz-Security-Token"), withToken);
    if (withToken) {
        QCOMPARE(sent.header("X-Amz-Security-Token"), SessionToken.toUtf8());
    }

    const SigV4Signer::AuthorizationHeader auth
            = SigV4Signer::parseAuthorization(sent.header("Authorization"));
    QVERIFY(auth.valid);
    QCOMPARE(auth.accessKeyId, AccessKey.toUtf8());
    QCOMPARE(auth.region, "us-east-1"_ba);
    QCOMPARE(auth.service, "partnercentral-selling"_ba);
    QCOMPARE(auth.scopeDate, sent.header("X-Amz-Date").left(8));
    QList<QByteArray> expectedSigned{"content-type", "host"};
    if (contentSha256) {
        expectedSigned.append("x-amz-content-sha256");
    }
    expectedSigned.append("x-amz-date");
    if (withToken) {
        expectedSigned.append("x-amz-security-token");
    }
    expectedSigned.append("x-amz-target");
    QCOMPARE(auth.signedHeaders, expectedSigned);
    QCOMPARE(sent.header("Authorization"),
             expectedAuthorization(sent, u"us-east-1"_s, u"partnercentral-selling"_s));
}

void tst_AwsClient::request_signingTimeIncludesClockOffset()
{
    TestServer server;
    auto client = makeClient(testConfig(server.url()));
    client->setClockOffsetMs(2 * 3600 * 1000);
    const QDateTime expected = QDateTime::currentDateTimeUtc().addSecs(2 * 3600);
    run(client.get(), awsRequest());
    QCOMPARE(server.requestCount(), 1);
    const QDateTime signedAt = fromAmzDate(server.lastRequest().header("X-Amz-Date"));
    QVERIFY2(std::abs(signedAt.secsTo(expected)) <= 2, signedAt.toString().toLatin1());
    QCOMPARE(server.lastRequest().header("Authorization"),
             expectedAuthorization(server.lastRequest(), u"us-east-1"_s,
                                   u"partnercentral-selling"_s));
}

void tst_AwsClient::request_sameFiltersOnEveryPage()
{
    TestServer server;
    server.enqueue(
            {ScriptedResponse::page({u"O1"_s}, u"tok/1+=="_s), ScriptedResponse::page({u"O2"_s})});
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesRequest request = awsRequest();
    request.customerCompanyName = QStringList{u"Ünïcode \"Corp\""_s};
    request.maxResults = 1;
    ListOpportunitiesCall *first = run(client.get(), request);
    QCOMPARE(first->response().nextToken, u"tok/1+=="_s);
    run(client.get(), request.withNextToken(first->response().nextToken));
    QCOMPARE(server.requestCount(), 2);
    QJsonObject firstBody = QJsonDocument::fromJson(server.request(0).body).object();
    QJsonObject secondBody = QJsonDocument::fromJson(server.request(1).body).object();
    QVERIFY(!firstBody.contains(u"NextToken"_s));
    QCOMPARE(secondBody.take(u"NextToken"_s).toString(), u"tok/1+=="_s);
    QCOMPARE(secondBody, firstBody);
}

void tst_AwsClient::pages_shortEmptyAndNullToken_walkToTheEnd()
{
    TestServer server;
    server.enqueue({
            ScriptedResponse::page({u"O1"_s, u"O2"_s}, u"t1"_s), // short page with a token
            ScriptedResponse::page({}, u"t2"_s), // empty page with a token
            ScriptedResponse::page({u"O3"_s}, QJsonValue::Null), // explicit null: the end
    });
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesRequest request = awsRequest();
    request.maxResults = 3;
    QStringList all;
    QStringList tokensSent;
    for (int page = 0; page < 10; ++page) {
        ListOpportunitiesCall *call = run(client.get(), request);
        QVERIFY2(!call->error().isError(), qPrintable(call->error().summary()));
        all += ids(call->response());
        tokensSent.append(request.nextToken);
        if (call->response().nextToken.isEmpty()) {
            break;
        }
        request = request.withNextToken(call->response().nextToken);
    }
    QCOMPARE(all, (QStringList{u"O1"_s, u"O2"_s, u"O3"_s}));
    QCOMPARE(server.requestCount(), 3);
    QCOMPARE(tokensSent, (QStringList{QString(), u"t1"_s, u"t2"_s}));
    QCOMPARE(server.connectionCount(), 1); // keep-alive: one connection for every page
}

void tst_AwsClient::error_mapsToKindAndRetryDecision_data()
{
    QTest::addColumn<ScriptedResponse>("response");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("attempts");

    using K = ApiError::Kind;
    const auto error = [](int status, const QString &type) {
        return ScriptedResponse::awsError(status, type, u"message for "_s + type);
    };
    QTest::newRow("400 ThrottlingException") << error(400, u"ThrottlingException"_s)
                                             << K::Throttling << u"ThrottlingException"_s << 3;
    QTest::newRow("429 ThrottlingException") << error(429, u"ThrottlingException"_s)
                                             << K::Throttling << u"ThrottlingException"_s << 3;
    QTest::newRow("429 without a name")
            << ScriptedResponse::json(429, "{}") << K::Throttling << QString() << 3;
    QTest::newRow("400 TooManyRequestsException (bare __type)")
            << ScriptedResponse::awsError(400, u"TooManyRequestsException"_s, u"slow down"_s, {},
                                          true)
            << K::Throttling << u"TooManyRequestsException"_s << 3;
    QTest::newRow("500 InternalServerException")
            << error(500, u"InternalServerException"_s) << K::InternalServer
            << u"InternalServerException"_s << 3;
    QTest::newRow("502 empty body")
            << ScriptedResponse::json(502, {}) << K::InternalServer << QString() << 3;
    QTest::newRow("503 ServiceUnavailable") << error(503, u"ServiceUnavailable"_s)
                                            << K::InternalServer << u"ServiceUnavailable"_s << 3;
    QTest::newRow("504 html body") << ScriptedResponse::json(504, "<html>gateway</html>")
                                   << K::InternalServer << QString() << 3;
    QTest::newRow("501 not retried")
            << ScriptedResponse::json(501, {}) << K::InternalServer << QString() << 1;
    QTest::newRow("400 ValidationException") << ScriptedResponse::awsError(
            400, u"ValidationException"_s, u"bad"_s,
            QJsonObject{{u"Reason"_s, u"REQUEST_VALIDATION_FAILED"_s},
                        {u"ErrorList"_s, QJsonArray{QJsonObject{{u"FieldName"_s, u"Catalog"_s},
                                                                {u"Code"_s, u"INVALID_VALUE"_s},
                                                                {u"Message"_s, u"no"_s}}}}})
                                             << K::Validation << u"ValidationException"_s << 1;
    QTest::newRow("403 AccessDeniedException")
            << error(403, u"AccessDeniedException"_s) << K::AccessDenied
            << u"AccessDeniedException"_s << 1;
    QTest::newRow("404 ResourceNotFoundException")
            << error(404, u"ResourceNotFoundException"_s) << K::ResourceNotFound
            << u"ResourceNotFoundException"_s << 1;
    QTest::newRow("403 UnrecognizedClientException")
            << error(403, u"UnrecognizedClientException"_s) << K::Authentication
            << u"UnrecognizedClientException"_s << 1;
    QTest::newRow("403 InvalidSignatureException")
            << error(403, u"InvalidSignatureException"_s) << K::Authentication
            << u"InvalidSignatureException"_s << 1;
    QTest::newRow("409 ConflictException")
            << error(409, u"ConflictException"_s) << K::Service << u"ConflictException"_s << 1;
    QTest::newRow("400 SerializationException") << error(400, u"SerializationException"_s)
                                                << K::Service << u"SerializationException"_s << 1;
}

void tst_AwsClient::error_mapsToKindAndRetryDecision()
{
    QFETCH(ScriptedResponse, response);
    QFETCH(ApiError::Kind, kind);
    QFETCH(QString, type);
    QFETCH(int, attempts);

    TestServer server;
    server.setDefaultResponse(response);
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QVERIFY(call->isFinished());
    const ApiError &error = call->error();
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.type, type);
    QCOMPARE(error.httpStatus, response.status);
    QCOMPARE(error.attempts, attempts);
    QCOMPARE(server.requestCount(), attempts);
    QCOMPARE(error.requestId, QString::fromLatin1(response.header("x-amzn-RequestId")));
    QVERIFY(!call->errorString().isEmpty());
    if (kind == ApiError::Kind::Validation) {
        QCOMPARE(error.reason, u"REQUEST_VALIDATION_FAILED"_s);
        QCOMPARE(error.fieldErrors.size(), 1);
        QCOMPARE(error.fieldErrors.first().fieldName, u"Catalog"_s);
    }
}

void tst_AwsClient::attempts_neverExceedMaxAttempts_data()
{
    QTest::addColumn<int>("maxAttempts");
    QTest::addColumn<ScriptedResponse>("fault");
    for (int max : {1, 2, 3, 5}) {
        QTest::addRow("%d x 500", max)
                << max << ScriptedResponse::awsError(500, u"InternalServerException"_s, {});
        QTest::addRow("%d x 429", max)
                << max << ScriptedResponse::awsError(429, u"ThrottlingException"_s, {});
        QTest::addRow("%d x drop", max) << max << ScriptedResponse::drop();
    }
}

void tst_AwsClient::attempts_neverExceedMaxAttempts()
{
    QFETCH(int, maxAttempts);
    QFETCH(ScriptedResponse, fault);
    TestServer server;
    server.setDefaultResponse(fault);
    ClientConfig config = testConfig(server.url());
    config.retry.maxAttempts = maxAttempts;
    auto client = makeClient(config);
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QVERIFY(call->error().isError());
    QCOMPARE(call->error().attempts, maxAttempts);
    QVERIFY(nothingHappens(retryDeadlineMs(config),
                           [&] { return server.requestCount() > maxAttempts; }));
    QCOMPARE(server.requestCount(), maxAttempts);
}

void tst_AwsClient::fourAttempts_surviveThreeFaultsInARow_data()
{
    QTest::addColumn<QList<ScriptedResponse>>("faults");
    const ScriptedResponse throttle400
            = ScriptedResponse::awsError(400, u"ThrottlingException"_s, u"Rate exceeded"_s);
    const ScriptedResponse throttle429
            = ScriptedResponse::awsError(429, u"ThrottlingException"_s, u"Rate exceeded"_s);
    const ScriptedResponse internal
            = ScriptedResponse::awsError(500, u"InternalServerException"_s, u"oops"_s);
    const ScriptedResponse truncated = ScriptedResponse::page({u"O9"_s}, u"t"_s).truncatedAfter(12);
    QTest::newRow("throttling 400")
            << QList<ScriptedResponse>{throttle400, throttle400, throttle400};
    QTest::newRow("throttling 429")
            << QList<ScriptedResponse>{throttle429, throttle429, throttle429};
    QTest::newRow("500s") << QList<ScriptedResponse>{internal, internal, internal};
    QTest::newRow("dropped connections") << QList<ScriptedResponse>{
            ScriptedResponse::drop(), ScriptedResponse::drop(), ScriptedResponse::drop()};
    QTest::newRow("truncated bodies") << QList<ScriptedResponse>{truncated, truncated, truncated};
    QTest::newRow("mixed") << QList<ScriptedResponse>{throttle429, ScriptedResponse::drop(),
                                                      ScriptedResponse::json(503, {})};
}

void tst_AwsClient::fourAttempts_surviveThreeFaultsInARow()
{
    QFETCH(QList<ScriptedResponse>, faults);
    TestServer server;
    server.enqueue(faults);
    server.enqueue(ScriptedResponse::page({u"O1"_s, u"O2"_s}));
    ClientConfig config = testConfig(server.url());
    config.retry.maxAttempts = 4;
    auto client = makeClient(config);
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QVERIFY2(!call->error().isError(), qPrintable(call->error().summary()));
    QCOMPARE(call->error().attempts, 4);
    QCOMPARE(server.requestCount(), 4);
    QCOMPARE(ids(call->response()), (QStringList{u"O1"_s, u"O2"_s}));

    // Three attempts are not enough for the same faults.
    TestServer strict;
    strict.enqueue(faults);
    strict.enqueue(ScriptedResponse::page({u"O1"_s}));
    auto threeAttempts = makeClient(testConfig(strict.url()));
    ListOpportunitiesCall *failed = run(threeAttempts.get(), awsRequest());
    QVERIFY(failed->error().isError());
    QCOMPARE(strict.requestCount(), 3);
}

void tst_AwsClient::retrying_announcesAttemptAndJitteredDelay()
{
    TestServer server;
    server.enqueue({ScriptedResponse::json(500, {}),
                    ScriptedResponse::awsError(429, u"ThrottlingException"_s, {})});
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call
            = new ListOpportunitiesCall(client.get(), awsRequest(), client.get());
    QSignalSpy retrying(call, &ListOpportunitiesCall::retrying);
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    call->start();
    QVERIFY(finished.wait(5000));
    QVERIFY(!call->error().isError());
    QCOMPARE(retrying.size(), 2);
    // jitter 0.5: transient base 10 ms for retry 0, throttling base 20 ms doubled for retry 1
    QCOMPARE(retrying.at(0).at(0).toInt(), 2);
    QCOMPARE(retrying.at(0).at(1).toInt(), 5);
    QCOMPARE(retrying.at(0).at(2).value<ApiError>().kind, ApiError::Kind::InternalServer);
    QCOMPARE(retrying.at(1).at(0).toInt(), 3);
    QCOMPARE(retrying.at(1).at(1).toInt(), 20);
    QCOMPARE(retrying.at(1).at(2).value<ApiError>().kind, ApiError::Kind::Throttling);
    QCOMPARE(finished.size(), 1);
    QVERIFY(call->elapsedMs() >= 25);
}

void tst_AwsClient::retryHint_extendsBackoffWithinLimit_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("minDelay");
    QTest::addColumn<int>("maxDelay");
    // backoff with jitter 0.5 and throttling base 20 ms: 10 ms
    QTest::newRow("x-amz-retry-after ms") << "x-amz-retry-after"_ba
                                          << "300"_ba << 300 << 300;
    QTest::newRow("Retry-After seconds") << "Retry-After"_ba
                                         << "1"_ba << 1000 << 1000;
    QTest::newRow("Retry-After capped at backoff + 5 s") << "Retry-After"_ba
                                                         << "60"_ba << 5010 << 5010;
    QTest::newRow("hint below backoff") << "x-amz-retry-after"_ba
                                        << "1"_ba << 10 << 10;
    QTest::newRow("garbage hint ignored") << "Retry-After"_ba
                                          << "soon"_ba << 10 << 10;
}

void tst_AwsClient::retryHint_extendsBackoffWithinLimit()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(int, minDelay);
    QFETCH(int, maxDelay);
    TestServer server;
    server.enqueue(ScriptedResponse::awsError(429, u"ThrottlingException"_s, {})
                           .withHeader(header, value));
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call
            = new ListOpportunitiesCall(client.get(), awsRequest(), client.get());
    QSignalSpy retrying(call, &ListOpportunitiesCall::retrying);
    call->start();
    QVERIFY(retrying.wait(5000));
    const int delay = retrying.at(0).at(1).toInt();
    QVERIFY2(delay >= minDelay && delay <= maxDelay, QByteArray::number(delay).constData());
    call->abort();
}

void tst_AwsClient::retryBudget_exhausted_stopsRetrying()
{
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::json(500, {}));
    ClientConfig config = testConfig(server.url());
    config.retry.maxAttempts = 5;
    config.retry.initialRetryTokens = 30; // two transient retries at 14 tokens each
    auto client = makeClient(config);
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::InternalServer);
    QCOMPARE(call->error().attempts, 3);
    QCOMPARE(client->retryQuota()->available(), 2);

    // The budget is client-wide: the next call gets no retry at all.
    server.clearRequests();
    ListOpportunitiesCall *next = run(client.get(), awsRequest());
    QCOMPARE(next->error().attempts, 1);
    QCOMPARE(server.requestCount(), 1);

    // Successes refill it.
    server.setDefaultResponse(ScriptedResponse::page({}));
    run(client.get(), awsRequest());
    QCOMPARE(client->retryQuota()->available(), 3);
}

void tst_AwsClient::redirect_isNotFollowed()
{
    TestServer server;
    ScriptedResponse redirect;
    redirect.status = 307;
    redirect.headers = {{"Location", server.url().toString().toLatin1() + "/elsewhere"}};
    server.setDefaultResponse(redirect);
    const ClientConfig config = testConfig(server.url());
    auto client = makeClient(config);
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::Service);
    QCOMPARE(call->error().httpStatus, 307);
    QVERIFY(nothingHappens(retryDeadlineMs(config), [&] { return server.requestCount() > 1; }));
    QCOMPARE(server.requestCount(), 1);
}

void tst_AwsClient::droppedConnection_isRetried()
{
    TestServer server;
    server.enqueue({ScriptedResponse::drop(), ScriptedResponse::page({u"O1"_s})});
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QVERIFY2(!call->error().isError(), qPrintable(call->error().summary()));
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(ids(call->response()), QStringList{u"O1"_s});
}

void tst_AwsClient::truncatedBody_isRetried()
{
    TestServer server;
    server.enqueue({ScriptedResponse::page({u"O7"_s}).truncatedAfter(20),
                    ScriptedResponse::page({u"O1"_s})});
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call
            = new ListOpportunitiesCall(client.get(), awsRequest(), client.get());
    QSignalSpy retrying(call, &ListOpportunitiesCall::retrying);
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    call->start();
    QVERIFY(finished.wait(5000));
    QVERIFY2(!call->error().isError(), qPrintable(call->error().summary()));
    QCOMPARE(retrying.size(), 1);
    QCOMPARE(retrying.at(0).at(2).value<ApiError>().kind, ApiError::Kind::Network);
    QCOMPARE(ids(call->response()), QStringList{u"O1"_s});
}

void tst_AwsClient::truncatedBody_everyAttempt_isNetworkError()
{
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::page({u"O7"_s}).truncatedAfter(5));
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::Network);
    QCOMPARE(call->error().attempts, 3);
    QCOMPARE(server.requestCount(), 3);
}

void tst_AwsClient::timeout_serverNeverAnswers_timesOutAfterRetries()
{
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::neverRespond());
    ClientConfig config = testConfig(server.url());
    config.transferTimeoutMs = 150;
    auto client = makeClient(config);
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::Timeout);
    QCOMPARE(call->error().attempts, 3);
    QCOMPARE(server.requestCount(), 3);
    QVERIFY(call->elapsedMs() >= 3 * 150 * 9 / 10); // coarse timers may fire 5 % early
    QVERIFY(call->elapsedMs() < 5000);
}

void tst_AwsClient::connectionRefused_isReportedQuickly()
{
    QUrl endpoint;
    endpoint.setScheme(u"http"_s);
    endpoint.setHost(u"127.0.0.1"_s);
    endpoint.setPort(closedPort());
    auto client = makeClient(testConfig(endpoint));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::Network);
    QCOMPARE(call->error().httpStatus, 0);
    QCOMPARE(call->error().attempts, 3);
    QVERIFY2(call->elapsedMs() < 2000, QByteArray::number(call->elapsedMs()).constData());
}

void tst_AwsClient::tlsUntrustedCertificate_failsWithoutRetryOrRequest()
{
    if (!QSslSocket::supportsSsl()) {
        QSKIP("no TLS backend");
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(QByteArray(SelfSignedCertificate)));
    tls.setPrivateKey(QSslKey(QByteArray(SelfSignedKey), QSsl::Ec));
    QVERIFY(!tls.localCertificate().isNull());
    QVERIFY(!tls.privateKey().isNull());
    QSslServer server;
    server.setSslConfiguration(tls);
    QSignalSpy handshakes(&server, &QSslServer::startedEncryptionHandshake);
    QSignalSpy encrypted(&server, &QSslServer::pendingConnectionAvailable);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    QUrl endpoint;
    endpoint.setScheme(u"https"_s);
    endpoint.setHost(u"localhost"_s);
    endpoint.setPort(server.serverPort());
    auto client = makeClient(testConfig(endpoint));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::Network);
    QCOMPARE(call->error().attempts, 1);
    QVERIFY(!call->error().message.isEmpty());
    QCOMPARE(handshakes.size(), 1);
    QCOMPARE(encrypted.size(), 0);
}

void tst_AwsClient::abort_duringRequest_cancelsAndSendsNothingMore()
{
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::neverRespond());
    const ClientConfig config = testConfig(server.url());
    auto client = makeClient(config);
    ListOpportunitiesCall *call
            = new ListOpportunitiesCall(client.get(), awsRequest(), client.get());
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    QSignalSpy received(&server, &TestServer::requestReceived);
    call->start();
    QVERIFY(received.wait(5000));
    call->abort();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(call->error().kind, ApiError::Kind::Cancelled);
    QVERIFY(call->isFinished());
    // The connection of the abandoned attempt is closed, and no retry follows.
    QCOMPARE(client->httpClient()->connectionCount(), 0);
    QVERIFY(nothingHappens(retryDeadlineMs(config),
                           [&] { return finished.size() > 1 || server.requestCount() > 1; }));
}

void tst_AwsClient::abort_duringBackoff_cancelsAndSendsNothingMore()
{
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::json(503, {}));
    ClientConfig config = testConfig(server.url());
    config.retry.transientBaseMs = 400;
    config.retry.maxBackoffMs = 20000;
    auto client = makeClient(config);
    ListOpportunitiesCall *call
            = new ListOpportunitiesCall(client.get(), awsRequest(), client.get());
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    QSignalSpy retrying(call, &ListOpportunitiesCall::retrying);
    call->start();
    QVERIFY(retrying.wait(5000));
    call->abort();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(call->error().kind, ApiError::Kind::Cancelled);
    QCOMPARE(call->error().attempts, 1);
    // The retry would have been sent when the announced backoff ran out.
    const int backoff = retrying.at(0).at(1).toInt();
    QVERIFY(backoff > 0);
    QVERIFY(nothingHappens(backoff + DeliveryMs,
                           [&] { return finished.size() > 1 || server.requestCount() > 1; }));
}

void tst_AwsClient::abort_afterFinish_changesNothing()
{
    TestServer server;
    const ClientConfig config = testConfig(server.url());
    auto client = makeClient(config);
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    call->abort();
    QCOMPARE(finished.size(), 0);
    QVERIFY(!call->error().isError());

    // Aborting before the first attempt left finishes once, with Cancelled, and sends nothing.
    ListOpportunitiesCall *early
            = new ListOpportunitiesCall(client.get(), awsRequest(), client.get());
    QSignalSpy earlyFinished(early, &ListOpportunitiesCall::finished);
    early->start();
    early->abort();
    QCOMPARE(earlyFinished.size(), 1);
    QCOMPARE(early->error().kind, ApiError::Kind::Cancelled);
    QVERIFY(nothingHappens(retryDeadlineMs(config),
                           [&] { return earlyFinished.size() > 1 || server.requestCount() > 1; }));
}

void tst_AwsClient::abort_whileWaitingForRateLimit_sendsNothing()
{
    TestServer server;
    ClientConfig config = testConfig(server.url());
    config.maxRequestsPerSecond = 2; // burst of 2, then one token every 500 ms
    auto client = makeClient(config);
    run(client.get(), awsRequest());
    run(client.get(), awsRequest());
    QCOMPARE(server.requestCount(), 2);

    ListOpportunitiesCall *waiting
            = new ListOpportunitiesCall(client.get(), awsRequest(), client.get());
    QSignalSpy finished(waiting, &ListOpportunitiesCall::finished);
    waiting->start();
    QTRY_COMPARE(client->rateLimiter()->waitingCount(), 1);
    QCOMPARE(server.requestCount(), 2);
    waiting->abort();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(waiting->error().kind, ApiError::Kind::Cancelled);
    QCOMPARE(client->rateLimiter()->waitingCount(), 0);

    // The limiter grants in order: had the aborted call kept its place, it would be sent with
    // the next token, before this one.
    ListOpportunitiesRequest marked = awsRequest();
    marked.maxResults = 7;
    ListOpportunitiesCall *next = run(client.get(), marked);
    QVERIFY(!next->error().isError());
    QCOMPARE(server.requestCount(), 3);
    QVERIFY(server.lastRequest().body.contains("\"MaxResults\":7"));
    QCOMPARE(finished.size(), 1);
}

void tst_AwsClient::deleteCall_duringRequest_isSafe()
{
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::page({u"O1"_s}).withDelay(100));
    auto client = makeClient(testConfig(server.url()));
    QSignalSpy received(&server, &TestServer::requestReceived);
    ListOpportunitiesCall *call = new ListOpportunitiesCall(client.get(), awsRequest());
    call->start();
    QVERIFY(received.wait(5000));
    delete call;
    // Its connection is closed at once, so the late response has nowhere to go.
    QCOMPARE(client->httpClient()->connectionCount(), 0);
    // The client still works afterwards.
    ListOpportunitiesCall *next = run(client.get(), awsRequest());
    QVERIFY(!next->error().isError());
}

void tst_AwsClient::destroyClient_duringRequest_finishesCancelled()
{
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::neverRespond());
    auto client = makeClient(testConfig(server.url()));
    QObject owner;
    ListOpportunitiesCall *call = new ListOpportunitiesCall(client.get(), awsRequest(), &owner);
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    QSignalSpy received(&server, &TestServer::requestReceived);
    call->start();
    QVERIFY(received.wait(5000));
    client.reset();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(call->error().kind, ApiError::Kind::Cancelled);
}

void tst_AwsClient::oversizedResponse_isAbandonedWithoutRetry()
{
    TestServer server;
    ScriptedResponse huge = ScriptedResponse::page({u"O1"_s});
    huge.headers.append({"Content-Length", QByteArray::number(AwsJsonCall::MaxResponseBytes + 1)});
    server.setDefaultResponse(huge);
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::InvalidResponse);
    QCOMPARE(call->error().attempts, 1);
    QCOMPARE(server.requestCount(), 1);
}

void tst_AwsClient::hostileResponse_handledWithoutCrash_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("rows"); ///< -1: refused as InvalidResponse

    const QByteArray hugeName(8 * 1024 * 1024, 'x');
    QByteArray manyItems = R"({"OpportunitySummaries":[)"_ba;
    for (int i = 0; i < 5000; ++i) {
        manyItems += (i ? ","_ba : QByteArray()) + R"({"Catalog":"AWS","Id":"O)"_ba
                     + QByteArray::number(i) + R"("})"_ba;
    }
    manyItems += "]}";
    const QByteArray deep = QByteArray(200000, '[') + QByteArray(200000, ']');

    QTest::newRow("id is a number") << R"({"OpportunitySummaries":[{"Id":5}]})"_ba << -1;
    QTest::newRow("summaries is a string") << R"({"OpportunitySummaries":"O1"})"_ba << -1;
    QTest::newRow("next token is an object")
            << R"({"OpportunitySummaries":[],"NextToken":{"a":1}})"_ba << -1;
    QTest::newRow("stage is a list")
            << R"({"OpportunitySummaries":[{"LifeCycle":{"Stage":["Won"]}}]})"_ba << -1;
    QTest::newRow("html error page with 200") << "<html><body>Bad gateway</body></html>"_ba << -1;
    QTest::newRow("deeply nested unknown member")
            << R"({"OpportunitySummaries":[],"Extra":)"_ba + deep + "}" << -1;
    QTest::newRow("deeply nested summaries") << R"({"OpportunitySummaries":)"_ba + deep + "}" << -1;
    QTest::newRow("8 MB company name")
            << R"({"OpportunitySummaries":[{"Customer":{"Account":{"CompanyName":")"_ba + hugeName
                       + R"("}}}]})"_ba
            << 1;
    QTest::newRow("5000 items for MaxResults 10") << manyItems << 5000;
}

void tst_AwsClient::hostileResponse_handledWithoutCrash()
{
    QFETCH(QByteArray, body);
    QFETCH(int, rows);
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::json(200, body));
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesRequest request = awsRequest();
    request.maxResults = 10;
    ListOpportunitiesCall *call = run(client.get(), request, 30000);
    QVERIFY(call->isFinished());
    if (rows < 0) {
        QCOMPARE(call->error().kind, ApiError::Kind::InvalidResponse);
        QVERIFY(call->response().opportunitySummaries.isEmpty());
    } else {
        QVERIFY2(!call->error().isError(), qPrintable(call->error().summary()));
        QCOMPARE(call->response().opportunitySummaries.size(), rows);
    }
}

void tst_AwsClient::clockSkew_serverAhead_resignsOnceAndSucceeds()
{
    constexpr qint64 Skew = 15 * 60 * 1000;
    TestServer server;
    server.setClockOffsetMs(Skew);
    server.enqueue(ScriptedResponse::awsError(
            403, u"InvalidSignatureException"_s,
            u"Signature expired: 20260807T120000Z is now earlier than 20260807T121000Z "
            "(20260807T122500Z - 15 min.)"_s));
    server.enqueue(ScriptedResponse::page({u"O1"_s}));
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QVERIFY2(!call->error().isError(), qPrintable(call->error().summary()));
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(call->error().attempts, 2);
    QVERIFY(std::abs(client->clockOffsetMs() - Skew) <= 2000);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime firstDate = fromAmzDate(server.request(0).header("X-Amz-Date"));
    const QDateTime secondDate = fromAmzDate(server.request(1).header("X-Amz-Date"));
    QVERIFY(std::abs(firstDate.secsTo(now)) <= 5);
    QVERIFY2(std::abs(secondDate.secsTo(now.addMSecs(Skew))) <= 5,
             secondDate.toString(Qt::ISODate).toLatin1());
    QCOMPARE(server.request(1).header("Authorization"),
             expectedAuthorization(server.request(1), u"us-east-1"_s, u"partnercentral-selling"_s));
    QVERIFY(server.request(1).header("Authorization") != server.request(0).header("Authorization"));
}

void tst_AwsClient::clockSkew_persistentAuthError_retriedOnlyOnce()
{
    TestServer server;
    server.setClockOffsetMs(-20 * 60 * 1000);
    server.setDefaultResponse(ScriptedResponse::awsError(403, u"InvalidSignatureException"_s,
                                                         u"Signature not yet current"_s));
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::Authentication);
    QCOMPARE(call->error().attempts, 2);
    QCOMPARE(server.requestCount(), 2);

    // The offset is learnt now, so a later call is not retried again.
    ListOpportunitiesCall *next = run(client.get(), awsRequest());
    QCOMPARE(next->error().attempts, 1);
    QCOMPARE(server.requestCount(), 3);
}

void tst_AwsClient::clockSkew_smallSkew_notRetried()
{
    TestServer server;
    server.setClockOffsetMs(2 * 60 * 1000);
    server.setDefaultResponse(ScriptedResponse::awsError(403, u"InvalidSignatureException"_s,
                                                         u"The request signature we calculated "
                                                         "does not match"_s));
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::Authentication);
    QCOMPARE(server.requestCount(), 1);
    QVERIFY(std::abs(client->clockOffsetMs() - 2 * 60 * 1000) <= 2000);
}

void tst_AwsClient::clockOffset_learntFromDateHeader()
{
    TestServer server;
    server.setClockOffsetMs(-3600 * 1000);
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesCall *call = run(client.get(), awsRequest());
    QVERIFY(!call->error().isError());
    QVERIFY(std::abs(client->clockOffsetMs() + 3600 * 1000) <= 2000);
    run(client.get(), awsRequest());
    const QDateTime signedAt = fromAmzDate(server.lastRequest().header("X-Amz-Date"));
    QVERIFY(std::abs(signedAt.secsTo(QDateTime::currentDateTimeUtc().addSecs(-3600))) <= 3);
}

void tst_AwsClient::clockOffset_ignoredWithAgeHeaderOrWhenDisabled()
{
    TestServer server;
    server.setClockOffsetMs(3600 * 1000);
    server.enqueue(ScriptedResponse::page({}).withHeader("Age", "10"));
    auto client = makeClient(testConfig(server.url()));
    run(client.get(), awsRequest());
    QCOMPARE(client->clockOffsetMs(), 0);

    ClientConfig config = testConfig(server.url());
    config.clockSkewCorrection = false;
    auto disabled = makeClient(config);
    run(disabled.get(), awsRequest());
    QCOMPARE(disabled->clockOffsetMs(), 0);
}

void tst_AwsClient::plainHttpNonLoopback_refusedBeforeConnecting()
{
    // 192.0.2.0/24 is TEST-NET-1: a connection attempt would hang, not fail.
    auto client = makeClient(testConfig(QUrl(u"http://192.0.2.10:8080"_s)));
    QVERIFY(!client->configError().isEmpty());
    QVERIFY(client->configError().contains(u"http://192.0.2.10:8080"_s));
    ListOpportunitiesCall *call = run(client.get(), awsRequest(), 2000);
    QVERIFY(call->isFinished());
    QCOMPARE(call->error().kind, ApiError::Kind::Configuration);
    QCOMPARE(call->error().attempts, 0);
    QVERIFY(call->elapsedMs() < 500);
}

void tst_AwsClient::endpointProblem_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("https service") << u"https://partnercentral-selling.us-east-1.api.aws"_s << true;
    QTest::newRow("https any host") << u"https://10.0.0.1:8443"_s << true;
    QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:4566"_s << true;
    QTest::newRow("http 127.8.9.10") << u"http://127.8.9.10"_s << true;
    QTest::newRow("http [::1]") << u"http://[::1]:8080"_s << true;
    QTest::newRow("http localhost") << u"http://localhost:4566"_s << true;
    QTest::newRow("http LOCALHOST") << u"http://LOCALHOST"_s << true;
    QTest::newRow("http private address") << u"http://10.0.0.1"_s << false;
    QTest::newRow("http 0.0.0.0") << u"http://0.0.0.0:80"_s << false;
    QTest::newRow("http remote host")
            << u"http://partnercentral-selling.us-east-1.api.aws"_s << false;
    QTest::newRow("http localhost lookalike") << u"http://localhost.example.com"_s << false;
    QTest::newRow("http loopback lookalike") << u"http://127.0.0.1.nip.io"_s << false;
    QTest::newRow("ftp") << u"ftp://127.0.0.1"_s << false;
    QTest::newRow("no scheme") << u"partnercentral-selling.us-east-1.api.aws"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_AwsClient::endpointProblem()
{
    QFETCH(QString, endpoint);
    QFETCH(bool, accepted);
    const QString problem = EndpointPolicy::problem(QUrl(endpoint));
    QVERIFY2(problem.isEmpty() == accepted, qPrintable(problem));
}

void tst_AwsClient::start_sendsAtOnceOnlyWithCredentialsAtHand()
{
    TestServer server;
    QVERIFY(server.isListening());
    const ClientConfig config = testConfig(server.url());

    // Credentials at hand: the request is signed and on its way when start() returns, and
    // finished() still comes from the event loop.
    AwsClient atHand(config,
                     std::make_shared<StaticCredentialsProvider>(credentials(false), u"test"_s));
    ListOpportunitiesCall *call = new ListOpportunitiesCall(&atHand, awsRequest(), &atHand);
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    call->start();
    QCOMPARE(atHand.httpClient()->connectionCount(), 1);
    QCOMPARE(finished.size(), 0);
    QVERIFY(finished.wait(10000));
    QVERIFY2(!call->error().isError(), qPrintable(call->error().summary()));

    // Credentials that only fetch() hands out: nothing is sent before the event loop runs.
    auto later = makeClient(config);
    ListOpportunitiesCall *deferred
            = new ListOpportunitiesCall(later.get(), awsRequest(), later.get());
    QSignalSpy deferredFinished(deferred, &ListOpportunitiesCall::finished);
    deferred->start();
    QCOMPARE(later->httpClient()->connectionCount(), 0);
    QVERIFY(deferredFinished.wait(10000));
    QVERIFY2(!deferred->error().isError(), qPrintable(deferred->error().summary()));
    QCOMPARE(server.requestCount(), 2);
}

void tst_AwsClient::localValidationFailure_sendsNothing()
{
    TestServer server;
    auto client = makeClient(testConfig(server.url()));
    ListOpportunitiesRequest request = awsRequest();
    request.catalog = u"aws-prod"_s;
    request.maxResults = 101;
    ListOpportunitiesCall *call = new ListOpportunitiesCall(client.get(), request, client.get());
    QSignalSpy finished(call, &ListOpportunitiesCall::finished);
    call->start();
    QCOMPARE(finished.size(), 0); // never inside start()
    QVERIFY(finished.wait(2000));
    QCOMPARE(call->error().kind, ApiError::Kind::LocalValidation);
    QVERIFY(call->error().fieldErrors.size() >= 2);
    // No connection was opened, so nothing can reach the server later.
    QCOMPARE(client->httpClient()->connectionCount(), 0);
    QCOMPARE(server.requestCount(), 0);
    QCOMPARE(server.connectionCount(), 0);
}

void tst_AwsClient::credentialsFailure_isConfigurationError()
{
    TestServer server;
    auto provider = std::make_shared<TestCredentialsProvider>(
            AwsCredentials{}, u"The profile \"sales\" has no aws_secret_access_key."_s);
    AwsClient client(testConfig(server.url()), provider);
    ListOpportunitiesCall *call = run(&client, awsRequest());
    QCOMPARE(call->error().kind, ApiError::Kind::Configuration);
    QCOMPARE(call->error().message, u"The profile \"sales\" has no aws_secret_access_key."_s);
    QCOMPARE(provider->fetchCount, 1);
    QCOMPARE(server.requestCount(), 0);
}

void tst_AwsClient::debugLog_redactsSecrets()
{
    TestServer server;
    server.enqueue(ScriptedResponse::json(500, {}));
    server.enqueue(ScriptedResponse::page({u"O1"_s}));
    auto client = makeClient(testConfig(server.url()), true);
    ListOpportunitiesRequest request = awsRequest();
    request.customerCompanyName = QStringList{u"Sensitive Customer Inc"_s};

    capturedLog.clear();
    QLoggingCategory::setFilterRules(u"partnerdesk.*=true"_s);
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
    ListOpportunitiesCall *call = run(client.get(), request);
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(!call->error().isError());

    const QString log = capturedLog.join(u'\n');
    QVERIFY(log.contains(u"AWSPartnerCentralSelling.ListOpportunities"_s));
    QVERIFY(log.contains(u"attempt=2"_s));
    QVERIFY(log.contains(u"status=500"_s));
    QVERIFY(log.contains(u"Authorization: REDACTED"_s));
    QVERIFY(log.contains(u"X-Amz-Security-Token: REDACTED"_s));
    QVERIFY(!log.contains(SecretKey));
    QVERIFY(!log.contains(SessionToken));
    QVERIFY(!log.contains(u"Signature="_s));
    QVERIFY(!log.contains(u"Sensitive Customer"_s));
    const QString signature = QString::fromLatin1(
            SigV4Signer::parseAuthorization(server.lastRequest().header("Authorization"))
                    .signature);
    QVERIFY(!log.contains(signature));
}

void tst_AwsClient::backoff_isFullJitterExponential_data()
{
    QTest::addColumn<bool>("throttling");
    QTest::addColumn<int>("retryIndex");
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("expected");
    QTest::newRow("transient first, r=0") << false << 0 << 0.0 << 0;
    QTest::newRow("transient first, r=0.5") << false << 0 << 0.5 << 25;
    QTest::newRow("transient second, r=0.5") << false << 1 << 0.5 << 50;
    QTest::newRow("transient third, r=0.999") << false << 2 << 0.999 << 199;
    QTest::newRow("throttling first, r=0.5") << true << 0 << 0.5 << 500;
    QTest::newRow("throttling second, r=0.25") << true << 1 << 0.25 << 500;
    QTest::newRow("throttling capped at 20 s") << true << 10 << 0.5 << 10000;
    QTest::newRow("huge index capped") << true << 1000 << 0.999 << 19980;
    QTest::newRow("r=1 stays below cap") << true << 30 << 1.0 << 19999;
}

void tst_AwsClient::backoff_isFullJitterExponential()
{
    QFETCH(bool, throttling);
    QFETCH(int, retryIndex);
    QFETCH(double, random);
    QFETCH(int, expected);
    const RetryConfig config; // the standard mode: 1000 ms / 50 ms bases, 20 s cap
    QCOMPARE(AwsJsonCall::backoffMs(config,
                                    throttling ? AwsJsonCall::RetryClass::Throttling
                                               : AwsJsonCall::RetryClass::Transient,
                                    retryIndex, random),
             expected);
}

void tst_AwsClient::backoff_staysWithinBounds()
{
    TestServer server;
    auto client = std::make_unique<AwsClient>(
            testConfig(server.url()),
            std::make_shared<TestCredentialsProvider>(credentials(false)));
    const RetryConfig config;
    for (int i = 0; i < 2000; ++i) {
        const double r = client->nextJitter();
        QVERIFY(r >= 0.0 && r <= 1.0);
        const int retryIndex = i % 8;
        const int delay = AwsJsonCall::backoffMs(config, AwsJsonCall::RetryClass::Throttling,
                                                 retryIndex, r);
        QVERIFY(delay >= 0);
        QVERIFY(delay <= std::min(1000 << retryIndex, 20000));
    }
    QCOMPARE(AwsJsonCall::applyRetryHint(100, -1), 100);
    QCOMPARE(AwsJsonCall::applyRetryHint(100, 50), 100);
    QCOMPARE(AwsJsonCall::applyRetryHint(100, 2000), 2000);
    QCOMPARE(AwsJsonCall::applyRetryHint(100, 60000), 5100);
}

void tst_AwsClient::parseHttpDate_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QDateTime>("expected");
    const QDateTime reference(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC);
    QTest::newRow("IMF-fixdate") << "Sun, 06 Nov 1994 08:49:37 GMT"_ba << reference;
    QTest::newRow("RFC 850") << "Sunday, 06-Nov-94 08:49:37 GMT"_ba << reference;
    QTest::newRow("asctime") << "Sun Nov  6 08:49:37 1994"_ba << reference;
    QTest::newRow("2026") << "Fri, 07 Aug 2026 12:00:00 GMT"_ba
                          << QDateTime(QDate(2026, 8, 7), QTime(12, 0), Qt::UTC);
    QTest::newRow("surrounding spaces") << "  Sun, 06 Nov 1994 08:49:37 GMT "_ba << reference;
    QTest::newRow("empty") << QByteArray() << QDateTime();
    QTest::newRow("no zone") << "Sun, 06 Nov 1994 08:49:37"_ba << QDateTime();
    QTest::newRow("bad month") << "Sun, 06 Foo 1994 08:49:37 GMT"_ba << QDateTime();
    QTest::newRow("bad time") << "Sun, 06 Nov 1994 25:49:37 GMT"_ba << QDateTime();
    QTest::newRow("bad day") << "Sun, 31 Nov 1994 08:49:37 GMT"_ba << QDateTime();
    QTest::newRow("seconds only") << "120"_ba << QDateTime();
}

void tst_AwsClient::parseHttpDate()
{
    QFETCH(QByteArray, text);
    QFETCH(QDateTime, expected);
    const QDateTime parsed = AwsJsonCall::parseHttpDate(text);
    QCOMPARE(parsed.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(parsed, expected);
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
    }
    const QDateTime roundTrip(QDate(2026, 8, 7), QTime(1, 2, 3), Qt::UTC);
    QCOMPARE(AwsJsonCall::parseHttpDate(TestServer::httpDate(roundTrip)), roundTrip);
}

void tst_AwsClient::loggableHeaderValue_redactsCredentials()
{
    QCOMPARE(AwsJsonCall::loggableHeaderValue("Authorization", "AWS4-HMAC-SHA256 Credential=x"),
             "REDACTED"_ba);
    QCOMPARE(AwsJsonCall::loggableHeaderValue("authorization", "x"), "REDACTED"_ba);
    QCOMPARE(AwsJsonCall::loggableHeaderValue("X-Amz-Security-Token", "tok"), "REDACTED"_ba);
    QCOMPARE(AwsJsonCall::loggableHeaderValue("x-amz-security-token", "tok"), "REDACTED"_ba);
    QCOMPARE(AwsJsonCall::loggableHeaderValue("X-Amz-Date", "20260807T120000Z"),
             "20260807T120000Z"_ba);
}

void tst_AwsClient::testServer_answersSeveralRequestsPerConnection()
{
    TestServer server;
    server.enqueue({ScriptedResponse::json(200, "{\"a\":1}"), ScriptedResponse::json(201, "{}")});
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(socket.waitForConnected(2000));
    // Two pipelined requests in one write, the second split across two writes.
    socket.write("POST /one HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                 "POST /two HTTP/1.1\r\nHost: x\r\nX-A:  spaced  \r\nContent-Length: 2\r\n\r\n");
    socket.flush();
    QTRY_COMPARE(server.requestCount(), 1);
    socket.write("xy");
    QTRY_COMPARE(server.requestCount(), 2);
    QTRY_VERIFY(socket.bytesAvailable() > 0 && socket.peek(4096).count("HTTP/1.1") == 2);
    const QByteArray answers = socket.readAll();
    QVERIFY(answers.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(answers.contains("\r\n\r\n{\"a\":1}HTTP/1.1 201 "));
    QCOMPARE(server.request(0).target, "/one"_ba);
    QCOMPARE(server.request(0).body, "abc"_ba);
    QCOMPARE(server.request(1).target, "/two"_ba);
    QCOMPARE(server.request(1).header("x-a"), "spaced"_ba);
    QCOMPARE(server.request(1).body, "xy"_ba);
    QCOMPARE(server.request(1).raw,
             "POST /two HTTP/1.1\r\nHost: x\r\nX-A:  spaced  \r\nContent-Length: 2\r\n\r\nxy"_ba);
    QCOMPARE(server.request(0).connection, server.request(1).connection);
    QCOMPARE(server.connectionCount(), 1);
}

QTEST_GUILESS_MAIN(tst_AwsClient)
#include "tst_awsclient.moc"
