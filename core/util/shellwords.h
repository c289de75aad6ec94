#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace Pd::Core {

/// Splits a command line into words the way the AWS CLI does for `credential_process` and
/// for `[profile "name"]` section headers (Python's shlex.split in POSIX mode): whitespace
/// separates words, single quotes are literal, double quotes allow \" and \\, a backslash
/// outside quotes escapes any character. No shell is involved: no variables, globs or pipes.
class ShellWords
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ShellWords)

public:
    /// Returns the words, or an empty list and a translated `*error` for an unterminated
    /// quote or a trailing backslash.
    static QStringList split(QStringView text, QString *error);
};

} // namespace Pd::Core
