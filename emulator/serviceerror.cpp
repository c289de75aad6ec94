#include "serviceerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Pd::Emulator {

namespace {
constexpr auto Namespace = "com.amazonaws.partnercentralselling#";
}

QString ServiceError::name() const
{
    const qsizetype hash = type.lastIndexOf(u'#');
    return hash < 0 ? type : type.mid(hash + 1);
}

QByteArray ServiceError::toJson() const
{
    QJsonObject body;
    if (!type.isEmpty()) {
        body.insert("__type"_L1, type);
    }
    body.insert(modeled ? "Message"_L1 : "message"_L1, message);
    if (!reason.isEmpty()) {
        body.insert("Reason"_L1, reason);
    }
    if (!fieldErrors.isEmpty()) {
        QJsonArray list;
        for (const Core::FieldError &error : fieldErrors) {
            QJsonObject item;
            if (!error.fieldName.isEmpty()) {
                item.insert("FieldName"_L1, error.fieldName);
            }
            item.insert("Code"_L1, error.code);
            item.insert("Message"_L1, error.message);
            list.append(item);
        }
        body.insert("ErrorList"_L1, list);
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ServiceError ServiceError::modeledError(int httpStatus, const QString &name, const QString &message)
{
    ServiceError error;
    error.httpStatus = httpStatus;
    error.type = QLatin1StringView(Namespace) + name;
    error.message = message;
    error.modeled = true;
    return error;
}

ServiceError ServiceError::frontEnd(int httpStatus, const QString &name, const QString &message)
{
    ServiceError error;
    error.httpStatus = httpStatus;
    error.type = name;
    error.message = message;
    return error;
}

ServiceError ServiceError::validation(const QList<Core::FieldError> &errors)
{
    ServiceError error = modeledError(400, u"ValidationException"_s, QString());
    error.reason = u"REQUEST_VALIDATION_FAILED"_s;
    error.fieldErrors = errors;
    QStringList parts;
    for (const Core::FieldError &fieldError : errors) {
        parts.append(fieldError.fieldName.isEmpty()
                             ? fieldError.message
                             : fieldError.fieldName + u": "_s + fieldError.message);
    }
    error.message = (errors.size() == 1
                             ? u"1 validation error detected: "_s
                             : QString::number(errors.size()) + u" validation errors detected: "_s)
                    + parts.join(u"; "_s);
    return error;
}

ServiceError ServiceError::throttling(int httpStatus)
{
    return modeledError(httpStatus, u"ThrottlingException"_s, u"Rate exceeded"_s);
}

ServiceError ServiceError::internalServer()
{
    return modeledError(500, u"InternalServerException"_s,
                        u"An internal error occurred. Try again later."_s);
}

} // namespace Pd::Emulator
