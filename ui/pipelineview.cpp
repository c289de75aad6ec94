#include "pipelineview.h"

#include "opportunitymodel.h"
#include "opportunitytext.h"
#include "pipelinechartview.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLocale>
#include <QLoggingCategory>
#include <QPieSeries>
#include <QPieSlice>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using Pd::Core::OpportunityText;
using Pd::Core::PipelineAggregate;
using Pd::Core::PipelineSelection;
using Pd::Core::PipelineTally;

namespace Pd::Gui {

Q_LOGGING_CATEGORY(lcPipelineView, "partnerdesk.ui.pipelineview", QtInfoMsg)

namespace {

using Kind = PipelineSelection::Kind;

// Okabe–Ito: told apart with every common colour vision deficiency, on light and dark grounds.
const QColor Blue(0x00, 0x72, 0xB2);
const QColor SkyBlue(0x56, 0xB4, 0xE9);
const QColor Green(0x00, 0x9E, 0x73);
const QColor Orange(0xE6, 0x9F, 0x00);
const QColor Vermillion(0xD5, 0x5E, 0x00);
const QColor Purple(0xCC, 0x79, 0xA7);
const QColor Yellow(0xF0, 0xE4, 0x42);
const QColor Grey(0x99, 0x99, 0x99);

/// Review statuses in the model's order: Pending Submission, Submitted, In review, Approved,
/// Rejected, Action Required; then an unknown one and the missing one.
QColor reviewStatusColor(const QString &status)
{
    static const QColor known[] = {SkyBlue, Blue, Purple, Green, Vermillion, Orange};
    if (status.isNull()) {
        return Grey;
    }
    const int index = OpportunityText::reviewStatusIndex(status);
    return index >= 0 && index < int(std::size(known)) ? known[index] : Yellow;
}

QColor categoricalColor(qsizetype index)
{
    static const QColor colors[] = {Blue, Orange, Green, Vermillion, Purple, SkyBlue, Yellow, Grey};
    return colors[index % qsizetype(std::size(colors))];
}

/// Values in the order shown: the model's, then other values of `present` as they come, then
/// the missing one when present.
QStringList shownValues(const QStringList &model, const QStringList &present)
{
    QStringList values = model;
    bool missing = false;
    for (const QString &value : present) {
        if (value.isNull()) {
            missing = true;
        } else if (!values.contains(value)) {
            values.append(value);
        }
    }
    if (missing) {
        values.append(QString());
    }
    return values;
}

/// Equality of values where absent and empty both mean missing.
bool same(const QString &a, const QString &b)
{
    return a.isEmpty() ? b.isEmpty() : a == b;
}

} // namespace

PipelineView::PipelineView(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"pipelineView"_s);
    m_aggregate = PipelineTally().aggregate(QDate::currentDate());
    m_shown = m_aggregate;

    m_summary = new QLabel(this);
    m_summary->setObjectName(u"pipelineSummary"_s);
    m_summary->setTextFormat(Qt::PlainText);
    m_currencyChooser = new QComboBox(this);
    m_currencyChooser->setObjectName(u"pipelineCurrency"_s);
    m_currencyChooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *currencyLabel = new QLabel(tr("Spend currency:"), this);
    currencyLabel->setBuddy(m_currencyChooser);
    m_currencyChooser->setAccessibleName(tr("Currency of the monthly spend chart"));

    m_loadAllButton = new QPushButton(tr("Count Every Opportunity"), this);
    m_loadAllButton->setObjectName(u"pipelineLoadAll"_s);
    m_loadAllButton->setToolTip(tr("Load the remaining pages of the listing (View › Load All "
                                   "Pages), so the charts count every matching opportunity."));
    m_loadAllButton->hide();
    connect(m_loadAllButton, &QPushButton::clicked, this, [this] {
        if (m_model) {
            m_model->loadAll();
        }
    });

    auto *header = new QHBoxLayout;
    header->addWidget(m_summary, 1);
    header->addWidget(m_loadAllButton);
    header->addWidget(currencyLabel);
    header->addWidget(m_currencyChooser);

    // Named at once (the titles follow the numbers once the view is first drawn).
    const auto makeChart = [this](const QString &name, const QString &title) {
        auto *view = new PipelineChartView;
        view->setObjectName(name);
        view->setAccessibleName(title);
        view->chart()->setAnimationOptions(QChart::NoAnimation);
        view->chart()->setBackgroundRoundness(0);
        view->chart()->setMargins(QMargins(4, 4, 4, 4));
        view->setMinimumHeight(fontMetrics().height() * 17);
        connect(view, &PipelineChartView::activated, this, &PipelineView::selectionActivated);
        return view;
    };
    m_stageChart = makeChart(u"stagesChart"_s, tr("Opportunities by stage and review status"));
    m_spendChart = makeChart(u"spendChart"_s, tr("Monthly expected spend by stage"));
    m_closeChart = makeChart(u"closeMonthChart"_s, tr("Open opportunities by target close month"));
    m_ageChart = makeChart(u"ageChart"_s, tr("Time since the last change"));
    m_reasonChart = makeChart(u"closedLostChart"_s, tr("Closed-lost reasons"));

    auto *charts = new QWidget;
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_stageChart, 0, 0, 1, 2);
    grid->addWidget(m_closeChart, 1, 0, 1, 2);
    grid->addWidget(m_spendChart, 2, 0);
    grid->addWidget(m_ageChart, 2, 1);
    grid->addWidget(m_reasonChart, 3, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(charts);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(scroll, 1);
    setTabOrder(m_currencyChooser, m_stageChart);
    setTabOrder(m_stageChart, m_spendChart);
    setTabOrder(m_spendChart, m_closeChart);
    setTabOrder(m_closeChart, m_ageChart);
    setTabOrder(m_ageChart, m_reasonChart);

    connect(m_currencyChooser, &QComboBox::activated, this,
            [this](int index) { setCurrency(m_currencyChooser->itemData(index).toString()); });
    connect(&m_worker, &QFutureWatcher<Batch>::finished, this, [this] {
        const Batch batch = m_worker.result();
        if (batch.generation == m_generation) {
            m_tally = batch.tally;
            m_countedRows = batch.rows;
            // A recount keeps the charts on the previous numbers until it has caught up.
            if (!m_recounting || m_countedRows >= m_model->rowCount()) {
                m_recounting = false;
                m_aggregate = batch.aggregate;
                scheduleRedraw();
            }
        }
        pump();
    });
    m_redrawTimer.setObjectName(u"pipelineRedraw"_s);
    m_redrawTimer.setSingleShot(true);
    connect(&m_redrawTimer, &QTimer::timeout, this, &PipelineView::redraw);
    m_recountTimer.setObjectName(u"pipelineRecount"_s);
    m_recountTimer.setSingleShot(true);
    m_recountTimer.setInterval(RecountDelayMs);
    connect(&m_recountTimer, &QTimer::timeout, this, [this] { restart(true); });
    m_drawTimer.setObjectName(u"pipelineDraw"_s);
    m_drawTimer.setSingleShot(true);
    m_drawTimer.setInterval(0);
    connect(&m_drawTimer, &QTimer::timeout, this, &PipelineView::drawNextChart);
    m_redrawPending = true; // drawn when first shown
}

PipelineView::~PipelineView()
{
    m_worker.waitForFinished();
}

void PipelineView::setModel(Core::OpportunityModel *model)
{
    if (m_model) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &PipelineView::pump);
        connect(m_model, &QAbstractItemModel::modelReset, this, [this] { restart(false); });
        // Rows changed or removed in place: the running tally no longer matches them.
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PipelineView::scheduleRecount);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &PipelineView::scheduleRecount);
        connect(m_model, &Core::OpportunityModel::busyChanged, this, &PipelineView::updateSummary);
    }
    restart(false);
}

bool PipelineView::isUpToDate() const
{
    return m_model && m_countedRows == m_model->rowCount() && !m_worker.isRunning()
           && !m_redrawPending && m_drawStep < 0 && !m_recounting && !m_recountTimer.isActive();
}

void PipelineView::restart(bool keepShown)
{
    ++m_generation;
    m_tally = PipelineTally();
    m_countedRows = 0;
    m_recounting = keepShown;
    if (!keepShown) {
        m_aggregate = m_tally.aggregate(QDate::currentDate());
        scheduleRedraw();
    }
    pump();
}

void PipelineView::scheduleRecount()
{
    if (!m_recountTimer.isActive()) {
        m_recountTimer.start();
    }
}

void PipelineView::pump()
{
    if (m_model && isVisible() && !m_worker.isRunning() && m_countedRows < m_model->rowCount()) {
        takeBatch();
    }
}

void PipelineView::takeBatch()
{
    QElapsedTimer timer;
    timer.start();
    constexpr qsizetype RowsPerCheck = 100;
    const qsizetype last = std::min<qsizetype>(m_model->rowCount(), m_countedRows + BatchRows);
    QList<Core::OpportunitySummary> rows;
    rows.reserve(last - m_countedRows);
    const Core::OpportunityRows &store = m_model->rows();
    qsizetype end = m_countedRows;
    while (end < last && (end == m_countedRows || timer.elapsed() < BatchBudgetMs)) {
        for (const qsizetype stop = std::min(last, end + RowsPerCheck); end < stop; ++end) {
            // A row a sync replaced has its newer record elsewhere in the store.
            rows.append(store.at(m_model->storageRow(int(end))));
        }
    }
    qCDebug(lcPipelineView) << "batch of" << rows.size() << "rows rebuilt in"
                            << timer.nsecsElapsed() / 1000 << "µs";
    m_worker.setFuture(
            QtConcurrent::run([base = m_tally, rows = std::move(rows), generation = m_generation,
                               end, today = QDate::currentDate()] {
                Batch batch;
                batch.generation = generation;
                batch.rows = end;
                batch.tally = base;
                batch.tally.add(rows);
                batch.aggregate = batch.tally.aggregate(today);
                return batch;
            }));
}

void PipelineView::scheduleRedraw()
{
    m_redrawPending = true;
    if (m_redrawTimer.isActive()) {
        return;
    }
    const qint64 since = m_sinceRedraw.isValid() ? m_sinceRedraw.elapsed() : RedrawIntervalMs;
    m_redrawTimer.start(int(std::max<qint64>(0, RedrawIntervalMs - since)));
}

void PipelineView::redraw()
{
    if (!isVisible()) {
        return; // m_redrawPending stays: showEvent() draws
    }
    m_redrawPending = false;
    m_sinceRedraw.restart();
    m_shown = m_aggregate; // every chart of this redraw shows the same numbers
    m_drawStep = 0;
    drawNextChart();
}

void PipelineView::drawNextChart()
{
    // One chart per turn of the event loop: each is laid out and painted before the next is
    // built, so no turn takes long however many charts are in view.
    QElapsedTimer timer;
    timer.start();
    switch (m_drawStep++) {
    case 0:
        updateSummary();
        fillCurrencies();
        buildStageChart();
        break;
    case 1:
        buildSpendChart();
        break;
    case 2:
        buildCloseChart();
        break;
    case 3:
        buildAgeChart();
        break;
    default:
        buildReasonChart();
        m_drawStep = -1;
        break;
    }
    qCDebug(lcPipelineView) << "chart of" << m_shown.count << "rows built in"
                            << timer.nsecsElapsed() / 1000 << "µs";
    if (m_drawStep < 0) {
        Q_EMIT aggregateChanged();
    } else {
        m_drawTimer.start();
    }
}

QString PipelineView::currency() const
{
    const QStringList codes = m_shown.currenciesByTotal();
    if (m_currency && std::any_of(codes.begin(), codes.end(), [this](const QString &code) {
            return same(code, *m_currency);
        })) {
        return *m_currency;
    }
    return codes.isEmpty() ? QString() : codes.first();
}

void PipelineView::updateSummary()
{
    const bool partial = m_model && m_model->hasMore();
    QString summary = partial ? tr("%n opportunities loaded so far", nullptr, int(m_shown.count))
                              : tr("%n opportunities", nullptr, int(m_shown.count));
    if (m_shown.spendEntriesSkipped > 0) {
        summary += u" · "_s
                   + tr("%n spend entries without a valid amount left out", nullptr,
                        int(m_shown.spendEntriesSkipped));
    }
    m_summary->setText(summary);
    m_loadAllButton->setVisible(partial && !m_model->isLoadingAll());
}

void PipelineView::setCurrency(const QString &currencyCode)
{
    m_currency = currencyCode;
    fillCurrencies();
    buildSpendChart();
    buildStageChart(); // its tooltips name the stage's spend in the chosen currency
}

void PipelineView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_redrawPending) {
        redraw();
    }
    pump();
}

void PipelineView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::LanguageChange) {
        m_redrawPending = true;
        redraw();
    }
}

void PipelineView::fillCurrencies()
{
    const QStringList codes = m_shown.currenciesByTotal();
    const QSignalBlocker blocker(m_currencyChooser);
    m_currencyChooser->clear();
    for (const QString &code : codes) {
        m_currencyChooser->addItem(currencyText(code), code);
    }
    m_currencyChooser->setEnabled(!codes.isEmpty());
    const QString shown = currency();
    for (int i = 0; i < m_currencyChooser->count(); ++i) {
        if (same(m_currencyChooser->itemData(i).toString(), shown)) {
            m_currencyChooser->setCurrentIndex(i);
        }
    }
}

void PipelineView::resetChart(PipelineChartView *view, const QString &title)
{
    QChart *chart = view->chart();
    view->clearItems();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    const QPalette colors = palette();
    chart->setTitle(title);
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setTitleBrush(colors.color(QPalette::Text));
    chart->setBackgroundBrush(colors.color(QPalette::Base));
    chart->setBackgroundPen(QPen(colors.color(QPalette::Mid)));
    chart->legend()->setFont(font());
    chart->legend()->setLabelColor(colors.color(QPalette::Text));
    view->setBackgroundBrush(colors.color(QPalette::Window));
    view->setAccessibleName(title);
}

void PipelineView::addCountBars(PipelineChartView *view, const QStringList &labels,
                                const QList<QBarSet *> &sets, bool horizontal,
                                const QString &valueTitle)
{
    QChart *chart = view->chart();
    QAbstractBarSeries *series
            = horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalStackedBarSeries)
                         : static_cast<QAbstractBarSeries *>(new QStackedBarSeries);
    qreal largest = 0;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        qreal total = 0;
        for (const QBarSet *set : sets) {
            total += set->at(i);
        }
        largest = std::max(largest, total);
    }
    const QPalette colors = palette();
    for (QBarSet *set : sets) {
        set->setBorderColor(colors.color(QPalette::Base));
        series->append(set);
    }
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append(labels);
    categories->setTruncateLabels(false);
    auto *values = new QValueAxis;
    values->setLabelFormat(u"%.0f"_s);
    values->setTitleText(valueTitle);
    values->setTitleBrush(colors.color(QPalette::Text));
    values->setRange(0, largest > 0 ? largest : 1);
    values->applyNiceNumbers();
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(categories), static_cast<QAbstractAxis *>(values)}) {
        axis->setLabelsColor(colors.color(QPalette::Text));
        axis->setLabelsFont(font());
        axis->setLinePenColor(colors.color(QPalette::Mid));
        axis->setGridLineColor(colors.color(QPalette::Midlight));
    }
    chart->addAxis(categories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(values);
    chart->legend()->setVisible(sets.size() > 1);
    chart->legend()->setAlignment(Qt::AlignBottom);
}

void PipelineView::buildStageChart()
{
    resetChart(m_stageChart, tr("Opportunities by stage and review status"));
    QStringList presentStages;
    QStringList presentStatuses;
    for (const auto &entry : m_shown.byStageAndReviewStatus) {
        presentStages.append(entry.stage);
        presentStatuses.append(entry.reviewStatus);
    }
    const QStringList stages = shownValues(Core::Model::stages(), presentStages);
    const QStringList statuses = shownValues(Core::Model::reviewStatuses(), presentStatuses);
    const auto countOf = [this](const QString &stage, const QString &status) -> qint64 {
        for (const auto &entry : m_shown.byStageAndReviewStatus) {
            if (same(entry.stage, stage) && same(entry.reviewStatus, status)) {
                return entry.count;
            }
        }
        return 0;
    };
    const QString shownCurrency = currency();
    const auto stageSpend = [this, &shownCurrency](const QString &stage) {
        Core::DecimalAmount sum;
        for (const auto &entry : m_shown.monthlySpendByStageAndCurrency) {
            if (same(entry.stage, stage) && same(entry.currencyCode, shownCurrency)) {
                sum += entry.amount;
            }
        }
        return sum;
    };

    // Horizontal bars run bottom-up: the first stage goes last so that it is drawn on top.
    QStringList labels;
    for (auto it = stages.rbegin(); it != stages.rend(); ++it) {
        labels.append(stageText(*it));
    }
    QList<QBarSet *> sets;
    for (const QString &status : statuses) {
        auto *set = new QBarSet(reviewStatusText(status));
        set->setColor(reviewStatusColor(status));
        for (auto it = stages.rbegin(); it != stages.rend(); ++it) {
            set->append(qreal(countOf(*it, status)));
        }
        sets.append(set);
    }
    addCountBars(m_stageChart, labels, sets, true, {});

    const QLocale locale;
    for (qsizetype s = 0; s < stages.size(); ++s) {
        const QString &stage = stages.at(s);
        qint64 stageTotal = 0;
        for (const QString &status : statuses) {
            stageTotal += countOf(stage, status);
        }
        const Core::DecimalAmount spend = stageSpend(stage);
        for (qsizetype r = 0; r < statuses.size(); ++r) {
            const qint64 count = countOf(stage, statuses.at(r));
            if (count == 0) {
                continue;
            }
            QString text = tr("%1 · %2: %n opportunities", nullptr, int(count))
                                   .arg(stageText(stage), reviewStatusText(statuses.at(r)));
            text += u'\n' + tr("In this stage: %n opportunities", nullptr, int(stageTotal));
            if (!m_shown.monthlySpendByStageAndCurrency.isEmpty()) {
                text += u'\n'
                        + tr("Monthly spend in this stage: %1")
                                  .arg(OpportunityText::formatAmount(spend.toString(),
                                                                     shownCurrency, locale));
            }
            m_stageChart->addBar(sets.at(r), int(stages.size() - 1 - s),
                                 {Kind::StageAndReviewStatus, stage, statuses.at(r), {}, {}, {}},
                                 text);
        }
    }
    m_stageChart->setCurrentItem(m_stageChart->currentItem());
}

void PipelineView::buildSpendChart()
{
    const QString shownCurrency = currency();
    resetChart(
            m_spendChart,
            m_shown.monthlySpendByStageAndCurrency.isEmpty()
                    ? tr("Monthly expected spend by stage")
                    : tr("Monthly expected spend by stage (%1)").arg(currencyText(shownCurrency)));
    QStringList presentStages;
    for (const auto &entry : m_shown.monthlySpendByStageAndCurrency) {
        presentStages.append(entry.stage);
    }
    const QStringList stages = shownValues(Core::Model::stages(), presentStages);
    QList<const PipelineAggregate::StageSpend *> spends(stages.size(), nullptr);
    for (const auto &entry : m_shown.monthlySpendByStageAndCurrency) {
        if (same(entry.currencyCode, shownCurrency)) {
            for (qsizetype s = 0; s < stages.size(); ++s) {
                if (same(stages.at(s), entry.stage)) {
                    spends[s] = &entry;
                }
            }
        }
    }
    // Large sums are drawn in a power of ten (thousands, millions, … 10^30) that keeps the
    // axis labels short; the tooltips give the exact sums.
    qreal largest = 0;
    for (const PipelineAggregate::StageSpend *spend : spends) {
        largest = std::max(largest, spend ? spend->amount.toDouble() : 0.0);
    }
    const int exponent = largest >= 1e6 ? int(std::floor(std::log10(largest) / 3)) * 3 : 0;
    const qreal scale = std::pow(10.0, exponent);
    QStringList labels;
    auto *set = new QBarSet(currencyText(shownCurrency));
    set->setColor(Green);
    for (qsizetype s = stages.size() - 1; s >= 0; --s) {
        labels.append(stageText(stages.at(s)));
        set->append(spends.at(s) ? spends.at(s)->amount.toDouble() / scale : 0);
    }
    addCountBars(m_spendChart, labels, {set}, true,
                 exponent == 0 ? currencyText(shownCurrency)
                               : tr("%1 × 10^%2").arg(currencyText(shownCurrency)).arg(exponent));

    const QLocale locale;
    for (qsizetype s = 0; s < stages.size(); ++s) {
        const PipelineAggregate::StageSpend *spend = spends.at(s);
        if (!spend) {
            continue;
        }
        const QString text
                = tr("%1: %2 monthly, from %n spend entries", nullptr, int(spend->entries))
                          .arg(stageText(stages.at(s)),
                               OpportunityText::formatAmount(spend->amount.toString(),
                                                             shownCurrency, locale));
        m_spendChart->addBar(set, int(stages.size() - 1 - s),
                             {Kind::StageSpend, stages.at(s), {}, shownCurrency, {}, {}}, text);
    }
    m_spendChart->setCurrentItem(m_spendChart->currentItem());
}

void PipelineView::buildCloseChart()
{
    resetChart(m_closeChart, tr("Open opportunities by target close month"));
    const auto &buckets = m_shown.byTargetCloseMonth;
    auto *overdue = new QBarSet(tr("Overdue"));
    overdue->setColor(Vermillion);
    auto *due = new QBarSet(tr("Due"));
    due->setColor(Blue);
    QStringList labels;
    for (const auto &entry : buckets) {
        const bool isOverdue = entry.bucket == PipelineAggregate::OverdueBucket;
        labels.append(closeMonthText(entry.bucket));
        overdue->append(isOverdue ? qreal(entry.count) : 0);
        due->append(isOverdue ? 0 : qreal(entry.count));
    }
    addCountBars(m_closeChart, labels, {overdue, due}, false, {});
    // Fourteen month names side by side: slanted, they keep clear of each other.
    m_closeChart->chart()->axes(Qt::Horizontal).constFirst()->setLabelsAngle(-45);
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        const auto &entry = buckets.at(i);
        if (entry.count == 0) {
            continue;
        }
        const bool isOverdue = entry.bucket == PipelineAggregate::OverdueBucket;
        m_closeChart->addBar(isOverdue ? overdue : due, int(i),
                             {Kind::CloseMonth, {}, {}, {}, entry.bucket, {}},
                             tr("%1: %n open opportunities", nullptr, int(entry.count))
                                     .arg(closeMonthText(entry.bucket)));
    }
    m_closeChart->setCurrentItem(m_closeChart->currentItem());
}

void PipelineView::buildAgeChart()
{
    resetChart(m_ageChart, tr("Time since the last change"));
    auto *set = new QBarSet(tr("Opportunities"));
    set->setColor(SkyBlue);
    QStringList labels;
    for (const auto &entry : m_shown.byAge) {
        labels.append(ageText(entry.bucket));
        set->append(qreal(entry.count));
    }
    addCountBars(m_ageChart, labels, {set}, false, {});
    for (qsizetype i = 0; i < m_shown.byAge.size(); ++i) {
        const auto &entry = m_shown.byAge.at(i);
        if (entry.count > 0) {
            m_ageChart->addBar(set, int(i), {Kind::Age, {}, {}, {}, entry.bucket, {}},
                               tr("Changed %1 ago: %n opportunities", nullptr, int(entry.count))
                                       .arg(ageText(entry.bucket)));
        }
    }
    m_ageChart->setCurrentItem(m_ageChart->currentItem());
}

void PipelineView::buildReasonChart()
{
    const auto &reasons = m_shown.closedLostReasons;
    resetChart(m_reasonChart, reasons.isEmpty() ? tr("Closed-lost reasons: none in these rows")
                                                : tr("Closed-lost reasons"));
    auto *series = new QPieSeries;
    series->setPieSize(0.8);
    qint64 total = 0;
    for (const auto &entry : reasons) {
        total += entry.count;
    }
    const QLocale locale;
    for (qsizetype i = 0; i < reasons.size(); ++i) {
        const auto &entry = reasons.at(i);
        QPieSlice *slice = series->append(
                u"%1 (%2)"_s.arg(reasonText(entry.bucket), locale.toString(entry.count)),
                qreal(entry.count));
        slice->setColor(categoricalColor(i));
        slice->setBorderColor(palette().color(QPalette::Base));
        slice->setLabelColor(palette().color(QPalette::Text));
        m_reasonChart->addSlice(
                slice, {Kind::ClosedLostReason, {}, {}, {}, {}, entry.bucket},
                tr("%1: %n closed-lost opportunities (%2 %)", nullptr, int(entry.count))
                        .arg(reasonText(entry.bucket),
                             locale.toString(100.0 * double(entry.count) / double(total), 'f', 0)));
    }
    m_reasonChart->chart()->addSeries(series);
    m_reasonChart->chart()->legend()->setVisible(true);
    m_reasonChart->chart()->legend()->setAlignment(Qt::AlignRight);
    m_reasonChart->setCurrentItem(m_reasonChart->currentItem());
}

QString PipelineView::stageText(const QString &stage)
{
    return stage.isEmpty() ? tr("(no stage)") : OpportunityText::stageLabel(stage);
}

QString PipelineView::reviewStatusText(const QString &status)
{
    return status.isEmpty() ? tr("(no review status)") : OpportunityText::reviewStatusLabel(status);
}

QString PipelineView::closeMonthText(const QString &bucket)
{
    if (bucket == PipelineAggregate::OverdueBucket) {
        return tr("Overdue");
    }
    if (bucket == PipelineAggregate::LaterBucket) {
        return tr("Later");
    }
    const QDate month = QDate::fromString(bucket + u"-01"_s, Qt::ISODate);
    return month.isValid() ? QLocale().toString(month, u"MMM yy"_s) : bucket;
}

QString PipelineView::ageText(const QString &bucket)
{
    if (bucket == u"0-7"_s) {
        return tr("0–7 days");
    }
    if (bucket == u"8-30"_s) {
        return tr("8–30 days");
    }
    if (bucket == u"31-90"_s) {
        return tr("31–90 days");
    }
    return tr("91+ days");
}

QString PipelineView::reasonText(const QString &reason)
{
    return reason.isEmpty() ? tr("(no reason)") : OpportunityText::closedLostReasonLabel(reason);
}

QString PipelineView::currencyText(const QString &currencyCode)
{
    return currencyCode.isEmpty() ? tr("(no currency)") : currencyCode;
}

QString PipelineView::describe(const PipelineSelection &selection)
{
    switch (selection.kind) {
    case Kind::None:
        return {};
    case Kind::StageAndReviewStatus:
        return tr("Stage: %1 · Review: %2")
                .arg(stageText(selection.stage), reviewStatusText(selection.reviewStatus));
    case Kind::StageSpend:
        return tr("Stage: %1 · Spend in %2")
                .arg(stageText(selection.stage), currencyText(selection.currencyCode));
    case Kind::CloseMonth:
        return tr("Target close: %1").arg(closeMonthText(selection.bucket));
    case Kind::Age:
        return tr("Last change: %1 ago").arg(ageText(selection.bucket));
    case Kind::ClosedLostReason:
        return tr("Closed lost: %1").arg(reasonText(selection.reason));
    case Kind::Attention: {
        const auto view = selection.attentionView();
        return view ? Core::AttentionView::title(*view) : QString();
    }
    }
    return {};
}

} // namespace Pd::Gui
