#include "opportunityproxymodel.h"

#include "itemdatarole.h"
#include "listopportunitiesrequest.h"
#include "opportunitymodel.h"
#include "opportunitytext.h"

#include <QBrush>
#include <QColor>
#include <QDate>

#include <algorithm>
#include <iterator>
#include <numeric>

using namespace Qt::StringLiterals;
using Pd::Core::OpportunityField;
using Pd::Core::OpportunityModel;
using Pd::Core::OpportunitySummary;
using Pd::Core::OpportunityText;

namespace Pd::Gui {

namespace {

bool isOverdue(const OpportunitySummary &s)
{
    if (s.targetCloseDate.isEmpty() || s.stage == u"Launched"_s || s.stage == u"Closed Lost"_s) {
        return false;
    }
    const QDate date = QDate::fromString(s.targetCloseDate, Qt::ISODate);
    return date.isValid() && date < QDate::currentDate();
}

} // namespace

OpportunityProxyModel::OpportunityProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(Core::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void OpportunityProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    if (m_source) {
        disconnect(m_source, nullptr, this, nullptr);
    }
    m_source = qobject_cast<OpportunityModel *>(sourceModel);
    m_keys.clear();
    m_ranks.clear();
    if (m_source) {
        // Before the proxy's own reset handling re-sorts: keys of the old rows are stale.
        connect(m_source, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
            m_keys.clear();
            m_ranks.clear();
        });
    }
    QSortFilterProxyModel::setSourceModel(sourceModel);
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
    invalidateFilter();
}

void OpportunityProxyModel::clearClientSort()
{
    sort(-1);
}

void OpportunityProxyModel::sort(int column, Qt::SortOrder order)
{
    const bool was = isClientSorted();
    rankRows(column);
    QSortFilterProxyModel::sort(column, order);
    if (was != isClientSorted()) {
        Q_EMIT clientSortChanged(isClientSorted());
    }
}

QVariant OpportunityProxyModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::ForegroundRole && m_source
        && OpportunityModel::fieldAt(index.column()) == OpportunityField::TargetCloseDate) {
        const QModelIndex source = mapToSource(index);
        if (source.isValid() && isOverdue(m_source->summary(source.row()))) {
            return QBrush(QColor(0xc6, 0x28, 0x28));
        }
    }
    return QSortFilterProxyModel::data(index, role);
}

OpportunityProxyModel::SortKey OpportunityProxyModel::sortKey(int sourceRow, int column) const
{
    const OpportunityField field = OpportunityModel::fieldAt(column);
    const OpportunitySummary s = m_source->summary(sourceRow, field); // that column only
    SortKey key;
    switch (field) {
    case OpportunityField::CreatedDate:
        key.number = double(s.createdDateMs);
        break;
    case OpportunityField::LastModifiedDate:
        key.number = double(s.lastModifiedDateMs);
        break;
    case OpportunityField::Stage:
        key.number = OpportunityText::stageIndex(s.stage);
        break;
    case OpportunityField::ReviewStatus:
        key.number = OpportunityText::reviewStatusIndex(s.reviewStatus);
        break;
    case OpportunityField::Id:
        key.number = double(QStringView(s.id).mid(1).toULongLong());
        key.text = s.id;
        break;
    case OpportunityField::TargetCloseDate:
        key.text = s.targetCloseDate;
        break;
    case OpportunityField::ExpectedCustomerSpend:
        key.number = s.expectedCustomerSpend.isEmpty()
                             ? -1.0
                             : s.expectedCustomerSpend.constFirst().amount.toDouble();
        break;
    case OpportunityField::ExpectedContractDurationValue:
        key.number = s.expectedContractDurationValue.toInt();
        break;
    default:
        key.text = OpportunityText::displayText(s, field).toCaseFolded();
        break;
    }
    return key;
}

bool OpportunityProxyModel::lessThan(const QModelIndex &sourceLeft,
                                     const QModelIndex &sourceRight) const
{
    if (!m_source) {
        return QSortFilterProxyModel::lessThan(sourceLeft, sourceRight);
    }
    const int column = sourceLeft.column();
    const int left = sourceLeft.row();
    const int right = sourceRight.row();
    if (column == m_keysColumn && left < m_ranks.size() && right < m_ranks.size()) {
        return m_ranks.at(left) < m_ranks.at(right);
    }
    ensureKeys(column, std::max(left, right) + 1);
    return keyLess(m_keys.at(left), m_keys.at(right));
}

void OpportunityProxyModel::ensureKeys(int column, int rows) const
{
    if (column != m_keysColumn) {
        m_keys.clear();
        m_ranks.clear();
        m_keysColumn = column;
    }
    if (m_keys.size() < rows) {
        m_keys.reserve(m_source->rowCount());
        for (int row = int(m_keys.size()); row < rows; ++row) {
            m_keys += sortKey(row, column);
        }
    }
}

bool OpportunityProxyModel::keyLess(const SortKey &a, const SortKey &b)
{
    if (a.number != b.number) {
        return a.number < b.number;
    }
    return a.text < b.text;
}

void OpportunityProxyModel::rankRows(int column)
{
    m_ranks.clear();
    if (!m_source || column < 0) {
        return;
    }
    const int rows = m_source->rowCount();
    ensureKeys(column, rows);
    QList<int> order(rows);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [this](int a, int b) { return keyLess(m_keys.at(a), m_keys.at(b)); });
    m_ranks.resize(rows);
    int rank = 0;
    for (int i = 0; i < rows; ++i) {
        if (i > 0 && keyLess(m_keys.at(order.at(i - 1)), m_keys.at(order.at(i)))) {
            rank = i;
        }
        m_ranks[order.at(i)] = rank;
    }
}

bool OpportunityProxyModel::canFetchMore(const QModelIndex &parent) const
{
    return m_words.isEmpty() && QSortFilterProxyModel::canFetchMore(parent);
}

bool OpportunityProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty() || !m_source || sourceParent.isValid()) {
        return true;
    }
    const OpportunitySummary &s = m_source->summary(sourceRow);
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
            return false;
        }
    }
    return true;
}

} // namespace Pd::Gui
