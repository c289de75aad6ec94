#include "opportunityproxymodel.h"

#include "itemdatarole.h"
#include "opportunitymodel.h"
#include "opportunitytext.h"

#include <QBrush>
#include <QColor>
#include <QDate>

using namespace Qt::StringLiterals;
using Pd::Core::OpportunityField;
using Pd::Core::OpportunityModel;
using Pd::Core::OpportunitySummary;
using Pd::Core::OpportunityText;

namespace Pd::Gui {

namespace {

bool isOverdue(const OpportunitySummary &s)
{
    if (s.targetCloseDate.isEmpty() || s.stage == u"Launched"_s || s.stage == u"Closed Lost"_s) {
        return false;
    }
    const QDate date = QDate::fromString(s.targetCloseDate, Qt::ISODate);
    return date.isValid() && date < QDate::currentDate();
}

} // namespace

OpportunityProxyModel::OpportunityProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(Core::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void OpportunityProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    m_source = qobject_cast<OpportunityModel *>(sourceModel);
    QSortFilterProxyModel::setSourceModel(sourceModel);
}

void OpportunityProxyModel::setQuickFilter(const QString &text)
{
    const QString trimmed = text.simplified();
    if (trimmed == m_filterText) {
        return;
    }
    m_filterText = trimmed;
    m_words = trimmed.split(u' ', Qt::SkipEmptyParts);
    invalidateFilter();
}

void OpportunityProxyModel::clearClientSort()
{
    sort(-1);
}

void OpportunityProxyModel::sort(int column, Qt::SortOrder order)
{
    const bool was = isClientSorted();
    QSortFilterProxyModel::sort(column, order);
    if (was != isClientSorted()) {
        Q_EMIT clientSortChanged(isClientSorted());
    }
}

QVariant OpportunityProxyModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::ForegroundRole && m_source
        && OpportunityModel::fieldAt(index.column()) == OpportunityField::TargetCloseDate) {
        const QModelIndex source = mapToSource(index);
        if (source.isValid() && isOverdue(m_source->summary(source.row()))) {
            return QBrush(QColor(0xc6, 0x28, 0x28));
        }
    }
    return QSortFilterProxyModel::data(index, role);
}

bool OpportunityProxyModel::lessThan(const QModelIndex &sourceLeft,
                                     const QModelIndex &sourceRight) const
{
    if (!m_source) {
        return QSortFilterProxyModel::lessThan(sourceLeft, sourceRight);
    }
    const OpportunitySummary &a = m_source->summary(sourceLeft.row());
    const OpportunitySummary &b = m_source->summary(sourceRight.row());
    const OpportunityField field = OpportunityModel::fieldAt(sourceLeft.column());
    const auto text = [](const QString &x, const QString &y) {
        return QString::compare(x, y, Qt::CaseInsensitive) < 0;
    };
    switch (field) {
    case OpportunityField::CreatedDate:
        return a.createdDateMs < b.createdDateMs;
    case OpportunityField::LastModifiedDate:
        return a.lastModifiedDateMs < b.lastModifiedDateMs;
    case OpportunityField::Stage:
        return OpportunityText::stageIndex(a.stage) < OpportunityText::stageIndex(b.stage);
    case OpportunityField::ReviewStatus:
        return OpportunityText::reviewStatusIndex(a.reviewStatus)
               < OpportunityText::reviewStatusIndex(b.reviewStatus);
    case OpportunityField::Id:
        return QStringView(a.id).mid(1).toULongLong() < QStringView(b.id).mid(1).toULongLong();
    case OpportunityField::TargetCloseDate:
        return a.targetCloseDate < b.targetCloseDate;
    case OpportunityField::ExpectedCustomerSpend:
    case OpportunityField::ExpectedContractDurationValue:
        return QSortFilterProxyModel::lessThan(sourceLeft, sourceRight);
    case OpportunityField::Arn:
        return text(a.arn, b.arn);
    case OpportunityField::PartnerOpportunityIdentifier:
        return text(a.partnerOpportunityIdentifier, b.partnerOpportunityIdentifier);
    case OpportunityField::CompanyName:
        return text(a.companyName, b.companyName);
    case OpportunityField::WebsiteUrl:
        return text(a.websiteUrl, b.websiteUrl);
    case OpportunityField::City:
        return text(a.city, b.city);
    case OpportunityField::PostalCode:
        return text(a.postalCode, b.postalCode);
    case OpportunityField::StateOrRegion:
        return text(a.stateOrRegion, b.stateOrRegion);
    case OpportunityField::NextSteps:
        return text(a.nextSteps, b.nextSteps);
    case OpportunityField::ReviewComments:
        return text(a.reviewComments, b.reviewComments);
    case OpportunityField::ReviewStatusReason:
        return text(a.reviewStatusReason, b.reviewStatusReason);
    case OpportunityField::OtherIndustry:
        return text(a.otherIndustry, b.otherIndustry);
    default:
        // Translated labels (type, industry, country…) sort as the user reads them.
        return text(OpportunityText::displayText(a, field), OpportunityText::displayText(b, field));
    }
}

bool OpportunityProxyModel::canFetchMore(const QModelIndex &parent) const
{
    return m_words.isEmpty() && QSortFilterProxyModel::canFetchMore(parent);
}

bool OpportunityProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty() || !m_source || sourceParent.isValid()) {
        return true;
    }
    const OpportunitySummary &s = m_source->summary(sourceRow);
    const QString *fields[] = {&s.id,           &s.partnerOpportunityIdentifier,
                               &s.companyName,  &s.stage,
                               &s.reviewStatus, &s.opportunityType,
                               &s.industry,     &s.otherIndustry,
                               &s.city,         &s.countryCode,
                               &s.nextSteps,    &s.websiteUrl};
    for (const QString &word : m_words) {
        bool found = false;
        for (const QString *field : fields) {
            if (field->contains(word, Qt::CaseInsensitive)) {
                found = true;
                break;
            }
        }
        // Translated labels can differ from the API values ("In Review" vs "In review").
        if (!found) {
            found = OpportunityText::stageLabel(s.stage).contains(word, Qt::CaseInsensitive)
                    || OpportunityText::reviewStatusLabel(s.reviewStatus)
                               .contains(word, Qt::CaseInsensitive)
                    || OpportunityText::countryName(s.countryCode)
                               .contains(word, Qt::CaseInsensitive);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

} // namespace Pd::Gui
