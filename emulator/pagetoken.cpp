#include "pagetoken.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QtEndian>

namespace Pd::Emulator {

namespace {
constexpr int OffsetBytes = 4;
constexpr int MacBytes = 16;
constexpr auto Base64Options = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
} // namespace

PageToken::PageToken()
{
    m_key.resize(32);
    QRandomGenerator::system()->generate(m_key.begin(), m_key.end());
}

PageToken::PageToken(QByteArray key) : m_key(std::move(key)) { }

QByteArray PageToken::mac(const QByteArray &canonicalQuery, const QByteArray &offsetBytes) const
{
    QMessageAuthenticationCode code(QCryptographicHash::Sha256, m_key);
    code.addData(offsetBytes);
    code.addData(canonicalQuery);
    return code.result().left(MacBytes);
}

QByteArray PageToken::encode(const QByteArray &canonicalQuery, quint32 offset) const
{
    QByteArray offsetBytes(OffsetBytes, Qt::Uninitialized);
    qToBigEndian(offset, offsetBytes.data());
    return (offsetBytes + mac(canonicalQuery, offsetBytes)).toBase64(Base64Options);
}

std::optional<quint32> PageToken::decode(const QByteArray &canonicalQuery,
                                         const QByteArray &token) const
{
    const auto decoded = QByteArray::fromBase64Encoding(
            token, Base64Options | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != OffsetBytes + MacBytes
        || decoded.decoded.toBase64(Base64Options) != token) {
        return std::nullopt;
    }
    const QByteArray offsetBytes = decoded.decoded.left(OffsetBytes);
    const QByteArray expected = mac(canonicalQuery, offsetBytes);
    const QByteArray given = decoded.decoded.mid(OffsetBytes);
    unsigned char diff = 0;
    for (int i = 0; i < MacBytes; ++i) {
        diff |= static_cast<unsigned char>(expected.at(i) ^ given.at(i));
    }
    if (diff != 0) {
        return std::nullopt;
    }
    return qFromBigEndian<quint32>(offsetBytes.constData());
}

} // namespace Pd::Emulator
