#include "opportunitysummary.h"

#include "jsonwriter.h"
#include "listopportunitiesrequest.h"
#include "opportunityfield.h"
#include "summarywalker.h"
#include "utf8text.h"

#include <QCoreApplication>

#include <array>
#include <memory>
#include <simdjson.h>
#include <string_view>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ListOpportunitiesResponse)
};

using simdjson::dom::element;

/// Bodies above this size get a parser of their own, so that one huge page does not leave a
/// huge buffer behind in the per-thread parser.
constexpr qsizetype ReusedParserMaxBytes = 8 * 1024 * 1024;

QString fromUtf8(std::string_view text)
{
    if (text.empty()) {
        return u""_s; // present but empty: non-null
    }
    return utf8ToString(QByteArrayView(text.data(), qsizetype(text.size())));
}

/// A nested object that arrives as null is absent, also when an earlier duplicate of its key filled
/// it in: these empty it, so that the summary says exactly what it serialises to.
void clearLifeCycle(OpportunitySummary *s)
{
    for (QString *member : {&s->stage, &s->closedLostReason, &s->nextSteps, &s->targetCloseDate,
                            &s->reviewStatus, &s->reviewComments, &s->reviewStatusReason}) {
        *member = QString();
    }
}

void clearAddress(OpportunitySummary *s)
{
    s->hasAddress = false;
    for (QString *member : {&s->city, &s->postalCode, &s->stateOrRegion, &s->countryCode}) {
        *member = QString();
    }
}

void clearAccount(OpportunitySummary *s)
{
    s->hasAccount = false;
    for (QString *member : {&s->industry, &s->otherIndustry, &s->companyName, &s->websiteUrl}) {
        *member = QString();
    }
    clearAddress(s);
}

void clearContractDuration(OpportunitySummary *s)
{
    s->hasExpectedContractDuration = false;
    s->expectedContractDurationTerm = QString();
    s->expectedContractDurationValue = QString();
}

void clearProject(OpportunitySummary *s)
{
    s->hasDeliveryModels = false;
    s->deliveryModels.clear();
    s->hasExpectedCustomerSpend = false;
    s->expectedCustomerSpend.clear();
    clearContractDuration(s);
}

/// Enum-like values ("AWS", "Qualified", "US", "Monthly") repeat on every row; one shared QString
/// per distinct value saves an allocation and ~50 bytes per cell at 100,000 rows. Per thread and
/// bounded (hostile pages cannot grow it), an open-addressing table keyed by the UTF-8 bytes, so a
/// hit costs a hash of at most 16 bytes and one comparison.
class Interner
{
public:
    QString intern(std::string_view text)
    {
        if (text.size() > MaxKeyBytes) {
            return fromUtf8(text);
        }
        if (m_slots.empty()) {
            m_slots.resize(SlotCount);
        }
        const size_t hash = hashOf(text);
        for (size_t i = hash & (SlotCount - 1);; i = (i + 1) & (SlotCount - 1)) {
            Slot &slot = m_slots[i];
            if (slot.value.isNull()) {
                QString value = fromUtf8(text);
                if (m_used < MaxEntries) {
                    slot.hash = hash;
                    slot.key.assign(text);
                    slot.value = value;
                    ++m_used;
                }
                return value;
            }
            if (slot.hash == hash && std::string_view(slot.key) == text) {
                return slot.value;
            }
        }
    }

private:
    static constexpr size_t SlotCount = 2048;
    static constexpr size_t MaxEntries = SlotCount / 2; // keeps probe chains short
    static constexpr size_t MaxKeyBytes = 64;

    struct Slot
    {
        size_t hash = 0;
        std::string key;
        QString value; ///< null: free slot (an interned "" is empty but not null)
    };

    static size_t hashOf(std::string_view text)
    {
        // The first and last 8 bytes and the length tell enum values apart; equal hashes are
        // settled by comparing the bytes.
        quint64 head = 0;
        quint64 tail = 0;
        const size_t n = text.size();
        const char *p = text.data();
        if (n >= 8) {
            std::memcpy(&head, p, 8);
            std::memcpy(&tail, p + n - 8, 8);
        } else {
            for (size_t i = 0; i < n; ++i) {
                head = (head << 8) | quint8(p[i]);
            }
        }
        quint64 h = (head * 0x9E3779B97F4A7C15ULL) ^ (tail * 0xC2B2AE3D27D4EB4FULL) ^ n;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ULL;
        return size_t(h ^ (h >> 32));
    }

    std::vector<Slot> m_slots;
    size_t m_used = 0;
};

/// How each field given as one string is stored: enum-like values are interned (see Interner),
/// DateTimes parsed as well.
enum class Storage : uchar { Text, EnumValue, DateTime };
struct StringField
{
    QString OpportunitySummary::*member = nullptr;
    Storage storage = Storage::Text;
    qint64 OpportunitySummary::*ms = nullptr;
};
constexpr std::array<StringField, OpportunityFieldCount> StringFields = [] {
    using F = OpportunityField;
    std::array<StringField, OpportunityFieldCount> members{};
    for (int i = 0; i < OpportunityFieldCount; ++i) {
        members[size_t(i)].member = OpportunityFields::member(F(i));
    }
    for (const F field :
         {F::Catalog, F::OpportunityType, F::Stage, F::ClosedLostReason, F::ReviewStatus,
          F::Industry, F::CountryCode, F::ExpectedContractDurationTerm}) {
        members[size_t(field)].storage = Storage::EnumValue;
    }
    members[size_t(F::LastModifiedDate)].storage = Storage::DateTime;
    members[size_t(F::LastModifiedDate)].ms = &OpportunitySummary::lastModifiedDateMs;
    members[size_t(F::CreatedDate)].storage = Storage::DateTime;
    members[size_t(F::CreatedDate)].ms = &OpportunitySummary::createdDateMs;
    return members;
}();

/// Fills a ListOpportunitiesResponse as SummaryWalker walks a body: null is absent, a repeated
/// member overrides the earlier one, and a member of the wrong type is an error that names it, e.g.
/// "OpportunitySummaries[3].LifeCycle.Stage must be a string.".
class ResponseReader
{
public:
    static constexpr bool InlineFields = true; // string() then folds its StringFields lookup
    ResponseReader(ListOpportunitiesResponse *response, Interner *interner)
        : m_response(response), m_interner(interner)
    { }

    QString error() const { return m_error; }

    bool summaries(size_t count)
    {
        QList<OpportunitySummary> &summaries = m_response->opportunitySummaries;
        summaries.reserve(summaries.size() + qsizetype(count));
        return true;
    }
    bool beginSummary()
    {
        m_summary = &m_response->opportunitySummaries.emplaceBack();
        return true;
    }
    bool endSummary() { return true; }

    bool nextToken(std::string_view token)
    {
        m_response->nextToken = fromUtf8(token);
        return true;
    }
    bool nextTokenNull()
    {
        m_response->nextToken = QString();
        return true;
    }

    bool string(OpportunityField field, std::string_view text)
    {
        const StringField &how = StringFields[size_t(field)];
        QString &member = m_summary->*how.member;
        switch (how.storage) {
        case Storage::Text:
            member = fromUtf8(text);
            break;
        case Storage::EnumValue:
            member = m_interner->intern(text);
            break;
        case Storage::DateTime: {
            member = fromUtf8(text);
            qint64 *ms = &(m_summary->*how.ms);
            *ms = OpportunitySummary::NoTime;
            Model::parseDateTimeMs(QByteArrayView(text.data(), qsizetype(text.size())), ms);
            break;
        }
        }
        return true;
    }
    bool null(OpportunityField field)
    {
        const StringField &how = StringFields[size_t(field)];
        m_summary->*how.member = QString();
        if (how.storage == Storage::DateTime) {
            m_summary->*how.ms = OpportunitySummary::NoTime;
        }
        return true;
    }

    bool object(SummaryContainer container)
    {
        OpportunitySummary *s = m_summary;
        switch (container) {
        case SummaryContainer::LifeCycle:
            s->hasLifeCycle = true;
            break;
        case SummaryContainer::Customer:
            s->hasCustomer = true;
            break;
        case SummaryContainer::Account:
            s->hasAccount = true;
            break;
        case SummaryContainer::Address:
            s->hasAddress = true;
            break;
        case SummaryContainer::Project:
            s->hasProject = true;
            break;
        case SummaryContainer::ExpectedContractDuration:
            s->hasExpectedContractDuration = true;
            break;
        case SummaryContainer::DeliveryModels:
        case SummaryContainer::ExpectedCustomerSpend:
            break; // lists: see list()
        }
        return true;
    }
    bool list(SummaryContainer container, size_t count)
    {
        OpportunitySummary *s = m_summary;
        if (container == SummaryContainer::DeliveryModels) {
            s->hasDeliveryModels = true;
            s->deliveryModels.clear();
            s->deliveryModels.reserve(qsizetype(count));
        } else {
            s->hasExpectedCustomerSpend = true;
            s->expectedCustomerSpend.clear();
            s->expectedCustomerSpend.reserve(qsizetype(count));
        }
        return true;
    }
    bool absent(SummaryContainer container)
    {
        OpportunitySummary *s = m_summary;
        switch (container) {
        case SummaryContainer::LifeCycle:
            s->hasLifeCycle = false;
            clearLifeCycle(s);
            break;
        case SummaryContainer::Customer:
            s->hasCustomer = false;
            clearAccount(s);
            break;
        case SummaryContainer::Account:
            clearAccount(s);
            break;
        case SummaryContainer::Address:
            clearAddress(s);
            break;
        case SummaryContainer::Project:
            s->hasProject = false;
            clearProject(s);
            break;
        case SummaryContainer::DeliveryModels:
            s->hasDeliveryModels = false;
            s->deliveryModels.clear();
            break;
        case SummaryContainer::ExpectedCustomerSpend:
            s->hasExpectedCustomerSpend = false;
            s->expectedCustomerSpend.clear();
            break;
        case SummaryContainer::ExpectedContractDuration:
            clearContractDuration(s);
            break;
        }
        return true;
    }

    bool deliveryModel(std::string_view model)
    {
        m_summary->deliveryModels.append(m_interner->intern(model));
        return true;
    }
    bool spend()
    {
        m_spend = &m_summary->expectedCustomerSpend.emplaceBack();
        return true;
    }
    bool spendString(SpendMember member, std::string_view text)
    {
        m_spend->*OpportunityFields::member(member)
                = member == SpendMember::Amount || member == SpendMember::EstimationUrl
                          ? fromUtf8(text)
                          : m_interner->intern(text);
        return true;
    }
    bool spendNull(SpendMember member)
    {
        m_spend->*OpportunityFields::member(member) = QString();
        return true;
    }

    bool fail(const SummaryWalkProblem &problem)
    {
        switch (problem.kind) {
        case SummaryWalkProblem::NotAnObject:
            m_error = Text::tr("The response is not a JSON object.");
            break;
        case SummaryWalkProblem::NoSummaries:
            m_error = Text::tr("The response has no OpportunitySummaries list.");
            break;
        case SummaryWalkProblem::WrongType:
            m_error = Text::tr("%1 must be %2.")
                              .arg(problem.pathText(), expected(problem.expected));
            break;
        }
        return false;
    }

private:
    static QString expected(SummaryWalkProblem::Expected expected)
    {
        switch (expected) {
        case SummaryWalkProblem::Object:
            return Text::tr("an object");
        case SummaryWalkProblem::String:
            return Text::tr("a string");
        case SummaryWalkProblem::DateTimeString:
            return Text::tr("a date-time string");
        case SummaryWalkProblem::List:
            return Text::tr("a list");
        case SummaryWalkProblem::ListOfStrings:
            return Text::tr("a list of strings");
        case SummaryWalkProblem::ListOfObjects:
            return Text::tr("a list of objects");
        }
        return {};
    }

    ListOpportunitiesResponse *m_response = nullptr;
    Interner *m_interner = nullptr;
    OpportunitySummary *m_summary = nullptr;
    ExpectedCustomerSpend *m_spend = nullptr;
    QString m_error;
};

bool anyPresent(std::initializer_list<const QString *> values)
{
    for (const QString *value : values) {
        if (!value->isNull()) {
            return true;
        }
    }
    return false;
}

} // namespace

bool ListOpportunitiesResponse::parse(const QByteArray &body, ListOpportunitiesResponse *response,
                                      QString *error)
{
    Q_ASSERT(response);
    *response = {};
    thread_local simdjson::dom::parser reusedParser;
    thread_local Interner interner;

    std::unique_ptr<simdjson::dom::parser> ownParser;
    simdjson::dom::parser *parser = &reusedParser;
    if (body.size() > ReusedParserMaxBytes) {
        ownParser = std::make_unique<simdjson::dom::parser>();
        parser = ownParser.get();
    }

    element root;
    if (const auto code = parser->parse(body.constData(), size_t(body.size())).get(root)) {
        if (error) {
            *error = Text::tr("The response is not valid JSON: %1.")
                             .arg(QString::fromLatin1(simdjson::error_message(code)));
        }
        return false;
    }
    ResponseReader reader(response, &interner);
    if (!SummaryWalker<ResponseReader>(&reader).walk(root)) {
        *response = {};
        if (error) {
            *error = reader.error();
        }
        return false;
    }
    return true;
}

QByteArray OpportunitySummary::toJson() const
{
    QByteArray out;
    out.reserve(2048); // a summary with every member is about 1.2 KB
    appendJson(&out);
    return out;
}

void OpportunitySummary::appendJson(QByteArray *out, int indentWidth, int level) const
{
    // A nested object is written when its flag is set or anything inside it is present, so a
    // summary built in code serialises everything it holds.
    const bool address
            = hasAddress || anyPresent({&city, &postalCode, &stateOrRegion, &countryCode});
    const bool account = hasAccount || address
                         || anyPresent({&industry, &otherIndustry, &companyName, &websiteUrl});
    const bool customer = hasCustomer || account;
    const bool lifeCycle = hasLifeCycle
                           || anyPresent({&stage, &closedLostReason, &nextSteps, &targetCloseDate,
                                          &reviewStatus, &reviewComments, &reviewStatusReason});
    const bool deliveries = hasDeliveryModels || !deliveryModels.isEmpty();
    const bool spends = hasExpectedCustomerSpend || !expectedCustomerSpend.isEmpty();
    const bool duration
            = hasExpectedContractDuration
              || anyPresent({&expectedContractDurationTerm, &expectedContractDurationValue});
    const bool project = hasProject || deliveries || spends || duration;

    JsonWriter json(out, indentWidth, level);
    json.beginObject();
    json.stringMember("Catalog", catalog);
    json.stringMember("Id", id);
    json.stringMember("Arn", arn);
    json.stringMember("PartnerOpportunityIdentifier", partnerOpportunityIdentifier);
    json.stringMember("OpportunityType", opportunityType);
    json.stringMember("LastModifiedDate", lastModifiedDate);
    json.stringMember("CreatedDate", createdDate);
    if (lifeCycle) {
        json.key("LifeCycle");
        json.beginObject();
        json.stringMember("Stage", stage);
        json.stringMember("ClosedLostReason", closedLostReason);
        json.stringMember("NextSteps", nextSteps);
        json.stringMember("TargetCloseDate", targetCloseDate);
        json.stringMember("ReviewStatus", reviewStatus);
        json.stringMember("ReviewComments", reviewComments);
        json.stringMember("ReviewStatusReason", reviewStatusReason);
        json.endObject();
    }
    if (customer) {
        json.key("Customer");
        json.beginObject();
        if (account) {
            json.key("Account");
            json.beginObject();
            json.stringMember("Industry", industry);
            json.stringMember("OtherIndustry", otherIndustry);
            json.stringMember("CompanyName", companyName);
            json.stringMember("WebsiteUrl", websiteUrl);
            if (address) {
                json.key("Address");
                json.beginObject();
                json.stringMember("City", city);
                json.stringMember("PostalCode", postalCode);
                json.stringMember("StateOrRegion", stateOrRegion);
                json.stringMember("CountryCode", countryCode);
                json.endObject();
            }
            json.endObject();
        }
        json.endObject();
    }
    if (project) {
        json.key("Project");
        json.beginObject();
        if (deliveries) {
            json.key("DeliveryModels");
            json.beginArray();
            for (const QString &model : deliveryModels) {
                json.value(model);
            }
            json.endArray();
        }
        if (spends) {
            json.key("ExpectedCustomerSpend");
            json.beginArray();
            for (const ExpectedCustomerSpend &spend : expectedCustomerSpend) {
                json.beginObject();
                json.stringMember("Amount", spend.amount);
                json.stringMember("CurrencyCode", spend.currencyCode);
                json.stringMember("Frequency", spend.frequency);
                json.stringMember("TargetCompany", spend.targetCompany);
                json.stringMember("EstimationUrl", spend.estimationUrl);
                json.endObject();
            }
            json.endArray();
        }
        if (duration) {
            json.key("ExpectedContractDuration");
            json.beginObject();
            json.stringMember("Term", expectedContractDurationTerm);
            json.stringMember("Value", expectedContractDurationValue);
            json.endObject();
        }
        json.endObject();
    }
    json.endObject();
}

} // namespace Pd::Core
