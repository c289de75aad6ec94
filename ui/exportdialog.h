#pragma once

#include "opportunityexporter.h"

#include <QDialog>
#include <QPointer>
#include <QProgressDialog>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace Pd::Gui {

class OpportunityTableView;

/// File › Export…: where to write, which rows (selected, loaded, all matching the filters),
/// which columns (every field as `partnerdesk-cli --output csv` writes them, or the table's
/// visible columns in table order) and the CSV options (formula neutralisation, byte order
/// mark, translated titles). The choices and the folder are remembered; the suggested file
/// name records catalog, filters and date.
///
/// Export runs an OpportunityExporter behind a window-modal progress dialog with Cancel; the
/// dialog hides meanwhile. Then `exported()`, `exportFailed()` (after a message, and the
/// dialog shows again to pick another file) or `exportCancelled()`.
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    explicit ExportDialog(OpportunityTableView *table, QWidget *parent = nullptr);

    OpportunityExporter::Options options() const;
    void setOptions(const OpportunityExporter::Options &options);
    OpportunityExporter *exporter() const { return m_exporter; }
    QProgressDialog *progressDialog() const { return m_progress; }

public Q_SLOTS:
    /// Starts the export (asking first before replacing a file the file dialog did not
    /// confirm).
    void accept() override;

Q_SIGNALS:
    void exported(const QString &path, int rows);
    void exportFailed(const QString &error);
    void exportCancelled();

private:
    void browse();
    void updateCounts();
    void startExport();
    void exportFinished();
    void saveChoices() const;

    QPointer<OpportunityTableView> m_table;
    OpportunityExporter *m_exporter = nullptr;
    QPointer<QProgressDialog> m_progress;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QRadioButton *m_selectedRows = nullptr;
    QRadioButton *m_loadedRows = nullptr;
    QRadioButton *m_allRows = nullptr;
    QRadioButton *m_allFields = nullptr;
    QRadioButton *m_visibleColumns = nullptr;
    QCheckBox *m_neutralize = nullptr;
    QCheckBox *m_bom = nullptr;
    QCheckBox *m_displayedHeaders = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QString m_confirmedPath;
};

} // namespace Pd::Gui
