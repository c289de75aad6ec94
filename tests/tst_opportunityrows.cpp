#include "csvwriter.h"
#include "datasetgenerator.h"
#include "listopportunitiesrequest.h"
#include "opportunityfield.h"
#include "opportunityrows.h"
#include "utf8text.h"

#include <QBuffer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

Q_DECLARE_METATYPE(Pd::Core::OpportunityField)

namespace {

OpportunitySummary full()
{
    OpportunitySummary s;
    s.catalog = u"AWS"_s;
    s.id = u"O1234567"_s;
    s.arn = u"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/O1234567"_s;
    s.partnerOpportunityIdentifier = u"CRM-42"_s;
    s.opportunityType = u"Net New Business"_s;
    s.lastModifiedDate = u"2026-03-01T10:00:00.123Z"_s;
    s.lastModifiedDateMs = Model::parseDateTime(s.lastModifiedDate).toMSecsSinceEpoch();
    s.createdDate = u"2025-01-02T03:04:05Z"_s;
    s.createdDateMs = Model::parseDateTime(s.createdDate).toMSecsSinceEpoch();
    s.hasLifeCycle = true;
    s.stage = u"Closed Lost"_s;
    s.closedLostReason = u"Price"_s;
    s.nextSteps = u"Call back, \"soon\"\nthen = send"_s;
    s.targetCloseDate = u"2026-12-31"_s;
    s.reviewStatus = u"In review"_s;
    s.reviewComments = u"ok"_s;
    s.reviewStatusReason = u"complete"_s;
    s.hasCustomer = true;
    s.hasAccount = true;
    s.industry = u"Other"_s;
    s.otherIndustry = u"Shipbuilding"_s;
    s.companyName = u"Müller & Söhne GmbH"_s;
    s.websiteUrl = u"https://example.com"_s;
    s.hasAddress = true;
    s.city = u"München"_s;
    s.postalCode = u"80331"_s;
    s.stateOrRegion = u"Bayern"_s;
    s.countryCode = u"DE"_s;
    s.hasProject = true;
    s.hasDeliveryModels = true;
    s.deliveryModels = {u"SaaS or PaaS"_s, u"Resell"_s};
    s.hasExpectedCustomerSpend = true;
    s.expectedCustomerSpend
            = {{u"1000.50"_s, u"EUR"_s, u"Monthly"_s, u"AWS"_s, u"https://calculator.aws/#/x"_s},
               {u"0"_s, QString(), u""_s, QString(), QString()}};
    s.hasExpectedContractDuration = true;
    s.expectedContractDurationTerm = u"Months"_s;
    s.expectedContractDurationValue = u"12"_s;
    return s;
}

} // namespace

class tst_OpportunityRows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_exact_data();
    void roundTrip_exact();
    void roundTrip_generatedDataset_throughTheParser();
    void decode_sameRowsAsTheResponseParser_data();
    void decode_sameRowsAsTheResponseParser();
    void decode_invalidBody_failsLikeTheResponseParser_data();
    void decode_invalidBody_failsLikeTheResponseParser();
    void oneField_sameTextAsTheFullRow();
    void texts_sameAsTheFieldTextOfTheRow();
    void csv_sameBytesAsTheRebuiltRows_data();
    void csv_sameBytesAsTheRebuiltRows();
    void fullTable_storesFurtherValuesInline();
    void memory_aFewHundredBytesPerRow();
    void clear_forgetsEverything();
};

void tst_OpportunityRows::roundTrip_exact_data()
{
    QTest::addColumn<OpportunitySummary>("summary");
    QTest::newRow("every member") << full();
    QTest::newRow("nothing at all") << OpportunitySummary();

    OpportunitySummary empty;
    empty.catalog = u""_s;
    empty.id = u""_s;
    empty.arn = u""_s;
    empty.stage = u""_s;
    empty.companyName = u""_s;
    empty.lastModifiedDate = u""_s;
    empty.deliveryModels = {u""_s};
    QTest::newRow("present but empty") << empty;

    OpportunitySummary wide = full();
    wide.companyName = u"株式会社サンプル 🚀"_s;
    wide.stage = u"Qualifiziert ✓"_s;
    wide.arn = u"arn:aws:partnercentral:us-east-1:1:catalog/AWS/opportunity/Ö1"_s;
    QTest::newRow("beyond ASCII") << wide;

    OpportunitySummary dates = full();
    dates.lastModifiedDate = u"2026-03-01T10:00:00.000Z"_s; // not the canonical form
    dates.createdDate = u"2025-01-02T05:04:05+02:00"_s;
    dates.createdDateMs = Model::parseDateTime(dates.createdDate).toMSecsSinceEpoch();
    QTest::newRow("non-canonical date-times") << dates;

    OpportunitySummary unparsable = full();
    unparsable.lastModifiedDate = u"yesterday"_s;
    unparsable.lastModifiedDateMs = OpportunitySummary::NoTime;
    QTest::newRow("unparsable date-time") << unparsable;

    OpportunitySummary far = full();
    far.createdDate = u"+012026-03-01T10:00:00Z"_s;
    far.createdDateMs = 317'300'000'000'000;
    QTest::newRow("date-time beyond year 9999") << far;

    OpportunitySummary arns = full();
    arns.arn = u"no-slash-here"_s;
    QTest::newRow("Arn without a slash") << arns;
    arns.arn = u"arn:aws:partnercentral:us-east-1:1:catalog/AWS/opportunity/O999"_s;
    QTest::newRow("Arn of another Id") << arns;
    arns.arn = u"arn:aws:partnercentral:us-east-1:1:catalog/AWS/opportunity/"_s;
    QTest::newRow("Arn ending in a slash") << arns;
    arns.id = QString();
    QTest::newRow("Arn without Id") << arns;
}

void tst_OpportunityRows::roundTrip_exact()
{
    QFETCH(OpportunitySummary, summary);
    OpportunityRows rows;
    rows.append(full());
    rows.append(summary);
    rows.append(summary);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0), full());
    const OpportunitySummary back = rows.at(1);
    QCOMPARE(back, summary);
    QCOMPARE(rows.at(2), summary);
    // Absent and empty stay apart, member by member.
    QCOMPARE(back.id.isNull(), summary.id.isNull());
    QCOMPARE(back.arn.isNull(), summary.arn.isNull());
    QCOMPARE(back.stage.isNull(), summary.stage.isNull());
    QCOMPARE(back.companyName.isNull(), summary.companyName.isNull());
    QCOMPARE(back.lastModifiedDate.isNull(), summary.lastModifiedDate.isNull());
    QCOMPARE(rows.lastModifiedDateMs(1), summary.lastModifiedDateMs);
    QCOMPARE(rows.createdDateMs(1), summary.createdDateMs);
}

void tst_OpportunityRows::roundTrip_generatedDataset_throughTheParser()
{
    const Pd::Emulator::DatasetGenerator generator(5, u"us-east-1"_s, u"123456789012"_s);
    QList<OpportunitySummary> generated;
    QByteArray page = "{\"OpportunitySummaries\":[";
    for (int i = 0; i < 3000; ++i) {
        generated.append(generator.summary(u"AWS"_s, i));
        page += (i ? "," : "") + generated.last().toJson();
    }
    page += "]}";
    ListOpportunitiesResponse response;
    QString error;
    QVERIFY2(ListOpportunitiesResponse::parse(page, &response, &error), qPrintable(error));
    QCOMPARE(response.opportunitySummaries, generated);

    OpportunityRows rows;
    rows.append(response.opportunitySummaries);
    QCOMPARE(rows.size(), generated.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows.at(i), generated.at(i));
    }

    OpportunityRows decoded;
    OpportunityRows::Page decodedPage;
    QVERIFY2(decoded.decode(page, &decodedPage, &error), qPrintable(error));
    QCOMPARE(decodedPage.size(), generated.size());
    decoded.append(std::move(decodedPage));
    QCOMPARE(decoded.size(), generated.size());
    for (qsizetype i = 0; i < decoded.size(); ++i) {
        QCOMPARE(decoded.at(i), generated.at(i));
        QCOMPARE(decoded.lastModifiedDateMs(i), generated.at(i).lastModifiedDateMs);
        QCOMPARE(decoded.createdDateMs(i), generated.at(i).createdDateMs);
    }
}

void tst_OpportunityRows::decode_sameRowsAsTheResponseParser_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("every member") << "{\"OpportunitySummaries\":[" + full().toJson()
                                             + "],\"NextToken\":\"abc\"}";
    QTest::newRow("no summaries, null token")
            << QByteArray(R"({"OpportunitySummaries":[],"NextToken":null})");
    QTest::newRow("nulls are absent")
            << QByteArray(R"({"OpportunitySummaries":[{"Catalog":"AWS","Id":null,"Arn":null,)"
                          R"("LifeCycle":null,"Customer":{"Account":null},)"
                          R"("Project":{"DeliveryModels":null,"ExpectedCustomerSpend":null,)"
                          R"("ExpectedContractDuration":null}}]})");
    QTest::newRow("empty strings and objects")
            << QByteArray(R"({"OpportunitySummaries":[{"Catalog":"","Id":"","Arn":"",)"
                          R"("LastModifiedDate":"","LifeCycle":{},)"
                          R"("Customer":{"Account":{"Address":{}}},)"
                          R"("Project":{"DeliveryModels":[""],"ExpectedCustomerSpend":[{}]}}]})");
    QTest::newRow("escapes and non-ASCII")
            << QByteArray(R"({"OpportunitySummaries":[{"Catalog":"AWS","Id":"O1",)"
                          R"("Arn":"arn:x/O1","Customer":{"Account":{)"
                          R"("CompanyName":"\u00e9t\u00e9 \"Q\"\n\ud83d\ude80",)"
                          R"("Industry":"Caf\u00e9"}},"LifeCycle":{"Stage":"\u30c6\u30b9"}}]})");
    QTest::newRow("unknown members, any order")
            << QByteArray(R"({"Extra":{"a":[1,2]},"NextToken":"t","OpportunitySummaries":[)"
                          R"({"Project":{"X":1,"DeliveryModels":["Resell"]},"Unknown":true,)"
                          R"("CreatedDate":"2025-01-02T05:04:05+02:00","Id":"O2",)"
                          R"("LastModifiedDate":"2026-03-01T10:00:00.000Z"}]})");
    QTest::newRow("unparsable date-time")
            << QByteArray(R"({"OpportunitySummaries":[{"LastModifiedDate":"soon","Id":"O3"}]})");
    QTest::newRow("repeated members: the parser's rule")
            << QByteArray(R"({"OpportunitySummaries":[{"Id":"O4","Id":"O5",)"
                          R"("LifeCycle":{"Stage":"Prospect"},"LifeCycle":null}]})");
    QTest::newRow("repeated lists and tokens: the parser's rule")
            << QByteArray(R"({"OpportunitySummaries":[{"Id":"O6"}],"NextToken":"t",)"
                          R"("OpportunitySummaries":[{"Id":"O7"}],"NextToken":null})");
}

void tst_OpportunityRows::decode_sameRowsAsTheResponseParser()
{
    QFETCH(QByteArray, body);
    ListOpportunitiesResponse response;
    QString error;
    QVERIFY2(ListOpportunitiesResponse::parse(body, &response, &error), qPrintable(error));
    OpportunityRows rows;
    OpportunityRows::Page page;
    QVERIFY2(rows.decode(body, &page, &error), qPrintable(error));
    QCOMPARE(page.nextToken, response.nextToken);
    QCOMPARE(page.size(), response.opportunitySummaries.size());
    rows.append(std::move(page));
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const OpportunitySummary expected = response.opportunitySummaries.at(i);
        const OpportunitySummary actual = rows.at(i);
        QCOMPARE(actual, expected);
        QCOMPARE(actual.id.isNull(), expected.id.isNull());
        QCOMPARE(actual.arn.isNull(), expected.arn.isNull());
        QCOMPARE(actual.catalog.isNull(), expected.catalog.isNull());
        QCOMPARE(actual.lastModifiedDate.isNull(), expected.lastModifiedDate.isNull());
    }
}

void tst_OpportunityRows::decode_invalidBody_failsLikeTheResponseParser_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("not JSON") << QByteArray("{\"OpportunitySummaries\":[");
    QTest::newRow("no list") << QByteArray(R"({"NextToken":"x"})");
    QTest::newRow("wrong type") << QByteArray(R"({"OpportunitySummaries":[{"Id":42}]})");
    QTest::newRow("nested wrong type")
            << QByteArray(R"({"OpportunitySummaries":[{"Project":{"DeliveryModels":[1]}}]})");
}

void tst_OpportunityRows::decode_invalidBody_failsLikeTheResponseParser()
{
    QFETCH(QByteArray, body);
    ListOpportunitiesResponse response;
    QString expected;
    QVERIFY(!ListOpportunitiesResponse::parse(body, &response, &expected));
    OpportunityRows rows;
    OpportunityRows::Page page;
    QString error;
    QVERIFY(!rows.decode(body, &page, &error));
    QCOMPARE(error, expected);
    QCOMPARE(page.size(), 0);
}

void tst_OpportunityRows::oneField_sameTextAsTheFullRow()
{
    const Pd::Emulator::DatasetGenerator generator(3, u"us-east-1"_s, u"123456789012"_s);
    OpportunityRows rows;
    QList<OpportunitySummary> summaries{full(), OpportunitySummary()};
    for (int i = 0; i < 500; ++i) {
        summaries.append(generator.summary(u"AWS"_s, i));
    }
    rows.append(summaries);
    for (qsizetype row = 0; row < rows.size(); ++row) {
        for (const OpportunityField field : OpportunityFields::all()) {
            const OpportunitySummary partial = rows.at(row, field);
            QCOMPARE(OpportunityFields::text(partial, field),
                     OpportunityFields::text(summaries.at(row), field));
            QCOMPARE(partial.lastModifiedDateMs, summaries.at(row).lastModifiedDateMs);
            QCOMPARE(partial.createdDateMs, summaries.at(row).createdDateMs);
        }
    }
    // Nothing else is rebuilt.
    QVERIFY(rows.at(0, OpportunityField::Stage).companyName.isNull());
    QCOMPARE(rows.at(0, OpportunityField::Stage).stage, u"Closed Lost"_s);
}

namespace {

/// Rows that exercise every encoding: generated ones, hand-made edge cases, and both ways in.
OpportunityRows mixedRows(QList<OpportunitySummary> *expected)
{
    const Pd::Emulator::DatasetGenerator generator(9, u"us-east-1"_s, u"123456789012"_s);
    QList<OpportunitySummary> summaries{full(), OpportunitySummary()};
    OpportunitySummary odd = full();
    odd.companyName = u"=cmd|' /C calc'!A0"_s;
    odd.nextSteps = u"\tleading tab, \"quoted\"\r\nand lines "_s;
    odd.city = u"\uFEFFBOM"_s;
    odd.stage = u" padded "_s;
    odd.reviewComments = u"株式会社 🚀"_s;
    odd.lastModifiedDate = u"2026-03-01T10:00:00.000Z"_s;
    odd.arn = u"no-slash"_s;
    odd.deliveryModels = {};
    odd.hasDeliveryModels = true;
    odd.expectedCustomerSpend = {{u"1\"0"_s, u"€"_s, QString(), u"AWS"_s, u"http://x/\\y"_s}};
    summaries.append(odd);
    for (int i = 0; i < 600; ++i) {
        summaries.append(generator.summary(u"AWS"_s, i));
    }
    OpportunityRows rows;
    rows.append(summaries);
    QByteArray page = "{\"OpportunitySummaries\":[";
    for (qsizetype i = 0; i < summaries.size(); ++i) {
        page += (i ? "," : "") + summaries.at(i).toJson();
    }
    page += "]}";
    OpportunityRows::Page decoded;
    QString error;
    if (!rows.decode(page, &decoded, &error)) {
        qWarning() << error;
    }
    rows.append(std::move(decoded));
    ListOpportunitiesResponse parsed;
    ListOpportunitiesResponse::parse(page, &parsed, &error);
    *expected = summaries + parsed.opportunitySummaries;
    return rows;
}

} // namespace

void tst_OpportunityRows::texts_sameAsTheFieldTextOfTheRow()
{
    QList<OpportunitySummary> expected;
    const OpportunityRows rows = mixedRows(&expected);
    QCOMPARE(rows.size(), expected.size());
    OpportunityRows::Texts texts;
    QByteArray scratch;
    for (qsizetype row = 0; row < rows.size(); ++row) {
        rows.texts(row, &texts, &scratch);
        for (const OpportunityField field : OpportunityFields::all()) {
            QCOMPARE(utf8ToString(texts[size_t(field)]),
                     OpportunityFields::text(expected.at(row), field));
        }
    }
}

void tst_OpportunityRows::csv_sameBytesAsTheRebuiltRows_data()
{
    QTest::addColumn<bool>("neutralize");
    QTest::addColumn<QList<OpportunityField>>("columns");
    QTest::newRow("every field, neutralised") << true << OpportunityFields::all();
    QTest::newRow("every field, raw") << false << OpportunityFields::all();
    QTest::newRow("one column") << true << QList<OpportunityField>{OpportunityField::OtherIndustry};
}

void tst_OpportunityRows::csv_sameBytesAsTheRebuiltRows()
{
    QFETCH(bool, neutralize);
    QFETCH(QList<OpportunityField>, columns);
    QList<OpportunitySummary> expected;
    const OpportunityRows rows = mixedRows(&expected);
    QList<int> order;
    for (int i = int(rows.size()) - 1; i >= 0; --i) {
        order.append(i);
    }
    QList<OpportunitySummary> rebuilt;
    for (const int row : order) {
        rebuilt.append(rows.at(row));
    }
    QBuffer direct;
    QBuffer viaSummaries;
    direct.open(QIODevice::WriteOnly);
    viaSummaries.open(QIODevice::WriteOnly);
    CsvWriter a(&direct);
    CsvWriter b(&viaSummaries);
    a.setNeutralizeFormulas(neutralize);
    b.setNeutralizeFormulas(neutralize);
    QVERIFY(a.writeRows(rows, order, 0, 10, columns));
    QVERIFY(a.writeRows(rows, order, 10, order.size() - 10, columns));
    QVERIFY(b.writeOpportunities(rebuilt, columns));
    QCOMPARE(a.rowsWritten(), b.rowsWritten());
    const QList<QByteArray> got = direct.data().split('\n');
    const QList<QByteArray> want = viaSummaries.data().split('\n');
    QCOMPARE(got.size(), want.size());
    for (qsizetype i = 0; i < got.size(); ++i) {
        QCOMPARE(got.at(i), want.at(i));
    }
}

void tst_OpportunityRows::fullTable_storesFurtherValuesInline()
{
    OpportunityRows rows;
    QList<OpportunitySummary> expected;
    for (int i = 0; i < 5000; ++i) {
        OpportunitySummary s = full();
        s.stage = u"Stage %1"_s.arg(i);
        s.countryCode = i % 2 ? u"DE"_s : u"US"_s;
        expected.append(s);
        rows.append(s);
    }
    for (qsizetype i = 0; i < rows.size(); i += 7) {
        QCOMPARE(rows.at(i), expected.at(i));
    }
    QCOMPARE(rows.at(4999), expected.at(4999));
}

void tst_OpportunityRows::memory_aFewHundredBytesPerRow()
{
    const Pd::Emulator::DatasetGenerator generator(1, u"us-east-1"_s, u"123456789012"_s);
    OpportunityRows rows;
    constexpr int Count = 20000;
    for (int i = 0; i < Count; ++i) {
        rows.append(generator.summary(u"AWS"_s, i));
    }
    const double perRow = double(rows.memoryUsed()) / Count;
    qInfo("%.0f bytes per row", perRow);
    QVERIFY2(perRow < 400, QByteArray::number(perRow));
}

void tst_OpportunityRows::clear_forgetsEverything()
{
    OpportunityRows rows;
    rows.append(full());
    rows.clear();
    QVERIFY(rows.isEmpty());
    QCOMPARE(rows.size(), 0);
    OpportunitySummary other = full();
    other.stage = u"Prospect"_s;
    rows.append(other);
    QCOMPARE(rows.at(0), other);
}

QTEST_GUILESS_MAIN(tst_OpportunityRows)
#include "tst_opportunityrows.moc"
