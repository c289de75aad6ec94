#include "getopportunity.h"

#include "listopportunitiesrequest.h"
#include "shapereader.h"

using namespace Qt::StringLiterals;

namespace Pd::Core {

QList<FieldError> GetOpportunityRequest::validate() const
{
    QList<FieldError> errors;
    Model::validateCatalog(catalog, &errors);
    Model::validateRequiredIdentifier(u"Identifier"_s, identifier, &errors);
    return errors;
}

QByteArray GetOpportunityRequest::toJson() const
{
    return ShapeJson::toJson(*this);
}

GetOpportunityRequest GetOpportunityRequest::fromJson(const QByteArray &json,
                                                      QList<FieldError> *errors)
{
    return ShapeJson::readRequest<GetOpportunityRequest>(json, errors);
}

QByteArray GetOpportunityResponse::toJson(int indentWidth) const
{
    return ShapeJson::toJson(*this, indentWidth);
}

bool GetOpportunityResponse::parse(const QByteArray &body, GetOpportunityResponse *response,
                                   QString *error)
{
    return ShapeJson::parse(body, response, error);
}

} // namespace Pd::Core
