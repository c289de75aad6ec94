#include "credentialsprovider.h"

#include <QCoreApplication>

namespace Pd::Core {

void StaticCredentialsProvider::fetch(QObject *context, Callback done)
{
    QString error;
    if (!m_credentials.isValid()) {
        error = QCoreApplication::translate("Pd::Core::StaticCredentialsProvider",
                                            "No access key is configured (%1).")
                        .arg(m_source);
    }
    QObject *guard = context ? context : QCoreApplication::instance();
    QMetaObject::invokeMethod(
            guard,
            [credentials = m_credentials, error, done = std::move(done)] {
                done(error.isEmpty() ? credentials : AwsCredentials(), error);
            },
            Qt::QueuedConnection);
}

} // namespace Pd::Core
