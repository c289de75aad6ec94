#include "languagesettings.h"

#include <QActionGroup>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcLanguageSettings, "partnerdesk.ui.languagesettings")

namespace Pd::Gui {

namespace {

const QString LanguageKey = u"ui/language"_s;
const QString SourceLanguage = u"en"_s;

struct Installed
{
    QPointer<QTranslator> own;
    QPointer<QTranslator> qt;
    QString code = SourceLanguage;
};

Installed &installed()
{
    static Installed state;
    return state;
}

void removeTranslator(QPointer<QTranslator> &translator)
{
    if (translator) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

} // namespace

QList<LanguageSettings::Language> LanguageSettings::available()
{
    // Native names: each language as its speakers write it, never translated.
    return {
            {u"en"_s, u"English"_s}, {u"de"_s, u"Deutsch"_s}, {u"fr"_s, u"Français"_s},
            {u"es"_s, u"Español"_s}, {u"ja"_s, u"日本語"_s},  {u"pt_BR"_s, u"Português (Brasil)"_s},
    };
}

bool LanguageSettings::isAvailable(const QString &code)
{
    const QList<Language> languages = available();
    return std::any_of(languages.cbegin(), languages.cend(),
                       [&code](const Language &language) { return language.code == code; });
}

QString LanguageSettings::savedLanguage()
{
    const QString code = QSettings().value(LanguageKey).toString();
    return isAvailable(code) ? code : QString();
}

void LanguageSettings::setSavedLanguage(const QString &code)
{
    QSettings settings;
    if (code.isEmpty()) {
        settings.remove(LanguageKey);
    } else {
        settings.setValue(LanguageKey, code);
    }
}

QString LanguageSettings::match(const QStringList &uiLanguages)
{
    for (const QString &tag : uiLanguages) {
        QString code = tag;
        code.replace(u'-', u'_');
        if (isAvailable(code)) {
            return code;
        }
        const QString language = code.section(u'_', 0, 0);
        if (language == u"pt"_s) {
            return u"pt_BR"_s; // the only Portuguese translation
        }
        if (isAvailable(language)) {
            return language;
        }
    }
    return SourceLanguage;
}

QString LanguageSettings::resolve(const QString &requested)
{
    if (!requested.isEmpty()) {
        const QString code = match({requested});
        if (code != SourceLanguage || requested.startsWith(SourceLanguage)) {
            return code;
        }
        qCWarning(lcLanguageSettings).noquote()
                << "no translation for" << requested << "; using the system's language";
    }
    if (const QString saved = savedLanguage(); !saved.isEmpty()) {
        return saved;
    }
    return match(QLocale::system().uiLanguages());
}

bool LanguageSettings::install(const QString &code, bool explicitChoice)
{
    Installed &state = installed();
    removeTranslator(state.own);
    removeTranslator(state.qt);
    state.code = SourceLanguage;
    if (explicitChoice) {
        const QLocale system = QLocale::system();
        const QLocale chosen(code);
        QLocale::setDefault(system.language() == chosen.language() ? system : chosen);
    }
    if (code == SourceLanguage || !isAvailable(code)) {
        return code == SourceLanguage;
    }
    auto *own = new QTranslator(QCoreApplication::instance());
    if (!own->load(u"partnerdesk_"_s + code, u":/i18n"_s)) {
        qCWarning(lcLanguageSettings).noquote() << "translation missing:" << code;
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    state.own = own;
    state.code = code;

    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(u"qtbase_"_s + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        state.qt = qt;
    } else {
        qCInfo(lcLanguageSettings).noquote() << "no Qt translation for" << code;
        delete qt;
    }
    return true;
}

QString LanguageSettings::current()
{
    return installed().code;
}

QMenu *LanguageSettings::createMenu(QWidget *parent)
{
    auto *menu = new QMenu(tr("Lan&guage"), parent);
    menu->setObjectName(u"languageMenu"_s);
    auto *group = new QActionGroup(menu);
    group->setExclusive(true);
    const QString saved = savedLanguage();

    const QString systemCode = match(QLocale::system().uiLanguages());
    QString systemName;
    for (const Language &language : available()) {
        if (language.code == systemCode) {
            systemName = language.nativeName;
        }
    }
    QAction *system = menu->addAction(tr("As the &System (%1)").arg(systemName));
    system->setCheckable(true);
    system->setChecked(saved.isEmpty());
    system->setData(QString());
    group->addAction(system);
    menu->addSeparator();
    for (const Language &language : available()) {
        QAction *action = menu->addAction(language.nativeName);
        action->setCheckable(true);
        action->setChecked(language.code == saved);
        action->setData(language.code);
        group->addAction(action);
    }
    QObject::connect(group, &QActionGroup::triggered, menu, [parent](QAction *action) {
        const QString code = action->data().toString();
        if (code == savedLanguage()) {
            return;
        }
        setSavedLanguage(code);
        auto *box = new QMessageBox(QMessageBox::Information, tr("Language"),
                                    tr("PartnerDesk will use the new language the next time it "
                                       "starts."),
                                    QMessageBox::Ok, parent);
        box->setObjectName(u"languageRestartNote"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    return menu;
}

} // namespace Pd::Gui
