// SummaryWalker: the events a sink receives for a ListOpportunities body, in document order; the
// path and expected type of a wrongly typed member; a sink that says stop stops the walk.

#include "summarywalker.h"

#include <QTest>

#include <simdjson.h>

using namespace Qt::StringLiterals;
using Pd::Core::OpportunityField;
using Pd::Core::SpendMember;
using Pd::Core::SummaryContainer;
using Pd::Core::SummaryWalker;
using Pd::Core::SummaryWalkProblem;
using Pd::Core::OpportunityFields::name;

namespace {

/// Writes every event down as one line; answers false from the event numbered `stopAt`. Both
/// ways of walking string members (see SummaryWalker::string()) are checked.
template<bool Inline>
class RecordingSink
{
public:
    static constexpr bool InlineFields = Inline;
    QStringList events;
    int stopAt = -1;
    SummaryWalkProblem::Kind problemKind = SummaryWalkProblem::NotAnObject;
    SummaryWalkProblem::Expected problemExpected = SummaryWalkProblem::Object;
    QString problemPath;

    bool summaries(size_t count) { return note(u"summaries %1"_s.arg(count)); }
    bool beginSummary() { return note(u"begin"_s); }
    bool endSummary() { return note(u"end"_s); }
    bool nextToken(std::string_view token) { return note(u"NextToken "_s + text(token)); }
    bool nextTokenNull() { return note(u"NextToken null"_s); }
    bool string(OpportunityField field, std::string_view value)
    {
        return note(name(field) + u' ' + text(value));
    }
    bool null(OpportunityField field) { return note(name(field) + u" null"_s); }
    bool object(SummaryContainer container) { return note(u"object %1"_s.arg(int(container))); }
    bool list(SummaryContainer container, size_t count)
    {
        return note(u"list %1 of %2"_s.arg(int(container)).arg(count));
    }
    bool absent(SummaryContainer container) { return note(u"absent %1"_s.arg(int(container))); }
    bool deliveryModel(std::string_view model) { return note(u"model "_s + text(model)); }
    bool spend() { return note(u"spend"_s); }
    bool spendString(SpendMember member, std::string_view value)
    {
        return note(memberName(member) + u' ' + text(value));
    }
    bool spendNull(SpendMember member) { return note(memberName(member) + u" null"_s); }
    bool fail(const SummaryWalkProblem &problem)
    {
        problemKind = problem.kind;
        problemExpected = problem.expected;
        problemPath = problem.pathText();
        events.append(u"fail "_s + problemPath);
        return false;
    }

private:
    static QString text(std::string_view utf8)
    {
        return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
    }
    static QString memberName(SpendMember member)
    {
        return text(Pd::Core::OpportunityFields::name(member));
    }
    bool note(const QString &event)
    {
        events.append(event);
        return events.size() - 1 != stopAt;
    }
};

template<typename Sink>
bool walk(const QByteArray &body, Sink *sink)
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body.constData(), size_t(body.size())).get(root)) {
        qFatal("invalid JSON in a test body");
    }
    return SummaryWalker(sink).walk(root);
}

constexpr int Account = int(SummaryContainer::Account);
constexpr int Spends = int(SummaryContainer::ExpectedCustomerSpend);

} // namespace

class tst_SummaryWalker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void walk_everyMemberInDocumentOrder();
    void walk_nullsAndUnknownMembers();
    void walk_wrongType_failsWithPathAndExpectation_data();
    void walk_wrongType_failsWithPathAndExpectation();
    void walk_sinkSaysStop_walkStopsThere();
};

void tst_SummaryWalker::walk_everyMemberInDocumentOrder()
{
    const QByteArray body = R"({"NextToken":"t1","OpportunitySummaries":[{
        "Id":"O1","Catalog":"AWS","Arn":"arn:x","PartnerOpportunityIdentifier":"P",
        "OpportunityType":"Expansion","LastModifiedDate":"2026-01-01T00:00:00Z",
        "CreatedDate":"2025-01-01T00:00:00Z",
        "LifeCycle":{"Stage":"Prospect","ClosedLostReason":"Other","NextSteps":"n",
                     "TargetCloseDate":"2026-02-01","ReviewStatus":"Submitted",
                     "ReviewComments":"c","ReviewStatusReason":"r"},
        "Customer":{"Account":{"CompanyName":"Acme","Industry":"Other","OtherIndustry":"o",
                    "WebsiteUrl":"https://a","Address":{"City":"Köln","PostalCode":"5",
                    "StateOrRegion":"NW","CountryCode":"DE"}}},
        "Project":{"DeliveryModels":["SaaS or PaaS","Resell"],
                   "ExpectedCustomerSpend":[{"Amount":"1","CurrencyCode":"USD",
                       "Frequency":"Monthly","TargetCompany":"AWS","EstimationUrl":"u"}],
                   "ExpectedContractDuration":{"Value":"12","Term":"Months"}}}]})"_ba;
    RecordingSink<false> sink;
    QVERIFY(walk(body, &sink));
    RecordingSink<true> inlined;
    QVERIFY(walk(body, &inlined));
    QCOMPARE(inlined.events, sink.events);
    const QStringList expected = {
            u"NextToken t1"_s,
            u"summaries 1"_s,
            u"begin"_s,
            u"Id O1"_s,
            u"Catalog AWS"_s,
            u"Arn arn:x"_s,
            u"PartnerOpportunityIdentifier P"_s,
            u"OpportunityType Expansion"_s,
            u"LastModifiedDate 2026-01-01T00:00:00Z"_s,
            u"CreatedDate 2025-01-01T00:00:00Z"_s,
            u"object %1"_s.arg(int(SummaryContainer::LifeCycle)),
            u"LifeCycle.Stage Prospect"_s,
            u"LifeCycle.ClosedLostReason Other"_s,
            u"LifeCycle.NextSteps n"_s,
            u"LifeCycle.TargetCloseDate 2026-02-01"_s,
            u"LifeCycle.ReviewStatus Submitted"_s,
            u"LifeCycle.ReviewComments c"_s,
            u"LifeCycle.ReviewStatusReason r"_s,
            u"object %1"_s.arg(int(SummaryContainer::Customer)),
            u"object %1"_s.arg(Account),
            u"Customer.Account.CompanyName Acme"_s,
            u"Customer.Account.Industry Other"_s,
            u"Customer.Account.OtherIndustry o"_s,
            u"Customer.Account.WebsiteUrl https://a"_s,
            u"object %1"_s.arg(int(SummaryContainer::Address)),
            u"Customer.Account.Address.City Köln"_s,
            u"Customer.Account.Address.PostalCode 5"_s,
            u"Customer.Account.Address.StateOrRegion NW"_s,
            u"Customer.Account.Address.CountryCode DE"_s,
            u"object %1"_s.arg(int(SummaryContainer::Project)),
            u"list %1 of 2"_s.arg(int(SummaryContainer::DeliveryModels)),
            u"model SaaS or PaaS"_s,
            u"model Resell"_s,
            u"list %1 of 1"_s.arg(Spends),
            u"spend"_s,
            u"Amount 1"_s,
            u"CurrencyCode USD"_s,
            u"Frequency Monthly"_s,
            u"TargetCompany AWS"_s,
            u"EstimationUrl u"_s,
            u"object %1"_s.arg(int(SummaryContainer::ExpectedContractDuration)),
            u"Project.ExpectedContractDuration.Value 12"_s,
            u"Project.ExpectedContractDuration.Term Months"_s,
            u"end"_s,
    };
    QCOMPARE(sink.events, expected);
}

void tst_SummaryWalker::walk_nullsAndUnknownMembers()
{
    const QByteArray body = R"({"Unknown":{"Id":"x"},"OpportunitySummaries":null,
        "OpportunitySummaries":[{"Id":null,"Extra":[1,2],"Customer":{"Account":null},
        "LifeCycle":{"Stage":null,"Other":5},
        "Project":{"DeliveryModels":null,"ExpectedCustomerSpend":[{"Amount":null,"X":1}]}}],
        "NextToken":null})"_ba;
    RecordingSink<false> sink;
    QVERIFY(walk(body, &sink));
    RecordingSink<true> inlined;
    QVERIFY(walk(body, &inlined));
    QCOMPARE(inlined.events, sink.events);
    const QStringList expected = {
            u"summaries 1"_s,
            u"begin"_s,
            u"Id null"_s,
            u"object %1"_s.arg(int(SummaryContainer::Customer)),
            u"absent %1"_s.arg(Account),
            u"object %1"_s.arg(int(SummaryContainer::LifeCycle)),
            u"LifeCycle.Stage null"_s,
            u"object %1"_s.arg(int(SummaryContainer::Project)),
            u"absent %1"_s.arg(int(SummaryContainer::DeliveryModels)),
            u"list %1 of 1"_s.arg(Spends),
            u"spend"_s,
            u"Amount null"_s,
            u"end"_s,
            u"NextToken null"_s,
    };
    QCOMPARE(sink.events, expected);
}

void tst_SummaryWalker::walk_wrongType_failsWithPathAndExpectation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("path");

    const int wrongType = SummaryWalkProblem::WrongType;
    QTest::newRow("not an object") << R"([1])"_ba << int(SummaryWalkProblem::NotAnObject)
                                   << int(SummaryWalkProblem::Object) << QString();
    QTest::newRow("no summaries") << R"({"NextToken":"t"})"_ba
                                  << int(SummaryWalkProblem::NoSummaries)
                                  << int(SummaryWalkProblem::List) << QString();
    QTest::newRow("summaries") << R"({"OpportunitySummaries":{}})"_ba << wrongType
                               << int(SummaryWalkProblem::List) << u"OpportunitySummaries"_s;
    QTest::newRow("summary") << R"({"OpportunitySummaries":[{},3]})"_ba << wrongType
                             << int(SummaryWalkProblem::Object) << u"OpportunitySummaries[1]"_s;
    QTest::newRow("next token") << R"({"OpportunitySummaries":[],"NextToken":[]})"_ba << wrongType
                                << int(SummaryWalkProblem::String) << u"NextToken"_s;
    QTest::newRow("date-time") << R"({"OpportunitySummaries":[{"CreatedDate":1}]})"_ba << wrongType
                               << int(SummaryWalkProblem::DateTimeString)
                               << u"OpportunitySummaries[0].CreatedDate"_s;
    QTest::newRow("address member")
            << R"({"OpportunitySummaries":[{},{"Customer":{"Account":{"Address":{"City":true}}}}]})"_ba
            << wrongType << int(SummaryWalkProblem::String)
            << u"OpportunitySummaries[1].Customer.Account.Address.City"_s;
    QTest::newRow("delivery models")
            << R"({"OpportunitySummaries":[{"Project":{"DeliveryModels":"Resell"}}]})"_ba
            << wrongType << int(SummaryWalkProblem::ListOfStrings)
            << u"OpportunitySummaries[0].Project.DeliveryModels"_s;
    QTest::newRow("delivery model")
            << R"({"OpportunitySummaries":[{"Project":{"DeliveryModels":["a",null]}}]})"_ba
            << wrongType << int(SummaryWalkProblem::String)
            << u"OpportunitySummaries[0].Project.DeliveryModels[1]"_s;
    QTest::newRow("spends")
            << R"({"OpportunitySummaries":[{"Project":{"ExpectedCustomerSpend":{}}}]})"_ba
            << wrongType << int(SummaryWalkProblem::ListOfObjects)
            << u"OpportunitySummaries[0].Project.ExpectedCustomerSpend"_s;
    QTest::newRow("spend member")
            << R"({"OpportunitySummaries":[{"Project":{"ExpectedCustomerSpend":[{},{"Frequency":2}]}}]})"_ba
            << wrongType << int(SummaryWalkProblem::String)
            << u"OpportunitySummaries[0].Project.ExpectedCustomerSpend[1].Frequency"_s;
    QTest::newRow("duration")
            << R"({"OpportunitySummaries":[{"Project":{"ExpectedContractDuration":[]}}]})"_ba
            << wrongType << int(SummaryWalkProblem::Object)
            << u"OpportunitySummaries[0].Project.ExpectedContractDuration"_s;
}

void tst_SummaryWalker::walk_wrongType_failsWithPathAndExpectation()
{
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(int, expected);
    QFETCH(QString, path);
    RecordingSink<false> sink;
    QVERIFY(!walk(body, &sink));
    QCOMPARE(int(sink.problemKind), kind);
    QCOMPARE(int(sink.problemExpected), expected);
    QCOMPARE(sink.problemPath, path);
    QVERIFY2(sink.events.constLast().startsWith(u"fail"_s), qPrintable(sink.events.join(u'|')));
    RecordingSink<true> inlined;
    QVERIFY(!walk(body, &inlined));
    QCOMPARE(inlined.events, sink.events);
    QCOMPARE(int(inlined.problemExpected), expected);
}

void tst_SummaryWalker::walk_sinkSaysStop_walkStopsThere()
{
    const QByteArray body = R"({"OpportunitySummaries":[{"Id":"O1","LifeCycle":{"Stage":"Q"},
        "Project":{"DeliveryModels":["a","b"],"ExpectedCustomerSpend":[{"Amount":"1"}]}},
        {"Id":"O2"}],"NextToken":"t"})"_ba;
    RecordingSink<false> all;
    QVERIFY(walk(body, &all));
    QCOMPARE(all.events.size(), 17);
    for (int stopAt = 0; stopAt < all.events.size(); ++stopAt) {
        RecordingSink<true> sink;
        sink.stopAt = stopAt;
        QVERIFY2(!walk(body, &sink), qPrintable(QString::number(stopAt)));
        QCOMPARE(sink.events, all.events.mid(0, stopAt + 1));
    }
}

QTEST_GUILESS_MAIN(tst_SummaryWalker)
#include "tst_summarywalker.moc"
