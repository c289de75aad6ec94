// Secrets never leave PartnerDesk: the secret access key and the session token appear in no log
// line (every category at debug), no CLI output (JSON, CSV, --debug), no QSettings file and no
// crash output; credential headers are logged redacted; sensitive opportunity fields are never
// logged.
#include "awsclient.h"
#include "clientconfig.h"
#include "credentialsprovider.h"
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "listopportunitiesrequest.h"
#include "memorycredentialstore.h"
#include "opportunitymodel.h"
#include "opportunitysummary.h"
#include "partnerdeskprofiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <signal.h>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Emulator::EmulatorThread;

namespace {

const QString AccessKey = u"AKIDSECRETSTEST"_s;
const QString SecretKey = u"pdSecretKey/K7MDENG+bPxRfiCY0123456789abc"_s;
const QString SessionToken = u"pdSessionToken//////////wEaDC+xyzSESSION=="_s;
constexpr int ProcessTimeoutMs = 60000;

QMutex logMutex;
QStringList capturedLog;

void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    const QMutexLocker locker(&logMutex);
    capturedLog.append(QString::fromUtf8(context.category ? context.category : "") + u": "_s
                       + message);
}

QString takeLog()
{
    const QMutexLocker locker(&logMutex);
    const QString log = capturedLog.join(u'\n');
    capturedLog.clear();
    return log;
}

EmulatorOptions emulatorOptions()
{
    EmulatorOptions options;
    options.accessKey = AccessKey;
    options.secretKey = SecretKey;
    options.sessionToken = SessionToken;
    options.count = 45;
    options.sandboxCount = 5;
    options.seed = 11;
    return options;
}

ClientConfig configFor(const QUrl &endpoint)
{
    ClientConfig config;
    config.endpoint = endpoint;
    return config;
}

/// Values of fields the model marks sensitive, long enough not to occur by chance.
QStringList sensitiveValues(const QList<OpportunitySummary> &summaries)
{
    QStringList values;
    const auto add = [&values](const QString &value) {
        if (value.size() >= 6) {
            values.append(value);
        }
    };
    for (const OpportunitySummary &s : summaries) {
        add(s.companyName);
        add(s.websiteUrl);
        add(s.nextSteps);
        add(s.postalCode);
        add(s.city);
        for (const ExpectedCustomerSpend &spend : s.expectedCustomerSpend) {
            add(spend.targetCompany);
            add(spend.estimationUrl);
        }
    }
    return values;
}

QString firstLeak(const QString &text, const QStringList &needles)
{
    for (const QString &needle : needles) {
        if (text.contains(needle)) {
            return needle;
        }
    }
    return {};
}

} // namespace

class tst_Secrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void cliDebug_noSecretsAndRedactedHeaders_data();
    void cliDebug_noSecretsAndRedactedHeaders();
    void inProcessListing_everyCategoryAtDebug_noSecretsOrSensitiveFields();
    void savedProfile_settingsFileHoldsNoSecret();
    void crashAfterSigning_stderrHoldsNoSecret();

private:
    QProcessEnvironment cliEnvironment() const;

    QTemporaryDir m_home;
    EmulatorThread m_emulator;
    QList<OpportunitySummary> m_all;
};

void tst_Secrets::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(PD_CLI_PATH)));
    QVERIFY(m_home.isValid());
    QString error;
    QVERIFY2(m_emulator.start(emulatorOptions(), &error), qPrintable(error));

    // The whole dataset, read once without logging: the sensitive values to look for.
    AwsClient client(
            configFor(m_emulator.endpoint()),
            std::make_shared<StaticCredentialsProvider>(m_emulator.credentials(), u"test"_s));
    OpportunityModel model;
    model.setClient(&client);
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    model.setQuery(request);
    model.loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(!model.isBusy() && !model.hasMore(), 20000);
    m_all = model.summaries();
    QCOMPARE(m_all.size(), 45);
    QVERIFY(sensitiveValues(m_all).size() > 45);
}

void tst_Secrets::cleanup()
{
    qInstallMessageHandler(nullptr);
    QLoggingCategory::setFilterRules(QString());
    takeLog();
}

QProcessEnvironment tst_Secrets::cliEnvironment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys()) {
        if (name.startsWith(u"AWS_"_s)) {
            environment.remove(name);
        }
    }
    environment.insert(u"HOME"_s, m_home.path());
    environment.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u".config"_s));
    environment.insert(u"AWS_ACCESS_KEY_ID"_s, AccessKey);
    environment.insert(u"AWS_SECRET_ACCESS_KEY"_s, SecretKey);
    environment.insert(u"AWS_SESSION_TOKEN"_s, SessionToken);
    environment.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
    return environment;
}

void tst_Secrets::cliDebug_noSecretsAndRedactedHeaders_data()
{
    QTest::addColumn<QString>("output");
    QTest::newRow("json") << u"json"_s;
    QTest::newRow("csv") << u"csv"_s;
}

void tst_Secrets::cliDebug_noSecretsAndRedactedHeaders()
{
    QFETCH(QString, output);
    QProcess process;
    process.setProcessEnvironment(cliEnvironment());
    process.start(QStringLiteral(PD_CLI_PATH),
                  {u"list-opportunities"_s, u"--endpoint-url"_s, m_emulator.endpoint().toString(),
                   u"--catalog"_s, u"AWS"_s, u"--page-size"_s, u"20"_s, u"--debug"_s, u"--output"_s,
                   output});
    QVERIFY(process.waitForFinished(ProcessTimeoutMs));
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(err.right(2000)));

    // Three pages were listed...
    QVERIFY(out.contains(m_all.first().id));
    QVERIFY(out.contains(m_all.last().id));
    // ...but neither stream holds a credential.
    for (const QString &stream : {out, err}) {
        QVERIFY(!stream.contains(SecretKey));
        QVERIFY(!stream.contains(SessionToken));
        QVERIFY(!stream.contains(u"Signature="_s));
    }
    QVERIFY2(err.contains(u"Authorization: REDACTED"_s, Qt::CaseInsensitive),
             qPrintable(err.left(3000)));
    QVERIFY(err.contains(u"X-Amz-Security-Token: REDACTED"_s, Qt::CaseInsensitive));
    // The debug log says what was listed, not whose.
    const QString leak = firstLeak(err, sensitiveValues(m_all));
    QVERIFY2(leak.isEmpty(), qPrintable(u"sensitive value in the debug log: "_s + leak));
}

void tst_Secrets::inProcessListing_everyCategoryAtDebug_noSecretsOrSensitiveFields()
{
    QLoggingCategory::setFilterRules(u"*.debug=true"_s);
    qInstallMessageHandler(captureMessage);

    // An emulator on another thread logs too, and fails once so retries are logged.
    EmulatorThread emulator;
    QString error;
    QVERIFY2(emulator.start(emulatorOptions(), &error), qPrintable(error));
    QMetaObject::invokeMethod(emulator.server(), [server = emulator.server()] {
        server->failNext(1, 500, u"InternalServerException"_s);
    });

    ClientConfig config;
    config.endpoint = emulator.endpoint();
    config.retry.maxAttempts = 3;
    config.retry.transientBaseMs = 5;
    config.retry.maxBackoffMs = 20;
    AwsClient client(
            config, std::make_shared<StaticCredentialsProvider>(emulator.credentials(), u"test"_s));
    OpportunityModel model;
    model.setClient(&client);
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    model.setPageSize(10);
    model.setQuery(request);
    model.loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(!model.isBusy() && !model.hasMore(), 20000);
    QCOMPARE(model.summaries(), m_all);
    // Everything a user would look at, rendered once.
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            (void)model.data(model.index(row, column), Qt::DisplayRole);
            (void)model.data(model.index(row, column), Qt::ToolTipRole);
        }
    }
    emulator.stop();

    const QString log = takeLog();
    QVERIFY2(log.contains(u"Authorization: REDACTED"_s), qPrintable(log.left(3000)));
    QVERIFY(log.contains(u"X-Amz-Security-Token: REDACTED"_s));
    QVERIFY(!log.contains(SecretKey));
    QVERIFY(!log.contains(SessionToken));
    QVERIFY(!log.contains(u"Signature="_s));
    const QString leak = firstLeak(log, sensitiveValues(m_all));
    QVERIFY2(leak.isEmpty(), qPrintable(u"sensitive value in the log: "_s + leak));
}

void tst_Secrets::savedProfile_settingsFileHoldsNoSecret()
{
    QLoggingCategory::setFilterRules(u"*.debug=true"_s);
    qInstallMessageHandler(captureMessage);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"partnerdesk.ini"_s);
    {
        QSettings settings(path, QSettings::IniFormat);
        auto store = std::make_shared<MemoryCredentialStore>();
        PartnerDeskProfiles profiles(store, &settings);
        bool done = false;
        QString error;
        profiles.save(PartnerDeskProfile{u"work"_s, AccessKey, u"us-east-1"_s,
                                         m_emulator.endpoint().toString()},
                      SecretKey, SessionToken, this, [&](const QString &e) {
                          error = e;
                          done = true;
                      });
        QTRY_VERIFY(done);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(store->contains(PartnerDeskProfiles::secretKey(u"work"_s)));
        QVERIFY(store->contains(PartnerDeskProfiles::sessionTokenKey(u"work"_s)));

        // Credentials read back from the store sign a working listing.
        AwsClient client(configFor(m_emulator.endpoint()), profiles.credentialsProvider(u"work"_s));
        OpportunityModel model;
        model.setClient(&client);
        ListOpportunitiesRequest request;
        request.catalog = u"Sandbox"_s;
        model.setQuery(request);
        model.loadAll();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isBusy() && !model.hasMore(), 20000);
        QCOMPARE(model.rowCount(), 5);
        settings.sync();
    }

    int files = 0;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        ++files;
        QVERIFY2(bytes.contains(AccessKey.toUtf8()), bytes.constData());
        QVERIFY2(!bytes.contains(SecretKey.toUtf8()), qPrintable(file.fileName()));
        QVERIFY2(!bytes.contains(SessionToken.toUtf8()), qPrintable(file.fileName()));
    }
    QCOMPARE(files, 1);
    const QString log = takeLog();
    QVERIFY(!log.contains(SecretKey));
    QVERIFY(!log.contains(SessionToken));
}

void tst_Secrets::crashAfterSigning_stderrHoldsNoSecret()
{
    // A listing whose response takes long: the CLI aborts while its signed request is pending.
    EmulatorOptions options = emulatorOptions();
    options.latencyMs = 20000;
    EmulatorThread slow;
    QString error;
    QVERIFY2(slow.start(options, &error), qPrintable(error));

    QProcess process;
    process.setProcessEnvironment(cliEnvironment());
    process.start(QStringLiteral(PD_CLI_PATH),
                  {u"list-opportunities"_s, u"--endpoint-url"_s, slow.endpoint().toString(),
                   u"--catalog"_s, u"AWS"_s, u"--debug"_s});
    QVERIFY(process.waitForStarted());
    QString err;
    QTRY_VERIFY_WITH_TIMEOUT((err += QString::fromUtf8(process.readAllStandardError()),
                              err.contains(u"X-Amz-Security-Token"_s, Qt::CaseInsensitive)),
                             20000);
    QVERIFY(::kill(pid_t(process.processId()), SIGABRT) == 0);
    QVERIFY(process.waitForFinished(ProcessTimeoutMs));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    err += QString::fromUtf8(process.readAllStandardError());
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    slow.stop();

    QVERIFY(!err.contains(SecretKey));
    QVERIFY(!err.contains(SessionToken));
    QVERIFY(!out.contains(SecretKey));
    QVERIFY(!out.contains(SessionToken));
}

QTEST_GUILESS_MAIN(tst_Secrets)
#include "tst_secrets.moc"
