#include "awsclient.h"

#include "endpointpolicy.h"
#include "httpclient.h"
#include "requestratelimiter.h"
#include "retryquota.h"

#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Core {

AwsClient::AwsClient(ClientConfig config, std::shared_ptr<CredentialsProvider> credentials,
                     QObject *parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_credentials(std::move(credentials)),
      m_http(new HttpClient(this)),
      m_retryQuota(std::make_unique<RetryQuota>(m_config.retry)),
      m_rateLimiter(new RequestRateLimiter(m_config.maxRequestsPerSecond, this))
{
    m_http->setProxySettings(m_config.proxy);
    m_http->setExtraCaCertificates(m_config.caCertificates);
    m_configError = EndpointPolicy::problem(m_config.endpoint, m_config.proxy);
    if (m_configError.isEmpty() && !m_credentials) {
        m_configError = tr("No AWS credentials are configured.");
    }
}

AwsClient::~AwsClient() = default;

double AwsClient::nextJitter() const
{
    const double value = m_jitter ? m_jitter() : QRandomGenerator::global()->generateDouble();
    return std::clamp(value, 0.0, 1.0);
}

} // namespace Pd::Core
