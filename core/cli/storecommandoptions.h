#pragma once

#include "clioptions.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Pd::Core {

/// The local copy's commands: `partnerdesk-cli sync` (bring the local copy up to date) and
/// `partnerdesk-cli changes` (what the syncs found). Each takes a few options of its own; the
/// catalog, `--store` and the connection options (and for sync the pacing options) are those of
/// list-opportunities, parsed by CliOptions from the command line `parse()` hands back. Any
/// other option of list-opportunities is refused.
struct StoreCommandOptions
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::StoreCommandOptions)

public:
    enum class Command { Sync, Changes };
    enum class Output { Text, Json, Csv };

    Command command = Command::Sync;
    /// sync: text (default) or json; changes: json (default) or csv.
    Output output = Output::Text;
    bool full = false; ///< sync --full
    QDateTime since; ///< changes --since (invalid: not given)
    int last = 1; ///< changes --last: the last N syncs (when --since is not given)
    bool help = false;

    /// Whether `arguments` (without the program name) name sync or changes.
    static bool isStoreCommand(const QStringList &arguments);
    /// Takes the command's own options out of `arguments`; `*listArguments` receives the
    /// list-opportunities command line for the rest.
    static std::optional<StoreCommandOptions> parse(const QStringList &arguments,
                                                    QStringList *listArguments, CliError *error);
    /// `--since`: RFC 3339, a date (midnight UTC), or a time before `now`: `36h`, `7d`.
    static QDateTime parseSince(const QString &text, const QDateTime &now);

    /// Whether `option` is an option of these commands that takes no value (`--full`).
    static bool isFlag(QStringView option);
    /// What shell completion offers after `partnerdesk-cli sync` or `changes`: the words of
    /// list-opportunities (CliOptions::completionWords) for the options the command passes on,
    /// then its own options and their values.
    static QString completionWords(Command command, const QString &listingWords);

    static QString helpText(Command command);
};

} // namespace Pd::Core
