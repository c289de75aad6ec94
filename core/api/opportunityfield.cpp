#include "opportunityfield.h"

#include "jsonwriter.h"
#include "utf8text.h"

#include <QStringEncoder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Core::OpportunityFields {

namespace {

/// The two list fields of `summary`, when present.
void addLists(const OpportunitySummary &summary, FieldTextsBuilder *builder)
{
    if (summary.hasDeliveryModels || !summary.deliveryModels.isEmpty()) {
        builder->beginDeliveryModels();
        for (const QString &model : summary.deliveryModels) {
            builder->addDeliveryModel(QStringView(model));
        }
        builder->endDeliveryModels();
    }
    if (summary.hasExpectedCustomerSpend || !summary.expectedCustomerSpend.isEmpty()) {
        builder->beginSpends();
        for (const ExpectedCustomerSpend &spend : summary.expectedCustomerSpend) {
            builder->addSpend(spend);
        }
        builder->endSpends();
    }
}

} // namespace

QList<OpportunityField> all()
{
    QList<OpportunityField> fields;
    fields.reserve(OpportunityFieldCount);
    for (int i = 0; i < OpportunityFieldCount; ++i) {
        fields.append(OpportunityField(i));
    }
    return fields;
}

QString name(OpportunityField field)
{
    switch (field) {
    case OpportunityField::Id:
        return u"Id"_s;
    case OpportunityField::Catalog:
        return u"Catalog"_s;
    case OpportunityField::Arn:
        return u"Arn"_s;
    case OpportunityField::PartnerOpportunityIdentifier:
        return u"PartnerOpportunityIdentifier"_s;
    case OpportunityField::OpportunityType:
        return u"OpportunityType"_s;
    case OpportunityField::CreatedDate:
        return u"CreatedDate"_s;
    case OpportunityField::LastModifiedDate:
        return u"LastModifiedDate"_s;
    case OpportunityField::Stage:
        return u"LifeCycle.Stage"_s;
    case OpportunityField::ReviewStatus:
        return u"LifeCycle.ReviewStatus"_s;
    case OpportunityField::ReviewStatusReason:
        return u"LifeCycle.ReviewStatusReason"_s;
    case OpportunityField::ReviewComments:
        return u"LifeCycle.ReviewComments"_s;
    case OpportunityField::NextSteps:
        return u"LifeCycle.NextSteps"_s;
    case OpportunityField::TargetCloseDate:
        return u"LifeCycle.TargetCloseDate"_s;
    case OpportunityField::ClosedLostReason:
        return u"LifeCycle.ClosedLostReason"_s;
    case OpportunityField::CompanyName:
        return u"Customer.Account.CompanyName"_s;
    case OpportunityField::Industry:
        return u"Customer.Account.Industry"_s;
    case OpportunityField::OtherIndustry:
        return u"Customer.Account.OtherIndustry"_s;
    case OpportunityField::WebsiteUrl:
        return u"Customer.Account.WebsiteUrl"_s;
    case OpportunityField::City:
        return u"Customer.Account.Address.City"_s;
    case OpportunityField::PostalCode:
        return u"Customer.Account.Address.PostalCode"_s;
    case OpportunityField::StateOrRegion:
        return u"Customer.Account.Address.StateOrRegion"_s;
    case OpportunityField::CountryCode:
        return u"Customer.Account.Address.CountryCode"_s;
    case OpportunityField::DeliveryModels:
        return u"Project.DeliveryModels"_s;
    case OpportunityField::ExpectedCustomerSpend:
        return u"Project.ExpectedCustomerSpend"_s;
    case OpportunityField::ExpectedContractDurationValue:
        return u"Project.ExpectedContractDuration.Value"_s;
    case OpportunityField::ExpectedContractDurationTerm:
        return u"Project.ExpectedContractDuration.Term"_s;
    }
    return {};
}

QString text(const OpportunitySummary &summary, OpportunityField field)
{
    if (const auto held = member(field)) {
        return summary.*held;
    }
    QByteArray scratch;
    FieldTextsBuilder builder(&scratch);
    addLists(summary, &builder);
    OpportunityFieldTexts utf8;
    builder.finish(&utf8);
    const QByteArrayView list = utf8[size_t(field)];
    if (list.isNull()) {
        return {};
    }
    return list.isEmpty() ? u""_s : utf8ToString(list);
}

void texts(const OpportunitySummary &summary, OpportunityFieldTexts *texts, QByteArray *scratch)
{
    FieldTextsBuilder builder(scratch);
    for (int i = 0; i < OpportunityFieldCount; ++i) {
        const auto field = OpportunityField(i);
        if (const auto held = member(field)) {
            builder.set(field, summary.*held);
        }
    }
    addLists(summary, &builder);
    builder.finish(texts);
}

QByteArray jsonValue(const OpportunitySummary &summary, OpportunityField field)
{
    if (field == OpportunityField::DeliveryModels) {
        if (!summary.hasDeliveryModels && summary.deliveryModels.isEmpty()) {
            return "null"_ba;
        }
        QByteArray out;
        JsonWriter json(&out);
        json.beginArray();
        for (const QString &model : summary.deliveryModels) {
            json.value(model);
        }
        json.endArray();
        return out;
    }
    const QString value = text(summary, field);
    if (value.isNull()) {
        return "null"_ba;
    }
    if (field == OpportunityField::ExpectedCustomerSpend) {
        return value.toUtf8();
    }
    QByteArray out;
    JsonWriter::appendString(&out, value);
    return out;
}

QString apiSortKey(OpportunityField field)
{
    switch (field) {
    case OpportunityField::Id:
        return u"Identifier"_s;
    case OpportunityField::LastModifiedDate:
        return u"LastModifiedDate"_s;
    case OpportunityField::CreatedDate:
        return u"CreatedDate"_s;
    case OpportunityField::CompanyName:
        return u"CustomerCompanyName"_s;
    case OpportunityField::TargetCloseDate:
        return u"TargetCloseDate"_s;
    default:
        return {};
    }
}

} // namespace Pd::Core::OpportunityFields

namespace Pd::Core {

FieldTextsBuilder::FieldTextsBuilder(QByteArray *scratch) : m_scratch(scratch)
{
    m_scratch->resize(0);
}

void FieldTextsBuilder::set(OpportunityField field, QByteArrayView utf8)
{
    m_cells[size_t(field)] = Cell{utf8.data(), utf8.size(), -1};
}

void FieldTextsBuilder::set(OpportunityField field, const QString &text)
{
    if (text.isNull()) {
        m_cells[size_t(field)] = Cell{};
        return;
    }
    const qsizetype from = m_scratch->size();
    appendUtf8(text);
    setComposed(field, from);
}

void FieldTextsBuilder::appendUtf8(QStringView text)
{
    const qsizetype from = m_scratch->size();
    m_scratch->resize(from + 3 * text.size());
    QStringEncoder utf8(QStringEncoder::Utf8);
    char *end = utf8.appendToBuffer(m_scratch->data() + from, text);
    m_scratch->resize(end - m_scratch->constData());
}

void FieldTextsBuilder::setComposed(OpportunityField field, qsizetype from)
{
    m_cells[size_t(field)] = Cell{nullptr, m_scratch->size() - from, from};
}

void FieldTextsBuilder::beginDeliveryModels()
{
    m_listFrom = m_scratch->size();
    m_listItems = 0;
}

void FieldTextsBuilder::addDeliveryModel(QByteArrayView model)
{
    if (m_listItems++ > 0) {
        m_scratch->append("; ", 2);
    }
    m_scratch->append(model);
}

void FieldTextsBuilder::addDeliveryModel(QStringView model)
{
    if (m_listItems++ > 0) {
        m_scratch->append("; ", 2);
    }
    appendUtf8(model);
}

void FieldTextsBuilder::endDeliveryModels()
{
    setComposed(OpportunityField::DeliveryModels, m_listFrom);
}

void FieldTextsBuilder::beginSpends()
{
    m_listFrom = m_scratch->size();
    m_listItems = 0;
    m_scratch->append('[');
}

template<typename AppendValue>
void FieldTextsBuilder::appendSpend(unsigned present, AppendValue appendValue)
{
    QByteArray &out = *m_scratch;
    out.append(m_listItems++ > 0 ? ",{" : "{");
    bool first = true;
    for (int m = 0; m < SpendMemberCount; ++m) {
        if (!(present & (1u << m))) {
            continue;
        }
        const std::string_view name = OpportunityFields::name(SpendMember(m));
        out.append(first ? "\"" : ",\"");
        first = false;
        out.append(name.data(), qsizetype(name.size()));
        out.append("\":", 2);
        appendValue(&out, SpendMember(m));
    }
    out.append('}');
}

void FieldTextsBuilder::addSpend(const SpendTexts &members, unsigned present)
{
    appendSpend(present, [&members](QByteArray *out, SpendMember member) {
        // What JsonWriter writes: printable ASCII without quote or backslash as it is.
        const QByteArrayView text = members[size_t(member)];
        const bool plain = std::all_of(text.cbegin(), text.cend(), [](char c) {
            return c >= 0x20 && c != '"' && c != '\\' && uchar(c) < 0x80;
        });
        if (plain) {
            out->append('"');
            out->append(text);
            out->append('"');
        } else {
            JsonWriter::appendString(out, utf8ToString(text));
        }
    });
}

void FieldTextsBuilder::addSpend(const ExpectedCustomerSpend &spend)
{
    unsigned present = 0;
    for (int m = 0; m < SpendMemberCount; ++m) {
        present |= (spend.*OpportunityFields::member(SpendMember(m))).isNull() ? 0 : 1u << m;
    }
    appendSpend(present, [&spend](QByteArray *out, SpendMember member) {
        JsonWriter::appendString(out, spend.*OpportunityFields::member(member));
    });
}

void FieldTextsBuilder::endSpends()
{
    m_scratch->append(']');
    setComposed(OpportunityField::ExpectedCustomerSpend, m_listFrom);
}

void FieldTextsBuilder::finish(OpportunityFieldTexts *texts) const
{
    for (size_t i = 0; i < m_cells.size(); ++i) {
        const Cell &cell = m_cells[i];
        (*texts)[i] = QByteArrayView(cell.scratchAt >= 0 ? m_scratch->constData() + cell.scratchAt
                                                         : cell.data,
                                     cell.size);
    }
}

} // namespace Pd::Core
