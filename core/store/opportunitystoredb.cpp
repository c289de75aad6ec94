#include "opportunitystoredb.h"

#include "changejournal.h"
#include "clientconfig.h"
#include "credentialsprovider.h"
#include "opportunityquery.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <atomic>
#include <sqlite3.h>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcStore, "partnerdesk.core.store")

namespace {

constexpr int ParseBatchRows = 1000;
constexpr QByteArrayView SqliteMagic("SQLite format 3\0", 16);
constexpr const char *AutoCheckpoint = "PRAGMA wal_autocheckpoint=10000";

/// The indexes of `opportunities`, the unique one on Id among them. The first listing into an
/// empty store drops them and builds them once at its end (bulk-building an index is several
/// times faster than growing it row by row, and a commit of 100 rows into a growing Id index
/// rewrites pages all over it); every writable open builds any that are missing (a first
/// listing that was killed).
const char *const CreateIndexes
        = "CREATE UNIQUE INDEX IF NOT EXISTS opportunities_id ON opportunities(id);"
          "CREATE INDEX IF NOT EXISTS opportunities_stage ON opportunities(stage);"
          "CREATE INDEX IF NOT EXISTS opportunities_review_status ON "
          "opportunities(review_status);"
          "CREATE INDEX IF NOT EXISTS opportunities_company ON opportunities(company_lower);"
          "CREATE INDEX IF NOT EXISTS opportunities_target_close ON "
          "opportunities(target_close_date);"
          "CREATE INDEX IF NOT EXISTS opportunities_last_modified ON "
          "opportunities(last_modified_ms);"
          "CREATE INDEX IF NOT EXISTS opportunities_created ON opportunities(created_ms);";
const char *const DropIndexes = "DROP INDEX IF EXISTS opportunities_id;"
                                "DROP INDEX IF EXISTS opportunities_stage;"
                                "DROP INDEX IF EXISTS opportunities_review_status;"
                                "DROP INDEX IF EXISTS opportunities_company;"
                                "DROP INDEX IF EXISTS opportunities_target_close;"
                                "DROP INDEX IF EXISTS opportunities_last_modified;"
                                "DROP INDEX IF EXISTS opportunities_created;";

/// Schema version 4: `opportunities` (its indexes are CreateIndexes). `catalog` is not indexed:
/// a store holds one catalog.
const char *const CreateOpportunities = "CREATE TABLE opportunities("
                                        " id TEXT NOT NULL,"
                                        " catalog TEXT NOT NULL,"
                                        " json BLOB NOT NULL,"
                                        " stage TEXT,"
                                        " review_status TEXT,"
                                        " company_lower TEXT,"
                                        " target_close_date TEXT,"
                                        " last_modified_ms INTEGER,"
                                        " created_ms INTEGER,"
                                        " first_seen_ms INTEGER NOT NULL,"
                                        " last_seen_ms INTEGER NOT NULL,"
                                        " seen_sync INTEGER NOT NULL,"
                                        " changed_sync INTEGER NOT NULL,"
                                        " looked_sync INTEGER NOT NULL DEFAULT 0,"
                                        " removed_sync INTEGER);";
/// Schema version 4 besides `opportunities`.
const char *const CreateSchema
        = "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
          "CREATE TABLE syncs("
          " id INTEGER PRIMARY KEY,"
          " mode TEXT NOT NULL,"
          " status TEXT NOT NULL,"
          " started_ms INTEGER NOT NULL,"
          " finished_ms INTEGER,"
          " new_count INTEGER NOT NULL DEFAULT 0,"
          " changed_count INTEGER NOT NULL DEFAULT 0,"
          " removed_count INTEGER NOT NULL DEFAULT 0,"
          " unchanged_count INTEGER NOT NULL DEFAULT 0,"
          " requests INTEGER NOT NULL DEFAULT 0,"
          " pages INTEGER NOT NULL DEFAULT 0,"
          " duration_ms INTEGER NOT NULL DEFAULT 0,"
          " watermark_before TEXT,"
          " watermark TEXT,"
          " error TEXT);"
          "CREATE TABLE journal("
          " sync_id INTEGER NOT NULL,"
          " id TEXT NOT NULL,"
          " change TEXT NOT NULL,"
          " synced_ms INTEGER NOT NULL,"
          " last_modified TEXT);"
          "CREATE INDEX journal_by_id ON journal(id);"
          "CREATE INDEX journal_by_sync ON journal(sync_id);"
          "CREATE TABLE journal_fields("
          " entry INTEGER NOT NULL,"
          " field TEXT NOT NULL,"
          " old_value TEXT NOT NULL,"
          " new_value TEXT NOT NULL);"
          "CREATE INDEX journal_fields_by_entry ON journal_fields(entry);"
          "CREATE TABLE details("
          " id TEXT NOT NULL,"
          " last_modified TEXT NOT NULL,"
          " json BLOB NOT NULL,"
          " fetched_ms INTEGER NOT NULL,"
          " PRIMARY KEY(id, last_modified));"
          "CREATE TABLE reads(at_ms INTEGER NOT NULL, operation TEXT NOT NULL);"
          "CREATE INDEX reads_by_time ON reads(at_ms);"
          "CREATE TABLE aws_summaries("
          " id TEXT NOT NULL,"
          " last_modified TEXT NOT NULL,"
          " json BLOB,"
          " fetched_ms INTEGER NOT NULL,"
          " PRIMARY KEY(id, last_modified));";

/// Version 3 added the kept GetAwsOpportunitySummary answers (a NULL json: none exists).
const char *const MigrateFrom2 = "CREATE TABLE aws_summaries("
                                 " id TEXT NOT NULL,"
                                 " last_modified TEXT NOT NULL,"
                                 " json BLOB,"
                                 " fetched_ms INTEGER NOT NULL,"
                                 " PRIMARY KEY(id, last_modified));";

/// Version 4 took the uniqueness of Id out of the table into an index of its own, which the
/// first listing builds at its end like the others.
const char *const MigrateFrom3 = "ALTER TABLE opportunities RENAME TO opportunities_v3;";
const char *const MigrateFrom3Rows = "INSERT INTO opportunities SELECT * FROM opportunities_v3;"
                                     "DROP TABLE opportunities_v3;";

/// Version 1 kept `opportunities(id, catalog, json, last_modified_ms, first_seen_ms,
/// last_seen_ms)` and meta; its watermark was only written after a complete listing.
const char *const MigrateFrom1 = "ALTER TABLE opportunities RENAME TO opportunities_v1;"
                                 "ALTER TABLE meta RENAME TO meta_v1;";

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString modeName(SyncMode mode)
{
    return mode == SyncMode::Full ? u"full"_s : u"incremental"_s;
}

QString statusName(SyncRecord::Status status)
{
    switch (status) {
    case SyncRecord::Status::Running:
        return u"running"_s;
    case SyncRecord::Status::Succeeded:
        return u"succeeded"_s;
    case SyncRecord::Status::Failed:
        return u"failed"_s;
    case SyncRecord::Status::Cancelled:
        return u"cancelled"_s;
    case SyncRecord::Status::Interrupted:
        return u"interrupted"_s;
    }
    return {};
}

/// A file-name-safe rendering of `text`: letters, digits, '.', '-' and '_' kept, the rest '_'.
QString fileNamePart(const QString &text, int maxLength)
{
    QString part;
    for (const QChar c : text.left(maxLength)) {
        const bool safe = (c.unicode() < 0x80 && c.isLetterOrNumber()) || c == u'.' || c == u'-'
                          || c == u'_';
        part.append(safe ? c : u'_');
    }
    return part;
}

/// Parses stored summaries (each one JSON object) in one response body.
bool parseStored(const QList<QByteArray> &jsons, QList<OpportunitySummary> *out, QString *error)
{
    QByteArray body = "{\"OpportunitySummaries\":["_ba;
    for (qsizetype i = 0; i < jsons.size(); ++i) {
        if (i > 0) {
            body.append(',');
        }
        body.append(jsons.at(i));
    }
    body.append("]}");
    ListOpportunitiesResponse response;
    if (!ListOpportunitiesResponse::parse(body, &response, error)) {
        return false;
    }
    out->append(std::move(response.opportunitySummaries));
    return true;
}

/// parseStored() of every batch, on as many threads as there are cores (parsing dominates the
/// reading of a large store), the results in the batches' order.
bool parseBatches(const std::vector<QList<QByteArray>> &batches, QList<OpportunitySummary> *out,
                  QString *error)
{
    std::vector<QList<OpportunitySummary>> parsed(batches.size());
    std::vector<QString> errors(batches.size());
    std::atomic<size_t> next = 0;
    const auto work = [&]() {
        for (size_t i = next++; i < batches.size(); i = next++) {
            parseStored(batches[i], &parsed[i], &errors[i]);
        }
    };
    const size_t threads = std::min<size_t>(std::max(1U, std::thread::hardware_concurrency()),
                                            std::min<size_t>(batches.size(), 8));
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads; ++t) {
        helpers.emplace_back(work);
    }
    work();
    for (std::thread &helper : helpers) {
        helper.join();
    }
    qsizetype total = 0;
    for (size_t i = 0; i < batches.size(); ++i) {
        if (!errors[i].isEmpty()) {
            *error = errors[i];
            return false;
        }
        total += parsed[i].size();
    }
    out->reserve(out->size() + total);
    for (QList<OpportunitySummary> &batch : parsed) {
        out->append(std::move(batch));
    }
    return true;
}

bool parseOne(QByteArrayView json, OpportunitySummary *summary)
{
    QList<OpportunitySummary> parsed;
    QString ignored;
    if (!parseStored({json.toByteArray()}, &parsed, &ignored) || parsed.size() != 1) {
        return false;
    }
    *summary = std::move(parsed.first());
    return true;
}

/// The indexed columns of a summary, bound to ?first.. in the order of the INSERT below.
void bindColumns(SqliteStatement *statement, int first, const OpportunitySummary &summary)
{
    const bool hasCompany
            = summary.hasCustomer && summary.hasAccount && !summary.companyName.isNull();
    statement->bind(first, summary.hasLifeCycle ? summary.stage : QString());
    statement->bind(first + 1, summary.hasLifeCycle ? summary.reviewStatus : QString());
    statement->bind(first + 2, hasCompany ? OpportunityQuery::foldedCompanyName(summary.companyName)
                                          : QString());
    statement->bind(first + 3, summary.hasLifeCycle ? summary.targetCloseDate : QString());
    const auto bindTime = [statement](int index, qint64 ms) {
        if (ms == OpportunitySummary::NoTime) {
            statement->bindNull(index);
        } else {
            statement->bind(index, ms);
        }
    };
    bindTime(first + 4, summary.lastModifiedDateMs);
    bindTime(first + 5, summary.createdDateMs);
}

/// BEGIN IMMEDIATE … COMMIT, rolled back unless committed.
class Transaction
{
public:
    explicit Transaction(SqliteDatabase *db) : m_db(db) { m_open = m_db->exec("BEGIN IMMEDIATE"); }
    ~Transaction()
    {
        if (m_open && m_db->isOpen()) {
            // Keep the error that made the transaction fail, not the rollback's.
            const int code = m_db->errorCode();
            const QString message = m_db->errorString();
            m_db->exec("ROLLBACK");
            m_db->restoreError(code, message);
        }
    }
    Q_DISABLE_COPY_MOVE(Transaction)

    bool isOpen() const { return m_open; }
    bool commit()
    {
        if (!m_db->exec("COMMIT")) {
            return false;
        }
        m_open = false;
        return true;
    }

private:
    SqliteDatabase *m_db;
    bool m_open = false;
};

} // namespace

StoreKey StoreKey::forConnection(const ClientConfig &config, const CredentialsProvider *credentials,
                                 const QString &profile, const QString &catalog)
{
    StoreKey key;
    const QString accessKey
            = credentials ? credentials->currentCredentials().accessKeyId : QString();
    key.identity = !accessKey.isEmpty() ? accessKey : u"profile:"_s + profile;
    key.endpoint = config.endpoint
                           .adjusted(QUrl::NormalizePathSegments | QUrl::RemoveUserInfo
                                     | QUrl::RemoveQuery | QUrl::RemoveFragment)
                           .toString();
    while (key.endpoint.endsWith(u'/')) {
        key.endpoint.chop(1);
    }
    key.catalog = catalog;
    return key;
}

StoreKey StoreKey::demo(const QString &catalog)
{
    return {u"demo"_s, u"demo:emulator"_s, catalog};
}

OpportunityStoreDb::OpportunityStoreDb() = default;

OpportunityStoreDb::~OpportunityStoreDb()
{
    close();
}

QString OpportunityStoreDb::defaultPath(const StoreKey &key)
{
    const QByteArray hash = QCryptographicHash::hash(
            (key.identity + u'\n' + key.endpoint + u'\n' + key.catalog).toUtf8(),
            QCryptographicHash::Sha256);
    const QString host = QUrl(key.endpoint).host();
    const QString prefix = fileNamePart(key.catalog, 16) + u'-'
                           + fileNamePart(host.isEmpty() ? key.endpoint : host, 48) + u'-'
                           + fileNamePart(key.identity, 32);
    // The desktop app's AppDataLocation (organisation and application "PartnerDesk"), whichever
    // program asks: partnerdesk-cli and the app share their local copies.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + u"/PartnerDesk/PartnerDesk/stores/"_s + prefix + u'-'
           + QString::fromLatin1(hash.toHex().left(16)) + u".sqlite"_s;
}

bool OpportunityStoreDb::remove(const QString &path, QString *error)
{
    OpportunityStoreDb probe;
    probe.m_path = path;
    QString holder;
    if (probe.isSyncRunningElsewhere(&holder)) {
        *error = tr("A sync is running on %1 (%2); the local copy was not deleted.")
                         .arg(QDir::toNativeSeparators(path), holder);
        return false;
    }
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u".sync-lock"_s}) {
        QFile file(path + suffix);
        if (file.exists() && !file.remove()) {
            *error = tr("Could not delete %1: %2")
                             .arg(QDir::toNativeSeparators(file.fileName()), file.errorString());
            return false;
        }
    }
    return true;
}

bool OpportunityStoreDb::open(const QString &path, const StoreKey &key, QString *error)
{
    close();
    m_warning.clear();
    m_path = path;
    const QFileInfo info(path);
    QDir folder = info.absoluteDir();
    if (!folder.exists()) {
        if (!folder.mkpath(u"."_s)) {
            *error = tr("Could not create the folder %1 for the local copy.")
                             .arg(QDir::toNativeSeparators(folder.path()));
            return false;
        }
        QFile::setPermissions(folder.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                     | QFileDevice::ExeOwner);
    }
    if (!openFile(error)) {
        return false;
    }
    if (!checkKey(key, error)) {
        close();
        return false;
    }
    return true;
}

bool OpportunityStoreDb::openExisting(const QString &path, QString *error, Check check)
{
    close();
    m_warning.clear();
    m_path = path;
    if (!QFileInfo::exists(path)) {
        *error = tr("There is no local copy at %1: run partnerdesk-cli sync first.")
                         .arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (!openFile(error, check)) {
        return false;
    }
    m_key = {metaText("identity"), metaText("endpoint"), metaText("catalog")};
    return true;
}

void OpportunityStoreDb::close()
{
    unlockSync();
    m_db.close();
    m_readOnly = false;
    m_currentSync = 0;
}

bool OpportunityStoreDb::openFile(QString *error, Check check)
{
    // A file that is there but not SQLite: set aside before SQLite writes into it.
    QFile file(m_path);
    if (file.exists() && file.size() > 0 && file.open(QIODevice::ReadOnly)) {
        const QByteArray head = file.read(SqliteMagic.size());
        file.close();
        if (head != SqliteMagic && !setAside(tr("it is not an SQLite database"), error)) {
            return false;
        }
    }
    const bool existed = QFileInfo::exists(m_path);
    const auto fail = [this, error](const QString &what) {
        *error = tr("Could not open the local copy %1: %2")
                         .arg(QDir::toNativeSeparators(m_path), what);
        m_db.close();
        return false;
    };
    if (!m_db.open(m_path, SqliteDatabase::Access::ReadWrite)) {
        return fail(m_db.errorString());
    }
    if (!existed) {
        QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    // WAL needs its -wal and -shm files: in a folder that cannot take them, read the file as
    // it is (immutable) and refuse to write.
    // 16 KiB pages: a summary of about 1 KB fits a page several times over (10 % smaller than
    // with 4 KiB pages). Only a new file takes it.
    if (!existed) {
        m_db.exec("PRAGMA page_size=16384");
    }
    if (!m_db.exec("PRAGMA journal_mode=WAL")) {
        if (m_db.isCorruptError()) {
            m_db.close();
            return setAside(m_db.errorString(), error) && openFile(error);
        }
        if (!existed || !m_db.open(m_path, SqliteDatabase::Access::Immutable)) {
            return fail(m_db.errorString());
        }
        m_readOnly = true;
    }
    // A 32 MiB page cache, reads through a memory map and a checkpoint every 40 MB of WAL: a
    // listing of 100,000 is stored in about half the time of the defaults (2 MiB, read(),
    // 4 MB), which re-read the pages they had just written.
    if (!m_readOnly
        && (!m_db.exec("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;"
                       " PRAGMA mmap_size=268435456")
            || !m_db.exec(AutoCheckpoint))) {
        return fail(m_db.errorString());
    }
    QString problem;
    if (check == Check::Integrity) {
        SqliteStatement quickCheck = m_db.prepare("PRAGMA quick_check");
        if (!quickCheck.isValid() || quickCheck.step() != SqliteStatement::Step::Row) {
            problem = m_db.errorString();
        } else if (quickCheck.text(0) != "ok"_L1) {
            // The first finding ("Page 14: …"), without the "*** in database main ***" heading.
            const QStringList lines = quickCheck.text(0).split(u'\n');
            problem = lines.value(lines.first().startsWith(u"***"_s) ? 1 : 0).trimmed();
        }
    }
    if (!problem.isEmpty()) {
        if (m_readOnly) {
            return fail(problem);
        }
        m_db.close();
        return setAside(problem, error) && openFile(error);
    }
    if (m_readOnly) {
        if (m_db.scalar("PRAGMA user_version") != SchemaVersion) {
            return fail(tr("it needs an update, and its folder is read-only"));
        }
        return true;
    }
    return createOrMigrate(error);
}

bool OpportunityStoreDb::setAside(const QString &reason, QString *error)
{
    const QString aside
            = m_path + u".corrupt-"_s + QDateTime::currentDateTime().toString(u"yyyyMMddThhmmss"_s);
    if (!QFile::rename(m_path, aside)) {
        *error = tr("The local copy %1 is unusable (%2) and could not be renamed aside.")
                         .arg(QDir::toNativeSeparators(m_path), reason);
        return false;
    }
    // The companions belong to the old file: a new database must not pick them up.
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(m_path + suffix)) {
            QFile::rename(m_path + suffix, aside + suffix);
        }
    }
    m_warning = tr("The local copy %1 was unusable (%2). It was renamed to %3 and a new local "
                   "copy is built.")
                        .arg(QDir::toNativeSeparators(m_path), reason,
                             QDir::toNativeSeparators(aside));
    qCWarning(lcStore).noquote() << m_warning;
    return true;
}

bool OpportunityStoreDb::createOrMigrate(QString *error)
{
    const auto fail = [this, error](const QString &what) {
        *error = tr("Could not prepare the local copy %1: %2")
                         .arg(QDir::toNativeSeparators(m_path), what);
        m_db.close();
        return false;
    };
    const qint64 version = m_db.scalar("PRAGMA user_version");
    if (version > SchemaVersion) {
        return fail(tr("it was written by a newer PartnerDesk (schema %1; this one knows %2)")
                            .arg(version)
                            .arg(SchemaVersion));
    }
    // A file without tables (new, or emptied) is a new store; one with tables but no version
    // is another program's database.
    if (version == 0 && m_db.scalar("SELECT count(*) FROM sqlite_master") != 0) {
        m_db.close();
        return setAside(tr("it is not a PartnerDesk local copy"), error) && openFile(error);
    }
    if (version < SchemaVersion) {
        Transaction transaction(&m_db);
        if (!transaction.isOpen()) {
            return fail(m_db.errorString());
        }
        if (version == 1 && !m_db.exec(MigrateFrom1)) {
            return fail(m_db.errorString());
        }
        if (version == 2 && !m_db.exec(MigrateFrom2)) {
            return fail(m_db.errorString());
        }
        if (version >= 2 && !m_db.exec(MigrateFrom3)) {
            return fail(m_db.errorString());
        }
        if (!m_db.exec(CreateOpportunities) || (version < 2 && !m_db.exec(CreateSchema))
            || (version >= 2 && !m_db.exec(MigrateFrom3Rows))) {
            return fail(m_db.errorString());
        }
        if (version == 1 && !migrateFrom1(error)) {
            m_db.close();
            return false;
        }
        if (!m_db.exec(("PRAGMA user_version=" + QByteArray::number(SchemaVersion)).constData())
            || !transaction.commit()) {
            return fail(m_db.errorString());
        }
    }
    if (!m_db.exec(CreateIndexes)) {
        return fail(m_db.errorString());
    }
    return true;
}

bool OpportunityStoreDb::migrateFrom1(QString *error)
{
    if (!m_db.exec("INSERT INTO meta(key, value) SELECT key, value FROM meta_v1;"
                   "INSERT OR REPLACE INTO meta(key, value)"
                   " SELECT 'complete', '1' FROM meta_v1 WHERE key = 'watermark';")) {
        *error = m_db.errorString();
        return false;
    }
    SqliteStatement read = m_db.prepare(
            "SELECT id, catalog, json, first_seen_ms, last_seen_ms FROM opportunities_v1");
    SqliteStatement insert = m_db.prepare(
            "INSERT INTO opportunities(id, catalog, json, stage, review_status, company_lower,"
            " target_close_date, last_modified_ms, created_ms, first_seen_ms, last_seen_ms,"
            " seen_sync, changed_sync, looked_sync) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
            " ?10, ?11, 0, 0, 0)");
    if (!read.isValid() || !insert.isValid()) {
        *error = m_db.errorString();
        return false;
    }
    SqliteStatement::Step step;
    while ((step = read.step()) == SqliteStatement::Step::Row) {
        OpportunitySummary summary;
        if (!parseOne(read.utf8(2), &summary)) {
            continue; // unreadable rows of the old format are left behind, not guessed at
        }
        insert.bindUtf8(1, read.utf8(0));
        insert.bindUtf8(2, read.utf8(1));
        insert.bindUtf8(3, read.utf8(2));
        bindColumns(&insert, 4, summary);
        insert.bind(10, read.int64(3));
        insert.bind(11, read.int64(4));
        if (insert.step() != SqliteStatement::Step::Done) {
            *error = m_db.errorString();
            return false;
        }
        insert.reset();
    }
    if (step == SqliteStatement::Step::Error
        || !m_db.exec("DROP TABLE opportunities_v1; DROP TABLE meta_v1;")) {
        *error = m_db.errorString();
        return false;
    }
    return true;
}

bool OpportunityStoreDb::checkKey(const StoreKey &key, QString *error)
{
    const StoreKey recorded{metaText("identity"), metaText("endpoint"), metaText("catalog")};
    if (recorded.identity.isEmpty() && recorded.endpoint.isEmpty() && recorded.catalog.isEmpty()) {
        if (m_readOnly) {
            *error = tr("The local copy %1 is empty and its folder is read-only.")
                             .arg(QDir::toNativeSeparators(m_path));
            return false;
        }
        if (!setMeta("identity", key.identity) || !setMeta("endpoint", key.endpoint)
            || !setMeta("catalog", key.catalog)) {
            *error = describe(tr("record whose data it holds"));
            return false;
        }
        m_key = key;
        return true;
    }
    if (recorded != key) {
        *error = tr("The local copy %1 holds catalog %2 of %3 at %4, not catalog %5 of %6 at %7; "
                    "give another --store file.")
                         .arg(QDir::toNativeSeparators(m_path), recorded.catalog, recorded.identity,
                              recorded.endpoint, key.catalog, key.identity, key.endpoint);
        return false;
    }
    m_key = recorded;
    return true;
}

QString OpportunityStoreDb::metaText(const char *key) const
{
    SqliteStatement statement = m_db.prepare("SELECT value FROM meta WHERE key = ?1");
    if (!statement.isValid()) {
        return {};
    }
    statement.bindUtf8(1, QByteArrayView(key));
    return statement.step() == SqliteStatement::Step::Row ? statement.text(0) : QString();
}

bool OpportunityStoreDb::setMeta(const char *key, const QString &value)
{
    SqliteStatement statement
            = m_db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
    if (!statement.isValid()) {
        return false;
    }
    statement.bindUtf8(1, QByteArrayView(key));
    statement.bind(2, value);
    return statement.step() == SqliteStatement::Step::Done;
}

QString OpportunityStoreDb::describe(const QString &what) const
{
    QString cause;
    switch (m_db.errorCode()) {
    case SQLITE_FULL:
        cause = tr("the disk is full");
        break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        cause = tr("the file or its folder is read-only");
        break;
    case SQLITE_IOERR:
        cause = tr("a disk error (%1); the disk may be full").arg(m_db.errorString());
        break;
    default:
        cause = m_db.errorString();
    }
    return tr("Could not %1 in the local copy %2: %3. What it held before stays readable.")
            .arg(what, QDir::toNativeSeparators(m_path), cause);
}

QString OpportunityStoreDb::watermark() const
{
    return metaText("watermark");
}

bool OpportunityStoreDb::isComplete() const
{
    return metaText("complete") == "1"_L1;
}

QDateTime OpportunityStoreDb::lastSyncedAt() const
{
    const QString ms = metaText("last_synced_ms");
    return ms.isEmpty() ? QDateTime() : fromMs(ms.toLongLong());
}

QDateTime OpportunityStoreDb::lastFullSyncAt() const
{
    const QString ms = metaText("last_full_sync_ms");
    return ms.isEmpty() ? QDateTime() : fromMs(ms.toLongLong());
}

qsizetype OpportunityStoreDb::count() const
{
    return qsizetype(m_db.scalar("SELECT count(*) FROM opportunities WHERE removed_sync IS NULL"));
}

bool OpportunityStoreDb::summaries(QList<OpportunitySummary> *out, QString *error) const
{
    ListOpportunitiesRequest request;
    request.catalog = m_key.catalog;
    return query(request, out, error);
}

bool OpportunityStoreDb::readPages(int rowsPerPage,
                                   const std::function<bool(const QByteArray &body)> &sink,
                                   QString *error) const
{
    // The service's default order (see OpportunityQuery): LastModifiedDate descending, rows
    // without one last, ties by Id descending (length, then text). Sorted without the JSON,
    // then read by rowid: sorting the whole rows moved 100 MB through SQLite's sorter.
    SqliteStatement order = m_db.prepare(
            "SELECT rowid FROM opportunities WHERE removed_sync IS NULL ORDER BY"
            " last_modified_ms IS NULL, last_modified_ms DESC, length(id) DESC, id DESC");
    SqliteStatement read = m_db.prepare("SELECT json FROM opportunities WHERE rowid = ?1");
    if (!order.isValid() || !read.isValid()) {
        *error = describe(tr("read the opportunities"));
        return false;
    }
    // Both statements read one snapshot (a sync may commit in between).
    const bool snapshot = m_db.exec("BEGIN");
    const auto end = [this, snapshot](bool ok) {
        if (snapshot) {
            m_db.exec("COMMIT");
        }
        return ok;
    };
    std::vector<qint64> rowids;
    SqliteStatement::Step step;
    while ((step = order.step()) == SqliteStatement::Step::Row) {
        rowids.push_back(order.int64(0));
    }
    if (step == SqliteStatement::Step::Error) {
        *error = describe(tr("read the opportunities"));
        return end(false);
    }
    QByteArray body;
    int rows = 0;
    const auto flush = [&]() {
        body.append("]}");
        const bool more = sink(body);
        body.resize(0);
        rows = 0;
        return more;
    };
    for (const qint64 rowid : rowids) {
        read.bind(1, rowid);
        if (read.step() != SqliteStatement::Step::Row) {
            *error = describe(tr("read the opportunities"));
            return end(false);
        }
        body.append(rows == 0 ? "{\"OpportunitySummaries\":["_ba : ","_ba);
        body.append(read.utf8(0));
        read.reset();
        if (++rows == rowsPerPage && !flush()) {
            return end(true);
        }
    }
    if (rows > 0) {
        flush();
    }
    return end(true);
}

bool OpportunityStoreDb::queryPages(
        const ListOpportunitiesRequest &request, int rowsPerPage,
        const std::function<bool(QList<OpportunitySummary> &&rows)> &sink, QString *error) const
{
    ListOpportunitiesRequest everything;
    everything.catalog = m_key.catalog;
    everything.sort = request.sort;
    if (request.sameQueryAs(everything)
        && OpportunityQuery::effectiveSort(request)
                   == OpportunityQuery::effectiveSort(ListOpportunitiesRequest())) {
        bool parsed = true;
        const bool read = readPages(
                rowsPerPage,
                [&](const QByteArray &body) {
                    ListOpportunitiesResponse response;
                    parsed = ListOpportunitiesResponse::parse(body, &response, error);
                    return parsed && sink(std::move(response.opportunitySummaries));
                },
                error);
        return read && parsed;
    }
    QList<OpportunitySummary> rows;
    if (!query(request, &rows, error)) {
        return false;
    }
    for (qsizetype first = 0; first < rows.size(); first += rowsPerPage) {
        QList<OpportunitySummary> page;
        page.reserve(std::min<qsizetype>(rowsPerPage, rows.size() - first));
        for (qsizetype i = first; i < std::min<qsizetype>(first + rowsPerPage, rows.size()); ++i) {
            page.append(std::move(rows[i]));
        }
        if (!sink(std::move(page))) {
            break;
        }
    }
    return true;
}

std::optional<OpportunitySummary> OpportunityStoreDb::summary(const QString &id) const
{
    SqliteStatement statement
            = m_db.prepare("SELECT json FROM opportunities WHERE id = ?1 AND removed_sync IS NULL");
    if (!statement.isValid()) {
        return std::nullopt;
    }
    statement.bind(1, id);
    OpportunitySummary summary;
    if (statement.step() != SqliteStatement::Step::Row || !parseOne(statement.utf8(0), &summary)) {
        return std::nullopt;
    }
    return summary;
}

bool OpportunityStoreDb::query(const ListOpportunitiesRequest &request,
                               QList<OpportunitySummary> *out, QString *error) const
{
    // The exact-match filters narrow the rows read; OpportunityQuery decides.
    QByteArray sql = "SELECT json FROM opportunities WHERE removed_sync IS NULL";
    QStringList values;
    const auto narrow = [&sql, &values](const char *column, const QStringList &any) {
        if (any.isEmpty()) {
            return;
        }
        sql += " AND "_ba + column + " IN (";
        for (qsizetype i = 0; i < any.size(); ++i) {
            sql += (i > 0 ? ",?"_ba : "?"_ba) + QByteArray::number(values.size() + 1);
            values.append(any.at(i));
        }
        sql += ')';
    };
    narrow("id", request.identifier);
    narrow("stage", request.lifeCycleStage);
    narrow("review_status", request.lifeCycleReviewStatus);
    SqliteStatement statement = m_db.prepare(sql.constData());
    if (!statement.isValid()) {
        *error = describe(tr("read the opportunities"));
        return false;
    }
    for (qsizetype i = 0; i < values.size(); ++i) {
        statement.bind(int(i + 1), values.at(i));
    }
    std::vector<QList<QByteArray>> batches;
    SqliteStatement::Step step;
    while ((step = statement.step()) == SqliteStatement::Step::Row) {
        if (batches.empty() || batches.back().size() == ParseBatchRows) {
            batches.emplace_back().reserve(ParseBatchRows);
        }
        batches.back().append(statement.utf8(0).toByteArray());
    }
    if (step == SqliteStatement::Step::Error) {
        *error = describe(tr("read the opportunities"));
        return false;
    }
    QList<OpportunitySummary> rows;
    if (!parseBatches(batches, &rows, error)) {
        return false;
    }
    *out = OpportunityQuery(request).apply(std::move(rows));
    return true;
}

QSet<QString> OpportunityStoreDb::unseenIds() const
{
    QSet<QString> ids;
    SqliteStatement statement
            = m_db.prepare("SELECT id FROM opportunities WHERE changed_sync > looked_sync");
    while (statement.isValid() && statement.step() == SqliteStatement::Step::Row) {
        ids.insert(statement.text(0));
    }
    return ids;
}

bool OpportunityStoreDb::markSeen(const QStringList &ids, QString *error)
{
    Transaction transaction(&m_db);
    SqliteStatement statement
            = m_db.prepare("UPDATE opportunities SET looked_sync = changed_sync WHERE id = ?1");
    if (!transaction.isOpen() || !statement.isValid()) {
        if (error) {
            *error = describe(tr("record what was seen"));
        }
        return false;
    }
    for (const QString &id : ids) {
        statement.bind(1, id);
        if (statement.step() != SqliteStatement::Step::Done) {
            if (error) {
                *error = describe(tr("record what was seen"));
            }
            return false;
        }
        statement.reset();
    }
    if (!transaction.commit()) {
        if (error) {
            *error = describe(tr("record what was seen"));
        }
        return false;
    }
    return true;
}

bool OpportunityStoreDb::markAllSeen(QString *error)
{
    Transaction transaction(&m_db);
    if (!transaction.isOpen()
        || !m_db.exec("UPDATE opportunities SET looked_sync = changed_sync"
                      " WHERE changed_sync > looked_sync")
        || !setMeta("last_looked_ms", QString::number(nowMs())) || !transaction.commit()) {
        if (error) {
            *error = describe(tr("record what was seen"));
        }
        return false;
    }
    return true;
}

QDateTime OpportunityStoreDb::lastLookedAt() const
{
    const QString ms = metaText("last_looked_ms");
    return ms.isEmpty() ? QDateTime() : fromMs(ms.toLongLong());
}

qint64 OpportunityStoreDb::beginSync(SyncMode mode, QString *error)
{
    if (m_readOnly) {
        *error = tr("Could not sync the local copy %1: the file or its folder is read-only. What "
                    "it held before stays readable.")
                         .arg(QDir::toNativeSeparators(m_path));
        return 0;
    }
    m_currentSync = 0;
    const bool journal = isComplete();
    Transaction transaction(&m_db);
    SqliteStatement insert = m_db.prepare(
            "INSERT INTO syncs(mode, status, started_ms, watermark_before, watermark)"
            " VALUES(?1, 'running', ?2, ?3, ?3)");
    if (!transaction.isOpen() || !insert.isValid()
        || !m_db.exec("UPDATE syncs SET status = 'interrupted' WHERE status = 'running'")) {
        *error = describe(tr("begin a sync"));
        return 0;
    }
    insert.bind(1, modeName(mode));
    insert.bind(2, nowMs());
    insert.bind(3, watermark());
    if (insert.step() != SqliteStatement::Step::Done) {
        *error = describe(tr("begin a sync"));
        return 0;
    }
    const qint64 id = m_db.lastInsertRowId();
    // The first listing into an empty store builds the indexes once, at its end.
    const bool empty = m_db.scalar("SELECT count(*) FROM opportunities") == 0;
    if (empty && !m_db.exec(DropIndexes)) {
        *error = describe(tr("begin a sync"));
        return 0;
    }
    if (!transaction.commit()) {
        *error = describe(tr("begin a sync"));
        return 0;
    }
    // Nor is the log checkpointed into the file during it (the pages would be written and
    // synced twice): the first listing stays in the WAL until it has ended. Without
    // checkpoints the file itself is not written, so what the WAL holds is all there is,
    // committed page by committed page, as before. Its indexes are sorted on two threads.
    if (empty && !m_db.exec("PRAGMA wal_autocheckpoint=0; PRAGMA threads=2")) {
        *error = describe(tr("begin a sync"));
        return 0;
    }
    m_currentSync = id;
    m_journaling = journal;
    m_bulkLoad = empty;
    m_bulkIds.clear();
    return id;
}

bool OpportunityStoreDb::applyPage(qint64 syncId, const QList<OpportunitySummary> &rows,
                                   PageOutcome *outcome, QString *error)
{
    QList<QByteArray> jsons;
    jsons.reserve(rows.size());
    for (const OpportunitySummary &summary : rows) {
        jsons.append(summary.toJson());
    }
    return applyPage(syncId, rows, jsons, outcome, error);
}

bool OpportunityStoreDb::applyPage(qint64 syncId, const QList<OpportunitySummary> &rows,
                                   const QList<QByteArray> &jsons, PageOutcome *outcome,
                                   QString *error)
{
    Q_ASSERT(jsons.size() == rows.size());
    *outcome = {};
    const auto fail = [this, error]() {
        *error = describe(tr("store a page of opportunities"));
        return false;
    };
    Transaction transaction(&m_db);
    SqliteStatement find = m_db.prepare(
            "SELECT rowid, json, removed_sync, seen_sync FROM opportunities WHERE id = ?1");
    SqliteStatement insert = m_db.prepare(
            "INSERT OR IGNORE INTO opportunities(id, catalog, json, stage, review_status,"
            " company_lower, target_close_date, last_modified_ms, created_ms, first_seen_ms,"
            " last_seen_ms, seen_sync, changed_sync, looked_sync) VALUES(?1, ?2, ?3, ?4, ?5, ?6,"
            " ?7, ?8, ?9, ?10, ?10, ?11, ?11, ?12)");
    SqliteStatement replace = m_db.prepare(
            "UPDATE opportunities SET json = ?2, stage = ?3, review_status = ?4,"
            " company_lower = ?5, target_close_date = ?6, last_modified_ms = ?7,"
            " created_ms = ?8, last_seen_ms = ?9, seen_sync = ?10, changed_sync = ?10,"
            " removed_sync = NULL WHERE rowid = ?1");
    SqliteStatement touch = m_db.prepare(
            "UPDATE opportunities SET last_seen_ms = ?2, seen_sync = ?3 WHERE rowid = ?1");
    if (!transaction.isOpen() || !find.isValid() || !insert.isValid() || !replace.isValid()
        || !touch.isValid()) {
        return fail();
    }
    const qint64 now = nowMs();
    struct Change
    {
        const OpportunitySummary *summary;
        bool isNew;
        OpportunitySummary old;
    };
    QList<Change> changes;
    for (qsizetype row = 0; row < rows.size(); ++row) {
        const OpportunitySummary &summary = rows.at(row);
        if (summary.id.isEmpty() || summary.catalog != m_key.catalog) {
            ++outcome->skipped;
            continue;
        }
        const QByteArray &json = jsons.at(row);
        // Inserted when new (the first listing into an empty store tries that first: nearly
        // every row is); otherwise compared with what is stored.
        const auto tryInsert = [&]() {
            insert.bind(1, summary.id);
            insert.bind(2, summary.catalog);
            insert.bindUtf8(3, json);
            bindColumns(&insert, 4, summary);
            insert.bind(10, now);
            insert.bind(11, syncId);
            // The first listing's rows are not news: seen from the start.
            insert.bind(12, m_journaling ? 0 : syncId);
            const SqliteStatement::Step step = insert.step();
            insert.reset();
            return step == SqliteStatement::Step::Done ? std::optional(m_db.changes() == 1)
                                                       : std::nullopt;
        };
        std::optional<bool> inserted;
        // A bulk load has no Id index: an Id it has not inserted yet is new; one it has (the
        // service moved a row during the listing) is looked up like any other, by a scan.
        if (m_bulkLoad && !m_bulkIds.contains(summary.id)) {
            inserted = tryInsert();
            if (!inserted) {
                return fail();
            }
            m_bulkIds.insert(summary.id);
        }
        if (!inserted.value_or(false)) {
            find.bind(1, summary.id);
            const SqliteStatement::Step found = find.step();
            if (found == SqliteStatement::Step::Error) {
                return fail();
            }
            if (found == SqliteStatement::Step::Done) {
                find.reset();
                inserted = tryInsert();
                if (!inserted) {
                    return fail();
                }
            }
        }
        if (inserted.value_or(false)) {
            outcome->added.append(summary);
            changes.append({&summary, true, {}});
            continue;
        }
        const qint64 rowid = find.int64(0);
        const bool removed = !find.isNull(2);
        const bool sameJson = find.utf8(1) == QByteArrayView(json);
        const bool seenBefore = find.int64(3) == syncId;
        OpportunitySummary old;
        if (!sameJson && !removed && !parseOne(find.utf8(1), &old)) {
            old = OpportunitySummary(); // an unreadable stored row: every field differs
        }
        find.reset();
        if (sameJson && !removed) {
            touch.bind(1, rowid);
            touch.bind(2, now);
            touch.bind(3, syncId);
            if (touch.step() != SqliteStatement::Step::Done) {
                return fail();
            }
            touch.reset();
            if (!seenBefore) {
                ++outcome->unchanged;
            }
            continue;
        }
        replace.bind(1, rowid);
        replace.bindUtf8(2, json);
        bindColumns(&replace, 3, summary);
        replace.bind(9, now);
        replace.bind(10, syncId);
        if (replace.step() != SqliteStatement::Step::Done) {
            return fail();
        }
        replace.reset();
        if (removed) {
            outcome->added.append(summary);
            changes.append({&summary, true, {}});
        } else {
            outcome->changed.append(summary);
            changes.append({&summary, false, std::move(old)});
        }
    }
    if (m_journaling) {
        for (const Change &change : std::as_const(changes)) {
            const OpportunitySummary &summary = *change.summary;
            if (!writeJournal(syncId, summary.id,
                              change.isNew ? JournalEntry::Change::New
                                           : JournalEntry::Change::Changed,
                              summary.lastModifiedDate, now,
                              change.isNew ? QList<FieldChange>()
                                           : ChangeJournal::diff(change.old, summary))) {
                return fail();
            }
        }
    }
    if (!transaction.commit()) {
        return fail();
    }
    return true;
}

bool OpportunityStoreDb::writeJournal(qint64 syncId, const QString &id, JournalEntry::Change change,
                                      const QString &lastModified, qint64 atMs,
                                      const QList<FieldChange> &fields)
{
    SqliteStatement entry
            = m_db.prepare("INSERT INTO journal(sync_id, id, change, synced_ms, last_modified)"
                           " VALUES(?1, ?2, ?3, ?4, ?5)");
    if (!entry.isValid()) {
        return false;
    }
    entry.bind(1, syncId);
    entry.bind(2, id);
    entry.bind(3, JournalEntry::changeName(change));
    entry.bind(4, atMs);
    entry.bind(5, lastModified);
    if (entry.step() != SqliteStatement::Step::Done) {
        return false;
    }
    if (fields.isEmpty()) {
        return true;
    }
    const qint64 entryId = m_db.lastInsertRowId();
    SqliteStatement field
            = m_db.prepare("INSERT INTO journal_fields(entry, field, old_value, new_value)"
                           " VALUES(?1, ?2, ?3, ?4)");
    if (!field.isValid()) {
        return false;
    }
    for (const FieldChange &change : fields) {
        field.bind(1, entryId);
        field.bind(2, change.name());
        field.bindUtf8(3, change.oldValue);
        field.bindUtf8(4, change.newValue);
        if (field.step() != SqliteStatement::Step::Done) {
            return false;
        }
        field.reset();
    }
    return true;
}

bool OpportunityStoreDb::markUnseenRemoved(qint64 syncId, QStringList *removedIds, QString *error)
{
    removedIds->clear();
    const auto fail = [this, error]() {
        *error = describe(tr("mark removed opportunities"));
        return false;
    };
    Transaction transaction(&m_db);
    SqliteStatement select = m_db.prepare(
            "SELECT rowid, id, json FROM opportunities WHERE removed_sync IS NULL AND"
            " seen_sync != ?1");
    SqliteStatement mark = m_db.prepare(
            "UPDATE opportunities SET removed_sync = ?2, changed_sync = ?2 WHERE rowid = ?1");
    if (!transaction.isOpen() || !select.isValid() || !mark.isValid()) {
        return fail();
    }
    select.bind(1, syncId);
    QList<std::pair<qint64, OpportunitySummary>> removed;
    SqliteStatement::Step step;
    while ((step = select.step()) == SqliteStatement::Step::Row) {
        OpportunitySummary summary;
        parseOne(select.utf8(2), &summary);
        summary.id = select.text(1);
        removed.append({select.int64(0), std::move(summary)});
    }
    if (step == SqliteStatement::Step::Error) {
        return fail();
    }
    const qint64 now = nowMs();
    for (const auto &[rowid, summary] : std::as_const(removed)) {
        mark.bind(1, rowid);
        mark.bind(2, syncId);
        if (mark.step() != SqliteStatement::Step::Done) {
            return fail();
        }
        mark.reset();
        if (m_journaling
            && !writeJournal(syncId, summary.id, JournalEntry::Change::Removed,
                             summary.lastModifiedDate, now, {})) {
            return fail();
        }
        removedIds->append(summary.id);
    }
    if (!transaction.commit()) {
        return fail();
    }
    return true;
}

bool OpportunityStoreDb::finishSync(const SyncRecord &record, int journalRetentionDays,
                                    QString *error)
{
    const auto fail = [this, error]() {
        *error = describe(tr("end the sync"));
        return false;
    };
    const qint64 now = nowMs();
    Transaction transaction(&m_db);
    if (!transaction.isOpen() || !writeRecord(record)) {
        return fail();
    }
    if (!record.watermark.isEmpty() && !setMeta("watermark", record.watermark)) {
        return fail();
    }
    if (record.mode == SyncMode::Full
        && (!setMeta("complete", u"1"_s) || !setMeta("last_full_sync_ms", QString::number(now)))) {
        return fail();
    }
    if (!setMeta("last_synced_ms", QString::number(now))) {
        return fail();
    }
    SqliteStatement prune = m_db.prepare("DELETE FROM journal_fields WHERE entry IN"
                                         " (SELECT rowid FROM journal WHERE synced_ms < ?1)");
    SqliteStatement pruneEntries = m_db.prepare("DELETE FROM journal WHERE synced_ms < ?1");
    if (!prune.isValid() || !pruneEntries.isValid()) {
        return fail();
    }
    const qint64 cutoff = now - qint64(journalRetentionDays) * 24 * 3600 * 1000;
    prune.bind(1, cutoff);
    pruneEntries.bind(1, cutoff);
    if (prune.step() != SqliteStatement::Step::Done
        || pruneEntries.step() != SqliteStatement::Step::Done || !m_db.exec(CreateIndexes)
        || !transaction.commit()) {
        return fail();
    }
    m_currentSync = 0;
    endBulkLoad();
    return true;
}

void OpportunityStoreDb::endBulkLoad()
{
    if (!m_bulkLoad) {
        return;
    }
    m_bulkLoad = false;
    m_bulkIds = {};
    // Checkpoints as usual again; the next commit (or closing) writes the listing into the file.
    m_db.exec(AutoCheckpoint);
    m_db.exec("PRAGMA threads=0");
}

void OpportunityStoreDb::abandonSync(const SyncRecord &record)
{
    m_currentSync = 0;
    endBulkLoad();
    if (!m_readOnly && !writeRecord(record)) {
        qCWarning(lcStore).noquote() << describe(tr("record the end of a sync"));
    }
}

bool OpportunityStoreDb::writeRecord(const SyncRecord &record)
{
    SqliteStatement update = m_db.prepare(
            "UPDATE syncs SET status = ?2, finished_ms = ?3, new_count = ?4, changed_count = ?5,"
            " removed_count = ?6, unchanged_count = ?7, requests = ?8, pages = ?9,"
            " duration_ms = ?10, watermark = ?11, error = ?12 WHERE id = ?1");
    if (!update.isValid()) {
        return false;
    }
    update.bind(1, record.id);
    update.bind(2, statusName(record.status));
    update.bind(3, nowMs());
    update.bind(4, record.newCount);
    update.bind(5, record.changedCount);
    update.bind(6, record.removedCount);
    update.bind(7, record.unchangedCount);
    update.bind(8, qint64(record.requests));
    update.bind(9, qint64(record.pages));
    update.bind(10, record.durationMs);
    update.bind(11, record.watermark);
    update.bind(12, record.error);
    return update.step() == SqliteStatement::Step::Done;
}

bool OpportunityStoreDb::tryLockSync(QString *holder)
{
    if (m_syncLock) {
        if (holder) {
            *holder = tr("this program");
        }
        return false;
    }
    auto lock = std::make_unique<QLockFile>(m_path + u".sync-lock"_s);
    // Never stale by age: a sync may run for minutes. A lock whose process is gone is taken
    // over (QLockFile checks the process id).
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0)) {
        if (holder) {
            *holder = describeHolder(lock.get());
        }
        return false;
    }
    m_syncLock = std::move(lock);
    return true;
}

void OpportunityStoreDb::unlockSync()
{
    m_syncLock.reset();
}

bool OpportunityStoreDb::isSyncRunningElsewhere(QString *holder) const
{
    if (m_syncLock) {
        return false;
    }
    QLockFile lock(m_path + u".sync-lock"_s);
    lock.setStaleLockTime(0);
    if (lock.tryLock(0)) {
        lock.unlock();
        return false;
    }
    if (lock.error() != QLockFile::LockFailedError) {
        return false; // cannot tell (a read-only folder): nobody can sync there either
    }
    if (holder) {
        *holder = describeHolder(&lock);
    }
    return true;
}

QString OpportunityStoreDb::describeHolder(QLockFile *lock)
{
    qint64 pid = 0;
    QString host;
    QString application;
    if (lock->error() == QLockFile::LockFailedError
        && lock->getLockInfo(&pid, &host, &application)) {
        return tr("process %1 on %2").arg(pid).arg(host);
    }
    if (lock->error() == QLockFile::PermissionError) {
        return tr("the lock file cannot be created: the folder is read-only");
    }
    return tr("another process");
}

// --- Kept details --------------------------------------------------------------------------

namespace {

/// Deletes the rows of `table` for `id` whose last_modified is not `lastModified`: an older
/// version of the opportunity is never asked for again.
const char *deleteOlderSql(bool aws)
{
    return aws ? "DELETE FROM aws_summaries WHERE id = ?1 AND last_modified <> ?2"
               : "DELETE FROM details WHERE id = ?1 AND last_modified <> ?2";
}

} // namespace

bool OpportunityStoreDb::keepAnswer(bool aws, const QString &id, const QString &lastModified,
                                    const QByteArray &json, QString *error)
{
    Transaction transaction(&m_db);
    SqliteStatement older = m_db.prepare(deleteOlderSql(aws));
    SqliteStatement insert = m_db.prepare(
            aws ? "INSERT OR REPLACE INTO aws_summaries(id, last_modified, json, fetched_ms)"
                  " VALUES(?1, ?2, ?3, ?4)"
                : "INSERT OR REPLACE INTO details(id, last_modified, json, fetched_ms)"
                  " VALUES(?1, ?2, ?3, ?4)");
    const auto fail = [this, error] {
        if (error) {
            *error = describe(tr("keep the details of an opportunity"));
        }
        return false;
    };
    if (!transaction.isOpen() || !older.isValid() || !insert.isValid()) {
        return fail();
    }
    older.bind(1, id);
    older.bind(2, lastModified);
    insert.bind(1, id);
    insert.bind(2, lastModified);
    insert.bindUtf8(3, json.isNull() ? QByteArrayView() : QByteArrayView(json));
    insert.bind(4, nowMs());
    if (older.step() != SqliteStatement::Step::Done || insert.step() != SqliteStatement::Step::Done
        || !transaction.commit()) {
        return fail();
    }
    return true;
}

std::optional<QByteArray> OpportunityStoreDb::keptAnswer(bool aws, const QString &id,
                                                         const QString &lastModified) const
{
    SqliteStatement statement = m_db.prepare(
            aws ? "SELECT json FROM aws_summaries WHERE id = ?1 AND last_modified = ?2"
                : "SELECT json FROM details WHERE id = ?1 AND last_modified = ?2");
    if (!statement.isValid()) {
        return std::nullopt;
    }
    statement.bind(1, id);
    statement.bind(2, lastModified);
    if (statement.step() != SqliteStatement::Step::Row) {
        return std::nullopt;
    }
    if (statement.isNull(0)) {
        return QByteArray();
    }
    const QByteArrayView json = statement.utf8(0);
    return QByteArray(json.data(), json.size());
}

bool OpportunityStoreDb::keepDetails(const QString &id, const QString &lastModified,
                                     const QByteArray &json, QString *error)
{
    return keepAnswer(false, id, lastModified, json.isNull() ? QByteArray("") : json, error);
}

std::optional<QByteArray> OpportunityStoreDb::keptDetails(const QString &id,
                                                          const QString &lastModified) const
{
    return keptAnswer(false, id, lastModified);
}

bool OpportunityStoreDb::keepAwsSummary(const QString &id, const QString &lastModified,
                                        const QByteArray &json, QString *error)
{
    return keepAnswer(true, id, lastModified, json, error);
}

std::optional<QByteArray> OpportunityStoreDb::keptAwsSummary(const QString &id,
                                                             const QString &lastModified) const
{
    return keptAnswer(true, id, lastModified);
}

bool OpportunityStoreDb::readKeptBriefs(const std::function<void(const KeptBrief &brief)> &sink,
                                        QString *error) const
{
    // SQLite's JSON functions read the four members without building a GetOpportunityResponse.
    SqliteStatement statement
            = m_db.prepare("SELECT id, last_modified, json_extract(j, '$.Project.Title'),"
                           " json_extract(j, '$.OpportunityTeam[0].FirstName'),"
                           " json_extract(j, '$.OpportunityTeam[0].LastName'),"
                           " json_extract(j, '$.OpportunityTeam[0].Email')"
                           " FROM (SELECT id, last_modified, CAST(json AS TEXT) AS j FROM details)"
                           " WHERE json_valid(j)");
    if (!statement.isValid()) {
        if (error) {
            *error = describe(tr("read the kept details"));
        }
        return false;
    }
    for (;;) {
        switch (statement.step()) {
        case SqliteStatement::Step::Row:
            sink(KeptBrief{statement.text(0), statement.text(1), statement.text(2),
                           statement.text(3), statement.text(4), statement.text(5)});
            break;
        case SqliteStatement::Step::Done:
            return true;
        case SqliteStatement::Step::Error:
            if (error) {
                *error = describe(tr("read the kept details"));
            }
            return false;
        }
    }
}

// --- Reads ---------------------------------------------------------------------------------

bool OpportunityStoreDb::recordRead(const QString &operation, qint64 atMs, QString *error)
{
    SqliteStatement statement = m_db.prepare("INSERT INTO reads(at_ms, operation) VALUES(?1, ?2)");
    if (!statement.isValid()) {
        if (error) {
            *error = describe(tr("count a read request"));
        }
        return false;
    }
    statement.bind(1, atMs);
    statement.bind(2, operation);
    if (statement.step() != SqliteStatement::Step::Done) {
        if (error) {
            *error = describe(tr("count a read request"));
        }
        return false;
    }
    return true;
}

QList<OpportunityStoreDb::Read> OpportunityStoreDb::readsSince(qint64 sinceMs) const
{
    QList<Read> reads;
    if (!m_readOnly) {
        SqliteStatement prune = m_db.prepare("DELETE FROM reads WHERE at_ms < ?1");
        if (prune.isValid()) {
            prune.bind(1, sinceMs);
            prune.step();
        }
    }
    SqliteStatement statement
            = m_db.prepare("SELECT at_ms, operation FROM reads WHERE at_ms >= ?1 ORDER BY at_ms");
    if (!statement.isValid()) {
        return reads;
    }
    statement.bind(1, sinceMs);
    while (statement.step() == SqliteStatement::Step::Row) {
        reads.append(Read{statement.int64(0), statement.text(1)});
    }
    return reads;
}

} // namespace Pd::Core
