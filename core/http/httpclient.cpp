#include "httpclient.h"

#include "endpointpolicy.h"

#include <QNetworkProxy>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

int defaultPort(const QUrl &url)
{
    return url.scheme() == "https"_L1 ? 443 : 80;
}

QString originOf(const QUrl &url)
{
    return url.scheme() + "://"_L1 + url.host(QUrl::FullyEncoded) + u':'
           + QString::number(url.port(defaultPort(url)));
}

QByteArray hostHeaderOf(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':')) {
        host = '[' + host + ']';
    }
    if (url.port() != -1 && url.port() != defaultPort(url)) {
        host += ':' + QByteArray::number(url.port());
    }
    return host;
}

/// "host:port" with the port always given, IPv6 bracketed: a CONNECT request target.
QByteArray authorityOf(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':')) {
        host = '[' + host + ']';
    }
    return host + ':' + QByteArray::number(url.port(defaultPort(url)));
}

/// The request in origin form, or in absolute form for a proxy (with its credentials).
QByteArray serialize(const HttpRequest &request, const std::optional<ProxyServer> &proxy)
{
    QByteArray target = request.url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty()) {
        target = "/";
    }
    if (request.url.hasQuery()) {
        target += '?' + request.url.query(QUrl::FullyEncoded).toLatin1();
    }
    if (proxy) {
        target = request.url.scheme().toLatin1() + "://" + hostHeaderOf(request.url) + target;
    }
    QByteArray bytes;
    bytes.reserve(target.size() + request.body.size() + 512);
    bytes += request.method + ' ' + target + " HTTP/1.1\r\n";
    bool hasHost = false;
    for (const HttpHeader &header : request.headers) {
        hasHost = hasHost || header.name.compare("Host", Qt::CaseInsensitive) == 0;
        bytes += header.name + ": " + header.value + "\r\n";
    }
    if (!hasHost) {
        bytes += "Host: " + hostHeaderOf(request.url) + "\r\n";
    }
    if (proxy && proxy->hasCredentials()) {
        bytes += "Proxy-Authorization: " + proxy->authorization() + "\r\n";
    }
    if (!request.body.isEmpty() || request.method == "POST" || request.method == "PUT") {
        bytes += "Content-Length: " + QByteArray::number(request.body.size()) + "\r\n";
    }
    bytes += "\r\n";
    bytes += request.body;
    return bytes;
}

} // namespace

/// One persistent connection to an origin, carrying one exchange at a time; directly, or
/// through a proxy (a CONNECT tunnel for https, absolute-form requests for http).
class HttpClientConnection final : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::HttpClient)

public:
    HttpClientConnection(const QUrl &url, QString origin, std::optional<ProxyServer> proxy,
                         const std::optional<QSslConfiguration> &tlsConfiguration,
                         HttpClient *client)
        : QObject(client),
          m_client(client),
          m_origin(std::move(origin)),
          m_host(url.host()),
          m_authority(authorityOf(url)),
          m_port(quint16(url.port(defaultPort(url)))),
          m_tls(url.scheme() == "https"_L1),
          m_proxy(std::move(proxy))
    {
        if (m_tls) {
            auto *socket = new QSslSocket(this);
            if (tlsConfiguration) {
                socket->setSslConfiguration(*tlsConfiguration);
            }
            connect(socket, &QSslSocket::encrypted, this, &HttpClientConnection::becomeReady);
            connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
                for (const QSslError &error : errors) {
                    m_sslErrors.append(error.errorString());
                }
            });
            m_socket = socket;
            if (m_proxy) {
                connect(m_socket, &QAbstractSocket::connected, this,
                        &HttpClientConnection::requestTunnel);
            }
        } else {
            m_socket = new QTcpSocket(this);
            connect(m_socket, &QAbstractSocket::connected, this,
                    &HttpClientConnection::becomeReady);
        }
        m_socket->setProxy(QNetworkProxy::NoProxy);
        connect(m_socket, &QAbstractSocket::connected, this, [this] {
            m_connected = true;
            m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            touch();
        });
        connect(m_socket, &QIODevice::readyRead, this, &HttpClientConnection::readResponse);
        connect(m_socket, &QIODevice::bytesWritten, this, &HttpClientConnection::touch);
        connect(m_socket, &QAbstractSocket::errorOccurred, this,
                &HttpClientConnection::handleSocketError);
        connect(m_socket, &QAbstractSocket::disconnected, this,
                &HttpClientConnection::handleClosed);
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &HttpClientConnection::handleTimeout);
    }

    const QString &origin() const { return m_origin; }
    HttpReply *reply() const { return m_reply; }

    bool isUsable() const
    {
        return m_ready && !m_reply && m_socket->state() == QAbstractSocket::ConnectedState
               && m_socket->bytesAvailable() == 0;
    }

    void start(HttpReply *reply, QByteArray request, int timeoutMs)
    {
        m_reply = reply;
        reply->m_connection = this;
        m_pending = std::move(request);
        m_timeoutMs = timeoutMs;
        m_timer.stop();
        touch();
        if (m_ready) {
            writeRequest();
        } else if (m_socket->state() == QAbstractSocket::UnconnectedState) {
            if (m_proxy) {
                // TLS, if any, starts once the tunnel stands.
                m_socket->connectToHost(m_proxy->host, m_proxy->port);
            } else if (m_tls) {
                static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(m_host, m_port);
            } else {
                m_socket->connectToHost(m_host, m_port);
            }
        }
    }

    /// The reply went away (aborted or deleted): the exchange cannot finish, so the
    /// connection closes.
    void detachReply()
    {
        m_reply = nullptr;
        m_client->forget(this);
        closeAndDelete();
    }

    /// Detaches the reply as cancelled, without signals (the client is going away).
    void cancelSilently()
    {
        if (m_reply) {
            m_reply->m_connection = nullptr;
            m_reply->m_error = HttpReply::Error::Cancelled;
            m_reply->m_finished = true;
            m_reply = nullptr;
        }
        m_socket->disconnect(this);
    }

    void goIdle() { m_timer.start(HttpClient::IdleTimeoutMs); }

    void closeAndDelete()
    {
        m_socket->disconnect(this);
        m_timer.stop();
        m_socket->abort();
        deleteLater();
    }

private:
    void becomeReady()
    {
        m_ready = true;
        if (m_reply && !m_pending.isEmpty()) {
            writeRequest();
        }
    }

    void writeRequest()
    {
        m_socket->write(m_pending);
        m_pending.clear();
        // Out now rather than on the next turn of the event loop.
        m_socket->flush();
    }

    /// Connected to the proxy: asks it for a tunnel to the origin.
    void requestTunnel()
    {
        QByteArray request
                = "CONNECT " + m_authority + " HTTP/1.1\r\nHost: " + m_authority + "\r\n";
        if (m_proxy->hasCredentials()) {
            request += "Proxy-Authorization: " + m_proxy->authorization() + "\r\n";
        }
        request += "\r\n";
        // A 2xx answer to CONNECT has no body: the tunnel starts right after its header.
        m_tunnelAnswer.emplace(-1, true);
        m_socket->write(request);
        m_socket->flush();
    }

    /// Reads the proxy's answer to CONNECT; on 2xx, starts TLS with the origin through it.
    void readTunnelAnswer()
    {
        const QByteArray data = m_socket->readAll();
        const qsizetype used = m_tunnelAnswer->feed(data);
        if (m_tunnelAnswer->hasFailed()) {
            finishReply(HttpReply::Error::Proxy,
                        tr("The proxy %1 did not answer the tunnel request with HTTP: %2")
                                .arg(m_proxy->address(), m_tunnelAnswer->errorString()),
                        false);
            return;
        }
        if (!m_tunnelAnswer->isComplete()) {
            return;
        }
        const int status = m_tunnelAnswer->status();
        if (status == 407) {
            finishReply(HttpReply::Error::ProxyAuthenticationRequired, proxyAuthenticationMessage(),
                        false);
            return;
        }
        if (status < 200 || status > 299) {
            finishReply(HttpReply::Error::Proxy,
                        tr("The proxy %1 refused the tunnel to %2 with HTTP %3 %4.")
                                .arg(m_proxy->address(), QString::fromLatin1(m_authority))
                                .arg(status)
                                .arg(QString::fromLatin1(m_tunnelAnswer->reasonPhrase())),
                        false);
            return;
        }
        if (used < data.size()) {
            finishReply(HttpReply::Error::Proxy,
                        tr("The proxy %1 sent data before the TLS handshake with %2.")
                                .arg(m_proxy->address(), m_host),
                        false);
            return;
        }
        m_tunnelAnswer.reset();
        auto *socket = static_cast<QSslSocket *>(m_socket);
        socket->setPeerVerifyName(m_host);
        socket->startClientEncryption();
    }

    QString proxyAuthenticationMessage() const
    {
        return m_proxy->hasCredentials()
                       ? tr("The proxy %1 answered 407 (Proxy authentication required): it "
                            "refused the user name and password of the proxy URL.")
                                 .arg(m_proxy->address())
                       : tr("The proxy %1 answered 407 (Proxy authentication required): give "
                            "the proxy URL a user name and password, as "
                            "http://user:password@host:port.")
                                 .arg(m_proxy->address());
    }

    void touch()
    {
        if (m_reply && m_timeoutMs > 0) {
            m_timer.start(m_timeoutMs);
        }
    }

    void readResponse()
    {
        if (!m_reply) {
            // Bytes on an idle connection belong to no request.
            m_client->forget(this);
            closeAndDelete();
            return;
        }
        touch();
        if (m_tunnelAnswer) {
            readTunnelAnswer();
            return;
        }
        const QByteArray data = m_socket->readAll();
        HttpResponseParser &response = m_reply->m_response;
        const qsizetype used = response.feed(data);
        if (response.hasFailed()) {
            finishReply(response.failure() == HttpResponseParser::Failure::TooLarge
                                ? HttpReply::Error::TooLarge
                                : HttpReply::Error::Protocol,
                        response.errorString(), false);
        } else if (response.isComplete()) {
            if (m_proxy && !m_tls && response.status() == 407) {
                finishReply(HttpReply::Error::ProxyAuthenticationRequired,
                            proxyAuthenticationMessage(), false);
                return;
            }
            const bool reusable = response.keepAlive() && used == data.size()
                                  && m_socket->bytesAvailable() == 0;
            finishReply(HttpReply::Error::None, {}, reusable);
        }
    }

    void handleClosed()
    {
        if (m_reply && m_socket->bytesAvailable() > 0) {
            readResponse();
        }
        if (!m_reply) {
            m_client->forget(this);
            closeAndDelete();
            return;
        }
        if (m_tunnelAnswer) {
            finishReply(HttpReply::Error::Proxy,
                        tr("The proxy %1 closed the connection instead of opening a tunnel to "
                           "%2.")
                                .arg(m_proxy->address(), QString::fromLatin1(m_authority)),
                        false);
            return;
        }
        HttpResponseParser &response = m_reply->m_response;
        response.endOfStream();
        if (response.isComplete()) {
            finishReply(HttpReply::Error::None, {}, false);
        } else if (!response.hasStarted()) {
            finishReply(HttpReply::Error::ClosedWithoutResponse, response.errorString(), false);
        } else {
            finishReply(HttpReply::Error::ClosedEarly, response.errorString(), false);
        }
    }

    void handleSocketError(QAbstractSocket::SocketError error)
    {
        if (error == QAbstractSocket::RemoteHostClosedError) {
            handleClosed();
            return;
        }
        if (!m_reply) {
            m_client->forget(this);
            closeAndDelete();
            return;
        }
        HttpReply::Error kind = HttpReply::Error::Network;
        QString message = m_socket->errorString();
        switch (error) {
        case QAbstractSocket::ConnectionRefusedError:
            kind = HttpReply::Error::ConnectionRefused;
            break;
        case QAbstractSocket::HostNotFoundError:
            kind = HttpReply::Error::HostNotFound;
            break;
        case QAbstractSocket::SocketTimeoutError:
            kind = HttpReply::Error::Timeout;
            break;
        case QAbstractSocket::SslHandshakeFailedError:
        case QAbstractSocket::SslInternalError:
        case QAbstractSocket::SslInvalidUserDataError:
            kind = HttpReply::Error::Tls;
            message = tr("The TLS handshake with %1 failed: %2")
                              .arg(m_host, m_sslErrors.isEmpty() ? m_socket->errorString()
                                                                 : m_sslErrors.join("; "_L1));
            break;
        default:
            break;
        }
        if (m_proxy && !m_connected) {
            message = tr("Could not connect to the proxy %1: %2")
                              .arg(m_proxy->address(), m_socket->errorString());
        }
        finishReply(kind, message, false);
    }

    void handleTimeout()
    {
        if (!m_reply) {
            m_client->forget(this); // idle for too long
            closeAndDelete();
            return;
        }
        finishReply(
                HttpReply::Error::Timeout,
                m_tunnelAnswer
                        ? tr("The proxy %1 did not answer the tunnel request within "
                             "%2 ms.")
                                  .arg(m_proxy->address())
                                  .arg(m_timeoutMs)
                        : tr("No data arrived for %1 ms; the exchange timed out.").arg(m_timeoutMs),
                false);
    }

    void finishReply(HttpReply::Error error, const QString &message, bool reusable)
    {
        HttpReply *reply = m_reply;
        m_reply = nullptr;
        m_timer.stop();
        reply->m_connection = nullptr;
        reply->m_error = error;
        reply->m_errorString = message;
        reply->m_finished = true;
        // From the event loop: a receiver may delete the client, and with it this connection,
        // which must not happen inside the socket's signal.
        QMetaObject::invokeMethod(reply, &HttpReply::finished, Qt::QueuedConnection);
        m_client->release(this, reusable);
    }

    HttpClient *m_client = nullptr;
    QString m_origin;
    QString m_host;
    QByteArray m_authority; ///< host:port of the origin
    quint16 m_port = 0;
    bool m_tls = false;
    std::optional<ProxyServer> m_proxy;
    bool m_connected = false; ///< the TCP connection (to the origin or the proxy) stands
    bool m_ready = false; ///< connected, and encrypted for TLS
    /// The proxy's answer to CONNECT while it is awaited.
    std::optional<HttpResponseParser> m_tunnelAnswer;
    QAbstractSocket *m_socket = nullptr;
    QTimer m_timer; ///< the transfer timeout while busy, the idle timeout while idle
    int m_timeoutMs = 0;
    HttpReply *m_reply = nullptr;
    QByteArray m_pending; ///< the request, until the connection is ready
    QStringList m_sslErrors;
};

HttpReply::HttpReply(const HttpRequest &request, QObject *parent)
    : QObject(parent), m_response(request.maxResponseBytes, request.method == "HEAD")
{ }

HttpReply::~HttpReply()
{
    if (m_connection) {
        m_connection->detachReply();
    }
}

void HttpReply::abort()
{
    if (m_finished) {
        return;
    }
    if (HttpClientConnection *connection = std::exchange(m_connection, nullptr)) {
        connection->detachReply();
    }
    m_error = Error::Cancelled;
    m_errorString = tr("The request was cancelled.");
    m_finished = true;
    Q_EMIT finished();
}

HttpClient::HttpClient(QObject *parent) : QObject(parent) { }

HttpClient::~HttpClient()
{
    const QList<HttpClientConnection *> connections = std::exchange(m_connections, {});
    m_idle.clear();
    for (HttpClientConnection *connection : connections) {
        connection->cancelSilently();
        delete connection;
    }
}

void HttpClient::setProxySettings(const ProxySettings &proxies)
{
    m_proxies = proxies;
    closeIdleConnections();
}

void HttpClient::setExtraCaCertificates(const QList<QSslCertificate> &certificates)
{
    m_tlsConfiguration.reset();
    if (!certificates.isEmpty()) {
        // Extra roots turn off the on-demand loading of the system's, so both are given.
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() + certificates);
        m_tlsConfiguration = configuration;
    }
    closeIdleConnections();
}

void HttpClient::closeIdleConnections()
{
    const QHash<QString, QList<HttpClientConnection *>> idle = std::exchange(m_idle, {});
    for (const QList<HttpClientConnection *> &connections : idle) {
        for (HttpClientConnection *connection : connections) {
            forget(connection);
            connection->closeAndDelete();
        }
    }
}

HttpReply *HttpClient::send(const HttpRequest &request)
{
    auto *reply = new HttpReply(request, this);
    if (const QString problem = EndpointPolicy::proxyProblem(request.url, m_proxies);
        !problem.isEmpty()) {
        reply->m_error = HttpReply::Error::InsecureProxy;
        reply->m_errorString = problem;
        reply->m_finished = true;
        QMetaObject::invokeMethod(reply, &HttpReply::finished, Qt::QueuedConnection);
        return reply;
    }
    const std::optional<ProxyServer> proxy = m_proxies.proxyFor(request.url);
    const QString origin = originOf(request.url);
    HttpClientConnection *connection = nullptr;
    QList<HttpClientConnection *> &idle = m_idle[origin];
    while (!idle.isEmpty() && !connection) {
        HttpClientConnection *candidate = idle.takeLast();
        if (candidate->isUsable()) {
            connection = candidate;
        } else {
            forget(candidate);
            candidate->closeAndDelete();
        }
    }
    if (!connection) {
        connection = new HttpClientConnection(request.url, origin, proxy, m_tlsConfiguration, this);
        m_connections.append(connection);
    }
    // Inside a tunnel the request is the origin's own; only plain http names the origin.
    const bool absoluteForm = proxy && request.url.scheme() != "https"_L1;
    connection->start(reply, serialize(request, absoluteForm ? proxy : std::nullopt),
                      request.transferTimeoutMs);
    return reply;
}

int HttpClient::connectionCount() const
{
    return int(m_connections.size());
}

int HttpClient::idleConnectionCount() const
{
    int count = 0;
    for (const QList<HttpClientConnection *> &idle : m_idle) {
        count += int(idle.size());
    }
    return count;
}

void HttpClient::release(HttpClientConnection *connection, bool reusable)
{
    QList<HttpClientConnection *> &idle = m_idle[connection->origin()];
    if (reusable && idle.size() < MaxIdlePerOrigin) {
        idle.append(connection);
        connection->goIdle();
        return;
    }
    forget(connection);
    connection->closeAndDelete();
}

void HttpClient::forget(HttpClientConnection *connection)
{
    m_connections.removeOne(connection);
    const auto idle = m_idle.find(connection->origin());
    if (idle != m_idle.end()) {
        idle->removeOne(connection);
    }
}

QByteArray HttpClient::hostHeader(const QUrl &url)
{
    return hostHeaderOf(url);
}

} // namespace Pd::Core
