#pragma once

#include "sigv4signer.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QSslConfiguration>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpSocket;

namespace Pd::Core {

/// One HTTP/1.1 request exactly as it arrived.
struct RecordedRequest
{
    QByteArray method;
    QByteArray target; ///< request-target as sent ("/")
    QByteArray version; ///< "HTTP/1.1"
    HttpHeaders headers; ///< in arrival order, names and values as sent (values trimmed)
    QByteArray rawHeaders; ///< the header block as sent, without the request line
    QByteArray body;
    QByteArray raw; ///< request line, headers, blank line and body, byte for byte
    int connection = 0; ///< 1-based index of the connection it arrived on

    /// The first value of a header, matched case-insensitively; a null QByteArray if absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
};

/// What the server does with one request.
struct ScriptedResponse
{
    enum class Action {
        Respond, ///< send the response, keep the connection unless closeConnection
        Truncate, ///< advertise the full Content-Length, send truncateAfter body bytes, close
        Drop, ///< close the connection without a response
        NeverRespond, ///< keep the connection open and say nothing
    };

    Action action = Action::Respond;
    int status = 200;
    QByteArray reason; ///< empty: the standard reason phrase
    Pd::Core::HttpHeaders headers; ///< Content-Length and Date are added unless present
    QByteArray body;
    int delayMs = 0; ///< wait before acting
    qsizetype truncateAfter = 0;
    bool closeConnection = false; ///< send "Connection: close" and close after responding

    ScriptedResponse withHeader(const QByteArray &name, const QByteArray &value) const;
    ScriptedResponse withDelay(int ms) const;
    ScriptedResponse truncatedAfter(qsizetype bodyBytes) const;
    QByteArray header(QByteArrayView name) const;

    /// A response with an awsJson1_0 body.
    static ScriptedResponse json(int status, const QByteArray &body);
    /// An AWS JSON error: `__type` is the full shape id (or `type` as given if it contains '#'
    /// or `bareType`), `message`, the extra members, X-Amzn-ErrorType and x-amzn-RequestId.
    static ScriptedResponse awsError(int status, const QString &type, const QString &message,
                                     const QJsonObject &extraMembers = {}, bool bareType = false);
    /// A ListOpportunities page with one minimal AWS-catalog summary per id. `nextToken`:
    /// Undefined omits the member, Null writes null, a string writes the token.
    static ScriptedResponse page(const QStringList &ids,
                                 const QJsonValue &nextToken = QJsonValue::Undefined);
    static ScriptedResponse drop();
    static ScriptedResponse neverRespond();
};

/// A loopback HTTP/1.1 server for client tests (model: MiniHttpServer in qtbase's
/// tst_qnetworkreply), plain or over TLS. Listens on 127.0.0.1, port 0. Parses requests with
/// Content-Length bodies, several per keep-alive connection, records each one raw, and answers from
/// a queue of scripted responses, then from the handler, then with the default response (200 and an
/// empty page). Every response carries a `Date` header from the server's clock, which can be offset
/// to simulate clock skew, unless the script sets its own `Date`.
class TestServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestServer)

public:
    using Handler = std::function<ScriptedResponse(const RecordedRequest &request)>;

    explicit TestServer(QObject *parent = nullptr);
    /// An https server presenting the certificate of `tls`.
    explicit TestServer(const QSslConfiguration &tls, QObject *parent = nullptr);
    ~TestServer() override;

    bool isListening() const { return m_server->isListening(); }
    quint16 port() const { return m_server->serverPort(); }
    /// http://127.0.0.1:<port>, or https:// over TLS
    QUrl url() const;

    void enqueue(const ScriptedResponse &response);
    void enqueue(const QList<ScriptedResponse> &responses);
    int queuedCount() const { return int(m_queue.size()); }
    /// Answers requests once the queue is empty, before the default response.
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void setDefaultResponse(const ScriptedResponse &response) { m_default = response; }

    /// Milliseconds added to the local clock for the Date header (server time - client time).
    void setClockOffsetMs(qint64 offset) { m_clockOffsetMs = offset; }
    /// Whether responses carry a Date header at all (default true).
    void setSendDate(bool send) { m_sendDate = send; }
    /// An IMF-fixdate for the server's clock now.
    QByteArray httpDate() const;
    static QByteArray httpDate(const QDateTime &time);

    QList<RecordedRequest> requests() const { return m_requests; }
    RecordedRequest request(int index) const { return m_requests.value(index); }
    RecordedRequest lastRequest() const { return m_requests.value(m_requests.size() - 1); }
    int requestCount() const { return int(m_requests.size()); }
    int connectionCount() const { return m_connectionCount; }
    void clearRequests() { m_requests.clear(); }

Q_SIGNALS:
    void requestReceived(int index);

private:
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        int index = 0;
        bool busy = false; ///< a request is being answered; later ones wait in the buffer
    };

    void acceptConnections();
    void processBuffer(QTcpSocket *socket);
    void act(QTcpSocket *socket, const ScriptedResponse &response, bool keepAlive);
    QByteArray serialize(const ScriptedResponse &response, bool keepAlive) const;

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    QHash<QTcpSocket *, Connection> m_connections;
    QQueue<ScriptedResponse> m_queue;
    Handler m_handler;
    ScriptedResponse m_default;
    QList<RecordedRequest> m_requests;
    qint64 m_clockOffsetMs = 0;
    bool m_sendDate = true;
    int m_connectionCount = 0;
};

} // namespace Pd::Core
