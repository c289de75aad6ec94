#pragma once

#include "opportunityoutput.h"
#include "pipelineaggregate.h"
#include "pipelinereport.h"

#include <QCoreApplication>
#include <QDate>

class QIODevice;

namespace Pd::Core {

/// A listing's sink that writes no rows: it tallies every page (PipelineTally) and, once the
/// listing is complete, writes the PipelineReport of all of them in one piece, so a listing
/// that fails leaves the output empty.
class PipelineReportOutput final : public OpportunityOutput
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::PipelineReportOutput)

public:
    /// `today`: the reference day of the close-month and age buckets.
    PipelineReportOutput(QIODevice *device, PipelineReport::Format format, const QDate &today);

    /// CSV options, as CsvWriter's.
    void setCsvOptions(bool neutralizeFormulas, bool bom);

    bool begin() override { return true; }
    bool writeSummaries(const QList<OpportunitySummary> &summaries) override;
    bool finish(const QString &nextToken) override;
    QString errorString() const override { return m_error; }
    bool carriesNextToken() const override { return false; }

private:
    QIODevice *m_device = nullptr;
    PipelineReport::Format m_format;
    QDate m_today;
    bool m_neutralizeFormulas = true;
    bool m_bom = false;
    PipelineTally m_tally;
    QString m_error;
};

} // namespace Pd::Core
