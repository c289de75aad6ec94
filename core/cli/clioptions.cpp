#include "clioptions.h"

#include "clientconfig.h"
#include "shorthandparser.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

const QString Operation = u"ListOpportunities"_s;
const QString Command = u"list-opportunities"_s;
/// Not in the help text: it serves shell completion scripts, not people.
constexpr auto CompletionWordsOption = "--completion-words"_L1;

enum class Kind {
    Flag, ///< no value
    Text, ///< one value
    Integer, ///< one whole number
    List, ///< values up to the next option, or one JSON list
    Structure, ///< shorthand or JSON, inline or file://
    InputJson, ///< --cli-input-json
};

struct OptionSpec
{
    QLatin1StringView name;
    Kind kind;
    QLatin1StringView member; ///< API member for request parameters
};

constexpr OptionSpec Options[] = {
        {"--catalog"_L1, Kind::Text, "Catalog"_L1},
        {"--identifier"_L1, Kind::List, "Identifier"_L1},
        {"--life-cycle-stage"_L1, Kind::List, "LifeCycleStage"_L1},
        {"--life-cycle-review-status"_L1, Kind::List, "LifeCycleReviewStatus"_L1},
        {"--customer-company-name"_L1, Kind::List, "CustomerCompanyName"_L1},
        {"--last-modified-date"_L1, Kind::Structure, "LastModifiedDate"_L1},
        {"--created-date"_L1, Kind::Structure, "CreatedDate"_L1},
        {"--target-close-date"_L1, Kind::Structure, "TargetCloseDate"_L1},
        {"--sort"_L1, Kind::Structure, "Sort"_L1},
        {"--max-results"_L1, Kind::Integer, "MaxResults"_L1},
        {"--next-token"_L1, Kind::Text, "NextToken"_L1},
        {"--cli-input-json"_L1, Kind::InputJson, {}},
        {"--page-size"_L1, Kind::Integer, {}},
        {"--max-items"_L1, Kind::Integer, {}},
        {"--starting-token"_L1, Kind::Text, {}},
        {"--no-paginate"_L1, Kind::Flag, {}},
        {"--max-concurrency"_L1, Kind::Integer, {}},
        {"--max-rps"_L1, Kind::Text, {}},
        {"--endpoint-url"_L1, Kind::Text, {}},
        {"--ca-bundle"_L1, Kind::Text, {}},
        {"--region"_L1, Kind::Text, {}},
        {"--profile"_L1, Kind::Text, {}},
        {"--output"_L1, Kind::Text, {}},
        {"--debug"_L1, Kind::Flag, {}},
        {"--csv-raw"_L1, Kind::Flag, {}},
        {"--csv-bom"_L1, Kind::Flag, {}},
        {"--demo"_L1, Kind::Flag, {}},
        {"--from-store"_L1, Kind::Flag, {}},
        {"--with-details"_L1, Kind::Flag, {}},
        {"--store"_L1, Kind::Text, {}},
        {"--no-cli-pager"_L1, Kind::Flag, {}},
        {"--help"_L1, Kind::Flag, {}},
        {"--version"_L1, Kind::Flag, {}},
        {CompletionWordsOption, Kind::Flag, {}},
};

/// The `--output` choices.
constexpr std::pair<QLatin1StringView, CliOptions::OutputFormat> OutputFormats[] = {
        {"json"_L1, CliOptions::OutputFormat::Json},
        {"csv"_L1, CliOptions::OutputFormat::Csv},
};

QStringList outputFormatNames()
{
    QStringList names;
    for (const auto &choice : OutputFormats) {
        names.append(choice.first);
    }
    return names;
}

const OptionSpec *findOption(QStringView name)
{
    for (const OptionSpec &spec : Options) {
        if (name == spec.name) {
            return &spec;
        }
    }
    return nullptr;
}

/// Members of the request and of its structures, in model order (for "must be one of").
const QList<std::pair<QString, QStringList>> &knownMembers()
{
    static const QList<std::pair<QString, QStringList>> members = {
            {QString(),
             {u"Catalog"_s, u"MaxResults"_s, u"NextToken"_s, u"Sort"_s, u"LastModifiedDate"_s,
              u"Identifier"_s, u"LifeCycleStage"_s, u"LifeCycleReviewStatus"_s,
              u"CustomerCompanyName"_s, u"CreatedDate"_s, u"TargetCloseDate"_s}},
            {u"Sort"_s, {u"SortOrder"_s, u"SortBy"_s}},
            {u"LastModifiedDate"_s, {u"AfterLastModifiedDate"_s, u"BeforeLastModifiedDate"_s}},
            {u"CreatedDate"_s, {u"AfterCreatedDate"_s, u"BeforeCreatedDate"_s}},
            {u"TargetCloseDate"_s, {u"AfterTargetCloseDate"_s, u"BeforeTargetCloseDate"_s}},
    };
    return members;
}

struct Parsed
{
    QString command;
    bool help = false;
    bool version = false;
    bool completionWords = false;
    QList<std::pair<const OptionSpec *, QStringList>> values; ///< in command-line order
    QStringList unknown;
};

CliError usageError(const QString &message)
{
    return {CliExitCode::Usage,
            CliOptions::usageText() + u"\n\npartnerdesk-cli: error: "_s + message};
}

CliError parameterError(const QString &message)
{
    return {CliExitCode::InvalidParameter, message};
}

/// Splits the command line into options and values (argparse-like).
std::optional<Parsed> scan(const QStringList &arguments, CliError *error)
{
    Parsed parsed;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(u"--"_s)) {
            if (argument == u"help"_s) {
                parsed.help = true;
            } else if (parsed.command.isEmpty()) {
                parsed.command = argument;
            } else {
                parsed.unknown.append(argument);
            }
            continue;
        }
        const qsizetype equals = argument.indexOf(u'=');
        const QString name = equals < 0 ? argument : argument.left(equals);
        const OptionSpec *spec = findOption(name);
        if (!spec) {
            parsed.unknown.append(argument);
            continue;
        }
        QStringList values;
        if (equals >= 0) {
            if (spec->kind == Kind::Flag) {
                *error = usageError(CliOptions::tr("argument %1: takes no value").arg(name));
                return std::nullopt;
            }
            values.append(argument.mid(equals + 1));
        } else if (spec->kind == Kind::List) {
            while (i + 1 < arguments.size() && !arguments.at(i + 1).startsWith(u"--"_s)) {
                values.append(arguments.at(++i));
            }
            if (values.isEmpty()) {
                *error = usageError(
                        CliOptions::tr("argument %1: expected at least one argument").arg(name));
                return std::nullopt;
            }
        } else if (spec->kind != Kind::Flag) {
            if (i + 1 >= arguments.size() || arguments.at(i + 1).startsWith(u"--"_s)) {
                *error = usageError(CliOptions::tr("argument %1: expected one argument").arg(name));
                return std::nullopt;
            }
            values.append(arguments.at(++i));
        }
        if (spec->name == "--help"_L1) {
            parsed.help = true;
        } else if (spec->name == "--version"_L1) {
            parsed.version = true;
        } else if (spec->name == CompletionWordsOption) {
            parsed.completionWords = true;
        }
        // A repeated option keeps its last value, as with argparse.
        parsed.values.removeIf([spec](const auto &entry) { return entry.first == spec; });
        parsed.values.append({spec, values});
    }
    return parsed;
}

/// The value itself, or the contents of `file://path` / `fileb://path`.
std::optional<QString> loadParamFile(const QString &name, const QString &value, CliError *error)
{
    QString path;
    if (value.startsWith(u"file://"_s)) {
        path = value.mid(7);
    } else if (value.startsWith(u"fileb://"_s)) {
        path = value.mid(8);
    } else {
        return value;
    }
    if (path.startsWith(u"~/"_s)) {
        path = QDir::homePath() + path.mid(1);
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = parameterError(
                CliOptions::tr("Error parsing parameter '%1': Unable to load paramfile %2: %3")
                        .arg(name, value, file.errorString()));
        return std::nullopt;
    }
    return QString::fromUtf8(file.readAll());
}

std::optional<QJsonValue> parseJson(const QString &name, const QString &text, CliError *error)
{
    QJsonParseError parseError;
    // Wrapped in an array so that any JSON value, not only an object, parses.
    const QJsonDocument document = QJsonDocument::fromJson("[" + text.toUtf8() + "]", &parseError);
    if (parseError.error != QJsonParseError::NoError || document.array().size() != 1) {
        *error = parameterError(CliOptions::tr("Error parsing parameter '%1': Invalid JSON: %2\n"
                                               "JSON received: %3")
                                        .arg(name,
                                             parseError.error != QJsonParseError::NoError
                                                     ? parseError.errorString()
                                                     : CliOptions::tr("more than one value"),
                                             text));
        return std::nullopt;
    }
    return document.array().first();
}

std::optional<QJsonValue> structureValue(const QString &name, const QString &raw, CliError *error)
{
    const std::optional<QString> text = loadParamFile(name, raw, error);
    if (!text) {
        return std::nullopt;
    }
    if (text->trimmed().startsWith(u'{')) {
        return parseJson(name, *text, error);
    }
    QString shorthandError;
    const std::optional<QJsonObject> object = ShorthandParser::parse(*text, &shorthandError);
    if (!object) {
        *error = parameterError(
                CliOptions::tr("Error parsing parameter '%1': %2").arg(name, shorthandError));
        return std::nullopt;
    }
    return *object;
}

std::optional<QJsonValue> listValue(const QString &name, const QStringList &values, CliError *error)
{
    if (values.size() == 1 && values.front().trimmed().startsWith(u'[')) {
        return parseJson(name, values.front(), error);
    }
    return QJsonArray::fromStringList(values);
}

std::optional<int> integerValue(const QString &name, const QString &text, CliError *error)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok) {
        *error = usageError(CliOptions::tr("argument %1: invalid int value: '%2'").arg(name, text));
        return std::nullopt;
    }
    return value;
}

/// Members the model does not define, as the AWS CLI's "Unknown parameter" errors.
QString unknownMembers(const QJsonObject &request)
{
    QStringList problems;
    for (const auto &[structure, members] : knownMembers()) {
        const QJsonValue value
                = structure.isEmpty() ? QJsonValue(request) : request.value(structure);
        if (!value.isObject()) {
            continue;
        }
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!members.contains(it.key())) {
                problems.append(
                        CliOptions::tr("Unknown parameter in %1: \"%2\", must be one of: %3")
                                .arg(structure.isEmpty() ? CliOptions::tr("input") : structure,
                                     it.key(), members.join(u", "_s)));
            }
        }
    }
    return problems.join(u'\n');
}

/// Accepts the timestamp forms the AWS CLI accepts besides RFC 3339: a date alone (midnight
/// UTC), a date-time without zone (UTC), and epoch seconds (text or JSON number).
QJsonValue normalizedDateTime(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double seconds = value.toDouble();
        if (std::isfinite(seconds) && std::abs(seconds) < 1e12) {
            return Model::formatDateTime(
                    QDateTime::fromMSecsSinceEpoch(qint64(std::llround(seconds * 1000)), Qt::UTC));
        }
        return value;
    }
    if (!value.isString()) {
        return value;
    }
    const QString text = value.toString().trimmed();
    static const QRegularExpression dateOnly(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    static const QRegularExpression noZone(
            u"^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$"_s);
    static const QRegularExpression epoch(u"^\\d{1,11}(\\.\\d+)?$"_s);
    if (dateOnly.match(text).hasMatch()) {
        return text + u"T00:00:00Z"_s;
    }
    if (noZone.match(text).hasMatch()) {
        QString iso = text;
        iso[10] = u'T';
        return iso + u'Z';
    }
    if (epoch.match(text).hasMatch()) {
        return normalizedDateTime(text.toDouble());
    }
    return value;
}

void normalizeDateTimes(QJsonObject *request)
{
    for (const QString &member : {u"LastModifiedDate"_s, u"CreatedDate"_s}) {
        if (!request->value(member).isObject()) {
            continue;
        }
        QJsonObject range = request->value(member).toObject();
        for (const QString &bound : {u"After"_s, u"Before"_s}) {
            const QString key = bound + member;
            if (range.contains(key)) {
                range.insert(key, normalizedDateTime(range.value(key)));
            }
        }
        request->insert(member, range);
    }
}

} // namespace

std::optional<CliOptions> CliOptions::parse(const QStringList &arguments, CliError *error)
{
    CliError ignored;
    error = error ? error : &ignored;
    *error = {};

    const std::optional<Parsed> parsed = scan(arguments, error);
    if (!parsed) {
        return std::nullopt;
    }
    CliOptions options;
    if (parsed->help) {
        options.action = Action::Help;
        return options;
    }
    if (parsed->version) {
        options.action = Action::Version;
        return options;
    }
    if (parsed->completionWords) {
        options.action = Action::CompletionWords;
        return options;
    }
    if (!parsed->unknown.isEmpty()) {
        *error = usageError(tr("Unknown options: %1").arg(parsed->unknown.join(u", "_s)));
        return std::nullopt;
    }
    if (parsed->command.isEmpty()) {
        *error = usageError(tr("the following arguments are required: command"));
        return std::nullopt;
    }
    if (parsed->command != Command) {
        *error = usageError(tr("argument command: Invalid choice '%1', valid choices are: %2")
                                    .arg(parsed->command, Command));
        return std::nullopt;
    }

    QJsonObject request;
    bool explicitPaging = false;
    bool noPaginate = false;
    std::optional<int> pageSize;
    QStringList pagingArguments;
    QString startingToken;

    // --cli-input-json first: explicit options override its members.
    for (const auto &[spec, values] : parsed->values) {
        if (spec->kind != Kind::InputJson) {
            continue;
        }
        const std::optional<QString> text = loadParamFile(spec->name, values.front(), error);
        if (!text) {
            return std::nullopt;
        }
        const std::optional<QJsonValue> json = parseJson(spec->name, *text, error);
        if (!json) {
            return std::nullopt;
        }
        if (!json->isObject()) {
            *error = parameterError(tr("Error parsing parameter '%1': the input must be a JSON "
                                       "object of ListOpportunities request members.")
                                            .arg(spec->name));
            return std::nullopt;
        }
        request = json->toObject();
        explicitPaging = request.contains(u"MaxResults"_s) || request.contains(u"NextToken"_s);
    }

    for (const auto &[spec, values] : parsed->values) {
        const QString name = spec->name;
        const QString value = values.value(0);
        switch (spec->kind) {
        case Kind::InputJson:
            break;
        case Kind::Text:
            if (!spec->member.isEmpty()) {
                request.insert(spec->member, value);
                explicitPaging = explicitPaging || name == "--next-token"_L1;
            } else if (name == "--starting-token"_L1) {
                startingToken = value;
                pagingArguments.append(name);
            } else if (name == "--endpoint-url"_L1) {
                options.endpointUrl = value;
            } else if (name == "--ca-bundle"_L1) {
                options.caBundle = value;
            } else if (name == "--region"_L1) {
                options.region = value;
            } else if (name == "--profile"_L1) {
                options.profile = value;
            } else if (name == "--store"_L1) {
                options.storePath = value;
            } else if (name == "--max-rps"_L1) {
                bool ok = false;
                const double rate = value.trimmed().toDouble(&ok);
                if (!ok || !std::isfinite(rate)) {
                    *error = usageError(tr("argument --max-rps: invalid number: '%1'").arg(value));
                    return std::nullopt;
                }
                if (rate < 0) {
                    *error = parameterError(
                            tr("argument --max-rps: must be 0 (unlimited) or more; %1 was given.")
                                    .arg(value));
                    return std::nullopt;
                }
                options.maxRequestsPerSecond = rate;
            } else if (name == "--output"_L1) {
                const auto *format = std::find_if(
                        std::begin(OutputFormats), std::end(OutputFormats),
                        [&value](const auto &choice) { return value == choice.first; });
                if (format == std::end(OutputFormats)) {
                    *error = usageError(tr("argument --output: Invalid choice '%1', valid "
                                           "choices are: %2")
                                                .arg(value, outputFormatNames().join(u" | "_s)));
                    return std::nullopt;
                }
                options.output = format->second;
            }
            break;
        case Kind::Integer: {
            const std::optional<int> number = integerValue(name, value, error);
            if (!number) {
                return std::nullopt;
            }
            if (!spec->member.isEmpty()) {
                request.insert(spec->member, *number);
                explicitPaging = true;
            } else if (name == "--page-size"_L1) {
                pageSize = number;
                pagingArguments.append(name);
            } else if (name == "--max-items"_L1) {
                if (*number < 1) {
                    *error = parameterError(
                            tr("argument --max-items: must be at least 1; %1 was given.")
                                    .arg(*number));
                    return std::nullopt;
                }
                options.maxItems = number;
                pagingArguments.append(name);
            } else if (name == "--max-concurrency"_L1) {
                if (*number < 1 || *number > MaxConcurrencyLimit) {
                    *error = parameterError(tr("argument --max-concurrency: must be between 1 "
                                               "and %1; %2 was given.")
                                                    .arg(MaxConcurrencyLimit)
                                                    .arg(*number));
                    return std::nullopt;
                }
                options.maxConcurrency = *number;
            }
            break;
        }
        case Kind::List: {
            const std::optional<QJsonValue> list = listValue(name, values, error);
            if (!list) {
                return std::nullopt;
            }
            request.insert(spec->member, *list);
            break;
        }
        case Kind::Structure: {
            const std::optional<QJsonValue> structure = structureValue(name, value, error);
            if (!structure) {
                return std::nullopt;
            }
            request.insert(spec->member, *structure);
            break;
        }
        case Kind::Flag:
            if (name == "--no-paginate"_L1) {
                noPaginate = true;
            } else if (name == "--debug"_L1) {
                options.debug = true;
            } else if (name == "--csv-raw"_L1) {
                options.csvRaw = true;
            } else if (name == "--csv-bom"_L1) {
                options.csvBom = true;
            } else if (name == "--demo"_L1) {
                options.demo = true;
            } else if (name == "--from-store"_L1) {
                options.fromStore = true;
            } else if (name == "--with-details"_L1) {
                options.withDetails = true;
            }
            break;
        }
    }

    if (options.withDetails && options.fromStore) {
        *error = usageError(tr("--with-details lists the service and asks it for the details "
                               "not kept; it cannot be combined with --from-store."));
        return std::nullopt;
    }
    if (options.demo && (!options.endpointUrl.isEmpty() || !options.profile.isEmpty())) {
        *error = usageError(tr("--demo lists the built-in emulator; it cannot be combined with "
                               "--endpoint-url or --profile."));
        return std::nullopt;
    }

    options.paginate = !noPaginate && !explicitPaging;
    if (!options.paginate && !pagingArguments.isEmpty()) {
        *error = parameterError(
                noPaginate ? tr("Cannot specify --no-paginate along with pagination "
                                "arguments: %1")
                                     .arg(pagingArguments.join(u", "_s))
                           : tr("MaxResults or NextToken given explicitly (--max-results, "
                                "--next-token or --cli-input-json) turn automatic pagination "
                                "off, so they cannot be combined with: %1")
                                     .arg(pagingArguments.join(u", "_s)));
        return std::nullopt;
    }
    if (options.paginate) {
        request.insert(u"MaxResults"_s, pageSize.value_or(DefaultPageSize));
    }
    if (options.demo && !request.contains(u"Catalog"_s)) {
        request.insert(u"Catalog"_s, u"AWS"_s);
    }

    const QString unknown = unknownMembers(request);
    if (!unknown.isEmpty()) {
        *error = parameterError(tr("Parameter validation failed:\n%1").arg(unknown));
        return std::nullopt;
    }
    normalizeDateTimes(&request);

    QList<FieldError> fieldErrors;
    options.request = ListOpportunitiesRequest::fromJson(
            QJsonDocument(request).toJson(QJsonDocument::Compact), &fieldErrors);
    if (fieldErrors.isEmpty()) {
        fieldErrors = options.request.validate();
    }
    if (!fieldErrors.isEmpty()) {
        *error = parameterError(ApiError::localValidation(fieldErrors).toCliText(Operation));
        return std::nullopt;
    }

    if (!startingToken.isEmpty()) {
        const std::optional<PaginationToken> token = PaginationToken::decode(startingToken);
        if (!token) {
            *error = parameterError(tr("Bad starting token: %1").arg(startingToken));
            return std::nullopt;
        }
        options.startingToken = *token;
    }
    return options;
}

std::optional<QString> CliOptions::loadParameter(const QString &name, const QString &value,
                                                 CliError *error)
{
    CliError ignored;
    return loadParamFile(name, value, error ? error : &ignored);
}

QString CliOptions::usageText()
{
    return tr("usage: partnerdesk-cli list-opportunities --catalog <value> [options]\n"
              "To see help text, you can run:\n\n"
              "  partnerdesk-cli --help");
}

QString CliOptions::versionText()
{
    return u"partnerdesk-cli/%1 Qt/%2"_s.arg(QStringLiteral(PD_VERSION_STRING),
                                             QString::fromLatin1(qVersion()));
}

QString CliOptions::completionWords(const QStringList &commands, const QStringList &profiles)
{
    QStringList lines{u"command\t"_s + Command};
    for (const QString &command : commands) {
        lines.append(u"command\t"_s + command);
    }
    lines.append(u"command\thelp"_s);
    for (const OptionSpec &spec : Options) {
        if (spec.name != CompletionWordsOption) {
            const auto values = spec.kind == Kind::Flag   ? "none"_L1
                                : spec.kind == Kind::List ? "list"_L1
                                                          : "one"_L1;
            lines.append(u"option\t%1\t%2"_s.arg(spec.name, values));
        }
    }
    const auto addValues = [&lines](QLatin1StringView option, const QStringList &words) {
        for (const QString &word : words) {
            lines.append(u"value\t%1\t%2"_s.arg(option, word));
        }
    };
    addValues("--catalog"_L1, Model::catalogs());
    addValues("--life-cycle-stage"_L1, Model::stages());
    addValues("--life-cycle-review-status"_L1, Model::reviewStatuses());
    QStringList sorts;
    for (const QString &key : Model::sortKeys()) {
        for (const QString &order : Model::sortOrders()) {
            sorts.append(u"SortBy=%1,SortOrder=%2"_s.arg(key, order));
        }
    }
    addValues("--sort"_L1, sorts);
    addValues("--output"_L1, outputFormatNames());
    addValues("--region"_L1, {ClientConfig().region});
    addValues("--cli-input-json"_L1, {u"file://"_s});
    addValues("--profile"_L1, profiles);
    return lines.join(u'\n') + u'\n';
}

bool CliOptions::isFlag(QStringView option)
{
    const OptionSpec *spec = findOption(option);
    return spec && spec->kind == Kind::Flag;
}

QString CliOptions::helpText()
{
    QStringList lines;
    lines << tr("usage: partnerdesk-cli list-opportunities --catalog <value> [options]")
          << QString()
          << tr("Lists AWS Partner Central opportunities (Partner Central Selling API, "
                "ListOpportunities),\nevery page, as JSON or CSV. Options and values are those "
                "of\n\"aws partnercentral-selling list-opportunities\".")
          << QString() << tr("Request:")
          << tr("  --catalog <value>             AWS (production) or Sandbox (testing). "
                "Required, except\n"
                "                                with --demo (default AWS).")
          << tr("  --identifier <id> ...         Up to 20 opportunity ids (O and 1-19 digits).")
          << tr("  --life-cycle-stage <value> ...\n"
                "                                Up to 10 of: Prospect, Qualified, \"Technical "
                "Validation\",\n"
                "                                \"Business Validation\", Committed, Launched, "
                "\"Closed Lost\".")
          << tr("  --life-cycle-review-status <value> ...\n"
                "                                Up to 10 of: \"Pending Submission\", Submitted, "
                "\"In review\",\n"
                "                                Approved, Rejected, \"Action Required\".")
          << tr("  --customer-company-name <value> ...\n"
                "                                Up to 10 customer company names; each matches "
                "as a\n"
                "                                case-insensitive substring of the name.")
          << tr("  --last-modified-date <value>  "
                "AfterLastModifiedDate=<time>,BeforeLastModifiedDate=<time>")
          << tr("  --created-date <value>        AfterCreatedDate=<time>,BeforeCreatedDate=<time>")
          << tr("  --target-close-date <value>   "
                "AfterTargetCloseDate=YYYY-MM-DD,BeforeTargetCloseDate=YYYY-MM-DD")
          << tr("  --sort <value>                SortBy=<key>,SortOrder=ASCENDING|DESCENDING; "
                "keys:\n"
                "                                LastModifiedDate, Identifier, "
                "CustomerCompanyName,\n"
                "                                CreatedDate, TargetCloseDate.")
          << tr("  --cli-input-json <value>      The request as JSON with API member names, "
                "inline or\n"
                "                                file://path. Options given explicitly override "
                "its members.")
          << QString()
          << tr("  Lists take the words up to the next option (quote values with spaces: "
                "\"Closed Lost\")\n"
                "  or one JSON list. Structures take the shorthand shown or JSON, inline or "
                "file://path.\n"
                "  Times are RFC 3339 (2026-01-01T00:00:00Z); a date alone, a time without "
                "zone (UTC) and\n"
                "  epoch seconds work too. Invalid values are refused before anything is sent.")
          << QString() << tr("Pagination:")
          << tr("  --page-size <n>               MaxResults of each request, 1-100 (default "
                "%1).")
                     .arg(DefaultPageSize)
          << tr("  --max-items <n>               Stop after n opportunities. The JSON output "
                "then ends with\n"
                "                                a NextToken for --starting-token (with CSV it "
                "goes to stderr).")
          << tr("  --starting-token <token>      Continue from the NextToken of an earlier "
                "--max-items run.")
          << tr("  --no-paginate                 Send one request; print the service's NextToken "
                "as received.")
          << tr("  --max-results <n>, --next-token <token>\n"
                "                                MaxResults and NextToken of a single request "
                "(imply\n"
                "                                --no-paginate, as in the AWS CLI).")
          << tr("  --max-concurrency <n>         Calls in flight for a complete listing, 1-%1 "
                "(default %2).\n"
                "                                Above 1, a listing sorted by LastModifiedDate or "
                "CreatedDate\n"
                "                                is cut into ranges of that date, fetched side by "
                "side and\n"
                "                                written one after another in the service's own "
                "order.\n"
                "                                Other sorts, --max-items, --starting-token and "
                "--no-paginate\n"
                "                                list one page after another.")
                     .arg(MaxConcurrencyLimit)
                     .arg(DefaultMaxConcurrency)
          << tr("  --max-rps <r>                 Requests per second at most, 0 = unlimited "
                "(default %1,\n"
                "                                the service quota). Throttling halves the rate "
                "for a while.")
                     .arg(DefaultMaxRequestsPerSecond)
          << QString() << tr("Connection:")
          << tr("  --endpoint-url <url>          Service endpoint (default "
                "https://partnercentral-selling.\n"
                "                                <region>.api.aws). Plain http:// only for "
                "loopback addresses.")
          << tr("  --ca-bundle <path>            PEM file of CA certificates to trust besides the "
                "system's\n"
                "                                (else AWS_CA_BUNDLE, else the profile's "
                "ca_bundle).")
          << tr("  --region <region>             Signing region (default us-east-1).")
          << tr("  --profile <name>              AWS CLI or PartnerDesk profile for credentials "
                "and settings.")
          << tr("  --demo                        List demo data from a built-in emulator "
                "(throwaway\n"
                "                                credentials; no AWS account needed).")
          << QString() << tr("Local copy (see partnerdesk-cli sync --help):")
          << tr("  --from-store                  Answer from the local copy: no network, no "
                "credentials;\n"
                "                                the same filters, order, paging and output as "
                "the service.")
          << tr("  --store <file>                The local copy's file (default: one per "
                "identity, endpoint\n"
                "                                and catalog in PartnerDesk's data folder).")
          << tr("  --with-details                Add each opportunity's GetOpportunity details "
                "(csv: Title,\n"
                "                                Owner and the other single-valued fields; json: "
                "a Details\n"
                "                                member). Details kept in the local copy for the "
                "same\n"
                "                                LastModifiedDate are used, the others fetched "
                "and kept;\n"
                "                                stderr says how many calls were made.")
          << QString() << tr("Output:")
          << tr("  --output json|csv             json (default): one {\"OpportunitySummaries\": "
                "[...]} object.\n"
                "                                csv: RFC 4180, UTF-8, CRLF, a header row of "
                "field names, Id first.")
          << tr("  --csv-raw                     Write cells beginning with = + - @ TAB or CR "
                "as they are\n"
                "                                (default: prefixed with ' so spreadsheets do not "
                "run them).")
          << tr("  --csv-bom                     Start the CSV with a UTF-8 byte order mark (for "
                "Excel).")
          << tr("  --debug                       Log requests, retries and timings on stderr "
                "(secrets and\n"
                "                                sensitive fields are never logged).")
          << tr("  --no-cli-pager                Accepted for AWS CLI compatibility; output is "
                "never paged.")
          << tr("  --help                        Show this help.")
          << tr("  --version                     Show the version.") << QString()
          << tr("Credentials are found as the AWS CLI finds them: --profile; AWS_ACCESS_KEY_ID,\n"
                "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; AWS_PROFILE; ~/.aws/credentials "
                "and\n~/.aws/config (including credential_process); PartnerDesk profiles (keys "
                "in the system\nkeychain). Retries follow AWS_MAX_ATTEMPTS (default 3) and "
                "AWS_RETRY_MODE. Progress is\nshown on stderr when it is a terminal and stdout "
                "is not.")
          << QString()
          << tr("Proxies as in the AWS CLI: HTTPS_PROXY (and HTTP_PROXY for http:// endpoints),\n"
                "http://[user:password@]host[:port]; NO_PROXY lists hosts, domains, IP addresses "
                "and\nCIDR blocks that go direct (* for all). Loopback endpoints go direct unless "
                "NO_PROXY\nis set.")
          << QString() << tr("Exit codes:") << tr("  0    success")
          << tr("  2    the command line was not understood (unknown option, missing value, bad "
                "choice)")
          << tr("  130  interrupted (Ctrl+C)")
          << tr("  252  a parameter value is invalid (shorthand, JSON, a value the API model "
                "refuses);\n"
                "       nothing was sent")
          << tr("  253  configuration problem (credentials, profile, config file, endpoint); "
                "nothing was sent")
          << tr("  254  the service returned an error (e.g. ValidationException, "
                "AccessDeniedException,\n"
                "       InvalidSignatureException, ThrottlingException after every retry)")
          << tr("  255  any other failure (network, timeout, invalid response, output not "
                "writable)");
    return lines.join(u'\n') + u'\n';
}

} // namespace Pd::Core
