#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Pd::Core {

/// A DateTime range filter (LastModifiedDate, CreatedDate). Invalid QDateTime = member absent.
struct DateTimeRange
{
    QDateTime after;
    QDateTime before;
    bool isEmpty() const { return !after.isValid() && !before.isValid(); }
    friend bool operator==(const DateTimeRange &, const DateTimeRange &) = default;
};

/// A Date range filter (TargetCloseDate), values "YYYY-MM-DD". Empty string = member absent.
struct DateRange
{
    QString after;
    QString before;
    bool isEmpty() const { return after.isEmpty() && before.isEmpty(); }
    friend bool operator==(const DateRange &, const DateRange &) = default;
};

struct OpportunitySort
{
    QString sortBy; ///< LastModifiedDate | Identifier | CustomerCompanyName | CreatedDate |
                    ///< TargetCloseDate
    QString sortOrder; ///< ASCENDING | DESCENDING
    friend bool operator==(const OpportunitySort &, const OpportunitySort &) = default;
};

/// ListOpportunitiesRequest with every member of the 2026-08-04 model.
///
/// `validate()` checks the model's constraints locally (required Catalog and its pattern,
/// MaxResults 1..100, list sizes, enum values, identifier pattern, date formats, both Sort
/// members, After <= Before) and returns one FieldError per offending member, named with the
/// API member path. `toJson()` writes the awsJson1_0 body with DateTimes as RFC 3339 UTC strings
/// ("…Z", milliseconds only when non-zero). `fromJson()` reads the same shape back, for
/// `--cli-input-json` and for the emulator; it reports type and format problems as FieldErrors
/// and does not run `validate()`.
struct ListOpportunitiesRequest
{
    QString catalog;
    std::optional<int> maxResults;
    QString nextToken;
    std::optional<OpportunitySort> sort;
    DateTimeRange lastModifiedDate;
    QStringList identifier;
    QStringList lifeCycleStage;
    QStringList lifeCycleReviewStatus;
    QStringList customerCompanyName;
    DateTimeRange createdDate;
    DateRange targetCloseDate;

    QList<FieldError> validate() const;
    QByteArray toJson() const;
    static ListOpportunitiesRequest fromJson(const QByteArray &json, QList<FieldError> *errors);

    /// The same query with another page token (filters, sort and page size unchanged).
    ListOpportunitiesRequest withNextToken(const QString &token) const;
    /// True when two requests ask for the same rows (everything but NextToken and MaxResults).
    bool sameQueryAs(const ListOpportunitiesRequest &other) const;

    friend bool operator==(const ListOpportunitiesRequest &, const ListOpportunitiesRequest &)
            = default;
};

/// Model enumerations and limits shared by the client, the emulator and the UI.
namespace Model {
inline constexpr int MaxResultsMin = 1;
inline constexpr int MaxResultsMax = 100;
inline constexpr int MaxFilterValues = 10; ///< stages, review statuses, company names
inline constexpr int MaxIdentifierValues = 20;
QStringList catalogs(); ///< AWS, Sandbox
QStringList stages(); ///< the 7 Stage values in lifecycle order
QStringList reviewStatuses(); ///< the 6 ReviewStatus values
QStringList sortKeys(); ///< the 5 SortBy values
QStringList sortOrders(); ///< ASCENDING, DESCENDING
QStringList opportunityTypes();
QStringList closedLostReasons();
QStringList industries();
QStringList deliveryModels();
QStringList countryCodes();
QStringList currencyCodes();
bool isValidIdentifier(const QString &id); ///< ^O[0-9]{1,19}$
bool isValidDate(const QString &date); ///< the model's Date pattern
/// Appends the FieldError for a missing or unknown Catalog (the model's pattern allows any
/// letters; the service knows AWS and Sandbox).
void validateCatalog(const QString &catalog, QList<FieldError> *errors);
/// Appends the FieldError for an identifier that does not match ^O[0-9]{1,19}$, named `path`.
void validateIdentifier(const QString &path, const QString &id, QList<FieldError> *errors);
/// The same for a required member: an empty `id` is REQUIRED_FIELD_MISSING.
void validateRequiredIdentifier(const QString &path, const QString &id, QList<FieldError> *errors);
/// Parses RFC 3339 / ISO 8601 date-times as leniently as the JS SDK (any fraction digits, Z or
/// ±hh:mm). Returns an invalid QDateTime on failure.
QDateTime parseDateTime(QStringView text);
/// The same grammar on UTF-8 bytes, straight to milliseconds since the epoch (the response
/// parser's fast path). Returns false on failure and leaves `*msecs` untouched.
bool parseDateTimeMs(QByteArrayView utf8, qint64 *msecs);
/// RFC 3339 UTC with "Z", milliseconds only when non-zero (the JS SDK's serialisation).
QString formatDateTime(const QDateTime &time);
} // namespace Model

} // namespace Pd::Core
