#include "testserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray findHeader(const HttpHeaders &headers, QByteArrayView name)
{
    for (const HttpHeader &header : headers) {
        if (QByteArrayView(header.name).compare(name, Qt::CaseInsensitive) == 0) {
            return header.value.isNull() ? QByteArray("") : header.value;
        }
    }
    return {};
}

QByteArray newRequestId()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

} // namespace

QByteArray RecordedRequest::header(QByteArrayView name) const
{
    return findHeader(headers, name);
}

bool RecordedRequest::hasHeader(QByteArrayView name) const
{
    return headerCount(name) > 0;
}

int RecordedRequest::headerCount(QByteArrayView name) const
{
    int count = 0;
    for (const HttpHeader &h : headers) {
        if (QByteArrayView(h.name).compare(name, Qt::CaseInsensitive) == 0) {
            ++count;
        }
    }
    return count;
}

ScriptedResponse ScriptedResponse::withHeader(const QByteArray &name, const QByteArray &value) const
{
    ScriptedResponse copy = *this;
    copy.headers.append({name, value});
    return copy;
}

ScriptedResponse ScriptedResponse::withDelay(int ms) const
{
    ScriptedResponse copy = *this;
    copy.delayMs = ms;
    return copy;
}

ScriptedResponse ScriptedResponse::truncatedAfter(qsizetype bodyBytes) const
{
    ScriptedResponse copy = *this;
    copy.action = Action::Truncate;
    copy.truncateAfter = bodyBytes;
    return copy;
}

QByteArray ScriptedResponse::header(QByteArrayView name) const
{
    return findHeader(headers, name);
}

ScriptedResponse ScriptedResponse::json(int status, const QByteArray &body)
{
    ScriptedResponse response;
    response.status = status;
    response.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                        {"x-amzn-RequestId", newRequestId()}};
    response.body = body;
    return response;
}

ScriptedResponse ScriptedResponse::awsError(int status, const QString &type, const QString &message,
                                            const QJsonObject &extraMembers, bool bareType)
{
    QJsonObject object = extraMembers;
    object.insert(u"__type"_s, bareType || type.contains(u'#')
                                       ? type
                                       : u"com.amazonaws.partnercentralselling#"_s + type);
    object.insert(u"message"_s, message);
    ScriptedResponse response = json(status, QJsonDocument(object).toJson(QJsonDocument::Compact));
    const QString bare = type.mid(type.lastIndexOf(u'#') + 1);
    response.headers.append({"X-Amzn-ErrorType", bare.toLatin1()});
    return response;
}

ScriptedResponse ScriptedResponse::page(const QStringList &ids, const QJsonValue &nextToken)
{
    QJsonArray summaries;
    for (const QString &id : ids) {
        summaries.append(QJsonObject{
                {u"Catalog"_s, u"AWS"_s},
                {u"Id"_s, id},
                {u"Arn"_s,
                 u"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/"_s + id},
                {u"LastModifiedDate"_s, u"2026-08-01T10:15:30Z"_s},
                {u"LifeCycle"_s, QJsonObject{{u"Stage"_s, u"Prospect"_s}}},
        });
    }
    QJsonObject object{{u"OpportunitySummaries"_s, summaries}};
    if (!nextToken.isUndefined()) {
        object.insert(u"NextToken"_s, nextToken);
    }
    return json(200, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

ScriptedResponse ScriptedResponse::drop()
{
    ScriptedResponse response;
    response.action = Action::Drop;
    return response;
}

ScriptedResponse ScriptedResponse::neverRespond()
{
    ScriptedResponse response;
    response.action = Action::NeverRespond;
    return response;
}

TestServer::TestServer(QObject *parent)
    : QObject(parent),
      m_server(std::make_unique<QTcpServer>()),
      m_default(ScriptedResponse::page({}))
{
    connect(m_server.get(), &QTcpServer::newConnection, this, &TestServer::acceptConnections);
    m_server->listen(QHostAddress::LocalHost, 0);
}

TestServer::TestServer(const QSslConfiguration &tls, QObject *parent)
    : QObject(parent), m_tls(true), m_default(ScriptedResponse::page({}))
{
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(tls);
    // A TLS connection is pending once its handshake is done.
    connect(server.get(), &QSslServer::pendingConnectionAvailable, this,
            &TestServer::acceptConnections);
    m_server = std::move(server);
    m_server->listen(QHostAddress::LocalHost, 0);
}

TestServer::~TestServer()
{
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        delete it.key();
    }
}

QUrl TestServer::url() const
{
    QUrl url;
    url.setScheme(m_tls ? u"https"_s : u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(port());
    return url;
}

void TestServer::enqueue(const ScriptedResponse &response)
{
    m_queue.enqueue(response);
}

void TestServer::enqueue(const QList<ScriptedResponse> &responses)
{
    for (const ScriptedResponse &response : responses) {
        m_queue.enqueue(response);
    }
}

QByteArray TestServer::httpDate() const
{
    return httpDate(QDateTime::currentDateTimeUtc().addMSecs(m_clockOffsetMs));
}

QByteArray TestServer::httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

void TestServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(nullptr);
        Connection connection;
        connection.socket = socket;
        connection.index = ++m_connectionCount;
        m_connections.insert(socket, connection);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            m_connections[socket].buffer += socket->readAll();
            processBuffer(socket);
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void TestServer::processBuffer(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    while (it != m_connections.end() && !it->busy) {
        Connection &connection = *it;
        const qsizetype headerEnd = connection.buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        const QByteArray head = connection.buffer.left(headerEnd);
        const qsizetype lineEnd = head.indexOf("\r\n");
        RecordedRequest request;
        const QList<QByteArray> requestLine
                = head.left(lineEnd < 0 ? head.size() : lineEnd).split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        request.version = requestLine.value(2);
        request.rawHeaders = lineEnd < 0 ? QByteArray() : head.mid(lineEnd + 2) + "\r\n";
        qsizetype contentLength = 0;
        for (const QByteArray &line : head.mid(lineEnd + 2).split('\n')) {
            const QByteArray trimmedLine = line.endsWith('\r') ? line.chopped(1) : line;
            const qsizetype colon = trimmedLine.indexOf(':');
            if (lineEnd < 0 || colon <= 0) {
                continue;
            }
            const HttpHeader header{trimmedLine.left(colon), trimmedLine.mid(colon + 1).trimmed()};
            if (header.name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
                contentLength = header.value.toLongLong();
            }
            request.headers.append(header);
        }
        const qsizetype total = headerEnd + 4 + contentLength;
        if (connection.buffer.size() < total) {
            return;
        }
        request.body = connection.buffer.mid(headerEnd + 4, contentLength);
        request.raw = connection.buffer.left(total);
        request.connection = connection.index;
        connection.buffer.remove(0, total);
        connection.busy = true;

        const bool keepAlive
                = request.header("Connection").compare("close", Qt::CaseInsensitive) != 0;
        m_requests.append(request);
        ScriptedResponse response;
        if (!m_queue.isEmpty()) {
            response = m_queue.dequeue();
        } else if (m_handler) {
            response = m_handler(request);
        } else {
            response = m_default;
        }
        Q_EMIT requestReceived(int(m_requests.size()) - 1);

        if (response.delayMs > 0) {
            QTimer::singleShot(response.delayMs, socket, [this, socket, response, keepAlive] {
                act(socket, response, keepAlive);
            });
            return;
        }
        act(socket, response, keepAlive);
        it = m_connections.find(socket);
    }
}

void TestServer::act(QTcpSocket *socket, const ScriptedResponse &response, bool keepAlive)
{
    if (!m_connections.contains(socket)) {
        return;
    }
    switch (response.action) {
    case ScriptedResponse::Action::NeverRespond:
        return;
    case ScriptedResponse::Action::Drop:
        socket->disconnectFromHost();
        return;
    case ScriptedResponse::Action::Truncate: {
        const QByteArray full = serialize(response, false);
        const qsizetype bodyStart = full.size() - response.body.size();
        socket->write(
                full.left(bodyStart + std::min(response.truncateAfter, response.body.size())));
        socket->disconnectFromHost();
        return;
    }
    case ScriptedResponse::Action::Respond:
        break;
    }
    const bool staysOpen = keepAlive && !response.closeConnection;
    socket->write(serialize(response, staysOpen));
    if (!staysOpen) {
        socket->disconnectFromHost();
        return;
    }
    m_connections[socket].busy = false;
    if (!m_connections[socket].buffer.isEmpty()) {
        QTimer::singleShot(0, socket, [this, socket] { processBuffer(socket); });
    }
}

QByteArray TestServer::serialize(const ScriptedResponse &response, bool keepAlive) const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
                     + (response.reason.isEmpty() ? reasonPhrase(response.status) : response.reason)
                     + "\r\n";
    for (const HttpHeader &header : response.headers) {
        out += header.name + ": " + header.value + "\r\n";
    }
    if (response.header("Content-Length").isNull()) {
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    }
    if (m_sendDate && response.header("Date").isNull()) {
        out += "Date: " + httpDate() + "\r\n";
    }
    if (!keepAlive && response.header("Connection").isNull()) {
        out += "Connection: close\r\n";
    }
    return out + "\r\n" + response.body;
}

} // namespace Pd::Core
