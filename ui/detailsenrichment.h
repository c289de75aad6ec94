#pragma once

#include <QLabel>
#include <QObject>
#include <QPointer>
#include <QString>

#include <utility>

class QTimer;

namespace Pd::Core {
class AwsClient;
class DetailsLoader;
class EnrichmentQueue;
class OpportunityDetailsStore;
class OpportunityModel;
class OpportunityStoreDb;
class ReadBudget;
} // namespace Pd::Core

namespace Pd::Gui {

class LocalCopy;
class OpportunityTableView;

/// The details side of the main window: the kept answers (in the local copy when it is open),
/// the read budget and its status-bar meter, the detail pane's loader, and the background
/// queue that fills the table's Title and Owner columns (the rows in view first; paused while
/// the table lists or the local copy syncs).
///
/// Settings (QSettings): `details/callsPerSecond` (5) and `details/budgetShare` (0.2, of the
/// daily read quota) for the background queue; `details/dailyReadQuota` (100000).
class DetailsEnrichment final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsEnrichment)

public:
    DetailsEnrichment(Core::OpportunityModel *model, OpportunityTableView *table,
                      LocalCopy *localCopy, QObject *parent = nullptr);
    ~DetailsEnrichment() override;

    /// The client of every call (not owned) and the file that counts reads while no local copy
    /// is open. nullptr stops fetching.
    void setClient(Core::AwsClient *client, const QString &readsFile);

    /// Whether details are fetched at all (on by default); off, only kept answers are shown.
    void setFetching(bool fetching);
    bool isFetching() const { return m_fetching; }

    Core::DetailsLoader *loader() const { return m_loader; }
    Core::EnrichmentQueue *queue() const { return m_queue; }
    Core::ReadBudget *budget() const { return m_budget; }
    Core::OpportunityDetailsStore *details() const { return m_details; }
    /// "Reads in 24 h: 1,234 / 100,000" for the status bar (parentless until added to one).
    QLabel *meter() const { return m_meter; }

Q_SIGNALS:
    /// Something the user should read in the status bar (the background queue was denied).
    void message(const QString &text);

private:
    void useStore();
    void scheduleRows();
    void updateRows();
    void updatePaused();
    void updateMeter();

    Core::OpportunityModel *m_model = nullptr;
    OpportunityTableView *m_table = nullptr;
    LocalCopy *m_localCopy = nullptr;
    Core::OpportunityDetailsStore *m_details = nullptr;
    Core::ReadBudget *m_budget = nullptr;
    Core::DetailsLoader *m_loader = nullptr;
    Core::EnrichmentQueue *m_queue = nullptr;
    QPointer<QLabel> m_meter;
    QTimer *m_rowsTimer = nullptr;
    QTimer *m_meterTimer = nullptr;
    Core::OpportunityStoreDb *m_store = nullptr;
    QString m_readsFile;
    QString m_queueProblem;
    bool m_storeApplied = false; ///< m_store is what the details and the budget use
    QPointer<Core::AwsClient> m_client;
    bool m_fetching = true;
    bool m_rowsChanged = false; ///< reset: every row again
    int m_rowsKnown = 0; ///< model rows the queue has
    QList<std::pair<int, int>> m_changedRows; ///< first and last model row of replaced summaries
};

} // namespace Pd::Gui
