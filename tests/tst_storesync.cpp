#include "awsclient.h"
#include "changejournal.h"
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "opportunitystoredb.h"
#include "storesync.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::ChurnResult;
using Pd::Emulator::ChurnStep;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Emulator::EmulatorThread;

namespace {

const QString AccessKey = u"AKIDSTORESYNC"_s;
const QString SecretKey = u"store-sync-secret"_s;
constexpr int WaitMs = 120000;

EmulatorOptions emulatorOptions(int count, int latencyMs = 0)
{
    EmulatorOptions options;
    options.accessKey = AccessKey;
    options.secretKey = SecretKey;
    options.count = count;
    options.sandboxCount = 20;
    options.seed = 5;
    options.latencyMs = latencyMs;
    return options;
}

std::unique_ptr<AwsClient> clientFor(const EmulatorThread &emulator)
{
    ClientConfig config;
    config.endpoint = emulator.endpoint();
    config.maxRequestsPerSecond = 0;
    config.retry.throttlingBaseMs = 20;
    config.retry.transientBaseMs = 5;
    AwsCredentials credentials;
    credentials.accessKeyId = AccessKey;
    credentials.secretAccessKey = SecretKey;
    return std::make_unique<AwsClient>(
            config, std::make_shared<StaticCredentialsProvider>(credentials, u"test"_s));
}

StoreKey keyFor(const EmulatorThread &emulator)
{
    return {AccessKey, emulator.endpoint().toString(), u"AWS"_s};
}

/// Runs one sync to its end.
StoreSync::Status runSync(OpportunityStoreDb *store, AwsClient *client, SyncMode mode,
                          SyncReport *report = nullptr, QString *error = nullptr)
{
    StoreSync sync(store, client);
    sync.setMode(mode);
    QSignalSpy finished(&sync, &StoreSync::finished);
    sync.start();
    if (finished.isEmpty() && !finished.wait(WaitMs)) {
        return StoreSync::Status::Running;
    }
    if (report) {
        *report = sync.report();
    }
    if (error) {
        *error = sync.errorString();
    }
    return sync.status();
}

/// Id → the summary's JSON, of every opportunity in the emulator's catalog AWS.
QMap<QString, QByteArray> serviceRows(EmulatorThread *emulator)
{
    QByteArray data;
    QMetaObject::invokeMethod(
            emulator->server(), [&] { data = emulator->server()->dataJson(u"AWS"_s); },
            Qt::BlockingQueuedConnection);
    ListOpportunitiesResponse response;
    QString error;
    ListOpportunitiesResponse::parse(data, &response, &error);
    QMap<QString, QByteArray> rows;
    for (const OpportunitySummary &summary : std::as_const(response.opportunitySummaries)) {
        rows.insert(summary.id, summary.toJson());
    }
    return rows;
}

QMap<QString, QByteArray> storeRows(const OpportunityStoreDb &store)
{
    QList<OpportunitySummary> summaries;
    QString error;
    store.summaries(&summaries, &error);
    QMap<QString, QByteArray> rows;
    for (const OpportunitySummary &summary : std::as_const(summaries)) {
        rows.insert(summary.id, summary.toJson());
    }
    return rows;
}

/// The greatest LastModifiedDate text of the service's rows.
QString serviceMaximum(const QMap<QString, QByteArray> &rows)
{
    QString best;
    qint64 bestMs = OpportunitySummary::NoTime;
    for (const QByteArray &json : rows) {
        ListOpportunitiesResponse response;
        QString error;
        ListOpportunitiesResponse::parse("{\"OpportunitySummaries\":[" + json + "]}", &response,
                                         &error);
        const OpportunitySummary &summary = response.opportunitySummaries.constFirst();
        if (summary.lastModifiedDateMs > bestMs) {
            bestMs = summary.lastModifiedDateMs;
            best = summary.lastModifiedDate;
        }
    }
    return best;
}

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QProcessEnvironment cliEnvironment(const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys()) {
        if (name.startsWith(u"AWS_"_s) || name.endsWith(u"_proxy"_s, Qt::CaseInsensitive)) {
            environment.remove(name);
        }
    }
    environment.insert(u"HOME"_s, home);
    environment.insert(u"XDG_CONFIG_HOME"_s, home + u"/.config"_s);
    environment.insert(u"XDG_DATA_HOME"_s, home + u"/.local/share"_s);
    environment.insert(u"AWS_ACCESS_KEY_ID"_s, AccessKey);
    environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, SecretKey);
    return environment;
}

/// partnerdesk-cli with `arguments`, in an environment of its own; `modifier` runs in the child
/// before it executes the program (a user, a file size limit).
CliRun runCli(const QStringList &arguments, const QString &home,
              const std::function<void()> &modifier = {})
{
    QProcess process;
    process.setProcessEnvironment(cliEnvironment(home));
    if (modifier) {
        process.setChildProcessModifier(modifier);
    }
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(PD_CLI_PATH), arguments);
    CliRun run;
    if (!finished.wait(WaitMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

QStringList syncArguments(const EmulatorThread &emulator, const QString &store)
{
    return {u"sync"_s,
            u"--catalog"_s,
            u"AWS"_s,
            u"--store"_s,
            store,
            u"--endpoint-url"_s,
            emulator.endpoint().toString(),
            u"--max-rps"_s,
            u"0"_s,
            u"--output"_s,
            u"json"_s};
}

bool isRoot()
{
#ifdef Q_OS_UNIX
    return geteuid() == 0;
#else
    return false;
#endif
}

} // namespace

class TestStoreSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstSyncListsEverything();
    void incrementalSyncFindsChurnAtTheBoundary();
    void fullSyncMarksRemovals();
    void killedSyncsConvergeExactly();
    void corruptFileIsKeptAside();
    void readOnlyFolderFailsAndKeepsTheData();
    void fullDiskFailsAndKeepsTheData();
    void oneSyncAtATime();
    void anotherProcessSyncingIsReported();
    void migratedStoreSyncsOn();
    void throttlingIsAWait();
    void cancelKeepsTheWatermark();

private:
    QTemporaryDir m_dir;
};

void TestStoreSync::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QFile::exists(QStringLiteral(PD_CLI_PATH)));
    QLoggingCategory::setFilterRules(u"partnerdesk.*.info=false"_s);
}

void TestStoreSync::firstSyncListsEverything()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(1200), &error), qPrintable(error));
    const auto client = clientFor(emulator);
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QVERIFY2(store.open(dir.filePath(u"s.sqlite"_s), keyFor(emulator), &error), qPrintable(error));

    SyncReport report;
    QCOMPARE(runSync(&store, client.get(), SyncMode::Incremental, &report),
             StoreSync::Status::Succeeded);
    QCOMPARE(report.record.mode, SyncMode::Full); // nothing to be incremental from
    QCOMPARE(report.record.newCount, 1200);
    QCOMPARE(report.newIds.size(), 1200);
    QCOMPARE(report.record.changedCount + report.record.removedCount, 0);
    QVERIFY(report.record.pages >= 12);
    QVERIFY(report.record.requests >= report.record.pages);
    QVERIFY(report.record.durationMs >= 0);
    const QMap<QString, QByteArray> service = serviceRows(&emulator);
    QCOMPARE(storeRows(store), service);
    QCOMPARE(report.record.watermark, serviceMaximum(service));
    QCOMPARE(store.watermark(), report.record.watermark);
    QVERIFY(store.isComplete());
}

void TestStoreSync::incrementalSyncFindsChurnAtTheBoundary()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(2000), &error), qPrintable(error));
    const auto client = clientFor(emulator);
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), keyFor(emulator), &error));
    QCOMPARE(runSync(&store, client.get(), SyncMode::Full), StoreSync::Status::Succeeded);
    const QMap<QString, QByteArray> before = storeRows(store);
    const QString watermark = store.watermark();

    const ChurnResult churn = emulator.churn(u"AWS"_s, {6, 3, 0});
    QCOMPARE(churn.previousMaximum, watermark);
    QCOMPARE(churn.modifiedIds.size(), 6);
    const int requestsBefore = emulator.server()->requestCount();
    SyncReport report;
    QCOMPARE(runSync(&store, client.get(), SyncMode::Incremental, &report),
             StoreSync::Status::Succeeded);
    QCOMPARE(report.record.mode, SyncMode::Incremental);
    // The first modification got exactly the old watermark: found only because the bound is
    // inclusive.
    QVERIFY(report.changedIds.contains(churn.modifiedIds.first()));
    QCOMPARE(QSet<QString>(report.changedIds.cbegin(), report.changedIds.cend()),
             QSet<QString>(churn.modifiedIds.cbegin(), churn.modifiedIds.cend()));
    QCOMPARE(QSet<QString>(report.newIds.cbegin(), report.newIds.cend()),
             QSet<QString>(churn.createdIds.cbegin(), churn.createdIds.cend()));
    QVERIFY(report.record.unchangedCount >= 1); // the row that set the watermark, again
    QVERIFY(report.record.requests <= 2);
    QCOMPARE(emulator.server()->requestCount() - requestsBefore, report.record.requests);
    QVERIFY2(emulator.server()->lastRequestBody().contains("\"AfterLastModifiedDate\":\""
                                                           + watermark.toUtf8() + '"'),
             emulator.server()->lastRequestBody().constData());
    QCOMPARE(storeRows(store), serviceRows(&emulator));
    QVERIFY(store.watermark() > watermark);

    // The journal: old → new values of every changed field, as the summaries say.
    const ChangeJournal journal(&store);
    for (const QString &id : churn.modifiedIds) {
        const QList<JournalEntry> history = journal.history(id);
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().change, JournalEntry::Change::Changed);
        ListOpportunitiesResponse old;
        QVERIFY(ListOpportunitiesResponse::parse(
                "{\"OpportunitySummaries\":[" + before.value(id) + "]}", &old, &error));
        const OpportunitySummary now = store.summary(id).value_or(OpportunitySummary());
        QCOMPARE(history.first().fields,
                 ChangeJournal::diff(old.opportunitySummaries.first(), now));
        const auto stage = std::find_if(
                history.first().fields.cbegin(), history.first().fields.cend(),
                [](const FieldChange &f) { return f.field == OpportunityField::Stage; });
        QVERIFY(stage != history.first().fields.cend());
        QCOMPARE(stage->newValue, "\"" + now.stage.toUtf8() + "\"");
    }
    QCOMPARE(journal.entriesOfLastSyncs(1).size(), 9);
    QCOMPARE(store.unseenIds().size(), 9);

    // Nothing new: one request, nothing changed.
    QCOMPARE(runSync(&store, client.get(), SyncMode::Incremental, &report),
             StoreSync::Status::Succeeded);
    QCOMPARE(report.record.requests, 1);
    QCOMPARE(report.record.newCount + report.record.changedCount, 0);
}

void TestStoreSync::fullSyncMarksRemovals()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(800), &error), qPrintable(error));
    const auto client = clientFor(emulator);
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), keyFor(emulator), &error));
    QCOMPARE(runSync(&store, client.get(), SyncMode::Full), StoreSync::Status::Succeeded);

    const ChurnResult churn = emulator.churn(u"AWS"_s, {2, 1, 4});
    SyncReport report;
    QCOMPARE(runSync(&store, client.get(), SyncMode::Incremental, &report),
             StoreSync::Status::Succeeded);
    QCOMPARE(report.record.removedCount, 0); // an incremental listing cannot see removals
    QCOMPARE(store.count(), 801);

    QCOMPARE(runSync(&store, client.get(), SyncMode::Full, &report), StoreSync::Status::Succeeded);
    QCOMPARE(report.record.mode, SyncMode::Full);
    QCOMPARE(QSet<QString>(report.removedIds.cbegin(), report.removedIds.cend()),
             QSet<QString>(churn.removedIds.cbegin(), churn.removedIds.cend()));
    QCOMPARE(report.record.removedCount, 4);
    QCOMPARE(report.record.newCount + report.record.changedCount, 0);
    QCOMPARE(report.record.unchangedCount, 797);
    QCOMPARE(storeRows(store), serviceRows(&emulator));
    const QList<JournalEntry> removed = ChangeJournal(&store).entriesOfLastSyncs(1);
    QCOMPARE(removed.size(), 4);
    for (const JournalEntry &entry : removed) {
        QCOMPARE(entry.change, JournalEntry::Change::Removed);
        QVERIFY(!entry.lastModifiedDate.isEmpty());
    }
}

void TestStoreSync::killedSyncsConvergeExactly()
{
    // A slow service, so that the syncs are killed mid-listing as well as between pages and
    // after the listing.
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(8000, 20), &error), qPrintable(error));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"killed.sqlite"_s);
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo() << "kill points from seed" << seed;
    QRandomGenerator random(seed);
    // Kill points are counted in responses the service has served (counted in this thread).
    int served = 0;
    QObject counter;
    connect(emulator.server(), &EmulatorServer::requestServed, &counter, [&served] { ++served; });
    // Rounds 0-3 kill the first full listing (80 pages) after 1 to 16 of them; round 4 lets a
    // sync finish, so that the store is complete; the others kill incremental syncs, each
    // after a churn, at a random point: at once, or after its first or second page, which
    // lands in its work on the page, at its end or never (the sync finishes first).
    constexpr int Rounds = 14;
    int killed = 0;
    for (int round = 0; round < Rounds; ++round) {
        QProcess cli;
        cli.setProcessEnvironment(cliEnvironment(dir.path()));
        served = 0;
        cli.start(QStringLiteral(PD_CLI_PATH), syncArguments(emulator, path));
        QVERIFY(cli.waitForStarted(10000));
        if (round == 4) {
            QVERIFY(cli.waitForFinished(WaitMs));
            QCOMPARE(cli.exitCode(), 0);
        } else {
            const int killAfterPages = round < 4 ? 1 + round * 5 : int(random.bounded(3));
            QVERIFY(QTest::qWaitFor(
                    [&] { return served >= killAfterPages || cli.state() == QProcess::NotRunning; },
                    WaitMs));
            if (cli.state() != QProcess::NotRunning) {
                cli.kill(); // SIGKILL
                QVERIFY(cli.waitForFinished(10000));
                ++killed;
            }
        }
        emulator.churn(u"AWS"_s, {40, 5, 0});
    }
    qInfo() << killed << "of" << Rounds - 1 << "syncs killed before they finished";
    QVERIFY(killed >= 4);

    const CliRun last = runCli(syncArguments(emulator, path), dir.path());
    QCOMPARE(last.exitCode, 0);
    OpportunityStoreDb store;
    QVERIFY2(store.open(path, keyFor(emulator), &error), qPrintable(error));
    const QMap<QString, QByteArray> service = serviceRows(&emulator);
    QCOMPARE(storeRows(store), service);
    QCOMPARE(store.watermark(), serviceMaximum(service));
    QVERIFY(store.isComplete());
}

void TestStoreSync::corruptFileIsKeptAside()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(300), &error), qPrintable(error));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(9000, '\x01'));
    file.close();

    const CliRun run = runCli(syncArguments(emulator, path), dir.path());
    QCOMPARE(run.exitCode, 0);
    const QStringList aside = QDir(dir.path()).entryList({u"s.sqlite.corrupt-*"_s});
    QCOMPARE(aside.size(), 1);
    QVERIFY2(run.err.contains(path.toUtf8()), run.err.constData());
    QVERIFY2(run.err.contains(dir.filePath(aside.first()).toUtf8()), run.err.constData());
    QCOMPARE(QFile(dir.filePath(aside.first())).size(), 9000);
    OpportunityStoreDb store;
    QVERIFY(store.open(path, keyFor(emulator), &error));
    QCOMPARE(store.count(), 300);
}

void TestStoreSync::readOnlyFolderFailsAndKeepsTheData()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(300), &error), qPrintable(error));
    QTemporaryDir dir;
    // A folder the child may enter: the temporary directory is private.
    QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                              | QFileDevice::ExeOwner | QFileDevice::ExeGroup
                                              | QFileDevice::ExeOther);
    const QString folder = dir.filePath(u"stores"_s);
    const QString path = folder + u"/s.sqlite"_s;
    QCOMPARE(runCli(syncArguments(emulator, path), dir.path()).exitCode, 0);
    emulator.churn(u"AWS"_s, {20, 0, 0});

    // Root writes anywhere: the child runs as nobody, who owns the folder it cannot write.
    std::function<void()> asOtherUser;
#ifdef Q_OS_UNIX
    if (isRoot()) {
        constexpr uid_t Nobody = 65534;
        QVERIFY(::chown(qPrintable(folder), Nobody, Nobody) == 0);
        QVERIFY(::chown(qPrintable(path), Nobody, Nobody) == 0);
        asOtherUser = [] {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
                ::_exit(99);
            }
        };
    }
#endif
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    const CliRun sync = runCli(syncArguments(emulator, path), dir.path(), asOtherUser);
    QFile::setPermissions(folder,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QCOMPARE(sync.exitCode, 255);
    QVERIFY2(sync.err.contains("read-only"), sync.err.constData());
    QVERIFY2(sync.err.contains(path.toUtf8()), sync.err.constData());

    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    const CliRun list = runCli({u"list-opportunities"_s, u"--catalog"_s, u"AWS"_s,
                                u"--from-store"_s, u"--store"_s, path, u"--output"_s, u"csv"_s},
                               dir.path(), asOtherUser);
    QFile::setPermissions(folder,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QCOMPARE(list.exitCode, 0);
    QCOMPARE(list.out.count("\r\nO"), 300);
}

void TestStoreSync::fullDiskFailsAndKeepsTheData()
{
#ifndef Q_OS_UNIX
    QSKIP("A file size limit needs setrlimit.");
#else
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(600), &error), qPrintable(error));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    QCOMPARE(runCli(syncArguments(emulator, path), dir.path()).exitCode, 0);
    QString watermark;
    {
        OpportunityStoreDb store;
        QVERIFY(store.open(path, keyFor(emulator), &error));
        watermark = store.watermark();
    }
    emulator.churn(u"AWS"_s, {300, 0, 0});
    // Every file of the child may grow to 48 KiB: the sync's first page does not fit.
    const CliRun sync = runCli(syncArguments(emulator, path), dir.path(), [] {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{48 * 1024, 48 * 1024};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    QCOMPARE(sync.exitCode, 255);
    QVERIFY2(sync.err.contains("disk"), sync.err.constData());
    QVERIFY2(sync.err.contains("stays readable"), sync.err.constData());

    OpportunityStoreDb store;
    QVERIFY2(store.open(path, keyFor(emulator), &error), qPrintable(error));
    QCOMPARE(store.count(), 600);
    QCOMPARE(store.watermark(), watermark);
    // And with room again, the sync catches up.
    QCOMPARE(runCli(syncArguments(emulator, path), dir.path()).exitCode, 0);
    QCOMPARE(storeRows(store), serviceRows(&emulator));
#endif
}

void TestStoreSync::oneSyncAtATime()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(600, 40), &error), qPrintable(error));
    const auto client = clientFor(emulator);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    OpportunityStoreDb first;
    OpportunityStoreDb second;
    QVERIFY(first.open(path, keyFor(emulator), &error));
    QVERIFY(second.open(path, keyFor(emulator), &error));

    StoreSync running(&first, client.get());
    QSignalSpy progress(&running, &StoreSync::progress);
    QSignalSpy finished(&running, &StoreSync::finished);
    running.start();
    QVERIFY(progress.wait(WaitMs));
    QVERIFY(second.isSyncRunningElsewhere());

    StoreSync refused(&second, client.get());
    QSignalSpy refusedFinished(&refused, &StoreSync::finished);
    refused.start();
    QCOMPARE(refusedFinished.size(), 1);
    QCOMPARE(refused.status(), StoreSync::Status::Busy);
    QVERIFY2(refused.errorString().contains(u"running"_s), qPrintable(refused.errorString()));
    // Reading goes on meanwhile.
    QVERIFY(second.count() > 0);

    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(running.status(), StoreSync::Status::Succeeded);
    QVERIFY(!second.isSyncRunningElsewhere());
    QCOMPARE(runSync(&second, client.get(), SyncMode::Incremental), StoreSync::Status::Succeeded);
}

void TestStoreSync::anotherProcessSyncingIsReported()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(200), &error), qPrintable(error));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    OpportunityStoreDb holder;
    QVERIFY(holder.open(path, keyFor(emulator), &error));
    QVERIFY(holder.tryLockSync());
    const CliRun run = runCli(syncArguments(emulator, path), dir.path());
    QCOMPARE(run.exitCode, 255);
    QVERIFY2(run.err.contains("A sync of this local copy is running"), run.err.constData());
    QVERIFY2(run.err.contains(QByteArray::number(QCoreApplication::applicationPid())),
             run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestStoreSync::migratedStoreSyncsOn()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(1500), &error), qPrintable(error));
    const auto client = clientFor(emulator);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"v1.sqlite"_s);
    QVERIFY(QFile::copy(QStringLiteral(PD_SOURCE_DIR "/tests/data/store-v1.sqlite"), path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    OpportunityStoreDb store;
    QVERIFY2(store.openExisting(path, &error), qPrintable(error));
    QCOMPARE(store.count(), 5);
    const QString watermark = store.watermark();

    SyncReport report;
    QCOMPARE(runSync(&store, client.get(), SyncMode::Incremental, &report),
             StoreSync::Status::Succeeded);
    QCOMPARE(report.record.mode, SyncMode::Incremental);
    QCOMPARE(report.record.watermarkBefore, watermark);
    QVERIFY(report.record.newCount + report.record.changedCount > 0);
    QVERIFY(store.watermark() > watermark);
    QCOMPARE(store.count(), 5 + report.record.newCount);
}

void TestStoreSync::throttlingIsAWait()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(700), &error), qPrintable(error));
    const auto client = clientFor(emulator);
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), keyFor(emulator), &error));
    emulator.server()->failNext(2, 429, u"ThrottlingException"_s);

    StoreSync sync(&store, client.get());
    QSignalSpy waiting(&sync, &StoreSync::waitingForQuota);
    QSignalSpy finished(&sync, &StoreSync::finished);
    sync.start();
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(sync.status(), StoreSync::Status::Succeeded);
    QVERIFY(!waiting.isEmpty());
    QVERIFY(sync.report().record.requests > sync.report().record.pages);
    QCOMPARE(storeRows(store), serviceRows(&emulator));
}

void TestStoreSync::cancelKeepsTheWatermark()
{
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(3000, 30), &error), qPrintable(error));
    const auto client = clientFor(emulator);
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), keyFor(emulator), &error));

    StoreSync sync(&store, client.get());
    QSignalSpy progress(&sync, &StoreSync::progress);
    QSignalSpy finished(&sync, &StoreSync::finished);
    sync.start();
    QVERIFY(progress.wait(WaitMs));
    sync.cancel();
    QVERIFY(finished.size() == 1 || finished.wait(WaitMs));
    QCOMPARE(sync.status(), StoreSync::Status::Cancelled);
    QVERIFY(store.count() > 0); // what was committed stays
    QVERIFY(store.watermark().isEmpty());
    QVERIFY(!store.isComplete());
    const QList<SyncRecord> syncs = ChangeJournal(&store).syncs(1);
    QCOMPARE(syncs.first().status, SyncRecord::Status::Cancelled);

    QCOMPARE(runSync(&store, client.get(), SyncMode::Incremental), StoreSync::Status::Succeeded);
    QCOMPARE(storeRows(store), serviceRows(&emulator));
}

QTEST_GUILESS_MAIN(TestStoreSync)
#include "tst_storesync.moc"
