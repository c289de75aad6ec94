#include "detailsections.h"

#include "opportunitytext.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::ApiError;
using Pd::Core::GetOpportunityResponse;
using Pd::Core::OpportunityDetailsStore;
namespace Shapes = Pd::Core::Shapes;

namespace Pd::Gui {

namespace {

QString joined(const std::optional<QStringList> &list)
{
    return list ? list->join(u", "_s) : QString();
}

QString personName(const QString &first, const QString &last)
{
    return u"%1 %2"_s.arg(first, last).trimmed();
}

/// "Name, Title · e-mail · phone" as plain text and as rich text with a mailto link.
void describePerson(const QString &name, const QString &title, const QString &email,
                    const QString &phone, QStringList *plain, QStringList *html)
{
    QStringList plainParts;
    QStringList htmlParts;
    const QString head = title.isEmpty() ? name : u"%1, %2"_s.arg(name, title);
    if (!head.isEmpty()) {
        plainParts += head;
        htmlParts += u"<b>%1</b>"_s.arg(name.toHtmlEscaped())
                     + (title.isEmpty() ? QString() : u", "_s + title.toHtmlEscaped());
    }
    if (!email.isEmpty()) {
        plainParts += email;
        QUrl mailto;
        mailto.setScheme(u"mailto"_s);
        mailto.setPath(email);
        htmlParts += u"<a href=\"%1\">%2</a>"_s.arg(
                mailto.toString(QUrl::FullyEncoded).toHtmlEscaped(), email.toHtmlEscaped());
    }
    if (!phone.isEmpty()) {
        plainParts += phone;
        htmlParts += phone.toHtmlEscaped();
    }
    plain->append(plainParts.join(u" · "_s));
    html->append(htmlParts.join(u" · "_s));
}

QString localTime(const QString &isoTime)
{
    const QDateTime time = QDateTime::fromString(isoTime, Qt::ISODateWithMs);
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : isoTime;
}

} // namespace

DetailSections::DetailSections(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"detailSections"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto addGroup = [this, layout](const QString &name, const QString &title) {
        auto *group = new QGroupBox(title, this);
        group->setObjectName(name);
        auto *groupLayout = new QVBoxLayout(group);
        groupLayout->setContentsMargins(6, 4, 6, 4);
        layout->addWidget(group);
        return group;
    };
    const auto addForm = [](QGroupBox *group) {
        auto *form = new QFormLayout;
        // Labels above their values: long titles, and the pane is often narrow.
        form->setRowWrapPolicy(QFormLayout::WrapAllRows);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
        form->setVerticalSpacing(4);
        static_cast<QVBoxLayout *>(group->layout())->addLayout(form);
        return form;
    };

    m_project = addGroup(u"detailProjectDetails"_s, tr("Project details"));
    addStatus(m_project, u"detailsStatus"_s);
    QFormLayout *project = addForm(m_project);
    addRow(project, u"businessProblem"_s, tr("Customer business problem"));
    addRow(project, u"useCase"_s, tr("Use case"));
    addRow(project, u"salesActivities"_s, tr("Sales activities"));
    addRow(project, u"competitors"_s, tr("Competitors"));
    addRow(project, u"apnPrograms"_s, tr("APN programs"));
    addRow(project, u"awsProducts"_s, tr("AWS products"));
    addRow(project, u"solutions"_s, tr("Solutions"));
    addRow(project, u"marketing"_s, tr("Marketing"));
    addRow(project, u"softwareRevenue"_s, tr("Software revenue"));

    m_people = addGroup(u"detailPeople"_s, tr("People"));
    QFormLayout *people = addForm(m_people);
    addRow(people, u"contacts"_s, tr("Customer contacts"));
    addRow(people, u"team"_s, tr("Opportunity team"));

    m_history = addGroup(u"detailNextStepsHistory"_s, tr("Next steps history"));
    QFormLayout *history = addForm(m_history);
    addRow(history, u"nextStepsHistory"_s, tr("Timeline"));

    m_aws = addGroup(u"detailAwsSide"_s, tr("AWS side"));
    addStatus(m_aws, u"awsStatus"_s);
    QFormLayout *aws = addForm(m_aws);
    addRow(aws, u"engagementScore"_s, tr("Engagement score"));
    addRow(aws, u"nextBestActions"_s, tr("Next best actions"));
    addRow(aws, u"involvementType"_s, tr("Involvement type"));
    addRow(aws, u"awsStage"_s, tr("AWS stage"));
    addRow(aws, u"awsTeam"_s, tr("AWS team"));

    m_detailKeys = {u"businessProblem"_s, u"useCase"_s,     u"salesActivities"_s,
                    u"competitors"_s,     u"apnPrograms"_s, u"awsProducts"_s,
                    u"solutions"_s,       u"marketing"_s,   u"softwareRevenue"_s,
                    u"contacts"_s,        u"team"_s,        u"nextStepsHistory"_s};
    m_awsKeys = {u"engagementScore"_s, u"nextBestActions"_s, u"involvementType"_s, u"awsStage"_s,
                 u"awsTeam"_s};
    clear();
}

QLabel *DetailSections::addRow(QFormLayout *form, const QString &key, const QString &title)
{
    auto *label = new QLabel(this);
    label->setObjectName(u"detail_"_s + key);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard
                                   | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    label->setOpenExternalLinks(true);
    label->setAccessibleName(title);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setMinimumWidth(60);
    form->addRow(title, label);
    m_labels.insert(key, label);
    return label;
}

QLabel *DetailSections::addStatus(QGroupBox *group, const QString &key)
{
    auto *label = new QLabel(group);
    label->setObjectName(u"detail_"_s + key);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    static_cast<QVBoxLayout *>(group->layout())->addWidget(label);
    m_labels.insert(key, label);
    return label;
}

void DetailSections::setValue(const QString &key, const QString &plain, const QString &html)
{
    QLabel *label = m_labels.value(key);
    if (html.isEmpty()) {
        label->setTextFormat(Qt::PlainText);
        label->setText(plain.isEmpty() ? u"—"_s : plain);
    } else {
        label->setTextFormat(Qt::RichText);
        label->setText(html);
    }
    m_plain.insert(key, plain);
}

void DetailSections::setStatus(const QString &key, const QString &text, bool problem)
{
    QLabel *label = m_labels.value(key);
    label->setText(text);
    label->setVisible(!text.isEmpty());
    label->setStyleSheet(problem ? u"color: #c62828;"_s : QString());
    m_plain.insert(key, text);
}

void DetailSections::clearValues(const QStringList &keys)
{
    for (const QString &key : keys) {
        setValue(key, QString());
    }
}

QString DetailSections::valueText(const QString &key) const
{
    return m_plain.value(key);
}

QString DetailSections::valueHtml(const QString &key) const
{
    const QLabel *label = m_labels.value(key);
    return label ? label->text() : QString();
}

void DetailSections::clear()
{
    clearValues(m_detailKeys);
    clearValues(m_awsKeys);
    setStatus(u"detailsStatus"_s, QString(), false);
    setStatus(u"awsStatus"_s, QString(), false);
}

void DetailSections::setDetailsLoading()
{
    clearValues(m_detailKeys);
    setStatus(u"detailsStatus"_s, tr("Loading the details…"), false);
}

void DetailSections::setAwsLoading()
{
    clearValues(m_awsKeys);
    setStatus(u"awsStatus"_s, tr("Loading AWS's view…"), false);
}

void DetailSections::setWaiting(int delayMs)
{
    const QString text = tr("Waiting for the read quota (%n s)…", nullptr,
                            std::max(1, (delayMs + 999) / 1000));
    for (const QString &key : {u"detailsStatus"_s, u"awsStatus"_s}) {
        if (!m_plain.value(key).isEmpty()) {
            setStatus(key, text, false);
        }
    }
}

QString DetailSections::failureText(const QString &operation, const ApiError &error)
{
    if (error.kind == ApiError::Kind::AccessDenied) {
        return tr("Not allowed: %1 needs the IAM permission partnercentral:%1. Browsing and "
                  "the table are not affected.")
                .arg(operation);
    }
    return tr("Could not load (%1): %2").arg(operation, error.summary());
}

void DetailSections::setDetails(const GetOpportunityResponse &d)
{
    setStatus(u"detailsStatus"_s, QString(), false);
    const Shapes::Project project = d.project.value_or(Shapes::Project{});
    setValue(u"businessProblem"_s, project.customerBusinessProblem);
    setValue(u"useCase"_s, project.customerUseCase);
    setValue(u"salesActivities"_s, joined(project.salesActivities));
    QStringList competitors;
    if (!project.competitorName.isEmpty()) {
        competitors += project.competitorName;
    }
    if (!project.otherCompetitorNames.isEmpty()) {
        competitors += project.otherCompetitorNames;
    }
    setValue(u"competitors"_s, competitors.join(u", "_s));
    setValue(u"apnPrograms"_s, joined(project.apnPrograms));
    const Shapes::RelatedEntityIdentifiers related
            = d.relatedEntityIdentifiers.value_or(Shapes::RelatedEntityIdentifiers{});
    setValue(u"awsProducts"_s, joined(related.awsProducts));
    QStringList solutions;
    if (related.solutions) {
        solutions += *related.solutions;
    }
    if (!project.otherSolutionDescription.isEmpty()) {
        solutions += project.otherSolutionDescription;
    }
    setValue(u"solutions"_s, solutions.join(u", "_s));

    QStringList marketing;
    if (d.marketing) {
        const Shapes::Marketing &m = *d.marketing;
        if (!m.source.isEmpty()) {
            marketing += tr("Source: %1").arg(m.source);
        }
        if (!m.campaignName.isEmpty()) {
            marketing += tr("Campaign: %1").arg(m.campaignName);
        }
        if (m.channels && !m.channels->isEmpty()) {
            marketing += tr("Channels: %1").arg(joined(m.channels));
        }
        if (m.useCases && !m.useCases->isEmpty()) {
            marketing += tr("Use cases: %1").arg(joined(m.useCases));
        }
        if (!m.awsFundingUsed.isEmpty()) {
            marketing += tr("AWS funding used: %1").arg(m.awsFundingUsed);
        }
    }
    setValue(u"marketing"_s, marketing.join(u"\n"_s));

    QStringList revenue;
    if (d.softwareRevenue) {
        const Shapes::SoftwareRevenue &r = *d.softwareRevenue;
        if (!r.deliveryModel.isEmpty()) {
            revenue += r.deliveryModel;
        }
        if (r.value) {
            revenue += Core::OpportunityText::formatAmount(r.value->amount, r.value->currencyCode);
        }
        if (!r.effectiveDate.isEmpty() || !r.expirationDate.isEmpty()) {
            revenue += tr("%1 to %2")
                               .arg(Core::OpportunityText::formatDate(r.effectiveDate),
                                    Core::OpportunityText::formatDate(r.expirationDate));
        }
    }
    setValue(u"softwareRevenue"_s, revenue.join(u" · "_s));

    QStringList plain;
    QStringList html;
    if (d.customer && d.customer->contacts) {
        for (const Shapes::Contact &c : *d.customer->contacts) {
            describePerson(personName(c.firstName, c.lastName), c.businessTitle, c.email, c.phone,
                           &plain, &html);
        }
    }
    setValue(u"contacts"_s, plain.join(u'\n'), html.join(u"<br>"_s));
    plain.clear();
    html.clear();
    if (d.opportunityTeam) {
        for (const Shapes::Contact &c : *d.opportunityTeam) {
            describePerson(personName(c.firstName, c.lastName), c.businessTitle, c.email, c.phone,
                           &plain, &html);
        }
    }
    setValue(u"team"_s, plain.join(u'\n'), html.join(u"<br>"_s));

    plain.clear();
    html.clear();
    if (d.lifeCycle && d.lifeCycle->nextStepsHistory) {
        for (const Shapes::NextStepsHistory &step : *d.lifeCycle->nextStepsHistory) {
            const QString when = localTime(step.time);
            plain += u"%1 — %2"_s.arg(when, step.value);
            html += u"<tr><td style=\"padding-right:8px; white-space:nowrap;\">● %1</td>"
                    "<td>%2</td></tr>"_s.arg(when.toHtmlEscaped(),
                                             step.value.toHtmlEscaped().replace(u'\n', u"<br>"_s));
        }
    }
    setValue(u"nextStepsHistory"_s, plain.join(u'\n'),
             html.isEmpty() ? QString() : u"<table>"_s + html.join(QString()) + u"</table>"_s);
}

void DetailSections::setDetailsFailed(const ApiError &error)
{
    clearValues(m_detailKeys);
    setStatus(u"detailsStatus"_s, failureText(u"GetOpportunity"_s, error), true);
}

void DetailSections::setAwsSummary(const OpportunityDetailsStore::AwsSummary &summary)
{
    if (!summary.exists) {
        clearValues(m_awsKeys);
        setStatus(u"awsStatus"_s, tr("No AWS summary yet."), false);
        return;
    }
    setStatus(u"awsStatus"_s, QString(), false);
    const Core::GetAwsOpportunitySummaryResponse &a = summary.response;
    const Shapes::AwsOpportunityInsights insights
            = a.insights.value_or(Shapes::AwsOpportunityInsights{});
    setValue(u"engagementScore"_s, insights.engagementScore);
    setValue(u"nextBestActions"_s, insights.nextBestActions);
    setValue(u"involvementType"_s, a.involvementType);
    setValue(u"awsStage"_s, a.lifeCycle ? a.lifeCycle->stage : QString());
    QStringList plain;
    QStringList html;
    if (a.opportunityTeam) {
        for (const Shapes::AwsTeamMember &m : *a.opportunityTeam) {
            describePerson(personName(m.firstName, m.lastName), m.businessTitle, m.email, QString(),
                           &plain, &html);
        }
    }
    setValue(u"awsTeam"_s, plain.join(u'\n'), html.join(u"<br>"_s));
}

void DetailSections::setAwsFailed(const ApiError &error)
{
    clearValues(m_awsKeys);
    setStatus(u"awsStatus"_s, failureText(u"GetAwsOpportunitySummary"_s, error), true);
}

} // namespace Pd::Gui
