#include "proxychoicesettings.h"

#include "credentialstore.h"
#include "proxysettings.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace Pd::Gui {

namespace {

const QString ModeKey = u"connection/proxyMode"_s;
const QString UrlKey = u"connection/proxyUrl"_s;

using Mode = Core::ConnectionResolver::ProxyChoice::Mode;

QString modeName(Mode mode)
{
    switch (mode) {
    case Mode::None:
        return u"none"_s;
    case Mode::Manual:
        return u"manual"_s;
    case Mode::Environment:
    case Mode::System:
        break;
    }
    return u"system"_s;
}

Mode modeFromName(const QString &name)
{
    return name == "none"_L1 ? Mode::None : name == "manual"_L1 ? Mode::Manual : Mode::System;
}

std::optional<Core::ProxyServer> parsed(const QString &url)
{
    QString error;
    return Core::ProxyServer::parse(url, &error);
}

} // namespace

ProxyChoiceSettings::ProxyChoiceSettings(QObject *parent) : QObject(parent) { }

void ProxyChoiceSettings::load(QObject *context, std::function<void(const ProxyChoice &)> done)
{
    const QSettings settings;
    ProxyChoice choice;
    choice.mode = modeFromName(settings.value(ModeKey).toString());
    choice.url = settings.value(UrlKey).toString();
    const std::optional<Core::ProxyServer> proxy = parsed(choice.url);
    if (choice.mode != Mode::Manual || !proxy || !proxy->hasCredentials() || !m_store) {
        done(choice);
        return;
    }
    Core::CredentialStoreJob *job = m_store->read(QLatin1StringView(PasswordKey));
    connect(job, &Core::CredentialStoreJob::finished, context,
            [this, choice, done = std::move(done)](Core::CredentialStoreJob *read) mutable {
                if (read->error() == Core::CredentialStoreJob::Error::NoError) {
                    choice.password = read->secret();
                } else if (read->error() != Core::CredentialStoreJob::Error::EntryNotFound) {
                    Q_EMIT storeFailed(read->errorString());
                }
                done(choice);
            });
}

ProxyChoiceSettings::ProxyChoice ProxyChoiceSettings::save(const ProxyChoice &choice)
{
    ProxyChoice saved = choice;
    const std::optional<Core::ProxyServer> proxy = parsed(choice.url);
    // Only a URL that parses is kept, and never with its password.
    saved.url = proxy ? proxy->urlWithoutPassword() : QString();
    if (proxy && !proxy->password.isEmpty()) {
        saved.password = proxy->password;
    }
    if (!proxy || !proxy->hasCredentials()) {
        saved.password.clear();
    }
    QSettings settings;
    settings.setValue(ModeKey, modeName(saved.mode));
    settings.setValue(UrlKey, saved.url);
    if (m_store) {
        const QString key = QLatin1StringView(PasswordKey);
        Core::CredentialStoreJob *job = saved.password.isEmpty()
                                                ? m_store->remove(key)
                                                : m_store->write(key, saved.password);
        connect(job, &Core::CredentialStoreJob::finished, this,
                [this](Core::CredentialStoreJob *done) {
                    if (done->error() != Core::CredentialStoreJob::Error::NoError
                        && done->error() != Core::CredentialStoreJob::Error::EntryNotFound) {
                        Q_EMIT storeFailed(done->errorString());
                    }
                });
    }
    return saved;
}

} // namespace Pd::Gui
