#include "jsonindenter.h"

namespace Pd::Core {

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

qsizetype skipSpace(QByteArrayView json, qsizetype i)
{
    while (i < json.size() && isJsonSpace(json.at(i))) {
        ++i;
    }
    return i;
}

} // namespace

QByteArray JsonIndenter::indent(QByteArrayView json, int level, int width)
{
    QByteArray out;
    out.reserve(json.size() + json.size() / 2);
    const auto newline = [&](int depth) {
        out += '\n';
        out.append(qsizetype(qMax(depth, 0)) * width, ' ');
    };
    int depth = level;
    qsizetype i = 0;
    while (i < json.size()) {
        const char c = json.at(i);
        if (c == '"') {
            const qsizetype start = i++;
            while (i < json.size() && json.at(i) != '"') {
                i += json.at(i) == '\\' ? 2 : 1;
            }
            i = qMin(i + 1, json.size());
            out += json.sliced(start, i - start);
            continue;
        }
        ++i;
        if (isJsonSpace(c)) {
            continue;
        }
        switch (c) {
        case '{':
        case '[': {
            out += c;
            const qsizetype next = skipSpace(json, i);
            if (next < json.size() && json.at(next) == (c == '{' ? '}' : ']')) {
                out += json.at(next);
                i = next + 1;
            } else {
                newline(++depth);
            }
            break;
        }
        case '}':
        case ']':
            newline(--depth);
            out += c;
            break;
        case ',':
            out += ',';
            newline(depth);
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace Pd::Core
