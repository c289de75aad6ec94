#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <optional>

namespace Pd::Core {

/// One HTTP proxy: where it listens and, optionally, the Basic credentials it wants.
struct ProxyServer
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ProxyServer)

public:
    static constexpr quint16 DefaultPort = 80; ///< as requests and botocore assume

    QString host;
    quint16 port = DefaultPort;
    QString user; ///< percent-decoded
    QString password; ///< percent-decoded; never shown, logged or stored in settings

    /// Parses `http://[user[:password]@]host[:port][/]`; a URL without scheme is taken as
    /// http:// (as botocore does). Other schemes (https://, socks5://), a path, a query or a bad
    /// port are refused: `*error` then explains in words, showing the URL with its password
    /// replaced by `***`.
    static std::optional<ProxyServer> parse(const QString &url, QString *error);
    /// `url` as given, its password (if any) replaced by `***`: for messages about a URL that
    /// may not even parse.
    static QString redacted(const QString &url);

    bool isLoopback() const;
    bool hasCredentials() const { return !user.isEmpty(); }
    /// "host:port", IPv6 bracketed, never credentials: what messages name.
    QString address() const;
    /// http://user:***@host:port (the password masked) or http://host:port.
    QString displayUrl() const;
    /// http://user@host:port: the URL to keep in settings, without the password.
    QString urlWithoutPassword() const;
    /// The Proxy-Authorization value ("Basic " + base64(user:password)); empty without a user.
    QByteArray authorization() const;

    friend bool operator==(const ProxyServer &, const ProxyServer &) = default;
};

/// Which requests go through which proxy, as the AWS CLI (botocore, requests, urllib) decides
/// from HTTPS_PROXY / HTTP_PROXY / NO_PROXY:
///
/// - https targets use the https proxy, http targets the http proxy; none set = direct.
/// - NO_PROXY is a comma-separated list of exceptions, matched case-insensitively: `*` (every
///   host goes direct); a host name, which also matches its subdomains at a dot boundary
///   (`example.com` and `.example.com` both match `api.example.com`, not `badexample.com`); an
///   IP address; a CIDR block (`10.0.0.0/8`, `fd00::/8`) for IP targets; any of these with
///   `:port`, which then matches that port only.
/// - Loopback targets (localhost, 127.0.0.0/8, ::1: the emulator, a local test service) go
///   direct unless NO_PROXY is set, in which case NO_PROXY alone decides. requests itself has no
///   such default; it keeps a developer's local endpoint away from a corporate proxy that could
///   not reach it, while `NO_PROXY=` (set, empty) still sends loopback through a proxy.
class ProxySettings
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ProxySettings)

public:
    /// https_proxy / HTTPS_PROXY, http_proxy / HTTP_PROXY and no_proxy / NO_PROXY; the
    /// lower-case name wins when both are present (urllib), an empty value means unset. On a bad
    /// proxy URL, returns nothing and `*error` names the variable and the (redacted) URL.
    static std::optional<ProxySettings> fromEnvironment(const QProcessEnvironment &environment,
                                                        QString *error);
    /// True when any of the variables above is present, even empty.
    static bool environmentHasProxyVariables(const QProcessEnvironment &environment);

    /// The proxy for targets with this scheme ("http" or "https").
    void setProxy(const QString &scheme, const ProxyServer &proxy);
    /// Replaces the exceptions with a NO_PROXY-style list (see above).
    void setNoProxy(const QString &list);
    /// Whether loopback targets go direct whatever the exceptions say (default true).
    void setLoopbackDirect(bool direct) { m_loopbackDirect = direct; }

    /// No proxy for any scheme.
    bool isEmpty() const { return !m_httpsProxy && !m_httpProxy; }
    std::optional<ProxyServer> proxyForScheme(const QString &scheme) const;
    /// The proxy `target` goes through, or nothing for a direct connection.
    std::optional<ProxyServer> proxyFor(const QUrl &target) const;
    /// True when the exceptions (or the loopback rule) send `host`:`port` direct.
    bool bypasses(const QString &host, int port) const;
    const QString &noProxy() const { return m_noProxyText; }

    friend bool operator==(const ProxySettings &a, const ProxySettings &b)
    {
        return a.m_httpsProxy == b.m_httpsProxy && a.m_httpProxy == b.m_httpProxy
               && a.m_noProxyText == b.m_noProxyText && a.m_loopbackDirect == b.m_loopbackDirect;
    }

private:
    struct Exception
    {
        QString host; ///< lower case, no leading dot; empty for a subnet
        QHostAddress address; ///< an IP entry or the network of a subnet
        int prefixLength = -1; ///< a subnet's prefix; -1 for a single host or a name
        int port = -1; ///< -1: any port
    };

    std::optional<ProxyServer> m_httpsProxy;
    std::optional<ProxyServer> m_httpProxy;
    QList<Exception> m_exceptions;
    QString m_noProxyText;
    bool m_bypassAll = false;
    bool m_loopbackDirect = true;
};

} // namespace Pd::Core
