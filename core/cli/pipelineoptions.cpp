#include "pipelineoptions.h"

#include "clicommands.h"

#include <algorithm>
#include <iterator>
#include <utility>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

constexpr auto Command = "pipeline"_L1;
constexpr auto OutputOption = "--output"_L1;

/// Options that would make the listing partial.
constexpr QLatin1StringView PartialListingOptions[] = {
        "--max-items"_L1,   "--starting-token"_L1, "--no-paginate"_L1,
        "--max-results"_L1, "--next-token"_L1,
};

constexpr std::pair<QLatin1StringView, PipelineReport::Format> Formats[] = {
        {"json"_L1, PipelineReport::Format::Json},
        {"csv"_L1, PipelineReport::Format::Csv},
        {"markdown"_L1, PipelineReport::Format::Markdown},
};

template<std::size_t N>
bool contains(const QLatin1StringView (&names)[N], QStringView name)
{
    return std::any_of(std::begin(names), std::end(names),
                       [name](QLatin1StringView candidate) { return name == candidate; });
}

QStringView optionName(const QString &argument)
{
    const qsizetype equals = argument.indexOf(u'=');
    return equals < 0 ? QStringView(argument) : QStringView(argument).left(equals);
}

CliError usageError(const QString &message)
{
    return {CliExitCode::Usage,
            PipelineOptions::tr("usage: partnerdesk-cli pipeline --catalog <value> [options]\n"
                                "To see help text, you can run:\n\n"
                                "  partnerdesk-cli pipeline --help")
                    + u"\n\npartnerdesk-cli: error: "_s + message};
}

} // namespace

bool PipelineOptions::isPipelineCommand(const QStringList &arguments)
{
    const qsizetype index = CliCommands::commandIndex(arguments);
    return index >= 0 && arguments.at(index) == Command;
}

std::optional<PipelineOptions> PipelineOptions::parse(const QStringList &arguments,
                                                      QStringList *listArguments, CliError *error)
{
    PipelineOptions options;
    QStringList rest;
    const qsizetype command = CliCommands::commandIndex(arguments);
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const QStringView name = optionName(argument);
        if (i == command) {
            rest.append(u"list-opportunities"_s);
        } else if (argument == u"help"_s || argument == u"--help"_s) {
            options.help = true;
        } else if (contains(PartialListingOptions, name)) {
            *error = usageError(tr("argument %1: the pipeline report covers every matching "
                                   "opportunity, so it cannot be used here.")
                                        .arg(name));
            return std::nullopt;
        } else if (name == OutputOption) {
            QString value;
            if (argument.contains(u'=')) {
                value = argument.mid(argument.indexOf(u'=') + 1);
            } else if (i + 1 < arguments.size() && !arguments.at(i + 1).startsWith(u"--"_s)) {
                value = arguments.at(++i);
            } else {
                *error = usageError(tr("argument --output: expected one argument"));
                return std::nullopt;
            }
            const auto *format
                    = std::find_if(std::begin(Formats), std::end(Formats),
                                   [&value](const auto &choice) { return value == choice.first; });
            if (format == std::end(Formats)) {
                *error = usageError(tr("argument --output: Invalid choice '%1', valid choices are: "
                                       "json | csv | markdown")
                                            .arg(value));
                return std::nullopt;
            }
            options.format = format->second;
        } else {
            rest.append(argument);
        }
    }
    *listArguments = rest;
    return options;
}

bool PipelineOptions::checkListing(const CliOptions &options, CliError *error)
{
    if (options.paginate) {
        return true;
    }
    *error = usageError(tr("MaxResults or NextToken in --cli-input-json make a single request; "
                           "the pipeline report covers every matching opportunity."));
    return false;
}

QLatin1StringView PipelineOptions::commandName()
{
    return Command;
}

QString PipelineOptions::completionWords(const QString &listingWords)
{
    QStringList lines;
    for (const QString &line : listingWords.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList fields = line.split(u'\t');
        const bool refused = fields.size() > 1 && contains(PartialListingOptions, fields.at(1));
        const bool listingOutput = fields.at(0) == u"value"_s && fields.value(1) == OutputOption;
        if (fields.at(0) != u"command"_s && !refused && !listingOutput) {
            lines.append(line);
        }
    }
    for (const auto &choice : Formats) {
        lines.append(u"value\t"_s + OutputOption + u'\t' + choice.first);
    }
    return lines.join(u'\n') + u'\n';
}

QString PipelineOptions::helpText()
{
    QStringList lines;
    lines << tr("usage: partnerdesk-cli pipeline --catalog <value> [options]") << QString()
          << tr("Summarises every opportunity a list-opportunities command with the same "
                "options would\nlist: counts by stage and review status, monthly expected "
                "spend by stage and\ncurrency (exact decimal sums, no exchange rates), open "
                "opportunities by target close\nmonth, age since the last modification, and "
                "closed-lost reasons.")
          << QString()
          << tr("Options: the request, connection and pacing options of list-opportunities "
                "(--catalog,\n--identifier, --life-cycle-stage, --life-cycle-review-status, "
                "--customer-company-name,\n--last-modified-date, --created-date, "
                "--target-close-date, --cli-input-json, --page-size,\n--max-concurrency, "
                "--max-rps, --endpoint-url, --ca-bundle, --region, --profile, --demo,\n"
                "--debug, --sort, --csv-raw and --csv-bom (with --output csv), --no-cli-pager,\n"
                "--help, --version; see partnerdesk-cli --help). --max-items, --starting-token,\n"
                "--no-paginate, --max-results and --next-token are refused.")
          << QString()
          << tr("  --from-store [--store FILE]  Report on the local copy (partnerdesk-cli sync): "
                "no network,\n"
                "                              no credentials; the same filters, the same "
                "numbers.")
          << QString() << tr("Sections:")
          << tr("  Count                           the opportunities listed")
          << tr("  ByStageAndReviewStatus          Stage, ReviewStatus, Count")
          << tr("  MonthlySpendByStageAndCurrency  Stage, CurrencyCode, Amount: the sum of "
                "every\n"
                "                                  ExpectedCustomerSpend Amount (a decimal "
                "string)")
          << tr("  SpendEntriesSkipped             spend entries whose Amount is empty or not "
                "a number")
          << tr("  ByTargetCloseMonth              Month, Count: open opportunities (neither "
                "Launched nor\n"
                "                                  Closed Lost) by TargetCloseDate: overdue "
                "(before today),\n"
                "                                  YYYY-MM for this month and the next 11, "
                "later")
          << tr("  ByAge                           Bucket, Count: calendar days from the UTC "
                "date of\n"
                "                                  LastModifiedDate to today: 0-7, 8-30, "
                "31-90, 91+")
          << tr("  ClosedLostReasons               Reason, Count: Closed Lost opportunities "
                "by reason")
          << QString() << tr("Output:")
          << tr("  --output json|csv|markdown  json (default): one object with the sections "
                "as members,\n"
                "                              each a list of objects; a missing stage, "
                "review status,\n"
                "                              currency or reason is null.\n"
                "                              csv: one table, a row per entry: Section,Stage,"
                "ReviewStatus,\n"
                "                              CurrencyCode,Bucket,Count,Amount (Bucket holds "
                "the month, the\n"
                "                              age bucket or the reason; missing values are "
                "empty cells).\n"
                "                              markdown: a table per section under a heading "
                "named like\n"
                "                              the JSON member; missing values read (none).")
          << QString()
          << tr("Nothing is written until every page has arrived; exit codes are those of "
                "list-opportunities.");
    return lines.join(u'\n') + u'\n';
}

} // namespace Pd::Core
