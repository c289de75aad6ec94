#pragma once

#include "clioptions.h"
#include "storecommandoptions.h"

#include <QObject>

class QIODevice;

namespace Pd::Core {

class AwsClient;
class OpportunityStoreDb;
class StoreSync;

/// `partnerdesk-cli sync`, once the command line is parsed, the local copy is open and a client
/// exists: runs a StoreSync (incremental, or full with `--full`) and prints what it did on `out`,
/// as one line of text or as one JSON object with the members `new`, `changed`, `removed`,
/// `unchanged`, `requests`, `pages`, `durationMs`, `watermark` (the greatest LastModifiedDate
/// stored, null before any) plus `mode` and `store`. Errors go to `err` with the exit codes of
/// list-opportunities: the service's error as the AWS CLI words it, 255 for a local copy that
/// cannot be written or a sync already running elsewhere.
///
/// Emits `finished()` exactly once, with the process exit code (CliExitCode).
class SyncCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncCommand)

public:
    /// Nothing is owned; everything must outlive the command.
    SyncCommand(const StoreCommandOptions &options, const CliOptions &listOptions,
                OpportunityStoreDb *store, AwsClient *client, QIODevice *out, QIODevice *err,
                QObject *parent = nullptr);
    ~SyncCommand() override;

    /// Progress lines ("1,200 opportunities synced") on `err`, rewritten in place with CR.
    void setShowProgress(bool on) { m_showProgress = on; }

    void start();
    /// Stops the sync; what was stored stays, finished(130) follows.
    void abort();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void handleFinished();
    void showProgress(const QString &text);
    void finish(CliExitCode code);

    StoreCommandOptions m_options;
    OpportunityStoreDb *m_store = nullptr;
    QIODevice *m_out = nullptr;
    QIODevice *m_err = nullptr;
    StoreSync *m_sync = nullptr;
    qint64 m_rows = 0;
    bool m_showProgress = false;
    bool m_progressShown = false;
    bool m_finished = false;
};

} // namespace Pd::Core
