#include "enrichmentqueue.h"

#include "awsclient.h"
#include "getopportunity.h"
#include "opportunitydetailsstore.h"
#include "readbudget.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Pd::Core {

EnrichmentQueue::EnrichmentQueue(OpportunityDetailsStore *details, ReadBudget *budget,
                                 QObject *parent)
    : QObject(parent), m_details(details), m_budget(budget), m_timer(new QTimer(this))
{
    m_timer->setObjectName(u"enrichmentQueue"_s);
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
    connect(m_timer, &QTimer::timeout, this, &EnrichmentQueue::pump);
}

EnrichmentQueue::~EnrichmentQueue()
{
    stopAll();
}

void EnrichmentQueue::setClient(AwsClient *client)
{
    if (client == m_client) {
        return;
    }
    stopAll();
    m_client = client;
    m_stopped = false;
    schedule();
}

void EnrichmentQueue::setRows(const QList<Row> &rows)
{
    m_rows = rows;
    m_current.clear();
    m_current.reserve(rows.size());
    for (const Row &row : rows) {
        m_current.insert(row.id, row.lastModified);
    }
    m_cursor = 0;
    m_failed.clear();
    m_stopped = false;
    m_idleReported = false;
    schedule();
}

void EnrichmentQueue::appendRows(const QList<Row> &rows)
{
    for (const Row &row : rows) {
        m_current.insert(row.id, row.lastModified);
    }
    m_rows += rows;
    m_idleReported = false;
    schedule();
}

void EnrichmentQueue::setVisibleRows(const QList<Row> &rows)
{
    m_visible = rows;
    m_idleReported = false;
    schedule();
}

void EnrichmentQueue::setPaused(bool paused)
{
    if (paused == m_paused) {
        return;
    }
    m_paused = paused;
    if (m_paused) {
        m_timer->stop();
    } else {
        schedule();
    }
}

void EnrichmentQueue::setCallsPerSecond(double rate)
{
    m_callsPerSecond = std::max(0.01, rate);
    schedule();
}

void EnrichmentQueue::setBudgetShare(double share)
{
    m_budgetShare = std::clamp(share, 0.0, 1.0);
    m_stopped = false;
    schedule();
}

int EnrichmentQueue::pendingCount() const
{
    int count = 0;
    for (qsizetype i = m_cursor; i < m_rows.size(); ++i) {
        count += wanted(m_rows.at(i)) ? 1 : 0;
    }
    return count;
}

bool EnrichmentQueue::wanted(const Row &row) const
{
    return !row.id.isEmpty() && !m_failed.contains(row.id) && !m_inFlightIds.contains(row.id)
           && m_current.value(row.id, row.lastModified) == row.lastModified
           && !m_details->hasDetails(row.id, row.lastModified);
}

bool EnrichmentQueue::budgetLeft() const
{
    if (!m_budget) {
        return true;
    }
    // Calls in flight count as spent: some have not been sent yet.
    const double limit = m_budgetShare * double(m_budget->dailyQuota());
    return double(m_budget->count(u"GetOpportunity"_s) + m_calls.size()) < limit;
}

void EnrichmentQueue::schedule()
{
    if (m_paused || m_stopped || !m_client || m_timer->isActive()) {
        return;
    }
    const qint64 interval = qint64(std::ceil(1000.0 / m_callsPerSecond));
    const qint64 since = m_sinceLastStart.isValid() ? m_sinceLastStart.elapsed() : interval;
    m_timer->start(int(std::max<qint64>(0, interval - since)));
}

bool EnrichmentQueue::takeNext(Row *row)
{
    while (!m_visible.isEmpty()) {
        const Row candidate = m_visible.takeFirst();
        if (wanted(candidate)) {
            *row = candidate;
            return true;
        }
    }
    while (m_cursor < m_rows.size()) {
        const Row &candidate = m_rows.at(m_cursor++);
        if (wanted(candidate)) {
            *row = candidate;
            return true;
        }
    }
    return false;
}

void EnrichmentQueue::pump()
{
    if (m_paused || m_stopped || !m_client) {
        return;
    }
    if (m_calls.size() >= MaxInFlight) {
        return; // the next finished call schedules again
    }
    if (!budgetLeft()) {
        m_stopped = true;
        Q_EMIT budgetReached();
        return;
    }
    Row row;
    if (!takeNext(&row)) {
        if (m_calls.isEmpty() && !m_idleReported) {
            m_idleReported = true;
            Q_EMIT idle();
        }
        return;
    }
    GetOpportunityRequest request;
    request.catalog = m_catalog;
    request.identifier = row.id;
    auto *call = new GetOpportunityCall(m_client, request, this);
    m_calls.insert(call, row);
    m_inFlightIds.insert(row.id);
    connect(call, &GetOpportunityCall::finished, this,
            [this, call, row] { handleFinished(call, row); });
    ++m_callsStarted;
    m_sinceLastStart.start();
    call->start();
    schedule();
}

void EnrichmentQueue::handleFinished(GetOpportunityCall *call, const Row &row)
{
    m_calls.remove(call);
    m_inFlightIds.remove(row.id);
    call->deleteLater();
    const ApiError &error = call->error();
    if (error.kind == ApiError::Kind::Cancelled) {
        return;
    }
    if (error.kind == ApiError::Kind::AccessDenied) {
        stopAll();
        m_stopped = true;
        Q_EMIT denied(error);
        return;
    }
    if (error.isError()) {
        m_failed.insert(row.id);
    } else {
        GetOpportunityResponse response = call->takeResponse();
        if (response.id.isEmpty()) {
            response.id = row.id;
        }
        if (response.lastModifiedDate.isEmpty()) {
            response.lastModifiedDate = row.lastModified;
        }
        m_details->keepDetails(response);
        Q_EMIT enriched(row.id);
    }
    schedule();
}

void EnrichmentQueue::stopAll()
{
    m_timer->stop();
    const QList<GetOpportunityCall *> calls = m_calls.keys();
    m_calls.clear();
    m_inFlightIds.clear();
    for (GetOpportunityCall *call : calls) {
        call->disconnect(this);
        call->abort();
        call->deleteLater();
    }
}

} // namespace Pd::Core
