#pragma once

#include "awscredentials.h"
#include "httpconnection.h"
#include "serviceerror.h"

#include <QDateTime>

#include <optional>

namespace Pd::Emulator {

/// Verifies a request's SigV4 `Authorization` header the way the AWS front end does, with the
/// same error names, statuses and wording:
/// - no Authorization: MissingAuthenticationTokenException (403);
/// - malformed Authorization, missing X-Amz-Date, or one of host, content-type, x-amz-date,
///   x-amz-target (and x-amz-security-token when sent) not signed: IncompleteSignatureException
///   (400);
/// - scope (terminator, service, region, date) wrong, X-Amz-Date more than 5 minutes from
///   server time ("Signature expired: …"), signature or x-amz-content-sha256 mismatch:
///   InvalidSignatureException (403);
/// - unknown access key, missing, wrong or unexpected session token:
///   UnrecognizedClientException (403).
/// The signature is recomputed with the core signer over exactly the headers the client named
/// in SignedHeaders. Nothing here logs.
class RequestAuthenticator final
{
public:
    static constexpr qint64 MaxSkewSecs = 300;

    RequestAuthenticator(Core::AwsCredentials credentials, QString region, QString service);

    /// std::nullopt when the request is authentic.
    std::optional<ServiceError> verify(const HttpConnection::Request &request,
                                       const QDateTime &serverNow) const;

private:
    Core::AwsCredentials m_credentials;
    QString m_region;
    QString m_service;
};

} // namespace Pd::Emulator
