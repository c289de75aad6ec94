#include "csvwriter.h"

#include "opportunitysummary.h"

#include <QIODevice>
#include <QLoggingCategory>

#include <utility>

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
        appendUtf8(cell);
        return;
    }
    appendUtf8(encodeCell(cell, m_neutralizeFormulas));
}

void CsvWriter::appendUtf8(QStringView text)
{
    // Encoded in place: no temporary QByteArray per cell.
    const qsizetype at = m_record.size();
    m_record.resize(at + 3 * text.size());
    char *end = m_utf8.appendToBuffer(m_record.data() + at, text);
    m_record.resize(end - m_record.constData());
}

void CsvWriter::endRecord()
{
    m_record += "\r\n";
    ++m_pendingRows;
}

bool CsvWriter::flush()
{
    if (hasError()) {
        return false;
    }
    if (m_record.isEmpty()) {
        return true;
    }
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
    m_record.resize(0); // keeps the buffer for the next records
    m_rows += std::exchange(m_pendingRows, 0);
    return true;
}

bool CsvWriter::writeRow(const QStringList &cells)
{
    if (hasError()) {
        return false;
    }
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            m_record += ',';
        }
        appendCell(cells.at(i));
    }
    if (cells.size() == 1 && cells.front().isEmpty()) {
        m_record += "\"\"";
    }
    endRecord();
    return flush();
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
    if (hasError()) {
        return false;
    }
    constexpr qsizetype FlushBytes = 64 * 1024; // written to the device in chunks of about this
    for (const OpportunitySummary &summary : summaries) {
        const qsizetype start = m_record.size();
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (i > 0) {
                m_record += ',';
            }
            appendCell(OpportunityFields::text(summary, columns.at(i)));
        }
        if (columns.size() == 1 && m_record.size() == start) {
            m_record += "\"\"";
        }
        endRecord();
        if (m_record.size() >= FlushBytes && !flush()) {
            return false;
        }
    }
    return flush();
}

} // namespace Pd::Core
