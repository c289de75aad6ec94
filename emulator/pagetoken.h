#pragma once

#include <QByteArray>

#include <optional>

namespace Pd::Emulator {

/// NextToken values: opaque, stable for the server's lifetime, and bound to one query.
///
/// A token is base64url(offset ‖ HMAC-SHA256(key, canonicalQuery ‖ offset)[0..16]) with a
/// random per-server key, so the same query at the same offset always gets the same token,
/// and a token cannot be forged, edited, or replayed with other filters or another sort.
class PageToken final
{
public:
    /// A fresh random key.
    PageToken();
    explicit PageToken(QByteArray key);

    QByteArray encode(const QByteArray &canonicalQuery, quint32 offset) const;
    /// The offset, or std::nullopt when the token was not issued by this server for this query.
    std::optional<quint32> decode(const QByteArray &canonicalQuery, const QByteArray &token) const;

private:
    QByteArray mac(const QByteArray &canonicalQuery, const QByteArray &offsetBytes) const;

    QByteArray m_key;
};

} // namespace Pd::Emulator
