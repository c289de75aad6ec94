#include "changejournal.h"
#include "clientconfig.h"
#include "credentialsprovider.h"
#include "opportunityquery.h"
#include "opportunitystoredb.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

const StoreKey Key{u"AKIDSTORETEST"_s, u"http://127.0.0.1:1"_s, u"AWS"_s};

OpportunitySummary row(int n, qint64 modifiedMs, const QString &stage = u"Prospect"_s)
{
    OpportunitySummary s;
    s.catalog = u"AWS"_s;
    s.id = u"O%1"_s.arg(1000 + n);
    s.lastModifiedDateMs = modifiedMs;
    s.lastModifiedDate = Model::formatDateTime(QDateTime::fromMSecsSinceEpoch(modifiedMs, Qt::UTC));
    s.hasLifeCycle = true;
    s.stage = stage;
    s.hasCustomer = true;
    s.hasAccount = true;
    s.companyName = u"Company %1"_s.arg(n % 7);
    return s;
}

QList<OpportunitySummary> rows(int count, qint64 baseMs = 1'700'000'000'000)
{
    QList<OpportunitySummary> list;
    for (int i = 0; i < count; ++i) {
        list.append(row(i, baseMs + i * 1000));
    }
    return list;
}

QStringList idsOf(const QList<OpportunitySummary> &summaries)
{
    QStringList ids;
    for (const OpportunitySummary &s : summaries) {
        ids.append(s.id);
    }
    return ids;
}

/// One sync as StoreSync runs it: begin, the pages, removals after a full one, finish.
bool sync(OpportunityStoreDb *store, SyncMode mode, const QList<QList<OpportunitySummary>> &pages,
          SyncRecord *record = nullptr)
{
    QString error;
    SyncRecord local;
    SyncRecord &r = record ? *record : local;
    r.mode = mode;
    r.id = store->beginSync(mode, &error);
    if (r.id == 0) {
        qWarning() << error;
        return false;
    }
    for (const QList<OpportunitySummary> &page : pages) {
        OpportunityStoreDb::PageOutcome outcome;
        if (!store->applyPage(r.id, page, &outcome, &error)) {
            qWarning() << error;
            return false;
        }
        r.newCount += outcome.added.size();
        r.changedCount += outcome.changed.size();
        r.unchangedCount += outcome.unchanged;
    }
    if (mode == SyncMode::Full) {
        QStringList removed;
        if (!store->markUnseenRemoved(r.id, &removed, &error)) {
            return false;
        }
        r.removedCount = removed.size();
    }
    r.status = SyncRecord::Status::Succeeded;
    return store->finishSync(r, 90, &error);
}

QFileDevice::Permissions permissionsOf(const QString &path)
{
    return QFileInfo(path).permissions()
           & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
              | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
              | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
}

} // namespace

class TestOpportunityStoreDb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newStoreIsPrivateAndInWalMode();
    void defaultPathDependsOnTheWholeKey();
    void keyOfAConnection();
    void firstSyncStoresEverythingWithoutJournal();
    void laterSyncsTellNewChangedAndUnchanged();
    void fullSyncMarksWhatDidNotComeBackAsRemoved();
    void readingKeepsTheServiceOrder();
    void queryAppliesFiltersAndSort();
    void queryPagesHandsOnTheQueryInPages();
    void rowMovedDuringTheFirstListingIsStoredOnce();
    void killedFirstListingIsIndexedWhenOpened();
    void seenMarkers();
    void watermarkMovesOnlyWithFinishedSyncs();
    void notSQLiteIsSetAside();
    void damagedDatabaseIsSetAside();
    void otherProgramsDatabaseIsSetAside();
    void anotherKeyIsRefused();
    void newerSchemaIsRefused();
    void migratesTheVersion1File();
    void migratesTheVersion3File();
    void oneSyncLockAtATime();
    void removeDeletesTheFiles();
};

void TestOpportunityStoreDb::newStoreIsPrivateAndInWalMode()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"new/folder/store.sqlite"_s);
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(path, Key, &error), qPrintable(error));
    QVERIFY(store.warning().isEmpty());
    QCOMPARE(permissionsOf(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QCOMPARE(permissionsOf(dir.filePath(u"new/folder"_s)),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    SqliteStatement mode = store.database()->prepare("PRAGMA journal_mode");
    QCOMPARE(mode.step(), SqliteStatement::Step::Row);
    QCOMPARE(mode.text(0), u"wal"_s);
    QCOMPARE(store.database()->scalar("PRAGMA user_version"), OpportunityStoreDb::SchemaVersion);
    QCOMPARE(store.key(), Key);
    QVERIFY(!store.isComplete());
    QVERIFY(store.watermark().isEmpty());
    QVERIFY(!store.lastSyncedAt().isValid());
}

void TestOpportunityStoreDb::defaultPathDependsOnTheWholeKey()
{
    const QString path = OpportunityStoreDb::defaultPath(Key);
    QCOMPARE(OpportunityStoreDb::defaultPath(Key), path);
    QVERIFY(path.endsWith(u".sqlite"_s));
    QVERIFY2(QFileInfo(path).fileName().startsWith(u"AWS-127.0.0.1-AKIDSTORETEST-"_s),
             qPrintable(path));
    QVERIFY(path.contains(u"/stores/"_s));
    for (StoreKey other : {StoreKey{u"AKIDOTHER"_s, Key.endpoint, Key.catalog},
                           StoreKey{Key.identity, u"http://127.0.0.1:2"_s, Key.catalog},
                           StoreKey{Key.identity, Key.endpoint, u"Sandbox"_s}}) {
        QVERIFY(OpportunityStoreDb::defaultPath(other) != path);
    }
}

void TestOpportunityStoreDb::keyOfAConnection()
{
    ClientConfig config;
    config.endpoint = QUrl(u"https://partnercentral-selling.us-east-1.api.aws/"_s);
    AwsCredentials keys;
    keys.accessKeyId = u"AKIDFROMENV"_s;
    keys.secretAccessKey = u"secret-never-in-a-key"_s;
    const StaticCredentialsProvider fixed(keys, u"environment"_s);
    const StoreKey key = StoreKey::forConnection(config, &fixed, u"default"_s, u"AWS"_s);
    QCOMPARE(key.identity, u"AKIDFROMENV"_s);
    QCOMPARE(key.endpoint, u"https://partnercentral-selling.us-east-1.api.aws"_s);
    QVERIFY(!OpportunityStoreDb::defaultPath(key).contains(u"secret"_s));
    QCOMPARE(StoreKey::forConnection(config, nullptr, u"sales"_s, u"AWS"_s).identity,
             u"profile:sales"_s);
    QCOMPARE(StoreKey::demo(u"AWS"_s).identity, u"demo"_s);
}

void TestOpportunityStoreDb::firstSyncStoresEverythingWithoutJournal()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    SyncRecord record;
    QVERIFY(sync(&store, SyncMode::Full, {rows(150).mid(0, 100), rows(150).mid(100)}, &record));
    QCOMPARE(record.newCount, 150);
    QCOMPARE(store.count(), 150);
    QVERIFY(store.isComplete());
    QVERIFY(store.lastSyncedAt().isValid());
    QVERIFY(store.unseenIds().isEmpty());
    QVERIFY(ChangeJournal(&store).entriesOfLastSyncs(10).isEmpty());
    // The indexes dropped for the first listing are back.
    QCOMPARE(store.database()->scalar(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE "
                     "'opportunities_%'"),
             7);
}

void TestOpportunityStoreDb::laterSyncsTellNewChangedAndUnchanged()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    QVERIFY(sync(&store, SyncMode::Full, {rows(10)}));

    QList<OpportunitySummary> page = rows(10).mid(8); // rows 8 and 9 again, unchanged
    OpportunitySummary changed = row(3, 1'800'000'000'000, u"Qualified"_s);
    page.append(changed);
    page.append(row(42, 1'800'000'000'001));
    SyncRecord record;
    QVERIFY(sync(&store, SyncMode::Incremental, {page, {page.first()}}, &record));
    QCOMPARE(record.unchangedCount, 2); // a row repeated in one sync counts once
    QCOMPARE(record.changedCount, 1);
    QCOMPARE(record.newCount, 1);
    QCOMPARE(store.count(), 11);
    QCOMPARE(store.summary(changed.id).value_or(OpportunitySummary()), changed);

    const QList<JournalEntry> entries = ChangeJournal(&store).entriesOfLastSyncs(1);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).id, changed.id);
    QCOMPARE(entries.at(0).change, JournalEntry::Change::Changed);
    QCOMPARE(entries.at(0).lastModifiedDate, changed.lastModifiedDate);
    QCOMPARE(entries.at(1).change, JournalEntry::Change::New);
    QCOMPARE(entries.at(1).id, u"O1042"_s);
    QStringList names;
    for (const FieldChange &field : entries.at(0).fields) {
        names.append(field.name());
    }
    QCOMPARE(names, QStringList({u"LastModifiedDate"_s, u"LifeCycle.Stage"_s}));
    QCOMPARE(entries.at(0).fields.at(1).oldValue, "\"Prospect\""_ba);
    QCOMPARE(entries.at(0).fields.at(1).newValue, "\"Qualified\""_ba);
}

void TestOpportunityStoreDb::fullSyncMarksWhatDidNotComeBackAsRemoved()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    QVERIFY(sync(&store, SyncMode::Full, {rows(5)}));
    SyncRecord record;
    QVERIFY(sync(&store, SyncMode::Full, {rows(5).mid(0, 3)}, &record));
    QCOMPARE(record.removedCount, 2);
    QCOMPARE(store.count(), 3);
    QVERIFY(!store.summary(u"O1004"_s));
    QList<OpportunitySummary> all;
    QVERIFY(store.summaries(&all, &error));
    QCOMPARE(all.size(), 3);
    const QList<JournalEntry> entries = ChangeJournal(&store).entriesOfLastSyncs(1);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).change, JournalEntry::Change::Removed);
    QCOMPARE(entries.at(0).id, u"O1003"_s);
    QCOMPARE(entries.at(0).lastModifiedDate, rows(5).at(3).lastModifiedDate);

    // Back again: new.
    QVERIFY(sync(&store, SyncMode::Incremental, {rows(5).mid(4)}, &record));
    QCOMPARE(record.newCount, 1);
    QCOMPARE(store.count(), 4);
}

void TestOpportunityStoreDb::readingKeepsTheServiceOrder()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    QList<OpportunitySummary> data = rows(250);
    data.append(row(700, data.at(17).lastModifiedDateMs)); // a tie
    data.append(row(80000, data.at(17).lastModifiedDateMs));
    QVERIFY(sync(&store, SyncMode::Full, {data}));

    QList<OpportunitySummary> all;
    QVERIFY(store.summaries(&all, &error));
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    QCOMPARE(idsOf(all), idsOf(OpportunityQuery(request).apply(data)));

    QStringList paged;
    int pages = 0;
    QVERIFY(store.readPages(
            100,
            [&](const QByteArray &body) {
                ListOpportunitiesResponse response;
                QString parseError;
                if (!ListOpportunitiesResponse::parse(body, &response, &parseError)) {
                    return false;
                }
                paged += idsOf(response.opportunitySummaries);
                ++pages;
                return true;
            },
            &error));
    QCOMPARE(pages, 3);
    QCOMPARE(paged, idsOf(all));
}

void TestOpportunityStoreDb::queryAppliesFiltersAndSort()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    QList<OpportunitySummary> data = rows(60);
    for (int i = 0; i < data.size(); i += 3) {
        data[i].stage = u"Qualified"_s;
    }
    QVERIFY(sync(&store, SyncMode::Full, {data}));
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.lifeCycleStage = {u"Qualified"_s};
    request.customerCompanyName = {u"COMPANY 3"_s};
    request.sort = OpportunitySort{u"CustomerCompanyName"_s, u"ASCENDING"_s};
    QList<OpportunitySummary> found;
    QVERIFY(store.query(request, &found, &error));
    QVERIFY(!found.isEmpty());
    QCOMPARE(idsOf(found), idsOf(OpportunityQuery(request).apply(data)));
}

void TestOpportunityStoreDb::queryPagesHandsOnTheQueryInPages()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    QList<OpportunitySummary> data = rows(250);
    data.append(row(700, data.at(17).lastModifiedDateMs)); // ties, by Id descending
    data.append(row(80000, data.at(17).lastModifiedDateMs));
    for (int i = 0; i < data.size(); i += 4) {
        data[i].stage = u"Qualified"_s;
    }
    QVERIFY(sync(&store, SyncMode::Full, {data.mid(0, 100), data.mid(100)}));

    ListOpportunitiesRequest everything;
    everything.catalog = u"AWS"_s;
    ListOpportunitiesRequest byDefaultSort = everything;
    byDefaultSort.sort = OpportunitySort{u"LastModifiedDate"_s, u"DESCENDING"_s};
    ListOpportunitiesRequest ascending = everything;
    ascending.sort = OpportunitySort{u"LastModifiedDate"_s, u"ASCENDING"_s};
    ListOpportunitiesRequest qualified = everything;
    qualified.lifeCycleStage = {u"Qualified"_s};
    ListOpportunitiesRequest otherCatalog = everything;
    otherCatalog.catalog = u"Sandbox"_s;
    for (const ListOpportunitiesRequest &request :
         {everything, byDefaultSort, ascending, qualified, otherCatalog}) {
        QList<OpportunitySummary> expected;
        QVERIFY(store.query(request, &expected, &error));
        QCOMPARE(idsOf(expected), idsOf(OpportunityQuery(request).apply(data)));
        QStringList paged;
        QList<qsizetype> sizes;
        QVERIFY(store.queryPages(
                request, 100,
                [&](QList<OpportunitySummary> &&page) {
                    paged += idsOf(page);
                    sizes.append(page.size());
                    return true;
                },
                &error));
        QCOMPARE(paged, idsOf(expected));
        for (qsizetype i = 0; i < sizes.size(); ++i) {
            QCOMPARE(sizes.at(i), i + 1 < sizes.size() ? 100 : (expected.size() - 1) % 100 + 1);
        }
        // The stored JSON comes back as it was received.
        if (!expected.isEmpty()) {
            QList<OpportunitySummary> first;
            QVERIFY(store.queryPages(
                    request, 1,
                    [&](QList<OpportunitySummary> &&page) {
                        first = page;
                        return false;
                    },
                    &error));
            QCOMPARE(first.size(), 1);
            QCOMPARE(first.first().toJson(), expected.first().toJson());
        }
    }
}

void TestOpportunityStoreDb::rowMovedDuringTheFirstListingIsStoredOnce()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    const QList<OpportunitySummary> data = rows(150);
    // Modified while the listing ran: it comes back on a later page too, newer.
    OpportunitySummary moved = data.at(20);
    moved.stage = u"Committed"_s;
    moved.lastModifiedDateMs += 3'600'000;
    moved.lastModifiedDate = Model::formatDateTime(
            QDateTime::fromMSecsSinceEpoch(moved.lastModifiedDateMs, Qt::UTC));
    SyncRecord record;
    QVERIFY(sync(&store, SyncMode::Full, {data.mid(0, 100), data.mid(100) + QList{moved}},
                 &record));
    QCOMPARE(record.newCount, 150);
    QCOMPARE(record.changedCount, 1);
    QCOMPARE(store.count(), 150);
    QCOMPARE(store.database()->scalar("SELECT count(*) FROM opportunities"), 150);
    QCOMPARE(store.summary(moved.id)->stage, u"Committed"_s);
    // Ids are unique once the listing has ended.
    QVERIFY(!store.database()->exec("INSERT INTO opportunities(id, catalog, json, first_seen_ms,"
                                    " last_seen_ms, seen_sync, changed_sync)"
                                    " VALUES('O1020', 'AWS', '{}', 0, 0, 0, 0)"));
}

void TestOpportunityStoreDb::killedFirstListingIsIndexedWhenOpened()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    const QList<OpportunitySummary> data = rows(150);
    {
        // Begun and a page committed, then the process ends without another word.
        OpportunityStoreDb store;
        QString error;
        QVERIFY(store.open(path, Key, &error));
        const qint64 syncId = store.beginSync(SyncMode::Full, &error);
        QVERIFY(syncId > 0);
        OpportunityStoreDb::PageOutcome outcome;
        QVERIFY(store.applyPage(syncId, data.mid(0, 100), &outcome, &error));
        QCOMPARE(store.database()->scalar("SELECT count(*) FROM sqlite_master WHERE type = "
                                          "'index' AND name LIKE 'opportunities_%'"),
                 0);
    }
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(path, Key, &error));
    QCOMPARE(store.database()->scalar(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE "
                     "'opportunities_%'"),
             7);
    QVERIFY(!store.isComplete());
    QVERIFY(store.watermark().isEmpty());
    QCOMPARE(store.count(), 100);
    // The next sync lists everything again, over what the killed one stored.
    SyncRecord record;
    QVERIFY(sync(&store, SyncMode::Full, {data.mid(0, 100), data.mid(100)}, &record));
    QCOMPARE(record.newCount, 50);
    QCOMPARE(record.unchangedCount, 100);
    QCOMPARE(store.database()->scalar("SELECT count(*) FROM opportunities"), 150);
    QVERIFY(store.isComplete());
}

void TestOpportunityStoreDb::seenMarkers()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    QVERIFY(sync(&store, SyncMode::Full, {rows(5)}));
    QVERIFY(sync(&store, SyncMode::Incremental,
                 {{row(1, 1'800'000'000'000, u"Committed"_s), row(2, 1'800'000'000'001),
                   row(9, 1'800'000'000'002)}}));
    QCOMPARE(store.unseenIds(), QSet<QString>({u"O1001"_s, u"O1002"_s, u"O1009"_s}));
    QVERIFY(store.markSeen({u"O1001"_s}));
    QCOMPARE(store.unseenIds(), QSet<QString>({u"O1002"_s, u"O1009"_s}));
    QVERIFY(!store.lastLookedAt().isValid());
    QVERIFY(store.markAllSeen());
    QVERIFY(store.unseenIds().isEmpty());
    QVERIFY(store.lastLookedAt().isValid());
}

void TestOpportunityStoreDb::watermarkMovesOnlyWithFinishedSyncs()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    SyncRecord record;
    record.mode = SyncMode::Full;
    record.id = store.beginSync(SyncMode::Full, &error);
    OpportunityStoreDb::PageOutcome outcome;
    QVERIFY(store.applyPage(record.id, rows(3), &outcome, &error));
    QVERIFY(store.watermark().isEmpty()); // rows committed, the watermark not yet
    record.watermark = rows(3).last().lastModifiedDate;
    record.status = SyncRecord::Status::Succeeded;
    QVERIFY(store.finishSync(record, 90, &error));
    QCOMPARE(store.watermark(), rows(3).last().lastModifiedDate);

    // A sync that began and never ended is found interrupted by the next one.
    QVERIFY(store.beginSync(SyncMode::Incremental, &error) > 0);
    QVERIFY(store.beginSync(SyncMode::Incremental, &error) > 0);
    const QList<SyncRecord> syncs = ChangeJournal(&store).syncs(3);
    QCOMPARE(syncs.size(), 3);
    QCOMPARE(syncs.at(0).status, SyncRecord::Status::Running);
    QCOMPARE(syncs.at(1).status, SyncRecord::Status::Interrupted);
    QCOMPARE(syncs.at(2).status, SyncRecord::Status::Succeeded);
    QCOMPARE(syncs.at(2).watermark, rows(3).last().lastModifiedDate);
    QCOMPARE(store.watermark(), rows(3).last().lastModifiedDate);
}

void TestOpportunityStoreDb::notSQLiteIsSetAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are not the bytes of a database\n");
    file.close();
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(path, Key, &error), qPrintable(error));
    const QStringList aside = QDir(dir.path()).entryList({u"s.sqlite.corrupt-*"_s});
    QCOMPARE(aside.size(), 1);
    QVERIFY(store.warning().contains(QDir::toNativeSeparators(path)));
    QVERIFY(store.warning().contains(QDir::toNativeSeparators(dir.filePath(aside.first()))));
    QFile kept(dir.filePath(aside.first()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), "these are not the bytes of a database\n"_ba);
    QVERIFY(sync(&store, SyncMode::Full, {rows(3)}));
    QCOMPARE(store.count(), 3);
}

void TestOpportunityStoreDb::damagedDatabaseIsSetAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    {
        OpportunityStoreDb store;
        QString error;
        QVERIFY(store.open(path, Key, &error));
        QVERIFY(sync(&store, SyncMode::Full, {rows(400)}));
    }
    QFile file(path);
    QVERIFY(file.size() > 64 * 1024);
    QVERIFY(file.open(QIODevice::ReadWrite));
    // Keep the header and the first pages (schema); overwrite table and index pages.
    file.seek(8 * 4096);
    file.write(QByteArray(48 * 1024, '\x5a'));
    file.close();
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(path, Key, &error), qPrintable(error));
    QVERIFY(!store.warning().isEmpty());
    QCOMPARE(QDir(dir.path()).entryList({u"s.sqlite.corrupt-*"_s}).size(), 1);
    QCOMPARE(store.count(), 0);
}

void TestOpportunityStoreDb::otherProgramsDatabaseIsSetAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    {
        SqliteDatabase other;
        QVERIFY(other.open(path, SqliteDatabase::Access::ReadWrite));
        QVERIFY(other.exec("CREATE TABLE bookmarks(url TEXT)"));
    }
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(path, Key, &error), qPrintable(error));
    QVERIFY(!store.warning().isEmpty());
    QCOMPARE(QDir(dir.path()).entryList({u"s.sqlite.corrupt-*"_s}).size(), 1);
}

void TestOpportunityStoreDb::anotherKeyIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    {
        OpportunityStoreDb store;
        QString error;
        QVERIFY(store.open(path, Key, &error));
    }
    OpportunityStoreDb store;
    QString error;
    QVERIFY(!store.open(path, {Key.identity, Key.endpoint, u"Sandbox"_s}, &error));
    QVERIFY2(error.contains(u"Sandbox"_s), qPrintable(error));
    QCOMPARE(QDir(dir.path()).entryList({u"s.sqlite.corrupt-*"_s}).size(), 0);
    QVERIFY(store.openExisting(path, &error));
    QCOMPARE(store.key(), Key);
}

void TestOpportunityStoreDb::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    {
        OpportunityStoreDb store;
        QString error;
        QVERIFY(store.open(path, Key, &error));
        QVERIFY(store.database()->exec("PRAGMA user_version=99"));
    }
    OpportunityStoreDb store;
    QString error;
    QVERIFY(!store.open(path, Key, &error));
    QVERIFY2(error.contains(u"newer"_s), qPrintable(error));
    QCOMPARE(QDir(dir.path()).entryList({u"s.sqlite.corrupt-*"_s}).size(), 0);
}

void TestOpportunityStoreDb::migratesTheVersion1File()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"v1.sqlite"_s);
    QVERIFY(QFile::copy(QStringLiteral(PD_SOURCE_DIR "/tests/data/store-v1.sqlite"), path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    {
        SqliteDatabase old;
        QVERIFY(old.open(path, SqliteDatabase::Access::ReadOnly));
        QCOMPARE(old.scalar("PRAGMA user_version"), 1);
    }
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.openExisting(path, &error), qPrintable(error));
    QVERIFY(store.warning().isEmpty());
    QCOMPARE(store.database()->scalar("PRAGMA user_version"), OpportunityStoreDb::SchemaVersion);
    QCOMPARE(store.key(),
             StoreKey({u"AKIDEXAMPLEV1"_s, u"https://partnercentral-selling.us-east-1.api.aws"_s,
                       u"AWS"_s}));
    QCOMPARE(store.watermark(), u"2026-05-27T12:24:25Z"_s);
    QVERIFY(store.isComplete());
    QCOMPARE(store.count(), 5);
    QList<OpportunitySummary> all;
    QVERIFY(store.summaries(&all, &error));
    const QStringList ids = idsOf(all);
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()),
             QSet<QString>(
                     {u"O1000000"_s, u"O1000019"_s, u"O1000028"_s, u"O1000038"_s, u"O1000047"_s}));
    // The indexed columns were filled from the summaries.
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.lifeCycleStage = {all.first().stage};
    QList<OpportunitySummary> found;
    QVERIFY(store.query(request, &found, &error));
    QVERIFY(idsOf(found).contains(all.first().id));
    // And it syncs on as a version 2 store.
    QVERIFY(sync(&store, SyncMode::Incremental, {{all.first()}}));
}

void TestOpportunityStoreDb::migratesTheVersion3File()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"v3.sqlite"_s);
    const QList<OpportunitySummary> data = rows(30);
    {
        OpportunityStoreDb store;
        QString error;
        QVERIFY(store.open(path, Key, &error));
        QVERIFY(sync(&store, SyncMode::Full, {data}));
    }
    {
        // Version 3 had the Id unique in the table itself.
        SqliteDatabase v3;
        QVERIFY(v3.open(path, SqliteDatabase::Access::ReadWrite));
        QVERIFY(v3.exec("BEGIN;"
                        "ALTER TABLE opportunities RENAME TO v4;"
                        "CREATE TABLE opportunities(id TEXT NOT NULL UNIQUE, catalog TEXT NOT NULL,"
                        " json BLOB NOT NULL, stage TEXT, review_status TEXT, company_lower TEXT,"
                        " target_close_date TEXT, last_modified_ms INTEGER, created_ms INTEGER,"
                        " first_seen_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL,"
                        " seen_sync INTEGER NOT NULL, changed_sync INTEGER NOT NULL,"
                        " looked_sync INTEGER NOT NULL DEFAULT 0, removed_sync INTEGER);"
                        "INSERT INTO opportunities SELECT * FROM v4; DROP TABLE v4;"
                        "CREATE INDEX opportunities_stage ON opportunities(stage);"
                        "PRAGMA user_version=3; COMMIT;"));
        QCOMPARE(v3.scalar("SELECT count(*) FROM sqlite_master WHERE name ="
                           " 'sqlite_autoindex_opportunities_1'"),
                 1);
    }
    OpportunityStoreDb store;
    QString error;
    QVERIFY2(store.open(path, Key, &error), qPrintable(error));
    QCOMPARE(store.database()->scalar("PRAGMA user_version"), OpportunityStoreDb::SchemaVersion);
    QCOMPARE(store.database()->scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE"
                                      " 'sqlite_autoindex_opportunities%'"),
             0);
    QCOMPARE(store.database()->scalar(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE "
                     "'opportunities_%'"),
             7);
    QVERIFY(store.isComplete());
    QList<OpportunitySummary> all;
    QVERIFY(store.summaries(&all, &error));
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    QCOMPARE(idsOf(all), idsOf(OpportunityQuery(request).apply(data)));
    QVERIFY(store.unseenIds().isEmpty());
    SyncRecord record;
    QVERIFY(sync(&store, SyncMode::Incremental, {{data.first()}}, &record));
    QCOMPARE(record.unchangedCount, 1);
}

void TestOpportunityStoreDb::oneSyncLockAtATime()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    OpportunityStoreDb first;
    OpportunityStoreDb second;
    QString error;
    QVERIFY(first.open(path, Key, &error));
    QVERIFY(second.open(path, Key, &error));
    QVERIFY(first.tryLockSync());
    QString holder;
    QVERIFY(!second.tryLockSync(&holder));
    QVERIFY2(holder.contains(QString::number(QCoreApplication::applicationPid())),
             qPrintable(holder));
    QVERIFY(second.isSyncRunningElsewhere());
    QVERIFY(!first.isSyncRunningElsewhere());
    QVERIFY(!first.tryLockSync()); // not twice either
    first.unlockSync();
    QVERIFY(!second.isSyncRunningElsewhere());
    QVERIFY(second.tryLockSync());
}

void TestOpportunityStoreDb::removeDeletesTheFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.sqlite"_s);
    OpportunityStoreDb holder;
    QString error;
    QVERIFY(holder.open(path, Key, &error));
    QVERIFY(sync(&holder, SyncMode::Full, {rows(3)}));
    QVERIFY(holder.tryLockSync());
    QVERIFY(!OpportunityStoreDb::remove(path, &error));
    QVERIFY(error.contains(u"sync"_s));
    QVERIFY(QFile::exists(path));
    holder.close();
    QVERIFY2(OpportunityStoreDb::remove(path, &error), qPrintable(error));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

QTEST_GUILESS_MAIN(TestOpportunityStoreDb)
#include "tst_opportunitystoredb.moc"
