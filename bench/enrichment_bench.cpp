// pd-bench-enrichment: the details side, against the emulator in this process (loopback,
// offscreen). Prints "RESULT <name> <value>" lines.
//
//   pane     Details of --pane-rows opportunities are fetched and kept in an SQLite local copy
//            (a temporary folder); then a DetailPane shows each of them in turn from a fresh
//            session on that file. pane_fill_ms_median / _max: setOpportunity() until every
//            section is filled (synchronously: kept answers never wait); pane_requests: the
//            requests sent meanwhile (0).
//   rate     EnrichmentQueue from scratch over N opportunities at R calls/s, the emulator's
//            quota at 2 R (as 10/s is to the default 5/s): enrich_<N>_at_<R>_seconds, the rate
//            bound N / R, their ratio, and the calls the emulator throttled.
//   changed  After the 500 are kept, 50 of them change (DatasetChurn) and the queue runs over
//            the new listing again: changed_calls (50 expected).
//
// Usage: pd-bench-enrichment [--pane-rows N] [--skip-rate]

#include "awsclient.h"
#include "detailpane.h"
#include "detailsections.h"
#include "detailsloader.h"
#include "emulatorserver.h"
#include "enrichmentqueue.h"
#include "listopportunitiescall.h"
#include "opportunitydetailsstore.h"
#include "opportunitystoredb.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

namespace {

void result(const char *name, double value)
{
    std::printf("RESULT %s %.4f\n", name, value);
    std::fflush(stdout);
}

/// Runs the event loop until `done()` or `timeoutMs`.
template<typename Predicate>
bool waitFor(Predicate done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return done();
}

struct Service
{
    EmulatorServer server;
    std::unique_ptr<AwsClient> client;
    int sent = 0;
    int throttled = 0;

    bool start(int count, double quota, double clientRate)
    {
        EmulatorOptions options;
        options.secretKey = u"enrichment-bench"_s;
        options.count = count;
        options.sandboxCount = 0;
        options.rateLimit = quota;
        QString problem;
        if (!server.start(options, &problem)) {
            std::fprintf(stderr, "emulator: %s\n", qPrintable(problem));
            return false;
        }
        QObject::connect(&server, &EmulatorServer::requestServed, &server,
                         [this](int status) { throttled += status == 200 ? 0 : 1; });
        ClientConfig config;
        config.endpoint = server.endpoint();
        config.maxRequestsPerSecond = clientRate;
        client = std::make_unique<AwsClient>(
                config, std::make_shared<StaticCredentialsProvider>(server.credentials(), u"b"_s));
        QObject::connect(client.get(), &AwsClient::requestSent, client.get(), [this] { ++sent; });
        return true;
    }

    QList<OpportunitySummary> list()
    {
        QList<OpportunitySummary> rows;
        ListOpportunitiesRequest request;
        request.catalog = u"AWS"_s;
        request.maxResults = 100;
        for (;;) {
            ListOpportunitiesCall call(client.get(), request);
            bool finished = false;
            QObject::connect(&call, &OperationCall::finished, [&finished] { finished = true; });
            call.start();
            waitFor([&finished] { return finished; }, 60000);
            rows += call.response().opportunitySummaries;
            if (call.response().nextToken.isEmpty()) {
                return rows;
            }
            request.nextToken = call.response().nextToken;
        }
    }
};

QList<EnrichmentQueue::Row> rowsOf(const QList<OpportunitySummary> &summaries)
{
    QList<EnrichmentQueue::Row> rows;
    for (const OpportunitySummary &s : summaries) {
        rows.append({s.id, s.lastModifiedDate});
    }
    return rows;
}

void paneBench(int paneRows)
{
    Service service;
    if (!service.start(paneRows, 0, 0)) {
        return;
    }
    const QList<OpportunitySummary> summaries = service.list();
    QTemporaryDir dir;
    OpportunityStoreDb db;
    QString error;
    if (!db.open(dir.filePath(u"bench.sqlite"_s),
                 StoreKey{u"AKID"_s, service.server.endpoint().toString(), u"AWS"_s}, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return;
    }
    {
        OpportunityDetailsStore kept;
        kept.setStore(&db);
        DetailsLoader fetcher(&kept);
        fetcher.setClient(service.client.get());
        fetcher.setDebounceMs(0);
        for (const OpportunitySummary &s : summaries) {
            bool details = false;
            bool aws = false;
            const auto a = QObject::connect(&fetcher, &DetailsLoader::detailsReady,
                                            [&details] { details = true; });
            const auto b = QObject::connect(&fetcher, &DetailsLoader::awsSummaryReady,
                                            [&aws] { aws = true; });
            fetcher.show(s.id, s.lastModifiedDate);
            waitFor([&] { return details && aws; }, 10000);
            QObject::disconnect(a);
            QObject::disconnect(b);
        }
    }
    // A new session: the titles and owners of every kept answer, for the table.
    QElapsedTimer briefsTimer;
    briefsTimer.start();
    OpportunityDetailsStore kept;
    kept.setStore(&db);
    const double briefsMs = double(briefsTimer.nsecsElapsed()) / 1e6;
    result("briefs_loaded", double(kept.briefCount()));
    result("briefs_load_us_per_answer",
           briefsMs * 1000 / double(std::max<qsizetype>(1, kept.briefCount())));
    DetailsLoader loader(&kept);
    loader.setClient(service.client.get());
    Pd::Gui::DetailPane pane;
    pane.setDetailsLoader(&loader);
    pane.resize(520, 900);
    pane.show();
    const int sentBefore = service.sent;
    std::vector<double> ms;
    int filled = 0;
    for (const OpportunitySummary &s : summaries) {
        QElapsedTimer timer;
        timer.start();
        pane.setOpportunity(s);
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        filled += pane.sections()->valueText(u"detailsStatus"_s).isEmpty() ? 1 : 0;
        QCoreApplication::processEvents(); // paint, as between two key presses
    }
    waitFor([] { return false; }, loader.debounceMs() + 300); // a call would be sent by now
    std::sort(ms.begin(), ms.end());
    result("pane_rows", double(ms.size()));
    result("pane_filled_from_store", filled);
    result("pane_fill_ms_median", ms[ms.size() / 2]);
    result("pane_fill_ms_p95", ms[ms.size() * 95 / 100]);
    result("pane_fill_ms_max", ms.back());
    result("pane_requests", service.sent - sentBefore);
}

void rateBench(int count, double rate, bool changed)
{
    Service service;
    if (!service.start(count, 2 * rate, 2 * rate)) {
        return;
    }
    const QList<OpportunitySummary> summaries = service.list();
    OpportunityDetailsStore kept;
    EnrichmentQueue queue(&kept, nullptr);
    queue.setCallsPerSecond(rate);
    bool idle = false;
    QObject::connect(&queue, &EnrichmentQueue::idle, [&idle] { idle = true; });
    const int throttledBefore = service.throttled;
    QElapsedTimer timer;
    timer.start();
    queue.setRows(rowsOf(summaries));
    queue.setClient(service.client.get());
    waitFor([&idle] { return idle; }, int(count / rate * 1000 * 2 + 10000));
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double bound = double(count) / rate;
    const QByteArray prefix
            = "enrich_" + QByteArray::number(count) + "_at_" + QByteArray::number(rate) + "_";
    result((prefix + "seconds").constData(), seconds);
    result((prefix + "bound_seconds").constData(), bound);
    result((prefix + "ratio_to_bound").constData(), seconds / bound);
    result((prefix + "calls").constData(), queue.callsStarted());
    result((prefix + "throttled").constData(), service.throttled - throttledBefore);
    if (!changed) {
        return;
    }
    const ChurnResult churn = service.server.churn(u"AWS"_s, ChurnStep{50, 0, 0});
    const int callsBefore = queue.callsStarted();
    idle = false;
    queue.setRows(rowsOf(service.list()));
    waitFor([&idle] { return idle; }, 60000);
    result("changed_opportunities", double(churn.modifiedIds.size()));
    result("changed_calls", queue.callsStarted() - callsBefore);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int paneRows = 200;
    bool skipRate = false;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == "--pane-rows"_L1 && i + 1 < args.size()) {
            paneRows = std::max(1, args.at(++i).toInt());
        } else if (args.at(i) == "--skip-rate"_L1) {
            skipRate = true;
        }
    }
    paneBench(paneRows);
    if (!skipRate) {
        rateBench(100, 5, false);
        rateBench(500, 50, true);
    }
    return 0;
}
