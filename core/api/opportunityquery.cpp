#include "opportunityquery.h"

#include <algorithm>
#include <numeric>
#include <vector>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

constexpr qint64 NoTime = OpportunitySummary::NoTime;

qint64 msOf(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : NoTime;
}

/// The parsed instant, or the text parsed now when the summary was built without it.
qint64 timeOf(const QString &text, qint64 parsed)
{
    if (parsed != NoTime || text.isNull()) {
        return parsed;
    }
    qint64 ms = NoTime;
    Model::parseDateTimeMs(text.toUtf8(), &ms);
    return ms;
}

bool inTimeRange(qint64 value, qint64 after, qint64 before)
{
    if (after == NoTime && before == NoTime) {
        return true;
    }
    if (value == NoTime) {
        return false;
    }
    return (after == NoTime || value >= after) && (before == NoTime || value < before);
}

bool hasCompany(const OpportunitySummary &summary)
{
    return summary.hasCustomer && summary.hasAccount && !summary.companyName.isNull();
}

QString lifeCycleValue(const OpportunitySummary &summary, const QString &value)
{
    return summary.hasLifeCycle ? value : QString();
}

template<typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

OpportunityQuery::OpportunityQuery(const ListOpportunitiesRequest &request)
    : m_request(request),
      m_identifiers(request.identifier.cbegin(), request.identifier.cend()),
      m_modifiedAfter(msOf(request.lastModifiedDate.after)),
      m_modifiedBefore(msOf(request.lastModifiedDate.before)),
      m_createdAfter(msOf(request.createdDate.after)),
      m_createdBefore(msOf(request.createdDate.before))
{
    const OpportunitySort sort = effectiveSort(request);
    m_descending = sort.sortOrder == "DESCENDING"_L1;
    if (sort.sortBy == "Identifier"_L1) {
        m_sortBy = SortBy::Identifier;
    } else if (sort.sortBy == "CustomerCompanyName"_L1) {
        m_sortBy = SortBy::CustomerCompanyName;
    } else if (sort.sortBy == "CreatedDate"_L1) {
        m_sortBy = SortBy::CreatedDate;
    } else if (sort.sortBy == "TargetCloseDate"_L1) {
        m_sortBy = SortBy::TargetCloseDate;
    }
    for (const QString &name : request.customerCompanyName) {
        m_companyNeedles.append(foldedCompanyName(name));
    }
}

OpportunitySort OpportunityQuery::effectiveSort(const ListOpportunitiesRequest &request)
{
    if (request.sort) {
        return *request.sort;
    }
    return {u"LastModifiedDate"_s, u"DESCENDING"_s};
}

int OpportunityQuery::compareIds(const QString &a, const QString &b)
{
    if (a.size() != b.size()) {
        return threeWay(a.size(), b.size());
    }
    return threeWay(a.compare(b), 0);
}

bool OpportunityQuery::matches(const OpportunitySummary &summary) const
{
    if (summary.catalog != m_request.catalog) {
        return false;
    }
    if (!m_identifiers.isEmpty() && (summary.id.isNull() || !m_identifiers.contains(summary.id))) {
        return false;
    }
    if (!m_request.lifeCycleStage.isEmpty()) {
        const QString stage = lifeCycleValue(summary, summary.stage);
        if (stage.isNull() || !m_request.lifeCycleStage.contains(stage)) {
            return false;
        }
    }
    if (!m_request.lifeCycleReviewStatus.isEmpty()) {
        const QString status = lifeCycleValue(summary, summary.reviewStatus);
        if (status.isNull() || !m_request.lifeCycleReviewStatus.contains(status)) {
            return false;
        }
    }
    if (!m_companyNeedles.isEmpty()) {
        if (!hasCompany(summary)) {
            return false;
        }
        const QString company = foldedCompanyName(summary.companyName);
        if (std::none_of(m_companyNeedles.cbegin(), m_companyNeedles.cend(),
                         [&company](const QString &needle) { return company.contains(needle); })) {
            return false;
        }
    }
    if (!inTimeRange(timeOf(summary.lastModifiedDate, summary.lastModifiedDateMs), m_modifiedAfter,
                     m_modifiedBefore)
        || !inTimeRange(timeOf(summary.createdDate, summary.createdDateMs), m_createdAfter,
                        m_createdBefore)) {
        return false;
    }
    const QString &closeAfter = m_request.targetCloseDate.after;
    const QString &closeBefore = m_request.targetCloseDate.before;
    if (!closeAfter.isEmpty() || !closeBefore.isEmpty()) {
        const QString close = lifeCycleValue(summary, summary.targetCloseDate);
        if (close.isNull() || (!closeAfter.isEmpty() && close < closeAfter)
            || (!closeBefore.isEmpty() && !(close < closeBefore))) {
            return false;
        }
    }
    return true;
}

OpportunityQuery::SortKey OpportunityQuery::key(const OpportunitySummary &summary) const
{
    SortKey key;
    key.id = summary.id;
    switch (m_sortBy) {
    case SortBy::LastModifiedDate:
        key.number = timeOf(summary.lastModifiedDate, summary.lastModifiedDateMs);
        key.hasValue = key.number != NoTime;
        break;
    case SortBy::CreatedDate:
        key.number = timeOf(summary.createdDate, summary.createdDateMs);
        key.hasValue = key.number != NoTime;
        break;
    case SortBy::Identifier:
        key.hasValue = !summary.id.isNull();
        break;
    case SortBy::CustomerCompanyName:
        key.hasValue = hasCompany(summary);
        if (key.hasValue) {
            key.text = foldedCompanyName(summary.companyName).toUtf8();
        }
        break;
    case SortBy::TargetCloseDate: {
        const QString close = lifeCycleValue(summary, summary.targetCloseDate);
        key.hasValue = !close.isNull();
        key.text = close.toUtf8();
        break;
    }
    }
    return key;
}

bool OpportunityQuery::lessThan(const SortKey &a, const SortKey &b) const
{
    if (a.hasValue != b.hasValue) {
        return a.hasValue; // a value before no value, in both orders
    }
    int order = 0;
    if (a.hasValue) {
        switch (m_sortBy) {
        case SortBy::LastModifiedDate:
        case SortBy::CreatedDate:
            order = threeWay(a.number, b.number);
            break;
        case SortBy::Identifier:
            order = compareIds(a.id, b.id);
            break;
        case SortBy::CustomerCompanyName:
        case SortBy::TargetCloseDate:
            order = threeWay(a.text, b.text); // UTF-8 bytes: code point order
            break;
        }
    }
    if (order == 0) {
        if (a.id.isNull() != b.id.isNull()) {
            return b.id.isNull(); // without an Id last
        }
        order = compareIds(a.id, b.id);
    }
    return m_descending ? order > 0 : order < 0;
}

QList<OpportunitySummary> OpportunityQuery::apply(QList<OpportunitySummary> summaries) const
{
    summaries.removeIf([this](const OpportunitySummary &summary) { return !matches(summary); });
    std::vector<SortKey> keys;
    keys.reserve(size_t(summaries.size()));
    for (const OpportunitySummary &summary : std::as_const(summaries)) {
        keys.push_back(key(summary));
    }
    std::vector<qsizetype> order(keys.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this, &keys](qsizetype a, qsizetype b) {
        return lessThan(keys[size_t(a)], keys[size_t(b)]);
    });
    QList<OpportunitySummary> sorted;
    sorted.reserve(summaries.size());
    for (const qsizetype index : order) {
        sorted.append(std::move(summaries[index]));
    }
    return sorted;
}

} // namespace Pd::Core
