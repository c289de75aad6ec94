#include "columnsortkeys.h"

#include "opportunitymodel.h"
#include "opportunitytext.h"

#include <QThread>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

namespace Pd::Core {

namespace {

/// A row's key as read, before its text is folded and deduplicated.
struct RowKey
{
    double number = 0;
    QString text;
};

RowKey rowKey(const OpportunitySummary &s, OpportunityField field)
{
    switch (field) {
    case OpportunityField::CreatedDate:
        return {double(s.createdDateMs), {}};
    case OpportunityField::LastModifiedDate:
        return {double(s.lastModifiedDateMs), {}};
    case OpportunityField::Stage:
        return {double(OpportunityText::stageIndex(s.stage)), {}};
    case OpportunityField::ReviewStatus:
        return {double(OpportunityText::reviewStatusIndex(s.reviewStatus)), {}};
    case OpportunityField::Id:
        return {double(QStringView(s.id).mid(1).toULongLong()), s.id};
    case OpportunityField::TargetCloseDate:
        return {0, s.targetCloseDate};
    case OpportunityField::ExpectedCustomerSpend:
        return {s.expectedCustomerSpend.isEmpty()
                        ? -1.0
                        : s.expectedCustomerSpend.constFirst().amount.toDouble(),
                {}};
    case OpportunityField::ExpectedContractDurationValue:
        return {double(s.expectedContractDurationValue.toInt()), {}};
    default:
        return {0, OpportunityText::displayText(s, field)};
    }
}

/// Unsigned integers that order as the numbers do; -0 is 0 and NaN goes first.
quint64 orderedBits(double number)
{
    if (std::isnan(number)) {
        number = -std::numeric_limits<double>::infinity();
    } else if (number == 0) {
        number = 0;
    }
    const auto bits = std::bit_cast<quint64>(number);
    return (bits >> 63) != 0 ? ~bits : bits | (quint64(1) << 63);
}

/// Cuts [0, count) into ranges for parallel work, returned as their boundaries: one range
/// unless there is enough to share (the keys of 100,000 rows), at most one per core.
std::vector<int> parallelRanges(int count)
{
    constexpr int MinPerRange = 20000;
    const int cores = std::clamp(QThread::idealThreadCount(), 1, 4);
    const int ranges = std::clamp(count / MinPerRange, 1, cores);
    std::vector<int> bounds;
    for (int i = 0; i <= ranges; ++i) {
        bounds.push_back(int(qint64(count) * i / ranges));
    }
    return bounds;
}

/// Calls `work(range, begin, end)` for each range of `bounds`, the first on this thread and
/// the others on threads of their own, and returns when all are done.
template<typename Work>
void inParallel(const std::vector<int> &bounds, Work work)
{
    std::vector<std::thread> helpers;
    for (size_t i = 1; i + 1 < bounds.size(); ++i) {
        helpers.emplace_back(work, i, bounds[i], bounds[i + 1]);
    }
    work(size_t(0), bounds[0], bounds[1]);
    for (std::thread &helper : helpers) {
        helper.join();
    }
}

} // namespace

void ColumnSortKeys::setModel(const OpportunityModel *model)
{
    m_model = model;
    clear();
}

void ColumnSortKeys::setColumn(int column)
{
    if (column == m_column) {
        return;
    }
    m_column = column;
    clear();
    if (column < 0) {
        return;
    }
    if (OpportunityModel::isDetailColumn(column)) {
        m_kind = Kind::Text;
        m_foldsText = true;
        return;
    }
    // As rowKey() reads the column: a number alone, the id's number then text, or a text,
    // which is the displayed text (compared case-folded) except for the target close date.
    const OpportunityField field = OpportunityModel::fieldAt(column);
    switch (field) {
    case OpportunityField::CreatedDate:
    case OpportunityField::LastModifiedDate:
    case OpportunityField::Stage:
    case OpportunityField::ReviewStatus:
    case OpportunityField::ExpectedCustomerSpend:
    case OpportunityField::ExpectedContractDurationValue:
        m_kind = Kind::Number;
        break;
    case OpportunityField::Id:
        m_kind = Kind::NumberThenText;
        break;
    default:
        m_kind = Kind::Text;
        break;
    }
    m_foldsText = m_kind == Kind::Text && field != OpportunityField::TargetCloseDate;
}

void ColumnSortKeys::clear()
{
    m_numbers.clear();
    m_textIds.clear();
    m_texts.clear();
    m_textIdOf.clear();
    m_textRanks.clear();
}

void ColumnSortKeys::update()
{
    const int first = int(m_numbers.size());
    const int rows = m_model && m_column >= 0 ? m_model->rowCount() : 0;
    if (rows <= first) {
        return;
    }
    const bool detail = OpportunityModel::isDetailColumn(m_column);
    const OpportunityField field = OpportunityModel::fieldAt(m_column);
    m_numbers.resize(size_t(rows));
    m_textIds.resize(size_t(rows));
    // Each range collects its distinct texts (every text, for NumberThenText); they are
    // merged into m_texts afterwards, and the rows' indices translated.
    struct Part
    {
        QHash<QString, int> idOf;
        QList<QString> texts;
    };
    const std::vector<int> bounds = parallelRanges(rows - first);
    std::vector<Part> parts(bounds.size() - 1);
    inParallel(bounds, [&](size_t range, int begin, int end) {
        Part &part = parts[range];
        for (int row = first + begin; row < first + end; ++row) {
            RowKey key = detail ? RowKey{0, m_model->detailText(row, m_column)}
                                : rowKey(m_model->summary(row, field), field);
            m_numbers[size_t(row)] = key.number;
            if (m_kind == Kind::Number) {
                continue;
            }
            int id = int(part.texts.size());
            if (m_kind == Kind::Text) {
                const auto found = part.idOf.constFind(key.text);
                if (found != part.idOf.constEnd()) {
                    id = *found;
                } else {
                    part.idOf.insert(key.text, id);
                }
            }
            if (id == part.texts.size()) {
                part.texts.append(std::move(key.text));
            }
            m_textIds[size_t(row)] = id;
        }
    });
    if (m_kind == Kind::Number) {
        return;
    }
    m_textRanks.clear();
    for (size_t range = 0; range < parts.size(); ++range) {
        const Part &part = parts[range];
        std::vector<int> ids(size_t(part.texts.size()));
        for (qsizetype i = 0; i < part.texts.size(); ++i) {
            const QString &text = part.texts.at(i);
            const auto found
                    = m_kind == Kind::Text ? m_textIdOf.constFind(text) : m_textIdOf.constEnd();
            if (found != m_textIdOf.constEnd()) {
                ids[size_t(i)] = *found;
                continue;
            }
            ids[size_t(i)] = int(m_texts.size());
            m_texts.append(m_foldsText ? text.toCaseFolded() : text);
            if (m_kind == Kind::Text) {
                m_textIdOf.insert(text, ids[size_t(i)]);
            }
        }
        for (int row = first + bounds[range]; row < first + bounds[range + 1]; ++row) {
            m_textIds[size_t(row)] = ids[size_t(m_textIds[size_t(row)])];
        }
    }
}

int ColumnSortKeys::compareKeys(int a, int b) const
{
    const quint64 left = orderedBits(m_numbers[size_t(a)]);
    const quint64 right = orderedBits(m_numbers[size_t(b)]);
    if (left != right) {
        return left < right ? -1 : 1;
    }
    if (m_kind == Kind::Number) {
        return 0;
    }
    return m_texts.at(m_textIds[size_t(a)]).compare(m_texts.at(m_textIds[size_t(b)]));
}

bool ColumnSortKeys::before(int a, int b, Qt::SortOrder direction) const
{
    const int keys = compareKeys(a, b);
    if (keys != 0) {
        return direction == Qt::AscendingOrder ? keys < 0 : keys > 0;
    }
    return a < b;
}

std::vector<int> ColumnSortKeys::order(Qt::SortOrder direction) const
{
    return m_kind == Kind::Text ? orderByTextRank(direction) : orderByNumber(direction);
}

const std::vector<int> &ColumnSortKeys::textRanks() const
{
    if (m_textRanks.size() == size_t(m_texts.size())) {
        return m_textRanks;
    }
    std::vector<int> ids(size_t(m_texts.size()));
    std::iota(ids.begin(), ids.end(), 0);
    std::sort(ids.begin(), ids.end(),
              [this](int a, int b) { return m_texts.at(a) < m_texts.at(b); });
    m_textRanks.assign(ids.size(), 0);
    int rank = 0;
    for (size_t i = 1; i < ids.size(); ++i) {
        if (m_texts.at(ids[i - 1]) != m_texts.at(ids[i])) {
            ++rank;
        }
        m_textRanks[size_t(ids[i])] = rank;
    }
    return m_textRanks;
}

std::vector<int> ColumnSortKeys::orderByTextRank(Qt::SortOrder direction) const
{
    // A counting sort: stable, so equal texts keep their rows in source order.
    const std::vector<int> &ranks = textRanks();
    const int distinct = ranks.empty() ? 0 : *std::max_element(ranks.begin(), ranks.end()) + 1;
    const auto place = [&](int row) {
        const int rank = ranks[size_t(m_textIds[size_t(row)])];
        return direction == Qt::AscendingOrder ? rank : distinct - 1 - rank;
    };
    const int rows = int(m_textIds.size());
    std::vector<int> starts(size_t(distinct) + 1, 0);
    for (int row = 0; row < rows; ++row) {
        ++starts[size_t(place(row)) + 1];
    }
    std::partial_sum(starts.begin(), starts.end(), starts.begin());
    std::vector<int> order(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        order[size_t(starts[size_t(place(row))]++)] = row;
    }
    return order;
}

std::vector<int> ColumnSortKeys::orderByNumber(Qt::SortOrder direction) const
{
    struct Entry
    {
        quint64 number;
        int row;
    };
    const bool ascending = direction == Qt::AscendingOrder;
    const int rows = int(m_numbers.size());
    std::vector<Entry> entries(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        const quint64 bits = orderedBits(m_numbers[size_t(row)]);
        entries[size_t(row)] = Entry{ascending ? bits : ~bits, row};
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.number != b.number ? a.number < b.number : a.row < b.row;
    });
    std::vector<int> order(static_cast<size_t>(rows));
    for (int i = 0; i < rows; ++i) {
        order[size_t(i)] = entries[size_t(i)].row;
    }
    if (m_kind == Kind::NumberThenText) {
        // Equal numbers are rare here (ids): their rows are ordered by text where they occur.
        for (int begin = 0; begin < rows;) {
            int end = begin + 1;
            while (end < rows && entries[size_t(end)].number == entries[size_t(begin)].number) {
                ++end;
            }
            if (end - begin > 1) {
                std::stable_sort(order.begin() + begin, order.begin() + end,
                                 [&](int a, int b) { return before(a, b, direction); });
            }
            begin = end;
        }
    }
    return order;
}

} // namespace Pd::Core
