// Tests of the emulator library over real loopback sockets: query semantics on a small data
// set, paging tokens, authentication, validation, routing, faults, HTTP robustness, the
// generated data as served, and EmulatorThread.
#include "datasetgenerator.h"
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "httpconnection.h"
#include "listopportunitiesrequest.h"
#include "opportunitysummary.h"
#include "sigv4signer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

namespace {

constexpr auto AccessKey = "AKIDEMULATORTEST";
constexpr auto SecretKey = "emulator-test-secret";
constexpr auto ListTarget = "AWSPartnerCentralSelling.ListOpportunities";

/// Ten summaries in AWS and two in Sandbox, chosen for sort ties, missing values, identifiers
/// of different lengths and company names that differ only in case (the expected orders below
/// are worked out by hand from this file).
const QString SmallDataFile = QStringLiteral(PD_SOURCE_DIR "/tests/data/emulator-small.json");

struct HttpReply
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const HttpHeader &h : headers) {
            if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
                return h.value;
            }
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString type() const { return json().value("__type"_L1).toString(); }
    QString message() const
    {
        const QJsonObject object = json();
        return object.contains("Message"_L1) ? object.value("Message"_L1).toString()
                                             : object.value("message"_L1).toString();
    }
};

/// A raw HTTP/1.1 keep-alive client. Waits with QTest::qWaitFor, so a server in the same
/// thread keeps running.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead,
                         [this] { m_received.append(m_socket.readAll()); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_connected = QTest::qWaitFor(
                [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }

    bool wasConnected() const { return m_connected; }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool waitForClose(int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
                [this] { return m_socket.state() == QAbstractSocket::UnconnectedState; },
                timeoutMs);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    QByteArray &received() { return m_received; }
    QByteArray interim; ///< "HTTP/1.1 100 Continue" lines seen

    /// The next complete response, or std::nullopt after the timeout or a close.
    std::optional<HttpReply> next(int timeoutMs = 5000)
    {
        std::optional<HttpReply> reply;
        const bool done = QTest::qWaitFor(
                [&] {
                    reply = take();
                    return reply.has_value()
                           || m_socket.state() == QAbstractSocket::UnconnectedState;
                },
                timeoutMs);
        if (done && !reply) {
            reply = take();
        }
        return reply;
    }

private:
    std::optional<HttpReply> take()
    {
        while (true) {
            const qsizetype headEnd = m_received.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return std::nullopt;
            }
            const QList<QByteArray> lines = m_received.left(headEnd).split('\n');
            HttpReply reply;
            reply.status = lines.first().split(' ').value(1).toInt();
            if (reply.status == 100) {
                interim.append(m_received.left(headEnd + 4));
                m_received.remove(0, headEnd + 4);
                continue;
            }
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                reply.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
            }
            const qsizetype length = reply.header("content-length").toLongLong();
            if (m_received.size() < headEnd + 4 + length) {
                return std::nullopt;
            }
            reply.body = m_received.mid(headEnd + 4, length);
            m_received.remove(0, headEnd + 4 + length);
            return reply;
        }
    }

    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_connected = false;
};

struct SignOptions
{
    QString accessKey = QLatin1StringView(AccessKey);
    QString secretKey = QLatin1StringView(SecretKey);
    QString sessionToken;
    QString region = u"us-east-1"_s;
    QString service = u"partnercentral-selling"_s;
    qint64 clockOffsetSecs = 0;
    QByteArray method = "POST"_ba;
    QByteArray path = "/"_ba;
    QByteArray target = ListTarget;
    QByteArray contentType = "application/x-amz-json-1.0"_ba;
    bool sign = true;
    bool signToken = true;
    bool addContentSha256 = true;
    HttpHeaders unsignedHeaders; ///< added after signing
    QByteArray bodyOnWire; ///< sent instead of the signed body when not null
    std::optional<QByteArray> authorization; ///< replaces the computed Authorization
};

QByteArray signedRequest(quint16 port, const QByteArray &body, const SignOptions &o = {})
{
    SignableRequest request;
    request.method = o.method;
    request.path = o.path;
    request.body = body;
    request.headers.append({"Host"_ba, "127.0.0.1:"_ba + QByteArray::number(port)});
    if (!o.contentType.isNull()) {
        request.headers.append({"Content-Type"_ba, o.contentType});
    }
    if (!o.target.isNull()) {
        request.headers.append({"X-Amz-Target"_ba, o.target});
    }
    HttpHeaders headers = request.headers;
    if (o.sign) {
        AwsCredentials credentials;
        credentials.accessKeyId = o.accessKey;
        credentials.secretAccessKey = o.secretKey;
        credentials.sessionToken = o.sessionToken;
        SigningParams params;
        params.region = o.region;
        params.service = o.service;
        params.time = QDateTime::currentDateTimeUtc().addSecs(o.clockOffsetSecs);
        params.addContentSha256Header = o.addContentSha256;
        params.omitSessionToken = !o.signToken;
        const SignedParts parts = SigV4Signer::signHeaders(request, credentials, params);
        for (const HttpHeader &added : parts.addedHeaders) {
            if (added.name == "Authorization" && o.authorization) {
                headers.append({added.name, *o.authorization});
            } else {
                headers.append(added);
            }
        }
    }
    headers.append(o.unsignedHeaders);
    const QByteArray wireBody = o.bodyOnWire.isNull() ? body : o.bodyOnWire;
    QByteArray out = o.method + ' ' + o.path + " HTTP/1.1\r\n";
    for (const HttpHeader &header : headers) {
        out.append(header.name).append(": ").append(header.value).append("\r\n");
    }
    out.append("Content-Length: ").append(QByteArray::number(wireBody.size())).append("\r\n\r\n");
    out.append(wireBody);
    return out;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

QStringList ids(const QJsonObject &page)
{
    QStringList out;
    for (const QJsonValue &item : page.value("OpportunitySummaries"_L1).toArray()) {
        out.append(item.toObject().value("Id"_L1).toString());
    }
    return out;
}

EmulatorOptions baseOptions()
{
    EmulatorOptions options;
    options.accessKey = QLatin1StringView(AccessKey);
    options.secretKey = QLatin1StringView(SecretKey);
    options.count = 60;
    options.sandboxCount = 5;
    return options;
}

} // namespace

class tst_Emulator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void listing_followsDocumentedSemantics_data();
    void listing_followsDocumentedSemantics();
    void defaultPageSize_is20AndLastPageHasNoToken();
    void nextToken_isStableAndIgnoresPageSize();
    void nextToken_forgedOrFromAnotherQuery_isValidationException_data();
    void nextToken_forgedOrFromAnotherQuery_isValidationException();

    void authentication_refusesLikeAws_data();
    void authentication_refusesLikeAws();
    void sessionToken_mustMatchAndBeSigned();
    void clockSkew_shiftsDateAndSignatureWindow();

    void validation_reportsFieldErrors_data();
    void validation_reportsFieldErrors();
    void routing_refusesOtherOperationsAndBodies_data();
    void routing_refusesOtherOperationsAndBodies();
    void responses_carryRequestIdDateAndKeepAlive();

    void throttleEvery_returnsThrottlingWithConfiguredStatus_data();
    void throttleEvery_returnsThrottlingWithConfiguredStatus();
    void errorEvery_returnsInternalServerException();
    void dropEvery_closesMidBody();
    void latency_delaysWithoutBlocking();
    void rateLimit_throttlesBeyondBudget();
    void failNextAndDropNext_injectAtRuntime();
    void latencySpikes_delayEveryKthRequest();
    void deniedCatalog_isAccessDenied();
    void wireVariants_shortAndTrailingEmptyPages_listExactly();
    void wireVariants_bareTypesWithoutHeader();
    void wireVariants_explicitNullsAndAsciiJson_parseToTheSameSummaries();

    void http_garbageClosesWithoutAnswer();
    void http_oversizedHeadersAndBodiesAreRefused();
    void http_transferEncodingIsNotImplemented();
    void http_pipelinedRequestsAreAnsweredInOrder();
    void http_expectContinueGetsInterimResponse();
    void http_pipelinedFloodIsAnsweredCompletelyInOrder();

    void log_hasOneLinePerRequestWithoutSecrets();
    void dataJson_servesTheGeneratedSummaries();
    void dataFile_invalid_failsToStart();
    void thread_servesWhileOwnerIsBusyAndStops();

private:
    EmulatorServer *startSmallServer(EmulatorOptions options = baseOptions());
    HttpReply call(quint16 port, const QByteArray &body, const SignOptions &options = {});
    QStringList listAll(quint16 port, QJsonObject query, int pageSize);

    QTemporaryDir m_dir;
    QString m_dataFile;
};

void tst_Emulator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dataFile = SmallDataFile;
    QVERIFY(QFile::exists(m_dataFile));
}

EmulatorServer *tst_Emulator::startSmallServer(EmulatorOptions options)
{
    if (options.dataFile.isEmpty() && options.count == baseOptions().count) {
        options.dataFile = m_dataFile;
    }
    auto *server = new EmulatorServer(this);
    QString error;
    if (!server->start(options, &error)) {
        qWarning() << "start failed:" << error;
        delete server;
        return nullptr;
    }
    return server;
}

HttpReply tst_Emulator::call(quint16 port, const QByteArray &body, const SignOptions &options)
{
    RawClient client(port);
    client.send(signedRequest(port, body, options));
    return client.next().value_or(HttpReply());
}

QStringList tst_Emulator::listAll(quint16 port, QJsonObject query, int pageSize)
{
    RawClient client(port);
    QStringList out;
    query.insert("MaxResults"_L1, pageSize);
    for (int page = 0; page < 1000; ++page) {
        client.send(signedRequest(port, json(query)));
        const std::optional<HttpReply> reply = client.next();
        if (!reply || reply->status != 200) {
            qWarning() << "page failed:" << (reply ? reply->body : "no reply"_ba);
            return {u"<error>"_s};
        }
        const QJsonObject body = reply->json();
        const QStringList pageIds = ids(body);
        if (pageIds.size() > pageSize) {
            return {u"<oversized page>"_s};
        }
        out += pageIds;
        const QString token = body.value("NextToken"_L1).toString();
        if (token.isEmpty()) {
            return out;
        }
        query.insert("NextToken"_L1, token);
    }
    return {u"<endless>"_s};
}

void tst_Emulator::listing_followsDocumentedSemantics_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QStringList>("expected");

    const auto sorted = [](const char *by, const char *order) {
        return QByteArray(R"({"Catalog":"AWS","Sort":{"SortBy":")") + by + R"(","SortOrder":")"
               + order + R"("}})";
    };
    // Ties by Id in the sort's direction (the emulator's rule), missing values last.
    const QStringList missingLast{
            u"O55"_s, u"O100"_s, u"O3"_s, u"O10"_s, u"O9"_s,
            u"O11"_s, u"O8"_s,   u"O7"_s, u"O2"_s,  u"O1234567890123456789"_s};
    QTest::newRow("default: LastModifiedDate DESCENDING, ties by Id descending, missing last")
            << R"({"Catalog":"AWS"})"_ba << missingLast;
    QTest::newRow("explicit default sort")
            << sorted("LastModifiedDate", "DESCENDING") << missingLast;
    QTest::newRow("LastModifiedDate ASCENDING")
            << sorted("LastModifiedDate", "ASCENDING")
            << QStringList{u"O2"_s,  u"O7"_s, u"O8"_s,   u"O11"_s, u"O9"_s,
                           u"O10"_s, u"O3"_s, u"O100"_s, u"O55"_s, u"O1234567890123456789"_s};
    QTest::newRow("Identifier ASCENDING is numeric")
            << sorted("Identifier", "ASCENDING")
            << QStringList{u"O2"_s,  u"O3"_s,  u"O7"_s,  u"O8"_s,   u"O9"_s,
                           u"O10"_s, u"O11"_s, u"O55"_s, u"O100"_s, u"O1234567890123456789"_s};
    QTest::newRow("Identifier DESCENDING") << sorted("Identifier", "DESCENDING")
                                           << QStringList{u"O1234567890123456789"_s,
                                                          u"O100"_s,
                                                          u"O55"_s,
                                                          u"O11"_s,
                                                          u"O10"_s,
                                                          u"O9"_s,
                                                          u"O8"_s,
                                                          u"O7"_s,
                                                          u"O3"_s,
                                                          u"O2"_s};
    QTest::newRow("CustomerCompanyName ASCENDING, case-insensitive, code point order")
            << sorted("CustomerCompanyName", "ASCENDING") << QStringList{u"O8"_s,
                                                                         u"O2"_s,
                                                                         u"O100"_s,
                                                                         u"O11"_s,
                                                                         u"O10"_s,
                                                                         u"O9"_s,
                                                                         u"O1234567890123456789"_s,
                                                                         u"O3"_s,
                                                                         u"O55"_s,
                                                                         u"O7"_s};
    QTest::newRow("CustomerCompanyName DESCENDING, ties by Id descending")
            << sorted("CustomerCompanyName", "DESCENDING")
            << QStringList{u"O55"_s,  u"O3"_s,  u"O1234567890123456789"_s,
                           u"O9"_s,   u"O10"_s, u"O11"_s,
                           u"O100"_s, u"O2"_s,  u"O8"_s,
                           u"O7"_s};
    QTest::newRow("CreatedDate ASCENDING")
            << sorted("CreatedDate", "ASCENDING")
            << QStringList{u"O2"_s,   u"O10"_s, u"O11"_s, u"O9"_s,
                           u"O100"_s, u"O55"_s, u"O8"_s,  u"O1234567890123456789"_s,
                           u"O3"_s,   u"O7"_s};
    QTest::newRow("CreatedDate DESCENDING") << sorted("CreatedDate", "DESCENDING")
                                            << QStringList{u"O3"_s,   u"O1234567890123456789"_s,
                                                           u"O8"_s,   u"O55"_s,
                                                           u"O100"_s, u"O9"_s,
                                                           u"O11"_s,  u"O10"_s,
                                                           u"O2"_s,   u"O7"_s};
    QTest::newRow("TargetCloseDate ASCENDING")
            << sorted("TargetCloseDate", "ASCENDING")
            << QStringList{u"O2"_s, u"O11"_s, u"O9"_s,   u"O10"_s,
                           u"O7"_s, u"O3"_s,  u"O100"_s, u"O1234567890123456789"_s,
                           u"O8"_s, u"O55"_s};
    QTest::newRow("TargetCloseDate DESCENDING, missing last by Id descending")
            << sorted("TargetCloseDate", "DESCENDING")
            << QStringList{u"O1234567890123456789"_s,
                           u"O100"_s,
                           u"O3"_s,
                           u"O7"_s,
                           u"O10"_s,
                           u"O9"_s,
                           u"O11"_s,
                           u"O2"_s,
                           u"O55"_s,
                           u"O8"_s};

    QTest::newRow("company: case-insensitive substring, Unicode")
            << R"({"Catalog":"AWS","CustomerCompanyName":["müller"]})"_ba
            << QStringList{u"O10"_s, u"O9"_s};
    QTest::newRow("company: upper-case needle")
            << R"({"Catalog":"AWS","CustomerCompanyName":["SÖHNE"]})"_ba << QStringList{u"O10"_s};
    QTest::newRow("company: any of several values")
            << R"({"Catalog":"AWS","CustomerCompanyName":["zeta","サンプル"]})"_ba
            << QStringList{u"O55"_s, u"O3"_s, u"O1234567890123456789"_s};
    QTest::newRow("company: newline inside a name")
            << R"({"Catalog":"AWS","CustomerCompanyName":["\n"]})"_ba << QStringList{u"O11"_s};
    QTest::newRow("company: empty value matches every present name")
            << R"({"Catalog":"AWS","CustomerCompanyName":[""]})"_ba
            << QStringList{u"O55"_s, u"O100"_s, u"O3"_s,
                           u"O10"_s, u"O9"_s,   u"O11"_s,
                           u"O8"_s,  u"O2"_s,   u"O1234567890123456789"_s};
    QTest::newRow("company with sort")
            << R"({"Catalog":"AWS","CustomerCompanyName":["acme"],"Sort":{"SortBy":"Identifier","SortOrder":"DESCENDING"}})"_ba
            << QStringList{u"O100"_s, u"O2"_s};
    QTest::newRow("identifier: exact, any of, unknown ignored")
            << R"({"Catalog":"AWS","Identifier":["O9","O10","O999","O1"]})"_ba
            << QStringList{u"O10"_s, u"O9"_s};
    QTest::newRow("stage: any of")
            << R"({"Catalog":"AWS","LifeCycleStage":["Prospect","Committed"]})"_ba
            << QStringList{u"O100"_s, u"O10"_s, u"O7"_s};
    QTest::newRow("review status: In review")
            << R"({"Catalog":"AWS","LifeCycleReviewStatus":["In review"]})"_ba
            << QStringList{u"O100"_s, u"O3"_s};
    QTest::newRow("stage and review status together")
            << R"({"Catalog":"AWS","LifeCycleStage":["Launched","Prospect"],"LifeCycleReviewStatus":["Approved"]})"_ba
            << QStringList{u"O55"_s, u"O10"_s};
    QTest::newRow("LastModifiedDate: After inclusive")
            << R"({"Catalog":"AWS","LastModifiedDate":{"AfterLastModifiedDate":"2026-03-01T10:00:00Z"}})"_ba
            << QStringList{u"O55"_s, u"O100"_s, u"O3"_s, u"O10"_s, u"O9"_s};
    QTest::newRow("LastModifiedDate: Before exclusive, missing excluded")
            << R"({"Catalog":"AWS","LastModifiedDate":{"BeforeLastModifiedDate":"2026-03-01T10:00:00Z"}})"_ba
            << QStringList{u"O11"_s, u"O8"_s, u"O7"_s, u"O2"_s};
    QTest::newRow("LastModifiedDate: millisecond bounds")
            << R"({"Catalog":"AWS","LastModifiedDate":{"AfterLastModifiedDate":"2026-03-01T09:59:59.999Z","BeforeLastModifiedDate":"2026-04-15T08:30:00.250Z"}})"_ba
            << QStringList{u"O10"_s, u"O9"_s, u"O11"_s};
    QTest::newRow("CreatedDate: range, missing excluded")
            << R"({"Catalog":"AWS","CreatedDate":{"AfterCreatedDate":"2025-01-01T00:00:00Z","BeforeCreatedDate":"2025-02-01T00:00:00.500Z"}})"_ba
            << QStringList{u"O10"_s, u"O11"_s};
    QTest::newRow("CreatedDate: offset time zone")
            << R"({"Catalog":"AWS","CreatedDate":{"AfterCreatedDate":"2025-07-01T02:00:00+02:00"}})"_ba
            << QStringList{u"O3"_s, u"O1234567890123456789"_s};
    QTest::newRow("TargetCloseDate: After inclusive, Before exclusive")
            << R"({"Catalog":"AWS","TargetCloseDate":{"AfterTargetCloseDate":"2026-06-30","BeforeTargetCloseDate":"2026-12-31"}})"_ba
            << QStringList{u"O10"_s, u"O9"_s, u"O7"_s};
    QTest::newRow("TargetCloseDate: Before only")
            << R"({"Catalog":"AWS","TargetCloseDate":{"BeforeTargetCloseDate":"2026-06-30"}})"_ba
            << QStringList{u"O11"_s, u"O2"_s};
    QTest::newRow("no match") << R"({"Catalog":"AWS","Identifier":["O4"]})"_ba << QStringList();
    QTest::newRow("Sandbox is a separate catalog")
            << R"({"Catalog":"Sandbox"})"_ba << QStringList{u"O5"_s, u"O10"_s};
}

void tst_Emulator::listing_followsDocumentedSemantics()
{
    QFETCH(QByteArray, query);
    QFETCH(QStringList, expected);
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    for (const int pageSize : {1, 3, 100}) {
        QCOMPARE(listAll(server->port(), parseObject(query), pageSize), expected);
    }
    QList<FieldError> errors;
    const ListOpportunitiesRequest request = ListOpportunitiesRequest::fromJson(query, &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(server->matchingIds(request), expected);
    delete server;
}

void tst_Emulator::defaultPageSize_is20AndLastPageHasNoToken()
{
    EmulatorOptions options = baseOptions();
    options.count = 45;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    RawClient client(server->port());
    QJsonObject query{{"Catalog"_L1, u"AWS"_s}};
    QList<qsizetype> sizes;
    while (true) {
        client.send(signedRequest(server->port(), json(query)));
        const std::optional<HttpReply> reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        const QJsonObject body = reply->json();
        sizes.append(body.value("OpportunitySummaries"_L1).toArray().size());
        if (!body.contains("NextToken"_L1)) {
            break;
        }
        query.insert("NextToken"_L1, body.value("NextToken"_L1));
    }
    QCOMPARE(sizes, (QList<qsizetype>{20, 20, 5}));
    delete server;
}

void tst_Emulator::nextToken_isStableAndIgnoresPageSize()
{
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    const quint16 port = server->port();
    const QByteArray first = R"({"Catalog":"AWS","MaxResults":4})"_ba;
    const QString token = call(port, first).json().value("NextToken"_L1).toString();
    QVERIFY(!token.isEmpty());
    QCOMPARE(call(port, first).json().value("NextToken"_L1).toString(), token);
    QVERIFY(token.size() < 64);

    // Omitted Sort and the explicit default are the same query; MaxResults may change.
    const HttpReply next
            = call(port, json({{"Catalog"_L1, u"AWS"_s},
                               {"MaxResults"_L1, 2},
                               {"NextToken"_L1, token},
                               {"Sort"_L1, QJsonObject{{"SortBy"_L1, u"LastModifiedDate"_s},
                                                       {"SortOrder"_L1, u"DESCENDING"_s}}}}));
    QCOMPARE(next.status, 200);
    QCOMPARE(ids(next.json()), (QStringList{u"O9"_s, u"O11"_s}));

    // A server restart invalidates tokens (a new key).
    delete server;
    server = startSmallServer();
    QVERIFY(server);
    const HttpReply stale
            = call(server->port(), json({{"Catalog"_L1, u"AWS"_s}, {"NextToken"_L1, token}}));
    QCOMPARE(stale.status, 400);
    delete server;
}

void tst_Emulator::nextToken_forgedOrFromAnotherQuery_isValidationException_data()
{
    QTest::addColumn<QString>("mutation");
    QTest::newRow("forged text") << u"forged"_s;
    QTest::newRow("one character changed") << u"flip"_s;
    QTest::newRow("another filter") << u"filter"_s;
    QTest::newRow("another sort") << u"sort"_s;
    QTest::newRow("another catalog") << u"catalog"_s;
}

void tst_Emulator::nextToken_forgedOrFromAnotherQuery_isValidationException()
{
    QFETCH(QString, mutation);
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    const quint16 port = server->port();
    QString token = call(port, R"({"Catalog":"AWS","MaxResults":2})"_ba)
                            .json()
                            .value("NextToken"_L1)
                            .toString();
    QVERIFY(!token.isEmpty());
    QJsonObject query{{"Catalog"_L1, u"AWS"_s}};
    if (mutation == "forged"_L1) {
        token = u"forged"_s;
    } else if (mutation == "flip"_L1) {
        token[3] = token.at(3) == u'A' ? u'B' : u'A';
    } else if (mutation == "filter"_L1) {
        query.insert("LifeCycleStage"_L1, QJsonArray{u"Prospect"_s});
    } else if (mutation == "sort"_L1) {
        query.insert("Sort"_L1,
                     QJsonObject{{"SortBy"_L1, u"Identifier"_s}, {"SortOrder"_L1, u"ASCENDING"_s}});
    } else {
        query.insert("Catalog"_L1, u"Sandbox"_s);
    }
    query.insert("NextToken"_L1, token);
    const HttpReply reply = call(port, json(query));
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.type(), u"com.amazonaws.partnercentralselling#ValidationException"_s);
    const QJsonObject body = reply.json();
    QCOMPARE(body.value("Reason"_L1).toString(), u"REQUEST_VALIDATION_FAILED"_s);
    const QJsonObject error = body.value("ErrorList"_L1).toArray().first().toObject();
    QCOMPARE(error.value("FieldName"_L1).toString(), u"NextToken"_s);
    QCOMPARE(error.value("Code"_L1).toString(), u"INVALID_VALUE"_s);
    delete server;
}

void tst_Emulator::authentication_refusesLikeAws_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("valid") << u"valid"_s << 200 << QString() << QString();
    QTest::newRow("no Authorization")
            << u"unsigned"_s << 403 << u"MissingAuthenticationTokenException"_s
            << u"Missing Authentication Token"_s;
    QTest::newRow("wrong secret") << u"secret"_s << 403 << u"InvalidSignatureException"_s
                                  << u"does not match"_s;
    QTest::newRow("unknown access key")
            << u"key"_s << 403 << u"UnrecognizedClientException"_s << u"security token"_s;
    QTest::newRow("other region") << u"region"_s << 403 << u"InvalidSignatureException"_s
                                  << u"valid region"_s;
    QTest::newRow("other service")
            << u"service"_s << 403 << u"InvalidSignatureException"_s << u"correct service"_s;
    QTest::newRow("six minutes slow")
            << u"past"_s << 403 << u"InvalidSignatureException"_s << u"Signature expired: "_s;
    QTest::newRow("six minutes fast") << u"future"_s << 403 << u"InvalidSignatureException"_s
                                      << u"Signature not yet current: "_s;
    QTest::newRow("four minutes slow is accepted")
            << u"nearPast"_s << 200 << QString() << QString();
    QTest::newRow("x-amz-target not signed")
            << u"unsignedTarget"_s << 400 << u"IncompleteSignatureException"_s << u"x-amz-target"_s;
    QTest::newRow("malformed Authorization")
            << u"malformed"_s << 400 << u"IncompleteSignatureException"_s << u"Credential"_s;
    QTest::newRow("body changed after signing")
            << u"body"_s << 403 << u"InvalidSignatureException"_s << QString();
    QTest::newRow("x-amz-content-sha256 not matching the body")
            << u"contentSha"_s << 403 << u"InvalidSignatureException"_s
            << u"x-amz-content-sha256"_s;
    QTest::newRow("no x-amz-content-sha256 (botocore)")
            << u"noContentSha"_s << 200 << QString() << QString();
}

void tst_Emulator::authentication_refusesLikeAws()
{
    QFETCH(QString, variant);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, messagePart);
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    const QByteArray body = R"({"Catalog":"AWS","MaxResults":1})"_ba;
    SignOptions o;
    if (variant == "unsigned"_L1) {
        o.sign = false;
    } else if (variant == "secret"_L1) {
        o.secretKey = u"wrong"_s;
    } else if (variant == "key"_L1) {
        o.accessKey = u"AKIDSOMEONEELSE"_s;
    } else if (variant == "region"_L1) {
        o.region = u"eu-west-1"_s;
    } else if (variant == "service"_L1) {
        o.service = u"execute-api"_s;
    } else if (variant == "past"_L1) {
        o.clockOffsetSecs = -360;
    } else if (variant == "future"_L1) {
        o.clockOffsetSecs = 360;
    } else if (variant == "nearPast"_L1) {
        o.clockOffsetSecs = -240;
    } else if (variant == "unsignedTarget"_L1) {
        o.target = QByteArray();
        o.unsignedHeaders.append({"X-Amz-Target"_ba, ListTarget});
    } else if (variant == "malformed"_L1) {
        o.authorization = "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00"_ba;
    } else if (variant == "body"_L1) {
        o.addContentSha256 = false;
        o.bodyOnWire = R"({"Catalog":"AWS","MaxResults":2})"_ba;
    } else if (variant == "contentSha"_L1) {
        o.bodyOnWire = R"({"Catalog":"AWS","MaxResults":2})"_ba;
    } else if (variant == "noContentSha"_L1) {
        o.addContentSha256 = false;
    }
    const HttpReply reply = call(server->port(), body, o);
    QCOMPARE(reply.status, status);
    if (status != 200) {
        QCOMPARE(reply.type(), type);
        QCOMPARE(reply.header("x-amzn-ErrorType"), type.toLatin1());
        QVERIFY2(reply.message().contains(messagePart), qPrintable(reply.message()));
        QVERIFY(reply.json().contains("message"_L1));
    } else {
        QCOMPARE(ids(reply.json()).size(), 1);
    }
    delete server;
}

void tst_Emulator::sessionToken_mustMatchAndBeSigned()
{
    EmulatorOptions options = baseOptions();
    options.sessionToken = u"the-session-token"_s;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    const quint16 port = server->port();
    const QByteArray body = R"({"Catalog":"AWS","MaxResults":1})"_ba;

    SignOptions o;
    o.sessionToken = options.sessionToken;
    QCOMPARE(call(port, body, o).status, 200);

    o.signToken = false;
    const HttpReply unsignedToken = call(port, body, o);
    QCOMPARE(unsignedToken.status, 400);
    QCOMPARE(unsignedToken.type(), u"IncompleteSignatureException"_s);

    o.signToken = true;
    o.sessionToken = u"another-token"_s;
    QCOMPARE(call(port, body, o).type(), u"UnrecognizedClientException"_s);

    o.sessionToken.clear();
    const HttpReply missing = call(port, body, o);
    QCOMPARE(missing.status, 403);
    QCOMPARE(missing.type(), u"UnrecognizedClientException"_s);
    delete server;

    // Long-term keys: a token the server does not expect is refused as well.
    server = startSmallServer();
    QVERIFY(server);
    o.sessionToken = u"unexpected"_s;
    QCOMPARE(call(server->port(), body, o).type(), u"UnrecognizedClientException"_s);
    delete server;
}

void tst_Emulator::clockSkew_shiftsDateAndSignatureWindow()
{
    EmulatorOptions options = baseOptions();
    options.clockSkewS = 600;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    const QByteArray body = R"({"Catalog":"AWS","MaxResults":1})"_ba;
    const HttpReply expired = call(server->port(), body);
    QCOMPARE(expired.status, 403);
    QVERIFY(expired.message().startsWith("Signature expired: "_L1));

    const QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(expired.header("date")),
                                                   u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
    QVERIFY(date.isValid());
    const qint64 skew
            = QDateTime(date.date(), date.time(), Qt::UTC).secsTo(QDateTime::currentDateTimeUtc());
    QVERIFY2(qAbs(skew + 600) <= 5, qPrintable(QString::number(skew)));

    SignOptions corrected;
    corrected.clockOffsetSecs = 600;
    QCOMPARE(call(server->port(), body, corrected).status, 200);
    delete server;
}

void tst_Emulator::validation_reportsFieldErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("code");

    QTest::newRow("Catalog missing") << "{}"_ba << u"Catalog"_s << u"REQUIRED_FIELD_MISSING"_s;
    QTest::newRow("empty body is {}")
            << QByteArray() << u"Catalog"_s << u"REQUIRED_FIELD_MISSING"_s;
    QTest::newRow("Catalog null") << R"({"Catalog":null})"_ba << u"Catalog"_s
                                  << u"REQUIRED_FIELD_MISSING"_s;
    QTest::newRow("Catalog other")
            << R"({"Catalog":"Production"})"_ba << u"Catalog"_s << u"INVALID_VALUE"_s;
    QTest::newRow("MaxResults 0") << R"({"Catalog":"AWS","MaxResults":0})"_ba << u"MaxResults"_s
                                  << u"VALUE_OUT_OF_RANGE"_s;
    QTest::newRow("MaxResults 101") << R"({"Catalog":"AWS","MaxResults":101})"_ba << u"MaxResults"_s
                                    << u"VALUE_OUT_OF_RANGE"_s;
    QTest::newRow("unknown stage") << R"({"Catalog":"AWS","LifeCycleStage":["Won"]})"_ba
                                   << u"LifeCycleStage[0]"_s << u"INVALID_ENUM_VALUE"_s;
    QTest::newRow("enum is case-sensitive")
            << R"({"Catalog":"AWS","LifeCycleReviewStatus":["In Review"]})"_ba
            << u"LifeCycleReviewStatus[0]"_s << u"INVALID_ENUM_VALUE"_s;
    QTest::newRow("too many stages")
            << R"({"Catalog":"AWS","LifeCycleStage":["Prospect","Prospect","Prospect","Prospect","Prospect","Prospect","Prospect","Prospect","Prospect","Prospect","Prospect"]})"_ba
            << u"LifeCycleStage"_s << u"TOO_MANY_VALUES"_s;
    QTest::newRow("bad identifier") << R"({"Catalog":"AWS","Identifier":["12"]})"_ba
                                    << u"Identifier[0]"_s << u"INVALID_STRING_FORMAT"_s;
    QTest::newRow("bad date")
            << R"({"Catalog":"AWS","TargetCloseDate":{"AfterTargetCloseDate":"2026-13-01"}})"_ba
            << u"TargetCloseDate.AfterTargetCloseDate"_s << u"INVALID_STRING_FORMAT"_s;
    QTest::newRow("bad date-time")
            << R"({"Catalog":"AWS","LastModifiedDate":{"AfterLastModifiedDate":"yesterday"}})"_ba
            << u"LastModifiedDate.AfterLastModifiedDate"_s << QString();
    QTest::newRow("Sort without SortOrder")
            << R"({"Catalog":"AWS","Sort":{"SortBy":"Identifier"}})"_ba << u"Sort.SortOrder"_s
            << u"REQUIRED_FIELD_MISSING"_s;
    QTest::newRow("Sort key unknown")
            << R"({"Catalog":"AWS","Sort":{"SortBy":"Stage","SortOrder":"ASCENDING"}})"_ba
            << u"Sort.SortBy"_s << u"INVALID_ENUM_VALUE"_s;
    QTest::newRow("MaxResults wrong type")
            << R"({"Catalog":"AWS","MaxResults":"ten"})"_ba << u"MaxResults"_s << QString();
}

void tst_Emulator::validation_reportsFieldErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, fieldName);
    QFETCH(QString, code);
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    const HttpReply reply = call(server->port(), body);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.type(), u"com.amazonaws.partnercentralselling#ValidationException"_s);
    const QJsonObject json = reply.json();
    QVERIFY(!json.value("Message"_L1).toString().isEmpty());
    QCOMPARE(json.value("Reason"_L1).toString(), u"REQUEST_VALIDATION_FAILED"_s);
    const QJsonArray list = json.value("ErrorList"_L1).toArray();
    QVERIFY(!list.isEmpty());
    const QJsonObject first = list.first().toObject();
    QCOMPARE(first.value("FieldName"_L1).toString(), fieldName);
    if (!code.isEmpty()) {
        QCOMPARE(first.value("Code"_L1).toString(), code);
    }
    QVERIFY(!first.value("Message"_L1).toString().isEmpty());
    delete server;
}

void tst_Emulator::routing_refusesOtherOperationsAndBodies_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("type");
    QTest::newRow("other operation") << u"target"_s << u"UnknownOperationException"_s;
    QTest::newRow("no X-Amz-Target") << u"noTarget"_s << u"UnknownOperationException"_s;
    QTest::newRow("application/json") << u"contentType"_s << u"UnknownOperationException"_s;
    QTest::newRow("GET") << u"get"_s << u"UnknownOperationException"_s;
    QTest::newRow("other path") << u"path"_s << u"UnknownOperationException"_s;
    QTest::newRow("not JSON") << u"garbage"_s << u"SerializationException"_s;
    QTest::newRow("JSON array") << u"array"_s << u"SerializationException"_s;
}

void tst_Emulator::routing_refusesOtherOperationsAndBodies()
{
    QFETCH(QString, variant);
    QFETCH(QString, type);
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    QByteArray body = R"({"Catalog":"AWS"})"_ba;
    SignOptions o;
    if (variant == "target"_L1) {
        o.target = "AWSPartnerCentralSelling.CreateOpportunity"_ba;
    } else if (variant == "noTarget"_L1) {
        o.target = QByteArray();
    } else if (variant == "contentType"_L1) {
        o.contentType = "application/json"_ba;
    } else if (variant == "get"_L1) {
        o.method = "GET"_ba;
    } else if (variant == "path"_L1) {
        o.path = "/ListOpportunities"_ba;
    } else if (variant == "garbage"_L1) {
        body = "Catalog=AWS"_ba;
    } else {
        body = "[]"_ba;
    }
    const HttpReply reply = call(server->port(), body, o);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.type(), type);
    QVERIFY(!reply.message().isEmpty());
    delete server;
}

void tst_Emulator::responses_carryRequestIdDateAndKeepAlive()
{
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    RawClient client(server->port());
    QSet<QByteArray> requestIds;
    for (int i = 0; i < 3; ++i) {
        client.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
        const std::optional<HttpReply> reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->header("content-type"), "application/x-amz-json-1.0"_ba);
        QVERIFY(!QUuid::fromString(QLatin1StringView(reply->header("x-amzn-requestid"))).isNull());
        requestIds.insert(reply->header("x-amzn-requestid"));
        QVERIFY(QLocale::c()
                        .toDateTime(QString::fromLatin1(reply->header("date")),
                                    u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
                        .isValid());
        QVERIFY(reply->header("connection").isNull());
    }
    QCOMPARE(requestIds.size(), 3);
    QVERIFY(client.isConnected());
    QCOMPARE(server->requestCount(), 3);
    QCOMPARE(server->lastRequestBody(), R"({"Catalog":"AWS"})"_ba);
    delete server;
}

void tst_Emulator::throttleEvery_returnsThrottlingWithConfiguredStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("429 (the model)") << 429;
    QTest::newRow("400") << 400;
}

void tst_Emulator::throttleEvery_returnsThrottlingWithConfiguredStatus()
{
    QFETCH(int, status);
    EmulatorOptions options = baseOptions();
    options.throttleEvery = 3;
    options.throttleStatus = status;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    RawClient client(server->port());
    QList<int> statuses;
    for (int i = 0; i < 6; ++i) {
        client.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
        const std::optional<HttpReply> reply = client.next();
        QVERIFY(reply);
        statuses.append(reply->status);
        if (reply->status != 200) {
            QCOMPARE(reply->type(), u"com.amazonaws.partnercentralselling#ThrottlingException"_s);
            QVERIFY(!reply->json().value("Message"_L1).toString().isEmpty());
        }
    }
    QCOMPARE(statuses, (QList<int>{200, 200, status, 200, 200, status}));
    delete server;
}

void tst_Emulator::errorEvery_returnsInternalServerException()
{
    EmulatorOptions options = baseOptions();
    options.errorEvery = 2;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    // Refused requests are not counted: faults apply to authenticated requests.
    SignOptions wrong;
    wrong.secretKey = u"wrong"_s;
    QCOMPARE(call(server->port(), R"({"Catalog":"AWS"})"_ba, wrong).status, 403);
    QCOMPARE(call(server->port(), R"({"Catalog":"AWS"})"_ba).status, 200);
    const HttpReply failed = call(server->port(), R"({"Catalog":"AWS"})"_ba);
    QCOMPARE(failed.status, 500);
    QCOMPARE(failed.type(), u"com.amazonaws.partnercentralselling#InternalServerException"_s);
    delete server;
}

void tst_Emulator::dropEvery_closesMidBody()
{
    EmulatorOptions options = baseOptions();
    options.dropEvery = 2;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    RawClient client(server->port());
    client.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
    QCOMPARE(client.next()->status, 200);
    client.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
    QVERIFY(client.waitForClose());
    const QByteArray partial = client.received();
    QVERIFY(partial.startsWith("HTTP/1.1 200 OK\r\n"));
    const qsizetype headEnd = partial.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    const QRegularExpression lengthPattern(u"Content-Length: (\\d+)"_s);
    const qsizetype announced = lengthPattern.match(QString::fromLatin1(partial.left(headEnd)))
                                        .captured(1)
                                        .toLongLong();
    const qsizetype sent = partial.size() - headEnd - 4;
    QVERIFY(announced > 0);
    QCOMPARE(sent, announced / 2);
    delete server;
}

void tst_Emulator::latency_delaysWithoutBlocking()
{
    EmulatorOptions options = baseOptions();
    options.latencyMs = 200;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    RawClient first(server->port());
    RawClient second(server->port());
    QElapsedTimer timer;
    timer.start();
    first.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
    second.send(signedRequest(server->port(), R"({"Catalog":"Sandbox"})"_ba));
    QCOMPARE(first.next()->status, 200);
    QCOMPARE(second.next()->status, 200);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= 190, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < 390, qPrintable(QString::number(elapsed))); // concurrent, not serial
    delete server;
}

void tst_Emulator::rateLimit_throttlesBeyondBudget()
{
    EmulatorOptions options = baseOptions();
    options.rateLimit = 2;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    RawClient client(server->port());
    QList<int> statuses;
    for (int i = 0; i < 6; ++i) {
        client.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
        statuses.append(client.next()->status);
    }
    // A burst of two, then about two per second.
    QCOMPARE(statuses.mid(0, 2), (QList<int>{200, 200}));
    QVERIFY2(statuses.count(200) <= 3, qPrintable(QString::number(statuses.count(200))));
    QCOMPARE(statuses.last(), 429);
    // A refused request takes no token: asked again and again, the service admits one as soon
    // as the bucket has refilled, which at two per second takes at most half a second.
    QElapsedTimer sinceRefused;
    sinceRefused.start();
    bool admitted = false;
    const auto askAgain = [&] {
        if (!admitted) {
            client.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
            const std::optional<HttpReply> reply = client.next();
            admitted = reply && reply->status == 200;
        }
        return admitted;
    };
    QTRY_VERIFY_WITH_TIMEOUT(askAgain(), 2000);
    QVERIFY2(sinceRefused.elapsed() < 1000, qPrintable(QString::number(sinceRefused.elapsed())));
    delete server;
}

void tst_Emulator::failNextAndDropNext_injectAtRuntime()
{
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    server->failNext(2, 503, u"ServiceUnavailable"_s);
    const HttpReply first = call(server->port(), R"({"Catalog":"AWS"})"_ba);
    QCOMPARE(first.status, 503);
    QCOMPARE(first.type(), u"ServiceUnavailable"_s);
    QCOMPARE(call(server->port(), R"({"Catalog":"AWS"})"_ba).status, 503);
    QCOMPARE(call(server->port(), R"({"Catalog":"AWS"})"_ba).status, 200);

    server->failNext(1, 400, QString());
    const HttpReply untyped = call(server->port(), R"({"Catalog":"AWS"})"_ba);
    QCOMPARE(untyped.status, 400);
    QVERIFY(!untyped.json().contains("__type"_L1));
    QVERIFY(untyped.header("x-amzn-errortype").isNull());

    server->dropNext(1);
    RawClient client(server->port());
    client.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
    QVERIFY(client.waitForClose());
    QVERIFY(client.received().startsWith("HTTP/1.1 200"));
    QCOMPARE(call(server->port(), R"({"Catalog":"AWS"})"_ba).status, 200);
    delete server;
}

void tst_Emulator::latencySpikes_delayEveryKthRequest()
{
    EmulatorOptions options = baseOptions();
    options.spikeEvery = 2;
    options.spikeMs = 300;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    RawClient client(server->port());
    QList<qint64> elapsed;
    for (int i = 0; i < 2; ++i) {
        QElapsedTimer timer;
        timer.start();
        client.send(signedRequest(server->port(), R"({"Catalog":"AWS"})"_ba));
        QCOMPARE(client.next()->status, 200);
        elapsed.append(timer.elapsed());
    }
    QVERIFY2(elapsed.at(0) < 250 && elapsed.at(1) >= 290,
             qPrintable(u"%1 ms, %2 ms"_s.arg(elapsed.at(0)).arg(elapsed.at(1))));
    delete server;
}

void tst_Emulator::deniedCatalog_isAccessDenied()
{
    EmulatorOptions options = baseOptions();
    options.deniedCatalogs = {u"Sandbox"_s};
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    const HttpReply denied = call(server->port(), R"({"Catalog":"Sandbox"})"_ba);
    QCOMPARE(denied.status, 403);
    QCOMPARE(denied.type(), u"com.amazonaws.partnercentralselling#AccessDeniedException"_s);
    QVERIFY(denied.message().contains(u"partnercentral:ListOpportunities"_s));
    QCOMPARE(call(server->port(), R"({"Catalog":"AWS"})"_ba).status, 200);
    delete server;
}

void tst_Emulator::wireVariants_shortAndTrailingEmptyPages_listExactly()
{
    EmulatorServer *reference = startSmallServer();
    QVERIFY(reference);
    const QJsonObject query{{"Catalog"_L1, u"AWS"_s}};
    const QStringList expected = listAll(reference->port(), query, 4);
    QCOMPARE(expected.size(), 10);
    delete reference;

    EmulatorOptions options = baseOptions();
    options.shortPages = true;
    options.trailingEmptyPage = true;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    QCOMPARE(listAll(server->port(), query, 4), expected);

    RawClient client(server->port());
    QJsonObject page{{"Catalog"_L1, u"AWS"_s}, {"MaxResults"_L1, 4}};
    QList<qsizetype> sizes;
    bool lastHadToken = false;
    for (int i = 0; i < 20; ++i) {
        client.send(signedRequest(server->port(), json(page)));
        const QJsonObject body = client.next()->json();
        sizes.append(body.value("OpportunitySummaries"_L1).toArray().size());
        lastHadToken = body.contains("NextToken"_L1);
        if (!lastHadToken) {
            break;
        }
        page.insert("NextToken"_L1, body.value("NextToken"_L1));
    }
    QCOMPARE(sizes, (QList<qsizetype>{2, 2, 2, 2, 2, 0}));
    QVERIFY(!lastHadToken);
    delete server;
}

void tst_Emulator::wireVariants_bareTypesWithoutHeader()
{
    EmulatorOptions options = baseOptions();
    options.bareErrorTypes = true;
    options.errorTypeHeader = false;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    const HttpReply reply = call(server->port(), R"({"Catalog":"AWS","MaxResults":0})"_ba);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.type(), u"ValidationException"_s);
    QVERIFY(reply.header("x-amzn-errortype").isNull());
    QCOMPARE(reply.json().value("Reason"_L1).toString(), u"REQUEST_VALIDATION_FAILED"_s);
    delete server;
}

void tst_Emulator::wireVariants_explicitNullsAndAsciiJson_parseToTheSameSummaries()
{
    const QByteArray query = R"({"Catalog":"AWS","MaxResults":100})"_ba;
    EmulatorServer *reference = startSmallServer();
    QVERIFY(reference);
    const HttpReply plain = call(reference->port(), query);
    delete reference;

    EmulatorOptions options = baseOptions();
    options.explicitNulls = true;
    options.asciiJson = true;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    const HttpReply variant = call(server->port(), query);
    delete server;

    QCOMPARE(variant.status, 200);
    QVERIFY(variant.body.contains("\"CreatedDate\":null"));
    QVERIFY(variant.body.contains("\"Customer\":null"));
    QVERIFY(variant.body.contains("\\u00fc")); // ü
    QVERIFY(std::all_of(variant.body.cbegin(), variant.body.cend(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
    ListOpportunitiesResponse expected, actual;
    QString error;
    QVERIFY2(ListOpportunitiesResponse::parse(plain.body, &expected, &error), qPrintable(error));
    QVERIFY2(ListOpportunitiesResponse::parse(variant.body, &actual, &error), qPrintable(error));
    QCOMPARE(actual.opportunitySummaries.size(), 10);
    QCOMPARE(actual.opportunitySummaries, expected.opportunitySummaries);
}

void tst_Emulator::http_garbageClosesWithoutAnswer()
{
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    for (const QByteArray &garbage : {"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"_ba,
                                      "hello world\r\n\r\n"_ba, "POST / SPDY/3\r\n\r\n"_ba}) {
        RawClient client(server->port());
        client.send(garbage);
        QVERIFY(client.waitForClose());
        QVERIFY(client.received().isEmpty());
    }
    QCOMPARE(server->requestCount(), 0);
    delete server;
}

void tst_Emulator::http_oversizedHeadersAndBodiesAreRefused()
{
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    {
        RawClient client(server->port());
        client.send("POST / HTTP/1.1\r\nHost: x\r\nX-Big: "_ba + QByteArray(20'000, 'a'));
        const std::optional<HttpReply> reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 400);
        QVERIFY(client.waitForClose());
    }
    {
        RawClient client(server->port());
        QByteArray many = "POST / HTTP/1.1\r\n"_ba;
        for (int i = 0; i < 150; ++i) {
            many.append("X-H" + QByteArray::number(i) + ": v\r\n");
        }
        client.send(many + "\r\n");
        QCOMPARE(client.next()->status, 400);
    }
    {
        RawClient client(server->port());
        client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{"_ba);
        const std::optional<HttpReply> reply = client.next();
        QVERIFY(reply);
        QCOMPARE(reply->status, 413);
        QCOMPARE(reply->header("connection"), "close"_ba);
        QVERIFY(client.waitForClose());
    }
    {
        RawClient client(server->port());
        client.send(
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"_ba);
        QCOMPARE(client.next()->status, 400);
    }
    {
        RawClient client(server->port());
        client.send("POST / HTTP/1.1\r\nBad Header Name: x\r\n\r\n"_ba);
        QCOMPARE(client.next()->status, 400);
    }
    QCOMPARE(server->requestCount(), 0);
    delete server;
}

void tst_Emulator::http_transferEncodingIsNotImplemented()
{
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    RawClient client(server->port());
    client.send(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"_ba);
    const std::optional<HttpReply> reply = client.next();
    QVERIFY(reply);
    QCOMPARE(reply->status, 501);
    QVERIFY(client.waitForClose());
    delete server;
}

void tst_Emulator::http_pipelinedRequestsAreAnsweredInOrder()
{
    EmulatorOptions options = baseOptions();
    options.latencyMs = 30;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    RawClient client(server->port());
    client.send(signedRequest(server->port(), R"({"Catalog":"AWS","MaxResults":1})"_ba)
                + signedRequest(server->port(), R"({"Catalog":"Sandbox","MaxResults":2})"_ba)
                + signedRequest(server->port(), R"({"Catalog":"AWS","Identifier":["O7"]})"_ba));
    QCOMPARE(ids(client.next()->json()), QStringList{u"O55"_s});
    QCOMPARE(ids(client.next()->json()), (QStringList{u"O5"_s, u"O10"_s}));
    QCOMPARE(ids(client.next()->json()), QStringList{u"O7"_s});
    delete server;
}

void tst_Emulator::http_expectContinueGetsInterimResponse()
{
    EmulatorServer *server = startSmallServer();
    QVERIFY(server);
    RawClient client(server->port());
    const QByteArray request = signedRequest(server->port(), R"({"Catalog":"Sandbox"})"_ba);
    const qsizetype headEnd = request.indexOf("\r\n\r\n");
    client.send(request.left(headEnd) + "\r\nExpect: 100-continue\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return client.received().startsWith("HTTP/1.1 100"); }, 5000));
    client.send(request.mid(headEnd + 4));
    const std::optional<HttpReply> reply = client.next();
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(client.interim, "HTTP/1.1 100 Continue\r\n\r\n"_ba);
    delete server;
}

void tst_Emulator::http_pipelinedFloodIsAnsweredCompletelyInOrder()
{
    // 24 requests of 100 KiB (whitespace-padded JSON) sent at once: more than the connection
    // buffers while a delayed response is pending.
    EmulatorOptions options = baseOptions();
    options.latencyMs = 5;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    RawClient client(server->port());
    QByteArray flood;
    constexpr int Requests = 24;
    for (int i = 0; i < Requests; ++i) {
        const QByteArray body = R"({"Catalog":"AWS","MaxResults":)"_ba
                                + QByteArray::number(1 + i % 10) + QByteArray(100 * 1024, ' ')
                                + '}';
        flood.append(signedRequest(server->port(), body));
    }
    QVERIFY(flood.size() > HttpConnection::MaxBufferedBytes * 2);
    client.send(flood);
    for (int i = 0; i < Requests; ++i) {
        const std::optional<HttpReply> reply = client.next(10000);
        QVERIFY2(reply, qPrintable(QString::number(i)));
        QCOMPARE(reply->status, 200);
        QCOMPARE(ids(reply->json()).size(), 1 + i % 10);
    }
    QCOMPARE(server->requestCount(), Requests);
    delete server;
}

void tst_Emulator::log_hasOneLinePerRequestWithoutSecrets()
{
    EmulatorOptions options = baseOptions();
    options.logFile = m_dir.filePath(u"requests.log"_s);
    options.sessionToken = u"session-token-value"_s;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    SignOptions o;
    o.sessionToken = options.sessionToken;
    QCOMPARE(call(server->port(),
                  R"({"Catalog":"AWS","CustomerCompanyName":["Müller"],"MaxResults":3})"_ba, o)
                     .status,
             200);
    QCOMPARE(call(server->port(), R"({"Catalog":"AWS","MaxResults":0})"_ba, o).status, 400);
    o.secretKey = u"wrong"_s;
    QCOMPARE(call(server->port(), R"({"Catalog":"AWS"})"_ba, o).status, 403);
    delete server;

    QFile file(options.logFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray log = file.readAll();
    const QList<QByteArray> lines = log.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).contains(" AWSPartnerCentralSelling.ListOpportunities 200 "));
    QVERIFY(lines.at(0).contains("items=2"));
    QVERIFY(lines.at(1).contains(" 400 ") && lines.at(1).contains("error=ValidationException"));
    QVERIFY(lines.at(2).contains(" 403 ")
            && lines.at(2).contains("error=InvalidSignatureException"));
    for (const QByteArray &secret : {QByteArray(SecretKey), "session-token-value"_ba, "Müller"_ba,
                                     "Signature="_ba, QByteArray(AccessKey)}) {
        QVERIFY2(!log.contains(secret), secret.constData());
    }
}

void tst_Emulator::dataJson_servesTheGeneratedSummaries()
{
    const DatasetGenerator generator(7, u"us-east-1"_s, u"123456789012"_s);
    // The served JSON is the summary's own serialisation and parses back identically.
    EmulatorOptions options = baseOptions();
    options.count = 300;
    options.seed = 7;
    EmulatorServer *server = startSmallServer(options);
    QVERIFY(server);
    ListOpportunitiesResponse parsed;
    QString error;
    QVERIFY2(ListOpportunitiesResponse::parse(server->dataJson(u"AWS"_s), &parsed, &error),
             qPrintable(error));
    QCOMPARE(parsed.opportunitySummaries.size(), 300);
    QCOMPARE(parsed.opportunitySummaries.at(42), generator.summary(u"AWS"_s, 42));
    QCOMPARE(server->opportunityCount(u"Sandbox"_s), 5);
    delete server;
}

void tst_Emulator::dataFile_invalid_failsToStart()
{
    const QString path = m_dir.filePath(u"broken.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"OpportunitySummaries":[{"Catalog":"AWS","Id":7}]})");
    file.close();
    EmulatorOptions options = baseOptions();
    options.dataFile = path;
    EmulatorServer server;
    QString error;
    QVERIFY(!server.start(options, &error));
    QVERIFY(error.contains(path));
    QVERIFY(!server.isListening());

    options.dataFile = m_dir.filePath(u"missing.json"_s);
    QVERIFY(!server.start(options, &error));
    QVERIFY(error.contains(u"missing.json"_s));

    options = baseOptions();
    options.throttleStatus = 503;
    QVERIFY(!server.start(options, &error));
}

void tst_Emulator::thread_servesWhileOwnerIsBusyAndStops()
{
    EmulatorThread thread;
    EmulatorOptions options;
    options.count = 500;
    QString error;
    QVERIFY2(thread.start(options, &error), qPrintable(error));
    QVERIFY(thread.isRunning());
    QVERIFY(thread.port() != 0);
    QCOMPARE(thread.endpoint().toString(), u"http://127.0.0.1:%1"_s.arg(thread.port()));
    const AwsCredentials credentials = thread.credentials();
    QCOMPARE(credentials.accessKeyId, u"AKIDPARTNERDESKDEMO"_s);
    QVERIFY(credentials.secretAccessKey.size() >= 32);

    SignOptions o;
    o.accessKey = credentials.accessKeyId;
    o.secretKey = credentials.secretAccessKey;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, thread.port());
    QVERIFY(socket.waitForConnected(5000)); // the server runs in its own thread
    thread.server()->failNext(1, 500, u"InternalServerException"_s);
    for (const int expected : {500, 200}) {
        socket.write(signedRequest(thread.port(), R"({"Catalog":"AWS","MaxResults":100})"_ba, o));
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        while (!received.contains("\r\n\r\n") && timer.elapsed() < 5000) {
            socket.waitForReadyRead(100);
            received.append(socket.readAll());
        }
        QVERIFY(received.startsWith("HTTP/1.1 " + QByteArray::number(expected)));
        const qsizetype headEnd = received.indexOf("\r\n\r\n");
        const QRegularExpression lengthPattern(u"Content-Length: (\\d+)"_s);
        const qsizetype length = lengthPattern.match(QString::fromLatin1(received.left(headEnd)))
                                         .captured(1)
                                         .toLongLong();
        while (received.size() < headEnd + 4 + length && timer.elapsed() < 5000) {
            socket.waitForReadyRead(100);
            received.append(socket.readAll());
        }
        QCOMPARE(received.size(), headEnd + 4 + length);
    }
    QCOMPARE(thread.server()->requestCount(), 2);

    EmulatorThread second;
    options.port = thread.port();
    QVERIFY(!second.start(options, &error)); // the port is taken
    QVERIFY(!second.isRunning());

    thread.stop();
    QVERIFY(!thread.isRunning());
    QVERIFY(socket.waitForDisconnected(5000)
            || socket.state() == QAbstractSocket::UnconnectedState);
}

QTEST_GUILESS_MAIN(tst_Emulator)
#include "tst_emulator.moc"
