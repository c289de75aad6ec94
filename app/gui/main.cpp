// partnerdesk: the desktop app. Wires the libraries together; everything else lives in ui/.
#include "emulatorthread.h"
#include "keychaincredentialstore.h"
#include "mainwindow.h"
#include "partnerdeskprofiles.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"PartnerDesk"_s);
    QApplication::setApplicationName(u"PartnerDesk"_s);
    QApplication::setApplicationVersion(QStringLiteral(PD_VERSION_STRING));
    QApplication::setDesktopFileName(u"partnerdesk"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/partnerdesk.svg"_s));

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
    parser.addOptions({demoOption, profileOption, regionOption, endpointOption});
    parser.process(app);

    // Declared before the window: the window's calls end before the demo server stops.
    Pd::Emulator::EmulatorThread demo;
    Pd::Core::PartnerDeskProfiles profiles(std::make_shared<Pd::Core::KeychainCredentialStore>());

    Pd::Gui::MainWindow window;
    window.setPartnerDeskProfiles(&profiles);
    window.restoreSettings();
    if (parser.isSet(demoOption)) {
        QString problem;
        const Pd::Emulator::EmulatorOptions options;
        if (!demo.start(options, &problem)) {
            QMessageBox::critical(
                    nullptr, QApplication::translate("main", "PartnerDesk"),
                    QApplication::translate("main", "The demo service did not start: %1")
                            .arg(problem));
            return 1;
        }
        Pd::Core::ClientConfig config;
        config.endpoint = demo.endpoint();
        config.region = options.region;
        window.setDemoMode(true);
        window.setConnection(config,
                             std::make_shared<Pd::Core::StaticCredentialsProvider>(
                                     demo.credentials(), u"demo"_s),
                             QApplication::translate("main", "Demo data"));
    } else {
        Pd::Core::ConnectionResolver::Overrides overrides = Pd::Gui::MainWindow::savedConnection();
        const bool flags = parser.isSet(profileOption) || parser.isSet(regionOption)
                           || parser.isSet(endpointOption);
        if (flags) {
            overrides = {parser.value(profileOption), parser.value(regionOption),
                         parser.value(endpointOption)};
        }
        window.connectWith(overrides);
    }
    window.show();
    return QApplication::exec();
}
