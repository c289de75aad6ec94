// GetOpportunity and GetAwsOpportunitySummary: request validation before sending, response
// parsing (every member of the newest botocore model, built from the model file itself),
// round trips through toJson(), the AWS CLI's indented layout, and calls against the emulator
// (success, ResourceNotFoundException, AccessDeniedException, nothing sent when invalid).
#include "awsclient.h"
#include "emulatorserver.h"
#include "getawsopportunitysummary.h"
#include "getopportunity.h"
#include "jsonwriter.h"
#include "listopportunitiescall.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

namespace {

const QString ModelFile
        = QStringLiteral(PD_SHARED_DIR "/reference/api/botocore/2022-07-26/service-2.json");

/// A JSON instance of a model shape with every member present, in model order: distinct
/// strings (some with escapes and non-ASCII), enum values, timestamps, integers, two-element
/// lists and maps.
class ModelInstance
{
public:
    explicit ModelInstance(const QJsonObject &shapes) : m_shapes(shapes) { }

    QByteArray build(const QString &shape)
    {
        QByteArray out;
        JsonWriter json(&out);
        write(json, shape);
        return out;
    }
    int memberCount() const { return m_members; }

private:
    void write(JsonWriter &json, const QString &name)
    {
        const QJsonObject shape = m_shapes.value(name).toObject();
        const QString type = shape.value("type"_L1).toString();
        if (type == "structure"_L1) {
            json.beginObject();
            const QJsonObject members = shape.value("members"_L1).toObject();
            // QJsonObject sorts its keys; the member order is the file's.
            for (const QString &member : memberOrder(name)) {
                ++m_members;
                json.key(member.toStdString());
                write(json, members.value(member).toObject().value("shape"_L1).toString());
            }
            json.endObject();
        } else if (type == "list"_L1) {
            json.beginArray();
            for (int i = 0; i < 2; ++i) {
                write(json, shape.value("member"_L1).toObject().value("shape"_L1).toString());
            }
            json.endArray();
        } else if (type == "map"_L1) {
            json.beginObject();
            json.key("Compute");
            json.value(u"12.50"_s);
            json.key("Storage \\\"quoted\\\"");
            json.value(u"3"_s);
            json.endObject();
        } else if (type == "integer"_L1) {
            json.value(qint64(++m_counter));
        } else if (type == "timestamp"_L1) {
            json.value(u"2026-0%1-02T03:04:05.678Z"_s.arg(1 + (++m_counter % 9)));
        } else if (shape.contains("enum"_L1)) {
            const QJsonArray values = shape.value("enum"_L1).toArray();
            json.value(values.at(++m_counter % values.size()).toString());
        } else {
            ++m_counter;
            json.value(m_counter % 5 == 0 ? u"=1+1 \"q\"\n\tü 日本 😀 %1"_s.arg(m_counter)
                                          : u"value %1"_s.arg(m_counter));
        }
    }

    QStringList memberOrder(const QString &name) const
    {
        QFile file(ModelFile);
        if (!file.open(QIODevice::ReadOnly)) {
            return {};
        }
        // The member names in file order: from the raw text of this shape's "members" object.
        const QByteArray text = file.readAll();
        const qsizetype shapes = text.indexOf("\n  \"shapes\":{");
        const qsizetype at = text.indexOf("\n    \"" + name.toUtf8() + "\":{", shapes);
        const qsizetype members = text.indexOf("\"members\":{", at);
        QStringList order;
        const QJsonObject object = m_shapes.value(name).toObject().value("members"_L1).toObject();
        qsizetype cursor = members;
        while (order.size() < object.size()) {
            const qsizetype open = text.indexOf("\n        \"", cursor);
            const qsizetype close = text.indexOf('"', open + 10);
            order.append(QString::fromUtf8(text.mid(open + 10, close - open - 10)));
            cursor = close;
        }
        return order;
    }

    QJsonObject m_shapes;
    int m_counter = 0;
    int m_members = 0;
};

QJsonObject modelShapes()
{
    QFile file(ModelFile);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object().value("shapes"_L1).toObject();
}

QStringList fieldNames(const QList<FieldError> &errors)
{
    QStringList names;
    for (const FieldError &error : errors) {
        names.append(error.fieldName + u':' + error.code);
    }
    return names;
}

} // namespace

class tst_GetOpportunity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requests_validateBeforeSending_data();
    void requests_validateBeforeSending();
    void requests_writeAndReadTheirJson();
    void responses_carryEveryMemberOfTheModel_data();
    void responses_carryEveryMemberOfTheModel();
    void response_absentNullUnknownAndEmpty();
    void response_wrongTypeNamesTheMember();
    void response_largerThanTheReusedParser();
    void response_indentedLikeTheAwsCli();
    void calls_againstTheEmulator();
    void calls_invalidRequestIsNotSent();
    void calls_deniedOperationIsAccessDenied();
    void listCall_isTheSameOperationJob();
};

void tst_GetOpportunity::requests_validateBeforeSending_data()
{
    QTest::addColumn<QString>("catalog");
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QStringList>("expected");
    const auto id
            = [](const char *code) { return QStringList{u"ID:"_s + QLatin1StringView(code)}; };
    QTest::newRow("valid AWS") << u"AWS"_s << u"O1234567"_s << QStringList();
    QTest::newRow("valid Sandbox, 19 digits")
            << u"Sandbox"_s << u"O1234567890123456789"_s << QStringList();
    QTest::newRow("one digit") << u"AWS"_s << u"O1"_s << QStringList();
    QTest::newRow("no catalog") << QString() << u"O1"_s
                                << QStringList{u"Catalog:REQUIRED_FIELD_MISSING"_s};
    QTest::newRow("catalog with a digit")
            << u"AWS1"_s << u"O1"_s << QStringList{u"Catalog:INVALID_STRING_FORMAT"_s};
    QTest::newRow("unknown catalog")
            << u"Production"_s << u"O1"_s << QStringList{u"Catalog:INVALID_VALUE"_s};
    QTest::newRow("no identifier") << u"AWS"_s << QString() << id("REQUIRED_FIELD_MISSING");
    QTest::newRow("O alone") << u"AWS"_s << u"O"_s << id("INVALID_STRING_FORMAT");
    QTest::newRow("lower-case o") << u"AWS"_s << u"o123"_s << id("INVALID_STRING_FORMAT");
    QTest::newRow("20 digits") << u"AWS"_s << u"O12345678901234567890"_s
                               << id("INVALID_STRING_FORMAT");
    QTest::newRow("trailing space") << u"AWS"_s << u"O123 "_s << id("INVALID_STRING_FORMAT");
    QTest::newRow("both wrong") << u"aws!"_s << u"123"_s
                                << QStringList{u"Catalog:INVALID_STRING_FORMAT"_s}
                                           + id("INVALID_STRING_FORMAT");
}

void tst_GetOpportunity::requests_validateBeforeSending()
{
    QFETCH(QString, catalog);
    QFETCH(QString, identifier);
    QFETCH(QStringList, expected);
    QStringList forOpportunity = expected;
    forOpportunity.replaceInStrings(u"ID:"_s, u"Identifier:"_s);
    QCOMPARE(fieldNames(GetOpportunityRequest{catalog, identifier}.validate()), forOpportunity);
    QStringList forSummary = expected;
    forSummary.replaceInStrings(u"ID:"_s, u"RelatedOpportunityIdentifier:"_s);
    QCOMPARE(fieldNames(GetAwsOpportunitySummaryRequest{catalog, identifier}.validate()),
             forSummary);
}

void tst_GetOpportunity::requests_writeAndReadTheirJson()
{
    const GetOpportunityRequest request{u"AWS"_s, u"O42"_s};
    QCOMPARE(request.toJson(), R"({"Catalog":"AWS","Identifier":"O42"})"_ba);
    QList<FieldError> errors;
    QCOMPARE(GetOpportunityRequest::fromJson(request.toJson(), &errors), request);
    QVERIFY(errors.isEmpty());

    const GetAwsOpportunitySummaryRequest summary{u"Sandbox"_s, u"O7"_s};
    QCOMPARE(summary.toJson(), R"({"Catalog":"Sandbox","RelatedOpportunityIdentifier":"O7"})"_ba);
    QCOMPARE(GetAwsOpportunitySummaryRequest::fromJson(summary.toJson(), &errors), summary);
    QVERIFY(errors.isEmpty());

    // A wrongly typed member is reported with its name, as the service does.
    GetOpportunityRequest::fromJson(R"({"Catalog":"AWS","Identifier":42})"_ba, &errors);
    QCOMPARE(fieldNames(errors), QStringList{u"Identifier:INVALID_VALUE"_s});
}

void tst_GetOpportunity::responses_carryEveryMemberOfTheModel_data()
{
    QTest::addColumn<QString>("shape");
    QTest::newRow("GetOpportunityResponse") << u"GetOpportunityResponse"_s;
    QTest::newRow("GetAwsOpportunitySummaryResponse") << u"GetAwsOpportunitySummaryResponse"_s;
}

void tst_GetOpportunity::responses_carryEveryMemberOfTheModel()
{
    QFETCH(QString, shape);
    const QJsonObject shapes = modelShapes();
    QVERIFY2(shapes.contains(shape), qPrintable(ModelFile));
    ModelInstance model(shapes);
    const QByteArray instance = model.build(shape);
    QVERIFY(model.memberCount() > 60);

    // Parsed and written back byte for byte: no member of the model is dropped or reordered.
    QString error;
    QByteArray written;
    QByteArray rewritten;
    if (shape == "GetOpportunityResponse"_L1) {
        GetOpportunityResponse response;
        QVERIFY2(GetOpportunityResponse::parse(instance, &response, &error), qPrintable(error));
        written = response.toJson();
        GetOpportunityResponse again;
        QVERIFY(GetOpportunityResponse::parse(written, &again, &error));
        QCOMPARE(again, response);
        rewritten = again.toJson();
        QVERIFY(response.project->title.contains(u"😀"_s)
                || response.project->title.startsWith(u"value"_s));
        QCOMPARE(response.lifeCycle->nextStepsHistory->size(), 2);
        QCOMPARE(response.opportunityTeam->size(), 2);
    } else {
        GetAwsOpportunitySummaryResponse response;
        QVERIFY2(GetAwsOpportunitySummaryResponse::parse(instance, &response, &error),
                 qPrintable(error));
        written = response.toJson();
        GetAwsOpportunitySummaryResponse again;
        QVERIFY(GetAwsOpportunitySummaryResponse::parse(written, &again, &error));
        QCOMPARE(again, response);
        rewritten = again.toJson();
        QVERIFY(response.insights->opportunityQuality->score.has_value());
        const auto &attributes = *response.insights->recommendations->front().attributes;
        QCOMPARE(attributes.size(), 2);
        QCOMPARE(attributes.at(1).first, u"Storage \"quoted\""_s);
    }
    QCOMPARE(written, instance);
    QCOMPARE(rewritten, instance);
}

void tst_GetOpportunity::response_absentNullUnknownAndEmpty()
{
    const QByteArray body = R"({"Catalog":"AWS","Id":"O1","NewMember":{"x":[1,2]},
        "Customer":null,"Project":{"Title":"","DeliveryModels":[],"ApnPrograms":["A",null,"B"],
        "Unknown":"x"},"LifeCycle":{"Stage":"Won in the future","NextStepsHistory":[]},
        "LastModifiedDate":"2026-01-02T03:04:05.1Z","CreatedDate":"2026-01-01T00:00:00+02:00",
        "RelatedEntityIdentifiers":{}})"_ba;
    GetOpportunityResponse response;
    QString error;
    QVERIFY2(GetOpportunityResponse::parse(body, &response, &error), qPrintable(error));
    QVERIFY(!response.customer);
    QVERIFY(response.project);
    QVERIFY(!response.project->title.isNull());
    QVERIFY(response.project->title.isEmpty());
    QCOMPARE(response.project->deliveryModels, QStringList());
    QCOMPARE(response.project->apnPrograms, (QStringList{u"A"_s, u"B"_s}));
    QVERIFY(response.project->customerBusinessProblem.isNull());
    QCOMPARE(response.lifeCycle->stage, u"Won in the future"_s); // open enum
    QCOMPARE(response.lastModifiedDate, u"2026-01-02T03:04:05.1Z"_s); // as received
    QCOMPARE(response.createdDate, u"2026-01-01T00:00:00+02:00"_s);
    QCOMPARE(
            response.toJson(),
            R"({"Catalog":"AWS","Project":{"DeliveryModels":[],"Title":"","ApnPrograms":["A","B"]},"Id":"O1","LastModifiedDate":"2026-01-02T03:04:05.1Z","CreatedDate":"2026-01-01T00:00:00+02:00","RelatedEntityIdentifiers":{},"LifeCycle":{"Stage":"Won in the future","NextStepsHistory":[]}})"_ba);

    GetAwsOpportunitySummaryResponse summary;
    QVERIFY(GetAwsOpportunitySummaryResponse::parse(R"({"Catalog":"AWS"})"_ba, &summary, &error));
    QCOMPARE(summary.toJson(), R"({"Catalog":"AWS"})"_ba);
}

void tst_GetOpportunity::response_wrongTypeNamesTheMember()
{
    GetOpportunityResponse response;
    QString error;
    QVERIFY(!GetOpportunityResponse::parse(
            R"({"Catalog":"AWS","Customer":{"Contacts":[{"Email":"a@b.c"},{"Email":7}]}})"_ba,
            &response, &error));
    QVERIFY2(error.contains(u"Customer.Contacts[1].Email"_s), qPrintable(error));
    QCOMPARE(response, GetOpportunityResponse());

    QVERIFY(!GetOpportunityResponse::parse(R"({"Catalog":"AWS","OpportunityTeam":{}})"_ba,
                                           &response, &error));
    QVERIFY2(error.contains(u"OpportunityTeam"_s), qPrintable(error));
    QVERIFY(!GetOpportunityResponse::parse(R"([])"_ba, &response, &error));
    QVERIFY(!GetOpportunityResponse::parse(R"({"Catalog":)"_ba, &response, &error));

    GetAwsOpportunitySummaryResponse summary;
    QVERIFY(!GetAwsOpportunitySummaryResponse::parse(
            R"({"Insights":{"OpportunityQuality":{"Score":"high"}}})"_ba, &summary, &error));
    QVERIFY2(error.contains(u"Insights.OpportunityQuality.Score"_s), qPrintable(error));
}

void tst_GetOpportunity::response_largerThanTheReusedParser()
{
    // Beyond 1 MiB the reader uses a parser of its own; the next small answer still parses.
    const QString comments(2 * 1024 * 1024, u'x');
    GetOpportunityResponse response;
    QString error;
    QVERIFY2(GetOpportunityResponse::parse(R"({"Catalog":"AWS","Project":{"AdditionalComments":")"
                                                   + comments.toLatin1() + R"("}})",
                                           &response, &error),
             qPrintable(error));
    QCOMPARE(response.project->additionalComments.size(), comments.size());
    QVERIFY(GetOpportunityResponse::parse(R"({"Catalog":"Sandbox"})"_ba, &response, &error));
    QCOMPARE(response.catalog, u"Sandbox"_s);
    QVERIFY(!response.project);
}

void tst_GetOpportunity::response_indentedLikeTheAwsCli()
{
    GetOpportunityResponse response;
    QString error;
    QVERIFY(GetOpportunityResponse::parse(
            R"({"Catalog":"AWS","PrimaryNeedsFromAws":[],"Project":{"Title":"日本 \"x\""},"Id":"O1","RelatedEntityIdentifiers":{}})"_ba,
            &response, &error));
    // json.dumps(response, indent=4, ensure_ascii=False), as `aws … --output json` prints it.
    QCOMPARE(response.toJson(4), "{\n"
                                 "    \"Catalog\": \"AWS\",\n"
                                 "    \"PrimaryNeedsFromAws\": [],\n"
                                 "    \"Project\": {\n"
                                 "        \"Title\": \"日本 \\\"x\\\"\"\n"
                                 "    },\n"
                                 "    \"Id\": \"O1\",\n"
                                 "    \"RelatedEntityIdentifiers\": {}\n"
                                 "}"_ba);
}

void tst_GetOpportunity::calls_againstTheEmulator()
{
    EmulatorOptions options;
    options.secretKey = u"get-opportunity-test"_s;
    options.count = 60;
    options.sandboxCount = 0;
    EmulatorServer server;
    QString problem;
    QVERIFY2(server.start(options, &problem), qPrintable(problem));
    ClientConfig config;
    config.endpoint = server.endpoint();
    config.maxRequestsPerSecond = 0; // unpaced: the test counts answers, not time
    AwsClient client(config,
                     std::make_shared<StaticCredentialsProvider>(server.credentials(), u"test"_s));

    ListOpportunitiesRequest list;
    list.catalog = u"AWS"_s;
    list.maxResults = 100;
    ListOpportunitiesCall listing(&client, list);
    QSignalSpy listed(&listing, &OperationCall::finished);
    listing.start();
    QVERIFY(listed.wait());
    const QList<OpportunitySummary> summaries = listing.response().opportunitySummaries;
    QCOMPARE(summaries.size(), 60);

    int found = 0;
    int notFound = 0;
    for (const OpportunitySummary &summary : summaries) {
        GetOpportunityCall call(&client, {u"AWS"_s, summary.id});
        QSignalSpy finished(&call, &OperationCall::finished);
        call.start();
        QVERIFY(finished.wait());
        QCOMPARE(finished.size(), 1);
        QVERIFY2(!call.error().isError(), qPrintable(call.errorString()));
        const GetOpportunityResponse &details = call.response();
        QCOMPARE(details.id, summary.id);
        QCOMPARE(details.arn, summary.arn);
        QCOMPARE(details.lastModifiedDate, summary.lastModifiedDate);
        QCOMPARE(details.createdDate, summary.createdDate);
        QCOMPARE(details.lifeCycle.has_value(), summary.hasLifeCycle);
        QCOMPARE(call.operation(), u"GetOpportunity"_s);

        GetAwsOpportunitySummaryCall aws(&client, {u"AWS"_s, summary.id});
        QSignalSpy awsFinished(&aws, &OperationCall::finished);
        aws.start();
        QVERIFY(awsFinished.wait());
        if (aws.error().isError()) {
            QCOMPARE(aws.error().kind, ApiError::Kind::ResourceNotFound);
            QCOMPARE(aws.error().httpStatus, 404);
            ++notFound;
        } else {
            QCOMPARE(aws.response().relatedOpportunityId, summary.id);
            QCOMPARE(aws.response().catalog, u"AWS"_s);
            ++found;
        }
    }
    QVERIFY(found > 30);
    QVERIFY(notFound > 0);

    GetOpportunityCall missing(&client, {u"AWS"_s, u"O999999999999"_s});
    QSignalSpy finished(&missing, &OperationCall::finished);
    missing.start();
    QVERIFY(finished.wait());
    QCOMPARE(missing.error().kind, ApiError::Kind::ResourceNotFound);
    QCOMPARE(missing.error().type, u"ResourceNotFoundException"_s);
    QVERIFY(missing.error()
                    .toCliText(missing.operation())
                    .contains(u"when calling the GetOpportunity operation"_s));
}

void tst_GetOpportunity::calls_invalidRequestIsNotSent()
{
    EmulatorOptions options;
    options.secretKey = u"get-opportunity-test"_s;
    options.count = 5;
    EmulatorServer server;
    QVERIFY(server.start(options, nullptr));
    ClientConfig config;
    config.endpoint = server.endpoint();
    config.maxRequestsPerSecond = 0; // unpaced: the test counts answers, not time
    AwsClient client(config,
                     std::make_shared<StaticCredentialsProvider>(server.credentials(), u"test"_s));
    GetAwsOpportunitySummaryCall call(&client, {u"AWS"_s, u"1234"_s});
    QSignalSpy finished(&call, &OperationCall::finished);
    call.start();
    QCOMPARE(finished.size(), 0); // never inside start()
    QVERIFY(finished.wait());
    QCOMPARE(call.error().kind, ApiError::Kind::LocalValidation);
    QCOMPARE(fieldNames(call.error().fieldErrors),
             QStringList{u"RelatedOpportunityIdentifier:INVALID_STRING_FORMAT"_s});
    QCOMPARE(server.requestCount(), 0);
}

void tst_GetOpportunity::calls_deniedOperationIsAccessDenied()
{
    EmulatorOptions options;
    options.secretKey = u"get-opportunity-test"_s;
    options.count = 5;
    options.deniedOperations = {u"GetOpportunity"_s};
    EmulatorServer server;
    QVERIFY(server.start(options, nullptr));
    ClientConfig config;
    config.endpoint = server.endpoint();
    config.maxRequestsPerSecond = 0; // unpaced: the test counts answers, not time
    AwsClient client(config,
                     std::make_shared<StaticCredentialsProvider>(server.credentials(), u"test"_s));

    ListOpportunitiesRequest list;
    list.catalog = u"AWS"_s;
    ListOpportunitiesCall listing(&client, list);
    QSignalSpy listed(&listing, &ListOpportunitiesCall::finished);
    listing.start();
    QVERIFY(listed.wait());
    QVERIFY2(!listing.error().isError(), qPrintable(listing.errorString()));
    const QString id = listing.response().opportunitySummaries.front().id;

    GetOpportunityCall denied(&client, {u"AWS"_s, id});
    QSignalSpy finished(&denied, &OperationCall::finished);
    denied.start();
    QVERIFY(finished.wait());
    QCOMPARE(denied.error().kind, ApiError::Kind::AccessDenied);
    QCOMPARE(denied.error().httpStatus, 403);
    QVERIFY(denied.error().message.contains(u"partnercentral:GetOpportunity"_s));
}

void tst_GetOpportunity::listCall_isTheSameOperationJob()
{
    // ListOpportunitiesCall is the same job as the detail calls: local validation, then the
    // asynchronous finished() with the error, elapsed time set.
    ListOpportunitiesRequest request; // no Catalog
    ListOpportunitiesCall call(nullptr, request);
    QSignalSpy finished(&call, &ListOpportunitiesCall::finished);
    call.start();
    QVERIFY(!call.isFinished());
    QVERIFY(finished.wait());
    QVERIFY(call.isFinished());
    QCOMPARE(call.operation(), u"ListOpportunities"_s);
    QCOMPARE(call.error().kind, ApiError::Kind::LocalValidation);
    QVERIFY(call.elapsedMs() >= 0);
    call.abort(); // after finishing: no second finished()
    QCOMPARE(finished.size(), 1);
}

QTEST_GUILESS_MAIN(tst_GetOpportunity)
#include "tst_getopportunity.moc"
