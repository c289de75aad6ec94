#include "csvwriter.h"

#include "opportunitysummary.h"

#include <QIODevice>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcCsvWriter, "partnerdesk.core.csvwriter")

namespace {

bool needsQuotes(QStringView cell)
{
    if (cell.isEmpty()) {
        return false;
    }
    const auto isBlank = [](QChar c) { return c == u' ' || c == u'\t'; };
    // A leading U+FEFF at the start of the file would be read as a byte order mark.
    if (isBlank(cell.front()) || isBlank(cell.back()) || cell.front() == QChar(0xFEFF)) {
        return true;
    }
    for (const QChar c : cell) {
        if (c == u',' || c == u'"' || c == u'\r' || c == u'\n') {
            return true;
        }
    }
    return false;
}

} // namespace

CsvWriter::CsvWriter(QIODevice *device) : m_device(device) { }

bool CsvWriter::looksLikeFormula(QStringView cell)
{
    if (cell.isEmpty()) {
        return false;
    }
    const QChar first = cell.front();
    return first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t'
           || first == u'\r';
}

QString CsvWriter::encodeCell(const QString &cell, bool neutralizeFormulas)
{
    QString text = neutralizeFormulas && looksLikeFormula(cell) ? u'\'' + cell : cell;
    if (!needsQuotes(text)) {
        return text;
    }
    text.replace(u'"', u"\"\""_s);
    return u'"' + text + u'"';
}

void CsvWriter::appendCell(const QString &cell)
{
    if (!needsQuotes(cell) && !(m_neutralizeFormulas && looksLikeFormula(cell))) {
        m_record += cell.toUtf8();
        return;
    }
    m_record += encodeCell(cell, m_neutralizeFormulas).toUtf8();
}

bool CsvWriter::flushRecord()
{
    m_record += "\r\n";
    if (!m_started) {
        m_started = true;
        if (m_writeBom) {
            m_record.prepend("\xEF\xBB\xBF");
        }
    }
    if (!m_device || !m_device->isWritable()) {
        m_error = tr("The CSV output is not open for writing.");
        return false;
    }
    const qint64 written = m_device->write(m_record);
    if (written != m_record.size()) {
        m_error = tr("Could not write the CSV output: %1").arg(m_device->errorString());
        qCWarning(lcCsvWriter) << "write failed after" << m_rows << "rows";
        return false;
    }
    m_record.clear();
    ++m_rows;
    return true;
}

bool CsvWriter::writeRow(const QStringList &cells)
{
    if (hasError()) {
        return false;
    }
    m_record.clear();
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            m_record += ',';
        }
        appendCell(cells.at(i));
    }
    if (cells.size() == 1 && cells.front().isEmpty()) {
        m_record += "\"\"";
    }
    return flushRecord();
}

bool CsvWriter::writeHeader(const QList<OpportunityField> &columns)
{
    QStringList names;
    names.reserve(columns.size());
    for (const OpportunityField field : columns) {
        names.append(OpportunityFields::name(field));
    }
    return writeRow(names);
}

bool CsvWriter::writeOpportunities(const QList<OpportunitySummary> &summaries,
                                   const QList<OpportunityField> &columns)
{
    for (const OpportunitySummary &summary : summaries) {
        if (hasError()) {
            return false;
        }
        m_record.clear();
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (i > 0) {
                m_record += ',';
            }
            appendCell(OpportunityFields::text(summary, columns.at(i)));
        }
        if (columns.size() == 1 && m_record.isEmpty()) {
            m_record += "\"\"";
        }
        if (!flushRecord()) {
            return false;
        }
    }
    return !hasError();
}

} // namespace Pd::Core
