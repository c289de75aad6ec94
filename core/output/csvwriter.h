#pragma once

#include "opportunityfield.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QIODevice;

namespace Pd::Core {

struct OpportunitySummary;
class OpportunityRows;

/// Writes RFC 4180 CSV to a QIODevice: UTF-8, CRLF after every record, a cell quoted when it
/// holds a comma, a double quote, CR, LF or leading/trailing whitespace, or begins with U+FEFF
/// (which a reader takes for a byte order mark) (quotes doubled).
///
/// Spreadsheet formula injection is neutralised by default: a cell beginning with `=`, `+`,
/// `-`, `@`, TAB or CR gets a leading `'` (OWASP "CSV Injection"); `setNeutralizeFormulas(false)`
/// writes cells verbatim. An optional UTF-8 byte order mark goes before the first record, for
/// spreadsheet programs that otherwise guess a legacy encoding. A record made of one empty cell
/// is written as `""` so that readers do not take it for a blank line.
///
/// The writer does not own, open or close the device. Each write returns false once the device
/// refused bytes; `errorString()` then says why and later writes do nothing.
class CsvWriter final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::CsvWriter)

public:
    explicit CsvWriter(QIODevice *device);

    void setNeutralizeFormulas(bool on) { m_neutralizeFormulas = on; }
    bool neutralizesFormulas() const { return m_neutralizeFormulas; }
    /// Takes effect only before the first record.
    void setWriteBom(bool on) { m_writeBom = on; }
    bool writesBom() const { return m_writeBom; }

    bool writeRow(const QStringList &cells);
    /// The header row: OpportunityFields::name() of each column.
    bool writeHeader(const QList<OpportunityField> &columns);
    /// One row per summary: OpportunityFields::texts() of each column.
    bool writeOpportunities(const QList<OpportunitySummary> &summaries,
                            const QList<OpportunityField> &columns);
    /// Rows `order[first]`… `order[first + count - 1]` of a store, one record each: the same
    /// bytes as writeOpportunities() with the rows rebuilt, without rebuilding them.
    bool writeRows(const OpportunityRows &rows, const QList<int> &order, qsizetype first,
                   qsizetype count, const QList<OpportunityField> &columns);
    /// The text of a column beyond the summary fields, for the row with this Id (UTF-8).
    using ExtraCell = std::function<QByteArray(QByteArrayView id, int column)>;
    /// Like writeRows(), for table columns: a summary field (below OpportunityFieldCount) or a
    /// further column, whose cell `extraCell` gives.
    bool writeRows(const OpportunityRows &rows, const QList<int> &order, qsizetype first,
                   qsizetype count, const QList<int> &columns, const ExtraCell &extraCell);

    int rowsWritten() const { return m_rows; }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    /// One cell as it goes on the wire (neutralised and quoted as needed), without separator.
    static QString encodeCell(const QString &cell, bool neutralizeFormulas = true);
    /// True for a cell that a spreadsheet could evaluate as a formula.
    static bool looksLikeFormula(QStringView cell);

private:
    /// Appends one cell in UTF-8 as it goes on the wire (neutralised and quoted as needed).
    static void appendEncodedCell(QByteArray *out, QByteArrayView cell, bool neutralizeFormulas);
    /// The one record loop: writes `records` records of `columns` cells each, flushing every 64 KiB
    /// or so; `cellsOf(record)` prepares a record and returns what gives the UTF-8 of its cell
    /// `column`.
    template<typename CellsOf>
    bool writeRecords(qsizetype records, qsizetype columns, CellsOf cellsOf);
    /// Writes the records built so far to the device.
    bool flush();

    QIODevice *m_device = nullptr;
    QByteArray m_record; ///< records not yet written, UTF-8
    int m_pendingRows = 0;
    QString m_error;
    int m_rows = 0;
    bool m_neutralizeFormulas = true;
    bool m_writeBom = false;
    bool m_started = false;
};

} // namespace Pd::Core
