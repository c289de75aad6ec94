#include "keychaincredentialsprovider.h"

#include "credentialstore.h"
#include "partnerdeskprofiles.h"

#include <QCoreApplication>

namespace Pd::Core {

KeychainCredentialsProvider::KeychainCredentialsProvider(QString profile, QString accessKeyId,
                                                         std::shared_ptr<CredentialStore> store,
                                                         QObject *parent)
    : QObject(parent),
      m_profile(std::move(profile)),
      m_accessKeyId(std::move(accessKeyId)),
      m_store(std::move(store))
{ }

QString KeychainCredentialsProvider::sourceDescription() const
{
    return tr("PartnerDesk profile %1 (%2)")
            .arg(m_profile, m_store ? m_store->description() : QString());
}

void KeychainCredentialsProvider::fetch(QObject *context, Callback done)
{
    QObject *guard = context ? context : QCoreApplication::instance();
    if (m_cached.isValid()) {
        QMetaObject::invokeMethod(
                guard, [credentials = m_cached, done = std::move(done)] { done(credentials, {}); },
                Qt::QueuedConnection);
        return;
    }
    m_waiters.append({guard, std::move(done)});
    if (m_reading) {
        return;
    }
    m_reading = true;
    if (m_accessKeyId.isEmpty() || !m_store) {
        QMetaObject::invokeMethod(
                this,
                [this] {
                    finish({}, tr("PartnerDesk profile %1 has no access key id.").arg(m_profile));
                },
                Qt::QueuedConnection);
        return;
    }
    readSecret();
}

void KeychainCredentialsProvider::readSecret()
{
    CredentialStoreJob *job = m_store->read(PartnerDeskProfiles::secretKey(m_profile));
    connect(job, &CredentialStoreJob::finished, this, [this](CredentialStoreJob *finished) {
        switch (finished->error()) {
        case CredentialStoreJob::Error::NoError:
            readToken(finished->secret());
            return;
        case CredentialStoreJob::Error::EntryNotFound:
            finish({}, tr("The secret access key of PartnerDesk profile %1 is missing from the "
                          "%2. Enter it again in the profile settings.")
                               .arg(m_profile, m_store->description()));
            return;
        default:
            finish({}, tr("The secret access key of PartnerDesk profile %1 could not be read: "
                          "%2")
                               .arg(m_profile, finished->errorString()));
            return;
        }
    });
}

void KeychainCredentialsProvider::readToken(const QString &secret)
{
    CredentialStoreJob *job = m_store->read(PartnerDeskProfiles::sessionTokenKey(m_profile));
    connect(job, &CredentialStoreJob::finished, this, [this, secret](CredentialStoreJob *finished) {
        const auto error = finished->error();
        if (error != CredentialStoreJob::Error::NoError
            && error != CredentialStoreJob::Error::EntryNotFound) {
            finish({}, tr("The session token of PartnerDesk profile %1 could not be "
                          "read: %2")
                               .arg(m_profile, finished->errorString()));
            return;
        }
        AwsCredentials credentials;
        credentials.accessKeyId = m_accessKeyId;
        credentials.secretAccessKey = secret;
        credentials.sessionToken = finished->secret();
        m_cached = credentials;
        finish(credentials, {});
    });
}

void KeychainCredentialsProvider::finish(const AwsCredentials &credentials, const QString &error)
{
    m_reading = false;
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &waiter : waiters) {
        if (waiter.context) {
            waiter.done(credentials, error);
        }
    }
}

} // namespace Pd::Core
