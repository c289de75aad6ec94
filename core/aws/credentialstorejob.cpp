#include "credentialstorejob.h"

namespace Pd::Core {

CredentialStoreJob::CredentialStoreJob(Operation operation, QString key, QObject *parent)
    : QObject(parent), m_operation(operation), m_key(std::move(key))
{ }

void CredentialStoreJob::complete(Error error, const QString &errorString, const QString &secret)
{
    if (m_completed) {
        return;
    }
    m_completed = true;
    m_error = error;
    m_errorString = errorString;
    m_secret = error == Error::NoError ? secret : QString();
    Q_EMIT finished(this);
    deleteLater();
}

} // namespace Pd::Core
