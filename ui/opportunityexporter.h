#pragma once

#include "listopportunitiesrequest.h"
#include "opportunityfield.h"
#include "opportunitysummary.h"

#include <QDate>
#include <QObject>
#include <QPointer>

#include <memory>

class QHeaderView;
class QSaveFile;

namespace Pd::Core {
class CsvWriter;
}

namespace Pd::Gui {

class OpportunityTableView;

/// Exports the opportunities of an OpportunityTableView as CSV through Core::CsvWriter, the
/// writer of `partnerdesk-cli --output csv`: the same header names (OpportunityFields::name)
/// and the same cells (OpportunityFields::text, the values exactly as the service sent them).
///
/// Rows come in the table's order (the proxy's sort and quick filter): the selected rows, the
/// loaded rows, or every row matching the filters, in which case the model first loads the
/// remaining pages (`loadingProgress()`). Columns are every field in the CLI's order or the
/// table's visible columns in their on-screen order.
///
/// The file is written through QSaveFile, opened before anything is loaded: an unwritable
/// path fails at once, and a failed or cancelled export leaves an existing file untouched.
/// `finished()` is emitted exactly once per `start()`, always from the event loop; `state()`
/// then says how it ended and `errorString()` why it failed.
class OpportunityExporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpportunityExporter)

public:
    enum class Scope { SelectedRows, LoadedRows, AllRows };
    Q_ENUM(Scope)
    enum class Columns { AllFields, VisibleColumns };
    Q_ENUM(Columns)
    enum class State { Idle, Loading, Writing, Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    struct Options
    {
        QString path;
        Scope scope = Scope::AllRows;
        Columns columns = Columns::AllFields;
        bool displayedHeaders = false; ///< the table's translated titles instead of field names
        bool byteOrderMark = false;
        bool neutralizeFormulas = true;
    };

    /// Rows written per event-loop turn.
    static constexpr int ChunkRows = 2000;

    explicit OpportunityExporter(OpportunityTableView *table, QObject *parent = nullptr);
    ~OpportunityExporter() override;

    void start(const Options &options);
    /// Stops loading or writing; nothing is written and an existing file stays as it was.
    void cancel();

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Loading || m_state == State::Writing; }
    QString errorString() const { return m_error; }
    int rowsWritten() const { return m_rowsWritten; }
    const Options &options() const { return m_options; }

    /// The table columns written for `columns`: every summary field, or the header's visible
    /// sections in visual order (the detail columns Title and Owner among them).
    static QList<int> columnsFor(const QHeaderView *header, Columns columns);
    /// Source rows of `scope` in the table's order (AllRows: every row the proxy shows).
    static QList<int> sourceRowsFor(const OpportunityTableView *table, Scope scope);
    /// "partnerdesk-AWS-stage-Qualified-2026-11-24.csv": catalog, filters and `date`.
    static QString suggestedFileName(const Core::ListOpportunitiesRequest &request,
                                     const QString &quickFilter, const QDate &date);

Q_SIGNALS:
    void loadingProgress(int loadedRows);
    void writingProgress(int writtenRows, int totalRows);
    void finished();

private:
    void loadFinished(bool complete);
    void beginWriting();
    void writeChunk();
    void end(State state, const QString &error = {});

    QPointer<OpportunityTableView> m_table;
    Options m_options;
    State m_state = State::Idle;
    QString m_error;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<Core::CsvWriter> m_writer;
    QList<int> m_columns; ///< table columns (OpportunityModel)
    /// The source rows to write, in order; they are written straight from the model's compact
    /// rows (CsvWriter::writeRows), never rebuilt.
    QList<int> m_rows;
    int m_rowsWritten = 0;
    quint64 m_run = 0;
    bool m_cancelling = false;
};

} // namespace Pd::Gui
