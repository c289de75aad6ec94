#include "keychaincredentialstore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcKeychainStore, "partnerdesk.core.keychaincredentialstore")

namespace {

using Error = CredentialStoreJob::Error;
using Operation = CredentialStoreJob::Operation;

Error mapError(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return Error::NoError;
    case QKeychain::EntryNotFound:
        return Error::EntryNotFound;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return Error::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Error::NoBackendAvailable;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    return Error::Other;
}

QString describe(Error error, Operation operation, const QString &key, const QString &detail)
{
    QString text;
    switch (error) {
    case Error::NoError:
        return {};
    case Error::EntryNotFound:
        text = KeychainCredentialStore::tr("Nothing is stored in the system keychain under “%1”.")
                       .arg(key);
        break;
    case Error::NoBackendAvailable:
        text = KeychainCredentialStore::tr(
                "No system keychain is available (on Linux, a Secret Service such as GNOME "
                "Keyring or KWallet must be running and unlocked).");
        break;
    case Error::AccessDenied:
        text = KeychainCredentialStore::tr("Access to “%1” in the system keychain was denied.")
                       .arg(key);
        break;
    case Error::Other:
        switch (operation) {
        case Operation::Read:
            text = KeychainCredentialStore::tr("Reading “%1” from the system keychain failed.")
                           .arg(key);
            break;
        case Operation::Write:
            text = KeychainCredentialStore::tr("Storing “%1” in the system keychain failed.")
                           .arg(key);
            break;
        case Operation::Remove:
            text = KeychainCredentialStore::tr("Removing “%1” from the system keychain failed.")
                           .arg(key);
            break;
        }
        break;
    }
    return detail.isEmpty() ? text : KeychainCredentialStore::tr("%1 (%2)").arg(text, detail);
}

/// Starts one QtKeychain job for `job` and completes `job` when it finishes, retrying once
/// after `retryDelayMs` when no backend answered. QtKeychain jobs delete themselves.
void startAttempt(CredentialStoreJob *job, const QString &service, const QString &secret,
                  int retryDelayMs, bool isRetry)
{
    QKeychain::Job *keychainJob = nullptr;
    switch (job->operation()) {
    case Operation::Read:
        keychainJob = new QKeychain::ReadPasswordJob(service);
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(service);
        write->setTextData(secret);
        keychainJob = write;
        break;
    }
    case Operation::Remove:
        keychainJob = new QKeychain::DeletePasswordJob(service);
        break;
    }
    keychainJob->setAutoDelete(true);
    keychainJob->setInsecureFallback(false);
    keychainJob->setKey(job->key());
    QObject::connect(
            keychainJob, &QKeychain::Job::finished, job,
            [job, service, secret, retryDelayMs, isRetry](QKeychain::Job *finished) {
                const Error error = mapError(finished->error());
                if (error == Error::NoBackendAvailable && !isRetry) {
                    qCInfo(lcKeychainStore)
                            << "no keychain backend; retrying in" << retryDelayMs << "ms";
                    QTimer::singleShot(retryDelayMs, job, [job, service, secret, retryDelayMs] {
                        startAttempt(job, service, secret, retryDelayMs, true);
                    });
                    return;
                }
                QString result;
                if (error == Error::NoError && job->operation() == Operation::Read) {
                    result = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
                }
                if (error != Error::NoError && error != Error::EntryNotFound) {
                    qCWarning(lcKeychainStore)
                            << "keychain" << job->operation() << "of" << job->key()
                            << "failed:" << finished->errorString();
                }
                job->complete(error,
                              describe(error, job->operation(), job->key(),
                                       error == Error::Other ? finished->errorString() : QString()),
                              result);
            });
    keychainJob->start();
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(QString service)
    : m_service(std::move(service)) { }

CredentialStoreJob *KeychainCredentialStore::read(const QString &key)
{
    return run(Operation::Read, key, {});
}

CredentialStoreJob *KeychainCredentialStore::write(const QString &key, const QString &secret)
{
    return run(Operation::Write, key, secret);
}

CredentialStoreJob *KeychainCredentialStore::remove(const QString &key)
{
    return run(Operation::Remove, key, {});
}

QString KeychainCredentialStore::description() const
{
    return tr("system keychain");
}

CredentialStoreJob *KeychainCredentialStore::run(Operation operation, const QString &key,
                                                 const QString &secret)
{
    auto *job = new CredentialStoreJob(operation, key);
    // Start from the event loop, so finished() can never precede the caller's connect().
    QTimer::singleShot(0, job, [job, service = m_service, secret, delay = m_retryDelayMs] {
        startAttempt(job, service, secret, delay, false);
    });
    return job;
}

} // namespace Pd::Core
