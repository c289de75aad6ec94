#pragma once

#include "journalentry.h"
#include "listopportunitiesrequest.h"
#include "opportunitysummary.h"
#include "sqlitedatabase.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QLockFile;

namespace Pd::Core {

class CredentialsProvider;
struct ClientConfig;

/// Whose opportunities a store holds: one database file per (identity, endpoint, catalog), so
/// that AWS and Sandbox, or two accounts, never mix. `identity` is an access key id or a
/// profile name, never a secret.
struct StoreKey
{
    QString identity;
    QString endpoint; ///< the endpoint URL, normalised (scheme, host, port, path)
    QString catalog;

    bool isValid() const
    {
        return !identity.isEmpty() && !endpoint.isEmpty() && !catalog.isEmpty();
    }
    /// The key of a resolved connection: the access key id when the credentials are static
    /// keys (environment, credentials file), else "profile:<name>" of `profile`.
    static StoreKey forConnection(const ClientConfig &config,
                                  const CredentialsProvider *credentials, const QString &profile,
                                  const QString &catalog);
    /// The built-in emulator of `--demo`: a fixed identity and endpoint (its port changes from
    /// run to run, its data does not).
    static StoreKey demo(const QString &catalog);

    friend bool operator==(const StoreKey &, const StoreKey &) = default;
};

enum class SyncMode {
    Incremental, ///< only what changed since the watermark
    Full, ///< everything; what no longer comes back is marked removed
};

/// One sync as the store records it (table `syncs`).
struct SyncRecord
{
    enum class Status {
        Running, ///< begun and not ended: in progress, or killed (see `Interrupted`)
        Succeeded,
        Failed,
        Cancelled,
        Interrupted, ///< found still Running by a later sync: its process died
    };

    qint64 id = 0;
    SyncMode mode = SyncMode::Incremental;
    Status status = Status::Running;
    QDateTime startedAt; ///< UTC, local clock
    QDateTime finishedAt; ///< invalid while running
    qint64 newCount = 0;
    qint64 changedCount = 0;
    qint64 removedCount = 0;
    qint64 unchangedCount = 0;
    int requests = 0;
    int pages = 0;
    qint64 durationMs = 0;
    QString watermarkBefore; ///< the LastModifiedDate text the sync started from ("" for none)
    QString watermark; ///< the watermark after it (unchanged unless it succeeded)
    QString error; ///< why it failed, translated
};

/// The local copy of one catalog's opportunities for one identity and endpoint: an SQLite file.
///
/// SQLite through the sqlite3 C API (SqliteDatabase), not QtSql's QSQLITE driver: writing
/// 100,000 rows of 800 bytes in transactions of 100 took 0.55 s through the C API and 0.79 s
/// through QSqlQuery (a QVariant per bound value) without secondary indexes, 1.8 s and 2.0 s
/// with six; and the C API reports SQLITE_FULL, SQLITE_READONLY, SQLITE_CORRUPT and
/// SQLITE_NOTADB as themselves, which the fault handling below needs. (The six indexes are
/// why the first listing builds them once at its end: 0.3 s instead of 1.3 s.)
///
/// The file: WAL journal, synchronous=NORMAL (a committed page survives a process crash; a
/// power cut may lose the last pages, never consistency), one transaction per page, the schema
/// version in `PRAGMA user_version` with migrations from every older version, mode 0600 in a
/// folder made 0700. `open()` runs `PRAGMA quick_check` and sets an unusable file aside (see
/// there); a full disk or a read-only folder fails the write with a message and leaves what
/// was committed readable.
///
/// Per opportunity (table `opportunities`, one row per Id): the latest summary as received
/// (its JSON, `OpportunitySummary::toJson()`, which serialises a parsed summary back to the
/// members it arrived with), indexed columns for filtering and sorting (catalog, Id, stage,
/// review status, lower-cased company name, target close date, LastModifiedDate text and ms,
/// CreatedDate ms), first and last seen (local time), the sync that last changed it, the sync
/// the user last looked at it in, and the sync that found it removed. Besides: `syncs` (one
/// row per sync), `journal` (ChangeJournal), `meta` (key, watermark, completeness), `details`
/// (kept GetOpportunity answers by Id and LastModifiedDate) and `reads` (read requests made, for
/// a rolling 24 h budget).
///
/// The watermark is the greatest LastModifiedDate text received from the service, stored with
/// the successful end of a sync only (`finishSync()`), never from the local clock.
///
/// One object is one connection, for one thread; another thread opens its own object on the
/// same file (WAL lets readers run beside the one writer; StoreSync writes through a connection
/// of its own on a thread of its own). Two processes: both may read; one
/// sync at a time, through `tryLockSync()` (a QLockFile beside the database; a lock left by a
/// killed process is taken over).
class OpportunityStoreDb final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::OpportunityStoreDb)

public:
    /// Version 1: opportunities and meta only. Version 2: syncs, journal, seen markers, details,
    /// reads. Version 3: aws_summaries. Version 4: the uniqueness of Id is an index (built after
    /// a first listing, like the others), no longer part of the table.
    static constexpr int SchemaVersion = 4;

    OpportunityStoreDb();
    ~OpportunityStoreDb();
    Q_DISABLE_COPY_MOVE(OpportunityStoreDb)

    /// `<AppDataLocation>/stores/<readable prefix>-<hash>.sqlite`, AppDataLocation being the
    /// desktop app's (on Linux ~/.local/share/PartnerDesk/PartnerDesk) also for partnerdesk-cli:
    /// the prefix names catalog, host and identity in file-name-safe characters; the hash is of
    /// the whole key.
    static QString defaultPath(const StoreKey &key);
    /// Deletes the store file and its companions (-wal, -shm, the sync lock). False, with
    /// `*error`, when one of them could not be removed (a sync may hold it).
    static bool remove(const QString &path, QString *error);

    /// Opens or creates the store at `path` (a missing folder is created with mode 0700), and
    /// migrates an older schema. A file that is not a usable database (not SQLite, failing the
    /// integrity check, another program's database) is renamed to
    /// `<path>.corrupt-<yyyyMMddThhmmss>` (its -wal and -shm files alike) and a new store is
    /// created; `warning()` then names both files. Refused, with nothing renamed: a store
    /// recorded for another key, and one written by a newer schema. A store in a folder that
    /// cannot be written is opened read-only (`isReadOnly()`): readable, every sync fails.
    /// Returns false with `*error` (translated, naming the file).
    bool open(const QString &path, const StoreKey &key, QString *error);
    /// Whether opening runs `PRAGMA quick_check` (it reads the whole file: some 70 ms for
    /// 100,000 opportunities). Skip: for another connection to a file just checked.
    enum class Check { Integrity, Skip };
    /// For readers that do not know the key (`--from-store --store FILE`): the file must exist,
    /// and the key recorded in it is used.
    bool openExisting(const QString &path, QString *error, Check check = Check::Integrity);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    bool isReadOnly() const { return m_readOnly; }
    QString path() const { return m_path; }
    StoreKey key() const { return m_key; }
    /// What open() did that the user should know (a corrupt file set aside); empty otherwise.
    QString warning() const { return m_warning; }

    // --- State ---------------------------------------------------------------------------
    /// The greatest LastModifiedDate received, as the service wrote it; empty before the
    /// first successful sync.
    QString watermark() const;
    /// True once a full listing has completed: the store then holds the whole catalog (as of
    /// the last sync), and local filters and sorts answer like the service.
    bool isComplete() const;
    /// When the last successful sync ended (UTC); invalid before the first one.
    QDateTime lastSyncedAt() const;
    QDateTime lastFullSyncAt() const;
    /// Opportunities held, the ones marked removed left out.
    qsizetype count() const;

    // --- Reading ---------------------------------------------------------------------------
    /// Every opportunity not marked removed, in the service's default order (LastModifiedDate
    /// descending, ties by Id descending). False with `*error` when the file cannot be read.
    bool summaries(QList<OpportunitySummary> *out, QString *error) const;
    /// The same rows as ListOpportunities response bodies of `rowsPerPage` summaries
    /// (`{"OpportunitySummaries":[…]}`), for OpportunityRows::decode(); `sink` returns false to
    /// stop early.
    bool readPages(int rowsPerPage, const std::function<bool(const QByteArray &body)> &sink,
                   QString *error) const;
    /// query() handed on in pages of `rowsPerPage` summaries (the last may be shorter), in the
    /// request's order; `sink` returns false to stop early. The whole catalog in the default
    /// order is read from the file a page at a time (readPages()), not all at once.
    bool queryPages(const ListOpportunitiesRequest &request, int rowsPerPage,
                    const std::function<bool(QList<OpportunitySummary> &&rows)> &sink,
                    QString *error) const;
    std::optional<OpportunitySummary> summary(const QString &id) const;
    /// What ListOpportunities would answer for `request` over the stored rows: its filters,
    /// its sort (OpportunityQuery), every row (MaxResults and NextToken are ignored).
    bool query(const ListOpportunitiesRequest &request, QList<OpportunitySummary> *out,
               QString *error) const;

    // --- "Changed since the user last looked" ----------------------------------------------
    /// Ids changed (or new) by a sync after the user last looked at them.
    QSet<QString> unseenIds() const;
    /// The user looked at these opportunities: they are no longer unseen.
    bool markSeen(const QStringList &ids, QString *error = nullptr);
    /// Everything is seen; records `lastLookedAt()` as now.
    bool markAllSeen(QString *error = nullptr);
    QDateTime lastLookedAt() const;

    // --- Writing (StoreSync) ---------------------------------------------------------------
    /// What one page did to the store.
    struct PageOutcome
    {
        QList<OpportunitySummary> added; ///< new, or back after being marked removed
        QList<OpportunitySummary> changed; ///< a different LastModifiedDate, or other content
        qint64 unchanged = 0; ///< the same LastModifiedDate and content as stored
        qint64 skipped = 0; ///< no Id, or another catalog
    };
    /// Records a sync as running and returns its id (> 0), or 0 with `*error`. A sync still
    /// recorded as running is marked Interrupted first.
    qint64 beginSync(SyncMode mode, QString *error);
    /// Stores one page of summaries in one transaction: inserts new ones, replaces changed ones
    /// and writes their journal entries (from the second sync of the store on: the first
    /// listing's "everything is new" is not journalled), stamps all of them as seen by
    /// `syncId`. Nothing of the page is stored when it fails.
    bool applyPage(qint64 syncId, const QList<OpportunitySummary> &rows, PageOutcome *outcome,
                   QString *error);
    /// The same with the summaries' JSON (`jsons[i]` is `rows[i].toJson()`) made by the caller,
    /// which may be another thread than the store's.
    bool applyPage(qint64 syncId, const QList<OpportunitySummary> &rows,
                   const QList<QByteArray> &jsons, PageOutcome *outcome, QString *error);
    /// After a complete full listing: marks every opportunity that `syncId` did not see as
    /// removed and journals it, in one transaction.
    bool markUnseenRemoved(qint64 syncId, QStringList *removedIds, QString *error);
    /// Ends a successful sync in one transaction: its record, the new watermark (if greater),
    /// completeness after a full listing, and the journal pruned to `journalRetentionDays`.
    bool finishSync(const SyncRecord &record, int journalRetentionDays, QString *error);
    /// Ends a failed or cancelled sync: only its record; the watermark stays.
    void abandonSync(const SyncRecord &record);
    /// The sync begun through this object and not ended yet; 0 when none.
    qint64 currentSyncId() const { return m_currentSync; }

    // --- One sync at a time -----------------------------------------------------------------
    /// Takes the sync lock of this store. False when another process or object holds it;
    /// `*holder` then describes the holder ("process 1234 on host").
    bool tryLockSync(QString *holder = nullptr);
    void unlockSync();
    /// True while another process or object holds the sync lock.
    bool isSyncRunningElsewhere(QString *holder = nullptr) const;

    // --- Kept details (GetOpportunity, GetAwsOpportunitySummary answers) --------------------
    /// Keeps a GetOpportunity answer (its JSON) for opportunity `id` as of `lastModified` (the
    /// LastModifiedDate text), replacing what was kept for older versions.
    bool keepDetails(const QString &id, const QString &lastModified, const QByteArray &json,
                     QString *error = nullptr);
    /// The answer kept for exactly this version; nullopt when there is none.
    std::optional<QByteArray> keptDetails(const QString &id, const QString &lastModified) const;
    /// Likewise for GetAwsOpportunitySummary; a null `json` records that none exists yet
    /// (ResourceNotFoundException), kept() then gives an empty array.
    bool keepAwsSummary(const QString &id, const QString &lastModified, const QByteArray &json,
                        QString *error = nullptr);
    std::optional<QByteArray> keptAwsSummary(const QString &id, const QString &lastModified) const;
    /// What the table shows of a kept GetOpportunity answer, read by SQLite's JSON functions
    /// without building the answer: Project.Title and the first opportunity-team member.
    struct KeptBrief
    {
        QString id;
        QString lastModified;
        QString title;
        QString ownerFirstName;
        QString ownerLastName;
        QString ownerEmail;
    };
    bool readKeptBriefs(const std::function<void(const KeptBrief &brief)> &sink,
                        QString *error = nullptr) const;

    // --- Reads (the rolling 24 h read budget) -----------------------------------------------
    struct Read
    {
        qint64 atMs = 0; ///< ms since the epoch
        QString operation;
    };
    bool recordRead(const QString &operation, qint64 atMs, QString *error = nullptr);
    /// The reads at or after `sinceMs`, oldest first; older ones are deleted.
    QList<Read> readsSince(qint64 sinceMs) const;

    /// The connection, for ChangeJournal.
    SqliteDatabase *database() const { return &m_db; }

private:
    bool keepAnswer(bool aws, const QString &id, const QString &lastModified,
                    const QByteArray &json, QString *error);
    std::optional<QByteArray> keptAnswer(bool aws, const QString &id,
                                         const QString &lastModified) const;
    bool openFile(QString *error, Check check = Check::Integrity);
    bool setAside(const QString &reason, QString *error);
    bool createOrMigrate(QString *error);
    bool migrateFrom1(QString *error);
    bool checkKey(const StoreKey &key, QString *error);
    QString metaText(const char *key) const;
    bool setMeta(const char *key, const QString &value);
    bool writeJournal(qint64 syncId, const QString &id, JournalEntry::Change change,
                      const QString &lastModified, qint64 atMs, const QList<FieldChange> &fields);
    bool writeRecord(const SyncRecord &record);
    /// After the first listing into an empty store, ended or not.
    void endBulkLoad();
    /// "Could not <what> in the local copy <path>: <cause>. …", the cause worded for a full
    /// disk and a read-only file or folder.
    QString describe(const QString &what) const;
    static QString describeHolder(QLockFile *lock);

    mutable SqliteDatabase m_db;
    QString m_path;
    StoreKey m_key;
    QString m_warning;
    bool m_readOnly = false;
    qint64 m_currentSync = 0; ///< see currentSyncId()
    bool m_journaling = false; ///< the current sync journals (the store was complete)
    bool m_bulkLoad = false; ///< the current sync began on an empty store
    QSet<QString> m_bulkIds; ///< the Ids a bulk load has inserted (it has no Id index yet)
    std::unique_ptr<QLockFile> m_syncLock;
};

} // namespace Pd::Core
