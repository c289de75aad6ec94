#include "opportunitydetailsstore.h"

#include "opportunitystoredb.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcDetailsStore, "partnerdesk.core.details")

OpportunityDetailsStore::OpportunityDetailsStore(QObject *parent) : QObject(parent) { }

OpportunityDetailsStore::~OpportunityDetailsStore() = default;

void OpportunityDetailsStore::setStore(OpportunityStoreDb *store)
{
    m_store = store;
    m_briefs.clear();
    m_details.clear();
    m_awsSummaries.clear();
    if (!m_store || !m_store->isOpen()) {
        return;
    }
    QString error;
    const bool read = m_store->readKeptBriefs(
            [this](const OpportunityStoreDb::KeptBrief &kept) {
                m_briefs.insert(
                        kept.id,
                        Brief{kept.lastModified, kept.title.isNull() ? u""_s : kept.title,
                              ownerName(kept.ownerFirstName, kept.ownerLastName, kept.ownerEmail)});
            },
            &error);
    if (!read) {
        qCWarning(lcDetailsStore).noquote() << error;
    }
}

std::optional<OpportunityDetailsStore::Brief>
OpportunityDetailsStore::brief(const QString &id, const QString &lastModified) const
{
    const auto found = m_briefs.constFind(id);
    if (found == m_briefs.constEnd() || found->lastModified != lastModified) {
        return std::nullopt;
    }
    return *found;
}

bool OpportunityDetailsStore::hasDetails(const QString &id, const QString &lastModified) const
{
    return brief(id, lastModified).has_value();
}

std::optional<GetOpportunityResponse>
OpportunityDetailsStore::details(const QString &id, const QString &lastModified) const
{
    QByteArray json;
    if (m_store && m_store->isOpen()) {
        const std::optional<QByteArray> kept = m_store->keptDetails(id, lastModified);
        if (!kept) {
            return std::nullopt;
        }
        json = *kept;
    } else {
        const auto found = m_details.constFind(id);
        if (found == m_details.constEnd() || found->lastModified != lastModified) {
            return std::nullopt;
        }
        json = found->json;
    }
    GetOpportunityResponse response;
    QString problem;
    if (!GetOpportunityResponse::parse(json, &response, &problem)) {
        return std::nullopt;
    }
    return response;
}

void OpportunityDetailsStore::keepDetails(const GetOpportunityResponse &response)
{
    if (response.id.isEmpty()) {
        return;
    }
    const QByteArray json = response.toJson();
    const Brief brief = briefOf(response);
    if (m_store && m_store->isOpen() && !m_store->isReadOnly()) {
        QString error;
        if (!m_store->keepDetails(response.id, response.lastModifiedDate, json, &error)) {
            qCWarning(lcDetailsStore).noquote() << error;
        }
    } else {
        m_details.insert(response.id, MemoryEntry{response.lastModifiedDate, json});
    }
    m_briefs.insert(response.id, brief);
    Q_EMIT detailsKept(response.id);
}

std::optional<OpportunityDetailsStore::AwsSummary>
OpportunityDetailsStore::awsSummary(const QString &id, const QString &lastModified) const
{
    QByteArray json;
    if (m_store && m_store->isOpen()) {
        const std::optional<QByteArray> kept = m_store->keptAwsSummary(id, lastModified);
        if (!kept) {
            return std::nullopt;
        }
        json = *kept;
    } else {
        const auto found = m_awsSummaries.constFind(id);
        if (found == m_awsSummaries.constEnd() || found->lastModified != lastModified) {
            return std::nullopt;
        }
        json = found->json;
    }
    AwsSummary summary;
    if (json.isEmpty()) {
        return summary;
    }
    QString problem;
    if (!GetAwsOpportunitySummaryResponse::parse(json, &summary.response, &problem)) {
        return std::nullopt;
    }
    summary.exists = true;
    return summary;
}

void OpportunityDetailsStore::keepAwsSummary(const QString &id, const QString &lastModified,
                                             const GetAwsOpportunitySummaryResponse *response)
{
    const QByteArray json = response ? response->toJson() : QByteArray();
    if (m_store && m_store->isOpen() && !m_store->isReadOnly()) {
        QString error;
        if (!m_store->keepAwsSummary(id, lastModified, json, &error)) {
            qCWarning(lcDetailsStore).noquote() << error;
        }
    } else {
        m_awsSummaries.insert(id, MemoryEntry{lastModified, json});
    }
}

QString OpportunityDetailsStore::ownerName(const QString &firstName, const QString &lastName,
                                           const QString &email)
{
    const QString name = u"%1 %2"_s.arg(firstName, lastName).trimmed();
    return name.isEmpty() ? email : name;
}

QString OpportunityDetailsStore::ownerOf(const GetOpportunityResponse &response)
{
    if (!response.opportunityTeam || response.opportunityTeam->isEmpty()) {
        return {};
    }
    const Shapes::Contact &first = response.opportunityTeam->constFirst();
    return ownerName(first.firstName, first.lastName, first.email);
}

OpportunityDetailsStore::Brief
OpportunityDetailsStore::briefOf(const GetOpportunityResponse &response)
{
    Brief brief;
    brief.lastModified = response.lastModifiedDate;
    brief.title = response.project ? response.project->title : QString();
    brief.owner = ownerOf(response);
    return brief;
}

} // namespace Pd::Core
