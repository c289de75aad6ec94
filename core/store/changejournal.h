#pragma once

#include "journalentry.h"
#include "opportunitystoredb.h"
#include "opportunitysummary.h"

#include <QList>
#include <QString>

#include <functional>

namespace Pd::Core {

/// The change journal of a store: per sync and opportunity, new, changed (with every field that
/// differs, old and new value) or removed. Written by OpportunityStoreDb::applyPage() and
/// markUnseenRemoved() inside the page's transaction; read here. Entries are kept
/// StoreSync::DefaultJournalRetentionDays (90) days unless the sync is told otherwise, and pruned
/// when a sync succeeds.
///
/// Field values are JSON values: null for an absent member, a string for text and enum
/// members and the DateTimes as received, a list of strings for Project.DeliveryModels and the
/// whole list of objects for Project.ExpectedCustomerSpend (OpportunityFields::jsonValue()).
class ChangeJournal final
{
public:
    /// Reads `store`'s journal (not owned; must be open).
    explicit ChangeJournal(const OpportunityStoreDb *store);

    /// Every field (OpportunityFields::all(), Id left out) whose JSON value differs between
    /// the two summaries of one opportunity, in field order.
    static QList<FieldChange> diff(const OpportunitySummary &before,
                                   const OpportunitySummary &after);

    /// Entries of syncs that committed at or after `since`, oldest first (by sync, then Id).
    QList<JournalEntry> entriesSince(const QDateTime &since) const;
    /// Entries of the last `count` syncs that recorded any, oldest first.
    QList<JournalEntry> entriesOfLastSyncs(int count) const;
    /// One opportunity's history, oldest first.
    QList<JournalEntry> history(const QString &id) const;
    /// The last `count` syncs, newest first.
    QList<SyncRecord> syncs(int count) const;

private:
    QList<JournalEntry> read(const char *sql,
                             const std::function<void(SqliteStatement *)> &bind) const;

    const OpportunityStoreDb *m_store = nullptr;
};

} // namespace Pd::Core
