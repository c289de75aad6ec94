#include "getawsopportunitysummary.h"

#include "listopportunitiesrequest.h"
#include "shapereader.h"

using namespace Qt::StringLiterals;

namespace Pd::Core {

QList<FieldError> GetAwsOpportunitySummaryRequest::validate() const
{
    QList<FieldError> errors;
    Model::validateCatalog(catalog, &errors);
    Model::validateRequiredIdentifier(u"RelatedOpportunityIdentifier"_s,
                                      relatedOpportunityIdentifier, &errors);
    return errors;
}

QByteArray GetAwsOpportunitySummaryRequest::toJson() const
{
    return ShapeJson::toJson(*this);
}

GetAwsOpportunitySummaryRequest GetAwsOpportunitySummaryRequest::fromJson(const QByteArray &json,
                                                                          QList<FieldError> *errors)
{
    return ShapeJson::readRequest<GetAwsOpportunitySummaryRequest>(json, errors);
}

QByteArray GetAwsOpportunitySummaryResponse::toJson(int indentWidth) const
{
    return ShapeJson::toJson(*this, indentWidth);
}

bool GetAwsOpportunitySummaryResponse::parse(const QByteArray &body,
                                             GetAwsOpportunitySummaryResponse *response,
                                             QString *error)
{
    return ShapeJson::parse(body, response, error);
}

} // namespace Pd::Core
