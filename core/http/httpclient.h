#pragma once

#include "httpheaders.h"
#include "httpresponseparser.h"
#include "proxysettings.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

namespace Pd::Core {

class HttpClientConnection;

/// One HTTP/1.1 request for HttpClient.
struct HttpRequest
{
    QByteArray method = "POST";
    QUrl url; ///< http or https; path and query form the request target
    HttpHeaders headers; ///< sent in this order, as given; Host is added if absent
    QByteArray body; ///< sent with Content-Length
    /// No byte moving for this long (connecting included) fails the exchange; 0 = no limit.
    int transferTimeoutMs = 30000;
    /// A larger response body (announced or received) fails the exchange; -1 = no limit.
    qint64 maxResponseBytes = -1;
};

/// The response to one HttpRequest, filled in as it arrives. `finished()` is emitted exactly
/// once, from the event loop (never inside HttpClient::send()), unless the reply is deleted or
/// aborted first: `abort()` ends it with Error::Cancelled and emits `finished()` at once.
/// Deleting a reply in flight closes its connection.
class HttpReply final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpReply)

public:
    enum class Error {
        None,
        HostNotFound,
        ConnectionRefused,
        /// The connection closed before any byte of a response (a server that dropped it, or a
        /// kept-alive connection it closed meanwhile).
        ClosedWithoutResponse,
        /// The connection closed in the middle of the response; `body()` holds what arrived.
        ClosedEarly,
        Timeout,
        Tls, ///< the TLS handshake failed: an untrusted or wrong certificate, no common cipher
        /// The proxy answered 407: credentials missing from the proxy URL, or refused.
        ProxyAuthenticationRequired,
        /// The proxy refused the CONNECT tunnel (another non-2xx answer), answered it with
        /// something else than HTTP, or closed the connection before answering.
        Proxy,
        /// Refused before connecting: a plain http request would go to a proxy that is not on
        /// this computer (EndpointPolicy::proxyProblem).
        InsecureProxy,
        Protocol, ///< not a well-formed HTTP/1.x response
        TooLarge, ///< the body exceeds HttpRequest::maxResponseBytes
        Network, ///< any other socket error
        Cancelled,
    };

    ~HttpReply() override;

    bool isFinished() const { return m_finished; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }

    /// 0 until a final status line arrived.
    int status() const { return m_response.headersComplete() ? m_response.status() : 0; }
    QByteArray reasonPhrase() const { return m_response.reasonPhrase(); }
    const HttpHeaders &headers() const { return m_response.headers(); }
    QByteArray header(QByteArrayView name) const { return m_response.header(name); }
    bool hasHeader(QByteArrayView name) const { return !m_response.header(name).isNull(); }
    /// The announced Content-Length, -1 without one.
    qint64 announcedLength() const { return m_response.contentLength(); }
    const QByteArray &body() const { return m_response.body(); }
    QByteArray takeBody() { return m_response.takeBody(); }

    void abort();

Q_SIGNALS:
    void finished();

private:
    friend class HttpClient;
    friend class HttpClientConnection;
    explicit HttpReply(const HttpRequest &request, QObject *parent);

    HttpResponseParser m_response;
    HttpClientConnection *m_connection = nullptr;
    Error m_error = Error::None;
    QString m_errorString;
    bool m_finished = false;
};

/// A minimal HTTP/1.1 client for the API calls: one request per connection at a time,
/// persistent connections kept per origin and reused, TLS through QSslSocket with the system's
/// trust store plus any extra CA certificates (certificate errors are never ignored),
/// TCP_NODELAY, no redirects, no cookies, no cache, no content coding. Everything runs in the
/// owner's thread; the socket is buffered, so a response costs a few reads rather than one per
/// header byte.
///
/// Proxies (ProxySettings; none by default, Qt's application proxy is never used): an https
/// origin is reached through a `CONNECT host:port` tunnel opened on the proxy, then TLS runs
/// inside it with the origin's name verified; a plain http request goes to the proxy in
/// absolute form (`POST http://host:port/ HTTP/1.1`), and only to a proxy on loopback. Both
/// carry `Proxy-Authorization: Basic` when the proxy URL has a user. Errors about the proxy
/// name it by host:port, never with its credentials.
///
/// Destroying the client aborts the replies in flight (Error::Cancelled, no `finished()`).
class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)

public:
    /// Idle connections closed after this long, before servers tend to close them.
    static constexpr int IdleTimeoutMs = 20000;
    static constexpr int MaxIdlePerOrigin = 32;

    explicit HttpClient(QObject *parent = nullptr);
    ~HttpClient() override;

    /// Proxies for connections opened from now on; idle connections are closed.
    void setProxySettings(const ProxySettings &proxies);
    const ProxySettings &proxySettings() const { return m_proxies; }
    /// CA certificates trusted besides the system's for TLS connections opened from now on;
    /// idle connections are closed.
    void setExtraCaCertificates(const QList<QSslCertificate> &certificates);

    /// Sends `request` on an idle connection to its origin, or on a new one. The reply is a
    /// child of the client; delete it (deleteLater) after `finished()`.
    HttpReply *send(const HttpRequest &request);
    /// The Host header for a URL: the host, bracketed if IPv6, and the port unless default.
    static QByteArray hostHeader(const QUrl &url);

    /// Open connections, idle or busy (for tests).
    int connectionCount() const;
    int idleConnectionCount() const;

private:
    friend class HttpClientConnection;
    void release(HttpClientConnection *connection, bool reusable);
    void forget(HttpClientConnection *connection);
    void closeIdleConnections();

    QHash<QString, QList<HttpClientConnection *>> m_idle; ///< by origin
    QList<HttpClientConnection *> m_connections;
    ProxySettings m_proxies;
    std::optional<QSslConfiguration> m_tlsConfiguration; ///< set with extra CA certificates
};

} // namespace Pd::Core
