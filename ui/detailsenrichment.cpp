#include "detailsenrichment.h"

#include "awsclient.h"
#include "detailsections.h"
#include "detailsloader.h"
#include "enrichmentqueue.h"
#include "localcopy.h"
#include "opportunitydetailsstore.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytableview.h"
#include "readbudget.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QScrollBar>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;
using Pd::Core::OpportunityField;
using Pd::Core::OpportunityModel;

namespace Pd::Gui {

namespace {

constexpr int RowsDelayMs = 150;
/// New rows are handed to the queue `RowsPerStep` at a time for at most `UpdateBudgetMs` per turn
/// of the event loop.
constexpr int RowsPerStep = 250;
constexpr int UpdateBudgetMs = 1;
constexpr int MeterRefreshMs = 60 * 1000; ///< reads leave the 24 h window as time passes

} // namespace

DetailsEnrichment::DetailsEnrichment(OpportunityModel *model, OpportunityTableView *table,
                                     LocalCopy *localCopy, QObject *parent)
    : QObject(parent),
      m_model(model),
      m_table(table),
      m_localCopy(localCopy),
      m_details(new Core::OpportunityDetailsStore(this)),
      m_budget(new Core::ReadBudget(this)),
      m_loader(new Core::DetailsLoader(m_details, this)),
      m_queue(new Core::EnrichmentQueue(m_details, m_budget, this)),
      m_meter(new QLabel),
      m_rowsTimer(new QTimer(this)),
      m_meterTimer(new QTimer(this))
{
    const QSettings settings;
    m_queue->setCallsPerSecond(settings.value(u"details/callsPerSecond"_s,
                                              Core::EnrichmentQueue::DefaultCallsPerSecond)
                                       .toDouble());
    m_queue->setBudgetShare(
            settings.value(u"details/budgetShare"_s, Core::EnrichmentQueue::DefaultBudgetShare)
                    .toDouble());
    m_budget->setDailyQuota(
            settings.value(u"details/dailyReadQuota"_s, Core::ReadBudget::DefaultDailyQuota)
                    .toLongLong());
    m_model->setDetailsStore(m_details);

    m_meter->setObjectName(u"readMeter"_s);
    m_meter->setAccessibleName(tr("Read requests in the last 24 hours"));
    connect(m_budget, &Core::ReadBudget::changed, this, &DetailsEnrichment::updateMeter);
    connect(m_meterTimer, &QTimer::timeout, this, &DetailsEnrichment::updateMeter);
    m_meterTimer->start(MeterRefreshMs);

    m_rowsTimer->setObjectName(u"enrichmentRows"_s);
    m_rowsTimer->setSingleShot(true);
    connect(m_rowsTimer, &QTimer::timeout, this, &DetailsEnrichment::updateRows);
    const auto rowsChanged = [this] {
        m_rowsChanged = true;
        scheduleRows();
    };
    connect(m_model, &OpportunityModel::modelReset, this, rowsChanged);
    connect(m_model, &OpportunityModel::rowsInserted, this, &DetailsEnrichment::scheduleRows);
    connect(m_model, &OpportunityModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (!OpportunityModel::isDetailColumn(topLeft.column())) {
                    // Summaries replaced by a sync.
                    m_changedRows.append({topLeft.row(), bottomRight.row()});
                    scheduleRows();
                }
            });
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &DetailsEnrichment::scheduleRows);
    connect(m_table->proxyModel(), &Core::OpportunityProxyModel::layoutChanged, this,
            &DetailsEnrichment::scheduleRows);

    connect(m_model, &OpportunityModel::busyChanged, this, &DetailsEnrichment::updatePaused);
    connect(m_localCopy, &LocalCopy::syncStarted, this, &DetailsEnrichment::updatePaused);
    connect(m_localCopy, &LocalCopy::syncFinished, this, &DetailsEnrichment::updatePaused);
    connect(m_localCopy, &LocalCopy::stateChanged, this, [this] {
        useStore();
        updatePaused();
    });
    connect(m_localCopy, &LocalCopy::loaded, this, &DetailsEnrichment::useStore);

    connect(m_queue, &Core::EnrichmentQueue::denied, this, [this](const Core::ApiError &error) {
        m_queueProblem = DetailSections::failureText(u"GetOpportunity"_s, error);
        updateMeter();
        Q_EMIT message(tr("Titles and owners cannot be filled in: %1").arg(m_queueProblem));
    });
    connect(m_queue, &Core::EnrichmentQueue::budgetReached, this, [this] {
        m_queueProblem = tr("Titles and owners paused: their share of the daily read quota "
                            "(%1 %) is spent.")
                                 .arg(qRound(m_queue->budgetShare() * 100));
        updateMeter();
    });
    updateMeter();
}

DetailsEnrichment::~DetailsEnrichment()
{
    if (m_meter && !m_meter->parent()) {
        delete m_meter;
    }
}

void DetailsEnrichment::setClient(Core::AwsClient *client, const QString &readsFile)
{
    m_readsFile = readsFile;
    m_client = client;
    m_queueProblem.clear();
    m_loader->setClient(m_fetching ? client : nullptr);
    m_queue->setClient(m_fetching ? client : nullptr);
    if (client) {
        m_budget->watch(client);
    }
    m_storeApplied = false;
    useStore();
    m_rowsChanged = true;
    scheduleRows();
}

void DetailsEnrichment::setFetching(bool fetching)
{
    m_fetching = fetching;
    m_loader->setClient(m_fetching ? m_client.data() : nullptr);
    m_queue->setClient(m_fetching ? m_client.data() : nullptr);
}

void DetailsEnrichment::useStore()
{
    Core::OpportunityStoreDb *store = m_localCopy->store();
    if (m_storeApplied && store == m_store) {
        return;
    }
    m_storeApplied = true;
    m_store = store;
    m_details->setStore(store);
    if (store) {
        m_budget->useStore(store);
    } else if (!m_readsFile.isEmpty()) {
        m_budget->useFile(m_readsFile);
    }
    m_rowsChanged = true;
    scheduleRows();
}

void DetailsEnrichment::scheduleRows()
{
    if (!m_rowsTimer->isActive()) {
        m_rowsTimer->start(RowsDelayMs);
    }
}

void DetailsEnrichment::updateRows()
{
    const QString catalog = m_model->query().catalog;
    m_loader->setCatalog(catalog.isEmpty() ? u"AWS"_s : catalog);
    m_queue->setCatalog(catalog.isEmpty() ? u"AWS"_s : catalog);
    const auto rowOf = [this](int sourceRow) {
        return Core::EnrichmentQueue::Row{
                m_model->summary(sourceRow, OpportunityField::Id).id,
                m_model->summary(sourceRow, OpportunityField::LastModifiedDate).lastModifiedDate};
    };
    // Only what changed since the last time: a listing of 100,000 rows arrives in many pages.
    // New rows for at most UpdateBudgetMs per turn of the event loop, the rest on the next turns.
    QElapsedTimer budget;
    budget.start();
    const int rowCount = m_model->rowCount();
    const auto appendNew = [&](QList<Core::EnrichmentQueue::Row> *rows, int from) {
        int row = from;
        while (row < rowCount && (row == from || budget.elapsed() < UpdateBudgetMs)) {
            for (const int end = std::min(rowCount, row + RowsPerStep); row < end; ++row) {
                rows->append(rowOf(row));
            }
        }
        return row;
    };
    if (m_rowsChanged) {
        m_rowsChanged = false;
        m_changedRows.clear();
        QList<Core::EnrichmentQueue::Row> rows;
        m_rowsKnown = appendNew(&rows, 0);
        m_queue->setRows(rows);
    } else {
        QList<Core::EnrichmentQueue::Row> rows;
        for (const auto &[first, last] : std::as_const(m_changedRows)) {
            for (int row = first; row <= last && row < m_rowsKnown; ++row) {
                rows.append(rowOf(row));
            }
        }
        m_changedRows.clear();
        m_rowsKnown = appendNew(&rows, m_rowsKnown);
        if (!rows.isEmpty()) {
            m_queue->appendRows(rows);
        }
    }
    if (m_rowsKnown < rowCount) {
        m_rowsTimer->start(0);
    }
    // The rows in view, top to bottom.
    const Core::OpportunityProxyModel *proxy = m_table->proxyModel();
    const int first = std::max(0, m_table->rowAt(0));
    int last = m_table->rowAt(m_table->viewport()->height() - 1);
    if (last < 0) {
        last = proxy->rowCount() - 1;
    }
    QList<Core::EnrichmentQueue::Row> visible;
    for (int row = first; row <= last && row < proxy->rowCount(); ++row) {
        const int sourceRow = proxy->mapToSource(proxy->index(row, 0)).row();
        if (sourceRow >= 0) {
            visible.append(rowOf(sourceRow));
        }
    }
    m_queue->setVisibleRows(visible);
    updatePaused();
}

void DetailsEnrichment::updatePaused()
{
    m_queue->setPaused(m_model->isBusy() || m_localCopy->isSyncing() || m_localCopy->isLoading());
}

void DetailsEnrichment::updateMeter()
{
    if (!m_meter) {
        return;
    }
    m_meter->setText(m_budget->meterText());
    QString tip = m_budget->meterToolTip();
    if (!m_queueProblem.isEmpty()) {
        tip += u"\n\n"_s + m_queueProblem;
    }
    m_meter->setToolTip(tip);
}

} // namespace Pd::Gui
