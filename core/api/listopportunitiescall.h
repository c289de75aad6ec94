#pragma once

#include "apierror.h"
#include "listopportunitiesrequest.h"
#include "opportunitysummary.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

namespace Pd::Core {

class AwsClient;
class AwsJsonCall;

/// One ListOpportunities page: validate locally, sign, send, retry per the standard retry
/// mode, parse. Emits `finished()` exactly once (success, API error, transport failure or
/// abort); then `error().isError()` tells which. `retrying()` announces each backoff so a UI
/// can say "waiting for quota".
class ListOpportunitiesCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListOpportunitiesCall)

public:
    ListOpportunitiesCall(AwsClient *client, ListOpportunitiesRequest request,
                          QObject *parent = nullptr);
    ~ListOpportunitiesCall() override;

    const ListOpportunitiesRequest &request() const { return m_request; }
    void start();
    /// Aborts the attempt in flight or the pending backoff; `finished()` follows with
    /// Kind::Cancelled unless the call had already finished.
    void abort();
    bool isFinished() const;

    const ListOpportunitiesResponse &response() const { return m_response; }
    ListOpportunitiesResponse takeResponse() { return std::move(m_response); }
    /// Leaves a 2xx body unparsed, for callers that decode it themselves (OpportunityRows):
    /// `responseBody()` then holds it and `response()` stays empty. Set before start().
    void setParseResponse(bool parse) { m_parseResponse = parse; }
    const QByteArray &responseBody() const { return m_body; }
    const ApiError &error() const;
    QString errorString() const;
    /// Wall time from start() to finished(), retries included.
    qint64 elapsedMs() const;

Q_SIGNALS:
    void finished();
    void retrying(int attempt, int delayMs, const Pd::Core::ApiError &cause);

private:
    void handleCallFinished();
    void finish(ApiError error);

    QPointer<AwsClient> m_client;
    ListOpportunitiesRequest m_request;
    ListOpportunitiesResponse m_response;
    QByteArray m_body;
    bool m_parseResponse = true;
    AwsJsonCall *m_call = nullptr;
    ApiError m_error;
    QElapsedTimer m_elapsed;
    qint64 m_elapsedMs = -1;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace Pd::Core
