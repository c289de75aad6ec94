#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace Pd::Core {

/// The sub-commands of `partnerdesk-cli` as a whole: their names and one-line summaries (the
/// general help), the command word of a command line, and what shell completion offers for
/// each, taken from each command's own option table (CliOptions, PipelineOptions,
/// StoreCommandOptions, DetailCommand).
struct CliCommands
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::CliCommands)

public:
    /// Every sub-command, list-opportunities first.
    static QStringList names();
    /// The index of the command word in `arguments` (without the program name): the first word
    /// that is neither the value of an option nor `help`; -1 when there is none.
    static qsizetype commandIndex(const QStringList &arguments);
    /// `partnerdesk-cli --help` (and `list-opportunities --help`): the sub-commands, a line
    /// each, then list-opportunities' help.
    static QString helpText();
    /// The answer to the hidden `partnerdesk-cli [COMMAND] --completion-words` (the format of
    /// CliOptions::completionWords): at the top level (an empty or unknown `command`) the
    /// sub-commands and list-opportunities' options; after a sub-command its own options.
    static QString completionWords(const QString &command, const QStringList &profiles);
};

} // namespace Pd::Core
