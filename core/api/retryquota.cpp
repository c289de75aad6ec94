#include "retryquota.h"

#include <algorithm>

namespace Pd::Core {

RetryQuota::RetryQuota(const RetryConfig &config)
    : m_capacity(std::max(0, config.initialRetryTokens)),
      m_available(m_capacity),
      m_throttlingCost(std::max(1, config.throttlingRetryCost)),
      m_transientCost(std::max(1, config.transientRetryCost))
{ }

int RetryQuota::acquire(bool throttling)
{
    const int cost = throttling ? m_throttlingCost : m_transientCost;
    if (m_available < cost) {
        return 0;
    }
    m_available -= cost;
    return cost;
}

void RetryQuota::release(int retryCost)
{
    m_available = std::min(m_capacity, m_available + (retryCost > 0 ? retryCost : 1));
}

} // namespace Pd::Core
