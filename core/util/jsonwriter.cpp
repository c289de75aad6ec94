#include "jsonwriter.h"

#include <cstring>

namespace Pd::Core {

namespace {

constexpr char HexDigits[] = "0123456789abcdef";

void appendUtf8(QByteArray *out, char32_t cp)
{
    if (cp < 0x800) {
        out->append(char(0xC0 | (cp >> 6)));
        out->append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->append(char(0xE0 | (cp >> 12)));
        out->append(char(0x80 | ((cp >> 6) & 0x3F)));
        out->append(char(0x80 | (cp & 0x3F)));
    } else {
        out->append(char(0xF0 | (cp >> 18)));
        out->append(char(0x80 | ((cp >> 12) & 0x3F)));
        out->append(char(0x80 | ((cp >> 6) & 0x3F)));
        out->append(char(0x80 | (cp & 0x3F)));
    }
}

void appendEscape(QByteArray *out, char16_t c)
{
    const char escape[] = {'\\',
                           'u',
                           HexDigits[(c >> 12) & 0xF],
                           HexDigits[(c >> 8) & 0xF],
                           HexDigits[(c >> 4) & 0xF],
                           HexDigits[c & 0xF]};
    out->append(escape, 6);
}

bool isPlain(char16_t c)
{
    return c >= 0x20 && c < 0x80 && c != u'"' && c != u'\\';
}

} // namespace

void JsonWriter::newline()
{
    const qsizetype spaces = qsizetype(m_depth) * m_width;
    const qsizetype at = m_out->size();
    m_out->resize(at + 1 + spaces);
    char *p = m_out->data() + at;
    *p = '\n';
    std::memset(p + 1, ' ', size_t(spaces));
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_needComma) {
        m_out->append(',');
    }
    if (m_width > 0 && m_depth > m_level) {
        newline();
    }
    m_needComma = false;
}

void JsonWriter::open(char bracket)
{
    separate();
    m_out->append(bracket);
    ++m_depth;
}

void JsonWriter::close(char bracket)
{
    --m_depth;
    if (m_width > 0 && m_needComma) {
        newline();
    }
    m_out->append(bracket);
    m_needComma = true;
}

void JsonWriter::beginObject()
{
    open('{');
}

void JsonWriter::endObject()
{
    close('}');
}

void JsonWriter::beginArray()
{
    open('[');
}

void JsonWriter::endArray()
{
    close(']');
}

void JsonWriter::key(std::string_view name)
{
    separate();
    m_out->append('"');
    m_out->append(name.data(), qsizetype(name.size()));
    if (m_width > 0) {
        m_out->append("\": ", 3);
    } else {
        m_out->append("\":", 2);
    }
    m_afterKey = true;
}

void JsonWriter::value(QStringView text)
{
    separate();
    appendString(m_out, text);
    m_needComma = true;
}

void JsonWriter::value(qint64 number)
{
    separate();
    m_out->append(QByteArray::number(number));
    m_needComma = true;
}

void JsonWriter::nullValue()
{
    separate();
    m_out->append("null");
    m_needComma = true;
}

void JsonWriter::rawValue(QByteArrayView json)
{
    separate();
    m_out->append(json);
    m_needComma = true;
}

void JsonWriter::stringMember(std::string_view name, const QString &text)
{
    if (text.isNull()) {
        return;
    }
    key(name);
    value(text);
}

void JsonWriter::appendString(QByteArray *out, QStringView text)
{
    const char16_t *p = text.utf16();
    const qsizetype n = text.size();
    out->append('"'); // no exact reserve here: appends grow the buffer geometrically
    qsizetype i = 0;
    while (i < n) {
        const qsizetype runStart = i;
        while (i < n && isPlain(p[i])) {
            ++i;
        }
        if (i > runStart) {
            // Plain ASCII: one byte per UTF-16 unit.
            const qsizetype oldSize = out->size();
            out->resize(oldSize + (i - runStart));
            char *dst = out->data() + oldSize;
            for (qsizetype k = runStart; k < i; ++k) {
                *dst++ = char(p[k]);
            }
        }
        if (i >= n) {
            break;
        }
        const char16_t c = p[i++];
        switch (c) {
        case u'"':
            out->append("\\\"", 2);
            continue;
        case u'\\':
            out->append("\\\\", 2);
            continue;
        case u'\b':
            out->append("\\b", 2);
            continue;
        case u'\f':
            out->append("\\f", 2);
            continue;
        case u'\n':
            out->append("\\n", 2);
            continue;
        case u'\r':
            out->append("\\r", 2);
            continue;
        case u'\t':
            out->append("\\t", 2);
            continue;
        default:
            break;
        }
        if (c < 0x20) {
            appendEscape(out, c);
        } else if (c >= 0xD800 && c < 0xDC00 && i < n && p[i] >= 0xDC00 && p[i] < 0xE000) {
            const char32_t cp
                    = 0x10000 + ((char32_t(c) - 0xD800) << 10) + (char32_t(p[i]) - 0xDC00);
            ++i;
            appendUtf8(out, cp);
        } else if (c >= 0xD800 && c < 0xE000) {
            // A lone surrogate has no UTF-8 form; escape it as JSON.stringify does.
            appendEscape(out, c);
        } else {
            appendUtf8(out, c);
        }
    }
    out->append('"');
}

} // namespace Pd::Core
