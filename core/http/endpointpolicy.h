#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

namespace Pd::Core {

class ProxySettings;

/// Where PartnerDesk may send signed requests: https anywhere, plain http only to loopback
/// (the emulator), so that a request and its signature never travel unencrypted. Through a
/// proxy the same holds for the hop to the proxy: a plain http request goes only to a loopback
/// proxy (https travels encrypted inside a CONNECT tunnel).
class EndpointPolicy final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::EndpointPolicy)

public:
    /// An empty string when the endpoint is acceptable, else a translated explanation.
    static QString problem(const QUrl &endpoint);
    /// The same, and then `proxyProblem()`.
    static QString problem(const QUrl &endpoint, const ProxySettings &proxies);
    /// Empty unless `endpoint` is plain http and `proxies` send it to a proxy off this computer.
    static QString proxyProblem(const QUrl &endpoint, const ProxySettings &proxies);
    /// "localhost" or a loopback address (127.0.0.0/8, ::1).
    static bool isLoopbackHost(const QString &host);
};

} // namespace Pd::Core
