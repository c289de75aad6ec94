#pragma once

#include "awscredentials.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace Pd::Core {

/// Supplies credentials for signing, possibly asynchronously (credential_process, keychain).
///
/// `fetch()` calls `done` exactly once, later or immediately, unless `context` is destroyed
/// first. On failure `done` gets invalid credentials and a user-readable error (naming the
/// profile, file or process, never a secret). Implementations cache and refresh before
/// `AwsCredentials::expiration`.
class CredentialsProvider
{
public:
    using Callback = std::function<void(const AwsCredentials &credentials, const QString &error)>;
    virtual ~CredentialsProvider() = default;
    virtual void fetch(QObject *context, Callback done) = 0;
    /// Credentials at hand without waiting, valid and not about to expire, or invalid ones when
    /// only `fetch()` can tell. Lets a call be signed and sent at once.
    virtual AwsCredentials currentCredentials() const { return {}; }
    /// Where the credentials come from, for status lines ("environment", "profile sales").
    virtual QString sourceDescription() const = 0;
};

/// Fixed credentials (environment variables, tests, the demo's throwaway keys).
class StaticCredentialsProvider final : public CredentialsProvider
{
public:
    explicit StaticCredentialsProvider(AwsCredentials credentials, QString source)
        : m_credentials(std::move(credentials)), m_source(std::move(source))
    { }
    void fetch(QObject *context, Callback done) override;
    AwsCredentials currentCredentials() const override { return m_credentials; }
    QString sourceDescription() const override { return m_source; }

private:
    AwsCredentials m_credentials;
    QString m_source;
};

} // namespace Pd::Core
