#pragma once

#include "clientconfig.h"

namespace Pd::Core {

/// The client-wide retry budget of the AWS standard retry mode: a token bucket that starts at
/// `RetryConfig::initialRetryTokens`. A throttling retry costs `throttlingRetryCost`, any other
/// retry `transientRetryCost`; a retry is refused when fewer tokens remain than it costs. A
/// successful call returns the cost of the retry that succeeded, or one token when its first
/// attempt succeeded, never beyond the initial capacity. Used from the client's thread only.
class RetryQuota final
{
public:
    explicit RetryQuota(const RetryConfig &config);

    /// Takes the cost of one retry. Returns the tokens taken, or 0 when the budget is exhausted.
    int acquire(bool throttling);
    /// Reports a successful call; `retryCost` is what acquire() returned for the retry that
    /// succeeded, 0 when the first attempt succeeded.
    void release(int retryCost);

    int available() const { return m_available; }
    int capacity() const { return m_capacity; }

private:
    int m_capacity = 0;
    int m_available = 0;
    int m_throttlingCost = 0;
    int m_transientCost = 0;
};

} // namespace Pd::Core
