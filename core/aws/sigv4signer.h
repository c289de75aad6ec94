#pragma once

#include "awscredentials.h"
#include "httpheaders.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace Pd::Core {

/// The parts of an HTTP request that SigV4 covers, exactly as they go on the wire.
struct SignableRequest
{
    QByteArray method; ///< "POST"
    QByteArray path; ///< raw request path, not URI-encoded ("/", "/example space/")
    QByteArray query; ///< raw query string without '?', possibly already %-encoded
    HttpHeaders headers; ///< in order; repeated names allowed; must include Host
    QByteArray body;
};

struct SigningParams
{
    QString region;
    QString service;
    QDateTime time; ///< signing time (converted to UTC)
    bool normalizePath = true; ///< RFC 3986 dot-segment and empty-segment removal
    bool signBody = true; ///< payload hash = SHA-256(body); else hash of ""
    bool addContentSha256Header = true; ///< add and sign x-amz-content-sha256 (only if signBody)
    bool omitSessionToken = false; ///< attach X-Amz-Security-Token after signing, unsigned
    qint64 expiresInSecs = 3600; ///< X-Amz-Expires, query signing only
};

/// Everything a signing produced; the intermediate strings exist for tests and verification.
struct SignedParts
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signature; ///< 64 lowercase hex characters
    QByteArray authorization; ///< header mode: the Authorization header value
    HttpHeaders
            addedHeaders; ///< header mode: X-Amz-Date, x-amz-content-sha256, token, Authorization
    QByteArray
            signedQuery; ///< query mode: the full canonical query string including X-Amz-Signature
};

/// AWS Signature Version 4, as pure functions of the request, the credentials and the time.
///
/// Header mode adds `X-Amz-Date` (unless the request already carries one, which is then used
/// as-is), `x-amz-content-sha256` (per params), `X-Amz-Security-Token` for temporary credentials
/// and `Authorization`. When the request already has an `x-amz-content-sha256` header, its value
/// is the payload hash. A server verifies a request by passing the received request with only
/// the headers named in SignedHeaders and credentials without a session token.
/// Every request header is signed except those proxies and HTTP stacks rewrite (Authorization,
/// User-Agent, X-Amzn-Trace-Id, Expect, Connection, Keep-Alive, Transfer-Encoding), as in the
/// AWS SDKs. The path is taken raw and URI-encoded once more (a '%' becomes "%25"); query keys
/// and values are decoded, then encoded canonically. An already present X-Amz-Security-Token
/// header is signed as it is rather than added again.
/// Nothing here logs; secrets never leave this function except inside the HMAC.
class SigV4Signer final
{
public:
    static SignedParts signHeaders(const SignableRequest &request,
                                   const AwsCredentials &credentials, const SigningParams &params);
    static SignedParts signQuery(const SignableRequest &request, const AwsCredentials &credentials,
                                 const SigningParams &params);

    static QByteArray amzDate(const QDateTime &time); ///< yyyyMMddThhmmssZ
    static QByteArray scopeDate(const QDateTime &time); ///< yyyyMMdd
    static QByteArray sha256Hex(const QByteArray &data);
    static QByteArray credentialScope(const QDateTime &time, const QString &region,
                                      const QString &service);
    /// Parses "AWS4-HMAC-SHA256 Credential=…/scope, SignedHeaders=a;b, Signature=hex".
    struct AuthorizationHeader
    {
        QByteArray accessKeyId;
        QByteArray scopeDate;
        QByteArray region;
        QByteArray service;
        QByteArray terminator; ///< "aws4_request"
        QList<QByteArray> signedHeaders;
        QByteArray signature;
        bool valid = false;
    };
    static AuthorizationHeader parseAuthorization(const QByteArray &value);
};

} // namespace Pd::Core
