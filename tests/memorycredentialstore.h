#pragma once

#include "credentialstore.h"

#include <QCoreApplication>
#include <QHash>

namespace Pd::Core {

/// A CredentialStore in memory, for tests of code that consumes credentials. Behaves like the
/// keychain store: jobs finish from the event loop, a missing key gives EntryNotFound.
/// `failNext()` makes the next operations fail with a chosen error.
class MemoryCredentialStore final : public CredentialStore
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::MemoryCredentialStore)

public:
    CredentialStoreJob *read(const QString &key) override;
    CredentialStoreJob *write(const QString &key, const QString &secret) override;
    CredentialStoreJob *remove(const QString &key) override;
    QString description() const override;

    void failNext(int count, CredentialStoreJob::Error error);
    bool contains(const QString &key) const { return m_secrets.contains(key); }
    qsizetype size() const { return m_secrets.size(); }
    int operationCount() const { return m_operations; }

private:
    CredentialStoreJob *run(CredentialStoreJob::Operation operation, const QString &key,
                            const QString &secret);

    QHash<QString, QString> m_secrets;
    int m_failures = 0;
    CredentialStoreJob::Error m_failure = CredentialStoreJob::Error::Other;
    int m_operations = 0;
};

} // namespace Pd::Core
