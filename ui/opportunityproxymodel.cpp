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
    setSortLocaleAware(true);
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
