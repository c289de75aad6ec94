#include "opportunitymodel.h"

#include "awsclient.h"
#include "itemdatarole.h"
#include "listopportunitiescall.h"
#include "opportunitylister.h"
#include "opportunityquery.h"
#include "opportunitytext.h"

#include <QLoggingCategory>
#include <QTimerEvent>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcOpportunityModel, "partnerdesk.core.opportunitymodel")

namespace Pd::Core {

OpportunityModel::OpportunityModel(QObject *parent) : QAbstractTableModel(parent) { }

OpportunityModel::~OpportunityModel()
{
    abortCall();
    abortLister();
}

void OpportunityModel::setClient(AwsClient *client)
{
    if (client == m_client) {
        return;
    }
    m_client = client;
    if (m_local) {
        return; // the local rows stay; the client is for later queries
    }
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

void OpportunityModel::restart(bool local)
{
    ++m_generation;
    abortCall();
    abortLister();
    m_resumeWithLister = false;
    finishLoadAll(false);
    beginResetModel();
    m_rows.clear();
    m_slots.clear();
    m_mapped = false;
    m_pool.clear();
    m_poolFields.clear();
    m_poolIndex.clear();
    m_poolComplete = false;
    m_rowOfId.clear();
    m_idsIndexed = false;
    m_local = local;
    m_cachedRow = -1;
    m_cached = {};
    m_nextToken.clear();
    m_lastError = {};
    m_fetchedAt = {};
    m_lastLatencyMs = -1;
    m_pageCount = 0;
    m_stopped = false;
    m_hasMore = m_hasQuery && !local;
    endResetModel();
    Q_EMIT queryChanged();
    requestPage();
    updateBusy();
}

int OpportunityModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid()) {
        return 0;
    }
    return m_mapped ? int(m_slots.size()) : int(m_rows.size());
}

int OpportunityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OpportunityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    if (isDetailColumn(index.column())) {
        switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
        case RawValueRole:
        case SortRole:
            return detailText(index.row(), index.column());
        case IdRole:
            return m_rows.at(storageRow(index.row()), OpportunityField::Id).id;
        case OpportunityRole:
            return QVariant::fromValue(cachedSummary(index.row()));
        default:
            return {};
        }
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
    case UnseenRole:
        return m_unseen.contains(s.id);
    default:
        return {};
    }
}

const OpportunitySummary &OpportunityModel::cachedSummary(int row) const
{
    if (row != m_cachedRow) {
        m_cached = m_rows.at(storageRow(row));
        m_cachedRow = row;
    }
    return m_cached;
}

QList<OpportunitySummary> OpportunityModel::summaries() const
{
    QList<OpportunitySummary> out;
    const int count = rowCount();
    out.reserve(count);
    for (int row = 0; row < count; ++row) {
        out.append(m_rows.at(storageRow(row)));
    }
    return out;
}

void OpportunityModel::showLocalRows(const ListOpportunitiesRequest &request,
                                     const QDateTime &fetchedAt)
{
    m_query = request;
    m_query.nextToken.clear();
    m_query.maxResults.reset();
    m_hasQuery = true;
    restart(true);
    m_fetchedAt = fetchedAt;
}

bool OpportunityModel::appendBody(const QByteArray &body, QString *error)
{
    OpportunityRows::Page page;
    if (!m_rows.decode(body, &page, error)) {
        return false;
    }
    appendPage(std::move(page));
    return true;
}

void OpportunityModel::appendPage(OpportunityRows::Page &&page)
{
    const int first = rowCount();
    const int count = int(page.size());
    if (count == 0) {
        return;
    }
    beginInsertRows({}, first, first + count - 1);
    const qsizetype firstRecord = m_rows.size();
    m_rows.append(std::move(page));
    for (qsizetype record = firstRecord; record < m_rows.size(); ++record) {
        if (m_mapped) {
            m_slots.push_back(record);
        }
        pool(record);
    }
    if (m_idsIndexed) {
        for (int row = first; row < first + count; ++row) {
            m_rowOfId.insert(m_rows.at(storageRow(row), OpportunityField::Id).id, row);
        }
    }
    endInsertRows();
}

void OpportunityModel::upsert(const QList<OpportunitySummary> &summaries)
{
    QList<OpportunitySummary> added;
    int firstChanged = -1;
    int lastChanged = -1;
    for (const OpportunitySummary &s : summaries) {
        const int row = rowOf(s.id);
        if (row < 0) {
            added.append(s);
            continue;
        }
        mapSlots();
        m_rows.append(s);
        m_slots[size_t(row)] = m_rows.size() - 1;
        pool(m_rows.size() - 1);
        firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
        lastChanged = std::max(lastChanged, row);
    }
    m_cachedRow = -1;
    if (firstChanged >= 0) {
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, OpportunityFieldCount - 1));
    }
    appendSummaries(added);
}

void OpportunityModel::appendSummaries(const QList<OpportunitySummary> &summaries)
{
    if (summaries.isEmpty()) {
        return;
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + int(summaries.size()) - 1);
    for (const OpportunitySummary &s : summaries) {
        m_rows.append(s);
        if (m_mapped) {
            m_slots.push_back(m_rows.size() - 1);
        }
        pool(m_rows.size() - 1);
        if (m_idsIndexed) {
            m_rowOfId.insert(s.id, rowCount() - 1);
        }
    }
    endInsertRows();
}

void OpportunityModel::mapSlots()
{
    if (m_mapped) {
        return;
    }
    m_slots.resize(size_t(m_rows.size()));
    for (size_t i = 0; i < m_slots.size(); ++i) {
        m_slots[i] = qsizetype(i);
    }
    m_mapped = true;
}

void OpportunityModel::pool(qsizetype record)
{
    if (!m_local) {
        return;
    }
    OpportunityQuery::Fields fields = m_rows.queryFields(record);
    const auto at = m_poolIndex.constFind(fields.id);
    if (at == m_poolIndex.cend()) {
        m_poolIndex.insert(fields.id, qsizetype(m_pool.size()));
        m_pool.push_back(record);
        m_poolFields.push_back(std::move(fields));
    } else {
        m_pool[size_t(*at)] = record;
        m_poolFields[size_t(*at)] = std::move(fields);
    }
}

void OpportunityModel::keepLocalRows(const QList<OpportunitySummary> &summaries)
{
    if (!m_local) {
        return;
    }
    for (const OpportunitySummary &s : summaries) {
        mapSlots(); // the records no longer follow the rows
        m_rows.append(s);
        pool(m_rows.size() - 1);
    }
}

bool OpportunityModel::showLocalQuery(const ListOpportunitiesRequest &request,
                                      const QDateTime &fetchedAt)
{
    if (!m_local || !m_poolComplete) {
        return false;
    }
    const std::vector<qsizetype> order = OpportunityQuery(request).select(m_poolFields);
    beginResetModel();
    m_query = request;
    m_query.nextToken.clear();
    m_query.maxResults.reset();
    m_slots.resize(order.size());
    for (size_t row = 0; row < order.size(); ++row) {
        m_slots[row] = m_pool[size_t(order[row])];
    }
    m_mapped = true;
    m_rowOfId.clear();
    m_idsIndexed = false;
    m_cachedRow = -1;
    m_cached = {};
    m_fetchedAt = fetchedAt;
    endResetModel();
    Q_EMIT queryChanged();
    return true;
}

int OpportunityModel::rowOf(const QString &id) const
{
    indexIds();
    return m_rowOfId.value(id, -1);
}

void OpportunityModel::indexIds() const
{
    if (m_idsIndexed) {
        return;
    }
    const int count = rowCount();
    m_rowOfId.clear();
    m_rowOfId.reserve(count);
    for (int row = 0; row < count; ++row) {
        m_rowOfId.insert(m_rows.at(storageRow(row), OpportunityField::Id).id, row);
    }
    m_idsIndexed = true;
}

void OpportunityModel::setUnseenIds(QSet<QString> ids)
{
    m_unseen = std::move(ids);
    Q_EMIT unseenChanged();
}

bool OpportunityModel::markSeen(const QString &id)
{
    if (!m_unseen.remove(id)) {
        return false;
    }
    Q_EMIT unseenChanged();
    return true;
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

QString OpportunityModel::detailColumnName(int column)
{
    return column == TitleColumn ? u"Title"_s : u"Owner"_s;
}

void OpportunityModel::setDetailsStore(const OpportunityDetailsStore *details)
{
    if (m_details) {
        disconnect(m_details.data(), nullptr, this, nullptr);
    }
    m_details = details;
    if (m_details) {
        connect(m_details.data(), &OpportunityDetailsStore::detailsKept, this, [this] {
            if (!m_detailsTimer.isActive()) {
                m_detailsTimer.start(DetailsRefreshMs, this);
            }
        });
    }
    announceDetails();
}

void OpportunityModel::announceDetails()
{
    // The column range only: views repaint what they show, and a sort by Title or Owner
    // takes the new texts.
    if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0, TitleColumn), index(rowCount() - 1, OwnerColumn));
    }
}

void OpportunityModel::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_detailsTimer.timerId()) {
        m_detailsTimer.stop();
        announceDetails();
        return;
    }
    QAbstractTableModel::timerEvent(event);
}

QString OpportunityModel::detailText(int row, int column) const
{
    if (!m_details) {
        return {};
    }
    const OpportunityDetailsStore::Brief brief
            = m_details->brief(m_rows.at(storageRow(row), OpportunityField::Id).id);
    return column == TitleColumn ? brief.title : brief.owner;
}

QVariant OpportunityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && isDetailColumn(section) && section < ColumnCount) {
        switch (role) {
        case Qt::DisplayRole:
            return section == TitleColumn ? tr("Title") : tr("Owner");
        case Qt::ToolTipRole:
            return section == TitleColumn
                           ? tr("Project.Title, from the opportunity's details")
                           : tr("The first member of the opportunity team, from its details");
        case RawValueRole:
            return detailColumnName(section);
        case Qt::InitialSortOrderRole:
            return int(Qt::AscendingOrder);
        default:
            return {};
        }
    }
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
    return !parent.isValid() && m_client && m_hasMore && !m_call && !m_lister && !m_stopped
           && !m_local;
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
    if (!m_hasMore || isBusy()) {
        return;
    }
    m_stopped = false;
    if (m_resumeWithLister) {
        startLister();
    } else {
        requestPage();
    }
    updateBusy();
}

void OpportunityModel::cancel()
{
    finishLoadAll(false);
    if (m_call || m_lister) {
        abortCall();
        if (abortLister()) {
            m_resumeWithLister = true;
        }
        m_stopped = true;
        qCDebug(lcOpportunityModel) << "listing cancelled after" << rowCount() << "rows";
    }
    updateBusy();
}

void OpportunityModel::loadAll()
{
    if (!m_hasMore) {
        Q_EMIT loadAllFinished(true);
        return;
    }
    if (!m_client || m_local) {
        return;
    }
    m_loadingAll = true;
    m_stopped = false;
    if (!m_lister) {
        // The lister pages the query from its start (in parallel where that helps); a page
        // in flight here would only repeat rows it brings.
        abortCall();
        startLister();
    }
    updateBusy();
}

void OpportunityModel::startLister()
{
    auto *lister = new OpportunityLister(m_client, this);
    ListOpportunitiesRequest request = m_query;
    request.maxResults = m_pageSize;
    lister->setRequest(request);
    m_lister = lister;
    m_listerSkip = rowCount();
    m_listerSeen = 0;
    const quint64 generation = m_generation;
    connect(lister, &OpportunityLister::rowsReady, this,
            [this, lister, generation](const QList<OpportunitySummary> &rows) {
                if (generation == m_generation && lister == m_lister) {
                    handleListerRows(rows);
                }
            });
    connect(lister, &OpportunityLister::waitingForQuota, this, [this, generation](int delayMs) {
        if (generation == m_generation) {
            Q_EMIT waitingForQuota(delayMs);
        }
    });
    connect(lister, &OpportunityLister::finished, this,
            [this, lister, generation] { handleListerFinished(lister, generation); });
    updateBusy();
    lister->start();
}

void OpportunityModel::handleListerRows(const QList<OpportunitySummary> &rows)
{
    // The lister emits the listing from its first row, in the service's order: the rows the
    // model holds already come first.
    const qsizetype skip
            = std::clamp<qsizetype>(m_listerSkip - m_listerSeen, 0, qsizetype(rows.size()));
    m_listerSeen += rows.size();
    const int first = rowCount();
    if (skip < rows.size()) {
        appendSummaries(skip == 0 ? rows : rows.mid(skip));
    }
    ++m_pageCount;
    m_lastLatencyMs = m_lister->elapsedMs();
    if (!m_fetchedAt.isValid()) {
        m_fetchedAt = QDateTime::currentDateTime();
    }
    m_lastError = {};
    Q_EMIT pageLoaded(first, rowCount() - first, m_lastLatencyMs);
    if (m_loadingAll) {
        Q_EMIT loadAllProgress(rowCount());
    }
}

void OpportunityModel::handleListerFinished(OpportunityLister *lister, quint64 generation)
{
    lister->deleteLater();
    if (generation != m_generation || lister != m_lister) {
        return;
    }
    m_lister = nullptr;
    const ApiError error = lister->error();
    if (!error.isError()) {
        m_hasMore = false;
        m_nextToken.clear();
        m_resumeWithLister = false;
        finishLoadAll(true);
        updateBusy();
        return;
    }
    // No NextToken continues after these rows: the next attempt lists again and skips them.
    m_resumeWithLister = true;
    m_stopped = true;
    finishLoadAll(false);
    updateBusy();
    if (error.kind != ApiError::Kind::Cancelled) {
        m_lastError = error;
        qCInfo(lcOpportunityModel).noquote()
                << "listing failed after" << rowCount() << "rows:" << m_lastError.summary();
        Q_EMIT failed(m_lastError);
    }
}

bool OpportunityModel::abortLister()
{
    if (!m_lister) {
        return false;
    }
    OpportunityLister *lister = std::exchange(m_lister, nullptr);
    disconnect(lister, nullptr, this, nullptr);
    lister->cancel();
    lister->deleteLater();
    return true;
}

void OpportunityModel::requestPage()
{
    if (!m_client || m_call || m_lister || !m_hasMore || m_local) {
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
    const int first = rowCount();
    const int count = int(page.size());
    appendPage(std::move(page));
    Q_EMIT pageLoaded(first, count, latency);

    // An empty page with a token: the view saw no new rows and may not ask again.
    if (m_hasMore && count == 0) {
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
