#pragma once

#include "csvwriter.h"
#include "opportunityoutput.h"

namespace Pd::Core {

/// Writes a listing as CSV through CsvWriter: a header row of OpportunityFields::name() (Id
/// first), then one row per opportunity, page by page. A resume token cannot be part of a CSV
/// table, so `carriesNextToken()` is false and the caller reports it elsewhere.
class CsvOpportunityOutput final : public OpportunityOutput
{
public:
    explicit CsvOpportunityOutput(QIODevice *device,
                                  QList<OpportunityField> columns = OpportunityFields::all());

    CsvWriter &writer() { return m_writer; }

    bool begin() override;
    bool writeSummaries(const QList<OpportunitySummary> &summaries) override;
    bool finish(const QString &nextToken) override;
    QString errorString() const override { return m_writer.errorString(); }
    bool carriesNextToken() const override { return false; }

private:
    CsvWriter m_writer;
    QList<OpportunityField> m_columns;
};

} // namespace Pd::Core
