#include "attentionview.h"

#include "opportunitymodel.h"
#include "opportunitytext.h"
#include "pipelineaggregate.h"

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

/// Open, due from today to `last` (inclusive).
bool closesBy(const OpportunitySummary &summary, const QDate &today, const QDate &last)
{
    if (!PipelineAggregate::isOpen(summary.stage)) {
        return false;
    }
    const QDate date = QDate::fromString(summary.targetCloseDate, Qt::ISODate);
    return date.isValid() && date >= today && date <= last;
}

} // namespace

QList<AttentionView::Kind> AttentionView::kinds()
{
    return {Kind::ActionRequired, Kind::Overdue, Kind::ClosingThisMonth, Kind::ClosingThisQuarter,
            Kind::Stale,          Kind::Changed, Kind::Rejected};
}

QString AttentionView::key(Kind kind)
{
    switch (kind) {
    case Kind::ActionRequired:
        return u"action-required"_s;
    case Kind::Overdue:
        return u"overdue"_s;
    case Kind::ClosingThisMonth:
        return u"closing-this-month"_s;
    case Kind::ClosingThisQuarter:
        return u"closing-this-quarter"_s;
    case Kind::Stale:
        return u"no-update-in-30-days"_s;
    case Kind::Changed:
        return u"changed-since-last-looked"_s;
    case Kind::Rejected:
        return u"rejected"_s;
    }
    return {};
}

std::optional<AttentionView::Kind> AttentionView::fromKey(const QString &key)
{
    for (const Kind kind : kinds()) {
        if (AttentionView::key(kind) == key) {
            return kind;
        }
    }
    return std::nullopt;
}

QString AttentionView::title(Kind kind)
{
    switch (kind) {
    case Kind::ActionRequired:
        return tr("Action Required");
    case Kind::Overdue:
        return tr("Overdue");
    case Kind::ClosingThisMonth:
        return tr("Closing this month");
    case Kind::ClosingThisQuarter:
        return tr("Closing this quarter");
    case Kind::Stale:
        return tr("No update in 30 days");
    case Kind::Changed:
        return tr("Changed since I last looked");
    case Kind::Rejected:
        return tr("Rejected");
    }
    return {};
}

QString AttentionView::description(Kind kind)
{
    switch (kind) {
    case Kind::ActionRequired:
        return tr("Opportunities whose review status is Action Required: AWS waits for an answer.");
    case Kind::Overdue:
        return tr("Open opportunities whose target close date has passed.");
    case Kind::ClosingThisMonth:
        return tr("Open opportunities due to close from today to the end of this month.");
    case Kind::ClosingThisQuarter:
        return tr("Open opportunities due to close from today to the end of this quarter.");
    case Kind::Stale:
        return tr("Opportunities last changed more than 30 days ago.");
    case Kind::Changed:
        return tr("Opportunities a sync changed since you last looked at them.");
    case Kind::Rejected:
        return tr("Opportunities whose review status is Rejected.");
    }
    return {};
}

bool AttentionView::matches(Kind kind, const OpportunitySummary &summary, const QDate &today,
                            const QSet<QString> &unseenIds)
{
    switch (kind) {
    case Kind::ActionRequired:
        return summary.reviewStatus == u"Action Required"_s;
    case Kind::Overdue:
        return OpportunityText::isOverdue(summary, today);
    case Kind::ClosingThisMonth:
        return closesBy(summary, today, QDate(today.year(), today.month(), today.daysInMonth()));
    case Kind::ClosingThisQuarter: {
        const QDate quarterEnd = QDate(today.year(), (today.month() - 1) / 3 * 3 + 3, 1);
        return closesBy(summary, today, quarterEnd.addDays(quarterEnd.daysInMonth() - 1));
    }
    case Kind::Stale: {
        const QString bucket = PipelineAggregate::ageBucket(summary, today);
        return bucket == u"31-90"_s || bucket == u"91+"_s;
    }
    case Kind::Changed:
        return unseenIds.contains(summary.id);
    case Kind::Rejected:
        return summary.reviewStatus == u"Rejected"_s;
    }
    return false;
}

void AttentionCounts::addRows(const OpportunityModel &model, int end,
                              const QSet<QString> &unseenIds)
{
    const OpportunityRows &rows = model.rows();
    for (; m_rows < end; ++m_rows) {
        const qsizetype row = model.storageRow(m_rows);
        OpportunitySummary summary = rows.at(row, OpportunityField::Stage);
        summary.reviewStatus = rows.at(row, OpportunityField::ReviewStatus).reviewStatus;
        summary.targetCloseDate = rows.at(row, OpportunityField::TargetCloseDate).targetCloseDate;
        summary.lastModifiedDateMs = rows.lastModifiedDateMs(row);
        if (!unseenIds.isEmpty()) {
            summary.id = rows.at(row, OpportunityField::Id).id;
        }
        add(summary, unseenIds);
    }
}

void AttentionCounts::add(const OpportunitySummary &summary, const QSet<QString> &unseenIds)
{
    for (const AttentionView::Kind kind : AttentionView::kinds()) {
        if (AttentionView::matches(kind, summary, m_today, unseenIds)) {
            ++m_counts[size_t(kind)];
        }
    }
}

} // namespace Pd::Core
