#include "awsclient.h"
#include "datasetgenerator.h"
#include "emulatorserver.h"
#include "httpclient.h"
#include "nothinghappens.h"
#include "opportunitylister.h"
#include "requestratelimiter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::DatasetGenerator;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Emulator::TieBreak;
using Pd::Test::nothingHappens;

Q_DECLARE_METATYPE(Pd::Core::ListOpportunitiesRequest)
Q_DECLARE_METATYPE(Pd::Core::ApiError::Kind)

namespace {

constexpr int WaitMs = 60000;
/// Rows of the tie-heavy datasets, most of them in bulk changes.
constexpr int TieRows = 240;
constexpr int TieBulkPercent = 60;
/// The packed dataset's timestamps lie within this many milliseconds after PackedBase.
constexpr int PackedSpanMs = 80;
const QDateTime PackedBase(QDate(2026, 5, 1), QTime(0, 0), QTimeZone::utc());
/// Longer than any backoff of the fixture's client (50 ms) plus a call: when nothing happened
/// in this time after a listing ended, nothing will.
constexpr int QuietMs = 300;

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

QString packedTime(int ms, int microseconds)
{
    // Some with sub-millisecond digits, which round to the nearest millisecond.
    const QString base = PackedBase.toString(u"yyyy-MM-ddThh:mm:ss"_s);
    if (microseconds < 0) {
        return base + u".%1Z"_s.arg(ms, 3, 10, QChar(u'0'));
    }
    return base + u".%1%2Z"_s.arg(ms, 3, 10, QChar(u'0')).arg(microseconds, 3, 10, QChar(u'0'));
}

/// The generated rows with their LastModifiedDate and CreatedDate packed into PackedSpanMs
/// milliseconds (three rows a millisecond, a third of them with sub-millisecond digits), so
/// that every cut between slices falls on or right beside a tie.
QByteArray packedDataset()
{
    DatasetGenerator generator(11, u"us-east-1"_s, u"123456789012"_s);
    generator.setBulkPercent(TieBulkPercent);
    QByteArray out = "{\"OpportunitySummaries\":[";
    for (int i = 0; i < TieRows; ++i) {
        OpportunitySummary s = generator.summary(u"AWS"_s, i);
        const auto h = quint64(i) * 0x9E3779B97F4A7C15ULL;
        const int created = int((h >> 20) % (PackedSpanMs / 2));
        const int modified = created + int((h >> 40) % (PackedSpanMs / 2));
        s.createdDate = packedTime(created, (h >> 8) % 3 == 0 ? int(h % 1000) : -1);
        s.lastModifiedDate = packedTime(modified, (h >> 12) % 3 == 0 ? int((h >> 4) % 1000) : -1);
        out += (i > 0 ? ",\n" : "") + s.toJson();
    }
    return out + "]}\n";
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

    /// A lister of `request` on this client, its rows collected in `ids`.
    OpportunityLister *makeLister(const ListOpportunitiesRequest &request, int maxConcurrency)
    {
        ids.clear();
        lister = std::make_unique<OpportunityLister>(client.get());
        lister->setRequest(request);
        lister->setMaxConcurrency(maxConcurrency);
        QObject::connect(lister.get(), &OpportunityLister::rowsReady, lister.get(),
                         [this](const QList<OpportunitySummary> &rows) {
                             // The connection is busy again when the next page is on its way.
                             const HttpClient *http = client->httpClient();
                             nextPageInFlight.append(http->connectionCount() > 0
                                                     && http->idleConnectionCount() == 0);
                             for (const OpportunitySummary &row : rows) {
                                 ids.append(row.id);
                             }
                         });
        return lister.get();
    }

    /// Lists `request` to the end; returns the Ids in the order they came out.
    QStringList list(const ListOpportunitiesRequest &request, int maxConcurrency,
                     OpportunityLister **listerOut = nullptr)
    {
        OpportunityLister *l = makeLister(request, maxConcurrency);
        QSignalSpy finished(l, &OpportunityLister::finished);
        l->start();
        if (!finished.wait(WaitMs)) {
            qWarning("the listing did not finish");
        }
        if (listerOut) {
            *listerOut = l;
        }
        return ids;
    }

    int failedResponses() const
    {
        return int(std::count_if(statuses.cbegin(), statuses.cend(),
                                 [](int status) { return status != 200; }));
    }

    EmulatorServer server;
    std::unique_ptr<AwsClient> client;
    std::unique_ptr<OpportunityLister> lister;
    QStringList ids;
    QElapsedTimer clock;
    QList<qint64> served; ///< ms since the fixture started, per response
    QList<int> statuses;
    QList<QByteArray> bodies;
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
    void otherSorts_pagedSequentially_data();
    void otherSorts_pagedSequentially();
    void anyTieBreak_takenAsTheServiceSendsIt_data();
    void anyTieBreak_takenAsTheServiceSendsIt();
    void sequential_pagesTheQueryItself();
    void smallListing_endsAfterTheFirstPage_data();
    void smallListing_endsAfterTheFirstPage();
    void quickService_notSliced();
    void partitioned_streamsRowsBeforeTheEnd();
    void partitioned_neverMoreCallsInFlightThanAllowed();
    void partitioned_keepsSlicesWithinTheQueryFilter_data();
    void partitioned_keepsSlicesWithinTheQueryFilter();
    void rateLimit_requestsPerSecondAtTheService();
    void throttling_retriedAndRateHalved();
    void transientFaults_pagesResumedAndRowsExact_data();
    void transientFaults_pagesResumedAndRowsExact();
    void outage_resumedWhenTheServiceRecovers();
    void neverRecovering_endsAfterTheRetryBudget_data();
    void neverRecovering_endsAfterTheRetryBudget();
    void finalError_endsTheListingAtOnce_data();
    void finalError_endsTheListingAtOnce();
    void firstPageFailing_endsTheListing();
    void cancel_abortsEveryCall();
    void cancel_whileAPageWaitsToBeResumed();
    void invalidRequest_refusedWithoutSending();

private:
    EmulatorOptions tieOptions(bool packed) const;

    QTemporaryDir m_dir;
    QString m_packedFile;
};

void tst_OpportunityLister::initTestCase()
{
    qRegisterMetaType<Pd::Core::ApiError>();
    QVERIFY(m_dir.isValid());
    m_packedFile = m_dir.filePath(u"packed.json"_s);
    QFile file(m_packedFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(packedDataset()) > 0);
}

EmulatorOptions tst_OpportunityLister::tieOptions(bool packed) const
{
    EmulatorOptions options = emulatorOptions(TieRows);
    options.bulkPercent = TieBulkPercent;
    if (packed) {
        options.dataFile = m_packedFile;
    }
    return options;
}

void tst_OpportunityLister::partitioned_sameRowsInSameOrderAsSequential_data()
{
    QTest::addColumn<bool>("packed");
    QTest::addColumn<bool>("afterExclusive");
    QTest::addColumn<ListOpportunitiesRequest>("request");
    QTest::addColumn<int>("concurrency");

    int row = 0;
    for (const bool packed : {false, true}) {
        for (const QString &key : {u"LastModifiedDate"_s, u"CreatedDate"_s}) {
            const bool created = key == "CreatedDate"_L1;
            for (const QString &order : Model::sortOrders()) {
                const auto add = [&](const char *filter, ListOpportunitiesRequest request,
                                     int concurrency, bool afterExclusive = false) {
                    // Short pages, of every size from 1 to 5.
                    request.maxResults = 1 + row++ % 5;
                    QTest::addRow("%s%s, %s %s, %s, %d calls, pages of %d",
                                  packed ? "packed" : "spread",
                                  afterExclusive ? ", After exclusive" : "", qPrintable(key),
                                  qPrintable(order), filter, concurrency, *request.maxResults)
                            << packed << afterExclusive << request << concurrency;
                };
                const ListOpportunitiesRequest plain = query(key, order);
                for (const int concurrency : {1, 4, 8}) {
                    add("no filter", plain, concurrency);
                }
                // A range on the sort key's own member (its bounds on ties in the packed data).
                ListOpportunitiesRequest own = plain;
                DateTimeRange &range = created ? own.createdDate : own.lastModifiedDate;
                range.after
                        = packed ? PackedBase.addMSecs(created ? 10 : 20)
                                 : utc(created ? "2024-06-01T00:00:00Z" : "2025-11-01T00:00:00Z");
                range.before = packed ? PackedBase.addMSecs(created ? 30 : 60)
                                      : utc(created ? "2025-12-31T12:00:00.500Z"
                                                    : "2026-05-01T12:00:00.500Z");
                add("range on the sort key", own, 4);
                if (packed) {
                    // A service that reads range bounds the other way round.
                    add("no filter", plain, 8, true);
                    add("range on the sort key", own, 4, true);
                }
                // Filters on other members, the other timestamp among them.
                ListOpportunitiesRequest others = plain;
                others.lifeCycleStage
                        = QStringList{u"Prospect"_s, u"Qualified"_s, u"Committed"_s, u"Launched"_s};
                (created ? others.lastModifiedDate : others.createdDate).after
                        = packed ? PackedBase.addMSecs(5) : utc("2024-01-01T00:00:00Z");
                add("other filters", others, 8);
            }
        }
    }
    ListOpportunitiesRequest defaultSort = query();
    defaultSort.sort.reset();
    defaultSort.maxResults = 3;
    QTest::newRow("spread, no Sort (the service's default), 8 calls")
            << false << false << defaultSort << 8;
}

void tst_OpportunityLister::partitioned_sameRowsInSameOrderAsSequential()
{
    QFETCH(bool, packed);
    QFETCH(bool, afterExclusive);
    QFETCH(ListOpportunitiesRequest, request);
    QFETCH(int, concurrency);
    EmulatorOptions options = tieOptions(packed);
    options.afterExclusive = afterExclusive;
    // Slices pay off while calls wait on the network: one per 8 ms of latency.
    options.latencyMs = concurrency == 1 ? 0 : 8 * concurrency;
    Fixture f(options);
    QVERIFY(f.started);
    // The service's own order: what a sequential listing gets (sequential_pagesTheQueryItself).
    const QStringList expected = f.server.matchingIds(request);
    QVERIFY2(expected.size() > 3 * request.maxResults.value_or(20),
             "the query should need several pages");

    OpportunityLister *lister = nullptr;
    const QStringList ids = f.list(request, concurrency, &lister);
    QVERIFY2(!lister->error().isError(), qPrintable(lister->error().summary()));
    QVERIFY(!hasDuplicates(ids));
    QCOMPARE(ids.size(), expected.size());
    QCOMPARE(ids, expected);
    QCOMPARE(lister->rowCount(), expected.size());
    if (concurrency > 1) {
        QVERIFY2(lister->sliceCount() > 1, QByteArray::number(lister->sliceCount()));
    } else {
        QCOMPARE(lister->sliceCount(), 1);
    }
}

void tst_OpportunityLister::otherSorts_pagedSequentially_data()
{
    QTest::addColumn<ListOpportunitiesRequest>("request");
    QTest::addColumn<int>("concurrency");
    int row = 0;
    for (const QString &key : {u"Identifier"_s, u"CustomerCompanyName"_s, u"TargetCloseDate"_s}) {
        for (const QString &order : Model::sortOrders()) {
            const auto add
                    = [&](const char *filter, ListOpportunitiesRequest request, int concurrency) {
                          request.maxResults = 1 + row++ % 5;
                          QTest::addRow("%s %s, %s, %d calls, pages of %d", qPrintable(key),
                                        qPrintable(order), filter, concurrency, *request.maxResults)
                                  << request << concurrency;
                      };
            add("no filter", query(key, order), 1);
            add("no filter", query(key, order), 8);
            ListOpportunitiesRequest filtered = query(key, order);
            filtered.customerCompanyName = QStringList{u"a"_s, u"É"_s};
            filtered.lastModifiedDate.after = utc("2025-06-01T00:00:00Z");
            add("company and LastModifiedDate filters", filtered, 4);
        }
    }
}

void tst_OpportunityLister::otherSorts_pagedSequentially()
{
    // Company names (case, accents) and Identifiers have no documented order, and rows without
    // a close date cannot be selected by a range: these sorts are one NextToken run.
    QFETCH(ListOpportunitiesRequest, request);
    QFETCH(int, concurrency);
    EmulatorOptions options = tieOptions(false);
    options.latencyMs = concurrency == 1 ? 0 : 10;
    Fixture f(options);
    QVERIFY(f.started);
    const QStringList expected = f.server.matchingIds(request);
    QVERIFY(expected.size() > 3 * request.maxResults.value_or(20));
    OpportunityLister *lister = nullptr;
    QCOMPARE(f.list(request, concurrency, &lister), expected);
    QVERIFY2(!lister->error().isError(), qPrintable(lister->error().summary()));
    QCOMPARE(lister->sliceCount(), 1);
    QCOMPARE(lister->requestCount(), lister->pageCount()); // no range probe
    QCOMPARE(f.server.requestCount(), lister->pageCount());
}

void tst_OpportunityLister::anyTieBreak_takenAsTheServiceSendsIt_data()
{
    QTest::addColumn<int>("tieBreak");
    QTest::addColumn<QString>("sortBy");
    QTest::addColumn<QString>("sortOrder");
    const QList<std::pair<const char *, TieBreak>> rules{{"Id ascending", TieBreak::IdAscending},
                                                         {"hashed", TieBreak::Hashed}};
    for (const auto &[name, rule] : rules) {
        for (const QString &key : {u"LastModifiedDate"_s, u"CreatedDate"_s,
                                   u"CustomerCompanyName"_s, u"TargetCloseDate"_s}) {
            for (const QString &order : Model::sortOrders()) {
                // Ascending, Id ascending is the emulator's default rule.
                if (rule != TieBreak::IdAscending || order == "DESCENDING"_L1) {
                    QTest::addRow("%s, %s %s", name, qPrintable(key), qPrintable(order))
                            << int(rule) << key << order;
                }
            }
        }
    }
}

void tst_OpportunityLister::anyTieBreak_takenAsTheServiceSendsIt()
{
    // The service's tie-break is undocumented: whatever it is, the rows come out in its order.
    QFETCH(int, tieBreak);
    QFETCH(QString, sortBy);
    QFETCH(QString, sortOrder);
    const bool byDate = sortBy.endsWith("Date"_L1) && sortBy != "TargetCloseDate"_L1;
    EmulatorOptions options = tieOptions(byDate);
    options.tieBreak = TieBreak(tieBreak);
    // Enough latency for eight slices; the other sorts would be sliced at 10 ms if they were.
    options.latencyMs = byDate ? 64 : 10;
    Fixture f(options);
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query(sortBy, sortOrder, 3);
    const QStringList expected = f.server.matchingIds(request);
    // The data has ties that this rule orders otherwise than the emulator's default.
    EmulatorServer byId;
    QVERIFY(byId.start(tieOptions(byDate), nullptr));
    const QStringList defaultOrder = byId.matchingIds(request);
    QCOMPARE(QSet<QString>(expected.cbegin(), expected.cend()),
             QSet<QString>(defaultOrder.cbegin(), defaultOrder.cend()));
    QVERIFY(expected != defaultOrder);

    OpportunityLister *lister = nullptr;
    QCOMPARE(f.list(request, 8, &lister), expected);
    QVERIFY2(!lister->error().isError(), qPrintable(lister->error().summary()));
    if (byDate) {
        QVERIFY(lister->sliceCount() > 1);
    }
}

void tst_OpportunityLister::sequential_pagesTheQueryItself()
{
    Fixture f;
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query(u"LastModifiedDate"_s, u"ASCENDING"_s, 100);
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

void tst_OpportunityLister::smallListing_endsAfterTheFirstPage_data()
{
    QTest::addColumn<QString>("sortBy");
    QTest::newRow("partitioned sort") << u"LastModifiedDate"_s;
    QTest::newRow("sequential sort") << u"CustomerCompanyName"_s;
}

void tst_OpportunityLister::smallListing_endsAfterTheFirstPage()
{
    QFETCH(QString, sortBy);
    Fixture f;
    QVERIFY(f.started);
    ListOpportunitiesRequest request = query(sortBy, u"ASCENDING"_s, 100);
    request.identifier = f.server.matchingIds(query()).mid(100, 15);
    OpportunityLister *lister = nullptr;
    const QStringList ids = f.list(request, 4, &lister);
    QCOMPARE(ids, f.server.matchingIds(request));
    QCOMPARE(ids.size(), 15);
    QCOMPARE(lister->sliceCount(), 1);
    // The first page, and for a partitioned sort the range probe beside it.
    QVERIFY2(lister->requestCount() <= 2, QByteArray::number(lister->requestCount()));
}

void tst_OpportunityLister::quickService_notSliced()
{
    // Answers within a millisecond or two: more slices would only hold rows back.
    Fixture f;
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query(u"LastModifiedDate"_s, u"ASCENDING"_s, 100);
    OpportunityLister *lister = nullptr;
    // The premise holds only where the emulator answers well within the lister's 8 ms a slice
    // (it slices when eight calls in a row took longer): under AddressSanitizer a page takes
    // several milliseconds, and slicing is right.
    QCOMPARE(f.list(request, 1, &lister), f.server.matchingIds(request));
    const qint64 msPerCall = lister->elapsedMs() / std::max(1, lister->requestCount());
    if (msPerCall >= 4) {
        QSKIP(qPrintable(u"the emulator takes %1 ms a page in this build"_s.arg(msPerCall)));
    }
    QCOMPARE(f.list(request, 4, &lister), f.server.matchingIds(request));
    QCOMPARE(lister->sliceCount(), 1);
    // The pages, and the range probe beside the first.
    QVERIFY2(lister->requestCount() <= 15 + 1, QByteArray::number(lister->requestCount()));
}

void tst_OpportunityLister::partitioned_streamsRowsBeforeTheEnd()
{
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 20;
    Fixture f(options);
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query();
    OpportunityLister *lister = f.makeLister(request, OpportunityLister::DefaultMaxConcurrency);
    QList<qint64> rowsAtBatch;
    connect(lister, &OpportunityLister::rowsReady, this,
            [&](const QList<OpportunitySummary> &) { rowsAtBatch.append(f.ids.size()); });
    QSignalSpy progress(lister, &OpportunityLister::progress);
    QSignalSpy finished(lister, &OpportunityLister::finished);
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    const qint64 rows = f.ids.size();
    QCOMPARE(f.ids, f.server.matchingIds(request));
    QVERIFY2(rowsAtBatch.size() >= 3, QByteArray::number(rowsAtBatch.size()));
    QCOMPARE(rowsAtBatch.first(), qint64(50)); // the first page, before any slice
    QVERIFY(lister->sliceCount() > 1);
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
    int peak = 0;
    // requestCount() counts arrivals; requestServed follows each response.
    QTimer probe;
    probe.setInterval(2);
    connect(&probe, &QTimer::timeout, this,
            [&] { peak = std::max(peak, f.server.requestCount() - int(f.served.size())); });
    probe.start();
    const ListOpportunitiesRequest request = query(u"LastModifiedDate"_s, u"DESCENDING"_s);
    QCOMPARE(f.list(request, 3), f.server.matchingIds(request));
    QVERIFY2(peak <= 3, QByteArray::number(peak));
    QVERIFY2(peak >= 2, QByteArray::number(peak));
}

void tst_OpportunityLister::partitioned_keepsSlicesWithinTheQueryFilter_data()
{
    QTest::addColumn<QString>("sortBy");
    QTest::newRow("LastModifiedDate") << u"LastModifiedDate"_s;
    QTest::newRow("CreatedDate") << u"CreatedDate"_s;
}

void tst_OpportunityLister::partitioned_keepsSlicesWithinTheQueryFilter()
{
    QFETCH(QString, sortBy);
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 20;
    Fixture f(options);
    QVERIFY(f.started);
    ListOpportunitiesRequest request = query(sortBy, u"ASCENDING"_s);
    DateTimeRange &range
            = sortBy == "CreatedDate"_L1 ? request.createdDate : request.lastModifiedDate;
    range.after = utc("2024-03-01T00:00:00Z");
    range.before = utc("2026-03-01T00:00:00Z");
    OpportunityLister *lister = nullptr;
    QCOMPARE(f.list(request, 4, &lister), f.server.matchingIds(request));
    QVERIFY(lister->sliceCount() > 1);
    for (const QByteArray &body : std::as_const(f.bodies)) {
        const QJsonObject sent = QJsonDocument::fromJson(body).object().value(sortBy).toObject();
        const QDateTime after = utc(sent.value(u"After"_s + sortBy).toString().toLatin1());
        const QDateTime before = utc(sent.value(u"Before"_s + sortBy).toString().toLatin1());
        QVERIFY2(after >= range.after, body.constData());
        QVERIFY2(before <= range.before, body.constData());
    }
}

void tst_OpportunityLister::rateLimit_requestsPerSecondAtTheService()
{
    EmulatorOptions options = emulatorOptions(3000);
    options.rateLimit = 10; // the service's quota: ThrottlingException beyond it
    Fixture f(options, 10);
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query(u"LastModifiedDate"_s, u"DESCENDING"_s, 100);
    QCOMPARE(f.list(request, 4), f.server.matchingIds(request));
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
    QCOMPARE(f.failedResponses(), 0);
}

void tst_OpportunityLister::throttling_retriedAndRateHalved()
{
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 20;
    Fixture f(options, 20, 4);
    QVERIFY(f.started);
    auto *limiter = f.client->rateLimiter();
    QSignalSpy rate(limiter, &RequestRateLimiter::rateChanged);
    const ListOpportunitiesRequest request = query();
    OpportunityLister *lister = f.makeLister(request, 8);
    QSignalSpy waiting(lister, &OpportunityLister::waitingForQuota);
    QSignalSpy finished(lister, &OpportunityLister::finished);
    int lowestWindow = lister->maxConcurrency();
    // The two calls after the first page are throttled once each.
    bool injected = false;
    connect(lister, &OpportunityLister::progress, this, [&](qint64, int pages) {
        lowestWindow = std::min(lowestWindow, lister->concurrencyWindow());
        if (pages >= 1 && !injected) {
            injected = true;
            f.server.failNext(2, 429, u"ThrottlingException"_s);
        }
    });
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    QVERIFY2(!lister->error().isError(), qPrintable(lister->error().summary()));
    QCOMPARE(f.ids, f.server.matchingIds(request));
    QCOMPARE(f.failedResponses(), 2);
    QCOMPARE(waiting.size(), 2);
    QCOMPARE(lister->requestCount(), f.server.requestCount());
    QCOMPARE(lister->resumeCount(), 0); // retried within their calls
    QCOMPARE(limiter->throttleDecreases(), 1); // two throttles at once: one decrease
    QVERIFY(!rate.isEmpty());
    QCOMPARE(rate.first().at(0).toDouble(), 10.0);
    QVERIFY2(lowestWindow < 8, QByteArray::number(lowestWindow)); // AIMD: calls halved
}

void tst_OpportunityLister::transientFaults_pagesResumedAndRowsExact_data()
{
    QTest::addColumn<int>("throttleEvery");
    QTest::addColumn<int>("errorEvery");
    QTest::addColumn<int>("dropEvery");
    QTest::addColumn<double>("rateLimit");
    QTest::addColumn<int>("concurrency");
    // Requests 1 and 2 (the first page and the range probe) go through; then three in five
    // fail, so that many pages fail all their attempts.
    QTest::newRow("throttling, 5xx and drops, 8 calls") << 3 << 4 << 5 << 0.0 << 8;
    QTest::newRow("throttling, 5xx and drops, 4 calls") << 3 << 4 << 5 << 0.0 << 4;
    QTest::newRow("throttled beyond 20 requests/s, 8 calls") << 0 << 0 << 0 << 20.0 << 8;
}

void tst_OpportunityLister::transientFaults_pagesResumedAndRowsExact()
{
    // What a sequential listing completes, the partitioned one completes, at the default
    // AWS_MAX_ATTEMPTS of 3: a page that fails every attempt is resumed, not fatal.
    QFETCH(int, throttleEvery);
    QFETCH(int, errorEvery);
    QFETCH(int, dropEvery);
    QFETCH(double, rateLimit);
    QFETCH(int, concurrency);
    EmulatorOptions options = tieOptions(false);
    options.latencyMs = 20;
    options.throttleEvery = throttleEvery;
    options.errorEvery = errorEvery;
    options.dropEvery = dropEvery;
    options.rateLimit = rateLimit;
    Fixture f(options, 0, 3);
    QVERIFY(f.started);
    ListOpportunitiesRequest request = query();
    request.sort.reset(); // the default listing
    request.maxResults = 3;
    OpportunityLister *lister = f.makeLister(request, concurrency);
    int lowestWindow = concurrency;
    connect(lister, &OpportunityLister::progress, this,
            [&] { lowestWindow = std::min(lowestWindow, lister->concurrencyWindow()); });
    QSignalSpy finished(lister, &OpportunityLister::finished);
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.size(), 1);
    QVERIFY2(!lister->error().isError(), qPrintable(lister->error().summary()));
    QCOMPARE(f.ids, f.server.matchingIds(request));
    QVERIFY(lister->sliceCount() > 1);
    QVERIFY2(lister->resumeCount() > 0, "no page failed all its attempts: the test is too mild");
    QVERIFY2(lowestWindow < concurrency, QByteArray::number(lowestWindow));
    QVERIFY(nothingHappens(QuietMs, [&] { return finished.size() > 1; }));
}

void tst_OpportunityLister::outage_resumedWhenTheServiceRecovers()
{
    // Every request fails for a while: calls exhaust their attempts, their pages wait and are
    // resumed once the service answers again.
    EmulatorOptions options = tieOptions(false);
    options.latencyMs = 20;
    Fixture f(options, 0, 3);
    QVERIFY(f.started);
    const ListOpportunitiesRequest request = query(u"CreatedDate"_s, u"DESCENDING"_s, 4);
    OpportunityLister *lister = f.makeLister(request, 8);
    QSignalSpy finished(lister, &OpportunityLister::finished);
    bool injected = false;
    connect(lister, &OpportunityLister::rowsReady, this, [&] {
        if (!injected) {
            injected = true;
            f.server.failNext(60, 503, u"ServiceUnavailable"_s);
        }
    });
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    QVERIFY2(!lister->error().isError(), qPrintable(lister->error().summary()));
    QCOMPARE(f.ids, f.server.matchingIds(request));
    QVERIFY(lister->resumeCount() > 0);
    QCOMPARE(f.failedResponses(), 60);
}

void tst_OpportunityLister::neverRecovering_endsAfterTheRetryBudget_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::newRow("internal errors")
            << 500 << u"InternalServerException"_s << ApiError::Kind::InternalServer;
    QTest::newRow("throttled") << 429 << u"ThrottlingException"_s << ApiError::Kind::Throttling;
    QTest::newRow("dropped connections") << 0 << QString() << ApiError::Kind::Network;
}

void tst_OpportunityLister::neverRecovering_endsAfterTheRetryBudget()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(ApiError::Kind, kind);
    constexpr int BudgetMs = 600;
    EmulatorOptions options = tieOptions(false);
    options.latencyMs = 10;
    Fixture f(options, 0, 3);
    QVERIFY(f.started);
    OpportunityLister *lister = f.makeLister(query(u"LastModifiedDate"_s, u"DESCENDING"_s, 5), 8);
    lister->setRetryBudgetMs(BudgetMs);
    QSignalSpy finished(lister, &OpportunityLister::finished);
    QElapsedTimer sinceOutage;
    connect(lister, &OpportunityLister::rowsReady, this, [&] {
        if (!sinceOutage.isValid()) {
            sinceOutage.start();
            if (status == 0) {
                f.server.dropNext(1000000);
            } else {
                f.server.failNext(1000000, status, type);
            }
        }
    });
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    const qint64 elapsed = sinceOutage.elapsed();
    QCOMPARE(lister->error().kind, kind);
    QCOMPARE(lister->error().type, type);
    QVERIFY2(lister->error().message.contains("No page of the listing succeeded in 0.6 s."_L1),
             qPrintable(lister->error().message));
    QVERIFY(lister->resumeCount() > 0);
    QVERIFY(f.ids.size() < f.server.matchingIds(lister->request()).size());
    // The budget counts from the last page that succeeded, at or after the outage began; a
    // coarse timer may fire a little early.
    QVERIFY2(elapsed >= BudgetMs * 9 / 10 && elapsed < BudgetMs + 5000,
             QByteArray::number(elapsed));
    const int requests = f.server.requestCount();
    QVERIFY(nothingHappens(QuietMs, [&] { return f.server.requestCount() > requests; }));
    QCOMPARE(finished.size(), 1);
}

void tst_OpportunityLister::finalError_endsTheListingAtOnce_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::newRow("access denied")
            << 403 << u"AccessDeniedException"_s << ApiError::Kind::AccessDenied;
    QTest::newRow("validation") << 400 << u"ValidationException"_s << ApiError::Kind::Validation;
    QTest::newRow("signature") << 403 << u"InvalidSignatureException"_s
                               << ApiError::Kind::Authentication;
}

void tst_OpportunityLister::finalError_endsTheListingAtOnce()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(ApiError::Kind, kind);
    EmulatorOptions options = tieOptions(false);
    options.latencyMs = 10;
    Fixture f(options, 0, 3);
    QVERIFY(f.started);
    OpportunityLister *lister = f.makeLister(query(u"LastModifiedDate"_s, u"DESCENDING"_s, 5), 8);
    QSignalSpy finished(lister, &OpportunityLister::finished);
    int requestsAtFault = -1;
    connect(lister, &OpportunityLister::rowsReady, this, [&] {
        if (requestsAtFault < 0) {
            requestsAtFault = f.server.requestCount();
            f.server.failNext(1, status, type);
        }
    });
    lister->start();
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(lister->error().kind, kind);
    QCOMPARE(lister->error().type, type);
    QCOMPARE(lister->error().httpStatus, status);
    QCOMPARE(lister->error().attempts, 1);
    QCOMPARE(lister->resumeCount(), 0);
    QVERIFY(!lister->isRunning());
    // The other calls were aborted: once what was on the wire has landed, nothing more
    // reaches the service.
    const int requests = f.server.requestCount();
    QVERIFY2(requests - requestsAtFault <= 2 * 8, QByteArray::number(requests - requestsAtFault));
    QVERIFY(nothingHappens(QuietMs, [&] { return f.server.requestCount() > requests; }));
    QCOMPARE(finished.size(), 1);
}

void tst_OpportunityLister::firstPageFailing_endsTheListing()
{
    // Before the first page there is no listing: it ends where a sequential one would.
    Fixture f(emulatorOptions(), 0, 3);
    QVERIFY(f.started);
    f.server.failNext(3, 500, u"InternalServerException"_s);
    OpportunityLister *lister = nullptr;
    QVERIFY(f.list(query(), 1, &lister).isEmpty());
    QCOMPARE(lister->error().kind, ApiError::Kind::InternalServer);
    QCOMPARE(lister->error().attempts, 3);
    QCOMPARE(lister->resumeCount(), 0);
    QCOMPARE(f.server.requestCount(), 3);
}

void tst_OpportunityLister::cancel_abortsEveryCall()
{
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 100;
    Fixture f(options);
    QVERIFY(f.started);
    OpportunityLister *lister = f.makeLister(query(), OpportunityLister::DefaultMaxConcurrency);
    QSignalSpy rows(lister, &OpportunityLister::rowsReady);
    QSignalSpy finished(lister, &OpportunityLister::finished);
    lister->start();
    QVERIFY(rows.wait(WaitMs)); // the first page; the slices are on their way
    QTRY_VERIFY_WITH_TIMEOUT(f.server.requestCount() >= 4, WaitMs);
    lister->cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(lister->error().kind, ApiError::Kind::Cancelled);
    const qsizetype batches = rows.size();
    const int requests = f.server.requestCount();
    // Within a latency, a page still in flight would have been answered.
    QVERIFY(nothingHappens(3 * options.latencyMs, [&] {
        return rows.size() > batches || f.server.requestCount() > requests || finished.size() > 1;
    }));
    lister->cancel();
    QCOMPARE(finished.size(), 1);
}

void tst_OpportunityLister::cancel_whileAPageWaitsToBeResumed()
{
    EmulatorOptions options = tieOptions(false);
    options.latencyMs = 10;
    Fixture f(options, 0, 3);
    QVERIFY(f.started);
    OpportunityLister *lister = f.makeLister(query(u"LastModifiedDate"_s, u"DESCENDING"_s, 5), 8);
    QSignalSpy finished(lister, &OpportunityLister::finished);
    bool injected = false;
    connect(lister, &OpportunityLister::rowsReady, this, [&] {
        if (!injected) {
            injected = true;
            f.server.failNext(1000000, 500, u"InternalServerException"_s);
        }
    });
    lister->start();
    QTRY_VERIFY_WITH_TIMEOUT(lister->resumeCount() > 0, WaitMs);
    lister->cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(lister->error().kind, ApiError::Kind::Cancelled);
    const int requests = f.server.requestCount();
    QVERIFY(nothingHappens(
            QuietMs, [&] { return f.server.requestCount() > requests || finished.size() > 1; }));
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
