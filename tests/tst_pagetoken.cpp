#include "pagetoken.h"

#include <QRegularExpression>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using Pd::Emulator::PageToken;

namespace {

const QByteArray Key(32, 'k');
const QByteArray Query = R"({"Catalog":"AWS","Sort":{"SortBy":"LastModifiedDate"}})";

} // namespace

class tst_PageToken final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void sameQueryAndOffset_sameToken();
    void boundToQueryAndKey();
    void forgedOrDamaged_isRefused_data();
    void forgedOrDamaged_isRefused();
};

void tst_PageToken::roundTrip_data()
{
    QTest::addColumn<quint32>("offset");
    for (const quint32 offset : {0u, 1u, 20u, 100u, 65536u, std::numeric_limits<quint32>::max()}) {
        QTest::addRow("%u", offset) << offset;
    }
}

void tst_PageToken::roundTrip()
{
    QFETCH(quint32, offset);
    const PageToken tokens(Key);
    const QByteArray token = tokens.encode(Query, offset);
    // Opaque and URL-safe: base64url of 4 offset bytes and a 16-byte MAC, unpadded.
    static const QRegularExpression urlSafe(u"^[A-Za-z0-9_-]{27}$"_s);
    QVERIFY2(urlSafe.match(QString::fromLatin1(token)).hasMatch(), token.constData());
    const std::optional<quint32> decoded = tokens.decode(Query, token);
    QVERIFY(decoded);
    QCOMPARE(*decoded, offset);
}

void tst_PageToken::sameQueryAndOffset_sameToken()
{
    const PageToken tokens(Key);
    QCOMPARE(tokens.encode(Query, 40), tokens.encode(Query, 40));
    QCOMPARE(PageToken(Key).encode(Query, 40), tokens.encode(Query, 40));
    QVERIFY(tokens.encode(Query, 40) != tokens.encode(Query, 41));
}

void tst_PageToken::boundToQueryAndKey()
{
    const PageToken tokens(Key);
    const QByteArray token = tokens.encode(Query, 40);
    QVERIFY(tokens.decode(Query, token));
    QVERIFY(!tokens.decode(Query + ' ', token));
    QVERIFY(!tokens.decode(QByteArray(), token));
    QVERIFY(!PageToken(QByteArray(32, 'o')).decode(Query, token));
    // A server's own random key: another server's tokens are not valid here.
    const PageToken first;
    const PageToken second;
    QVERIFY(first.encode(Query, 40) != second.encode(Query, 40));
    QVERIFY(!second.decode(Query, first.encode(Query, 40)));
    QCOMPARE(first.decode(Query, first.encode(Query, 40)).value_or(0), 40u);
}

void tst_PageToken::forgedOrDamaged_isRefused_data()
{
    const PageToken tokens(Key);
    const QByteArray token = tokens.encode(Query, 40);
    const QByteArray bytes = QByteArray::fromBase64(token, QByteArray::Base64UrlEncoding);
    const auto encode = [](const QByteArray &raw) {
        return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };

    QTest::addColumn<QByteArray>("token");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated") << token.chopped(1);
    QTest::newRow("extended") << token + 'A';
    QTest::newRow("padded") << token + '=';
    QTest::newRow("outside the URL alphabet") << '+' + token.mid(1);
    QTest::newRow("not base64") << "not a token!"_ba;
    QByteArray otherOffset = bytes;
    otherOffset[3] = char(otherOffset.at(3) ^ 1); // offset 41 with the MAC of offset 40
    QTest::newRow("offset edited") << encode(otherOffset);
    QByteArray otherMac = bytes;
    otherMac[19] = char(otherMac.at(19) ^ 0x80);
    QTest::newRow("MAC edited") << encode(otherMac);
    QTest::newRow("offset alone") << encode(bytes.left(4));
    QTest::newRow("JSON offset, as a naive server issues") << R"({"offset":40})"_ba.toBase64();
}

void tst_PageToken::forgedOrDamaged_isRefused()
{
    QFETCH(QByteArray, token);
    const PageToken tokens(Key);
    QVERIFY(tokens.decode(Query, tokens.encode(Query, 40)));
    QVERIFY(!tokens.decode(Query, token));
}

QTEST_GUILESS_MAIN(tst_PageToken)
#include "tst_pagetoken.moc"
