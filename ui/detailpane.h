#pragma once

#include "journalentry.h"
#include "opportunitysummary.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QScrollArea;
class QToolButton;

namespace Pd::Core {
class DetailsLoader;
}

namespace Pd::Gui {

class DetailSections;
class StageProgressStrip;

/// Everything ListOpportunities returns about one opportunity, grouped as Opportunity,
/// Lifecycle, Customer and Project: translated labels, local times, the stage as a progress
/// strip, an overdue target close date in red, the website and estimate as links, the
/// country by name and every expected-spend entry formatted for its currency. Id and ARN
/// have copy buttons. With a DetailsLoader, the opportunity's GetOpportunity and
/// GetAwsOpportunitySummary answers follow (DetailSections), and its title becomes the heading.
class DetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailPane)

public:
    explicit DetailPane(QWidget *parent = nullptr);

    void setOpportunity(const Core::OpportunitySummary &summary);
    /// Where the details of the opportunity shown come from (not owned).
    void setDetailsLoader(Core::DetailsLoader *loader);
    DetailSections *sections() const { return m_sections; }
    /// The heading: the opportunity's title once its details are there, else the company.
    QString headingText() const;
    /// The opportunity's history from the local copy's journal (oldest first); none hides it.
    void setHistory(const QList<Core::JournalEntry> &entries);
    /// The history as shown, newest first; empty when hidden.
    QString historyText() const;
    void clear();
    bool hasOpportunity() const { return m_hasOpportunity; }
    const Core::OpportunitySummary &opportunity() const { return m_summary; }

    /// The plain text shown for a value, by key: "id", "arn", "partnerId", "catalog", "type",
    /// "created", "lastModified", "stage", "reviewStatus", "reviewComments",
    /// "reviewStatusReason", "nextSteps", "targetClose", "closedLostReason", "company",
    /// "industry", "website", "address", "deliveryModels", "spend", "duration".
    QString valueText(const QString &key) const;

private:
    QLabel *addRow(QFormLayout *form, const QString &key, const QString &title);
    void setValue(const QString &key, const QString &text);
    void setRichValue(const QString &key, const QString &html, const QString &plain);

    Core::OpportunitySummary m_summary;
    bool m_hasOpportunity = false;
    QLabel *m_placeholder = nullptr;
    QScrollArea *m_scroll = nullptr;
    QWidget *m_content = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_arn = nullptr;
    QToolButton *m_copyId = nullptr;
    QToolButton *m_copyArn = nullptr;
    StageProgressStrip *m_stageStrip = nullptr;
    DetailSections *m_sections = nullptr;
    Core::DetailsLoader *m_loader = nullptr;
    QGroupBox *m_historyGroup = nullptr;
    QLabel *m_history = nullptr;
    QHash<QString, QLabel *> m_values;
    QHash<QString, QString> m_plain;
};

} // namespace Pd::Gui
