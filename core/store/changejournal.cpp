#include "changejournal.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

std::optional<OpportunityField> fieldNamed(const QString &name)
{
    static const QHash<QString, OpportunityField> byName = [] {
        QHash<QString, OpportunityField> fields;
        for (const OpportunityField field : OpportunityFields::all()) {
            fields.insert(OpportunityFields::name(field), field);
        }
        return fields;
    }();
    const auto it = byName.constFind(name);
    return it == byName.cend() ? std::nullopt : std::optional(*it);
}

std::optional<JournalEntry::Change> changeNamed(QStringView name)
{
    for (const auto change : {JournalEntry::Change::New, JournalEntry::Change::Changed,
                              JournalEntry::Change::Removed}) {
        if (name == JournalEntry::changeName(change)) {
            return change;
        }
    }
    return std::nullopt;
}

SyncRecord::Status statusNamed(QStringView name)
{
    if (name == "succeeded"_L1) {
        return SyncRecord::Status::Succeeded;
    }
    if (name == "failed"_L1) {
        return SyncRecord::Status::Failed;
    }
    if (name == "cancelled"_L1) {
        return SyncRecord::Status::Cancelled;
    }
    if (name == "interrupted"_L1) {
        return SyncRecord::Status::Interrupted;
    }
    return SyncRecord::Status::Running;
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

/// The columns every journal query selects, in this order.
constexpr auto EntryColumns = "journal.rowid, journal.sync_id, journal.synced_ms, journal.id,"
                              " journal.change, journal.last_modified";

} // namespace

QString JournalEntry::changeName(Change change)
{
    switch (change) {
    case Change::New:
        return u"new"_s;
    case Change::Changed:
        return u"changed"_s;
    case Change::Removed:
        return u"removed"_s;
    }
    return {};
}

ChangeJournal::ChangeJournal(const OpportunityStoreDb *store) : m_store(store) { }

QList<FieldChange> ChangeJournal::diff(const OpportunitySummary &before,
                                       const OpportunitySummary &after)
{
    QList<FieldChange> changes;
    for (const OpportunityField field : OpportunityFields::all()) {
        if (field == OpportunityField::Id) {
            continue;
        }
        QByteArray oldValue = OpportunityFields::jsonValue(before, field);
        QByteArray newValue = OpportunityFields::jsonValue(after, field);
        if (oldValue != newValue) {
            changes.append({field, std::move(oldValue), std::move(newValue)});
        }
    }
    return changes;
}

QList<JournalEntry> ChangeJournal::entriesSince(const QDateTime &since) const
{
    const QByteArray sql = "SELECT "_ba + EntryColumns
                           + " FROM journal WHERE synced_ms >= ?1 ORDER BY journal.sync_id,"
                             " length(journal.id), journal.id";
    return read(sql.constData(), [&since](SqliteStatement *statement) {
        statement->bind(1, since.toMSecsSinceEpoch());
    });
}

QList<JournalEntry> ChangeJournal::entriesOfLastSyncs(int count) const
{
    const QByteArray sql = "SELECT "_ba + EntryColumns
                           + " FROM journal WHERE sync_id IN (SELECT DISTINCT sync_id FROM journal"
                             " ORDER BY sync_id DESC LIMIT ?1) ORDER BY journal.sync_id,"
                             " length(journal.id), journal.id";
    return read(sql.constData(),
                [count](SqliteStatement *statement) { statement->bind(1, qint64(count)); });
}

QList<JournalEntry> ChangeJournal::history(const QString &id) const
{
    const QByteArray sql
            = "SELECT "_ba + EntryColumns + " FROM journal WHERE id = ?1 ORDER BY journal.sync_id";
    return read(sql.constData(), [&id](SqliteStatement *statement) { statement->bind(1, id); });
}

QList<JournalEntry> ChangeJournal::read(const char *sql,
                                        const std::function<void(SqliteStatement *)> &bind) const
{
    SqliteDatabase *db = m_store->database();
    SqliteStatement statement = db->prepare(sql);
    SqliteStatement fields
            = db->prepare("SELECT field, old_value, new_value FROM journal_fields WHERE entry = ?1"
                          " ORDER BY rowid");
    QList<JournalEntry> entries;
    if (!statement.isValid() || !fields.isValid()) {
        return entries;
    }
    bind(&statement);
    while (statement.step() == SqliteStatement::Step::Row) {
        const std::optional<JournalEntry::Change> change = changeNamed(statement.text(4));
        if (!change) {
            continue;
        }
        JournalEntry entry;
        entry.syncId = statement.int64(1);
        entry.syncedAt = fromMs(statement.int64(2));
        entry.id = statement.text(3);
        entry.change = *change;
        entry.lastModifiedDate = statement.text(5);
        if (entry.change == JournalEntry::Change::Changed) {
            fields.bind(1, statement.int64(0));
            while (fields.step() == SqliteStatement::Step::Row) {
                if (const auto field = fieldNamed(fields.text(0))) {
                    entry.fields.append(
                            {*field, fields.utf8(1).toByteArray(), fields.utf8(2).toByteArray()});
                }
            }
            fields.reset();
        }
        entries.append(std::move(entry));
    }
    return entries;
}

QList<SyncRecord> ChangeJournal::syncs(int count) const
{
    SqliteStatement statement = m_store->database()->prepare(
            "SELECT id, mode, status, started_ms, finished_ms, new_count, changed_count,"
            " removed_count, unchanged_count, requests, pages, duration_ms, watermark_before,"
            " watermark, error FROM syncs ORDER BY id DESC LIMIT ?1");
    QList<SyncRecord> records;
    if (!statement.isValid()) {
        return records;
    }
    statement.bind(1, qint64(count));
    while (statement.step() == SqliteStatement::Step::Row) {
        SyncRecord record;
        record.id = statement.int64(0);
        record.mode = statement.text(1) == "full"_L1 ? SyncMode::Full : SyncMode::Incremental;
        record.status = statusNamed(statement.text(2));
        record.startedAt = fromMs(statement.int64(3));
        if (!statement.isNull(4)) {
            record.finishedAt = fromMs(statement.int64(4));
        }
        record.newCount = statement.int64(5);
        record.changedCount = statement.int64(6);
        record.removedCount = statement.int64(7);
        record.unchangedCount = statement.int64(8);
        record.requests = int(statement.int64(9));
        record.pages = int(statement.int64(10));
        record.durationMs = statement.int64(11);
        record.watermarkBefore = statement.text(12);
        record.watermark = statement.text(13);
        record.error = statement.text(14);
        records.append(std::move(record));
    }
    return records;
}

} // namespace Pd::Core
