// The emulator's SigV4 check, request by request at a fixed server time: each refusal the AWS
// front end makes, with its name, status and wording, and the edges of the five-minute window.
#include "requestauthenticator.h"
#include "sigv4signer.h"

#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::HttpConnection;
using Pd::Emulator::RequestAuthenticator;
using Pd::Emulator::ServiceError;

namespace {

const QString AccessKey = u"AKIDEXAMPLE"_s;
const QString SecretKey = u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s;
const QString Token = u"session-token"_s;
const QDateTime ServerNow(QDate(2026, 8, 7), QTime(12, 0, 0), Qt::UTC);

/// How a test client signs; the defaults make an authentic request.
struct Signing
{
    QString accessKey = AccessKey;
    QString secretKey = SecretKey;
    QString sessionToken;
    bool signToken = true;
    QString region = u"us-east-1"_s;
    QString service = u"partnercentral-selling"_s;
    qint64 clockOffsetSecs = 0; ///< client time - server time
    bool contentSha256 = true;
    QList<QByteArray> unsignedHeaders; ///< of Content-Type and X-Amz-Target: added after signing
};

/// How the request is signed, and what is done to it after signing.
struct Change
{
    std::function<void(Signing &)> signing = [](Signing &) {};
    std::function<void(HttpConnection::Request &)> afterSigning = [](HttpConnection::Request &) {};
};

void setHeader(HttpConnection::Request &request, const QByteArray &name, const QByteArray &value)
{
    for (HttpHeader &header : request.headers) {
        if (header.name.compare(name, Qt::CaseInsensitive) == 0) {
            header.value = value;
            return;
        }
    }
    request.headers.append({name, value});
}

void removeHeader(HttpConnection::Request &request, const QByteArray &name)
{
    request.headers.removeIf([&name](const HttpHeader &header) {
        return header.name.compare(name, Qt::CaseInsensitive) == 0;
    });
}

/// A ListOpportunities request signed and changed as `change` says.
HttpConnection::Request request(const Change &change)
{
    Signing signing;
    change.signing(signing);

    SignableRequest signable;
    signable.method = "POST";
    signable.path = "/";
    signable.body = R"({"Catalog":"AWS"})";
    const HttpHeaders all{{"Host", "127.0.0.1:4566"},
                          {"Content-Type", "application/x-amz-json-1.0"},
                          {"X-Amz-Target", "AWSPartnerCentralSelling.ListOpportunities"}};
    HttpHeaders late;
    for (const HttpHeader &header : all) {
        (signing.unsignedHeaders.contains(header.name) ? late : signable.headers).append(header);
    }
    AwsCredentials credentials;
    credentials.accessKeyId = signing.accessKey;
    credentials.secretAccessKey = signing.secretKey;
    credentials.sessionToken = signing.sessionToken;
    SigningParams params;
    params.region = signing.region;
    params.service = signing.service;
    params.time = ServerNow.addSecs(signing.clockOffsetSecs);
    params.addContentSha256Header = signing.contentSha256;
    params.omitSessionToken = !signing.signToken;
    const SignedParts parts = SigV4Signer::signHeaders(signable, credentials, params);

    HttpConnection::Request result;
    result.method = signable.method;
    result.path = signable.path;
    result.body = signable.body;
    result.headers = signable.headers + late + parts.addedHeaders;
    change.afterSigning(result);
    return result;
}

Change signing(std::function<void(Signing &)> change)
{
    Change result;
    result.signing = std::move(change);
    return result;
}

Change afterSigning(std::function<void(HttpConnection::Request &)> change)
{
    Change result;
    result.afterSigning = std::move(change);
    return result;
}

} // namespace

Q_DECLARE_METATYPE(Change)

class tst_RequestAuthenticator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verify_data();
    void verify();
};

void tst_RequestAuthenticator::verify_data()
{
    QTest::addColumn<bool>("serverHasToken");
    QTest::addColumn<Change>("change");
    QTest::addColumn<QString>("type"); ///< empty: authentic
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message"); ///< a part of it

    QTest::newRow("authentic") << false << Change() << QString() << 0 << QString();
    QTest::newRow("authentic with a session token")
            << true << signing([](Signing &s) { s.sessionToken = Token; }) << QString() << 0
            << QString();
    QTest::newRow("without x-amz-content-sha256")
            << false << signing([](Signing &s) { s.contentSha256 = false; }) << QString() << 0
            << QString();
    QTest::newRow("an unsigned extra header")
            << false
            << afterSigning([](HttpConnection::Request &r) { setHeader(r, "X-Extra", "1"); })
            << QString() << 0 << QString();

    QTest::newRow("no Authorization")
            << false
            << afterSigning([](HttpConnection::Request &r) { removeHeader(r, "Authorization"); })
            << u"MissingAuthenticationTokenException"_s << 403 << u"Missing Authentication Token"_s;
    QTest::newRow("malformed Authorization")
            << false << afterSigning([](HttpConnection::Request &r) {
                   setHeader(r, "Authorization", "AWS4-HMAC-SHA256 Credential=x");
               })
            << u"IncompleteSignatureException"_s << 400
            << u"requires 'Credential', 'SignedHeaders' and 'Signature'"_s;
    QTest::newRow("no X-Amz-Date")
            << false
            << afterSigning([](HttpConnection::Request &r) { removeHeader(r, "X-Amz-Date"); })
            << u"IncompleteSignatureException"_s << 400 << u"'X-Amz-Date'"_s;
    QTest::newRow("X-Amz-Date not in basic format")
            << false << afterSigning([](HttpConnection::Request &r) {
                   setHeader(r, "X-Amz-Date", "2026-08-07T12:00:00Z");
               })
            << u"IncompleteSignatureException"_s << 400 << u"Got '2026-08-07T12:00:00Z'"_s;
    QTest::newRow("X-Amz-Target not signed")
            << false << signing([](Signing &s) { s.unsignedHeaders = {"X-Amz-Target"}; })
            << u"IncompleteSignatureException"_s << 400
            << u"'x-amz-target' must be a 'SignedHeader'"_s;
    QTest::newRow("Content-Type not signed")
            << false << signing([](Signing &s) { s.unsignedHeaders = {"Content-Type"}; })
            << u"IncompleteSignatureException"_s << 400
            << u"'content-type' must be a 'SignedHeader'"_s;
    QTest::newRow("session token not signed")
            << true << signing([](Signing &s) {
                   s.sessionToken = Token;
                   s.signToken = false;
               })
            << u"IncompleteSignatureException"_s << 400
            << u"'x-amz-security-token' must be a 'SignedHeader'"_s;

    QTest::newRow("scoped to another service")
            << false << signing([](Signing &s) { s.service = u"execute-api"_s; })
            << u"InvalidSignatureException"_s << 403 << u"scoped to correct service"_s;
    QTest::newRow("scoped to another region")
            << false << signing([](Signing &s) { s.region = u"eu-west-1"_s; })
            << u"InvalidSignatureException"_s << 403 << u"not 'eu-west-1'"_s;
    QTest::newRow("scope date differs from X-Amz-Date")
            << false << afterSigning([](HttpConnection::Request &r) {
                   setHeader(r, "X-Amz-Date", "20260806T235959Z");
               })
            << u"InvalidSignatureException"_s << 403 << u"'20260807' != '20260806'"_s;
    QTest::newRow("five minutes early")
            << false << signing([](Signing &s) { s.clockOffsetSecs = -300; }) << QString() << 0
            << QString();
    QTest::newRow("five minutes and a second early")
            << false << signing([](Signing &s) { s.clockOffsetSecs = -301; })
            << u"InvalidSignatureException"_s << 403
            << u"Signature expired: 20260807T115459Z is now earlier than 20260807T115500Z "
               "(20260807T120000Z - 5 min.)"_s;
    QTest::newRow("five minutes late")
            << false << signing([](Signing &s) { s.clockOffsetSecs = 300; }) << QString() << 0
            << QString();
    QTest::newRow("five minutes and a second late")
            << false << signing([](Signing &s) { s.clockOffsetSecs = 301; })
            << u"InvalidSignatureException"_s << 403
            << u"Signature not yet current: 20260807T120501Z is still later than "
               "20260807T120500Z (20260807T120000Z + 5 min.)"_s;

    QTest::newRow("unknown access key")
            << false << signing([](Signing &s) { s.accessKey = u"AKIDOTHER"_s; })
            << u"UnrecognizedClientException"_s << 403 << u"security token"_s;
    QTest::newRow("session token missing")
            << true << Change() << u"UnrecognizedClientException"_s << 403 << u"security token"_s;
    QTest::newRow("session token unexpected")
            << false << signing([](Signing &s) { s.sessionToken = Token; })
            << u"UnrecognizedClientException"_s << 403 << u"security token"_s;
    QTest::newRow("session token wrong")
            << true << signing([](Signing &s) { s.sessionToken = Token + u'x'; })
            << u"UnrecognizedClientException"_s << 403 << u"security token"_s;
    QTest::newRow("wrong secret") << false << signing([](Signing &s) { s.secretKey = u"wrong"_s; })
                                  << u"InvalidSignatureException"_s << 403
                                  << u"signature we calculated does not match"_s;
    // The payload hash is signed either way: as x-amz-content-sha256, or in the canonical request.
    QTest::newRow("body changed after signing")
            << false << afterSigning([](HttpConnection::Request &r) { r.body += ' '; })
            << u"InvalidSignatureException"_s << 403
            << u"'x-amz-content-sha256' header does not match"_s;
    QTest::newRow("body changed after signing without x-amz-content-sha256")
            << false
            << Change{[](Signing &s) { s.contentSha256 = false; },
                      [](HttpConnection::Request &r) { r.body += ' '; }}
            << u"InvalidSignatureException"_s << 403 << u"signature we calculated does not match"_s;
    QTest::newRow("unsigned x-amz-content-sha256 of another body")
            << false
            << Change{[](Signing &s) { s.contentSha256 = false; },
                      [](HttpConnection::Request &r) {
                          setHeader(r, "x-amz-content-sha256", SigV4Signer::sha256Hex("other"));
                      }}
            << u"InvalidSignatureException"_s << 403 << u"'x-amz-content-sha256' header does not"_s;
}

void tst_RequestAuthenticator::verify()
{
    QFETCH(bool, serverHasToken);
    QFETCH(Change, change);
    QFETCH(QString, type);
    QFETCH(int, status);
    QFETCH(QString, message);
    AwsCredentials credentials;
    credentials.accessKeyId = AccessKey;
    credentials.secretAccessKey = SecretKey;
    if (serverHasToken) {
        credentials.sessionToken = Token;
    }
    const RequestAuthenticator authenticator(credentials, u"us-east-1"_s,
                                             u"partnercentral-selling"_s);
    const std::optional<ServiceError> error = authenticator.verify(request(change), ServerNow);
    if (type.isEmpty()) {
        QVERIFY2(!error, error ? qPrintable(error->name() + u": "_s + error->message) : "");
        return;
    }
    QVERIFY(error);
    QCOMPARE(error->name(), type);
    QCOMPARE(error->type, type); // front-end errors carry the bare name
    QCOMPARE(error->httpStatus, status);
    QVERIFY2(error->message.contains(message), qPrintable(error->message));
}

QTEST_GUILESS_MAIN(tst_RequestAuthenticator)
#include "tst_requestauthenticator.moc"
