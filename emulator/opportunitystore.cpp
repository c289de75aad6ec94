#include "opportunitystore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <numeric>
#include <vector>

using namespace Qt::StringLiterals;

namespace Pd::Emulator {

namespace {

using Core::OpportunitySummary;

QJsonValue jsonTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(double(time.toMSecsSinceEpoch())) : QJsonValue();
}

QJsonValue jsonText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

/// FNV-1a over the identifier's UTF-16, then the SplitMix64 finaliser: the same on every
/// platform and Qt version.
quint64 hashOf(const QString &id)
{
    quint64 h = 0xCBF29CE484222325ULL;
    for (const QChar c : id) {
        h = (h ^ c.unicode()) * 0x100000001B3ULL;
    }
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    return h ^ (h >> 31);
}

/// Adds `"Member":null` for every absent optional member of the summary and of its LifeCycle
/// and Customer.Account objects.
QByteArray withExplicitNulls(const QByteArray &json)
{
    QJsonObject summary = QJsonDocument::fromJson(json).object();
    const auto fill = [](QJsonObject *object, std::initializer_list<QLatin1StringView> members) {
        for (const QLatin1StringView member : members) {
            if (!object->contains(member)) {
                object->insert(member, QJsonValue::Null);
            }
        }
    };
    fill(&summary,
         {"Id"_L1, "Arn"_L1, "PartnerOpportunityIdentifier"_L1, "OpportunityType"_L1,
          "LastModifiedDate"_L1, "CreatedDate"_L1, "LifeCycle"_L1, "Customer"_L1, "Project"_L1});
    if (summary.value("LifeCycle"_L1).isObject()) {
        QJsonObject lifeCycle = summary.value("LifeCycle"_L1).toObject();
        fill(&lifeCycle, {"Stage"_L1, "ClosedLostReason"_L1, "NextSteps"_L1, "TargetCloseDate"_L1,
                          "ReviewStatus"_L1, "ReviewComments"_L1, "ReviewStatusReason"_L1});
        summary.insert("LifeCycle"_L1, lifeCycle);
    }
    if (summary.value("Customer"_L1).isObject()) {
        QJsonObject customer = summary.value("Customer"_L1).toObject();
        if (customer.value("Account"_L1).isObject()) {
            QJsonObject account = customer.value("Account"_L1).toObject();
            fill(&account, {"Industry"_L1, "OtherIndustry"_L1, "WebsiteUrl"_L1, "Address"_L1});
            customer.insert("Account"_L1, account);
        }
        summary.insert("Customer"_L1, customer);
    }
    return QJsonDocument(summary).toJson(QJsonDocument::Compact);
}

/// JSON text with every non-ASCII character written as a JSON unicode escape (UTF-16 code units, so
/// surrogate pairs).
QByteArray asciiEscaped(const QByteArray &json)
{
    static constexpr char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(json.size() + json.size() / 4);
    for (const QChar c : QString::fromUtf8(json)) {
        const char16_t u = c.unicode();
        if (u < 0x80) {
            out.append(char(u));
            continue;
        }
        out.append("\\u");
        for (const int shift : {12, 8, 4, 0}) {
            out.append(hex[(u >> shift) & 0xF]);
        }
    }
    return out;
}

} // namespace

void OpportunityStore::setJsonVariants(bool explicitNulls, bool asciiOnly)
{
    m_explicitNulls = explicitNulls;
    m_asciiOnly = asciiOnly;
}

void OpportunityStore::setTieBreak(TieBreak tieBreak)
{
    m_tieBreak = tieBreak;
    m_cache.clear();
}

void OpportunityStore::setAfterExclusive(bool afterExclusive)
{
    m_afterExclusive = afterExclusive;
    m_cache.clear();
}

void OpportunityStore::reserve(qsizetype count)
{
    m_rows.reserve(count);
}

void OpportunityStore::add(const Core::OpportunitySummary &summary)
{
    Row row;
    row.json = summary.toJson();
    if (m_explicitNulls) {
        row.json = withExplicitNulls(row.json);
    }
    if (m_asciiOnly) {
        row.json = asciiEscaped(row.json);
    }
    row.fields = Core::OpportunityQuery::fieldsOf(summary);
    row.idHash = hashOf(summary.id);
    m_rows.append(std::move(row));
    m_cache.clear();
}

void OpportunityStore::replace(qsizetype row, const Core::OpportunitySummary &summary)
{
    add(summary);
    m_rows.swapItemsAt(row, m_rows.size() - 1);
    m_rows.removeLast();
}

void OpportunityStore::remove(qsizetype row)
{
    m_rows.remove(row);
    m_cache.clear();
}

qsizetype OpportunityStore::count(const QString &catalog) const
{
    return std::count_if(m_rows.cbegin(), m_rows.cend(),
                         [&catalog](const Row &row) { return row.fields.catalog == catalog; });
}

QByteArray OpportunityStore::canonicalQuery(const Core::ListOpportunitiesRequest &request)
{
    const Core::OpportunitySort sort = Core::OpportunityQuery::effectiveSort(request);
    const QJsonArray query{
            request.catalog,
            sort.sortBy,
            sort.sortOrder,
            jsonTime(request.lastModifiedDate.after),
            jsonTime(request.lastModifiedDate.before),
            QJsonArray::fromStringList(request.identifier),
            QJsonArray::fromStringList(request.lifeCycleStage),
            QJsonArray::fromStringList(request.lifeCycleReviewStatus),
            QJsonArray::fromStringList(request.customerCompanyName),
            jsonTime(request.createdDate.after),
            jsonTime(request.createdDate.before),
            jsonText(request.targetCloseDate.after),
            jsonText(request.targetCloseDate.before),
    };
    return QJsonDocument(query).toJson(QJsonDocument::Compact);
}

std::shared_ptr<const OpportunityStore::RowList>
OpportunityStore::match(const Core::ListOpportunitiesRequest &request, const QByteArray &canonical)
{
    for (qsizetype i = 0; i < m_cache.size(); ++i) {
        if (m_cache.at(i).canonical == canonical) {
            if (i > 0) {
                m_cache.move(i, 0);
            }
            return m_cache.constFirst().rows;
        }
    }
    auto rows = std::make_shared<const RowList>(compute(request));
    m_cache.prepend({canonical, rows});
    if (m_cache.size() > CacheSize) {
        m_cache.removeLast();
    }
    return rows;
}

OpportunityStore::RowList
OpportunityStore::compute(const Core::ListOpportunitiesRequest &request) const
{
    Core::OpportunityQuery query(request);
    query.setAfterExclusive(m_afterExclusive);
    RowList rows;
    std::vector<Core::OpportunityQuery::SortKey> keys;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (query.matches(m_rows.at(i).fields)) {
            rows.append(i);
            keys.push_back(query.key(m_rows.at(i).fields));
        }
    }
    // Positions into `rows` and `keys`: the values decide, then the tie-break.
    const auto before = [&](size_t a, size_t b) {
        if (const int order = query.compareValues(keys[a], keys[b]); order != 0) {
            return order < 0;
        }
        const Row &x = m_rows.at(rows.at(qsizetype(a)));
        const Row &y = m_rows.at(rows.at(qsizetype(b)));
        switch (m_tieBreak) {
        case TieBreak::IdInSortOrder:
            return query.lessThan(keys[a], keys[b]);
        case TieBreak::IdAscending:
            break;
        case TieBreak::Hashed:
            if (x.idHash != y.idHash) {
                return x.idHash < y.idHash;
            }
            break;
        }
        if (x.fields.id.isNull() != y.fields.id.isNull()) {
            return y.fields.id.isNull();
        }
        return Core::OpportunityQuery::compareIds(x.fields.id, y.fields.id) < 0;
    };
    std::vector<size_t> order(keys.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), before);
    RowList sorted;
    sorted.reserve(rows.size());
    for (const size_t position : order) {
        sorted.append(rows.at(qsizetype(position)));
    }
    return sorted;
}

QByteArray OpportunityStore::dataJson(const QString &catalog) const
{
    QByteArray out = "{\"OpportunitySummaries\":["_ba;
    bool first = true;
    for (const Row &row : m_rows) {
        if (!catalog.isEmpty() && row.fields.catalog != catalog) {
            continue;
        }
        if (!first) {
            out.append(",\n");
        }
        first = false;
        out.append(row.json);
    }
    out.append("]}\n");
    return out;
}

} // namespace Pd::Emulator
