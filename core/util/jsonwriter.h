#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <string_view>

namespace Pd::Core {

/// Appends JSON to a QByteArray without building a document first: the fast path for request
/// bodies, `--output json` and the spend column. The caller nests begin/end calls correctly;
/// keys are written verbatim (they are API member names), strings are escaped (quotes,
/// backslashes and control characters; a lone surrogate as a \uXXXX escape, as JavaScript's
/// JSON.stringify writes it).
///
/// Compact by default. With an indent width it prints as Python's `json.dumps(indent=width)`
/// (and so the AWS CLI) does: one member or element per line, `"key": value`, `{}` and `[]` for
/// empty containers; `level` is the depth the first value starts at, so its closing bracket is
/// indented by `level × width` spaces (the caller writes whatever precedes the opening one).
class JsonWriter final
{
public:
    explicit JsonWriter(QByteArray *out, int indentWidth = 0, int level = 0)
        : m_out(out), m_width(indentWidth), m_level(level), m_depth(level)
    { }

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    /// Writes `"name":`, preceded by a comma when needed; a value call must follow.
    void key(std::string_view name);
    void value(QStringView text);
    void value(qint64 number);
    /// `null`, for a member whose value is explicitly missing.
    void nullValue();
    /// A JSON value that is already JSON text (compact), written as it is.
    void rawValue(QByteArrayView json);
    /// `"name":"text"`, or nothing when `text` is null (an absent member).
    void stringMember(std::string_view name, const QString &text);

    static void appendString(QByteArray *out, QStringView text);

private:
    /// Before a member or an element: the comma after the previous one, and in indented output
    /// the line break and indentation.
    void separate();
    void newline();
    void open(char bracket);
    void close(char bracket);

    QByteArray *m_out = nullptr;
    int m_width = 0;
    int m_level = 0; ///< the depth outside every container of this writer
    int m_depth = 0;
    bool m_needComma = false; ///< the current container already holds an item
    bool m_afterKey = false; ///< the next value follows its key on the same line
};

} // namespace Pd::Core
