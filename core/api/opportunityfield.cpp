#include "opportunityfield.h"

#include "jsonwriter.h"

using namespace Qt::StringLiterals;

namespace Pd::Core::OpportunityFields {

QList<OpportunityField> all()
{
    QList<OpportunityField> fields;
    fields.reserve(OpportunityFieldCount);
    for (int i = 0; i < OpportunityFieldCount; ++i) {
        fields.append(OpportunityField(i));
    }
    return fields;
}

QString name(OpportunityField field)
{
    switch (field) {
    case OpportunityField::Id:
        return u"Id"_s;
    case OpportunityField::Catalog:
        return u"Catalog"_s;
    case OpportunityField::Arn:
        return u"Arn"_s;
    case OpportunityField::PartnerOpportunityIdentifier:
        return u"PartnerOpportunityIdentifier"_s;
    case OpportunityField::OpportunityType:
        return u"OpportunityType"_s;
    case OpportunityField::CreatedDate:
        return u"CreatedDate"_s;
    case OpportunityField::LastModifiedDate:
        return u"LastModifiedDate"_s;
    case OpportunityField::Stage:
        return u"LifeCycle.Stage"_s;
    case OpportunityField::ReviewStatus:
        return u"LifeCycle.ReviewStatus"_s;
    case OpportunityField::ReviewStatusReason:
        return u"LifeCycle.ReviewStatusReason"_s;
    case OpportunityField::ReviewComments:
        return u"LifeCycle.ReviewComments"_s;
    case OpportunityField::NextSteps:
        return u"LifeCycle.NextSteps"_s;
    case OpportunityField::TargetCloseDate:
        return u"LifeCycle.TargetCloseDate"_s;
    case OpportunityField::ClosedLostReason:
        return u"LifeCycle.ClosedLostReason"_s;
    case OpportunityField::CompanyName:
        return u"Customer.Account.CompanyName"_s;
    case OpportunityField::Industry:
        return u"Customer.Account.Industry"_s;
    case OpportunityField::OtherIndustry:
        return u"Customer.Account.OtherIndustry"_s;
    case OpportunityField::WebsiteUrl:
        return u"Customer.Account.WebsiteUrl"_s;
    case OpportunityField::City:
        return u"Customer.Account.Address.City"_s;
    case OpportunityField::PostalCode:
        return u"Customer.Account.Address.PostalCode"_s;
    case OpportunityField::StateOrRegion:
        return u"Customer.Account.Address.StateOrRegion"_s;
    case OpportunityField::CountryCode:
        return u"Customer.Account.Address.CountryCode"_s;
    case OpportunityField::DeliveryModels:
        return u"Project.DeliveryModels"_s;
    case OpportunityField::ExpectedCustomerSpend:
        return u"Project.ExpectedCustomerSpend"_s;
    case OpportunityField::ExpectedContractDurationValue:
        return u"Project.ExpectedContractDuration.Value"_s;
    case OpportunityField::ExpectedContractDurationTerm:
        return u"Project.ExpectedContractDuration.Term"_s;
    }
    return {};
}

QString text(const OpportunitySummary &summary, OpportunityField field)
{
    switch (field) {
    case OpportunityField::Id:
        return summary.id;
    case OpportunityField::Catalog:
        return summary.catalog;
    case OpportunityField::Arn:
        return summary.arn;
    case OpportunityField::PartnerOpportunityIdentifier:
        return summary.partnerOpportunityIdentifier;
    case OpportunityField::OpportunityType:
        return summary.opportunityType;
    case OpportunityField::CreatedDate:
        return summary.createdDate;
    case OpportunityField::LastModifiedDate:
        return summary.lastModifiedDate;
    case OpportunityField::Stage:
        return summary.stage;
    case OpportunityField::ReviewStatus:
        return summary.reviewStatus;
    case OpportunityField::ReviewStatusReason:
        return summary.reviewStatusReason;
    case OpportunityField::ReviewComments:
        return summary.reviewComments;
    case OpportunityField::NextSteps:
        return summary.nextSteps;
    case OpportunityField::TargetCloseDate:
        return summary.targetCloseDate;
    case OpportunityField::ClosedLostReason:
        return summary.closedLostReason;
    case OpportunityField::CompanyName:
        return summary.companyName;
    case OpportunityField::Industry:
        return summary.industry;
    case OpportunityField::OtherIndustry:
        return summary.otherIndustry;
    case OpportunityField::WebsiteUrl:
        return summary.websiteUrl;
    case OpportunityField::City:
        return summary.city;
    case OpportunityField::PostalCode:
        return summary.postalCode;
    case OpportunityField::StateOrRegion:
        return summary.stateOrRegion;
    case OpportunityField::CountryCode:
        return summary.countryCode;
    case OpportunityField::DeliveryModels:
        if (!summary.hasDeliveryModels && summary.deliveryModels.isEmpty()) {
            return {};
        }
        return summary.deliveryModels.isEmpty() ? u""_s : summary.deliveryModels.join(u"; "_s);
    case OpportunityField::ExpectedCustomerSpend: {
        if (!summary.hasExpectedCustomerSpend && summary.expectedCustomerSpend.isEmpty()) {
            return {};
        }
        QByteArray out;
        JsonWriter json(&out);
        json.beginArray();
        for (const ExpectedCustomerSpend &spend : summary.expectedCustomerSpend) {
            json.beginObject();
            json.stringMember("Amount", spend.amount);
            json.stringMember("CurrencyCode", spend.currencyCode);
            json.stringMember("Frequency", spend.frequency);
            json.stringMember("TargetCompany", spend.targetCompany);
            json.stringMember("EstimationUrl", spend.estimationUrl);
            json.endObject();
        }
        json.endArray();
        return QString::fromUtf8(out);
    }
    case OpportunityField::ExpectedContractDurationValue:
        return summary.expectedContractDurationValue;
    case OpportunityField::ExpectedContractDurationTerm:
        return summary.expectedContractDurationTerm;
    }
    return {};
}

QByteArray jsonValue(const OpportunitySummary &summary, OpportunityField field)
{
    if (field == OpportunityField::DeliveryModels) {
        if (!summary.hasDeliveryModels && summary.deliveryModels.isEmpty()) {
            return "null"_ba;
        }
        QByteArray out;
        JsonWriter json(&out);
        json.beginArray();
        for (const QString &model : summary.deliveryModels) {
            json.value(model);
        }
        json.endArray();
        return out;
    }
    const QString value = text(summary, field);
    if (value.isNull()) {
        return "null"_ba;
    }
    if (field == OpportunityField::ExpectedCustomerSpend) {
        return value.toUtf8();
    }
    QByteArray out;
    JsonWriter::appendString(&out, value);
    return out;
}

QString apiSortKey(OpportunityField field)
{
    switch (field) {
    case OpportunityField::Id:
        return u"Identifier"_s;
    case OpportunityField::LastModifiedDate:
        return u"LastModifiedDate"_s;
    case OpportunityField::CreatedDate:
        return u"CreatedDate"_s;
    case OpportunityField::CompanyName:
        return u"CustomerCompanyName"_s;
    case OpportunityField::TargetCloseDate:
        return u"TargetCloseDate"_s;
    default:
        return {};
    }
}

} // namespace Pd::Core::OpportunityFields
