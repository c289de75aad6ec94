#pragma once

#include "apierror.h"
#include "getopportunity.h"
#include "opportunitydetailsstore.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;

namespace Pd::Gui {

/// What GetOpportunity and GetAwsOpportunitySummary add to a detail pane, in four sections:
/// the project and its context (business problem, use case, sales activities, competitors, APN
/// programs, AWS products and solutions, marketing, software revenue), the people (customer
/// contacts and the partner's opportunity team, e-mail as mailto links), the next-steps history
/// as a timeline, and the AWS side (engagement score, next best actions, involvement type, AWS
/// stage, AWS team). Each of the two calls has its own status line: loading, denied (naming the
/// missing IAM action), failed, or for the AWS side "no AWS summary yet".
class DetailSections final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailSections)

public:
    explicit DetailSections(QWidget *parent = nullptr);

    void clear();
    void setDetailsLoading();
    void setDetails(const Core::GetOpportunityResponse &details);
    void setDetailsFailed(const Core::ApiError &error);
    void setAwsLoading();
    void setAwsSummary(const Core::OpportunityDetailsStore::AwsSummary &summary);
    void setAwsFailed(const Core::ApiError &error);
    /// A call is waiting for the read quota (throttled, retrying after `delayMs`).
    void setWaiting(int delayMs);

    /// The plain text shown for a value, by key: "detailsStatus", "businessProblem", "useCase",
    /// "salesActivities", "competitors", "apnPrograms", "awsProducts", "solutions",
    /// "marketing", "softwareRevenue", "contacts", "team", "nextStepsHistory", "awsStatus",
    /// "engagementScore", "nextBestActions", "involvementType", "awsStage", "awsTeam".
    QString valueText(const QString &key) const;
    /// The rich text of a value (links), for tests.
    QString valueHtml(const QString &key) const;

    /// The status line of a failed call: "… needs the IAM permission partnercentral:X", or the
    /// error's summary.
    static QString failureText(const QString &operation, const Core::ApiError &error);

private:
    QLabel *addRow(QFormLayout *form, const QString &key, const QString &title);
    QLabel *addStatus(QGroupBox *group, const QString &key);
    void setValue(const QString &key, const QString &plain, const QString &html = QString());
    void setStatus(const QString &key, const QString &text, bool problem);
    void clearValues(const QStringList &keys);

    QGroupBox *m_project = nullptr;
    QGroupBox *m_people = nullptr;
    QGroupBox *m_history = nullptr;
    QGroupBox *m_aws = nullptr;
    QHash<QString, QLabel *> m_labels;
    QHash<QString, QString> m_plain;
    QStringList m_detailKeys;
    QStringList m_awsKeys;
};

} // namespace Pd::Gui
