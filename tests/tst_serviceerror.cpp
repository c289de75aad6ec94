#include "serviceerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Pd::Core::FieldError;
using Pd::Emulator::ServiceError;

namespace {

QJsonObject parsed(const ServiceError &error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(error.toJson(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        qWarning("not a JSON object: %s", error.toJson().constData());
    }
    return document.object();
}

} // namespace

class tst_ServiceError final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modeled_fullShapeIdAndMessageMember();
    void frontEnd_bareNameAndLowerCaseMessage();
    void noType_noTypeMember();
    void validation_listsEveryFieldError();
    void throttlingAndInternalServer();
};

void tst_ServiceError::modeled_fullShapeIdAndMessageMember()
{
    const ServiceError error
            = ServiceError::modeledError(403, u"AccessDeniedException"_s, u"Not allowed"_s);
    QCOMPARE(error.httpStatus, 403);
    QCOMPARE(error.type, u"com.amazonaws.partnercentralselling#AccessDeniedException"_s);
    QCOMPARE(error.name(), u"AccessDeniedException"_s);
    QCOMPARE(parsed(error),
             (QJsonObject{{u"__type"_s, error.type}, {u"Message"_s, u"Not allowed"_s}}));
}

void tst_ServiceError::frontEnd_bareNameAndLowerCaseMessage()
{
    const ServiceError error = ServiceError::frontEnd(403, u"InvalidSignatureException"_s,
                                                      u"Signature expired: \"now\""_s);
    QCOMPARE(error.type, u"InvalidSignatureException"_s);
    QCOMPARE(error.name(), u"InvalidSignatureException"_s);
    QCOMPARE(parsed(error), (QJsonObject{{u"__type"_s, u"InvalidSignatureException"_s},
                                         {u"message"_s, u"Signature expired: \"now\""_s}}));
}

void tst_ServiceError::noType_noTypeMember()
{
    ServiceError error = ServiceError::frontEnd(500, QString(), u"Boom"_s);
    QCOMPARE(error.name(), QString());
    QCOMPARE(parsed(error), (QJsonObject{{u"message"_s, u"Boom"_s}}));
    // A name after the last '#' only.
    error.type = u"a#b#Named"_s;
    QCOMPARE(error.name(), u"Named"_s);
}

void tst_ServiceError::validation_listsEveryFieldError()
{
    const ServiceError one = ServiceError::validation(
            {FieldError{u"Catalog"_s, u"REQUIRED_FIELD_MISSING"_s, u"Catalog is required."_s}});
    QCOMPARE(one.httpStatus, 400);
    QCOMPARE(one.name(), u"ValidationException"_s);
    QCOMPARE(one.message, u"1 validation error detected: Catalog: Catalog is required."_s);
    QCOMPARE(parsed(one),
             (QJsonObject{{u"__type"_s, one.type},
                          {u"Message"_s, one.message},
                          {u"Reason"_s, u"REQUEST_VALIDATION_FAILED"_s},
                          {u"ErrorList"_s,
                           QJsonArray{QJsonObject{{u"FieldName"_s, u"Catalog"_s},
                                                  {u"Code"_s, u"REQUIRED_FIELD_MISSING"_s},
                                                  {u"Message"_s, u"Catalog is required."_s}}}}}));

    // Several errors are counted and joined; one without a field has no FieldName.
    const ServiceError two = ServiceError::validation(
            {FieldError{u"MaxResults"_s, u"VALUE_OUT_OF_RANGE"_s, u"Too many."_s},
             FieldError{QString(), u"INVALID_VALUE"_s, u"Unreadable body."_s}});
    QCOMPARE(two.message,
             u"2 validation errors detected: MaxResults: Too many.; Unreadable body."_s);
    const QJsonArray list = parsed(two).value(u"ErrorList"_s).toArray();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(1).toObject(),
             (QJsonObject{{u"Code"_s, u"INVALID_VALUE"_s}, {u"Message"_s, u"Unreadable body."_s}}));
}

void tst_ServiceError::throttlingAndInternalServer()
{
    for (const int status : {400, 429}) {
        const ServiceError throttling = ServiceError::throttling(status);
        QCOMPARE(throttling.httpStatus, status);
        QCOMPARE(throttling.name(), u"ThrottlingException"_s);
        QCOMPARE(parsed(throttling).value(u"Message"_s).toString(), u"Rate exceeded"_s);
    }
    const ServiceError internal = ServiceError::internalServer();
    QCOMPARE(internal.httpStatus, 500);
    QCOMPARE(internal.name(), u"InternalServerException"_s);
    QVERIFY(internal.modeled);
    QVERIFY(!parsed(internal).contains(u"Reason"_s));
}

QTEST_GUILESS_MAIN(tst_ServiceError)
#include "tst_serviceerror.moc"
