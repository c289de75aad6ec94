#include "httpresponseparser.h"

#include <algorithm>

namespace Pd::Core {

namespace {

constexpr qsizetype MaxChunkLineBytes = 8 * 1024;
/// At most this much is reserved for an announced body: the rest grows as it arrives.
constexpr qint64 MaxBodyReserveBytes = 1024 * 1024;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

/// Field values and reason phrases: visible characters, spaces, tabs and obs-text.
bool isFieldText(QByteArrayView text)
{
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t')) {
        text = text.sliced(1);
    }
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t')) {
        text.chop(1);
    }
    return text;
}

/// A decimal number of at most 18 digits; -1 otherwise.
qint64 parseDecimal(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), isDigit)) {
        return -1;
    }
    qint64 value = 0;
    for (const char c : text) {
        value = value * 10 + (c - '0');
    }
    return value;
}

/// A chunk size: at most 15 hex digits, so that it fits in qint64; -1 otherwise.
qint64 parseHex(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 15) {
        return -1;
    }
    qint64 value = 0;
    for (const char c : text) {
        int digit = -1;
        if (isDigit(c)) {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            digit = c - 'A' + 10;
        }
        if (digit < 0) {
            return -1;
        }
        value = value * 16 + digit;
    }
    return value;
}

/// The comma-separated elements of every value of a field, trimmed and lower-cased.
QList<QByteArray> listElements(const HttpHeaders &headers, QByteArrayView name)
{
    QList<QByteArray> elements;
    for (const HttpHeader &header : headers) {
        if (QByteArrayView(header.name).compare(name, Qt::CaseInsensitive) != 0) {
            continue;
        }
        for (const QByteArray &element : header.value.split(',')) {
            const QByteArrayView item = trimmed(element);
            if (!item.isEmpty()) {
                elements.append(item.toByteArray().toLower());
            }
        }
    }
    return elements;
}

} // namespace

HttpResponseParser::HttpResponseParser(qint64 maxBodyBytes, bool bodyless)
    : m_maxBodyBytes(maxBodyBytes), m_bodyless(bodyless)
{ }

QByteArray HttpResponseParser::header(QByteArrayView name) const
{
    for (const HttpHeader &header : m_headers) {
        if (QByteArrayView(header.name).compare(name, Qt::CaseInsensitive) == 0) {
            return header.value;
        }
    }
    return {};
}

bool HttpResponseParser::keepAlive() const
{
    if (m_framing == Framing::UntilClose || !isComplete()) {
        return false;
    }
    const QList<QByteArray> options = listElements(m_headers, "Connection");
    if (options.contains("close")) {
        return false;
    }
    return m_version == "HTTP/1.1" || options.contains("keep-alive");
}

qsizetype HttpResponseParser::feed(QByteArrayView data)
{
    qsizetype used = 0;
    if (!data.isEmpty()) {
        m_started = true;
    }
    while (used < data.size()
           && (m_state == State::StatusLine || m_state == State::Headers
               || m_state == State::Body)) {
        const QByteArrayView rest = data.sliced(used);
        used += m_state == State::Body ? feedBody(rest) : feedLines(rest);
    }
    return used;
}

void HttpResponseParser::endOfStream()
{
    if (m_state == State::Body && m_framing == Framing::UntilClose) {
        complete();
        return;
    }
    if (m_state == State::Complete || m_state == State::Failed) {
        return;
    }
    if (!m_started) {
        fail(Failure::Truncated, tr("The connection closed without a response."));
    } else if (!headersComplete()) {
        fail(Failure::Truncated, tr("The connection closed in the middle of the response header."));
    } else {
        fail(Failure::Truncated,
             tr("The connection closed after %1 bytes of the response body.").arg(m_body.size()));
    }
}

bool HttpResponseParser::takeLine(QByteArrayView data, qsizetype *used, QByteArrayView *line)
{
    const qsizetype newline = data.indexOf('\n');
    const qsizetype take = newline < 0 ? data.size() : newline + 1;
    *used = take;
    m_headerBytes += take;
    const qsizetype limit = m_state == State::Body ? MaxChunkLineBytes : MaxHeaderBytes;
    if (m_headerBytes > limit) {
        fail(Failure::Malformed,
             tr("A line of the response is longer than %1 KiB.").arg(limit / 1024));
        return false;
    }
    if (newline < 0) {
        m_line.append(data);
        return false;
    }
    QByteArrayView raw = data.first(newline);
    if (!m_line.isEmpty()) {
        m_line.append(raw);
        raw = m_line;
    }
    if (raw.endsWith('\r')) {
        raw.chop(1);
    }
    *line = raw;
    return true;
}

qsizetype HttpResponseParser::feedLines(QByteArrayView data)
{
    qsizetype used = 0;
    while (m_state == State::StatusLine || m_state == State::Headers) {
        qsizetype taken = 0;
        QByteArrayView line;
        const bool complete = takeLine(data.sliced(used), &taken, &line);
        used += taken;
        if (!complete) {
            break;
        }
        if (m_state == State::StatusLine) {
            parseStatusLine(line);
        } else {
            parseHeaderLine(line);
        }
        m_line.clear();
    }
    return used;
}

void HttpResponseParser::parseStatusLine(QByteArrayView line)
{
    if (line.isEmpty()) {
        return; // RFC 9112 §2.2: empty lines before the status line are ignored
    }
    // HTTP/1.x SP 3DIGIT [SP reason-phrase]
    const bool wellFormed = line.size() >= 12 && line.startsWith("HTTP/1.")
                            && (line[7] == '0' || line[7] == '1') && line[8] == ' '
                            && isDigit(line[9]) && isDigit(line[10]) && isDigit(line[11])
                            && (line.size() == 12 || line[12] == ' ');
    if (!wellFormed || line[9] == '0' || !isFieldText(line)) {
        fail(Failure::Malformed, tr("The response does not start with an HTTP/1.x status line."));
        return;
    }
    m_version = line.first(8).toByteArray();
    m_status = int(parseDecimal(line.sliced(9, 3)));
    m_reason = line.size() > 13 ? line.sliced(13).toByteArray() : QByteArray();
    m_state = State::Headers;
}

void HttpResponseParser::parseHeaderLine(QByteArrayView line)
{
    if (line.isEmpty()) {
        endOfHeaders();
        return;
    }
    if (line.front() == ' ' || line.front() == '\t') {
        fail(Failure::Malformed, tr("The response folds a header field over several lines."));
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView name = colon > 0 ? line.first(colon) : QByteArrayView();
    const QByteArrayView value = colon > 0 ? trimmed(line.sliced(colon + 1)) : QByteArrayView();
    if (!isToken(name) || !isFieldText(value)) {
        fail(Failure::Malformed, tr("The response has a malformed header field."));
        return;
    }
    m_headers.append({name.toByteArray(), value.toByteArray()});
}

void HttpResponseParser::endOfHeaders()
{
    m_headerBytes = 0;
    if (m_status < 200) {
        if (m_status == 101) {
            fail(Failure::Malformed, tr("The server switched protocols, which was not asked for."));
            return;
        }
        // An interim response (100 Continue, 103 Early Hints): the final one follows.
        m_status = 0;
        m_reason.clear();
        m_version.clear();
        m_headers.clear();
        m_state = State::StatusLine;
        return;
    }
    m_state = State::Body;
    m_headersComplete = true;
    if (m_bodyless || m_status == 204 || m_status == 304) {
        m_framing = Framing::None;
        complete();
        return;
    }
    const QList<QByteArray> codings = listElements(m_headers, "Transfer-Encoding");
    if (!codings.isEmpty()) {
        // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length; a response whose last
        // coding is not chunked runs to the end of the connection.
        m_framing = codings.last() == "chunked" ? Framing::Chunked : Framing::UntilClose;
        return;
    }
    if (header("Content-Length").isNull()) {
        m_framing = Framing::UntilClose;
        return;
    }
    const QList<QByteArray> lengths = listElements(m_headers, "Content-Length");
    // A field with no value at all ("Content-Length:") is invalid too (RFC 9112 §6.3).
    const qint64 length = lengths.isEmpty() ? -1 : parseDecimal(lengths.first());
    const bool consistent
            = std::all_of(lengths.begin(), lengths.end(),
                          [&](const QByteArray &value) { return value == lengths.first(); });
    if (length < 0 || !consistent) {
        fail(Failure::Malformed, tr("The response has an invalid or conflicting Content-Length."));
        return;
    }
    m_contentLength = length;
    if (m_maxBodyBytes >= 0 && length > m_maxBodyBytes) {
        fail(Failure::TooLarge, tr("The response announces %1 bytes, more than the %2 accepted.")
                                        .arg(length)
                                        .arg(m_maxBodyBytes));
        return;
    }
    m_framing = Framing::Length;
    m_remaining = length;
    m_body.reserve(qsizetype(std::min(length, MaxBodyReserveBytes)));
    if (length == 0) {
        complete();
    }
}

qsizetype HttpResponseParser::feedBody(QByteArrayView data)
{
    switch (m_framing) {
    case Framing::Length: {
        const qsizetype count = qsizetype(std::min<qint64>(m_remaining, data.size()));
        appendBody(data.first(count));
        m_remaining -= count;
        if (m_remaining == 0 && m_state == State::Body) {
            complete();
        }
        return count;
    }
    case Framing::UntilClose:
        appendBody(data);
        return data.size();
    case Framing::Chunked:
        return feedChunked(data);
    case Framing::None:
        break;
    }
    complete();
    return 0;
}

qsizetype HttpResponseParser::feedChunked(QByteArrayView data)
{
    qsizetype used = 0;
    while (used < data.size() && m_state == State::Body) {
        const QByteArrayView rest = data.sliced(used);
        if (m_chunkState == ChunkState::Data) {
            const qsizetype count = qsizetype(std::min<qint64>(m_remaining, rest.size()));
            appendBody(rest.first(count));
            m_remaining -= count;
            used += count;
            if (m_remaining == 0) {
                m_chunkState = ChunkState::DataEnd;
            }
            continue;
        }
        qsizetype taken = 0;
        QByteArrayView line;
        const bool complete = takeLine(rest, &taken, &line);
        used += taken;
        if (!complete) {
            break;
        }
        const QByteArray text = line.toByteArray();
        m_line.clear();
        if (m_chunkState == ChunkState::Trailer) {
            if (text.isEmpty()) {
                this->complete();
            }
            continue; // trailer fields are not used
        }
        m_headerBytes = 0;
        if (m_chunkState == ChunkState::DataEnd) {
            if (!text.isEmpty()) {
                fail(Failure::Malformed, tr("A chunk of the response runs past its size."));
            }
            m_chunkState = ChunkState::Size;
            continue;
        }
        const qsizetype extension = text.indexOf(';');
        const qint64 size = parseHex(trimmed(
                extension < 0 ? QByteArrayView(text) : QByteArrayView(text).first(extension)));
        if (size < 0) {
            fail(Failure::Malformed, tr("The response has an invalid chunk size."));
            continue;
        }
        if (m_maxBodyBytes >= 0 && m_body.size() + size > m_maxBodyBytes) {
            fail(Failure::TooLarge,
                 tr("The response is larger than the %1 bytes accepted.").arg(m_maxBodyBytes));
            continue;
        }
        m_remaining = size;
        m_chunkState = size == 0 ? ChunkState::Trailer : ChunkState::Data;
    }
    return used;
}

void HttpResponseParser::appendBody(QByteArrayView data)
{
    if (m_maxBodyBytes >= 0 && m_body.size() + data.size() > m_maxBodyBytes) {
        fail(Failure::TooLarge,
             tr("The response is larger than the %1 bytes accepted.").arg(m_maxBodyBytes));
        return;
    }
    m_body.append(data);
}

void HttpResponseParser::fail(Failure failure, const QString &message)
{
    if (m_state == State::Failed) {
        return;
    }
    m_state = State::Failed;
    m_failure = failure;
    m_error = message;
}

} // namespace Pd::Core
