// HttpResponseParser on arbitrary bytes, fed whole and in pieces. The first byte picks the
// options (HEAD, body limit, whether the connection closes at the end), the next four seed the
// piece sizes (0 to 64 bytes, empty pieces included); the rest is the response.
// Checked: feed() never uses more than given, stops early only at the end of the response or a
// failure, uses nothing once that happened; the body never exceeds the limit; a complete
// Content-Length body has the announced size; and every split gives the same result as the
// whole input.
#include "httpresponseparser.h"

#include <QByteArray>
#include <QByteArrayView>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

using Pd::Core::HttpResponseParser;

namespace {

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

bool isDone(const HttpResponseParser &parser)
{
    return parser.isComplete() || parser.hasFailed();
}

/// Feeds one piece and checks feed()'s contract; returns the bytes used.
qsizetype feedChecked(HttpResponseParser &parser, QByteArrayView piece, qint64 maxBodyBytes)
{
    const bool wasDone = isDone(parser);
    const HttpResponseParser::State before = parser.state();
    const qsizetype used = parser.feed(piece);
    check(used >= 0 && used <= piece.size());
    check(used == piece.size() || isDone(parser));
    if (wasDone) {
        check(used == 0 && parser.state() == before);
    }
    check(maxBodyBytes < 0 || parser.body().size() <= maxBodyBytes);
    return used;
}

void checkResult(const HttpResponseParser &parser, qint64 maxBodyBytes, bool bodyless, bool closed)
{
    check(maxBodyBytes < 0 || parser.body().size() <= maxBodyBytes);
    check(!closed || isDone(parser));
    check(parser.hasFailed() == (parser.failure() != HttpResponseParser::Failure::None));
    check(parser.hasFailed() != parser.errorString().isEmpty());
    check(!parser.keepAlive() || parser.isComplete());
    if (parser.headersComplete()) {
        check(parser.status() >= 200 && parser.status() <= 999);
        check(parser.version() == "HTTP/1.1" || parser.version() == "HTTP/1.0");
    }
    const bool hasBody = !bodyless && parser.status() != 204 && parser.status() != 304;
    if (parser.isComplete() && hasBody && parser.contentLength() >= 0) {
        check(parser.body().size() == parser.contentLength());
    }
}

bool sameResult(const HttpResponseParser &a, qsizetype usedA, const HttpResponseParser &b,
                qsizetype usedB)
{
    if (a.state() != b.state() || a.failure() != b.failure() || a.errorString() != b.errorString()
        || a.hasStarted() != b.hasStarted()) {
        return false;
    }
    if (a.hasFailed()) {
        return true; // how much it read before failing depends on the split
    }
    return usedA == usedB && a.status() == b.status() && a.reasonPhrase() == b.reasonPhrase()
           && a.version() == b.version() && a.headers() == b.headers() && a.body() == b.body()
           && a.contentLength() == b.contentLength() && a.keepAlive() == b.keepAlive();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5) {
        return 0;
    }
    static const qint64 limits[] = {-1, 0, 16, 1024};
    const bool bodyless = data[0] & 1;
    const bool closed = data[0] & 2;
    const qint64 maxBodyBytes = limits[(data[0] >> 2) & 3];
    uint32_t seed = uint32_t(data[1]) | uint32_t(data[2]) << 8 | uint32_t(data[3]) << 16
                    | uint32_t(data[4]) << 24;
    seed = seed == 0 ? 1 : seed; // xorshift stays at 0
    const QByteArrayView input(reinterpret_cast<const char *>(data + 5), qsizetype(size - 5));

    HttpResponseParser whole(maxBodyBytes, bodyless);
    const qsizetype usedWhole = feedChecked(whole, input, maxBodyBytes);
    feedChecked(whole, input.sliced(usedWhole), maxBodyBytes); // the rest, if any: nothing
    if (closed) {
        whole.endOfStream();
    }
    checkResult(whole, maxBodyBytes, bodyless, closed);

    HttpResponseParser pieces(maxBodyBytes, bodyless);
    qsizetype usedPieces = 0;
    for (qsizetype at = 0; at < input.size();) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        const qsizetype length = std::min<qsizetype>(seed % 65, input.size() - at);
        usedPieces += feedChecked(pieces, input.sliced(at, length), maxBodyBytes);
        at += length;
    }
    if (closed) {
        pieces.endOfStream();
        // A second close changes nothing.
        const HttpResponseParser::State state = pieces.state();
        pieces.endOfStream();
        check(pieces.state() == state);
    }
    checkResult(pieces, maxBodyBytes, bodyless, closed);
    check(sameResult(whole, usedWhole, pieces, usedPieces));
    return 0;
}
