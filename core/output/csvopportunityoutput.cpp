#include "csvopportunityoutput.h"

namespace Pd::Core {

CsvOpportunityOutput::CsvOpportunityOutput(QIODevice *device, QList<OpportunityField> columns)
    : m_writer(device), m_columns(std::move(columns))
{ }

bool CsvOpportunityOutput::begin()
{
    return m_writer.writeHeader(m_columns);
}

bool CsvOpportunityOutput::writeSummaries(const QList<OpportunitySummary> &summaries)
{
    return m_writer.writeOpportunities(summaries, m_columns);
}

bool CsvOpportunityOutput::finish(const QString &nextToken)
{
    Q_UNUSED(nextToken)
    return !m_writer.hasError();
}

} // namespace Pd::Core
