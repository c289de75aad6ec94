#include "opportunitystore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Emulator {

namespace {

using Core::OpportunitySummary;

enum class SortKey {
    LastModifiedDate,
    Identifier,
    CustomerCompanyName,
    CreatedDate,
    TargetCloseDate
};

SortKey sortKeyOf(const QString &name)
{
    if (name == "Identifier"_L1) {
        return SortKey::Identifier;
    }
    if (name == "CustomerCompanyName"_L1) {
        return SortKey::CustomerCompanyName;
    }
    if (name == "CreatedDate"_L1) {
        return SortKey::CreatedDate;
    }
    if (name == "TargetCloseDate"_L1) {
        return SortKey::TargetCloseDate;
    }
    return SortKey::LastModifiedDate;
}

Core::OpportunitySort effectiveSort(const Core::ListOpportunitiesRequest &request)
{
    if (request.sort) {
        return *request.sort;
    }
    return {u"LastModifiedDate"_s, u"DESCENDING"_s};
}

qint64 msOrNoTime(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : OpportunitySummary::NoTime;
}

qint64 timeOf(const QString &text, qint64 parsed)
{
    if (parsed != OpportunitySummary::NoTime || text.isNull()) {
        return parsed;
    }
    qint64 ms = OpportunitySummary::NoTime;
    Core::Model::parseDateTimeMs(text.toUtf8(), &ms);
    return ms;
}

QJsonValue jsonTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(double(time.toMSecsSinceEpoch())) : QJsonValue();
}

QJsonValue jsonText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

template<typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

bool inTimeRange(qint64 value, qint64 after, qint64 before, bool afterExclusive)
{
    if (after == OpportunitySummary::NoTime && before == OpportunitySummary::NoTime) {
        return true;
    }
    if (value == OpportunitySummary::NoTime) {
        return false;
    }
    return (after == OpportunitySummary::NoTime
            || (afterExclusive ? value > after : value >= after))
           && (before == OpportunitySummary::NoTime
               || (afterExclusive ? value <= before : value < before));
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
    row.catalog = summary.catalog;
    row.id = summary.id;
    row.idHash = hashOf(summary.id);
    if (summary.hasCustomer && summary.hasAccount && !summary.companyName.isNull()) {
        row.companyLower = summary.companyName.toLower();
        row.companyKey = row.companyLower.toUtf8();
    }
    if (summary.hasLifeCycle) {
        row.stage = summary.stage;
        row.reviewStatus = summary.reviewStatus;
        row.targetCloseDate = summary.targetCloseDate;
    }
    row.lastModifiedMs = timeOf(summary.lastModifiedDate, summary.lastModifiedDateMs);
    row.createdMs = timeOf(summary.createdDate, summary.createdDateMs);
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
                         [&catalog](const Row &row) { return row.catalog == catalog; });
}

QByteArray OpportunityStore::canonicalQuery(const Core::ListOpportunitiesRequest &request)
{
    const Core::OpportunitySort sort = effectiveSort(request);
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
    const QSet<QString> identifiers(request.identifier.cbegin(), request.identifier.cend());
    QStringList companies;
    companies.reserve(request.customerCompanyName.size());
    for (const QString &name : request.customerCompanyName) {
        companies.append(name.toLower());
    }
    const qint64 modifiedAfter = msOrNoTime(request.lastModifiedDate.after);
    const qint64 modifiedBefore = msOrNoTime(request.lastModifiedDate.before);
    const qint64 createdAfter = msOrNoTime(request.createdDate.after);
    const qint64 createdBefore = msOrNoTime(request.createdDate.before);
    const QString &closeAfter = request.targetCloseDate.after;
    const QString &closeBefore = request.targetCloseDate.before;

    RowList rows;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        if (row.catalog != request.catalog) {
            continue;
        }
        if (!identifiers.isEmpty() && (row.id.isNull() || !identifiers.contains(row.id))) {
            continue;
        }
        if (!request.lifeCycleStage.isEmpty()
            && (row.stage.isNull() || !request.lifeCycleStage.contains(row.stage))) {
            continue;
        }
        if (!request.lifeCycleReviewStatus.isEmpty()
            && (row.reviewStatus.isNull()
                || !request.lifeCycleReviewStatus.contains(row.reviewStatus))) {
            continue;
        }
        if (!companies.isEmpty()) {
            if (row.companyLower.isNull()
                || std::none_of(companies.cbegin(), companies.cend(),
                                [&row](const QString &needle) {
                                    return row.companyLower.contains(needle);
                                })) {
                continue;
            }
        }
        if (!inTimeRange(row.lastModifiedMs, modifiedAfter, modifiedBefore, m_afterExclusive)
            || !inTimeRange(row.createdMs, createdAfter, createdBefore, m_afterExclusive)) {
            continue;
        }
        if (!closeAfter.isEmpty() || !closeBefore.isEmpty()) {
            const QString &close = row.targetCloseDate;
            const bool afterOk = closeAfter.isEmpty()
                                 || (m_afterExclusive ? closeAfter < close : !(close < closeAfter));
            const bool beforeOk
                    = closeBefore.isEmpty()
                      || (m_afterExclusive ? !(closeBefore < close) : close < closeBefore);
            if (close.isNull() || !afterOk || !beforeOk) {
                continue;
            }
        }
        rows.append(i);
    }

    const Core::OpportunitySort sort = effectiveSort(request);
    const SortKey key = sortKeyOf(sort.sortBy);
    const bool descending = sort.sortOrder == "DESCENDING"_L1;
    const auto idLess = [this](qsizetype a, qsizetype b) {
        const QString &x = m_rows.at(a).id;
        const QString &y = m_rows.at(b).id;
        if (x.isNull() != y.isNull()) {
            return y.isNull();
        }
        if (x.size() != y.size()) {
            return x.size() < y.size();
        }
        const int c = x.compare(y);
        return c != 0 ? c < 0 : a < b;
    };
    const auto tieLess = [&](qsizetype a, qsizetype b) {
        switch (m_tieBreak) {
        case TieBreak::IdInSortOrder:
            return descending ? idLess(b, a) : idLess(a, b);
        case TieBreak::IdAscending:
            break;
        case TieBreak::Hashed:
            if (m_rows.at(a).idHash != m_rows.at(b).idHash) {
                return m_rows.at(a).idHash < m_rows.at(b).idHash;
            }
            break;
        }
        return idLess(a, b);
    };
    const auto hasValue = [key](const Row &row) {
        switch (key) {
        case SortKey::LastModifiedDate:
            return row.lastModifiedMs != OpportunitySummary::NoTime;
        case SortKey::CreatedDate:
            return row.createdMs != OpportunitySummary::NoTime;
        case SortKey::Identifier:
            return !row.id.isNull();
        case SortKey::CustomerCompanyName:
            return !row.companyLower.isNull();
        case SortKey::TargetCloseDate:
            return !row.targetCloseDate.isNull();
        }
        return false;
    };
    // Both rows have a value.
    const auto compareValues = [key](const Row &x, const Row &y) {
        switch (key) {
        case SortKey::LastModifiedDate:
            return threeWay(x.lastModifiedMs, y.lastModifiedMs);
        case SortKey::CreatedDate:
            return threeWay(x.createdMs, y.createdMs);
        case SortKey::Identifier:
            return x.id.size() != y.id.size() ? threeWay(x.id.size(), y.id.size())
                                              : x.id.compare(y.id);
        case SortKey::CustomerCompanyName:
            return threeWay(x.companyKey, y.companyKey);
        case SortKey::TargetCloseDate:
            return x.targetCloseDate.compare(y.targetCloseDate);
        }
        return 0;
    };
    std::sort(rows.begin(), rows.end(), [&](qsizetype a, qsizetype b) {
        const Row &x = m_rows.at(a);
        const Row &y = m_rows.at(b);
        const bool xHas = hasValue(x);
        const bool yHas = hasValue(y);
        if (xHas != yHas) {
            return xHas; // a value sorts before no value, in both orders
        }
        if (xHas) {
            const int order = compareValues(x, y);
            if (order != 0) {
                return descending ? order > 0 : order < 0;
            }
        }
        return tieLess(a, b);
    });
    return rows;
}

QByteArray OpportunityStore::dataJson(const QString &catalog) const
{
    QByteArray out = "{\"OpportunitySummaries\":["_ba;
    bool first = true;
    for (const Row &row : m_rows) {
        if (!catalog.isEmpty() && row.catalog != catalog) {
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
