#include "pipelinereportoutput.h"

#include <QIODevice>

namespace Pd::Core {

PipelineReportOutput::PipelineReportOutput(QIODevice *device, PipelineReport::Format format,
                                           const QDate &today)
    : m_device(device), m_format(format), m_today(today)
{ }

void PipelineReportOutput::setCsvOptions(bool neutralizeFormulas, bool bom)
{
    m_neutralizeFormulas = neutralizeFormulas;
    m_bom = bom;
}

bool PipelineReportOutput::writeSummaries(const QList<OpportunitySummary> &summaries)
{
    m_tally.add(summaries);
    return true;
}

bool PipelineReportOutput::finish(const QString &nextToken)
{
    Q_UNUSED(nextToken)
    const PipelineAggregate aggregate = m_tally.aggregate(m_today);
    const QByteArray bytes = m_format == PipelineReport::Format::Csv
                                     ? PipelineReport::toCsv(aggregate, m_neutralizeFormulas, m_bom)
                             : m_format == PipelineReport::Format::Markdown
                                     ? PipelineReport::toMarkdown(aggregate)
                                     : PipelineReport::toJson(aggregate);
    if (!m_device || m_device->write(bytes) != bytes.size()) {
        m_error = tr("Could not write the output: %1")
                          .arg(m_device ? m_device->errorString() : QString());
        return false;
    }
    return true;
}

} // namespace Pd::Core
