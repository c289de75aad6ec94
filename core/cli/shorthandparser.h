#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Pd::Core {

/// The AWS CLI's shorthand syntax for structure parameters, e.g.
/// `--sort SortBy=CreatedDate,SortOrder=ASCENDING`, parsed into a JSON object.
///
/// Grammar and character classes follow awscli/shorthand.py: `key=value` pairs separated by
/// commas; a value runs to the next unescaped comma (`\,` is a literal comma) and loses trailing
/// whitespace; `'…'` and `"…"` quote a value (`\'`, `\"` and `\\` escape inside); `a=b,c` makes
/// a list ["b","c"] (a comma followed by `key=` starts the next pair); `[x,y]` is an explicit list
/// and `{k=v}` a nested structure. A key repeated at the top level is an error, as in the AWS CLI.
/// Values are always strings; typing is the caller's business. The `@=` file form is not
/// supported. Nesting deeper than `MaxDepth` is refused, so no input can exhaust the stack.
class ShorthandParser final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ShorthandParser)

public:
    static constexpr int MaxDepth = 32;

    /// The parsed object, or nothing with `*error` set to an AWS CLI-style message that points
    /// at the offending character.
    static std::optional<QJsonObject> parse(QStringView input, QString *error);
};

} // namespace Pd::Core
