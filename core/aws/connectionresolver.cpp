#include "connectionresolver.h"

#include "awsconfigfile.h"
#include "cabundle.h"
#include "credentialprocessprovider.h"
#include "endpointpolicy.h"
#include "partnerdeskprofiles.h"

#include <QDir>
#include <QLoggingCategory>
#include <QNetworkProxyFactory>
#include <QRegularExpression>
#include <QUrl>

#include <optional>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcResolver, "partnerdesk.core.connectionresolver")

namespace {

constexpr auto DefaultProfile = "default"_L1;
constexpr auto DefaultRegion = "us-east-1"_L1;
const QStringList ServiceKeys{u"partnercentral_selling"_s, u"partnercentral-selling"_s};

/// A setting and where it came from, for messages.
struct Sourced
{
    QString value;
    QString source;
    bool isSet() const { return !value.isEmpty(); }
};

} // namespace

struct ConnectionResolver::Files
{
    AwsConfigFile config;
    AwsConfigFile credentials;
    QString profile;
    bool profileNamed = false; ///< by --profile or AWS_PROFILE
    bool awsProfileExists = false;
    std::optional<PartnerDeskProfile> partnerDeskProfile;

    /// The profile's value: the credentials file wins over the config file, as in botocore.
    Sourced value(const QString &key) const
    {
        for (const AwsConfigFile *file : {&credentials, &config}) {
            if (const AwsConfigFile::Value *found = file->find(profile, key);
                found && !found->isNested && !found->text.isEmpty()) {
                return {found->text, describe(*file, key, found->line)};
            }
        }
        return {};
    }

    Sourced valueIn(const AwsConfigFile &file, const QString &key) const
    {
        if (const AwsConfigFile::Value *found = file.find(profile, key);
            found && !found->isNested && !found->text.isEmpty()) {
            return {found->text, describe(file, key, found->line)};
        }
        return {};
    }

    QString describe(const AwsConfigFile &file, const QString &key, int line) const
    {
        return ConnectionResolver::tr("%1 of profile %2 (%3, line %4)")
                .arg(key, profile, file.path())
                .arg(line);
    }
};

ConnectionResolver::ConnectionResolver(QProcessEnvironment environment, QString home)
    : m_environment(std::move(environment)), m_home(std::move(home))
{
    if (m_home.isEmpty()) {
        m_home = m_environment.value(u"HOME"_s);
    }
    if (m_home.isEmpty()) {
        m_home = QDir::homePath();
    }
}

QString ConnectionResolver::env(const char *name) const
{
    return m_environment.value(QLatin1StringView(name)).trimmed();
}

QString ConnectionResolver::expandHome(const QString &path) const
{
    if (path == "~"_L1) {
        return m_home;
    }
    if (path.startsWith("~/"_L1)) {
        return m_home + path.mid(1);
    }
    return path;
}

QString ConnectionResolver::configFilePath() const
{
    const QString configured = env("AWS_CONFIG_FILE");
    return expandHome(configured.isEmpty() ? u"~/.aws/config"_s : configured);
}

QString ConnectionResolver::credentialsFilePath() const
{
    const QString configured = env("AWS_SHARED_CREDENTIALS_FILE");
    return expandHome(configured.isEmpty() ? u"~/.aws/credentials"_s : configured);
}

QStringList ConnectionResolver::awsProfileNames(QStringList *errors) const
{
    QStringList names;
    AwsConfigFile config;
    if (config.load(configFilePath(), AwsConfigFile::Format::Config)) {
        names = config.profileNames();
    } else if (errors) {
        errors->append(config.errorString());
    }
    AwsConfigFile credentials;
    if (credentials.load(credentialsFilePath(), AwsConfigFile::Format::Credentials)) {
        for (const QString &name : credentials.profileNames()) {
            if (!names.contains(name)) {
                names.append(name);
            }
        }
    } else if (errors) {
        errors->append(credentials.errorString());
    }
    return names;
}

QUrl ConnectionResolver::defaultEndpoint(const QString &region)
{
    return QUrl(u"https://partnercentral-selling.%1.api.aws"_s.arg(region));
}

bool ConnectionResolver::isValidRegion(const QString &region)
{
    static const QRegularExpression pattern(u"^[a-zA-Z0-9](?:[a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])?$"_s);
    return pattern.match(region).hasMatch();
}

ConnectionResolver::Result ConnectionResolver::resolve(const Overrides &overrides) const
{
    Result result;
    Files files;
    if (!files.config.load(configFilePath(), AwsConfigFile::Format::Config)) {
        result.error = files.config.errorString();
        return result;
    }
    if (!files.credentials.load(credentialsFilePath(), AwsConfigFile::Format::Credentials)) {
        result.error = files.credentials.errorString();
        return result;
    }

    const QString envProfile = env("AWS_PROFILE");
    files.profile = !overrides.profile.isEmpty() ? overrides.profile
                    : !envProfile.isEmpty()      ? envProfile
                                                 : QString(DefaultProfile);
    files.profileNamed = !overrides.profile.isEmpty() || !envProfile.isEmpty();
    files.awsProfileExists
            = files.config.hasProfile(files.profile) || files.credentials.hasProfile(files.profile);
    if (m_profiles) {
        files.partnerDeskProfile = m_profiles->profile(files.profile);
    }
    result.profile = files.profile;

    if (files.profileNamed && !files.awsProfileExists && !files.partnerDeskProfile) {
        result.error = tr("The profile “%1” (from %2) could not be found in %3, in %4 or among "
                          "the PartnerDesk profiles.")
                               .arg(files.profile,
                                    overrides.profile.isEmpty() ? u"AWS_PROFILE"_s : u"--profile"_s,
                                    files.config.path(), files.credentials.path());
        return result;
    }

    if (!resolveRegion(overrides, files, &result) || !resolveEndpoint(overrides, files, &result)
        || !resolveProxy(&result) || !resolveCaBundle(overrides, &files, &result)
        || !resolveRetry(files, &result) || !resolveCredentials(overrides, files, &result)) {
        result.credentials.reset();
        return result;
    }
    qCDebug(lcResolver) << "profile" << result.profile << "region" << result.config.region << "from"
                        << result.regionSource << "endpoint"
                        << result.config.endpoint.toDisplayString() << "from"
                        << result.endpointSource << "proxy from" << result.proxySource
                        << "CA bundle from" << result.caBundleSource << "credentials from"
                        << result.credentials->sourceDescription();
    return result;
}

bool ConnectionResolver::resolveCredentials(const Overrides &overrides, const Files &files,
                                            Result *result) const
{
    const QString &profile = files.profile;

    // An explicit --profile negates the environment's keys; AWS_PROFILE does not (botocore).
    if (overrides.profile.isEmpty()) {
        const QString accessKey = env("AWS_ACCESS_KEY_ID");
        const QString secretKey = env("AWS_SECRET_ACCESS_KEY");
        if (!accessKey.isEmpty()) {
            if (secretKey.isEmpty()) {
                result->error = tr("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.");
                return false;
            }
            AwsCredentials credentials;
            credentials.accessKeyId = accessKey;
            credentials.secretAccessKey = secretKey;
            credentials.sessionToken = env("AWS_SESSION_TOKEN");
            result->credentials = std::make_shared<StaticCredentialsProvider>(
                    credentials, tr("environment variables"));
            return true;
        }
    }

    if (files.awsProfileExists) {
        if (const Sourced role = files.value(u"role_arn"_s); role.isSet()) {
            result->error = tr("Profile %1 assumes a role (role_arn), which PartnerDesk does not "
                               "support. Give it temporary keys, or use a profile with "
                               "credential_process = aws configure export-credentials "
                               "--profile %1 --format process.")
                                    .arg(profile);
            return false;
        }
        if (files.value(u"web_identity_token_file"_s).isSet()) {
            result->error = tr("Profile %1 uses a web identity token (web_identity_token_file), "
                               "which PartnerDesk does not support.")
                                    .arg(profile);
            return false;
        }
        if (files.value(u"sso_session"_s).isSet() || files.value(u"sso_start_url"_s).isSet()) {
            result->error = tr("Profile %1 signs in through IAM Identity Center (SSO), which "
                               "PartnerDesk does not support directly. Use a profile with "
                               "credential_process = aws configure export-credentials "
                               "--profile %1 --format process.")
                                    .arg(profile);
            return false;
        }

        const auto staticKeys = [&](const AwsConfigFile &file) -> std::optional<bool> {
            const Sourced accessKey = files.valueIn(file, u"aws_access_key_id"_s);
            if (!accessKey.isSet()) {
                return std::nullopt;
            }
            const Sourced secretKey = files.valueIn(file, u"aws_secret_access_key"_s);
            if (!secretKey.isSet()) {
                result->error = tr("Profile %1 in %2 has aws_access_key_id but no "
                                   "aws_secret_access_key.")
                                        .arg(profile, file.path());
                return false;
            }
            AwsCredentials credentials;
            credentials.accessKeyId = accessKey.value;
            credentials.secretAccessKey = secretKey.value;
            credentials.sessionToken = files.valueIn(file, u"aws_session_token"_s).value;
            result->credentials = std::make_shared<StaticCredentialsProvider>(
                    credentials, tr("profile %1 (%2)").arg(profile, file.path()));
            return true;
        };

        if (const auto fromCredentialsFile = staticKeys(files.credentials)) {
            return *fromCredentialsFile;
        }
        if (const Sourced process = files.value(u"credential_process"_s); process.isSet()) {
            auto provider = std::make_shared<CredentialProcessProvider>(process.value, profile);
            provider->setProcessEnvironment(m_environment);
            result->credentials = std::move(provider);
            return true;
        }
        if (const auto fromConfigFile = staticKeys(files.config)) {
            return *fromConfigFile;
        }
    }

    if (files.partnerDeskProfile && m_profiles) {
        result->credentials = m_profiles->credentialsProvider(profile);
        if (result->credentials) {
            return true;
        }
    }

    if (files.awsProfileExists) {
        result->error = tr("Profile %1 has no credentials: add aws_access_key_id and "
                           "aws_secret_access_key, or credential_process, to it in %2 or %3.")
                                .arg(profile, files.credentials.path(), files.config.path());
    } else {
        result->error = tr("No AWS credentials were found. Set AWS_ACCESS_KEY_ID and "
                           "AWS_SECRET_ACCESS_KEY, choose a profile, add a [default] profile to "
                           "%1, or create a PartnerDesk profile.")
                                .arg(files.credentials.path());
    }
    return false;
}

bool ConnectionResolver::resolveRegion(const Overrides &overrides, const Files &files,
                                       Result *result) const
{
    Sourced region;
    if (!overrides.region.trimmed().isEmpty()) {
        region = {overrides.region.trimmed(), u"--region"_s};
    } else if (const QString value = env("AWS_REGION"); !value.isEmpty()) {
        region = {value, u"AWS_REGION"_s};
    } else if (const QString value = env("AWS_DEFAULT_REGION"); !value.isEmpty()) {
        region = {value, u"AWS_DEFAULT_REGION"_s};
    } else if (const Sourced value = files.value(u"region"_s); value.isSet()) {
        region = value;
    } else if (files.partnerDeskProfile && !files.partnerDeskProfile->region.isEmpty()) {
        region = {files.partnerDeskProfile->region,
                  tr("PartnerDesk profile %1").arg(files.profile)};
    } else {
        region = {DefaultRegion, tr("default")};
    }
    if (!isValidRegion(region.value)) {
        result->error = tr("The region “%1” (from %2) is not a valid region name.")
                                .arg(region.value.left(80), region.source);
        return false;
    }
    result->config.region = region.value;
    result->regionSource = region.source;
    return true;
}

bool ConnectionResolver::resolveEndpoint(const Overrides &overrides, const Files &files,
                                         Result *result) const
{
    Sourced endpoint;
    const auto isTrue = [](const QString &value) {
        return value.compare("true"_L1, Qt::CaseInsensitive) == 0;
    };
    const bool ignoreConfigured
            = isTrue(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
              || isTrue(files.value(u"ignore_configured_endpoint_urls"_s).value);

    if (!overrides.endpointUrl.trimmed().isEmpty()) {
        endpoint = {overrides.endpointUrl.trimmed(), u"--endpoint-url"_s};
    } else if (!ignoreConfigured) {
        if (const QString value = env(ServiceEndpointVariable); !value.isEmpty()) {
            endpoint = {value, QLatin1StringView(ServiceEndpointVariable)};
        } else if (const QString value = env("AWS_ENDPOINT_URL"); !value.isEmpty()) {
            endpoint = {value, u"AWS_ENDPOINT_URL"_s};
        } else if (const Sourced services = files.value(u"services"_s); services.isSet()) {
            for (const QString &key : ServiceKeys) {
                const QString value
                        = files.config.serviceValue(services.value, key, u"endpoint_url"_s);
                if (!value.isEmpty()) {
                    endpoint = {value, tr("[services %1] %2 endpoint_url in %3")
                                               .arg(services.value, key, files.config.path())};
                    break;
                }
            }
        }
        if (!endpoint.isSet()) {
            endpoint = files.value(u"endpoint_url"_s);
        }
        if (!endpoint.isSet() && files.partnerDeskProfile
            && !files.partnerDeskProfile->endpointUrl.isEmpty()) {
            endpoint = {files.partnerDeskProfile->endpointUrl,
                        tr("PartnerDesk profile %1").arg(files.profile)};
        }
    }

    if (!endpoint.isSet()) {
        result->config.endpoint = defaultEndpoint(result->config.region);
        result->endpointSource = tr("default for region %1").arg(result->config.region);
        return true;
    }

    const QUrl url(endpoint.value, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != "http"_L1 && scheme != "https"_L1)) {
        result->error = tr("The endpoint URL “%1” (from %2) is not valid: it must look like "
                           "https://host[:port].")
                                .arg(endpoint.value.left(200), endpoint.source);
        return false;
    }
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()) {
        result->error = tr("The endpoint URL “%1” (from %2) may not contain a user name, a "
                           "query or a fragment.")
                                .arg(url.toDisplayString(QUrl::RemoveUserInfo), endpoint.source);
        return false;
    }
    if (const QString problem = EndpointPolicy::problem(url); !problem.isEmpty()) {
        result->error = tr("%1 (The endpoint came from %2.)").arg(problem, endpoint.source);
        return false;
    }
    result->config.endpoint = url;
    result->endpointSource = endpoint.source;
    return true;
}

bool ConnectionResolver::resolveRetry(const Files &files, Result *result) const
{
    Sourced mode{env("AWS_RETRY_MODE"), u"AWS_RETRY_MODE"_s};
    if (!mode.isSet()) {
        mode = files.value(u"retry_mode"_s);
    }
    if (mode.isSet()) {
        static const QStringList modes{u"standard"_s, u"legacy"_s, u"adaptive"_s};
        if (!modes.contains(mode.value)) {
            result->error = tr("The retry mode “%1” (from %2) is not one of standard, legacy or "
                               "adaptive.")
                                    .arg(mode.value.left(80), mode.source);
            return false;
        }
        result->config.retry.mode = mode.value;
    }

    Sourced attempts{env("AWS_MAX_ATTEMPTS"), u"AWS_MAX_ATTEMPTS"_s};
    if (!attempts.isSet()) {
        attempts = files.value(u"max_attempts"_s);
    }
    if (attempts.isSet()) {
        bool ok = false;
        const int value = attempts.value.toInt(&ok);
        if (!ok || value < 1) {
            result->error = tr("The maximum number of attempts “%1” (from %2) is not a positive "
                               "whole number.")
                                    .arg(attempts.value.left(80), attempts.source);
            return false;
        }
        result->config.retry.maxAttempts = value;
    } else if (result->config.retry.mode == "legacy"_L1) {
        result->config.retry.maxAttempts = 5; // botocore's legacy default
    }
    return true;
}

bool ConnectionResolver::resolveNetwork(ClientConfig *config, QString *error) const
{
    Result result;
    result.config = *config;
    if (!resolveProxy(&result) || !resolveCaBundle({}, nullptr, &result)) {
        *error = result.error;
        return false;
    }
    *config = result.config;
    return true;
}

bool ConnectionResolver::resolveProxy(Result *result) const
{
    const QUrl &endpoint = result->config.endpoint;
    const QString scheme = endpoint.scheme().toLower();
    ProxySettings proxies;
    QString source;
    ProxyChoice::Mode mode = m_proxyChoice.mode;
    if (mode == ProxyChoice::Mode::System
        && ProxySettings::environmentHasProxyVariables(m_environment)) {
        mode = ProxyChoice::Mode::Environment;
    }
    switch (mode) {
    case ProxyChoice::Mode::None:
        break;
    case ProxyChoice::Mode::Manual: {
        QString problem;
        std::optional<ProxyServer> proxy = ProxyServer::parse(m_proxyChoice.url, &problem);
        if (!proxy) {
            result->error = tr("%1 (The proxy came from the connection settings.)").arg(problem);
            return false;
        }
        if (proxy->hasCredentials() && proxy->password.isEmpty()) {
            proxy->password = m_proxyChoice.password;
        }
        proxies.setProxy(u"https"_s, *proxy);
        proxies.setProxy(u"http"_s, *proxy);
        source = tr("the connection settings");
        break;
    }
    case ProxyChoice::Mode::System: {
        const QList<QNetworkProxy> system
                = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(endpoint));
        const QNetworkProxy first = system.value(0, QNetworkProxy(QNetworkProxy::NoProxy));
        if (first.type() == QNetworkProxy::HttpProxy) {
            ProxyServer proxy;
            proxy.host = first.hostName();
            proxy.port = first.port() > 0 ? quint16(first.port()) : ProxyServer::DefaultPort;
            proxy.user = first.user();
            proxy.password = first.password();
            proxies.setProxy(scheme, proxy);
            source = tr("the system proxy settings");
        } else if (first.type() != QNetworkProxy::NoProxy
                   && first.type() != QNetworkProxy::DefaultProxy) {
            result->error = tr("The system proxy for %1 is not an HTTP proxy, which PartnerDesk "
                               "does not support. Choose a manual HTTP proxy in the connection "
                               "settings.")
                                    .arg(endpoint.toDisplayString());
            return false;
        }
        break;
    }
    case ProxyChoice::Mode::Environment: {
        QString problem;
        const std::optional<ProxySettings> fromEnvironment
                = ProxySettings::fromEnvironment(m_environment, &problem);
        if (!fromEnvironment) {
            result->error = problem;
            return false;
        }
        proxies = *fromEnvironment;
        const QString lower = scheme + "_proxy"_L1;
        source = m_environment.contains(lower) ? lower : lower.toUpper();
        break;
    }
    }
    if (const QString problem = EndpointPolicy::proxyProblem(endpoint, proxies);
        !problem.isEmpty()) {
        result->error = source.isEmpty() ? problem
                                         : tr("%1 (The proxy came from %2.)").arg(problem, source);
        return false;
    }
    result->config.proxy = proxies;
    result->proxySource = proxies.proxyFor(endpoint) ? source : QString();
    return true;
}

bool ConnectionResolver::resolveCaBundle(const Overrides &overrides, const Files *files,
                                         Result *result) const
{
    Sourced bundle;
    if (!overrides.caBundle.trimmed().isEmpty()) {
        bundle = {overrides.caBundle.trimmed(), u"--ca-bundle"_s};
    } else if (const QString value = env("AWS_CA_BUNDLE"); !value.isEmpty()) {
        bundle = {value, u"AWS_CA_BUNDLE"_s};
    } else if (files) {
        bundle = files->value(u"ca_bundle"_s);
    }
    if (!bundle.isSet()) {
        return true;
    }
    QString problem;
    const std::optional<QList<QSslCertificate>> certificates
            = CaBundle::load(expandHome(bundle.value), &problem);
    if (!certificates) {
        result->error = tr("%1 (The CA bundle came from %2.)").arg(problem, bundle.source);
        return false;
    }
    result->config.caCertificates = *certificates;
    result->caBundleSource = bundle.source;
    return true;
}

} // namespace Pd::Core
