#pragma once

#include "apierror.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

class QTimer;

namespace Pd::Core {

class AwsClient;
class GetOpportunityCall;
class OpportunityDetailsStore;
class ReadBudget;

/// Fetches, in the background, the GetOpportunity details of the rows a table shows, so that
/// their Title and Owner columns fill in: the visible rows first, then the rest in table order.
///
/// Paced on its own at `callsPerSecond()` (5 by default; under the client-wide limit of every
/// read), and it stops once the GetOpportunity reads of the last 24 h reach `budgetShare()` of
/// the daily read quota (20 % by default), with `budgetReached()`. `setPaused(true)` holds it
/// while a listing or a sync runs (calls in flight finish). What is kept for a row's
/// (Id, LastModifiedDate) is never fetched again; a changed row is. A denied call
/// (AccessDeniedException) stops it with `denied()`; another failure skips that row until
/// `setRows()` names it again.
class EnrichmentQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnrichmentQueue)

public:
    static constexpr double DefaultCallsPerSecond = 5.0;
    static constexpr double DefaultBudgetShare = 0.2;
    static constexpr int MaxInFlight = 4;

    struct Row
    {
        QString id;
        QString lastModified; ///< the LastModifiedDate text of the row's summary
    };

    EnrichmentQueue(OpportunityDetailsStore *details, ReadBudget *budget,
                    QObject *parent = nullptr);
    ~EnrichmentQueue() override;

    /// The client of the calls (not owned); nullptr stops fetching.
    void setClient(AwsClient *client);
    void setCatalog(const QString &catalog) { m_catalog = catalog; }

    /// Every row of the table, in table order; starts fetching what is not kept.
    void setRows(const QList<Row> &rows);
    /// Rows added to the table, or rows whose summary changed (a new LastModifiedDate: the
    /// older version is no longer fetched).
    void appendRows(const QList<Row> &rows);
    /// The rows in view: fetched before the others.
    void setVisibleRows(const QList<Row> &rows);

    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    double callsPerSecond() const { return m_callsPerSecond; }
    void setCallsPerSecond(double rate);
    double budgetShare() const { return m_budgetShare; }
    void setBudgetShare(double share);

    /// True after denied() or budgetReached(), until setRows() or setClient().
    bool isStopped() const { return m_stopped; }
    /// Rows waiting to be fetched (not kept, not failed).
    int pendingCount() const;
    /// GetOpportunity calls started since construction.
    int callsStarted() const { return m_callsStarted; }
    int inFlight() const { return int(m_calls.size()); }

Q_SIGNALS:
    /// The details of `id` were fetched and kept.
    void enriched(const QString &id);
    /// GetOpportunity was denied: nothing more is fetched.
    void denied(const Pd::Core::ApiError &error);
    /// The share of the daily read quota is spent: nothing more is fetched.
    void budgetReached();
    /// Nothing is left to fetch.
    void idle();

private:
    void schedule();
    void pump();
    bool takeNext(Row *row);
    bool wanted(const Row &row) const;
    bool budgetLeft() const;
    void handleFinished(GetOpportunityCall *call, const Row &row);
    void stopAll();

    OpportunityDetailsStore *m_details = nullptr;
    ReadBudget *m_budget = nullptr;
    QPointer<AwsClient> m_client;
    QString m_catalog = QStringLiteral("AWS");
    QList<Row> m_rows;
    QHash<QString, QString> m_current; ///< Id → the LastModifiedDate the table shows
    qsizetype m_cursor = 0; ///< m_rows before it were taken or skipped
    QList<Row> m_visible;
    QSet<QString> m_failed; ///< ids whose call failed, skipped until setRows()
    QHash<GetOpportunityCall *, Row> m_calls;
    QSet<QString> m_inFlightIds;
    QTimer *m_timer = nullptr;
    QElapsedTimer m_sinceLastStart;
    double m_callsPerSecond = DefaultCallsPerSecond;
    double m_budgetShare = DefaultBudgetShare;
    int m_callsStarted = 0;
    bool m_paused = false;
    bool m_stopped = false;
    bool m_idleReported = false;
};

} // namespace Pd::Core
