#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace Pd::Core {

/// One entry of a ValidationException's ErrorList, or one locally refused request member.
struct FieldError
{
    QString fieldName; ///< API member path, e.g. "LifeCycleStage[2]" or "Sort.SortBy"
    QString code; ///< ValidationExceptionErrorCode, e.g. "INVALID_ENUM_VALUE"
    QString message;
    friend bool operator==(const FieldError &, const FieldError &) = default;
};

/// A failed API call, as data. `type` is the sanitised AWS error name ("ThrottlingException");
/// `kind` groups names and transport failures for decisions (retry, re-prompt, banner).
struct ApiError
{
    enum class Kind {
        None,
        LocalValidation, ///< refused before sending; see fieldErrors
        Configuration, ///< credentials, endpoint or profile problem before sending
        Validation, ///< ValidationException
        AccessDenied, ///< AccessDeniedException
        ResourceNotFound, ///< ResourceNotFoundException
        Throttling, ///< ThrottlingException or another throttling name, or HTTP 429
        InternalServer, ///< InternalServerException or another 5xx
        Authentication, ///< front-end auth errors: InvalidSignature, UnrecognizedClient, …
        Service, ///< any other error the service returned
        Network, ///< connection refused/reset, DNS, TLS, truncated body
        Timeout, ///< transfer timeout
        Cancelled, ///< aborted by the caller; never retried
        InvalidResponse, ///< a 2xx whose body is not a valid response
    };

    Kind kind = Kind::None;
    int httpStatus = 0; ///< 0 when no response arrived
    QString type; ///< sanitised error name; empty for transport failures
    QString message; ///< service message or transport description
    QString reason; ///< ValidationException / AccessDeniedException Reason
    QList<FieldError> fieldErrors;
    QString requestId; ///< x-amzn-RequestId
    int attempts = 0; ///< HTTP attempts made, retries included

    bool isError() const { return kind != Kind::None; }
    /// "An error occurred (Type) when calling the Operation operation: message", as the AWS CLI
    /// prints it, followed by one line per field error.
    QString toCliText(const QString &operation) const;
    /// A one-line description for logs and status bars (no secrets, no field values).
    QString summary() const;

    static ApiError localValidation(const QList<FieldError> &errors);
    static ApiError configuration(const QString &message);
};

} // namespace Pd::Core

Q_DECLARE_METATYPE(Pd::Core::ApiError)
