#pragma once

#include "clientconfig.h"
#include "credentialsprovider.h"

#include <QObject>

#include <functional>
#include <memory>

namespace Pd::Core {

class HttpClient;
class RequestRateLimiter;
class RetryQuota;

/// The Partner Central Selling client: one HttpClient (its connections), the endpoint, the
/// credentials, the clock-skew offset learnt from `Date` headers, the client-wide retry
/// budget and request rate limit. It creates one call object per API call; the caller owns the call
/// (parent it or delete it after `finished()`).
///
/// Refuses, at construction time, a plain-http endpoint whose host is not loopback, or that
/// the proxy settings would send to a proxy that is not: `configError()` then says why and
/// every call fails with Kind::Configuration before connecting. The HttpClient goes through
/// ClientConfig::proxy and trusts ClientConfig::caCertificates besides the system's CAs.
/// Redirects are never followed; TLS errors are never ignored.
class AwsClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AwsClient)

public:
    AwsClient(ClientConfig config, std::shared_ptr<CredentialsProvider> credentials,
              QObject *parent = nullptr);
    ~AwsClient() override;

    const ClientConfig &config() const { return m_config; }
    QString configError() const { return m_configError; }
    CredentialsProvider *credentialsProvider() const { return m_credentials.get(); }

    /// Milliseconds to add to the local clock when signing (server time - local time).
    qint64 clockOffsetMs() const { return m_clockOffsetMs; }
    void setClockOffsetMs(qint64 offset) { m_clockOffsetMs = offset; }

    HttpClient *httpClient() const { return m_http; }
    RetryQuota *retryQuota() const { return m_retryQuota.get(); }
    /// Every request attempt waits here for a token (ClientConfig::maxRequestsPerSecond).
    RequestRateLimiter *rateLimiter() const { return m_rateLimiter; }

    /// The backoff jitter, uniform in [0, 1); QRandomGenerator unless tests inject their own.
    using JitterSource = std::function<double()>;
    void setJitterSource(JitterSource source) { m_jitter = std::move(source); }
    double nextJitter() const;

Q_SIGNALS:
    /// A request of `operation` went out (every attempt, retries included): what the
    /// service counts against the account's request quotas.
    void requestSent(const QString &operation);

private:
    ClientConfig m_config;
    std::shared_ptr<CredentialsProvider> m_credentials;
    HttpClient *m_http = nullptr;
    std::unique_ptr<RetryQuota> m_retryQuota;
    RequestRateLimiter *m_rateLimiter = nullptr;
    QString m_configError;
    qint64 m_clockOffsetMs = 0;
    JitterSource m_jitter;
};

} // namespace Pd::Core
