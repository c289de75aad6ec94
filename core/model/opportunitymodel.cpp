#include "opportunitymodel.h"

#include "awsclient.h"
#include "itemdatarole.h"
#include "listopportunitiescall.h"
#include "opportunitytext.h"

#include <QLoggingCategory>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcOpportunityModel, "partnerdesk.core.opportunitymodel")

namespace Pd::Core {

OpportunityModel::OpportunityModel(QObject *parent) : QAbstractTableModel(parent) { }

OpportunityModel::~OpportunityModel()
{
    abortCall();
}

void OpportunityModel::setClient(AwsClient *client)
{
    if (client == m_client) {
        return;
    }
    m_client = client;
    restart();
}

AwsClient *OpportunityModel::client() const
{
    return m_client;
}

void OpportunityModel::setQuery(const ListOpportunitiesRequest &request)
{
    m_query = request;
    m_query.nextToken.clear();
    m_query.maxResults.reset();
    m_hasQuery = true;
    restart();
}

void OpportunityModel::setPageSize(int size)
{
    m_pageSize = std::clamp(size, Model::MaxResultsMin, Model::MaxResultsMax);
}

void OpportunityModel::reload()
{
    restart();
}

void OpportunityModel::restart()
{
    ++m_generation;
    abortCall();
    finishLoadAll(false);
    beginResetModel();
    m_rows.clear();
    m_cachedRow = -1;
    m_cached = {};
    m_nextToken.clear();
    m_lastError = {};
    m_fetchedAt = {};
    m_lastLatencyMs = -1;
    m_pageCount = 0;
    m_stopped = false;
    m_hasMore = m_hasQuery;
    endResetModel();
    Q_EMIT queryChanged();
    requestPage();
    updateBusy();
}

int OpportunityModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OpportunityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : OpportunityFieldCount;
}

QVariant OpportunityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const OpportunitySummary &s = cachedSummary(index.row());
    const OpportunityField field = fieldAt(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return OpportunityText::displayText(s, field);
    case Qt::ToolTipRole:
        switch (field) {
        case OpportunityField::CreatedDate:
            return s.createdDate;
        case OpportunityField::LastModifiedDate:
            return s.lastModifiedDate;
        case OpportunityField::ReviewStatusReason:
        case OpportunityField::ReviewComments:
        case OpportunityField::NextSteps:
        case OpportunityField::CompanyName:
        case OpportunityField::Arn:
            return OpportunityFields::text(s, field);
        case OpportunityField::ExpectedCustomerSpend:
            return OpportunityText::formatSpendList(s.expectedCustomerSpend);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (field == OpportunityField::ExpectedCustomerSpend
            || field == OpportunityField::ExpectedContractDurationValue) {
            return int(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case RawValueRole:
        return OpportunityFields::text(s, field);
    case SortRole:
        return sortValue(s, field);
    case IdRole:
        return s.id;
    case OpportunityRole:
        return QVariant::fromValue(s);
    default:
        return {};
    }
}

const OpportunitySummary &OpportunityModel::cachedSummary(int row) const
{
    if (row != m_cachedRow) {
        m_cached = m_rows.at(row);
        m_cachedRow = row;
    }
    return m_cached;
}

QList<OpportunitySummary> OpportunityModel::summaries() const
{
    QList<OpportunitySummary> out;
    out.reserve(m_rows.size());
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        out.append(m_rows.at(row));
    }
    return out;
}

QVariant OpportunityModel::sortValue(const OpportunitySummary &s, OpportunityField field) const
{
    switch (field) {
    case OpportunityField::CreatedDate:
        return s.createdDateMs;
    case OpportunityField::LastModifiedDate:
        return s.lastModifiedDateMs;
    case OpportunityField::Stage:
        return OpportunityText::stageIndex(s.stage);
    case OpportunityField::ReviewStatus:
        return OpportunityText::reviewStatusIndex(s.reviewStatus);
    case OpportunityField::Id:
        // "O" and up to 19 digits: numeric order, so O99 < O100.
        return QStringView(s.id).mid(1).toULongLong();
    case OpportunityField::TargetCloseDate:
        return s.targetCloseDate;
    case OpportunityField::ExpectedCustomerSpend:
        return s.expectedCustomerSpend.isEmpty()
                       ? QVariant(-1.0)
                       : QVariant(s.expectedCustomerSpend.constFirst().amount.toDouble());
    case OpportunityField::ExpectedContractDurationValue:
        return s.expectedContractDurationValue.toInt();
    case OpportunityField::Arn:
    case OpportunityField::PartnerOpportunityIdentifier:
    case OpportunityField::CompanyName:
    case OpportunityField::WebsiteUrl:
    case OpportunityField::City:
    case OpportunityField::PostalCode:
    case OpportunityField::StateOrRegion:
    case OpportunityField::NextSteps:
    case OpportunityField::ReviewComments:
    case OpportunityField::ReviewStatusReason:
    case OpportunityField::OtherIndustry:
        return OpportunityFields::text(s, field);
    default:
        return OpportunityText::displayText(s, field);
    }
}

QVariant OpportunityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= OpportunityFieldCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    const OpportunityField field = fieldAt(section);
    switch (role) {
    case Qt::DisplayRole:
        return OpportunityText::fieldTitle(field);
    case Qt::ToolTipRole:
    case RawValueRole:
        return OpportunityFields::name(field);
    case Qt::InitialSortOrderRole:
        // Newest first for dates; everything else starts A→Z.
        return field == OpportunityField::CreatedDate || field == OpportunityField::LastModifiedDate
                       ? int(Qt::DescendingOrder)
                       : int(Qt::AscendingOrder);
    default:
        return {};
    }
}

bool OpportunityModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_client && m_hasMore && !m_call && !m_stopped;
}

void OpportunityModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent)) {
        requestPage();
        updateBusy();
    }
}

void OpportunityModel::retry()
{
    if (!m_hasMore || m_call) {
        return;
    }
    m_stopped = false;
    requestPage();
    updateBusy();
}

void OpportunityModel::cancel()
{
    finishLoadAll(false);
    if (m_call) {
        abortCall();
        m_stopped = true;
        qCDebug(lcOpportunityModel) << "page cancelled after" << m_rows.size() << "rows";
    }
    updateBusy();
}

void OpportunityModel::loadAll()
{
    if (!m_hasMore) {
        Q_EMIT loadAllFinished(true);
        return;
    }
    m_loadingAll = true;
    m_stopped = false;
    requestPage();
    updateBusy();
}

void OpportunityModel::requestPage()
{
    if (!m_client || m_call || !m_hasMore) {
        return;
    }
    ListOpportunitiesRequest request = m_query.withNextToken(m_nextToken);
    request.maxResults = m_pageSize;
    auto *call = new ListOpportunitiesCall(m_client, request, this);
    call->setParseResponse(false); // decoded straight into m_rows
    m_call = call;
    const quint64 generation = m_generation;
    connect(call, &ListOpportunitiesCall::finished, this,
            [this, call, generation] { handleFinished(call, generation); });
    connect(call, &ListOpportunitiesCall::retrying, this,
            [this, generation](int, int delayMs, const ApiError &cause) {
                if (generation == m_generation && cause.kind == ApiError::Kind::Throttling) {
                    Q_EMIT waitingForQuota(delayMs);
                }
            });
    updateBusy();
    call->start();
}

void OpportunityModel::handleFinished(ListOpportunitiesCall *call, quint64 generation)
{
    call->deleteLater();
    if (generation != m_generation || call != m_call) {
        return;
    }
    m_call = nullptr;
    // Observers of the page's signals see no call in flight; tell them, so they also hear of
    // the next page's call (loadAll(), or a view fetching from inside endInsertRows()).
    updateBusy();
    const qint64 latency = call->elapsedMs();

    ApiError error = call->error();
    OpportunityRows::Page page;
    if (!error.isError()) {
        QString problem;
        if (!m_rows.decode(call->responseBody(), &page, &problem)) {
            error.kind = ApiError::Kind::InvalidResponse;
            error.message
                    = tr("The service sent a response that could not be read: %1").arg(problem);
        }
    }
    if (error.isError()) {
        m_lastError = error;
        m_stopped = true;
        qCInfo(lcOpportunityModel).noquote()
                << "page failed after" << m_rows.size() << "rows:" << m_lastError.summary();
        finishLoadAll(false);
        updateBusy();
        Q_EMIT failed(m_lastError);
        return;
    }

    const QString sentToken = call->request().nextToken;
    m_lastError = {};
    m_lastLatencyMs = latency;
    ++m_pageCount;
    if (!m_fetchedAt.isValid()) {
        m_fetchedAt = QDateTime::currentDateTime();
    }
    // The token is stored before the rows are inserted: views may ask for more from inside
    // endInsertRows(), and must then continue after this page.
    m_nextToken = page.nextToken;
    m_hasMore = !m_nextToken.isEmpty();
    if (m_hasMore && m_nextToken == sentToken) {
        qCWarning(lcOpportunityModel) << "the service returned the token it was sent; stopping";
        m_nextToken.clear();
        m_hasMore = false;
    }
    const int first = int(m_rows.size());
    const int count = int(page.size());
    if (count > 0) {
        beginInsertRows({}, first, first + count - 1);
        m_rows.append(std::move(page));
        endInsertRows();
    }
    Q_EMIT pageLoaded(first, count, latency);

    if (m_loadingAll) {
        Q_EMIT loadAllProgress(int(m_rows.size()));
        if (!m_hasMore) {
            finishLoadAll(true);
        }
    }
    // An empty page with a token: the view saw no new rows and may not ask again.
    if (m_hasMore && (count == 0 || m_loadingAll)) {
        requestPage();
    }
    updateBusy();
}

void OpportunityModel::abortCall()
{
    if (!m_call) {
        return;
    }
    ListOpportunitiesCall *call = std::exchange(m_call, nullptr);
    disconnect(call, nullptr, this, nullptr);
    call->abort();
    call->deleteLater();
}

void OpportunityModel::finishLoadAll(bool complete)
{
    if (!m_loadingAll) {
        return;
    }
    m_loadingAll = false;
    Q_EMIT loadAllFinished(complete);
}

void OpportunityModel::updateBusy()
{
    const bool busy = isBusy();
    if (busy != m_busyReported) {
        m_busyReported = busy;
        Q_EMIT busyChanged(busy);
    }
}

} // namespace Pd::Core
