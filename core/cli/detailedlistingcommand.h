#pragma once

#include "clioptions.h"
#include "getopportunity.h"
#include "opportunitysummary.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QIODevice;

namespace Pd::Core {

class AwsClient;
class ListOpportunitiesCommand;
class OpportunityStoreDb;

/// `partnerdesk-cli list-opportunities --with-details`: the listing of ListOpportunitiesCommand
/// (same options, paging and errors), then each opportunity's GetOpportunity answer: the one
/// kept in the local copy for its (Id, LastModifiedDate) when there is one, else fetched
/// (`--max-concurrency` calls in flight, paced by the client) and kept. Written to `out` once
/// everything is there: CSV with the summary fields then the detail columns (`detailColumns()`,
/// Title and Owner first), or JSON with a `Details` member in each summary (null when the
/// opportunity no longer exists). Says on `err` how many calls it made.
///
/// A failed GetOpportunity ends the command like a failed listing: the AWS CLI's message on
/// `err`, nothing on `out`, the exit code of ListOpportunitiesCommand::exitCodeFor().
class DetailedListingCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailedListingCommand)

public:
    DetailedListingCommand(CliOptions options, AwsClient *client, QIODevice *out, QIODevice *err,
                           QObject *parent = nullptr);
    ~DetailedListingCommand() override;

    /// Where details are kept (not owned; nullptr: nothing is kept). Before start().
    void setStore(OpportunityStoreDb *store) { m_store = store; }
    void setShowProgress(bool on) { m_showProgress = on; }

    void start();
    void abort();
    int exitCode() const { return m_exitCode; }
    /// GetOpportunity calls made, and answers taken from the local copy.
    int callsMade() const { return m_calls; }
    int keptUsed() const { return m_keptUsed; }

    /// The CSV header names of the detail columns, in order.
    static QStringList detailColumns();
    /// The cells of those columns for one answer.
    static QStringList detailCells(const GetOpportunityResponse &details);

Q_SIGNALS:
    void finished(int exitCode);

private:
    class Collector;

    void handleListingFinished(int exitCode);
    void fetchMore();
    void handleCallFinished(GetOpportunityCall *call, qsizetype index);
    bool writeOutput();
    /// "Details: 37 GetOpportunity calls made, 13 taken from the local copy." on `err`.
    void report();
    void done(int exitCode);

    CliOptions m_options;
    QPointer<AwsClient> m_client;
    QIODevice *m_out = nullptr;
    QIODevice *m_err = nullptr;
    OpportunityStoreDb *m_store = nullptr;
    std::unique_ptr<ListOpportunitiesCommand> m_listing;
    std::shared_ptr<QList<OpportunitySummary>> m_rows;
    QList<std::optional<GetOpportunityResponse>> m_details;
    QList<qsizetype> m_toFetch; ///< indexes into m_rows
    qsizetype m_nextFetch = 0;
    QHash<GetOpportunityCall *, qsizetype> m_inFlight;
    int m_calls = 0;
    int m_keptUsed = 0;
    int m_exitCode = -1;
    bool m_showProgress = false;
    bool m_aborted = false;
    bool m_finished = false;
};

} // namespace Pd::Core
