#include "opportunityproxymodel.h"

#include "itemdatarole.h"
#include "listopportunitiesrequest.h"
#include "opportunitymodel.h"
#include "opportunitytext.h"

#include <QDate>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace Pd::Core {

OpportunityProxyModel::OpportunityProxyModel(QObject *parent) : QAbstractProxyModel(parent) { }

void OpportunityProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    beginResetModel();
    if (m_source) {
        disconnect(m_source, nullptr, this, nullptr);
    }
    m_source = qobject_cast<OpportunityModel *>(sourceModel);
    QAbstractProxyModel::setSourceModel(m_source);
    m_keys.setModel(m_source);
    if (m_source) {
        // The source appends pages; those rows are placed one by one. Any other structural
        // change is followed as a reset.
        const auto beginReset = [this] {
            if (!m_resetting) {
                m_resetting = true;
                beginResetModel();
            }
        };
        const auto endReset = [this] {
            if (m_resetting) {
                resetFromSource();
                m_resetting = false;
                endResetModel();
            }
        };
        using M = QAbstractItemModel;
        connect(m_source, &M::modelAboutToBeReset, this, beginReset);
        connect(m_source, &M::modelReset, this, endReset);
        connect(m_source, &M::rowsAboutToBeInserted, this,
                [this, beginReset](const QModelIndex &, int first) {
                    if (first != m_source->rowCount()) {
                        beginReset();
                    }
                });
        connect(m_source, &M::rowsInserted, this,
                [this, endReset](const QModelIndex &, int first, int last) {
                    if (m_resetting) {
                        endReset();
                    } else {
                        addSourceRows(first, last);
                    }
                });
        connect(m_source, &M::rowsAboutToBeRemoved, this, beginReset);
        connect(m_source, &M::rowsRemoved, this, endReset);
        connect(m_source, &M::rowsAboutToBeMoved, this, beginReset);
        connect(m_source, &M::rowsMoved, this, endReset);
        connect(m_source, &M::layoutAboutToBeChanged, this, beginReset);
        connect(m_source, &M::layoutChanged, this, endReset);
        connect(m_source, &M::columnsAboutToBeInserted, this, beginReset);
        connect(m_source, &M::columnsInserted, this, endReset);
        connect(m_source, &M::columnsAboutToBeRemoved, this, beginReset);
        connect(m_source, &M::columnsRemoved, this, endReset);
        connect(m_source, &M::dataChanged, this,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles) {
                    // Titles and owners arriving change neither a sort by another column
                    // nor its keys.
                    const bool detailsOnly = OpportunityModel::isDetailColumn(topLeft.column());
                    const bool sortChanges
                            = isClientSorted()
                              && (!detailsOnly || OpportunityModel::isDetailColumn(m_sortColumn));
                    if (!detailsOnly || sortChanges) {
                        m_keys.clear();
                    }
                    if (sortChanges || !m_words.isEmpty()) {
                        relayout(shownRows());
                    }
                    if (!m_shown.isEmpty()) {
                        Q_EMIT dataChanged(index(0, topLeft.column()),
                                           index(rowCount() - 1, bottomRight.column()), roles);
                    }
                });
    }
    resetFromSource();
    endResetModel();
}

void OpportunityProxyModel::setQuickFilter(const QString &text)
{
    const QString trimmed = text.simplified();
    if (trimmed == m_filterText) {
        return;
    }
    m_filterText = trimmed;
    m_words.clear();
    const QStringList words = trimmed.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        FilterWord filter{word, {}, {}, {}};
        for (const QString &stage : Core::Model::stages()) {
            if (OpportunityText::stageLabel(stage).contains(word, Qt::CaseInsensitive)) {
                filter.stages.insert(stage);
            }
        }
        for (const QString &status : Core::Model::reviewStatuses()) {
            if (OpportunityText::reviewStatusLabel(status).contains(word, Qt::CaseInsensitive)) {
                filter.reviewStatuses.insert(status);
            }
        }
        for (const QString &code : Core::Model::countryCodes()) {
            if (OpportunityText::countryName(code).contains(word, Qt::CaseInsensitive)) {
                filter.countryCodes.insert(code);
            }
        }
        m_words += filter;
    }
    relayout(shownRows());
}

void OpportunityProxyModel::setLocalPredicate(
        std::function<bool(const OpportunitySummary &)> predicate)
{
    m_predicate = std::move(predicate);
    relayout(shownRows());
}

void OpportunityProxyModel::clearClientSort()
{
    sort(-1);
}

void OpportunityProxyModel::sort(int column, Qt::SortOrder order)
{
    if (column >= columnCount()) {
        return;
    }
    const bool was = isClientSorted();
    m_sortColumn = std::max(column, -1);
    m_sortOrder = order;
    relayout(shownRows());
    if (was != isClientSorted()) {
        Q_EMIT clientSortChanged(isClientSorted());
    }
}

QModelIndex OpportunityProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_shown.size() || column < 0
        || column >= columnCount()) {
        return {};
    }
    return createIndex(row, column);
}

QModelIndex OpportunityProxyModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex OpportunityProxyModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int OpportunityProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int OpportunityProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_source ? 0 : m_source->columnCount();
}

bool OpportunityProxyModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_shown.isEmpty();
}

QModelIndex OpportunityProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_source || !proxyIndex.isValid() || proxyIndex.model() != this
        || proxyIndex.row() >= m_shown.size()) {
        return {};
    }
    return m_source->index(m_shown.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex OpportunityProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_source || !sourceIndex.isValid() || sourceIndex.model() != m_source) {
        return {};
    }
    if (!m_proxyRowOfValid) {
        m_proxyRowOf.assign(size_t(m_source->rowCount()), -1);
        for (qsizetype row = 0; row < m_shown.size(); ++row) {
            m_proxyRowOf[size_t(m_shown.at(row))] = int(row);
        }
        m_proxyRowOfValid = true;
    }
    const auto row = size_t(sourceIndex.row());
    return row < m_proxyRowOf.size() && m_proxyRowOf[row] >= 0
                   ? index(m_proxyRowOf[row], sourceIndex.column())
                   : QModelIndex();
}

QVariant OpportunityProxyModel::data(const QModelIndex &index, int role) const
{
    if (role == Core::OverdueRole && m_source
        && OpportunityModel::fieldAt(index.column()) == OpportunityField::TargetCloseDate) {
        const QModelIndex source = mapToSource(index);
        if (source.isValid()
            && OpportunityText::isOverdue(m_source->summary(source.row()), QDate::currentDate())) {
            return true;
        }
    }
    return QAbstractProxyModel::data(index, role);
}

bool OpportunityProxyModel::canFetchMore(const QModelIndex &parent) const
{
    return m_words.isEmpty() && !m_predicate && QAbstractProxyModel::canFetchMore(parent);
}

void OpportunityProxyModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent)) {
        QAbstractProxyModel::fetchMore(parent);
    }
}

QList<int> OpportunityProxyModel::shownRows()
{
    QList<int> rows;
    if (!m_source) {
        return rows;
    }
    const auto add = [this, &rows](int row) {
        if (accepts(row)) {
            rows.append(row);
        }
    };
    if (isClientSorted()) {
        m_keys.setColumn(m_sortColumn);
        m_keys.update();
        const std::vector<int> order = m_keys.order(m_sortOrder);
        rows.reserve(qsizetype(order.size()));
        std::for_each(order.begin(), order.end(), add);
    } else {
        const int count = m_source->rowCount();
        rows.reserve(count);
        for (int row = 0; row < count; ++row) {
            add(row);
        }
    }
    return rows;
}

void OpportunityProxyModel::relayout(QList<int> rows)
{
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList from = persistentIndexList();
    QList<QModelIndex> sources;
    sources.reserve(from.size());
    for (const QModelIndex &index : from) {
        sources.append(mapToSource(index));
    }
    m_shown = std::move(rows);
    m_proxyRowOfValid = false;
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &source : std::as_const(sources)) {
        to.append(mapFromSource(source));
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged();
}

void OpportunityProxyModel::addSourceRows(int first, int last)
{
    m_proxyRowOfValid = false;
    QList<int> added;
    for (int row = first; row <= last; ++row) {
        if (accepts(row)) {
            added.append(row);
        }
    }
    if (added.isEmpty()) {
        return;
    }
    if (isClientSorted()) {
        m_keys.update();
        const auto before = [this](int a, int b) { return m_keys.before(a, b, m_sortOrder); };
        std::sort(added.begin(), added.end(), before);
        if (!m_shown.isEmpty() && !before(m_shown.constLast(), added.constFirst())) {
            QList<int> merged;
            merged.reserve(m_shown.size() + added.size());
            std::merge(m_shown.cbegin(), m_shown.cend(), added.cbegin(), added.cend(),
                       std::back_inserter(merged), before);
            relayout(std::move(merged));
            return;
        }
    }
    const int at = int(m_shown.size());
    beginInsertRows({}, at, at + int(added.size()) - 1);
    m_shown.append(added);
    endInsertRows();
}

void OpportunityProxyModel::resetFromSource()
{
    m_keys.clear();
    m_shown = shownRows();
    m_proxyRowOfValid = false;
}

bool OpportunityProxyModel::accepts(int sourceRow) const
{
    if (!m_source || (m_words.isEmpty() && !m_predicate)) {
        return true;
    }
    const OpportunitySummary &s = m_source->summary(sourceRow);
    if (m_predicate && !m_predicate(s)) {
        return false;
    }
    const QString *fields[] = {&s.id,           &s.partnerOpportunityIdentifier,
                               &s.companyName,  &s.stage,
                               &s.reviewStatus, &s.opportunityType,
                               &s.industry,     &s.otherIndustry,
                               &s.city,         &s.countryCode,
                               &s.nextSteps,    &s.websiteUrl};
    for (const FilterWord &filter : m_words) {
        // Translated labels can differ from the API values ("In Review" vs "In review").
        bool found = filter.stages.contains(s.stage)
                     || filter.reviewStatuses.contains(s.reviewStatus)
                     || filter.countryCodes.contains(s.countryCode);
        for (std::size_t i = 0; !found && i < std::size(fields); ++i) {
            found = fields[i]->contains(filter.word, Qt::CaseInsensitive);
        }
        if (!found) {
            found = m_source->detailText(sourceRow, OpportunityModel::TitleColumn)
                            .contains(filter.word, Qt::CaseInsensitive);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

} // namespace Pd::Core
