#include "memorycredentialstore.h"

#include <QCoreApplication>

namespace Pd::Core {

CredentialStoreJob *MemoryCredentialStore::read(const QString &key)
{
    return run(CredentialStoreJob::Operation::Read, key, {});
}

CredentialStoreJob *MemoryCredentialStore::write(const QString &key, const QString &secret)
{
    return run(CredentialStoreJob::Operation::Write, key, secret);
}

CredentialStoreJob *MemoryCredentialStore::remove(const QString &key)
{
    return run(CredentialStoreJob::Operation::Remove, key, {});
}

QString MemoryCredentialStore::description() const
{
    return tr("memory");
}

void MemoryCredentialStore::failNext(int count, CredentialStoreJob::Error error)
{
    m_failures = count;
    m_failure = error;
}

CredentialStoreJob *MemoryCredentialStore::run(CredentialStoreJob::Operation operation,
                                               const QString &key, const QString &secret)
{
    using Error = CredentialStoreJob::Error;
    ++m_operations;
    auto *job = new CredentialStoreJob(operation, key);
    Error error = Error::NoError;
    QString errorString;
    QString result;
    if (m_failures > 0) {
        --m_failures;
        error = m_failure;
        errorString = tr("The credential store refused the operation on “%1”.").arg(key);
    } else if (operation == CredentialStoreJob::Operation::Write) {
        m_secrets.insert(key, secret);
    } else if (!m_secrets.contains(key)) {
        error = Error::EntryNotFound;
        errorString = tr("Nothing is stored under “%1”.").arg(key);
    } else if (operation == CredentialStoreJob::Operation::Read) {
        result = m_secrets.value(key);
    } else {
        m_secrets.remove(key);
    }
    QMetaObject::invokeMethod(
            job, [job, error, errorString, result] { job->complete(error, errorString, result); },
            Qt::QueuedConnection);
    return job;
}

} // namespace Pd::Core
