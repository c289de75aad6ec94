// ProxyChoiceSettings: the proxy URL in QSettings without its password, the password in the
// credential store only.
#include "memorycredentialstore.h"
#include "proxychoicesettings.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Gui::ProxyChoiceSettings;
using Mode = ConnectionResolver::ProxyChoice::Mode;

class tst_ProxyChoiceSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void nothingSaved_isSystem();
    void save_keepsPasswordOutOfSettings();
    void load_readsPasswordFromStoreFromEventLoop();
    void withoutStore_passwordLastsForTheSession();
    void userRemoved_passwordRemovedFromStore();

private:
    std::optional<ConnectionResolver::ProxyChoice> loadNow(ProxyChoiceSettings *settings);
    /// The password in `store`, read through the store; empty when none.
    QString storedPassword(CredentialStore *store);
    QString allSettings() const;
};

void tst_ProxyChoiceSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PartnerDeskTest"_s);
    QCoreApplication::setApplicationName(u"tst_proxychoicesettings"_s);
}

void tst_ProxyChoiceSettings::init()
{
    QSettings().clear();
}

std::optional<ConnectionResolver::ProxyChoice>
tst_ProxyChoiceSettings::loadNow(ProxyChoiceSettings *settings)
{
    std::optional<ConnectionResolver::ProxyChoice> loaded;
    settings->load(this,
                   [&loaded](const ConnectionResolver::ProxyChoice &choice) { loaded = choice; });
    if (!loaded && !QTest::qWaitFor([&loaded] { return loaded.has_value(); }, 5000)) {
        qWarning("the proxy choice never loaded");
    }
    return loaded;
}

QString tst_ProxyChoiceSettings::storedPassword(CredentialStore *store)
{
    QString secret;
    bool done = false;
    CredentialStoreJob *job = store->read(QLatin1StringView(ProxyChoiceSettings::PasswordKey));
    connect(job, &CredentialStoreJob::finished, this, [&](CredentialStoreJob *read) {
        secret = read->secret();
        done = true;
    });
    if (!QTest::qWaitFor([&done] { return done; }, 5000)) {
        qWarning("the store never answered");
    }
    return secret;
}

QString tst_ProxyChoiceSettings::allSettings() const
{
    const QSettings settings;
    QString text;
    for (const QString &key : settings.allKeys()) {
        text += key + u'=' + settings.value(key).toString() + u'\n';
    }
    return text;
}

void tst_ProxyChoiceSettings::nothingSaved_isSystem()
{
    ProxyChoiceSettings settings;
    const auto loaded = loadNow(&settings);
    QVERIFY(loaded);
    QCOMPARE(loaded->mode, Mode::System);
    QVERIFY(loaded->url.isEmpty());
}

void tst_ProxyChoiceSettings::save_keepsPasswordOutOfSettings()
{
    auto store = std::make_shared<MemoryCredentialStore>();
    ProxyChoiceSettings settings;
    settings.setStore(store);
    const ConnectionResolver::ProxyChoice used
            = settings.save({Mode::Manual, u"http://alice:s3cr%40t@proxy.corp:3128"_s});
    QCOMPARE(used.url, u"http://alice@proxy.corp:3128"_s);
    QCOMPARE(used.password, u"s3cr@t"_s);
    QTRY_COMPARE(storedPassword(store.get()), u"s3cr@t"_s);
    const QString saved = allSettings();
    QVERIFY2(saved.contains(u"http://alice@proxy.corp:3128"_s), qPrintable(saved));
    QVERIFY2(!saved.contains(u"s3cr"_s), qPrintable(saved));
}

void tst_ProxyChoiceSettings::load_readsPasswordFromStoreFromEventLoop()
{
    auto store = std::make_shared<MemoryCredentialStore>();
    {
        ProxyChoiceSettings settings;
        settings.setStore(store);
        settings.save({Mode::Manual, u"http://alice:s3cret@proxy.corp:3128"_s});
        QTRY_COMPARE(storedPassword(store.get()), u"s3cret"_s);
    }
    ProxyChoiceSettings settings;
    settings.setStore(store);
    std::optional<ConnectionResolver::ProxyChoice> loaded;
    settings.load(this,
                  [&loaded](const ConnectionResolver::ProxyChoice &choice) { loaded = choice; });
    QVERIFY(!loaded); // the store answers from the event loop
    QTRY_VERIFY(loaded);
    QCOMPARE(loaded->mode, Mode::Manual);
    QCOMPARE(loaded->url, u"http://alice@proxy.corp:3128"_s);
    QCOMPARE(loaded->password, u"s3cret"_s);
}

void tst_ProxyChoiceSettings::withoutStore_passwordLastsForTheSession()
{
    ProxyChoiceSettings settings;
    const auto used = settings.save({Mode::Manual, u"http://alice:s3cret@proxy.corp:3128"_s});
    QCOMPARE(used.password, u"s3cret"_s);
    QVERIFY(!allSettings().contains(u"s3cret"_s));
    const auto loaded = loadNow(&settings);
    QVERIFY(loaded);
    QCOMPARE(loaded->url, u"http://alice@proxy.corp:3128"_s);
    QVERIFY(loaded->password.isEmpty());
}

void tst_ProxyChoiceSettings::userRemoved_passwordRemovedFromStore()
{
    auto store = std::make_shared<MemoryCredentialStore>();
    ProxyChoiceSettings settings;
    settings.setStore(store);
    settings.save({Mode::Manual, u"http://alice:s3cret@proxy.corp:3128"_s});
    QTRY_COMPARE(storedPassword(store.get()), u"s3cret"_s);
    settings.save({Mode::None, u"http://proxy.corp:3128"_s});
    QTRY_VERIFY(storedPassword(store.get()).isEmpty());
    const auto loaded = loadNow(&settings);
    QCOMPARE(loaded->mode, Mode::None);
    QCOMPARE(loaded->url, u"http://proxy.corp:3128"_s);
}

QTEST_GUILESS_MAIN(tst_ProxyChoiceSettings)
#include "tst_proxychoicesettings.moc"
