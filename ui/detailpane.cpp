#include "detailpane.h"

#include "changesview.h"
#include "detailsections.h"
#include "detailsloader.h"
#include "opportunitytext.h"
#include "stageprogressstrip.h"

#include <QApplication>
#include <QClipboard>
#include <QDate>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::ExpectedCustomerSpend;
using Pd::Core::OpportunitySummary;
using Pd::Core::OpportunityText;

namespace Pd::Gui {

namespace {

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("—") : text;
}

/// An http(s) link for text the service sent as a website; empty when it is not one.
QUrl webUrl(const QString &text)
{
    if (text.isEmpty()) {
        return {};
    }
    QUrl url = QUrl::fromUserInput(text);
    if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)
        || url.host().isEmpty()) {
        return {};
    }
    return url;
}

QString link(const QUrl &url, const QString &text)
{
    return u"<a href=\"%1\">%2</a>"_s.arg(url.toString(QUrl::FullyEncoded).toHtmlEscaped(),
                                          text.toHtmlEscaped());
}

QLineEdit *makeIdField(const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setFrame(false);
    edit->setStyleSheet(u"QLineEdit { background: transparent; }"_s);
    edit->setCursorPosition(0);
    return edit;
}

QToolButton *makeCopyButton(QLineEdit *source, const QString &accessibleName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(QCoreApplication::translate("Pd::Gui::DetailPane", "Copy"));
    button->setIcon(QIcon::fromTheme(u"edit-copy"_s));
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAccessibleName(accessibleName);
    button->setToolTip(accessibleName);
    QObject::connect(button, &QToolButton::clicked, source,
                     [source] { QApplication::clipboard()->setText(source->text()); });
    return button;
}

} // namespace

DetailPane::DetailPane(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"detailPane"_s);
    setAccessibleName(tr("Opportunity details"));

    m_placeholder = new QLabel(tr("Select an opportunity to see all its details here."), this);
    m_placeholder->setObjectName(u"detailPlaceholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    m_content = new QWidget;
    auto *layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(10, 8, 10, 8);

    m_title = new QLabel(m_content);
    m_title->setObjectName(u"detailTitle"_s);
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    m_title->setFont(titleFont);
    m_subtitle = new QLabel(m_content);
    m_subtitle->setObjectName(u"detailSubtitle"_s);
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextFormat(Qt::PlainText);
    // The heading follows the pane's width: a word longer than a line never widens the content.
    for (QLabel *heading : {m_title, m_subtitle}) {
        heading->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        heading->setMinimumWidth(60);
    }
    m_stageStrip = new StageProgressStrip(m_content);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_stageStrip);
    layout->addSpacing(4);

    const auto addGroup = [this, layout](const QString &title) {
        auto *group = new QGroupBox(title, m_content);
        auto *form = new QFormLayout(group);
        form->setRowWrapPolicy(QFormLayout::DontWrapRows);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
        form->setVerticalSpacing(4);
        layout->addWidget(group);
        return form;
    };

    QFormLayout *opportunity = addGroup(tr("Opportunity"));
    m_id = makeIdField(u"detailId"_s, m_content);
    m_id->setAccessibleName(tr("Opportunity id"));
    m_copyId = makeCopyButton(m_id, tr("Copy the opportunity id"), m_content);
    m_copyId->setObjectName(u"copyIdButton"_s);
    auto *idRow = new QHBoxLayout;
    idRow->addWidget(m_id, 1);
    idRow->addWidget(m_copyId);
    opportunity->addRow(tr("Id"), idRow);
    m_arn = makeIdField(u"detailArn"_s, m_content);
    m_arn->setAccessibleName(tr("Opportunity ARN"));
    m_copyArn = makeCopyButton(m_arn, tr("Copy the ARN"), m_content);
    m_copyArn->setObjectName(u"copyArnButton"_s);
    auto *arnRow = new QHBoxLayout;
    arnRow->addWidget(m_arn, 1);
    arnRow->addWidget(m_copyArn);
    opportunity->addRow(tr("ARN"), arnRow);
    addRow(opportunity, u"partnerId"_s, tr("Partner CRM ID"));
    addRow(opportunity, u"catalog"_s, tr("Catalog"));
    addRow(opportunity, u"type"_s, tr("Type"));
    addRow(opportunity, u"created"_s, tr("Created"));
    addRow(opportunity, u"lastModified"_s, tr("Last modified"));

    QFormLayout *lifecycle = addGroup(tr("Lifecycle"));
    addRow(lifecycle, u"stage"_s, tr("Stage"));
    addRow(lifecycle, u"reviewStatus"_s, tr("Review status"));
    addRow(lifecycle, u"reviewComments"_s, tr("Review comments"));
    addRow(lifecycle, u"reviewStatusReason"_s, tr("Review status reason"));
    addRow(lifecycle, u"nextSteps"_s, tr("Next steps"));
    addRow(lifecycle, u"targetClose"_s, tr("Target close"));
    addRow(lifecycle, u"closedLostReason"_s, tr("Closed lost reason"));

    QFormLayout *customer = addGroup(tr("Customer"));
    addRow(customer, u"company"_s, tr("Company"));
    addRow(customer, u"industry"_s, tr("Industry"));
    addRow(customer, u"website"_s, tr("Website"));
    addRow(customer, u"address"_s, tr("Address"));

    QFormLayout *project = addGroup(tr("Project"));
    addRow(project, u"deliveryModels"_s, tr("Delivery models"));
    addRow(project, u"spend"_s, tr("Expected spend"));
    addRow(project, u"duration"_s, tr("Contract duration"));
    m_sections = new DetailSections(m_content);
    layout->addWidget(m_sections);

    m_historyGroup = new QGroupBox(tr("History (local copy)"), m_content);
    m_historyGroup->setObjectName(u"detailHistory"_s);
    m_history = new QLabel(m_historyGroup);
    m_history->setObjectName(u"detailHistoryText"_s);
    m_history->setTextFormat(Qt::PlainText);
    m_history->setWordWrap(true);
    m_history->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *historyLayout = new QVBoxLayout(m_historyGroup);
    historyLayout->addWidget(m_history);
    m_historyGroup->hide();
    layout->addWidget(m_historyGroup);
    layout->addStretch();

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(u"detailScroll"_s);
    m_scroll->setAccessibleName(tr("Opportunity details"));
    m_scroll->setWidget(m_content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_placeholder);
    outer->addWidget(m_scroll);
    clear();
}

QLabel *DetailPane::addRow(QFormLayout *form, const QString &key, const QString &title)
{
    auto *label = new QLabel(m_content);
    label->setObjectName(u"detail_"_s + key);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard
                                   | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    label->setAccessibleName(title);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setMinimumWidth(60);
    form->addRow(title, label);
    m_values.insert(key, label);
    return label;
}

void DetailPane::setValue(const QString &key, const QString &text)
{
    QLabel *label = m_values.value(key);
    label->setTextFormat(Qt::PlainText);
    label->setText(orDash(text));
    label->setStyleSheet(QString());
    m_plain.insert(key, text);
}

void DetailPane::setRichValue(const QString &key, const QString &html, const QString &plain)
{
    QLabel *label = m_values.value(key);
    label->setTextFormat(Qt::RichText);
    label->setOpenExternalLinks(true);
    label->setText(html);
    label->setStyleSheet(QString());
    m_plain.insert(key, plain);
}

QString DetailPane::valueText(const QString &key) const
{
    if (key == u"id"_s) {
        return m_id->text();
    }
    if (key == u"arn"_s) {
        return m_arn->text();
    }
    return m_plain.value(key);
}

void DetailPane::setHistory(const QList<Core::JournalEntry> &entries)
{
    const QLocale locale;
    QStringList lines;
    // Newest first.
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        lines.append(
                tr("%1 · %2").arg(locale.toString(it->syncedAt.toLocalTime(), QLocale::ShortFormat),
                                  ChangesView::changeText(it->change)));
        for (const Core::FieldChange &field : it->fields) {
            lines.append(u"    "_s + ChangesView::fieldChangeText(field));
        }
    }
    m_history->setText(lines.join(u'\n'));
    m_historyGroup->setVisible(!lines.isEmpty());
}

QString DetailPane::historyText() const
{
    return m_historyGroup->isHidden() ? QString() : m_history->text();
}

void DetailPane::setDetailsLoader(Core::DetailsLoader *loader)
{
    if (m_loader) {
        m_loader->disconnect(this);
    }
    m_loader = loader;
    if (!m_loader) {
        return;
    }
    using Core::DetailsLoader;
    connect(m_loader, &DetailsLoader::detailsReady, this,
            [this](const QString &id, const Core::GetOpportunityResponse &details) {
                if (id != m_summary.id) {
                    return;
                }
                m_sections->setDetails(details);
                const QString title = details.project ? details.project->title : QString();
                if (!title.isEmpty()) {
                    m_title->setText(title);
                    if (!m_summary.companyName.isEmpty()
                        && !m_subtitle->text().startsWith(m_summary.companyName)) {
                        m_subtitle->setText(m_summary.companyName + u" · "_s + m_subtitle->text());
                    }
                }
            });
    connect(m_loader, &DetailsLoader::detailsFailed, this,
            [this](const QString &id, const Core::ApiError &error) {
                if (id == m_summary.id) {
                    m_sections->setDetailsFailed(error);
                }
            });
    connect(m_loader, &DetailsLoader::awsSummaryReady, this,
            [this](const QString &id, const Core::OpportunityDetailsStore::AwsSummary &summary) {
                if (id == m_summary.id) {
                    m_sections->setAwsSummary(summary);
                }
            });
    connect(m_loader, &DetailsLoader::awsSummaryFailed, this,
            [this](const QString &id, const Core::ApiError &error) {
                if (id == m_summary.id) {
                    m_sections->setAwsFailed(error);
                }
            });
    connect(m_loader, &DetailsLoader::waiting, this, [this](const QString &id, int delayMs) {
        if (id == m_summary.id) {
            m_sections->setWaiting(delayMs);
        }
    });
}

QString DetailPane::headingText() const
{
    return m_title->text();
}

void DetailPane::clear()
{
    if (m_loader) {
        m_loader->clear();
    }
    m_sections->clear();
    m_hasOpportunity = false;
    m_historyGroup->hide();
    m_summary = {};
    m_plain.clear();
    m_placeholder->show();
    m_scroll->hide();
}

void DetailPane::setOpportunity(const OpportunitySummary &s)
{
    const bool sameVersion = m_hasOpportunity && s.id == m_summary.id
                             && s.lastModifiedDate == m_summary.lastModifiedDate;
    const QString heading = m_title->text();
    const QString subtitleShown = m_subtitle->text();
    m_summary = s;
    m_hasOpportunity = true;
    m_placeholder->hide();
    m_scroll->show();

    m_title->setText(s.companyName.isEmpty() ? s.id : s.companyName);
    QStringList subtitle;
    if (!s.id.isEmpty() && !s.companyName.isEmpty()) {
        subtitle += s.id;
    }
    subtitle += OpportunityText::catalogLabel(s.catalog);
    if (!s.stage.isEmpty()) {
        subtitle += OpportunityText::stageLabel(s.stage);
    }
    m_subtitle->setText(subtitle.join(u" · "_s));
    m_stageStrip->setStage(s.stage);
    m_stageStrip->setVisible(!s.stage.isEmpty());

    m_id->setText(s.id);
    m_id->setCursorPosition(0);
    m_arn->setText(s.arn);
    m_arn->setCursorPosition(0);
    m_arn->setToolTip(s.arn);
    m_copyId->setEnabled(!s.id.isEmpty());
    m_copyArn->setEnabled(!s.arn.isEmpty());
    setValue(u"partnerId"_s, s.partnerOpportunityIdentifier);
    if (s.catalog == u"AWS"_s) {
        setValue(u"catalog"_s, tr("AWS (production)"));
    } else if (s.catalog == u"Sandbox"_s) {
        setValue(u"catalog"_s, tr("Sandbox (testing)"));
    } else {
        setValue(u"catalog"_s, s.catalog);
    }
    setValue(u"type"_s, OpportunityText::opportunityTypeLabel(s.opportunityType));
    setValue(u"created"_s, s.createdDateMs == OpportunitySummary::NoTime
                                   ? s.createdDate
                                   : OpportunityText::formatDateTime(s.createdDateMs, QLocale(),
                                                                     QLocale::LongFormat));
    setValue(u"lastModified"_s,
             s.lastModifiedDateMs == OpportunitySummary::NoTime
                     ? s.lastModifiedDate
                     : OpportunityText::formatDateTime(s.lastModifiedDateMs, QLocale(),
                                                       QLocale::LongFormat));

    setValue(u"stage"_s, OpportunityText::stageLabel(s.stage));
    setValue(u"reviewStatus"_s, OpportunityText::reviewStatusLabel(s.reviewStatus));
    setValue(u"reviewComments"_s, s.reviewComments);
    setValue(u"reviewStatusReason"_s, s.reviewStatusReason);
    setValue(u"nextSteps"_s, s.nextSteps);
    const QString closeDate = OpportunityText::formatDate(s.targetCloseDate);
    if (OpportunityText::isOverdue(s, QDate::currentDate())) {
        setValue(u"targetClose"_s, tr("%1 (overdue)").arg(closeDate));
        m_values.value(u"targetClose"_s)->setStyleSheet(u"color: #c62828; font-weight: bold;"_s);
    } else {
        setValue(u"targetClose"_s, closeDate);
    }
    setValue(u"closedLostReason"_s, OpportunityText::closedLostReasonLabel(s.closedLostReason));

    setValue(u"company"_s, s.companyName);
    QString industry = OpportunityText::industryLabel(s.industry);
    if (!s.otherIndustry.isEmpty()) {
        industry
                = industry.isEmpty()
                          ? s.otherIndustry
                          : tr("%1: %2", "industry, other industry").arg(industry, s.otherIndustry);
    }
    setValue(u"industry"_s, industry);
    if (const QUrl url = webUrl(s.websiteUrl); url.isValid()) {
        setRichValue(u"website"_s, link(url, s.websiteUrl), s.websiteUrl);
    } else {
        setValue(u"website"_s, s.websiteUrl);
    }
    QStringList address;
    if (!s.city.isEmpty() || !s.postalCode.isEmpty()) {
        address += QStringList{s.postalCode, s.city}.join(u' ').trimmed();
    }
    if (!s.stateOrRegion.isEmpty()) {
        address += s.stateOrRegion;
    }
    if (!s.countryCode.isEmpty()) {
        address += OpportunityText::countryName(s.countryCode);
    }
    setValue(u"address"_s, address.join(u'\n'));

    QStringList models;
    for (const QString &model : s.deliveryModels) {
        models += OpportunityText::deliveryModelLabel(model);
    }
    setValue(u"deliveryModels"_s, models.join(u", "_s));
    QStringList spendHtml;
    QStringList spendPlain;
    for (const ExpectedCustomerSpend &spend : s.expectedCustomerSpend) {
        const QString text = OpportunityText::formatSpend(spend);
        spendPlain += text;
        QString html = text.toHtmlEscaped();
        if (const QUrl url(spend.estimationUrl); url.isValid() && url.scheme() == u"https"_s) {
            html += u" · "_s + link(url, tr("estimate"));
        }
        spendHtml += html;
    }
    if (spendHtml.isEmpty()) {
        setValue(u"spend"_s, {});
    } else {
        setRichValue(u"spend"_s, spendHtml.join(u"<br>"_s), spendPlain.join(u'\n'));
    }
    setValue(u"duration"_s, s.hasExpectedContractDuration ? OpportunityText::formatDuration(
                                    s.expectedContractDurationValue, s.expectedContractDurationTerm)
                                                          : QString());

    if (sameVersion) {
        // The same version again (a refresh): what the sections and heading show still holds.
        m_title->setText(heading);
        m_subtitle->setText(subtitleShown);
    } else if (m_loader) {
        m_sections->setDetailsLoading();
        m_sections->setAwsLoading();
        m_loader->show(s.id, s.lastModifiedDate);
    } else {
        m_sections->clear();
    }
}

} // namespace Pd::Gui
