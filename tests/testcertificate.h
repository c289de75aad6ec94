#pragma once

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

namespace Pd::Core {

/// A self-signed certificate for localhost and 127.0.0.1 and its key (test only, valid until
/// 2126): a TLS server clients must refuse, since nothing trusts it. It is a CA certificate
/// (basicConstraints CA:TRUE), so a CA bundle holding it makes clients trust the server.
inline constexpr char SelfSignedCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUZXSvrIUEMfUkmeKY0ZtuXQ9KMNEwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNDIzMjE1NloYDzIxMjYxMDMx
MjMyMTU2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATTJUH338PqEC6KpKmP66Ki+1a2QkQcKp9p/TqiccNc8piMz2Km4oR/
NUNVhZSuGTZP80hnB5+EbRCP4P4wBlDlo28wbTAdBgNVHQ4EFgQUHXZEujvbW5++
oukUAco1TxoptEUwHwYDVR0jBBgwFoAUHXZEujvbW5++oukUAco1TxoptEUwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSAAwRQIgPC6JgfLQDhDSRIF1RCA0YHixgINf6gQ6soADYC8m3j0CIQCi
TPE9FU/wKBIiLX5/HGKE68Nma3RcEEI3oMJbloSCYg==
-----END CERTIFICATE-----
)";
inline constexpr char SelfSignedKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPom5a60Y8y0YiWJG
cXxkK/SYm6vTRbY1p0Ddh6XkfH+hRANCAATTJUH338PqEC6KpKmP66Ki+1a2QkQc
Kp9p/TqiccNc8piMz2Km4oR/NUNVhZSuGTZP80hnB5+EbRCP4P4wBlDl
-----END PRIVATE KEY-----
)";

/// A TLS server configuration presenting SelfSignedCertificate.
inline QSslConfiguration selfSignedServerConfiguration()
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(QByteArray(SelfSignedCertificate)));
    tls.setPrivateKey(QSslKey(QByteArray(SelfSignedKey), QSsl::Ec));
    return tls;
}

} // namespace Pd::Core
