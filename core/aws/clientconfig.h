#pragma once

#include "proxysettings.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

namespace Pd::Core {

/// The AWS standard retry mode settings (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE).
struct RetryConfig
{
    int maxAttempts = 3; ///< first call included
    QString mode = QStringLiteral("standard");
    int throttlingBaseMs = 1000;
    int transientBaseMs = 50;
    int maxBackoffMs = 20000;
    int initialRetryTokens = 500; ///< the client-wide retry budget
    int throttlingRetryCost = 5;
    int transientRetryCost = 14;
};

/// Where and how to call the service. Built by ConnectionResolver from flags, environment and
/// profiles, or directly by tests and the demo.
struct ClientConfig
{
    QUrl endpoint; ///< https://partnercentral-selling.us-east-1.api.aws
    QString region = QStringLiteral("us-east-1");
    QString service = QStringLiteral("partnercentral-selling");
    RetryConfig retry;
    int transferTimeoutMs = 30000; ///< per HTTP attempt
    /// Client-wide cap on request attempts per second (RequestRateLimiter; burst = rate), the
    /// documented read quota by default. 0 = unlimited.
    double maxRequestsPerSecond = 10.0;
    bool clockSkewCorrection = true;
    bool addContentSha256Header = true; ///< sign x-amz-content-sha256 like the JS SDK
    ProxySettings proxy; ///< none by default
    /// Trusted besides the system's CA certificates (AWS_CA_BUNDLE, ca_bundle, --ca-bundle).
    QList<QSslCertificate> caCertificates;
};

} // namespace Pd::Core
