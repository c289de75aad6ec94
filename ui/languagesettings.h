#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

class QMenu;
class QWidget;

namespace Pd::Gui {

/// The user interface language: PartnerDesk's own translations (`:/i18n/partnerdesk_<code>.qm`)
/// plus Qt's (`qtbase_<code>.qm` from Qt's translations folder, for standard dialogs).
///
/// The language comes from `--lang`, else from the setting (Settings › Language), else from the
/// system's UI languages; anything without a translation falls back to English. An explicitly
/// chosen language also becomes the default locale for dates and numbers unless the system
/// locale already speaks it. Changes take effect at the next start.
class LanguageSettings final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Gui::LanguageSettings)

public:
    struct Language
    {
        QString code; ///< "de", "pt_BR"; "en" is the source language
        QString nativeName; ///< "Deutsch", "日本語"
    };

    /// English first, then every translation.
    static QList<Language> available();
    static bool isAvailable(const QString &code);
    /// The saved choice; empty means "as the system".
    static QString savedLanguage();
    static void setSavedLanguage(const QString &code);
    /// The language to use: `requested` (from --lang) when not empty, else the saved one, else
    /// the best match for the system's UI languages. Unknown codes resolve as the system.
    static QString resolve(const QString &requested = {});
    /// The best available match for a list like QLocale::uiLanguages() ("de-CH", "pt-PT"…).
    static QString match(const QStringList &uiLanguages);
    /// Installs the translators of `code` into the application (replacing earlier ones);
    /// `explicitChoice` also sets the default locale. False when a translation is missing.
    static bool install(const QString &code, bool explicitChoice);
    /// The code installed last ("en" before any install()).
    static QString current();

    /// Settings › Language: "As the system" and every language, the saved one checked. A
    /// change is saved and a note says it applies after a restart.
    static QMenu *createMenu(QWidget *parent);
};

} // namespace Pd::Gui
