#include "csvwriter.h"

#include "opportunityrows.h"
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

void CsvWriter::appendUtf8Cell(QByteArrayView cell)
{
    const bool neutralize
            = m_neutralizeFormulas && !cell.isEmpty()
              && (cell.front() == '=' || cell.front() == '+' || cell.front() == '-'
                  || cell.front() == '@' || cell.front() == '\t' || cell.front() == '\r');
    // needsQuotes() of the cell as written (with the leading ' when neutralised).
    const auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
    bool quote = false;
    if (!cell.isEmpty()) {
        quote = (!neutralize && (isBlank(cell.front()) || cell.startsWith("\xEF\xBB\xBF")))
                || isBlank(cell.back());
        for (qsizetype i = 0; i < cell.size() && !quote; ++i) {
            const char c = cell[i];
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
    }
    if (!quote) {
        if (neutralize) {
            m_record += '\'';
        }
        m_record.append(cell);
        return;
    }
    m_record += '"';
    if (neutralize) {
        m_record += '\'';
    }
    for (qsizetype start = 0; start < cell.size();) {
        const qsizetype q = cell.indexOf('"', start);
        const qsizetype end = q < 0 ? cell.size() : q + 1;
        m_record.append(cell.sliced(start, end - start));
        if (q >= 0) {
            m_record += '"';
        }
        start = end;
    }
    m_record += '"';
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

bool CsvWriter::writeRows(const OpportunityRows &rows, const QList<int> &order, qsizetype first,
                          qsizetype count, const QList<OpportunityField> &columns)
{
    OpportunityRows::Texts texts;
    QByteArray scratch;
    return writeRecords(count, columns.size(), [&](qsizetype record) {
        rows.texts(order.at(first + record), &texts, &scratch);
        return [&](qsizetype column) { appendUtf8Cell(texts[size_t(columns.at(column))]); };
    });
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
    return writeRecords(summaries.size(), columns.size(), [&](qsizetype record) {
        const OpportunitySummary &summary = summaries.at(record);
        return [&](qsizetype column) {
            appendCell(OpportunityFields::text(summary, columns.at(column)));
        };
    });
}

template<typename CellWriterOf>
bool CsvWriter::writeRecords(qsizetype records, qsizetype columns, CellWriterOf cellWriterOf)
{
    if (hasError()) {
        return false;
    }
    constexpr qsizetype FlushBytes = 64 * 1024; // written to the device in chunks of about this
    for (qsizetype record = 0; record < records; ++record) {
        const auto appendCellAt = cellWriterOf(record);
        const qsizetype start = m_record.size();
        for (qsizetype column = 0; column < columns; ++column) {
            if (column > 0) {
                m_record += ',';
            }
            appendCellAt(column);
        }
        if (columns == 1 && m_record.size() == start) {
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
