#pragma once

#include <QCoreApplication>
#include <QString>

namespace Pd::Core {

/// Names of the countries of the model's CountryCode list, in the user interface language.
///
/// The English names (CLDR's, short forms for Hong Kong and Macao) are the translation
/// sources, so every language's catalogue carries its own country names.
class CountryNames final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::CountryNames)

public:
    /// The translated name of an ISO 3166 alpha-2 code of the model; empty for other codes.
    static QString name(const QString &code);
};

} // namespace Pd::Core
