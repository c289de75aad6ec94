#pragma once

#include "columnsortkeys.h"
#include "opportunitysummary.h"

#include <QAbstractProxyModel>
#include <QList>
#include <QSet>
#include <QStringList>

#include <functional>
#include <vector>

namespace Pd::Core {

class OpportunityModel;

/// Client-side sort and quick filter over the rows an OpportunityModel has loaded.
///
/// The quick filter matches every word (case-insensitive) against the id, partner CRM id,
/// company, stage, review status, type, industry, city, country and next steps, reading the
/// summaries directly; translated labels are matched once per filter change, not per row.
/// Sorting orders the rows by ColumnSortKeys; ties keep the source order. The proxy keeps its
/// own row mapping: a sort or filter change is one layout change, and a page loaded into a
/// sorted table puts its rows in their places. Both only ever see loaded rows;
/// `isClientSorted()` tells the view to say so.
class OpportunityProxyModel final : public QAbstractProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpportunityProxyModel)

public:
    explicit OpportunityProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    OpportunityModel *opportunityModel() const { return m_source; }

    QString quickFilter() const { return m_filterText; }
    void setQuickFilter(const QString &text);

    /// A local filter besides the quick filter (a part of the pipeline picked in a chart):
    /// only the rows `predicate` accepts are shown; an empty function shows every row.
    void setLocalPredicate(std::function<bool(const OpportunitySummary &)> predicate);
    bool hasLocalPredicate() const { return bool(m_predicate); }

    bool isClientSorted() const { return m_sortColumn >= 0; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    /// Back to the service's order.
    void clearClientSort();
    /// Sorts by `column`; -1 goes back to the service's order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    /// No paging on scroll while a filter hides rows: a filter that matches little
    /// would otherwise walk every page of the listing. fetchMore() fetches only when
    /// canFetchMore() says so, whoever calls it.
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void clientSortChanged(bool sorted);

private:
    /// One filter word and the API values whose translated labels contain it.
    struct FilterWord
    {
        QString word;
        QSet<QString> stages;
        QSet<QString> reviewStatuses;
        QSet<QString> countryCodes;
    };
    bool accepts(int sourceRow) const;
    /// The shown source rows, from scratch: every accepted row in sort (or source) order.
    QList<int> shownRows();
    /// Replaces the mapping with `rows` as one layout change, keeping persistent indexes
    /// (selection, current row) on their source rows.
    void relayout(QList<int> rows);
    /// Shows the rows the source appended, in their places.
    void addSourceRows(int first, int last);
    void resetFromSource();

    OpportunityModel *m_source = nullptr;
    QString m_filterText;
    QList<FilterWord> m_words;
    std::function<bool(const OpportunitySummary &)> m_predicate;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    ColumnSortKeys m_keys;
    QList<int> m_shown; ///< source row of each proxy row
    /// Proxy row of each source row (-1 when hidden), rebuilt on demand after m_shown changes.
    mutable std::vector<int> m_proxyRowOf;
    mutable bool m_proxyRowOfValid = false;
    bool m_resetting = false; ///< between a source change we do not follow row by row and its end
};

} // namespace Pd::Core
