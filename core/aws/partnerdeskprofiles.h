#pragma once

#include "credentialsprovider.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QSettings;

namespace Pd::Core {

class CredentialStore;

/// A PartnerDesk profile: the non-secret half, kept in QSettings.
struct PartnerDeskProfile
{
    QString name;
    QString accessKeyId;
    QString region; ///< empty: resolve as usual (environment, default)
    QString endpointUrl; ///< empty: the region's standard endpoint
    friend bool operator==(const PartnerDeskProfile &, const PartnerDeskProfile &) = default;
};

/// Profiles created in PartnerDesk itself. Name, access key id, region and endpoint live in
/// QSettings under "profiles/<name>"; the secret access key and the session token live only in
/// the CredentialStore, under "<name>/secret-access-key" and "<name>/session-token".
///
/// Listing is synchronous (QSettings); saving and removing touch the store and report through a
/// callback, guarded by a context object, with an empty string on success or a translated error.
/// A profile's settings are written only after its secret has been stored, so a listed profile
/// always had a secret. `profilesChanged()` follows every successful save or remove.
class PartnerDeskProfiles final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartnerDeskProfiles)

public:
    using Done = std::function<void(const QString &error)>;

    /// `settings` may be null: then a default QSettings() is used. It must outlive this object.
    explicit PartnerDeskProfiles(std::shared_ptr<CredentialStore> store,
                                 QSettings *settings = nullptr, QObject *parent = nullptr);
    ~PartnerDeskProfiles() override;

    static QString secretKey(const QString &profile);
    static QString sessionTokenKey(const QString &profile);
    /// Empty when `name` is usable as a profile name, else a translated reason.
    static QString nameProblem(const QString &name);

    QList<PartnerDeskProfile> profiles() const; ///< sorted by name
    QStringList profileNames() const;
    bool contains(const QString &name) const;
    std::optional<PartnerDeskProfile> profile(const QString &name) const;

    /// Stores the secret (and the session token, or removes a stale one when empty), then the
    /// settings.
    void save(const PartnerDeskProfile &profile, const QString &secretAccessKey,
              const QString &sessionToken, QObject *context, Done done);
    /// Removes the settings, then both secrets (entries already missing are fine).
    void remove(const QString &name, QObject *context, Done done);

    /// A provider reading this profile's secrets from the store on first use; null when the
    /// profile does not exist.
    std::shared_ptr<CredentialsProvider> credentialsProvider(const QString &name) const;
    std::shared_ptr<CredentialStore> store() const { return m_store; }

Q_SIGNALS:
    void profilesChanged();

private:
    QSettings &settings() const;

    std::shared_ptr<CredentialStore> m_store;
    QSettings *m_settings = nullptr;
    std::unique_ptr<QSettings> m_ownSettings;
};

} // namespace Pd::Core
