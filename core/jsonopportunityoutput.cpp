#include "jsonopportunityoutput.h"

#include "jsonindenter.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Pd::Core {

JsonOpportunityOutput::JsonOpportunityOutput(QIODevice *device) : m_device(device) { }

bool JsonOpportunityOutput::write(const QByteArray &bytes)
{
    if (!m_error.isEmpty()) {
        return false;
    }
    if (!m_device || m_device->write(bytes) != bytes.size()) {
        m_error = tr("Could not write the output: %1")
                          .arg(m_device ? m_device->errorString() : QString());
        return false;
    }
    return true;
}

bool JsonOpportunityOutput::begin()
{
    return write("{\n    \"OpportunitySummaries\": [");
}

bool JsonOpportunityOutput::writeSummaries(const QList<OpportunitySummary> &summaries)
{
    QByteArray chunk;
    for (const OpportunitySummary &summary : summaries) {
        chunk += m_count++ == 0 ? "\n        " : ",\n        ";
        chunk += JsonIndenter::indent(summary.toJson(), 2);
    }
    return write(chunk);
}

bool JsonOpportunityOutput::finish(const QString &nextToken)
{
    QByteArray tail = m_count == 0 ? "]" : "\n    ]";
    if (!nextToken.isEmpty()) {
        // A JSON string literal for the token, escaped by QJsonDocument.
        const QByteArray array
                = QJsonDocument(QJsonArray{nextToken}).toJson(QJsonDocument::Compact);
        tail += ",\n    \"NextToken\": " + array.mid(1, array.size() - 2);
    }
    tail += "\n}\n";
    return write(tail);
}

} // namespace Pd::Core
