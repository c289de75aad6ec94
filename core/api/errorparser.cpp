#include "errorparser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ApiError)
};

constexpr qsizetype MaxFieldErrors = 1000;
constexpr qsizetype MaxBodyExcerpt = 200;

/// A string or number member as an error name ("a number becomes a string"), else empty.
QString nameFromValue(const QJsonValue &value)
{
    if (value.isString()) {
        return sanitizeErrorName(value.toString());
    }
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 1e15) {
            return QString::number(qint64(number));
        }
        return sanitizeErrorName(QString::number(number, 'g', QLocale::FloatingPointShortest));
    }
    return {};
}

/// The value of `key`, or of the first key equal to it ignoring case.
QJsonValue valueIgnoringCase(const QJsonObject &object, QLatin1StringView key)
{
    const auto exact = object.constFind(key);
    if (exact != object.constEnd()) {
        return exact.value();
    }
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0) {
            return it.value();
        }
    }
    return {};
}

QString stringMember(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = valueIgnoringCase(object, key);
    return value.isString() ? value.toString() : QString();
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return u"Bad Request"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"Not Found"_s;
    case 408:
        return u"Request Timeout"_s;
    case 413:
        return u"Payload Too Large"_s;
    case 429:
        return u"Too Many Requests"_s;
    case 500:
        return u"Internal Server Error"_s;
    case 502:
        return u"Bad Gateway"_s;
    case 503:
        return u"Service Unavailable"_s;
    case 504:
        return u"Gateway Timeout"_s;
    default:
        return {};
    }
}

QString statusText(int status)
{
    const QString phrase = reasonPhrase(status);
    return phrase.isEmpty() ? u"HTTP %1"_s.arg(status) : u"HTTP %1 %2"_s.arg(status).arg(phrase);
}

/// The start of a non-JSON body (a proxy's HTML page, plain text) on one line.
QString bodyExcerpt(const QByteArray &body)
{
    const QString decoded = QString::fromUtf8(body.left(MaxBodyExcerpt * 4));
    const bool truncated = body.size() > MaxBodyExcerpt * 4 || decoded.size() > MaxBodyExcerpt;
    QString text = decoded.left(MaxBodyExcerpt);
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control) {
            c = u' ';
        }
    }
    text = text.simplified();
    if (truncated) {
        text += u'…';
    }
    return text;
}

} // namespace

QString sanitizeErrorName(const QString &raw)
{
    QStringView name(raw);
    if (const qsizetype comma = name.indexOf(u','); comma >= 0) {
        name = name.left(comma);
    }
    if (const qsizetype colon = name.indexOf(u':'); colon >= 0) {
        name = name.left(colon);
    }
    if (const qsizetype hash = name.lastIndexOf(u'#'); hash >= 0) {
        name = name.mid(hash + 1);
    }
    return name.trimmed().toString();
}

bool isThrottlingErrorName(const QString &name)
{
    static const QStringList names{
            u"BandwidthLimitExceeded"_s,
            u"EC2ThrottledException"_s,
            u"LimitExceededException"_s,
            u"PriorRequestNotComplete"_s,
            u"ProvisionedThroughputExceededException"_s,
            u"RequestLimitExceeded"_s,
            u"RequestThrottled"_s,
            u"RequestThrottledException"_s,
            u"SlowDown"_s,
            u"ThrottledException"_s,
            u"Throttling"_s,
            u"ThrottlingException"_s,
            u"TooManyRequestsException"_s,
            u"TransactionInProgressException"_s,
    };
    return names.contains(name);
}

ApiError::Kind classifyError(const QString &name, int httpStatus)
{
    using Kind = ApiError::Kind;
    static const QStringList authenticationNames{
            u"UnrecognizedClientException"_s,
            u"InvalidSignatureException"_s,
            u"IncompleteSignature"_s,
            u"IncompleteSignatureException"_s,
            u"MissingAuthenticationToken"_s,
            u"MissingAuthenticationTokenException"_s,
            u"ExpiredToken"_s,
            u"ExpiredTokenException"_s,
            u"RequestExpired"_s,
            u"InvalidClientTokenId"_s,
            u"SignatureDoesNotMatch"_s,
    };
    if (isThrottlingErrorName(name)) {
        return Kind::Throttling;
    }
    if (name == u"ValidationException") {
        return Kind::Validation;
    }
    if (name == u"AccessDeniedException") {
        return Kind::AccessDenied;
    }
    if (name == u"ResourceNotFoundException") {
        return Kind::ResourceNotFound;
    }
    if (name == u"InternalServerException" || name == u"InternalFailure") {
        return Kind::InternalServer;
    }
    if (authenticationNames.contains(name)) {
        return Kind::Authentication;
    }
    if (httpStatus == 429) {
        return Kind::Throttling;
    }
    if (httpStatus >= 500 && httpStatus <= 599) {
        return Kind::InternalServer;
    }
    return Kind::Service;
}

ApiError parseErrorResponse(int httpStatus, const QByteArray &body,
                            const QByteArray &amznErrorTypeHeader, const QByteArray &requestId)
{
    ApiError error;
    error.httpStatus = httpStatus;
    error.requestId = QString::fromLatin1(requestId).trimmed();

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && document.isObject();
    const QJsonObject object = isObject ? document.object() : QJsonObject();

    if (isObject) {
        error.type = nameFromValue(object.value(u"__type"));
        if (error.type.isEmpty()) {
            error.type = nameFromValue(valueIgnoringCase(object, "code"_L1));
        }
    }
    if (error.type.isEmpty()) {
        error.type = sanitizeErrorName(QString::fromLatin1(amznErrorTypeHeader));
    }

    if (isObject) {
        for (const auto key : {"message"_L1, "Message"_L1}) {
            const QJsonValue value = object.value(key);
            if (value.isString()) {
                error.message = value.toString();
                break;
            }
        }
        error.reason = stringMember(object, "Reason"_L1);
        const QJsonArray list = valueIgnoringCase(object, "ErrorList"_L1).toArray();
        for (const QJsonValue &item : list) {
            if (error.fieldErrors.size() >= MaxFieldErrors) {
                break;
            }
            if (!item.isObject()) {
                continue;
            }
            const QJsonObject entry = item.toObject();
            error.fieldErrors.append(FieldError{stringMember(entry, "FieldName"_L1),
                                                stringMember(entry, "Code"_L1),
                                                stringMember(entry, "Message"_L1)});
        }
    }

    if (error.message.isEmpty()) {
        const QString status = statusText(httpStatus);
        if (body.trimmed().isEmpty()) {
            error.message = Text::tr("The service returned %1 with an empty body.").arg(status);
        } else if (!isObject) {
            error.message = Text::tr("The service returned %1 with a body that is not a JSON "
                                     "error object: %2")
                                    .arg(status, bodyExcerpt(body));
        } else {
            error.message
                    = Text::tr("The service returned %1 without an error message.").arg(status);
        }
    }

    error.kind = classifyError(error.type, httpStatus);
    return error;
}

} // namespace Pd::Core
