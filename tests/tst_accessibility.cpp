#include "aboutdialog.h"
#include "connectiondialog.h"
#include "connectionresolver.h"
#include "emulatorserver.h"
#include "exportdialog.h"
#include "mainwindow.h"
#include "memorycredentialstore.h"
#include "opportunitymodel.h"
#include "partnerdeskprofiles.h"
#include "profilesdialog.h"
#include "welcomedialog.h"

#include <QAccessible>
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Gui;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;

namespace {

QString describe(const QWidget *widget)
{
    QStringList path;
    for (const QObject *o = widget; o; o = o->parent()) {
        path.prepend(QString::fromLatin1(o->metaObject()->className()) + u'#' + o->objectName());
    }
    return path.join(u" > "_s);
}

/// The name a screen reader announces: the accessible name, else the buddy label's text,
/// the button's text, the window title…, as Qt's accessibility bridge computes it.
QString accessibleName(QWidget *widget)
{
    QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
    return accessible ? accessible->text(QAccessible::Name).trimmed() : QString();
}

/// Every widget under `root` that takes keyboard focus and is shown, without a name.
QStringList unnamedFocusableWidgets(QWidget *root)
{
    QStringList problems;
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (!(widget->focusPolicy() & Qt::TabFocus) || !widget->isVisibleTo(root)
            || !widget->isEnabled() || widget->focusProxy()) {
            continue;
        }
        if (accessibleName(widget).isEmpty()) {
            problems += describe(widget);
        }
    }
    return problems;
}

/// The mnemonic letter of a menu or button text ("&File" → "f"), empty without one.
QString mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) == u'&') {
            if (text.at(i + 1) == u'&') {
                ++i;
                continue;
            }
            return text.at(i + 1).toLower();
        }
    }
    return {};
}

/// Actions of `menu` (and its submenus) that the keyboard cannot reach directly, and
/// mnemonics used twice in one menu.
QStringList keyboardProblems(const QMenu *menu)
{
    QStringList problems;
    QHash<QString, QString> used;
    const QList<QAction *> actions = menu->actions();
    for (const QAction *action : actions) {
        if (action->isSeparator() || !action->isVisible()) {
            continue;
        }
        const QString key = mnemonic(action->text());
        if (key.isEmpty() && action->shortcut().isEmpty() && !action->isCheckable()) {
            problems += menu->title() + u" › "_s + action->text() + u": no mnemonic or shortcut"_s;
        }
        if (!key.isEmpty()) {
            if (used.contains(key)) {
                problems += menu->title() + u": “"_s + key + u"” in "_s + used.value(key)
                            + u" and "_s + action->text();
            }
            used.insert(key, action->text());
        }
        if (action->menu()) {
            problems += keyboardProblems(action->menu());
        }
    }
    return problems;
}

} // namespace

class tst_Accessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mainWindow_everyFocusableControlHasAName();
    void mainWindow_everyActionReachableFromTheKeyboard();
    void dialogs_everyFocusableControlHasAName_data();
    void dialogs_everyFocusableControlHasAName();
    void profilesDialog_tabOrderFollowsTheForm();

private:
    QWidget *makeDialog(const QString &which);

    QTemporaryDir m_dir;
    EmulatorServer m_server;
    std::unique_ptr<MainWindow> m_window;
    std::shared_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<PartnerDeskProfiles> m_profiles;
    std::unique_ptr<ConnectionResolver> m_resolver;
};

void tst_Accessibility::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    EmulatorOptions options;
    options.count = 120;
    options.sandboxCount = 10;
    QString error;
    QVERIFY2(m_server.start(options, &error), qPrintable(error));

    m_store = std::make_shared<MemoryCredentialStore>();
    m_settings = std::make_unique<QSettings>(m_dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    m_profiles = std::make_unique<PartnerDeskProfiles>(m_store, m_settings.get());
    QProcessEnvironment environment;
    environment.insert(u"AWS_CONFIG_FILE"_s, m_dir.filePath(u"config"_s));
    m_resolver = std::make_unique<ConnectionResolver>(environment, m_dir.path());

    m_window = std::make_unique<MainWindow>();
    m_window->setPartnerDeskProfiles(m_profiles.get());
    ClientConfig config;
    config.endpoint = m_server.endpoint();
    m_window->setConnection(
            config, std::make_shared<StaticCredentialsProvider>(m_server.credentials(), u"t"_s),
            u"test"_s);
    m_window->setDemoMode(true);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(QTest::qWaitFor([this] { return m_window->model()->rowCount() > 0; }, 10000));
}

void tst_Accessibility::mainWindow_everyFocusableControlHasAName()
{
    const QStringList problems = unnamedFocusableWidgets(m_window.get());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    // The docks' own names, for the dock list of a screen reader.
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>()) {
        QVERIFY(!accessibleName(dock).isEmpty());
    }
}

void tst_Accessibility::mainWindow_everyActionReachableFromTheKeyboard()
{
    QStringList problems;
    QHash<QString, QString> used;
    for (QAction *action : m_window->menuBar()->actions()) {
        QVERIFY(action->menu());
        const QString key = mnemonic(action->text());
        if (key.isEmpty()) {
            problems += action->text() + u": no mnemonic"_s;
        } else if (used.contains(key)) {
            problems += u"menu bar: “"_s + key + u"” twice"_s;
        }
        used.insert(key, action->text());
        problems += keyboardProblems(action->menu());
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(m_window->exportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
}

void tst_Accessibility::dialogs_everyFocusableControlHasAName_data()
{
    QTest::addColumn<QString>("which");
    for (const char *name : {"export", "profiles", "connection", "about", "welcome"}) {
        QTest::newRow(name) << QString::fromLatin1(name);
    }
}

QWidget *tst_Accessibility::makeDialog(const QString &which)
{
    if (which == u"export"_s) {
        return new ExportDialog(m_window->tableView(), m_window.get());
    }
    if (which == u"profiles"_s) {
        return new ProfilesDialog(m_profiles.get(), m_resolver.get(), m_window.get());
    }
    if (which == u"connection"_s) {
        return new ConnectionDialog(m_resolver.get(), m_profiles.get(), m_window.get());
    }
    if (which == u"about"_s) {
        return new AboutDialog(m_window.get());
    }
    return new WelcomeDialog(m_window.get());
}

void tst_Accessibility::dialogs_everyFocusableControlHasAName()
{
    QFETCH(QString, which);
    std::unique_ptr<QWidget> dialog(makeDialog(which));
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    QVERIFY(!dialog->windowTitle().isEmpty());
    const QStringList problems = unnamedFocusableWidgets(dialog.get());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_Accessibility::profilesDialog_tabOrderFollowsTheForm()
{
    ProfilesDialog dialog(m_profiles.get(), m_resolver.get(), m_window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QStringList expected{u"profileName"_s,       u"accessKeyId"_s,
                               u"secretAccessKey"_s,   u"sessionToken"_s,
                               u"profileRegion"_s,     u"profileEndpoint"_s,
                               u"saveProfileButton"_s, u"testConnectionButton"_s};
    QWidget *start = dialog.findChild<QWidget *>(expected.constFirst());
    QStringList order;
    QWidget *widget = start;
    while (order.size() < expected.size()) {
        order += widget->objectName();
        do {
            widget = widget->nextInFocusChain();
        } while (widget != start
                 && (!(widget->focusPolicy() & Qt::TabFocus) || !widget->isVisibleTo(&dialog)
                     || !widget->isEnabled()));
        if (widget == start) {
            break;
        }
    }
    QCOMPARE(order, expected);
}

QTEST_MAIN(tst_Accessibility)
#include "tst_accessibility.moc"
