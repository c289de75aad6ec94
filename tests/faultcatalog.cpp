#include "faultcatalog.h"

#include "emulatorserver.h"
#include "opportunitymodel.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

namespace Pd::Emulator::FaultCatalog {

const QList<Fault> &faults()
{
    static const QList<Fault> all{
            {"throttling 429", [](EmulatorOptions &o) { o.throttleEvery = 3; }},
            {"throttling 400",
             [](EmulatorOptions &o) {
                 o.throttleEvery = 3;
                 o.throttleStatus = 400;
             }},
            {"internal errors 500", [](EmulatorOptions &o) { o.errorEvery = 4; }},
            {"dropped connections", [](EmulatorOptions &o) { o.dropEvery = 5; }},
            {"latency spikes",
             [](EmulatorOptions &o) {
                 o.spikeEvery = 3;
                 o.spikeMs = 300;
             }},
            {"short pages", [](EmulatorOptions &o) { o.shortPages = true; }},
            {"trailing empty page", [](EmulatorOptions &o) { o.trailingEmptyPage = true; }},
            {"explicit nulls", [](EmulatorOptions &o) { o.explicitNulls = true; }},
            {"escaped non-ASCII", [](EmulatorOptions &o) { o.asciiJson = true; }},
            {"bare __type, throttled",
             [](EmulatorOptions &o) {
                 o.bareErrorTypes = true;
                 o.throttleEvery = 4;
             }},
            {"no x-amzn-ErrorType, errors",
             [](EmulatorOptions &o) {
                 o.errorTypeHeader = false;
                 o.errorEvery = 4;
                 o.throttleEvery = 5;
                 o.throttleStatus = 400;
             }},
            {"server clock 15 min ahead", [](EmulatorOptions &o) { o.clockSkewS = 900; }},
            {"server clock 20 min behind", [](EmulatorOptions &o) { o.clockSkewS = -1200; }},
            {"other catalog denied",
             [](EmulatorOptions &o) { o.deniedCatalogs = QStringList{u"Sandbox"_s}; }},
            {"all together",
             [](EmulatorOptions &o) {
                 o.throttleEvery = 7;
                 o.throttleStatus = 400;
                 o.errorEvery = 11;
                 o.dropEvery = 13;
                 o.spikeEvery = 5;
                 o.spikeMs = 200;
                 o.latencyMs = 5;
                 o.shortPages = true;
                 o.trailingEmptyPage = true;
                 o.explicitNulls = true;
                 o.asciiJson = true;
                 o.bareErrorTypes = true;
                 o.errorTypeHeader = false;
                 o.clockSkewS = 900;
                 o.deniedCatalogs = QStringList{u"Sandbox"_s};
             }},
    };
    return all;
}

const QList<int> &callFaults()
{
    static const QList<int> indexes = [] {
        const QList<QByteArrayView> names{"throttling 429",      "internal errors 500",
                                          "dropped connections", "latency spikes",
                                          "trailing empty page", "all together"};
        QList<int> found;
        for (qsizetype i = 0; i < faults().size(); ++i) {
            if (names.contains(QByteArrayView(faults().at(i).name))) {
                found.append(int(i));
            }
        }
        Q_ASSERT(found.size() == names.size());
        return found;
    }();
    return indexes;
}

void addFaultRows()
{
    QTest::addColumn<int>("fault");
    for (qsizetype i = 0; i < faults().size(); ++i) {
        QTest::newRow(faults().at(i).name) << int(i);
    }
}

void addMidPageRows()
{
    QTest::addColumn<int>("fault");
    QTest::newRow("latency only") << -1;
    for (int i : callFaults()) {
        QTest::newRow(faults().at(i).name) << i;
    }
}

EmulatorOptions baseOptions()
{
    EmulatorOptions options;
    options.accessKey = u"AKIDFAULTMATRIX"_s;
    options.secretKey = u"fault-matrix-secret"_s;
    options.count = Count;
    options.sandboxCount = 10;
    options.seed = 5;
    return options;
}

Core::ClientConfig clientConfig(const QUrl &endpoint)
{
    Core::ClientConfig config;
    config.endpoint = endpoint;
    config.retry.maxAttempts = MaxAttempts;
    config.retry.throttlingBaseMs = 5;
    config.retry.transientBaseMs = 5;
    config.retry.maxBackoffMs = 20;
    config.transferTimeoutMs = 5000;
    return config;
}

bool waitForPageInFlight(const Core::OpportunityModel &model, const EmulatorServer &server,
                         int minRows, int timeoutMs)
{
    // In flight: the server holds a request it has not answered, while the model, busy, shows
    // exactly the rows of its last page. (The lister sends the next page before it hands on
    // the rows of this one, so a request count taken at pageLoaded() tells nothing alone.)
    int rowsAtPage = -1;
    int served = 0;
    const int before = server.requestCount();
    const QMetaObject::Connection pages
            = QObject::connect(&model, &Core::OpportunityModel::pageLoaded, &model,
                               [&](int first, int count) { rowsAtPage = first + count; });
    const QMetaObject::Connection answers = QObject::connect(
            &server, &EmulatorServer::requestServed, &model, [&](int) { ++served; });
    const bool inFlight = QTest::qWaitFor(
            [&] {
                return rowsAtPage >= minRows && model.rowCount() == rowsAtPage && model.isBusy()
                       && server.requestCount() > before + served;
            },
            timeoutMs);
    QObject::disconnect(pages);
    QObject::disconnect(answers);
    return inFlight;
}

bool atMostOneUnanswered(const QString &logFile, int received)
{
    return atMostUnanswered(logFile, received, 1);
}

bool atMostUnanswered(const QString &logFile, int received, int calls)
{
    QFile file(logFile);
    if (!file.open(QIODevice::ReadOnly)) {
        return false;
    }
    const auto answered = int(file.readAll().count('\n')); // one line per answered request
    return answered <= received && answered >= received - calls;
}

} // namespace Pd::Emulator::FaultCatalog
