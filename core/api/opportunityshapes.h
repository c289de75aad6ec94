#pragma once

#include "shapejson.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <tuple>

/// The structures GetOpportunity and GetAwsOpportunitySummary answer with, member for member as
/// in the 2026-08-04 model (see shapejson.h for the field types). Values are kept as received:
/// enums are open, timestamps are the wire text.
namespace Pd::Core::Shapes {

/// Address (model shape).
struct Address
{
    QString city;
    QString postalCode;
    QString stateOrRegion;
    QString countryCode; ///< enum CountryCode
    QString streetAddress;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("City", &Address::city),
                ShapeJson::member("PostalCode", &Address::postalCode),
                ShapeJson::member("StateOrRegion", &Address::stateOrRegion),
                ShapeJson::member("CountryCode", &Address::countryCode),
                ShapeJson::member("StreetAddress", &Address::streetAddress),
        };
    }
    friend bool operator==(const Address &, const Address &) = default;
};

/// Account (model shape).
struct Account
{
    QString industry; ///< enum Industry
    QString otherIndustry;
    QString companyName;
    QString websiteUrl;
    QString awsAccountId;
    std::optional<Shapes::Address> address;
    QString duns;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Industry", &Account::industry),
                ShapeJson::member("OtherIndustry", &Account::otherIndustry),
                ShapeJson::member("CompanyName", &Account::companyName),
                ShapeJson::member("WebsiteUrl", &Account::websiteUrl),
                ShapeJson::member("AwsAccountId", &Account::awsAccountId),
                ShapeJson::member("Address", &Account::address),
                ShapeJson::member("Duns", &Account::duns),
        };
    }
    friend bool operator==(const Account &, const Account &) = default;
};

/// Contact (model shape).
struct Contact
{
    QString email;
    QString firstName;
    QString lastName;
    QString businessTitle;
    QString phone;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Email", &Contact::email),
                ShapeJson::member("FirstName", &Contact::firstName),
                ShapeJson::member("LastName", &Contact::lastName),
                ShapeJson::member("BusinessTitle", &Contact::businessTitle),
                ShapeJson::member("Phone", &Contact::phone),
        };
    }
    friend bool operator==(const Contact &, const Contact &) = default;
};

/// Customer (model shape).
struct Customer
{
    std::optional<Shapes::Account> account;
    std::optional<QList<Shapes::Contact>> contacts;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Account", &Customer::account),
                ShapeJson::member("Contacts", &Customer::contacts),
        };
    }
    friend bool operator==(const Customer &, const Customer &) = default;
};

/// ExpectedCustomerSpend (model shape).
struct ExpectedCustomerSpend
{
    QString amount;
    QString currencyCode; ///< enum CurrencyCode
    QString frequency; ///< enum PaymentFrequency
    QString targetCompany;
    QString estimationUrl;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Amount", &ExpectedCustomerSpend::amount),
                ShapeJson::member("CurrencyCode", &ExpectedCustomerSpend::currencyCode),
                ShapeJson::member("Frequency", &ExpectedCustomerSpend::frequency),
                ShapeJson::member("TargetCompany", &ExpectedCustomerSpend::targetCompany),
                ShapeJson::member("EstimationUrl", &ExpectedCustomerSpend::estimationUrl),
        };
    }
    friend bool operator==(const ExpectedCustomerSpend &, const ExpectedCustomerSpend &) = default;
};

/// ExpectedContractDuration (model shape).
struct ExpectedContractDuration
{
    QString term; ///< enum ExpectedContractDurationTerm
    QString value;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Term", &ExpectedContractDuration::term),
                ShapeJson::member("Value", &ExpectedContractDuration::value),
        };
    }
    friend bool operator==(const ExpectedContractDuration &, const ExpectedContractDuration &)
            = default;
};

/// Project (model shape).
struct Project
{
    std::optional<QStringList> deliveryModels; ///< enum DeliveryModel
    std::optional<QList<Shapes::ExpectedCustomerSpend>> expectedCustomerSpend;
    std::optional<Shapes::ExpectedContractDuration> expectedContractDuration;
    QString title;
    std::optional<QStringList> apnPrograms;
    QString customerBusinessProblem;
    QString customerUseCase;
    QString relatedOpportunityIdentifier;
    std::optional<QStringList> salesActivities; ///< enum SalesActivity
    QString competitorName; ///< enum CompetitorName
    QString otherCompetitorNames;
    QString otherSolutionDescription;
    QString additionalComments;
    QString awsPartition; ///< enum AwsPartition

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("DeliveryModels", &Project::deliveryModels),
                ShapeJson::member("ExpectedCustomerSpend", &Project::expectedCustomerSpend),
                ShapeJson::member("ExpectedContractDuration", &Project::expectedContractDuration),
                ShapeJson::member("Title", &Project::title),
                ShapeJson::member("ApnPrograms", &Project::apnPrograms),
                ShapeJson::member("CustomerBusinessProblem", &Project::customerBusinessProblem),
                ShapeJson::member("CustomerUseCase", &Project::customerUseCase),
                ShapeJson::member("RelatedOpportunityIdentifier",
                                  &Project::relatedOpportunityIdentifier),
                ShapeJson::member("SalesActivities", &Project::salesActivities),
                ShapeJson::member("CompetitorName", &Project::competitorName),
                ShapeJson::member("OtherCompetitorNames", &Project::otherCompetitorNames),
                ShapeJson::member("OtherSolutionDescription", &Project::otherSolutionDescription),
                ShapeJson::member("AdditionalComments", &Project::additionalComments),
                ShapeJson::member("AwsPartition", &Project::awsPartition),
        };
    }
    friend bool operator==(const Project &, const Project &) = default;
};

/// Marketing (model shape).
struct Marketing
{
    QString campaignName;
    QString source; ///< enum MarketingSource
    std::optional<QStringList> useCases;
    std::optional<QStringList> channels; ///< enum Channel
    QString awsFundingUsed; ///< enum AwsFundingUsed

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("CampaignName", &Marketing::campaignName),
                ShapeJson::member("Source", &Marketing::source),
                ShapeJson::member("UseCases", &Marketing::useCases),
                ShapeJson::member("Channels", &Marketing::channels),
                ShapeJson::member("AwsFundingUsed", &Marketing::awsFundingUsed),
        };
    }
    friend bool operator==(const Marketing &, const Marketing &) = default;
};

/// MonetaryValue (model shape).
struct MonetaryValue
{
    QString amount;
    QString currencyCode; ///< enum CurrencyCode

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Amount", &MonetaryValue::amount),
                ShapeJson::member("CurrencyCode", &MonetaryValue::currencyCode),
        };
    }
    friend bool operator==(const MonetaryValue &, const MonetaryValue &) = default;
};

/// SoftwareRevenue (model shape).
struct SoftwareRevenue
{
    QString deliveryModel; ///< enum RevenueModel
    std::optional<Shapes::MonetaryValue> value;
    QString effectiveDate;
    QString expirationDate;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("DeliveryModel", &SoftwareRevenue::deliveryModel),
                ShapeJson::member("Value", &SoftwareRevenue::value),
                ShapeJson::member("EffectiveDate", &SoftwareRevenue::effectiveDate),
                ShapeJson::member("ExpirationDate", &SoftwareRevenue::expirationDate),
        };
    }
    friend bool operator==(const SoftwareRevenue &, const SoftwareRevenue &) = default;
};

/// RelatedEntityIdentifiers (model shape).
struct RelatedEntityIdentifiers
{
    std::optional<QStringList> awsMarketplaceOffers;
    std::optional<QStringList> awsMarketplaceOfferSets;
    std::optional<QStringList> solutions;
    std::optional<QStringList> awsProducts;
    std::optional<QStringList> awsMarketplaceSolutions;
    std::optional<QStringList> awsMarketplaceProducts;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("AwsMarketplaceOffers",
                                  &RelatedEntityIdentifiers::awsMarketplaceOffers),
                ShapeJson::member("AwsMarketplaceOfferSets",
                                  &RelatedEntityIdentifiers::awsMarketplaceOfferSets),
                ShapeJson::member("Solutions", &RelatedEntityIdentifiers::solutions),
                ShapeJson::member("AwsProducts", &RelatedEntityIdentifiers::awsProducts),
                ShapeJson::member("AwsMarketplaceSolutions",
                                  &RelatedEntityIdentifiers::awsMarketplaceSolutions),
                ShapeJson::member("AwsMarketplaceProducts",
                                  &RelatedEntityIdentifiers::awsMarketplaceProducts),
        };
    }
    friend bool operator==(const RelatedEntityIdentifiers &, const RelatedEntityIdentifiers &)
            = default;
};

/// NextStepsHistory (model shape).
struct NextStepsHistory
{
    QString value;
    QString time; ///< date-time as received

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Value", &NextStepsHistory::value),
                ShapeJson::member("Time", &NextStepsHistory::time),
        };
    }
    friend bool operator==(const NextStepsHistory &, const NextStepsHistory &) = default;
};

/// LifeCycle (model shape).
struct LifeCycle
{
    QString stage; ///< enum Stage
    QString closedLostReason; ///< enum ClosedLostReason
    QString nextSteps;
    QString targetCloseDate;
    QString reviewStatus; ///< enum ReviewStatus
    QString reviewComments;
    QString reviewStatusReason;
    std::optional<QList<Shapes::NextStepsHistory>> nextStepsHistory;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Stage", &LifeCycle::stage),
                ShapeJson::member("ClosedLostReason", &LifeCycle::closedLostReason),
                ShapeJson::member("NextSteps", &LifeCycle::nextSteps),
                ShapeJson::member("TargetCloseDate", &LifeCycle::targetCloseDate),
                ShapeJson::member("ReviewStatus", &LifeCycle::reviewStatus),
                ShapeJson::member("ReviewComments", &LifeCycle::reviewComments),
                ShapeJson::member("ReviewStatusReason", &LifeCycle::reviewStatusReason),
                ShapeJson::member("NextStepsHistory", &LifeCycle::nextStepsHistory),
        };
    }
    friend bool operator==(const LifeCycle &, const LifeCycle &) = default;
};

/// ProfileNextStepsHistory (model shape).
struct ProfileNextStepsHistory
{
    QString value;
    QString time; ///< date-time as received

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Value", &ProfileNextStepsHistory::value),
                ShapeJson::member("Time", &ProfileNextStepsHistory::time),
        };
    }
    friend bool operator==(const ProfileNextStepsHistory &, const ProfileNextStepsHistory &)
            = default;
};

/// AwsOpportunityLifeCycle (model shape).
struct AwsOpportunityLifeCycle
{
    QString targetCloseDate;
    QString closedLostReason; ///< enum AwsClosedLostReason
    QString stage; ///< enum AwsOpportunityStage
    QString nextSteps;
    std::optional<QList<Shapes::ProfileNextStepsHistory>> nextStepsHistory;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("TargetCloseDate", &AwsOpportunityLifeCycle::targetCloseDate),
                ShapeJson::member("ClosedLostReason", &AwsOpportunityLifeCycle::closedLostReason),
                ShapeJson::member("Stage", &AwsOpportunityLifeCycle::stage),
                ShapeJson::member("NextSteps", &AwsOpportunityLifeCycle::nextSteps),
                ShapeJson::member("NextStepsHistory", &AwsOpportunityLifeCycle::nextStepsHistory),
        };
    }
    friend bool operator==(const AwsOpportunityLifeCycle &, const AwsOpportunityLifeCycle &)
            = default;
};

/// AwsTeamMember (model shape).
struct AwsTeamMember
{
    QString email;
    QString firstName;
    QString lastName;
    QString businessTitle; ///< enum AwsMemberBusinessTitle

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Email", &AwsTeamMember::email),
                ShapeJson::member("FirstName", &AwsTeamMember::firstName),
                ShapeJson::member("LastName", &AwsTeamMember::lastName),
                ShapeJson::member("BusinessTitle", &AwsTeamMember::businessTitle),
        };
    }
    friend bool operator==(const AwsTeamMember &, const AwsTeamMember &) = default;
};

/// AwsProductOptimization (model shape).
struct AwsProductOptimization
{
    QString description;
    QString savingsAmount;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Description", &AwsProductOptimization::description),
                ShapeJson::member("SavingsAmount", &AwsProductOptimization::savingsAmount),
        };
    }
    friend bool operator==(const AwsProductOptimization &, const AwsProductOptimization &)
            = default;
};

/// AwsProductDetails (model shape).
struct AwsProductDetails
{
    QString productCode;
    QString serviceCode;
    std::optional<QStringList> categories;
    QString amount;
    QString optimizedAmount;
    QString potentialSavingsAmount;
    std::optional<QList<Shapes::AwsProductOptimization>> optimizations;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("ProductCode", &AwsProductDetails::productCode),
                ShapeJson::member("ServiceCode", &AwsProductDetails::serviceCode),
                ShapeJson::member("Categories", &AwsProductDetails::categories),
                ShapeJson::member("Amount", &AwsProductDetails::amount),
                ShapeJson::member("OptimizedAmount", &AwsProductDetails::optimizedAmount),
                ShapeJson::member("PotentialSavingsAmount",
                                  &AwsProductDetails::potentialSavingsAmount),
                ShapeJson::member("Optimizations", &AwsProductDetails::optimizations),
        };
    }
    friend bool operator==(const AwsProductDetails &, const AwsProductDetails &) = default;
};

/// AwsProductInsights (model shape).
struct AwsProductInsights
{
    QString currencyCode; ///< enum CurrencyCode
    QString frequency; ///< enum PaymentFrequency
    QString totalAmount;
    QString totalOptimizedAmount;
    QString totalPotentialSavingsAmount;
    std::optional<ShapeJson::StringMap> totalAmountByCategory;
    std::optional<QList<Shapes::AwsProductDetails>> awsProducts;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("CurrencyCode", &AwsProductInsights::currencyCode),
                ShapeJson::member("Frequency", &AwsProductInsights::frequency),
                ShapeJson::member("TotalAmount", &AwsProductInsights::totalAmount),
                ShapeJson::member("TotalOptimizedAmount",
                                  &AwsProductInsights::totalOptimizedAmount),
                ShapeJson::member("TotalPotentialSavingsAmount",
                                  &AwsProductInsights::totalPotentialSavingsAmount),
                ShapeJson::member("TotalAmountByCategory",
                                  &AwsProductInsights::totalAmountByCategory),
                ShapeJson::member("AwsProducts", &AwsProductInsights::awsProducts),
        };
    }
    friend bool operator==(const AwsProductInsights &, const AwsProductInsights &) = default;
};

/// AwsProductsSpendInsightsBySource (model shape).
struct AwsProductsSpendInsightsBySource
{
    std::optional<Shapes::AwsProductInsights> partner;
    std::optional<Shapes::AwsProductInsights> aws;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Partner", &AwsProductsSpendInsightsBySource::partner),
                ShapeJson::member("AWS", &AwsProductsSpendInsightsBySource::aws),
        };
    }
    friend bool operator==(const AwsProductsSpendInsightsBySource &,
                           const AwsProductsSpendInsightsBySource &)
            = default;
};

/// OpportunityQuality (model shape).
struct OpportunityQuality
{
    std::optional<qint64> score;
    QString trend;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Score", &OpportunityQuality::score),
                ShapeJson::member("Trend", &OpportunityQuality::trend),
        };
    }
    friend bool operator==(const OpportunityQuality &, const OpportunityQuality &) = default;
};

/// Recommendation (model shape).
struct Recommendation
{
    QString type;
    QString details;
    std::optional<ShapeJson::StringMap> attributes;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Type", &Recommendation::type),
                ShapeJson::member("Details", &Recommendation::details),
                ShapeJson::member("Attributes", &Recommendation::attributes),
        };
    }
    friend bool operator==(const Recommendation &, const Recommendation &) = default;
};

/// AwsOpportunityInsights (model shape).
struct AwsOpportunityInsights
{
    QString nextBestActions;
    QString engagementScore; ///< enum EngagementScore
    std::optional<Shapes::AwsProductsSpendInsightsBySource> awsProductsSpendInsightsBySource;
    std::optional<Shapes::OpportunityQuality> opportunityQuality;
    std::optional<QList<Shapes::Recommendation>> recommendations;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("NextBestActions", &AwsOpportunityInsights::nextBestActions),
                ShapeJson::member("EngagementScore", &AwsOpportunityInsights::engagementScore),
                ShapeJson::member("AwsProductsSpendInsightsBySource",
                                  &AwsOpportunityInsights::awsProductsSpendInsightsBySource),
                ShapeJson::member("OpportunityQuality",
                                  &AwsOpportunityInsights::opportunityQuality),
                ShapeJson::member("Recommendations", &AwsOpportunityInsights::recommendations),
        };
    }
    friend bool operator==(const AwsOpportunityInsights &, const AwsOpportunityInsights &)
            = default;
};

/// AwsOpportunityRelatedEntities (model shape).
struct AwsOpportunityRelatedEntities
{
    std::optional<QStringList> awsProducts;
    std::optional<QStringList> solutions;
    std::optional<QStringList> awsMarketplaceSolutions;
    std::optional<QStringList> awsMarketplaceProducts;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("AwsProducts", &AwsOpportunityRelatedEntities::awsProducts),
                ShapeJson::member("Solutions", &AwsOpportunityRelatedEntities::solutions),
                ShapeJson::member("AwsMarketplaceSolutions",
                                  &AwsOpportunityRelatedEntities::awsMarketplaceSolutions),
                ShapeJson::member("AwsMarketplaceProducts",
                                  &AwsOpportunityRelatedEntities::awsMarketplaceProducts),
        };
    }
    friend bool operator==(const AwsOpportunityRelatedEntities &,
                           const AwsOpportunityRelatedEntities &)
            = default;
};

/// AwsOpportunityCustomer (model shape).
struct AwsOpportunityCustomer
{
    std::optional<QList<Shapes::Contact>> contacts;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Contacts", &AwsOpportunityCustomer::contacts),
        };
    }
    friend bool operator==(const AwsOpportunityCustomer &, const AwsOpportunityCustomer &)
            = default;
};

/// AwsOpportunityProject (model shape).
struct AwsOpportunityProject
{
    std::optional<QList<Shapes::ExpectedCustomerSpend>> expectedCustomerSpend;
    QString awsPartition; ///< enum AwsPartition

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("ExpectedCustomerSpend",
                                  &AwsOpportunityProject::expectedCustomerSpend),
                ShapeJson::member("AwsPartition", &AwsOpportunityProject::awsPartition),
        };
    }
    friend bool operator==(const AwsOpportunityProject &, const AwsOpportunityProject &) = default;
};

} // namespace Pd::Core::Shapes
