#pragma once

#include "getawsopportunitysummary.h"
#include "getopportunity.h"
#include "listopportunitiesrequest.h"
#include "paginationtoken.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace Pd::Core {

/// `partnerdesk-cli` exit codes, compatible with the AWS CLI v2 where the meaning matches.
enum class CliExitCode : int {
    Success = 0,
    Usage = 2, ///< the command line was not understood (unknown option, missing value, …)
    Interrupted = 130, ///< SIGINT
    InvalidParameter = 252, ///< a parameter value is invalid; nothing was sent
    Configuration = 253, ///< credentials, profile, region or endpoint problem; nothing was sent
    ServiceError = 254, ///< the service answered with an error
    OtherError = 255, ///< network failure, timeout, unreadable response, output not writable
};

/// Why parsing stopped: what to print (on stderr) and the exit code.
struct CliError
{
    CliExitCode exitCode = CliExitCode::Success;
    QString message;
};

/// The `partnerdesk-cli` command line, parsed with the option names and value syntax of
/// `aws partnercentral-selling list-opportunities` (so an existing command works after
/// replacing `aws partnercentral-selling` with `partnerdesk-cli`):
///
/// - list parameters take every following word up to the next `--option`, or one JSON list;
/// - structure parameters take shorthand (`SortBy=Identifier,SortOrder=ASCENDING`) or JSON,
///   either inline or from `file://path`;
/// - `--cli-input-json` gives the request in API member names (inline or `file://path`), and
///   explicit options override its members; MaxResults or NextToken in it turn automatic
///   pagination off, as in the AWS CLI v2;
/// - `--option=value` works for single values; a repeated option keeps its last value.
///
/// `parse()` also runs ListOpportunitiesRequest::validate(), so a returned CliOptions always
/// holds a request the model accepts.
struct CliOptions
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::CliOptions)

public:
    /// CompletionWords: the hidden `--completion-words`, for shell completion scripts.
    /// GetOpportunity, GetAwsOpportunitySummary: parsed by DetailCommand::parseOptions().
    enum class Action {
        List,
        Help,
        Version,
        CompletionWords,
        GetOpportunity,
        GetAwsOpportunitySummary
    };
    enum class OutputFormat { Json, Csv };

    /// MaxResults sent on every page when automatic pagination is on and `--page-size` is
    /// not given: the service maximum, so a full listing spends as few requests of the quota
    /// as possible.
    static constexpr int DefaultPageSize = 100;
    /// Calls in flight for a complete listing (OpportunityLister), and the request rate cap.
    static constexpr int DefaultMaxConcurrency = 4;
    static constexpr int MaxConcurrencyLimit = 32;
    static constexpr double DefaultMaxRequestsPerSecond = 10;

    Action action = Action::List;
    /// Catalog, filters and Sort; MaxResults; NextToken only with `--no-paginate`.
    ListOpportunitiesRequest request;
    bool paginate = true;
    std::optional<int> maxItems;
    /// From `--starting-token`: the page to start from and the items of it to skip.
    PaginationToken startingToken;
    int maxConcurrency = DefaultMaxConcurrency;
    double maxRequestsPerSecond = DefaultMaxRequestsPerSecond; ///< 0: unlimited

    QString endpointUrl;
    QString caBundle; ///< `--ca-bundle`
    QString region;
    QString profile;
    bool debug = false;
    OutputFormat output = OutputFormat::Json;
    bool csvRaw = false;
    bool csvBom = false;
    bool demo = false;
    /// `--from-store`: list from the local copy (OpportunityStoreDb) instead of the service.
    bool fromStore = false;
    QString storePath; ///< `--store`: the local copy's file; empty: the default for the key
    /// `--with-details`: each listed opportunity with its GetOpportunity answer (kept ones
    /// from the local copy where their LastModifiedDate matches; DetailedListingCommand).
    bool withDetails = false;
    /// The request of `get-opportunity` and of `get-aws-opportunity-summary`.
    GetOpportunityRequest getOpportunity;
    GetAwsOpportunitySummaryRequest getAwsOpportunitySummary;

    bool isDetailCommand() const
    {
        return action == Action::GetOpportunity || action == Action::GetAwsOpportunitySummary;
    }
    /// The API operation the command calls (for error messages).
    QString operationName() const
    {
        return action == Action::GetOpportunity ? QStringLiteral("GetOpportunity")
               : action == Action::GetAwsOpportunitySummary
                       ? QStringLiteral("GetAwsOpportunitySummary")
                       : QStringLiteral("ListOpportunities");
    }

    /// `arguments` without the program name.
    static std::optional<CliOptions> parse(const QStringList &arguments, CliError *error);

    static QString helpText();
    static QString versionText();
    /// What a shell completion script offers, one word per line, fields separated by TAB:
    /// `command NAME` for the sub-commands (list-opportunities, then `commands`, then help),
    /// `option NAME none|one|list` for every option of list-opportunities and how many values
    /// it takes, `value OPTION WORD` for the values an option accepts (the API model's
    /// enumerations, `--output` choices, and `profiles` for `--profile`).
    static QString completionWords(const QStringList &commands, const QStringList &profiles);
    /// Whether `option` (a name such as `--debug`) is an option of list-opportunities that
    /// takes no value.
    static bool isFlag(QStringView option);
    /// The one-line usage reminder printed with usage errors.
    static QString usageText();
    /// A parameter value as the AWS CLI reads it: `file://path` or `fileb://path` (`~/`
    /// expanded) is the file's text, anything else the value itself. Unreadable file: an
    /// InvalidParameter error naming `name`.
    static std::optional<QString> loadParameter(const QString &name, const QString &value,
                                                CliError *error);
};

} // namespace Pd::Core
