// partnerdesk-cli: `aws partnercentral-selling list-opportunities` with every page, CSV output
// and PartnerDesk's client (see `partnerdesk-cli --help`).
#include "awsclient.h"
#include "changescommand.h"
#include "clicommands.h"
#include "clioptions.h"
#include "connectionresolver.h"
#include "detailcommand.h"
#include "detailedlistingcommand.h"
#include "emulatorthread.h"
#include "keychaincredentialstore.h"
#include "listopportunitiescommand.h"
#include "opportunitystoredb.h"
#include "partnerdeskprofiles.h"
#include "pipelineoptions.h"
#include "pipelinereportoutput.h"
#include "storecommandoptions.h"
#include "synccommand.h"
#include "terminationwatcher.h"

#include <QCoreApplication>
#include <QDate>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <memory>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

bool isTerminal(FILE *stream)
{
#ifdef Q_OS_UNIX
    return isatty(fileno(stream)) == 1;
#else
    Q_UNUSED(stream)
    return false;
#endif
}

int fail(QFile *err, const QString &message, CliExitCode code)
{
    err->write(message.toUtf8() + '\n');
    err->flush();
    return int(code);
}

/// The profiles --profile accepts: those of the AWS shared files, then PartnerDesk's.
QStringList profileNames(const PartnerDeskProfiles &profiles)
{
    QStringList names = ConnectionResolver().awsProfileNames();
    for (const QString &name : profiles.profileNames()) {
        if (!names.contains(name)) {
            names.append(name);
        }
    }
    return names;
}

/// Runs a command (start(), abort(), finished(int exitCode)) to its end. Ctrl+C or SIGTERM
/// aborts the request in flight; the exit code is then 128 + the signal.
template<typename Command>
int run(Command *command)
{
    int signalNumber = 0;
    Pd::Emulator::TerminationWatcher watcher;
    QObject::connect(&watcher, &Pd::Emulator::TerminationWatcher::terminationRequested, command,
                     [command, &signalNumber](int number) {
                         signalNumber = number;
                         command->abort();
                     });
    QObject::connect(command, &Command::finished, QCoreApplication::instance(),
                     [&signalNumber](int exitCode) {
                         QCoreApplication::exit(signalNumber ? 128 + signalNumber : exitCode);
                     });
    QTimer::singleShot(0, command, &Command::start);
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"partnerdesk-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PD_VERSION_STRING));

    QFile out;
    QFile err;
    out.open(stdout, QIODevice::WriteOnly);
    err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);

    // PartnerDesk profiles are the desktop app's: its settings, secrets in the keychain (read
    // only when such a profile is chosen).
    QSettings settings(u"PartnerDesk"_s, u"PartnerDesk"_s);
    const PartnerDeskProfiles profiles(std::make_shared<KeychainCredentialStore>(), &settings);

    CliError error;
    QStringList arguments = app.arguments().mid(1);
    const QString commandWord = arguments.value(CliCommands::commandIndex(arguments));
    // The hidden `[COMMAND] --completion-words`, for shell completion scripts.
    if (arguments.contains(u"--completion-words"_s)) {
        out.write(CliCommands::completionWords(commandWord, profileNames(profiles)).toUtf8());
        return out.flush() ? 0 : int(CliExitCode::OtherError);
    }
    // `pipeline`: a report over the rows list-opportunities would list (PipelineOptions).
    std::optional<PipelineOptions> pipeline;
    if (PipelineOptions::isPipelineCommand(arguments)) {
        pipeline = PipelineOptions::parse(arguments, &arguments, &error);
        if (!pipeline) {
            return fail(&err, error.message, error.exitCode);
        }
        if (pipeline->help) {
            out.write(PipelineOptions::helpText().toUtf8());
            return out.flush() ? 0 : int(CliExitCode::OtherError);
        }
    }
    // sync, changes: the local copy (StoreCommandOptions).
    std::optional<StoreCommandOptions> storeCommand;
    if (StoreCommandOptions::isStoreCommand(arguments)) {
        storeCommand = StoreCommandOptions::parse(arguments, &arguments, &error);
        if (!storeCommand) {
            return fail(&err, error.message, error.exitCode);
        }
        if (storeCommand->help) {
            out.write(StoreCommandOptions::helpText(storeCommand->command).toUtf8());
            return out.flush() ? 0 : int(CliExitCode::OtherError);
        }
    }
    // get-opportunity, get-aws-opportunity-summary: one call, the response as JSON.
    const bool detail = DetailCommand::isDetailCommand(arguments);
    const std::optional<CliOptions> options
            = detail ? DetailCommand::parseOptions(arguments, &error)
                     : CliOptions::parse(arguments, &error);
    if (!options || (pipeline && !PipelineOptions::checkListing(*options, &error))) {
        return fail(&err, error.message, error.exitCode);
    }
    if (options->action != CliOptions::Action::List && !options->isDetailCommand()) {
        const QString text = options->action != CliOptions::Action::Help
                                     ? CliOptions::versionText() + u'\n'
                             : detail ? DetailCommand::helpText(commandWord)
                                      : CliCommands::helpText();
        out.write(text.toUtf8());
        return out.flush() ? 0 : int(CliExitCode::OtherError);
    }
    // Failures reach the user through the command's own messages; --debug adds the log.
    QLoggingCategory::setFilterRules(options->debug ? u"partnerdesk.*=true"_s
                                                    : u"partnerdesk.*.debug=false\n"
                                                      "partnerdesk.*.info=false\n"
                                                      "partnerdesk.*.warning=false"_s);

    // `changes` and `--from-store` read the local copy: no network, no credentials (the
    // connection only names the local copy, unless --store does).
    const bool sync = storeCommand && storeCommand->command == StoreCommandOptions::Command::Sync;
    const bool offline = options->fromStore || (storeCommand && !sync);
    const QString &catalog = options->request.catalog;

    // --demo: the emulator in this process, with a throwaway secret.
    Pd::Emulator::EmulatorThread demo;
    ClientConfig config;
    std::shared_ptr<CredentialsProvider> credentials;
    StoreKey storeKey;
    if (options->demo) {
        storeKey = StoreKey::demo(catalog);
        QString problem;
        if (!offline && !demo.start(Pd::Emulator::EmulatorOptions(), &problem)) {
            return fail(&err, problem, CliExitCode::OtherError);
        }
        config.endpoint = demo.endpoint();
        credentials = std::make_shared<StaticCredentialsProvider>(demo.credentials(), u"demo"_s);
    } else if (!offline || options->storePath.isEmpty()) {
        ConnectionResolver resolver;
        resolver.setPartnerDeskProfiles(&profiles);
        const ConnectionResolver::Result connection = resolver.resolve(
                {options->profile, options->region, options->endpointUrl, options->caBundle});
        if (!connection.isValid()) {
            return fail(
                    &err,
                    ApiError::configuration(connection.error).toCliText(options->operationName()),
                    CliExitCode::Configuration);
        }
        config = connection.config;
        credentials = connection.credentials;
        storeKey = StoreKey::forConnection(config, credentials.get(), connection.profile, catalog);
    }

    OpportunityStoreDb store;
    if (storeCommand || options->fromStore) {
        const QString path = options->storePath.isEmpty()
                                     ? OpportunityStoreDb::defaultPath(storeKey)
                                     : options->storePath;
        QString problem;
        // Reading leaves the integrity check (a read of the whole file) to the next sync.
        if (!(offline ? store.openExisting(path, &problem, OpportunityStoreDb::Check::Skip)
                      : store.open(path, storeKey, &problem))) {
            return fail(&err, problem, CliExitCode::OtherError);
        }
        if (!store.warning().isEmpty()) {
            err.write(store.warning().toUtf8() + '\n');
        }
    }
    if (storeCommand && !sync) {
        return ChangesCommand(*storeCommand, &store, &out, &err).run();
    }

    config.maxRequestsPerSecond = options->maxRequestsPerSecond;
    AwsClient client(config, credentials);
    if (options->isDetailCommand()) {
        DetailCommand command(*options, &client, &out, &err);
        return run(&command);
    }
    if (sync) {
        SyncCommand command(*storeCommand, *options, &store, &client, &out, &err);
        command.setShowProgress(isTerminal(stderr));
        return run(&command);
    }
    if (options->withDetails && !pipeline) {
        // Details are kept in the local copy: --store, else the default one when it exists.
        const QString path = options->storePath.isEmpty()
                                     ? OpportunityStoreDb::defaultPath(storeKey)
                                     : options->storePath;
        QString problem;
        if ((!options->storePath.isEmpty() || QFileInfo::exists(path))
            && !store.open(path, storeKey, &problem)) {
            return fail(&err, problem, CliExitCode::OtherError);
        }
        DetailedListingCommand command(*options, &client, &out, &err);
        command.setStore(store.isOpen() ? &store : nullptr);
        command.setShowProgress(isTerminal(stderr) && !isTerminal(stdout));
        return run(&command);
    }
    ListOpportunitiesCommand command(*options, options->fromStore ? nullptr : &client, &out, &err);
    if (options->fromStore) {
        command.setStore(&store);
    }
    if (pipeline) {
        auto report = std::make_unique<PipelineReportOutput>(&out, pipeline->format,
                                                             QDate::currentDate());
        report->setCsvOptions(!options->csvRaw, options->csvBom);
        command.setOutput(std::move(report));
    }
    command.setShowProgress(isTerminal(stderr) && !isTerminal(stdout));

    return run(&command);
}
