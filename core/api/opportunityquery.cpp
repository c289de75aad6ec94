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

template<typename T>
bool inRange(const T &value, bool present, const T &after, bool hasAfter, const T &before,
             bool hasBefore, bool afterExclusive)
{
    if (!hasAfter && !hasBefore) {
        return true;
    }
    if (!present) {
        return false;
    }
    const bool afterOk = !hasAfter || (afterExclusive ? after < value : !(value < after));
    const bool beforeOk = !hasBefore || (afterExclusive ? !(before < value) : value < before);
    return afterOk && beforeOk;
}

bool inTimeRange(qint64 value, qint64 after, qint64 before, bool afterExclusive)
{
    return inRange(value, value != NoTime, after, after != NoTime, before, before != NoTime,
                   afterExclusive);
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

OpportunityQuery::Fields OpportunityQuery::fieldsOf(const OpportunitySummary &summary)
{
    Fields fields;
    fields.catalog = summary.catalog;
    fields.id = summary.id;
    fields.stage = lifeCycleValue(summary, summary.stage);
    fields.reviewStatus = lifeCycleValue(summary, summary.reviewStatus);
    fields.targetCloseDate = lifeCycleValue(summary, summary.targetCloseDate);
    if (hasCompany(summary)) {
        fields.companyFolded = foldedCompanyName(summary.companyName);
    }
    fields.lastModifiedMs = timeOf(summary.lastModifiedDate, summary.lastModifiedDateMs);
    fields.createdMs = timeOf(summary.createdDate, summary.createdDateMs);
    return fields;
}

bool OpportunityQuery::matches(const Fields &fields) const
{
    if (fields.catalog != m_request.catalog) {
        return false;
    }
    if (!m_identifiers.isEmpty() && (fields.id.isNull() || !m_identifiers.contains(fields.id))) {
        return false;
    }
    if (!m_request.lifeCycleStage.isEmpty()
        && (fields.stage.isNull() || !m_request.lifeCycleStage.contains(fields.stage))) {
        return false;
    }
    if (!m_request.lifeCycleReviewStatus.isEmpty()
        && (fields.reviewStatus.isNull()
            || !m_request.lifeCycleReviewStatus.contains(fields.reviewStatus))) {
        return false;
    }
    if (!m_companyNeedles.isEmpty()
        && (fields.companyFolded.isNull()
            || std::none_of(m_companyNeedles.cbegin(), m_companyNeedles.cend(),
                            [&fields](const QString &needle) {
                                return fields.companyFolded.contains(needle);
                            }))) {
        return false;
    }
    if (!inTimeRange(fields.lastModifiedMs, m_modifiedAfter, m_modifiedBefore, m_afterExclusive)
        || !inTimeRange(fields.createdMs, m_createdAfter, m_createdBefore, m_afterExclusive)) {
        return false;
    }
    const QString &closeAfter = m_request.targetCloseDate.after;
    const QString &closeBefore = m_request.targetCloseDate.before;
    return inRange(fields.targetCloseDate, !fields.targetCloseDate.isNull(), closeAfter,
                   !closeAfter.isEmpty(), closeBefore, !closeBefore.isEmpty(), m_afterExclusive);
}

OpportunityQuery::SortKey OpportunityQuery::key(const Fields &fields) const
{
    SortKey key;
    key.id = fields.id;
    switch (m_sortBy) {
    case SortBy::LastModifiedDate:
        key.number = fields.lastModifiedMs;
        key.hasValue = key.number != NoTime;
        break;
    case SortBy::CreatedDate:
        key.number = fields.createdMs;
        key.hasValue = key.number != NoTime;
        break;
    case SortBy::Identifier:
        key.hasValue = !fields.id.isNull();
        break;
    case SortBy::CustomerCompanyName:
        key.hasValue = !fields.companyFolded.isNull();
        key.text = fields.companyFolded.toUtf8();
        break;
    case SortBy::TargetCloseDate:
        key.hasValue = !fields.targetCloseDate.isNull();
        key.text = fields.targetCloseDate.toUtf8();
        break;
    }
    return key;
}

int OpportunityQuery::compareValues(const SortKey &a, const SortKey &b) const
{
    if (a.hasValue != b.hasValue) {
        return a.hasValue ? -1 : 1; // a value before no value, in both orders
    }
    if (!a.hasValue) {
        return 0;
    }
    int order = 0;
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
        order = threeWay(a.text.compare(b.text), 0); // UTF-8 bytes: code point order
        break;
    }
    return m_descending ? -order : order;
}

bool OpportunityQuery::lessThan(const SortKey &a, const SortKey &b) const
{
    if (const int order = compareValues(a, b); order != 0) {
        return order < 0;
    }
    if (a.id.isNull() != b.id.isNull()) {
        return b.id.isNull(); // without an Id last
    }
    const int order = compareIds(a.id, b.id);
    return m_descending ? order > 0 : order < 0;
}

QList<OpportunitySummary> OpportunityQuery::apply(QList<OpportunitySummary> summaries) const
{
    std::vector<Fields> fields;
    fields.reserve(size_t(summaries.size()));
    for (const OpportunitySummary &summary : std::as_const(summaries)) {
        fields.push_back(fieldsOf(summary));
    }
    QList<OpportunitySummary> sorted;
    const std::vector<qsizetype> order = select(fields);
    sorted.reserve(qsizetype(order.size()));
    for (const qsizetype index : order) {
        sorted.append(std::move(summaries[index]));
    }
    return sorted;
}

std::vector<qsizetype> OpportunityQuery::select(const std::vector<Fields> &fields) const
{
    std::vector<qsizetype> matched;
    std::vector<SortKey> keys;
    matched.reserve(fields.size());
    keys.reserve(fields.size());
    for (size_t index = 0; index < fields.size(); ++index) {
        if (matches(fields[index])) {
            matched.push_back(qsizetype(index));
            keys.push_back(key(fields[index]));
        }
    }
    std::vector<qsizetype> order(keys.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this, &keys](qsizetype a, qsizetype b) {
        return lessThan(keys[size_t(a)], keys[size_t(b)]);
    });
    for (qsizetype &index : order) {
        index = matched[size_t(index)];
    }
    return order;
}

} // namespace Pd::Core
