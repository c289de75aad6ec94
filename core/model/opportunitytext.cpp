#include "opportunitytext.h"

#include "countrynames.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

constexpr char Context[] = "Pd::Core::OpportunityText";

/// An API enum value and the source text of its translated label.
struct Label
{
    const char *api;
    struct
    {
        const char *source;
        const char *comment;
    } text;
};

const Label CatalogLabels[] = {
        {"AWS", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "AWS", "catalog")},
        {"Sandbox", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Sandbox", "catalog")},
};

const Label StageLabels[] = {
        {"Prospect", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Prospect", "stage")},
        {"Qualified", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Qualified", "stage")},
        {"Technical Validation",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Technical Validation", "stage")},
        {"Business Validation",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Business Validation", "stage")},
        {"Committed", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Committed", "stage")},
        {"Launched", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Launched", "stage")},
        {"Closed Lost", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Closed Lost", "stage")},
};

const Label ReviewStatusLabels[] = {
        {"Pending Submission",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Pending Submission", "review status")},
        {"Submitted",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Submitted", "review status")},
        {"In review",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "In Review", "review status")},
        {"Approved", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Approved", "review status")},
        {"Rejected", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Rejected", "review status")},
        {"Action Required",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Action Required", "review status")},
};

const Label OpportunityTypeLabels[] = {
        {"Net New Business",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Net New Business", "opportunity type")},
        {"Flat Renewal",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Flat Renewal", "opportunity type")},
        {"Expansion",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Expansion", "opportunity type")},
};

const Label ClosedLostReasonLabels[] = {
        {"Customer Deficiency", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText",
                                                   "Customer Deficiency", "closed lost reason")},
        {"Delay / Cancellation of Project",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Delay / Cancellation of Project",
                            "closed lost reason")},
        {"Legal / Tax / Regulatory",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Legal / Tax / Regulatory",
                            "closed lost reason")},
        {"Lost to Competitor - Google",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Lost to Competitor - Google",
                            "closed lost reason")},
        {"Lost to Competitor - Microsoft",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Lost to Competitor - Microsoft",
                            "closed lost reason")},
        {"Lost to Competitor - SoftLayer",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Lost to Competitor - SoftLayer",
                            "closed lost reason")},
        {"Lost to Competitor - VMWare",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Lost to Competitor - VMware",
                            "closed lost reason")},
        {"Lost to Competitor - Other",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Lost to Competitor - Other",
                            "closed lost reason")},
        {"No Opportunity",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "No Opportunity", "closed lost reason")},
        {"On Premises Deployment",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "On-Premises Deployment",
                            "closed lost reason")},
        {"Partner Gap",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Partner Gap", "closed lost reason")},
        {"Price", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Price", "closed lost reason")},
        {"Security / Compliance",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Security / Compliance",
                            "closed lost reason")},
        {"Technical Limitations",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Technical Limitations",
                            "closed lost reason")},
        {"Customer Experience", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText",
                                                   "Customer Experience", "closed lost reason")},
        {"Other", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Other", "closed lost reason")},
        {"People/Relationship/Governance",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "People, Relationship, Governance",
                            "closed lost reason")},
        {"Product/Technology", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText",
                                                  "Product, Technology", "closed lost reason")},
        {"Financial/Commercial", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText",
                                                    "Financial, Commercial", "closed lost reason")},
};

const Label IndustryLabels[] = {
        {"Aerospace", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Aerospace", "industry")},
        {"Agriculture", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Agriculture", "industry")},
        {"Automotive", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Automotive", "industry")},
        {"Computers and Electronics",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Computers and Electronics", "industry")},
        {"Consumer Goods",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Consumer Goods", "industry")},
        {"Education", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Education", "industry")},
        {"Energy - Oil and Gas",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Energy - Oil and Gas", "industry")},
        {"Energy - Power and Utilities",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Energy - Power and Utilities",
                            "industry")},
        {"Financial Services",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Financial Services", "industry")},
        {"Gaming", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Gaming", "industry")},
        {"Government", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Government", "industry")},
        {"Healthcare", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Healthcare", "industry")},
        {"Hospitality", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Hospitality", "industry")},
        {"Life Sciences",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Life Sciences", "industry")},
        {"Manufacturing",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Manufacturing", "industry")},
        {"Marketing and Advertising",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Marketing and Advertising", "industry")},
        {"Media and Entertainment",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Media and Entertainment", "industry")},
        {"Mining", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Mining", "industry")},
        {"Non-Profit Organization",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Non-Profit Organization", "industry")},
        {"Professional Services",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Professional Services", "industry")},
        {"Real Estate and Construction",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Real Estate and Construction",
                            "industry")},
        {"Retail", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Retail", "industry")},
        {"Software and Internet",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Software and Internet", "industry")},
        {"Telecommunications",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Telecommunications", "industry")},
        {"Transportation and Logistics",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Transportation and Logistics",
                            "industry")},
        {"Travel", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Travel", "industry")},
        {"Wholesale and Distribution",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Wholesale and Distribution", "industry")},
        {"Other", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Other", "industry")},
};

const Label DeliveryModelLabels[] = {
        {"SaaS or PaaS",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "SaaS or PaaS", "delivery model")},
        {"BYOL or AMI",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "BYOL or AMI", "delivery model")},
        {"Managed Services",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Managed Services", "delivery model")},
        {"Professional Services", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText",
                                                     "Professional Services", "delivery model")},
        {"Resell", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Resell", "delivery model")},
        {"Other", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Other", "delivery model")},
};

const Label FrequencyLabels[] = {
        {"Monthly", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "monthly", "spend frequency")},
        {"None", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "one-time", "spend frequency")},
};

const Label SortKeyLabels[] = {
        {"LastModifiedDate",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Last modified", "sort key")},
        {"CreatedDate", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Created", "sort key")},
        {"Identifier", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Identifier", "sort key")},
        {"CustomerCompanyName",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Company name", "sort key")},
        {"TargetCloseDate",
         QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Target close date", "sort key")},
};

const Label SortOrderLabels[] = {
        {"ASCENDING", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Ascending", "sort order")},
        {"DESCENDING", QT_TRANSLATE_NOOP3("Pd::Core::OpportunityText", "Descending", "sort order")},
};

template<std::size_t N>
int indexOf(const Label (&labels)[N], const QString &value)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (value == QLatin1StringView(labels[i].api)) {
            return int(i);
        }
    }
    return -1;
}

template<std::size_t N>
QString translated(const Label (&labels)[N], const QString &value)
{
    const int i = indexOf(labels, value);
    if (i < 0) {
        return value;
    }
    return QCoreApplication::translate(Context, labels[i].text.source, labels[i].text.comment);
}

/// ISO 4217 minor units where they differ from 2.
int minorDigits(const QString &currencyCode)
{
    static const QStringList zero = {u"BIF"_s, u"CLP"_s, u"DJF"_s, u"GNF"_s, u"ISK"_s, u"JPY"_s,
                                     u"KMF"_s, u"KRW"_s, u"PYG"_s, u"RWF"_s, u"UGX"_s, u"UYI"_s,
                                     u"VND"_s, u"VUV"_s, u"XAF"_s, u"XOF"_s, u"XPF"_s};
    static const QStringList three
            = {u"BHD"_s, u"IQD"_s, u"JOD"_s, u"KWD"_s, u"LYD"_s, u"OMR"_s, u"TND"_s};
    if (zero.contains(currencyCode)) {
        return 0;
    }
    if (three.contains(currencyCode)) {
        return 3;
    }
    return 2;
}

/// The symbol a reader of `locale` recognises for `code`: the locale's own symbol for its own
/// currency, the symbol another locale of the same language uses when it cannot be confused
/// with the reader's own currency, else the ISO code.
QString currencySymbol(const QString &code, const QLocale &locale)
{
    if (locale.currencySymbol(QLocale::CurrencyIsoCode) == code) {
        return locale.currencySymbol(QLocale::CurrencySymbol);
    }
    static QMutex mutex;
    static QHash<QString, QString> cache;
    const QString key = locale.name() + u'/' + code;
    const QMutexLocker lock(&mutex);
    if (const auto it = cache.constFind(key); it != cache.cend()) {
        return *it;
    }
    QString symbol = code;
    const QString own = locale.currencySymbol(QLocale::CurrencySymbol);
    const auto candidates = QLocale::matchingLocales(locale.language(), QLocale::AnyScript,
                                                     QLocale::AnyTerritory);
    for (const QLocale &candidate : candidates) {
        if (candidate.currencySymbol(QLocale::CurrencyIsoCode) != code) {
            continue;
        }
        const QString found = candidate.currencySymbol(QLocale::CurrencySymbol);
        if (!found.isEmpty() && found != own && !found.contains(own)) {
            symbol = found;
        }
        break;
    }
    cache.insert(key, symbol);
    return symbol;
}

QString localDigits(QStringView digits, const QLocale &locale)
{
    const QString zero = locale.zeroDigit();
    if (zero == u"0"_s) {
        return digits.toString();
    }
    QString out;
    for (const QChar c : digits) {
        out += locale.toString(c.digitValue());
    }
    return out;
}

QString groupedInteger(QStringView digits, const QLocale &locale)
{
    if (digits.size() <= 18) {
        return locale.toString(digits.toLongLong());
    }
    const bool group = !(locale.numberOptions() & QLocale::OmitGroupSeparator);
    QString out;
    for (qsizetype i = 0; i < digits.size(); ++i) {
        if (group && i > 0 && (digits.size() - i) % 3 == 0) {
            out += locale.groupSeparator();
        }
        out += digits.at(i);
    }
    return localDigits(out, locale);
}

bool allDigits(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

/// Date and date-time formats in the locale's short style, with four-digit years.
QString fullYear(QString format)
{
    if (!format.contains(u"yyyy"_s)) {
        format.replace(u"yy"_s, u"yyyy"_s);
    }
    return format;
}

} // namespace

QString OpportunityText::fieldTitle(OpportunityField field)
{
    switch (field) {
    case OpportunityField::Id:
        return tr("Id");
    case OpportunityField::Catalog:
        return tr("Catalog");
    case OpportunityField::Arn:
        return tr("ARN");
    case OpportunityField::PartnerOpportunityIdentifier:
        return tr("Partner CRM ID");
    case OpportunityField::OpportunityType:
        return tr("Type");
    case OpportunityField::CreatedDate:
        return tr("Created");
    case OpportunityField::LastModifiedDate:
        return tr("Last modified");
    case OpportunityField::Stage:
        return tr("Stage");
    case OpportunityField::ReviewStatus:
        return tr("Review status");
    case OpportunityField::ReviewStatusReason:
        return tr("Review status reason");
    case OpportunityField::ReviewComments:
        return tr("Review comments");
    case OpportunityField::NextSteps:
        return tr("Next steps");
    case OpportunityField::TargetCloseDate:
        return tr("Target close");
    case OpportunityField::ClosedLostReason:
        return tr("Closed lost reason");
    case OpportunityField::CompanyName:
        return tr("Company");
    case OpportunityField::Industry:
        return tr("Industry");
    case OpportunityField::OtherIndustry:
        return tr("Other industry");
    case OpportunityField::WebsiteUrl:
        return tr("Website");
    case OpportunityField::City:
        return tr("City");
    case OpportunityField::PostalCode:
        return tr("Postal code");
    case OpportunityField::StateOrRegion:
        return tr("State or region");
    case OpportunityField::CountryCode:
        return tr("Country");
    case OpportunityField::DeliveryModels:
        return tr("Delivery models");
    case OpportunityField::ExpectedCustomerSpend:
        return tr("Expected spend");
    case OpportunityField::ExpectedContractDurationValue:
        return tr("Contract duration");
    case OpportunityField::ExpectedContractDurationTerm:
        return tr("Duration unit");
    }
    return {};
}

QString OpportunityText::catalogLabel(const QString &catalog)
{
    return translated(CatalogLabels, catalog);
}

QString OpportunityText::stageLabel(const QString &stage)
{
    return translated(StageLabels, stage);
}

QString OpportunityText::reviewStatusLabel(const QString &status)
{
    return translated(ReviewStatusLabels, status);
}

QString OpportunityText::opportunityTypeLabel(const QString &type)
{
    return translated(OpportunityTypeLabels, type);
}

QString OpportunityText::closedLostReasonLabel(const QString &reason)
{
    return translated(ClosedLostReasonLabels, reason);
}

QString OpportunityText::industryLabel(const QString &industry)
{
    return translated(IndustryLabels, industry);
}

QString OpportunityText::deliveryModelLabel(const QString &model)
{
    return translated(DeliveryModelLabels, model);
}

QString OpportunityText::frequencyLabel(const QString &frequency)
{
    return translated(FrequencyLabels, frequency);
}

QString OpportunityText::durationTermLabel(const QString &term)
{
    if (term == u"Months"_s) {
        return tr("months", "contract duration unit");
    }
    return term;
}

QString OpportunityText::sortKeyLabel(const QString &sortBy)
{
    return translated(SortKeyLabels, sortBy);
}

QString OpportunityText::sortOrderLabel(const QString &sortOrder)
{
    return translated(SortOrderLabels, sortOrder);
}

QString OpportunityText::countryName(const QString &code)
{
    if (code.isEmpty()) {
        return code;
    }
    if (QString name = CountryNames::name(code); !name.isEmpty()) {
        return name;
    }
    const QLocale::Territory territory = QLocale::codeToTerritory(code);
    if (territory == QLocale::AnyTerritory) {
        return code;
    }
    return QLocale::territoryToString(territory);
}

int OpportunityText::stageIndex(const QString &stage)
{
    return indexOf(StageLabels, stage);
}

int OpportunityText::reviewStatusIndex(const QString &status)
{
    return indexOf(ReviewStatusLabels, status);
}

QString OpportunityText::formatAmount(const QString &amount, const QString &currencyCode,
                                      const QLocale &locale)
{
    if (amount.isEmpty()) {
        return {};
    }
    const qsizetype dot = amount.indexOf(u'.');
    const QStringView integer = QStringView(amount).left(dot < 0 ? amount.size() : dot);
    QString fraction = dot < 0 ? QString() : amount.mid(dot + 1);
    if (integer.isEmpty() || !allDigits(integer) || !allDigits(fraction)) {
        return amount;
    }
    const int minor = minorDigits(currencyCode);
    if (fraction.size() < minor) {
        fraction += QString(minor - fraction.size(), u'0');
    }
    QString number = groupedInteger(integer, locale);
    if (!fraction.isEmpty()) {
        number += locale.decimalPoint() + localDigits(fraction, locale);
    }
    if (currencyCode.isEmpty()) {
        return number;
    }
    // The locale's currency pattern (symbol position and spacing), filled with our digits.
    const QString symbol = currencySymbol(currencyCode, locale);
    const QString pattern = locale.toCurrencyString(qlonglong(7), symbol);
    const QString seven = locale.toString(7);
    const qsizetype at = pattern.indexOf(seven);
    if (at < 0) {
        return number + QChar(0xA0) + symbol;
    }
    // An ISO code never touches the digits ("USD 12.00", not "USD12.00").
    const QChar nbsp(0xA0);
    const QString before = pattern.left(at);
    const QString after = pattern.mid(at + seven.size());
    const bool spaceBefore = !before.isEmpty() && before.back().isLetter();
    const bool spaceAfter = !after.isEmpty() && after.front().isLetter();
    return before + (spaceBefore ? QString(nbsp) : QString()) + number
           + (spaceAfter ? QString(nbsp) : QString()) + after;
}

QString OpportunityText::formatSpend(const ExpectedCustomerSpend &spend, const QLocale &locale)
{
    QString text = formatAmount(spend.amount, spend.currencyCode, locale);
    if (text.isEmpty()) {
        text = spend.currencyCode;
    }
    if (!spend.frequency.isEmpty()) {
        text = tr("%1 %2", "amount, frequency").arg(text, frequencyLabel(spend.frequency));
    }
    if (!spend.targetCompany.isEmpty()) {
        text = tr("%1 (%2)", "spend, target company").arg(text, spend.targetCompany);
    }
    return text;
}

QString OpportunityText::formatSpendList(const QList<ExpectedCustomerSpend> &spends,
                                         const QLocale &locale)
{
    QStringList parts;
    parts.reserve(spends.size());
    for (const ExpectedCustomerSpend &spend : spends) {
        parts += formatSpend(spend, locale);
    }
    return parts.join(u"; "_s);
}

QString OpportunityText::formatDateTime(qint64 msecsSinceEpoch, const QLocale &locale,
                                        QLocale::FormatType format)
{
    if (msecsSinceEpoch == OpportunitySummary::NoTime) {
        return {};
    }
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch).toLocalTime();
    if (format != QLocale::ShortFormat) {
        return locale.toString(local, fullYear(locale.dateFormat(QLocale::ShortFormat)) + u' '
                                              + locale.timeFormat(format));
    }
    QString pattern = fullYear(locale.dateTimeFormat(QLocale::ShortFormat));
    pattern.remove(u":ss"_s);
    return locale.toString(local, pattern);
}

QString OpportunityText::formatDate(const QString &isoDate, const QLocale &locale)
{
    const QDate date = QDate::fromString(isoDate, Qt::ISODate);
    if (!date.isValid()) {
        return isoDate;
    }
    return locale.toString(date, fullYear(locale.dateFormat(QLocale::ShortFormat)));
}

QString OpportunityText::formatDuration(const QString &value, const QString &term)
{
    if (value.isEmpty()) {
        return durationTermLabel(term);
    }
    if (term == u"Months"_s) {
        bool ok = false;
        const int months = value.toInt(&ok);
        if (ok) {
            return tr("%n months", "contract duration", months);
        }
    }
    return term.isEmpty() ? value : tr("%1 %2", "value, unit").arg(value, durationTermLabel(term));
}

bool OpportunityText::isOverdue(const OpportunitySummary &s, const QDate &today)
{
    if (s.stage == u"Launched"_s || s.stage == u"Closed Lost"_s) {
        return false;
    }
    const QDate date = QDate::fromString(s.targetCloseDate, Qt::ISODate);
    return date.isValid() && date < today;
}

QString OpportunityText::displayText(const OpportunitySummary &s, OpportunityField field,
                                     const QLocale &locale)
{
    switch (field) {
    case OpportunityField::DeliveryModels: {
        QStringList labels;
        labels.reserve(s.deliveryModels.size());
        for (const QString &model : s.deliveryModels) {
            labels += deliveryModelLabel(model);
        }
        return labels.join(u", "_s);
    }
    case OpportunityField::ExpectedCustomerSpend: {
        // The amounts only; frequency and target company are in the tooltip and details.
        QStringList amounts;
        amounts.reserve(s.expectedCustomerSpend.size());
        for (const ExpectedCustomerSpend &spend : s.expectedCustomerSpend) {
            amounts += formatAmount(spend.amount, spend.currencyCode, locale);
        }
        return amounts.join(u"; "_s);
    }
    default:
        break;
    }
    // Every other field is one string: its raw text (OpportunityFields::text()), labelled,
    // formatted or put on one line.
    const QString &raw = s.*OpportunityFields::member(field);
    // Copies the text only when it has a line break or tab to replace.
    const auto oneLine = [&raw] {
        const auto isBreak = [](QChar c) { return c == u'\n' || c == u'\r' || c == u'\t'; };
        if (std::none_of(raw.cbegin(), raw.cend(), isBreak)) {
            return raw;
        }
        QString line = raw;
        std::replace_if(line.begin(), line.end(), isBreak, QChar(u' '));
        return line;
    };
    switch (field) {
    case OpportunityField::Catalog:
        return catalogLabel(raw);
    case OpportunityField::OpportunityType:
        return opportunityTypeLabel(raw);
    case OpportunityField::CreatedDate:
        return s.createdDateMs == OpportunitySummary::NoTime
                       ? raw
                       : formatDateTime(s.createdDateMs, locale);
    case OpportunityField::LastModifiedDate:
        return s.lastModifiedDateMs == OpportunitySummary::NoTime
                       ? raw
                       : formatDateTime(s.lastModifiedDateMs, locale);
    case OpportunityField::Stage:
        return stageLabel(raw);
    case OpportunityField::ReviewStatus:
        return reviewStatusLabel(raw);
    case OpportunityField::ReviewStatusReason:
    case OpportunityField::ReviewComments:
    case OpportunityField::NextSteps:
    case OpportunityField::CompanyName:
    case OpportunityField::OtherIndustry:
        return oneLine();
    case OpportunityField::TargetCloseDate:
        return formatDate(raw, locale);
    case OpportunityField::ClosedLostReason:
        return closedLostReasonLabel(raw);
    case OpportunityField::Industry:
        return industryLabel(raw);
    case OpportunityField::CountryCode:
        return countryName(raw);
    case OpportunityField::ExpectedContractDurationTerm:
        return durationTermLabel(raw);
    default:
        return raw; // Id, Arn, identifiers, URL, address lines, duration value: as
                    // they are
    }
}

} // namespace Pd::Core
