// partnerdesk: the desktop app. Wires the libraries together; everything else lives in ui/.
#include "connectionresolver.h"
#include "emulatorthread.h"
#include "keychaincredentialstore.h"
#include "languagesettings.h"
#include "mainwindow.h"
#include "partnerdeskprofiles.h"
#include "welcomedialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

/// The value of --lang (also --lang=<code>), read before the translators are installed so that
/// --help already speaks the chosen language.
QString requestedLanguage(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--lang"_s && i + 1 < arguments.size()) {
            return arguments.at(i + 1);
        }
        if (argument.startsWith(u"--lang="_s)) {
            return argument.mid(7);
        }
    }
    return {};
}

/// --help and --version print and exit: they need no display, so they work over SSH too.
bool onlyPrints(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" || argument == "-v"
            || argument == "--version") {
            return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (onlyPrints(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "minimal");
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"PartnerDesk"_s);
    QApplication::setApplicationName(u"PartnerDesk"_s);
    QApplication::setApplicationVersion(QStringLiteral(PD_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral(PD_APP_ID));
    QApplication::setWindowIcon(QIcon(u":/icons/partnerdesk.svg"_s));

    const QString requested = requestedLanguage(QApplication::arguments());
    const QString language = Pd::Gui::LanguageSettings::resolve(requested);
    Pd::Gui::LanguageSettings::install(
            language,
            !requested.isEmpty() || !Pd::Gui::LanguageSettings::savedLanguage().isEmpty());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
            "main", "Browse, filter and inspect AWS Partner Central opportunities."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
            u"demo"_s,
            QApplication::translate("main", "Browse generated demo data served by a built-in "
                                            "emulator; nothing is sent to AWS."));
    const QCommandLineOption profileOption(
            u"profile"_s,
            QApplication::translate("main", "Use the AWS CLI or PartnerDesk profile <name>."),
            QApplication::translate("main", "name"));
    const QCommandLineOption regionOption(
            u"region"_s, QApplication::translate("main", "Use the AWS region <region>."),
            QApplication::translate("main", "region"));
    const QCommandLineOption endpointOption(
            u"endpoint-url"_s,
            QApplication::translate("main", "Send requests to <url> instead of the region's "
                                            "endpoint."),
            QApplication::translate("main", "url"));
    const QCommandLineOption langOption(
            u"lang"_s,
            QApplication::translate("main", "Use the language <code> (en, de, fr, es, ja, pt_BR) "
                                            "instead of the system's or the saved one."),
            QApplication::translate("main", "code"));
    const QCommandLineOption viewOption(
            u"view"_s,
            QApplication::translate("main", "Open on the <view>: table (default) or pipeline."),
            QApplication::translate("main", "view"));
    parser.addOptions(
            {demoOption, profileOption, regionOption, endpointOption, langOption, viewOption});
    parser.process(app);
    const QString view = parser.value(viewOption);
    if (!view.isEmpty() && view != u"table"_s && view != u"pipeline"_s) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate(
                                        "main", "Unknown view '%1': choose table or pipeline.")
                                        .arg(view)));
        return 2;
    }

    // Declared before the window: the window's calls end before the demo server stops.
    Pd::Emulator::EmulatorThread demo;
    Pd::Core::PartnerDeskProfiles profiles(std::make_shared<Pd::Core::KeychainCredentialStore>());

    Pd::Gui::MainWindow window;
    window.setPartnerDeskProfiles(&profiles);
    window.useLocalCopy(Pd::Gui::LocalCopy::Settings::load());
    window.restoreSettings();
    window.showView(view == u"pipeline"_s ? Pd::Gui::MainWindow::View::Pipeline
                                          : Pd::Gui::MainWindow::View::Table);

    // Empty on success, else why the demo service did not start.
    const auto startDemo = [&demo, &window]() -> QString {
        QString problem;
        // The demo data changes a little every minute, so that syncs find something.
        Pd::Emulator::EmulatorOptions options;
        options.churnModifiedPerMinute = 4;
        options.churnCreatedPerMinute = 1;
        options.churnRemovedPerMinute = 1;
        if (!demo.isRunning() && !demo.start(options, &problem)) {
            return QApplication::translate("main", "The demo service did not start: %1")
                    .arg(problem);
        }
        Pd::Core::ClientConfig config;
        config.endpoint = demo.endpoint();
        config.region = options.region;
        window.setDemoMode(true);
        window.setConnection(config,
                             std::make_shared<Pd::Core::StaticCredentialsProvider>(
                                     demo.credentials(), u"demo"_s),
                             QApplication::translate("main", "Demo data"));
        return {};
    };

    if (parser.isSet(demoOption)) {
        if (const QString problem = startDemo(); !problem.isEmpty()) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "PartnerDesk"), problem);
            return 1;
        }
        window.show();
        return QApplication::exec();
    }

    Pd::Core::ConnectionResolver::Overrides overrides = Pd::Gui::MainWindow::savedConnection();
    const bool flags = parser.isSet(profileOption) || parser.isSet(regionOption)
                       || parser.isSet(endpointOption);
    if (flags) {
        overrides = {parser.value(profileOption), parser.value(regionOption),
                     parser.value(endpointOption)};
    }
    window.connectWith(overrides);
    window.show();

    // Nothing to connect with at all: offer a profile or the demo.
    Pd::Core::ConnectionResolver resolver;
    resolver.setPartnerDeskProfiles(&profiles);
    if (!flags && Pd::Gui::WelcomeDialog::isNeeded(resolver, profiles, overrides)) {
        auto *welcome = new Pd::Gui::WelcomeDialog(&window);
        welcome->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(welcome, &Pd::Gui::WelcomeDialog::chosen, &window,
                         [&window, startDemo](Pd::Gui::WelcomeDialog::Choice choice) {
                             if (choice == Pd::Gui::WelcomeDialog::Choice::Demo) {
                                 if (const QString problem = startDemo(); !problem.isEmpty()) {
                                     window.setConnectionError(problem);
                                 }
                             } else if (choice == Pd::Gui::WelcomeDialog::Choice::SetUpProfile) {
                                 window.showProfilesDialog();
                             }
                         });
        welcome->open();
    }
    return QApplication::exec();
}
