#pragma once

#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>

#include <optional>

namespace Pd::Core {

/// A PEM file of CA certificates to trust in addition to the system's (AWS_CA_BUNDLE, a
/// profile's `ca_bundle`, `--ca-bundle`).
class CaBundle final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::CaBundle)

public:
    /// The certificates of `path`; nothing, and `*error` naming the file, when it cannot be
    /// read or holds no PEM certificate.
    static std::optional<QList<QSslCertificate>> load(const QString &path, QString *error);
};

} // namespace Pd::Core
