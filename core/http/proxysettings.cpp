#include "proxysettings.h"

#include "endpointpolicy.h"

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

constexpr auto SchemeSeparator = "://"_L1;

/// The variable's value and name: the lower-case name wins when present, even empty.
std::pair<QString, QString> variable(const QProcessEnvironment &environment, const QString &lower)
{
    const QString upper = lower.toUpper();
    const QString name = environment.contains(lower) ? lower : upper;
    return {environment.value(name).trimmed(), name};
}

const QStringList &proxyVariables()
{
    static const QStringList names{u"https_proxy"_s, u"http_proxy"_s, u"no_proxy"_s};
    return names;
}

QString withoutBrackets(const QString &host)
{
    return host.startsWith(u'[') && host.endsWith(u']') ? host.mid(1, host.size() - 2) : host;
}

} // namespace

std::optional<ProxyServer> ProxyServer::parse(const QString &url, QString *error)
{
    QString text = url.trimmed();
    const auto invalid = [&](const QString &reason) {
        *error = tr("The proxy URL “%1” is not valid: %2").arg(redacted(text), reason);
        return std::nullopt;
    };
    if (text.isEmpty()) {
        return invalid(tr("it is empty."));
    }
    if (text.startsWith("//"_L1)) {
        text.prepend("http:"_L1);
    } else if (!text.contains(SchemeSeparator)) {
        text.prepend("http://"_L1);
    }
    const QString scheme = text.left(text.indexOf(SchemeSeparator)).toLower();
    if (scheme != "http"_L1) {
        return invalid(tr("only http:// proxies are supported, not %1://. Requests to https "
                          "endpoints travel encrypted through an http:// proxy.")
                               .arg(scheme));
    }
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty()) {
        return invalid(tr("expected http://[user:password@]host[:port]."));
    }
    if ((!parsed.path().isEmpty() && parsed.path() != "/"_L1) || parsed.hasQuery()
        || parsed.hasFragment()) {
        return invalid(tr("a proxy URL has no path, query or fragment."));
    }
    ProxyServer proxy;
    proxy.host = parsed.host();
    proxy.port = quint16(parsed.port(DefaultPort));
    if (proxy.port == 0) {
        return invalid(tr("the port must be between 1 and 65535."));
    }
    proxy.user = parsed.userName(QUrl::FullyDecoded);
    proxy.password = parsed.password(QUrl::FullyDecoded);
    return proxy;
}

QString ProxyServer::redacted(const QString &url)
{
    // Over-masks rather than under-masks: a password may hold an unencoded '/' or '@'.
    const qsizetype separator = url.indexOf(SchemeSeparator);
    const qsizetype start = separator < 0 ? 0 : separator + SchemeSeparator.size();
    const qsizetype at = url.lastIndexOf(u'@');
    const qsizetype colon = url.indexOf(u':', start);
    if (at < start || colon < 0 || colon > at) {
        return url;
    }
    return url.left(colon + 1) + "***"_L1 + url.mid(at);
}

bool ProxyServer::isLoopback() const
{
    return EndpointPolicy::isLoopbackHost(host);
}

QString ProxyServer::address() const
{
    return (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(port);
}

QString ProxyServer::displayUrl() const
{
    if (user.isEmpty()) {
        return "http://"_L1 + address();
    }
    const QString name = QString::fromLatin1(QUrl::toPercentEncoding(user));
    return "http://"_L1 + name + (password.isEmpty() ? QString() : u":***"_s) + u'@' + address();
}

QString ProxyServer::urlWithoutPassword() const
{
    if (user.isEmpty()) {
        return "http://"_L1 + address();
    }
    return "http://"_L1 + QString::fromLatin1(QUrl::toPercentEncoding(user)) + u'@' + address();
}

QByteArray ProxyServer::authorization() const
{
    if (user.isEmpty()) {
        return {};
    }
    return "Basic " + (user + u':' + password).toUtf8().toBase64();
}

std::optional<ProxySettings> ProxySettings::fromEnvironment(const QProcessEnvironment &environment,
                                                            QString *error)
{
    ProxySettings settings;
    for (const QString &scheme : {u"https"_s, u"http"_s}) {
        const auto [value, name] = variable(environment, scheme + "_proxy"_L1);
        if (value.isEmpty()) {
            continue;
        }
        QString problem;
        const std::optional<ProxyServer> proxy = ProxyServer::parse(value, &problem);
        if (!proxy) {
            *error = tr("%1 (The proxy came from %2.)").arg(problem, name);
            return std::nullopt;
        }
        settings.setProxy(scheme, *proxy);
    }
    const QString noProxyName = environment.contains(u"no_proxy"_s) ? u"no_proxy"_s : u"NO_PROXY"_s;
    if (environment.contains(noProxyName)) {
        settings.setNoProxy(environment.value(noProxyName));
        settings.setLoopbackDirect(false);
    }
    return settings;
}

bool ProxySettings::environmentHasProxyVariables(const QProcessEnvironment &environment)
{
    for (const QString &name : proxyVariables()) {
        if (environment.contains(name) || environment.contains(name.toUpper())) {
            return true;
        }
    }
    return false;
}

void ProxySettings::setProxy(const QString &scheme, const ProxyServer &proxy)
{
    (scheme.compare("https"_L1, Qt::CaseInsensitive) == 0 ? m_httpsProxy : m_httpProxy) = proxy;
}

void ProxySettings::setNoProxy(const QString &list)
{
    m_noProxyText = list.trimmed();
    m_exceptions.clear();
    m_bypassAll = false;
    for (const QString &item : list.split(u',')) {
        QString entry = item.trimmed().toLower();
        if (entry == "*"_L1) {
            m_bypassAll = true;
            continue;
        }
        if (entry.startsWith("*."_L1)) {
            entry.remove(0, 1);
        }
        while (entry.startsWith(u'.')) {
            entry.remove(0, 1);
        }
        if (entry.isEmpty()) {
            continue;
        }
        Exception exception;
        // A port: after "]" for a bracketed IPv6 address, else after the only colon.
        const qsizetype closing = entry.indexOf(u']');
        const qsizetype colon = closing >= 0             ? entry.indexOf(u':', closing)
                                : entry.count(u':') == 1 ? entry.indexOf(u':')
                                                         : -1;
        if (colon >= 0) {
            bool ok = false;
            const uint port = entry.mid(colon + 1).toUInt(&ok);
            if (!ok || port == 0 || port > 65535) {
                continue;
            }
            exception.port = int(port);
            entry.truncate(colon);
        }
        entry = withoutBrackets(entry);
        if (entry.contains(u'/')) {
            const auto [network, prefix] = QHostAddress::parseSubnet(entry);
            if (network.isNull()) {
                continue;
            }
            exception.address = network;
            exception.prefixLength = prefix;
        } else if (const QHostAddress address(entry); !address.isNull()) {
            exception.address = address;
        } else {
            exception.host = entry;
        }
        m_exceptions.append(exception);
    }
}

std::optional<ProxyServer> ProxySettings::proxyForScheme(const QString &scheme) const
{
    return scheme.compare("https"_L1, Qt::CaseInsensitive) == 0 ? m_httpsProxy : m_httpProxy;
}

std::optional<ProxyServer> ProxySettings::proxyFor(const QUrl &target) const
{
    const QString scheme = target.scheme().toLower();
    std::optional<ProxyServer> proxy = proxyForScheme(scheme);
    if (!proxy || bypasses(target.host(), target.port(scheme == "https"_L1 ? 443 : 80))) {
        return std::nullopt;
    }
    return proxy;
}

bool ProxySettings::bypasses(const QString &host, int port) const
{
    const QString name = withoutBrackets(host).toLower();
    if (m_bypassAll || (m_loopbackDirect && EndpointPolicy::isLoopbackHost(name))) {
        return true;
    }
    const QHostAddress address(name);
    for (const Exception &exception : m_exceptions) {
        if (exception.port >= 0 && exception.port != port) {
            continue;
        }
        if (exception.prefixLength >= 0) {
            if (!address.isNull()
                && address.isInSubnet(exception.address, exception.prefixLength)) {
                return true;
            }
        } else if (!exception.address.isNull()) {
            if (!address.isNull() && address.isEqual(exception.address)) {
                return true;
            }
        } else if (name == exception.host || name.endsWith(u'.' + exception.host)) {
            return true;
        }
    }
    return false;
}

} // namespace Pd::Core
