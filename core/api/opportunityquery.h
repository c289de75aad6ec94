#pragma once

#include "listopportunitiesrequest.h"
#include "opportunitysummary.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Pd::Core {

/// The ListOpportunities query semantics, in one place: which summaries a request's filters
/// match and the order its sort puts them in.
///
/// - Catalog: exact. CustomerCompanyName: case-insensitive substring (Unicode simple
///   lower-casing), any of the values. Identifier, LifeCycleStage, LifeCycleReviewStatus: exact,
///   any of the values.
/// - Date ranges: After inclusive, Before exclusive; DateTimes compare as instants (to the
///   millisecond), TargetCloseDate compares `YYYY-MM-DD` text.
/// - A summary missing the filtered value never matches that filter.
/// - Sort by any SortBy key in either order (default LastModifiedDate DESCENDING):
///   CustomerCompanyName compares the lower-cased name by code point, Identifier by length
///   then text (numeric order for "O" + digits), TargetCloseDate as text, the DateTimes as
///   instants. Summaries missing the sort value come last in both orders. Ties are broken by
///   Identifier in the sort direction (a summary without an Id last).
///
/// Build one per request: it prepares the filter values once. `key()` computes a summary's
/// sort key once, so that sorting n summaries costs n key computations.
class OpportunityQuery final
{
public:
    enum class SortBy {
        LastModifiedDate,
        Identifier,
        CustomerCompanyName,
        CreatedDate,
        TargetCloseDate
    };

    /// A summary's position under the query's sort.
    struct SortKey
    {
        bool hasValue = false;
        qint64 number = 0; ///< DateTimes: ms since the epoch
        QByteArray text; ///< company name lower-cased, TargetCloseDate: UTF-8
        QString id; ///< null when absent
    };

    explicit OpportunityQuery(const ListOpportunitiesRequest &request);

    /// The request's sort, or the default (LastModifiedDate, DESCENDING) when it has none.
    static OpportunitySort effectiveSort(const ListOpportunitiesRequest &request);
    SortBy sortBy() const { return m_sortBy; }
    bool descending() const { return m_descending; }

    /// True when the summary passes every filter of the request, the catalog included.
    bool matches(const OpportunitySummary &summary) const;

    SortKey key(const OpportunitySummary &summary) const;
    /// True when `a` comes before `b` in the request's order.
    bool lessThan(const SortKey &a, const SortKey &b) const;
    /// Keeps the summaries that match and puts them in the request's order.
    QList<OpportunitySummary> apply(QList<OpportunitySummary> summaries) const;

    /// The lower-cased form company names are matched and sorted by.
    static QString foldedCompanyName(const QString &name) { return name.toLower(); }
    /// Identifier order: shorter first, then by text (numeric order for "O" + digits).
    static int compareIds(const QString &a, const QString &b);

private:
    ListOpportunitiesRequest m_request;
    SortBy m_sortBy = SortBy::LastModifiedDate;
    bool m_descending = true;
    QSet<QString> m_identifiers;
    QStringList m_companyNeedles; ///< lower-cased
    qint64 m_modifiedAfter;
    qint64 m_modifiedBefore;
    qint64 m_createdAfter;
    qint64 m_createdBefore;
};

} // namespace Pd::Core
