// partnerdesk-emulator: a local ListOpportunities service (see emulator/README.md).
#include "emulatorserver.h"
#include "terminationwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>
#include <limits>
#include <optional>
#include <type_traits>

using namespace Qt::StringLiterals;
using Pd::Emulator::EmulatorOptions;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("partnerdesk-emulator", text);
}

QString description()
{
    return tr("A local AWS Partner Central Selling ListOpportunities, GetOpportunity and "
              "GetAwsOpportunitySummary service (awsJson1_0 over "
              "HTTP/1.1 on 127.0.0.1, SigV4-verified) for trying PartnerDesk without an AWS "
              "account, for tests and for benchmarks.\n"
              "\n"
              "Prints \"LISTENING <port>\" on stdout when ready; stops on SIGTERM or SIGINT.\n"
              "Credentials default to AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and "
              "AWS_SESSION_TOKEN, then to the access key AKIDPARTNERDESKDEMO; a secret key is "
              "required.\n"
              "\n"
              "Query semantics:\n"
              "  CustomerCompanyName  case-insensitive substring; a summary matches any value\n"
              "  Identifier, LifeCycleStage, LifeCycleReviewStatus  exact; any value matches\n"
              "  date ranges          After inclusive, Before exclusive (--after-exclusive:\n"
              "                       the other way round); TargetCloseDate compares\n"
              "                       YYYY-MM-DD text\n"
              "  missing values       never match a filter on that field; sort last in both\n"
              "                       orders\n"
              "  sort                 any SortBy, both orders (default LastModifiedDate\n"
              "                       DESCENDING); ties by Identifier in the sort's direction\n"
              "                       (see --tie-break); Identifier order is numeric; company\n"
              "                       names compare lower-cased\n"
              "  MaxResults           1..100, default 20\n"
              "  NextToken            opaque, stable while the server runs, valid only for the\n"
              "                       query (catalog, filters, sort) that returned it\n"
              "\n"
              "GetOpportunity and GetAwsOpportunitySummary answer for every listed opportunity\n"
              "with the same Id, Arn, dates, lifecycle, customer and project members as its\n"
              "summary; the other members are generated from (seed, Catalog, Id,\n"
              "LastModifiedDate). About one opportunity in five has no AWS summary\n"
              "(ResourceNotFoundException). --deny-operation GetOpportunity refuses that\n"
              "operation while listing still works.");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"partnerdesk-emulator"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PD_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.addHelpOption();
    parser.addVersionOption();

    const QCommandLineOption port(
            u"port"_s, tr("Listen on this port of 127.0.0.1 (default 0: any free port)."),
            tr("port"), u"0"_s);
    const QCommandLineOption accessKey(u"access-key"_s, tr("Accepted access key id."), tr("id"));
    const QCommandLineOption secretKey(u"secret-key"_s, tr("Accepted secret access key."),
                                       tr("secret"));
    const QCommandLineOption sessionToken(u"session-token"_s,
                                          tr("Require this session token (X-Amz-Security-Token)."),
                                          tr("token"));
    const QCommandLineOption region(u"region"_s, tr("Signing region (default us-east-1)."),
                                    tr("region"), u"us-east-1"_s);
    const QCommandLineOption count(u"count"_s,
                                   tr("Generated opportunities in catalog AWS (default 3000)."),
                                   tr("n"), u"3000"_s);
    const QCommandLineOption sandboxCount(
            u"sandbox-count"_s, tr("Generated opportunities in catalog Sandbox (default 200)."),
            tr("n"), u"200"_s);
    const QCommandLineOption seed(u"seed"_s, tr("Seed of the generated data (default 1)."), tr("n"),
                                  u"1"_s);
    const QCommandLineOption bulkPercent(
            u"bulk-percent"_s,
            tr("Percent of the generated rows in bulk updates and in bulk imports, which share "
               "timestamps, customers and close dates (sort ties; default 8)."),
            tr("P"), u"8"_s);
    const QCommandLineOption tieBreak(
            u"tie-break"_s,
            tr("Order of rows with equal sort values: id (Identifier in the sort's direction, "
               "the default), id-ascending (in both orders) or hashed (a fixed pseudo-random "
               "order). The service documents none."),
            tr("rule"), u"id"_s);
    const QCommandLineOption afterExclusive(
            u"after-exclusive"_s,
            tr("Read date ranges the other way round: After exclusive, Before inclusive."));
    const QCommandLineOption data(
            u"data"_s,
            tr("Serve the summaries of this JSON file ({\"OpportunitySummaries\":[…]})."),
            tr("file"));
    const QCommandLineOption dumpData(
            u"dump-data"_s, tr("Write the dataset in the --data format to this file and exit."),
            tr("file"));
    const QCommandLineOption throttleEvery(
            u"throttle-every"_s,
            tr("Every K-th authenticated request fails with ThrottlingException."), tr("K"),
            u"0"_s);
    const QCommandLineOption throttleStatus(
            u"throttle-status"_s,
            tr("HTTP status of ThrottlingException: 429 (default, as modelled) or 400."),
            tr("status"), u"429"_s);
    const QCommandLineOption errorEvery(
            u"error-every"_s,
            tr("Every K-th authenticated request fails with InternalServerException (500)."),
            tr("K"), u"0"_s);
    const QCommandLineOption dropEvery(
            u"drop-every"_s,
            tr("Every K-th authenticated request gets its headers and half its body, then the "
               "connection closes."),
            tr("K"), u"0"_s);
    const QCommandLineOption latency(u"latency-ms"_s, tr("Delay every response."), tr("ms"),
                                     u"0"_s);
    const QCommandLineOption rateLimit(
            u"rate-limit"_s,
            tr("Allow R requests per second (token bucket); beyond: ThrottlingException."), tr("R"),
            u"0"_s);
    const QCommandLineOption clockSkew(
            u"clock-skew-s"_s,
            tr("Run the server clock this many seconds ahead (negative: behind)."), tr("s"),
            u"0"_s);
    const QCommandLineOption spikeEvery(
            u"spike-every"_s, tr("Every K-th authenticated request waits --spike-ms longer."),
            tr("K"), u"0"_s);
    const QCommandLineOption spikeMs(u"spike-ms"_s, tr("Length of a latency spike."), tr("ms"),
                                     u"0"_s);
    const QCommandLineOption denyCatalog(
            u"deny-catalog"_s,
            tr("Refuse this catalog with AccessDeniedException (403); repeatable."), tr("catalog"));
    const QCommandLineOption denyOperation(
            u"deny-operation"_s,
            tr("Refuse this operation (e.g. GetOpportunity) with AccessDeniedException (403); "
               "repeatable."),
            tr("operation"));
    const QCommandLineOption shortPages(
            u"short-pages"_s, tr("Serve about half of MaxResults per page (with a NextToken)."));
    const QCommandLineOption trailingEmptyPage(
            u"trailing-empty-page"_s,
            tr("Give the last page a NextToken that leads to an empty page."));
    const QCommandLineOption bareErrorTypes(
            u"bare-error-types"_s, tr("Send modelled errors' __type without the namespace."));
    const QCommandLineOption noErrorTypeHeader(u"no-error-type-header"_s,
                                               tr("Do not send x-amzn-ErrorType."));
    const QCommandLineOption explicitNulls(u"explicit-nulls"_s,
                                           tr("Send absent optional members as JSON null."));
    const QCommandLineOption asciiJson(u"ascii-json"_s,
                                       tr("Escape every non-ASCII character in responses."));
    const QCommandLineOption log(u"log"_s, tr("Append one line per request to this file."),
                                 tr("file"));
    parser.addOptions({port,
                       accessKey,
                       secretKey,
                       sessionToken,
                       region,
                       count,
                       sandboxCount,
                       seed,
                       bulkPercent,
                       tieBreak,
                       afterExclusive,
                       data,
                       dumpData,
                       throttleEvery,
                       throttleStatus,
                       errorEvery,
                       dropEvery,
                       latency,
                       rateLimit,
                       clockSkew,
                       spikeEvery,
                       spikeMs,
                       denyCatalog,
                       shortPages,
                       trailingEmptyPage,
                       bareErrorTypes,
                       noErrorTypeHeader,
                       explicitNulls,
                       asciiJson,
                       log});
    parser.addOption(denyOperation);
    // The data changing over time.
    const QCommandLineOption churn(
            u"churn"_s,
            tr("Change N opportunities of catalog AWS per minute: about 70 % modified, 20 % "
               "created, 10 % removed (default 0)."),
            tr("N"), u"0"_s);
    const QCommandLineOption churnModify(u"churn-modify"_s,
                                         tr("Modify N opportunities per minute (instead of "
                                            "--churn's share)."),
                                         tr("N"));
    const QCommandLineOption churnCreate(u"churn-create"_s,
                                         tr("Create N opportunities per minute (instead of "
                                            "--churn's share)."),
                                         tr("N"));
    const QCommandLineOption churnRemove(u"churn-remove"_s,
                                         tr("Remove N opportunities per minute (instead of "
                                            "--churn's share)."),
                                         tr("N"));
    parser.addOptions({churn, churnModify, churnCreate, churnRemove});
    parser.process(app);

    QTextStream err(stderr);
    const auto usageError = [&err](const QString &message) {
        err << "partnerdesk-emulator: " << message << '\n';
        err.flush();
        return 2;
    };
    const auto integer = [&parser](const QCommandLineOption &option, qint64 min,
                                   qint64 max) -> std::optional<qint64> {
        bool ok = false;
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value < min || value > max) {
            return std::nullopt;
        }
        return value;
    };

    EmulatorOptions options;
    const QString envKey = qEnvironmentVariable("AWS_ACCESS_KEY_ID");
    options.accessKey = parser.isSet(accessKey) ? parser.value(accessKey)
                        : envKey.isEmpty()      ? options.accessKey
                                                : envKey;
    options.secretKey = parser.isSet(secretKey) ? parser.value(secretKey)
                                                : qEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
    options.sessionToken = parser.isSet(sessionToken) ? parser.value(sessionToken)
                                                      : qEnvironmentVariable("AWS_SESSION_TOKEN");
    options.region = parser.value(region);
    options.dataFile = parser.value(data);
    options.logFile = parser.value(log);
    options.deniedCatalogs = parser.values(denyCatalog);
    options.deniedOperations = parser.values(denyOperation);
    options.shortPages = parser.isSet(shortPages);
    options.trailingEmptyPage = parser.isSet(trailingEmptyPage);
    options.bareErrorTypes = parser.isSet(bareErrorTypes);
    options.errorTypeHeader = !parser.isSet(noErrorTypeHeader);
    options.explicitNulls = parser.isSet(explicitNulls);
    options.asciiJson = parser.isSet(asciiJson);
    options.afterExclusive = parser.isSet(afterExclusive);
    const QString tieRule = parser.value(tieBreak);
    if (tieRule == "id"_L1) {
        options.tieBreak = Pd::Emulator::TieBreak::IdInSortOrder;
    } else if (tieRule == "id-ascending"_L1) {
        options.tieBreak = Pd::Emulator::TieBreak::IdAscending;
    } else if (tieRule == "hashed"_L1) {
        options.tieBreak = Pd::Emulator::TieBreak::Hashed;
    } else {
        return usageError(tr("--tie-break must be id, id-ascending or hashed."));
    }

    const auto set = [&](const QCommandLineOption &option, qint64 min, qint64 max, auto *target) {
        const std::optional<qint64> value = integer(option, min, max);
        if (!value) {
            return false;
        }
        *target = static_cast<std::remove_pointer_t<decltype(target)>>(*value);
        return true;
    };
    constexpr qint64 IntMax = std::numeric_limits<int>::max();
    bool ok = set(port, 0, 65535, &options.port) && set(count, 0, IntMax, &options.count)
              && set(sandboxCount, 0, IntMax, &options.sandboxCount)
              && set(seed, 0, std::numeric_limits<quint32>::max(), &options.seed)
              && set(bulkPercent, 0, 100, &options.bulkPercent)
              && set(throttleEvery, 0, IntMax, &options.throttleEvery)
              && set(throttleStatus, 400, 429, &options.throttleStatus)
              && set(errorEvery, 0, IntMax, &options.errorEvery)
              && set(dropEvery, 0, IntMax, &options.dropEvery)
              && set(latency, 0, IntMax, &options.latencyMs)
              && set(clockSkew, -IntMax, IntMax, &options.clockSkewS)
              && set(spikeEvery, 0, IntMax, &options.spikeEvery)
              && set(spikeMs, 0, IntMax, &options.spikeMs);
    int churnTotal = 0;
    ok = ok && set(churn, 0, IntMax, &churnTotal);
    options.churnModifiedPerMinute = churnTotal - churnTotal / 5 - churnTotal / 10;
    options.churnCreatedPerMinute = churnTotal / 5;
    options.churnRemovedPerMinute = churnTotal / 10;
    for (const auto &[option, target] : {std::pair{&churnModify, &options.churnModifiedPerMinute},
                                         std::pair{&churnCreate, &options.churnCreatedPerMinute},
                                         std::pair{&churnRemove, &options.churnRemovedPerMinute}}) {
        ok = ok && (!parser.isSet(*option) || set(*option, 0, IntMax, target));
    }
    bool rateOk = false;
    options.rateLimit = parser.value(rateLimit).toDouble(&rateOk);
    if (!ok || !rateOk || options.rateLimit < 0) {
        return usageError(tr("Invalid numeric option value. See --help."));
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(tr("Unexpected argument: %1").arg(parser.positionalArguments().first()));
    }
    if (options.secretKey.isEmpty() && !parser.isSet(dumpData)) {
        return usageError(tr("A secret key is required: pass --secret-key or set "
                             "AWS_SECRET_ACCESS_KEY."));
    }

    Pd::Emulator::EmulatorServer server;
    if (parser.isSet(dumpData)) {
        options.port = 0;
    }
    QString error;
    if (!server.start(options, &error)) {
        err << "partnerdesk-emulator: " << error << '\n';
        return 1;
    }
    if (parser.isSet(dumpData)) {
        server.stop();
        QFile file(parser.value(dumpData));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(server.dataJson()) < 0 || !file.flush()) {
            err << "partnerdesk-emulator: "
                << tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()) << '\n';
            return 1;
        }
        return 0;
    }

    Pd::Emulator::TerminationWatcher watcher;
    QObject::connect(&watcher, &Pd::Emulator::TerminationWatcher::terminationRequested, &app,
                     [&server] {
                         server.stop();
                         QCoreApplication::quit();
                     });
    std::printf("LISTENING %u\n", unsigned(server.port()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
