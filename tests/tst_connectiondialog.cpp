#include "connectiondialog.h"
#include "connectionresolver.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Gui::ConnectionDialog;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class tst_ConnectionDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsAwsProfiles_andPreviewsTheResolution();
    void badEndpoint_disablesOk();
    void overrides_roundTrip();
    void noCredentials_explainsAndDisablesOk();
    void proxy_previewNamesTheProxyNeverThePassword();
    void proxy_keptPasswordFollowsTheUser();

private:
    QTemporaryDir m_home;
    QTemporaryDir m_emptyHome;
};

void tst_ConnectionDialog::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(QDir(m_home.path()).mkpath(u".aws"_s));
    QVERIFY(writeFile(m_home.filePath(u".aws/config"_s),
                      "[default]\nregion = eu-west-1\n\n[profile sales]\nregion = us-east-1\n"));
    QVERIFY(writeFile(m_home.filePath(u".aws/credentials"_s),
                      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n"
                      "[sales]\naws_access_key_id = AKIDSALES\naws_secret_access_key = s2\n"));
}

void tst_ConnectionDialog::listsAwsProfiles_andPreviewsTheResolution()
{
    const ConnectionResolver resolver(QProcessEnvironment(), m_home.path());
    ConnectionDialog dialog(&resolver, nullptr);
    auto *profiles = dialog.findChild<QComboBox *>(u"awsProfiles"_s);
    QCOMPARE(profiles->count(), 2);
    QVERIFY(profiles->findText(u"sales"_s) >= 0);
    QVERIFY(profiles->findText(u"default"_s) >= 0);

    auto *preview = dialog.findChild<QLabel *>(u"connectionPreview"_s);
    // Automatic: the "default" profile, its region.
    QVERIFY(preview->text().contains(u"partnercentral-selling.eu-west-1.api.aws"_s));
    profiles->setCurrentIndex(profiles->findText(u"sales"_s));
    QCOMPARE(dialog.overrides().profile, u"sales"_s);
    QVERIFY(preview->text().contains(u"partnercentral-selling.us-east-1.api.aws"_s));
    QVERIFY(preview->text().contains(u"sales"_s));
    QVERIFY(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QCOMPARE(dialog.result().config.region, u"us-east-1"_s);
}

void tst_ConnectionDialog::badEndpoint_disablesOk()
{
    const ConnectionResolver resolver(QProcessEnvironment(), m_home.path());
    ConnectionDialog dialog(&resolver, nullptr);
    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    auto *endpoint = dialog.findChild<QLineEdit *>(u"endpoint"_s);
    endpoint->setText(u"http://example.com"_s);
    QVERIFY(!ok->isEnabled());
    endpoint->setText(u"http://127.0.0.1:4566"_s);
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.findChild<QLabel *>(u"connectionPreview"_s)->text().contains(u"127.0.0.1"_s));
    auto *region = dialog.findChild<QLineEdit *>(u"region"_s);
    region->setText(u"not a region!"_s);
    QVERIFY(!ok->isEnabled());
}

void tst_ConnectionDialog::overrides_roundTrip()
{
    const ConnectionResolver resolver(QProcessEnvironment(), m_home.path());
    ConnectionDialog dialog(&resolver, nullptr);
    dialog.setOverrides({u"sales"_s, u"us-west-2"_s, u"http://localhost:9000"_s});
    const ConnectionResolver::Overrides chosen = dialog.overrides();
    QCOMPARE(chosen.profile, u"sales"_s);
    QCOMPARE(chosen.region, u"us-west-2"_s);
    QCOMPARE(chosen.endpointUrl, u"http://localhost:9000"_s);
    dialog.setOverrides({});
    QVERIFY(dialog.findChild<QRadioButton *>()->isChecked());
    QVERIFY(dialog.overrides().profile.isEmpty());
}

void tst_ConnectionDialog::noCredentials_explainsAndDisablesOk()
{
    QVERIFY(m_emptyHome.isValid());
    const ConnectionResolver resolver(QProcessEnvironment(), m_emptyHome.path());
    ConnectionDialog dialog(&resolver, nullptr);
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!dialog.findChild<QLabel *>(u"connectionPreview"_s)->text().isEmpty());
    QVERIFY(!dialog.findChild<QComboBox *>(u"awsProfiles"_s)->isEnabled()
            || dialog.findChild<QComboBox *>(u"awsProfiles"_s)->count() == 0);
}

void tst_ConnectionDialog::proxy_previewNamesTheProxyNeverThePassword()
{
    const ConnectionResolver resolver(QProcessEnvironment(), m_home.path());
    ConnectionDialog dialog(&resolver, nullptr);
    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    auto *preview = dialog.findChild<QLabel *>(u"connectionPreview"_s);
    auto *url = dialog.findChild<QLineEdit *>(u"proxyUrl"_s);
    QVERIFY(dialog.findChild<QRadioButton *>(u"systemProxy"_s)->isChecked());
    QVERIFY(!url->isEnabled());
    QVERIFY2(preview->text().contains(u"Directly"_s), qPrintable(preview->text()));

    dialog.findChild<QRadioButton *>(u"manualProxy"_s)->setChecked(true);
    QVERIFY(url->isEnabled());
    url->setText(u"http://alice:s3cret@proxy.corp:3128"_s);
    QVERIFY(ok->isEnabled());
    QVERIFY2(preview->text().contains(u"http://alice:***@proxy.corp:3128"_s),
             qPrintable(preview->text()));
    QVERIFY2(!preview->text().contains(u"s3cret"_s), qPrintable(preview->text()));
    QCOMPARE(dialog.proxyChoice().mode, ConnectionResolver::ProxyChoice::Mode::Manual);
    QCOMPARE(dialog.result().config.proxy.proxyFor(dialog.result().config.endpoint)->password,
             u"s3cret"_s);

    url->setText(u"socks5://alice:s3cret@proxy.corp:1080"_s);
    QVERIFY(!ok->isEnabled());
    QVERIFY2(preview->text().contains(u"socks5://alice:***@proxy.corp:1080"_s),
             qPrintable(preview->text()));
    QVERIFY2(!preview->text().contains(u"s3cret"_s), qPrintable(preview->text()));

    dialog.findChild<QRadioButton *>(u"noProxy"_s)->setChecked(true);
    QVERIFY(ok->isEnabled());
    QVERIFY2(preview->text().contains(u"Directly"_s), qPrintable(preview->text()));
    QCOMPARE(dialog.proxyChoice().mode, ConnectionResolver::ProxyChoice::Mode::None);
}

void tst_ConnectionDialog::proxy_keptPasswordFollowsTheUser()
{
    const ConnectionResolver resolver(QProcessEnvironment(), m_home.path());
    ConnectionDialog dialog(&resolver, nullptr);
    dialog.setProxyChoice({ConnectionResolver::ProxyChoice::Mode::Manual,
                           u"http://alice@proxy.corp:3128"_s, u"s3cret"_s});
    auto *url = dialog.findChild<QLineEdit *>(u"proxyUrl"_s);
    QCOMPARE(url->text(), u"http://alice@proxy.corp:3128"_s);
    QCOMPARE(dialog.proxyChoice().password, u"s3cret"_s);
    // Another proxy host, same user: the password still belongs to the user.
    url->setText(u"http://alice@proxy2.corp:3128"_s);
    QCOMPARE(dialog.proxyChoice().password, u"s3cret"_s);
    url->setText(u"http://bob@proxy.corp:3128"_s);
    QVERIFY(dialog.proxyChoice().password.isEmpty());

    // A password inside the given URL is kept, and not shown.
    dialog.setProxyChoice(
            {ConnectionResolver::ProxyChoice::Mode::Manual, u"http://carol:t0p@proxy.corp:3128"_s});
    QCOMPARE(url->text(), u"http://carol@proxy.corp:3128"_s);
    QCOMPARE(dialog.proxyChoice().password, u"t0p"_s);
}

QTEST_MAIN(tst_ConnectionDialog)
#include "tst_connectiondialog.moc"
