#pragma once

#include "credentialstore.h"

#include <QCoreApplication>

namespace Pd::Core {

/// The OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows), under the service name "PartnerDesk" unless told otherwise.
///
/// QtKeychain's errors map to CredentialStoreJob::Error. When no backend answers (a keyring
/// daemon still starting), the operation is retried once after `retryDelayMs()`. There is never
/// an insecure plain-text fallback. The store may be destroyed while jobs run.
class KeychainCredentialStore final : public CredentialStore
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::KeychainCredentialStore)

public:
    static constexpr int DefaultRetryDelayMs = 1500;

    explicit KeychainCredentialStore(QString service = QStringLiteral("PartnerDesk"));

    CredentialStoreJob *read(const QString &key) override;
    CredentialStoreJob *write(const QString &key, const QString &secret) override;
    CredentialStoreJob *remove(const QString &key) override;
    QString description() const override;

    QString service() const { return m_service; }
    void setRetryDelayMs(int ms) { m_retryDelayMs = ms; }
    int retryDelayMs() const { return m_retryDelayMs; }

private:
    CredentialStoreJob *run(CredentialStoreJob::Operation operation, const QString &key,
                            const QString &secret);

    QString m_service;
    int m_retryDelayMs = DefaultRetryDelayMs;
};

} // namespace Pd::Core
