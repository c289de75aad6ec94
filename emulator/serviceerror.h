#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Pd::Emulator {

/// An error response as the service (or the AWS front end in front of it) sends it.
///
/// Errors modelled by Partner Central carry the full shape id in `__type`
/// ("com.amazonaws.partnercentralselling#ValidationException") and their model member
/// `Message`; front-end errors (authentication, routing, serialisation) carry the bare name and
/// a lower-case `message`, as AWS's front end writes them. Both SDKs accept either form.
struct ServiceError
{
    int httpStatus = 400;
    QString type; ///< the `__type` value exactly as sent; empty: no `__type` at all
    QString message;
    bool modeled = false; ///< `Message` (model member) instead of `message`
    QString reason; ///< ValidationException.Reason
    QList<Core::FieldError> fieldErrors; ///< ValidationException.ErrorList

    /// The bare error name ("ValidationException"), for logs and X-Amzn-ErrorType.
    QString name() const;
    QByteArray toJson() const;

    static ServiceError modeledError(int httpStatus, const QString &name, const QString &message);
    static ServiceError frontEnd(int httpStatus, const QString &name, const QString &message);
    static ServiceError validation(const QList<Core::FieldError> &errors);
    static ServiceError throttling(int httpStatus);
    static ServiceError internalServer();
};

} // namespace Pd::Emulator
