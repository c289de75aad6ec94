#pragma once

#include "opportunitysummary.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <array>
#include <string_view>

namespace Pd::Core {

/// Every OpportunitySummary field as a flat column, in the order of the CSV export, the CLI's
/// `--output csv` and the table's default layout. `Id` comes first.
enum class OpportunityField {
    Id,
    Catalog,
    Arn,
    PartnerOpportunityIdentifier,
    OpportunityType,
    CreatedDate,
    LastModifiedDate,
    Stage,
    ReviewStatus,
    ReviewStatusReason,
    ReviewComments,
    NextSteps,
    TargetCloseDate,
    ClosedLostReason,
    CompanyName,
    Industry,
    OtherIndustry,
    WebsiteUrl,
    City,
    PostalCode,
    StateOrRegion,
    CountryCode,
    DeliveryModels,
    ExpectedCustomerSpend,
    ExpectedContractDurationValue,
    ExpectedContractDurationTerm,
};
inline constexpr int OpportunityFieldCount
        = int(OpportunityField::ExpectedContractDurationTerm) + 1;

/// The members of one Project.ExpectedCustomerSpend entry, in model order.
enum class SpendMember { Amount, CurrencyCode, Frequency, TargetCompany, EstimationUrl };
inline constexpr int SpendMemberCount = int(SpendMember::EstimationUrl) + 1;

/// OpportunityFields::text() of every field in UTF-8, indexed by OpportunityField (absent and empty
/// alike), for writers that need no QString (CSV).
using OpportunityFieldTexts = std::array<QByteArrayView, OpportunityFieldCount>;

namespace OpportunityFields {
QList<OpportunityField> all();
/// The stable English dotted name used as CSV header, e.g. "LifeCycle.Stage",
/// "Customer.Account.Address.CountryCode". Never translated.
QString name(OpportunityField field);
/// The field as plain text, exactly as the service sent it. Lists are written as:
/// DeliveryModels joined with "; ", ExpectedCustomerSpend as a compact JSON array.
/// Absent fields give a null QString.
QString text(const OpportunitySummary &summary, OpportunityField field);
/// text() of every field in UTF-8, without a QString per field. The views point into `scratch`
/// and last until it changes.
void texts(const OpportunitySummary &summary, OpportunityFieldTexts *texts, QByteArray *scratch);
/// The field as a compact JSON value: null when absent, a string for text, enum and DateTime
/// members (as received), a list of strings for DeliveryModels and the list of objects of
/// text() for ExpectedCustomerSpend.
QByteArray jsonValue(const OpportunitySummary &summary, OpportunityField field);
/// The API's SortBy key for a field the service can sort on, else an empty string.
QString apiSortKey(OpportunityField field);

/// The member that holds a field given as one string: every field but DeliveryModels and
/// ExpectedCustomerSpend (nullptr for those two).
constexpr QString OpportunitySummary::*member(OpportunityField field)
{
    using F = OpportunityField;
    using S = OpportunitySummary;
    switch (field) {
    case F::Id:
        return &S::id;
    case F::Catalog:
        return &S::catalog;
    case F::Arn:
        return &S::arn;
    case F::PartnerOpportunityIdentifier:
        return &S::partnerOpportunityIdentifier;
    case F::OpportunityType:
        return &S::opportunityType;
    case F::CreatedDate:
        return &S::createdDate;
    case F::LastModifiedDate:
        return &S::lastModifiedDate;
    case F::Stage:
        return &S::stage;
    case F::ReviewStatus:
        return &S::reviewStatus;
    case F::ReviewStatusReason:
        return &S::reviewStatusReason;
    case F::ReviewComments:
        return &S::reviewComments;
    case F::NextSteps:
        return &S::nextSteps;
    case F::TargetCloseDate:
        return &S::targetCloseDate;
    case F::ClosedLostReason:
        return &S::closedLostReason;
    case F::CompanyName:
        return &S::companyName;
    case F::Industry:
        return &S::industry;
    case F::OtherIndustry:
        return &S::otherIndustry;
    case F::WebsiteUrl:
        return &S::websiteUrl;
    case F::City:
        return &S::city;
    case F::PostalCode:
        return &S::postalCode;
    case F::StateOrRegion:
        return &S::stateOrRegion;
    case F::CountryCode:
        return &S::countryCode;
    case F::DeliveryModels:
    case F::ExpectedCustomerSpend:
        return nullptr;
    case F::ExpectedContractDurationValue:
        return &S::expectedContractDurationValue;
    case F::ExpectedContractDurationTerm:
        return &S::expectedContractDurationTerm;
    }
    return nullptr;
}

/// The member of a spend entry, and its name in the model.
constexpr QString ExpectedCustomerSpend::*member(SpendMember spendMember)
{
    switch (spendMember) {
    case SpendMember::Amount:
        return &ExpectedCustomerSpend::amount;
    case SpendMember::CurrencyCode:
        return &ExpectedCustomerSpend::currencyCode;
    case SpendMember::Frequency:
        return &ExpectedCustomerSpend::frequency;
    case SpendMember::TargetCompany:
        return &ExpectedCustomerSpend::targetCompany;
    case SpendMember::EstimationUrl:
        return &ExpectedCustomerSpend::estimationUrl;
    }
    return nullptr;
}
constexpr std::string_view name(SpendMember spendMember)
{
    constexpr std::string_view Names[]
            = {"Amount", "CurrencyCode", "Frequency", "TargetCompany", "EstimationUrl"};
    return Names[int(spendMember)];
}
} // namespace OpportunityFields

/// Gathers OpportunityFields::text() of every field of one summary in UTF-8, from members given one
/// by one: the one definition of the two list fields' text (DeliveryModels joined with "; ",
/// ExpectedCustomerSpend as the compact JSON array of the members present, as
/// OpportunitySummary::toJson() writes it), for summaries and for stored rows alike.
///
/// A text is either left where it is (a view that outlives the result) or composed in a scratch
/// buffer, which the result then points into.
class FieldTextsBuilder final
{
public:
    /// Starts with every field absent and `scratch` emptied.
    explicit FieldTextsBuilder(QByteArray *scratch);

    /// `utf8` stays where it is until the texts have been used.
    void set(OpportunityField field, QByteArrayView utf8);
    /// `text` in UTF-8, into the scratch buffer; a null `text` leaves the field absent.
    void set(OpportunityField field, const QString &text);
    /// For text composed in place: the field's text is what scratch() gained since it had the size
    /// `from`.
    QByteArray *scratch() const { return m_scratch; }
    void setComposed(OpportunityField field, qsizetype from);

    /// DeliveryModels: begin, each model, end (an empty list gives an empty text).
    void beginDeliveryModels();
    void addDeliveryModel(QByteArrayView model);
    void addDeliveryModel(QStringView model);
    void endDeliveryModels();
    /// ExpectedCustomerSpend: begin, each entry (`present` has bit `1 << SpendMember` for each
    /// member present), end.
    using SpendTexts = std::array<QByteArrayView, SpendMemberCount>;
    void beginSpends();
    void addSpend(const SpendTexts &members, unsigned present);
    void addSpend(const ExpectedCustomerSpend &spend);
    void endSpends();

    /// The views; they last until the scratch buffer or a viewed text changes.
    void finish(OpportunityFieldTexts *texts) const;

private:
    void appendUtf8(QStringView text);
    /// One spend entry: `appendValue(out, member)` appends the JSON string of each member present.
    template<typename AppendValue>
    void appendSpend(unsigned present, AppendValue appendValue);

    struct Cell
    {
        const char *data = nullptr;
        qsizetype size = 0;
        qsizetype scratchAt = -1; ///< >= 0: the text starts there in the scratch buffer
    };

    QByteArray *m_scratch = nullptr;
    std::array<Cell, OpportunityFieldCount> m_cells{};
    qsizetype m_listFrom = 0;
    qsizetype m_listItems = 0;
};

} // namespace Pd::Core
