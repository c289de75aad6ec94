#pragma once

#include "apierror.h"
#include "opportunitydetailsstore.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;

namespace Pd::Core {

class AwsClient;
class GetAwsOpportunitySummaryCall;
class GetOpportunityCall;

/// The details of the one opportunity a detail pane shows: from the kept answers at once when
/// they are of the row's LastModifiedDate, else fetched (GetOpportunity and
/// GetAwsOpportunitySummary side by side) once the selection has rested for `debounceMs()`, so
/// that arrowing through rows sends calls only for the row the user stops on. Fetched answers
/// are kept (OpportunityDetailsStore). A new `show()` aborts the calls of the previous one.
///
/// Signals name the opportunity; only those of the current one are emitted.
class DetailsLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsLoader)

public:
    static constexpr int DefaultDebounceMs = 250;

    explicit DetailsLoader(OpportunityDetailsStore *details, QObject *parent = nullptr);
    ~DetailsLoader() override;

    void setClient(AwsClient *client);
    void setCatalog(const QString &catalog) { m_catalog = catalog; }
    int debounceMs() const { return m_debounceMs; }
    void setDebounceMs(int ms) { m_debounceMs = std::max(0, ms); }

    /// Shows opportunity `id` as of `lastModified`: kept answers are emitted before this
    /// returns; missing ones are fetched after the debounce.
    void show(const QString &id, const QString &lastModified);
    void clear();
    QString currentId() const { return m_id; }
    /// Calls started since construction (both operations).
    int callsStarted() const { return m_callsStarted; }

Q_SIGNALS:
    /// Fetching starts for what is not kept (`details`, `awsSummary`).
    void fetching(const QString &id, bool details, bool awsSummary);
    void detailsReady(const QString &id, const Pd::Core::GetOpportunityResponse &details);
    void detailsFailed(const QString &id, const Pd::Core::ApiError &error);
    void awsSummaryReady(const QString &id,
                         const Pd::Core::OpportunityDetailsStore::AwsSummary &summary);
    void awsSummaryFailed(const QString &id, const Pd::Core::ApiError &error);
    /// A call of the current opportunity is waiting for quota (throttled, retrying).
    void waiting(const QString &id, int delayMs);

private:
    void fetch();
    void abortCalls();

    OpportunityDetailsStore *m_details = nullptr;
    QPointer<AwsClient> m_client;
    QString m_catalog = QStringLiteral("AWS");
    QString m_id;
    QString m_lastModified;
    bool m_needDetails = false;
    bool m_needAwsSummary = false;
    QTimer *m_debounce = nullptr;
    int m_debounceMs = DefaultDebounceMs;
    QPointer<GetOpportunityCall> m_detailsCall;
    QPointer<GetAwsOpportunitySummaryCall> m_awsCall;
    int m_callsStarted = 0;
};

} // namespace Pd::Core
