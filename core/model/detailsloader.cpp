#include "detailsloader.h"

#include "awsclient.h"
#include "getawsopportunitysummary.h"
#include "getopportunity.h"

#include <QTimer>

namespace Pd::Core {

DetailsLoader::DetailsLoader(OpportunityDetailsStore *details, QObject *parent)
    : QObject(parent), m_details(details), m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    connect(m_debounce, &QTimer::timeout, this, &DetailsLoader::fetch);
}

DetailsLoader::~DetailsLoader()
{
    abortCalls();
}

void DetailsLoader::setClient(AwsClient *client)
{
    abortCalls();
    m_client = client;
}

void DetailsLoader::clear()
{
    m_debounce->stop();
    abortCalls();
    m_id.clear();
    m_lastModified.clear();
    m_needDetails = m_needAwsSummary = false;
}

void DetailsLoader::show(const QString &id, const QString &lastModified)
{
    if (id == m_id && lastModified == m_lastModified) {
        return;
    }
    clear();
    m_id = id;
    m_lastModified = lastModified;
    if (std::optional<GetOpportunityResponse> kept = m_details->details(id, lastModified)) {
        Q_EMIT detailsReady(id, *kept);
    } else {
        m_needDetails = true;
    }
    if (std::optional<OpportunityDetailsStore::AwsSummary> kept
        = m_details->awsSummary(id, lastModified)) {
        Q_EMIT awsSummaryReady(id, *kept);
    } else {
        m_needAwsSummary = true;
    }
    if (m_needDetails || m_needAwsSummary) {
        m_debounce->start(m_debounceMs);
    }
}

void DetailsLoader::fetch()
{
    if (m_id.isEmpty()) {
        return;
    }
    if (!m_client) {
        ApiError error = ApiError::configuration(tr("Not connected."));
        if (m_needDetails) {
            Q_EMIT detailsFailed(m_id, error);
        }
        if (m_needAwsSummary) {
            Q_EMIT awsSummaryFailed(m_id, error);
        }
        return;
    }
    Q_EMIT fetching(m_id, m_needDetails, m_needAwsSummary);
    const QString id = m_id;
    const QString lastModified = m_lastModified;
    if (m_needDetails) {
        GetOpportunityRequest request;
        request.catalog = m_catalog;
        request.identifier = id;
        auto *call = new GetOpportunityCall(m_client, request, this);
        m_detailsCall = call;
        connect(call, &OperationCall::retrying, this,
                [this, id](int, int delayMs) { Q_EMIT waiting(id, delayMs); });
        connect(call, &OperationCall::finished, this, [this, call, id, lastModified] {
            call->deleteLater();
            if (call->error().kind == ApiError::Kind::Cancelled) {
                return;
            }
            if (call->error().isError()) {
                if (id == m_id) {
                    Q_EMIT detailsFailed(id, call->error());
                }
                return;
            }
            GetOpportunityResponse response = call->takeResponse();
            if (response.lastModifiedDate.isEmpty()) {
                response.lastModifiedDate = lastModified;
            }
            m_details->keepDetails(response);
            if (id == m_id) {
                Q_EMIT detailsReady(id, response);
            }
        });
        ++m_callsStarted;
        call->start();
    }
    if (m_needAwsSummary) {
        GetAwsOpportunitySummaryRequest request;
        request.catalog = m_catalog;
        request.relatedOpportunityIdentifier = id;
        auto *call = new GetAwsOpportunitySummaryCall(m_client, request, this);
        m_awsCall = call;
        connect(call, &OperationCall::retrying, this,
                [this, id](int, int delayMs) { Q_EMIT waiting(id, delayMs); });
        connect(call, &OperationCall::finished, this, [this, call, id, lastModified] {
            call->deleteLater();
            const ApiError &error = call->error();
            if (error.kind == ApiError::Kind::Cancelled) {
                return;
            }
            OpportunityDetailsStore::AwsSummary summary;
            if (error.kind == ApiError::Kind::ResourceNotFound) {
                m_details->keepAwsSummary(id, lastModified, nullptr);
            } else if (error.isError()) {
                if (id == m_id) {
                    Q_EMIT awsSummaryFailed(id, error);
                }
                return;
            } else {
                summary.exists = true;
                summary.response = call->takeResponse();
                m_details->keepAwsSummary(id, lastModified, &summary.response);
            }
            if (id == m_id) {
                Q_EMIT awsSummaryReady(id, summary);
            }
        });
        ++m_callsStarted;
        call->start();
    }
    m_needDetails = m_needAwsSummary = false;
}

void DetailsLoader::abortCalls()
{
    for (OperationCall *call : {static_cast<OperationCall *>(m_detailsCall.data()),
                                static_cast<OperationCall *>(m_awsCall.data())}) {
        if (call && !call->isFinished()) {
            call->abort();
        }
    }
    m_detailsCall.clear();
    m_awsCall.clear();
}

} // namespace Pd::Core
