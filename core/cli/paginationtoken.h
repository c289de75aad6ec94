#pragma once

#include <QString>

#include <optional>

namespace Pd::Core {

/// The resume token `partnerdesk-cli` prints as `NextToken` when `--max-items` stops a listing,
/// in the AWS CLI's format: base64 of `{"NextToken": <service token or null>,
/// "boto_truncate_amount": <items of that page already returned>}` (botocore's TokenEncoder and
/// PageIterator). `--starting-token` takes it back. The service's own NextToken is not
/// interchangeable with it, but `decode()` accepts one as a resume point with nothing to skip.
struct PaginationToken
{
    QString nextToken; ///< the service token of the page to request; empty = the first page
    int skip = 0; ///< items at the start of that page that were already returned

    QString encode() const;
    /// Decodes a token from `encode()` (or from the AWS CLI); any other non-empty text is taken
    /// as a service NextToken. Returns nothing for an empty text or a negative or non-integer
    /// truncate amount.
    static std::optional<PaginationToken> decode(const QString &token);

    friend bool operator==(const PaginationToken &, const PaginationToken &) = default;
};

} // namespace Pd::Core
