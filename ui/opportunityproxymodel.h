#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace Pd::Core {
class OpportunityModel;
}

namespace Pd::Gui {

/// Client-side sort and quick filter over the rows an OpportunityModel has loaded.
///
/// The quick filter matches every word (case-insensitive) against the id, partner CRM id,
/// company, stage, review status, type, industry, city, country and next steps; it reads the
/// summaries directly, so filtering 100,000 rows formats nothing. Sorting follows SortRole.
/// Both only ever see loaded rows; `isClientSorted()` tells the view to say so.
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
    /// Compares the summaries directly (no QVariant per comparison), in the order SortRole
    /// describes: times, lifecycle positions and numbers numerically, text case-insensitively.
    bool lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const override;

private:
    Core::OpportunityModel *m_source = nullptr;
    QString m_filterText;
    QStringList m_words;
};

} // namespace Pd::Gui
