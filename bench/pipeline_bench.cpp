// pd-bench-pipeline: wall time of the pipeline aggregate (PipelineAggregate::compute: every
// section) over the emulator's generated dataset, as the CLI and the charts compute it, and of
// the day-dependent step alone (PipelineTally::aggregate over a filled tally); wall and
// thread CPU time (the machine may be busy); and the GUI thread's share of the pipeline view,
// rebuilding a batch of 2,000 rows from the table model's compact rows for its worker. Prints
// "RESULT <name> <value>" lines with the medians and maxima of several runs.
//
// Usage: pd-bench-pipeline [--runs N] [--rows N]

#include "datasetgenerator.h"
#include "opportunityrows.h"
#include "pipelineaggregate.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

/// CPU time of this thread: the figure a loaded machine does not inflate.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

int option(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int runs = std::max(1, option(app.arguments(), u"--runs"_s, 9));
    const int total = std::max(1, option(app.arguments(), u"--rows"_s, 100000));

    const Pd::Emulator::DatasetGenerator generator(1, u"us-east-1"_s, u"123456789012"_s);
    QList<OpportunitySummary> summaries;
    summaries.reserve(total);
    for (int i = 0; i < total; ++i) {
        summaries.append(generator.summary(u"AWS"_s, i));
    }
    const QDate today(2026, 8, 1);

    std::vector<double> computeMs;
    std::vector<double> computeCpuMs;
    std::vector<double> finishMs;
    qint64 check = 0;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = threadCpuMs();
        const PipelineAggregate aggregate = PipelineAggregate::compute(summaries, today);
        computeCpuMs.push_back(threadCpuMs() - cpuStart);
        computeMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        check += aggregate.count;

        PipelineTally tally;
        tally.add(summaries);
        timer.start();
        check += tally.aggregate(today).count;
        finishMs.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    // The GUI thread's share of the pipeline view: rebuilding a batch of rows from the table
    // model's compact store for the worker (PipelineView::BatchRows, 2,000 at a time).
    constexpr int BatchRows = 2000;
    OpportunityRows store;
    store.append(summaries);
    std::vector<double> batchMs;
    for (qsizetype first = 0; first < store.size(); first += BatchRows) {
        QElapsedTimer timer;
        timer.start();
        QList<OpportunitySummary> batch;
        batch.reserve(BatchRows);
        for (qsizetype row = first; row < std::min<qsizetype>(store.size(), first + BatchRows);
             ++row) {
            batch.append(store.at(row));
        }
        batchMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        check += batch.size();
    }

    std::printf("rows %d, runs %d, checksum %lld\n", total, runs, static_cast<long long>(check));
    std::printf("RESULT pipeline_aggregate_ms_median %.2f\n", median(computeMs));
    std::printf("RESULT pipeline_aggregate_ms_max %.2f\n",
                *std::max_element(computeMs.begin(), computeMs.end()));
    std::printf("RESULT pipeline_aggregate_ms_min %.2f\n",
                *std::min_element(computeMs.begin(), computeMs.end()));
    std::printf("RESULT pipeline_aggregate_cpu_ms_median %.2f\n", median(computeCpuMs));
    std::printf("RESULT pipeline_gui_batch_ms_median %.2f\n", median(batchMs));
    std::printf("RESULT pipeline_gui_batch_ms_max %.2f\n",
                *std::max_element(batchMs.begin(), batchMs.end()));
    std::printf("RESULT pipeline_buckets_ms_median %.3f\n", median(finishMs));
    return 0;
}
