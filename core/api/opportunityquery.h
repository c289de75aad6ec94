#pragma once

#include "listopportunitiesrequest.h"
#include "opportunitysummary.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

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

    /// The members of a summary that filters and sorts read (what a store indexes).
    struct Fields
    {
        QString catalog;
        QString id; ///< null when absent
        QString stage; ///< null when absent
        QString reviewStatus; ///< null when absent
        QString companyFolded; ///< foldedCompanyName(); null when absent
        QString targetCloseDate; ///< null when absent
        qint64 lastModifiedMs = OpportunitySummary::NoTime;
        qint64 createdMs = OpportunitySummary::NoTime;
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

    static Fields fieldsOf(const OpportunitySummary &summary);

    /// Reads the date ranges the other way round: After exclusive, Before inclusive. A
    /// service could choose either; the emulator offers both so that clients are tested
    /// against both.
    void setAfterExclusive(bool afterExclusive) { m_afterExclusive = afterExclusive; }

    /// True when the summary passes every filter of the request, the catalog included.
    bool matches(const OpportunitySummary &summary) const { return matches(fieldsOf(summary)); }
    bool matches(const Fields &fields) const;

    SortKey key(const OpportunitySummary &summary) const { return key(fieldsOf(summary)); }
    SortKey key(const Fields &fields) const;
    /// The sort value alone, in the request's order: negative when `a` comes first, positive
    /// when `b` does, 0 for a tie. A value comes before no value in both orders.
    int compareValues(const SortKey &a, const SortKey &b) const;
    /// True when `a` comes before `b` in the request's order: compareValues(), then ties by
    /// Identifier in the sort direction (a summary without an Id last).
    bool lessThan(const SortKey &a, const SortKey &b) const;
    /// Keeps the summaries that match and puts them in the request's order.
    QList<OpportunitySummary> apply(QList<OpportunitySummary> summaries) const;
    /// apply() over the fields of rows held elsewhere: the indexes into `fields` of those that
    /// match, in the request's order.
    std::vector<qsizetype> select(const std::vector<Fields> &fields) const;

    /// The lower-cased form company names are matched and sorted by.
    static QString foldedCompanyName(const QString &name) { return name.toLower(); }
    /// Identifier order: shorter first, then by text (numeric order for "O" + digits).
    static int compareIds(const QString &a, const QString &b);

private:
    ListOpportunitiesRequest m_request;
    SortBy m_sortBy = SortBy::LastModifiedDate;
    bool m_descending = true;
    bool m_afterExclusive = false;
    QSet<QString> m_identifiers;
    QStringList m_companyNeedles; ///< lower-cased
    qint64 m_modifiedAfter;
    qint64 m_modifiedBefore;
    qint64 m_createdAfter;
    qint64 m_createdBefore;
};

} // namespace Pd::Core
