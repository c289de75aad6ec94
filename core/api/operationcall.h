#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <utility>

namespace Pd::Core {

class AwsClient;
class AwsJsonCall;

/// One operation of the service as a job: validate the request locally, send it through an
/// AwsJsonCall (signing, retries, pacing), parse the 2xx body. Emits `finished()` exactly once
/// (success, API error, transport failure, local validation failure or abort), never inside
/// `start()`; then `error().isError()` tells which. `retrying()` announces each backoff so a UI
/// can say "waiting for quota". The request and response types come from ApiCall.
class OperationCall : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperationCall)

public:
    ~OperationCall() override;

    /// The operation name, e.g. "GetOpportunity".
    QString operation() const { return m_operation; }
    void start();
    /// Aborts the attempt in flight or the pending backoff; `finished()` follows with
    /// Kind::Cancelled unless the call had already finished.
    void abort();
    bool isFinished() const { return m_finished; }

    /// Leaves a 2xx body unparsed, for callers that decode it themselves: `responseBody()` then
    /// holds it and the typed response stays empty. Set before start().
    void setParseResponse(bool parse) { m_parseResponse = parse; }
    const QByteArray &responseBody() const { return m_body; }
    const ApiError &error() const { return m_error; }
    QString errorString() const;
    /// Wall time from start() to finished(), retries included.
    qint64 elapsedMs() const;

Q_SIGNALS:
    void finished();
    void retrying(int attempt, int delayMs, const Pd::Core::ApiError &cause);

protected:
    OperationCall(AwsClient *client, QString operation, QObject *parent);

    virtual QList<FieldError> validateRequest() const = 0;
    virtual QByteArray requestBody() const = 0;
    /// Parses a 2xx body into the typed response; false with `*problem` set when it cannot.
    virtual bool parseResponse(const QByteArray &body, QString *problem) = 0;

private:
    void handleCallFinished();
    void finish(ApiError error);

    QPointer<AwsClient> m_client;
    QString m_operation;
    QByteArray m_body;
    bool m_parseResponse = true;
    AwsJsonCall *m_call = nullptr;
    ApiError m_error;
    QElapsedTimer m_elapsed;
    qint64 m_elapsedMs = -1;
    bool m_started = false;
    bool m_finished = false;
};

/// OperationCall for one operation, described by a small traits type:
///
///     struct GetOpportunityOperation {
///         static constexpr const char *name = "GetOpportunity";
///         using Request = GetOpportunityRequest;   // validate() and toJson()
///         using Response = GetOpportunityResponse; // static parse(body, &response, &problem)
///     };
template<typename Operation>
class ApiCall : public OperationCall
{
public:
    using Request = typename Operation::Request;
    using Response = typename Operation::Response;

    ApiCall(AwsClient *client, Request request, QObject *parent = nullptr)
        : OperationCall(client, QString::fromLatin1(Operation::name), parent),
          m_request(std::move(request))
    { }

    const Request &request() const { return m_request; }
    const Response &response() const { return m_response; }
    Response takeResponse() { return std::move(m_response); }

protected:
    QList<FieldError> validateRequest() const override { return m_request.validate(); }
    QByteArray requestBody() const override { return m_request.toJson(); }
    bool parseResponse(const QByteArray &body, QString *problem) override
    {
        Response response;
        if (!Response::parse(body, &response, problem)) {
            return false;
        }
        m_response = std::move(response);
        return true;
    }

private:
    Request m_request;
    Response m_response;
};

} // namespace Pd::Core
