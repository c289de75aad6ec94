#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <string_view>

namespace Pd::Core {

/// Appends compact JSON to a QByteArray without building a document first: the fast path for
/// request bodies, `--output json` and the spend column. The caller nests begin/end calls
/// correctly; keys are written verbatim (they are API member names), strings are escaped
/// (quotes, backslashes and control characters; a lone surrogate as a \uXXXX escape, as
/// JavaScript's JSON.stringify writes it).
class JsonWriter final
{
public:
    explicit JsonWriter(QByteArray *out) : m_out(out) { }

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    /// Writes `"name":`, preceded by a comma when needed; a value call must follow.
    void key(std::string_view name);
    void value(QStringView text);
    void value(qint64 number);
    /// `"name":"text"`, or nothing when `text` is null (an absent member).
    void stringMember(std::string_view name, const QString &text);

    static void appendString(QByteArray *out, QStringView text);

private:
    void separate();

    QByteArray *m_out = nullptr;
    bool m_needComma = false;
};

} // namespace Pd::Core
