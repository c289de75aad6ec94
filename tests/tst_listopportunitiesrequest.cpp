#include "apierror.h"
#include "listopportunitiesrequest.h"

#include <QTest>
#include <QTimeZone>

#include <functional>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

using Mutation = std::function<void(ListOpportunitiesRequest &)>;

QDateTime utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0,
              int ms = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), Qt::UTC);
}

ListOpportunitiesRequest minimalRequest()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    return request;
}

QStringList numbered(const QString &prefix, int count)
{
    QStringList values;
    for (int i = 1; i <= count; ++i) {
        values.append(prefix + QString::number(i));
    }
    return values;
}

ListOpportunitiesRequest fullRequest()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.maxResults = 100;
    request.nextToken = u"tok/en=="_s;
    request.sort = OpportunitySort{u"LastModifiedDate"_s, u"DESCENDING"_s};
    request.lastModifiedDate.after = utc(2026, 8, 1);
    request.lastModifiedDate.before = utc(2026, 8, 2, 12, 30, 45, 123);
    request.identifier = QStringList{u"O1"_s, u"O1234567890123456789"_s};
    request.lifeCycleStage = QStringList{u"Qualified"_s, u"Committed"_s};
    request.lifeCycleReviewStatus = QStringList{u"In review"_s};
    request.customerCompanyName = QStringList{u"Acme \"Quoted\" \\ Co"_s, u"Ünïcode 😀"_s};
    request.createdDate.before = utc(2026, 1, 1);
    request.targetCloseDate = DateRange{u"2026-12-01"_s, u"2026-12-31"_s};
    return request;
}

} // namespace

Q_DECLARE_METATYPE(Mutation)

class tst_ListOpportunitiesRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelLists_matchTheServiceModel();

    void validate_refusesEachConstraint_data();
    void validate_refusesEachConstraint();
    void validate_acceptsValidRequests_data();
    void validate_acceptsValidRequests();
    void validate_reportsOneErrorPerOffendingItem();
    void validate_messagesNameAllowedValuesAndLimits();

    void toJson_writesExactBytes_data();
    void toJson_writesExactBytes();
    void fromJson_roundTripsToJson_data();
    void fromJson_roundTripsToJson();
    void fromJson_readsLenientInput();
    void fromJson_reportsProblems_data();
    void fromJson_reportsProblems();

    void parseDateTime_table_data();
    void parseDateTime_table();
    void formatDateTime_table_data();
    void formatDateTime_table();
    void isValidIdentifier_table_data();
    void isValidIdentifier_table();
    void isValidDate_table_data();
    void isValidDate_table();

    void withNextToken_changesOnlyTheToken();
    void sameQueryAs_ignoresTokenAndPageSize();
};

void tst_ListOpportunitiesRequest::modelLists_matchTheServiceModel()
{
    QCOMPARE(Model::catalogs(), (QStringList{u"AWS"_s, u"Sandbox"_s}));
    QCOMPARE(Model::stages(), (QStringList{u"Prospect"_s, u"Qualified"_s, u"Technical Validation"_s,
                                           u"Business Validation"_s, u"Committed"_s, u"Launched"_s,
                                           u"Closed Lost"_s}));
    QCOMPARE(Model::reviewStatuses(),
             (QStringList{u"Pending Submission"_s, u"Submitted"_s, u"In review"_s, u"Approved"_s,
                          u"Rejected"_s, u"Action Required"_s}));
    QCOMPARE(Model::sortKeys(),
             (QStringList{u"LastModifiedDate"_s, u"Identifier"_s, u"CustomerCompanyName"_s,
                          u"CreatedDate"_s, u"TargetCloseDate"_s}));
    QCOMPARE(Model::sortOrders(), (QStringList{u"ASCENDING"_s, u"DESCENDING"_s}));
    QCOMPARE(Model::opportunityTypes(),
             (QStringList{u"Net New Business"_s, u"Flat Renewal"_s, u"Expansion"_s}));
    QCOMPARE(Model::closedLostReasons().size(), 19);
    QVERIFY(Model::closedLostReasons().contains(u"Lost to Competitor - Other"_s));
    QCOMPARE(Model::industries().size(), 28);
    QCOMPARE(Model::industries().first(), u"Aerospace"_s);
    QCOMPARE(Model::industries().last(), u"Other"_s);
    QCOMPARE(Model::deliveryModels().size(), 6);
    QCOMPARE(Model::countryCodes().size(), 249);
    QCOMPARE(Model::countryCodes().first(), u"US"_s);
    QVERIFY(Model::countryCodes().contains(u"AN"_s));
    QCOMPARE(Model::currencyCodes().size(), 168);
    QCOMPARE(Model::currencyCodes().first(), u"USD"_s);
    QCOMPARE(Model::countryCodes().removeDuplicates(), 0);
    QCOMPARE(Model::currencyCodes().removeDuplicates(), 0);
}

void tst_ListOpportunitiesRequest::validate_refusesEachConstraint_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("code");

    const auto row = [](const char *name, Mutation m, const QString &field, const char *code) {
        QTest::newRow(name) << m << field << QString::fromLatin1(code);
    };
    row(
            "catalog missing", [](auto &r) { r.catalog.clear(); }, u"Catalog"_s,
            "REQUIRED_FIELD_MISSING");
    row(
            "catalog with a dash", [](auto &r) { r.catalog = u"aws-prod"_s; }, u"Catalog"_s,
            "INVALID_STRING_FORMAT");
    row(
            "catalog with a space", [](auto &r) { r.catalog = u"AWS "_s; }, u"Catalog"_s,
            "INVALID_STRING_FORMAT");
    row(
            "catalog lower case", [](auto &r) { r.catalog = u"aws"_s; }, u"Catalog"_s,
            "INVALID_VALUE");
    row(
            "catalog unknown", [](auto &r) { r.catalog = u"Production"_s; }, u"Catalog"_s,
            "INVALID_VALUE");
    row(
            "max results 0", [](auto &r) { r.maxResults = 0; }, u"MaxResults"_s,
            "VALUE_OUT_OF_RANGE");
    row(
            "max results 101", [](auto &r) { r.maxResults = 101; }, u"MaxResults"_s,
            "VALUE_OUT_OF_RANGE");
    row(
            "max results negative", [](auto &r) { r.maxResults = -1; }, u"MaxResults"_s,
            "VALUE_OUT_OF_RANGE");
    row(
            "sort without SortBy",
            [](auto &r) {
                r.sort = OpportunitySort{QString(), u"ASCENDING"_s};
            },
            u"Sort.SortBy"_s, "REQUIRED_FIELD_MISSING");
    row(
            "sort without SortOrder",
            [](auto &r) {
                r.sort = OpportunitySort{u"Identifier"_s, QString()};
            },
            u"Sort.SortOrder"_s, "REQUIRED_FIELD_MISSING");
    row(
            "sort by unknown key",
            [](auto &r) {
                r.sort = OpportunitySort{u"Stage"_s, u"ASCENDING"_s};
            },
            u"Sort.SortBy"_s, "INVALID_ENUM_VALUE");
    row(
            "sort key wrong case",
            [](auto &r) {
                r.sort = OpportunitySort{u"lastModifiedDate"_s, u"ASCENDING"_s};
            },
            u"Sort.SortBy"_s, "INVALID_ENUM_VALUE");
    row(
            "sort order lower case",
            [](auto &r) {
                r.sort = OpportunitySort{u"Identifier"_s, u"ascending"_s};
            },
            u"Sort.SortOrder"_s, "INVALID_ENUM_VALUE");
    row(
            "last modified after > before",
            [](auto &r) {
                r.lastModifiedDate = DateTimeRange{utc(2026, 8, 2), utc(2026, 8, 1, 23, 59, 59)};
            },
            u"LastModifiedDate.AfterLastModifiedDate"_s, "INVALID_VALUE");
    row(
            "last modified before beyond 9999",
            [](auto &r) { r.lastModifiedDate.before = utc(10000, 1, 1); },
            u"LastModifiedDate.BeforeLastModifiedDate"_s, "VALUE_OUT_OF_RANGE");
    row(
            "created after > before",
            [](auto &r) {
                r.createdDate = DateTimeRange{utc(2026, 1, 1, 0, 0, 0, 1), utc(2026, 1, 1)};
            },
            u"CreatedDate.AfterCreatedDate"_s, "INVALID_VALUE");
    row(
            "created after before year 0", [](auto &r) { r.createdDate.after = utc(-2, 12, 31); },
            u"CreatedDate.AfterCreatedDate"_s, "VALUE_OUT_OF_RANGE");
    row(
            "21 identifiers", [](auto &r) { r.identifier = numbered(u"O"_s, 21); }, u"Identifier"_s,
            "TOO_MANY_VALUES");
    row(
            "identifier X123", [](auto &r) { r.identifier = QStringList{u"X123"_s}; },
            u"Identifier[0]"_s, "INVALID_STRING_FORMAT");
    row(
            "identifier lower-case o", [](auto &r) { r.identifier = QStringList{u"o123"_s}; },
            u"Identifier[0]"_s, "INVALID_STRING_FORMAT");
    row(
            "identifier without digits",
            [](auto &r) {
                r.identifier = QStringList{u"O1"_s, u"O"_s};
            },
            u"Identifier[1]"_s, "INVALID_STRING_FORMAT");
    row(
            "identifier with 20 digits",
            [](auto &r) { r.identifier = QStringList{u"O12345678901234567890"_s}; },
            u"Identifier[0]"_s, "INVALID_STRING_FORMAT");
    row(
            "identifier with a space",
            [](auto &r) {
                r.identifier = QStringList{u"O1"_s, u"O2"_s, u"O3 "_s};
            },
            u"Identifier[2]"_s, "INVALID_STRING_FORMAT");
    row(
            "identifier with Arabic-Indic digits",
            [](auto &r) { r.identifier = QStringList{u"O١٢"_s}; }, u"Identifier[0]"_s,
            "INVALID_STRING_FORMAT");
    row(
            "11 stages",
            [](auto &r) {
                r.lifeCycleStage = Model::stages()
                                   + QStringList{u"Prospect"_s, u"Qualified"_s, u"Committed"_s,
                                                 u"Launched"_s};
            },
            u"LifeCycleStage"_s, "TOO_MANY_VALUES");
    row(
            "stage wrong case",
            [](auto &r) {
                r.lifeCycleStage = QStringList{u"Qualified"_s, u"qualified"_s};
            },
            u"LifeCycleStage[1]"_s, "INVALID_ENUM_VALUE");
    row(
            "stage without space", [](auto &r) { r.lifeCycleStage = QStringList{u"ClosedLost"_s}; },
            u"LifeCycleStage[0]"_s, "INVALID_ENUM_VALUE");
    row(
            "review status In Review",
            [](auto &r) { r.lifeCycleReviewStatus = QStringList{u"In Review"_s}; },
            u"LifeCycleReviewStatus[0]"_s, "INVALID_ENUM_VALUE");
    row(
            "review status unknown",
            [](auto &r) {
                r.lifeCycleReviewStatus = QStringList{u"Approved"_s, u"Pending"_s};
            },
            u"LifeCycleReviewStatus[1]"_s, "INVALID_ENUM_VALUE");
    row(
            "11 review statuses",
            [](auto &r) { r.lifeCycleReviewStatus = QStringList(11, u"Approved"_s); },
            u"LifeCycleReviewStatus"_s, "TOO_MANY_VALUES");
    row(
            "11 company names", [](auto &r) { r.customerCompanyName = numbered(u"Acme "_s, 11); },
            u"CustomerCompanyName"_s, "TOO_MANY_VALUES");
    row(
            "target close month 13", [](auto &r) { r.targetCloseDate.after = u"2026-13-01"_s; },
            u"TargetCloseDate.AfterTargetCloseDate"_s, "INVALID_STRING_FORMAT");
    row(
            "target close day 32", [](auto &r) { r.targetCloseDate.before = u"2026-01-32"_s; },
            u"TargetCloseDate.BeforeTargetCloseDate"_s, "INVALID_STRING_FORMAT");
    row(
            "target close leading zero year",
            [](auto &r) { r.targetCloseDate.before = u"0999-01-01"_s; },
            u"TargetCloseDate.BeforeTargetCloseDate"_s, "INVALID_STRING_FORMAT");
    row(
            "target close with time",
            [](auto &r) { r.targetCloseDate.after = u"2026-12-31T00:00:00Z"_s; },
            u"TargetCloseDate.AfterTargetCloseDate"_s, "INVALID_STRING_FORMAT");
    row(
            "target close one-digit month",
            [](auto &r) { r.targetCloseDate.after = u"2026-1-01"_s; },
            u"TargetCloseDate.AfterTargetCloseDate"_s, "INVALID_STRING_FORMAT");
    row(
            "target close after > before",
            [](auto &r) {
                r.targetCloseDate = DateRange{u"2027-01-01"_s, u"2026-12-31"_s};
            },
            u"TargetCloseDate.AfterTargetCloseDate"_s, "INVALID_VALUE");
}

void tst_ListOpportunitiesRequest::validate_refusesEachConstraint()
{
    QFETCH(Mutation, mutate);
    QFETCH(QString, field);
    QFETCH(QString, code);

    ListOpportunitiesRequest request = fullRequest();
    QVERIFY(request.validate().isEmpty());
    mutate(request);
    const QList<FieldError> errors = request.validate();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().fieldName, field);
    QCOMPARE(errors.first().code, code);
    QVERIFY(!errors.first().message.isEmpty());
    const QString cliText = ApiError::localValidation(errors).toCliText(u"ListOpportunities"_s);
    QVERIFY2(cliText.contains(u"\n  - "_s + field + u": "_s + code + u": "_s), qPrintable(cliText));
}

void tst_ListOpportunitiesRequest::validate_acceptsValidRequests_data()
{
    QTest::addColumn<Mutation>("mutate");

    QTest::newRow("catalog only") << Mutation([](auto &) {});
    QTest::newRow("sandbox") << Mutation([](auto &r) { r.catalog = u"Sandbox"_s; });
    QTest::newRow("max results 1") << Mutation([](auto &r) { r.maxResults = 1; });
    QTest::newRow("max results 100") << Mutation([](auto &r) { r.maxResults = 100; });
    for (const QString &key : Model::sortKeys()) {
        for (const QString &order : Model::sortOrders()) {
            QTest::addRow("sort %s %s", qPrintable(key), qPrintable(order))
                    << Mutation([key, order](auto &r) {
                           r.sort = OpportunitySort{key, order};
                       });
        }
    }
    QTest::newRow("20 identifiers")
            << Mutation([](auto &r) { r.identifier = numbered(u"O"_s, 20); });
    QTest::newRow("19-digit identifier")
            << Mutation([](auto &r) { r.identifier = QStringList{u"O9999999999999999999"_s}; });
    QTest::newRow("every stage") << Mutation([](auto &r) { r.lifeCycleStage = Model::stages(); });
    QTest::newRow("every review status")
            << Mutation([](auto &r) { r.lifeCycleReviewStatus = Model::reviewStatuses(); });
    QTest::newRow("10 company names, empty and unicode") << Mutation([](auto &r) {
        r.customerCompanyName = numbered(u"Acme "_s, 8) + QStringList{QString(), u"Ü"_s};
    });
    QTest::newRow("after equals before") << Mutation([](auto &r) {
        r.lastModifiedDate = DateTimeRange{utc(2026, 1, 1), utc(2026, 1, 1)};
        r.createdDate = DateTimeRange{utc(2026, 1, 1), utc(2026, 1, 1)};
        r.targetCloseDate = DateRange{u"2026-12-31"_s, u"2026-12-31"_s};
    });
    QTest::newRow("only after") << Mutation([](auto &r) {
        r.lastModifiedDate = DateTimeRange{utc(2026, 1, 1), QDateTime()};
        r.targetCloseDate = DateRange{u"2026-12-31"_s, QString()};
    });
    QTest::newRow("only before") << Mutation([](auto &r) {
        r.createdDate = DateTimeRange{QDateTime(), utc(2026, 1, 1)};
        r.targetCloseDate = DateRange{QString(), u"1000-01-01"_s};
    });
    QTest::newRow("bounds of year range") << Mutation([](auto &r) {
        r.lastModifiedDate = DateTimeRange{QDateTime::fromMSecsSinceEpoch(-62167219200000, Qt::UTC),
                                           utc(9999, 12, 31, 23, 59, 59, 999)};
    });
    QTest::newRow("everything") << Mutation([](auto &r) { r = fullRequest(); });
}

void tst_ListOpportunitiesRequest::validate_acceptsValidRequests()
{
    QFETCH(Mutation, mutate);
    ListOpportunitiesRequest request = minimalRequest();
    mutate(request);
    const QList<FieldError> errors = request.validate();
    QVERIFY2(errors.isEmpty(), qPrintable(errors.isEmpty() ? QString() : errors.first().fieldName));
}

void tst_ListOpportunitiesRequest::validate_reportsOneErrorPerOffendingItem()
{
    ListOpportunitiesRequest request;
    request.maxResults = 500;
    request.sort = OpportunitySort{};
    request.identifier = QStringList{u"X1"_s, u"O1"_s, u"Y2"_s};
    request.lifeCycleStage = QStringList(11, u"Nope"_s);
    request.targetCloseDate = DateRange{u"bad"_s, u"2026-01-01"_s};

    QStringList fields;
    QStringList codes;
    for (const FieldError &error : request.validate()) {
        fields.append(error.fieldName);
        codes.append(error.code);
    }
    QStringList expectedFields{u"Catalog"_s,        u"MaxResults"_s,    u"Sort.SortBy"_s,
                               u"Sort.SortOrder"_s, u"Identifier[0]"_s, u"Identifier[2]"_s,
                               u"LifeCycleStage"_s};
    for (int i = 0; i < 11; ++i) {
        expectedFields.append(u"LifeCycleStage[%1]"_s.arg(i));
    }
    expectedFields.append(u"TargetCloseDate.AfterTargetCloseDate"_s);
    QCOMPARE(fields, expectedFields);
    QCOMPARE(codes.first(), u"REQUIRED_FIELD_MISSING"_s);
    QCOMPARE(codes.at(6), u"TOO_MANY_VALUES"_s);
    QCOMPARE(codes.last(), u"INVALID_STRING_FORMAT"_s);
}

void tst_ListOpportunitiesRequest::validate_messagesNameAllowedValuesAndLimits()
{
    ListOpportunitiesRequest request = minimalRequest();
    request.maxResults = 101;
    request.lifeCycleReviewStatus = QStringList{u"In Review"_s};
    request.identifier = numbered(u"O"_s, 21);
    request.sort = OpportunitySort{u"Name"_s, u"DESCENDING"_s};
    const QList<FieldError> errors = request.validate();
    QCOMPARE(errors.size(), 4);
    QVERIFY(errors.at(0).message.contains(u"between 1 and 100"_s));
    QVERIFY(errors.at(0).message.contains(u"101"_s));
    QVERIFY(errors.at(1).message.contains(u"\"CustomerCompanyName\""_s));
    QVERIFY(errors.at(1).message.contains(u"\"Name\""_s));
    QVERIFY(errors.at(2).message.contains(u"at most 20"_s));
    QVERIFY(errors.at(3).message.contains(u"\"In review\""_s));
    QVERIFY(errors.at(3).message.contains(u"\"In Review\""_s));
}

void tst_ListOpportunitiesRequest::toJson_writesExactBytes_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("minimal") << Mutation([](auto &) {}) << R"({"Catalog":"AWS"})"_ba;
    QTest::newRow("empty catalog is omitted")
            << Mutation([](auto &r) { r.catalog.clear(); }) << "{}"_ba;
    QTest::newRow("full")
            << Mutation([](auto &r) { r = fullRequest(); })
            << QByteArray(R"({"Catalog":"AWS","MaxResults":100,"NextToken":"tok/en==",)"
                          R"("Sort":{"SortOrder":"DESCENDING","SortBy":"LastModifiedDate"},)"
                          R"("LastModifiedDate":{"AfterLastModifiedDate":"2026-08-01T00:00:00Z",)"
                          R"("BeforeLastModifiedDate":"2026-08-02T12:30:45.123Z"},)"
                          R"("Identifier":["O1","O1234567890123456789"],)"
                          R"("LifeCycleStage":["Qualified","Committed"],)"
                          R"("LifeCycleReviewStatus":["In review"],)"
                          R"("CustomerCompanyName":["Acme \"Quoted\" \\ Co","Ünïcode 😀"],)"
                          R"("CreatedDate":{"BeforeCreatedDate":"2026-01-01T00:00:00Z"},)"
                          R"("TargetCloseDate":{"AfterTargetCloseDate":"2026-12-01",)"
                          R"("BeforeTargetCloseDate":"2026-12-31"}})");
    QTest::newRow("empty lists and ranges are omitted") << Mutation([](auto &r) {
        r.identifier = QStringList();
        r.lastModifiedDate = DateTimeRange();
        r.targetCloseDate = DateRange();
    }) << R"({"Catalog":"AWS"})"_ba;
    QTest::newRow("local time becomes UTC") << Mutation([](auto &r) {
        r.createdDate.after = QDateTime(QDate(2026, 8, 1), QTime(2, 0, 0, 5), QTimeZone(7200));
    }) << R"({"Catalog":"AWS","CreatedDate":{"AfterCreatedDate":"2026-08-01T00:00:00.005Z"}})"_ba;
    QTest::newRow("control characters escaped") << Mutation([](auto &r) {
        r.customerCompanyName = QStringList{u"a\nb\tc\u0001d\u007f/"_s};
    }) << "{\"Catalog\":\"AWS\",\"CustomerCompanyName\":[\"a\\nb\\tc\\u0001d\x7f/\"]}"_ba;
    QTest::newRow("lone surrogate escaped") << Mutation([](auto &r) {
        r.customerCompanyName = QStringList{QChar(0xD83D) + u"Acme"_s, u"x"_s + QChar(0xDE00)};
    }) << R"({"Catalog":"AWS","CustomerCompanyName":["\ud83dAcme","x\ude00"]})"_ba;
    QTest::newRow("sort with one member") << Mutation([](auto &r) {
        r.sort = OpportunitySort{u"Identifier"_s, QString()};
    }) << R"({"Catalog":"AWS","Sort":{"SortBy":"Identifier"}})"_ba;
    QTest::newRow("max results zero is still sent") << Mutation([](auto &r) { r.maxResults = 0; })
                                                    << R"({"Catalog":"AWS","MaxResults":0})"_ba;
}

void tst_ListOpportunitiesRequest::toJson_writesExactBytes()
{
    QFETCH(Mutation, mutate);
    QFETCH(QByteArray, json);
    ListOpportunitiesRequest request = minimalRequest();
    mutate(request);
    QCOMPARE(request.toJson(), json);
}

void tst_ListOpportunitiesRequest::fromJson_roundTripsToJson_data()
{
    toJson_writesExactBytes_data();
}

void tst_ListOpportunitiesRequest::fromJson_roundTripsToJson()
{
    QFETCH(Mutation, mutate);
    ListOpportunitiesRequest request = minimalRequest();
    mutate(request);
    QList<FieldError> errors;
    const ListOpportunitiesRequest copy
            = ListOpportunitiesRequest::fromJson(request.toJson(), &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(copy.toJson(), request.toJson());
    QVERIFY(copy == request);
}

void tst_ListOpportunitiesRequest::fromJson_readsLenientInput()
{
    QList<FieldError> errors;
    const ListOpportunitiesRequest request = ListOpportunitiesRequest::fromJson(
            R"({"Catalog":"Sandbox","Unknown":{"x":[1,2]},"MaxResults":25.0,"NextToken":null,
                "Sort":{"SortBy":"CreatedDate","SortOrder":"ASCENDING","Extra":1},
                "LastModifiedDate":{"AfterLastModifiedDate":"2026-08-01t02:00:00.5+02:00",
                                    "BeforeLastModifiedDate":null},
                "Identifier":[],"LifeCycleStage":null,"CreatedDate":null,
                "TargetCloseDate":{"BeforeTargetCloseDate":"2026-12-31"}})"_ba,
            &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(request.catalog, u"Sandbox"_s);
    QCOMPARE(request.maxResults, std::optional<int>(25));
    QVERIFY(request.nextToken.isEmpty());
    QCOMPARE(request.sort, std::optional(OpportunitySort{u"CreatedDate"_s, u"ASCENDING"_s}));
    QCOMPARE(request.lastModifiedDate.after, utc(2026, 8, 1, 0, 0, 0, 500));
    QVERIFY(!request.lastModifiedDate.before.isValid());
    QVERIFY(request.identifier.isEmpty());
    QVERIFY(request.createdDate.isEmpty());
    QCOMPARE(request.targetCloseDate, (DateRange{QString(), u"2026-12-31"_s}));
    QCOMPARE(
            request.toJson(),
            R"({"Catalog":"Sandbox","MaxResults":25,"Sort":{"SortOrder":"ASCENDING","SortBy":"CreatedDate"},)"
            R"("LastModifiedDate":{"AfterLastModifiedDate":"2026-08-01T00:00:00.500Z"},)"
            R"("TargetCloseDate":{"BeforeTargetCloseDate":"2026-12-31"}})"_ba);

    // fromJson reads; it does not validate.
    const ListOpportunitiesRequest invalid = ListOpportunitiesRequest::fromJson(
            R"({"MaxResults":1000,"LifeCycleStage":["Nope"]})"_ba, &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(invalid.maxResults, std::optional<int>(1000));
    QCOMPARE(invalid.validate().size(), 3);
}

void tst_ListOpportunitiesRequest::fromJson_reportsProblems_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("code");

    QTest::newRow("not JSON") << "Catalog=AWS"_ba << QString() << u"INVALID_VALUE"_s;
    QTest::newRow("empty body") << QByteArray() << QString() << u"INVALID_VALUE"_s;
    QTest::newRow("truncated") << R"({"Catalog":"AWS")"_ba << QString() << u"INVALID_VALUE"_s;
    QTest::newRow("array body") << R"([{"Catalog":"AWS"}])"_ba << QString() << u"INVALID_VALUE"_s;
    QTest::newRow("catalog number") << R"({"Catalog":1})"_ba << u"Catalog"_s << u"INVALID_VALUE"_s;
    QTest::newRow("max results string")
            << R"({"Catalog":"AWS","MaxResults":"10"})"_ba << u"MaxResults"_s << u"INVALID_VALUE"_s;
    QTest::newRow("max results fraction")
            << R"({"Catalog":"AWS","MaxResults":10.5})"_ba << u"MaxResults"_s << u"INVALID_VALUE"_s;
    QTest::newRow("max results huge") << R"({"Catalog":"AWS","MaxResults":1e12})"_ba
                                      << u"MaxResults"_s << u"VALUE_OUT_OF_RANGE"_s;
    QTest::newRow("next token object")
            << R"({"Catalog":"AWS","NextToken":{}})"_ba << u"NextToken"_s << u"INVALID_VALUE"_s;
    QTest::newRow("sort string") << R"({"Catalog":"AWS","Sort":"LastModifiedDate"})"_ba << u"Sort"_s
                                 << u"INVALID_VALUE"_s;
    QTest::newRow("sort by number") << R"({"Catalog":"AWS","Sort":{"SortBy":1}})"_ba
                                    << u"Sort.SortBy"_s << u"INVALID_VALUE"_s;
    QTest::newRow("sort order bool") << R"({"Catalog":"AWS","Sort":{"SortOrder":true}})"_ba
                                     << u"Sort.SortOrder"_s << u"INVALID_VALUE"_s;
    QTest::newRow("identifier not a list")
            << R"({"Catalog":"AWS","Identifier":"O1"})"_ba << u"Identifier"_s << u"INVALID_VALUE"_s;
    QTest::newRow("identifier item number") << R"({"Catalog":"AWS","Identifier":["O1",2]})"_ba
                                            << u"Identifier[1]"_s << u"INVALID_VALUE"_s;
    QTest::newRow("stage item null") << R"({"Catalog":"AWS","LifeCycleStage":[null]})"_ba
                                     << u"LifeCycleStage[0]"_s << u"INVALID_VALUE"_s;
    QTest::newRow("review status object")
            << R"({"Catalog":"AWS","LifeCycleReviewStatus":{"0":"Approved"}})"_ba
            << u"LifeCycleReviewStatus"_s << u"INVALID_VALUE"_s;
    QTest::newRow("company name nested list")
            << R"({"Catalog":"AWS","CustomerCompanyName":["a",["b"]]})"_ba
            << u"CustomerCompanyName[1]"_s << u"INVALID_VALUE"_s;
    QTest::newRow("epoch seconds")
            << R"({"Catalog":"AWS","LastModifiedDate":{"AfterLastModifiedDate":1785542400}})"_ba
            << u"LastModifiedDate.AfterLastModifiedDate"_s << u"INVALID_STRING_FORMAT"_s;
    QTest::newRow("date without time")
            << R"({"Catalog":"AWS","LastModifiedDate":{"BeforeLastModifiedDate":"2026-08-01"}})"_ba
            << u"LastModifiedDate.BeforeLastModifiedDate"_s << u"INVALID_STRING_FORMAT"_s;
    QTest::newRow("created word")
            << R"({"Catalog":"AWS","CreatedDate":{"AfterCreatedDate":"yesterday"}})"_ba
            << u"CreatedDate.AfterCreatedDate"_s << u"INVALID_STRING_FORMAT"_s;
    QTest::newRow("created date list")
            << R"({"Catalog":"AWS","CreatedDate":[]})"_ba << u"CreatedDate"_s << u"INVALID_VALUE"_s;
    QTest::newRow("target close number")
            << R"({"Catalog":"AWS","TargetCloseDate":{"AfterTargetCloseDate":20261231}})"_ba
            << u"TargetCloseDate.AfterTargetCloseDate"_s << u"INVALID_VALUE"_s;
    QTest::newRow("target close string") << R"({"Catalog":"AWS","TargetCloseDate":"2026-12-31"})"_ba
                                         << u"TargetCloseDate"_s << u"INVALID_VALUE"_s;
}

void tst_ListOpportunitiesRequest::fromJson_reportsProblems()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, code);
    QList<FieldError> errors;
    ListOpportunitiesRequest::fromJson(json, &errors);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().fieldName, field);
    QCOMPARE(errors.first().code, code);
    QVERIFY(!errors.first().message.isEmpty());
    // A null error list is allowed.
    ListOpportunitiesRequest::fromJson(json, nullptr);
}

void tst_ListOpportunitiesRequest::parseDateTime_table_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("msecs");

    const auto ok = [](const char *text, qint64 ms) {
        QTest::newRow(text) << QString::fromUtf8(text) << true << ms;
    };
    const auto bad = [](const char *text) {
        QTest::newRow(text) << QString::fromUtf8(text) << false << qint64(0);
    };
    const qint64 aug1 = 1785542400000; // 2026-08-01T00:00:00Z
    ok("2026-08-01T00:00:00Z", aug1);
    ok("2026-08-01T10:15:30.123Z", aug1 + 36930123);
    ok("2026-08-01t10:15:30.1z", aug1 + 36930100);
    ok("2026-08-01T00:00:00.000Z", aug1);
    ok("2026-08-01T00:00:00.12Z", aug1 + 120);
    ok("2026-08-01T00:00:00.123456789Z", aug1 + 123);
    ok("2026-08-01T00:00:00.1235Z", aug1 + 124);
    ok("2026-08-01T00:00:00.9995Z", aug1 + 1000);
    ok("2026-08-01T02:00:00+02:00", aug1);
    ok("2026-07-31T18:30:00-05:30", aug1);
    ok("2026-08-01T00:00:00+00:00", aug1);
    ok("2026-08-01T00:00:00-00:00", aug1);
    ok("2026-07-31T23:59:60Z", aug1);
    ok("1970-01-01T00:00:00Z", 0);
    ok("1969-12-31T23:59:59.999Z", -1);
    ok("2024-02-29T00:00:00Z", 1709164800000);
    ok("2000-02-29T00:00:00Z", 951782400000);
    ok("0000-01-01T00:00:00Z", -62167219200000);
    ok("9999-12-31T23:59:59.999Z", 253402300799999);
    bad("");
    bad("2026-08-01");
    bad("2026-08-01T00:00:00");
    bad("2026-08-01 00:00:00Z");
    bad("2026-08-01T00:00Z");
    bad("2026-08-01T00:00:00.Z");
    bad("2026-08-01T00:00:00,5Z");
    bad("2026-08-01T00:00:00+0200");
    bad("2026-08-01T00:00:00+02");
    bad("2026-08-01T00:00:00+24:00");
    bad("2026-08-01T00:00:00Zjunk");
    bad("2026-08-01T00:00:00ZZ");
    bad(" 2026-08-01T00:00:00Z");
    bad("+2026-08-01T00:00:00Z");
    bad("2026-8-01T00:00:00Z");
    bad("2026-13-01T00:00:00Z");
    bad("2026-00-01T00:00:00Z");
    bad("2026-08-00T00:00:00Z");
    bad("2026-08-32T00:00:00Z");
    bad("2026-04-31T00:00:00Z");
    bad("2023-02-29T00:00:00Z");
    bad("1900-02-29T00:00:00Z");
    bad("2026-08-01T24:00:00Z");
    bad("2026-08-01T00:60:00Z");
    bad("2026-08-01T00:00:61Z");
    bad("2026-08-01T00:00:00UTC");
    bad("１９７０-01-01T00:00:00Z");
    bad("1785542400");
}

void tst_ListOpportunitiesRequest::parseDateTime_table()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, msecs);

    const QDateTime parsed = Model::parseDateTime(text);
    QCOMPARE(parsed.isValid(), valid);
    qint64 fromBytes = 42;
    QCOMPARE(Model::parseDateTimeMs(text.toUtf8(), &fromBytes), valid);
    if (valid) {
        QCOMPARE(parsed.toMSecsSinceEpoch(), msecs);
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
        QCOMPARE(fromBytes, msecs);
        QCOMPARE(Model::parseDateTime(Model::formatDateTime(parsed)), parsed);
    } else {
        QCOMPARE(fromBytes, qint64(42));
    }
}

void tst_ListOpportunitiesRequest::formatDateTime_table_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("text");

    QTest::newRow("whole seconds") << utc(2026, 8, 1) << u"2026-08-01T00:00:00Z"_s;
    QTest::newRow("milliseconds") << utc(2026, 8, 1, 10, 15, 30, 5)
                                  << u"2026-08-01T10:15:30.005Z"_s;
    QTest::newRow("offset converted") << QDateTime(QDate(2026, 8, 1), QTime(1, 30), QTimeZone(5400))
                                      << u"2026-08-01T00:00:00Z"_s;
    QTest::newRow("before the epoch")
            << QDateTime::fromMSecsSinceEpoch(-1, Qt::UTC) << u"1969-12-31T23:59:59.999Z"_s;
    QTest::newRow("year zero") << QDateTime::fromMSecsSinceEpoch(-62167219200000, Qt::UTC)
                               << u"0000-01-01T00:00:00Z"_s;
    QTest::newRow("year 999") << utc(999, 12, 31, 23, 59, 59) << u"0999-12-31T23:59:59Z"_s;
    QTest::newRow("leap day") << utc(2024, 2, 29, 12) << u"2024-02-29T12:00:00Z"_s;
    QTest::newRow("invalid") << QDateTime() << QString();
}

void tst_ListOpportunitiesRequest::formatDateTime_table()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, text);
    const QString formatted = Model::formatDateTime(time);
    QCOMPARE(formatted, text);
    QCOMPARE(formatted.isNull(), text.isNull());
    if (time.isValid()) {
        QCOMPARE(Model::parseDateTime(formatted), time);
    }
}

void tst_ListOpportunitiesRequest::isValidIdentifier_table_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("O1") << u"O1"_s << true;
    QTest::newRow("19 digits") << u"O1234567890123456789"_s << true;
    QTest::newRow("leading zeros") << u"O0000"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("O") << u"O"_s << false;
    QTest::newRow("20 digits") << u"O12345678901234567890"_s << false;
    QTest::newRow("zero letter") << u"01234"_s << false;
    QTest::newRow("lower case") << u"o1234"_s << false;
    QTest::newRow("letters") << u"O12a4"_s << false;
    QTest::newRow("trailing newline") << u"O1234\n"_s << false;
}

void tst_ListOpportunitiesRequest::isValidIdentifier_table()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QCOMPARE(Model::isValidIdentifier(id), valid);
}

void tst_ListOpportunitiesRequest::isValidDate_table_data()
{
    QTest::addColumn<QString>("date");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << u"2026-12-31"_s << true;
    QTest::newRow("year 1000") << u"1000-01-01"_s << true;
    QTest::newRow("pattern allows 02-31") << u"2026-02-31"_s << true;
    QTest::newRow("year 0999") << u"0999-01-01"_s << false;
    QTest::newRow("month 00") << u"2026-00-10"_s << false;
    QTest::newRow("month 13") << u"2026-13-10"_s << false;
    QTest::newRow("day 00") << u"2026-01-00"_s << false;
    QTest::newRow("day 32") << u"2026-01-32"_s << false;
    QTest::newRow("slashes") << u"2026/01/01"_s << false;
    QTest::newRow("with time") << u"2026-01-01T00:00:00Z"_s << false;
    QTest::newRow("short") << u"2026-1-1"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_ListOpportunitiesRequest::isValidDate_table()
{
    QFETCH(QString, date);
    QFETCH(bool, valid);
    QCOMPARE(Model::isValidDate(date), valid);
}

void tst_ListOpportunitiesRequest::withNextToken_changesOnlyTheToken()
{
    const ListOpportunitiesRequest first = fullRequest();
    const ListOpportunitiesRequest next = first.withNextToken(u"page-2"_s);
    QCOMPARE(next.nextToken, u"page-2"_s);
    ListOpportunitiesRequest expected = first;
    expected.nextToken = u"page-2"_s;
    QVERIFY(next == expected);
    QVERIFY(next.sameQueryAs(first));
    QVERIFY(first.withNextToken(QString()).nextToken.isEmpty());
}

void tst_ListOpportunitiesRequest::sameQueryAs_ignoresTokenAndPageSize()
{
    const ListOpportunitiesRequest base = fullRequest();
    ListOpportunitiesRequest other = base;
    other.maxResults = 10;
    other.nextToken = u"x"_s;
    QVERIFY(base.sameQueryAs(other));

    const QList<Mutation> changes{
            [](auto &r) { r.catalog = u"Sandbox"_s; },
            [](auto &r) { r.sort->sortOrder = u"ASCENDING"_s; },
            [](auto &r) { r.sort.reset(); },
            [](auto &r) { r.lastModifiedDate.after = r.lastModifiedDate.after.addMSecs(1); },
            [](auto &r) { r.identifier.removeLast(); },
            [](auto &r) { r.lifeCycleStage.append(u"Launched"_s); },
            [](auto &r) { r.lifeCycleReviewStatus.clear(); },
            [](auto &r) { r.customerCompanyName.first() = u"Other"_s; },
            [](auto &r) { r.createdDate.after = r.createdDate.before; },
            [](auto &r) { r.targetCloseDate.before = u"2027-01-01"_s; },
    };
    for (qsizetype i = 0; i < changes.size(); ++i) {
        ListOpportunitiesRequest changed = base;
        changes.at(i)(changed);
        QVERIFY2(!base.sameQueryAs(changed), qPrintable(QString::number(i)));
    }
}

QTEST_GUILESS_MAIN(tst_ListOpportunitiesRequest)
#include "tst_listopportunitiesrequest.moc"
