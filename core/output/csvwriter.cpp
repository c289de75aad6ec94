#include "csvwriter.h"

#include "opportunityrows.h"
#include "opportunitysummary.h"

#include <QIODevice>
#include <QLoggingCategory>
#include <QStringEncoder>

#include <utility>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcCsvWriter, "partnerdesk.core.csvwriter")

namespace {

/// The first characters that make a spreadsheet evaluate a cell (OWASP "CSV Injection").
constexpr bool isFormulaStart(char16_t c)
{
    return c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == u'\r';
}

QByteArray toUtf8(QStringView text)
{
    QByteArray utf8(3 * text.size(), Qt::Uninitialized);
    QStringEncoder encoder(QStringEncoder::Utf8);
    char *end = encoder.appendToBuffer(utf8.data(), text);
    utf8.resize(end - utf8.constData());
    return utf8;
}

} // namespace

CsvWriter::CsvWriter(QIODevice *device) : m_device(device) { }

bool CsvWriter::looksLikeFormula(QStringView cell)
{
    return !cell.isEmpty() && isFormulaStart(cell.front().unicode());
}

QString CsvWriter::encodeCell(const QString &cell, bool neutralizeFormulas)
{
    QByteArray encoded;
    appendEncodedCell(&encoded, toUtf8(cell), neutralizeFormulas);
    return QString::fromUtf8(encoded); // begins with '"' when the cell begins with U+FEFF
}

void CsvWriter::appendEncodedCell(QByteArray *out, QByteArrayView cell, bool neutralizeFormulas)
{
    const bool neutralize = neutralizeFormulas && !cell.isEmpty() && isFormulaStart(cell.front());
    // Quoted for a comma, quote, CR or LF anywhere, or a blank or U+FEFF (which a reader takes for
    // a byte order mark) at either end of the cell as written (with the leading ' when
    // neutralised).
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
            *out += '\'';
        }
        out->append(cell);
        return;
    }
    *out += '"';
    if (neutralize) {
        *out += '\'';
    }
    for (qsizetype start = 0; start < cell.size();) {
        const qsizetype q = cell.indexOf('"', start);
        const qsizetype end = q < 0 ? cell.size() : q + 1;
        out->append(cell.sliced(start, end - start));
        if (q >= 0) {
            *out += '"';
        }
        start = end;
    }
    *out += '"';
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
    QByteArray utf8;
    return writeRecords(1, cells.size(), [&](qsizetype) {
        return [&](qsizetype column) {
            utf8 = toUtf8(cells.at(column));
            return QByteArrayView(utf8);
        };
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
    OpportunityFieldTexts texts;
    QByteArray scratch;
    return writeRecords(summaries.size(), columns.size(), [&](qsizetype record) {
        OpportunityFields::texts(summaries.at(record), &texts, &scratch);
        return [&](qsizetype column) { return texts[size_t(columns.at(column))]; };
    });
}

bool CsvWriter::writeRows(const OpportunityRows &rows, const QList<int> &order, qsizetype first,
                          qsizetype count, const QList<OpportunityField> &columns)
{
    OpportunityRows::Texts texts;
    QByteArray scratch;
    return writeRecords(count, columns.size(), [&](qsizetype record) {
        rows.texts(order.at(first + record), &texts, &scratch);
        return [&](qsizetype column) { return texts[size_t(columns.at(column))]; };
    });
}

bool CsvWriter::writeRows(const OpportunityRows &rows, const QList<int> &order, qsizetype first,
                          qsizetype count, const QList<int> &columns, const ExtraCell &extraCell)
{
    OpportunityRows::Texts texts;
    QByteArray scratch;
    QList<QByteArray> extra(columns.size());
    return writeRecords(count, columns.size(), [&](qsizetype record) {
        rows.texts(order.at(first + record), &texts, &scratch);
        for (qsizetype column = 0; column < columns.size(); ++column) {
            if (columns.at(column) >= OpportunityFieldCount) {
                extra[column] = extraCell(texts[size_t(OpportunityField::Id)], columns.at(column));
            }
        }
        return [&](qsizetype column) {
            const int field = columns.at(column);
            return field < OpportunityFieldCount ? texts[size_t(field)]
                                                 : QByteArrayView(extra.at(column));
        };
    });
}

template<typename CellsOf>
bool CsvWriter::writeRecords(qsizetype records, qsizetype columns, CellsOf cellsOf)
{
    if (hasError()) {
        return false;
    }
    constexpr qsizetype FlushBytes = 64 * 1024; // written to the device in chunks of about this
    for (qsizetype record = 0; record < records; ++record) {
        const auto cellAt = cellsOf(record);
        const qsizetype start = m_record.size();
        for (qsizetype column = 0; column < columns; ++column) {
            if (column > 0) {
                m_record += ',';
            }
            appendEncodedCell(&m_record, cellAt(column), m_neutralizeFormulas);
        }
        // A record of one empty cell would read as a blank line.
        if (columns == 1 && m_record.size() == start) {
            m_record += "\"\"";
        }
        m_record += "\r\n";
        ++m_pendingRows;
        if (m_record.size() >= FlushBytes && !flush()) {
            return false;
        }
    }
    return flush();
}

} // namespace Pd::Core
