#pragma once

#include "attentionview.h"
#include "opportunitysummary.h"

#include <QDate>
#include <QSet>
#include <QString>

#include <optional>

namespace Pd::Core {

/// A part of the pipeline picked in a chart (a bar or a slice) or an attention view, as a local
/// predicate on rows that uses the rules of PipelineAggregate, so the rows it keeps are the ones
/// the part counts.
/// Null members mean "missing" where the kind uses them (a bar of opportunities without a
/// review status selects exactly those).
struct PipelineSelection
{
    enum class Kind {
        None, ///< selects every row
        StageAndReviewStatus, ///< `stage` and `reviewStatus`
        StageSpend, ///< `stage`, with a summed spend entry in `currencyCode`
        CloseMonth, ///< open, with a target close date in `bucket` (a close-month bucket)
        Age, ///< LastModifiedDate in the age `bucket`
        ClosedLostReason, ///< Closed Lost for `reason`
        Attention, ///< in the attention view whose AttentionView::key() is `bucket`
    };

    Kind kind = Kind::None;
    QString stage;
    QString reviewStatus;
    QString currencyCode;
    QString bucket;
    QString reason;

    bool isNone() const { return kind == Kind::None; }
    /// Whether `summary` belongs to the part, with `today` as the aggregate's reference day.
    bool matches(const OpportunitySummary &summary, const QDate &today) const
    {
        return matches(summary, today, {});
    }
    /// The same, with the Ids changed since the user last looked (AttentionView::Kind::Changed).
    bool matches(const OpportunitySummary &summary, const QDate &today,
                 const QSet<QString> &unseenIds) const;
    /// The attention view of a Kind::Attention selection.
    std::optional<AttentionView::Kind> attentionView() const;
    static PipelineSelection attention(AttentionView::Kind view);

    friend bool operator==(const PipelineSelection &, const PipelineSelection &) = default;
};

} // namespace Pd::Core
