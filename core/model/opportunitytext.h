#pragma once

#include "opportunityfield.h"

#include <QCoreApplication>
#include <QDate>
#include <QLocale>
#include <QString>

namespace Pd::Core {

/// Display text for opportunity data: translated labels for API enum values (the values
/// themselves are never changed), field titles, and locale-aware dates and amounts.
///
/// Unknown enum values (enums are open) are shown as received. Amounts are formatted from
/// their decimal text, never through a double, so no digit is ever lost.
class OpportunityText final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::OpportunityText)

public:
    /// Translated column title, e.g. "Stage", "Expected spend".
    static QString fieldTitle(OpportunityField field);

    static QString catalogLabel(const QString &catalog);
    static QString stageLabel(const QString &stage);
    static QString reviewStatusLabel(const QString &status);
    static QString opportunityTypeLabel(const QString &type);
    static QString closedLostReasonLabel(const QString &reason);
    static QString industryLabel(const QString &industry);
    static QString deliveryModelLabel(const QString &model);
    static QString frequencyLabel(const QString &frequency);
    static QString durationTermLabel(const QString &term);
    static QString sortKeyLabel(const QString &sortBy);
    static QString sortOrderLabel(const QString &sortOrder);
    /// The country's name for an ISO 3166 alpha-2 code, in the user interface language
    /// (CountryNames); the code itself when unknown.
    static QString countryName(const QString &code);

    /// Position of a stage in the lifecycle (0 = Prospect … 6 = Closed Lost), -1 if unknown.
    static int stageIndex(const QString &stage);
    /// Position of a review status in the model's order, -1 if unknown.
    static int reviewStatusIndex(const QString &status);
    /// Whether the target close date is before `today` while the opportunity is still open
    /// (not Launched or Closed Lost).
    static bool isOverdue(const OpportunitySummary &summary, const QDate &today);

    /// "$1,234,567.89" / "1.234.567,89 €" / "EUR 12.50": the decimal text grouped and
    /// punctuated for `locale`, padded to the currency's minor digits, never rounded.
    /// An empty amount gives an empty string; a malformed one is returned unchanged.
    static QString formatAmount(const QString &amount, const QString &currencyCode,
                                const QLocale &locale = QLocale());
    /// One ExpectedCustomerSpend entry: "$1,000.00 monthly (AWS)".
    static QString formatSpend(const ExpectedCustomerSpend &spend,
                               const QLocale &locale = QLocale());
    /// Every entry of a summary's ExpectedCustomerSpend, joined with "; ".
    static QString formatSpendList(const QList<ExpectedCustomerSpend> &spends,
                                   const QLocale &locale = QLocale());
    /// Milliseconds since the epoch in local time; empty for NoTime. The short format (tables)
    /// has four-digit years and no seconds; the long one (details) is the locale's own.
    static QString formatDateTime(qint64 msecsSinceEpoch, const QLocale &locale = QLocale(),
                                  QLocale::FormatType format = QLocale::ShortFormat);
    /// A "YYYY-MM-DD" Date in the locale's short date format; unchanged when unparsable.
    static QString formatDate(const QString &isoDate, const QLocale &locale = QLocale());
    /// "12 months" from ExpectedContractDuration's Value and Term.
    static QString formatDuration(const QString &value, const QString &term);
    /// The display text of one table cell.
    static QString displayText(const OpportunitySummary &summary, OpportunityField field,
                               const QLocale &locale = QLocale());
};

} // namespace Pd::Core
