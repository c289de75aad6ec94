#pragma once

#include "getawsopportunitysummary.h"
#include "getopportunity.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

namespace Pd::Core {

class OpportunityStoreDb;

/// The kept GetOpportunity and GetAwsOpportunitySummary answers, keyed by (Id,
/// LastModifiedDate): an answer is used only for the version of the opportunity it was fetched
/// for, so an unchanged opportunity is never fetched twice and a changed one is fetched again.
///
/// With a store (`setStore()`) the answers are kept in its `details` and `aws_summaries`
/// tables, across restarts; without one, in memory. The title and owner of every kept
/// GetOpportunity answer are held in memory (`brief()`) for the table's columns.
class OpportunityDetailsStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpportunityDetailsStore)

public:
    /// What the table shows of an opportunity's details.
    struct Brief
    {
        QString lastModified; ///< the LastModifiedDate text the details are of
        QString title; ///< Project.Title
        QString owner; ///< the first OpportunityTeam member, "First Last"
    };
    /// A kept GetAwsOpportunitySummary outcome: the answer, or "none yet" (ResourceNotFound).
    struct AwsSummary
    {
        bool exists = false;
        GetAwsOpportunitySummaryResponse response;
    };

    explicit OpportunityDetailsStore(QObject *parent = nullptr);
    ~OpportunityDetailsStore() override;

    /// Keeps answers in `store` (not owned; nullptr: in memory) and loads the briefs it holds.
    void setStore(OpportunityStoreDb *store);
    OpportunityStoreDb *store() const { return m_store; }

    bool hasDetails(const QString &id, const QString &lastModified) const;
    std::optional<GetOpportunityResponse> details(const QString &id,
                                                  const QString &lastModified) const;
    /// Keeps `response` for (its Id, its LastModifiedDate) and emits detailsKept().
    void keepDetails(const GetOpportunityResponse &response);

    std::optional<AwsSummary> awsSummary(const QString &id, const QString &lastModified) const;
    /// Keeps the answer for (id, lastModified); nullptr: the opportunity has none yet.
    void keepAwsSummary(const QString &id, const QString &lastModified,
                        const GetAwsOpportunitySummaryResponse *response);

    /// The brief of `id` whatever version it is of; a default Brief when none is kept.
    Brief brief(const QString &id) const { return m_briefs.value(id); }
    /// The brief only when it is of version `lastModified`.
    std::optional<Brief> brief(const QString &id, const QString &lastModified) const;
    qsizetype briefCount() const { return m_briefs.size(); }

    static QString ownerOf(const GetOpportunityResponse &response);
    /// "First Last", or the e-mail address when both names are empty.
    static QString ownerName(const QString &firstName, const QString &lastName,
                             const QString &email);
    static Brief briefOf(const GetOpportunityResponse &response);

Q_SIGNALS:
    void detailsKept(const QString &id);

private:
    struct MemoryEntry
    {
        QString lastModified;
        QByteArray json; ///< null: none (AWS summary)
    };

    OpportunityStoreDb *m_store = nullptr;
    QHash<QString, Brief> m_briefs;
    QHash<QString, MemoryEntry> m_details; ///< without a store
    QHash<QString, MemoryEntry> m_awsSummaries; ///< without a store
};

} // namespace Pd::Core
