#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Pd::Core {

/// One Project.ExpectedCustomerSpend entry. Amount stays the service's decimal text.
struct ExpectedCustomerSpend
{
    QString amount;
    QString currencyCode;
    QString frequency;
    QString targetCompany;
    QString estimationUrl;
    friend bool operator==(const ExpectedCustomerSpend &, const ExpectedCustomerSpend &) = default;
};

/// OpportunitySummary with every field of the 2026-08-04 model.
///
/// Absent members (missing or JSON null) are null QStrings; present-but-empty strings are empty,
/// non-null QStrings, so a summary serialises back to the members it arrived with. Nested
/// objects carry a `has…` flag for the same reason. Enum values are kept as received (open
/// enums). Date-times keep their wire text in `…Date` and the parsed instant in `…DateMs`
/// (milliseconds since the epoch, or `NoTime` when absent or unparsable).
struct OpportunitySummary
{
    static constexpr qint64 NoTime = std::numeric_limits<qint64>::min();

    QString catalog;
    QString id;
    QString arn;
    QString partnerOpportunityIdentifier;
    QString opportunityType;
    QString lastModifiedDate;
    QString createdDate;
    qint64 lastModifiedDateMs = NoTime;
    qint64 createdDateMs = NoTime;

    bool hasLifeCycle = false;
    QString stage;
    QString closedLostReason;
    QString nextSteps;
    QString targetCloseDate;
    QString reviewStatus;
    QString reviewComments;
    QString reviewStatusReason;

    bool hasCustomer = false;
    bool hasAccount = false;
    QString industry;
    QString otherIndustry;
    QString companyName;
    QString websiteUrl;
    bool hasAddress = false;
    QString city;
    QString postalCode;
    QString stateOrRegion;
    QString countryCode;

    bool hasProject = false;
    bool hasDeliveryModels = false;
    QStringList deliveryModels;
    bool hasExpectedCustomerSpend = false;
    QList<ExpectedCustomerSpend> expectedCustomerSpend;
    bool hasExpectedContractDuration = false;
    QString expectedContractDurationTerm;
    QString expectedContractDurationValue;

    /// The summary as a JSON object, members in model order, timestamps as received. A nested
    /// object is written when its `has…` flag is set or any member inside it is present.
    QByteArray toJson() const;
    /// Appends the same object to `out` through a JsonWriter with that indentation (see there).
    void appendJson(QByteArray *out, int indentWidth = 0, int level = 0) const;

    friend bool operator==(const OpportunitySummary &, const OpportunitySummary &) = default;
};

/// ListOpportunitiesResponse.
struct ListOpportunitiesResponse
{
    QList<OpportunitySummary> opportunitySummaries;
    QString nextToken; ///< empty: no more pages

    /// Parses a 2xx body. Returns false and sets `*error` for malformed JSON, a missing or
    /// non-list OpportunitySummaries, or wrongly typed members. Unknown members are ignored;
    /// null means absent; enum values pass through unchanged.
    static bool parse(const QByteArray &body, ListOpportunitiesResponse *response, QString *error);
};

} // namespace Pd::Core

Q_DECLARE_METATYPE(Pd::Core::OpportunitySummary)
