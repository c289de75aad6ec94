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
    /// The inverse of split() for one word, also safe for bash and POSIX sh: the word as it
    /// is when it has only letters, digits and `_@%+=:,./-`, else in single quotes (a quote
    /// inside written '\'').
    static QString quote(const QString &word);
};

} // namespace Pd::Core
