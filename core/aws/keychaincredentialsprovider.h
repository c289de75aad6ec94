#pragma once

#include "credentialsprovider.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

namespace Pd::Core {

class CredentialStore;

/// Credentials of a PartnerDesk profile: the access key id given at construction, the secret
/// access key and optional session token read from a CredentialStore on the first fetch and
/// cached. Concurrent fetches share one read. A missing secret or an unavailable keychain is an
/// error naming the profile.
class KeychainCredentialsProvider final : public QObject, public CredentialsProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainCredentialsProvider)

public:
    KeychainCredentialsProvider(QString profile, QString accessKeyId,
                                std::shared_ptr<CredentialStore> store, QObject *parent = nullptr);

    void fetch(QObject *context, Callback done) override;
    QString sourceDescription() const override;
    /// Forgets the cached secret; the next fetch reads the store again.
    void invalidate() { m_cached = {}; }

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Callback done;
    };

    void readSecret();
    void readToken(const QString &secret);
    void finish(const AwsCredentials &credentials, const QString &error);

    QString m_profile;
    QString m_accessKeyId;
    std::shared_ptr<CredentialStore> m_store;
    AwsCredentials m_cached;
    QList<Waiter> m_waiters;
    bool m_reading = false;
};

} // namespace Pd::Core
