#pragma once

#include "apierror.h"
#include "clioptions.h"
#include "opportunitysummary.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QIODevice;

namespace Pd::Core {

class AwsClient;
class BackgroundOpportunityOutput;
class OpportunityOutput;
class ListOpportunitiesCall;
class OpportunityLister;
class OpportunityStoreDb;

/// `partnerdesk-cli list-opportunities`, once the command line is parsed and a client exists:
/// pages through ListOpportunities with NextToken (or sends one request with `--no-paginate`),
/// streams every page to `out` as JSON or CSV, and reports errors on `err` in the AWS CLI's
/// words (ApiError::toCliText).
///
/// A complete listing (no `--max-items`, `--starting-token` or `--no-paginate`) goes through
/// OpportunityLister with `--max-concurrency` calls in flight: the same rows in the same order,
/// sooner.
///
/// Pagination follows the AWS CLI: `--max-items` cuts the listing and yields an AWS CLI resume
/// token (PaginationToken), `--starting-token` resumes from one, and a service that sends the
/// same NextToken twice ends the listing with an error. Nothing is written to `out` before the
/// first page arrives, so a listing that fails at once leaves stdout empty; one that fails
/// later leaves the pages so far, unterminated, and a non-zero exit code.
///
/// Pages are formatted and written to `out` on a worker thread (BackgroundOpportunityOutput)
/// while the next ones are fetched; nobody else may use `out` until `finished()` is emitted.
///
/// Emits `finished()` exactly once, with the process exit code (CliExitCode).
class ListOpportunitiesCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListOpportunitiesCommand)

public:
    ListOpportunitiesCommand(CliOptions options, AwsClient *client, QIODevice *out, QIODevice *err,
                             QObject *parent = nullptr);
    ~ListOpportunitiesCommand() override;

    /// Progress lines ("1,200 opportunities fetched") on `err`, rewritten in place with CR.
    void setShowProgress(bool on) { m_showProgress = on; }
    /// Another sink for the rows than `--output`'s (a report over them); before start().
    void setOutput(std::unique_ptr<OpportunityOutput> output);
    /// `--from-store`: answer from this local copy (not owned) instead of the service, with the
    /// service's filters and order (OpportunityQuery) and the same paging: a page token is the
    /// offset of the page in the listing. No client is needed. Before start().
    void setStore(const OpportunityStoreDb *store) { m_store = store; }

    void start();
    /// Stops the call in flight; finished(130) follows.
    void abort();

    int exitCode() const { return m_exitCode; }
    qint64 itemCount() const { return m_items; }
    int pageCount() const { return m_pages; }

    /// The exit code for a failed call.
    static CliExitCode exitCodeFor(const ApiError &error);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void listEverything();
    void handleRows(const QList<OpportunitySummary> &rows);
    void handleListerFinished();
    void requestPage();
    void handlePage();
    /// The paging of one page's rows (--starting-token, --max-items, --no-paginate), from the
    /// service or the local copy.
    void handleResponse(ListOpportunitiesResponse response);
    void startLocal();
    void serveLocalPage();
    void complete(const QString &resumeToken);
    void fail(const ApiError &error);
    void failWith(CliExitCode code, const QString &message);
    void done(CliExitCode code);
    void writeError(const QString &text);
    void showProgress(const QString &text);
    bool flushOutput();

    CliOptions m_options;
    QPointer<AwsClient> m_client;
    QIODevice *m_out = nullptr;
    QIODevice *m_err = nullptr;
    /// Writes to `m_out` on a worker thread: this thread touches `m_out` only once the output
    /// has been drained or finished.
    std::unique_ptr<BackgroundOpportunityOutput> m_output;
    ListOpportunitiesCall *m_call = nullptr;
    OpportunityLister *m_lister = nullptr;
    const OpportunityStoreDb *m_store = nullptr;
    /// `--from-store` a page at a time (a page token, MaxItems): the whole listing, in order.
    QList<OpportunitySummary> m_localRows;

    QString m_pageToken; ///< NextToken of the page in flight; empty for the first page
    int m_skip = 0; ///< items to drop from the start of the page in flight
    qint64 m_items = 0;
    int m_pages = 0;
    int m_exitCode = -1;
    bool m_begun = false;
    bool m_showProgress = false;
    bool m_progressShown = false;
};

} // namespace Pd::Core
