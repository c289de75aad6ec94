#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Pd::Core {

/// Re-indents JSON text the way Python's `json.dumps(indent=4)` (and so the AWS CLI) prints it,
/// keeping member order and string bytes exactly: `"key": value`, one member or element per
/// line, `{}` and `[]` for empty containers. Whitespace outside strings is dropped and replaced.
/// The input is not validated; malformed text comes out re-spaced but no less malformed.
class JsonIndenter final
{
public:
    /// `level` is the nesting depth the value starts at (its closing bracket is indented to it).
    static QByteArray indent(QByteArrayView json, int level = 0, int width = 4);
};

} // namespace Pd::Core
