#pragma once

#include "opportunitysummary.h"

#include <QList>
#include <QString>

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

namespace OpportunityFields {
QList<OpportunityField> all();
/// The stable English dotted name used as CSV header, e.g. "LifeCycle.Stage",
/// "Customer.Account.Address.CountryCode". Never translated.
QString name(OpportunityField field);
/// The field as plain text, exactly as the service sent it. Lists are written as:
/// DeliveryModels joined with "; ", ExpectedCustomerSpend as a compact JSON array.
/// Absent fields give a null QString.
QString text(const OpportunitySummary &summary, OpportunityField field);
/// The field as a compact JSON value: null when absent, a string for text, enum and DateTime
/// members (as received), a list of strings for DeliveryModels and the list of objects of
/// text() for ExpectedCustomerSpend.
QByteArray jsonValue(const OpportunitySummary &summary, OpportunityField field);
/// The API's SortBy key for a field the service can sort on, else an empty string.
QString apiSortKey(OpportunityField field);
} // namespace OpportunityFields

} // namespace Pd::Core
