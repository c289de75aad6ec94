#include "emulatorserver.h"

#include "datasetgenerator.h"
#include "opportunitydetails.h"
#include "opportunitystore.h"
#include "opportunitysummary.h"
#include "pagetoken.h"
#include "requestauthenticator.h"
#include "serviceerror.h"

#include <QJsonDocument>
#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

#include <optional>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEmulatorServer, "partnerdesk.emulator.emulatorserver", QtInfoMsg)

namespace Pd::Emulator {

namespace {

constexpr auto Target = "AWSPartnerCentralSelling.ListOpportunities";
constexpr auto ContentType = "application/x-amz-json-1.0";
constexpr auto Service = "partnercentral-selling";

QString randomSecret()
{
    static constexpr char alphabet[]
            = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    QString secret;
    for (int i = 0; i < 40; ++i) {
        secret.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(64)]));
    }
    return secret;
}

ServiceError unknownOperation(const QString &message)
{
    return ServiceError::frontEnd(400, u"UnknownOperationException"_s, message);
}

/// Printable ASCII only, at most 80 characters: the X-Amz-Target as it may appear in the log.
QByteArray loggable(const QByteArray &value)
{
    if (value.isEmpty()) {
        return "-"_ba;
    }
    QByteArray out;
    for (const char c : value.left(80)) {
        out.append(c > 0x20 && c < 0x7f ? c : '?');
    }
    return out;
}

} // namespace

struct EmulatorServer::Outcome
{
    std::optional<ServiceError> error;
    QByteArray body;
    int items = 0;
    bool drop = false;
    int extraDelayMs = 0;
    const char *fault = nullptr;
};

EmulatorServer::EmulatorServer(QObject *parent) : QObject(parent) { }

EmulatorServer::~EmulatorServer()
{
    // Connections are children that use the store, the tokens and the log: end them while
    // those members still exist.
    stop();
}

bool EmulatorServer::start(const EmulatorOptions &options, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    if (m_server) {
        message = tr("The emulator is already running.");
        return false;
    }
    if (options.count < 0 || options.sandboxCount < 0 || options.throttleEvery < 0
        || options.errorEvery < 0 || options.dropEvery < 0 || options.latencyMs < 0
        || options.rateLimit < 0 || options.spikeEvery < 0 || options.spikeMs < 0) {
        message = tr("Counts, fault intervals, latency and rate limit must not be negative.");
        return false;
    }
    if (options.bulkPercent < 0 || options.bulkPercent > 100) {
        message = tr("The bulk percentage must be between 0 and 100.");
        return false;
    }
    if (options.throttleStatus != 400 && options.throttleStatus != 429) {
        message = tr("The throttling status must be 400 or 429.");
        return false;
    }
    if (options.accessKey.isEmpty() || options.region.isEmpty()) {
        message = tr("The access key and the region must not be empty.");
        return false;
    }
    m_options = options;
    m_credentials.accessKeyId = options.accessKey;
    m_credentials.secretAccessKey
            = options.secretKey.isEmpty() ? randomSecret() : options.secretKey;
    m_credentials.sessionToken = options.sessionToken;

    m_store = std::make_unique<OpportunityStore>();
    m_store->setJsonVariants(options.explicitNulls, options.asciiJson);
    m_store->setTieBreak(options.tieBreak);
    m_store->setAfterExclusive(options.afterExclusive);
    if (!loadData(&message)) {
        m_store.reset();
        return false;
    }
    m_authenticator = std::make_unique<RequestAuthenticator>(m_credentials, options.region,
                                                             QString::fromLatin1(Service));
    m_tokens = std::make_unique<PageToken>();
    m_churn = std::make_unique<DatasetChurn>(
            m_store.get(), DatasetGenerator(options.seed, options.region, options.accountId),
            options.seed);
    m_churn->setRatePerMinute({options.churnModifiedPerMinute, options.churnCreatedPerMinute,
                               options.churnRemovedPerMinute});
    if (m_churn->hasRate()) {
        auto *churnTimer = new QTimer(this);
        connect(churnTimer, &QTimer::timeout, this, [this] {
            if (const ChurnStep step = m_churn->takeDue(); !step.isEmpty()) {
                churn(u"AWS"_s, step);
            }
        });
        churnTimer->start(1000);
    }

    if (!options.logFile.isEmpty()) {
        m_log.setFileName(options.logFile);
        if (!m_log.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            message = tr("Cannot write the log file %1: %2")
                              .arg(options.logFile, m_log.errorString());
            return false;
        }
    }

    m_server = new QTcpServer(this);
    if (!m_server->listen(QHostAddress::LocalHost, options.port)) {
        message = tr("Cannot listen on 127.0.0.1:%1: %2")
                          .arg(options.port)
                          .arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        m_log.close();
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, &EmulatorServer::acceptConnections);
    m_rateTokens = std::max(1.0, options.rateLimit);
    m_rateClock.start();
    qCInfo(lcEmulatorServer) << "listening on" << endpoint().toString() << "with" << m_store->size()
                             << "opportunities";
    return true;
}

bool EmulatorServer::loadData(QString *error)
{
    if (!m_options.dataFile.isEmpty()) {
        QFile file(m_options.dataFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("Cannot read the data file %1: %2")
                             .arg(m_options.dataFile, file.errorString());
            return false;
        }
        Core::ListOpportunitiesResponse response;
        QString parseError;
        if (!Core::ListOpportunitiesResponse::parse(file.readAll(), &response, &parseError)) {
            *error = tr("The data file %1 is not a valid ListOpportunities response: %2")
                             .arg(m_options.dataFile, parseError);
            return false;
        }
        m_store->reserve(response.opportunitySummaries.size());
        for (const Core::OpportunitySummary &summary :
             std::as_const(response.opportunitySummaries)) {
            m_store->add(summary);
        }
        return true;
    }
    DatasetGenerator generator(m_options.seed, m_options.region, m_options.accountId);
    generator.setBulkPercent(m_options.bulkPercent);
    m_store->reserve(qsizetype(m_options.count) + m_options.sandboxCount);
    for (int i = 0; i < m_options.count; ++i) {
        m_store->add(generator.summary(u"AWS"_s, i));
    }
    for (int i = 0; i < m_options.sandboxCount; ++i) {
        m_store->add(generator.summary(u"Sandbox"_s, i));
    }
    return true;
}

void EmulatorServer::stop()
{
    if (!m_server) {
        return;
    }
    m_server->close();
    delete m_server; // its connections are children of this server object
    m_server = nullptr;
    const auto connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections) {
        connection->abort();
        delete connection;
    }
    m_log.close();
    qCInfo(lcEmulatorServer) << "stopped";
}

bool EmulatorServer::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 EmulatorServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl EmulatorServer::endpoint() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(port());
    return url;
}

Core::AwsCredentials EmulatorServer::credentials() const
{
    return m_credentials;
}

qsizetype EmulatorServer::opportunityCount(const QString &catalog) const
{
    return m_store ? m_store->count(catalog) : 0;
}

QStringList EmulatorServer::matchingIds(const Core::ListOpportunitiesRequest &request)
{
    QStringList ids;
    if (!m_store) {
        return ids;
    }
    const auto rows = m_store->match(request, OpportunityStore::canonicalQuery(request));
    ids.reserve(rows->size());
    for (const qsizetype row : *rows) {
        ids.append(m_store->id(row));
    }
    return ids;
}

QByteArray EmulatorServer::dataJson(const QString &catalog) const
{
    return m_store ? m_store->dataJson(catalog) : QByteArray();
}

ChurnResult EmulatorServer::churn(const QString &catalog, const ChurnStep &step)
{
    if (!m_churn) {
        return {};
    }
    ChurnResult result = m_churn->apply(catalog, step, serverNow());
    qCInfo(lcEmulatorServer) << "churn in" << catalog << ":" << result.modifiedIds.size()
                             << "modified," << result.createdIds.size() << "created,"
                             << result.removedIds.size() << "removed";
    return result;
}

void EmulatorServer::failNext(int count, int httpStatus, const QString &errorType)
{
    const QMutexLocker lock(&m_mutex);
    m_failCount = std::max(0, count);
    m_failStatus = httpStatus;
    m_failType = errorType;
}

void EmulatorServer::dropNext(int count)
{
    const QMutexLocker lock(&m_mutex);
    m_dropCount = std::max(0, count);
}

int EmulatorServer::requestCount() const
{
    const QMutexLocker lock(&m_mutex);
    return m_requestCount;
}

QByteArray EmulatorServer::lastRequestBody() const
{
    const QMutexLocker lock(&m_mutex);
    return m_lastRequestBody;
}

void EmulatorServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new HttpConnection(
                socket,
                [this](HttpConnection *connection, HttpConnection::Request &&request) {
                    handle(connection, std::move(request));
                },
                this);
    }
}

QDateTime EmulatorServer::serverNow() const
{
    return QDateTime::currentDateTimeUtc().addSecs(m_options.clockSkewS);
}

QByteArray EmulatorServer::httpDate()
{
    const QDateTime now = serverNow();
    const qint64 second = now.toSecsSinceEpoch();
    if (second != m_dateSecond) {
        m_dateSecond = second;
        m_dateValue = QLocale::c().toString(now, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
    }
    return m_dateValue;
}

void EmulatorServer::handle(HttpConnection *connection, HttpConnection::Request &&request)
{
    QElapsedTimer elapsed;
    elapsed.start();
    {
        const QMutexLocker lock(&m_mutex);
        ++m_requestCount;
        m_lastRequestBody = request.body;
    }
    const Outcome outcome = process(request);

    HttpConnection::Response response;
    response.headers.append(
            {"x-amzn-RequestId"_ba, QUuid::createUuid().toByteArray(QUuid::WithoutBraces)});
    response.headers.append({"Date"_ba, httpDate()});
    response.headers.append({"Content-Type"_ba, ContentType});
    QString errorName;
    if (outcome.error) {
        ServiceError error = *outcome.error;
        errorName = error.name();
        if (m_options.bareErrorTypes) {
            error.type = errorName;
        }
        response.status = error.httpStatus;
        response.body = error.toJson();
        if (!errorName.isEmpty() && m_options.errorTypeHeader) {
            response.headers.append({"x-amzn-ErrorType"_ba, errorName.toLatin1()});
        }
    } else {
        response.body = outcome.body;
    }
    response.dropMidBody = outcome.drop;

    const QByteArray target = loggable(request.header("x-amz-target"));
    const auto send = [this, connection, response, target, elapsed, outcome, errorName] {
        connection->respond(response);
        writeLog(target, response.status, elapsed.nsecsElapsed(), outcome.items, errorName,
                 outcome.fault);
        Q_EMIT requestServed(response.status);
    };
    const int delayMs = m_options.latencyMs + outcome.extraDelayMs;
    if (delayMs > 0) {
        QTimer::singleShot(delayMs, connection, send);
    } else {
        send();
    }
}

EmulatorServer::Outcome EmulatorServer::process(const HttpConnection::Request &request)
{
    Outcome outcome;
    // awsJson1_0 has one resource: POST /. Requests the service cannot route (another method
    // or path, another media type, another X-Amz-Target) are unknown operations. Real AWS JSON
    // front ends answer a request with a foreign Content-Type the same way (an
    // UnknownOperationException for Kinesis given application/octet-stream,
    // https://github.com/disneystreaming/smithy4s/issues/167; DynamoDB, a JSON 1.0 service,
    // does not route application/x-amz-json-1.1, https://github.com/rusoto/rusoto/issues/215),
    // so only application/x-amz-json-1.0 (parameters such as charset allowed) is accepted.
    if (request.method != "POST" || request.path != "/") {
        outcome.error = unknownOperation(
                u"Unknown operation: %1 %2"_s.arg(QString::fromLatin1(loggable(request.method)),
                                                  QString::fromLatin1(loggable(request.path))));
        return outcome;
    }
    const QByteArray contentType = request.header("content-type");
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType
            = (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    if (mediaType != ContentType) {
        outcome.error
                = unknownOperation(u"Unsupported Content-Type; this operation accepts %1."_s.arg(
                        QLatin1StringView(ContentType)));
        return outcome;
    }
    const QByteArray target = request.header("x-amz-target");
    const QString detailOperation = OpportunityDetails::operationFor(target);
    if (target != Target && detailOperation.isEmpty()) {
        outcome.error = unknownOperation(
                u"Unknown operation: %1"_s.arg(QString::fromLatin1(loggable(target))));
        return outcome;
    }
    if (auto authError = m_authenticator->verify(request, serverNow())) {
        outcome.error = std::move(authError);
        return outcome;
    }

    ++m_authenticated;
    bool drop = false;
    {
        const QMutexLocker lock(&m_mutex);
        if (m_failCount > 0) {
            --m_failCount;
            ServiceError injected;
            injected.httpStatus = m_failStatus;
            injected.type = m_failType;
            injected.modeled = m_failType.contains(u'#');
            injected.message = u"Injected fault"_s;
            outcome.error = injected;
            outcome.fault = "injected";
            return outcome;
        }
        if (m_dropCount > 0) {
            --m_dropCount;
            drop = true;
        }
    }
    if (m_options.rateLimit > 0 && !takeRateToken()) {
        outcome.error = ServiceError::throttling(m_options.throttleStatus);
        outcome.fault = "rate-limit";
        return outcome;
    }
    if (m_options.throttleEvery > 0 && m_authenticated % m_options.throttleEvery == 0) {
        outcome.error = ServiceError::throttling(m_options.throttleStatus);
        outcome.fault = "throttle";
        return outcome;
    }
    if (m_options.errorEvery > 0 && m_authenticated % m_options.errorEvery == 0) {
        outcome.error = ServiceError::internalServer();
        outcome.fault = "error";
        return outcome;
    }
    if (m_options.dropEvery > 0 && m_authenticated % m_options.dropEvery == 0) {
        drop = true;
    }
    const bool spike = m_options.spikeEvery > 0 && m_authenticated % m_options.spikeEvery == 0;
    outcome = serveOperation(detailOperation, request.body);
    if (drop) {
        outcome.drop = true;
        outcome.fault = "drop";
    }
    if (spike) {
        outcome.extraDelayMs = m_options.spikeMs;
        outcome.fault = outcome.fault ? outcome.fault : "spike";
    }
    return outcome;
}

EmulatorServer::Outcome EmulatorServer::serveOperation(const QString &detailOperation,
                                                       const QByteArray &body)
{
    const QString operation = detailOperation.isEmpty() ? u"ListOpportunities"_s : detailOperation;
    Outcome outcome;
    if (m_options.deniedOperations.contains(operation)) {
        outcome.error = ServiceError::modeledError(
                403, u"AccessDeniedException"_s,
                u"User: arn:aws:iam::%1:user/partnerdesk is not authorized to perform: "
                "partnercentral:%2 because no identity-based policy allows the "
                "partnercentral:%2 action"_s.arg(m_options.accountId, operation));
        return outcome;
    }
    if (detailOperation.isEmpty()) {
        return serve(body);
    }
    const OpportunityDetails details(m_options.seed, m_options.region, m_options.accountId);
    OpportunityDetails::Answer answer = details.answer(detailOperation, body, *m_store);
    outcome.error = std::move(answer.error);
    outcome.body = std::move(answer.body);
    outcome.items = outcome.error ? 0 : 1;
    return outcome;
}

EmulatorServer::Outcome EmulatorServer::serve(const QByteArray &body)
{
    Outcome outcome;
    const QByteArray json = body.isEmpty() ? "{}"_ba : body;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        outcome.error = ServiceError::frontEnd(
                400, u"SerializationException"_s,
                parseError.error != QJsonParseError::NoError
                        ? u"Malformed JSON body: %1 at offset %2."_s.arg(parseError.errorString())
                                  .arg(parseError.offset)
                        : u"The request body must be a JSON object."_s);
        return outcome;
    }
    QList<Core::FieldError> errors;
    const Core::ListOpportunitiesRequest request
            = Core::ListOpportunitiesRequest::fromJson(json, &errors);
    if (errors.isEmpty()) {
        errors = request.validate();
    }
    if (!errors.isEmpty()) {
        outcome.error = ServiceError::validation(errors);
        return outcome;
    }

    if (m_options.deniedCatalogs.contains(request.catalog)) {
        outcome.error = ServiceError::modeledError(
                403, u"AccessDeniedException"_s,
                u"User: arn:aws:iam::%1:user/partnerdesk is not authorized to perform: "
                "partnercentral:ListOpportunities on resource: "
                "arn:aws:partnercentral:%2:%1:catalog/%3 with an explicit deny in an "
                "identity-based policy"_s.arg(m_options.accountId, m_options.region,
                                              request.catalog));
        return outcome;
    }
    const QByteArray canonical = OpportunityStore::canonicalQuery(request);
    const auto rows = m_store->match(request, canonical);
    qsizetype offset = 0;
    if (!request.nextToken.isEmpty()) {
        const std::optional<quint32> decoded
                = m_tokens->decode(canonical, request.nextToken.toUtf8());
        if (!decoded || *decoded > rows->size()) {
            outcome.error = ServiceError::validation(
                    {{u"NextToken"_s, u"INVALID_VALUE"_s,
                      u"The NextToken is not valid for this request. Send the same Catalog, "
                      "filters and Sort as the request that returned it, or start again "
                      "without NextToken."_s}});
            return outcome;
        }
        offset = *decoded;
    }
    qsizetype pageSize = request.maxResults.value_or(DefaultPageSize);
    if (m_options.shortPages) {
        pageSize = (pageSize + 1) / 2;
    }
    const qsizetype end = std::min(offset + pageSize, rows->size());
    // With trailingEmptyPage the last page with data still has a token, to an empty page.
    const bool more = end < rows->size() || (m_options.trailingEmptyPage && end > offset);

    qsizetype size = 64;
    for (qsizetype i = offset; i < end; ++i) {
        size += m_store->json(rows->at(i)).size() + 1;
    }
    QByteArray &out = outcome.body;
    out.reserve(size);
    out.append("{\"OpportunitySummaries\":[");
    for (qsizetype i = offset; i < end; ++i) {
        if (i > offset) {
            out.append(',');
        }
        out.append(m_store->json(rows->at(i)));
    }
    out.append(']');
    if (more) {
        out.append(",\"NextToken\":\"").append(m_tokens->encode(canonical, quint32(end)));
        out.append('"');
    }
    out.append('}');
    outcome.items = int(end - offset);
    return outcome;
}

bool EmulatorServer::takeRateToken()
{
    const double capacity = std::max(1.0, m_options.rateLimit);
    const double seconds = double(m_rateClock.nsecsElapsed()) / 1e9;
    m_rateClock.restart();
    m_rateTokens = std::min(capacity, m_rateTokens + seconds * m_options.rateLimit);
    if (m_rateTokens >= 1.0) {
        m_rateTokens -= 1.0;
        return true;
    }
    return false;
}

void EmulatorServer::writeLog(const QByteArray &target, int status, qint64 elapsedNs, int items,
                              const QString &error, const char *fault)
{
    QByteArray line = Core::Model::formatDateTime(QDateTime::currentDateTimeUtc()).toLatin1();
    line.append(' ').append(target).append(' ').append(QByteArray::number(status));
    line.append(' ').append(QByteArray::number(double(elapsedNs) / 1e6, 'f', 2)).append("ms");
    line.append(" items=").append(QByteArray::number(items));
    if (!error.isEmpty()) {
        line.append(" error=").append(error.toLatin1());
    }
    if (fault) {
        line.append(" fault=").append(fault);
    }
    qCDebug(lcEmulatorServer).noquote() << QString::fromLatin1(line);
    if (m_log.isOpen()) {
        line.append('\n');
        m_log.write(line);
        m_log.flush();
    }
}

} // namespace Pd::Emulator
