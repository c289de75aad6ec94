#include "opportunityfield.h"
#include "opportunitysummary.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

/// Every member of the model, with values that need escaping and a millisecond timestamp.
const QByteArray FullSummary = R"({
  "Catalog": "AWS",
  "Id": "O1234567",
  "Arn": "arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/O1234567",
  "PartnerOpportunityIdentifier": "CRM-42",
  "OpportunityType": "Net New Business",
  "LastModifiedDate": "2026-08-01T10:15:30.123Z",
  "CreatedDate": "2026-06-02T08:00:00Z",
  "LifeCycle": {
    "Stage": "Qualified",
    "ClosedLostReason": "Lost to Competitor - Other",
    "NextSteps": "Call \"Bob\"\nthen\tsend quote",
    "TargetCloseDate": "2026-12-31",
    "ReviewStatus": "In review",
    "ReviewComments": "Looks good",
    "ReviewStatusReason": "Complete"
  },
  "Customer": {
    "Account": {
      "Industry": "Other",
      "OtherIndustry": "Space mining",
      "CompanyName": "Example Corp \u00e9\ud83d\ude00",
      "WebsiteUrl": "https://example.com",
      "Address": {
        "City": "Zürich",
        "PostalCode": "8001",
        "StateOrRegion": "ZH",
        "CountryCode": "CH"
      }
    }
  },
  "Project": {
    "DeliveryModels": ["SaaS or PaaS", "Professional Services"],
    "ExpectedCustomerSpend": [
      {"Amount": "1000.00", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS",
       "EstimationUrl": "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef"},
      {"Amount": "", "CurrencyCode": "EUR", "Frequency": "None", "TargetCompany": "Self"}
    ],
    "ExpectedContractDuration": {"Term": "Months", "Value": "12"}
  }
})"_ba;

QByteArray page(const QByteArray &summaries, const QByteArray &extra = {})
{
    return "{\"OpportunitySummaries\":[" + summaries + "]" + extra + "}";
}

OpportunitySummary parseOne(const QByteArray &summary)
{
    ListOpportunitiesResponse response;
    QString error;
    if (!ListOpportunitiesResponse::parse(page(summary), &response, &error)
        || response.opportunitySummaries.size() != 1) {
        qWarning("parse failed: %s", qPrintable(error));
        return {};
    }
    return response.opportunitySummaries.first();
}

} // namespace

Q_DECLARE_METATYPE(Pd::Core::OpportunityField)

class tst_ResponseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_fillsEveryMember();
    void parse_everyField_data();
    void parse_everyField();
    void parse_nullMeansAbsent_data();
    void parse_nullMeansAbsent();
    void parse_emptyStringsStayPresent();
    void parse_absentAndEmptyNestedObjects();
    void parse_ignoresUnknownMembers();
    void parse_passesUnknownEnumValuesThrough();
    void parse_decodesEscapesAndSurrogates();
    void parse_timestamps_data();
    void parse_timestamps();
    void parse_nextToken_data();
    void parse_nextToken();
    void parse_sharesRepeatedEnumValues();
    void parse_rejectsWrongTypesWithPath_data();
    void parse_rejectsWrongTypesWithPath();
    void parse_survivesHugeAndHostileInput();

    void toJson_writesModelOrder();
    void toJson_roundTrips_data();
    void toJson_roundTrips();
    void toJson_writesNestedMembersSetWithoutFlags();

    void fields_namesAndOrder();
    void fields_text_data();
    void fields_text();
    void fields_apiSortKey_data();
    void fields_apiSortKey();
};

void tst_ResponseParser::parse_fillsEveryMember()
{
    const OpportunitySummary s = parseOne(FullSummary);
    QCOMPARE(s.catalog, u"AWS"_s);
    QCOMPARE(s.id, u"O1234567"_s);
    QCOMPARE(s.arn,
             u"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/O1234567"_s);
    QCOMPARE(s.partnerOpportunityIdentifier, u"CRM-42"_s);
    QCOMPARE(s.opportunityType, u"Net New Business"_s);
    QCOMPARE(s.lastModifiedDate, u"2026-08-01T10:15:30.123Z"_s);
    QCOMPARE(s.lastModifiedDateMs, 1785579330123);
    QCOMPARE(s.createdDate, u"2026-06-02T08:00:00Z"_s);
    QCOMPARE(s.createdDateMs, 1780387200000);
    QVERIFY(s.hasLifeCycle);
    QCOMPARE(s.stage, u"Qualified"_s);
    QCOMPARE(s.closedLostReason, u"Lost to Competitor - Other"_s);
    QCOMPARE(s.nextSteps, u"Call \"Bob\"\nthen\tsend quote"_s);
    QCOMPARE(s.targetCloseDate, u"2026-12-31"_s);
    QCOMPARE(s.reviewStatus, u"In review"_s);
    QCOMPARE(s.reviewComments, u"Looks good"_s);
    QCOMPARE(s.reviewStatusReason, u"Complete"_s);
    QVERIFY(s.hasCustomer);
    QVERIFY(s.hasAccount);
    QCOMPARE(s.industry, u"Other"_s);
    QCOMPARE(s.otherIndustry, u"Space mining"_s);
    QCOMPARE(s.companyName, u"Example Corp é😀"_s);
    QCOMPARE(s.websiteUrl, u"https://example.com"_s);
    QVERIFY(s.hasAddress);
    QCOMPARE(s.city, u"Zürich"_s);
    QCOMPARE(s.postalCode, u"8001"_s);
    QCOMPARE(s.stateOrRegion, u"ZH"_s);
    QCOMPARE(s.countryCode, u"CH"_s);
    QVERIFY(s.hasProject);
    QVERIFY(s.hasDeliveryModels);
    QCOMPARE(s.deliveryModels, (QStringList{u"SaaS or PaaS"_s, u"Professional Services"_s}));
    QVERIFY(s.hasExpectedCustomerSpend);
    QCOMPARE(s.expectedCustomerSpend.size(), 2);
    const ExpectedCustomerSpend first{
            u"1000.00"_s, u"USD"_s, u"Monthly"_s, u"AWS"_s,
            u"https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef"_s};
    QVERIFY(s.expectedCustomerSpend.at(0) == first);
    const ExpectedCustomerSpend second{u""_s, u"EUR"_s, u"None"_s, u"Self"_s, QString()};
    QVERIFY(s.expectedCustomerSpend.at(1) == second);
    QVERIFY(!s.expectedCustomerSpend.at(1).amount.isNull());
    QVERIFY(s.expectedCustomerSpend.at(1).estimationUrl.isNull());
    QVERIFY(s.hasExpectedContractDuration);
    QCOMPARE(s.expectedContractDurationTerm, u"Months"_s);
    QCOMPARE(s.expectedContractDurationValue, u"12"_s);
}

void tst_ResponseParser::parse_everyField_data()
{
    QTest::addColumn<QByteArray>("summary");
    QTest::addColumn<OpportunityField>("field");
    QTest::addColumn<QString>("text");

    const auto row = [](OpportunityField field, const QByteArray &json, const QString &text) {
        QTest::newRow(qPrintable(OpportunityFields::name(field))) << json << field << text;
    };
    using F = OpportunityField;
    row(F::Id, R"({"Catalog":"AWS","Id":"O99"})", u"O99"_s);
    row(F::Catalog, R"({"Catalog":"Sandbox"})", u"Sandbox"_s);
    row(F::Arn, R"({"Catalog":"AWS","Arn":"arn:aws:x"})", u"arn:aws:x"_s);
    row(F::PartnerOpportunityIdentifier,
        R"({"Catalog":"AWS","PartnerOpportunityIdentifier":"P-1"})", u"P-1"_s);
    row(F::OpportunityType, R"({"Catalog":"AWS","OpportunityType":"Flat Renewal"})",
        u"Flat Renewal"_s);
    row(F::CreatedDate, R"({"Catalog":"AWS","CreatedDate":"2026-01-02T03:04:05.678+01:00"})",
        u"2026-01-02T03:04:05.678+01:00"_s);
    row(F::LastModifiedDate, R"({"Catalog":"AWS","LastModifiedDate":"2026-01-02T03:04:05Z"})",
        u"2026-01-02T03:04:05Z"_s);
    row(F::Stage, R"({"Catalog":"AWS","LifeCycle":{"Stage":"Closed Lost"}})", u"Closed Lost"_s);
    row(F::ReviewStatus, R"({"Catalog":"AWS","LifeCycle":{"ReviewStatus":"Action Required"}})",
        u"Action Required"_s);
    row(F::ReviewStatusReason, R"({"Catalog":"AWS","LifeCycle":{"ReviewStatusReason":"why"}})",
        u"why"_s);
    row(F::ReviewComments, R"({"Catalog":"AWS","LifeCycle":{"ReviewComments":"c"}})", u"c"_s);
    row(F::NextSteps, R"({"Catalog":"AWS","LifeCycle":{"NextSteps":"line1\nline2"}})",
        u"line1\nline2"_s);
    row(F::TargetCloseDate, R"({"Catalog":"AWS","LifeCycle":{"TargetCloseDate":"2027-03-31"}})",
        u"2027-03-31"_s);
    row(F::ClosedLostReason, R"({"Catalog":"AWS","LifeCycle":{"ClosedLostReason":"Price"}})",
        u"Price"_s);
    row(F::CompanyName, R"({"Catalog":"AWS","Customer":{"Account":{"CompanyName":"Acme"}}})",
        u"Acme"_s);
    row(F::Industry, R"({"Catalog":"AWS","Customer":{"Account":{"Industry":"Retail"}}})",
        u"Retail"_s);
    row(F::OtherIndustry, R"({"Catalog":"AWS","Customer":{"Account":{"OtherIndustry":"Space"}}})",
        u"Space"_s);
    row(F::WebsiteUrl,
        R"({"Catalog":"AWS","Customer":{"Account":{"WebsiteUrl":"https://a.example"}}})",
        u"https://a.example"_s);
    row(F::City, R"({"Catalog":"AWS","Customer":{"Account":{"Address":{"City":"Oslo"}}}})",
        u"Oslo"_s);
    row(F::PostalCode,
        R"({"Catalog":"AWS","Customer":{"Account":{"Address":{"PostalCode":"0150"}}}})", u"0150"_s);
    row(F::StateOrRegion,
        R"({"Catalog":"AWS","Customer":{"Account":{"Address":{"StateOrRegion":"Oslo"}}}})",
        u"Oslo"_s);
    row(F::CountryCode,
        R"({"Catalog":"AWS","Customer":{"Account":{"Address":{"CountryCode":"NO"}}}})", u"NO"_s);
    row(F::DeliveryModels,
        R"({"Catalog":"AWS","Project":{"DeliveryModels":["Resell","BYOL or AMI"]}})",
        u"Resell; BYOL or AMI"_s);
    row(F::ExpectedCustomerSpend,
        R"({"Catalog":"AWS","Project":{"ExpectedCustomerSpend":[{"TargetCompany":"AWS","Frequency":"Monthly","CurrencyCode":"USD","Amount":"12.5"}]}})",
        uR"([{"Amount":"12.5","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}])"_s);
    row(F::ExpectedContractDurationValue,
        R"({"Catalog":"AWS","Project":{"ExpectedContractDuration":{"Value":"36"}}})", u"36"_s);
    row(F::ExpectedContractDurationTerm,
        R"({"Catalog":"AWS","Project":{"ExpectedContractDuration":{"Term":"Years"}}})", u"Years"_s);
}

void tst_ResponseParser::parse_everyField()
{
    QFETCH(QByteArray, summary);
    QFETCH(OpportunityField, field);
    QFETCH(QString, text);
    const OpportunitySummary s = parseOne(summary);
    QCOMPARE(OpportunityFields::text(s, field), text);
    // Every other field except Catalog is absent.
    for (const OpportunityField other : OpportunityFields::all()) {
        if (other != field && other != OpportunityField::Catalog) {
            QVERIFY2(OpportunityFields::text(s, other).isNull(),
                     qPrintable(OpportunityFields::name(other)));
        }
    }
}

void tst_ResponseParser::parse_nullMeansAbsent_data()
{
    QTest::addColumn<QByteArray>("summary");
    QTest::addColumn<OpportunityField>("field");
    using F = OpportunityField;
    const auto row = [](F field, const QByteArray &json) {
        QTest::newRow(qPrintable(OpportunityFields::name(field))) << json << field;
    };
    row(F::Id, R"({"Catalog":"AWS","Id":null})");
    row(F::Arn, R"({"Catalog":"AWS","Arn":null})");
    row(F::PartnerOpportunityIdentifier,
        R"({"Catalog":"AWS","PartnerOpportunityIdentifier":null})");
    row(F::OpportunityType, R"({"Catalog":"AWS","OpportunityType":null})");
    row(F::CreatedDate, R"({"Catalog":"AWS","CreatedDate":null})");
    row(F::LastModifiedDate, R"({"Catalog":"AWS","LastModifiedDate":null})");
    row(F::Stage, R"({"Catalog":"AWS","LifeCycle":{"Stage":null}})");
    row(F::NextSteps, R"({"Catalog":"AWS","LifeCycle":{"NextSteps":null}})");
    row(F::CompanyName, R"({"Catalog":"AWS","Customer":{"Account":{"CompanyName":null}}})");
    row(F::CountryCode,
        R"({"Catalog":"AWS","Customer":{"Account":{"Address":{"CountryCode":null}}}})");
    row(F::DeliveryModels, R"({"Catalog":"AWS","Project":{"DeliveryModels":null}})");
    row(F::ExpectedCustomerSpend, R"({"Catalog":"AWS","Project":{"ExpectedCustomerSpend":null}})");
    row(F::ExpectedContractDurationTerm,
        R"({"Catalog":"AWS","Project":{"ExpectedContractDuration":null}})");
    row(F::Catalog, R"({"Catalog":null,"LifeCycle":null,"Customer":null,"Project":null})");
}

void tst_ResponseParser::parse_nullMeansAbsent()
{
    QFETCH(QByteArray, summary);
    QFETCH(OpportunityField, field);
    const OpportunitySummary s = parseOne(summary);
    QVERIFY(OpportunityFields::text(s, field).isNull());
    QCOMPARE(s.lastModifiedDateMs, OpportunitySummary::NoTime);
    QCOMPARE(s.createdDateMs, OpportunitySummary::NoTime);
    QVERIFY(!s.hasDeliveryModels);
    QVERIFY(!s.hasExpectedCustomerSpend);
    QVERIFY(!s.hasExpectedContractDuration);
    // Serialising writes back only the non-null members.
    QVERIFY(!s.toJson().contains("null"));
}

void tst_ResponseParser::parse_emptyStringsStayPresent()
{
    const OpportunitySummary s = parseOne(
            R"({"Catalog":"","Id":"","LastModifiedDate":"","LifeCycle":{"NextSteps":""},
                "Customer":{"Account":{"CompanyName":"","Address":{"City":""}}},
                "Project":{"DeliveryModels":[],"ExpectedCustomerSpend":[]}})");
    for (const QString &value :
         {s.catalog, s.id, s.lastModifiedDate, s.nextSteps, s.companyName, s.city}) {
        QVERIFY(!value.isNull());
        QVERIFY(value.isEmpty());
    }
    QCOMPARE(s.lastModifiedDateMs, OpportunitySummary::NoTime);
    QVERIFY(s.arn.isNull());
    QVERIFY(s.hasDeliveryModels);
    QVERIFY(s.deliveryModels.isEmpty());
    QVERIFY(s.hasExpectedCustomerSpend);
    const QString models = OpportunityFields::text(s, OpportunityField::DeliveryModels);
    QVERIFY(!models.isNull() && models.isEmpty());
    QCOMPARE(OpportunityFields::text(s, OpportunityField::ExpectedCustomerSpend), u"[]"_s);
    QCOMPARE(s.toJson(),
             R"({"Catalog":"","Id":"","LastModifiedDate":"","LifeCycle":{"NextSteps":""},)"
             R"("Customer":{"Account":{"CompanyName":"","Address":{"City":""}}},)"
             R"("Project":{"DeliveryModels":[],"ExpectedCustomerSpend":[]}})"_ba);
}

void tst_ResponseParser::parse_absentAndEmptyNestedObjects()
{
    const OpportunitySummary bare = parseOne(R"({"Catalog":"AWS"})");
    QVERIFY(!bare.hasLifeCycle && !bare.hasCustomer && !bare.hasAccount && !bare.hasAddress);
    QVERIFY(!bare.hasProject && !bare.hasDeliveryModels && !bare.hasExpectedCustomerSpend
            && !bare.hasExpectedContractDuration);
    QCOMPARE(bare.toJson(), R"({"Catalog":"AWS"})"_ba);

    const OpportunitySummary empty = parseOne(
            R"({"Catalog":"AWS","LifeCycle":{},"Customer":{"Account":{"Address":{}}},
                "Project":{"ExpectedContractDuration":{}}})");
    QVERIFY(empty.hasLifeCycle && empty.hasCustomer && empty.hasAccount && empty.hasAddress);
    QVERIFY(empty.hasProject && empty.hasExpectedContractDuration);
    QVERIFY(!empty.hasDeliveryModels && !empty.hasExpectedCustomerSpend);
    QVERIFY(empty.stage.isNull() && empty.companyName.isNull() && empty.city.isNull());
    QVERIFY(empty.expectedContractDurationTerm.isNull());
    QCOMPARE(empty.toJson(),
             R"({"Catalog":"AWS","LifeCycle":{},"Customer":{"Account":{"Address":{}}},)"
             R"("Project":{"ExpectedContractDuration":{}}})"_ba);

    const OpportunitySummary customerOnly = parseOne(R"({"Catalog":"AWS","Customer":{}})");
    QVERIFY(customerOnly.hasCustomer && !customerOnly.hasAccount);
    QCOMPARE(customerOnly.toJson(), R"({"Catalog":"AWS","Customer":{}})"_ba);
}

void tst_ResponseParser::parse_ignoresUnknownMembers()
{
    ListOpportunitiesResponse response;
    QString error;
    const QByteArray body = R"({"Unknown":{"a":[1,{"b":null}]},"OpportunitySummaries":[
        {"Catalog":"AWS","Id":"O1","Future":123,"LifeCycle":{"Stage":"Prospect","Score":9.5,
         "Nested":{"Stage":5}},"Customer":{"Contacts":[1,2],"Account":{"CompanyName":"A",
         "Duns":true,"Address":{"Street":["x"],"City":"B"}}},
         "Project":{"Title":{},"ExpectedCustomerSpend":[{"Amount":"1","Extra":[],
         "CurrencyCode":"USD"}],"ExpectedContractDuration":{"Value":"1","Unit":0}}}],
        "ResponseMetadata":false,"NextToken":"t"})"_ba;
    QVERIFY2(ListOpportunitiesResponse::parse(body, &response, &error), qPrintable(error));
    QCOMPARE(response.opportunitySummaries.size(), 1);
    const OpportunitySummary &s = response.opportunitySummaries.first();
    QCOMPARE(s.id, u"O1"_s);
    QCOMPARE(s.stage, u"Prospect"_s);
    QCOMPARE(s.companyName, u"A"_s);
    QCOMPARE(s.city, u"B"_s);
    QCOMPARE(s.expectedCustomerSpend.size(), 1);
    QCOMPARE(s.expectedCustomerSpend.first().currencyCode, u"USD"_s);
    QCOMPARE(s.expectedContractDurationValue, u"1"_s);
    QCOMPARE(response.nextToken, u"t"_s);
    QCOMPARE(s.toJson(),
             R"({"Catalog":"AWS","Id":"O1","LifeCycle":{"Stage":"Prospect"},)"
             R"("Customer":{"Account":{"CompanyName":"A","Address":{"City":"B"}}},)"
             R"("Project":{"ExpectedCustomerSpend":[{"Amount":"1","CurrencyCode":"USD"}],)"
             R"("ExpectedContractDuration":{"Value":"1"}}})"_ba);
}

void tst_ResponseParser::parse_passesUnknownEnumValuesThrough()
{
    const OpportunitySummary s = parseOne(
            R"({"Catalog":"Marketplace","OpportunityType":"Upsell","LifeCycle":{"Stage":"Negotiation",
                "ReviewStatus":"IN_REVIEW","ClosedLostReason":"Budget"},
                "Customer":{"Account":{"Industry":"Robotics","Address":{"CountryCode":"XK"}}},
                "Project":{"DeliveryModels":["Hybrid"],"ExpectedCustomerSpend":[{"CurrencyCode":"XBT",
                "Frequency":"Yearly","TargetCompany":"Partner"}],
                "ExpectedContractDuration":{"Term":"Weeks","Value":"x"}}})");
    QCOMPARE(s.catalog, u"Marketplace"_s);
    QCOMPARE(s.opportunityType, u"Upsell"_s);
    QCOMPARE(s.stage, u"Negotiation"_s);
    QCOMPARE(s.reviewStatus, u"IN_REVIEW"_s);
    QCOMPARE(s.closedLostReason, u"Budget"_s);
    QCOMPARE(s.industry, u"Robotics"_s);
    QCOMPARE(s.countryCode, u"XK"_s);
    QCOMPARE(s.deliveryModels, QStringList{u"Hybrid"_s});
    QCOMPARE(s.expectedCustomerSpend.first().currencyCode, u"XBT"_s);
    QCOMPARE(s.expectedCustomerSpend.first().frequency, u"Yearly"_s);
    QCOMPARE(s.expectedContractDurationTerm, u"Weeks"_s);
}

void tst_ResponseParser::parse_decodesEscapesAndSurrogates()
{
    const OpportunitySummary s = parseOne(
            R"({"Catalog":"AWS","Id":"\u004F\u0031","Arn":"\ud83d\ude00 \u20ac \/ \\ \" \b\f\n\r\t",)"
            R"("PartnerOpportunityIdentifier":"nul\u0000byte","LifeCycle":{"Stage":"Qualifi\u0065d"},)"
            R"("Customer":{"Account":{"CompanyName":"中文 Ελληνικά 😀"}}})");
    QCOMPARE(s.id, u"O1"_s);
    QCOMPARE(s.arn, u"😀 € / \\ \" \b\f\n\r\t"_s);
    QCOMPARE(s.arn.at(0).unicode(), char16_t(0xD83D));
    QCOMPARE(s.arn.at(1).unicode(), char16_t(0xDE00));
    QCOMPARE(s.partnerOpportunityIdentifier.size(), 8);
    QCOMPARE(s.partnerOpportunityIdentifier.at(3), QChar(0));
    QCOMPARE(s.stage, u"Qualified"_s);
    QCOMPARE(s.companyName, u"中文 Ελληνικά 😀"_s);
    const QByteArray json = s.toJson();
    QVERIFY(json.contains(R"("nul\u0000byte")"));
    QVERIFY(json.contains("\"\xF0\x9F\x98\x80 \xE2\x82\xAC / \\\\ \\\" \\b\\f\\n\\r\\t\""));
    QVERIFY(parseOne(json) == s);

    // A lone surrogate is not valid JSON text for simdjson; the page is refused, not crashed.
    ListOpportunitiesResponse response;
    QString error;
    QVERIFY(!ListOpportunitiesResponse::parse(page(R"({"Catalog":"AWS","Id":"\ud83d"})"), &response,
                                              &error));
    QVERIFY(!error.isEmpty());
}

void tst_ResponseParser::parse_timestamps_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<qint64>("msecs");
    const qint64 aug1 = 1785542400000; // 2026-08-01T00:00:00Z
    QTest::newRow("seconds") << "2026-08-01T00:00:00Z"_ba << aug1;
    QTest::newRow("milliseconds") << "2026-08-01T00:00:00.123Z"_ba << aug1 + 123;
    QTest::newRow("microseconds") << "2026-08-01T00:00:00.123456Z"_ba << aug1 + 123;
    QTest::newRow("one digit") << "2026-08-01T00:00:00.5Z"_ba << aug1 + 500;
    QTest::newRow("positive offset") << "2026-08-01T05:30:00+05:30"_ba << aug1;
    QTest::newRow("negative offset") << "2026-07-31T20:00:00.250-04:00"_ba << aug1 + 250;
    QTest::newRow("lower case") << "2026-08-01t00:00:00z"_ba << aug1;
    QTest::newRow("date only") << "2026-08-01"_ba << OpportunitySummary::NoTime;
    QTest::newRow("garbage") << "soon"_ba << OpportunitySummary::NoTime;
    QTest::newRow("empty") << QByteArray() << OpportunitySummary::NoTime;
}

void tst_ResponseParser::parse_timestamps()
{
    QFETCH(QByteArray, wire);
    QFETCH(qint64, msecs);
    const OpportunitySummary s = parseOne(R"({"Catalog":"AWS","LastModifiedDate":")" + wire
                                          + R"(","CreatedDate":")" + wire + R"("})");
    QCOMPARE(s.lastModifiedDate, QString::fromUtf8(wire));
    QVERIFY(!s.lastModifiedDate.isNull());
    QCOMPARE(s.lastModifiedDateMs, msecs);
    QCOMPARE(s.createdDate, QString::fromUtf8(wire));
    QCOMPARE(s.createdDateMs, msecs);
    // The wire text is written back unchanged.
    QVERIFY(s.toJson().contains("\"LastModifiedDate\":\"" + wire + "\""));
}

void tst_ResponseParser::parse_nextToken_data()
{
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QString>("token");
    QTest::newRow("absent") << QByteArray() << QString();
    QTest::newRow("null") << R"(,"NextToken":null)"_ba << QString();
    QTest::newRow("empty") << R"(,"NextToken":"")"_ba << QString();
    QTest::newRow("opaque") << R"(,"NextToken":"AAQA-\u002bx/y==")"_ba << u"AAQA-+x/y=="_s;
}

void tst_ResponseParser::parse_nextToken()
{
    QFETCH(QByteArray, extra);
    QFETCH(QString, token);
    ListOpportunitiesResponse response;
    QString error;
    QVERIFY2(ListOpportunitiesResponse::parse(page({}, extra), &response, &error),
             qPrintable(error));
    QVERIFY(response.opportunitySummaries.isEmpty());
    QCOMPARE(response.nextToken, token);
    QCOMPARE(response.nextToken.isEmpty(), token.isEmpty());
}

void tst_ResponseParser::parse_sharesRepeatedEnumValues()
{
    ListOpportunitiesResponse response;
    QString error;
    const QByteArray one = R"({"Catalog":"AWS","Id":"O1","LifeCycle":{"Stage":"Committed"},
        "Customer":{"Account":{"CompanyName":"Same","Address":{"CountryCode":"US"}}},
        "Project":{"DeliveryModels":["Resell"]}})"_ba;
    QVERIFY(ListOpportunitiesResponse::parse(page(one + ',' + one), &response, &error));
    const OpportunitySummary &a = response.opportunitySummaries.at(0);
    const OpportunitySummary &b = response.opportunitySummaries.at(1);
    QCOMPARE(a.stage.constData(), b.stage.constData());
    QCOMPARE(a.catalog.constData(), b.catalog.constData());
    QCOMPARE(a.countryCode.constData(), b.countryCode.constData());
    QCOMPARE(a.deliveryModels.first().constData(), b.deliveryModels.first().constData());
    // Free text is not interned.
    QVERIFY(a.companyName.constData() != b.companyName.constData());
    // Interned values are ordinary implicitly shared strings.
    QString stage = a.stage;
    stage.append(u'!');
    QCOMPARE(b.stage, u"Committed"_s);
}

void tst_ResponseParser::parse_rejectsWrongTypesWithPath_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");

    const auto summary = [](const char *json) { return page(QByteArray(json)); };
    QTest::newRow("empty body") << QByteArray() << u"not valid JSON"_s;
    QTest::newRow("truncated") << R"({"OpportunitySummaries":[{"Catalog":"AWS"})"_ba
                               << u"not valid JSON"_s;
    QTest::newRow("invalid UTF-8")
            << "{\"OpportunitySummaries\":[{\"Id\":\"\xFF\"}]}"_ba << u"not valid JSON"_s;
    QTest::newRow("trailing garbage")
            << R"({"OpportunitySummaries":[]} x)"_ba << u"not valid JSON"_s;
    QTest::newRow("array body") << "[]"_ba << u"not a JSON object"_s;
    QTest::newRow("no summaries") << R"({"NextToken":"x"})"_ba << u"OpportunitySummaries"_s;
    QTest::newRow("null summaries")
            << R"({"OpportunitySummaries":null})"_ba << u"OpportunitySummaries"_s;
    QTest::newRow("summaries object")
            << R"({"OpportunitySummaries":{}})"_ba << u"OpportunitySummaries must be a list"_s;
    QTest::newRow("summary number") << R"({"OpportunitySummaries":[{},1]})"_ba
                                    << u"OpportunitySummaries[1] must be an object"_s;
    QTest::newRow("summary null") << R"({"OpportunitySummaries":[null]})"_ba
                                  << u"OpportunitySummaries[0] must be an object"_s;
    QTest::newRow("next token number")
            << R"({"OpportunitySummaries":[],"NextToken":5})"_ba << u"NextToken must be a string"_s;
    QTest::newRow("id number") << summary(R"({"Catalog":"AWS","Id":1234567})")
                               << u"OpportunitySummaries[0].Id must be a string"_s;
    QTest::newRow("catalog bool") << summary(R"({"Catalog":true})")
                                  << u"OpportunitySummaries[0].Catalog must be a string"_s;
    QTest::newRow("epoch timestamp")
            << summary(R"({"Catalog":"AWS","LastModifiedDate":1785542400})")
            << u"OpportunitySummaries[0].LastModifiedDate must be a date-time string"_s;
    QTest::newRow("second summary stage")
            << page(R"({"Catalog":"AWS"},{"Catalog":"AWS","LifeCycle":{"Stage":["Qualified"]}})")
            << u"OpportunitySummaries[1].LifeCycle.Stage must be a string"_s;
    QTest::newRow("life cycle list") << summary(R"({"Catalog":"AWS","LifeCycle":[]})")
                                     << u"OpportunitySummaries[0].LifeCycle must be an object"_s;
    QTest::newRow("account string")
            << summary(R"({"Catalog":"AWS","Customer":{"Account":"Acme"}})")
            << u"OpportunitySummaries[0].Customer.Account must be an object"_s;
    QTest::newRow("country number")
            << summary(R"({"Catalog":"AWS","Customer":{"Account":{"Address":{"CountryCode":1}}}})")
            << u"OpportunitySummaries[0].Customer.Account.Address.CountryCode must be a string"_s;
    QTest::newRow("delivery models object")
            << summary(R"({"Catalog":"AWS","Project":{"DeliveryModels":{"0":"Resell"}}})")
            << u"OpportunitySummaries[0].Project.DeliveryModels must be a list"_s;
    QTest::newRow("delivery model number")
            << summary(R"({"Catalog":"AWS","Project":{"DeliveryModels":["Resell",2]}})")
            << u"OpportunitySummaries[0].Project.DeliveryModels[1] must be a string"_s;
    QTest::newRow("spend amount number")
            << summary(R"({"Catalog":"AWS","Project":{"ExpectedCustomerSpend":[{"Amount":"1"},{"Amount":1000.5}]}})")
            << u"OpportunitySummaries[0].Project.ExpectedCustomerSpend[1].Amount must be a string"_s;
    QTest::newRow("spend item null")
            << summary(R"({"Catalog":"AWS","Project":{"ExpectedCustomerSpend":[null]}})")
            << u"OpportunitySummaries[0].Project.ExpectedCustomerSpend[0] must be an object"_s;
    QTest::newRow("spend object")
            << summary(R"({"Catalog":"AWS","Project":{"ExpectedCustomerSpend":{"Amount":"1"}}})")
            << u"OpportunitySummaries[0].Project.ExpectedCustomerSpend must be a list"_s;
    QTest::newRow("duration value number")
            << summary(R"({"Catalog":"AWS","Project":{"ExpectedContractDuration":{"Value":12}}})")
            << u"OpportunitySummaries[0].Project.ExpectedContractDuration.Value must be a string"_s;
    QTest::newRow("project string") << summary(R"({"Catalog":"AWS","Project":"x"})")
                                    << u"OpportunitySummaries[0].Project must be an object"_s;
}

void tst_ResponseParser::parse_rejectsWrongTypesWithPath()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    ListOpportunitiesResponse response;
    response.nextToken = u"stale"_s;
    response.opportunitySummaries.append(OpportunitySummary{});
    QString error;
    QVERIFY(!ListOpportunitiesResponse::parse(body, &response, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(response.opportunitySummaries.isEmpty());
    QVERIFY(response.nextToken.isEmpty());
    // A null error pointer is allowed.
    QVERIFY(!ListOpportunitiesResponse::parse(body, &response, nullptr));
}

void tst_ResponseParser::parse_survivesHugeAndHostileInput()
{
    ListOpportunitiesResponse response;
    QString error;

    // A 12 MB string (above the size kept in the per-thread parser) and then a normal page.
    const QByteArray huge(12 * 1024 * 1024, 'x');
    QVERIFY(ListOpportunitiesResponse::parse(page(R"({"Catalog":"AWS","Arn":")" + huge + "\"}"),
                                             &response, &error));
    QCOMPARE(response.opportunitySummaries.first().arn.size(), huge.size());
    QVERIFY(ListOpportunitiesResponse::parse(page(FullSummary), &response, &error));
    QCOMPARE(response.opportunitySummaries.size(), 1);

    // Far more items than any MaxResults.
    QByteArray many;
    for (int i = 0; i < 5000; ++i) {
        many += i ? "," : "";
        many += R"({"Catalog":"AWS","Id":"O)" + QByteArray::number(i) + "\"}";
    }
    QVERIFY(ListOpportunitiesResponse::parse(page(many), &response, &error));
    QCOMPARE(response.opportunitySummaries.size(), 5000);
    QCOMPARE(response.opportunitySummaries.last().id, u"O4999"_s);

    // Thousands of distinct enum values (more than the intern table keeps) and over-long ones
    // still come back exactly as sent.
    QByteArray distinct;
    for (int i = 0; i < 3000; ++i) {
        distinct += i ? "," : "";
        distinct += R"({"Catalog":"AWS","LifeCycle":{"Stage":"Stage )" + QByteArray::number(i)
                    + R"("},"Customer":{"Account":{"Industry":")" + QByteArray(70 + i % 5, 'i')
                    + "\"}}}";
    }
    QVERIFY(ListOpportunitiesResponse::parse(page(distinct), &response, &error));
    QCOMPARE(response.opportunitySummaries.size(), 3000);
    for (int i = 0; i < 3000; ++i) {
        const OpportunitySummary &s = response.opportunitySummaries.at(i);
        QCOMPARE(s.stage, u"Stage "_s + QString::number(i));
        QCOMPARE(s.industry, QString(70 + i % 5, u'i'));
    }
    QCOMPARE(parseOne(R"({"Catalog":"AWS","LifeCycle":{"Stage":"Qualified"}})").stage,
             u"Qualified"_s);

    // Very deep nesting in an unknown member is refused by simdjson's depth limit.
    const QByteArray deep = QByteArray(5000, '[') + QByteArray(5000, ']');
    QVERIFY(!ListOpportunitiesResponse::parse(R"({"OpportunitySummaries":[],"Deep":)" + deep + "}",
                                              &response, &error));
    QVERIFY(!error.isEmpty());

    // Duplicate members: the last one wins, nothing leaks or crashes.
    const OpportunitySummary dup = parseOne(
            R"({"Catalog":"AWS","Id":"O1","Id":"O2","Project":{"DeliveryModels":["a"],"DeliveryModels":["b","c"]}})");
    QCOMPARE(dup.id, u"O2"_s);
    QCOMPARE(dup.deliveryModels, (QStringList{u"b"_s, u"c"_s}));

    // Large numbers, negative zero and exotic literals in unknown members are ignored.
    QVERIFY(ListOpportunitiesResponse::parse(
            R"({"OpportunitySummaries":[{"Catalog":"AWS","X":1e308,"Y":-0,"Z":18446744073709551615}]})",
            &response, &error));
}

void tst_ResponseParser::toJson_writesModelOrder()
{
    const OpportunitySummary s = parseOne(FullSummary);
    QCOMPARE(
            s.toJson(),
            QByteArray(
                    R"({"Catalog":"AWS","Id":"O1234567",)"
                    R"("Arn":"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/O1234567",)"
                    R"("PartnerOpportunityIdentifier":"CRM-42","OpportunityType":"Net New Business",)"
                    R"("LastModifiedDate":"2026-08-01T10:15:30.123Z","CreatedDate":"2026-06-02T08:00:00Z",)"
                    R"("LifeCycle":{"Stage":"Qualified","ClosedLostReason":"Lost to Competitor - Other",)"
                    R"("NextSteps":"Call \"Bob\"\nthen\tsend quote","TargetCloseDate":"2026-12-31",)"
                    R"("ReviewStatus":"In review","ReviewComments":"Looks good","ReviewStatusReason":"Complete"},)"
                    R"("Customer":{"Account":{"Industry":"Other","OtherIndustry":"Space mining",)"
                    "\"CompanyName\":\"Example Corp \xC3\xA9\xF0\x9F\x98\x80\","
                    R"("WebsiteUrl":"https://example.com","Address":{)"
                    "\"City\":\"Z\xC3\xBCrich\","
                    R"("PostalCode":"8001","StateOrRegion":"ZH","CountryCode":"CH"}}},)"
                    R"("Project":{"DeliveryModels":["SaaS or PaaS","Professional Services"],)"
                    R"("ExpectedCustomerSpend":[{"Amount":"1000.00","CurrencyCode":"USD","Frequency":"Monthly",)"
                    R"("TargetCompany":"AWS","EstimationUrl":"https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef"},)"
                    R"({"Amount":"","CurrencyCode":"EUR","Frequency":"None","TargetCompany":"Self"}],)"
                    R"("ExpectedContractDuration":{"Term":"Months","Value":"12"}}})"));
}

void tst_ResponseParser::toJson_roundTrips_data()
{
    QTest::addColumn<QByteArray>("summary");
    QTest::newRow("full") << FullSummary;
    QTest::newRow("catalog only") << R"({"Catalog":"AWS"})"_ba;
    QTest::newRow("nothing at all") << "{}"_ba;
    QTest::newRow("empty nested")
            << R"({"Catalog":"AWS","LifeCycle":{},"Customer":{"Account":{}},"Project":{}})"_ba;
    QTest::newRow("control characters")
            << R"({"Catalog":"AWS","LifeCycle":{"NextSteps":"\u0001\u001f\u007f\u2028"}})"_ba;
    QTest::newRow("unparsable timestamp") << R"({"Catalog":"AWS","CreatedDate":"later"})"_ba;
    QTest::newRow("spend without members")
            << R"({"Catalog":"AWS","Project":{"ExpectedCustomerSpend":[{},{}]}})"_ba;
    // A duplicate key whose last value is null leaves the object absent, members and all.
    QTest::newRow("duration, then null")
            << R"({"Project":{"ExpectedContractDuration":{"Term":"Months","Value":"36"},)"
               R"("ExpectedContractDuration":null}})"_ba;
    QTest::newRow("life cycle, then null")
            << R"({"LifeCycle":{"Stage":"Launched"},"LifeCycle":null})"_ba;
    QTest::newRow("address, then null")
            << R"({"Customer":{"Account":{"Address":{"City":"Ulm"},"Address":null}}})"_ba;
    QTest::newRow("account, then null")
            << R"({"Customer":{"Account":{"CompanyName":"X","Address":{"City":"Ulm"}},)"
               R"("Account":null}})"_ba;
    QTest::newRow("customer, then null")
            << R"({"Customer":{"Account":{"Industry":"Other"}},"Customer":null})"_ba;
    QTest::newRow("project, then null")
            << R"({"Project":{"DeliveryModels":["Resell"],"ExpectedContractDuration":)"
               R"({"Value":"6"}},"Project":null})"_ba;
}

void tst_ResponseParser::toJson_roundTrips()
{
    QFETCH(QByteArray, summary);
    const OpportunitySummary first = parseOne(summary);
    const OpportunitySummary second = parseOne(first.toJson());
    QVERIFY(second == first);
    QCOMPARE(second.toJson(), first.toJson());
}

void tst_ResponseParser::toJson_writesNestedMembersSetWithoutFlags()
{
    OpportunitySummary s;
    s.catalog = u"AWS"_s;
    s.stage = u"Launched"_s;
    s.countryCode = u"DE"_s;
    s.deliveryModels = QStringList{u"Resell"_s};
    s.expectedContractDurationValue = u"6"_s;
    QCOMPARE(
            s.toJson(),
            R"({"Catalog":"AWS","LifeCycle":{"Stage":"Launched"},)"
            R"("Customer":{"Account":{"Address":{"CountryCode":"DE"}}},)"
            R"("Project":{"DeliveryModels":["Resell"],"ExpectedContractDuration":{"Value":"6"}}})"_ba);
}

void tst_ResponseParser::fields_namesAndOrder()
{
    const QList<OpportunityField> fields = OpportunityFields::all();
    QCOMPARE(fields.size(), OpportunityFieldCount);
    QStringList names;
    for (const OpportunityField field : fields) {
        names.append(OpportunityFields::name(field));
    }
    QCOMPARE(names, (QStringList{u"Id"_s,
                                 u"Catalog"_s,
                                 u"Arn"_s,
                                 u"PartnerOpportunityIdentifier"_s,
                                 u"OpportunityType"_s,
                                 u"CreatedDate"_s,
                                 u"LastModifiedDate"_s,
                                 u"LifeCycle.Stage"_s,
                                 u"LifeCycle.ReviewStatus"_s,
                                 u"LifeCycle.ReviewStatusReason"_s,
                                 u"LifeCycle.ReviewComments"_s,
                                 u"LifeCycle.NextSteps"_s,
                                 u"LifeCycle.TargetCloseDate"_s,
                                 u"LifeCycle.ClosedLostReason"_s,
                                 u"Customer.Account.CompanyName"_s,
                                 u"Customer.Account.Industry"_s,
                                 u"Customer.Account.OtherIndustry"_s,
                                 u"Customer.Account.WebsiteUrl"_s,
                                 u"Customer.Account.Address.City"_s,
                                 u"Customer.Account.Address.PostalCode"_s,
                                 u"Customer.Account.Address.StateOrRegion"_s,
                                 u"Customer.Account.Address.CountryCode"_s,
                                 u"Project.DeliveryModels"_s,
                                 u"Project.ExpectedCustomerSpend"_s,
                                 u"Project.ExpectedContractDuration.Value"_s,
                                 u"Project.ExpectedContractDuration.Term"_s}));
}

void tst_ResponseParser::fields_text_data()
{
    QTest::addColumn<OpportunityField>("field");
    QTest::addColumn<QString>("text");
    using F = OpportunityField;
    const auto row = [](F field, const QString &text) {
        QTest::newRow(qPrintable(OpportunityFields::name(field))) << field << text;
    };
    row(F::Id, u"O1234567"_s);
    row(F::Catalog, u"AWS"_s);
    row(F::Arn,
        u"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/O1234567"_s);
    row(F::PartnerOpportunityIdentifier, u"CRM-42"_s);
    row(F::OpportunityType, u"Net New Business"_s);
    row(F::CreatedDate, u"2026-06-02T08:00:00Z"_s);
    row(F::LastModifiedDate, u"2026-08-01T10:15:30.123Z"_s);
    row(F::Stage, u"Qualified"_s);
    row(F::ReviewStatus, u"In review"_s);
    row(F::ReviewStatusReason, u"Complete"_s);
    row(F::ReviewComments, u"Looks good"_s);
    row(F::NextSteps, u"Call \"Bob\"\nthen\tsend quote"_s);
    row(F::TargetCloseDate, u"2026-12-31"_s);
    row(F::ClosedLostReason, u"Lost to Competitor - Other"_s);
    row(F::CompanyName, u"Example Corp é😀"_s);
    row(F::Industry, u"Other"_s);
    row(F::OtherIndustry, u"Space mining"_s);
    row(F::WebsiteUrl, u"https://example.com"_s);
    row(F::City, u"Zürich"_s);
    row(F::PostalCode, u"8001"_s);
    row(F::StateOrRegion, u"ZH"_s);
    row(F::CountryCode, u"CH"_s);
    row(F::DeliveryModels, u"SaaS or PaaS; Professional Services"_s);
    row(F::ExpectedCustomerSpend,
        uR"([{"Amount":"1000.00","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS",)"
        uR"("EstimationUrl":"https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef"},)"
        uR"({"Amount":"","CurrencyCode":"EUR","Frequency":"None","TargetCompany":"Self"}])"_s);
    row(F::ExpectedContractDurationValue, u"12"_s);
    row(F::ExpectedContractDurationTerm, u"Months"_s);
}

void tst_ResponseParser::fields_text()
{
    QFETCH(OpportunityField, field);
    QFETCH(QString, text);
    const OpportunitySummary full = parseOne(FullSummary);
    QCOMPARE(OpportunityFields::text(full, field), text);
    QVERIFY(OpportunityFields::text(OpportunitySummary{}, field).isNull());
    // The same text in UTF-8, with every other field's beside it.
    Pd::Core::OpportunityFieldTexts texts;
    QByteArray scratch;
    OpportunityFields::texts(full, &texts, &scratch);
    QCOMPARE(texts[size_t(field)].toByteArray(), text.toUtf8());
    OpportunityFields::texts(OpportunitySummary{}, &texts, &scratch);
    QVERIFY(texts[size_t(field)].isEmpty());
}

void tst_ResponseParser::fields_apiSortKey_data()
{
    QTest::addColumn<OpportunityField>("field");
    QTest::addColumn<QString>("key");
    for (const OpportunityField field : OpportunityFields::all()) {
        QString key;
        switch (field) {
        case OpportunityField::Id:
            key = u"Identifier"_s;
            break;
        case OpportunityField::LastModifiedDate:
            key = u"LastModifiedDate"_s;
            break;
        case OpportunityField::CreatedDate:
            key = u"CreatedDate"_s;
            break;
        case OpportunityField::CompanyName:
            key = u"CustomerCompanyName"_s;
            break;
        case OpportunityField::TargetCloseDate:
            key = u"TargetCloseDate"_s;
            break;
        default:
            break;
        }
        QTest::newRow(qPrintable(OpportunityFields::name(field))) << field << key;
    }
}

void tst_ResponseParser::fields_apiSortKey()
{
    QFETCH(OpportunityField, field);
    QFETCH(QString, key);
    QCOMPARE(OpportunityFields::apiSortKey(field), key);
}

QTEST_GUILESS_MAIN(tst_ResponseParser)
#include "tst_responseparser.moc"
