#pragma once

#include "apierror.h"
#include "operationcall.h"
#include "opportunityshapes.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Pd::Core {

/// GetAwsOpportunitySummaryRequest. `validate()` checks the model locally: Catalog required
/// (AWS or Sandbox), RelatedOpportunityIdentifier required and ^O[0-9]{1,19}$. `fromJson()`
/// reads the same shape and reports wrongly typed members; it does not run `validate()`.
struct GetAwsOpportunitySummaryRequest
{
    QString catalog;
    QString relatedOpportunityIdentifier;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Catalog", &GetAwsOpportunitySummaryRequest::catalog),
                ShapeJson::member("RelatedOpportunityIdentifier",
                                  &GetAwsOpportunitySummaryRequest::relatedOpportunityIdentifier),
        };
    }

    QList<FieldError> validate() const;
    QByteArray toJson() const;
    static GetAwsOpportunitySummaryRequest fromJson(const QByteArray &json,
                                                    QList<FieldError> *errors);

    friend bool operator==(const GetAwsOpportunitySummaryRequest &,
                           const GetAwsOpportunitySummaryRequest &)
            = default;
};

/// GetAwsOpportunitySummaryResponse (AWS's view of a partner opportunity: involvement, AWS
/// stage and team, insights) with every member of the 2026-08-04 model, kept as received.
struct GetAwsOpportunitySummaryResponse
{
    QString relatedOpportunityId;
    QString origin; ///< enum OpportunityOrigin
    QString involvementType; ///< enum SalesInvolvementType
    QString visibility; ///< enum Visibility
    std::optional<Shapes::AwsOpportunityLifeCycle> lifeCycle;
    std::optional<QList<Shapes::AwsTeamMember>> opportunityTeam;
    std::optional<Shapes::AwsOpportunityInsights> insights;
    QString involvementTypeChangeReason; ///< enum InvolvementTypeChangeReason
    std::optional<Shapes::AwsOpportunityRelatedEntities> relatedEntityIds;
    std::optional<Shapes::AwsOpportunityCustomer> customer;
    std::optional<Shapes::AwsOpportunityProject> project;
    QString cosellMotion;
    QString catalog;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("RelatedOpportunityId",
                                  &GetAwsOpportunitySummaryResponse::relatedOpportunityId),
                ShapeJson::member("Origin", &GetAwsOpportunitySummaryResponse::origin),
                ShapeJson::member("InvolvementType",
                                  &GetAwsOpportunitySummaryResponse::involvementType),
                ShapeJson::member("Visibility", &GetAwsOpportunitySummaryResponse::visibility),
                ShapeJson::member("LifeCycle", &GetAwsOpportunitySummaryResponse::lifeCycle),
                ShapeJson::member("OpportunityTeam",
                                  &GetAwsOpportunitySummaryResponse::opportunityTeam),
                ShapeJson::member("Insights", &GetAwsOpportunitySummaryResponse::insights),
                ShapeJson::member("InvolvementTypeChangeReason",
                                  &GetAwsOpportunitySummaryResponse::involvementTypeChangeReason),
                ShapeJson::member("RelatedEntityIds",
                                  &GetAwsOpportunitySummaryResponse::relatedEntityIds),
                ShapeJson::member("Customer", &GetAwsOpportunitySummaryResponse::customer),
                ShapeJson::member("Project", &GetAwsOpportunitySummaryResponse::project),
                ShapeJson::member("CosellMotion", &GetAwsOpportunitySummaryResponse::cosellMotion),
                ShapeJson::member("Catalog", &GetAwsOpportunitySummaryResponse::catalog),
        };
    }

    /// Compact JSON, or indented like `aws … get-aws-opportunity-summary --output json`.
    QByteArray toJson(int indentWidth = 0) const;
    /// Parses a 2xx body (or a stored `toJson()`); see GetOpportunityResponse::parse().
    static bool parse(const QByteArray &body, GetAwsOpportunitySummaryResponse *response,
                      QString *error);

    friend bool operator==(const GetAwsOpportunitySummaryResponse &,
                           const GetAwsOpportunitySummaryResponse &)
            = default;
};

struct GetAwsOpportunitySummaryOperation
{
    static constexpr const char *name = "GetAwsOpportunitySummary";
    using Request = GetAwsOpportunitySummaryRequest;
    using Response = GetAwsOpportunitySummaryResponse;
};

/// One GetAwsOpportunitySummary call (see OperationCall). Needs
/// `partnercentral:GetAwsOpportunitySummary`; ResourceNotFoundException when AWS has no
/// summary for the opportunity.
class GetAwsOpportunitySummaryCall final : public ApiCall<GetAwsOpportunitySummaryOperation>
{
public:
    using ApiCall::ApiCall;
};

} // namespace Pd::Core
