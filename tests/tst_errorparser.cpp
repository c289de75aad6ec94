#include "apierror.h"
#include "errorparser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

using Kind = ApiError::Kind;
Q_DECLARE_METATYPE(Pd::Core::ApiError::Kind)

class tst_ErrorParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_nameMessageAndKind_data();
    void parse_nameMessageAndKind();
    void parse_readsReasonErrorListAndRequestId();
    void parse_fallbackMessages_data();
    void parse_fallbackMessages();
    void sanitize_table_data();
    void sanitize_table();
    void classify_table_data();
    void classify_table();

    void cliText_serviceErrorLikeTheAwsCli();
    void cliText_mentionsRetriesOnlyForRetryableErrors();
    void cliText_localValidationAndOtherKinds();
    void summary_isOneLine();
};

void tst_ErrorParser::parse_nameMessageAndKind_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("type");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("message");

    QTest::newRow("bare __type") << 400 << R"({"__type":"ValidationException","message":"bad"})"_ba
                                 << QByteArray() << u"ValidationException"_s << Kind::Validation
                                 << u"bad"_s;
    QTest::newRow("namespaced __type")
            << 400
            << R"({"__type":"com.amazonaws.partnercentralselling#ValidationException","Message":"bad"})"_ba
            << QByteArray() << u"ValidationException"_s << Kind::Validation << u"bad"_s;
    QTest::newRow("url-suffixed __type")
            << 429
            << R"({"__type":"com.amazonaws.partnercentralselling#ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/","message":"Rate exceeded"})"_ba
            << QByteArray() << u"ThrottlingException"_s << Kind::Throttling << u"Rate exceeded"_s;
    QTest::newRow("comma list in __type")
            << 403 << R"({"__type":"AccessDeniedException,Sender","message":"no"})"_ba
            << QByteArray() << u"AccessDeniedException"_s << Kind::AccessDenied << u"no"_s;
    QTest::newRow("last # wins")
            << 404 << R"({"__type":"a#b#ResourceNotFoundException","message":"gone"})"_ba
            << QByteArray() << u"ResourceNotFoundException"_s << Kind::ResourceNotFound
            << u"gone"_s;
    QTest::newRow("code key") << 403 << R"({"code":"AccessDeniedException","message":"m"})"_ba
                              << QByteArray() << u"AccessDeniedException"_s << Kind::AccessDenied
                              << u"m"_s;
    QTest::newRow("Code key any case")
            << 500 << R"({"CODE":"aws#InternalServerException","Message":"boom"})"_ba
            << QByteArray() << u"InternalServerException"_s << Kind::InternalServer << u"boom"_s;
    QTest::newRow("numeric code") << 404 << R"({"code":404,"message":"m"})"_ba << QByteArray()
                                  << u"404"_s << Kind::Service << u"m"_s;
    QTest::newRow("__type beats code and header")
            << 400
            << R"({"code":"AccessDeniedException","__type":"ValidationException","message":"m"})"_ba
            << "ThrottlingException"_ba << u"ValidationException"_s << Kind::Validation << u"m"_s;
    QTest::newRow("code beats header")
            << 400 << R"({"code":"SerializationException","message":"m"})"_ba
            << "ThrottlingException"_ba << u"SerializationException"_s << Kind::Service << u"m"_s;
    QTest::newRow("null __type falls through")
            << 403 << R"({"__type":null,"message":"m"})"_ba
            << "UnrecognizedClientException:http://x"_ba << u"UnrecognizedClientException"_s
            << Kind::Authentication << u"m"_s;
    QTest::newRow("header only")
            << 403 << R"({"message":"The security token included in the request is invalid."})"_ba
            << "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/"_ba
            << u"UnrecognizedClientException"_s << Kind::Authentication
            << u"The security token included in the request is invalid."_s;
    QTest::newRow("header only, non-JSON body")
            << 403 << "<html>Forbidden</html>"_ba
            << "InvalidSignatureException"_ba << u"InvalidSignatureException"_s
            << Kind::Authentication << QString();
    QTest::newRow("message before Message")
            << 400 << R"({"__type":"ValidationException","Message":"second","message":"first"})"_ba
            << QByteArray() << u"ValidationException"_s << Kind::Validation << u"first"_s;
    QTest::newRow("non-string message is skipped")
            << 400 << R"({"__type":"ValidationException","message":5,"Message":"text"})"_ba
            << QByteArray() << u"ValidationException"_s << Kind::Validation << u"text"_s;
    QTest::newRow("nothing, 503") << 503 << QByteArray() << QByteArray() << QString()
                                  << Kind::InternalServer << QString();
    QTest::newRow("nothing, 429") << 429 << "{}"_ba << QByteArray() << QString() << Kind::Throttling
                                  << QString();
    QTest::newRow("nothing, 400") << 400 << "[1,2]"_ba << QByteArray() << QString() << Kind::Service
                                  << QString();
    QTest::newRow("unknown name, 502")
            << 502 << R"({"__type":"BadGatewayThing","message":"m"})"_ba << QByteArray()
            << u"BadGatewayThing"_s << Kind::InternalServer << u"m"_s;
    QTest::newRow("throttling name on 400")
            << 400 << R"({"__type":"TooManyRequestsException","message":"slow"})"_ba << QByteArray()
            << u"TooManyRequestsException"_s << Kind::Throttling << u"slow"_s;
    QTest::newRow("expired token")
            << 400 << R"({"__type":"ExpiredTokenException","message":"expired"})"_ba << QByteArray()
            << u"ExpiredTokenException"_s << Kind::Authentication << u"expired"_s;
    QTest::newRow("truncated JSON, header")
            << 500 << R"({"__type":"InternalServerExcep)"_ba
            << "InternalFailure"_ba << u"InternalFailure"_s << Kind::InternalServer << QString();
}

void tst_ErrorParser::parse_nameMessageAndKind()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, header);
    QFETCH(QString, type);
    QFETCH(Kind, kind);
    QFETCH(QString, message);

    const ApiError error = parseErrorResponse(status, body, header, "req-1"_ba);
    QCOMPARE(error.type, type);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.requestId, u"req-1"_s);
    QVERIFY(error.isError());
    if (message.isNull()) {
        QVERIFY(error.message.contains(QString::number(status)));
    } else {
        QCOMPARE(error.message, message);
    }
}

void tst_ErrorParser::parse_readsReasonErrorListAndRequestId()
{
    const ApiError error = parseErrorResponse(
            400,
            R"({"__type":"com.amazonaws.partnercentralselling#ValidationException",
                "message":"Request validation failed","Reason":"REQUEST_VALIDATION_FAILED",
                "ErrorList":[{"FieldName":"Catalog","Code":"REQUIRED_FIELD_MISSING","Message":"Catalog is required"},
                             {"Code":"INVALID_VALUE","Message":"no field"},
                             "junk",
                             {"FieldName":"LifeCycleStage[0]","Code":"INVALID_ENUM_VALUE","message":"lower-case key"}]})"_ba,
            QByteArray(), " 7c1d-aa "_ba);
    QCOMPARE(error.kind, Kind::Validation);
    QCOMPARE(error.reason, u"REQUEST_VALIDATION_FAILED"_s);
    QCOMPARE(error.requestId, u"7c1d-aa"_s);
    const QList<FieldError> expected{
            {u"Catalog"_s, u"REQUIRED_FIELD_MISSING"_s, u"Catalog is required"_s},
            {QString(), u"INVALID_VALUE"_s, u"no field"_s},
            {u"LifeCycleStage[0]"_s, u"INVALID_ENUM_VALUE"_s, u"lower-case key"_s},
    };
    QCOMPARE(error.fieldErrors.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QVERIFY(error.fieldErrors.at(i) == expected.at(i));
    }

    const ApiError denied = parseErrorResponse(
            403,
            R"({"__type":"AccessDeniedException","Message":"denied","Reason":"INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE","ErrorList":{}})"_ba,
            {}, {});
    QCOMPARE(denied.reason, u"INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE"_s);
    QVERIFY(denied.fieldErrors.isEmpty());
    QVERIFY(denied.requestId.isEmpty());
}

void tst_ErrorParser::parse_fallbackMessages_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("empty body") << 503 << QByteArray()
                                << QStringList{u"503"_s, u"Service Unavailable"_s, u"empty"_s};
    QTest::newRow("whitespace body") << 500 << " \r\n"_ba << QStringList{u"500"_s, u"empty"_s};
    QTest::newRow("html") << 502 << "<html>\n<h1>502 Bad\tGateway</h1>\n</html>"_ba
                          << QStringList{u"HTTP 502 Bad Gateway"_s,
                                         u"<html> <h1>502 Bad Gateway</h1> </html>"_s};
    QTest::newRow("json without message")
            << 418 << R"({"__type":"Teapot"})"_ba << QStringList{u"HTTP 418"_s, u"without"_s};
    QTest::newRow("long text is cut") << 500 << QByteArray(100000, 'a') << QStringList{u"…"_s};
    QTest::newRow("binary") << 500 << QByteArray("\x00\x01\xFF\xFE", 4) << QStringList{u"500"_s};
}

void tst_ErrorParser::parse_fallbackMessages()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, mentions);
    const ApiError error = parseErrorResponse(status, body, {}, {});
    for (const QString &mention : mentions) {
        QVERIFY2(error.message.contains(mention), qPrintable(error.message));
    }
    QVERIFY(!error.message.contains(u'\n'));
    QVERIFY(error.message.size() < 400);
}

void tst_ErrorParser::sanitize_table_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("name");
    QTest::newRow("bare") << u"ThrottlingException"_s << u"ThrottlingException"_s;
    QTest::newRow("namespace") << u"aws.protocoltests.restjson#FooError"_s << u"FooError"_s;
    QTest::newRow("url suffix")
            << u"FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"_s
            << u"FooError"_s;
    QTest::newRow("namespace and url")
            << u"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"_s
            << u"FooError"_s;
    QTest::newRow("comma") << u"FooError,BarError"_s << u"FooError"_s;
    QTest::newRow("# after colon is ignored") << u"FooError:http://x/#frag"_s << u"FooError"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("spaces") << u" FooError "_s << u"FooError"_s;
}

void tst_ErrorParser::sanitize_table()
{
    QFETCH(QString, raw);
    QFETCH(QString, name);
    QCOMPARE(sanitizeErrorName(raw), name);
}

void tst_ErrorParser::classify_table_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("status");
    QTest::addColumn<Kind>("kind");

    for (const char *name :
         {"BandwidthLimitExceeded", "EC2ThrottledException", "LimitExceededException",
          "PriorRequestNotComplete", "ProvisionedThroughputExceededException",
          "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown",
          "ThrottledException", "Throttling", "ThrottlingException", "TooManyRequestsException",
          "TransactionInProgressException"}) {
        QTest::newRow(name) << QString::fromLatin1(name) << 400 << Kind::Throttling;
        QVERIFY(isThrottlingErrorName(QString::fromLatin1(name)));
    }
    for (const char *name :
         {"UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature",
          "IncompleteSignatureException", "MissingAuthenticationToken",
          "MissingAuthenticationTokenException", "ExpiredToken", "ExpiredTokenException",
          "RequestExpired", "InvalidClientTokenId", "SignatureDoesNotMatch"}) {
        QTest::newRow(name) << QString::fromLatin1(name) << 403 << Kind::Authentication;
    }
    QTest::newRow("ValidationException") << u"ValidationException"_s << 400 << Kind::Validation;
    QTest::newRow("ValidationException on 500")
            << u"ValidationException"_s << 500 << Kind::Validation;
    QTest::newRow("AccessDeniedException")
            << u"AccessDeniedException"_s << 403 << Kind::AccessDenied;
    QTest::newRow("ResourceNotFoundException")
            << u"ResourceNotFoundException"_s << 404 << Kind::ResourceNotFound;
    QTest::newRow("InternalServerException")
            << u"InternalServerException"_s << 500 << Kind::InternalServer;
    QTest::newRow("InternalFailure on 400") << u"InternalFailure"_s << 400 << Kind::InternalServer;
    QTest::newRow("ServiceUnavailable 503")
            << u"ServiceUnavailable"_s << 503 << Kind::InternalServer;
    QTest::newRow("unnamed 429") << QString() << 429 << Kind::Throttling;
    QTest::newRow("unnamed 500") << QString() << 500 << Kind::InternalServer;
    QTest::newRow("unnamed 504") << QString() << 504 << Kind::InternalServer;
    QTest::newRow("unnamed 599") << QString() << 599 << Kind::InternalServer;
    QTest::newRow("unnamed 404") << QString() << 404 << Kind::Service;
    QTest::newRow("ConflictException 409") << u"ConflictException"_s << 409 << Kind::Service;
    QTest::newRow("SerializationException") << u"SerializationException"_s << 400 << Kind::Service;
    QTest::newRow("names are case-sensitive") << u"throttlingexception"_s << 400 << Kind::Service;
    QTest::newRow("AccessDenied on 429 is throttling by status")
            << u"AccessDenied"_s << 429 << Kind::Throttling;
}

void tst_ErrorParser::classify_table()
{
    QFETCH(QString, name);
    QFETCH(int, status);
    QFETCH(Kind, kind);
    QCOMPARE(classifyError(name, status), kind);
}

void tst_ErrorParser::cliText_serviceErrorLikeTheAwsCli()
{
    ApiError error = parseErrorResponse(
            400,
            R"({"__type":"ValidationException","message":"Invalid request","Reason":"REQUEST_VALIDATION_FAILED",
                "ErrorList":[{"FieldName":"LifeCycleStage[0]","Code":"INVALID_ENUM_VALUE","Message":"Not a stage"},
                             {"Code":"INVALID_VALUE","Message":"Something else"}]})"_ba,
            {}, {});
    error.attempts = 1;
    QCOMPARE(error.toCliText(u"ListOpportunities"_s),
             u"An error occurred (ValidationException) when calling the ListOpportunities "
             u"operation: Invalid request\n"
             u"  - LifeCycleStage[0]: INVALID_ENUM_VALUE: Not a stage\n"
             u"  - INVALID_VALUE: Something else"_s);

    const ApiError signature = parseErrorResponse(
            403,
            R"({"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."})"_ba,
            {}, {});
    QCOMPARE(signature.toCliText(u"ListOpportunities"_s),
             u"An error occurred (InvalidSignatureException) when calling the ListOpportunities "
             u"operation: The request signature we calculated does not match the signature you "
             u"provided."_s);

    const ApiError unnamed = parseErrorResponse(404, "{}"_ba, {}, {});
    QVERIFY(unnamed.toCliText(u"ListOpportunities"_s)
                    .startsWith(u"An error occurred (404) when calling the ListOpportunities "
                                u"operation: "_s));
}

void tst_ErrorParser::cliText_mentionsRetriesOnlyForRetryableErrors()
{
    ApiError throttled = parseErrorResponse(
            429, R"({"__type":"ThrottlingException","message":"Rate exceeded"})"_ba, {}, {});
    throttled.attempts = 4;
    QCOMPARE(throttled.toCliText(u"ListOpportunities"_s),
             u"An error occurred (ThrottlingException) when calling the ListOpportunities "
             u"operation (reached max retries: 3): Rate exceeded"_s);
    throttled.attempts = 1;
    QVERIFY(!throttled.toCliText(u"ListOpportunities"_s).contains(u"retries"_s));

    ApiError denied = parseErrorResponse(
            403, R"({"__type":"AccessDeniedException","message":"no"})"_ba, {}, {});
    denied.attempts = 2;
    QVERIFY(!denied.toCliText(u"ListOpportunities"_s).contains(u"retries"_s));
}

void tst_ErrorParser::cliText_localValidationAndOtherKinds()
{
    const ApiError local = ApiError::localValidation(
            {{u"MaxResults"_s, u"VALUE_OUT_OF_RANGE"_s, u"MaxResults must be between 1 and 100."_s},
             {u"Catalog"_s, u"REQUIRED_FIELD_MISSING"_s, u"Catalog is required."_s}});
    QCOMPARE(local.kind, Kind::LocalValidation);
    QCOMPARE(local.httpStatus, 0);
    QCOMPARE(local.fieldErrors.size(), 2);
    QVERIFY(local.message.contains(u'2'));
    const QString text = local.toCliText(u"ListOpportunities"_s);
    QVERIFY(text.startsWith(u"Parameter validation failed"_s));
    QVERIFY(text.contains(u"ListOpportunities"_s));
    QVERIFY(text.endsWith(
            u":\n  - MaxResults: VALUE_OUT_OF_RANGE: MaxResults must be between 1 "
            u"and 100.\n  - Catalog: REQUIRED_FIELD_MISSING: Catalog is required."_s));

    const ApiError config = ApiError::configuration(u"Plain HTTP is only allowed for loopback."_s);
    QCOMPARE(config.kind, Kind::Configuration);
    QVERIFY(config.toCliText(u"ListOpportunities"_s)
                    .contains(u"Plain HTTP is only allowed for loopback."_s));

    ApiError network;
    network.kind = Kind::Network;
    network.message = u"Connection refused"_s;
    network.attempts = 3;
    QCOMPARE(network.toCliText(u"ListOpportunities"_s),
             u"Network error when calling the ListOpportunities operation (reached max retries: "
             u"2): Connection refused"_s);

    ApiError none;
    QVERIFY(!none.isError());
    QVERIFY(none.toCliText(u"ListOpportunities"_s).isEmpty());
    QVERIFY(none.summary().isEmpty());

    for (const Kind kind : {Kind::Timeout, Kind::Cancelled, Kind::InvalidResponse}) {
        ApiError error;
        error.kind = kind;
        error.message = u"detail"_s;
        QVERIFY(error.toCliText(u"ListOpportunities"_s).contains(u"ListOpportunities"_s));
        QVERIFY(!error.summary().isEmpty());
    }
}

void tst_ErrorParser::summary_isOneLine()
{
    const ApiError error = parseErrorResponse(
            429, R"({"__type":"ThrottlingException","message":"Rate exceeded\nsecond line"})"_ba,
            {}, "abc-123"_ba);
    QCOMPARE(error.summary(), u"ThrottlingException (HTTP 429): Rate exceeded [request abc-123]"_s);

    const ApiError local = ApiError::localValidation(
            {{u"Identifier[0]"_s, u"INVALID_STRING_FORMAT"_s, u"\"X123\" is not valid"_s}});
    QCOMPARE(local.summary(), u"Request refused locally: Identifier[0] (INVALID_STRING_FORMAT)"_s);
    QVERIFY(!local.summary().contains(u"X123"_s));
}

QTEST_GUILESS_MAIN(tst_ErrorParser)
#include "tst_errorparser.moc"
