#include "jsonopportunityoutput.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

/// Room for one indented summary; a realistic one takes about 1.9 KB.
constexpr qsizetype BytesPerSummary = 2560;

} // namespace

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
    chunk.reserve(summaries.size() * BytesPerSummary);
    for (const OpportunitySummary &summary : summaries) {
        chunk += m_count++ == 0 ? "\n        " : ",\n        ";
        summary.appendJson(&chunk, 4, 2);
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
