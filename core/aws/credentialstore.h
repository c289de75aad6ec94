#pragma once

#include "credentialstorejob.h"

#include <QString>

namespace Pd::Core {

/// Where PartnerDesk keeps secrets (secret access keys, session tokens): the OS keychain in
/// the product (KeychainCredentialStore), memory in tests of consumers (MemoryCredentialStore).
///
/// Every operation is asynchronous and returns a started CredentialStoreJob; see there for the
/// lifetime rules. Keys are "<profile>/secret-access-key" and "<profile>/session-token".
class CredentialStore
{
public:
    virtual ~CredentialStore() = default;

    virtual CredentialStoreJob *read(const QString &key) = 0;
    virtual CredentialStoreJob *write(const QString &key, const QString &secret) = 0;
    virtual CredentialStoreJob *remove(const QString &key) = 0;
    /// "system keychain", "memory": for status lines and error messages.
    virtual QString description() const = 0;
};

} // namespace Pd::Core
