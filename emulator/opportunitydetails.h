#pragma once

#include "getawsopportunitysummary.h"
#include "getopportunity.h"
#include "opportunitysummary.h"
#include "serviceerror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace Pd::Emulator {

class OpportunityStore;

/// GetOpportunity and GetAwsOpportunitySummary over the emulator's opportunities.
///
/// The details extend the stored summary: Catalog, Id, Arn, dates, OpportunityType,
/// PartnerOpportunityIdentifier, LifeCycle, Customer.Account and the Project members of the
/// summary are copied as they are; every other member is generated, deterministically from
/// (seed, Catalog, Id, LastModifiedDate), so an unchanged opportunity has unchanged details
/// (title, contacts and team depend on (seed, Catalog, Id) alone). Across a dataset every member
/// of both models is filled somewhere. Titles include spreadsheet formulas ("=1+1"), exactly
/// 255 characters, CJK, right-to-left text, emoji and line breaks. NextStepsHistory is in time
/// order between CreatedDate and LastModifiedDate and ends with the current NextSteps. About
/// one opportunity in five has no AWS summary (ResourceNotFoundException).
class OpportunityDetails final
{
public:
    /// The result of one request: an error, or the JSON body.
    struct Answer
    {
        std::optional<ServiceError> error;
        QByteArray body;
    };

    OpportunityDetails(quint32 seed, QString region, QString accountId);

    /// The operation named by an X-Amz-Target this class serves ("GetOpportunity",
    /// "GetAwsOpportunitySummary"), or an empty string.
    static QString operationFor(QByteArrayView target);

    /// Parses and validates the request body, looks the opportunity up in `store` and answers.
    Answer answer(const QString &operation, const QByteArray &body,
                  const OpportunityStore &store) const;

    Core::GetOpportunityResponse opportunity(const Core::OpportunitySummary &summary) const;
    /// Empty when AWS has no summary for this opportunity.
    std::optional<Core::GetAwsOpportunitySummaryResponse>
    awsSummary(const Core::OpportunitySummary &summary) const;

    /// The stored summary with this catalog and Id, if any.
    static std::optional<Core::OpportunitySummary> find(const OpportunityStore &store,
                                                        const QString &catalog, const QString &id);

private:
    quint64 seedFor(const Core::OpportunitySummary &summary, bool withModifiedDate) const;

    quint32 m_seed = 1;
    QString m_region;
    QString m_accountId;
};

} // namespace Pd::Emulator
