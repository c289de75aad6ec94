// ProxyServer (proxy URLs) and ProxySettings (which target goes through which proxy), as the
// AWS CLI reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
#include "cabundle.h"
#include "endpointpolicy.h"
#include "proxysettings.h"
#include "testcertificate.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

class tst_ProxySettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_validUrl_data();
    void parse_validUrl();
    void parse_invalidUrl_namesItWithoutPassword_data();
    void parse_invalidUrl_namesItWithoutPassword();
    void redacted_masksOnlyThePassword_data();
    void redacted_masksOnlyThePassword();
    void display_neverShowsThePassword();
    void authorization_isBasicOfDecodedCredentials();

    void noProxy_matching_data();
    void noProxy_matching();

    void environment_schemeSelectsTheVariable();
    void environment_lowerCaseWinsAndEmptyIsUnset();
    void environment_noProxyVariableDecidesLoopback();
    void environment_badUrl_namesVariableNotPassword();

    void endpointPolicy_plainHttpOnlyThroughLoopbackProxy_data();
    void endpointPolicy_plainHttpOnlyThroughLoopbackProxy();

    void caBundle_loadsPem();
    void caBundle_unreadableOrEmpty_namesTheFile();
};

void tst_ProxySettings::parse_validUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");

    QTest::newRow("host and port") << u"http://proxy.example.com:3128"_s << u"proxy.example.com"_s
                                   << 3128 << QString() << QString();
    QTest::newRow("default port 80") << u"http://proxy.example.com"_s << u"proxy.example.com"_s
                                     << 80 << QString() << QString();
    QTest::newRow("trailing slash")
            << u"http://proxy:8080/"_s << u"proxy"_s << 8080 << QString() << QString();
    QTest::newRow("no scheme") << u"proxy.corp:3128"_s << u"proxy.corp"_s << 3128 << QString()
                               << QString();
    QTest::newRow("scheme-relative")
            << u"//proxy.corp:3128"_s << u"proxy.corp"_s << 3128 << QString() << QString();
    QTest::newRow("upper-case scheme and host")
            << u"HTTP://Proxy.Corp:3128"_s << u"proxy.corp"_s << 3128 << QString() << QString();
    QTest::newRow("credentials") << u"http://user:pass@proxy:3128"_s << u"proxy"_s << 3128
                                 << u"user"_s << u"pass"_s;
    QTest::newRow("credentials percent-decoded")
            << u"http://dom%5Cuser:p%40ss%3Aw%2Frd@proxy:3128"_s << u"proxy"_s << 3128
            << u"dom\\user"_s << u"p@ss:w/rd"_s;
    QTest::newRow("credentials without scheme")
            << u"user:pass@proxy:3128"_s << u"proxy"_s << 3128 << u"user"_s << u"pass"_s;
    QTest::newRow("user only") << u"http://user@proxy:3128"_s << u"proxy"_s << 3128 << u"user"_s
                               << QString();
    QTest::newRow("IPv4") << u"http://10.1.2.3:3128"_s << u"10.1.2.3"_s << 3128 << QString()
                          << QString();
    QTest::newRow("IPv6") << u"http://[fd00::1]:3128"_s << u"fd00::1"_s << 3128 << QString()
                          << QString();
    QTest::newRow("surrounding spaces")
            << u"  http://proxy:3128  "_s << u"proxy"_s << 3128 << QString() << QString();
}

void tst_ProxySettings::parse_validUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QString error;
    const std::optional<ProxyServer> proxy = ProxyServer::parse(url, &error);
    QVERIFY2(proxy, qPrintable(error));
    QCOMPARE(proxy->host, host);
    QCOMPARE(int(proxy->port), port);
    QCOMPARE(proxy->user, user);
    QCOMPARE(proxy->password, password);
}

void tst_ProxySettings::parse_invalidUrl_namesItWithoutPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("shown"); ///< how the message names the URL
    QTest::addColumn<QString>("reason"); ///< part of the explanation

    QTest::newRow("empty") << QString() << QString() << u"empty"_s;
    QTest::newRow("https proxy") << u"https://user:s3cret@proxy:443"_s
                                 << u"https://user:***@proxy:443"_s << u"https://"_s;
    QTest::newRow("socks") << u"socks5://user:s3cret@proxy:1080"_s
                           << u"socks5://user:***@proxy:1080"_s << u"socks5://"_s;
    QTest::newRow("port out of range") << u"http://user:s3cret@proxy:99999"_s
                                       << u"http://user:***@proxy:99999"_s << u"host[:port]"_s;
    QTest::newRow("port zero") << u"http://user:s3cret@proxy:0"_s << u"http://user:***@proxy:0"_s
                               << u"65535"_s;
    QTest::newRow("port not a number") << u"http://user:s3cret@proxy:abc"_s
                                       << u"http://user:***@proxy:abc"_s << u"host[:port]"_s;
    QTest::newRow("no host") << u"http://user:s3cret@:3128"_s << u"http://user:***@:3128"_s
                             << u"host[:port]"_s;
    QTest::newRow("path") << u"http://user:s3cret@proxy:3128/pac"_s
                          << u"http://user:***@proxy:3128/pac"_s << u"path"_s;
    QTest::newRow("query") << u"http://proxy:3128/?x=1"_s << u"http://proxy:3128/?x=1"_s
                           << u"query"_s;
    QTest::newRow("password with unencoded slash")
            << u"http://user:s3/cret@proxy:3128"_s << u"http://user:***@proxy:3128"_s
            << u"host[:port]"_s;
}

void tst_ProxySettings::parse_invalidUrl_namesItWithoutPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, shown);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!ProxyServer::parse(url, &error));
    QVERIFY2(error.contains(u"“"_s + shown + u"”"_s), qPrintable(error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY2(!error.contains(u"s3cret"_s) && !error.contains(u"cret"_s), qPrintable(error));
}

void tst_ProxySettings::redacted_masksOnlyThePassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no credentials") << u"http://proxy:3128"_s << u"http://proxy:3128"_s;
    QTest::newRow("user only") << u"http://user@proxy:3128"_s << u"http://user@proxy:3128"_s;
    QTest::newRow("password") << u"http://user:pw@proxy:3128"_s << u"http://user:***@proxy:3128"_s;
    QTest::newRow("no scheme") << u"user:pw@proxy:3128"_s << u"user:***@proxy:3128"_s;
    QTest::newRow("@ in the password") << u"http://user:p@w@proxy"_s << u"http://user:***@proxy"_s;
    QTest::newRow("port, no user") << u"proxy:3128"_s << u"proxy:3128"_s;
}

void tst_ProxySettings::redacted_masksOnlyThePassword()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(ProxyServer::redacted(url), expected);
}

void tst_ProxySettings::display_neverShowsThePassword()
{
    QString error;
    const std::optional<ProxyServer> proxy
            = ProxyServer::parse(u"http://us%20er:s3cret@proxy.corp:3128"_s, &error);
    QVERIFY2(proxy, qPrintable(error));
    QCOMPARE(proxy->address(), u"proxy.corp:3128"_s);
    QCOMPARE(proxy->displayUrl(), u"http://us%20er:***@proxy.corp:3128"_s);
    QCOMPARE(proxy->urlWithoutPassword(), u"http://us%20er@proxy.corp:3128"_s);
    // The URL kept in settings parses back to the same proxy, less the password.
    std::optional<ProxyServer> stored = ProxyServer::parse(proxy->urlWithoutPassword(), &error);
    QVERIFY(stored);
    stored->password = proxy->password;
    QCOMPARE(*stored, *proxy);

    const std::optional<ProxyServer> v6 = ProxyServer::parse(u"http://[::1]:8080"_s, &error);
    QVERIFY(v6);
    QCOMPARE(v6->address(), u"[::1]:8080"_s);
    QVERIFY(v6->isLoopback());
}

void tst_ProxySettings::authorization_isBasicOfDecodedCredentials()
{
    QString error;
    const std::optional<ProxyServer> proxy
            = ProxyServer::parse(u"http://Aladdin:open%20sesame@proxy"_s, &error);
    QVERIFY(proxy);
    // RFC 7617's example.
    QCOMPARE(proxy->authorization(), QByteArray("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    QCOMPARE(ProxyServer::parse(u"http://proxy"_s, &error)->authorization(), QByteArray());
}

void tst_ProxySettings::noProxy_matching_data()
{
    QTest::addColumn<QString>("noProxy");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("direct");

    const auto row = [](const char *name, const QString &noProxy, const QString &target,
                        bool direct) { QTest::newRow(name) << noProxy << target << direct; };
    row("empty list", u""_s, u"https://api.example.com"_s, false);
    row("star", u"*"_s, u"https://api.example.com"_s, true);
    row("star among others", u"corp.local, *"_s, u"https://api.example.com"_s, true);
    row("exact host", u"api.example.com"_s, u"https://api.example.com"_s, true);
    row("exact host, other case", u"API.Example.COM"_s, u"https://api.example.com"_s, true);
    row("domain matches subdomain", u"example.com"_s, u"https://api.example.com"_s, true);
    row("domain matches itself", u"example.com"_s, u"https://example.com"_s, true);
    row("dot domain matches subdomain", u".example.com"_s, u"https://a.b.example.com"_s, true);
    row("dot domain matches itself", u".example.com"_s, u"https://example.com"_s, true);
    row("star-dot domain", u"*.example.com"_s, u"https://api.example.com"_s, true);
    row("suffix without dot boundary", u"example.com"_s, u"https://badexample.com"_s, false);
    row("other domain", u"example.org"_s, u"https://api.example.com"_s, false);
    row("subdomain entry does not match parent", u"api.example.com"_s, u"https://example.com"_s,
        false);
    row("spaces and empty entries", u" , foo.org ,, example.com "_s, u"https://x.example.com"_s,
        true);
    row("host:port, same port", u"api.example.com:443"_s, u"https://api.example.com"_s, true);
    row("host:port, explicit same port", u"api.example.com:8443"_s,
        u"https://api.example.com:8443"_s, true);
    row("host:port, other port", u"api.example.com:8443"_s, u"https://api.example.com"_s, false);
    row("IPv4 exact", u"10.1.2.3"_s, u"https://10.1.2.3"_s, true);
    row("IPv4 other", u"10.1.2.3"_s, u"https://10.1.2.4"_s, false);
    row("IPv4 with port", u"10.1.2.3:8443"_s, u"https://10.1.2.3:8443"_s, true);
    row("IPv4 CIDR inside", u"10.0.0.0/8"_s, u"https://10.200.3.4"_s, true);
    row("IPv4 CIDR outside", u"10.0.0.0/8"_s, u"https://11.0.0.1"_s, false);
    row("CIDR does not match names", u"10.0.0.0/8"_s, u"https://api.example.com"_s, false);
    row("IPv6 exact", u"fd00::1"_s, u"https://[fd00::1]"_s, true);
    row("IPv6 bracketed", u"[fd00::1]"_s, u"https://[fd00::1]"_s, true);
    row("IPv6 bracketed with port", u"[fd00::1]:8443"_s, u"https://[fd00::1]:8443"_s, true);
    row("IPv6 CIDR", u"fd00::/8"_s, u"https://[fd12::5]"_s, true);
    row("IPv6 CIDR outside", u"fd00::/8"_s, u"https://[2001:db8::1]"_s, false);
    row("bad CIDR ignored", u"10.0.0.0/99"_s, u"https://10.0.0.1"_s, false);
    row("bad port ignored", u"api.example.com:http"_s, u"https://api.example.com"_s, false);
    row("name does not match an IP", u"localhost"_s, u"http://127.0.0.1:9000"_s, false);
    row("localhost by name", u"localhost"_s, u"http://localhost:9000"_s, true);
    row("loopback IP", u"127.0.0.1"_s, u"http://127.0.0.1:9000"_s, true);
}

void tst_ProxySettings::noProxy_matching()
{
    QFETCH(QString, noProxy);
    QFETCH(QString, target);
    QFETCH(bool, direct);
    QString error;
    ProxySettings settings;
    const std::optional<ProxyServer> proxy = ProxyServer::parse(u"http://proxy:3128"_s, &error);
    settings.setProxy(u"https"_s, *proxy);
    settings.setProxy(u"http"_s, *proxy);
    settings.setNoProxy(noProxy);
    settings.setLoopbackDirect(false);
    const QUrl url(target);
    QVERIFY(url.isValid());
    QCOMPARE(!settings.proxyFor(url).has_value(), direct);
    QCOMPARE(settings.bypasses(url.host(), url.port(url.scheme() == "https"_L1 ? 443 : 80)),
             direct);
}

void tst_ProxySettings::environment_schemeSelectsTheVariable()
{
    QProcessEnvironment environment;
    QString error;
    std::optional<ProxySettings> settings = ProxySettings::fromEnvironment(environment, &error);
    QVERIFY(settings);
    QVERIFY(settings->isEmpty());
    QVERIFY(!settings->proxyFor(QUrl(u"https://api.example.com"_s)));
    QVERIFY(!ProxySettings::environmentHasProxyVariables(environment));

    environment.insert(u"HTTPS_PROXY"_s, u"http://secure-proxy:3128"_s);
    environment.insert(u"HTTP_PROXY"_s, u"http://plain-proxy:8080"_s);
    QVERIFY(ProxySettings::environmentHasProxyVariables(environment));
    settings = ProxySettings::fromEnvironment(environment, &error);
    QVERIFY2(settings, qPrintable(error));
    QCOMPARE(settings->proxyFor(QUrl(u"https://api.example.com"_s))->host, u"secure-proxy"_s);
    QCOMPARE(settings->proxyFor(QUrl(u"http://api.example.com"_s))->host, u"plain-proxy"_s);

    environment.remove(u"HTTP_PROXY"_s);
    settings = ProxySettings::fromEnvironment(environment, &error);
    QVERIFY(!settings->proxyFor(QUrl(u"http://api.example.com"_s)));
}

void tst_ProxySettings::environment_lowerCaseWinsAndEmptyIsUnset()
{
    QProcessEnvironment environment;
    environment.insert(u"HTTPS_PROXY"_s, u"http://upper:1"_s);
    environment.insert(u"https_proxy"_s, u"http://lower:2"_s);
    environment.insert(u"NO_PROXY"_s, u"upper.example.com"_s);
    environment.insert(u"no_proxy"_s, u"lower.example.com"_s);
    QString error;
    std::optional<ProxySettings> settings = ProxySettings::fromEnvironment(environment, &error);
    QVERIFY(settings);
    QCOMPARE(settings->proxyForScheme(u"https"_s)->host, u"lower"_s);
    QVERIFY(!settings->proxyFor(QUrl(u"https://lower.example.com"_s)));
    QVERIFY(settings->proxyFor(QUrl(u"https://upper.example.com"_s)));

    // A lower-case variable set but empty hides the upper-case one, as in urllib.
    environment.insert(u"https_proxy"_s, QString());
    settings = ProxySettings::fromEnvironment(environment, &error);
    QVERIFY(settings);
    QVERIFY(!settings->proxyForScheme(u"https"_s));
}

void tst_ProxySettings::environment_noProxyVariableDecidesLoopback()
{
    QProcessEnvironment environment;
    environment.insert(u"HTTP_PROXY"_s, u"http://127.0.0.1:3128"_s);
    QString error;
    // Without NO_PROXY, loopback targets go direct.
    std::optional<ProxySettings> settings = ProxySettings::fromEnvironment(environment, &error);
    for (const char *target : {"http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:1",
                               "http://127.8.9.10"}) {
        QVERIFY2(!settings->proxyFor(QUrl(QString::fromLatin1(target))), target);
    }
    QVERIFY(settings->proxyFor(QUrl(u"http://partner.example.com"_s)));

    // NO_PROXY set, even empty: it alone decides.
    environment.insert(u"NO_PROXY"_s, QString());
    settings = ProxySettings::fromEnvironment(environment, &error);
    QVERIFY(settings->proxyFor(QUrl(u"http://127.0.0.1:9000"_s)));
    environment.insert(u"NO_PROXY"_s, u"localhost"_s);
    settings = ProxySettings::fromEnvironment(environment, &error);
    QVERIFY(!settings->proxyFor(QUrl(u"http://localhost:9000"_s)));
    QVERIFY(settings->proxyFor(QUrl(u"http://127.0.0.1:9000"_s)));
}

void tst_ProxySettings::environment_badUrl_namesVariableNotPassword()
{
    QProcessEnvironment environment;
    environment.insert(u"https_proxy"_s, u"socks5://alice:hunter2@proxy:1080"_s);
    QString error;
    QVERIFY(!ProxySettings::fromEnvironment(environment, &error));
    QVERIFY2(error.contains(u"https_proxy"_s), qPrintable(error));
    QVERIFY2(error.contains(u"socks5://alice:***@proxy:1080"_s), qPrintable(error));
    QVERIFY2(!error.contains(u"hunter2"_s), qPrintable(error));
}

void tst_ProxySettings::endpointPolicy_plainHttpOnlyThroughLoopbackProxy_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("proxy");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("https through a remote proxy")
            << u"https://partnercentral-selling.us-east-1.api.aws"_s << u"http://proxy.corp:3128"_s
            << true;
    QTest::newRow("loopback http through a loopback proxy")
            << u"http://127.0.0.1:9000"_s << u"http://127.0.0.1:3128"_s << true;
    QTest::newRow("loopback http through a remote proxy")
            << u"http://127.0.0.1:9000"_s << u"http://proxy.corp:3128"_s << false;
    QTest::newRow("remote http, whatever the proxy")
            << u"http://partner.example.com"_s << u"http://127.0.0.1:3128"_s << false;
}

void tst_ProxySettings::endpointPolicy_plainHttpOnlyThroughLoopbackProxy()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, proxy);
    QFETCH(bool, accepted);
    QString error;
    ProxySettings settings;
    settings.setProxy(u"https"_s, *ProxyServer::parse(proxy, &error));
    settings.setProxy(u"http"_s,
                      *ProxyServer::parse(u"http://u:hunter2@"_s + proxy.mid(7), &error));
    settings.setLoopbackDirect(false);
    const QString problem = EndpointPolicy::problem(QUrl(endpoint), settings);
    QCOMPARE(problem.isEmpty(), accepted);
    QVERIFY2(!problem.contains(u"hunter2"_s), qPrintable(problem));
    if (!accepted && QUrl(endpoint).host() == "127.0.0.1"_L1) {
        QVERIFY2(problem.contains(u"proxy.corp:3128"_s), qPrintable(problem));
    }
}

void tst_ProxySettings::caBundle_loadsPem()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"bundle.pem"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# a comment before the certificate\n");
    file.write(SelfSignedCertificate);
    file.close();
    QString error;
    const auto certificates = CaBundle::load(file.fileName(), &error);
    QVERIFY2(certificates, qPrintable(error));
    QCOMPARE(certificates->size(), 1);
    QCOMPARE(certificates->first(), QSslCertificate(QByteArray(SelfSignedCertificate)));
}

void tst_ProxySettings::caBundle_unreadableOrEmpty_namesTheFile()
{
    QTemporaryDir dir;
    QString error;
    const QString missing = dir.filePath(u"missing.pem"_s);
    QVERIFY(!CaBundle::load(missing, &error));
    QVERIFY2(error.contains(missing), qPrintable(error));

    const QString empty = dir.filePath(u"empty.pem"_s);
    QFile file(empty);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a certificate\n");
    file.close();
    error.clear();
    QVERIFY(!CaBundle::load(empty, &error));
    QVERIFY2(error.contains(empty) && error.contains(u"no PEM certificate"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_ProxySettings)
#include "tst_proxysettings.moc"
