#pragma once

#include "awscredentials.h"
#include "churn.h"
#include "emulatoroptions.h"
#include "httpconnection.h"
#include "listopportunitiesrequest.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

class QTcpServer;

namespace Pd::Emulator {

class OpportunityStore;
class PageToken;
class RequestAuthenticator;
struct ServiceError;

/// A local Partner Central Selling service on 127.0.0.1: ListOpportunities, GetOpportunity and
/// GetAwsOpportunitySummary.
///
/// Speaks awsJson1_0 over HTTP/1.1 keep-alive, verifies SigV4 with the configured credentials,
/// validates requests against the model, serves a generated (or loaded) dataset with the query
/// semantics of OpportunityStore, and injects faults on demand. See emulator/README.md.
///
/// Lives in one thread; `failNext()`, `dropNext()`, `requestCount()` and `lastRequestBody()`
/// may be called from any thread (EmulatorThread runs the server in its own thread).
class EmulatorServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmulatorServer)

public:
    static constexpr int DefaultPageSize = 20;

    explicit EmulatorServer(QObject *parent = nullptr);
    ~EmulatorServer() override;

    /// Loads or generates the data, then listens. Returns false with `*error` set (a translated
    /// sentence) when an option is invalid, the data file cannot be used, or the port is taken.
    bool start(const EmulatorOptions &options, QString *error);
    void stop();
    bool isListening() const;
    quint16 port() const;
    QUrl endpoint() const; ///< http://127.0.0.1:<port>
    /// The credentials requests must be signed with (a generated secret if none was given).
    Core::AwsCredentials credentials() const;
    const EmulatorOptions &options() const { return m_options; }

    qsizetype opportunityCount(const QString &catalog) const;
    /// Every identifier a complete listing of `request` returns, in order (NextToken and
    /// MaxResults ignored). The request must be valid. Server thread only.
    QStringList matchingIds(const Core::ListOpportunitiesRequest &request);
    /// The dataset as a --data file: one catalog, or every catalog when `catalog` is empty.
    QByteArray dataJson(const QString &catalog = QString()) const;
    /// Modifies, creates and removes opportunities of `catalog` now (DatasetChurn). Server
    /// thread only (EmulatorThread::churn() calls it there).
    ChurnResult churn(const QString &catalog, const ChurnStep &step);

    /// The next `count` authenticated requests fail with this status and `__type` (used as
    /// given: bare "ThrottlingException" or namespaced; empty sends no `__type`).
    void failNext(int count, int httpStatus, const QString &errorType);
    /// The next `count` authenticated requests get their headers and half their body, then
    /// the connection closes.
    void dropNext(int count);
    /// Complete HTTP requests received since start().
    int requestCount() const;
    QByteArray lastRequestBody() const;

Q_SIGNALS:
    /// After each response was written (or dropped), with its HTTP status.
    void requestServed(int httpStatus);

private:
    struct Outcome;

    void acceptConnections();
    void handle(HttpConnection *connection, HttpConnection::Request &&request);
    Outcome process(const HttpConnection::Request &request);
    /// Denied operations first, then ListOpportunities (`serve`) or a detail operation.
    Outcome serveOperation(const QString &detailOperation, const QByteArray &body);
    Outcome serve(const QByteArray &body);
    bool takeRateToken();
    QDateTime serverNow() const;
    QByteArray httpDate();
    void writeLog(const QByteArray &target, int status, qint64 elapsedNs, int items,
                  const QString &error, const char *fault);
    bool loadData(QString *error);

    EmulatorOptions m_options;
    Core::AwsCredentials m_credentials;
    QTcpServer *m_server = nullptr;
    std::unique_ptr<OpportunityStore> m_store;
    std::unique_ptr<RequestAuthenticator> m_authenticator;
    std::unique_ptr<PageToken> m_tokens;
    std::unique_ptr<DatasetChurn> m_churn;
    QFile m_log;

    qint64 m_authenticated = 0;
    double m_rateTokens = 0;
    QElapsedTimer m_rateClock;
    qint64 m_dateSecond = -1;
    QByteArray m_dateValue;

    mutable QMutex m_mutex; ///< guards the members below
    int m_failCount = 0;
    int m_failStatus = 0;
    QString m_failType;
    int m_dropCount = 0;
    int m_requestCount = 0;
    QByteArray m_lastRequestBody;
};

} // namespace Pd::Emulator
