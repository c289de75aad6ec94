#pragma once

#include "clientconfig.h"
#include "credentialsprovider.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

namespace Pd::Core {

class AwsConfigFile;
class PartnerDeskProfiles;

/// Decides where to connect and with which credentials, in the AWS CLI's order of precedence.
///
/// Credentials: `--profile` (the environment's keys are then ignored); AWS_ACCESS_KEY_ID /
/// AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN; the profile named by AWS_PROFILE, else "default":
/// keys from the shared credentials file, then `credential_process`, then keys from the config
/// file (the credentials file wins for keys in both); finally a PartnerDesk profile of that name
/// (secrets in the keychain). Assume-role, web-identity and SSO profiles are refused with an
/// error naming the profile.
///
/// Region: `--region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`, "us-east-1".
/// Endpoint: `--endpoint-url`, AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_ENDPOINT_URL, the
/// profile's services section (`partnercentral_selling` / `partnercentral-selling`), the
/// profile's `endpoint_url`, else https://partnercentral-selling.<region>.api.aws.
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores all but `--endpoint-url`. Plain http:// is
/// refused unless the host is loopback. Retries: AWS_MAX_ATTEMPTS / AWS_RETRY_MODE, then the
/// profile's `max_attempts` / `retry_mode`.
///
/// Network: the proxy follows the ProxyChoice (ProxySettings::fromEnvironment by default, as
/// the AWS CLI: HTTPS_PROXY, HTTP_PROXY, NO_PROXY); a plain http endpoint that would go to a
/// proxy off this computer is refused. Extra trusted CAs: `--ca-bundle`, AWS_CA_BUNDLE, the
/// profile's `ca_bundle` (a PEM file; unreadable or empty is an error naming it).
///
/// Files: AWS_CONFIG_FILE (default ~/.aws/config) and AWS_SHARED_CREDENTIALS_FILE (default
/// ~/.aws/credentials), `~` meaning `home`. A malformed file is an error naming file and line.
/// `resolve()` is synchronous (it only reads files); the returned provider may be asynchronous.
class ConnectionResolver
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ConnectionResolver)

public:
    /// What the user chose explicitly (command-line flags or the GUI); empty = not given.
    struct Overrides
    {
        QString profile;
        QString region;
        QString endpointUrl;
        QString caBundle = {}; ///< `--ca-bundle`
    };

    /// Where the proxy comes from. The command line keeps Environment; the GUI's connection
    /// settings offer the others.
    struct ProxyChoice
    {
        enum class Mode {
            Environment, ///< the proxy variables, as the AWS CLI reads them
            /// The proxy variables when any is set, else the desktop's settings
            /// (QNetworkProxyFactory::systemProxyForQuery for the endpoint)
            System,
            None, ///< always direct
            Manual, ///< `url` for every endpoint but loopback ones
        };
        Mode mode = Mode::Environment;
        QString url; ///< Manual: http://[user[:password]@]host[:port]
        /// Manual: the password when `url` has a user but no password (kept apart from the
        /// URL, which may be stored in settings).
        QString password = {};
        friend bool operator==(const ProxyChoice &, const ProxyChoice &) = default;
    };

    struct Result
    {
        ClientConfig config;
        std::shared_ptr<CredentialsProvider> credentials;
        QString profile; ///< the profile consulted for settings ("default" when none was named)
        QString regionSource; ///< "--region", "AWS_REGION", "profile sales", "default", …
        QString endpointSource;
        /// Where the proxy of the endpoint came from ("HTTPS_PROXY", "the connection
        /// settings", …); empty for a direct connection.
        QString proxySource;
        QString caBundleSource; ///< "AWS_CA_BUNDLE", "--ca-bundle", …; empty without one
        QString error; ///< translated; empty on success
        bool isValid() const { return error.isEmpty(); }
    };

    static constexpr auto ServiceEndpointVariable = "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING";

    /// `home` replaces `~`; empty means HOME from `environment`, else QDir::homePath().
    explicit ConnectionResolver(QProcessEnvironment environment
                                = QProcessEnvironment::systemEnvironment(),
                                QString home = {});

    /// PartnerDesk profiles to fall back on (may be null). Must outlive resolve() calls.
    void setPartnerDeskProfiles(const PartnerDeskProfiles *profiles) { m_profiles = profiles; }
    void setProxyChoice(const ProxyChoice &choice) { m_proxyChoice = choice; }
    const ProxyChoice &proxyChoice() const { return m_proxyChoice; }

    Result resolve(const Overrides &overrides) const;
    /// Fills `config`'s proxy and extra CAs for its endpoint (from the proxy choice and
    /// AWS_CA_BUNDLE, no profile) for a connection built without resolve(); false and
    /// `*error` when they are unusable.
    bool resolveNetwork(ClientConfig *config, QString *error) const;

    QString configFilePath() const;
    QString credentialsFilePath() const;
    /// Profile names of the AWS shared files (config first, then credentials-only ones). A
    /// malformed file contributes nothing and its message is appended to `*errors`.
    QStringList awsProfileNames(QStringList *errors = nullptr) const;

    static QUrl defaultEndpoint(const QString &region);
    /// botocore's region name rule: letters, digits and '-', 1 to 63 characters.
    static bool isValidRegion(const QString &region);

private:
    struct Files;
    QString expandHome(const QString &path) const;
    QString env(const char *name) const;
    bool resolveCredentials(const Overrides &overrides, const Files &files, Result *result) const;
    bool resolveRegion(const Overrides &overrides, const Files &files, Result *result) const;
    bool resolveEndpoint(const Overrides &overrides, const Files &files, Result *result) const;
    bool resolveRetry(const Files &files, Result *result) const;
    bool resolveProxy(Result *result) const;
    /// `files` may be null: then no profile's ca_bundle.
    bool resolveCaBundle(const Overrides &overrides, const Files *files, Result *result) const;

    QProcessEnvironment m_environment;
    QString m_home;
    const PartnerDeskProfiles *m_profiles = nullptr;
    ProxyChoice m_proxyChoice;
};

} // namespace Pd::Core
