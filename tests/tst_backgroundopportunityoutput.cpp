#include "backgroundopportunityoutput.h"
#include "csvopportunityoutput.h"
#include "jsonopportunityoutput.h"
#include "nothinghappens.h"
#include "opportunitysummary.h"

#include <QBuffer>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using Pd::Core::BackgroundOpportunityOutput;
using Pd::Core::CsvOpportunityOutput;
using Pd::Core::JsonOpportunityOutput;
using Pd::Core::OpportunityOutput;
using Pd::Core::OpportunitySummary;

namespace {

constexpr int PageSize = 100;
/// How long a producer is watched to stay blocked: a call that does not block returns in
/// microseconds.
constexpr int BlockedCheckMs = 100;

QList<OpportunitySummary> page(int first, int count = PageSize)
{
    QList<OpportunitySummary> summaries;
    for (int i = first; i < first + count; ++i) {
        OpportunitySummary summary;
        summary.catalog = u"AWS"_s;
        summary.id = u"O%1"_s.arg(i, 7, 10, QLatin1Char('0'));
        summary.opportunityType = u"Net New Business"_s;
        summary.hasCustomer = true;
        summary.hasAccount = true;
        summary.companyName = u"Company \"%1\", Ltd."_s.arg(i);
        summaries.append(summary);
    }
    return summaries;
}

std::unique_ptr<OpportunityOutput> makeOutput(const QString &format, QIODevice *device)
{
    if (format == u"csv") {
        return std::make_unique<CsvOpportunityOutput>(device);
    }
    return std::make_unique<JsonOpportunityOutput>(device);
}

/// A device that takes `capacity` bytes, then refuses every write, like a full disk.
class FullDevice final : public QIODevice
{
public:
    explicit FullDevice(qint64 capacity) : m_capacity(capacity)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }

    QByteArray written;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        if (written.size() + size > m_capacity) {
            setErrorString(u"No space left on device"_s);
            return -1;
        }
        written.append(data, size);
        return size;
    }

private:
    qint64 m_capacity;
};

/// Records every call with the thread that made it. Page writes optionally wait for a permit
/// from `gate`, so that a test decides when the "device" catches up.
class RecordingOutput final : public OpportunityOutput
{
public:
    struct Log
    {
        std::mutex mutex;
        QStringList calls;
        QList<std::thread::id> threads;
        std::atomic<int> pagesStarted = 0;
    };

    RecordingOutput(Log *log, QSemaphore *gate = nullptr) : m_log(log), m_gate(gate) { }

    bool begin() override { return record(u"begin"_s); }
    bool writeSummaries(const QList<OpportunitySummary> &summaries) override
    {
        ++m_log->pagesStarted;
        if (m_gate) {
            m_gate->acquire();
        }
        return record(summaries.isEmpty()
                              ? u"page (empty)"_s
                              : u"page %1..%2"_s.arg(summaries.first().id, summaries.last().id));
    }
    bool finish(const QString &nextToken) override { return record(u"finish "_s + nextToken); }
    QString errorString() const override { return {}; }
    bool carriesNextToken() const override { return true; }

private:
    bool record(const QString &call)
    {
        std::lock_guard lock(m_log->mutex);
        m_log->calls.append(call);
        m_log->threads.append(std::this_thread::get_id());
        return true;
    }

    Log *m_log;
    QSemaphore *m_gate;
};

/// Runs `work` on a thread and waits up to `timeoutMs` for it; false if it is still running (it
/// is then left behind, and the test fails instead of hanging).
template<typename Work>
bool finishesWithin(int timeoutMs, Work work)
{
    auto done = std::make_shared<QSemaphore>();
    std::thread thread([done, work = std::move(work)]() mutable {
        work();
        done->release();
    });
    if (!done->tryAcquire(1, timeoutMs)) {
        thread.detach();
        return false;
    }
    thread.join();
    return true;
}

} // namespace

class tst_BackgroundOpportunityOutput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sameBytesAsInner_data();
    void sameBytesAsInner();
    void callsInOrderOnOneWorkerThread();
    void carriesNextToken_forwarded();
    void failingDevice_laterCallsFailWithInnerError_data();
    void failingDevice_laterCallsFailWithInnerError();
    void backpressure_blocksWhileQueueIsOverTheBound();
    void pageLargerThanTheBound_notBlockedForever();
    void drain_writesEverythingAndFreesTheDevice();
    void destroyWithoutFinish_drainsAndJoins();
    void destroyAfterFailure_joins();
};

void tst_BackgroundOpportunityOutput::initTestCase()
{
    // The failing-device tests make CsvWriter log each failure; the result is checked instead.
    QLoggingCategory::setFilterRules(u"partnerdesk.*.warning=false"_s);
}

void tst_BackgroundOpportunityOutput::sameBytesAsInner_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QList<int>>("pageSizes");
    QTest::addColumn<QString>("nextToken");

    QTest::newRow("json, 7 pages")
            << u"json"_s << QList<int>{100, 100, 100, 57, 0, 100, 3} << QString();
    QTest::newRow("json, with token") << u"json"_s << QList<int>{100, 100} << u"tok\"en/1"_s;
    QTest::newRow("json, no pages") << u"json"_s << QList<int>{} << QString();
    QTest::newRow("json, 40 pages (over the bound)")
            << u"json"_s << QList<int>(40, 100) << QString();
    QTest::newRow("csv, 7 pages") << u"csv"_s << QList<int>{100, 100, 100, 57, 0, 100, 3}
                                  << QString();
    QTest::newRow("csv, no pages") << u"csv"_s << QList<int>{} << u"token"_s;
}

void tst_BackgroundOpportunityOutput::sameBytesAsInner()
{
    QFETCH(QString, format);
    QFETCH(QList<int>, pageSizes);
    QFETCH(QString, nextToken);

    QBuffer expected;
    expected.open(QIODevice::WriteOnly);
    {
        const auto direct = makeOutput(format, &expected);
        QVERIFY(direct->begin());
        int first = 0;
        for (int size : pageSizes) {
            QVERIFY(direct->writeSummaries(page(first, size)));
            first += size;
        }
        QVERIFY(direct->finish(nextToken));
    }

    QBuffer actual;
    actual.open(QIODevice::WriteOnly);
    BackgroundOpportunityOutput background(makeOutput(format, &actual));
    QVERIFY(background.begin());
    int first = 0;
    for (int size : pageSizes) {
        QVERIFY(background.writeSummaries(page(first, size)));
        first += size;
    }
    QVERIFY(background.finish(nextToken));
    QVERIFY(background.errorString().isEmpty());

    QVERIFY(expected.size() > 0);
    QCOMPARE(actual.data().size(), expected.data().size());
    QVERIFY(actual.data() == expected.data());
}

void tst_BackgroundOpportunityOutput::callsInOrderOnOneWorkerThread()
{
    RecordingOutput::Log log;
    QStringList expected{u"begin"_s};
    {
        BackgroundOpportunityOutput background(std::make_unique<RecordingOutput>(&log));
        QVERIFY(background.begin());
        int first = 0;
        for (int i = 0; i < 50; ++i) {
            const int size = (i * 37) % (PageSize + 1); // 0..100, including empty pages
            const QList<OpportunitySummary> summaries = page(first, size);
            expected.append(
                    size == 0 ? u"page (empty)"_s
                              : u"page %1..%2"_s.arg(summaries.first().id, summaries.last().id));
            QVERIFY(background.writeSummaries(summaries));
            first += size;
        }
        QVERIFY(background.finish(u"next"_s));
        expected.append(u"finish next"_s);
    }

    std::lock_guard lock(log.mutex);
    QCOMPARE(log.calls, expected);
    // Every page was written by one worker thread; finish() ran on the caller's, after joining.
    const std::thread::id worker = log.threads.first();
    QVERIFY(worker != std::this_thread::get_id());
    for (qsizetype i = 0; i + 1 < log.threads.size(); ++i) {
        QVERIFY2(log.threads.at(i) == worker, qPrintable(log.calls.at(i)));
    }
}

void tst_BackgroundOpportunityOutput::carriesNextToken_forwarded()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(BackgroundOpportunityOutput(makeOutput(u"json"_s, &buffer)).carriesNextToken());
    QVERIFY(!BackgroundOpportunityOutput(makeOutput(u"csv"_s, &buffer)).carriesNextToken());
}

void tst_BackgroundOpportunityOutput::failingDevice_laterCallsFailWithInnerError_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>(
            "failAtCall"); ///< the call whose write fails: 0 begin, 1.. pages, -1 finish

    for (const QString &format : {u"json"_s, u"csv"_s}) {
        QTest::addRow("%s, begin", qPrintable(format)) << format << 0;
        QTest::addRow("%s, first page", qPrintable(format)) << format << 1;
        QTest::addRow("%s, fourth page", qPrintable(format)) << format << 4;
    }
    QTest::addRow("json, finish") << u"json"_s << -1; // CSV writes nothing at finish
}

void tst_BackgroundOpportunityOutput::failingDevice_laterCallsFailWithInnerError()
{
    QFETCH(QString, format);
    QFETCH(int, failAtCall);
    constexpr int Pages = 8;

    // The bytes written up to the failing call, and the inner output's own error, from a direct
    // run on a device without limit.
    QBuffer unlimited;
    unlimited.open(QIODevice::WriteOnly);
    qint64 capacity = 0;
    {
        const auto direct = makeOutput(format, &unlimited);
        QVERIFY(direct->begin());
        for (int i = 1; i <= Pages; ++i) {
            if (failAtCall == i) {
                capacity = unlimited.size();
            }
            QVERIFY(direct->writeSummaries(page(i * PageSize)));
        }
        if (failAtCall == -1) {
            capacity = unlimited.size();
        }
    }
    QString innerError;
    {
        FullDevice device(capacity);
        const auto direct = makeOutput(format, &device);
        bool ok = direct->begin();
        for (int i = 1; i <= Pages; ++i) {
            ok = direct->writeSummaries(page(i * PageSize)) && ok;
        }
        ok = direct->finish(QString()) && ok;
        QVERIFY(!ok);
        innerError = direct->errorString();
    }
    QVERIFY(innerError.contains(u"No space left on device"_s));

    FullDevice device(capacity);
    BackgroundOpportunityOutput background(makeOutput(format, &device));
    // begin() and the pages are queued; a failure shows at a later call, and from then on every
    // call fails with the first error.
    bool ok = background.begin();
    for (int i = 1; i <= Pages; ++i) {
        const bool written = background.writeSummaries(page(i * PageSize));
        if (!ok) {
            QVERIFY2(!written, "a call after a failure must fail too");
        }
        ok = ok && written;
    }
    if (failAtCall >= 0) {
        // Once the queue has run, the failure is known before finish().
        QVERIFY(!background.drain());
        QCOMPARE(background.errorString(), innerError);
        QVERIFY(!background.writeSummaries(page(0)));
    } else {
        QVERIFY(background.drain());
        QVERIFY(background.errorString().isEmpty());
    }
    QVERIFY(!background.finish(QString()));
    QCOMPARE(background.errorString(), innerError);
    QVERIFY(!background.writeSummaries(page(0)));
    QVERIFY(!background.begin());
    QCOMPARE(background.errorString(), innerError);
    QCOMPARE(device.written.size(), capacity);
    QCOMPARE(device.written, unlimited.data().left(capacity));
}

void tst_BackgroundOpportunityOutput::backpressure_blocksWhileQueueIsOverTheBound()
{
    constexpr int PagesWithinBound
            = int(BackgroundOpportunityOutput::MaxPendingSummaries / PageSize);
    QVERIFY(PagesWithinBound >= 2);
    RecordingOutput::Log log;
    QSemaphore gate;
    BackgroundOpportunityOutput background(std::make_unique<RecordingOutput>(&log, &gate));
    QVERIFY(background.begin());

    // A producer queues one page more than the bound allows while the inner output is stuck in
    // its first page: that page counts as pending, so the last writeSummaries() has to wait.
    std::atomic<int> entered = 0;
    std::atomic<int> returned = 0;
    std::atomic<bool> allOk = true;
    std::thread producer([&] {
        for (int i = 0; i <= PagesWithinBound; ++i) {
            ++entered;
            if (!background.writeSummaries(page(i * PageSize))) {
                allOk = false;
            }
            ++returned;
        }
    });
    // On a failed check: unblock and join the producer rather than abort.
    const auto joinProducer = qScopeGuard([&] {
        gate.release(2 * PagesWithinBound);
        if (producer.joinable()) {
            producer.join();
        }
    });

    QTRY_COMPARE(returned.load(), PagesWithinBound);
    QTRY_COMPARE(log.pagesStarted.load(), 1);
    QTRY_COMPARE(entered.load(), PagesWithinBound + 1);
    // The producer is in its last call, which would return at once without backpressure; it
    // stays blocked while the queue is full.
    QVERIFY(Pd::Test::nothingHappens(BlockedCheckMs,
                                     [&] { return returned.load() > PagesWithinBound; }));

    gate.release(); // the first page is written: room for one more
    QTRY_COMPARE(returned.load(), PagesWithinBound + 1);
    producer.join();
    QVERIFY(allOk);
    QTRY_COMPARE(log.pagesStarted.load(), 2);

    gate.release(PagesWithinBound); // the rest
    QVERIFY(background.finish(QString()));
    std::lock_guard lock(log.mutex);
    QCOMPARE(log.calls.size(), 1 + PagesWithinBound + 1 + 1);
}

void tst_BackgroundOpportunityOutput::pageLargerThanTheBound_notBlockedForever()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    BackgroundOpportunityOutput background(makeOutput(u"csv"_s, &buffer));
    const QList<OpportunitySummary> huge
            = page(0, int(BackgroundOpportunityOutput::MaxPendingSummaries) + 1);
    QVERIFY(finishesWithin(60000, [&] {
        background.begin();
        background.writeSummaries(huge);
        background.writeSummaries(huge);
    }));
    QVERIFY(background.finish(QString()));
    QCOMPARE(buffer.data().count('\n'), 1 + 2 * huge.size());
}

void tst_BackgroundOpportunityOutput::drain_writesEverythingAndFreesTheDevice()
{
    QBuffer expected;
    expected.open(QIODevice::WriteOnly);
    {
        JsonOpportunityOutput direct(&expected);
        QVERIFY(direct.begin());
        QVERIFY(direct.writeSummaries(page(0)));
        QVERIFY(direct.writeSummaries(page(100)));
    }

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    BackgroundOpportunityOutput background(makeOutput(u"json"_s, &buffer));
    QVERIFY(background.begin());
    QVERIFY(background.writeSummaries(page(0)));
    QVERIFY(background.writeSummaries(page(100)));
    QVERIFY(background.drain());
    QCOMPARE(buffer.data(), expected.data()); // the worker has stopped: reading is safe

    // The next call starts a new worker and carries on.
    QVERIFY(background.writeSummaries(page(200)));
    QVERIFY(background.finish(QString()));
    QVERIFY(buffer.data().endsWith("\n    ]\n}\n"));
    QCOMPARE(buffer.data().count("\"Id\""), 300);
}

void tst_BackgroundOpportunityOutput::destroyWithoutFinish_drainsAndJoins()
{
    RecordingOutput::Log log;
    QSemaphore gate;
    auto background = std::make_unique<BackgroundOpportunityOutput>(
            std::make_unique<RecordingOutput>(&log, &gate));
    QVERIFY(background->begin());
    for (int i = 0; i < 5; ++i) {
        QVERIFY(background->writeSummaries(page(i * PageSize)));
    }
    QTRY_COMPARE(log.pagesStarted.load(), 1); // the worker is busy with the first page

    // The destructor waits for the queued pages (the gate lets them through once it has been
    // called), never calls finish() and returns with the worker joined.
    std::atomic<bool> destroying = false;
    std::thread opener([&gate, &destroying] {
        destroying.wait(false);
        gate.release(5);
    });
    QVERIFY(finishesWithin(30000, [&background, &destroying] {
        destroying = true;
        destroying.notify_one();
        background.reset();
    }));
    opener.join();

    std::lock_guard lock(log.mutex);
    QCOMPARE(log.calls.size(), 6);
    QCOMPARE(log.calls.first(), u"begin"_s);
    QVERIFY(log.calls.last().startsWith(u"page O0000400"_s));
}

void tst_BackgroundOpportunityOutput::destroyAfterFailure_joins()
{
    FullDevice device(1000);
    auto background = std::make_unique<BackgroundOpportunityOutput>(makeOutput(u"json"_s, &device));
    QVERIFY(background->begin());
    for (int i = 0; i < 3; ++i) {
        background->writeSummaries(page(i * PageSize));
    }
    QVERIFY(finishesWithin(30000, [&background] { background.reset(); }));
    QVERIFY(device.written.size() <= 1000);

    // Destroyed before the worker had anything to do.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(finishesWithin(30000, [&buffer] {
        BackgroundOpportunityOutput unused(makeOutput(u"json"_s, &buffer));
    }));
    QCOMPARE(buffer.size(), 0);
}

QTEST_GUILESS_MAIN(tst_BackgroundOpportunityOutput)
#include "tst_backgroundopportunityoutput.moc"
