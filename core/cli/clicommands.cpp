#include "clicommands.h"

#include "clioptions.h"
#include "detailcommand.h"
#include "pipelineoptions.h"
#include "storecommandoptions.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

constexpr auto ListCommand = "list-opportunities"_L1;
constexpr auto SyncCommand = "sync"_L1;
constexpr auto ChangesCommand = "changes"_L1;
constexpr auto GetOpportunityCommand = "get-opportunity"_L1;
constexpr auto GetAwsSummaryCommand = "get-aws-opportunity-summary"_L1;

/// The sub-commands and their summaries, in the order of the general help.
QList<std::pair<QString, QString>> commands()
{
    return {
            {ListCommand, CliCommands::tr("List opportunities, every page, as JSON or CSV.")},
            {PipelineOptions::commandName(),
             CliCommands::tr("Summarise the listing by stage, spend and age.")},
            {SyncCommand, CliCommands::tr("Bring the local copy of a catalog up to date.")},
            {ChangesCommand, CliCommands::tr("Show what the syncs of the local copy found.")},
            {GetOpportunityCommand, CliCommands::tr("Print one opportunity's details as JSON.")},
            {GetAwsSummaryCommand, CliCommands::tr("Print AWS's view of one opportunity as JSON.")},
    };
}

} // namespace

QStringList CliCommands::names()
{
    QStringList list;
    for (const auto &command : commands()) {
        list.append(command.first);
    }
    return list;
}

qsizetype CliCommands::commandIndex(const QStringList &arguments)
{
    bool valueExpected = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument.startsWith(u"--"_s)) {
            valueExpected = !argument.contains(u'=') && !CliOptions::isFlag(argument)
                            && !StoreCommandOptions::isFlag(argument);
        } else if (valueExpected) {
            valueExpected = false;
        } else if (argument != u"help"_s) {
            return i;
        }
    }
    return -1;
}

QString CliCommands::helpText()
{
    QStringList lines;
    lines << tr("usage: partnerdesk-cli <command> [options]") << QString() << tr("Commands:");
    for (const auto &[name, summary] : commands()) {
        lines << u"  %1  %2"_s.arg(name.leftJustified(28), summary);
    }
    lines << QString() << tr("Each command's options: partnerdesk-cli <command> --help.")
          << QString();
    return lines.join(u'\n') + u'\n' + CliOptions::helpText();
}

QString CliCommands::completionWords(const QString &command, const QStringList &profiles)
{
    QStringList others = names();
    others.removeOne(ListCommand);
    const QString listing = CliOptions::completionWords(others, profiles);
    if (command == PipelineOptions::commandName()) {
        return PipelineOptions::completionWords(listing);
    }
    if (command == SyncCommand || command == ChangesCommand) {
        return StoreCommandOptions::completionWords(command == SyncCommand
                                                            ? StoreCommandOptions::Command::Sync
                                                            : StoreCommandOptions::Command::Changes,
                                                    listing);
    }
    if (command == GetOpportunityCommand || command == GetAwsSummaryCommand) {
        return DetailCommand::completionWords(command, listing);
    }
    return listing;
}

} // namespace Pd::Core
