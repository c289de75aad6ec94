#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <vector>

namespace Pd::Core {

class OpportunityModel;

/// The sort keys of one table column for the rows an OpportunityModel has loaded, and the
/// order they give.
///
/// A row's key is a number (times, lifecycle positions, amounts, the digits of the id), then
/// a text (the displayed text case-folded; the id and the target close date as sent). Rows
/// with equal keys keep their source order in both directions, as a stable sort would.
/// Listings repeat company names, cities and labels, so each distinct text is folded and
/// ranked once, and a text column is put in order by a counting sort of the ranks. The keys
/// of many rows are built on several threads.
class ColumnSortKeys final
{
public:
    void setModel(const OpportunityModel *model);
    int column() const { return m_column; }
    /// Keys of `column` from now on (those of another column are dropped); -1 for none.
    void setColumn(int column);
    /// Drops every key: the model's rows changed.
    void clear();
    /// Computes the keys of the rows loaded since the last call.
    void update();

    /// Every row that has a key, in the column's order.
    std::vector<int> order(Qt::SortOrder direction) const;
    /// Whether row `a` goes before row `b` in the column's order.
    bool before(int a, int b, Qt::SortOrder direction) const;

private:
    enum class Kind {
        Number, ///< the number alone
        Text, ///< the text alone, deduplicated
        NumberThenText, ///< the number, the text only between equal numbers (one per row)
    };
    int compareKeys(int a, int b) const;
    std::vector<int> orderByTextRank(Qt::SortOrder direction) const;
    std::vector<int> orderByNumber(Qt::SortOrder direction) const;
    const std::vector<int> &textRanks() const;

    const OpportunityModel *m_model = nullptr;
    int m_column = -1;
    Kind m_kind = Kind::Number;
    bool m_foldsText = false; ///< texts compare case-folded (displayed texts)
    std::vector<double> m_numbers; ///< by row
    std::vector<int> m_textIds; ///< by row, into m_texts
    QList<QString> m_texts; ///< distinct texts as compared (case-folded where the column folds)
    QHash<QString, int> m_textIdOf; ///< a text as read (before folding) to its index
    /// The place of each of m_texts in text order (equal texts share one); computed on demand.
    mutable std::vector<int> m_textRanks;
};

} // namespace Pd::Core
