#pragma once

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>

namespace Pd::Core {

class AwsClient;
class OpportunityStoreDb;

/// The read requests made over a rolling 24 h, counted locally, against the account's daily
/// read quota (100,000 by default): every ListOpportunities, GetOpportunity and
/// GetAwsOpportunitySummary request an AwsClient sends (`watch()`), retries included.
///
/// Kept across restarts: in the store's `reads` table (`useStore()`), or, without a store, in a
/// small file of "<ms since the epoch> <operation>" lines (`useFile()`, see `filePath()`).
/// Reads older than 24 h are dropped when counted. Used from one thread.
class ReadBudget final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReadBudget)

public:
    static constexpr qint64 WindowMs = 24LL * 60 * 60 * 1000;
    static constexpr qint64 DefaultDailyQuota = 100000;

    explicit ReadBudget(QObject *parent = nullptr);
    ~ReadBudget() override;

    /// Counts in `store`'s `reads` table (not owned; must outlive this object or be replaced).
    void useStore(OpportunityStoreDb *store);
    /// Counts in the file at `path` (created when missing).
    void useFile(const QString &path);
    /// `<AppDataLocation>/reads/<identity hash>.log`, for one identity and endpoint.
    static QString filePath(const QString &identity, const QString &endpoint);

    /// Counts every request `client` sends from now on.
    void watch(AwsClient *client);

    void record(const QString &operation);
    /// Reads in the last 24 h.
    qint64 total() const;
    /// Reads in the last 24 h of `operation`.
    qint64 count(const QString &operation) const;
    /// Reads in the last 24 h by operation name.
    QMap<QString, qint64> byOperation() const;

    qint64 dailyQuota() const { return m_quota; }
    void setDailyQuota(qint64 quota);

    /// "Reads in 24 h: 1,234 / 100,000", numbers in the locale's format.
    QString meterText() const;
    /// One line per operation: "GetOpportunity: 1,000".
    QString meterToolTip() const;

Q_SIGNALS:
    void changed();

private:
    struct Read
    {
        qint64 atMs;
        QString operation;
    };
    void load();
    void prune() const;
    void appendToFile(const Read &read);

    OpportunityStoreDb *m_store = nullptr;
    QString m_filePath;
    mutable QList<Read> m_reads; ///< oldest first, within the window
    qint64 m_quota = DefaultDailyQuota;
    QList<QPointer<AwsClient>> m_clients;
};

} // namespace Pd::Core
