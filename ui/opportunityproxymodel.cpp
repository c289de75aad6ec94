#include "opportunityproxymodel.h"

#include "itemdatarole.h"
#include "listopportunitiesrequest.h"
#include "opportunitymodel.h"
#include "opportunitytext.h"

#include <QBrush>
#include <QColor>
#include <QDate>
#include <QThread>

#include <algorithm>
#include <iterator>
#include <numeric>
#include <thread>
#include <vector>

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

/// The text's first four UTF-16 units, big-endian: prefixes order as the texts do, up to ties.
quint64 textPrefix(QStringView text)
{
    quint64 prefix = 0;
    for (qsizetype i = 0; i < 4; ++i) {
        prefix = (prefix << 16) | (i < text.size() ? text.at(i).unicode() : 0u);
    }
    return prefix;
}

/// Cuts [0, count) into ranges for parallel work, returned as their boundaries: one range
/// unless there is enough to share (sort keys of 100,000 rows), at most one per core.
std::vector<qsizetype> parallelRanges(qsizetype count)
{
    constexpr qsizetype MinPerRange = 20000;
    const qsizetype cores = std::clamp(QThread::idealThreadCount(), 1, 4);
    const qsizetype ranges = std::clamp<qsizetype>(count / MinPerRange, 1, cores);
    std::vector<qsizetype> bounds;
    for (qsizetype i = 0; i <= ranges; ++i) {
        bounds.push_back(count * i / ranges);
    }
    return bounds;
}

/// Calls `work(begin, end)` for each range of `bounds`, the first on this thread and the
/// others on threads of their own, and returns when all are done.
template<typename Work>
void inParallel(const std::vector<qsizetype> &bounds, Work work)
{
    std::vector<std::thread> helpers;
    for (size_t i = 1; i + 1 < bounds.size(); ++i) {
        helpers.emplace_back(work, bounds[i], bounds[i + 1]);
    }
    work(bounds[0], bounds[1]);
    for (std::thread &helper : helpers) {
        helper.join();
    }
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
    key.prefix = textPrefix(key.text);
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
    const qsizetype first = m_keys.size();
    if (first < rows) {
        m_keys.reserve(m_source->rowCount());
        m_keys.resize(rows);
        SortKey *keys = m_keys.data();
        const auto work = [this, keys, first, column](qsizetype begin, qsizetype end) {
            for (qsizetype i = first + begin; i < first + end; ++i) {
                keys[i] = sortKey(int(i), column);
            }
        };
        inParallel(parallelRanges(rows - first), work);
    }
}

bool OpportunityProxyModel::keyLess(const SortKey &a, const SortKey &b)
{
    if (a.number != b.number) {
        return a.number < b.number;
    }
    if (a.prefix != b.prefix) {
        return a.prefix < b.prefix;
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
    // Sorted as (number, prefix, row) in one contiguous array, so that most comparisons touch
    // no key; equal numbers and prefixes fall back to the texts.
    struct Entry
    {
        double number;
        quint64 prefix;
        int row;
    };
    std::vector<Entry> order(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        const SortKey &key = m_keys.at(row);
        order[size_t(row)] = Entry{key.number, key.prefix, row};
    }
    const auto less = [this](const Entry &a, const Entry &b) {
        if (a.number != b.number) {
            return a.number < b.number;
        }
        if (a.prefix != b.prefix) {
            return a.prefix < b.prefix;
        }
        return m_keys.at(a.row).text < m_keys.at(b.row).text;
    };
    // Runs sorted in parallel, then merged pairwise.
    std::vector<qsizetype> bounds = parallelRanges(rows);
    inParallel(bounds, [&order, &less](qsizetype begin, qsizetype end) {
        std::sort(order.begin() + begin, order.begin() + end, less);
    });
    while (bounds.size() > 2) {
        std::vector<qsizetype> merged{0};
        for (size_t i = 0; i + 2 < bounds.size(); i += 2) {
            std::inplace_merge(order.begin() + bounds[i], order.begin() + bounds[i + 1],
                               order.begin() + bounds[i + 2], less);
            merged.push_back(bounds[i + 2]);
        }
        if (bounds.size() % 2 == 0) {
            merged.push_back(bounds.back()); // an odd run out, merged next round
        }
        bounds = std::move(merged);
    }
    m_ranks.resize(rows);
    int rank = 0;
    for (int i = 0; i < rows; ++i) {
        if (i > 0 && less(order[size_t(i - 1)], order[size_t(i)])) {
            rank = i;
        }
        m_ranks[order[size_t(i)].row] = rank;
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
