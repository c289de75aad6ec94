#include "opportunitytableview.h"

#include "celldelegate.h"
#include "opportunityfield.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytext.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QMenu>

#include <algorithm>

using namespace Qt::StringLiterals;
using Pd::Core::OpportunityField;
using Pd::Core::OpportunityModel;
using Pd::Core::OpportunityText;
namespace OpportunityFields = Pd::Core::OpportunityFields;

namespace Pd::Gui {

namespace {

/// Default column width in average character widths.
int defaultChars(OpportunityField field)
{
    switch (field) {
    case OpportunityField::Id:
        return 12;
    case OpportunityField::Catalog:
        return 9;
    case OpportunityField::Arn:
        return 44;
    case OpportunityField::PartnerOpportunityIdentifier:
        return 16;
    case OpportunityField::OpportunityType:
        return 17;
    case OpportunityField::CreatedDate:
    case OpportunityField::LastModifiedDate:
        return 19;
    case OpportunityField::Stage:
        return 20;
    case OpportunityField::ReviewStatus:
        return 20;
    case OpportunityField::ReviewStatusReason:
    case OpportunityField::ReviewComments:
    case OpportunityField::NextSteps:
        return 32;
    case OpportunityField::TargetCloseDate:
        return 12;
    case OpportunityField::ClosedLostReason:
        return 24;
    case OpportunityField::CompanyName:
        return 25;
    case OpportunityField::Industry:
        return 24;
    case OpportunityField::OtherIndustry:
    case OpportunityField::WebsiteUrl:
        return 24;
    case OpportunityField::City:
    case OpportunityField::StateOrRegion:
        return 16;
    case OpportunityField::PostalCode:
        return 11;
    case OpportunityField::CountryCode:
        return 18;
    case OpportunityField::DeliveryModels:
        return 24;
    case OpportunityField::ExpectedCustomerSpend:
        return 24;
    case OpportunityField::ExpectedContractDurationValue:
        return 15;
    case OpportunityField::ExpectedContractDurationTerm:
        return 12;
    }
    return 16;
}

constexpr int MaxDefaultChars = 40;

/// The translated labels a column shows, for the enum columns with a handful of values.
QStringList enumLabels(OpportunityField field)
{
    QStringList labels;
    const auto add = [&labels](const QStringList &values, QString (*label)(const QString &)) {
        for (const QString &value : values) {
            labels += label(value);
        }
    };
    switch (field) {
    case OpportunityField::Stage:
        add(Pd::Core::Model::stages(), &OpportunityText::stageLabel);
        break;
    case OpportunityField::ReviewStatus:
        add(Pd::Core::Model::reviewStatuses(), &OpportunityText::reviewStatusLabel);
        break;
    case OpportunityField::OpportunityType:
        add(Pd::Core::Model::opportunityTypes(), &OpportunityText::opportunityTypeLabel);
        break;
    default:
        break;
    }
    return labels;
}

QString oneLine(QString text)
{
    for (QChar &c : text) {
        if (c == u'\t' || c == u'\n' || c == u'\r') {
            c = u' ';
        }
    }
    return text;
}

} // namespace

OpportunityTableView::OpportunityTableView(QWidget *parent) : QTableView(parent)
{
    setObjectName(u"opportunityTable"_s);
    setAccessibleName(tr("Opportunities"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setTabKeyNavigation(false);
    setSortingEnabled(false);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setShowGrid(false);
    setItemDelegate(new CellDelegate(this));

    // Uniform row heights: the view never measures rows.
    QHeaderView *rows = verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 10);
    rows->hide();

    QHeaderView *columns = horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setSectionsClickable(true);
    columns->setSortIndicatorShown(true);
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    columns->setMinimumSectionSize(fontMetrics().averageCharWidth() * 4);
    connect(columns, &QHeaderView::customContextMenuRequested, this,
            &OpportunityTableView::showHeaderMenu);
    connect(columns, &QHeaderView::sortIndicatorChanged, this,
            [this](int logicalIndex, Qt::SortOrder order) {
                if (!m_updatingIndicator) {
                    applySort(logicalIndex, order);
                }
            });

    m_copyCell = new QAction(tr("&Copy Cell"), this);
    m_copyCell->setObjectName(u"copyCellAction"_s);
    m_copyCell->setShortcut(QKeySequence::Copy);
    m_copyCell->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyCell, &QAction::triggered, this, &OpportunityTableView::copyCurrentCell);
    m_copyRows = new QAction(tr("Copy &Rows with Headers"), this);
    m_copyRows->setObjectName(u"copyRowsAction"_s);
    m_copyRows->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyRows->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyRows, &QAction::triggered, this, &OpportunityTableView::copySelectedRows);
    addAction(m_copyCell);
    addAction(m_copyRows);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

void OpportunityTableView::setModel(QAbstractItemModel *model)
{
    m_proxy = qobject_cast<OpportunityProxyModel *>(model);
    Q_ASSERT(m_proxy);
    QTableView::setModel(model);
    connect(m_proxy, &OpportunityProxyModel::clientSortChanged, this, [this](bool sorted) {
        updateSortIndicator();
        Q_EMIT clientSortChanged(sorted);
    });
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { Q_EMIT currentOpportunityChanged(currentSourceRow()); });
    resetLayout();
}

void OpportunityTableView::setServerSort(const Core::OpportunitySort &sort)
{
    m_serverSort = sort;
    updateSortIndicator();
}

void OpportunityTableView::applySort(int logicalIndex, Qt::SortOrder order)
{
    if (!m_proxy || logicalIndex < 0) {
        return;
    }
    const QString key = OpportunityFields::apiSortKey(OpportunityModel::fieldAt(logicalIndex));
    if (key.isEmpty()) {
        m_proxy->sort(logicalIndex, order);
        updateSortIndicator();
        return;
    }
    m_proxy->clearClientSort();
    m_serverSort = Core::OpportunitySort{key, order == Qt::AscendingOrder ? u"ASCENDING"_s
                                                                          : u"DESCENDING"_s};
    updateSortIndicator();
    Q_EMIT serverSortRequested(m_serverSort);
}

void OpportunityTableView::clearClientSort()
{
    if (m_proxy) {
        m_proxy->clearClientSort();
    }
    updateSortIndicator();
}

void OpportunityTableView::updateSortIndicator()
{
    m_updatingIndicator = true;
    QHeaderView *header = horizontalHeader();
    if (m_proxy && m_proxy->isClientSorted()) {
        header->setSortIndicator(m_proxy->sortColumn(), m_proxy->sortOrder());
    } else {
        int column = -1;
        for (const OpportunityField field : OpportunityFields::all()) {
            if (!m_serverSort.sortBy.isEmpty()
                && OpportunityFields::apiSortKey(field) == m_serverSort.sortBy) {
                column = OpportunityModel::columnOf(field);
            }
        }
        header->setSortIndicator(column, m_serverSort.sortOrder == u"ASCENDING"_s
                                                 ? Qt::AscendingOrder
                                                 : Qt::DescendingOrder);
    }
    m_updatingIndicator = false;
}

QList<int> OpportunityTableView::defaultColumns()
{
    const OpportunityField fields[] = {
            OpportunityField::Id,
            OpportunityField::CompanyName,
            OpportunityField::Stage,
            OpportunityField::ReviewStatus,
            OpportunityField::TargetCloseDate,
            OpportunityField::ExpectedCustomerSpend,
            OpportunityField::OpportunityType,
            OpportunityField::Industry,
            OpportunityField::CountryCode,
            OpportunityField::LastModifiedDate,
    };
    QList<int> columns;
    for (const OpportunityField field : fields) {
        columns += OpportunityModel::columnOf(field);
        if (field == OpportunityField::CompanyName) {
            columns += {OpportunityModel::TitleColumn, OpportunityModel::OwnerColumn};
        }
    }
    return columns;
}

bool OpportunityTableView::isVisibleByDefault(int column)
{
    return defaultColumns().contains(column);
}

int OpportunityTableView::defaultWidth(int column)
{
    const QFontMetrics metrics(QApplication::font());
    if (OpportunityModel::isDetailColumn(column)) {
        return (column == OpportunityModel::TitleColumn ? 36 : 20) * metrics.averageCharWidth();
    }
    const OpportunityField field = OpportunityModel::fieldAt(column);
    // Wide enough for the title (in the current language) with its sort arrow, and for the
    // longest label of a short enum column.
    int width = std::max(defaultChars(field) * metrics.averageCharWidth() + 16,
                         metrics.horizontalAdvance(OpportunityText::fieldTitle(field)) + 32);
    for (const QString &label : enumLabels(field)) {
        width = std::max(width, metrics.horizontalAdvance(label) + 16);
    }
    return std::min(width, MaxDefaultChars * metrics.averageCharWidth());
}

void OpportunityTableView::resetLayout()
{
    QHeaderView *header = horizontalHeader();
    // The default columns first, in their order; then every other field, hidden, in the
    // order of OpportunityField.
    QList<int> order = defaultColumns();
    for (int logical = 0; logical < header->count(); ++logical) {
        if (!order.contains(logical)) {
            order += logical;
        }
    }
    for (int visual = 0; visual < order.size(); ++visual) {
        const int logical = order.at(visual);
        header->moveSection(header->visualIndex(logical), visual);
        header->setSectionHidden(logical, !isVisibleByDefault(logical));
        header->resizeSection(logical, defaultWidth(logical));
    }
    updateSortIndicator();
}

QByteArray OpportunityTableView::saveLayout() const
{
    return horizontalHeader()->saveState();
}

bool OpportunityTableView::restoreLayout(const QByteArray &state)
{
    m_updatingIndicator = true;
    const bool ok = !state.isEmpty() && horizontalHeader()->restoreState(state);
    m_updatingIndicator = false;
    if (!ok) {
        resetLayout();
    }
    updateSortIndicator();
    return ok;
}

void OpportunityTableView::showHeaderMenu(const QPoint &pos)
{
    QHeaderView *header = horizontalHeader();
    QMenu menu(this);
    menu.setAccessibleName(tr("Columns"));
    int visibleCount = 0;
    for (int logical = 0; logical < header->count(); ++logical) {
        visibleCount += header->isSectionHidden(logical) ? 0 : 1;
    }
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        const QString title = model()->headerData(logical, Qt::Horizontal).toString();
        QAction *action = menu.addAction(title);
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(logical));
        // Never hide the last visible column.
        action->setEnabled(header->isSectionHidden(logical) || visibleCount > 1);
        connect(action, &QAction::toggled, this,
                [header, logical](bool on) { header->setSectionHidden(logical, !on); });
    }
    menu.addSeparator();
    menu.addAction(tr("&Reset Columns to Default"), this, &OpportunityTableView::resetLayout);
    menu.exec(header->mapToGlobal(pos));
}

int OpportunityTableView::currentSourceRow() const
{
    const QModelIndex current = currentIndex();
    if (!current.isValid() || !m_proxy) {
        return -1;
    }
    return m_proxy->mapToSource(current).row();
}

QString OpportunityTableView::currentCellText() const
{
    const QModelIndex current = currentIndex();
    return current.isValid() ? current.data(Qt::DisplayRole).toString() : QString();
}

QList<int> OpportunityTableView::visibleColumns() const
{
    const QHeaderView *header = horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical)) {
            columns += logical;
        }
    }
    return columns;
}

QString OpportunityTableView::selectedRowsAsTsv() const
{
    const QList<int> columns = visibleColumns();
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });

    QString out;
    QStringList cells;
    for (const int column : columns) {
        cells += oneLine(model()->headerData(column, Qt::Horizontal).toString());
    }
    out += cells.join(u'\t') + u'\n';
    for (const QModelIndex &row : rows) {
        cells.clear();
        for (const int column : columns) {
            cells += oneLine(model()->index(row.row(), column).data().toString());
        }
        out += cells.join(u'\t') + u'\n';
    }
    return out;
}

void OpportunityTableView::copyCurrentCell()
{
    if (currentIndex().isValid()) {
        QApplication::clipboard()->setText(currentCellText());
    }
}

void OpportunityTableView::copySelectedRows()
{
    if (selectionModel() && selectionModel()->hasSelection()) {
        QApplication::clipboard()->setText(selectedRowsAsTsv());
    }
}

} // namespace Pd::Gui
