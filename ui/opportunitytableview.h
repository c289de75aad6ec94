#pragma once

#include "listopportunitiesrequest.h"

#include <QTableView>

namespace Pd::Core {
class OpportunityProxyModel;
}

namespace Pd::Gui {

using Core::OpportunityProxyModel;

/// The opportunity table: fixed-height rows, no per-row widgets, columns sized from defaults
/// (never from the contents of every row), so 100,000 rows scroll smoothly.
///
/// A header click asks the service to sort (`serverSortRequested()`) when the API can sort
/// on that column; otherwise the proxy sorts the loaded rows and `clientSortChanged(true)`
/// lets the window mark the table "sorted: loaded rows only". The header's context menu
/// chooses columns and resets the layout; `saveLayout()`/`restoreLayout()` persist order,
/// widths and visibility. Ctrl+C copies the current cell, Ctrl+Shift+C the selected rows as
/// tab-separated values with a header line.
class OpportunityTableView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpportunityTableView)

public:
    explicit OpportunityTableView(QWidget *parent = nullptr);

    /// Must be an OpportunityProxyModel over an OpportunityModel.
    void setModel(QAbstractItemModel *model) override;
    OpportunityProxyModel *proxyModel() const { return m_proxy; }

    /// Shows the service's sort order in the header (unless the loaded rows are sorted
    /// locally).
    void setServerSort(const Core::OpportunitySort &sort);

    QByteArray saveLayout() const;
    bool restoreLayout(const QByteArray &state);
    void resetLayout();
    /// The columns shown by default, in their default order.
    static QList<int> defaultColumns();
    static bool isVisibleByDefault(int column);
    static int defaultWidth(int column);

    /// The source row of the current index, or -1.
    int currentSourceRow() const;
    QString currentCellText() const;
    /// The logical indexes of the shown columns, left to right.
    QList<int> visibleColumns() const;
    /// Selected rows, in view order, visible columns in visual order, with a header line.
    QString selectedRowsAsTsv() const;

    QAction *copyCellAction() const { return m_copyCell; }
    QAction *copyRowsAction() const { return m_copyRows; }

public Q_SLOTS:
    void copyCurrentCell();
    void copySelectedRows();
    /// Clears a local sort and shows the service's order again.
    void clearClientSort();

Q_SIGNALS:
    void serverSortRequested(const Pd::Core::OpportunitySort &sort);
    void clientSortChanged(bool sorted);
    /// The current row changed; -1 when there is none.
    void currentOpportunityChanged(int sourceRow);

private:
    void applySort(int logicalIndex, Qt::SortOrder order);
    void showHeaderMenu(const QPoint &pos);
    void updateSortIndicator();

    OpportunityProxyModel *m_proxy = nullptr;
    QAction *m_copyCell = nullptr;
    QAction *m_copyRows = nullptr;
    Core::OpportunitySort m_serverSort;
    bool m_updatingIndicator = false;
};

} // namespace Pd::Gui
