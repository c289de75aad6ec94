// HttpClient and AwsClient through a real forward proxy (TestProxy) over loopback: absolute-form
// plain HTTP, CONNECT tunnels with TLS inside, Basic proxy credentials, extra CAs from a PEM
// bundle, and the errors that name the proxy or the host.
#include "awsclient.h"
#include "awsjsoncall.h"
#include "cabundle.h"
#include "connectionresolver.h"
#include "httpclient.h"
#include "testcertificate.h"
#include "testproxy.h"
#include "testserver.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

constexpr int WaitMs = 10000;
const QString Password = u"p@ss w0rd:hunter2"_s;

HttpRequest request(const QUrl &url, const QByteArray &body = "{}")
{
    HttpRequest r;
    r.url = url;
    r.body = body;
    r.transferTimeoutMs = WaitMs;
    return r;
}

/// Sends and waits for `finished()`; the reply stays owned by the client.
HttpReply *exchange(HttpClient *client, const HttpRequest &r)
{
    HttpReply *reply = client->send(r);
    QSignalSpy finished(reply, &HttpReply::finished);
    if (!finished.wait(WaitMs)) {
        qWarning("no finished() within %d ms", WaitMs);
    }
    return reply;
}

ProxySettings through(const QString &proxyUrl)
{
    QString error;
    const std::optional<ProxyServer> proxy = ProxyServer::parse(proxyUrl, &error);
    if (!proxy) {
        qWarning().noquote() << error;
        return {};
    }
    ProxySettings settings;
    settings.setProxy(u"https"_s, *proxy);
    settings.setProxy(u"http"_s, *proxy);
    // The test services are on loopback, which goes direct by default.
    settings.setLoopbackDirect(false);
    return settings;
}

quint16 unusedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

class tst_ProxyTunnel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void plainHttp_absoluteFormThroughProxy_connectionReused();
    void tunnel_tlsTrustedByCaBundle_connectionReused();
    void tunnel_untrustedCertificate_namesHostAndReason();
    void proxyCredentials_data();
    void proxyCredentials();
    void tunnelRefused_namesProxyAndStatus();
    void unreachableProxy_namesProxy_data();
    void unreachableProxy_namesProxy();
    void plainHttpThroughRemoteProxy_refusedBeforeConnecting();
    void loopbackTarget_goesDirectByDefault();

    void awsCall_resolvedFromEnvironment_data();
    void awsCall_resolvedFromEnvironment();

private:
    QString writeBundle();

    std::optional<QTemporaryDir> m_dir;
};

void tst_ProxyTunnel::initTestCase()
{
    if (!QSslSocket::supportsSsl()) {
        QSKIP("no TLS backend");
    }
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
}

QString tst_ProxyTunnel::writeBundle()
{
    const QString path = m_dir->filePath(u"test-ca.pem"_s);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        file.write(SelfSignedCertificate);
    }
    return path;
}

void tst_ProxyTunnel::plainHttp_absoluteFormThroughProxy_connectionReused()
{
    TestServer server;
    TestProxy proxy;
    QVERIFY(server.isListening() && proxy.isListening());
    HttpClient client;
    client.setProxySettings(through(proxy.url()));

    QUrl url = server.url();
    url.setPath(u"/path"_s);
    url.setQuery(u"x=1"_s);
    for (int i = 0; i < 2; ++i) {
        HttpReply *reply = exchange(&client, request(url));
        QCOMPARE(reply->error(), HttpReply::Error::None);
        QCOMPARE(reply->status(), 200);
    }
    const QByteArray absolute
            = "POST http://127.0.0.1:" + QByteArray::number(server.port()) + "/path?x=1 HTTP/1.1";
    QCOMPARE(proxy.seen().size(), 2);
    for (const TestProxy::Seen &seen : proxy.seen()) {
        QCOMPARE(seen.requestLine, absolute);
        QVERIFY(seen.proxyAuthorization.isNull());
    }
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(server.request(0).target, QByteArray("/path?x=1"));
    QCOMPARE(server.request(0).header("Host"), "127.0.0.1:" + QByteArray::number(server.port()));
    QCOMPARE(server.request(1).body, QByteArray("{}"));
    // One connection to the proxy, kept alive.
    QCOMPARE(proxy.connectionCount(), 1);
    QCOMPARE(client.connectionCount(), 1);
}

void tst_ProxyTunnel::tunnel_tlsTrustedByCaBundle_connectionReused()
{
    TestServer server(selfSignedServerConfiguration());
    // The certificate names 127.0.0.1, not the proxy's 127.0.0.2: the origin's name is verified.
    TestProxy proxy(QHostAddress(u"127.0.0.2"_s));
    if (!proxy.isListening()) {
        QSKIP("127.0.0.2 is not a loopback address here");
    }
    QVERIFY(server.isListening());
    QString error;
    const auto certificates = CaBundle::load(writeBundle(), &error);
    QVERIFY2(certificates, qPrintable(error));
    HttpClient client;
    client.setProxySettings(through(proxy.url()));
    client.setExtraCaCertificates(*certificates);

    for (int i = 0; i < 2; ++i) {
        HttpReply *reply = exchange(&client, request(server.url()));
        QVERIFY2(reply->error() == HttpReply::Error::None, qPrintable(reply->errorString()));
        QCOMPARE(reply->status(), 200);
    }
    // One tunnel, opened once; the requests inside it are the origin's own.
    QCOMPARE(proxy.seen().size(), 1);
    QCOMPARE(proxy.seen().first().requestLine,
             "CONNECT 127.0.0.1:" + QByteArray::number(server.port()) + " HTTP/1.1");
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(server.request(0).target, QByteArray("/"));
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(client.connectionCount(), 1);
}

void tst_ProxyTunnel::tunnel_untrustedCertificate_namesHostAndReason()
{
    TestServer server(selfSignedServerConfiguration());
    TestProxy proxy;
    HttpClient client;
    client.setProxySettings(through(proxy.url()));

    HttpReply *reply = exchange(&client, request(server.url(), "secret body"));
    QCOMPARE(reply->error(), HttpReply::Error::Tls);
    const QString message = reply->errorString();
    QVERIFY2(message.contains(u"127.0.0.1"_s), qPrintable(message));
    QVERIFY2(message.contains(u"self-signed"_s), qPrintable(message));
    QCOMPARE(proxy.seen().size(), 1);
    QCOMPARE(server.requestCount(), 0);
    QCOMPARE(client.connectionCount(), 0);
}

void tst_ProxyTunnel::proxyCredentials_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("accepted");

    for (const bool tls : {false, true}) {
        const QByteArray scheme = tls ? "https" : "http";
        QTest::addRow("%s, no credentials", scheme.constData())
                << tls << QString() << QString() << false;
        QTest::addRow("%s, wrong password", scheme.constData())
                << tls << u"alice"_s << u"wrong-hunter3"_s << false;
        QTest::addRow("%s, right credentials", scheme.constData())
                << tls << u"alice"_s << Password << true;
    }
}

void tst_ProxyTunnel::proxyCredentials()
{
    QFETCH(bool, tls);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(bool, accepted);
    std::unique_ptr<TestServer> server
            = tls ? std::make_unique<TestServer>(selfSignedServerConfiguration())
                  : std::make_unique<TestServer>();
    TestProxy proxy;
    proxy.requireCredentials(u"alice"_s, Password);
    HttpClient client;
    client.setProxySettings(through(proxy.url(user, password)));
    client.setExtraCaCertificates({QSslCertificate(QByteArray(SelfSignedCertificate))});

    HttpReply *reply = exchange(&client, request(server->url()));
    QCOMPARE(proxy.seen().size(), 1);
    const TestProxy::Seen seen = proxy.seen().first();
    QCOMPARE(seen.method, tls ? QByteArray("CONNECT") : QByteArray("POST"));
    QCOMPARE(seen.proxyAuthorization.isNull(), user.isEmpty());
    if (accepted) {
        QVERIFY2(reply->error() == HttpReply::Error::None, qPrintable(reply->errorString()));
        QCOMPARE(reply->status(), 200);
        QCOMPARE(server->requestCount(), 1);
        QVERIFY(!server->request(0).hasHeader("Proxy-Authorization"));
        return;
    }
    QCOMPARE(reply->error(), HttpReply::Error::ProxyAuthenticationRequired);
    const QString message = reply->errorString();
    QVERIFY2(message.contains(u"127.0.0.1:%1"_s.arg(proxy.port())), qPrintable(message));
    QVERIFY2(message.contains(u"407"_s), qPrintable(message));
    QVERIFY2(!message.contains(u"hunter"_s), qPrintable(message));
    QCOMPARE(server->requestCount(), 0);
    QCOMPARE(client.connectionCount(), 0);
}

void tst_ProxyTunnel::tunnelRefused_namesProxyAndStatus()
{
    TestServer server(selfSignedServerConfiguration());
    TestProxy proxy;
    proxy.setConnectAnswer(403);
    HttpClient client;
    client.setProxySettings(through(proxy.url(u"alice"_s, Password)));

    HttpReply *reply = exchange(&client, request(server.url()));
    QCOMPARE(reply->error(), HttpReply::Error::Proxy);
    const QString message = reply->errorString();
    QVERIFY2(message.contains(u"127.0.0.1:%1"_s.arg(proxy.port())), qPrintable(message));
    QVERIFY2(message.contains(u"403"_s), qPrintable(message));
    QVERIFY2(!message.contains(u"hunter2"_s), qPrintable(message));
    QCOMPARE(server.requestCount(), 0);
}

void tst_ProxyTunnel::unreachableProxy_namesProxy_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::newRow("http") << u"http"_s;
    QTest::newRow("https") << u"https"_s;
}

void tst_ProxyTunnel::unreachableProxy_namesProxy()
{
    QFETCH(QString, scheme);
    const quint16 port = unusedPort();
    HttpClient client;
    client.setProxySettings(through(u"http://alice:hunter2@127.0.0.1:%1"_s.arg(port)));
    QUrl target(u"://127.0.0.1:9/"_s.prepend(scheme));

    HttpReply *reply = exchange(&client, request(target));
    QCOMPARE(reply->error(), HttpReply::Error::ConnectionRefused);
    const QString message = reply->errorString();
    QVERIFY2(message.contains(u"proxy 127.0.0.1:%1"_s.arg(port)), qPrintable(message));
    QVERIFY2(!message.contains(u"hunter2"_s), qPrintable(message));
}

void tst_ProxyTunnel::plainHttpThroughRemoteProxy_refusedBeforeConnecting()
{
    TestServer server;
    HttpClient client;
    client.setProxySettings(through(u"http://alice:hunter2@192.0.2.1:3128"_s));

    HttpReply *reply = client.send(request(server.url()));
    QVERIFY(reply->isFinished());
    QSignalSpy finished(reply, &HttpReply::finished);
    QVERIFY(finished.wait(WaitMs)); // from the event loop, never inside send()
    QCOMPARE(reply->error(), HttpReply::Error::InsecureProxy);
    const QString message = reply->errorString();
    QVERIFY2(message.contains(u"192.0.2.1:3128"_s), qPrintable(message));
    QVERIFY2(!message.contains(u"hunter2"_s), qPrintable(message));
    QCOMPARE(client.connectionCount(), 0);
    QCOMPARE(server.connectionCount(), 0);
}

void tst_ProxyTunnel::loopbackTarget_goesDirectByDefault()
{
    TestServer server;
    TestProxy proxy;
    ProxySettings settings = through(proxy.url());
    settings.setLoopbackDirect(true);
    HttpClient client;
    client.setProxySettings(settings);

    HttpReply *reply = exchange(&client, request(server.url()));
    QCOMPARE(reply->error(), HttpReply::Error::None);
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(server.request(0).target, QByteArray("/"));
    QCOMPARE(proxy.connectionCount(), 0);
}

void tst_ProxyTunnel::awsCall_resolvedFromEnvironment_data()
{
    QTest::addColumn<bool>("caBundle");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("failure"); ///< empty: the call succeeds

    QTest::newRow("CA bundle and proxy credentials") << true << Password << QString();
    QTest::newRow("no CA bundle") << false << Password << u"self-signed"_s;
    QTest::newRow("wrong proxy password") << true << u"hunter3"_s << u"407"_s;
}

void tst_ProxyTunnel::awsCall_resolvedFromEnvironment()
{
    QFETCH(bool, caBundle);
    QFETCH(QString, password);
    QFETCH(QString, failure);
    TestServer server(selfSignedServerConfiguration());
    TestProxy proxy;
    proxy.requireCredentials(u"alice"_s, Password);

    QProcessEnvironment environment;
    environment.insert(u"HOME"_s, m_dir->path());
    environment.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDPROXYTEST"_s);
    environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"proxy-test-secret"_s);
    environment.insert(u"AWS_ENDPOINT_URL"_s, server.url().toString());
    environment.insert(u"AWS_MAX_ATTEMPTS"_s, u"3"_s);
    environment.insert(u"HTTPS_PROXY"_s, proxy.url(u"alice"_s, password));
    environment.insert(u"NO_PROXY"_s, QString());
    if (caBundle) {
        environment.insert(u"AWS_CA_BUNDLE"_s, writeBundle());
    }
    const ConnectionResolver::Result resolved = ConnectionResolver(environment).resolve({});
    QVERIFY2(resolved.isValid(), qPrintable(resolved.error));
    QCOMPARE(resolved.proxySource, u"HTTPS_PROXY"_s);
    QCOMPARE(resolved.config.caCertificates.size(), caBundle ? 1 : 0);

    AwsClient client(resolved.config, resolved.credentials);
    AwsJsonCall call(&client, u"ListOpportunities"_s, R"({"Catalog":"AWS"})");
    QSignalSpy finished(&call, &AwsJsonCall::finished);
    call.start();
    QVERIFY(finished.wait(WaitMs));
    QVERIFY(!proxy.seen().isEmpty());
    QCOMPARE(proxy.seen().first().method, QByteArray("CONNECT"));
    if (failure.isEmpty()) {
        QVERIFY2(!call.error().isError(), qPrintable(call.error().summary()));
        QCOMPARE(server.requestCount(), 1);
        QVERIFY(server.request(0).header("Authorization").startsWith("AWS4-HMAC-SHA256"));
        return;
    }
    // Neither a certificate nor a proxy's refusal is retried.
    QCOMPARE(call.attempts(), 1);
    QCOMPARE(server.requestCount(), 0);
    const QString message = call.error().message;
    QVERIFY2(message.contains(failure), qPrintable(message));
    QVERIFY2(message.contains(failure == "407"_L1 ? u"127.0.0.1:%1"_s.arg(proxy.port())
                                                  : u"127.0.0.1"_s),
             qPrintable(message));
    QVERIFY2(!message.contains(u"hunter"_s), qPrintable(message));
}

QTEST_GUILESS_MAIN(tst_ProxyTunnel)
#include "tst_proxytunnel.moc"
