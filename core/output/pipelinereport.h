#pragma once

#include "pipelineaggregate.h"

#include <QByteArray>

namespace Pd::Core {

/// `partnerdesk-cli pipeline`'s renderings of a PipelineAggregate. Values are the API's
/// (untranslated), amounts the exact decimal text with two fraction digits.
///
/// - JSON: one object with `Count`, `ByStageAndReviewStatus` ({Stage, ReviewStatus, Count}),
///   `MonthlySpendByStageAndCurrency` ({Stage, CurrencyCode, Amount}), `SpendEntriesSkipped`,
///   `ByTargetCloseMonth` ({Month, Count}), `ByAge` ({Bucket, Count}) and `ClosedLostReasons`
///   ({Reason, Count}); a missing value is `null`. Indented by four spaces.
/// - CSV: one table, a row per entry of every section:
///   `Section,Stage,ReviewStatus,CurrencyCode,Bucket,Count,Amount`, Section being the JSON
///   member name; Bucket holds the month, the age bucket or the reason; a missing value is
///   an empty cell.
/// - Markdown: one table per section under a `##` heading named like the JSON member; a missing
///   value is `(none)`.
class PipelineReport final
{
public:
    enum class Format { Json, Csv, Markdown };

    static QByteArray toJson(const PipelineAggregate &aggregate);
    /// `neutralizeFormulas` and `bom` as CsvWriter's options.
    static QByteArray toCsv(const PipelineAggregate &aggregate, bool neutralizeFormulas = true,
                            bool bom = false);
    static QByteArray toMarkdown(const PipelineAggregate &aggregate);
};

} // namespace Pd::Core
