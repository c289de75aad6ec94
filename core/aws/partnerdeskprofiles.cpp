#include "partnerdeskprofiles.h"

#include "credentialstore.h"
#include "keychaincredentialsprovider.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcProfiles, "partnerdesk.core.partnerdeskprofiles")

namespace {

constexpr auto Group = "profiles"_L1;
constexpr auto AccessKeyIdKey = "accessKeyId"_L1;
constexpr auto RegionKey = "region"_L1;
constexpr auto EndpointKey = "endpointUrl"_L1;
constexpr qsizetype MaxNameLength = 64;

QString groupFor(const QString &name)
{
    return Group + u'/' + name;
}

/// Calls `done` from the event loop unless `context` is gone by then.
void deliver(QObject *context, const PartnerDeskProfiles::Done &done, const QString &error)
{
    QObject *guard = context ? context : QCoreApplication::instance();
    QMetaObject::invokeMethod(
            guard, [done, error] { done(error); }, Qt::QueuedConnection);
}

bool isFailure(const CredentialStoreJob *job)
{
    return job->error() != CredentialStoreJob::Error::NoError
           && job->error() != CredentialStoreJob::Error::EntryNotFound;
}

} // namespace

PartnerDeskProfiles::PartnerDeskProfiles(std::shared_ptr<CredentialStore> store,
                                         QSettings *settings, QObject *parent)
    : QObject(parent), m_store(std::move(store)), m_settings(settings)
{
    if (!m_settings) {
        m_ownSettings = std::make_unique<QSettings>();
        m_settings = m_ownSettings.get();
    }
}

PartnerDeskProfiles::~PartnerDeskProfiles() = default;

QSettings &PartnerDeskProfiles::settings() const
{
    return *m_settings;
}

QString PartnerDeskProfiles::secretKey(const QString &profile)
{
    return profile + "/secret-access-key"_L1;
}

QString PartnerDeskProfiles::sessionTokenKey(const QString &profile)
{
    return profile + "/session-token"_L1;
}

QString PartnerDeskProfiles::nameProblem(const QString &name)
{
    if (name.trimmed().isEmpty()) {
        return tr("The profile name is empty.");
    }
    if (name.size() > MaxNameLength) {
        return tr("The profile name is longer than %n character(s).", nullptr, MaxNameLength);
    }
    if (name != name.trimmed()) {
        return tr("The profile name starts or ends with a space.");
    }
    for (const QChar c : name) {
        if (c == u'/' || c == u'\\' || c.category() == QChar::Other_Control) {
            return tr("The profile name may not contain “/”, “\\” or control characters.");
        }
    }
    return {};
}

QList<PartnerDeskProfile> PartnerDeskProfiles::profiles() const
{
    QList<PartnerDeskProfile> result;
    for (const QString &name : profileNames()) {
        if (auto found = profile(name)) {
            result.append(*found);
        }
    }
    return result;
}

QStringList PartnerDeskProfiles::profileNames() const
{
    QSettings &s = settings();
    s.beginGroup(Group);
    QStringList names = s.childGroups();
    s.endGroup();
    names.removeIf([](const QString &name) { return !nameProblem(name).isEmpty(); });
    names.sort();
    return names;
}

bool PartnerDeskProfiles::contains(const QString &name) const
{
    return profile(name).has_value();
}

std::optional<PartnerDeskProfile> PartnerDeskProfiles::profile(const QString &name) const
{
    if (!nameProblem(name).isEmpty()) {
        return std::nullopt;
    }
    QSettings &s = settings();
    s.beginGroup(groupFor(name));
    PartnerDeskProfile result{name, s.value(AccessKeyIdKey).toString(),
                              s.value(RegionKey).toString(), s.value(EndpointKey).toString()};
    const bool exists = s.contains(AccessKeyIdKey);
    s.endGroup();
    if (!exists) {
        return std::nullopt;
    }
    return result;
}

void PartnerDeskProfiles::save(const PartnerDeskProfile &profile, const QString &secretAccessKey,
                               const QString &sessionToken, QObject *context, Done done)
{
    if (const QString problem = nameProblem(profile.name); !problem.isEmpty()) {
        deliver(context, done, problem);
        return;
    }
    if (profile.accessKeyId.trimmed().isEmpty() || secretAccessKey.trimmed().isEmpty()) {
        deliver(context, done,
                tr("Profile %1 needs an access key id and a secret access key.").arg(profile.name));
        return;
    }
    if (!m_store) {
        deliver(context, done, tr("No credential store is available."));
        return;
    }

    const QPointer<QObject> guard(context ? context : QCoreApplication::instance());
    const auto report = [guard, done](const QString &error) {
        if (guard) {
            done(error);
        }
    };
    const PartnerDeskProfile trimmed{profile.name, profile.accessKeyId.trimmed(),
                                     profile.region.trimmed(), profile.endpointUrl.trimmed()};

    CredentialStoreJob *secretJob
            = m_store->write(secretKey(profile.name), secretAccessKey.trimmed());
    connect(secretJob, &CredentialStoreJob::finished, this,
            [this, trimmed, token = sessionToken.trimmed(), report](CredentialStoreJob *job) {
                if (job->error() != CredentialStoreJob::Error::NoError) {
                    report(tr("Profile %1 was not saved: %2")
                                   .arg(trimmed.name, job->errorString()));
                    return;
                }
                CredentialStoreJob *tokenJob
                        = token.isEmpty() ? m_store->remove(sessionTokenKey(trimmed.name))
                                          : m_store->write(sessionTokenKey(trimmed.name), token);
                connect(tokenJob, &CredentialStoreJob::finished, this,
                        [this, trimmed, report](CredentialStoreJob *job) {
                            if (isFailure(job)) {
                                report(tr("Profile %1 was not saved: %2")
                                               .arg(trimmed.name, job->errorString()));
                                return;
                            }
                            QSettings &s = settings();
                            s.beginGroup(groupFor(trimmed.name));
                            s.setValue(AccessKeyIdKey, trimmed.accessKeyId);
                            s.setValue(RegionKey, trimmed.region);
                            s.setValue(EndpointKey, trimmed.endpointUrl);
                            s.endGroup();
                            s.sync();
                            if (s.status() != QSettings::NoError) {
                                report(tr("Profile %1 could not be written to %2.")
                                               .arg(trimmed.name, s.fileName()));
                                return;
                            }
                            qCInfo(lcProfiles) << "saved profile" << trimmed.name;
                            Q_EMIT profilesChanged();
                            report({});
                        });
            });
}

void PartnerDeskProfiles::remove(const QString &name, QObject *context, Done done)
{
    if (!contains(name)) {
        deliver(context, done, tr("There is no PartnerDesk profile named %1.").arg(name));
        return;
    }
    QSettings &s = settings();
    s.remove(groupFor(name));
    s.sync();
    qCInfo(lcProfiles) << "removed profile" << name;
    Q_EMIT profilesChanged();
    if (!m_store) {
        deliver(context, done, {});
        return;
    }

    const QPointer<QObject> guard(context ? context : QCoreApplication::instance());
    CredentialStoreJob *secretJob = m_store->remove(secretKey(name));
    connect(secretJob, &CredentialStoreJob::finished, this,
            [this, name, guard, done](CredentialStoreJob *job) {
                const QString secretError = isFailure(job) ? job->errorString() : QString();
                CredentialStoreJob *tokenJob = m_store->remove(sessionTokenKey(name));
                connect(tokenJob, &CredentialStoreJob::finished, this,
                        [name, guard, done, secretError](CredentialStoreJob *job) {
                            const QString error = !secretError.isEmpty() ? secretError
                                                  : isFailure(job)       ? job->errorString()
                                                                         : QString();
                            if (guard) {
                                done(error.isEmpty()
                                             ? QString()
                                             : tr("Profile %1 was removed, but its secrets may "
                                                  "remain in the keychain: %2")
                                                       .arg(name, error));
                            }
                        });
            });
}

std::shared_ptr<CredentialsProvider>
PartnerDeskProfiles::credentialsProvider(const QString &name) const
{
    const std::optional<PartnerDeskProfile> found = profile(name);
    if (!found) {
        return {};
    }
    return std::make_shared<KeychainCredentialsProvider>(found->name, found->accessKeyId, m_store);
}

} // namespace Pd::Core
