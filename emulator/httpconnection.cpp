#include "httpconnection.h"

#include <QLoggingCategory>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttpConnection, "partnerdesk.emulator.httpconnection", QtInfoMsg)

namespace Pd::Emulator {

namespace {

constexpr qsizetype MaxRequestLineBytes = 8 * 1024;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty()) {
        return false;
    }
    for (const char c : text) {
        if (!isTokenChar(c)) {
            return false;
        }
    }
    return true;
}

/// True while `line` can still be (or is, when `complete`) "METHOD SP target SP HTTP/1.x".
bool looksLikeRequestLine(QByteArrayView line, bool complete)
{
    if (line.size() > MaxRequestLineBytes) {
        return false;
    }
    for (const char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e) {
            return false;
        }
    }
    if (!line.isEmpty() && !(line.front() >= 'A' && line.front() <= 'Z')) {
        return false;
    }
    if (!complete) {
        return true;
    }
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    if (first <= 0 || last <= first + 1) {
        return false;
    }
    const QByteArrayView method = line.first(first);
    const QByteArrayView target = line.sliced(first + 1, last - first - 1);
    const QByteArrayView version = line.sliced(last + 1);
    return isToken(method) && target.startsWith('/') && !target.contains(' ')
           && (version == "HTTP/1.1" || version == "HTTP/1.0");
}

QByteArrayView trimmedView(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t')) {
        text = text.sliced(1);
    }
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t')) {
        text.chop(1);
    }
    return text;
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18) {
        return false;
    }
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

} // namespace

QByteArray HttpConnection::Request::header(QByteArrayView name) const
{
    for (const Core::HttpHeader &h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
            return h.value;
        }
    }
    return {};
}

bool HttpConnection::Request::hasHeader(QByteArrayView name) const
{
    for (const Core::HttpHeader &h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}

HttpConnection::HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent)
    : QObject(parent), m_socket(socket), m_handler(std::move(handler))
{
    m_socket->setParent(this);
    // Bounded buffering: while a request is with the handler, unread input stays in the socket
    // (and, beyond this size, in the kernel), so a flooding client cannot grow memory.
    m_socket->setReadBufferSize(MaxBufferedBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(IdleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        if (m_busy) {
            m_idleTimer.start();
            return;
        }
        qCDebug(lcHttpConnection) << "closing idle connection";
        m_state = State::Closing;
        m_socket->disconnectFromHost();
    });
    m_idleTimer.start();
    if (m_socket->bytesAvailable() > 0) {
        readAvailable();
    }
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::readAvailable()
{
    if (m_state == State::Closing) {
        m_socket->readAll();
        return;
    }
    m_idleTimer.start();
    if (m_busy && m_buffer.size() >= MaxBufferedBytes) {
        return; // read again after the response (respond())
    }
    m_buffer.append(m_socket->read(MaxBufferedBytes));
    processBuffer();
}

void HttpConnection::processBuffer()
{
    if (m_processing) {
        return;
    }
    m_processing = true;
    while (!m_busy && m_state != State::Closing) {
        if (m_state == State::Head) {
            qsizetype skip = 0;
            while (m_buffer.size() >= skip + 2 && m_buffer.at(skip) == '\r'
                   && m_buffer.at(skip + 1) == '\n') {
                skip += 2;
            }
            if (skip > 0) {
                m_buffer.remove(0, skip);
            }
            if (m_buffer.isEmpty()) {
                break;
            }
            const qsizetype lineEnd = m_buffer.indexOf("\r\n");
            const QByteArrayView line = lineEnd < 0 ? QByteArrayView(m_buffer)
                                                    : QByteArrayView(m_buffer).first(lineEnd);
            if (!looksLikeRequestLine(line, lineEnd >= 0)) {
                qCDebug(lcHttpConnection) << "not an HTTP request; closing";
                abort();
                break;
            }
            const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                if (m_buffer.size() > MaxHeaderBytes) {
                    fail(400, "Request header section too large"_ba);
                }
                break;
            }
            if (headEnd + 4 > MaxHeaderBytes) {
                fail(400, "Request header section too large"_ba);
                break;
            }
            if (!parseHead(headEnd)) {
                break;
            }
            m_buffer.remove(0, headEnd + 4);
            m_state = State::Body;
            if (m_request.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0
                && m_buffer.size() < m_contentLength) {
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n"_ba);
            }
        }
        if (m_state == State::Body) {
            if (m_buffer.size() < m_contentLength) {
                break;
            }
            Request request = std::move(m_request);
            m_request = Request();
            request.body = m_buffer.left(m_contentLength);
            m_buffer.remove(0, m_contentLength);
            m_state = State::Head;
            m_busy = true;
            m_handler(this, std::move(request));
        }
    }
    m_processing = false;
}

bool HttpConnection::parseHead(qsizetype headEnd)
{
    const QByteArrayView head = QByteArrayView(m_buffer).first(headEnd);
    qsizetype lineStart = head.indexOf("\r\n");
    const QByteArrayView requestLine = lineStart < 0 ? head : head.first(lineStart);
    const qsizetype first = requestLine.indexOf(' ');
    const qsizetype last = requestLine.lastIndexOf(' ');
    m_request = Request();
    m_request.method = requestLine.first(first).toByteArray();
    const QByteArrayView target = requestLine.sliced(first + 1, last - first - 1);
    const qsizetype question = target.indexOf('?');
    m_request.path = (question < 0 ? target : target.first(question)).toByteArray();
    m_request.query = question < 0 ? QByteArray() : target.sliced(question + 1).toByteArray();
    const bool http10 = requestLine.sliced(last + 1) == "HTTP/1.0";
    m_keepAlive = !http10;

    QByteArray contentLength;
    while (lineStart >= 0) {
        const qsizetype start = lineStart + 2;
        const qsizetype end = head.indexOf("\r\n", start);
        const QByteArrayView line = end < 0 ? head.sliced(start) : head.sliced(start, end - start);
        lineStart = end;
        if (line.isEmpty()) {
            continue;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            fail(400, "Obsolete header line folding is not supported"_ba);
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            fail(400, "Malformed header field"_ba);
            return false;
        }
        if (m_request.headers.size() >= MaxHeaderFields) {
            fail(400, "Too many header fields"_ba);
            return false;
        }
        Core::HttpHeader header{line.first(colon).toByteArray(),
                                trimmedView(line.sliced(colon + 1)).toByteArray()};
        if (header.name.compare("content-length", Qt::CaseInsensitive) == 0) {
            if (!isDigits(header.value)
                || (!contentLength.isNull() && contentLength != header.value)) {
                fail(400, "Invalid Content-Length"_ba);
                return false;
            }
            contentLength = header.value;
        } else if (header.name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            fail(501, "Transfer-Encoding is not supported; send a Content-Length"_ba);
            return false;
        } else if (header.name.compare("connection", Qt::CaseInsensitive) == 0) {
            for (const QByteArray &token : header.value.split(',')) {
                const QByteArray option = token.trimmed().toLower();
                if (option == "close") {
                    m_keepAlive = false;
                } else if (option == "keep-alive") {
                    m_keepAlive = true;
                }
            }
        }
        m_request.headers.append(std::move(header));
    }
    m_contentLength = contentLength.isNull() ? 0 : contentLength.toLongLong();
    if (m_contentLength > MaxBodyBytes) {
        fail(413, "Request body too large"_ba);
        return false;
    }
    return true;
}

void HttpConnection::fail(int status, const QByteArray &message)
{
    qCDebug(lcHttpConnection) << "refusing request:" << status << message;
    Response response;
    response.status = status;
    response.headers.append({"Content-Type"_ba, "application/x-amz-json-1.0"_ba});
    response.body = "{\"message\":\""_ba + message + "\"}"_ba;
    response.close = true;
    m_busy = true;
    respond(response);
}

void HttpConnection::respond(const Response &response)
{
    if (m_state == State::Closing || !m_busy) {
        return;
    }
    m_busy = false;
    const bool close = response.close || !m_keepAlive;
    QByteArray head;
    head.reserve(256);
    head.append("HTTP/1.1 ").append(QByteArray::number(response.status)).append(' ');
    head.append(reasonPhrase(response.status)).append("\r\n");
    for (const Core::HttpHeader &header : response.headers) {
        head.append(header.name).append(": ").append(header.value).append("\r\n");
    }
    head.append("Content-Length: ").append(QByteArray::number(response.body.size()));
    head.append("\r\n");
    if (close && !response.dropMidBody) {
        head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    m_socket->write(head);
    if (response.dropMidBody) {
        m_socket->write(response.body.left(response.body.size() / 2));
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    m_socket->write(response.body);
    if (close) {
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    if (m_socket->bytesAvailable() > 0 && m_buffer.size() < MaxBufferedBytes) {
        m_buffer.append(m_socket->read(MaxBufferedBytes));
    }
    processBuffer();
}

void HttpConnection::abort()
{
    m_state = State::Closing;
    m_socket->abort();
}

QByteArray HttpConnection::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue"_ba;
    case 200:
        return "OK"_ba;
    case 400:
        return "Bad Request"_ba;
    case 403:
        return "Forbidden"_ba;
    case 404:
        return "Not Found"_ba;
    case 409:
        return "Conflict"_ba;
    case 413:
        return "Content Too Large"_ba;
    case 429:
        return "Too Many Requests"_ba;
    case 500:
        return "Internal Server Error"_ba;
    case 501:
        return "Not Implemented"_ba;
    case 502:
        return "Bad Gateway"_ba;
    case 503:
        return "Service Unavailable"_ba;
    case 504:
        return "Gateway Timeout"_ba;
    default:
        return status >= 500 ? "Server Error"_ba : "Error"_ba;
    }
}

} // namespace Pd::Emulator
