#include "awsjsoncall.h"

#include "awsclient.h"
#include "errorparser.h"
#include "httpclient.h"
#include "requestratelimiter.h"
#include "retryquota.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAwsJsonCall, "partnerdesk.core.awsjsoncall", QtInfoMsg)

namespace Pd::Core {

namespace {

constexpr qint64 MaxRoundTripForClockMs = 15 * 60 * 1000; // JS v3 AwsSdkSigV4Signer
constexpr qint64 SkewThresholdMs = 4 * 60 * 1000; // JS v3: |offset| >= 240000 ms
constexpr qint64 SkewChangeMs = 1000; // the Date header has a resolution of one second
constexpr qint64 RetryHintSlackMs = 5000; // JS v3: never more than backoff + 5 s
constexpr qint64 MaxRetryHintMs = 24LL * 3600 * 1000;

// @smithy/core TRANSIENT_ERROR_CODES.
const QStringList &transientNames()
{
    static const QStringList names{u"TimeoutError"_s, u"RequestTimeout"_s,
                                   u"RequestTimeoutException"_s};
    return names;
}

// The names a wrong signing time produces (ListOpportunities.md §7.4).
const QStringList &clockSkewNames()
{
    static const QStringList names{
            u"AccessDeniedException"_s, u"AuthFailure"_s,        u"InvalidSignatureException"_s,
            u"RequestExpired"_s,        u"RequestInTheFuture"_s, u"RequestTimeTooSkewed"_s,
            u"SignatureDoesNotMatch"_s,
    };
    return names;
}

int monthFromName(QByteArrayView name)
{
    static constexpr const char *months[]
            = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i) {
        if (name.compare(QByteArrayView(months[i]), Qt::CaseInsensitive) == 0) {
            return i + 1;
        }
    }
    return 0;
}

int toInt(QByteArrayView text)
{
    bool ok = false;
    const int value = text.toByteArray().toInt(&ok);
    return ok ? value : -1;
}

QDateTime makeUtc(int year, int month, int day, QByteArrayView time)
{
    const QList<QByteArray> hms = time.toByteArray().split(':');
    if (hms.size() != 3 || month == 0) {
        return {};
    }
    const QDate date(year, month, day);
    const QTime clock(toInt(hms[0]), toInt(hms[1]), toInt(hms[2]));
    if (!date.isValid() || !clock.isValid()) {
        return {};
    }
    return QDateTime(date, clock, Qt::UTC);
}

} // namespace

AwsJsonCall::AwsJsonCall(AwsClient *client, QString operation, QByteArray body, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_operation(std::move(operation)),
      m_body(std::move(body)),
      m_backoffTimer(new QTimer(this))
{
    m_backoffTimer->setSingleShot(true);
    connect(m_backoffTimer, &QTimer::timeout, this, &AwsJsonCall::startAttempt);
    if (client) {
        // The client's HttpClient takes the reply in flight with it.
        connect(client, &QObject::destroyed, this, &AwsJsonCall::abort);
    }
}

AwsJsonCall::~AwsJsonCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void AwsJsonCall::start()
{
    if (m_state != State::Idle) {
        return;
    }
    m_elapsed.start();
    if (!canSendAtOnce()) {
        // Asynchronous, so that finished() never fires inside start().
        m_state = State::BackingOff;
        m_backoffTimer->start(0);
        return;
    }
    // Signed and sent now: a lister starts the next page as soon as it has the token.
    startAttempt();
}

bool AwsJsonCall::canSendAtOnce() const
{
    // startAttempt() finishes synchronously only when one of these fails.
    return m_client && m_client->configError().isEmpty() && m_client->credentialsProvider();
}

void AwsJsonCall::abort()
{
    if (m_state == State::Finished) {
        return;
    }
    m_backoffTimer->stop();
    ++m_generation;
    if (m_client) {
        m_client->rateLimiter()->cancel(this);
    }
    if (m_reply) {
        HttpReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    ApiError error;
    error.kind = ApiError::Kind::Cancelled;
    error.message = tr("The request was cancelled.");
    finish(error);
}

qint64 AwsJsonCall::elapsedMs() const
{
    if (m_elapsedMs >= 0) {
        return m_elapsedMs;
    }
    return m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
}

QByteArray AwsJsonCall::targetFor(const QString &operation)
{
    return "AWSPartnerCentralSelling." + operation.toLatin1();
}

AwsJsonCall::RetryClass AwsJsonCall::classify(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::None:
    case ApiError::Kind::LocalValidation:
    case ApiError::Kind::Configuration:
    case ApiError::Kind::Cancelled:
    case ApiError::Kind::InvalidResponse:
        return RetryClass::None;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        return RetryClass::Transient;
    default:
        break;
    }
    if (error.kind == ApiError::Kind::Throttling || error.httpStatus == 429
        || isThrottlingErrorName(error.type)) {
        return RetryClass::Throttling;
    }
    if (transientNames().contains(error.type)) {
        return RetryClass::Transient;
    }
    switch (error.httpStatus) {
    case 500:
    case 502:
    case 503:
    case 504:
        return RetryClass::Transient;
    default:
        return RetryClass::None;
    }
}

bool AwsJsonCall::isClockSkewError(const ApiError &error)
{
    return error.kind == ApiError::Kind::Authentication
           || error.kind == ApiError::Kind::AccessDenied || clockSkewNames().contains(error.type);
}

int AwsJsonCall::backoffMs(const RetryConfig &config, RetryClass retryClass, int retryIndex,
                           double random)
{
    const double base = retryClass == RetryClass::Throttling ? config.throttlingBaseMs
                                                             : config.transientBaseMs;
    const double cap = std::max(0, config.maxBackoffMs);
    const double exponential = base * std::pow(2.0, std::clamp(retryIndex, 0, 62));
    const double r = std::clamp(random, 0.0, std::nextafter(1.0, 0.0));
    return int(std::floor(r * std::min(std::max(0.0, exponential), cap)));
}

int AwsJsonCall::applyRetryHint(int backoffMs, qint64 hintMs)
{
    if (hintMs < 0) {
        return backoffMs;
    }
    return int(std::max<qint64>(backoffMs, std::min<qint64>(hintMs, backoffMs + RetryHintSlackMs)));
}

QDateTime AwsJsonCall::parseHttpDate(QByteArrayView value)
{
    const QList<QByteArray> parts = value.toByteArray().simplified().split(' ');
    if (parts.size() == 6 && parts[0].endsWith(',') && parts[5] == "GMT") {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        return makeUtc(toInt(parts[3]), monthFromName(parts[2]), toInt(parts[1]), parts[4]);
    }
    if (parts.size() == 4 && parts[0].endsWith(',') && parts[3] == "GMT") {
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        const QList<QByteArray> dmy = parts[1].split('-');
        if (dmy.size() != 3 || dmy[2].size() != 2) {
            return {};
        }
        int year = toInt(dmy[2]);
        if (year < 0) {
            return {};
        }
        year += year < 70 ? 2000 : 1900;
        return makeUtc(year, monthFromName(dmy[1]), toInt(dmy[0]), parts[2]);
    }
    if (parts.size() == 5) {
        // asctime: Sun Nov  6 08:49:37 1994
        return makeUtc(toInt(parts[4]), monthFromName(parts[1]), toInt(parts[2]), parts[3]);
    }
    return {};
}

QByteArray AwsJsonCall::loggableHeaderValue(const QByteArray &name, const QByteArray &value)
{
    if (name.compare("Authorization", Qt::CaseInsensitive) == 0
        || name.compare("X-Amz-Security-Token", Qt::CaseInsensitive) == 0) {
        return "REDACTED";
    }
    return value;
}

void AwsJsonCall::startAttempt()
{
    if (m_state == State::Finished) {
        return;
    }
    if (!m_client) {
        finish(ApiError::configuration(tr("The client of this call no longer exists.")));
        return;
    }
    if (!m_client->configError().isEmpty()) {
        finish(ApiError::configuration(m_client->configError()));
        return;
    }
    CredentialsProvider *provider = m_client->credentialsProvider();
    if (!provider) {
        finish(ApiError::configuration(tr("No AWS credentials are configured.")));
        return;
    }
    m_state = State::FetchingCredentials;
    const quint64 generation = ++m_generation;
    const AwsCredentials current = provider->currentCredentials();
    if (current.isValid()) {
        acquireRateToken(generation, current);
        return;
    }
    provider->fetch(this, [this, generation](const AwsCredentials &credentials,
                                             const QString &error) {
        if (generation != m_generation || m_state != State::FetchingCredentials) {
            return;
        }
        if (!credentials.isValid()) {
            finish(ApiError::configuration(error.isEmpty() ? tr("No AWS credentials are available.")
                                                           : error));
            return;
        }
        if (!m_client) {
            finish(ApiError::configuration(tr("The client of this call no longer exists.")));
            return;
        }
        acquireRateToken(generation, credentials);
    });
}

void AwsJsonCall::acquireRateToken(quint64 generation, const AwsCredentials &credentials)
{
    // Each attempt waits for the client-wide request rate limit, right before signing.
    m_client->rateLimiter()->acquire(this, [this, generation, credentials] {
        if (generation == m_generation && m_state == State::FetchingCredentials) {
            send(credentials);
        }
    });
}

void AwsJsonCall::send(const AwsCredentials &credentials)
{
    if (!m_client) {
        finish(ApiError::configuration(tr("The client of this call no longer exists.")));
        return;
    }
    const ClientConfig &config = m_client->config();

    QUrl url = config.endpoint;
    if (url.port() == (url.scheme() == "https"_L1 ? 443 : 80)) {
        url.setPort(-1);
    }
    url.setQuery(QString());
    url.setFragment(QString());
    if (url.path().isEmpty()) {
        url.setPath(u"/"_s);
    }
    const QByteArray target = targetFor(m_operation);

    SignableRequest signable;
    signable.method = "POST";
    signable.path = url.path(QUrl::FullyEncoded).toLatin1();
    signable.headers = {
            {"Host", HttpClient::hostHeader(url)},
            {"Content-Type", "application/x-amz-json-1.0"},
            {"X-Amz-Target", target},
    };
    signable.body = m_body;

    m_signingOffsetMs = config.clockSkewCorrection ? m_client->clockOffsetMs() : 0;
    SigningParams params;
    params.region = config.region;
    params.service = config.service;
    params.time = QDateTime::currentDateTimeUtc().addMSecs(m_signingOffsetMs);
    params.addContentSha256Header = config.addContentSha256Header;
    const SignedParts signature = SigV4Signer::signHeaders(signable, credentials, params);

    HttpRequest request;
    request.url = url;
    request.headers = signable.headers;
    request.headers += signature.addedHeaders;
    request.headers.append(HttpHeader{"User-Agent", "PartnerDesk/" PD_VERSION_STRING});
    request.body = m_body;
    request.transferTimeoutMs = std::max(0, config.transferTimeoutMs);
    request.maxResponseBytes = MaxResponseBytes;

    ++m_attempt;
    if (lcAwsJsonCall().isDebugEnabled()) {
        QByteArray headers;
        for (const HttpHeader &header : std::as_const(request.headers)) {
            headers += "\n  " + header.name + ": " + loggableHeaderValue(header.name, header.value);
        }
        qCDebug(lcAwsJsonCall).noquote().nospace()
                << "POST " << url.toDisplayString() << " target=" << target
                << " attempt=" << m_attempt << '/' << config.retry.maxAttempts
                << " bodyBytes=" << m_body.size() << headers;
    }

    m_state = State::Sending;
    m_attemptTimer.start();
    HttpReply *reply = m_client->httpClient()->send(request);
    m_reply = reply;
    Q_EMIT m_client->requestSent(m_operation);
    connect(reply, &HttpReply::finished, this, [this, reply] { handleReply(reply); });
}

void AwsJsonCall::handleReply(HttpReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply || m_state != State::Sending) {
        return;
    }
    m_reply = nullptr;

    const qint64 latencyMs = m_attemptTimer.elapsed();
    const int status = reply->status();
    const HttpReply::Error transportError = reply->error();
    const QString requestId = QString::fromLatin1(reply->header("x-amzn-RequestId"));

    bool skewCorrected = false;
    if (status > 0) {
        updateClockOffset(reply, latencyMs, &skewCorrected);
    }

    qCDebug(lcAwsJsonCall).noquote().nospace()
            << "target=" << targetFor(m_operation) << " attempt=" << m_attempt
            << " status=" << status << " latencyMs=" << latencyMs << " requestId=" << requestId
            << " transportError=" << int(transportError) << " bodyBytes=" << reply->body().size();

    if (transportError != HttpReply::Error::None) {
        handleTransportFailure(reply, status, requestId);
        return;
    }

    if (status >= 200 && status < 300) {
        if (m_client) {
            m_client->retryQuota()->release(m_lastRetryCost);
        }
        m_responseBody = reply->takeBody();
        ApiError success;
        success.httpStatus = status;
        success.requestId = requestId;
        finish(success);
        return;
    }

    if (status >= 300 && status < 400) {
        ApiError error;
        error.kind = ApiError::Kind::Service;
        error.httpStatus = status;
        error.requestId = requestId;
        error.message = tr("The endpoint answered with a redirect (HTTP %1) to \"%2\"; redirects "
                           "are not followed. Check the endpoint URL.")
                                .arg(status)
                                .arg(QString::fromLatin1(reply->header("Location")));
        finish(error);
        return;
    }

    ApiError error = parseErrorResponse(status, reply->body(), reply->header("X-Amzn-ErrorType"),
                                        reply->header("x-amzn-RequestId"));
    error.httpStatus = status;
    error.requestId = requestId;
    RetryClass retryClass = classify(error);
    if (retryClass == RetryClass::Throttling && m_client) {
        m_client->rateLimiter()->reportThrottled();
    }
    const bool skewRetry = retryClass == RetryClass::None && skewCorrected && !m_skewRetryUsed
                           && isClockSkewError(error);
    if (skewRetry) {
        qCDebug(lcAwsJsonCall) << "clock skew corrected to" << m_client->clockOffsetMs()
                               << "ms; re-signing once";
        m_skewRetryUsed = true;
        retryClass = RetryClass::Transient;
    }
    retryOrFinish(error, retryClass, retryHintMs(reply));
}

void AwsJsonCall::handleTransportFailure(HttpReply *reply, int status, const QString &requestId)
{
    ApiError error;
    error.httpStatus = status;
    error.requestId = requestId;
    RetryClass retryClass = RetryClass::Transient;
    error.kind = ApiError::Kind::Network;
    switch (reply->error()) {
    case HttpReply::Error::TooLarge:
        error.kind = ApiError::Kind::InvalidResponse;
        error.message = tr("The response is larger than %1 MiB; it was not read.")
                                .arg(MaxResponseBytes / (1024 * 1024));
        finish(error);
        return;
    case HttpReply::Error::Timeout:
        error.kind = ApiError::Kind::Timeout;
        error.message = tr("No data arrived for %1 ms; the attempt timed out.")
                                .arg(m_client ? m_client->config().transferTimeoutMs : 0);
        break;
    case HttpReply::Error::ClosedWithoutResponse:
        error.message = tr("The server closed the connection without a response.");
        break;
    case HttpReply::Error::ClosedEarly:
        error.message = status > 0 && reply->announcedLength() >= 0
                                ? tr("The connection closed after %1 of %2 bytes of the response.")
                                          .arg(reply->body().size())
                                          .arg(reply->announcedLength())
                                : reply->errorString();
        break;
    case HttpReply::Error::Tls:
    case HttpReply::Error::ProxyAuthenticationRequired:
        // A certificate or proxy credential problem does not go away by asking again.
        error.message = reply->errorString();
        retryClass = RetryClass::None;
        break;
    case HttpReply::Error::InsecureProxy:
        error.kind = ApiError::Kind::Configuration;
        error.message = reply->errorString();
        retryClass = RetryClass::None;
        break;
    default:
        error.message = reply->errorString();
        break;
    }
    retryOrFinish(error, retryClass, -1);
}

void AwsJsonCall::updateClockOffset(HttpReply *reply, qint64 latencyMs, bool *skewCorrected)
{
    if (!m_client || !m_client->config().clockSkewCorrection || latencyMs > MaxRoundTripForClockMs
        || reply->hasHeader("Age")) {
        return;
    }
    const QDateTime serverTime = parseHttpDate(reply->header("Date"));
    if (!serverTime.isValid()) {
        return;
    }
    const qint64 offset = serverTime.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch();
    m_client->setClockOffsetMs(offset);
    *skewCorrected = std::abs(offset) >= SkewThresholdMs
                     && std::abs(offset - m_signingOffsetMs) >= SkewChangeMs;
}

qint64 AwsJsonCall::retryHintMs(HttpReply *reply) const
{
    bool ok = false;
    const QByteArray amzHint = reply->header("x-amz-retry-after").trimmed();
    if (!amzHint.isEmpty()) {
        const qint64 ms = amzHint.toLongLong(&ok);
        if (ok && ms >= 0) {
            return std::min(ms, MaxRetryHintMs);
        }
    }
    const QByteArray hint = reply->header("Retry-After").trimmed();
    if (hint.isEmpty()) {
        return -1;
    }
    const qint64 seconds = hint.toLongLong(&ok);
    if (ok) {
        return seconds < 0 ? -1 : std::min(seconds, MaxRetryHintMs / 1000) * 1000;
    }
    const QDateTime when = parseHttpDate(hint);
    if (!when.isValid()) {
        return -1;
    }
    const qint64 serverNow
            = QDateTime::currentMSecsSinceEpoch() + (m_client ? m_client->clockOffsetMs() : 0);
    return std::clamp<qint64>(when.toMSecsSinceEpoch() - serverNow, 0, MaxRetryHintMs);
}

void AwsJsonCall::retryOrFinish(ApiError error, RetryClass retryClass, qint64 hintMs)
{
    if (retryClass == RetryClass::None || !m_client
        || m_attempt >= m_client->config().retry.maxAttempts) {
        finish(error);
        return;
    }
    const int cost = m_client->retryQuota()->acquire(retryClass == RetryClass::Throttling);
    if (cost == 0) {
        qCDebug(lcAwsJsonCall) << "retry budget exhausted; not retrying" << targetFor(m_operation);
        finish(error);
        return;
    }
    m_lastRetryCost = cost;
    const int delay = applyRetryHint(
            backoffMs(m_client->config().retry, retryClass, m_attempt - 1, m_client->nextJitter()),
            hintMs);
    qCDebug(lcAwsJsonCall).noquote().nospace()
            << "retrying target=" << targetFor(m_operation) << " attempt=" << m_attempt + 1
            << " delayMs=" << delay << " cause: " << error.summary();
    m_state = State::BackingOff;
    Q_EMIT retrying(m_attempt + 1, delay, error);
    if (m_state == State::BackingOff) {
        m_backoffTimer->start(delay);
    }
}

void AwsJsonCall::finish(ApiError error)
{
    m_state = State::Finished;
    m_backoffTimer->stop();
    error.attempts = m_attempt;
    m_error = std::move(error);
    m_elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    qCDebug(lcAwsJsonCall).noquote().nospace()
            << "finished target=" << targetFor(m_operation) << " attempts=" << m_attempt
            << " elapsedMs=" << m_elapsedMs
            << (m_error.isError() ? " error: " + m_error.summary() : QString());
    Q_EMIT finished();
}

} // namespace Pd::Core
