#include "endpointpolicy.h"

#include "proxysettings.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace Pd::Core {

bool EndpointPolicy::isLoopbackHost(const QString &host)
{
    const QString lower = host.toLower();
    const QHostAddress address(lower);
    return lower == "localhost"_L1 || (!address.isNull() && address.isLoopback());
}

QString EndpointPolicy::problem(const QUrl &endpoint)
{
    const QString shown = endpoint.toDisplayString();
    if (!endpoint.isValid() || endpoint.host().isEmpty()) {
        return tr("The endpoint URL \"%1\" is not a valid URL with a host name.").arg(shown);
    }
    const QString scheme = endpoint.scheme().toLower();
    if (scheme == "https"_L1) {
        return {};
    }
    if (scheme != "http"_L1) {
        return tr("The endpoint URL \"%1\" must start with https://.").arg(shown);
    }
    if (isLoopbackHost(endpoint.host())) {
        return {};
    }
    return tr("Refusing the plain-HTTP endpoint \"%1\": the request and its signature would "
              "travel unencrypted. Use https://, or http:// only with a loopback address "
              "(127.0.0.1, ::1 or localhost).")
            .arg(shown);
}

QString EndpointPolicy::problem(const QUrl &endpoint, const ProxySettings &proxies)
{
    const QString direct = problem(endpoint);
    return direct.isEmpty() ? proxyProblem(endpoint, proxies) : direct;
}

QString EndpointPolicy::proxyProblem(const QUrl &endpoint, const ProxySettings &proxies)
{
    const std::optional<ProxyServer> proxy = proxies.proxyFor(endpoint);
    if (!proxy || endpoint.scheme().toLower() != "http"_L1 || proxy->isLoopback()) {
        return {};
    }
    return tr("Refusing to send plain-HTTP requests for \"%1\" through the proxy %2: the "
              "request and its signature would travel unencrypted. Add the endpoint's host to "
              "NO_PROXY, or use a proxy on this computer.")
            .arg(endpoint.toDisplayString(), proxy->address());
}

} // namespace Pd::Core
