#pragma once

#include "emulatoroptions.h"
#include "listopportunitiesrequest.h"
#include "opportunitysummary.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace Pd::Emulator {

/// The emulator's opportunities and its ListOpportunities query semantics.
///
/// Each summary is serialised once, when added; a page is the concatenation of stored JSON.
/// The rows matching a query, in order, are computed once per distinct query (filters, sort
/// and catalog; not MaxResults or NextToken) and kept in a small LRU cache, so paging costs
/// O(page size).
///
/// Semantics (documented in emulator/README.md and `partnerdesk-emulator --help`):
/// - CustomerCompanyName: case-insensitive substring (Unicode simple lower-casing), any of the
///   values; Identifier, LifeCycleStage, LifeCycleReviewStatus: exact, any of the values.
/// - Date ranges: After inclusive, Before exclusive (or the other way round, see
///   setAfterExclusive()); DateTimes compared as instants (ms), TargetCloseDate compared as
///   YYYY-MM-DD text.
/// - A summary missing the filtered value never matches that filter.
/// - Sort keys in either order; CustomerCompanyName compares the lower-cased name by code
///   point, Identifier compares by length then text (numeric order for "O" + digits),
///   TargetCloseDate as text, the DateTimes as instants. Summaries missing the sort value come
///   last in both orders. Ties (equal values, or both missing) follow the TieBreak, by default
///   Identifier order in the sort's direction: the emulator's choice, the service documents
///   none. The default is LastModifiedDate DESCENDING.
class OpportunityStore final
{
public:
    using RowList = QList<qsizetype>;
    static constexpr int CacheSize = 16;

    /// How summaries added from now on are serialised: absent optional members as explicit
    /// nulls, and/or every non-ASCII character as a JSON unicode escape. Both are valid JSON for
    /// the same data; clients must accept them.
    void setJsonVariants(bool explicitNulls, bool asciiOnly);
    void setTieBreak(TieBreak tieBreak);
    /// Date ranges with After exclusive and Before inclusive (EmulatorOptions::afterExclusive).
    void setAfterExclusive(bool afterExclusive);
    void reserve(qsizetype count);
    /// Stores the summary and its JSON (`summary.toJson()`).
    void add(const Core::OpportunitySummary &summary);
    /// Puts `summary` in place of row `row` (the data changing over time).
    void replace(qsizetype row, const Core::OpportunitySummary &summary);
    /// Removes row `row`; the rows after it move down by one.
    void remove(qsizetype row);
    qsizetype size() const { return m_rows.size(); }
    qsizetype count(const QString &catalog) const;

    /// The identity of a query: catalog, effective sort and every filter, normalised (so an
    /// omitted Sort equals the default Sort). Page tokens are bound to it.
    static QByteArray canonicalQuery(const Core::ListOpportunitiesRequest &request);

    /// Every row matching `request`, in the order pages serve them.
    std::shared_ptr<const RowList> match(const Core::ListOpportunitiesRequest &request,
                                         const QByteArray &canonical);

    const QByteArray &json(qsizetype row) const { return m_rows.at(row).json; }
    const QString &id(qsizetype row) const { return m_rows.at(row).id; }

    /// {"OpportunitySummaries":[…]} of one catalog (every catalog when empty), in insertion
    /// order: the --data format.
    QByteArray dataJson(const QString &catalog) const;

private:
    struct Row
    {
        QByteArray json;
        QString catalog;
        QString id; ///< null when absent
        QString companyLower; ///< null when absent
        QByteArray companyKey; ///< UTF-8 of companyLower (code point order)
        QString stage; ///< null when absent
        QString reviewStatus; ///< null when absent
        QString targetCloseDate; ///< null when absent
        qint64 lastModifiedMs = Core::OpportunitySummary::NoTime;
        qint64 createdMs = Core::OpportunitySummary::NoTime;
        quint64 idHash = 0; ///< for TieBreak::Hashed
    };
    struct CacheEntry
    {
        QByteArray canonical;
        std::shared_ptr<const RowList> rows;
    };

    RowList compute(const Core::ListOpportunitiesRequest &request) const;

    QList<Row> m_rows;
    QList<CacheEntry> m_cache; ///< most recently used first
    bool m_explicitNulls = false;
    bool m_asciiOnly = false;
    TieBreak m_tieBreak = TieBreak::IdInSortOrder;
    bool m_afterExclusive = false;
};

} // namespace Pd::Emulator
