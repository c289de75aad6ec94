#include "connectiontest.h"

#include "awsclient.h"
#include "listopportunitiescall.h"
#include "listopportunitiesrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcConnectionTest, "partnerdesk.core.connectiontest")

namespace Pd::Core {

namespace {

ClientConfig singleAttempt(ClientConfig config)
{
    config.retry.maxAttempts = 1;
    return config;
}

QString withServiceMessage(const QString &text, const ApiError &error)
{
    if (error.message.isEmpty()) {
        return text;
    }
    return ConnectionTest::tr("%1 The service said: “%2”").arg(text, error.message);
}

} // namespace

ConnectionTest::ConnectionTest(const ClientConfig &config,
                               std::shared_ptr<CredentialsProvider> credentials, QObject *parent)
    : QObject(parent),
      m_client(std::make_unique<AwsClient>(singleAttempt(config), std::move(credentials)))
{ }

ConnectionTest::~ConnectionTest()
{
    // Every call, finished ones awaiting deleteLater() too, goes before the client it uses.
    m_calls.clear();
    const QList<ListOpportunitiesCall *> calls
            = findChildren<ListOpportunitiesCall *>(Qt::FindDirectChildrenOnly);
    for (ListOpportunitiesCall *call : calls) {
        disconnect(call, nullptr, this, nullptr);
        delete call;
    }
}

void ConnectionTest::start(const QStringList &catalogs)
{
    cancel();
    m_results.clear();
    const QStringList names = catalogs.isEmpty() ? Model::catalogs() : catalogs;
    for (const QString &catalog : names) {
        ListOpportunitiesRequest request;
        request.catalog = catalog;
        request.maxResults = 1;
        const int index = int(m_results.size());
        m_results.append({catalog, {}, -1});
        ListOpportunitiesCall *call = new ListOpportunitiesCall(m_client.get(), request, this);
        m_calls.append(call);
        connect(call, &ListOpportunitiesCall::finished, this,
                [this, index, call] { handleFinished(index, call); });
    }
    // Started only once every call is registered: a call may finish at once.
    const QList<ListOpportunitiesCall *> calls = m_calls;
    for (ListOpportunitiesCall *call : calls) {
        call->start();
    }
}

void ConnectionTest::cancel()
{
    const QList<ListOpportunitiesCall *> calls = m_calls;
    for (ListOpportunitiesCall *call : calls) {
        call->abort();
    }
}

bool ConnectionTest::allSucceeded() const
{
    return !m_results.isEmpty()
           && std::all_of(m_results.cbegin(), m_results.cend(),
                          [](const Result &r) { return r.succeeded(); });
}

void ConnectionTest::handleFinished(int index, ListOpportunitiesCall *call)
{
    if (!m_calls.removeOne(call)) {
        return;
    }
    call->deleteLater();
    Result &result = m_results[index];
    result.error = call->error();
    result.elapsedMs = call->elapsedMs();
    qCInfo(lcConnectionTest).noquote() << "catalog" << result.catalog << ":"
                                       << (result.succeeded() ? u"ok"_s : result.error.summary());
    Q_EMIT catalogTested(result.catalog);
    if (m_calls.isEmpty()) {
        Q_EMIT finished();
    }
}

QString ConnectionTest::describe(const Result &result)
{
    const ApiError &error = result.error;
    const QString catalog = result.catalog;
    const QString action = QString::fromLatin1(IamAction);
    switch (error.kind) {
    case ApiError::Kind::None:
        return tr("Catalog %1: connected. These credentials may list opportunities (%2 ms).")
                .arg(catalog)
                .arg(result.elapsedMs);
    case ApiError::Kind::AccessDenied:
        return withServiceMessage(
                tr("Catalog %1: access denied. The keys are valid, but their IAM identity is not "
                   "allowed the action %2 for this catalog. Add it to a policy; the condition "
                   "key %3 can limit it to the catalogs you use.")
                        .arg(catalog, action, QString::fromLatin1(CatalogConditionKey)),
                error);
    case ApiError::Kind::Authentication:
        if (error.type == u"InvalidSignatureException"_s
            || error.type == u"SignatureDoesNotMatch"_s) {
            return withServiceMessage(
                    tr("Catalog %1: the signature was rejected. The secret access key does not "
                       "belong to this access key ID, or this computer's clock is wrong.")
                            .arg(catalog),
                    error);
        }
        if (error.type == u"UnrecognizedClientException"_s
            || error.type == u"InvalidClientTokenId"_s) {
            return withServiceMessage(
                    tr("Catalog %1: AWS does not know this access key ID (or its session token). "
                       "Check for typing mistakes, or whether the key was deactivated or deleted.")
                            .arg(catalog),
                    error);
        }
        if (error.type.startsWith(u"ExpiredToken"_s) || error.type == u"RequestExpired"_s) {
            return withServiceMessage(
                    tr("Catalog %1: the credentials have expired. Get new temporary credentials "
                       "and a new session token.")
                            .arg(catalog),
                    error);
        }
        return withServiceMessage(
                tr("Catalog %1: the credentials were refused (%2).").arg(catalog, error.type),
                error);
    case ApiError::Kind::Configuration:
        return tr("Catalog %1: nothing was sent. %2").arg(catalog, error.message);
    case ApiError::Kind::Network:
        return tr("Catalog %1: the service could not be reached: %2").arg(catalog, error.message);
    case ApiError::Kind::Timeout:
        return tr("Catalog %1: the service did not answer in time.").arg(catalog);
    case ApiError::Kind::Throttling:
        return tr("Catalog %1: the service is throttling requests for this account. Try again in "
                  "a moment.")
                .arg(catalog);
    case ApiError::Kind::Cancelled:
        return tr("Catalog %1: cancelled.").arg(catalog);
    default:
        if (!error.type.isEmpty()) {
            return withServiceMessage(tr("Catalog %1: the service answered %2 (HTTP %3).")
                                              .arg(catalog, error.type)
                                              .arg(error.httpStatus),
                                      error);
        }
        return tr("Catalog %1: the request failed: %2").arg(catalog, error.message);
    }
}

QString ConnectionTest::iamPolicy(const QStringList &catalogs)
{
    QJsonArray values;
    for (const QString &catalog : catalogs) {
        values.append(catalog);
    }
    const QJsonObject statement{
            {u"Sid"_s, u"PartnerDeskListOpportunities"_s},
            {u"Effect"_s, u"Allow"_s},
            {u"Action"_s, QString::fromLatin1(IamAction)},
            {u"Resource"_s, u"*"_s},
            {u"Condition"_s,
             QJsonObject{{u"StringEquals"_s,
                          QJsonObject{{QString::fromLatin1(CatalogConditionKey), values}}}}},
    };
    const QJsonObject policy{{u"Version"_s, u"2012-10-17"_s},
                             {u"Statement"_s, QJsonArray{statement}}};
    return QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Indented));
}

} // namespace Pd::Core
