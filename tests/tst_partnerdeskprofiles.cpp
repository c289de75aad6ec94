#include "keychaincredentialsprovider.h"
#include "memorycredentialstore.h"
#include "partnerdeskprofiles.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

class tst_PartnerDeskProfiles final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void save_keepsSecretsOutOfSettings();
    void save_withoutToken_removesStaleToken();
    void save_storeFailure_writesNoSettings();
    void save_refusesBadInput_data();
    void save_refusesBadInput();
    void names_roundTripThroughSettings();
    void remove_deletesSettingsAndSecrets();
    void remove_toleratesMissingSecrets();
    void remove_unknownProfile_isError();
    void provider_readsStoreOnceAndCaches();
    void provider_missingSecret_namesProfile();
    void provider_unknownProfile_isNull();
    void storeJobs_finishFromEventLoop();

private:
    /// Saves and waits; returns the error text.
    QString save(const PartnerDeskProfile &profile, const QString &secret, const QString &token);
    QString remove(const QString &name);
    QByteArray settingsText();

    std::optional<QTemporaryDir> m_dir;
    std::optional<QSettings> m_settings;
    std::shared_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<PartnerDeskProfiles> m_profiles;
};

void tst_PartnerDeskProfiles::init()
{
    m_dir.emplace();
    m_settings.emplace(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_store = std::make_shared<MemoryCredentialStore>();
    m_profiles = std::make_unique<PartnerDeskProfiles>(m_store, &*m_settings);
}

void tst_PartnerDeskProfiles::cleanup()
{
    m_profiles.reset();
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

QString tst_PartnerDeskProfiles::save(const PartnerDeskProfile &profile, const QString &secret,
                                      const QString &token)
{
    std::optional<QString> result;
    m_profiles->save(profile, secret, token, this,
                     [&result](const QString &error) { result = error; });
    if (result) {
        return u"callback ran inside save()"_s;
    }
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 5000)) {
        return u"no callback"_s;
    }
    return *result;
}

QString tst_PartnerDeskProfiles::remove(const QString &name)
{
    std::optional<QString> result;
    m_profiles->remove(name, this, [&result](const QString &error) { result = error; });
    if (result) {
        return u"callback ran inside remove()"_s;
    }
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 5000)) {
        return u"no callback"_s;
    }
    return *result;
}

QByteArray tst_PartnerDeskProfiles::settingsText()
{
    m_settings->sync();
    QFile file(m_settings->fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void tst_PartnerDeskProfiles::save_keepsSecretsOutOfSettings()
{
    QSignalSpy changed(m_profiles.get(), &PartnerDeskProfiles::profilesChanged);
    const PartnerDeskProfile profile{u"sales"_s, u"AKIDSALES"_s, u"eu-west-1"_s,
                                     u"https://example.com"_s};
    QCOMPARE(save(profile, u"SECRETVALUE"_s, u"TOKENVALUE"_s), QString());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_profiles->profiles(), QList<PartnerDeskProfile>{profile});
    QCOMPARE(m_profiles->profile(u"sales"_s), std::optional<PartnerDeskProfile>(profile));
    QVERIFY(m_store->contains(u"sales/secret-access-key"_s));
    QVERIFY(m_store->contains(u"sales/session-token"_s));

    const QByteArray text = settingsText();
    QVERIFY(text.contains("AKIDSALES"));
    QVERIFY(!text.contains("SECRETVALUE"));
    QVERIFY(!text.contains("TOKENVALUE"));
    QVERIFY(text.contains("[profiles]") || text.contains("profiles\\sales"));
}

void tst_PartnerDeskProfiles::save_withoutToken_removesStaleToken()
{
    QCOMPARE(save({u"sales"_s, u"ASIA1"_s, {}, {}}, u"s1"_s, u"t1"_s), QString());
    QVERIFY(m_store->contains(u"sales/session-token"_s));
    QCOMPARE(save({u"sales"_s, u"AKID2"_s, {}, {}}, u"s2"_s, {}), QString());
    QVERIFY(!m_store->contains(u"sales/session-token"_s));
    QCOMPARE(m_profiles->profile(u"sales"_s)->accessKeyId, u"AKID2"_s);
}

void tst_PartnerDeskProfiles::save_storeFailure_writesNoSettings()
{
    m_store->failNext(1, CredentialStoreJob::Error::AccessDenied);
    const QString error = save({u"sales"_s, u"AKID"_s, {}, {}}, u"secret"_s, {});
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(u"sales"_s), qPrintable(error));
    QVERIFY(m_profiles->profileNames().isEmpty());
    QVERIFY(!settingsText().contains("AKID"));
}

void tst_PartnerDeskProfiles::save_refusesBadInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("accessKeyId");
    QTest::addColumn<QString>("secret");

    QTest::newRow("empty name") << QString() << u"AKID"_s << u"s"_s;
    QTest::newRow("blank name") << u"  "_s << u"AKID"_s << u"s"_s;
    QTest::newRow("leading space") << u" sales"_s << u"AKID"_s << u"s"_s;
    QTest::newRow("slash") << u"a/b"_s << u"AKID"_s << u"s"_s;
    QTest::newRow("backslash") << u"a\\b"_s << u"AKID"_s << u"s"_s;
    QTest::newRow("control character") << u"a\nb"_s << u"AKID"_s << u"s"_s;
    QTest::newRow("too long") << QString(65, u'x') << u"AKID"_s << u"s"_s;
    QTest::newRow("no access key") << u"sales"_s << QString() << u"s"_s;
    QTest::newRow("no secret") << u"sales"_s << u"AKID"_s << u"  "_s;
}

void tst_PartnerDeskProfiles::save_refusesBadInput()
{
    QFETCH(QString, name);
    QFETCH(QString, accessKeyId);
    QFETCH(QString, secret);
    QVERIFY(!save({name, accessKeyId, {}, {}}, secret, {}).isEmpty());
    QCOMPARE(m_store->operationCount(), 0);
    QVERIFY(m_profiles->profileNames().isEmpty());
}

void tst_PartnerDeskProfiles::names_roundTripThroughSettings()
{
    const QStringList names{u"Sales EMEA"_s, u"prod.eu-west-1"_s, u"Ünïcødé ✓"_s, u"a=b;c"_s};
    for (const QString &name : names) {
        QCOMPARE(save({name, u"AKID"_s, {}, {}}, u"s"_s, {}), QString());
    }
    QSettings reopened(m_settings->fileName(), QSettings::IniFormat);
    PartnerDeskProfiles again(m_store, &reopened);
    QStringList expected = names;
    expected.sort();
    QCOMPARE(again.profileNames(), expected);
    for (const QString &name : names) {
        QVERIFY2(again.contains(name), qPrintable(name));
    }
}

void tst_PartnerDeskProfiles::remove_deletesSettingsAndSecrets()
{
    QCOMPARE(save({u"sales"_s, u"AKID"_s, {}, {}}, u"s"_s, u"t"_s), QString());
    QCOMPARE(save({u"ops"_s, u"AKID2"_s, {}, {}}, u"s2"_s, {}), QString());
    QSignalSpy changed(m_profiles.get(), &PartnerDeskProfiles::profilesChanged);
    QCOMPARE(remove(u"sales"_s), QString());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_profiles->profileNames(), QStringList{u"ops"_s});
    QVERIFY(!m_store->contains(u"sales/secret-access-key"_s));
    QVERIFY(!m_store->contains(u"sales/session-token"_s));
    QVERIFY(m_store->contains(u"ops/secret-access-key"_s));
}

void tst_PartnerDeskProfiles::remove_toleratesMissingSecrets()
{
    QCOMPARE(save({u"sales"_s, u"AKID"_s, {}, {}}, u"s"_s, {}), QString());
    m_store->remove(u"sales/secret-access-key"_s);
    QTRY_VERIFY(!m_store->contains(u"sales/secret-access-key"_s));
    QCOMPARE(remove(u"sales"_s), QString());
    QVERIFY(!m_profiles->contains(u"sales"_s));
}

void tst_PartnerDeskProfiles::remove_unknownProfile_isError()
{
    const QString error = remove(u"ghost"_s);
    QVERIFY2(error.contains(u"ghost"_s), qPrintable(error));
}

void tst_PartnerDeskProfiles::provider_readsStoreOnceAndCaches()
{
    QCOMPARE(save({u"sales"_s, u"AKID"_s, {}, {}}, u"secret"_s, u"token"_s), QString());
    const auto provider = m_profiles->credentialsProvider(u"sales"_s);
    QVERIFY(provider);
    const int before = m_store->operationCount();

    QObject context;
    int calls = 0;
    for (int i = 0; i < 3; ++i) {
        provider->fetch(&context,
                        [&calls](const AwsCredentials &credentials, const QString &error) {
                            QVERIFY2(error.isEmpty(), qPrintable(error));
                            QCOMPARE(credentials.accessKeyId, u"AKID"_s);
                            QCOMPARE(credentials.secretAccessKey, u"secret"_s);
                            QCOMPARE(credentials.sessionToken, u"token"_s);
                            ++calls;
                        });
    }
    QCOMPARE(calls, 0);
    QTRY_COMPARE(calls, 3);
    QCOMPARE(m_store->operationCount() - before, 2); // secret and token, once

    provider->fetch(&context, [&calls](const AwsCredentials &, const QString &) { ++calls; });
    QCOMPARE(calls, 3);
    QTRY_COMPARE(calls, 4);
    QCOMPARE(m_store->operationCount() - before, 2);
}

void tst_PartnerDeskProfiles::provider_missingSecret_namesProfile()
{
    QCOMPARE(save({u"sales"_s, u"AKID"_s, {}, {}}, u"secret"_s, {}), QString());
    m_store->remove(u"sales/secret-access-key"_s);
    QTRY_VERIFY(!m_store->contains(u"sales/secret-access-key"_s));
    const auto provider = m_profiles->credentialsProvider(u"sales"_s);
    std::optional<QString> error;
    provider->fetch(this, [&error](const AwsCredentials &credentials, const QString &message) {
        QVERIFY(!credentials.isValid());
        error = message;
    });
    QTRY_VERIFY(error.has_value());
    QVERIFY2(error->contains(u"sales"_s) && error->contains(u"missing"_s), qPrintable(*error));
}

void tst_PartnerDeskProfiles::provider_unknownProfile_isNull()
{
    QVERIFY(!m_profiles->credentialsProvider(u"ghost"_s));
}

void tst_PartnerDeskProfiles::storeJobs_finishFromEventLoop()
{
    CredentialStoreJob *job = m_store->write(u"k"_s, u"v"_s);
    QSignalSpy finished(job, &CredentialStoreJob::finished);
    QSignalSpy destroyed(job, &QObject::destroyed);
    QCOMPARE(finished.size(), 0);
    QVERIFY(finished.wait(1000));
    QVERIFY(destroyed.wait(1000)); // jobs delete themselves

    std::optional<CredentialStoreJob::Error> error;
    QObject::connect(m_store->read(u"missing"_s), &CredentialStoreJob::finished, this,
                     [&error](CredentialStoreJob *j) { error = j->error(); });
    QTRY_VERIFY(error.has_value());
    QCOMPARE(*error, CredentialStoreJob::Error::EntryNotFound);
}

QTEST_GUILESS_MAIN(tst_PartnerDeskProfiles)
#include "tst_partnerdeskprofiles.moc"
