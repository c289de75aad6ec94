#pragma once

#include <QObject>
#include <QString>

namespace Pd::Core {

/// One asynchronous CredentialStore operation (read, write or remove of one key).
///
/// The store starts the job before returning it; `finished()` is emitted exactly once, always
/// from the event loop (never inside read()/write()/remove()), and the job deletes itself right
/// after. Connect to `finished()` immediately and do not keep the pointer past it.
/// `Error::EntryNotFound` means "nothing stored under this key", not a failure of the store.
class CredentialStoreJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStoreJob)

public:
    enum class Operation { Read, Write, Remove };
    Q_ENUM(Operation)
    enum class Error {
        NoError,
        EntryNotFound, ///< read or remove of a key that holds nothing
        NoBackendAvailable, ///< no keychain service is running or reachable
        AccessDenied, ///< the user or the system refused access
        Other,
    };
    Q_ENUM(Error)

    CredentialStoreJob(Operation operation, QString key, QObject *parent = nullptr);

    Operation operation() const { return m_operation; }
    QString key() const { return m_key; }
    Error error() const { return m_error; }
    /// Translated, names the key but never the secret; empty on success.
    QString errorString() const { return m_errorString; }
    /// The secret read (Operation::Read, success only).
    QString secret() const { return m_secret; }

    /// Called by store implementations: records the outcome, emits finished() and schedules
    /// deletion. Later calls are ignored.
    void complete(Error error, const QString &errorString, const QString &secret = {});

Q_SIGNALS:
    void finished(Pd::Core::CredentialStoreJob *job);

private:
    Operation m_operation;
    QString m_key;
    Error m_error = Error::NoError;
    QString m_errorString;
    QString m_secret;
    bool m_completed = false;
};

} // namespace Pd::Core
