#include "paginationtoken.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

/// A JSON string as Python's json.dumps() writes it (ensure_ascii: \uXXXX beyond ASCII).
QByteArray pythonJsonString(const QString &text)
{
    QByteArray out = "\"";
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            out += "\\\"";
            break;
        case u'\\':
            out += "\\\\";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\r':
            out += "\\r";
            break;
        case u'\t':
            out += "\\t";
            break;
        case u'\b':
            out += "\\b";
            break;
        case u'\f':
            out += "\\f";
            break;
        default:
            if (u < 0x20 || u > 0x7e) {
                out += "\\u" + QByteArray::number(u, 16).rightJustified(4, '0');
            } else {
                out += char(u);
            }
        }
    }
    out += '"';
    return out;
}

} // namespace

QString PaginationToken::encode() const
{
    QByteArray json = "{\"NextToken\": ";
    json += nextToken.isEmpty() ? QByteArray("null") : pythonJsonString(nextToken);
    if (skip > 0) {
        json += ", \"boto_truncate_amount\": " + QByteArray::number(skip);
    }
    json += '}';
    return QString::fromLatin1(json.toBase64());
}

std::optional<PaginationToken> PaginationToken::decode(const QString &token)
{
    if (token.isEmpty()) {
        return std::nullopt;
    }
    const auto decoded = QByteArray::fromBase64Encoding(token.toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    QJsonParseError parseError;
    const QJsonDocument document
            = decoded ? QJsonDocument::fromJson(*decoded, &parseError) : QJsonDocument();
    const QJsonObject object = document.object();
    const bool ours = document.isObject() && object.contains(u"NextToken"_s)
                      && (object.size() == 1
                          || (object.size() == 2 && object.contains(u"boto_truncate_amount"_s)));
    if (!ours) {
        return PaginationToken{token, 0};
    }
    const QJsonValue next = object.value(u"NextToken"_s);
    if (!next.isString() && !next.isNull()) {
        return PaginationToken{token, 0};
    }
    PaginationToken result{next.toString(), 0};
    if (object.contains(u"boto_truncate_amount"_s)) {
        const QJsonValue amount = object.value(u"boto_truncate_amount"_s);
        const double value = amount.toDouble(-1);
        if (!amount.isDouble() || value < 0 || value > 1e9 || std::floor(value) != value) {
            return std::nullopt;
        }
        result.skip = int(value);
    }
    return result;
}

} // namespace Pd::Core
