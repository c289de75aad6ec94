#include "keychaincredentialstore.h"
#include "partnerdeskprofiles.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

constexpr int JobTimeoutMs = 20000;

struct Outcome
{
    CredentialStoreJob::Error error = CredentialStoreJob::Error::Other;
    QString errorString;
    QString secret;
};

/// Waits for a job; the job deletes itself, so everything is copied out in the slot.
std::optional<Outcome> wait(CredentialStoreJob *job)
{
    std::optional<Outcome> outcome;
    QObject::connect(job, &CredentialStoreJob::finished, job, [&outcome](CredentialStoreJob *j) {
        outcome = Outcome{j->error(), j->errorString(), j->secret()};
    });
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }, JobTimeoutMs)) {
        return std::nullopt;
    }
    return outcome;
}

} // namespace

/// Runs against the real Secret Service of the session bus (gnome-keyring under
/// dbus-run-session in scripts/test.sh). Without one the suite fails, unless
/// PD_ALLOW_NO_KEYRING=1 turns that into a skip.
class tst_KeychainCredentialStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void roundTrip_writeReadOverwriteRemove();
    void readMissing_isEntryNotFound();
    void unicodeSecret_survives();
    void keysAreIndependent();
    void profileSecrets_roundTripThroughPartnerDeskProfiles();

private:
    QString key(const QString &name) const { return m_prefix + name; }

    std::unique_ptr<KeychainCredentialStore> m_store;
    QString m_service;
    QString m_prefix;
    QStringList m_written;
};

void tst_KeychainCredentialStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString run = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_service = u"PartnerDesk-test-"_s + run;
    m_prefix = u"tst-"_s + run.left(8) + u'-';
    m_store = std::make_unique<KeychainCredentialStore>(m_service);
    m_store->setRetryDelayMs(300);
    QCOMPARE(m_store->service(), m_service);
    QCOMPARE(KeychainCredentialStore().service(), u"PartnerDesk"_s);

    const auto probe = wait(m_store->write(key(u"probe"_s), u"probe"_s));
    QVERIFY2(probe, "the keychain did not answer");
    m_written.append(key(u"probe"_s));
    if (probe->error != CredentialStoreJob::Error::NoError) {
        const QByteArray message
                = "No usable Secret Service: " + probe->errorString.toUtf8()
                  + " (run under dbus-run-session with an unlocked gnome-keyring, see "
                    "scripts/test.sh; PD_ALLOW_NO_KEYRING=1 skips this suite)";
        if (qEnvironmentVariableIntValue("PD_ALLOW_NO_KEYRING") == 1) {
            QSKIP(message.constData());
        }
        QFAIL(message.constData());
    }
}

void tst_KeychainCredentialStore::cleanupTestCase()
{
    if (!m_store) {
        return;
    }
    for (const QString &name : std::as_const(m_written)) {
        wait(m_store->remove(name));
    }
}

void tst_KeychainCredentialStore::roundTrip_writeReadOverwriteRemove()
{
    const QString k = key(u"secret-access-key"_s);
    m_written.append(k);

    auto result = wait(m_store->write(k, u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s));
    QVERIFY(result);
    QCOMPARE(result->error, CredentialStoreJob::Error::NoError);
    QVERIFY(result->errorString.isEmpty());

    result = wait(m_store->read(k));
    QVERIFY(result);
    QCOMPARE(result->error, CredentialStoreJob::Error::NoError);
    QCOMPARE(result->secret, u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s);

    result = wait(m_store->write(k, u"second"_s));
    QVERIFY(result);
    QCOMPARE(result->error, CredentialStoreJob::Error::NoError);
    result = wait(m_store->read(k));
    QVERIFY(result);
    QCOMPARE(result->secret, u"second"_s);

    result = wait(m_store->remove(k));
    QVERIFY(result);
    QCOMPARE(result->error, CredentialStoreJob::Error::NoError);
    result = wait(m_store->read(k));
    QVERIFY(result);
    QCOMPARE(result->error, CredentialStoreJob::Error::EntryNotFound);
    QVERIFY(result->secret.isEmpty());
    QVERIFY(result->errorString.contains(k));
}

void tst_KeychainCredentialStore::readMissing_isEntryNotFound()
{
    const auto result = wait(m_store->read(key(u"never-written"_s)));
    QVERIFY(result);
    QCOMPARE(result->error, CredentialStoreJob::Error::EntryNotFound);

    // A job always finishes from the event loop, after the caller had a chance to connect.
    CredentialStoreJob *job = m_store->read(key(u"never-written"_s));
    QVERIFY(job);
    QVERIFY(wait(job));
}

void tst_KeychainCredentialStore::unicodeSecret_survives()
{
    const QString k = key(u"ünïcødé/session-token"_s);
    m_written.append(k);
    const QString secret = u"Grüße, 世界 ✓ 🔑 \"quoted\" \\ back\nslash"_s;
    auto result = wait(m_store->write(k, secret));
    QVERIFY(result);
    QCOMPARE(result->error, CredentialStoreJob::Error::NoError);
    result = wait(m_store->read(k));
    QVERIFY(result);
    QCOMPARE(result->secret, secret);
}

void tst_KeychainCredentialStore::keysAreIndependent()
{
    const QString a = key(u"a"_s);
    const QString b = key(u"b"_s);
    m_written << a << b;
    QCOMPARE(wait(m_store->write(a, u"alpha"_s)).value_or(Outcome()).error,
             CredentialStoreJob::Error::NoError);
    QCOMPARE(wait(m_store->write(b, u"beta"_s)).value_or(Outcome()).error,
             CredentialStoreJob::Error::NoError);
    QCOMPARE(wait(m_store->read(a)).value_or(Outcome()).secret, u"alpha"_s);
    QCOMPARE(wait(m_store->read(b)).value_or(Outcome()).secret, u"beta"_s);

    // Another service name does not see these entries.
    KeychainCredentialStore other(m_service + u"-other"_s);
    QCOMPARE(wait(other.read(a)).value_or(Outcome()).error,
             CredentialStoreJob::Error::EntryNotFound);
}

void tst_KeychainCredentialStore::profileSecrets_roundTripThroughPartnerDeskProfiles()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    auto store = std::make_shared<KeychainCredentialStore>(m_service);
    PartnerDeskProfiles profiles(store, &settings);
    const QString name = m_prefix + u"sales"_s;
    m_written << PartnerDeskProfiles::secretKey(name) << PartnerDeskProfiles::sessionTokenKey(name);

    std::optional<QString> saved;
    profiles.save({name, u"ASIAPARTNERDESK"_s, u"eu-west-1"_s, {}}, u"keychain-secret"_s,
                  u"keychain-token"_s, this, [&saved](const QString &error) { saved = error; });
    QVERIFY(QTest::qWaitFor([&saved] { return saved.has_value(); }, JobTimeoutMs));
    QVERIFY2(saved->isEmpty(), qPrintable(*saved));
    QVERIFY(!settings.allKeys().join(u' ').contains(u"keychain-secret"_s));

    const auto provider = profiles.credentialsProvider(name);
    QVERIFY(provider);
    std::optional<AwsCredentials> fetched;
    provider->fetch(this, [&fetched](const AwsCredentials &credentials, const QString &error) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        fetched = credentials;
    });
    QVERIFY(QTest::qWaitFor([&fetched] { return fetched.has_value(); }, JobTimeoutMs));
    QCOMPARE(fetched->accessKeyId, u"ASIAPARTNERDESK"_s);
    QCOMPARE(fetched->secretAccessKey, u"keychain-secret"_s);
    QCOMPARE(fetched->sessionToken, u"keychain-token"_s);

    std::optional<QString> removed;
    profiles.remove(name, this, [&removed](const QString &error) { removed = error; });
    QVERIFY(QTest::qWaitFor([&removed] { return removed.has_value(); }, JobTimeoutMs));
    QVERIFY2(removed->isEmpty(), qPrintable(*removed));
    QCOMPARE(wait(store->read(PartnerDeskProfiles::secretKey(name)))->error,
             CredentialStoreJob::Error::EntryNotFound);
    QCOMPARE(wait(store->read(PartnerDeskProfiles::sessionTokenKey(name)))->error,
             CredentialStoreJob::Error::EntryNotFound);
}

QTEST_GUILESS_MAIN(tst_KeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
