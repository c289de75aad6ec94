#include "awsclient.h"

#include "httpclient.h"
#include "listopportunitiescall.h"
#include "requestratelimiter.h"
#include "retryquota.h"

#include <QHostAddress>
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
    m_configError = endpointProblem(m_config.endpoint);
    if (m_configError.isEmpty() && !m_credentials) {
        m_configError = tr("No AWS credentials are configured.");
    }
}

AwsClient::~AwsClient() = default;

ListOpportunitiesCall *AwsClient::listOpportunities(const ListOpportunitiesRequest &request,
                                                    QObject *parent)
{
    return new ListOpportunitiesCall(this, request, parent);
}

double AwsClient::nextJitter() const
{
    const double value = m_jitter ? m_jitter() : QRandomGenerator::global()->generateDouble();
    return std::clamp(value, 0.0, 1.0);
}

QString AwsClient::endpointProblem(const QUrl &endpoint)
{
    const QString shown = endpoint.toDisplayString();
    if (!endpoint.isValid() || endpoint.host().isEmpty()) {
        return tr("The endpoint URL \"%1\" is not a valid URL with a host name.").arg(shown);
    }
    const QString scheme = endpoint.scheme().toLower();
    if (scheme == "https"_L1) {
        return {};
    }
    if (scheme != "http"_L1) {
        return tr("The endpoint URL \"%1\" must start with https://.").arg(shown);
    }
    const QString host = endpoint.host().toLower();
    const QHostAddress address(host);
    if (host == "localhost"_L1 || (!address.isNull() && address.isLoopback())) {
        return {};
    }
    return tr("Refusing the plain-HTTP endpoint \"%1\": the request and its signature would "
              "travel unencrypted. Use https://, or http:// only with a loopback address "
              "(127.0.0.1, ::1 or localhost).")
            .arg(shown);
}

} // namespace Pd::Core
