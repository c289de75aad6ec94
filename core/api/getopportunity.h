#pragma once

#include "apierror.h"
#include "operationcall.h"
#include "opportunityshapes.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Pd::Core {

/// GetOpportunityRequest. `validate()` checks the model locally: Catalog required (AWS or
/// Sandbox), Identifier required and ^O[0-9]{1,19}$. `fromJson()` reads the same shape (for
/// `--cli-input-json` and the emulator) and reports wrongly typed members; it does not run
/// `validate()`.
struct GetOpportunityRequest
{
    QString catalog;
    QString identifier;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Catalog", &GetOpportunityRequest::catalog),
                ShapeJson::member("Identifier", &GetOpportunityRequest::identifier),
        };
    }

    QList<FieldError> validate() const;
    QByteArray toJson() const;
    static GetOpportunityRequest fromJson(const QByteArray &json, QList<FieldError> *errors);

    friend bool operator==(const GetOpportunityRequest &, const GetOpportunityRequest &) = default;
};

/// GetOpportunityResponse with every member of the 2026-08-04 model, kept as received (absent
/// members stay absent, so `toJson()` gives back what `parse()` read, unknown members aside).
struct GetOpportunityResponse
{
    QString catalog;
    std::optional<QStringList> primaryNeedsFromAws; ///< enum PrimaryNeedFromAws
    QString nationalSecurity; ///< enum NationalSecurity
    QString partnerOpportunityIdentifier;
    std::optional<Shapes::Customer> customer;
    std::optional<Shapes::Project> project;
    QString opportunityType; ///< enum OpportunityType
    std::optional<Shapes::Marketing> marketing;
    std::optional<Shapes::SoftwareRevenue> softwareRevenue;
    QString id;
    QString arn;
    QString lastModifiedDate; ///< date-time as received
    QString createdDate; ///< date-time as received
    std::optional<Shapes::RelatedEntityIdentifiers> relatedEntityIdentifiers;
    std::optional<Shapes::LifeCycle> lifeCycle;
    std::optional<QList<Shapes::Contact>> opportunityTeam;

    static constexpr auto members()
    {
        return std::tuple{
                ShapeJson::member("Catalog", &GetOpportunityResponse::catalog),
                ShapeJson::member("PrimaryNeedsFromAws",
                                  &GetOpportunityResponse::primaryNeedsFromAws),
                ShapeJson::member("NationalSecurity", &GetOpportunityResponse::nationalSecurity),
                ShapeJson::member("PartnerOpportunityIdentifier",
                                  &GetOpportunityResponse::partnerOpportunityIdentifier),
                ShapeJson::member("Customer", &GetOpportunityResponse::customer),
                ShapeJson::member("Project", &GetOpportunityResponse::project),
                ShapeJson::member("OpportunityType", &GetOpportunityResponse::opportunityType),
                ShapeJson::member("Marketing", &GetOpportunityResponse::marketing),
                ShapeJson::member("SoftwareRevenue", &GetOpportunityResponse::softwareRevenue),
                ShapeJson::member("Id", &GetOpportunityResponse::id),
                ShapeJson::member("Arn", &GetOpportunityResponse::arn),
                ShapeJson::member("LastModifiedDate", &GetOpportunityResponse::lastModifiedDate),
                ShapeJson::member("CreatedDate", &GetOpportunityResponse::createdDate),
                ShapeJson::member("RelatedEntityIdentifiers",
                                  &GetOpportunityResponse::relatedEntityIdentifiers),
                ShapeJson::member("LifeCycle", &GetOpportunityResponse::lifeCycle),
                ShapeJson::member("OpportunityTeam", &GetOpportunityResponse::opportunityTeam),
        };
    }

    /// Compact JSON, or indented like `aws partnercentral-selling get-opportunity --output json`.
    QByteArray toJson(int indentWidth = 0) const;
    /// Parses a 2xx body (or a stored `toJson()`). Unknown members are ignored, null means
    /// absent; false with `*error` set for malformed JSON or a wrongly typed member.
    static bool parse(const QByteArray &body, GetOpportunityResponse *response, QString *error);

    friend bool operator==(const GetOpportunityResponse &, const GetOpportunityResponse &)
            = default;
};

struct GetOpportunityOperation
{
    static constexpr const char *name = "GetOpportunity";
    using Request = GetOpportunityRequest;
    using Response = GetOpportunityResponse;
};

/// One GetOpportunity call (see OperationCall). Needs `partnercentral:GetOpportunity`.
class GetOpportunityCall final : public ApiCall<GetOpportunityOperation>
{
public:
    using ApiCall::ApiCall;
};

} // namespace Pd::Core
