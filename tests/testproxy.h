#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace Pd::Core {

/// A forward HTTP proxy on 127.0.0.1 for tests (what tinyproxy or squid would be): `CONNECT
/// host:port` opens a TCP tunnel and pipes bytes both ways; an absolute-form request
/// (`POST http://host:port/path HTTP/1.1`) is forwarded in origin form, without the proxy's own
/// header fields, and the origin's answer piped back. With `requireCredentials()`, a request
/// without the right `Proxy-Authorization: Basic` is answered 407 and the connection closed.
/// Every request it reads (tunnel requests and forwarded ones) is recorded.
class TestProxy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestProxy)

public:
    struct Seen
    {
        QByteArray requestLine; ///< "CONNECT 127.0.0.1:443 HTTP/1.1"
        QByteArray method;
        QByteArray target;
        QByteArray proxyAuthorization; ///< null when none came
        bool refused = false; ///< answered 407
    };

    /// Listens on `address` (another loopback address than the origin's lets a test tell the
    /// proxy's name from the origin's).
    explicit TestProxy(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost),
                       QObject *parent = nullptr);
    ~TestProxy() override;

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    /// http://[user:password@]<address>:<port>, user and password percent-encoded.
    QString url(const QString &user = {}, const QString &password = {}) const;

    void requireCredentials(const QString &user, const QString &password);
    /// Answer every CONNECT with this status instead of opening the tunnel (0: open it).
    void setConnectAnswer(int status) { m_connectAnswer = status; }

    QList<Seen> seen() const { return m_seen; }
    int connectionCount() const { return m_connectionCount; }

Q_SIGNALS:
    void requestSeen();

private:
    struct Client
    {
        QByteArray buffer;
        QTcpSocket *upstream = nullptr;
        QByteArray upstreamAuthority; ///< host:port of `upstream`
        bool tunnel = false; ///< bytes are piped as they come
    };

    void accept();
    void readClient(QTcpSocket *client);
    /// Handles one complete request at the start of the buffer; false when more bytes are needed.
    bool handleRequest(QTcpSocket *client);
    void openTunnel(QTcpSocket *client, const QByteArray &authority);
    void forward(QTcpSocket *client, const QByteArray &authority, const QByteArray &request);
    QTcpSocket *connectUpstream(QTcpSocket *client, const QByteArray &authority);
    void closeClient(QTcpSocket *client);

    QTcpServer m_server;
    QHash<QTcpSocket *, Client> m_clients;
    QByteArray m_expectedAuthorization;
    int m_connectAnswer = 0;
    QList<Seen> m_seen;
    int m_connectionCount = 0;
};

} // namespace Pd::Core
