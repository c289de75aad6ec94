#include "jsonindenter.h"

#include <algorithm>
#include <cstring>

namespace Pd::Core {

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Appends to a QByteArray through a raw pointer: one capacity check per write instead of one
/// per character.
class Output
{
public:
    explicit Output(qsizetype expected)
    {
        m_out.resize(expected);
        m_at = m_out.data();
        m_end = m_at + m_out.size();
    }

    void ensure(qsizetype n)
    {
        if (m_end - m_at < n) {
            const qsizetype used = m_at - m_out.data();
            m_out.resize(std::max(2 * m_out.size(), used + n));
            m_at = m_out.data() + used;
            m_end = m_out.data() + m_out.size();
        }
    }
    void put(char c)
    {
        ensure(1);
        *m_at++ = c;
    }
    void put(const char *data, qsizetype n)
    {
        ensure(n);
        std::memcpy(m_at, data, size_t(n));
        m_at += n;
    }
    void newline(int depth, int width)
    {
        const qsizetype spaces = qsizetype(std::max(depth, 0)) * width;
        ensure(spaces + 1);
        *m_at++ = '\n';
        std::memset(m_at, ' ', size_t(spaces));
        m_at += spaces;
    }
    QByteArray take()
    {
        m_out.truncate(m_at - m_out.constData());
        return std::move(m_out);
    }

private:
    QByteArray m_out;
    char *m_at = nullptr;
    char *m_end = nullptr;
};

} // namespace

QByteArray JsonIndenter::indent(QByteArrayView json, int level, int width)
{
    // Indentation roughly doubles compact JSON of nested objects.
    Output out(2 * json.size() + 64);
    const char *p = json.data();
    const char *const end = p + json.size();
    const auto skipSpace = [end](const char *at) {
        while (at < end && isJsonSpace(*at)) {
            ++at;
        }
        return at;
    };
    int depth = level;
    while (p < end) {
        const char c = *p;
        if (c == '"') {
            const char *start = p++;
            while (p < end && *p != '"') {
                p += (*p == '\\' && end - p > 1) ? 2 : 1;
            }
            p = std::min(p + 1, end);
            out.put(start, p - start);
            continue;
        }
        ++p;
        if (isJsonSpace(c)) {
            continue;
        }
        switch (c) {
        case '{':
        case '[': {
            out.put(c);
            const char *next = skipSpace(p);
            if (next < end && *next == (c == '{' ? '}' : ']')) {
                out.put(*next);
                p = next + 1;
            } else {
                out.newline(++depth, width);
            }
            break;
        }
        case '}':
        case ']':
            out.newline(--depth, width);
            out.put(c);
            break;
        case ',':
            out.put(',');
            out.newline(depth, width);
            break;
        case ':':
            out.put(": ", 2);
            break;
        default:
            out.put(c);
        }
    }
    return out.take();
}

} // namespace Pd::Core
