#include "detailcommand.h"

#include "awsclient.h"
#include "getawsopportunitysummary.h"
#include "getopportunity.h"
#include "listopportunitiescommand.h"

#include <QFileDevice>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

constexpr auto GetOpportunityCommand = "get-opportunity"_L1;
constexpr auto GetAwsSummaryCommand = "get-aws-opportunity-summary"_L1;

/// The options of the two commands: the request members, then those shared with
/// list-opportunities.
enum class Kind { Flag, Value };
struct OptionSpec
{
    QLatin1StringView name;
    Kind kind;
};
constexpr OptionSpec Options[] = {
        {"--catalog"_L1, Kind::Value},
        {"--identifier"_L1, Kind::Value},
        {"--related-opportunity-identifier"_L1, Kind::Value},
        {"--cli-input-json"_L1, Kind::Value},
        {"--endpoint-url"_L1, Kind::Value},
        {"--ca-bundle"_L1, Kind::Value},
        {"--region"_L1, Kind::Value},
        {"--profile"_L1, Kind::Value},
        {"--output"_L1, Kind::Value},
        {"--max-rps"_L1, Kind::Value},
        {"--debug"_L1, Kind::Flag},
        {"--demo"_L1, Kind::Flag},
        {"--no-cli-pager"_L1, Kind::Flag},
        {"--help"_L1, Kind::Flag},
        {"--version"_L1, Kind::Flag},
};

/// The only `--output` choice: the AWS CLI's JSON.
constexpr auto JsonOutput = "json"_L1;

/// Whether `option` is the identifier option of the other command.
bool isOtherIdentifier(QStringView command, QLatin1StringView option)
{
    return command == GetAwsSummaryCommand ? option == "--identifier"_L1
                                           : option == "--related-opportunity-identifier"_L1;
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

QString usage(const QString &command)
{
    return command == GetAwsSummaryCommand
                   ? DetailCommand::tr("usage: partnerdesk-cli get-aws-opportunity-summary "
                                       "--catalog <value>\n"
                                       "       --related-opportunity-identifier <value> "
                                       "[options]")
                   : DetailCommand::tr("usage: partnerdesk-cli get-opportunity --catalog <value> "
                                       "--identifier <value> [options]");
}

CliError usageError(const QString &command, const QString &message)
{
    return {CliExitCode::Usage, usage(command) + u"\n\npartnerdesk-cli: error: "_s + message};
}

} // namespace

DetailCommand::DetailCommand(CliOptions options, AwsClient *client, QIODevice *out, QIODevice *err,
                             QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_client(client), m_out(out), m_err(err)
{ }

DetailCommand::~DetailCommand() = default;

bool DetailCommand::isDetailCommand(const QStringList &arguments)
{
    return (arguments.contains(GetOpportunityCommand) || arguments.contains(GetAwsSummaryCommand))
           && !arguments.contains(u"list-opportunities"_s);
}

std::optional<CliOptions> DetailCommand::parseOptions(const QStringList &arguments, CliError *error)
{
    CliError ignored;
    error = error ? error : &ignored;
    *error = {};
    CliOptions options;
    QString command;
    QStringList unknown;
    QList<std::pair<const OptionSpec *, QString>> values;
    bool help = false;
    bool version = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(u"--"_s)) {
            if (argument == u"help"_s) {
                help = true;
            } else if (command.isEmpty()) {
                command = argument;
            } else {
                unknown.append(argument);
            }
            continue;
        }
        const qsizetype equals = argument.indexOf(u'=');
        const QString name = equals < 0 ? argument : argument.left(equals);
        const OptionSpec *spec = findOption(name);
        if (!spec) {
            unknown.append(argument);
            continue;
        }
        QString value;
        if (spec->kind == Kind::Flag) {
            if (equals >= 0) {
                *error = usageError(command, tr("argument %1: takes no value").arg(name));
                return std::nullopt;
            }
        } else if (equals >= 0) {
            value = argument.mid(equals + 1);
        } else if (i + 1 < arguments.size() && !arguments.at(i + 1).startsWith(u"--"_s)) {
            value = arguments.at(++i);
        } else {
            *error = usageError(command, tr("argument %1: expected one argument").arg(name));
            return std::nullopt;
        }
        help = help || spec->name == "--help"_L1;
        version = version || spec->name == "--version"_L1;
        values.append({spec, value});
    }
    if (help || version) {
        options.action = help ? CliOptions::Action::Help : CliOptions::Action::Version;
        return options;
    }
    const bool aws = command == GetAwsSummaryCommand;
    for (const auto &[spec, value] : std::as_const(values)) {
        if (isOtherIdentifier(command, spec->name)) {
            unknown.append(spec->name);
        }
    }
    if (!unknown.isEmpty()) {
        *error = usageError(command, tr("Unknown options: %1").arg(unknown.join(u", "_s)));
        return std::nullopt;
    }
    options.action = aws ? CliOptions::Action::GetAwsOpportunitySummary
                         : CliOptions::Action::GetOpportunity;

    QString catalog;
    QString identifier;
    // --cli-input-json first: explicit options override its members.
    const QString identifierMember = aws ? u"RelatedOpportunityIdentifier"_s : u"Identifier"_s;
    for (const auto &[spec, value] : std::as_const(values)) {
        if (spec->name != "--cli-input-json"_L1) {
            continue;
        }
        const std::optional<QString> text = CliOptions::loadParameter(spec->name, value, error);
        if (!text) {
            return std::nullopt;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text->toUtf8(), &parseError);
        if (!document.isObject()) {
            *error = {CliExitCode::InvalidParameter,
                      tr("Error parsing parameter '--cli-input-json': the input must be a JSON "
                         "object of %1 request members.\nJSON received: %2")
                              .arg(options.operationName(), *text)};
            return std::nullopt;
        }
        const QJsonObject input = document.object();
        for (auto it = input.begin(); it != input.end(); ++it) {
            const bool known = it.key() == "Catalog"_L1 || it.key() == identifierMember;
            if (!known || !it.value().isString()) {
                *error = {CliExitCode::InvalidParameter,
                          known ? tr("Parameter validation failed:\nInvalid type for parameter "
                                     "%1: a string is expected.")
                                          .arg(it.key())
                                : tr("Parameter validation failed:\nUnknown parameter in input: "
                                     "\"%1\", must be one of: Catalog, %2")
                                          .arg(it.key(), identifierMember)};
                return std::nullopt;
            }
        }
        catalog = input.value("Catalog"_L1).toString();
        identifier = input.value(identifierMember).toString();
    }
    for (const auto &[spec, value] : std::as_const(values)) {
        const QLatin1StringView name = spec->name;
        if (name == "--catalog"_L1) {
            catalog = value;
        } else if (name == "--identifier"_L1 || name == "--related-opportunity-identifier"_L1) {
            identifier = value;
        } else if (name == "--endpoint-url"_L1) {
            options.endpointUrl = value;
        } else if (name == "--ca-bundle"_L1) {
            options.caBundle = value;
        } else if (name == "--region"_L1) {
            options.region = value;
        } else if (name == "--profile"_L1) {
            options.profile = value;
        } else if (name == "--output"_L1) {
            if (value != JsonOutput) {
                *error = usageError(command, tr("argument --output: Invalid choice '%1', valid "
                                                "choices are: json")
                                                     .arg(value));
                return std::nullopt;
            }
        } else if (name == "--max-rps"_L1) {
            bool ok = false;
            const double rate = value.trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(rate) || rate < 0) {
                *error = {CliExitCode::InvalidParameter,
                          tr("argument --max-rps: must be 0 (unlimited) or more; %1 was given.")
                                  .arg(value)};
                return std::nullopt;
            }
            options.maxRequestsPerSecond = rate;
        } else if (name == "--debug"_L1) {
            options.debug = true;
        } else if (name == "--demo"_L1) {
            options.demo = true;
        }
    }
    if (options.demo && (!options.endpointUrl.isEmpty() || !options.profile.isEmpty())) {
        *error = usageError(command, tr("--demo uses the built-in emulator; it cannot be "
                                        "combined with --endpoint-url or --profile."));
        return std::nullopt;
    }
    if (options.demo && catalog.isEmpty()) {
        catalog = u"AWS"_s;
    }

    QList<FieldError> problems;
    if (aws) {
        options.getAwsOpportunitySummary = {catalog, identifier};
        problems = options.getAwsOpportunitySummary.validate();
    } else {
        options.getOpportunity = {catalog, identifier};
        problems = options.getOpportunity.validate();
    }
    if (!problems.isEmpty()) {
        *error = {CliExitCode::InvalidParameter,
                  ApiError::localValidation(problems).toCliText(options.operationName())};
        return std::nullopt;
    }
    return options;
}

QString DetailCommand::completionWords(QStringView command, const QString &listingWords)
{
    QStringList lines;
    for (const OptionSpec &spec : Options) {
        if (!isOtherIdentifier(command, spec.name)) {
            lines.append(u"option\t%1\t%2"_s.arg(spec.name,
                                                 spec.kind == Kind::Flag ? "none"_L1 : "one"_L1));
        }
    }
    for (const QString &line : listingWords.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList fields = line.split(u'\t');
        if (fields.at(0) == u"value"_s && fields.value(1) != "--output"_L1
            && findOption(fields.value(1))) {
            lines.append(line);
        }
    }
    lines.append(u"value\t--output\t"_s + JsonOutput);
    return lines.join(u'\n') + u'\n';
}

QString DetailCommand::helpText(QStringView command)
{
    const bool aws = command == GetAwsSummaryCommand;
    QStringList lines;
    lines << usage(aws ? GetAwsSummaryCommand : GetOpportunityCommand) << QString()
          << (aws ? tr("Prints AWS's view of one opportunity (GetAwsOpportunitySummary: "
                       "involvement, AWS\nstage and team, insights) as JSON, as \"aws "
                       "partnercentral-selling\nget-aws-opportunity-summary\" prints it.")
                  : tr("Prints one opportunity (GetOpportunity: title, customer, contacts, "
                       "project,\nmarketing, software revenue, lifecycle with the next-steps "
                       "history, the partner's\nteam) as JSON, as \"aws partnercentral-selling "
                       "get-opportunity\" prints it."))
          << QString() << tr("Request:")
          << tr("  --catalog <value>             AWS (production) or Sandbox (testing). "
                "Required, except\n"
                "                                with --demo (default AWS).")
          << (aws ? tr("  --related-opportunity-identifier <id>\n"
                       "                                The opportunity id (O and 1-19 digits).")
                  : tr("  --identifier <id>             The opportunity id (O and 1-19 "
                       "digits)."))
          << tr("  --cli-input-json <value>      The request as JSON (inline or file://path); "
                "options\n"
                "                                given as well override its members.")
          << QString() << tr("Connection and output (as for list-opportunities):")
          << tr("  --profile, --region, --endpoint-url, --ca-bundle, --max-rps, --debug, "
                "--demo,\n  --output json, --no-cli-pager")
          << tr("  --help                        Show this help.")
          << tr("  --version                     Show the version.") << QString()
          << (aws ? tr("Permission: partnercentral:GetAwsOpportunitySummary.")
                  : tr("Permission: partnercentral:GetOpportunity."))
          << tr("Exit codes as for list-opportunities: 0 success, 2 usage, 252 invalid "
                "parameter,\n253 configuration, 254 service error (e.g. "
                "ResourceNotFoundException,\nAccessDeniedException), 255 any other failure.");
    return lines.join(u'\n') + u'\n';
}

void DetailCommand::start()
{
    if (m_call || m_done) {
        return;
    }
    if (m_options.action == CliOptions::Action::GetAwsOpportunitySummary) {
        m_call = new GetAwsOpportunitySummaryCall(m_client, m_options.getAwsOpportunitySummary,
                                                  this);
    } else {
        m_call = new GetOpportunityCall(m_client, m_options.getOpportunity, this);
    }
    connect(m_call, &OperationCall::finished, this, &DetailCommand::handleFinished);
    m_call->start();
}

void DetailCommand::abort()
{
    if (m_call && !m_call->isFinished()) {
        m_call->abort(); // finishes the call with Kind::Cancelled: exit code 130
        return;
    }
    if (!m_done) {
        m_done = true;
        Q_EMIT finished(int(CliExitCode::Interrupted));
    }
}

void DetailCommand::handleFinished()
{
    m_done = true;
    const ApiError &error = m_call->error();
    if (error.isError()) {
        QString text = error.toCliText(m_options.operationName());
        if (!text.endsWith(u'\n')) {
            text += u'\n';
        }
        m_err->write(text.toUtf8());
        Q_EMIT finished(int(ListOpportunitiesCommand::exitCodeFor(error)));
        return;
    }
    QByteArray json;
    if (m_options.action == CliOptions::Action::GetAwsOpportunitySummary) {
        json = static_cast<GetAwsOpportunitySummaryCall *>(m_call)->response().toJson(4);
    } else {
        json = static_cast<GetOpportunityCall *>(m_call)->response().toJson(4);
    }
    json.append('\n');
    const bool written = m_out->write(json) == json.size()
                         && (!qobject_cast<QFileDevice *>(m_out)
                             || static_cast<QFileDevice *>(m_out)->flush());
    if (!written) {
        m_err->write(tr("Could not write the output: %1\n").arg(m_out->errorString()).toUtf8());
        Q_EMIT finished(int(CliExitCode::OtherError));
        return;
    }
    Q_EMIT finished(int(CliExitCode::Success));
}

} // namespace Pd::Core
