#include "storecommandoptions.h"

#include "clicommands.h"
#include "listopportunitiesrequest.h"

#include <QRegularExpression>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

/// The list-opportunities options each command passes on.
constexpr QLatin1StringView SyncOptions[]
        = {"--catalog"_L1, "--store"_L1,     "--profile"_L1,     "--endpoint-url"_L1,
           "--region"_L1,  "--ca-bundle"_L1, "--max-rps"_L1,     "--max-concurrency"_L1,
           "--demo"_L1,    "--debug"_L1,     "--no-cli-pager"_L1};
constexpr QLatin1StringView ChangesOptions[]
        = {"--catalog"_L1,   "--store"_L1, "--profile"_L1, "--endpoint-url"_L1, "--region"_L1,
           "--ca-bundle"_L1, "--demo"_L1,  "--debug"_L1,   "--no-cli-pager"_L1};

/// The options of the commands themselves: which command, whether a value follows, and the
/// values it accepts (empty: any).
struct OwnOption
{
    StoreCommandOptions::Command command;
    QLatin1StringView name;
    bool takesValue;
    QList<QLatin1StringView> choices;
};

const QList<OwnOption> &ownOptions()
{
    using Command = StoreCommandOptions::Command;
    static const QList<OwnOption> options = {
            {Command::Sync, "--full"_L1, false, {}},
            {Command::Sync, "--output"_L1, true, {"text"_L1, "json"_L1}},
            {Command::Changes, "--since"_L1, true, {}},
            {Command::Changes, "--last"_L1, true, {}},
            {Command::Changes, "--output"_L1, true, {"json"_L1, "csv"_L1}},
    };
    return options;
}

const OwnOption *findOwnOption(StoreCommandOptions::Command command, QStringView name)
{
    for (const OwnOption &option : ownOptions()) {
        if (option.command == command && name == option.name) {
            return &option;
        }
    }
    return nullptr;
}

template<std::size_t N>
bool contains(const QLatin1StringView (&names)[N], QStringView name)
{
    return std::any_of(std::begin(names), std::end(names),
                       [name](QLatin1StringView candidate) { return name == candidate; });
}

QString commandName(StoreCommandOptions::Command command)
{
    return command == StoreCommandOptions::Command::Sync ? u"sync"_s : u"changes"_s;
}

QStringView optionName(const QString &argument)
{
    const qsizetype equals = argument.indexOf(u'=');
    return equals < 0 ? QStringView(argument) : QStringView(argument).left(equals);
}

CliError usageError(StoreCommandOptions::Command command, const QString &message)
{
    return {CliExitCode::Usage,
            StoreCommandOptions::tr("usage: partnerdesk-cli %1 --catalog <value> [options]\n"
                                    "To see help text, you can run:\n\n"
                                    "  partnerdesk-cli %1 --help")
                            .arg(commandName(command))
                    + u"\n\npartnerdesk-cli: error: "_s + message};
}

} // namespace

bool StoreCommandOptions::isStoreCommand(const QStringList &arguments)
{
    const qsizetype index = CliCommands::commandIndex(arguments);
    return index >= 0 && (arguments.at(index) == u"sync"_s || arguments.at(index) == u"changes"_s);
}

QDateTime StoreCommandOptions::parseSince(const QString &text, const QDateTime &now)
{
    static const QRegularExpression ago(u"^(\\d{1,6})([hd])$"_s);
    const QString trimmed = text.trimmed();
    if (const QRegularExpressionMatch match = ago.match(trimmed); match.hasMatch()) {
        const qint64 hours
                = match.captured(1).toLongLong() * (match.captured(2) == u"d"_s ? 24 : 1);
        return now.addSecs(-hours * 3600);
    }
    if (Model::isValidDate(trimmed)) {
        return Model::parseDateTime(QString(trimmed + u"T00:00:00Z"_s));
    }
    return Model::parseDateTime(trimmed);
}

std::optional<StoreCommandOptions> StoreCommandOptions::parse(const QStringList &arguments,
                                                              QStringList *listArguments,
                                                              CliError *error)
{
    StoreCommandOptions options;
    const qsizetype command = CliCommands::commandIndex(arguments);
    options.command = arguments.value(command) == u"sync"_s ? Command::Sync : Command::Changes;
    const bool sync = options.command == Command::Sync;
    options.output = sync ? Output::Text : Output::Json;
    bool haveSince = false;
    bool haveLast = false;
    QStringList rest;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const QStringView name = optionName(argument);
        // The value of an option of this command: after '=' or the next word.
        const auto value = [&](QString *out) {
            if (argument.contains(u'=')) {
                *out = argument.mid(argument.indexOf(u'=') + 1);
                return true;
            }
            if (i + 1 < arguments.size() && !arguments.at(i + 1).startsWith(u"--"_s)) {
                *out = arguments.at(++i);
                return true;
            }
            *error = usageError(options.command,
                                tr("argument %1: expected one argument").arg(name));
            return false;
        };
        QString text;
        if (i == command) {
            rest.append(u"list-opportunities"_s);
        } else if (argument == u"help"_s || argument == u"--help"_s) {
            options.help = true;
        } else if (sync && name == "--full"_L1) {
            options.full = true;
        } else if (name == "--output"_L1) {
            if (!value(&text)) {
                return std::nullopt;
            }
            QStringList choices;
            for (QLatin1StringView choice : findOwnOption(options.command, name)->choices) {
                choices.append(choice);
            }
            if (!choices.contains(text)) {
                *error = usageError(options.command,
                                    tr("argument --output: Invalid choice '%1', valid choices "
                                       "are: %2")
                                            .arg(text, choices.join(u" | "_s)));
                return std::nullopt;
            }
            options.output = text == u"json"_s  ? Output::Json
                             : text == u"csv"_s ? Output::Csv
                                                : Output::Text;
        } else if (!sync && name == "--since"_L1) {
            if (!value(&text)) {
                return std::nullopt;
            }
            options.since = parseSince(text, QDateTime::currentDateTimeUtc());
            if (!options.since.isValid()) {
                *error = {CliExitCode::InvalidParameter,
                          tr("argument --since: '%1' is not a time (RFC 3339, a date, or 36h, "
                             "7d).")
                                  .arg(text)};
                return std::nullopt;
            }
            haveSince = true;
        } else if (!sync && name == "--last"_L1) {
            if (!value(&text)) {
                return std::nullopt;
            }
            bool ok = false;
            options.last = text.toInt(&ok);
            if (!ok || options.last < 1) {
                *error = {CliExitCode::InvalidParameter,
                          tr("argument --last: must be a whole number of syncs, 1 or more; %1 "
                             "was given.")
                                  .arg(text)};
                return std::nullopt;
            }
            haveLast = true;
        } else if (argument.startsWith(u"--"_s)
                   && !(sync ? contains(SyncOptions, name) : contains(ChangesOptions, name))) {
            *error = usageError(
                    options.command,
                    tr("argument %1: not an option of %2").arg(name, commandName(options.command)));
            return std::nullopt;
        } else {
            rest.append(argument);
        }
    }
    if (haveSince && haveLast) {
        *error = usageError(options.command, tr("--since and --last cannot be combined."));
        return std::nullopt;
    }
    *listArguments = rest;
    return options;
}

bool StoreCommandOptions::isFlag(QStringView option)
{
    return std::any_of(ownOptions().begin(), ownOptions().end(), [option](const OwnOption &own) {
        return !own.takesValue && option == own.name;
    });
}

QString StoreCommandOptions::completionWords(Command command, const QString &listingWords)
{
    const bool sync = command == Command::Sync;
    QStringList lines;
    for (const QString &line : listingWords.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList fields = line.split(u'\t');
        const QString name = fields.value(1);
        const bool passedOn
                = name == "--help"_L1
                  || (sync ? contains(SyncOptions, name) : contains(ChangesOptions, name));
        if (fields.at(0) != u"command"_s && passedOn && !findOwnOption(command, name)) {
            lines.append(line);
        }
    }
    for (const OwnOption &option : ownOptions()) {
        if (option.command != command) {
            continue;
        }
        lines.append(
                u"option\t%1\t%2"_s.arg(option.name, option.takesValue ? "one"_L1 : "none"_L1));
        for (QLatin1StringView choice : option.choices) {
            lines.append(u"value\t%1\t%2"_s.arg(option.name, choice));
        }
    }
    return lines.join(u'\n') + u'\n';
}

QString StoreCommandOptions::helpText(Command command)
{
    QStringList lines;
    if (command == Command::Sync) {
        lines << tr("usage: partnerdesk-cli sync --catalog <value> [--store <file>] [--full] "
                    "[options]")
              << QString()
              << tr("Brings the local copy of a catalog's opportunities up to date. The first "
                    "sync lists\nevery opportunity; later ones ask only for what changed since "
                    "the greatest\nLastModifiedDate received (AfterLastModifiedDate, inclusive), "
                    "usually one or two\nrequests. A sync stopped at any point loses nothing: "
                    "the next one starts from the\nsame point.")
              << QString()
              << tr("  --catalog <value>             AWS or Sandbox (with --demo, default AWS).")
              << tr("  --store <file>                The local copy's file (default: one per "
                    "identity, endpoint\n"
                    "                                and catalog in PartnerDesk's data folder).")
              << tr("  --full                        List everything and mark the opportunities "
                    "that no longer\n"
                    "                                come back (access lost) as removed.")
              << tr("  --output text|json            text (default): one line; json: {\"new\", "
                    "\"changed\",\n"
                    "                                \"removed\", \"unchanged\", \"requests\", "
                    "\"pages\", \"durationMs\",\n"
                    "                                \"watermark\"}.")
              << tr("  --profile, --endpoint-url, --region, --ca-bundle, --demo, --max-rps,\n"
                    "  --max-concurrency, --debug, --no-cli-pager\n"
                    "                                As for list-opportunities.")
              << tr("  --help                        Show this help.") << QString()
              << tr("Only one sync runs on a local copy at a time; another one ends at once "
                    "saying so\n(exit code 255), and the local copy stays readable meanwhile.");
    } else {
        lines << tr("usage: partnerdesk-cli changes --catalog <value> [--store <file>] "
                    "[--since <time> | --last <n>] [options]")
              << QString()
              << tr("What the syncs of the local copy found: per sync and opportunity new, "
                    "changed (each\nfield that differs, old and new value) or removed. The "
                    "journal keeps 90 days.")
              << QString()
              << tr("  --catalog <value>             AWS or Sandbox (with --demo, default AWS).")
              << tr("  --store <file>                The local copy's file (as for sync).")
              << tr("  --since <time>                Changes synced at or after this time: RFC "
                    "3339, a date, or\n"
                    "                                a time ago such as 36h or 7d.")
              << tr("  --last <n>                    The changes of the last n syncs that found "
                    "any (default 1).")
              << tr("  --output json|csv             json (default): a list of {\"Id\", "
                    "\"Change\", \"SyncedAt\",\n"
                    "                                \"LastModifiedDate\", \"Fields\": {name: "
                    "{\"old\", \"new\"}}};\n"
                    "                                csv: one row per changed field.")
              << tr("  --profile, --endpoint-url, --region, --ca-bundle, --demo, --debug,\n"
                    "  --no-cli-pager                As for list-opportunities: they name the "
                    "local copy; nothing\n"
                    "                                is sent.")
              << tr("  --help                        Show this help.");
    }
    lines << QString() << tr("Exit codes as for list-opportunities (partnerdesk-cli --help).");
    return lines.join(u'\n') + u'\n';
}

} // namespace Pd::Core
