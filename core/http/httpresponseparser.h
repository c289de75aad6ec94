#pragma once

#include "httpheaders.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

namespace Pd::Core {

/// Incremental parser of one HTTP/1.x response (RFC 9112): the status line, the header fields
/// and a body framed by Content-Length, the chunked transfer coding or the end of the
/// connection. Interim 1xx responses are skipped. Bytes arrive in any split through `feed()`;
/// `endOfStream()` tells it the connection closed.
///
/// Strict where leniency would let a response be read two ways: obsolete line folding,
/// conflicting Content-Length values, bad chunk sizes and control characters in fields fail the
/// parse. A body larger than `maxBodyBytes` (announced or received) fails it as TooLarge
/// before it is read.
class HttpResponseParser
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::HttpResponseParser)

public:
    enum class State { StatusLine, Headers, Body, Complete, Failed };
    enum class Failure { None, Malformed, TooLarge, Truncated };

    static constexpr qsizetype MaxHeaderBytes = 64 * 1024;

    /// `bodyless`: the request was HEAD, or CONNECT (whose answer ends with its header), so the
    /// response has no body whatever it announces.
    explicit HttpResponseParser(qint64 maxBodyBytes = -1, bool bodyless = false);

    /// Consumes bytes of the response and returns how many were used: fewer than given only
    /// when the response ended (Complete) or the parse failed, so the rest does not belong to
    /// it.
    qsizetype feed(QByteArrayView data);
    /// The connection closed. Completes a body that runs to the end of the connection; any
    /// other incomplete response fails as Truncated.
    void endOfStream();

    State state() const { return m_state; }
    bool isComplete() const { return m_state == State::Complete; }
    bool hasFailed() const { return m_state == State::Failed; }
    Failure failure() const { return m_failure; }
    QString errorString() const { return m_error; }
    /// True once any byte of the response arrived.
    bool hasStarted() const { return m_started; }
    /// True once the final (non-1xx) status line and its header fields are read, even if the
    /// body then failed.
    bool headersComplete() const { return m_headersComplete; }

    int status() const { return m_status; }
    QByteArray reasonPhrase() const { return m_reason; }
    /// "HTTP/1.1" or "HTTP/1.0".
    QByteArray version() const { return m_version; }
    /// The header fields in arrival order, values trimmed.
    const HttpHeaders &headers() const { return m_headers; }
    /// The first value of a field, its name matched case-insensitively; null if absent.
    QByteArray header(QByteArrayView name) const;
    /// The Content-Length the response announced, -1 without one (or with chunked coding).
    qint64 contentLength() const { return m_contentLength; }
    const QByteArray &body() const { return m_body; }
    QByteArray takeBody() { return std::exchange(m_body, {}); }
    /// True when the connection may carry another request after this response.
    bool keepAlive() const;

private:
    enum class Framing { None, Length, Chunked, UntilClose };
    enum class ChunkState { Size, Data, DataEnd, Trailer };

    qsizetype feedLines(QByteArrayView data);
    bool takeLine(QByteArrayView data, qsizetype *used, QByteArrayView *line);
    void parseStatusLine(QByteArrayView line);
    void parseHeaderLine(QByteArrayView line);
    void endOfHeaders();
    qsizetype feedBody(QByteArrayView data);
    qsizetype feedChunked(QByteArrayView data);
    void appendBody(QByteArrayView data);
    void fail(Failure failure, const QString &message);
    void complete() { m_state = State::Complete; }

    State m_state = State::StatusLine;
    Failure m_failure = Failure::None;
    QString m_error;
    qint64 m_maxBodyBytes = -1;
    bool m_bodyless = false;
    bool m_started = false;
    bool m_headersComplete = false;
    QByteArray m_line; ///< a line split across feeds
    qsizetype m_headerBytes = 0;
    int m_status = 0;
    QByteArray m_reason;
    QByteArray m_version;
    HttpHeaders m_headers;
    Framing m_framing = Framing::None;
    ChunkState m_chunkState = ChunkState::Size;
    qint64 m_contentLength = -1;
    qint64 m_remaining = 0; ///< body bytes (or bytes of the current chunk) still to come
    QByteArray m_body;
};

} // namespace Pd::Core
