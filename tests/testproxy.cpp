#include "testproxy.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

/// Splits "host:port" (IPv6 bracketed); port 0 when absent or bad.
std::pair<QString, quint16> splitAuthority(const QByteArray &authority)
{
    const qsizetype colon = authority.lastIndexOf(':');
    const qsizetype bracket = authority.lastIndexOf(']');
    if (colon < 0 || colon < bracket) {
        return {QString::fromLatin1(authority), 0};
    }
    QByteArray host = authority.left(colon);
    if (host.startsWith('[') && host.endsWith(']')) {
        host = host.mid(1, host.size() - 2);
    }
    return {QString::fromLatin1(host), quint16(authority.mid(colon + 1).toUInt())};
}

QByteArray answer(int status, const QByteArray &reason, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n" + extraHeaders
           + "Content-Length: 0\r\nConnection: close\r\n\r\n";
}

} // namespace

TestProxy::TestProxy(const QHostAddress &address, QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TestProxy::accept);
    m_server.listen(address, 0);
}

TestProxy::~TestProxy()
{
    const QList<QTcpSocket *> clients = m_clients.keys();
    for (QTcpSocket *client : clients) {
        closeClient(client);
    }
}

QString TestProxy::url(const QString &user, const QString &password) const
{
    QString credentials;
    if (!user.isEmpty()) {
        credentials = QString::fromLatin1(QUrl::toPercentEncoding(user));
        if (!password.isEmpty()) {
            credentials += u':' + QString::fromLatin1(QUrl::toPercentEncoding(password));
        }
        credentials += u'@';
    }
    return "http://"_L1 + credentials + m_server.serverAddress().toString() + u':'
           + QString::number(port());
}

void TestProxy::requireCredentials(const QString &user, const QString &password)
{
    m_expectedAuthorization = "Basic " + (user + u':' + password).toUtf8().toBase64();
}

void TestProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        client->setParent(nullptr);
        ++m_connectionCount;
        m_clients.insert(client, Client());
        connect(client, &QTcpSocket::readyRead, this, [this, client] { readClient(client); });
        connect(client, &QTcpSocket::disconnected, this, [this, client] { closeClient(client); });
    }
}

void TestProxy::readClient(QTcpSocket *client)
{
    const auto it = m_clients.find(client);
    if (it == m_clients.end()) {
        return;
    }
    if (it->tunnel) {
        it->upstream->write(client->readAll());
        return;
    }
    it->buffer += client->readAll();
    while (m_clients.contains(client) && !m_clients[client].tunnel && handleRequest(client)) { }
}

bool TestProxy::handleRequest(QTcpSocket *client)
{
    Client &state = m_clients[client];
    const qsizetype headerEnd = state.buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        return false;
    }
    const QList<QByteArray> lines = state.buffer.left(headerEnd).split('\n');
    Seen seen;
    seen.requestLine = lines.first().trimmed();
    const QList<QByteArray> parts = seen.requestLine.split(' ');
    seen.method = parts.value(0);
    seen.target = parts.value(1);
    QByteArray headers;
    qsizetype contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            continue;
        }
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0) {
            seen.proxyAuthorization = value;
            continue;
        }
        if (name.compare("Proxy-Connection", Qt::CaseInsensitive) == 0) {
            continue;
        }
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            contentLength = value.toLongLong();
        }
        headers += line + "\r\n";
    }
    const qsizetype total = headerEnd + 4 + contentLength;
    if (seen.method != "CONNECT" && state.buffer.size() < total) {
        return false;
    }
    const QByteArray body = state.buffer.mid(headerEnd + 4, contentLength);
    state.buffer.remove(0, seen.method == "CONNECT" ? headerEnd + 4 : total);

    seen.refused = !m_expectedAuthorization.isEmpty()
                   && seen.proxyAuthorization != m_expectedAuthorization;
    m_seen.append(seen);
    Q_EMIT requestSeen();
    if (seen.refused) {
        client->write(answer(407, "Proxy Authentication Required",
                             "Proxy-Authenticate: Basic realm=\"test\"\r\n"));
        client->disconnectFromHost();
        return false;
    }
    if (seen.method == "CONNECT") {
        if (m_connectAnswer != 0) {
            client->write(answer(m_connectAnswer, "Refused"));
            client->disconnectFromHost();
            return false;
        }
        openTunnel(client, seen.target);
        return false;
    }
    const QUrl target(QString::fromLatin1(seen.target));
    if (target.scheme() != "http"_L1 || target.host().isEmpty()) {
        client->write(answer(400, "Bad Request"));
        client->disconnectFromHost();
        return false;
    }
    QByteArray path = target.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty()) {
        path = "/";
    }
    if (target.hasQuery()) {
        path += '?' + target.query(QUrl::FullyEncoded).toLatin1();
    }
    const QByteArray authority = target.host(QUrl::FullyEncoded).toLatin1() + ':'
                                 + QByteArray::number(target.port(80));
    forward(client, authority,
            seen.method + ' ' + path + ' ' + parts.value(2) + "\r\n" + headers + "\r\n" + body);
    return true;
}

QTcpSocket *TestProxy::connectUpstream(QTcpSocket *client, const QByteArray &authority)
{
    Client &state = m_clients[client];
    if (state.upstream && state.upstreamAuthority == authority) {
        return state.upstream;
    }
    if (state.upstream) {
        state.upstream->disconnect(this);
        state.upstream->abort();
        state.upstream->deleteLater();
    }
    const auto [host, port] = splitAuthority(authority);
    auto *upstream = new QTcpSocket(this);
    state.upstream = upstream;
    state.upstreamAuthority = authority;
    connect(upstream, &QTcpSocket::readyRead, this,
            [client, upstream] { client->write(upstream->readAll()); });
    connect(upstream, &QTcpSocket::disconnected, this, [this, client, upstream] {
        if (m_clients.contains(client)) {
            client->write(upstream->readAll());
            client->disconnectFromHost();
        }
    });
    upstream->connectToHost(host, port);
    return upstream;
}

void TestProxy::openTunnel(QTcpSocket *client, const QByteArray &authority)
{
    QTcpSocket *upstream = connectUpstream(client, authority);
    connect(upstream, &QTcpSocket::connected, this, [this, client, upstream] {
        Client &state = m_clients[client];
        state.tunnel = true;
        client->write("HTTP/1.1 200 Connection established\r\n\r\n");
        if (!state.buffer.isEmpty()) {
            upstream->write(std::exchange(state.buffer, {}));
        }
    });
    connect(upstream, &QTcpSocket::errorOccurred, this, [this, client, upstream] {
        if (m_clients.contains(client) && !m_clients[client].tunnel
            && upstream->state() != QAbstractSocket::ConnectedState) {
            client->write(answer(502, "Bad Gateway"));
            client->disconnectFromHost();
        }
    });
}

void TestProxy::forward(QTcpSocket *client, const QByteArray &authority, const QByteArray &request)
{
    // QTcpSocket buffers what is written before it connects.
    connectUpstream(client, authority)->write(request);
}

void TestProxy::closeClient(QTcpSocket *client)
{
    const auto it = m_clients.find(client);
    if (it == m_clients.end()) {
        return;
    }
    if (QTcpSocket *upstream = it->upstream) {
        upstream->disconnect(this);
        upstream->abort();
        upstream->deleteLater();
    }
    m_clients.erase(it);
    client->disconnect(this);
    client->abort();
    client->deleteLater();
}

} // namespace Pd::Core
