#pragma once

#include "opportunitysummary.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QSet>
#include <QString>

#include <array>
#include <optional>

namespace Pd::Core {

class OpportunityModel;

/// The built-in views of the opportunities that want attention, as local predicates over
/// loaded rows. "Open" and the date buckets are PipelineAggregate's rules, "overdue" is
/// OpportunityText::isOverdue(), so a view lists exactly what the charts count:
/// - ActionRequired, Rejected: that review status;
/// - Overdue: open, target close date before today;
/// - ClosingThisMonth, ClosingThisQuarter: open, target close date from today to the end of
///   the current month / calendar quarter (overdue ones are in Overdue);
/// - Stale: LastModifiedDate more than 30 days before today;
/// - Changed: changed by a sync since the user last looked (the unseen Ids of the local copy).
class AttentionView
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::AttentionView)

public:
    enum class Kind {
        ActionRequired,
        Overdue,
        ClosingThisMonth,
        ClosingThisQuarter,
        Stale,
        Changed,
        Rejected,
    };
    static constexpr int KindCount = 7;
    static constexpr int StaleDays = 30;

    /// Every kind, in the order the views are offered.
    static QList<Kind> kinds();
    /// The stable name of a kind in saved views ("action-required", …).
    static QString key(Kind kind);
    static std::optional<Kind> fromKey(const QString &key);
    /// The translated title ("Action Required", "Closing this quarter", …).
    static QString title(Kind kind);
    /// One sentence on what the view lists, translated (a tooltip).
    static QString description(Kind kind);

    /// Whether `summary` belongs to view `kind` on `today`; `unseenIds` is only read by Changed.
    static bool matches(Kind kind, const OpportunitySummary &summary, const QDate &today,
                        const QSet<QString> &unseenIds);
};

/// The number of rows in each attention view, counted row by row as rows arrive.
class AttentionCounts
{
public:
    AttentionCounts() { m_counts.fill(0); }
    explicit AttentionCounts(const QDate &today) : m_today(today) { m_counts.fill(0); }

    const QDate &today() const { return m_today; }
    /// Counts rows [countedRows(), end) of `model`, reading only the fields the views use.
    void addRows(const OpportunityModel &model, int end, const QSet<QString> &unseenIds);
    void add(const OpportunitySummary &summary, const QSet<QString> &unseenIds);
    int countedRows() const { return m_rows; }
    qint64 count(AttentionView::Kind kind) const { return m_counts[size_t(kind)]; }

private:
    QDate m_today;
    int m_rows = 0;
    std::array<qint64, AttentionView::KindCount> m_counts;
};

} // namespace Pd::Core
