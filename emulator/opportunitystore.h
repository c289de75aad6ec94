#pragma once

#include "emulatoroptions.h"
#include "listopportunitiesrequest.h"
#include "opportunityquery.h"
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
/// Filters and sorts are Core::OpportunityQuery's (the one definition PartnerDesk's local store
/// answers with too), documented in emulator/README.md and `partnerdesk-emulator --help`. Two
/// variants a service could choose are switchable, so that clients are tested against both:
/// date ranges read the other way round (setAfterExclusive()), and the order of ties (equal
/// values, or both missing): by default Identifier order in the sort's direction, as
/// OpportunityQuery; the service documents none.
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
    const QString &id(qsizetype row) const { return m_rows.at(row).fields.id; }

    /// {"OpportunitySummaries":[…]} of one catalog (every catalog when empty), in insertion
    /// order: the --data format.
    QByteArray dataJson(const QString &catalog) const;

private:
    struct Row
    {
        QByteArray json;
        Core::OpportunityQuery::Fields fields; ///< what the query semantics read
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
