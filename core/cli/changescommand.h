#pragma once

#include "journalentry.h"
#include "storecommandoptions.h"

#include <QCoreApplication>
#include <QList>

class QIODevice;

namespace Pd::Core {

class OpportunityStoreDb;

/// `partnerdesk-cli changes`: the change journal of a local copy (ChangeJournal), from `--since`
/// or of the last `--last` syncs, oldest first, on `out`:
/// - json: a list of objects with `Id`, `Change` (`new`, `changed` or `removed`), `SyncedAt`
///   (RFC 3339 UTC), `LastModifiedDate` (as the service sent it) and `Fields`: for a change,
///   field name (`LifeCycle.Stage`, …) → `{"old": …, "new": …}` with JSON values; empty for new
///   and removed ones.
/// - csv: a header row, then one row per changed field (`SyncedAt`, `Id`, `Change`,
///   `LastModifiedDate`, `Field`, `Old`, `New`; strings unquoted, lists as JSON, absent
///   empty) and one row per new or removed opportunity.
/// Reads the local copy only; nothing is sent.
class ChangesCommand final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ChangesCommand)

public:
    ChangesCommand(const StoreCommandOptions &options, const OpportunityStoreDb *store,
                   QIODevice *out, QIODevice *err);

    /// Writes the entries; returns the process exit code (CliExitCode).
    int run();

    static QByteArray toJson(const QList<JournalEntry> &entries);

private:
    bool writeCsv(const QList<JournalEntry> &entries);

    StoreCommandOptions m_options;
    const OpportunityStoreDb *m_store;
    QIODevice *m_out;
    QIODevice *m_err;
};

} // namespace Pd::Core
