#pragma once

#include "clioptions.h"
#include "pipelinereport.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace Pd::Core {

/// `partnerdesk-cli pipeline`: the pipeline report (PipelineReport) over every opportunity a
/// list-opportunities command line would list. It takes that command's filter, connection and
/// pacing options (parsed by CliOptions) and an `--output` of its own (json, csv or markdown);
/// options that cut the listing short (--max-items, --starting-token, --no-paginate,
/// --max-results, --next-token) are refused, since a report over part of the rows would
/// mislead.
struct PipelineOptions
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::PipelineOptions)

public:
    PipelineReport::Format format = PipelineReport::Format::Json;
    bool help = false;

    /// Whether `arguments` (without the program name) name the pipeline command.
    static bool isPipelineCommand(const QStringList &arguments);
    /// Takes the pipeline's own options out of `arguments`; `*listArguments` receives the
    /// list-opportunities command line for the rest.
    static std::optional<PipelineOptions> parse(const QStringList &arguments,
                                                QStringList *listArguments, CliError *error);
    /// False, with `*error` set, when the parsed listing is not a complete one.
    static bool checkListing(const CliOptions &options, CliError *error);

    static QString helpText();

    /// "pipeline", for the list of sub-commands.
    static QLatin1StringView commandName();
    /// What shell completion offers after `partnerdesk-cli pipeline`: the words of
    /// list-opportunities (CliOptions::completionWords) without the sub-commands and the
    /// options it refuses, with its own --output choices.
    static QString completionWords(const QString &listingWords);
};

} // namespace Pd::Core
