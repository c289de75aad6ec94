#include "operationcall.h"

#include "awsclient.h"
#include "awsjsoncall.h"

#include <QTimer>

namespace Pd::Core {

OperationCall::OperationCall(AwsClient *client, QString operation, QObject *parent)
    : QObject(parent), m_client(client), m_operation(std::move(operation))
{ }

OperationCall::~OperationCall() = default;

void OperationCall::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    m_elapsed.start();

    const QList<FieldError> problems = validateRequest();
    if (!problems.isEmpty() || !m_client) {
        const ApiError error = !problems.isEmpty()
                                       ? ApiError::localValidation(problems)
                                       : ApiError::configuration(
                                               tr("The client of this call no longer exists."));
        // Asynchronous like every other outcome, so that finished() never fires inside start().
        QTimer::singleShot(0, this, [this, error] {
            if (!m_finished) {
                finish(error);
            }
        });
        return;
    }

    m_call = new AwsJsonCall(m_client, m_operation, requestBody(), this);
    connect(m_call, &AwsJsonCall::retrying, this, &OperationCall::retrying);
    connect(m_call, &AwsJsonCall::finished, this, &OperationCall::handleCallFinished);
    m_call->start();
}

void OperationCall::abort()
{
    if (m_finished) {
        return;
    }
    if (m_call && !m_call->isFinished()) {
        m_call->abort(); // emits finished(), which finishes this call with Kind::Cancelled
        return;
    }
    ApiError error;
    error.kind = ApiError::Kind::Cancelled;
    error.message = tr("The request was cancelled.");
    finish(error);
}

QString OperationCall::errorString() const
{
    return m_error.isError() ? m_error.summary() : QString();
}

qint64 OperationCall::elapsedMs() const
{
    if (m_elapsedMs >= 0) {
        return m_elapsedMs;
    }
    return m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
}

void OperationCall::handleCallFinished()
{
    ApiError error = m_call->error();
    if (!error.isError() && !m_parseResponse) {
        m_body = m_call->responseBody();
    } else if (!error.isError()) {
        QString problem;
        if (!parseResponse(m_call->responseBody(), &problem)) {
            error.kind = ApiError::Kind::InvalidResponse;
            error.message
                    = tr("The service sent a response that could not be read: %1").arg(problem);
        }
    }
    finish(error);
}

void OperationCall::finish(ApiError error)
{
    m_finished = true;
    m_error = std::move(error);
    m_elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    Q_EMIT finished();
}

} // namespace Pd::Core
