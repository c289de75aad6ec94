#include "awsclient.h"
#include "emulatorserver.h"
#include "httpclient.h"
#include "opportunitylister.h"
#include "requestratelimiter.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;

Q_DECLARE_METATYPE(Pd::Core::ListOpportunitiesRequest)
Q_DECLARE_METATYPE(Pd::Core::ApiError::Kind)

namespace {

constexpr int WaitMs = 30000;

EmulatorOptions emulatorOptions(int count = 1500)
{
    EmulatorOptions options;
    options.count = count;
    options.sandboxCount = 40;
    options.seed = 11;
    return options;
}

ListOpportunitiesRequest query(const QString &sortBy = u"LastModifiedDate"_s,
                               const QString &sortOrder = u"DESCENDING"_s, int pageSize = 50)
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.maxResults = pageSize;
    request.sort = OpportunitySort{sortBy, sortOrder};
    return request;
}

QDateTime utc(const char *text)
{
    return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODateWithMs);
}

/// An emulator on the test's thread, a client for it, and what the emulator saw.
struct Fixture
{
    explicit Fixture(EmulatorOptions options = emulatorOptions(), double maxRps = 0,
                     int maxAttempts = 3)
    {
        QString error;
        started = server.start(options, &error);
        if (!started) {
            qWarning("emulator: %s", qPrintable(error));
            return;
        }
        clock.start();
        QObject::connect(&server, &EmulatorServer::requestServed, &server, [this](int status) {
            served.append(clock.elapsed());
            statuses.append(status);
            bodies.append(server.lastRequestBody());
        });
        ClientConfig config;
        config.endpoint = server.endpoint();
        config.maxRequestsPerSecond = maxRps;
        config.retry.maxAttempts = maxAttempts;
        config.retry.throttlingBaseMs = 20;
        config.retry.transientBaseMs = 5;
        config.retry.maxBackoffMs = 50;
        config.transferTimeoutMs = 10000;
        client = std::make_unique<AwsClient>(config, std::make_shared<StaticCredentialsProvider>(
                                                             server.credentials(), u"test"_s));
    }

    /// Lists `request` to the end; returns the Ids in the order they came out.
    QStringList list(const ListOpportunitiesRequest &request, int maxConcurrency,
                     OpportunityLister **listerOut = nullptr)
    {
        lister = std::make_unique<OpportunityLister>(client.get());
        lister->setRequest(request);
        lister->setMaxConcurrency(maxConcurrency);
        QStringList ids;
        QObject::connect(lister.get(), &OpportunityLister::rowsReady, lister.get(),
                         [&ids, this](const QList<OpportunitySummary> &rows) {
                             ++batches;
                             // The connection is busy again when the next page is on its way.
                             const HttpClient *http = client->httpClient();
                             nextPageInFlight.append(http->connectionCount() > 0
                                                     && http->idleConnectionCount() == 0);
                             for (const OpportunitySummary &row : rows) {
                                 ids.append(row.id);
                             }
                         });
        QSignalSpy finished(lister.get(), &OpportunityLister::finished);
        lister->start();
        if (!finished.wait(WaitMs)) {
            qWarning("the listing did not finish");
        }
        if (listerOut) {
            *listerOut = lister.get();
        }
        return ids;
    }

    int throttledResponses() const
    {
        return int(std::count_if(statuses.cbegin(), statuses.cend(),
                                 [](int status) { return status != 200; }));
    }

    EmulatorServer server;
    std::unique_ptr<AwsClient> client;
    std::unique_ptr<OpportunityLister> lister;
    QElapsedTimer clock;
    QList<qint64> served; ///< ms since the fixture started, per response
    QList<int> statuses;
    QList<QByteArray> bodies;
    int batches = 0;
    QList<bool> nextPageInFlight; ///< per batch of rows: was the next page requested already
    bool started = false;
};

bool hasDuplicates(const QStringList &ids)
{
    return QSet<QString>(ids.cbegin(), ids.cend()).size() != ids.size();
}

} // namespace

class tst_OpportunityLister : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void partitioned_sameRowsInSameOrderAsSequential_data();
    void partitioned_sameRowsInSameOrderAsSequential();
    void sequential_pagesTheQueryItself();
    void smallListing_endsAfterTheFirstPage();
    void quickService_notSliced_data();
    void quickService_notSliced();
    void partitioned_streamsRowsBeforeTheEnd();
    void partitioned_neverMoreCallsInFlightThanAllowed();
    void partitioned_keepsSlicesWithinTheQueryFilter();
    void rateLimit_requestsPerSecondAtTheService();
    void throttling_retriedAndRateHalved();
    void failingSlice_failsListingWithTypedError_data();
    void failingSlice_failsListingWithTypedError();
    void cancel_abortsEveryCall();
    void invalidRequest_refusedWithoutSending();
};

void tst_OpportunityLister::initTestCase()
{
    qRegisterMetaType<Pd::Core::ApiError>();
}

void tst_OpportunityLister::partitioned_sameRowsInSameOrderAsSequential_data()
{
    QTest::addColumn<ListOpportunitiesRequest>("request");
    QTest::addColumn<int>("concurrency");

    for (const QString &key : Model::sortKeys()) {
        for (const QString &order : Model::sortOrders()) {
            QTest::addRow("%s %s", qPrintable(key), qPrintable(order)) << query(key, order) << 4;
        }
    }
    ListOpportunitiesRequest defaultSort = query();
    defaultSort.sort.reset();
    QTest::newRow("no Sort (service default)") << defaultSort << 4;
    QTest::newRow("3 calls, page size 100")
            << query(u"LastModifiedDate"_s, u"ASCENDING"_s, 100) << 3;
    QTest::newRow("8 calls, page size 17")
            << query(u"LastModifiedDate"_s, u"DESCENDING"_s, 17) << 8;
    QTest::newRow("2 calls, merged") << query(u"CustomerCompanyName"_s, u"ASCENDING"_s) << 2;

    ListOpportunitiesRequest stages = query(u"Identifier"_s, u"DESCENDING"_s);
    stages.lifeCycleStage = QStringList{u"Qualified"_s, u"Committed"_s, u"Launched"_s};
    QTest::newRow("stage filter, merged") << stages << 4;

    ListOpportunitiesRequest window = query();
    window.lastModifiedDate.after = utc("2025-06-01T00:00:00Z");
    window.lastModifiedDate.before = utc("2026-02-01T12:30:00.500Z");
    QTest::newRow("LastModifiedDate filter, concatenated") << window << 4;
    window.sort = OpportunitySort{u"TargetCloseDate"_s, u"ASCENDING"_s};
    QTest::newRow("LastModifiedDate filter, merged") << window << 4;

    ListOpportunitiesRequest after = query(u"LastModifiedDate"_s, u"ASCENDING"_s);
    after.lastModifiedDate.after = utc("2026-01-01T00:00:00Z");
    QTest::newRow("open-ended LastModifiedDate filter") << after << 4;

    ListOpportunitiesRequest created = query(u"CreatedDate"_s, u"DESCENDING"_s);
    created.createdDate.after = utc("2024-01-01T00:00:00Z");
    created.lifeCycleReviewStatus = QStringList{u"Approved"_s, u"Submitted"_s, u"In review"_s};
    QTest::newRow("created and review filters, merged") << created << 4;

    ListOpportunitiesRequest company = query(u"CustomerCompanyName"_s, u"DESCENDING"_s);
    company.customerCompanyName = QStringList{u"a"_s};
    QTest::newRow("company filter, merged") << company << 4;

    ListOpportunitiesRequest close = query();
    close.targetCloseDate.after = u"2026-01-01"_s;
    QTest::newRow("target close filter, concatenated") << close << 4;
}

void tst_OpportunityLister::partitioned_sameRowsInSameOrderAsSequential()
{
    QFETCH(ListOpportunitiesRequest, request);
    QFETCH(int, concurrency);
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 20; // slices only pay off while calls wait on the network
    Fixture f(options);
    QVERIFY(f.started);
    const QStringList expected = f.server.matchingIds(request);
    QVERIFY2(expected.size() > 3 * request.maxResults.value_or(20),
             "the query should need several pages");

    OpportunityLister *lister = nullptr;
    const QStringList sequential = f.list(request, 1, &lister);
    QVERIFY(!lister->error().isError());
    QCOMPARE(sequential, expected);

    const QStringList partitioned = f.list(request, concurrency, &lister);
    QVERIFY2(!lister->error().isError(), qPrintable(lister->error().summary()));
    QVERIFY(!hasDuplicates(partitioned));
    QCOMPARE(partitioned.size(), expected.size());
    QCOMPARE(partitioned, expected);
    QCOMPARE(lister->rowCount(), expected.size());
    QVERIFY(lister->sliceCount() > 1);
}

void tst_OpportunityLister::sequential_pagesTheQueryItself()
{
    Fixture f;
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query(u"Identifier"_s, u"ASCENDING"_s, 100);
    OpportunityLister *lister = nullptr;
    const QStringList ids = f.list(request, 1, &lister);
    QCOMPARE(ids, f.server.matchingIds(request));
    QCOMPARE(lister->pageCount(), 15);
    QCOMPARE(lister->requestCount(), 15);
    QCOMPARE(lister->sliceCount(), 1);
    QCOMPARE(f.bodies.size(), 15);
    // Each page but the last is handed on with the request for the next one already sent.
    QList<bool> expectedInFlight(14, true);
    expectedInFlight.append(false);
    QCOMPARE(f.nextPageInFlight, expectedInFlight);
    for (const QByteArray &body : std::as_const(f.bodies)) {
        const QJsonObject json = QJsonDocument::fromJson(body).object();
        QVERIFY(!json.contains(u"LastModifiedDate"));
        QCOMPARE(json.value(u"MaxResults").toInt(), 100);
    }
}

void tst_OpportunityLister::smallListing_endsAfterTheFirstPage()
{
    Fixture f;
    QVERIFY(f.started);
    ListOpportunitiesRequest request = query(u"CustomerCompanyName"_s, u"ASCENDING"_s, 100);
    request.identifier = f.server.matchingIds(query()).mid(100, 15);
    OpportunityLister *lister = nullptr;
    const QStringList ids = f.list(request, 4, &lister);
    QCOMPARE(ids, f.server.matchingIds(request));
    QCOMPARE(ids.size(), 15);
    QCOMPARE(lister->sliceCount(), 1);
    QVERIFY2(lister->requestCount() <= 3, QByteArray::number(lister->requestCount()));
}

void tst_OpportunityLister::quickService_notSliced_data()
{
    QTest::addColumn<QString>("sortBy");
    QTest::newRow("concatenated") << u"LastModifiedDate"_s;
    QTest::newRow("merged") << u"CustomerCompanyName"_s;
}

void tst_OpportunityLister::quickService_notSliced()
{
    // Answers within a millisecond or two: more slices would only hold rows back.
    QFETCH(QString, sortBy);
    Fixture f;
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query(sortBy, u"ASCENDING"_s, 100);
    OpportunityLister *lister = nullptr;
    // The premise holds only where the emulator answers within the lister's 8 ms a slice: a
    // Debug build under AddressSanitizer takes tens of milliseconds a page, and slicing is right.
    QCOMPARE(f.list(request, 1, &lister), f.server.matchingIds(request));
    const qint64 msPerCall = lister->elapsedMs() / std::max(1, lister->requestCount());
    if (msPerCall >= 8) {
        QSKIP(qPrintable(u"the emulator takes %1 ms a page in this build"_s.arg(msPerCall)));
    }
    QCOMPARE(f.list(request, 4, &lister), f.server.matchingIds(request));
    QVERIFY2(lister->requestCount() <= 15 + 2, QByteArray::number(lister->requestCount()));
    QCOMPARE(lister->sliceCount(), sortBy == "LastModifiedDate"_L1 ? 2 : 1);
}

void tst_OpportunityLister::partitioned_streamsRowsBeforeTheEnd()
{
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 20;
    Fixture f(options);
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query();
    auto lister = std::make_unique<OpportunityLister>(f.client.get());
    lister->setRequest(request);
    QList<qint64> rowsAtBatch;
    qint64 rows = 0;
    connect(lister.get(), &OpportunityLister::rowsReady, this,
            [&](const QList<OpportunitySummary> &batch) {
                rows += batch.size();
                rowsAtBatch.append(rows);
            });
    QSignalSpy progress(lister.get(), &OpportunityLister::progress);
    QSignalSpy finished(lister.get(), &OpportunityLister::finished);
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(rows, qint64(f.server.matchingIds(request).size()));
    QVERIFY2(rowsAtBatch.size() >= 3, QByteArray::number(rowsAtBatch.size()));
    QCOMPARE(rowsAtBatch.first(), qint64(50)); // the first page, before any slice
    const QList<QVariant> last = progress.constLast();
    QCOMPARE(last.at(0).toLongLong(), rows);
    QCOMPARE(last.at(1).toInt(), lister->pageCount());
    QCOMPARE(last.at(2).toInt(), lister->requestCount());
    QCOMPARE(lister->requestCount(), f.server.requestCount());
}

void tst_OpportunityLister::partitioned_neverMoreCallsInFlightThanAllowed()
{
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 25;
    Fixture f(options);
    QVERIFY(f.started);
    int inFlight = 0;
    int peak = 0;
    // requestCount() counts arrivals; requestServed follows each response.
    QTimer probe;
    probe.setInterval(2);
    connect(&probe, &QTimer::timeout, this, [&] {
        inFlight = f.server.requestCount() - int(f.served.size());
        peak = std::max(peak, inFlight);
    });
    probe.start();
    OpportunityLister *lister = nullptr;
    const QStringList ids = f.list(query(u"CustomerCompanyName"_s, u"DESCENDING"_s), 3, &lister);
    QCOMPARE(ids, f.server.matchingIds(query(u"CustomerCompanyName"_s, u"DESCENDING"_s)));
    QVERIFY2(peak <= 3, QByteArray::number(peak));
    QVERIFY2(peak >= 2, QByteArray::number(peak));
}

void tst_OpportunityLister::partitioned_keepsSlicesWithinTheQueryFilter()
{
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 20;
    Fixture f(options);
    QVERIFY(f.started);
    ListOpportunitiesRequest request = query(u"LastModifiedDate"_s, u"ASCENDING"_s);
    request.lastModifiedDate.after = utc("2025-03-01T00:00:00Z");
    request.lastModifiedDate.before = utc("2026-03-01T00:00:00Z");
    OpportunityLister *lister = nullptr;
    QCOMPARE(f.list(request, 4, &lister), f.server.matchingIds(request));
    QVERIFY(lister->sliceCount() > 1);
    for (const QByteArray &body : std::as_const(f.bodies)) {
        const QJsonObject range
                = QJsonDocument::fromJson(body).object().value(u"LastModifiedDate").toObject();
        const QDateTime after = utc(range.value(u"AfterLastModifiedDate").toString().toLatin1());
        const QDateTime before = utc(range.value(u"BeforeLastModifiedDate").toString().toLatin1());
        QVERIFY2(after >= request.lastModifiedDate.after, body.constData());
        QVERIFY2(before <= request.lastModifiedDate.before, body.constData());
    }
}

void tst_OpportunityLister::rateLimit_requestsPerSecondAtTheService()
{
    EmulatorOptions options = emulatorOptions(3000);
    options.rateLimit = 10; // the service's quota: ThrottlingException beyond it
    Fixture f(options, 10);
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query(u"LastModifiedDate"_s, u"DESCENDING"_s, 100);
    OpportunityLister *lister = nullptr;
    QCOMPARE(f.list(request, 4, &lister), f.server.matchingIds(request));
    const QList<qint64> &at = f.served;
    QVERIFY(at.size() >= 30);
    // A bucket of 10 tokens refilled at 10/s: any second holds at most 10 + 10 requests, and
    // request k comes no earlier than (k - 10) / 10 s after the first.
    for (qsizetype k = 0; k < at.size(); ++k) {
        const auto inSecond = std::count_if(at.cbegin() + k, at.cend(),
                                            [&](qint64 t) { return t < at.at(k) + 1000; });
        QVERIFY2(inSecond <= 20, qPrintable(u"%1 requests in a second"_s.arg(inSecond)));
        QVERIFY2(at.at(k) - at.first() >= (k - 10) * 100 - 15,
                 qPrintable(u"request %1 at %2 ms"_s.arg(k).arg(at.at(k) - at.first())));
    }
    QCOMPARE(f.throttledResponses(), 0);
}

void tst_OpportunityLister::throttling_retriedAndRateHalved()
{
    Fixture f(emulatorOptions(), 20, 4);
    QVERIFY(f.started);
    auto *limiter = f.client->rateLimiter();
    QSignalSpy rate(limiter, &RequestRateLimiter::rateChanged);
    const ListOpportunitiesRequest request = query();
    auto lister = std::make_unique<OpportunityLister>(f.client.get());
    lister->setRequest(request);
    QSignalSpy waiting(lister.get(), &OpportunityLister::waitingForQuota);
    QSignalSpy finished(lister.get(), &OpportunityLister::finished);
    QStringList ids;
    connect(lister.get(), &OpportunityLister::rowsReady, this,
            [&ids](const QList<OpportunitySummary> &rows) {
                for (const OpportunitySummary &row : rows) {
                    ids.append(row.id);
                }
            });
    // The slices' first calls are throttled twice (after the probes).
    connect(lister.get(), &OpportunityLister::progress, this, [&](qint64, int pages) {
        if (pages == 2 && f.server.requestCount() == 2) {
            f.server.failNext(2, 429, u"ThrottlingException"_s);
        }
    });
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    QVERIFY2(!lister->error().isError(), qPrintable(lister->error().summary()));
    QCOMPARE(ids, f.server.matchingIds(request));
    QCOMPARE(f.throttledResponses(), 2);
    QCOMPARE(waiting.size(), 2);
    QCOMPARE(lister->requestCount(), f.server.requestCount());
    QCOMPARE(limiter->throttleDecreases(), 1); // two throttles at once: one decrease
    QVERIFY(!rate.isEmpty());
    QCOMPARE(rate.first().at(0).toDouble(), 10.0);
}

void tst_OpportunityLister::failingSlice_failsListingWithTypedError_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::newRow("access denied, not retried")
            << 1 << 403 << u"AccessDeniedException"_s << ApiError::Kind::AccessDenied;
    QTest::newRow("internal error, retries exhausted")
            << 100 << 500 << u"InternalServerException"_s << ApiError::Kind::InternalServer;
    QTest::newRow("throttled, retries exhausted")
            << 100 << 429 << u"ThrottlingException"_s << ApiError::Kind::Throttling;
}

void tst_OpportunityLister::failingSlice_failsListingWithTypedError()
{
    QFETCH(int, failures);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(ApiError::Kind, kind);
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 10;
    Fixture f(options, 0, 3);
    QVERIFY(f.started);
    auto lister = std::make_unique<OpportunityLister>(f.client.get());
    lister->setRequest(query(u"Identifier"_s, u"ASCENDING"_s));
    connect(lister.get(), &OpportunityLister::progress, this, [&](qint64, int pages) {
        if (pages == 3 && f.server.requestCount() == 3) {
            f.server.failNext(failures, status, type); // a slice's first page, not a probe
        }
    });
    QSignalSpy finished(lister.get(), &OpportunityLister::finished);
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(lister->error().kind, kind);
    QCOMPARE(lister->error().type, type);
    QCOMPARE(lister->error().httpStatus, status);
    QVERIFY(!lister->isRunning());
    // The other slices were aborted: once what was on the wire has landed, nothing more
    // reaches the service.
    QTest::qWait(50);
    const int requests = f.server.requestCount();
    QTest::qWait(200);
    QCOMPARE(f.server.requestCount(), requests);
    QCOMPARE(finished.size(), 1);
}

void tst_OpportunityLister::cancel_abortsEveryCall()
{
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 100;
    Fixture f(options);
    QVERIFY(f.started);
    auto lister = std::make_unique<OpportunityLister>(f.client.get());
    lister->setRequest(query());
    QSignalSpy rows(lister.get(), &OpportunityLister::rowsReady);
    QSignalSpy finished(lister.get(), &OpportunityLister::finished);
    lister->start();
    QVERIFY(rows.wait(WaitMs)); // the first page; the slices are on their way
    QTRY_VERIFY_WITH_TIMEOUT(f.server.requestCount() >= 4, WaitMs);
    lister->cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(lister->error().kind, ApiError::Kind::Cancelled);
    const int batches = int(rows.size());
    QTest::qWait(50);
    const int requests = f.server.requestCount();
    QTest::qWait(300);
    QCOMPARE(rows.size(), batches);
    QCOMPARE(f.server.requestCount(), requests);
    QCOMPARE(finished.size(), 1);
    lister->cancel();
    QCOMPARE(finished.size(), 1);
}

void tst_OpportunityLister::invalidRequest_refusedWithoutSending()
{
    Fixture f;
    QVERIFY(f.started);
    ListOpportunitiesRequest request = query();
    request.maxResults = 101;
    OpportunityLister lister(f.client.get());
    lister.setRequest(request);
    QSignalSpy finished(&lister, &OpportunityLister::finished);
    lister.start();
    QCOMPARE(finished.size(), 0); // never inside start()
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(lister.error().kind, ApiError::Kind::LocalValidation);
    QCOMPARE(f.server.requestCount(), 0);
}

QTEST_GUILESS_MAIN(tst_OpportunityLister)
#include "tst_opportunitylister.moc"
