#include "aboutdialog.h"
#include "connectiondialog.h"
#include "connectionresolver.h"
#include "csvwriter.h"
#include "exportdialog.h"
#include "languagesettings.h"
#include "mainwindow.h"
#include "memorycredentialstore.h"
#include "opportunityfield.h"
#include "opportunitytableview.h"
#include "opportunitytext.h"
#include "partnerdeskprofiles.h"
#include "profilesdialog.h"
#include "welcomedialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QBuffer>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QXmlStreamReader>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Gui;

namespace {

const QStringList Languages{u"de"_s, u"fr"_s, u"es"_s, u"ja"_s, u"pt_BR"_s};

/// Strings that are the same in every language: names, acronyms, codes.
const QSet<QString> AllowList{u"PartnerDesk"_s, u"AWS"_s,       u"Sandbox"_s, u"CSV"_s,
                              u"Id"_s,          u"ARN"_s,       u"Arn"_s,     u"DEMO"_s,
                              u"OK"_s,          u"us-east-1"_s, u"AKIA…"_s};

struct Message
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type; ///< translation type attribute: "", "unfinished", "vanished", "obsolete"
    QStringList translations; ///< one, or the numerus forms
};

QList<Message> readTs(const QString &path, QString *language, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            continue;
        }
        const auto name = xml.name();
        if (name == "TS"_L1) {
            *language = xml.attributes().value("language"_L1).toString();
        } else if (name == "name"_L1) {
            context = xml.readElementText();
        } else if (name == "message"_L1) {
            message = Message();
            message.context = context;
            message.numerus = xml.attributes().value("numerus"_L1) == "yes"_L1;
        } else if (name == "source"_L1) {
            message.source = xml.readElementText();
        } else if (name == "comment"_L1) {
            message.comment = xml.readElementText();
        } else if (name == "translation"_L1) {
            message.type = xml.attributes().value("type"_L1).toString();
            if (!message.numerus) {
                message.translations = {xml.readElementText()};
                messages += message;
            } else {
                while (xml.readNextStartElement()) {
                    if (xml.name() == "numerusform"_L1) {
                        message.translations += xml.readElementText();
                    } else {
                        xml.skipCurrentElement();
                    }
                }
                messages += message;
            }
        }
    }
    if (xml.hasError()) {
        *error = xml.errorString();
    }
    return messages;
}

QSet<QString> placeholders(const QString &text)
{
    QSet<QString> found;
    static const QRegularExpression pattern(u"%(\\d|n)"_s);
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        found.insert(it.next().captured(0));
    }
    return found;
}

bool hasMnemonic(const QString &text)
{
    return QString(text).replace(u"&&"_s, QString()).contains(u'&');
}

/// Every user-visible string under `root`: window titles, texts, tooltips, placeholders,
/// accessible names and descriptions, group titles, list and combo items, header labels, and
/// the actions of menus and widgets.
void collect(QWidget *root, QSet<QString> *texts)
{
    const auto add = [texts](const QString &text) {
        QString plain = text;
        if (Qt::mightBeRichText(plain)) {
            QTextDocument document;
            document.setHtml(plain);
            plain = document.toPlainText();
        }
        plain.remove(QRegularExpression(u"&(?=[^&])"_s));
        plain = plain.trimmed();
        if (plain.contains(QRegularExpression(u"\\p{L}"_s))) {
            texts->insert(plain);
        }
    };
    std::function<void(const QAction *)> addAction = [&](const QAction *action) {
        add(action->text());
        add(action->toolTip() == QString(action->text()).remove(u'&') ? QString()
                                                                      : action->toolTip());
        add(action->statusTip());
        if (action->menu()) {
            add(action->menu()->title());
            for (const QAction *sub : action->menu()->actions()) {
                addAction(sub);
            }
        }
    };
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : std::as_const(widgets)) {
        if (widget->isWindow()) {
            add(widget->windowTitle());
        }
        add(widget->toolTip());
        add(widget->statusTip());
        add(widget->whatsThis());
        add(widget->accessibleName());
        add(widget->accessibleDescription());
        for (const QAction *action : widget->actions()) {
            addAction(action);
        }
        if (auto *label = qobject_cast<QLabel *>(widget)) {
            add(label->text());
        } else if (auto *button = qobject_cast<QAbstractButton *>(widget)) {
            add(button->text());
        } else if (auto *edit = qobject_cast<QLineEdit *>(widget)) {
            add(edit->placeholderText());
        } else if (auto *text = qobject_cast<QPlainTextEdit *>(widget)) {
            add(text->placeholderText());
        } else if (auto *group = qobject_cast<QGroupBox *>(widget)) {
            add(group->title());
        } else if (auto *dock = qobject_cast<QDockWidget *>(widget)) {
            add(dock->windowTitle());
            addAction(dock->toggleViewAction());
        } else if (auto *combo = qobject_cast<QComboBox *>(widget)) {
            for (int i = 0; i < combo->count(); ++i) {
                add(combo->itemText(i));
            }
        } else if (auto *list = qobject_cast<QListWidget *>(widget)) {
            for (int i = 0; i < list->count(); ++i) {
                add(list->item(i)->text());
            }
        } else if (auto *header = qobject_cast<QHeaderView *>(widget)) {
            if (header->model() && header->orientation() == Qt::Horizontal) {
                for (int i = 0; i < header->count(); ++i) {
                    add(header->model()->headerData(i, Qt::Horizontal).toString());
                }
            }
        } else if (auto *bar = qobject_cast<QMenuBar *>(widget)) {
            for (const QAction *action : bar->actions()) {
                addAction(action);
            }
        }
    }
}

/// The texts of the main window and every dialog, built in the installed language.
QSet<QString> visibleTexts(const QString &directory)
{
    QSet<QString> texts;
    auto store = std::make_shared<MemoryCredentialStore>();
    QSettings settings(directory + u"/settings.ini"_s, QSettings::IniFormat);
    PartnerDeskProfiles profiles(store, &settings);
    QProcessEnvironment environment;
    environment.insert(u"AWS_CONFIG_FILE"_s, directory + u"/none"_s);
    ConnectionResolver resolver(environment, directory);

    MainWindow window;
    window.setPartnerDeskProfiles(&profiles);
    window.setDemoMode(true);
    window.show();
    collect(&window, &texts);
    const std::unique_ptr<QWidget> dialogs[] = {
            std::make_unique<ExportDialog>(window.tableView(), &window),
            std::make_unique<ProfilesDialog>(&profiles, &resolver, &window),
            std::make_unique<ConnectionDialog>(&resolver, &profiles, &window),
            std::make_unique<AboutDialog>(&window),
            std::make_unique<WelcomeDialog>(&window),
    };
    for (const auto &dialog : dialogs) {
        dialog->show();
        collect(dialog.get(), &texts);
    }
    return texts;
}

QChar mnemonicOf(const QString &text)
{
    const QString plain = QString(text).replace(u"&&"_s, QString());
    const qsizetype at = plain.indexOf(u'&');
    return at >= 0 && at + 1 < plain.size() ? plain.at(at + 1).toLower() : QChar();
}

/// Mnemonics used twice in one menu, or twice among the menu bar and the window's own buttons
/// and labels (Alt+letter must reach exactly one of them).
QStringList mnemonicClashes(const MainWindow &window)
{
    QStringList clashes;
    std::function<void(const QString &, const QList<QAction *> &)> checkMenu
            = [&](const QString &where, const QList<QAction *> &actions) {
                  QHash<QChar, QString> used;
                  for (const QAction *action : actions) {
                      const QChar key = mnemonicOf(action->text());
                      if (!key.isNull()) {
                          if (used.contains(key)) {
                              clashes += where + u": "_s + used.value(key) + u" / "_s
                                         + action->text();
                          }
                          used.insert(key, action->text());
                      }
                      if (action->menu()) {
                          checkMenu(action->text(), action->menu()->actions());
                      }
                  }
              };
    const QList<QAction *> menus = window.menuBar()->actions();
    checkMenu(u"menu bar"_s, menus);

    QHash<QChar, QString> used;
    for (const QAction *action : menus) {
        used.insert(mnemonicOf(action->text()), action->text());
    }
    for (const QWidget *widget : window.findChildren<QWidget *>()) {
        QString text;
        if (const auto *label = qobject_cast<const QLabel *>(widget); label && label->buddy()) {
            text = label->text();
        } else if (const auto *button = qobject_cast<const QAbstractButton *>(widget)) {
            text = button->text();
        }
        const QChar key = mnemonicOf(text);
        if (key.isNull()) {
            continue;
        }
        if (used.contains(key)) {
            clashes += u"window: "_s + used.value(key) + u" / "_s + text;
        }
        used.insert(key, text);
    }
    return clashes;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void tsFile_isComplete_data();
    void tsFile_isComplete();
    void everyLanguage_loadsAndHasNoClashingMnemonics_data();
    void everyLanguage_loadsAndHasNoClashingMnemonics();
    void germanWindow_showsNoUntranslatedText();
    void enumLabels_areTranslated_apiValuesAndCsvNamesAreNot();
    void qtStandardDialogs_areTranslated();
    void language_followsLangThenSettingThenSystem();

private:
    QTemporaryDir m_dir;
};

void tst_Translations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

void tst_Translations::cleanup()
{
    LanguageSettings::install(u"en"_s, false);
    QLocale::setDefault(QLocale::system());
}

void tst_Translations::tsFile_isComplete_data()
{
    QTest::addColumn<QString>("language");
    for (const QString &language : Languages) {
        QTest::newRow(qPrintable(language)) << language;
    }
}

void tst_Translations::tsFile_isComplete()
{
    QFETCH(QString, language);
    const QString path
            = QStringLiteral(PD_SOURCE_DIR) + u"/translations/partnerdesk_"_s + language + u".ts"_s;
    QString declared;
    QString error;
    const QList<Message> messages = readTs(path, &declared, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(declared, language);
    QVERIFY(messages.size() > 300);

    // Japanese has one plural form; the others two.
    const qsizetype forms = language == u"ja"_s ? 1 : 2;
    QStringList problems;
    for (const Message &m : messages) {
        const QString where = m.context + u" “"_s + m.source + u"”"_s;
        if (!m.type.isEmpty()) {
            problems += where + u": type=\""_s + m.type + u'"';
            continue;
        }
        if (m.numerus && m.translations.size() != forms) {
            problems += where + u": %1 plural forms"_s.arg(m.translations.size());
        }
        for (const QString &translation : m.translations) {
            if (translation.trimmed().isEmpty()) {
                problems += where + u": empty translation"_s;
                continue;
            }
            QSet<QString> expected = placeholders(m.source);
            if (m.numerus) {
                expected.insert(u"%n"_s);
            }
            if (placeholders(translation) != expected) {
                problems += where + u": placeholders differ in “"_s + translation + u'”';
            }
            if (hasMnemonic(m.source) != hasMnemonic(translation)) {
                problems += where + u": mnemonic differs in “"_s + translation + u'”';
            }
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_Translations::everyLanguage_loadsAndHasNoClashingMnemonics_data()
{
    QTest::addColumn<QString>("language");
    for (const QString &language : QStringList{u"en"_s} + Languages) {
        QTest::newRow(qPrintable(language)) << language;
    }
}

void tst_Translations::everyLanguage_loadsAndHasNoClashingMnemonics()
{
    QFETCH(QString, language);
    QVERIFY(LanguageSettings::install(language, false));
    QCOMPARE(LanguageSettings::current(), language);
    MainWindow window;
    QCOMPARE(window.fileMenu()->title() == u"&File"_s, language == u"en"_s);
    const QStringList clashes = mnemonicClashes(window);
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u'\n')));
}

void tst_Translations::germanWindow_showsNoUntranslatedText()
{
    const QSet<QString> english = visibleTexts(m_dir.path());
    QVERIFY(english.contains(u"Filters"_s));
    QVERIFY(english.contains(u"Export to CSV"_s));

    QVERIFY(LanguageSettings::install(u"de"_s, true));
    const QSet<QString> german = visibleTexts(m_dir.path());
    QVERIFY(german.size() > 100);

    QSet<QString> allowed = AllowList;
    for (const LanguageSettings::Language &language : LanguageSettings::available()) {
        allowed.insert(language.nativeName);
    }
    QStringList untranslated;
    for (const QString &text : german) {
        if (english.contains(text) && !allowed.contains(text)) {
            untranslated += text;
        }
    }
    untranslated.sort();
    QVERIFY2(untranslated.isEmpty(), qPrintable(u"untranslated:\n"_s + untranslated.join(u'\n')));
}

void tst_Translations::enumLabels_areTranslated_apiValuesAndCsvNamesAreNot()
{
    QVERIFY(LanguageSettings::install(u"de"_s, true));
    QCOMPARE(OpportunityText::stageLabel(u"Qualified"_s), u"Qualifiziert"_s);
    QCOMPARE(OpportunityText::reviewStatusLabel(u"In review"_s), u"In Prüfung"_s);
    QVERIFY(OpportunityText::industryLabel(u"Healthcare"_s) != u"Healthcare"_s);
    QCOMPARE(OpportunityText::stageLabel(u"Not A Stage"_s), u"Not A Stage"_s);
    QCOMPARE(OpportunityText::fieldTitle(OpportunityField::Stage), u"Phase"_s);
    QCOMPARE(OpportunityText::countryName(u"GB"_s), u"Vereinigtes Königreich"_s);

    // Field names and CSV headers stay the API's.
    QCOMPARE(OpportunityFields::name(OpportunityField::Stage), u"LifeCycle.Stage"_s);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter writer(&buffer);
    QVERIFY(writer.writeHeader(
            {OpportunityField::Id, OpportunityField::Stage, OpportunityField::ReviewStatus}));
    QCOMPARE(buffer.data(), QByteArray("Id,LifeCycle.Stage,LifeCycle.ReviewStatus\r\n"));

    OpportunitySummary summary;
    summary.stage = u"Qualified"_s;
    QCOMPARE(OpportunityFields::text(summary, OpportunityField::Stage), u"Qualified"_s);
    QCOMPARE(OpportunityText::displayText(summary, OpportunityField::Stage), u"Qualifiziert"_s);
}

void tst_Translations::qtStandardDialogs_areTranslated()
{
    QVERIFY(LanguageSettings::install(u"de"_s, true));
    QDialogButtonBox buttons(QDialogButtonBox::Cancel | QDialogButtonBox::Close);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), u"Abbrechen"_s);
    QVERIFY(LanguageSettings::install(u"ja"_s, true));
    QDialogButtonBox japanese(QDialogButtonBox::Cancel);
    QVERIFY(japanese.button(QDialogButtonBox::Cancel)->text().contains(u"キャンセル"_s));
}

void tst_Translations::language_followsLangThenSettingThenSystem()
{
    QCOMPARE(LanguageSettings::match({u"de-CH"_s, u"en-US"_s}), u"de"_s);
    QCOMPARE(LanguageSettings::match({u"pt-PT"_s}), u"pt_BR"_s);
    QCOMPARE(LanguageSettings::match({u"pt-BR"_s}), u"pt_BR"_s);
    QCOMPARE(LanguageSettings::match({u"it-IT"_s, u"fr-CA"_s}), u"fr"_s);
    QCOMPARE(LanguageSettings::match({u"it-IT"_s}), u"en"_s);
    QCOMPARE(LanguageSettings::match({u"ja-JP"_s}), u"ja"_s);

    LanguageSettings::setSavedLanguage(u"es"_s);
    QCOMPARE(LanguageSettings::savedLanguage(), u"es"_s);
    QCOMPARE(LanguageSettings::resolve(), u"es"_s);
    QCOMPARE(LanguageSettings::resolve(u"ja"_s), u"ja"_s); // --lang wins
    QCOMPARE(LanguageSettings::resolve(u"xx"_s), u"es"_s); // unknown: as if not given
    LanguageSettings::setSavedLanguage({});
    QCOMPARE(LanguageSettings::savedLanguage(), QString());
    QCOMPARE(LanguageSettings::resolve(), LanguageSettings::match(QLocale::system().uiLanguages()));

    // The explicit choice sets the locale for dates and numbers.
    QVERIFY(LanguageSettings::install(u"de"_s, true));
    QCOMPARE(QLocale().language(), QLocale::German);
    QVERIFY(LanguageSettings::install(u"ja"_s, true));
    QCOMPARE(QLocale().language(), QLocale::Japanese);
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
