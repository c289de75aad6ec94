#include "aboutdialog.h"
#include "connectionresolver.h"
#include "languagesettings.h"
#include "mainwindow.h"
#include "memorycredentialstore.h"
#include "partnerdeskprofiles.h"
#include "welcomedialog.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Gui;

class tst_AppDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void about_namesVersionAndLicenses();
    void welcome_neededOnlyWithoutAnyCredentials();
    void welcome_reportsTheChoice_data();
    void welcome_reportsTheChoice();
    void mainWindow_hasExportProfilesLanguageAndAboutActions();
    void languageMenu_savesTheChoiceAndSaysWhenItApplies();

private:
    QTemporaryDir m_dir;
};

void tst_AppDialogs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_AppDialogs::init()
{
    QSettings().clear();
}

void tst_AppDialogs::about_namesVersionAndLicenses()
{
    AboutDialog about;
    const QString text = about.plainText();
    QVERIFY2(text.contains(u"PartnerDesk "_s + QStringLiteral(PD_VERSION_STRING)),
             qPrintable(text));
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    for (const QString &license : {u"LGPL-3.0"_s, u"BSD 3-Clause"_s, u"Apache License 2.0"_s}) {
        QVERIFY2(text.contains(license), qPrintable(license));
    }
    for (const QString &library : {u"Qt:"_s, u"QtKeychain:"_s, u"simdjson:"_s}) {
        QVERIFY2(text.contains(library), qPrintable(library));
    }
    QVERIFY(about.findChild<QPushButton *>(u"aboutQtButton"_s));
}

void tst_AppDialogs::welcome_neededOnlyWithoutAnyCredentials()
{
    auto store = std::make_shared<MemoryCredentialStore>();
    QSettings settings(m_dir.filePath(u"welcome.ini"_s), QSettings::IniFormat);
    settings.clear();
    PartnerDeskProfiles profiles(store, &settings);
    const QString config = m_dir.filePath(u"config"_s);
    QFile::remove(config);
    QProcessEnvironment environment;
    environment.insert(u"AWS_CONFIG_FILE"_s, config);
    environment.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, m_dir.filePath(u"credentials"_s));
    ConnectionResolver resolver(environment, m_dir.path());
    resolver.setPartnerDeskProfiles(&profiles);
    QVERIFY(WelcomeDialog::isNeeded(resolver, profiles, {}));

    // Keys in the environment.
    QProcessEnvironment withKeys = environment;
    withKeys.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    withKeys.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"secret"_s);
    ConnectionResolver envResolver(withKeys, m_dir.path());
    QVERIFY(!WelcomeDialog::isNeeded(envResolver, profiles, {}));

    // An AWS CLI profile, even one not chosen yet.
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[profile sales]\naws_access_key_id = AKIDSALES\n"
                   "aws_secret_access_key = s\n");
    }
    QVERIFY(!WelcomeDialog::isNeeded(resolver, profiles, {}));
    QFile::remove(config);
    QVERIFY(WelcomeDialog::isNeeded(resolver, profiles, {}));

    // A PartnerDesk profile.
    QString error = u"pending"_s;
    profiles.save({u"desk"_s, u"AKIDDESK"_s, {}, {}}, u"secret"_s, {}, this,
                  [&error](const QString &e) { error = e; });
    QVERIFY(QTest::qWaitFor([&error] { return error != u"pending"_s; }));
    QCOMPARE(error, QString());
    QVERIFY(!WelcomeDialog::isNeeded(resolver, profiles, {}));
}

void tst_AppDialogs::welcome_reportsTheChoice_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<WelcomeDialog::Choice>("choice");
    QTest::addColumn<int>("result");
    QTest::newRow("profile") << u"setUpProfileButton"_s << WelcomeDialog::Choice::SetUpProfile
                             << int(QDialog::Accepted);
    QTest::newRow("demo") << u"demoButton"_s << WelcomeDialog::Choice::Demo
                          << int(QDialog::Accepted);
    QTest::newRow("later") << u"laterButton"_s << WelcomeDialog::Choice::Later
                           << int(QDialog::Rejected);
}

void tst_AppDialogs::welcome_reportsTheChoice()
{
    QFETCH(QString, button);
    QFETCH(WelcomeDialog::Choice, choice);
    QFETCH(int, result);
    WelcomeDialog welcome;
    QSignalSpy chosen(&welcome, &WelcomeDialog::chosen);
    welcome.open();
    QTest::mouseClick(welcome.findChild<QPushButton *>(button), Qt::LeftButton);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.constFirst().constFirst().value<WelcomeDialog::Choice>(), choice);
    QCOMPARE(welcome.choice(), choice);
    QCOMPARE(welcome.result(), result);
}

void tst_AppDialogs::mainWindow_hasExportProfilesLanguageAndAboutActions()
{
    MainWindow window;
    QCOMPARE(window.exportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QVERIFY(window.fileMenu()->actions().contains(window.exportAction()));
    QVERIFY(window.settingsMenu()->actions().contains(window.profilesAction()));
    const auto *language = window.findChild<QMenu *>(u"languageMenu"_s);
    QVERIFY(language);
    QVERIFY(window.settingsMenu()->actions().contains(language->menuAction()));
    QStringList help;
    for (const QAction *action : window.helpMenu()->actions()) {
        help += action->text();
    }
    QCOMPARE(help, (QStringList{u"&About PartnerDesk"_s, u"About &Qt"_s}));
}

void tst_AppDialogs::languageMenu_savesTheChoiceAndSaysWhenItApplies()
{
    QWidget parent;
    std::unique_ptr<QMenu> menu(LanguageSettings::createMenu(&parent));
    QStringList names;
    QAction *japanese = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->isSeparator()) {
            continue;
        }
        names += action->text();
        if (action->data().toString() == u"ja"_s) {
            japanese = action;
        }
    }
    QCOMPARE(names.size(), 7); // as the system, English and five translations
    QVERIFY(menu->actions().constFirst()->isChecked()); // nothing saved: as the system
    QVERIFY(japanese);
    japanese->trigger();
    QCOMPARE(LanguageSettings::savedLanguage(), u"ja"_s);
    QVERIFY(japanese->isChecked());
    auto *note = parent.findChild<QMessageBox *>(u"languageRestartNote"_s);
    QVERIFY(note);
    QVERIFY(note->text().contains(u"next time"_s));

    std::unique_ptr<QMenu> again(LanguageSettings::createMenu(&parent));
    for (QAction *action : again->actions()) {
        if (action->data().toString() == u"ja"_s) {
            QVERIFY(action->isChecked());
        }
    }
}

QTEST_MAIN(tst_AppDialogs)
#include "tst_appdialogs.moc"
