#pragma once

#include <QList>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace Pd::Core {
class OpportunityModel;
}

namespace Pd::Gui {

/// Client-side sort and quick filter over the rows an OpportunityModel has loaded.
///
/// The quick filter matches every word (case-insensitive) against the id, partner CRM id,
/// company, stage, review status, type, industry, city, country and next steps, reading the
/// summaries directly; translated labels are matched once per filter change, not per row.
/// Sorting computes one key per row for the sort column (times, lifecycle positions and
/// numbers numerically; text by its case-folded displayed form) and compares keys, so
/// sorting 100,000 rows formats each cell once. Both only ever see loaded rows;
/// `isClientSorted()` tells the view to say so.
class OpportunityProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpportunityProxyModel)

public:
    explicit OpportunityProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    Core::OpportunityModel *opportunityModel() const { return m_source; }

    QString quickFilter() const { return m_filterText; }
    void setQuickFilter(const QString &text);

    bool isClientSorted() const { return sortColumn() >= 0; }
    /// Back to the service's order.
    void clearClientSort();

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    /// No paging on scroll while the quick filter hides rows: a filter that matches little
    /// would otherwise walk every page of the listing.
    bool canFetchMore(const QModelIndex &parent) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void clientSortChanged(bool sorted);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const override;

private:
    /// One filter word and the API values whose translated labels contain it.
    struct FilterWord
    {
        QString word;
        QSet<QString> stages;
        QSet<QString> reviewStatuses;
        QSet<QString> countryCodes;
    };
    /// Ordered by number, then text; `prefix` packs the text's first four UTF-16 units, so
    /// that most text comparisons are one integer comparison.
    struct SortKey
    {
        double number = 0;
        quint64 prefix = 0;
        QString text;
    };
    SortKey sortKey(int sourceRow, int column) const;
    void ensureKeys(int column, int rows) const;
    static bool keyLess(const SortKey &a, const SortKey &b);
    void rankRows(int column);

    Core::OpportunityModel *m_source = nullptr;
    QString m_filterText;
    QList<FilterWord> m_words;
    mutable QList<SortKey> m_keys; ///< by source row, for m_keysColumn; rows only ever append
    mutable int m_keysColumn = -1;
    /// Each source row's place in key order for m_keysColumn, computed once per sort() so
    /// that the proxy's own sort compares integers; rows added later compare by key (ranks
    /// agree with key order, so the two mix).
    mutable QList<int> m_ranks;
};

} // namespace Pd::Gui
