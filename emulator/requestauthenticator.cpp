#include "requestauthenticator.h"

#include "sigv4signer.h"

using namespace Qt::StringLiterals;

namespace Pd::Emulator {

namespace {

ServiceError incomplete(const QString &message)
{
    return ServiceError::frontEnd(400, u"IncompleteSignatureException"_s, message);
}

ServiceError invalidSignature(const QString &message)
{
    return ServiceError::frontEnd(403, u"InvalidSignatureException"_s, message);
}

ServiceError unrecognizedClient()
{
    return ServiceError::frontEnd(403, u"UnrecognizedClientException"_s,
                                  u"The security token included in the request is invalid."_s);
}

/// yyyyMMddThhmmssZ, strictly.
QDateTime parseAmzDate(const QByteArray &value)
{
    if (value.size() != 16 || value.at(8) != 'T' || value.at(15) != 'Z') {
        return {};
    }
    for (qsizetype i = 0; i < 15; ++i) {
        if (i != 8 && (value.at(i) < '0' || value.at(i) > '9')) {
            return {};
        }
    }
    const QDate date(value.left(4).toInt(), value.mid(4, 2).toInt(), value.mid(6, 2).toInt());
    const QTime time(value.mid(9, 2).toInt(), value.mid(11, 2).toInt(), value.mid(13, 2).toInt());
    if (!date.isValid() || !time.isValid()) {
        return {};
    }
    return QDateTime(date, time, Qt::UTC);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    }
    return diff == 0;
}

QString latin1(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

RequestAuthenticator::RequestAuthenticator(Core::AwsCredentials credentials, QString region,
                                           QString service)
    : m_credentials(std::move(credentials)),
      m_region(std::move(region)),
      m_service(std::move(service))
{ }

std::optional<ServiceError> RequestAuthenticator::verify(const HttpConnection::Request &request,
                                                         const QDateTime &serverNow) const
{
    const QByteArray authorization = request.header("authorization");
    if (authorization.isNull()) {
        return ServiceError::frontEnd(403, u"MissingAuthenticationTokenException"_s,
                                      u"Missing Authentication Token"_s);
    }
    const Core::SigV4Signer::AuthorizationHeader auth
            = Core::SigV4Signer::parseAuthorization(authorization);
    if (!auth.valid) {
        return incomplete(u"Authorization header requires 'Credential', 'SignedHeaders' and "
                          "'Signature' parameters of the AWS4-HMAC-SHA256 algorithm."_s);
    }
    const QByteArray amzDate = request.header("x-amz-date");
    if (amzDate.isNull()) {
        return incomplete(u"Authorization header requires existence of either a 'X-Amz-Date' or "
                          "a 'Date' header."_s);
    }
    const QDateTime requestTime = parseAmzDate(amzDate);
    if (!requestTime.isValid()) {
        return incomplete(u"Date must be in ISO-8601 'basic format'. Got '%1'. See "
                          "http://en.wikipedia.org/wiki/ISO_8601"_s.arg(latin1(amzDate)));
    }
    const auto isSigned = [&auth](QByteArrayView name) {
        for (const QByteArray &signedName : auth.signedHeaders) {
            if (signedName.compare(name, Qt::CaseInsensitive) == 0) {
                return true;
            }
        }
        return false;
    };
    for (const char *required : {"host", "content-type", "x-amz-date", "x-amz-target"}) {
        if (!isSigned(required)) {
            return incomplete(u"'%1' must be a 'SignedHeader' in the AWS Authorization."_s.arg(
                    QLatin1StringView(required)));
        }
    }
    const bool hasToken = request.hasHeader("x-amz-security-token");
    if (hasToken && !isSigned("x-amz-security-token")) {
        return incomplete(
                u"'x-amz-security-token' must be a 'SignedHeader' in the AWS Authorization."_s);
    }

    if (auth.terminator != "aws4_request") {
        return invalidSignature(
                u"Credential should be scoped with a valid terminator: 'aws4_request', not '%1'."_s
                        .arg(latin1(auth.terminator)));
    }
    if (auth.service != m_service.toUtf8()) {
        return invalidSignature(
                u"Credential should be scoped to correct service: '%1'. "_s.arg(m_service));
    }
    if (auth.region != m_region.toUtf8()) {
        return invalidSignature(u"Credential should be scoped to a valid region, not '%1'. "_s.arg(
                latin1(auth.region)));
    }
    if (auth.scopeDate != amzDate.left(8)) {
        return invalidSignature(u"Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                                "version of date from HTTP: '%1' != '%2', from 'X-Amz-Date'."_s.arg(
                                        latin1(auth.scopeDate), latin1(amzDate.left(8))));
    }
    const QDateTime now = serverNow.toUTC();
    const QDateTime earliest = now.addSecs(-MaxSkewSecs);
    const QDateTime latest = now.addSecs(MaxSkewSecs);
    if (requestTime < earliest) {
        return invalidSignature(u"Signature expired: %1 is now earlier than %2 (%3 - 5 min.)"_s.arg(
                latin1(amzDate), latin1(Core::SigV4Signer::amzDate(earliest)),
                latin1(Core::SigV4Signer::amzDate(now))));
    }
    if (requestTime > latest) {
        return invalidSignature(
                u"Signature not yet current: %1 is still later than %2 (%3 + 5 min.)"_s.arg(
                        latin1(amzDate), latin1(Core::SigV4Signer::amzDate(latest)),
                        latin1(Core::SigV4Signer::amzDate(now))));
    }

    if (auth.accessKeyId != m_credentials.accessKeyId.toUtf8()) {
        return unrecognizedClient();
    }
    if (hasToken != m_credentials.hasSessionToken()
        || (hasToken
            && !constantTimeEquals(request.header("x-amz-security-token"),
                                   m_credentials.sessionToken.toUtf8()))) {
        return unrecognizedClient();
    }

    Core::SignableRequest signable;
    signable.method = request.method;
    signable.path = request.path;
    signable.query = request.query;
    signable.body = request.body;
    for (const Core::HttpHeader &header : request.headers) {
        if (isSigned(header.name)) {
            signable.headers.append(header);
        }
    }
    Core::SigningParams params;
    params.region = m_region;
    params.service = m_service;
    params.time = requestTime;
    params.addContentSha256Header = false;
    Core::AwsCredentials keyOnly;
    keyOnly.accessKeyId = m_credentials.accessKeyId;
    keyOnly.secretAccessKey = m_credentials.secretAccessKey;
    const Core::SignedParts expected = Core::SigV4Signer::signHeaders(signable, keyOnly, params);
    if (!constantTimeEquals(expected.signature, auth.signature.toLower())) {
        return invalidSignature(u"The request signature we calculated does not match the "
                                "signature you provided. Check your AWS Secret Access Key and "
                                "signing method. Consult the service documentation for details."_s);
    }

    const QByteArray contentSha = request.header("x-amz-content-sha256");
    if (!contentSha.isNull()
        && contentSha.trimmed().toLower() != Core::SigV4Signer::sha256Hex(request.body)) {
        return invalidSignature(
                u"The provided 'x-amz-content-sha256' header does not match what was computed."_s);
    }
    return std::nullopt;
}

} // namespace Pd::Emulator
