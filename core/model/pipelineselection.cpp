#include "pipelineselection.h"

#include "decimalamount.h"
#include "pipelineaggregate.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

/// Missing (absent or empty) values compare equal to a null selection member.
bool sameValue(const QString &value, const QString &selected)
{
    return value.isEmpty() ? selected.isEmpty() : value == selected;
}

} // namespace

bool PipelineSelection::matches(const OpportunitySummary &summary, const QDate &today,
                                const QSet<QString> &unseenIds) const
{
    switch (kind) {
    case Kind::None:
        return true;
    case Kind::StageAndReviewStatus:
        return sameValue(summary.stage, stage) && sameValue(summary.reviewStatus, reviewStatus);
    case Kind::StageSpend:
        return sameValue(summary.stage, stage)
               && std::any_of(summary.expectedCustomerSpend.begin(),
                              summary.expectedCustomerSpend.end(),
                              [this](const ExpectedCustomerSpend &spend) {
                                  return sameValue(spend.currencyCode, currencyCode)
                                         && DecimalAmount::parse(spend.amount).has_value();
                              });
    case Kind::CloseMonth:
        return PipelineAggregate::closeMonthBucket(summary, today) == bucket;
    case Kind::Age:
        return PipelineAggregate::ageBucket(summary, today) == bucket;
    case Kind::ClosedLostReason:
        return summary.stage == u"Closed Lost"_s && sameValue(summary.closedLostReason, reason);
    case Kind::Attention: {
        const std::optional<AttentionView::Kind> view = attentionView();
        return view && AttentionView::matches(*view, summary, today, unseenIds);
    }
    }
    return false;
}

std::optional<AttentionView::Kind> PipelineSelection::attentionView() const
{
    return kind == Kind::Attention ? AttentionView::fromKey(bucket) : std::nullopt;
}

PipelineSelection PipelineSelection::attention(AttentionView::Kind view)
{
    return {Kind::Attention, {}, {}, {}, AttentionView::key(view), {}};
}

} // namespace Pd::Core
