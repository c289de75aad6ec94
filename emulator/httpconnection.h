#pragma once

#include "sigv4signer.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace Pd::Emulator {

/// One HTTP/1.1 server connection: parses requests (Content-Length bodies only), hands each to
/// a handler, and writes the handler's response. Requests on one connection are answered in
/// order; the next request is parsed only after the previous one was answered, so a handler may
/// answer later (latency injection) without confusing pipelined clients.
///
/// Hostile input is bounded: a header section over 16 KiB or with more than 100 fields, a
/// malformed field, or a Transfer-Encoding gets 400/501 and the connection is closed; a body
/// over 1 MiB gets 413 and a close; a request line that is not HTTP closes the connection
/// without an answer. Idle connections close after two minutes. The object deletes itself
/// once its socket is closed.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    struct Request
    {
        QByteArray method;
        QByteArray path; ///< raw path, without the query
        QByteArray query; ///< raw query string without '?'
        Core::HttpHeaders headers; ///< as received, names unchanged
        QByteArray body;
        /// The first value of a header (name compared case-insensitively), or a null array.
        QByteArray header(QByteArrayView name) const;
        bool hasHeader(QByteArrayView name) const;
    };

    struct Response
    {
        int status = 200;
        Core::HttpHeaders headers; ///< Content-Length and Connection are added on sending
        QByteArray body;
        bool dropMidBody = false; ///< send the headers and half the body, then close
        bool close = false; ///< close the connection after this response
    };

    using Handler = std::function<void(HttpConnection *connection, Request &&request)>;

    static constexpr qsizetype MaxHeaderBytes = 16 * 1024;
    static constexpr int MaxHeaderFields = 100;
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;
    static constexpr qsizetype MaxBufferedBytes = MaxHeaderBytes + MaxBodyBytes;
    static constexpr int IdleTimeoutMs = 120'000;

    /// Takes ownership of `socket`.
    HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent = nullptr);
    ~HttpConnection() override;

    /// Answers the request last handed to the handler. Call exactly once per request.
    void respond(const Response &response);
    /// Closes the connection at once, dropping anything not yet sent.
    void abort();

    static QByteArray reasonPhrase(int status);

private:
    enum class State { Head, Body, Closing };

    void readAvailable();
    void processBuffer();
    bool parseHead(qsizetype headEnd);
    void fail(int status, const QByteArray &message);

    QTcpSocket *m_socket = nullptr;
    Handler m_handler;
    QByteArray m_buffer;
    Request m_request;
    qsizetype m_contentLength = 0;
    bool m_keepAlive = true;
    State m_state = State::Head;
    bool m_busy = false; ///< a request is with the handler
    bool m_processing = false; ///< inside processBuffer (no re-entry)
    QTimer m_idleTimer;
};

} // namespace Pd::Emulator
