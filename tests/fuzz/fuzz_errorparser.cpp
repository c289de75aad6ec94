// parseErrorResponse on arbitrary bodies and X-Amzn-ErrorType headers. The input is split at the
// first NUL: header before, body after; the first byte picks the HTTP status.
#include "errorparser.h"

#include <QByteArray>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const int statuses[] = {400, 403, 404, 429, 500, 502, 503, 504, 0, 200, 302, 999};
    const int status = statuses[data[0] % (sizeof statuses / sizeof statuses[0])];
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype nul = rest.indexOf('\0');
    const QByteArray header = nul < 0 ? QByteArray() : rest.left(nul);
    const QByteArray body = nul < 0 ? rest : rest.mid(nul + 1);
    const Pd::Core::ApiError error
            = Pd::Core::parseErrorResponse(status, body, header, QByteArrayLiteral("req-1"));
    if (error.message.isEmpty())
        std::abort();
    const QString sanitized = Pd::Core::sanitizeErrorName(QString::fromUtf8(header));
    if (sanitized.contains(u'#') || sanitized.contains(u':') || sanitized.contains(u','))
        std::abort();
    return 0;
}
