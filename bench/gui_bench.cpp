// pd-bench-gui: the desktop app's responsiveness and footprint, measured on the real MainWindow
// (QT_QPA_PLATFORM=offscreen). Run by bench/run-benchmarks.sh; prints "RESULT <name> <value>"
// lines.
//
//   pd-bench-gui --first-paint
//       The app's --demo start: the in-process emulator, the window, the first page. Prints
//       first_paint_epoch_ns (for the launcher's own clock) and first_paint_from_main_ms.
//   pd-bench-gui --endpoint URL [--expect N]
//       Against an emulator in another process (credentials from AWS_ACCESS_KEY_ID and
//       AWS_SECRET_ACCESS_KEY; no request rate cap): loads every page with the window's Load All
//       Pages while a 1 ms timer probes the event loop, then measures RSS per loaded
//       opportunity, client-side sorts of the loaded rows, and CSV exports of them.
//       PD_BENCH_TRACE=1 lists every event-loop stall over 16 ms of the GUI thread's own work.
//       --pipeline: with the pipeline charts shown instead of the table while the rows arrive
//       (counted off the GUI thread, redrawn a few times a second); pipeline_rows_counted.
//   pd-bench-gui --local-copy --endpoint URL [--expect N]
//       Fills a local copy in a temporary folder from the emulator (a first sync), then opens a
//       new window on it as the app starts: local_first_paint_ms (first rows painted),
//       local_all_rows_ms (every stored row in the table), the event loop's stalls meanwhile,
//       and a filter, a service sort and a column sort answered from the copy.

#include "awsclient.h"
#include "csvopportunityoutput.h"
#include "emulatorthread.h"
#include "filterpanel.h"
#include "localcopy.h"
#include "mainwindow.h"
#include "opportunityexporter.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitystoredb.h"
#include "opportunitytableview.h"
#include "pipelineview.h"
#include "storesync.h"

#include <QApplication>
#include <QBuffer>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <malloc.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

qint64 epochNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

/// Resident set size in bytes, from /proc/self/statm.
qint64 residentBytes()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QList<QByteArray> fields = statm.readAll().simplified().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : -1;
}

void result(const char *name, double value)
{
    std::printf("RESULT %s %.3f\n", name, value);
    std::fflush(stdout);
}

/// Records when the table's viewport is first painted with rows in it.
class FirstPaintProbe final : public QObject
{
public:
    FirstPaintProbe(QWidget *viewport, const QAbstractItemModel *model)
        : m_viewport(viewport), m_model(model)
    {
        viewport->installEventFilter(this);
    }
    bool painted() const { return m_paintedEpochNs > 0; }
    qint64 paintedEpochNs() const { return m_paintedEpochNs; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_viewport && event->type() == QEvent::Paint && m_model->rowCount() > 0
            && !m_pending) {
            // The paint event is handled right after this filter; the next turn of the event
            // loop sees it done.
            m_pending = true;
            QTimer::singleShot(0, this, [this] { m_paintedEpochNs = epochNs(); });
        }
        return false;
    }

private:
    QWidget *m_viewport = nullptr;
    const QAbstractItemModel *m_model = nullptr;
    bool m_pending = false;
    qint64 m_paintedEpochNs = 0;
};

/// Measures the gaps between the timeouts of a 1 ms timer: the event loop's stalls. Each gap
/// also gets the GUI thread's CPU time spent in it, which tells the app's own work from time
/// the operating system gave to other processes.
class StallProbe final : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, &StallProbe::tick);
    }
    void start()
    {
        m_clock.start();
        m_lastNs = m_clock.nsecsElapsed();
        m_lastCpuMs = threadCpuMs();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double longestGapMs() const { return m_longestGapMs; }
    double longestBusyMs() const { return m_longestBusyMs; }
    double gapCpuOfLongestMs() const { return m_gapCpuOfLongestMs; }
    int gapsOver16Ms() const { return m_over16; }
    int busyOver16Ms() const { return m_busyOver16; }
    qint64 ticks() const { return m_ticks; }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const double cpu = threadCpuMs();
        const double gapMs = double(now - m_lastNs) / 1e6;
        const double busyMs = cpu - m_lastCpuMs;
        if (gapMs > m_longestGapMs) {
            m_longestGapMs = gapMs;
            m_gapCpuOfLongestMs = busyMs;
        }
        m_longestBusyMs = std::max(m_longestBusyMs, busyMs);
        m_over16 += gapMs > 16.0;
        m_busyOver16 += busyMs > 16.0;
        if (busyMs > 16.0 && qEnvironmentVariableIsSet("PD_BENCH_TRACE")) {
            std::fprintf(stderr, "busy %.1f ms (gap %.1f) at %.3f s\n", busyMs, gapMs,
                         double(now) / 1e9);
        }
        ++m_ticks;
        m_lastNs = now;
        m_lastCpuMs = cpu;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    double m_lastCpuMs = 0;
    double m_longestGapMs = 0;
    double m_longestBusyMs = 0;
    double m_gapCpuOfLongestMs = 0;
    int m_over16 = 0;
    int m_busyOver16 = 0;
    qint64 m_ticks = 0;
};

/// Runs the event loop until `done()` holds or `timeoutMs` pass. Unlike spinUntil(), which
/// sleeps 10 ms between rounds of events, the loop never sleeps while events are pending, so
/// that the timings and the stall probe see the app's own pace.
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            loop.quit();
        }
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (done()) {
        return true;
    }
    poll.start();
    loop.exec();
    return done();
}

int firstPaint(qint64 mainEpochNs)
{
    Pd::Emulator::EmulatorThread demo;
    Pd::Gui::MainWindow window;
    FirstPaintProbe probe(window.tableView()->viewport(), window.model());
    QString problem;
    const Pd::Emulator::EmulatorOptions options;
    if (!demo.start(options, &problem)) {
        std::fprintf(stderr, "demo: %s\n", qPrintable(problem));
        return 1;
    }
    ClientConfig config;
    config.endpoint = demo.endpoint();
    config.region = options.region;
    window.setDemoMode(true);
    window.setConnection(config,
                         std::make_shared<StaticCredentialsProvider>(demo.credentials(), u"demo"_s),
                         u"Demo data"_s);
    window.show();
    if (!spinUntil([&probe] { return probe.painted(); }, 30000)) {
        std::fprintf(stderr, "no page was painted\n");
        return 1;
    }
    result("first_paint_epoch_ns", double(probe.paintedEpochNs()));
    result("first_paint_from_main_ms", double(probe.paintedEpochNs() - mainEpochNs) / 1e6);
    result("first_paint_rows", window.model()->rowCount());
    return 0;
}

int fullListing(const QUrl &endpoint, int expected, bool pipeline)
{
    AwsCredentials credentials;
    credentials.accessKeyId = qEnvironmentVariable("AWS_ACCESS_KEY_ID");
    credentials.secretAccessKey = qEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
    ClientConfig config;
    config.endpoint = endpoint;
    config.maxRequestsPerSecond = 0; // the emulator has no quota here: measure the client

    Pd::Gui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    if (pipeline) {
        window.showView(Pd::Gui::MainWindow::View::Pipeline);
    }
    OpportunityModel *model = window.model();
    QSignalSpy pages(model, &OpportunityModel::pageLoaded);
    window.setConnection(config,
                         std::make_shared<StaticCredentialsProvider>(credentials, u"bench"_s),
                         u"bench"_s);
    if (!spinUntil([&] { return !pages.isEmpty() && !model->isBusy(); }, 30000)) {
        std::fprintf(stderr, "the first page did not arrive\n");
        return 1;
    }
    // Settle: the window laid out and painted with its first page.
    spinUntil([] { return false; }, 300);
    malloc_trim(0);
    const qint64 rowsBefore = model->rowCount();
    const qint64 rssBefore = residentBytes();

    StallProbe stalls;
    QSignalSpy loaded(model, &OpportunityModel::loadAllFinished);
    // Follow the end of the table, as a user watching the rows arrive would.
    QTimer follow;
    follow.setInterval(100);
    QObject::connect(&follow, &QTimer::timeout, &window, [&window] {
        QScrollBar *bar = window.tableView()->verticalScrollBar();
        bar->setValue(bar->maximum());
    });
    QElapsedTimer loadTimer;
    loadTimer.start();
    const double cpuBefore = threadCpuMs();
    stalls.start();
    follow.start();
    model->loadAll();
    if (!spinUntil([&] { return !loaded.isEmpty(); }, 600000)) {
        std::fprintf(stderr, "loading every page did not finish\n");
        return 1;
    }
    follow.stop();
    spinUntil([] { return false; }, 200); // the last paints
    stalls.stop();
    const double loadMs = double(loadTimer.elapsed());
    const double loadCpuMs = threadCpuMs() - cpuBefore;
    const qint64 rows = model->rowCount();
    if (!loaded.first().at(0).toBool() || (expected > 0 && rows != expected)) {
        std::fprintf(stderr, "loaded %lld rows\n", rows);
        return 1;
    }
    {
        QWidget *viewport = window.tableView()->viewport();
        std::vector<double> paints;
        for (int i = 0; i < 20; ++i) {
            QScrollBar *bar = window.tableView()->verticalScrollBar();
            bar->setValue(bar->maximum() * (i + 1) / 21);
            QElapsedTimer t;
            t.start();
            viewport->repaint();
            paints.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::sort(paints.begin(), paints.end());
        result("viewport_paint_median_ms", paints[paints.size() / 2]);
        result("viewport_paint_max_ms", paints.back());
        result("visible_columns", window.tableView()->visibleColumns().size());
    }
    result("rows", double(rows));
    if (pipeline) {
        spinUntil([&window] { return window.pipelineView()->isUpToDate(); }, 30000);
        result("pipeline_rows_counted", double(window.pipelineView()->aggregate().count));
    }
    result("load_all_ms", loadMs);
    result("load_all_gui_thread_cpu_ms", loadCpuMs);
    result("stall_longest_gap_ms", stalls.longestGapMs());
    result("stall_longest_gap_cpu_ms", stalls.gapCpuOfLongestMs());
    result("stall_longest_busy_ms", stalls.longestBusyMs());
    result("stall_gaps_over_16ms", stalls.gapsOver16Ms());
    result("stall_busy_over_16ms", stalls.busyOver16Ms());
    result("stall_probe_ticks", double(stalls.ticks()));

    const qint64 rssAfter = residentBytes();
    malloc_trim(0);
    const qint64 rssTrimmed = residentBytes();
    result("rss_before_mb", double(rssBefore) / 1048576.0);
    result("rss_after_mb", double(rssAfter) / 1048576.0);
    result("rss_per_opportunity_bytes", double(rssAfter - rssBefore) / double(rows - rowsBefore));
    result("rss_per_opportunity_trimmed_bytes",
           double(rssTrimmed - rssBefore) / double(rows - rowsBefore));

    // Client-side sorts of every loaded row, each from an unsorted table (cold sort keys).
    Pd::Gui::OpportunityProxyModel *proxy = window.proxyModel();
    const struct
    {
        const char *name;
        OpportunityField field;
    } sorts[] = {
            {"sort_company_ms", OpportunityField::CompanyName},
            {"sort_last_modified_ms", OpportunityField::LastModifiedDate},
            {"sort_stage_ms", OpportunityField::Stage},
            {"sort_id_ms", OpportunityField::Id},
            {"sort_target_close_ms", OpportunityField::TargetCloseDate},
    };
    double slowest = 0;
    for (const auto &sort : sorts) {
        proxy->sort(-1);
        QElapsedTimer timer;
        timer.start();
        proxy->sort(OpportunityModel::columnOf(sort.field), Qt::AscendingOrder);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        result(sort.name, ms);
        slowest = std::max(slowest, ms);
    }
    result("sort_slowest_ms", slowest);
    proxy->sort(-1);

    // CSV of every loaded row: the writer alone (CsvOpportunityOutput over CsvWriter, the CLI's
    // and the exporter's), and the window's exporter to a file (chunked across event-loop turns).
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QElapsedTimer timer;
        timer.start();
        CsvOpportunityOutput output(&buffer);
        QList<OpportunitySummary> batch;
        batch.reserve(1000);
        bool ok = output.begin();
        for (int row = 0; ok && row < rows; ++row) {
            batch.append(model->summary(row));
            if (batch.size() == 1000 || row == rows - 1) {
                ok = output.writeSummaries(batch);
                batch.clear();
            }
        }
        ok = ok && output.finish(QString());
        result("csv_writer_ms", double(timer.nsecsElapsed()) / 1e6);
        result("csv_bytes", double(buffer.size()));
        if (!ok) {
            std::fprintf(stderr, "CSV writer failed\n");
            return 1;
        }
    }
    {
        QTemporaryDir dir;
        Pd::Gui::OpportunityExporter exporter(window.tableView());
        Pd::Gui::OpportunityExporter::Options options;
        options.path = dir.filePath(u"export.csv"_s);
        options.scope = Pd::Gui::OpportunityExporter::Scope::LoadedRows;
        QSignalSpy finished(&exporter, &Pd::Gui::OpportunityExporter::finished);
        StallProbe exportStalls;
        exportStalls.start();
        QElapsedTimer timer;
        timer.start();
        exporter.start(options);
        if (!spinUntil([&] { return !finished.isEmpty(); }, 120000)
            || exporter.state() != Pd::Gui::OpportunityExporter::State::Succeeded) {
            std::fprintf(stderr, "export failed: %s\n", qPrintable(exporter.errorString()));
            return 1;
        }
        result("csv_export_ms", double(timer.nsecsElapsed()) / 1e6);
        exportStalls.stop();
        result("csv_export_rows", exporter.rowsWritten());
        result("csv_export_longest_busy_ms", exportStalls.longestBusyMs());
    }
    return 0;
}

int localCopyStart(const QUrl &endpoint, int expected)
{
    AwsCredentials credentials;
    credentials.accessKeyId = qEnvironmentVariable("AWS_ACCESS_KEY_ID");
    credentials.secretAccessKey = qEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
    ClientConfig config;
    config.endpoint = endpoint;
    config.maxRequestsPerSecond = 0;
    const auto provider = std::make_shared<StaticCredentialsProvider>(credentials, u"bench"_s);
    QTemporaryDir dir;
    Pd::Gui::LocalCopy::Settings settings;
    settings.folder = dir.path();
    settings.schedule = Pd::Gui::LocalCopy::Schedule::ByHand;
    const StoreKey key = StoreKey::forConnection(config, provider.get(), QString(), u"AWS"_s);
    {
        OpportunityStoreDb store;
        QString error;
        if (!store.open(settings.pathFor(key), key, &error)) {
            std::fprintf(stderr, "store: %s\n", qPrintable(error));
            return 1;
        }
        AwsClient client(config, provider);
        StoreSync sync(&store, &client);
        QElapsedTimer timer;
        timer.start();
        sync.start();
        if (!spinUntil([&sync] { return !sync.isRunning(); }, 600000)
            || sync.status() != StoreSync::Status::Succeeded) {
            std::fprintf(stderr, "the first sync failed: %s\n", qPrintable(sync.errorString()));
            return 1;
        }
        result("local_first_sync_ms", double(timer.elapsed()));
        result("local_stored_rows", double(store.count()));
    }

    Pd::Gui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    spinUntil([] { return false; }, 300);
    window.useLocalCopy(settings);
    FirstPaintProbe probe(window.tableView()->viewport(), window.model());
    StallProbe stalls;
    stalls.start();
    const qint64 startNs = epochNs();
    window.setConnection(config, provider, u"bench"_s);
    Pd::Gui::LocalCopy *local = window.localCopy();
    if (!spinUntil([&probe] { return probe.painted(); }, 60000)) {
        std::fprintf(stderr, "no row was painted\n");
        return 1;
    }
    result("local_first_paint_ms", double(probe.paintedEpochNs() - startNs) / 1e6);
    if (!spinUntil([local] { return local->isOpen(); }, 60000)) {
        std::fprintf(stderr, "the local copy did not open\n");
        return 1;
    }
    result("local_all_rows_ms", double(epochNs() - startNs) / 1e6);
    spinUntil([] { return false; }, 200);
    stalls.stop();
    const int rows = window.model()->rowCount();
    result("local_rows", rows);
    if (expected > 0 && rows != expected) {
        std::fprintf(stderr, "the table holds %d rows\n", rows);
        return 1;
    }
    result("local_stall_longest_busy_ms", stalls.longestBusyMs());
    result("local_stall_busy_over_16ms", stalls.busyOver16Ms());
    result("local_stall_longest_gap_ms", stalls.longestGapMs());

    // Filters and a service sort, answered by the copy (OpportunityQuery over the store).
    Pd::Gui::FilterPanel *filters = window.filterPanel();
    ListOpportunitiesRequest request = Pd::Gui::FilterPanel::defaultRequest();
    request.lifeCycleStage = QStringList{u"Qualified"_s, u"Committed"_s};
    filters->setRequest(request);
    QElapsedTimer timer;
    StallProbe queryStalls;
    queryStalls.start();
    timer.start();
    filters->apply();
    spinUntil([local] { return !local->isQuerying(); }, 60000);
    result("local_filter_ms", double(timer.nsecsElapsed()) / 1e6);
    result("local_filter_rows", window.model()->rowCount());
    request = Pd::Gui::FilterPanel::defaultRequest();
    request.sort = OpportunitySort{u"CustomerCompanyName"_s, u"ASCENDING"_s};
    filters->setRequest(request);
    timer.start();
    filters->apply();
    spinUntil([local] { return !local->isQuerying(); }, 60000);
    result("local_service_sort_ms", double(timer.nsecsElapsed()) / 1e6);
    result("local_service_sort_rows", window.model()->rowCount());
    queryStalls.stop();
    result("local_query_stall_longest_busy_ms", queryStalls.longestBusyMs());
    timer.start();
    window.proxyModel()->sort(OpportunityModel::columnOf(OpportunityField::Stage));
    result("local_column_sort_ms", double(timer.nsecsElapsed()) / 1e6);
    timer.start();
    window.proxyModel()->setQuickFilter(u"labs"_s);
    result("local_quick_filter_ms", double(timer.nsecsElapsed()) / 1e6);
    return 0;
}

/// With PD_BENCH_TRACE, names every event that takes the GUI thread over 8 ms.
class TracingApplication final : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_trace) {
            return QApplication::notify(receiver, event);
        }
        const double cpu = threadCpuMs();
        const int depth = m_depth++;
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        const double spent = threadCpuMs() - cpu;
        if (spent > 8.0 && depth == 0) {
            std::fprintf(stderr, "event %d to %s (%s) took %.1f ms\n", int(event->type()),
                         receiver->metaObject()->className(), qPrintable(receiver->objectName()),
                         spent);
        }
        return handled;
    }

private:
    const bool m_trace = qEnvironmentVariableIsSet("PD_BENCH_TRACE");
    int m_depth = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    const qint64 mainEpochNs = epochNs();
    TracingApplication app(argc, argv);
    QApplication::setOrganizationName(u"PartnerDeskBench"_s);
    QApplication::setApplicationName(u"pd-bench-gui"_s);
    QStandardPaths::setTestModeEnabled(true); // no saved filters, columns or connection

    const QStringList args = QApplication::arguments();
    if (args.contains(u"--first-paint"_s)) {
        return firstPaint(mainEpochNs);
    }
    const qsizetype at = args.indexOf(u"--endpoint"_s);
    if (at < 0 || at + 1 >= args.size()) {
        std::fprintf(stderr, "usage: pd-bench-gui --first-paint | [--local-copy] --endpoint URL "
                             "[--expect N] [--pipeline]\n");
        return 64;
    }
    const qsizetype expectAt = args.indexOf(u"--expect"_s);
    const int expected
            = expectAt > 0 && expectAt + 1 < args.size() ? args.at(expectAt + 1).toInt() : 0;
    if (args.contains(u"--local-copy"_s)) {
        return localCopyStart(QUrl(args.at(at + 1)), expected);
    }
    return fullListing(QUrl(args.at(at + 1)), expected, args.contains(u"--pipeline"_s));
}
