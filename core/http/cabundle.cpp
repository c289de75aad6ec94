#include "cabundle.h"

#include <QFile>

namespace Pd::Core {

std::optional<QList<QSslCertificate>> CaBundle::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("The CA bundle %1 could not be read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll());
    if (certificates.isEmpty()) {
        *error = tr("The CA bundle %1 holds no PEM certificate.").arg(path);
        return std::nullopt;
    }
    return certificates;
}

} // namespace Pd::Core
