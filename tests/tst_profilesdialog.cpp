#include "connectionresolver.h"
#include "connectiontest.h"
#include "emulatorserver.h"
#include "memorycredentialstore.h"
#include "partnerdeskprofiles.h"
#include "profilesdialog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Gui;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;

namespace {

constexpr int WaitMs = 15000;
const QString AccessKey = u"AKIDPROFILETEST"_s;
const QString Secret = u"s3cr3t/Profile+Key=Value0123456789abcdef"_s;
const QString Token = u"IQoJb3JpZ2luX2VjEJr//////////session+token=="_s;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_ProfilesDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createProfile_secretAndTokenOnlyInTheStore();
    void selectingSavedProfile_readsSecretsBackAndRenames();
    void deleteProfile_removesSettingsAndSecrets();
    void invalidForm_isRefusedWithReason_data();
    void invalidForm_isRefusedWithReason();
    void awsProfiles_areListedReadOnly();
    void testConnection_rightSecret_succeedsForBothCatalogs();
    void testConnection_wrongSecret_explainsTheSignatureError();
    void testConnection_unknownKey_saysSo();
    void testConnection_accessDenied_namesTheIamActionAndConditionKey();
    void testConnection_awsCliProfile_resolvesLikeTheCli();
    void useProfile_emitsTheName();

private:
    ProfilesDialog *dialog() const { return m_dialog.get(); }
    template<typename T>
    T *child(const QString &name) const
    {
        return m_dialog->findChild<T *>(name);
    }
    void fill(const QString &name, const QString &key, const QString &secret,
              const QString &token = {}, const QString &endpoint = {});
    bool save();
    bool startEmulator(EmulatorOptions options);
    QString runTest();

    QTemporaryDir m_dir;
    std::shared_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<PartnerDeskProfiles> m_profiles;
    std::unique_ptr<ConnectionResolver> m_resolver;
    std::unique_ptr<ProfilesDialog> m_dialog;
    std::unique_ptr<EmulatorServer> m_server;
};

void tst_ProfilesDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_ProfilesDialog::init()
{
    const QString settingsPath = m_dir.filePath(u"partnerdesk.ini"_s);
    QFile::remove(settingsPath);
    const QString config = m_dir.filePath(u"aws-config"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[default]\nregion = eu-central-1\n\n[profile sales]\nregion = eu-west-1\n"
               "aws_access_key_id = AKIDSALES\naws_secret_access_key = salessecret\n");
    file.close();
    QProcessEnvironment environment;
    environment.insert(u"AWS_CONFIG_FILE"_s, config);
    environment.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, m_dir.filePath(u"aws-credentials"_s));

    m_store = std::make_shared<MemoryCredentialStore>();
    m_settings = std::make_unique<QSettings>(settingsPath, QSettings::IniFormat);
    m_profiles = std::make_unique<PartnerDeskProfiles>(m_store, m_settings.get());
    m_resolver = std::make_unique<ConnectionResolver>(environment, m_dir.path());
    m_resolver->setPartnerDeskProfiles(m_profiles.get());
    m_dialog = std::make_unique<ProfilesDialog>(m_profiles.get(), m_resolver.get());
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void tst_ProfilesDialog::cleanup()
{
    m_dialog.reset();
    m_server.reset();
    m_resolver.reset();
    m_profiles.reset();
    m_settings.reset();
    m_store.reset();
}

void tst_ProfilesDialog::fill(const QString &name, const QString &key, const QString &secret,
                              const QString &token, const QString &endpoint)
{
    child<QLineEdit>(u"profileName"_s)->setText(name);
    child<QLineEdit>(u"accessKeyId"_s)->setText(key);
    child<QLineEdit>(u"secretAccessKey"_s)->setText(secret);
    child<QLineEdit>(u"sessionToken"_s)->setText(token);
    child<QLineEdit>(u"profileEndpoint"_s)->setText(endpoint);
}

bool tst_ProfilesDialog::save()
{
    QSignalSpy done(m_dialog.get(), &ProfilesDialog::operationFinished);
    QTest::mouseClick(child<QPushButton>(u"saveProfileButton"_s), Qt::LeftButton);
    if (done.isEmpty() && !done.wait(WaitMs)) {
        return false;
    }
    return done.constFirst().constFirst().toString().isEmpty();
}

bool tst_ProfilesDialog::startEmulator(EmulatorOptions options)
{
    options.accessKey = AccessKey;
    options.secretKey = Secret;
    options.count = 5;
    options.sandboxCount = 3;
    m_server = std::make_unique<EmulatorServer>();
    QString error;
    if (!m_server->start(options, &error)) {
        qWarning("emulator: %s", qPrintable(error));
        return false;
    }
    return true;
}

QString tst_ProfilesDialog::runTest()
{
    QSignalSpy finished(m_dialog.get(), &ProfilesDialog::testFinished);
    QTest::mouseClick(child<QPushButton>(u"testConnectionButton"_s), Qt::LeftButton);
    if (!finished.wait(WaitMs)) {
        return u"(no result: "_s + dialog()->statusText() + u')';
    }
    return dialog()->testResultText();
}

void tst_ProfilesDialog::createProfile_secretAndTokenOnlyInTheStore()
{
    QCOMPARE(child<QListWidget>(u"partnerDeskProfileList"_s)->count(), 0);
    QCOMPARE(child<QLineEdit>(u"secretAccessKey"_s)->echoMode(), QLineEdit::Password);
    QCOMPARE(child<QLineEdit>(u"sessionToken"_s)->echoMode(), QLineEdit::Password);
    fill(u"desk"_s, AccessKey, Secret, Token, u"http://127.0.0.1:4566"_s);
    child<QLineEdit>(u"profileRegion"_s)->setText(u"eu-west-2"_s);
    QVERIFY(save());
    QVERIFY2(dialog()->statusText().contains(u"desk"_s), qPrintable(dialog()->statusText()));

    QCOMPARE(m_profiles->profileNames(), QStringList{u"desk"_s});
    const PartnerDeskProfile saved = *m_profiles->profile(u"desk"_s);
    QCOMPARE(saved.accessKeyId, AccessKey);
    QCOMPARE(saved.region, u"eu-west-2"_s);
    QCOMPARE(saved.endpointUrl, u"http://127.0.0.1:4566"_s);
    QVERIFY(m_store->contains(PartnerDeskProfiles::secretKey(u"desk"_s)));
    QVERIFY(m_store->contains(PartnerDeskProfiles::sessionTokenKey(u"desk"_s)));

    // The settings file has the access key id, never the secret or the token, in any form.
    m_settings->sync();
    const QByteArray bytes = readAll(m_settings->fileName());
    QVERIFY(bytes.contains(AccessKey.toUtf8()));
    for (const QString &secret : {Secret, Token}) {
        QVERIFY(!bytes.contains(secret.toUtf8()));
        QVERIFY(!bytes.contains(secret.toUtf8().toPercentEncoding()));
        QVERIFY(!bytes.contains(secret.toUtf8().toBase64()));
        QVERIFY(!bytes.contains(secret.left(12).toUtf8()));
    }
    QCOMPARE(child<QListWidget>(u"partnerDeskProfileList"_s)->count(), 1);
    QVERIFY(child<QPushButton>(u"useProfileButton"_s)->isEnabled());
}

void tst_ProfilesDialog::selectingSavedProfile_readsSecretsBackAndRenames()
{
    fill(u"desk"_s, AccessKey, Secret, Token);
    QVERIFY(save());
    dialog()->newProfile();
    QVERIFY(child<QLineEdit>(u"secretAccessKey"_s)->text().isEmpty());

    QSignalSpy loaded(m_dialog.get(), &ProfilesDialog::operationFinished);
    QVERIFY(dialog()->selectProfile(u"desk"_s));
    QVERIFY(loaded.wait(WaitMs));
    QCOMPARE(loaded.constFirst().constFirst().toString(), QString());
    QCOMPARE(child<QLineEdit>(u"accessKeyId"_s)->text(), AccessKey);
    QCOMPARE(child<QLineEdit>(u"secretAccessKey"_s)->text(), Secret);
    QCOMPARE(child<QLineEdit>(u"sessionToken"_s)->text(), Token);

    // Renamed, without the token: the old name and its secrets go.
    child<QLineEdit>(u"profileName"_s)->setText(u"desk2"_s);
    child<QLineEdit>(u"sessionToken"_s)->clear();
    QVERIFY(save());
    QCOMPARE(m_profiles->profileNames(), QStringList{u"desk2"_s});
    QVERIFY(!m_store->contains(PartnerDeskProfiles::secretKey(u"desk"_s)));
    QVERIFY(!m_store->contains(PartnerDeskProfiles::sessionTokenKey(u"desk"_s)));
    QVERIFY(m_store->contains(PartnerDeskProfiles::secretKey(u"desk2"_s)));
    QVERIFY(!m_store->contains(PartnerDeskProfiles::sessionTokenKey(u"desk2"_s)));
    QCOMPARE(dialog()->currentProfile(), u"desk2"_s);
}

void tst_ProfilesDialog::deleteProfile_removesSettingsAndSecrets()
{
    fill(u"gone"_s, AccessKey, Secret, Token);
    QVERIFY(save());
    QSignalSpy done(m_dialog.get(), &ProfilesDialog::operationFinished);
    QTest::mouseClick(child<QPushButton>(u"deleteProfileButton"_s), Qt::LeftButton);
    QMessageBox *box = nullptr;
    QVERIFY(QTest::qWaitFor([&] { return (box = child<QMessageBox>(u"deleteConfirmation"_s)); }));
    QAbstractButton *remove = nullptr;
    for (QAbstractButton *button : box->buttons()) {
        if (box->buttonRole(button) == QMessageBox::DestructiveRole) {
            remove = button;
        }
    }
    QVERIFY(remove);
    remove->click();
    QVERIFY(done.wait(WaitMs));
    QCOMPARE(done.constFirst().constFirst().toString(), QString());
    QVERIFY(m_profiles->profileNames().isEmpty());
    QCOMPARE(m_store->size(), 0);
    QCOMPARE(child<QListWidget>(u"partnerDeskProfileList"_s)->count(), 0);
}

void tst_ProfilesDialog::invalidForm_isRefusedWithReason_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("reason");

    QTest::newRow("no name") << QString() << AccessKey << Secret << QString() << u"empty"_s;
    QTest::newRow("slash in name") << u"a/b"_s << AccessKey << Secret << QString() << u"“/”"_s;
    QTest::newRow("AWS CLI profile name")
            << u"sales"_s << AccessKey << Secret << QString() << u"AWS CLI profile"_s;
    QTest::newRow("no key") << u"x"_s << QString() << Secret << QString() << u"access key ID"_s;
    QTest::newRow("no secret") << u"x"_s << AccessKey << QString() << QString()
                               << u"secret access key"_s;
    QTest::newRow("plain http elsewhere")
            << u"x"_s << AccessKey << Secret << u"http://example.com"_s << u"http"_s;
}

void tst_ProfilesDialog::invalidForm_isRefusedWithReason()
{
    QFETCH(QString, name);
    QFETCH(QString, key);
    QFETCH(QString, secret);
    QFETCH(QString, endpoint);
    QFETCH(QString, reason);
    fill(name, key, secret, {}, endpoint);
    QVERIFY(!save());
    QVERIFY2(dialog()->statusText().contains(reason, Qt::CaseInsensitive),
             qPrintable(dialog()->statusText()));
    QVERIFY(m_profiles->profileNames().isEmpty());
    QCOMPARE(m_store->size(), 0);
}

void tst_ProfilesDialog::awsProfiles_areListedReadOnly()
{
    auto *aws = child<QListWidget>(u"awsProfileList"_s);
    QStringList names;
    for (int i = 0; i < aws->count(); ++i) {
        names += aws->item(i)->text();
    }
    QCOMPARE(names, (QStringList{u"default"_s, u"sales"_s}));
    QVERIFY(dialog()->selectProfile(u"sales"_s));
    QVERIFY(dialog()->isAwsProfileSelected());
    QVERIFY(child<QLineEdit>(u"profileName"_s)->isReadOnly());
    QVERIFY(!child<QLineEdit>(u"secretAccessKey"_s)->isEnabled());
    QCOMPARE(child<QLineEdit>(u"profileRegion"_s)->text(), u"eu-west-1"_s);
    QVERIFY(!child<QPushButton>(u"saveProfileButton"_s)->isEnabled());
    QVERIFY(!child<QPushButton>(u"deleteProfileButton"_s)->isEnabled());
    QVERIFY(child<QPushButton>(u"useProfileButton"_s)->isEnabled());
}

void tst_ProfilesDialog::testConnection_rightSecret_succeedsForBothCatalogs()
{
    QVERIFY(startEmulator({}));
    QList<QByteArray> bodies;
    connect(m_server.get(), &EmulatorServer::requestServed, this,
            [this, &bodies] { bodies += m_server->lastRequestBody(); });
    fill(u"desk"_s, AccessKey, Secret, {}, m_server->endpoint().toString());
    const QString result = runTest();
    QVERIFY2(result.contains(u"Catalog AWS: connected"_s), qPrintable(result));
    QVERIFY2(result.contains(u"Catalog Sandbox: connected"_s), qPrintable(result));
    QVERIFY(dialog()->statusText().contains(u"passed"_s));

    // One call per catalog, one row each.
    QCOMPARE(bodies.size(), 2);
    QStringList catalogs;
    for (const QByteArray &body : std::as_const(bodies)) {
        const QJsonObject request = QJsonDocument::fromJson(body).object();
        QCOMPARE(request.value(u"MaxResults"_s).toInt(), 1);
        catalogs += request.value(u"Catalog"_s).toString();
    }
    catalogs.sort();
    QCOMPARE(catalogs, (QStringList{u"AWS"_s, u"Sandbox"_s}));
    // Testing saves nothing.
    QVERIFY(m_profiles->profileNames().isEmpty());
}

void tst_ProfilesDialog::testConnection_wrongSecret_explainsTheSignatureError()
{
    QVERIFY(startEmulator({}));
    fill(u"desk"_s, AccessKey, u"not-the-secret"_s, {}, m_server->endpoint().toString());
    const QString result = runTest();
    for (const QString &catalog : {u"AWS"_s, u"Sandbox"_s}) {
        QVERIFY2(result.contains(u"Catalog "_s + catalog
                                 + u": the signature was rejected. The secret access key does not "
                                   "belong to this access key ID"_s),
                 qPrintable(result));
    }
    QVERIFY(dialog()->statusText().contains(u"failed"_s));
}

void tst_ProfilesDialog::testConnection_unknownKey_saysSo()
{
    QVERIFY(startEmulator({}));
    fill(u"desk"_s, u"AKIDSOMEONEELSE"_s, Secret, {}, m_server->endpoint().toString());
    const QString result = runTest();
    QVERIFY2(result.contains(u"AWS does not know this access key ID"_s), qPrintable(result));
}

void tst_ProfilesDialog::testConnection_accessDenied_namesTheIamActionAndConditionKey()
{
    EmulatorOptions options;
    options.deniedCatalogs = {u"Sandbox"_s};
    QVERIFY(startEmulator(options));
    fill(u"desk"_s, AccessKey, Secret, {}, m_server->endpoint().toString());
    QVERIFY(!child<QPushButton>(u"copyPolicyButton"_s)->isVisibleTo(dialog()));
    const QString result = runTest();
    QVERIFY2(result.contains(u"Catalog AWS: connected"_s), qPrintable(result));
    QVERIFY2(result.contains(u"Catalog Sandbox: access denied"_s), qPrintable(result));
    QVERIFY(result.contains(u"partnercentral:ListOpportunities"_s));
    QVERIFY(result.contains(u"partnercentral:Catalog"_s));
    QVERIFY(child<QPushButton>(u"copyPolicyButton"_s)->isVisibleTo(dialog()));

    const QJsonObject policy
            = QJsonDocument::fromJson(ConnectionTest::iamPolicy({u"AWS"_s}).toUtf8()).object();
    const QJsonObject statement = policy.value(u"Statement"_s).toArray().at(0).toObject();
    QCOMPARE(statement.value(u"Action"_s).toString(), u"partnercentral:ListOpportunities"_s);
    QCOMPARE(statement.value(u"Condition"_s)
                     .toObject()
                     .value(u"StringEquals"_s)
                     .toObject()
                     .value(u"partnercentral:Catalog"_s)
                     .toArray(),
             QJsonArray{u"AWS"_s});
}

void tst_ProfilesDialog::testConnection_awsCliProfile_resolvesLikeTheCli()
{
    QVERIFY(startEmulator({}));
    // A CLI profile pointing at the emulator with the right keys.
    QFile file(m_dir.filePath(u"aws-config"_s));
    QVERIFY(file.open(QIODevice::Append));
    file.write(u"\n[profile local]\nregion = us-east-1\naws_access_key_id = %1\n"
               "aws_secret_access_key = %2\nendpoint_url = %3\n"_s
                       .arg(AccessKey, Secret, m_server->endpoint().toString())
                       .toUtf8());
    file.close();
    m_dialog = std::make_unique<ProfilesDialog>(m_profiles.get(), m_resolver.get());
    QVERIFY(dialog()->selectProfile(u"local"_s));
    const QString result = runTest();
    QVERIFY2(result.contains(u"Catalog AWS: connected"_s), qPrintable(result));
    QVERIFY2(result.contains(u"Catalog Sandbox: connected"_s), qPrintable(result));
}

void tst_ProfilesDialog::useProfile_emitsTheName()
{
    fill(u"desk"_s, AccessKey, Secret);
    QVERIFY(save());
    QSignalSpy use(m_dialog.get(), &ProfilesDialog::useProfileRequested);
    QTest::mouseClick(child<QPushButton>(u"useProfileButton"_s), Qt::LeftButton);
    QCOMPARE(use.size(), 1);
    QCOMPARE(use.constFirst().constFirst().toString(), u"desk"_s);
    QCOMPARE(dialog()->result(), int(QDialog::Accepted));
}

QTEST_MAIN(tst_ProfilesDialog)
#include "tst_profilesdialog.moc"
