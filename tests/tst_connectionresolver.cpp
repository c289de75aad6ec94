#include "connectionresolver.h"
#include "credentialprocessprovider.h"
#include "memorycredentialstore.h"
#include "partnerdeskprofiles.h"
#include "testcertificate.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

struct Fetched
{
    AwsCredentials credentials;
    QString error;
};

/// Runs one fetch to completion; fails the test if `done` never comes.
std::optional<Fetched> fetch(CredentialsProvider *provider, int timeoutMs = 10000)
{
    QObject context;
    std::optional<Fetched> result;
    bool calledInline = true;
    provider->fetch(&context, [&](const AwsCredentials &credentials, const QString &error) {
        result = Fetched{credentials, error};
    });
    calledInline = result.has_value();
    if (calledInline) {
        qWarning("fetch() called its callback synchronously");
        return std::nullopt;
    }
    return QTest::qWaitFor([&result] { return result.has_value(); }, timeoutMs) ? result
                                                                                : std::nullopt;
}

QString iso(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

} // namespace

class tst_ConnectionResolver final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void noCredentials_saysWhereToPutThem();
    void explicitProfile_ignoresEnvironmentKeys();
    void environmentKeys_winOverAwsProfileVariable();
    void environmentKeys_carrySessionToken();
    void partialEnvironmentKeys_isError();
    void awsProfileVariable_selectsProfile();
    void defaultProfile_usedWhenNothingNamed();
    void credentialsFile_winsOverConfigFile();
    void configFileKeys_usedWithoutCredentialsFile();
    void credentialProcess_betweenCredentialsAndConfigFileKeys();
    void missingNamedProfile_isError_data();
    void missingNamedProfile_isError();
    void profileWithoutSecret_namesFile();
    void profileWithoutCredentials_isError();
    void unsupportedProfile_isRefusedByName_data();
    void unsupportedProfile_isRefusedByName();
    void fileLocations_followEnvironment();
    void malformedFile_namesFileAndLine_data();
    void malformedFile_namesFileAndLine();
    void region_precedence_data();
    void region_precedence();
    void invalidRegion_isError_data();
    void invalidRegion_isError();
    void endpoint_precedence_data();
    void endpoint_precedence();
    void endpoint_plainHttpOnlyForLoopback_data();
    void endpoint_plainHttpOnlyForLoopback();
    void endpoint_ignoreConfiguredEndpoints();
    void retry_settings_data();
    void retry_settings();
    void awsProfileNames_listsBothFiles();
    void partnerDeskProfile_usedWhenNameMatches();
    void partnerDeskProfile_losesToAwsProfileWithKeys();
    void proxy_fromEnvironment_namesTheVariable();
    void proxy_badUrl_namesVariableNotPassword();
    void proxy_plainLoopbackEndpoint_onlyThroughLoopbackProxy();
    void proxy_choice_data();
    void proxy_choice();
    void caBundle_precedence_data();
    void caBundle_precedence();
    void caBundle_unusable_namesFileAndSource_data();
    void caBundle_unusable_namesFileAndSource();
    void resolveNetwork_fillsProxyAndCas();

    void credentialProcess_returnsCredentials();
    void credentialProcess_cachesUntilNearExpiry();
    void credentialProcess_refreshesWithinFiveMinutesOfExpiry();
    void credentialProcess_concurrentFetchesShareOneRun();
    void credentialProcess_failureShowsExitCodeAndStderrButNotStdout();
    void credentialProcess_badOutput_data();
    void credentialProcess_badOutput();
    void credentialProcess_missingProgram();
    void credentialProcess_timeout();
    void credentialProcess_unterminatedQuote();
    void credentialProcess_destroyedContext_getsNoCallback();

    void staticProvider_deliversFromEventLoop();
    void staticProvider_destroyedContext_getsNoCallback();

private:
    QString path(const QString &relative) const { return m_home->filePath(relative); }
    void write(const QString &relative, const QByteArray &content) const;
    /// An executable /bin/sh script in the temporary home.
    QString script(const QString &name, const QByteArray &body) const;
    ConnectionResolver::Result resolve(const ConnectionResolver::Overrides &overrides = {}) const;
    int runCount() const;

    std::optional<QTemporaryDir> m_home;
    QProcessEnvironment m_env;
    std::optional<QSettings> m_settings;
    std::shared_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<PartnerDeskProfiles> m_profiles;
    ConnectionResolver::ProxyChoice m_proxyChoice;
};

void tst_ConnectionResolver::init()
{
    m_home.emplace();
    QVERIFY(m_home->isValid());
    m_env = QProcessEnvironment();
    m_env.insert(u"PATH"_s, u"/usr/bin:/bin"_s);
    m_env.insert(u"HOME"_s, m_home->path());
    m_settings.emplace(path(u"partnerdesk.ini"_s), QSettings::IniFormat);
    m_store = std::make_shared<MemoryCredentialStore>();
    m_profiles = std::make_unique<PartnerDeskProfiles>(m_store, &*m_settings);
    m_proxyChoice = {};
}

void tst_ConnectionResolver::cleanup()
{
    m_profiles.reset();
    m_store.reset();
    m_settings.reset();
    m_home.reset();
}

void tst_ConnectionResolver::write(const QString &relative, const QByteArray &content) const
{
    const QString file = path(relative);
    QVERIFY(QDir().mkpath(QFileInfo(file).path()));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(out.write(content), content.size());
}

QString tst_ConnectionResolver::script(const QString &name, const QByteArray &body) const
{
    const QString file = path(name);
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return {};
    }
    out.write("#!/bin/sh\necho run >> '" + path(u"runs"_s).toUtf8() + "'\n" + body);
    out.close();
    out.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return file;
}

int tst_ConnectionResolver::runCount() const
{
    QFile runs(path(u"runs"_s));
    if (!runs.open(QIODevice::ReadOnly)) {
        return 0;
    }
    return int(runs.readAll().count('\n'));
}

ConnectionResolver::Result
tst_ConnectionResolver::resolve(const ConnectionResolver::Overrides &overrides) const
{
    ConnectionResolver resolver(m_env, m_home->path());
    resolver.setPartnerDeskProfiles(m_profiles.get());
    resolver.setProxyChoice(m_proxyChoice);
    return resolver.resolve(overrides);
}

void tst_ConnectionResolver::noCredentials_saysWhereToPutThem()
{
    const auto result = resolve();
    QVERIFY(!result.isValid());
    QVERIFY(!result.credentials);
    QVERIFY2(result.error.contains(u"AWS_ACCESS_KEY_ID"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(path(u".aws/credentials"_s)), qPrintable(result.error));
}

void tst_ConnectionResolver::explicitProfile_ignoresEnvironmentKeys()
{
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    write(u".aws/credentials"_s, "[sales]\naws_access_key_id = AKIDSALES\n"
                                 "aws_secret_access_key = salessecret\n");
    const auto result = resolve({u"sales"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    const auto fetched = fetch(result.credentials.get());
    QVERIFY(fetched);
    QCOMPARE(fetched->credentials.accessKeyId, u"AKIDSALES"_s);
    QCOMPARE(fetched->credentials.secretAccessKey, u"salessecret"_s);
    QVERIFY(result.credentials->sourceDescription().contains(u"sales"_s));
}

void tst_ConnectionResolver::environmentKeys_winOverAwsProfileVariable()
{
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    m_env.insert(u"AWS_PROFILE"_s, u"sales"_s);
    write(u".aws/credentials"_s, "[sales]\naws_access_key_id = AKIDSALES\n"
                                 "aws_secret_access_key = salessecret\n");
    write(u".aws/config"_s, "[profile sales]\nregion = eu-west-3\n");
    const auto result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    const auto fetched = fetch(result.credentials.get());
    QVERIFY(fetched);
    QCOMPARE(fetched->credentials.accessKeyId, u"AKIDENV"_s);
    QCOMPARE(result.profile, u"sales"_s);
    QCOMPARE(result.config.region, u"eu-west-3"_s); // settings still come from the profile
}

void tst_ConnectionResolver::environmentKeys_carrySessionToken()
{
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"ASIAENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    m_env.insert(u"AWS_SESSION_TOKEN"_s, u"envtoken"_s);
    const auto result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    const auto fetched = fetch(result.credentials.get());
    QVERIFY(fetched);
    QCOMPARE(fetched->credentials.sessionToken, u"envtoken"_s);
    QCOMPARE(result.profile, u"default"_s);
}

void tst_ConnectionResolver::partialEnvironmentKeys_isError()
{
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    write(u".aws/credentials"_s, "[default]\naws_access_key_id = A\naws_secret_access_key = B\n");
    const auto result = resolve();
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.contains(u"AWS_SECRET_ACCESS_KEY"_s), qPrintable(result.error));
}

void tst_ConnectionResolver::awsProfileVariable_selectsProfile()
{
    m_env.insert(u"AWS_PROFILE"_s, u"ops"_s);
    write(u".aws/credentials"_s, "[default]\naws_access_key_id = AKIDDEFAULT\n"
                                 "aws_secret_access_key = d\n"
                                 "[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = o\n"
                                 "aws_session_token = opstoken\n");
    const auto result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.profile, u"ops"_s);
    const auto fetched = fetch(result.credentials.get());
    QVERIFY(fetched);
    QCOMPARE(fetched->credentials.accessKeyId, u"AKIDOPS"_s);
    QCOMPARE(fetched->credentials.sessionToken, u"opstoken"_s);

    // --profile beats AWS_PROFILE.
    const auto overridden = resolve({u"default"_s, {}, {}});
    QVERIFY2(overridden.isValid(), qPrintable(overridden.error));
    QCOMPARE(fetch(overridden.credentials.get())->credentials.accessKeyId, u"AKIDDEFAULT"_s);
}

void tst_ConnectionResolver::defaultProfile_usedWhenNothingNamed()
{
    write(u".aws/config"_s, "[default]\naws_access_key_id = AKIDCONFIG\n"
                            "aws_secret_access_key = c\nregion = ap-southeast-2\n");
    const auto result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.profile, u"default"_s);
    QCOMPARE(result.config.region, u"ap-southeast-2"_s);
    QCOMPARE(fetch(result.credentials.get())->credentials.accessKeyId, u"AKIDCONFIG"_s);
}

void tst_ConnectionResolver::credentialsFile_winsOverConfigFile()
{
    write(u".aws/config"_s, "[profile sales]\naws_access_key_id = AKIDCONFIG\n"
                            "aws_secret_access_key = c\nregion = eu-west-1\n");
    write(u".aws/credentials"_s, "[sales]\naws_access_key_id = AKIDCREDS\n"
                                 "aws_secret_access_key = k\nregion = eu-north-1\n");
    const auto result = resolve({u"sales"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(fetch(result.credentials.get())->credentials.accessKeyId, u"AKIDCREDS"_s);
    QCOMPARE(result.config.region, u"eu-north-1"_s);
    QVERIFY(result.regionSource.contains(path(u".aws/credentials"_s)));
}

void tst_ConnectionResolver::configFileKeys_usedWithoutCredentialsFile()
{
    write(u".aws/config"_s, "[profile sales]\naws_access_key_id = AKIDCONFIG\n"
                            "aws_secret_access_key = c\n");
    const auto result = resolve({u"sales"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(fetch(result.credentials.get())->credentials.accessKeyId, u"AKIDCONFIG"_s);
}

void tst_ConnectionResolver::credentialProcess_betweenCredentialsAndConfigFileKeys()
{
    const QString helper
            = script(u"helper.sh"_s, R"(echo '{"Version": 1, "AccessKeyId": "AKIDPROCESS", )"
                                     R"("SecretAccessKey": "p"}')"
                                     "\n");
    write(u".aws/config"_s,
          "[profile sales]\ncredential_process = " + helper.toUtf8()
                  + "\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = c\n");
    auto result = resolve({u"sales"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(fetch(result.credentials.get())->credentials.accessKeyId, u"AKIDPROCESS"_s);

    write(u".aws/credentials"_s, "[sales]\naws_access_key_id = AKIDCREDS\n"
                                 "aws_secret_access_key = k\n");
    result = resolve({u"sales"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(fetch(result.credentials.get())->credentials.accessKeyId, u"AKIDCREDS"_s);
}

void tst_ConnectionResolver::missingNamedProfile_isError_data()
{
    QTest::addColumn<bool>("viaFlag");
    QTest::newRow("--profile") << true;
    QTest::newRow("AWS_PROFILE") << false;
}

void tst_ConnectionResolver::missingNamedProfile_isError()
{
    QFETCH(bool, viaFlag);
    write(u".aws/credentials"_s, "[default]\naws_access_key_id = A\naws_secret_access_key = B\n");
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    ConnectionResolver::Overrides overrides;
    if (viaFlag) {
        overrides.profile = u"nosuch"_s;
    } else {
        m_env.insert(u"AWS_PROFILE"_s, u"nosuch"_s);
    }
    const auto result = resolve(overrides);
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.contains(u"“nosuch”"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(viaFlag ? u"--profile"_s : u"AWS_PROFILE"_s),
             qPrintable(result.error));
}

void tst_ConnectionResolver::profileWithoutSecret_namesFile()
{
    write(u".aws/credentials"_s, "[sales]\naws_access_key_id = AKIDSALES\n");
    const auto result = resolve({u"sales"_s, {}, {}});
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.contains(u"aws_secret_access_key"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(path(u".aws/credentials"_s)), qPrintable(result.error));
}

void tst_ConnectionResolver::profileWithoutCredentials_isError()
{
    write(u".aws/config"_s, "[profile sales]\nregion = eu-west-1\n");
    const auto result = resolve({u"sales"_s, {}, {}});
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.contains(u"sales"_s) && result.error.contains(u"credential_process"_s),
             qPrintable(result.error));
}

void tst_ConnectionResolver::unsupportedProfile_isRefusedByName_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("expected");
    QTest::newRow("role_arn") << "role_arn = arn:aws:iam::123456789012:role/r\n"
                                 "source_profile = default\n"_ba
                              << u"role_arn"_s;
    QTest::newRow("sso_session") << "sso_session = corp\nsso_account_id = 1\n"_ba << u"SSO"_s;
    QTest::newRow("sso_start_url")
            << "sso_start_url = https://x.awsapps.com/start\n"_ba << u"SSO"_s;
    QTest::newRow("web identity") << "web_identity_token_file = /tmp/t\nrole_arn_x = y\n"_ba
                                  << u"web_identity_token_file"_s;
}

void tst_ConnectionResolver::unsupportedProfile_isRefusedByName()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, expected);
    write(u".aws/config"_s, "[profile corp]\n" + config);
    write(u".aws/credentials"_s, "[corp]\naws_access_key_id = A\naws_secret_access_key = B\n");
    const auto result = resolve({u"corp"_s, {}, {}});
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.contains(u"corp"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"not support"_s), qPrintable(result.error));
}

void tst_ConnectionResolver::fileLocations_followEnvironment()
{
    write(u"elsewhere/conf"_s, "[profile x]\nregion = sa-east-1\n");
    write(u"elsewhere/creds"_s, "[x]\naws_access_key_id = AKIDX\naws_secret_access_key = s\n");
    write(u".aws/credentials"_s, "[x]\naws_access_key_id = AKIDHOME\naws_secret_access_key = s\n");
    m_env.insert(u"AWS_CONFIG_FILE"_s, u"~/elsewhere/conf"_s);
    m_env.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, path(u"elsewhere/creds"_s));

    ConnectionResolver resolver(m_env, m_home->path());
    QCOMPARE(resolver.configFilePath(), path(u"elsewhere/conf"_s));
    QCOMPARE(resolver.credentialsFilePath(), path(u"elsewhere/creds"_s));
    const auto result = resolver.resolve({u"x"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.config.region, u"sa-east-1"_s);
    QCOMPARE(fetch(result.credentials.get())->credentials.accessKeyId, u"AKIDX"_s);
}

void tst_ConnectionResolver::malformedFile_namesFileAndLine_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::newRow("config") << u".aws/config"_s << "[default]\nregion = x\n\nthis is wrong\n"_ba
                            << 4;
    QTest::newRow("credentials") << u".aws/credentials"_s << "aws_access_key_id = A\n"_ba << 1;
    QTest::newRow("credentials header") << u".aws/credentials"_s << "\n\n[default\n"_ba << 3;
}

void tst_ConnectionResolver::malformedFile_namesFileAndLine()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    write(file, content);
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    const auto result = resolve();
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.startsWith(path(file) + u", line %1:"_s.arg(line)),
             qPrintable(result.error));

    QStringList errors;
    ConnectionResolver resolver(m_env, m_home->path());
    resolver.awsProfileNames(&errors);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first(), result.error);
}

void tst_ConnectionResolver::region_precedence_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("awsRegion");
    QTest::addColumn<QString>("awsDefaultRegion");
    QTest::addColumn<bool>("profileRegion");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("source");

    QTest::newRow("all") << u"eu-west-1"_s << u"eu-west-2"_s << u"eu-west-3"_s << true
                         << u"eu-west-1"_s << u"--region"_s;
    QTest::newRow("AWS_REGION") << QString() << u"eu-west-2"_s << u"eu-west-3"_s << true
                                << u"eu-west-2"_s << u"AWS_REGION"_s;
    QTest::newRow("AWS_DEFAULT_REGION") << QString() << QString() << u"eu-west-3"_s << true
                                        << u"eu-west-3"_s << u"AWS_DEFAULT_REGION"_s;
    QTest::newRow("profile") << QString() << QString() << QString() << true << u"ca-central-1"_s
                             << u"region of profile default"_s;
    QTest::newRow("default") << QString() << QString() << QString() << false << u"us-east-1"_s
                             << u"default"_s;
}

void tst_ConnectionResolver::region_precedence()
{
    QFETCH(QString, flag);
    QFETCH(QString, awsRegion);
    QFETCH(QString, awsDefaultRegion);
    QFETCH(bool, profileRegion);
    QFETCH(QString, expected);
    QFETCH(QString, source);

    write(u".aws/config"_s, profileRegion ? "[default]\nregion = ca-central-1\n"_ba
                                          : "[default]\noutput = json\n"_ba);
    write(u".aws/credentials"_s, "[default]\naws_access_key_id = A\naws_secret_access_key = B\n");
    if (!awsRegion.isEmpty()) {
        m_env.insert(u"AWS_REGION"_s, awsRegion);
    }
    if (!awsDefaultRegion.isEmpty()) {
        m_env.insert(u"AWS_DEFAULT_REGION"_s, awsDefaultRegion);
    }
    const auto result = resolve({{}, flag, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.config.region, expected);
    QVERIFY2(result.regionSource.startsWith(source), qPrintable(result.regionSource));
    QCOMPARE(result.config.endpoint,
             QUrl(u"https://partnercentral-selling.%1.api.aws"_s.arg(expected)));
}

void tst_ConnectionResolver::invalidRegion_isError_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("source");
    QTest::newRow("flag with space") << u"us east 1"_s << QByteArray() << u"--region"_s;
    QTest::newRow("flag with slash") << u"us-east-1/evil"_s << QByteArray() << u"--region"_s;
    QTest::newRow("profile") << QString() << "[default]\nregion = eu_west_1\n"_ba << u"line 2"_s;
}

void tst_ConnectionResolver::invalidRegion_isError()
{
    QFETCH(QString, flag);
    QFETCH(QByteArray, config);
    QFETCH(QString, source);
    write(u".aws/config"_s, config);
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    const auto result = resolve({{}, flag, {}});
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.contains(source), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"region"_s), qPrintable(result.error));
}

void tst_ConnectionResolver::endpoint_precedence_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("serviceVariable");
    QTest::addColumn<QString>("globalVariable");
    QTest::addColumn<bool>("servicesSection");
    QTest::addColumn<bool>("profileEndpoint");
    QTest::addColumn<QString>("expected");

    const QString flag = u"https://flag.example.com"_s;
    const QString service = u"https://service-env.example.com"_s;
    const QString global = u"https://global-env.example.com"_s;
    QTest::newRow("flag") << flag << service << global << true << true << flag;
    QTest::newRow("service variable") << QString() << service << global << true << true << service;
    QTest::newRow("global variable") << QString() << QString() << global << true << true << global;
    QTest::newRow("services section")
            << QString() << QString() << QString() << true << true << u"http://127.0.0.1:4566"_s;
    QTest::newRow("profile endpoint_url") << QString() << QString() << QString() << false << true
                                          << u"https://profile.example.com/base"_s;
    QTest::newRow("default") << QString() << QString() << QString() << false << false
                             << u"https://partnercentral-selling.eu-central-1.api.aws"_s;
}

void tst_ConnectionResolver::endpoint_precedence()
{
    QFETCH(QString, flag);
    QFETCH(QString, serviceVariable);
    QFETCH(QString, globalVariable);
    QFETCH(bool, servicesSection);
    QFETCH(bool, profileEndpoint);
    QFETCH(QString, expected);

    QByteArray config = "[default]\nregion = eu-central-1\n";
    if (servicesSection) {
        config += "services = local\n";
    }
    if (profileEndpoint) {
        config += "endpoint_url = https://profile.example.com/base\n";
    }
    config += "[services local]\ns3 =\n  endpoint_url = https://s3.example.com\n"
              "partnercentral_selling =\n  endpoint_url = http://127.0.0.1:4566\n";
    write(u".aws/config"_s, config);
    write(u".aws/credentials"_s, "[default]\naws_access_key_id = A\naws_secret_access_key = B\n");
    if (!serviceVariable.isEmpty()) {
        m_env.insert(u"AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING"_s, serviceVariable);
    }
    if (!globalVariable.isEmpty()) {
        m_env.insert(u"AWS_ENDPOINT_URL"_s, globalVariable);
    }
    const auto result = resolve({{}, {}, flag});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.config.endpoint, QUrl(expected));
    QVERIFY(!result.endpointSource.isEmpty());
}

void tst_ConnectionResolver::endpoint_plainHttpOnlyForLoopback_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("reason");

    QTest::newRow("https") << u"https://example.com"_s << true << QString();
    QTest::newRow("https with port") << u"https://example.com:8443"_s << true << QString();
    QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:8080"_s << true << QString();
    QTest::newRow("http 127.45.0.9") << u"http://127.45.0.9"_s << true << QString();
    QTest::newRow("http ::1") << u"http://[::1]:9000"_s << true << QString();
    QTest::newRow("http localhost") << u"http://localhost:9000"_s << true << QString();
    QTest::newRow("http LOCALHOST") << u"http://LOCALHOST"_s << true << QString();
    QTest::newRow("http remote") << u"http://example.com"_s << false << u"unencrypted"_s;
    QTest::newRow("http private address") << u"http://10.0.0.1"_s << false << u"unencrypted"_s;
    QTest::newRow("http 128.0.0.1") << u"http://128.0.0.1"_s << false << u"unencrypted"_s;
    QTest::newRow("http localhost lookalike")
            << u"http://localhost.example.com"_s << false << u"unencrypted"_s;
    QTest::newRow("ftp") << u"ftp://example.com"_s << false << u"https://"_s;
    QTest::newRow("no scheme") << u"example.com"_s << false << u"https://"_s;
    QTest::newRow("garbage") << u"http://exa mple.com"_s << false << u"valid"_s;
    QTest::newRow("user info") << u"https://user:pw@example.com"_s << false << u"user name"_s;
    QTest::newRow("query") << u"https://example.com/?a=b"_s << false << u"query"_s;
}

void tst_ConnectionResolver::endpoint_plainHttpOnlyForLoopback()
{
    QFETCH(QString, endpoint);
    QFETCH(bool, accepted);
    QFETCH(QString, reason);
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);

    // The same rule whichever source the endpoint comes from.
    for (int source = 0; source < 2; ++source) {
        QProcessEnvironment saved = m_env;
        ConnectionResolver::Overrides overrides;
        if (source == 0) {
            overrides.endpointUrl = endpoint;
        } else {
            m_env.insert(u"AWS_ENDPOINT_URL"_s, endpoint);
        }
        const auto result = resolve(overrides);
        m_env = saved;
        QCOMPARE(result.isValid(), accepted);
        if (accepted) {
            QCOMPARE(result.config.endpoint, QUrl(endpoint));
            QVERIFY(result.credentials);
        } else {
            QVERIFY2(result.error.contains(reason), qPrintable(result.error));
            QVERIFY2(result.error.contains(source == 0 ? u"--endpoint-url"_s
                                                       : u"AWS_ENDPOINT_URL"_s),
                     qPrintable(result.error));
            QVERIFY(!result.credentials);
        }
    }
}

void tst_ConnectionResolver::endpoint_ignoreConfiguredEndpoints()
{
    write(u".aws/config"_s, "[default]\nendpoint_url = https://profile.example.com\n");
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    m_env.insert(u"AWS_ENDPOINT_URL"_s, u"https://env.example.com"_s);
    m_env.insert(u"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"_s, u"true"_s);
    auto result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.config.endpoint, QUrl(u"https://partnercentral-selling.us-east-1.api.aws"_s));
    result = resolve({{}, {}, u"http://127.0.0.1:1234"_s});
    QCOMPARE(result.config.endpoint, QUrl(u"http://127.0.0.1:1234"_s));
}

void tst_ConnectionResolver::retry_settings_data()
{
    QTest::addColumn<QString>("envAttempts");
    QTest::addColumn<QString>("envMode");
    QTest::addColumn<QByteArray>("profile");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("error");

    QTest::newRow("defaults") << QString() << QString() << QByteArray() << 3 << u"standard"_s
                              << QString();
    QTest::newRow("environment") << u"4"_s << u"adaptive"_s << QByteArray() << 4 << u"adaptive"_s
                                 << QString();
    QTest::newRow("profile") << QString() << QString()
                             << "max_attempts = 7\nretry_mode = standard\n"_ba << 7 << u"standard"_s
                             << QString();
    QTest::newRow("environment beats profile")
            << u"2"_s << u"standard"_s << "max_attempts = 7\nretry_mode = legacy\n"_ba << 2
            << u"standard"_s << QString();
    QTest::newRow("legacy defaults to 5")
            << QString() << u"legacy"_s << QByteArray() << 5 << u"legacy"_s << QString();
    QTest::newRow("zero attempts")
            << u"0"_s << QString() << QByteArray() << 0 << QString() << u"AWS_MAX_ATTEMPTS"_s;
    QTest::newRow("negative attempts")
            << u"-3"_s << QString() << QByteArray() << 0 << QString() << u"AWS_MAX_ATTEMPTS"_s;
    QTest::newRow("text attempts")
            << u"three"_s << QString() << QByteArray() << 0 << QString() << u"“three”"_s;
    QTest::newRow("huge attempts") << u"99999999999999"_s << QString() << QByteArray() << 0
                                   << QString() << u"AWS_MAX_ATTEMPTS"_s;
    QTest::newRow("profile garbage attempts")
            << QString() << QString() << "max_attempts = 2x\n"_ba << 0 << QString() << u"line 2"_s;
    QTest::newRow("unknown mode") << QString() << u"aggressive"_s << QByteArray() << 0 << QString()
                                  << u"AWS_RETRY_MODE"_s;
    QTest::newRow("profile unknown mode") << QString() << QString() << "retry_mode = fast\n"_ba << 0
                                          << QString() << u"retry_mode"_s;
}

void tst_ConnectionResolver::retry_settings()
{
    QFETCH(QString, envAttempts);
    QFETCH(QString, envMode);
    QFETCH(QByteArray, profile);
    QFETCH(int, attempts);
    QFETCH(QString, mode);
    QFETCH(QString, error);

    write(u".aws/config"_s, "[default]\n" + profile);
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    if (!envAttempts.isEmpty()) {
        m_env.insert(u"AWS_MAX_ATTEMPTS"_s, envAttempts);
    }
    if (!envMode.isEmpty()) {
        m_env.insert(u"AWS_RETRY_MODE"_s, envMode);
    }
    const auto result = resolve();
    if (error.isEmpty()) {
        QVERIFY2(result.isValid(), qPrintable(result.error));
        QCOMPARE(result.config.retry.maxAttempts, attempts);
        QCOMPARE(result.config.retry.mode, mode);
    } else {
        QVERIFY(!result.isValid());
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
    }
}

void tst_ConnectionResolver::awsProfileNames_listsBothFiles()
{
    write(u".aws/config"_s, "[default]\n[profile b]\n[profile a]\n[services s]\n[sso-session x]\n");
    write(u".aws/credentials"_s, "[a]\n[c]\n[default]\n");
    ConnectionResolver resolver(m_env, m_home->path());
    QStringList errors;
    QCOMPARE(resolver.awsProfileNames(&errors),
             (QStringList{u"default"_s, u"b"_s, u"a"_s, u"c"_s}));
    QVERIFY(errors.isEmpty());
}

void tst_ConnectionResolver::partnerDeskProfile_usedWhenNameMatches()
{
    bool saved = false;
    m_profiles->save({u"desk"_s, u"AKIDDESK"_s, u"eu-west-2"_s, u"http://127.0.0.1:5000"_s},
                     u"desksecret"_s, u"desktoken"_s, this, [&saved](const QString &error) {
                         QVERIFY2(error.isEmpty(), qPrintable(error));
                         saved = true;
                     });
    QTRY_VERIFY(saved);

    const auto result = resolve({u"desk"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.config.region, u"eu-west-2"_s);
    QCOMPARE(result.config.endpoint, QUrl(u"http://127.0.0.1:5000"_s));
    QVERIFY(result.credentials->sourceDescription().contains(u"desk"_s));
    const auto fetched = fetch(result.credentials.get());
    QVERIFY(fetched);
    QVERIFY2(fetched->error.isEmpty(), qPrintable(fetched->error));
    QCOMPARE(fetched->credentials.accessKeyId, u"AKIDDESK"_s);
    QCOMPARE(fetched->credentials.secretAccessKey, u"desksecret"_s);
    QCOMPARE(fetched->credentials.sessionToken, u"desktoken"_s);

    // Flags still win over the profile's own settings.
    const auto flagged = resolve({u"desk"_s, u"us-west-2"_s, u"https://x.example.com"_s});
    QCOMPARE(flagged.config.region, u"us-west-2"_s);
    QCOMPARE(flagged.config.endpoint, QUrl(u"https://x.example.com"_s));

    // A missing secret is reported when fetching, naming the profile.
    m_store->failNext(1, CredentialStoreJob::Error::NoBackendAvailable);
    const auto failing = resolve({u"desk"_s, {}, {}});
    const auto failed = fetch(failing.credentials.get());
    QVERIFY(failed);
    QVERIFY(!failed->credentials.isValid());
    QVERIFY2(failed->error.contains(u"desk"_s), qPrintable(failed->error));
}

void tst_ConnectionResolver::partnerDeskProfile_losesToAwsProfileWithKeys()
{
    bool saved = false;
    m_profiles->save({u"sales"_s, u"AKIDDESK"_s, {}, {}}, u"desksecret"_s, {}, this,
                     [&saved](const QString &) { saved = true; });
    QTRY_VERIFY(saved);
    write(u".aws/credentials"_s, "[sales]\naws_access_key_id = AKIDAWS\n"
                                 "aws_secret_access_key = s\n");
    auto result = resolve({u"sales"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(fetch(result.credentials.get())->credentials.accessKeyId, u"AKIDAWS"_s);

    // An AWS profile without keys falls through to the PartnerDesk profile.
    write(u".aws/credentials"_s, QByteArray());
    write(u".aws/config"_s, "[profile sales]\nregion = eu-south-1\n");
    result = resolve({u"sales"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.config.region, u"eu-south-1"_s);
    QCOMPARE(fetch(result.credentials.get())->credentials.accessKeyId, u"AKIDDESK"_s);
}

void tst_ConnectionResolver::proxy_fromEnvironment_namesTheVariable()
{
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    auto result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QVERIFY(result.config.proxy.isEmpty());
    QVERIFY(result.proxySource.isEmpty());

    m_env.insert(u"https_proxy"_s, u"http://alice:pw@proxy.corp:3128"_s);
    m_env.insert(u"NO_PROXY"_s, u".internal.example"_s);
    result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    const std::optional<ProxyServer> proxy = result.config.proxy.proxyFor(result.config.endpoint);
    QVERIFY(proxy);
    QCOMPARE(proxy->address(), u"proxy.corp:3128"_s);
    QCOMPARE(proxy->user, u"alice"_s);
    QCOMPARE(result.proxySource, u"https_proxy"_s);

    // An endpoint the exceptions name goes direct, and no proxy source is reported.
    m_env.insert(u"AWS_ENDPOINT_URL"_s, u"https://api.internal.example"_s);
    result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QVERIFY(!result.config.proxy.proxyFor(result.config.endpoint));
    QVERIFY(result.proxySource.isEmpty());
}

void tst_ConnectionResolver::proxy_badUrl_namesVariableNotPassword()
{
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    m_env.insert(u"HTTPS_PROXY"_s, u"http://alice:hunter2@proxy.corp:port"_s);
    const auto result = resolve();
    QVERIFY(!result.isValid());
    QVERIFY(!result.credentials);
    QVERIFY2(result.error.contains(u"HTTPS_PROXY"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"http://alice:***@proxy.corp:port"_s),
             qPrintable(result.error));
    QVERIFY2(!result.error.contains(u"hunter2"_s), qPrintable(result.error));
}

void tst_ConnectionResolver::proxy_plainLoopbackEndpoint_onlyThroughLoopbackProxy()
{
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    m_env.insert(u"AWS_ENDPOINT_URL"_s, u"http://127.0.0.1:9000"_s);
    m_env.insert(u"HTTP_PROXY"_s, u"http://alice:hunter2@proxy.corp:3128"_s);
    // Loopback goes direct while NO_PROXY is unset.
    auto result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QVERIFY(!result.config.proxy.proxyFor(result.config.endpoint));

    m_env.insert(u"NO_PROXY"_s, QString());
    result = resolve();
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.contains(u"proxy.corp:3128"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"HTTP_PROXY"_s), qPrintable(result.error));
    QVERIFY2(!result.error.contains(u"hunter2"_s), qPrintable(result.error));

    m_env.insert(u"HTTP_PROXY"_s, u"http://127.0.0.1:3128"_s);
    result = resolve();
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QCOMPARE(result.config.proxy.proxyFor(result.config.endpoint)->port, quint16(3128));
    QCOMPARE(result.proxySource, u"HTTP_PROXY"_s);
}

void tst_ConnectionResolver::proxy_choice_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("proxy"); ///< host:port used for the endpoint; empty: direct
    QTest::addColumn<QString>("error");

    using Mode = ConnectionResolver::ProxyChoice::Mode;
    QTest::newRow("environment") << int(Mode::Environment) << QString() << u"env-proxy:3128"_s
                                 << QString();
    QTest::newRow("system, with proxy variables set")
            << int(Mode::System) << QString() << u"env-proxy:3128"_s << QString();
    QTest::newRow("none") << int(Mode::None) << QString() << QString() << QString();
    QTest::newRow("manual") << int(Mode::Manual) << u"http://bob:pw@manual-proxy:8080"_s
                            << u"manual-proxy:8080"_s << QString();
    QTest::newRow("manual, bad URL") << int(Mode::Manual) << u"ftp://bob:hunter2@manual-proxy"_s
                                     << QString() << u"ftp://bob:***@manual-proxy"_s;
}

void tst_ConnectionResolver::proxy_choice()
{
    QFETCH(int, mode);
    QFETCH(QString, url);
    QFETCH(QString, proxy);
    QFETCH(QString, error);
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    m_env.insert(u"HTTPS_PROXY"_s, u"http://env-proxy:3128"_s);
    m_proxyChoice = {ConnectionResolver::ProxyChoice::Mode(mode), url};
    const auto result = resolve();
    if (!error.isEmpty()) {
        QVERIFY(!result.isValid());
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
        QVERIFY2(!result.error.contains(u"hunter2"_s), qPrintable(result.error));
        return;
    }
    QVERIFY2(result.isValid(), qPrintable(result.error));
    const std::optional<ProxyServer> used = result.config.proxy.proxyFor(result.config.endpoint);
    QCOMPARE(used ? used->address() : QString(), proxy);
    QCOMPARE(result.proxySource.isEmpty(), proxy.isEmpty());
}

void tst_ConnectionResolver::caBundle_precedence_data()
{
    QTest::addColumn<bool>("flag");
    QTest::addColumn<bool>("environment");
    QTest::addColumn<bool>("profile");
    QTest::addColumn<QString>("source");

    QTest::newRow("none") << false << false << false << QString();
    QTest::newRow("profile") << false << false << true << u"ca_bundle of profile default"_s;
    QTest::newRow("environment beats profile") << false << true << true << u"AWS_CA_BUNDLE"_s;
    QTest::newRow("flag beats all") << true << true << true << u"--ca-bundle"_s;
}

void tst_ConnectionResolver::caBundle_precedence()
{
    QFETCH(bool, flag);
    QFETCH(bool, environment);
    QFETCH(bool, profile);
    QFETCH(QString, source);
    // Only the chosen bundle exists, so the wrong choice fails to load.
    const QString chosen = flag ? u"flag.pem"_s : environment ? u"env.pem"_s : u"profile.pem"_s;
    write(chosen, SelfSignedCertificate);
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    if (environment) {
        m_env.insert(u"AWS_CA_BUNDLE"_s, path(u"env.pem"_s));
    }
    if (profile) {
        write(u".aws/config"_s, "[default]\nca_bundle = ~/profile.pem\n");
    }
    ConnectionResolver::Overrides overrides;
    if (flag) {
        overrides.caBundle = path(u"flag.pem"_s);
    }
    const auto result = resolve(overrides);
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QVERIFY2(result.caBundleSource.startsWith(source), qPrintable(result.caBundleSource));
    QCOMPARE(result.config.caCertificates.size(), source.isEmpty() ? 0 : 1);
}

void tst_ConnectionResolver::caBundle_unusable_namesFileAndSource_data()
{
    QTest::addColumn<QByteArray>("content"); ///< null: no file at all
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << QByteArray() << u"could not be read"_s;
    QTest::newRow("no certificate") << QByteArray("garbage\n") << u"no PEM certificate"_s;
}

void tst_ConnectionResolver::caBundle_unusable_namesFileAndSource()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    if (!content.isNull()) {
        write(u"bundle.pem"_s, content);
    }
    m_env.insert(u"AWS_ACCESS_KEY_ID"_s, u"AKIDENV"_s);
    m_env.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    m_env.insert(u"AWS_CA_BUNDLE"_s, path(u"bundle.pem"_s));
    const auto result = resolve();
    QVERIFY(!result.isValid());
    QVERIFY2(result.error.contains(path(u"bundle.pem"_s)), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"AWS_CA_BUNDLE"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(reason), qPrintable(result.error));
}

void tst_ConnectionResolver::resolveNetwork_fillsProxyAndCas()
{
    write(u"bundle.pem"_s, SelfSignedCertificate);
    m_env.insert(u"AWS_CA_BUNDLE"_s, path(u"bundle.pem"_s));
    ConnectionResolver resolver(m_env, m_home->path());
    resolver.setProxyChoice(
            {ConnectionResolver::ProxyChoice::Mode::Manual, u"http://proxy.corp:3128"_s});
    ClientConfig config;
    config.endpoint = QUrl(u"https://partnercentral-selling.us-east-1.api.aws"_s);
    QString error;
    QVERIFY2(resolver.resolveNetwork(&config, &error), qPrintable(error));
    QCOMPARE(config.proxy.proxyFor(config.endpoint)->address(), u"proxy.corp:3128"_s);
    QCOMPARE(config.caCertificates.size(), 1);

    m_env.insert(u"AWS_CA_BUNDLE"_s, path(u"missing.pem"_s));
    ConnectionResolver broken(m_env, m_home->path());
    QVERIFY(!broken.resolveNetwork(&config, &error));
    QVERIFY2(error.contains(path(u"missing.pem"_s)), qPrintable(error));
}

void tst_ConnectionResolver::credentialProcess_returnsCredentials()
{
    const QDateTime expiry = QDateTime::currentDateTimeUtc().addSecs(3600);
    const QString helper = script(u"helper with space.sh"_s,
                                  "printf '{\"Version\": 1, \"AccessKeyId\": \"%s\", "
                                  "\"SecretAccessKey\": \"sec\\\\\"ret\", \"SessionToken\": "
                                  "\"tok\", \"Expiration\": \""
                                          + iso(expiry).toUtf8() + "\"}' \"$2\"\n");
    write(u".aws/config"_s,
          "[profile proc]\ncredential_process = \"" + helper.toUtf8() + "\" --key 'AKID PROC'\n");
    const auto result = resolve({u"proc"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    QVERIFY(result.credentials->sourceDescription().contains(u"credential_process"_s));
    const auto fetched = fetch(result.credentials.get());
    QVERIFY(fetched);
    QVERIFY2(fetched->error.isEmpty(), qPrintable(fetched->error));
    QCOMPARE(fetched->credentials.accessKeyId, u"AKID PROC"_s);
    QCOMPARE(fetched->credentials.secretAccessKey, u"sec\"ret"_s);
    QCOMPARE(fetched->credentials.sessionToken, u"tok"_s);
    QCOMPARE(fetched->credentials.expiration, expiry.addMSecs(-expiry.time().msec()));
}

void tst_ConnectionResolver::credentialProcess_cachesUntilNearExpiry()
{
    const QString expiry = iso(QDateTime::currentDateTimeUtc().addSecs(3600));
    const QString helper = script(u"helper.sh"_s, "echo '{\"Version\":1,\"AccessKeyId\":\"A\","
                                                  "\"SecretAccessKey\":\"S\",\"Expiration\":\""
                                                          + expiry.toUtf8() + "\"}'\n");
    CredentialProcessProvider provider(helper, u"p"_s);
    for (int i = 0; i < 3; ++i) {
        const auto fetched = fetch(&provider);
        QVERIFY(fetched);
        QVERIFY2(fetched->error.isEmpty(), qPrintable(fetched->error));
    }
    QCOMPARE(runCount(), 1);
    QCOMPARE(provider.runCount(), 1);

    provider.invalidate();
    QVERIFY(fetch(&provider));
    QCOMPARE(runCount(), 2);
}

void tst_ConnectionResolver::credentialProcess_refreshesWithinFiveMinutesOfExpiry()
{
    // Valid for four more minutes: inside the refresh window, so every fetch runs again.
    const QString expiry = iso(QDateTime::currentDateTimeUtc().addSecs(240));
    const QString helper
            = script(u"helper.sh"_s, "n=$(wc -l < '" + path(u"runs"_s).toUtf8()
                                             + "')\nprintf '{\"Version\":1,\"AccessKeyId\":"
                                               "\"AKID%s\",\"SecretAccessKey\":\"S\","
                                               "\"Expiration\":\""
                                             + expiry.toUtf8() + "\"}' $n\n");
    CredentialProcessProvider provider(helper, u"p"_s);
    QCOMPARE(provider.refreshMarginSecs(), qint64(300));
    QCOMPARE(fetch(&provider)->credentials.accessKeyId, u"AKID1"_s);
    QCOMPARE(fetch(&provider)->credentials.accessKeyId, u"AKID2"_s);
    QCOMPARE(runCount(), 2);

    provider.setRefreshMarginSecs(60);
    QCOMPARE(fetch(&provider)->credentials.accessKeyId, u"AKID2"_s); // cached again
    QCOMPARE(runCount(), 2);
}

void tst_ConnectionResolver::credentialProcess_concurrentFetchesShareOneRun()
{
    const QString helper = script(u"helper.sh"_s, "sleep 0.2\necho '{\"Version\":1,"
                                                  "\"AccessKeyId\":\"A\",\"SecretAccessKey\":"
                                                  "\"S\"}'\n");
    CredentialProcessProvider provider(helper, u"p"_s);
    QObject context;
    int calls = 0;
    for (int i = 0; i < 3; ++i) {
        provider.fetch(&context, [&calls](const AwsCredentials &credentials, const QString &) {
            QCOMPARE(credentials.accessKeyId, u"A"_s);
            ++calls;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(calls, 3, 10000);
    QCOMPARE(runCount(), 1);
    // No expiration: cached for good.
    QVERIFY(fetch(&provider));
    QCOMPARE(runCount(), 1);
}

void tst_ConnectionResolver::credentialProcess_failureShowsExitCodeAndStderrButNotStdout()
{
    const QString helper
            = script(u"failing-helper"_s, "echo '{\"Version\":1,\"AccessKeyId\":\"A\","
                                          "\"SecretAccessKey\":\"TOPSECRET\"}'\n"
                                          "echo 'token expired, run aws sso login' >&2\n"
                                          "echo 'second line' >&2\nexit 3\n");
    write(u".aws/config"_s, "[profile proc]\ncredential_process = " + helper.toUtf8() + "\n");
    const auto result = resolve({u"proc"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    const auto fetched = fetch(result.credentials.get());
    QVERIFY(fetched);
    QVERIFY(!fetched->credentials.isValid());
    QVERIFY2(fetched->error.contains(u"proc"_s), qPrintable(fetched->error));
    QVERIFY2(fetched->error.contains(u"failing-helper"_s), qPrintable(fetched->error));
    QVERIFY2(fetched->error.contains(u"code 3"_s), qPrintable(fetched->error));
    QVERIFY2(fetched->error.contains(u"token expired, run aws sso login"_s),
             qPrintable(fetched->error));
    QVERIFY(!fetched->error.contains(u"second line"_s));
    QVERIFY(!fetched->error.contains(u"TOPSECRET"_s));
}

void tst_ConnectionResolver::credentialProcess_badOutput_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("expected");

    QTest::newRow("not JSON") << "AccessKeyId=A SecretAccessKey=TOPSECRET"_ba << u"JSON"_s;
    QTest::newRow("array") << "[1]"_ba << u"JSON object"_s;
    QTest::newRow("no Version") << R"({"AccessKeyId":"A","SecretAccessKey":"TOPSECRET"})"_ba
                                << u"Version"_s;
    QTest::newRow("Version 2")
            << R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"TOPSECRET"})"_ba
            << u"Version"_s;
    QTest::newRow("Version as string")
            << R"({"Version":"1","AccessKeyId":"A","SecretAccessKey":"TOPSECRET"})"_ba
            << u"Version"_s;
    QTest::newRow("no AccessKeyId")
            << R"({"Version":1,"SecretAccessKey":"TOPSECRET"})"_ba << u"AccessKeyId"_s;
    QTest::newRow("no SecretAccessKey")
            << R"({"Version":1,"AccessKeyId":"A"})"_ba << u"SecretAccessKey"_s;
    QTest::newRow("numeric token")
            << R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"TOPSECRET","SessionToken":5})"_ba
            << u"SessionToken"_s;
    QTest::newRow("bad Expiration") << R"({"Version":1,"AccessKeyId":"A",)"
                                       R"("SecretAccessKey":"TOPSECRET","Expiration":"soon"})"_ba
                                    << u"Expiration"_s;
    QTest::newRow("expired") << R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"TOPSECRET",)"
                                R"("Expiration":"2001-01-01T00:00:00Z"})"_ba
                             << u"expired"_s;
    QTest::newRow("empty") << QByteArray() << u"JSON"_s;
}

void tst_ConnectionResolver::credentialProcess_badOutput()
{
    QFETCH(QByteArray, output);
    QFETCH(QString, expected);
    write(u"output.json"_s, output);
    const QString helper
            = script(u"helper.sh"_s, "cat '" + path(u"output.json"_s).toUtf8() + "'\n");
    CredentialProcessProvider provider(helper, u"proc"_s);
    const auto fetched = fetch(&provider);
    QVERIFY(fetched);
    QVERIFY(!fetched->credentials.isValid());
    QVERIFY2(fetched->error.contains(expected), qPrintable(fetched->error));
    QVERIFY2(fetched->error.contains(u"proc"_s), qPrintable(fetched->error));
    QVERIFY(!fetched->error.contains(u"TOPSECRET"_s));
}

void tst_ConnectionResolver::credentialProcess_missingProgram()
{
    CredentialProcessProvider provider(path(u"does-not-exist"_s) + u" --flag"_s, u"proc"_s);
    const auto fetched = fetch(&provider);
    QVERIFY(fetched);
    QVERIFY(!fetched->credentials.isValid());
    QVERIFY2(fetched->error.contains(u"does-not-exist"_s), qPrintable(fetched->error));
    QVERIFY2(fetched->error.contains(u"started"_s), qPrintable(fetched->error));
}

void tst_ConnectionResolver::credentialProcess_timeout()
{
    const QString helper = script(u"slow.sh"_s, "echo 'waiting for MFA' >&2\nexec sleep 30\n");
    CredentialProcessProvider provider(helper, u"proc"_s);
    provider.setTimeoutMs(500);
    QElapsedTimer timer;
    timer.start();
    const auto fetched = fetch(&provider);
    QVERIFY(fetched);
    QVERIFY(timer.elapsed() < 10000);
    QVERIFY(!fetched->credentials.isValid());
    QVERIFY2(fetched->error.contains(u"did not finish"_s), qPrintable(fetched->error));
    QVERIFY2(fetched->error.contains(u"waiting for MFA"_s), qPrintable(fetched->error));
}

void tst_ConnectionResolver::credentialProcess_unterminatedQuote()
{
    write(u".aws/config"_s, "[profile proc]\ncredential_process = /bin/echo 'unterminated\n");
    const auto result = resolve({u"proc"_s, {}, {}});
    QVERIFY2(result.isValid(), qPrintable(result.error));
    const auto fetched = fetch(result.credentials.get());
    QVERIFY(fetched);
    QVERIFY2(fetched->error.contains(u"quote"_s), qPrintable(fetched->error));
}

void tst_ConnectionResolver::credentialProcess_destroyedContext_getsNoCallback()
{
    const QString helper = script(u"helper.sh"_s, "sleep 0.2\necho '{\"Version\":1,"
                                                  "\"AccessKeyId\":\"A\",\"SecretAccessKey\":"
                                                  "\"S\"}'\n");
    CredentialProcessProvider provider(helper, u"p"_s);
    bool called = false;
    {
        QObject context;
        provider.fetch(&context,
                       [&called](const AwsCredentials &, const QString &) { called = true; });
    }
    // A fetch with a live context joins the same run: when it has its answer, the run has
    // ended and the waiter before it has had its turn.
    const auto fetched = fetch(&provider);
    QVERIFY(fetched);
    QCOMPARE(fetched->credentials.accessKeyId, u"A"_s);
    QCOMPARE(runCount(), 1);
    QVERIFY(!called);
}

void tst_ConnectionResolver::staticProvider_deliversFromEventLoop()
{
    StaticCredentialsProvider provider({u"AKID"_s, u"secret"_s, {}, {}}, u"test"_s);
    const auto fetched = fetch(&provider); // fails if called synchronously
    QVERIFY(fetched);
    QCOMPARE(fetched->credentials.accessKeyId, u"AKID"_s);
    QVERIFY(fetched->error.isEmpty());

    StaticCredentialsProvider empty({}, u"nowhere"_s);
    const auto failed = fetch(&empty);
    QVERIFY(failed);
    QVERIFY(!failed->credentials.isValid());
    QVERIFY(failed->error.contains(u"nowhere"_s));
}

void tst_ConnectionResolver::staticProvider_destroyedContext_getsNoCallback()
{
    StaticCredentialsProvider provider({u"AKID"_s, u"secret"_s, {}, {}}, u"test"_s);
    bool called = false;
    {
        QObject context;
        provider.fetch(&context,
                       [&called](const AwsCredentials &, const QString &) { called = true; });
    }
    // Answers come from the event loop in order: when a later fetch has its answer, the
    // earlier one has been delivered or dropped.
    QVERIFY(fetch(&provider));
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(tst_ConnectionResolver)
#include "tst_connectionresolver.moc"
