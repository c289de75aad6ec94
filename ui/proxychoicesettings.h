#pragma once

#include "connectionresolver.h"

#include <QCoreApplication>
#include <QObject>

#include <functional>
#include <memory>

namespace Pd::Core {
class CredentialStore;
}

namespace Pd::Gui {

/// The proxy choice of the connection settings across sessions: the mode and the proxy URL
/// without its password in QSettings ("connection/proxyMode", "connection/proxyUrl"); the
/// password only in the credential store (the system keychain) under PasswordKey. Without a
/// store a password lasts for the session. Nothing saved means the system proxy settings.
class ProxyChoiceSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyChoiceSettings)

public:
    using ProxyChoice = Core::ConnectionResolver::ProxyChoice;
    static constexpr auto PasswordKey = "connection-proxy/password";

    explicit ProxyChoiceSettings(QObject *parent = nullptr);

    /// May be null.
    void setStore(std::shared_ptr<Core::CredentialStore> store) { m_store = std::move(store); }

    /// Reads the saved choice and hands it to `done`: at once, or, when its password is in the
    /// store, from the event loop once read (without it if it cannot be read; `storeFailed()`
    /// says why). `done` is not called if `context` is destroyed first.
    void load(QObject *context, std::function<void(const ProxyChoice &)> done);
    /// Saves `choice` and returns it as it is to be used: a password typed into a manual URL
    /// moves out of the URL into ProxyChoice::password and into the store.
    ProxyChoice save(const ProxyChoice &choice);

Q_SIGNALS:
    /// The store could not read, keep or remove the password (translated, names no secret).
    void storeFailed(const QString &message);

private:
    std::shared_ptr<Core::CredentialStore> m_store;
};

} // namespace Pd::Gui
