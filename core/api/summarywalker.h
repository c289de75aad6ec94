#pragma once

#include "opportunityfield.h"

#include <QString>

#include <array>
#include <simdjson.h>
#include <span>
#include <string_view>

namespace Pd::Core {

/// The nested objects and lists of an OpportunitySummary.
enum class SummaryContainer {
    LifeCycle,
    Customer,
    Account,
    Address,
    Project,
    DeliveryModels,
    ExpectedCustomerSpend,
    ExpectedContractDuration,
};
inline constexpr int SummaryContainerCount = int(SummaryContainer::ExpectedContractDuration) + 1;

/// Why a ListOpportunities response does not fit the schema.
struct SummaryWalkProblem
{
    enum Kind {
        NotAnObject, ///< the response is not a JSON object
        NoSummaries, ///< no OpportunitySummaries list (missing or null)
        WrongType, ///< `path` has the wrong JSON type
    };
    enum Expected { Object, String, DateTimeString, List, ListOfStrings, ListOfObjects };
    struct Segment
    {
        std::string_view name;
        qsizetype index = -1; ///< a list's item, or -1
    };

    Kind kind = NotAnObject;
    Expected expected = Object;
    std::span<const Segment> path; ///< outermost first; ends with the member itself

    /// "OpportunitySummaries[3].LifeCycle.Stage"
    QString pathText() const
    {
        QString text;
        for (const Segment &segment : path) {
            if (!text.isEmpty()) {
                text.append(u'.');
            }
            text.append(QLatin1StringView(segment.name.data(), qsizetype(segment.name.size())));
            if (segment.index >= 0) {
                text.append(u'[' + QString::number(segment.index) + u']');
            }
        }
        return text;
    }
};

/// Walks a ListOpportunities response (a simdjson DOM) along the 2026-08-04 model and tells a sink
/// what it finds, in document order. It is the one place that knows the member names, their
/// nesting and their JSON types: ListOpportunitiesResponse::parse() and OpportunityRows::decode()
/// are sinks of it. Unknown members are skipped; everything else is the sink's to judge: each call
/// returns false to stop the walk, and `walk()` then returns false. A member of the wrong type goes
/// to `fail()` with its path.
///
/// The sink provides (DateTimes come as their wire text; which strings are enum values is the
/// sink's concern):
///   bool summaries(size_t count);        an OpportunitySummaries list (not null) begins
///   bool beginSummary(), endSummary();   around each of its objects
///   bool nextToken(std::string_view token), nextTokenNull();
///   bool string(OpportunityField field, std::string_view text), null(OpportunityField field);
///   bool object(SummaryContainer container);       a nested object begins
///   bool list(SummaryContainer container, size_t count);  DeliveryModels, ExpectedCustomerSpend
///   bool absent(SummaryContainer container);       a nested object or list given as null
///   bool deliveryModel(std::string_view model);
///   bool spend();                        an ExpectedCustomerSpend entry begins
///   bool spendString(SpendMember member, std::string_view text), spendNull(SpendMember member);
///   bool fail(const SummaryWalkProblem &problem);
///   static constexpr bool InlineFields;  see string()
template<typename Sink>
class SummaryWalker
{
public:
    using element = simdjson::dom::element;
    using object = simdjson::dom::object;
    using array = simdjson::dom::array;
    using Problem = SummaryWalkProblem;

    explicit SummaryWalker(Sink *sink) : m_sink(sink) { }

    bool walk(const element &root)
    {
        object response;
        if (root.get_object().get(response)) {
            return m_sink->fail(Problem{Problem::NotAnObject, Problem::Object, {}});
        }
        bool haveSummaries = false;
        for (const auto member : response) {
            if (member.key == "OpportunitySummaries") {
                if (member.value.is_null()) {
                    continue;
                }
                haveSummaries = true;
                if (!summaries(member.value)) {
                    return false;
                }
            } else if (member.key == "NextToken") {
                std::string_view token;
                if (!member.value.get_string().get(token)) {
                    if (!m_sink->nextToken(token)) {
                        return false;
                    }
                } else if (member.value.is_null()) {
                    if (!m_sink->nextTokenNull()) {
                        return false;
                    }
                } else {
                    return fail("NextToken", Problem::String);
                }
            }
        }
        if (!haveSummaries) {
            return m_sink->fail(Problem{Problem::NoSummaries, Problem::List, {}});
        }
        return true;
    }

private:
    bool fail(std::string_view member, Problem::Expected expected, qsizetype index = -1)
    {
        m_path[size_t(m_depth)] = Problem::Segment{member, index};
        return m_sink->fail(
                Problem{Problem::WrongType, expected,
                        std::span<const Problem::Segment>(m_path.data(), size_t(m_depth) + 1)});
    }

    void push(std::string_view name, qsizetype index = -1)
    {
        m_path[size_t(m_depth++)] = Problem::Segment{name, index};
    }
    void pop() { --m_depth; }

    bool summaries(const element &value)
    {
        array items;
        if (value.get_array().get(items)) {
            return fail("OpportunitySummaries", Problem::List);
        }
        if (!m_sink->summaries(items.size())) {
            return false;
        }
        qsizetype index = 0;
        for (const element item : items) {
            object summary;
            if (item.get_object().get(summary)) {
                return fail("OpportunitySummaries", Problem::Object, index);
            }
            push("OpportunitySummaries", index);
            if (!m_sink->beginSummary() || !members(summary) || !m_sink->endSummary()) {
                return false;
            }
            pop();
            ++index;
        }
        return true;
    }

    /// One string member. A sink with `static constexpr bool InlineFields = true` is told which
    /// member at compile time, the walk inlined for each (worth it when storing a member depends on
    /// which it is); other sinks share one out-of-line call.
    template<OpportunityField Field>
    bool string(const element &value, std::string_view member)
    {
        if constexpr (Sink::InlineFields) {
            std::string_view text;
            if (!value.get_string().get(text)) {
                return m_sink->string(Field, text);
            }
            if (value.is_null()) {
                return m_sink->null(Field);
            }
            return fail(member, expectedOf(Field));
        } else {
            return string(value, member, Field);
        }
    }

    bool string(const element &value, std::string_view member, OpportunityField field)
    {
        std::string_view text;
        if (!value.get_string().get(text)) {
            return m_sink->string(field, text);
        }
        if (value.is_null()) {
            return m_sink->null(field);
        }
        return fail(member, expectedOf(field));
    }

    static constexpr Problem::Expected expectedOf(OpportunityField field)
    {
        const bool dateTime = field == OpportunityField::LastModifiedDate
                              || field == OpportunityField::CreatedDate;
        return dateTime ? Problem::DateTimeString : Problem::String;
    }

    /// Enters a nested object: `*nested` is set and `*present` true when it is an object (then
    /// `pop()` after its members); null goes to the sink as absent.
    bool enter(const element &value, std::string_view name, SummaryContainer container,
               object *nested, bool *present)
    {
        *present = false;
        if (value.is_null()) {
            return m_sink->absent(container);
        }
        if (value.get_object().get(*nested)) {
            return fail(name, Problem::Object);
        }
        if (!m_sink->object(container)) {
            return false;
        }
        *present = true;
        push(name);
        return true;
    }

    bool members(const object &summary)
    {
        using F = OpportunityField;
        for (const auto member : summary) {
            const std::string_view key = member.key;
            const element &value = member.value;
            bool ok = true;
            if (key == "Catalog") {
                ok = string<F::Catalog>(value, key);
            } else if (key == "Id") {
                ok = string<F::Id>(value, key);
            } else if (key == "Arn") {
                ok = string<F::Arn>(value, key);
            } else if (key == "PartnerOpportunityIdentifier") {
                ok = string<F::PartnerOpportunityIdentifier>(value, key);
            } else if (key == "OpportunityType") {
                ok = string<F::OpportunityType>(value, key);
            } else if (key == "LastModifiedDate") {
                ok = string<F::LastModifiedDate>(value, key);
            } else if (key == "CreatedDate") {
                ok = string<F::CreatedDate>(value, key);
            } else if (key == "LifeCycle") {
                ok = lifeCycle(value);
            } else if (key == "Customer") {
                ok = customer(value);
            } else if (key == "Project") {
                ok = project(value);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    bool lifeCycle(const element &value)
    {
        using F = OpportunityField;
        object nested;
        bool present = false;
        if (!enter(value, "LifeCycle", SummaryContainer::LifeCycle, &nested, &present)) {
            return false;
        }
        if (!present) {
            return true;
        }
        for (const auto member : nested) {
            const std::string_view key = member.key;
            bool ok = true;
            if (key == "Stage") {
                ok = string<F::Stage>(member.value, key);
            } else if (key == "ClosedLostReason") {
                ok = string<F::ClosedLostReason>(member.value, key);
            } else if (key == "NextSteps") {
                ok = string<F::NextSteps>(member.value, key);
            } else if (key == "TargetCloseDate") {
                ok = string<F::TargetCloseDate>(member.value, key);
            } else if (key == "ReviewStatus") {
                ok = string<F::ReviewStatus>(member.value, key);
            } else if (key == "ReviewComments") {
                ok = string<F::ReviewComments>(member.value, key);
            } else if (key == "ReviewStatusReason") {
                ok = string<F::ReviewStatusReason>(member.value, key);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool customer(const element &value)
    {
        object nested;
        bool present = false;
        if (!enter(value, "Customer", SummaryContainer::Customer, &nested, &present)) {
            return false;
        }
        if (!present) {
            return true;
        }
        for (const auto member : nested) {
            const std::string_view key = member.key;
            bool ok = true;
            if (key == "Account") {
                ok = account(member.value);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool account(const element &value)
    {
        using F = OpportunityField;
        object nested;
        bool present = false;
        if (!enter(value, "Account", SummaryContainer::Account, &nested, &present)) {
            return false;
        }
        if (!present) {
            return true;
        }
        for (const auto member : nested) {
            const std::string_view key = member.key;
            bool ok = true;
            if (key == "Industry") {
                ok = string<F::Industry>(member.value, key);
            } else if (key == "OtherIndustry") {
                ok = string<F::OtherIndustry>(member.value, key);
            } else if (key == "CompanyName") {
                ok = string<F::CompanyName>(member.value, key);
            } else if (key == "WebsiteUrl") {
                ok = string<F::WebsiteUrl>(member.value, key);
            } else if (key == "Address") {
                ok = address(member.value);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool address(const element &value)
    {
        using F = OpportunityField;
        object nested;
        bool present = false;
        if (!enter(value, "Address", SummaryContainer::Address, &nested, &present)) {
            return false;
        }
        if (!present) {
            return true;
        }
        for (const auto member : nested) {
            const std::string_view key = member.key;
            bool ok = true;
            if (key == "City") {
                ok = string<F::City>(member.value, key);
            } else if (key == "PostalCode") {
                ok = string<F::PostalCode>(member.value, key);
            } else if (key == "StateOrRegion") {
                ok = string<F::StateOrRegion>(member.value, key);
            } else if (key == "CountryCode") {
                ok = string<F::CountryCode>(member.value, key);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool project(const element &value)
    {
        object nested;
        bool present = false;
        if (!enter(value, "Project", SummaryContainer::Project, &nested, &present)) {
            return false;
        }
        if (!present) {
            return true;
        }
        for (const auto member : nested) {
            const std::string_view key = member.key;
            bool ok = true;
            if (key == "DeliveryModels") {
                ok = deliveryModels(member.value);
            } else if (key == "ExpectedCustomerSpend") {
                ok = spends(member.value);
            } else if (key == "ExpectedContractDuration") {
                ok = duration(member.value);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    bool deliveryModels(const element &value)
    {
        if (value.is_null()) {
            return m_sink->absent(SummaryContainer::DeliveryModels);
        }
        array items;
        if (value.get_array().get(items)) {
            return fail("DeliveryModels", Problem::ListOfStrings);
        }
        if (!m_sink->list(SummaryContainer::DeliveryModels, items.size())) {
            return false;
        }
        qsizetype index = 0;
        for (const element item : items) {
            std::string_view model;
            if (item.get_string().get(model)) {
                return fail("DeliveryModels", Problem::String, index);
            }
            if (!m_sink->deliveryModel(model)) {
                return false;
            }
            ++index;
        }
        return true;
    }

    bool spends(const element &value)
    {
        if (value.is_null()) {
            return m_sink->absent(SummaryContainer::ExpectedCustomerSpend);
        }
        array items;
        if (value.get_array().get(items)) {
            return fail("ExpectedCustomerSpend", Problem::ListOfObjects);
        }
        if (!m_sink->list(SummaryContainer::ExpectedCustomerSpend, items.size())) {
            return false;
        }
        qsizetype index = 0;
        for (const element item : items) {
            object entry;
            if (item.get_object().get(entry)) {
                return fail("ExpectedCustomerSpend", Problem::Object, index);
            }
            push("ExpectedCustomerSpend", index);
            if (!m_sink->spend()) {
                return false;
            }
            for (const auto member : entry) {
                if (!spendMember(member.key, member.value)) {
                    return false;
                }
            }
            pop();
            ++index;
        }
        return true;
    }

    bool spendMember(std::string_view key, const element &value)
    {
        using M = SpendMember;
        M member = M::Amount;
        if (key == "Amount") {
            member = M::Amount;
        } else if (key == "CurrencyCode") {
            member = M::CurrencyCode;
        } else if (key == "Frequency") {
            member = M::Frequency;
        } else if (key == "TargetCompany") {
            member = M::TargetCompany;
        } else if (key == "EstimationUrl") {
            member = M::EstimationUrl;
        } else {
            return true;
        }
        std::string_view text;
        if (!value.get_string().get(text)) {
            return m_sink->spendString(member, text);
        }
        if (value.is_null()) {
            return m_sink->spendNull(member);
        }
        return fail(key, Problem::String);
    }

    bool duration(const element &value)
    {
        using F = OpportunityField;
        object nested;
        bool present = false;
        if (!enter(value, "ExpectedContractDuration", SummaryContainer::ExpectedContractDuration,
                   &nested, &present)) {
            return false;
        }
        if (!present) {
            return true;
        }
        for (const auto member : nested) {
            const std::string_view key = member.key;
            bool ok = true;
            if (key == "Term") {
                ok = string<F::ExpectedContractDurationTerm>(member.value, key);
            } else if (key == "Value") {
                ok = string<F::ExpectedContractDurationValue>(member.value, key);
            }
            if (!ok) {
                return false;
            }
        }
        pop();
        return true;
    }

    Sink *m_sink = nullptr;
    // OpportunitySummaries[i].Project.ExpectedCustomerSpend[j].Amount is the deepest path.
    std::array<SummaryWalkProblem::Segment, 8> m_path{};
    int m_depth = 0;
};

} // namespace Pd::Core
