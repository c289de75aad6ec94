#pragma once

#include "pipelineaggregate.h"
#include "pipelineselection.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QBarSet;
class QChart;
class QComboBox;
class QLabel;
class QPushButton;

namespace Pd::Core {
class OpportunityModel;
}

namespace Pd::Gui {

class PipelineChartView;

/// The pipeline at a glance, for the rows of the table's current query: opportunities by stage
/// stacked by review status; monthly expected spend by stage in one currency at a time (the
/// chooser starts on the currency with the largest total); open opportunities by target close
/// month with the overdue ones first; age since the last change; closed-lost reasons.
///
/// The numbers are a PipelineAggregate computed off the GUI thread: rows are handed to a
/// worker in batches as the model receives them (a batch is rebuilt from the compact rows on
/// this thread, a few milliseconds at most), each batch is added to a copy of the running
/// tally there, and the charts are redrawn a few times a second at most, one chart per turn of
/// the event loop. A new query starts over; rows changed or removed in place are counted again
/// from the start (at most every 3 seconds), the charts keeping their numbers until the recount is
/// done. Nothing is counted or drawn while the view is hidden (another tab is shown): it catches
/// up when shown. While the listing has more pages, the view says that it counts the loaded rows
/// and offers to load the rest.
///
/// A click on a bar or slice (or Enter on the one the arrow keys picked) emits
/// `selectionActivated()` with the part of the pipeline it stands for, for the table to apply
/// as a local filter. Colours: the palette's for text, axes and background (dark mode too), a
/// fixed colour-blind-safe set (Okabe–Ito) for the data.
class PipelineView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PipelineView)

public:
    /// Rows rebuilt for the worker per batch at most, the time a batch may take on the GUI
    /// thread, and the shortest time between two redraws.
    static constexpr int BatchRows = 2000;
    static constexpr int BatchBudgetMs = 1;
    static constexpr int RedrawIntervalMs = 250;
    /// Rows changed in place are counted again from the start, at most once per this delay.
    static constexpr int RecountDelayMs = 3000;

    explicit PipelineView(QWidget *parent = nullptr);
    ~PipelineView() override;

    /// The model whose rows are counted (not owned).
    void setModel(Core::OpportunityModel *model);

    /// What the charts show now.
    const Core::PipelineAggregate &aggregate() const { return m_shown; }
    /// Rows the shown aggregate counts; it is complete when this equals the model's row count
    /// and `isUpToDate()`.
    bool isUpToDate() const;
    /// The currency the spend chart shows (null: entries without a currency).
    QString currency() const;
    void setCurrency(const QString &currencyCode);

    PipelineChartView *stageChart() const { return m_stageChart; }
    PipelineChartView *spendChart() const { return m_spendChart; }
    PipelineChartView *closeMonthChart() const { return m_closeChart; }
    PipelineChartView *ageChart() const { return m_ageChart; }
    PipelineChartView *reasonChart() const { return m_reasonChart; }
    QComboBox *currencyChooser() const { return m_currencyChooser; }
    /// Shown while the listing has more pages: loads them all, so every opportunity counts.
    QPushButton *loadAllButton() const { return m_loadAllButton; }

    /// The text of a chip for `selection` ("Stage: Qualified · Review: Approved").
    static QString describe(const Core::PipelineSelection &selection);
    static QString stageText(const QString &stage);
    static QString reviewStatusText(const QString &status);
    static QString closeMonthText(const QString &bucket);
    static QString ageText(const QString &bucket);
    static QString reasonText(const QString &reason);
    static QString currencyText(const QString &currencyCode);

Q_SIGNALS:
    void selectionActivated(const Pd::Core::PipelineSelection &selection);
    /// The charts were redrawn with a new aggregate.
    void aggregateChanged();

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Batch
    {
        quint64 generation = 0;
        qsizetype rows = 0; ///< model rows counted once this batch is in
        Core::PipelineTally tally;
        Core::PipelineAggregate aggregate;
    };

    /// Counts every row again; `keepShown`: the charts keep their numbers until it is done.
    void restart(bool keepShown);
    void scheduleRecount();
    void pump();
    void takeBatch();
    void scheduleRedraw();
    void redraw();
    void drawNextChart();
    void updateSummary();
    void fillCurrencies();
    void buildStageChart();
    void buildSpendChart();
    void buildCloseChart();
    void buildAgeChart();
    void buildReasonChart();
    /// Removes the chart's series and axes and gives it the palette's colours.
    void resetChart(PipelineChartView *view, const QString &title);
    void addCountBars(PipelineChartView *view, const QStringList &labels,
                      const QList<QBarSet *> &sets, bool horizontal, const QString &valueTitle);

    QPointer<Core::OpportunityModel> m_model;
    Core::PipelineTally m_tally; ///< every row before m_countedRows
    qsizetype m_countedRows = 0;
    qsizetype m_queuedRows = 0; ///< rows handed to the worker (m_countedRows while idle)
    quint64 m_generation = 0;
    QFutureWatcher<Batch> m_worker;
    Core::PipelineAggregate m_aggregate; ///< the latest numbers
    Core::PipelineAggregate m_shown; ///< the numbers of the charts
    bool m_recounting = false; ///< counting again rows changed in place
    QTimer m_recountTimer;
    bool m_redrawPending = false;
    QElapsedTimer m_sinceRedraw;
    QTimer m_redrawTimer;
    QTimer m_drawTimer; ///< the next chart of a redraw
    int m_drawStep = -1; ///< the chart drawNextChart() builds next; -1: none
    std::optional<QString> m_currency; ///< chosen by the user, else the largest

    QLabel *m_summary = nullptr;
    QComboBox *m_currencyChooser = nullptr;
    QPushButton *m_loadAllButton = nullptr;
    PipelineChartView *m_stageChart = nullptr;
    PipelineChartView *m_spendChart = nullptr;
    PipelineChartView *m_closeChart = nullptr;
    PipelineChartView *m_ageChart = nullptr;
    PipelineChartView *m_reasonChart = nullptr;
};

} // namespace Pd::Gui
