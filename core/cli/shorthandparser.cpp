#include "shorthandparser.h"

#include <QJsonArray>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

bool isShorthandSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\v' || c == u'\f';
}

bool inRange(QChar c, char16_t low, char16_t high)
{
    return c.unicode() >= low && c.unicode() <= high;
}

// Character classes of awscli/shorthand.py (_START_WORD, _FIRST_FOLLOW_CHARS,
// _SECOND_FOLLOW_CHARS).
bool isStartChar(QChar c)
{
    return c == u'!' || inRange(c, u'#', u'&') || inRange(c, u'(', u'+') || inRange(c, u'-', u'<')
           || inRange(c, u'>', u'Z') || inRange(c, u'\\', u'z') || c.unicode() >= u'|';
}

bool isFirstFollowChar(QChar c)
{
    return c.isSpace() || c == u'!' || inRange(c, u'#', u'&') || inRange(c, u'(', u'+')
           || inRange(c, u'-', u'\\') || inRange(c, u'^', u'|') || c.unicode() >= u'~';
}

bool isSecondFollowChar(QChar c)
{
    return c.isSpace() || c == u'!' || inRange(c, u'#', u'&') || inRange(c, u'(', u'+')
           || inRange(c, u'-', u'<') || c.unicode() >= u'>';
}

bool isKeyChar(QChar c)
{
    return (c.unicode() < 0x80 && c.isLetterOrNumber()) || c == u'-' || c == u'_' || c == u'.'
           || c == u'#' || c == u'/' || c == u':';
}

/// Recursive descent over the input. A failure records what was expected where; the parser
/// keeps returning empty values until the caller checks `failed()`.
class Parser
{
public:
    explicit Parser(QStringView input) : m_input(input) { }

    std::optional<QJsonObject> parameter(QString *error)
    {
        QJsonObject params;
        auto [headKey, headValue] = keyval();
        params.insert(headKey, headValue);
        qsizetype lastIndex = m_index;
        while (!failed() && !atEof()) {
            expect(u',', true);
            if (failed()) {
                break;
            }
            auto [nextKey, nextValue] = keyval();
            if (failed()) {
                break;
            }
            if (params.contains(nextKey)) {
                *error = ShorthandParser::tr(
                                 "Second instance of key \"%1\" encountered for input:\n%2\n"
                                 "This is often because there is a preceding \",\" instead "
                                 "of a space.")
                                 .arg(nextKey, location(lastIndex + 1));
                return std::nullopt;
            }
            params.insert(nextKey, nextValue);
            lastIndex = m_index;
        }
        if (failed()) {
            *error = ShorthandParser::tr("Expected: '%1', received: '%2' for input:\n%3")
                             .arg(m_expected, m_actual, location(m_errorIndex));
            return std::nullopt;
        }
        return params;
    }

private:
    bool failed() const { return !m_expected.isEmpty(); }
    bool atEof() const { return m_index >= m_input.size(); }
    QChar current() const { return atEof() ? QChar() : m_input.at(m_index); }
    bool currentIs(QChar c) const { return !atEof() && m_input.at(m_index) == c; }

    void fail(const QString &expected)
    {
        if (failed()) {
            return;
        }
        m_expected = expected;
        m_actual = atEof() ? u"EOF"_s : QString(m_input.at(m_index));
        m_errorIndex = m_index;
    }
    void clearFailure() { m_expected.clear(); }

    void consumeWhitespace()
    {
        while (!atEof() && isShorthandSpace(m_input.at(m_index))) {
            ++m_index;
        }
    }

    void expect(QChar c, bool consumeSpace = false)
    {
        if (failed()) {
            return;
        }
        if (consumeSpace) {
            consumeWhitespace();
        }
        if (!currentIs(c)) {
            fail(QString(c));
            return;
        }
        ++m_index;
        if (consumeSpace) {
            consumeWhitespace();
        }
    }

    std::pair<QString, QJsonValue> keyval()
    {
        const QString k = key();
        expect(u'=', true);
        if (failed()) {
            return {};
        }
        return {k, values()};
    }

    QString key()
    {
        const qsizetype start = m_index;
        while (!atEof() && isKeyChar(m_input.at(m_index))) {
            ++m_index;
        }
        return m_input.sliced(start, m_index - start).toString();
    }

    QJsonValue values()
    {
        if (atEof()) {
            return QString(u""_s);
        }
        if (currentIs(u'[')) {
            return explicitList();
        }
        if (currentIs(u'{')) {
            return hashLiteral();
        }
        return csvValue();
    }

    QJsonValue csvValue()
    {
        const QString first = firstValue();
        if (failed()) {
            return {};
        }
        consumeWhitespace();
        if (atEof() || !currentIs(u',')) {
            return first;
        }
        expect(u',', true);
        QJsonArray list{first};
        while (true) {
            const QString value = secondValue();
            if (!failed()) {
                consumeWhitespace();
                if (atEof()) {
                    list.append(value);
                    break;
                }
                expect(u',', true);
                if (!failed()) {
                    list.append(value);
                    continue;
                }
            }
            // "a=b,c=d": the comma before "c" starts the next pair, not a list item.
            if (atEof()) {
                return {};
            }
            clearFailure();
            backtrackTo(u',');
            break;
        }
        if (list.size() == 1) {
            return first;
        }
        return list;
    }

    QJsonValue explicitList()
    {
        if (!enter()) {
            return {};
        }
        expect(u'[', true);
        QJsonArray list;
        while (!failed() && !currentIs(u']')) {
            const QJsonValue value = explicitValues();
            if (failed()) {
                break;
            }
            list.append(value);
            consumeWhitespace();
            if (!currentIs(u']')) {
                expect(u',');
                consumeWhitespace();
            }
        }
        expect(u']');
        --m_depth;
        return failed() ? QJsonValue() : QJsonValue(list);
    }

    QJsonValue explicitValues()
    {
        if (currentIs(u'[')) {
            return explicitList();
        }
        if (currentIs(u'{')) {
            return hashLiteral();
        }
        return firstValue();
    }

    QJsonValue hashLiteral()
    {
        if (!enter()) {
            return {};
        }
        expect(u'{', true);
        QJsonObject object;
        while (!failed() && !currentIs(u'}')) {
            const QString k = key();
            expect(u'=', true);
            if (failed()) {
                break;
            }
            const QJsonValue value = explicitValues();
            if (failed()) {
                break;
            }
            consumeWhitespace();
            if (!currentIs(u'}')) {
                expect(u',');
                consumeWhitespace();
            }
            object.insert(k, value);
        }
        expect(u'}');
        --m_depth;
        return failed() ? QJsonValue() : QJsonValue(object);
    }

    bool enter()
    {
        if (m_depth >= ShorthandParser::MaxDepth) {
            fail(ShorthandParser::tr("at most %1 nested levels").arg(ShorthandParser::MaxDepth));
            return false;
        }
        ++m_depth;
        return true;
    }

    QString firstValue()
    {
        if (currentIs(u'\'') || currentIs(u'"')) {
            return quotedValue(current());
        }
        return plainValue(isFirstFollowChar, false);
    }

    QString secondValue()
    {
        if (currentIs(u'\'') || currentIs(u'"')) {
            return quotedValue(current());
        }
        return plainValue(isSecondFollowChar, true);
    }

    /// (\\,|start)(\\,|follow)*, then "\," unescaped and trailing whitespace dropped.
    QString plainValue(bool (*follows)(QChar), bool required)
    {
        const qsizetype start = m_index;
        bool first = true;
        while (!atEof()) {
            const QChar c = m_input.at(m_index);
            if (c == u'\\' && m_index + 1 < m_input.size() && m_input.at(m_index + 1) == u',') {
                m_index += 2;
            } else if (first ? isStartChar(c) : follows(c)) {
                ++m_index;
            } else {
                break;
            }
            first = false;
        }
        if (m_index == start) {
            if (required) {
                fail(u"<second>"_s);
            }
            return {};
        }
        QString value = m_input.sliced(start, m_index - start).toString();
        value.replace(u"\\,"_s, u","_s);
        qsizetype end = value.size();
        while (end > 0 && value.at(end - 1).isSpace()) {
            --end;
        }
        value.truncate(end);
        return value;
    }

    /// A quoted value. Like the AWS CLI's regex '(?:\\'|[^'])*', a value whose only possible
    /// closing quote is an escaped one ends there.
    QString quotedValue(QChar quote)
    {
        const qsizetype open = m_index;
        qsizetype close = -1;
        qsizetype lastEscapedQuote = -1;
        for (qsizetype i = open + 1; i < m_input.size(); ++i) {
            const QChar c = m_input.at(i);
            if (c == u'\\' && i + 1 < m_input.size() && m_input.at(i + 1) == quote) {
                lastEscapedQuote = i + 1;
                ++i;
            } else if (c == quote) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            close = lastEscapedQuote;
        }
        if (close < 0) {
            fail(quote == u'\'' ? u"<singled quoted>"_s : u"<double quoted>"_s);
            return {};
        }
        QString value = m_input.sliced(open + 1, close - open - 1).toString();
        value.replace(u'\\' + QString(quote), QString(quote));
        value.replace(u"\\\\"_s, u"\\"_s);
        m_index = close + 1;
        return value;
    }

    void backtrackTo(QChar c)
    {
        while (m_index > 0 && (m_index >= m_input.size() || m_input.at(m_index) != c)) {
            --m_index;
        }
    }

    /// The input with a caret under `index`, as the AWS CLI prints it.
    QString location(qsizetype index) const
    {
        const QString text = m_input.toString();
        index = qBound<qsizetype>(0, index, text.size());
        const qsizetype lineStart = text.lastIndexOf(u'\n', index - 1) + 1;
        const qsizetype lineEnd = text.indexOf(u'\n', index);
        const QString consumed = lineEnd < 0 ? text : text.left(lineEnd);
        const QString remaining = lineEnd < 0 ? QString() : text.mid(lineEnd);
        return consumed + u'\n' + QString(index - lineStart, u' ') + u'^' + remaining;
    }

    QStringView m_input;
    qsizetype m_index = 0;
    int m_depth = 0;
    QString m_expected;
    QString m_actual;
    qsizetype m_errorIndex = 0;
};

} // namespace

std::optional<QJsonObject> ShorthandParser::parse(QStringView input, QString *error)
{
    QString ignored;
    Parser parser(input);
    return parser.parameter(error ? error : &ignored);
}

} // namespace Pd::Core
