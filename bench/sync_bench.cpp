// pd-bench-sync: the local copy against the emulator in this process (its own thread), on
// loopback: a full sync of N opportunities into a new store, its size on disk per opportunity,
// incremental syncs that each find 100 modified opportunities (a churn step before each), and
// answering a listing of all N from the store (OpportunityStoreDb::query). Prints
// "RESULT <name> <value>" lines, medians where runs repeat.
//
// Usage: pd-bench-sync [--count N] [--runs N] [--work DIR]

#include "awsclient.h"
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "opportunitystoredb.h"
#include "storesync.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

const QString AccessKey = u"AKIDPARTNERDESKBENCH"_s;
const QString SecretKey = u"bench-secret"_s;

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

int option(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

/// One sync to its end; false when it did not succeed.
bool sync(OpportunityStoreDb *store, AwsClient *client, SyncMode mode, SyncReport *report,
          double *wallMs)
{
    StoreSync job(store, client);
    job.setMode(mode);
    QEventLoop loop;
    QObject::connect(&job, &StoreSync::finished, &loop, &QEventLoop::quit);
    QElapsedTimer timer;
    timer.start();
    job.start();
    if (job.isRunning()) {
        loop.exec();
    }
    *wallMs = double(timer.nsecsElapsed()) / 1e6;
    *report = job.report();
    if (job.status() != StoreSync::Status::Succeeded) {
        std::fprintf(stderr, "sync failed: %s\n", qPrintable(job.errorString()));
        return false;
    }
    return true;
}

qint64 storeBytes(const QString &path)
{
    qint64 bytes = 0;
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        bytes += QFileInfo(path + suffix).size();
    }
    return bytes;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int count = std::max(1000, option(args, u"--count"_s, 100000));
    const int runs = std::max(1, option(args, u"--runs"_s, 5));
    const qsizetype workAt = args.indexOf(u"--work"_s);
    QTemporaryDir scratch(workAt >= 0 && workAt + 1 < args.size()
                                  ? args.at(workAt + 1) + u"/pd-bench-sync-XXXXXX"_s
                                  : QDir::tempPath() + u"/pd-bench-sync-XXXXXX"_s);

    Pd::Emulator::EmulatorOptions options;
    options.accessKey = AccessKey;
    options.secretKey = SecretKey;
    options.count = count;
    options.sandboxCount = 0;
    Pd::Emulator::EmulatorThread emulator;
    QString error;
    if (!emulator.start(options, &error)) {
        std::fprintf(stderr, "emulator: %s\n", qPrintable(error));
        return 1;
    }
    ClientConfig config;
    config.endpoint = emulator.endpoint();
    config.maxRequestsPerSecond = 0;
    AwsCredentials credentials;
    credentials.accessKeyId = AccessKey;
    credentials.secretAccessKey = SecretKey;
    AwsClient client(config, std::make_shared<StaticCredentialsProvider>(credentials, u"bench"_s));

    const QString path = scratch.filePath(u"store.sqlite"_s);
    const StoreKey key{AccessKey, emulator.endpoint().toString(), u"AWS"_s};
    SyncReport report;
    double fullMs = 0;
    {
        OpportunityStoreDb store;
        if (!store.open(path, key, &error)
            || !sync(&store, &client, SyncMode::Full, &report, &fullMs)) {
            std::fprintf(stderr, "full sync: %s\n", qPrintable(error));
            return 1;
        }
        if (report.record.newCount != count) {
            std::fprintf(stderr, "full sync stored %lld of %d\n",
                         static_cast<long long>(report.record.newCount), count);
            return 1;
        }
    }
    std::printf("RESULT sync_count %d\n", count);
    std::printf("RESULT full_sync_ms %.1f\n", fullMs);
    std::printf("RESULT full_sync_requests %d\n", report.record.requests);
    // Closed: the WAL is checkpointed into the file.
    std::printf("RESULT store_bytes_per_opportunity %.0f\n", double(storeBytes(path)) / count);

    OpportunityStoreDb store;
    if (!store.open(path, key, &error)) {
        std::fprintf(stderr, "open: %s\n", qPrintable(error));
        return 1;
    }
    std::vector<double> incrementalMs;
    std::vector<double> incrementalRequests;
    for (int run = 0; run < runs; ++run) {
        emulator.churn(u"AWS"_s, {100, 0, 0});
        double ms = 0;
        if (!sync(&store, &client, SyncMode::Incremental, &report, &ms)) {
            return 1;
        }
        if (report.record.changedCount != 100) {
            std::fprintf(stderr, "incremental sync found %lld changed, not 100\n",
                         static_cast<long long>(report.record.changedCount));
            return 1;
        }
        incrementalMs.push_back(ms);
        incrementalRequests.push_back(report.record.requests);
    }
    std::printf("RESULT incremental_100_ms %.1f\n", median(incrementalMs));
    std::printf("RESULT incremental_100_ms_max %.1f\n",
                *std::max_element(incrementalMs.begin(), incrementalMs.end()));
    std::printf("RESULT incremental_100_requests_max %.0f\n",
                *std::max_element(incrementalRequests.begin(), incrementalRequests.end()));

    std::vector<double> queryMs;
    for (int run = 0; run < runs; ++run) {
        ListOpportunitiesRequest request;
        request.catalog = u"AWS"_s;
        QList<OpportunitySummary> rows;
        QElapsedTimer timer;
        timer.start();
        if (!store.query(request, &rows, &error) || rows.size() != count) {
            std::fprintf(stderr, "query: %s\n", qPrintable(error));
            return 1;
        }
        queryMs.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("RESULT query_all_ms %.1f\n", median(queryMs));
    return 0;
}
