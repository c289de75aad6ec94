#include "sigv4signer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

const QString VectorDir = QStringLiteral(PD_SHARED_DIR "/reference/sigv4");
constexpr int ExpectedHeaderCases = 42;
constexpr int ExpectedQueryCases = 38;

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll().replace('\r', QByteArray());
}

/// One case folder: the request and signing parameters parsed exactly as the README says.
struct VectorCase
{
    SignableRequest request;
    AwsCredentials credentials;
    SigningParams params;
    QString error;
};

VectorCase loadCase(const QString &dir)
{
    VectorCase c;
    QJsonParseError jsonError;
    const QJsonObject context
            = QJsonDocument::fromJson(readFile(dir + u"/context.json"_s), &jsonError).object();
    if (jsonError.error != QJsonParseError::NoError) {
        c.error = u"context.json: "_s + jsonError.errorString();
        return c;
    }
    const QJsonObject credentials = context.value("credentials"_L1).toObject();
    c.credentials.accessKeyId = credentials.value("access_key_id"_L1).toString();
    c.credentials.secretAccessKey = credentials.value("secret_access_key"_L1).toString();
    c.credentials.sessionToken = credentials.value("token"_L1).toString();
    c.params.region = context.value("region"_L1).toString();
    c.params.service = context.value("service"_L1).toString();
    c.params.time = QDateTime::fromString(context.value("timestamp"_L1).toString(), Qt::ISODate);
    c.params.expiresInSecs = context.value("expiration_in_seconds"_L1).toInteger();
    c.params.normalizePath = context.value("normalize"_L1).toBool();
    c.params.signBody = context.value("sign_body"_L1).toBool();
    c.params.addContentSha256Header
            = context.value("content_sha256_header"_L1).toBool(c.params.signBody);
    c.params.omitSessionToken = context.value("omit_session_token"_L1).toBool(false);
    if (!c.params.time.isValid()) {
        c.error = u"context.json: bad timestamp"_s;
        return c;
    }

    const QByteArray raw = readFile(dir + u"/request.txt"_s);
    const qsizetype headEnd = raw.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? raw : raw.left(headEnd);
    c.request.body = headEnd < 0 ? QByteArray() : raw.mid(headEnd + 2);
    const QList<QByteArray> lines = head.split('\n');
    const QByteArray &requestLine = lines.first();
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace) {
        c.error = u"request.txt: bad request line"_s;
        return c;
    }
    c.request.method = requestLine.left(firstSpace);
    const QByteArray target = requestLine.mid(firstSpace + 1, lastSpace - firstSpace - 1);
    const qsizetype question = target.indexOf('?');
    c.request.path = question < 0 ? target : target.left(question);
    c.request.query = question < 0 ? QByteArray() : target.mid(question + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.isEmpty()) {
            break; // a final newline without a body
        }
        if ((line.front() == ' ' || line.front() == '\t')) {
            if (c.request.headers.isEmpty()) {
                c.error = u"request.txt: continuation line without a header"_s;
                return c;
            }
            c.request.headers.last().value.append('\n').append(line);
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            c.error = u"request.txt: bad header line %1"_s.arg(i + 1);
            return c;
        }
        c.request.headers.append({line.left(colon), line.mid(colon + 1)});
    }
    return c;
}

QStringList caseFolders()
{
    QStringList folders;
    const QDir root(VectorDir);
    for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (QFile::exists(root.filePath(name + u"/context.json"_s))) {
            folders.append(name);
        }
    }
    return folders;
}

QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    for (const HttpHeader &header : headers) {
        if (header.name.compare(name, Qt::CaseInsensitive) == 0) {
            return header.value;
        }
    }
    return {};
}

VectorCase partnerCentralCase(const QString &name)
{
    return loadCase(VectorDir + u'/' + name);
}

} // namespace

class tst_SigV4Signer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectorFolder_hasEveryCase();
    void headerMode_matchesVector_data();
    void headerMode_matchesVector();
    void queryMode_matchesVector_data();
    void queryMode_matchesVector();
    void headerMode_addsExpectedHeaders();
    void headerMode_omittedTokenIsAttachedUnsigned();
    void headerMode_existingDateAndPayloadHashAreUsed();
    void serverSideVerification_reproducesSignature_data();
    void serverSideVerification_reproducesSignature();
    void serverSideVerification_wrongSecretDiffers();
    void unsignableHeaders_areNotSigned();
    void path_normalisation_data();
    void path_normalisation();
    void query_percentSignIsEncodedOnce();
    void dates_areFormattedInUtc();
    void parseAuthorization_data();
    void parseAuthorization();
    void parseAuthorization_roundTripsSigner();
};

void tst_SigV4Signer::vectorFolder_hasEveryCase()
{
    const QStringList folders = caseFolders();
    QVERIFY2(folders.size() >= ExpectedHeaderCases,
             qPrintable(u"only %1 cases in %2"_s.arg(folders.size()).arg(VectorDir)));
    int queryCases = 0;
    for (const QString &name : folders) {
        if (QFile::exists(VectorDir + u'/' + name + u"/query-signature.txt"_s)) {
            ++queryCases;
        }
    }
    QVERIFY2(queryCases >= ExpectedQueryCases,
             qPrintable(u"only %1 query cases"_s.arg(queryCases)));
}

void tst_SigV4Signer::headerMode_matchesVector_data()
{
    QTest::addColumn<QString>("folder");
    const QStringList folders = caseFolders();
    // Fail rather than run zero rows when the shared vectors are missing.
    QVERIFY2(folders.size() >= ExpectedHeaderCases,
             qPrintable(u"only %1 cases in %2"_s.arg(folders.size()).arg(VectorDir)));
    for (const QString &name : folders) {
        QTest::newRow(qPrintable(name)) << VectorDir + u'/' + name;
    }
}

void tst_SigV4Signer::headerMode_matchesVector()
{
    QFETCH(QString, folder);
    const VectorCase c = loadCase(folder);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));

    const SignedParts parts = SigV4Signer::signHeaders(c.request, c.credentials, c.params);
    QCOMPARE(parts.canonicalRequest, readFile(folder + u"/header-canonical-request.txt"_s));
    QCOMPARE(parts.stringToSign, readFile(folder + u"/header-string-to-sign.txt"_s));
    QCOMPARE(parts.signature, readFile(folder + u"/header-signature.txt"_s).trimmed());
    QVERIFY(parts.authorization.endsWith(", Signature=" + parts.signature));
}

void tst_SigV4Signer::queryMode_matchesVector_data()
{
    QTest::addColumn<QString>("folder");
    int count = 0;
    for (const QString &name : caseFolders()) {
        const QString folder = VectorDir + u'/' + name;
        if (QFile::exists(folder + u"/query-signature.txt"_s)) {
            QTest::newRow(qPrintable(name)) << folder;
            ++count;
        }
    }
    QVERIFY2(count >= ExpectedQueryCases, qPrintable(u"only %1 query cases"_s.arg(count)));
}

void tst_SigV4Signer::queryMode_matchesVector()
{
    QFETCH(QString, folder);
    const VectorCase c = loadCase(folder);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));

    const SignedParts parts = SigV4Signer::signQuery(c.request, c.credentials, c.params);
    QCOMPARE(parts.canonicalRequest, readFile(folder + u"/query-canonical-request.txt"_s));
    QCOMPARE(parts.stringToSign, readFile(folder + u"/query-string-to-sign.txt"_s));
    QCOMPARE(parts.signature, readFile(folder + u"/query-signature.txt"_s).trimmed());
    QVERIFY(parts.signedQuery.contains("X-Amz-Signature=" + parts.signature));
    QVERIFY(parts.addedHeaders.isEmpty());
}

void tst_SigV4Signer::headerMode_addsExpectedHeaders()
{
    const VectorCase c = partnerCentralCase(u"partnercentral-list-opportunities-session-token"_s);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    const SignedParts parts = SigV4Signer::signHeaders(c.request, c.credentials, c.params);

    QList<QByteArray> names;
    for (const HttpHeader &header : parts.addedHeaders) {
        names.append(header.name.toLower());
    }
    QCOMPARE(names, (QList<QByteArray>{"x-amz-date", "x-amz-content-sha256", "x-amz-security-token",
                                       "authorization"}));
    QCOMPARE(headerValue(parts.addedHeaders, "x-amz-date"), "20150830T123600Z"_ba);
    QCOMPARE(headerValue(parts.addedHeaders, "x-amz-content-sha256"),
             "9cf8bf08d5510cb95ddb0c5b6bd7ff110963d37829fb951d874c352636cc1f83"_ba);
    QCOMPARE(headerValue(parts.addedHeaders, "x-amz-security-token"),
             c.credentials.sessionToken.toUtf8());
    QCOMPARE(headerValue(parts.addedHeaders, "authorization"), parts.authorization);
    QCOMPARE(parts.authorization,
             "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/partnercentral-selling/"
             "aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;"
             "x-amz-security-token;x-amz-target, Signature="
                     + parts.signature);
}

void tst_SigV4Signer::headerMode_omittedTokenIsAttachedUnsigned()
{
    VectorCase c = partnerCentralCase(u"partnercentral-list-opportunities-session-token"_s);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    c.params.omitSessionToken = true;
    const SignedParts parts = SigV4Signer::signHeaders(c.request, c.credentials, c.params);
    QVERIFY(!parts.canonicalRequest.contains("x-amz-security-token"));
    QCOMPARE(headerValue(parts.addedHeaders, "x-amz-security-token"),
             c.credentials.sessionToken.toUtf8());

    AwsCredentials longTerm = c.credentials;
    longTerm.sessionToken.clear();
    QCOMPARE(parts.signature, SigV4Signer::signHeaders(c.request, longTerm, c.params).signature);
}

void tst_SigV4Signer::headerMode_existingDateAndPayloadHashAreUsed()
{
    VectorCase c = partnerCentralCase(u"partnercentral-list-opportunities"_s);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    c.request.headers.append({"X-Amz-Date"_ba, "20240229T235959Z"_ba});
    c.request.headers.append({"X-Amz-Content-Sha256"_ba, "UNSIGNED-PAYLOAD"_ba});
    const SignedParts parts = SigV4Signer::signHeaders(c.request, c.credentials, c.params);

    QVERIFY(parts.canonicalRequest.endsWith("\nUNSIGNED-PAYLOAD"));
    QVERIFY(parts.canonicalRequest.contains("\nx-amz-date:20240229T235959Z\n"));
    QVERIFY(parts.stringToSign.startsWith(
            "AWS4-HMAC-SHA256\n20240229T235959Z\n20240229/us-east-1/partnercentral-selling/"));
    QCOMPARE(parts.addedHeaders.size(), 1);
    QCOMPARE(parts.addedHeaders.first().name, "Authorization"_ba);
}

void tst_SigV4Signer::serverSideVerification_reproducesSignature_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<bool>("omitToken");
    const QStringList names{u"partnercentral-list-opportunities"_s,
                            u"partnercentral-list-opportunities-session-token"_s,
                            u"partnercentral-list-opportunities-no-content-sha256"_s,
                            u"partnercentral-list-opportunities-api-aws"_s,
                            u"get-header-value-multiline"_s,
                            u"get-header-key-duplicate"_s,
                            u"post-x-www-form-urlencoded"_s};
    for (const QString &name : names) {
        QTest::newRow(qPrintable(name)) << VectorDir + u'/' + name << false;
    }
    QTest::newRow("session token, omitted") << VectorDir + u"/post-sts-header-after"_s << true;
}

void tst_SigV4Signer::serverSideVerification_reproducesSignature()
{
    QFETCH(QString, folder);
    QFETCH(bool, omitToken);
    const VectorCase c = loadCase(folder);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    QCOMPARE(c.params.omitSessionToken, omitToken);
    const SignedParts sent = SigV4Signer::signHeaders(c.request, c.credentials, c.params);

    const SigV4Signer::AuthorizationHeader auth
            = SigV4Signer::parseAuthorization(sent.authorization);
    QVERIFY(auth.valid);

    // What a server sees: every header on the wire, of which it keeps the signed ones.
    HttpHeaders wire = c.request.headers + sent.addedHeaders;
    wire.append({"User-Agent"_ba, "partnerdesk/test"_ba});
    SignableRequest received = c.request;
    received.headers.clear();
    for (const HttpHeader &header : std::as_const(wire)) {
        if (auth.signedHeaders.contains(header.name.toLower())) {
            received.headers.append(header);
        }
    }
    QCOMPARE(headerValue(received.headers, "x-amz-security-token").isEmpty(),
             omitToken || !c.credentials.hasSessionToken());

    AwsCredentials serverCredentials;
    serverCredentials.accessKeyId = QString::fromUtf8(auth.accessKeyId);
    serverCredentials.secretAccessKey = c.credentials.secretAccessKey;
    SigningParams serverParams;
    serverParams.region = QString::fromUtf8(auth.region);
    serverParams.service = QString::fromUtf8(auth.service);
    serverParams.time = QDateTime::currentDateTimeUtc(); // X-Amz-Date from the request wins
    serverParams.normalizePath = c.params.normalizePath;
    serverParams.signBody = c.params.signBody;
    serverParams.addContentSha256Header = false;

    const SignedParts verified
            = SigV4Signer::signHeaders(received, serverCredentials, serverParams);
    QCOMPARE(verified.canonicalRequest, sent.canonicalRequest);
    QCOMPARE(verified.signature, auth.signature);
}

void tst_SigV4Signer::serverSideVerification_wrongSecretDiffers()
{
    const VectorCase c = partnerCentralCase(u"partnercentral-list-opportunities"_s);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    const SignedParts sent = SigV4Signer::signHeaders(c.request, c.credentials, c.params);
    AwsCredentials wrong = c.credentials;
    wrong.secretAccessKey.chop(1);
    SignableRequest received = c.request;
    received.headers += sent.addedHeaders;
    received.headers.removeLast();
    QVERIFY(SigV4Signer::signHeaders(received, wrong, c.params).signature != sent.signature);
}

void tst_SigV4Signer::unsignableHeaders_areNotSigned()
{
    VectorCase c = partnerCentralCase(u"partnercentral-list-opportunities"_s);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    const QByteArray expected
            = SigV4Signer::signHeaders(c.request, c.credentials, c.params).signature;
    c.request.headers.append({"User-Agent"_ba, "partnerdesk/0.1"_ba});
    c.request.headers.append({"Authorization"_ba, "stale"_ba});
    c.request.headers.append({"X-Amzn-Trace-Id"_ba, "Root=1-abc"_ba});
    QCOMPARE(SigV4Signer::signHeaders(c.request, c.credentials, c.params).signature, expected);
}

void tst_SigV4Signer::path_normalisation_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("normalize");
    QTest::addColumn<QByteArray>("canonical");
    QTest::newRow("empty") << QByteArray() << true << "/"_ba;
    QTest::newRow("empty, unnormalized") << QByteArray() << false << "/"_ba;
    QTest::newRow("dot-dot past root") << "/../../a"_ba << true << "/a"_ba;
    QTest::newRow("dot-dot with trailing slash") << "/a/b/../"_ba << true << "/a/"_ba;
    QTest::newRow("percent is encoded again") << "/a%2Fb"_ba << true << "/a%252Fb"_ba;
    QTest::newRow("percent, unnormalized") << "//a%20b"_ba << false << "//a%2520b"_ba;
    QTest::newRow("reserved characters") << "/a+b=c&d:e"_ba << true << "/a%2Bb%3Dc%26d%3Ae"_ba;
}

void tst_SigV4Signer::path_normalisation()
{
    QFETCH(QByteArray, path);
    QFETCH(bool, normalize);
    QFETCH(QByteArray, canonical);
    SignableRequest request{"GET"_ba, path, {}, {{"Host"_ba, "example.com"_ba}}, {}};
    SigningParams params{u"us-east-1"_s, u"service"_s, QDateTime::currentDateTimeUtc()};
    params.normalizePath = normalize;
    const SignedParts parts = SigV4Signer::signHeaders(request, {u"A"_s, u"B"_s, {}, {}}, params);
    QCOMPARE(parts.canonicalRequest.split('\n').at(1), canonical);
}

void tst_SigV4Signer::query_percentSignIsEncodedOnce()
{
    SignableRequest request{
            "GET"_ba, "/"_ba, "b=%zz&a=x%2By+z&=v&flag"_ba, {{"Host"_ba, "example.com"_ba}}, {}};
    SigningParams params{u"us-east-1"_s, u"service"_s, QDateTime::currentDateTimeUtc()};
    const SignedParts parts = SigV4Signer::signHeaders(request, {u"A"_s, u"B"_s, {}, {}}, params);
    QCOMPARE(parts.canonicalRequest.split('\n').at(2), "=v&a=x%2By%2Bz&b=%25zz&flag="_ba);
}

void tst_SigV4Signer::dates_areFormattedInUtc()
{
    const QDateTime time(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone(3600));
    QCOMPARE(SigV4Signer::amzDate(time), "20260102T020405Z"_ba);
    QCOMPARE(SigV4Signer::scopeDate(time), "20260102"_ba);
    QCOMPARE(SigV4Signer::credentialScope(time, u"eu-west-1"_s, u"svc"_s),
             "20260102/eu-west-1/svc/aws4_request"_ba);
    QCOMPARE(SigV4Signer::sha256Hex({}),
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_ba);
}

void tst_SigV4Signer::parseAuthorization_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("accessKeyId");
    QTest::addColumn<QByteArray>("signedHeaders");

    const QByteArray sig = "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b";
    const QByteArray cred = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    QTest::newRow("canonical") << "AWS4-HMAC-SHA256 " + cred
                                          + ", SignedHeaders=host;x-amz-date, Signature=" + sig
                               << true << "AKIDEXAMPLE"_ba
                               << "host;x-amz-date"_ba;
    QTest::newRow("no spaces after commas")
            << "AWS4-HMAC-SHA256 " + cred + ",SignedHeaders=host,Signature=" + sig << true
            << "AKIDEXAMPLE"_ba
            << "host"_ba;
    QTest::newRow("other order") << "AWS4-HMAC-SHA256 Signature=" + sig + ", SignedHeaders=host, "
                                            + cred
                                 << true << "AKIDEXAMPLE"_ba
                                 << "host"_ba;
    QTest::newRow("wrong algorithm")
            << "AWS4-HMAC-SHA1 " + cred + ", SignedHeaders=host, Signature=" + sig << false
            << QByteArray() << QByteArray();
    QTest::newRow("missing signature") << "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host"
                                       << false << QByteArray() << QByteArray();
    QTest::newRow("short signature")
            << "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=abc" << false
            << QByteArray() << QByteArray();
    QTest::newRow("upper-case signature")
            << "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=" + sig.toUpper()
            << false << QByteArray() << QByteArray();
    QTest::newRow("short scope") << "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1, "
                                    "SignedHeaders=host, Signature="
                                            + sig
                                 << false << QByteArray() << QByteArray();
    QTest::newRow("empty signed header")
            << "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host;;x, Signature=" + sig << false
            << QByteArray() << QByteArray();
    QTest::newRow("duplicate member")
            << "AWS4-HMAC-SHA256 " + cred + ", " + cred + ", SignedHeaders=host, Signature=" + sig
            << false << QByteArray() << QByteArray();
    QTest::newRow("unknown member")
            << "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=" + sig + ", X=y"
            << false << QByteArray() << QByteArray();
    QTest::newRow("empty") << QByteArray() << false << QByteArray() << QByteArray();
    QTest::newRow("algorithm only")
            << "AWS4-HMAC-SHA256"_ba << false << QByteArray() << QByteArray();
    QTest::newRow("garbage") << "Basic dXNlcjpwYXNz"_ba << false << QByteArray() << QByteArray();
}

void tst_SigV4Signer::parseAuthorization()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, valid);
    QFETCH(QByteArray, accessKeyId);
    QFETCH(QByteArray, signedHeaders);
    const SigV4Signer::AuthorizationHeader auth = SigV4Signer::parseAuthorization(value);
    QCOMPARE(auth.valid, valid);
    if (valid) {
        QCOMPARE(auth.accessKeyId, accessKeyId);
        QCOMPARE(auth.signedHeaders.join(';'), signedHeaders);
        QCOMPARE(auth.scopeDate, "20150830"_ba);
        QCOMPARE(auth.region, "us-east-1"_ba);
        QCOMPARE(auth.service, "service"_ba);
        QCOMPARE(auth.terminator, "aws4_request"_ba);
        QCOMPARE(auth.signature.size(), 64);
    }
}

void tst_SigV4Signer::parseAuthorization_roundTripsSigner()
{
    const VectorCase c = partnerCentralCase(u"partnercentral-list-opportunities-api-aws"_s);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    const SignedParts parts = SigV4Signer::signHeaders(c.request, c.credentials, c.params);
    const SigV4Signer::AuthorizationHeader auth
            = SigV4Signer::parseAuthorization(parts.authorization);
    QVERIFY(auth.valid);
    QCOMPARE(auth.accessKeyId, "AKIDEXAMPLE"_ba);
    QCOMPARE(auth.service, "partnercentral-selling"_ba);
    QCOMPARE(auth.signature,
             readFile(VectorDir
                      + u"/partnercentral-list-opportunities-api-aws/header-signature.txt"_s)
                     .trimmed());
}

QTEST_GUILESS_MAIN(tst_SigV4Signer)
#include "tst_sigv4signer.moc"
