#include "apierror.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ApiError)
};

void appendFieldErrors(QString *out, const QList<FieldError> &errors)
{
    for (const FieldError &error : errors) {
        out->append(u"\n  - "_s);
        if (!error.fieldName.isEmpty()) {
            out->append(error.fieldName + u": "_s);
        }
        if (!error.code.isEmpty()) {
            out->append(error.code + u": "_s);
        }
        out->append(error.message);
    }
}

bool isRetryableKind(ApiError::Kind kind)
{
    switch (kind) {
    case ApiError::Kind::Throttling:
    case ApiError::Kind::InternalServer:
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        return true;
    default:
        return false;
    }
}

} // namespace

QString ApiError::toCliText(const QString &operation) const
{
    // botocore's wording, including its " (reached max retries: N)" note.
    const QString retries = attempts > 1 && isRetryableKind(kind)
                                    ? Text::tr(" (reached max retries: %1)").arg(attempts - 1)
                                    : QString();
    QString text;
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::LocalValidation:
        text = Text::tr("Parameter validation failed for the %1 operation; nothing was sent:")
                       .arg(operation);
        appendFieldErrors(&text, fieldErrors);
        return text;
    case Kind::Configuration:
        return Text::tr("Configuration error: %1").arg(message);
    case Kind::Network:
        return Text::tr("Network error when calling the %1 operation%2: %3")
                .arg(operation, retries, message);
    case Kind::Timeout:
        return Text::tr("Timed out when calling the %1 operation%2: %3")
                .arg(operation, retries, message);
    case Kind::Cancelled:
        return Text::tr("The %1 operation was cancelled.").arg(operation);
    case Kind::InvalidResponse:
        return Text::tr("The %1 operation returned an invalid response: %2")
                .arg(operation, message);
    case Kind::Validation:
    case Kind::AccessDenied:
    case Kind::ResourceNotFound:
    case Kind::Throttling:
    case Kind::InternalServer:
    case Kind::Authentication:
    case Kind::Service:
        break;
    }
    const QString name = type.isEmpty() ? QString::number(httpStatus) : type;
    text = Text::tr("An error occurred (%1) when calling the %2 operation%3: %4")
                   .arg(name, operation, retries, message);
    appendFieldErrors(&text, fieldErrors);
    return text;
}

QString ApiError::summary() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::LocalValidation: {
        QStringList fields;
        for (const FieldError &error : fieldErrors) {
            fields.append(error.fieldName.isEmpty()
                                  ? error.code
                                  : error.fieldName + u" ("_s + error.code + u')');
        }
        return Text::tr("Request refused locally: %1").arg(fields.join(u", "_s));
    }
    case Kind::Configuration:
        return Text::tr("Configuration error: %1").arg(message);
    case Kind::Cancelled:
        return Text::tr("Cancelled");
    default:
        break;
    }
    QString text = type.isEmpty() ? QString() : type;
    if (httpStatus > 0) {
        text += text.isEmpty() ? Text::tr("HTTP %1").arg(httpStatus)
                               : Text::tr(" (HTTP %1)").arg(httpStatus);
    }
    QString firstLine = message.section(u'\n', 0, 0).trimmed();
    if (!firstLine.isEmpty()) {
        text += text.isEmpty() ? firstLine : u": "_s + firstLine;
    }
    if (!requestId.isEmpty()) {
        text += Text::tr(" [request %1]").arg(requestId);
    }
    return text;
}

ApiError ApiError::localValidation(const QList<FieldError> &errors)
{
    ApiError error;
    error.kind = Kind::LocalValidation;
    error.fieldErrors = errors;
    error.message
            = Text::tr("%n request member(s) failed validation.", nullptr, int(errors.size()));
    return error;
}

ApiError ApiError::configuration(const QString &message)
{
    ApiError error;
    error.kind = Kind::Configuration;
    error.message = message;
    return error;
}

} // namespace Pd::Core
