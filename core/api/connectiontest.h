#pragma once

#include "apierror.h"
#include "clientconfig.h"
#include "credentialsprovider.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace Pd::Core {

class AwsClient;
class ListOpportunitiesCall;

/// "Test connection": one ListOpportunities call with MaxResults=1 per catalog (AWS and
/// Sandbox by default), all at once, through a client of its own that makes a single attempt.
///
/// `catalogTested()` reports each catalog as its call ends and `finished()` follows the last
/// one, exactly once per `start()` (also after `cancel()`, with Kind::Cancelled for the calls
/// still open). `describe()` turns a result into plain words for people: success, the missing
/// IAM action for AccessDeniedException, or what a signature or credential error means.
class ConnectionTest final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTest)

public:
    struct Result
    {
        QString catalog;
        ApiError error; ///< Kind::None on success
        qint64 elapsedMs = -1;
        bool succeeded() const { return !error.isError(); }
    };

    static constexpr auto IamAction = "partnercentral:ListOpportunities";
    static constexpr auto CatalogConditionKey = "partnercentral:Catalog";

    ConnectionTest(const ClientConfig &config, std::shared_ptr<CredentialsProvider> credentials,
                   QObject *parent = nullptr);
    ~ConnectionTest() override;

    void start(const QStringList &catalogs = {});
    void cancel();
    bool isRunning() const { return !m_calls.isEmpty(); }
    /// The results so far, in the order the catalogs were given.
    QList<Result> results() const { return m_results; }
    bool allSucceeded() const;

    /// One translated sentence or two about a result, for the profiles dialog.
    static QString describe(const Result &result);
    /// A least-privilege IAM policy allowing ListOpportunities on `catalogs` only.
    static QString iamPolicy(const QStringList &catalogs);

Q_SIGNALS:
    void catalogTested(const QString &catalog);
    void finished();

private:
    void handleFinished(int index, ListOpportunitiesCall *call);

    std::unique_ptr<AwsClient> m_client;
    QList<Result> m_results;
    QList<ListOpportunitiesCall *> m_calls;
};

} // namespace Pd::Core
