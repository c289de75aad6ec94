#include "listopportunitiescall.h"

#include "awsclient.h"
#include "awsjsoncall.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Pd::Core {

ListOpportunitiesCall::ListOpportunitiesCall(AwsClient *client, ListOpportunitiesRequest request,
                                             QObject *parent)
    : QObject(parent), m_client(client), m_request(std::move(request))
{ }

ListOpportunitiesCall::~ListOpportunitiesCall() = default;

void ListOpportunitiesCall::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    m_elapsed.start();

    const QList<FieldError> problems = m_request.validate();
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

    m_call = new AwsJsonCall(m_client, u"ListOpportunities"_s, m_request.toJson(), this);
    connect(m_call, &AwsJsonCall::retrying, this, &ListOpportunitiesCall::retrying);
    connect(m_call, &AwsJsonCall::finished, this, &ListOpportunitiesCall::handleCallFinished);
    m_call->start();
}

void ListOpportunitiesCall::abort()
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

bool ListOpportunitiesCall::isFinished() const
{
    return m_finished;
}

const ApiError &ListOpportunitiesCall::error() const
{
    return m_error;
}

QString ListOpportunitiesCall::errorString() const
{
    return m_error.isError() ? m_error.summary() : QString();
}

qint64 ListOpportunitiesCall::elapsedMs() const
{
    if (m_elapsedMs >= 0) {
        return m_elapsedMs;
    }
    return m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
}

void ListOpportunitiesCall::handleCallFinished()
{
    ApiError error = m_call->error();
    if (!error.isError() && !m_parseResponse) {
        m_body = m_call->responseBody();
    } else if (!error.isError()) {
        QString problem;
        ListOpportunitiesResponse response;
        if (ListOpportunitiesResponse::parse(m_call->responseBody(), &response, &problem)) {
            m_response = std::move(response);
        } else {
            error.kind = ApiError::Kind::InvalidResponse;
            error.message
                    = tr("The service sent a response that could not be read: %1").arg(problem);
        }
    }
    finish(error);
}

void ListOpportunitiesCall::finish(ApiError error)
{
    m_finished = true;
    m_error = std::move(error);
    m_elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    Q_EMIT finished();
}

} // namespace Pd::Core
