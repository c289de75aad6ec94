#include "opportunitysummary.h"

#include "jsonwriter.h"
#include "listopportunitiesrequest.h"
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
using simdjson::dom::element_type;

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

/// Enum-like values ("AWS", "Qualified", "US", "Monthly") repeat on every row; one shared
/// QString per distinct value saves an allocation and ~50 bytes per cell at 100,000 rows.
/// Per thread and bounded (hostile pages cannot grow it), an open-addressing table keyed by
/// the UTF-8 bytes, so a hit costs a hash of at most 16 bytes and one comparison.
/// A nested object that arrives as null is absent, also when an earlier duplicate of its key
/// filled it in: these empty it, so that the summary says exactly what it serialises to.
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

/// Fills a ListOpportunitiesResponse from a simdjson DOM, tracking the member path so that a
/// wrongly typed member is reported as e.g. "OpportunitySummaries[3].LifeCycle.Stage".
class ResponseReader
{
public:
    explicit ResponseReader(Interner *interner) : m_interner(interner) { }

    bool read(const element &root, ListOpportunitiesResponse *response)
    {
        simdjson::dom::object object;
        if (root.get_object().get(object)) {
            m_error = Text::tr("The response is not a JSON object.");
            return false;
        }
        bool haveSummaries = false;
        for (const auto field : object) {
            if (field.key == "OpportunitySummaries") {
                if (field.value.is_null()) {
                    continue;
                }
                haveSummaries = true;
                if (!readSummaries(field.value, &response->opportunitySummaries)) {
                    return false;
                }
            } else if (field.key == "NextToken") {
                if (!readString(field.value, "NextToken", &response->nextToken)) {
                    return false;
                }
            }
        }
        if (!haveSummaries) {
            m_error = Text::tr("The response has no OpportunitySummaries list.");
            return false;
        }
        return true;
    }

    QString error() const { return m_error; }

private:
    struct Segment
    {
        std::string_view name;
        qsizetype index = -1;
    };

    void push(std::string_view name, qsizetype index = -1)
    {
        m_path[m_depth++] = Segment{name, index};
    }
    void pop() { --m_depth; }

    bool fail(std::string_view member, const QString &expected, qsizetype index = -1)
    {
        QString path;
        const auto append = [&path](const Segment &segment) {
            if (!path.isEmpty()) {
                path.append(u'.');
            }
            path.append(QLatin1StringView(segment.name.data(), qsizetype(segment.name.size())));
            if (segment.index >= 0) {
                path.append(u'[' + QString::number(segment.index) + u']');
            }
        };
        for (int i = 0; i < m_depth; ++i) {
            append(m_path[size_t(i)]);
        }
        append(Segment{member, index});
        m_error = Text::tr("%1 must be %2.").arg(path, expected);
        return false;
    }

    bool readString(const element &value, std::string_view member, QString *out)
    {
        std::string_view text;
        if (!value.get_string().get(text)) {
            *out = fromUtf8(text);
            return true;
        }
        if (value.is_null()) {
            *out = QString();
            return true;
        }
        return fail(member, Text::tr("a string"));
    }

    bool readEnum(const element &value, std::string_view member, QString *out)
    {
        std::string_view text;
        if (!value.get_string().get(text)) {
            *out = m_interner->intern(text);
            return true;
        }
        if (value.is_null()) {
            *out = QString();
            return true;
        }
        return fail(member, Text::tr("a string"));
    }

    bool readDateTime(const element &value, std::string_view member, QString *text, qint64 *ms)
    {
        std::string_view wire;
        if (!value.get_string().get(wire)) {
            *text = fromUtf8(wire);
            *ms = OpportunitySummary::NoTime;
            Model::parseDateTimeMs(QByteArrayView(wire.data(), qsizetype(wire.size())), ms);
            return true;
        }
        if (value.is_null()) {
            *text = QString();
            *ms = OpportunitySummary::NoTime;
            return true;
        }
        return fail(member, Text::tr("a date-time string"));
    }

    /// Returns false on a type error; `*present` is false for null.
    bool readObject(const element &value, std::string_view member, simdjson::dom::object *object,
                    bool *present)
    {
        *present = false;
        if (value.is_null()) {
            return true;
        }
        if (value.get_object().get(*object)) {
            return fail(member, Text::tr("an object"));
        }
        *present = true;
        return true;
    }

    bool readSummaries(const element &value, QList<OpportunitySummary> *summaries)
    {
        simdjson::dom::array array;
        if (value.get_array().get(array)) {
            return fail("OpportunitySummaries", Text::tr("a list"));
        }
        summaries->reserve(qsizetype(array.size()));
        qsizetype index = 0;
        for (const element item : array) {
            simdjson::dom::object object;
            if (item.get_object().get(object)) {
                return fail("OpportunitySummaries", Text::tr("an object"), index);
            }
            push("OpportunitySummaries", index);
            if (!readSummary(object, &summaries->emplaceBack())) {
                return false;
            }
            pop();
            ++index;
        }
        return true;
    }

    bool readSummary(const simdjson::dom::object &object, OpportunitySummary *s)
    {
        for (const auto field : object) {
            const std::string_view key = field.key;
            const element &value = field.value;
            bool ok = true;
            if (key == "Catalog") {
                ok = readEnum(value, key, &s->catalog);
            } else if (key == "Id") {
                ok = readString(value, key, &s->id);
            } else if (key == "Arn") {
                ok = readString(value, key, &s->arn);
            } else if (key == "PartnerOpportunityIdentifier") {
                ok = readString(value, key, &s->partnerOpportunityIdentifier);
            } else if (key == "OpportunityType") {
                ok = readEnum(value, key, &s->opportunityType);
            } else if (key == "LastModifiedDate") {
                ok = readDateTime(value, key, &s->lastModifiedDate, &s->lastModifiedDateMs);
            } else if (key == "CreatedDate") {
                ok = readDateTime(value, key, &s->createdDate, &s->createdDateMs);
            } else if (key == "LifeCycle") {
                ok = readLifeCycle(value, s);
            } else if (key == "Customer") {
                ok = readCustomer(value, s);
            } else if (key == "Project") {
                ok = readProject(value, s);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    bool readLifeCycle(const element &value, OpportunitySummary *s)
    {
        simdjson::dom::object object;
        if (!readObject(value, "LifeCycle", &object, &s->hasLifeCycle)) {
            return false;
        }
        if (!s->hasLifeCycle) {
            clearLifeCycle(s);
            return true;
        }
        push("LifeCycle");
        for (const auto field : object) {
            const std::string_view key = field.key;
            bool ok = true;
            if (key == "Stage") {
                ok = readEnum(field.value, key, &s->stage);
            } else if (key == "ClosedLostReason") {
                ok = readEnum(field.value, key, &s->closedLostReason);
            } else if (key == "NextSteps") {
                ok = readString(field.value, key, &s->nextSteps);
            } else if (key == "TargetCloseDate") {
                ok = readString(field.value, key, &s->targetCloseDate);
            } else if (key == "ReviewStatus") {
                ok = readEnum(field.value, key, &s->reviewStatus);
            } else if (key == "ReviewComments") {
                ok = readString(field.value, key, &s->reviewComments);
            } else if (key == "ReviewStatusReason") {
                ok = readString(field.value, key, &s->reviewStatusReason);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool readCustomer(const element &value, OpportunitySummary *s)
    {
        simdjson::dom::object object;
        if (!readObject(value, "Customer", &object, &s->hasCustomer)) {
            return false;
        }
        if (!s->hasCustomer) {
            clearAccount(s);
            return true;
        }
        push("Customer");
        for (const auto field : object) {
            if (field.key == "Account" && !readAccount(field.value, s)) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool readAccount(const element &value, OpportunitySummary *s)
    {
        simdjson::dom::object object;
        if (!readObject(value, "Account", &object, &s->hasAccount)) {
            return false;
        }
        if (!s->hasAccount) {
            clearAccount(s);
            return true;
        }
        push("Account");
        for (const auto field : object) {
            const std::string_view key = field.key;
            bool ok = true;
            if (key == "Industry") {
                ok = readEnum(field.value, key, &s->industry);
            } else if (key == "OtherIndustry") {
                ok = readString(field.value, key, &s->otherIndustry);
            } else if (key == "CompanyName") {
                ok = readString(field.value, key, &s->companyName);
            } else if (key == "WebsiteUrl") {
                ok = readString(field.value, key, &s->websiteUrl);
            } else if (key == "Address") {
                ok = readAddress(field.value, s);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool readAddress(const element &value, OpportunitySummary *s)
    {
        simdjson::dom::object object;
        if (!readObject(value, "Address", &object, &s->hasAddress)) {
            return false;
        }
        if (!s->hasAddress) {
            clearAddress(s);
            return true;
        }
        push("Address");
        for (const auto field : object) {
            const std::string_view key = field.key;
            bool ok = true;
            if (key == "City") {
                ok = readString(field.value, key, &s->city);
            } else if (key == "PostalCode") {
                ok = readString(field.value, key, &s->postalCode);
            } else if (key == "StateOrRegion") {
                ok = readString(field.value, key, &s->stateOrRegion);
            } else if (key == "CountryCode") {
                ok = readEnum(field.value, key, &s->countryCode);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool readProject(const element &value, OpportunitySummary *s)
    {
        simdjson::dom::object object;
        if (!readObject(value, "Project", &object, &s->hasProject)) {
            return false;
        }
        if (!s->hasProject) {
            clearProject(s);
            return true;
        }
        push("Project");
        for (const auto field : object) {
            const std::string_view key = field.key;
            bool ok = true;
            if (key == "DeliveryModels") {
                ok = readDeliveryModels(field.value, s);
            } else if (key == "ExpectedCustomerSpend") {
                ok = readSpendList(field.value, s);
            } else if (key == "ExpectedContractDuration") {
                ok = readContractDuration(field.value, s);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool readDeliveryModels(const element &value, OpportunitySummary *s)
    {
        s->deliveryModels.clear();
        s->hasDeliveryModels = false;
        if (value.is_null()) {
            return true;
        }
        simdjson::dom::array array;
        if (value.get_array().get(array)) {
            return fail("DeliveryModels", Text::tr("a list of strings"));
        }
        s->hasDeliveryModels = true;
        s->deliveryModels.reserve(qsizetype(array.size()));
        qsizetype index = 0;
        for (const element item : array) {
            std::string_view text;
            if (item.get_string().get(text)) {
                return fail("DeliveryModels", Text::tr("a string"), index);
            }
            s->deliveryModels.append(m_interner->intern(text));
            ++index;
        }
        return true;
    }

    bool readSpendList(const element &value, OpportunitySummary *s)
    {
        s->expectedCustomerSpend.clear();
        s->hasExpectedCustomerSpend = false;
        if (value.is_null()) {
            return true;
        }
        simdjson::dom::array array;
        if (value.get_array().get(array)) {
            return fail("ExpectedCustomerSpend", Text::tr("a list of objects"));
        }
        s->hasExpectedCustomerSpend = true;
        s->expectedCustomerSpend.reserve(qsizetype(array.size()));
        qsizetype index = 0;
        for (const element item : array) {
            simdjson::dom::object object;
            if (item.get_object().get(object)) {
                return fail("ExpectedCustomerSpend", Text::tr("an object"), index);
            }
            push("ExpectedCustomerSpend", index);
            ExpectedCustomerSpend &spend = s->expectedCustomerSpend.emplaceBack();
            for (const auto field : object) {
                const std::string_view key = field.key;
                bool ok = true;
                if (key == "Amount") {
                    ok = readString(field.value, key, &spend.amount);
                } else if (key == "CurrencyCode") {
                    ok = readEnum(field.value, key, &spend.currencyCode);
                } else if (key == "Frequency") {
                    ok = readEnum(field.value, key, &spend.frequency);
                } else if (key == "TargetCompany") {
                    ok = readEnum(field.value, key, &spend.targetCompany);
                } else if (key == "EstimationUrl") {
                    ok = readString(field.value, key, &spend.estimationUrl);
                }
                if (!ok) {
                    return false;
                }
            }
            pop();
            ++index;
        }
        return true;
    }

    bool readContractDuration(const element &value, OpportunitySummary *s)
    {
        simdjson::dom::object object;
        if (!readObject(value, "ExpectedContractDuration", &object,
                        &s->hasExpectedContractDuration)) {
            return false;
        }
        if (!s->hasExpectedContractDuration) {
            clearContractDuration(s);
            return true;
        }
        push("ExpectedContractDuration");
        for (const auto field : object) {
            const std::string_view key = field.key;
            bool ok = true;
            if (key == "Term") {
                ok = readEnum(field.value, key, &s->expectedContractDurationTerm);
            } else if (key == "Value") {
                ok = readString(field.value, key, &s->expectedContractDurationValue);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    Interner *m_interner = nullptr;
    // OpportunitySummaries[i].Project.ExpectedCustomerSpend[j] is the deepest path.
    std::array<Segment, 8> m_path;
    int m_depth = 0;
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
    ResponseReader reader(&interner);
    if (!reader.read(root, response)) {
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
