#pragma once

#include "apierror.h"

#include <QByteArray>
#include <QString>

namespace Pd::Core {

/// Turns a non-2xx awsJson1_0 response into an ApiError, the way the JS SDK reads errors:
/// the name from body `__type`, then body `code` (key matched case-insensitively), then the
/// `X-Amzn-ErrorType` header, sanitised (a number becomes text; cut at the first ',', then at
/// the first ':'; keep what follows the last '#'); the message from `message`, else `Message`,
/// else a fallback naming the HTTP status; `Reason` and `ErrorList` when present. Kind comes
/// from the name first, then the status. Never fails: empty, truncated or non-JSON bodies give
/// a sensible error too.
ApiError parseErrorResponse(int httpStatus, const QByteArray &body,
                            const QByteArray &amznErrorTypeHeader, const QByteArray &requestId);

/// The sanitising step alone ("aws.protocols#ValidationException:http://…" ->
/// "ValidationException").
QString sanitizeErrorName(const QString &raw);

/// Classification by error name first, then by HTTP status (429 throttling, 5xx server error).
ApiError::Kind classifyError(const QString &name, int httpStatus);

/// The 14 throttling error names of the AWS standard retry mode.
bool isThrottlingErrorName(const QString &name);

} // namespace Pd::Core
