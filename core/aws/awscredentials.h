#pragma once

#include <QDateTime>
#include <QString>

namespace Pd::Core {

/// AWS access key credentials. The secret and the session token are never logged, written to
/// QSettings, or exported; `redacted()` is the only form fit for diagnostics.
struct AwsCredentials
{
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken; ///< empty for long-term keys
    QDateTime expiration; ///< invalid when the credentials do not expire

    bool isValid() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }
    bool hasSessionToken() const { return !sessionToken.isEmpty(); }
    /// True when the credentials expire within `marginSecs` of `now`.
    bool expiresWithin(const QDateTime &now, qint64 marginSecs) const
    {
        return expiration.isValid() && now.secsTo(expiration) <= marginSecs;
    }
    /// "AKID…(temporary)" without any secret material.
    QString redacted() const
    {
        return accessKeyId + (hasSessionToken() ? QStringLiteral(" (temporary)") : QString());
    }
};

} // namespace Pd::Core
