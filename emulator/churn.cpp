#include "churn.h"

#include "listopportunitiesrequest.h"
#include "opportunitystore.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Emulator {

namespace {

using Core::OpportunitySummary;

OpportunitySummary parsed(const QByteArray &json)
{
    Core::ListOpportunitiesResponse response;
    QString error;
    Core::ListOpportunitiesResponse::parse("{\"OpportunitySummaries\":["_ba + json + "]}"_ba,
                                           &response, &error);
    return response.opportunitySummaries.value(0);
}

void setModified(OpportunitySummary *summary, qint64 ms)
{
    summary->lastModifiedDateMs = ms;
    summary->lastModifiedDate
            = Core::Model::formatDateTime(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
}

} // namespace

DatasetChurn::DatasetChurn(OpportunityStore *store, DatasetGenerator generator, quint32 seed)
    : m_store(store), m_generator(std::move(generator)), m_state(0xC4A5E000ULL ^ seed)
{ }

quint64 DatasetChurn::next()
{
    // SplitMix64, as the generator's.
    quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

qint64 DatasetChurn::below(qint64 n)
{
    return n <= 0 ? 0 : qint64(next() % quint64(n));
}

void DatasetChurn::setRatePerMinute(const ChurnStep &perMinute)
{
    m_rate = perMinute;
    m_taken = {};
    m_clock.start();
}

ChurnStep DatasetChurn::takeDue()
{
    const qint64 elapsed = m_clock.isValid() ? m_clock.elapsed() : 0;
    const auto due = [elapsed](int perMinute, int *taken) {
        const int total = int(qint64(perMinute) * elapsed / 60000);
        const int now = total - *taken;
        *taken = total;
        return now;
    };
    ChurnStep step;
    step.modified = due(m_rate.modified, &m_taken.modified);
    step.created = due(m_rate.created, &m_taken.created);
    step.removed = due(m_rate.removed, &m_taken.removed);
    return step;
}

ChurnResult DatasetChurn::apply(const QString &catalog, const ChurnStep &step, const QDateTime &now)
{
    ChurnResult result;
    Core::ListOpportunitiesRequest newestFirst;
    newestFirst.catalog = catalog;
    newestFirst.sort = Core::OpportunitySort{u"LastModifiedDate"_s, u"DESCENDING"_s};
    const auto matched = m_store->match(newestFirst, OpportunityStore::canonicalQuery(newestFirst));
    const OpportunityStore::RowList rows = *matched; // a copy: the store changes below
    if (!m_nextIndex.contains(catalog)) {
        m_nextIndex.insert(catalog, int(m_store->count(catalog)));
    }

    qint64 previousMaxMs = OpportunitySummary::NoTime;
    if (!rows.isEmpty()) {
        const OpportunitySummary newest = parsed(m_store->json(rows.first()));
        result.previousMaximum = newest.lastModifiedDate;
        previousMaxMs = newest.lastModifiedDateMs;
    }
    qint64 nextMs = std::max(now.toMSecsSinceEpoch(),
                             previousMaxMs == OpportunitySummary::NoTime ? 0 : previousMaxMs + 1);

    // Distinct rows: the first `removed` of a shuffled sample are removed, the next ones
    // modified.
    QList<qsizetype> sample = rows;
    const qsizetype wanted
            = std::min<qsizetype>(sample.size(), qsizetype(step.removed) + step.modified);
    for (qsizetype i = 0; i < wanted; ++i) {
        sample.swapItemsAt(i, i + below(sample.size() - i));
    }
    const qsizetype removals = std::min<qsizetype>(step.removed, wanted);
    QList<qsizetype> removedRows = sample.mid(0, removals);
    QList<qsizetype> modifiedRows = sample.mid(removals, wanted - removals);
    // The boundary modification must be another row than the one that holds the maximum.
    if (modifiedRows.size() >= 2 && modifiedRows.first() == rows.first()) {
        modifiedRows.swapItemsAt(0, 1);
    }

    for (qsizetype i = 0; i < modifiedRows.size(); ++i) {
        OpportunitySummary summary = parsed(m_store->json(modifiedRows.at(i)));
        summary.hasLifeCycle = true;
        const QStringList stages = Core::Model::stages();
        summary.stage = stages.at((stages.indexOf(summary.stage) + 1) % stages.size());
        const QStringList statuses = Core::Model::reviewStatuses();
        summary.reviewStatus = statuses.at(below(statuses.size()));
        summary.nextSteps = u"Follow up (update %1)"_s.arg(next() % 100000);
        if (below(2) == 0) {
            summary.reviewComments = u"Reviewed again"_s;
        }
        if (below(3) == 0) {
            summary.targetCloseDate = now.date().addDays(30 + below(300)).toString(Qt::ISODate);
        }
        if (below(3) == 0) {
            summary.hasProject = true;
            summary.hasExpectedCustomerSpend = true;
            if (summary.expectedCustomerSpend.isEmpty()) {
                summary.expectedCustomerSpend.append(
                        {u"0"_s, u"USD"_s, u"Monthly"_s, u"AWS"_s, QString()});
            }
            summary.expectedCustomerSpend.first().amount
                    = QString::number(1000 + below(100000)) + u".50"_s;
        }
        if (below(5) == 0 && summary.hasCustomer && summary.hasAccount) {
            summary.companyName = summary.companyName + u" (renamed)"_s;
        }
        if (i == 0 && modifiedRows.size() >= 2 && previousMaxMs != OpportunitySummary::NoTime) {
            summary.lastModifiedDate = result.previousMaximum;
            summary.lastModifiedDateMs = previousMaxMs;
        } else {
            setModified(&summary, nextMs++);
        }
        m_store->replace(modifiedRows.at(i), summary);
        result.modifiedIds.append(summary.id);
    }

    QSet<QString> ids;
    for (const qsizetype row : rows) {
        ids.insert(m_store->id(row));
    }
    int &index = m_nextIndex[catalog];
    while (result.createdIds.size() < step.created) {
        OpportunitySummary summary = m_generator.summary(catalog, index++);
        if (ids.contains(summary.id)) {
            continue; // a loaded dataset may already use the generator's next Id
        }
        setModified(&summary, nextMs);
        summary.createdDate = summary.lastModifiedDate;
        summary.createdDateMs = nextMs++;
        m_store->add(summary);
        result.createdIds.append(summary.id);
    }

    // Removed last and from the highest row down, so that the row numbers above stay valid.
    std::sort(removedRows.begin(), removedRows.end(), std::greater<>());
    for (const qsizetype row : std::as_const(removedRows)) {
        result.removedIds.append(m_store->id(row));
        m_store->remove(row);
    }
    return result;
}

} // namespace Pd::Emulator
