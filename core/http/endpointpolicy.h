#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

namespace Pd::Core {

/// Where PartnerDesk may send signed requests: https anywhere, plain http only to loopback
/// (the emulator), so that a request and its signature never travel unencrypted.
class EndpointPolicy final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::EndpointPolicy)

public:
    /// An empty string when the endpoint is acceptable, else a translated explanation.
    static QString problem(const QUrl &endpoint);
    /// "localhost" or a loopback address (127.0.0.0/8, ::1).
    static bool isLoopbackHost(const QString &host);
};

} // namespace Pd::Core
