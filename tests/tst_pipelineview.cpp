#include "awsclient.h"
#include "chartexport.h"
#include "emulatorserver.h"
#include "opportunitymodel.h"
#include "pipelinechartview.h"
#include "pipelineview.h"

#include <QAbstractAxis>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPieSeries>
#include <QPieSlice>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Gui::ChartExport;
using Pd::Gui::PipelineChartView;
using Pd::Gui::PipelineView;

namespace {

constexpr int WaitMs = 20000;
constexpr int RowCount = 1500;

QList<QBarSet *> barSets(PipelineChartView *view)
{
    QList<QBarSet *> sets;
    for (QAbstractSeries *series : view->chart()->series()) {
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            sets += bars->barSets();
        }
    }
    return sets;
}

QBarSet *barSet(PipelineChartView *view, const QString &label)
{
    for (QBarSet *set : barSets(view)) {
        if (set->label() == label) {
            return set;
        }
    }
    return nullptr;
}

/// The bar index of a category label (the chart's category axis).
int categoryIndex(PipelineChartView *view, const QString &label)
{
    for (QAbstractAxis *axis : view->chart()->axes()) {
        if (auto *categories = qobject_cast<QBarCategoryAxis *>(axis)) {
            return int(categories->categories().indexOf(label));
        }
    }
    return -1;
}

} // namespace

/// The pipeline view over a model listing an in-process emulator, offscreen.
class tst_PipelineView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void charts_showTheAggregateOfTheModelsRows();
    void currencyChooser_startsOnTheLargestTotal();
    void click_emitsThePartsSelection();
    void keyboard_walksAndActivatesBars();
    void export_writesValidPngAndSvg();
    void newQuery_startsOver();
    void hidden_countsWhenShownAgain();
    void palette_followedInDarkModeToo();
    void rowsChangedInPlace_recountedWhileTheChartsStay();

private:
    bool loadEverything();
    bool loadEverythingOf(const QString &catalog);

    EmulatorServer m_server;
    std::unique_ptr<AwsClient> m_client;
    OpportunityModel m_model;
    std::unique_ptr<PipelineView> m_view;
};

void tst_PipelineView::initTestCase()
{
    EmulatorOptions options;
    options.count = RowCount;
    options.sandboxCount = 40;
    options.seed = 11;
    QString error;
    QVERIFY2(m_server.start(options, &error), qPrintable(error));
    ClientConfig config;
    config.endpoint = m_server.endpoint();
    m_client = std::make_unique<AwsClient>(
            config, std::make_shared<StaticCredentialsProvider>(m_server.credentials(), u"t"_s));
    m_model.setClient(m_client.get());
    m_view = std::make_unique<PipelineView>();
    m_view->resize(1200, 1400);
    m_view->setModel(&m_model);
    m_view->show();
    m_view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
    QVERIFY(loadEverything());
}

bool tst_PipelineView::loadEverything()
{
    return loadEverythingOf(u"AWS"_s)
           && QTest::qWaitFor([this] { return m_view->isUpToDate(); }, WaitMs);
}

bool tst_PipelineView::loadEverythingOf(const QString &catalog)
{
    ListOpportunitiesRequest request;
    request.catalog = catalog;
    m_model.setQuery(request);
    m_model.loadAll();
    return QTest::qWaitFor([this] { return !m_model.hasMore() && !m_model.isBusy(); }, WaitMs);
}

void tst_PipelineView::charts_showTheAggregateOfTheModelsRows()
{
    QCOMPARE(m_model.rowCount(), RowCount);
    const PipelineAggregate expected
            = PipelineAggregate::compute(m_model.summaries(), QDate::currentDate());
    QCOMPARE(m_view->aggregate(), expected);
    QCOMPARE(expected.count, RowCount);

    // Stage bars: one set per review status, a category per stage, the first stage on top.
    PipelineChartView *stages = m_view->stageChart();
    QVERIFY(stages->itemCount() > 0);
    QCOMPARE(categoryIndex(stages, PipelineView::stageText(u"Prospect"_s)),
             categoryIndex(stages, PipelineView::stageText(u"Qualified"_s)) + 1);
    qint64 shownTotal = 0;
    for (const auto &entry : expected.byStageAndReviewStatus) {
        QBarSet *set = barSet(stages, PipelineView::reviewStatusText(entry.reviewStatus));
        QVERIFY2(set, qPrintable(entry.reviewStatus));
        const int bar = categoryIndex(stages, PipelineView::stageText(entry.stage));
        QVERIFY(bar >= 0);
        QCOMPARE(set->at(bar), qreal(entry.count));
        shownTotal += qint64(set->at(bar));
    }
    QCOMPARE(shownTotal, expected.count);

    // Close months: overdue first, then the months and later, in the aggregate's order.
    const QList<QBarSet *> close = barSets(m_view->closeMonthChart());
    QCOMPARE(close.size(), 2);
    for (qsizetype i = 0; i < expected.byTargetCloseMonth.size(); ++i) {
        QCOMPARE(close.at(0)->at(int(i)) + close.at(1)->at(int(i)),
                 qreal(expected.byTargetCloseMonth.at(i).count));
    }
    QVERIFY(close.at(0)->at(0) > 0); // the dataset's dates lie in the past: overdue ones

    const QList<QBarSet *> ages = barSets(m_view->ageChart());
    QCOMPARE(ages.size(), 1);
    for (qsizetype i = 0; i < expected.byAge.size(); ++i) {
        QCOMPARE(ages.at(0)->at(int(i)), qreal(expected.byAge.at(i).count));
    }

    const auto *pie = qobject_cast<QPieSeries *>(m_view->reasonChart()->chart()->series().value(0));
    QVERIFY(pie);
    QCOMPARE(pie->count(), expected.closedLostReasons.size());
    for (qsizetype i = 0; i < expected.closedLostReasons.size(); ++i) {
        QCOMPARE(pie->slices().at(i)->value(), qreal(expected.closedLostReasons.at(i).count));
    }

    // Hover texts carry the count.
    const auto &first = expected.byStageAndReviewStatus.first();
    const int item
            = stages->itemOf(barSet(stages, PipelineView::reviewStatusText(first.reviewStatus)),
                             categoryIndex(stages, PipelineView::stageText(first.stage)));
    QVERIFY(item >= 0);
    QVERIFY2(stages->textAt(item).contains(QLocale().toString(first.count)),
             qPrintable(stages->textAt(item)));
}

void tst_PipelineView::currencyChooser_startsOnTheLargestTotal()
{
    const PipelineAggregate &aggregate = m_view->aggregate();
    const QStringList currencies = aggregate.currenciesByTotal();
    QVERIFY(currencies.size() > 1);
    QCOMPARE(m_view->currency(), currencies.first());
    QCOMPARE(m_view->currencyChooser()->currentData().toString(), currencies.first());

    // The spend bars show the chosen currency's sums, in one power of ten (the axis says which).
    const auto check = [this, &aggregate](const QString &currency) {
        const QList<QBarSet *> sets = barSets(m_view->spendChart());
        QCOMPARE(sets.size(), 1);
        double scale = 0;
        int bars = 0;
        for (const auto &entry : aggregate.monthlySpendByStageAndCurrency) {
            if (entry.currencyCode == currency && !entry.amount.isZero()) {
                const int bar
                        = categoryIndex(m_view->spendChart(), PipelineView::stageText(entry.stage));
                const double shown = sets.first()->at(bar);
                scale = scale > 0 ? scale : entry.amount.toDouble() / shown;
                QVERIFY(qFuzzyCompare(shown * scale, entry.amount.toDouble()));
                ++bars;
            }
        }
        QCOMPARE(bars == 0, aggregate.totalSpend(currency).isZero());
        QVERIFY(bars == 0 || qFuzzyCompare(std::log10(scale), std::round(std::log10(scale))));
    };
    check(currencies.first());
    m_view->setCurrency(currencies.last());
    QCOMPARE(m_view->currency(), currencies.last());
    check(currencies.last());
    m_view->setCurrency(currencies.first());
}

void tst_PipelineView::click_emitsThePartsSelection()
{
    QSignalSpy activated(m_view.get(), &PipelineView::selectionActivated);
    const auto &entry = m_view->aggregate().byStageAndReviewStatus.first();
    QBarSet *set = barSet(m_view->stageChart(), PipelineView::reviewStatusText(entry.reviewStatus));
    QVERIFY(set);
    Q_EMIT set->clicked(categoryIndex(m_view->stageChart(), PipelineView::stageText(entry.stage)));
    QCOMPARE(activated.size(), 1);
    const auto selection = activated.first().first().value<PipelineSelection>();
    QCOMPARE(selection.kind, PipelineSelection::Kind::StageAndReviewStatus);
    QCOMPARE(selection.stage, entry.stage);
    QCOMPARE(selection.reviewStatus, entry.reviewStatus);
    QCOMPARE(PipelineView::describe(selection),
             u"Stage: %1 · Review: %2"_s.arg(PipelineView::stageText(entry.stage),
                                             PipelineView::reviewStatusText(entry.reviewStatus)));

    // The selection keeps exactly the rows the bar counts.
    qint64 matching = 0;
    for (const OpportunitySummary &summary : m_model.summaries()) {
        matching += selection.matches(summary, QDate::currentDate()) ? 1 : 0;
    }
    QCOMPARE(matching, entry.count);

    // A slice of the closed-lost pie.
    auto *pie = qobject_cast<QPieSeries *>(m_view->reasonChart()->chart()->series().value(0));
    QVERIFY(pie && pie->count() > 1);
    Q_EMIT pie->slices().at(1)->clicked();
    QCOMPARE(activated.size(), 2);
    const auto reason = activated.last().first().value<PipelineSelection>();
    QCOMPARE(reason.kind, PipelineSelection::Kind::ClosedLostReason);
    QCOMPARE(reason.reason, m_view->aggregate().closedLostReasons.at(1).bucket);
}

void tst_PipelineView::keyboard_walksAndActivatesBars()
{
    PipelineChartView *stages = m_view->stageChart();
    QVERIFY(stages->itemCount() >= 2);
    stages->setFocus();
    QTRY_VERIFY(stages->hasFocus());
    QSignalSpy activated(m_view.get(), &PipelineView::selectionActivated);
    QTest::keyClick(stages, Qt::Key_Home);
    QTest::keyClick(stages, Qt::Key_Right);
    QTest::keyClick(stages, Qt::Key_Return);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(stages->currentItem(), 1);
    const auto selection = activated.first().first().value<PipelineSelection>();
    QCOMPARE(selection, stages->selectionAt(1));
    // The second bar of the first stage: its second review status present.
    const auto &second = m_view->aggregate().byStageAndReviewStatus.at(1);
    QCOMPARE(selection.kind, PipelineSelection::Kind::StageAndReviewStatus);
    QCOMPARE(selection.stage, second.stage);
    QCOMPARE(selection.reviewStatus, second.reviewStatus);
    QCOMPARE(stages->accessibleDescription(), stages->textAt(1));
    // The bar is drawn selected while the chart has the focus, and only then.
    QBarSet *set = barSet(stages, PipelineView::reviewStatusText(second.reviewStatus));
    const int bar = categoryIndex(stages, PipelineView::stageText(second.stage));
    QVERIFY(set->isBarSelected(bar));
    QTest::keyClick(stages, Qt::Key_Space);
    QCOMPARE(activated.size(), 2);
    m_view->currencyChooser()->setFocus();
    QTRY_VERIFY(!set->isBarSelected(bar));
}

void tst_PipelineView::export_writesValidPngAndSvg()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PipelineChartView *chart = m_view->stageChart();
    QString error;
    const QString png = dir.filePath(u"stages.png"_s);
    QVERIFY2(ChartExport::savePng(chart, png, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), chart->size() * chart->devicePixelRatioF());
    // Not one flat colour: the bars are drawn.
    QVERIFY(image.pixel(image.width() / 2, image.height() / 2) != image.pixel(1, 1)
            || image.pixel(image.width() / 3, image.height() / 2) != image.pixel(1, 1));

    const QString svg = dir.filePath(u"stages.svg"_s);
    QVERIFY2(ChartExport::saveSvg(chart, svg, &error), qPrintable(error));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains(chart->chart()->title().toUtf8()));

    // Copied as an image of the same size.
    QGuiApplication::clipboard()->clear();
    chart->copyToClipboard();
    QCOMPARE(QGuiApplication::clipboard()->image().size(), image.size());

    QVERIFY(!ChartExport::savePng(chart, dir.filePath(u"missing/dir/x.png"_s), &error));
    QVERIFY(error.contains(u"missing/dir"_s));
}

void tst_PipelineView::newQuery_startsOver()
{
    QSignalSpy changed(m_view.get(), &PipelineView::aggregateChanged);
    ListOpportunitiesRequest request;
    request.catalog = u"Sandbox"_s;
    m_model.setQuery(request);
    m_model.loadAll();
    QVERIFY(QTest::qWaitFor([this] { return !m_model.hasMore() && !m_model.isBusy(); }, WaitMs));
    QVERIFY(QTest::qWaitFor([this] { return m_view->isUpToDate(); }, WaitMs));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(m_view->aggregate().count, 40);
    QCOMPARE(m_view->aggregate(),
             PipelineAggregate::compute(m_model.summaries(), QDate::currentDate()));
}

void tst_PipelineView::hidden_countsWhenShownAgain()
{
    m_view->hide();
    QSignalSpy changed(m_view.get(), &PipelineView::aggregateChanged);
    QVERIFY(loadEverythingOf(u"AWS"_s));
    QCOMPARE(m_model.rowCount(), RowCount);
    QVERIFY(!m_view->isUpToDate());
    QVERIFY(changed.isEmpty()); // nothing drawn while hidden
    m_view->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_view->isUpToDate(), WaitMs);
    QCOMPARE(m_view->aggregate().count, RowCount);
}

void tst_PipelineView::palette_followedInDarkModeToo()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Base, QColor(0x12, 0x12, 0x12));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    QSignalSpy changed(m_view.get(), &PipelineView::aggregateChanged);
    m_view->setPalette(dark);
    QVERIFY(changed.wait(WaitMs));
    for (PipelineChartView *view :
         {m_view->stageChart(), m_view->spendChart(), m_view->closeMonthChart(), m_view->ageChart(),
          m_view->reasonChart()}) {
        QCOMPARE(view->chart()->backgroundBrush().color(), dark.color(QPalette::Base));
        QCOMPARE(view->chart()->titleBrush().color(), dark.color(QPalette::Text));
        for (QAbstractAxis *axis : view->chart()->axes()) {
            QCOMPARE(axis->labelsBrush().color(), dark.color(QPalette::Text));
        }
    }
    // The exported picture is dark too.
    const QImage image = ChartExport::toImage(m_view->ageChart());
    QVERIFY(QColor(image.pixel(image.width() / 2, 4)).lightness() < 64);
    m_view->setPalette(QPalette());
    QVERIFY(changed.wait(WaitMs));
    QCOMPARE(m_view->ageChart()->chart()->backgroundBrush().color(),
             m_view->palette().color(QPalette::Base));
}

void tst_PipelineView::rowsChangedInPlace_recountedWhileTheChartsStay()
{
    QVERIFY(loadEverything());
    const PipelineAggregate before = m_view->aggregate();
    QCOMPARE(before.count, RowCount);
    // Rows updated in place, many times in a row: one recount, and the charts never blank.
    QSignalSpy changed(m_view.get(), &PipelineView::aggregateChanged);
    for (int i = 0; i < 20; ++i) {
        Q_EMIT m_model.dataChanged(m_model.index(i, 0), m_model.index(i, 0));
    }
    QVERIFY(!m_view->isUpToDate());
    QTRY_VERIFY_WITH_TIMEOUT(m_view->isUpToDate(), WaitMs);
    QCOMPARE(m_view->aggregate(), before);
    QVERIFY(changed.size() <= 1);
}

QTEST_MAIN(tst_PipelineView)
#include "tst_pipelineview.moc"
