#include "credentialprocessprovider.h"

#include "shellwords.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcCredentialProcess, "partnerdesk.core.credentialprocessprovider")

namespace {

constexpr int MaxStderrBytes = 64 * 1024;

/// ISO 8601 as credential helpers write it: "Z" or an offset, any number of fraction digits.
QDateTime parseExpiration(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (time.isValid()) {
        return time.toUTC();
    }
    // Qt reads at most milliseconds: drop further fraction digits and retry.
    static const QRegularExpression fraction(u"(\\.\\d{3})\\d+"_s);
    QString trimmed = text;
    trimmed.replace(fraction, u"\\1"_s);
    time = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

} // namespace

CredentialProcessProvider::CredentialProcessProvider(QString commandLine, QString profileName,
                                                     QObject *parent)
    : QObject(parent), m_commandLine(std::move(commandLine)), m_profile(std::move(profileName))
{ }

CredentialProcessProvider::~CredentialProcessProvider()
{
    if (m_process) {
        // Let a still running helper die on its own time instead of blocking here.
        m_process->disconnect(this);
        m_process->setParent(nullptr);
        connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
        m_process->kill();
    }
}

QString CredentialProcessProvider::sourceDescription() const
{
    return tr("credential_process of profile %1").arg(m_profile);
}

void CredentialProcessProvider::setProcessEnvironment(const QProcessEnvironment &environment)
{
    m_environment = environment;
}

void CredentialProcessProvider::fetch(QObject *context, Callback done)
{
    QObject *guard = context ? context : QCoreApplication::instance();
    if (m_cached.isValid()
        && !m_cached.expiresWithin(QDateTime::currentDateTimeUtc(), m_refreshMarginSecs)) {
        QMetaObject::invokeMethod(
                guard, [credentials = m_cached, done = std::move(done)] { done(credentials, {}); },
                Qt::QueuedConnection);
        return;
    }
    m_waiters.append({guard, std::move(done)});
    if (!m_process) {
        // Start from the event loop so that `done` never runs inside fetch().
        QMetaObject::invokeMethod(this, &CredentialProcessProvider::start, Qt::QueuedConnection);
    }
}

QString CredentialProcessProvider::programName() const
{
    QString ignored;
    const QStringList words = ShellWords::split(m_commandLine, &ignored);
    return words.isEmpty() ? QString() : QFileInfo(words.first()).fileName();
}

QString CredentialProcessProvider::failure(const QString &detail) const
{
    const QString program = programName();
    if (program.isEmpty()) {
        return tr("The credential_process of profile %1 failed: %2").arg(m_profile, detail);
    }
    return tr("The credential_process (%1) of profile %2 failed: %3")
            .arg(program, m_profile, detail);
}

void CredentialProcessProvider::start()
{
    if (m_process || m_waiters.isEmpty()) {
        return;
    }
    QString splitError;
    const QStringList words = ShellWords::split(m_commandLine, &splitError);
    if (!splitError.isEmpty() || words.isEmpty()) {
        finish({}, tr("The credential_process of profile %1 cannot be run: %2")
                           .arg(m_profile,
                                splitError.isEmpty() ? tr("the command is empty.") : splitError));
        return;
    }

    m_stdout.clear();
    m_stderr.clear();
    m_timedOut = false;
    m_outputTooLarge = false;
    ++m_runCount;

    auto *process = new QProcess(this);
    m_process = process;
    process->setProcessEnvironment(m_environment);
    process->setProgram(words.first());
    process->setArguments(words.mid(1));
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
        m_stdout.append(process->readAllStandardOutput());
        if (m_stdout.size() > MaxOutputBytes && !m_outputTooLarge) {
            m_outputTooLarge = true;
            process->kill();
        }
    });
    connect(process, &QProcess::readyReadStandardError, this,
            [this, process] { appendStderr(process->readAllStandardError()); });
    connect(process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        onFinished(exitCode, static_cast<int>(status));
    });
    connect(process, &QProcess::errorOccurred, this,
            [this](QProcess::ProcessError error) { onErrorOccurred(static_cast<int>(error)); });

    m_timer = new QTimer(process);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this, process] {
        m_timedOut = true;
        process->kill();
    });
    m_timer->start(m_timeoutMs);

    qCDebug(lcCredentialProcess) << "running credential_process of profile" << m_profile;
    process->start(QIODevice::ReadWrite);
    process->closeWriteChannel();
}

void CredentialProcessProvider::onErrorOccurred(int processError)
{
    // Crashes and kills also arrive through finished(); only a failed start ends here.
    if (static_cast<QProcess::ProcessError>(processError) != QProcess::FailedToStart) {
        return;
    }
    const QString detail = m_process->errorString();
    releaseProcess();
    finish({}, failure(tr("it could not be started (%1).").arg(detail)));
}

void CredentialProcessProvider::onFinished(int exitCode, int exitStatus)
{
    m_stdout.append(m_process->readAllStandardOutput());
    appendStderr(m_process->readAllStandardError());
    releaseProcess();

    const QString stderrLine = QString::fromUtf8(m_stderr)
                                       .section(u'\n', 0, 0, QString::SectionSkipEmpty)
                                       .trimmed()
                                       .left(300);
    const QString stderrSuffix
            = stderrLine.isEmpty() ? QString() : tr(" Its error output: %1").arg(stderrLine);

    if (m_timedOut) {
        finish({}, failure(tr("it did not finish within %n second(s).", nullptr,
                              static_cast<int>((m_timeoutMs + 999) / 1000)))
                           + stderrSuffix);
        return;
    }
    if (m_outputTooLarge) {
        finish({}, failure(tr("its output exceeded %1 KiB.").arg(MaxOutputBytes / 1024)));
        return;
    }
    if (static_cast<QProcess::ExitStatus>(exitStatus) == QProcess::CrashExit) {
        finish({}, failure(tr("it crashed.")) + stderrSuffix);
        return;
    }
    if (exitCode != 0) {
        finish({}, failure(tr("it exited with code %1.").arg(exitCode)) + stderrSuffix);
        return;
    }
    QString parseError;
    const AwsCredentials credentials = parseOutput(m_stdout, &parseError);
    m_stdout.fill('\0');
    m_stdout.clear();
    if (!credentials.isValid()) {
        finish({}, failure(parseError));
        return;
    }
    if (credentials.expiration.isValid()
        && credentials.expiration <= QDateTime::currentDateTimeUtc()) {
        finish({}, failure(tr("it returned credentials that expired at %1.")
                                   .arg(credentials.expiration.toString(Qt::ISODate))));
        return;
    }
    m_cached = credentials;
    qCDebug(lcCredentialProcess) << "credential_process of profile" << m_profile
                                 << "returned credentials for" << credentials.redacted()
                                 << "expiring" << credentials.expiration;
    finish(credentials, {});
}

void CredentialProcessProvider::appendStderr(const QByteArray &chunk)
{
    m_stderr.append(chunk.left(std::max<qsizetype>(0, MaxStderrBytes - m_stderr.size())));
}

void CredentialProcessProvider::releaseProcess()
{
    m_timer->stop();
    m_timer = nullptr;
    m_process->disconnect(this);
    m_process->deleteLater();
    m_process = nullptr;
}

void CredentialProcessProvider::finish(const AwsCredentials &credentials, const QString &error)
{
    if (!error.isEmpty()) {
        qCWarning(lcCredentialProcess) << "credential_process of profile" << m_profile << "failed";
    }
    // A callback may destroy this provider: work on a local copy only.
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &waiter : waiters) {
        if (waiter.context) {
            waiter.done(credentials, error);
        }
    }
}

AwsCredentials CredentialProcessProvider::parseOutput(const QByteArray &output, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error) {
            *error = message;
        }
        return AwsCredentials();
    };
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &jsonError);
    if (jsonError.error != QJsonParseError::NoError || !document.isObject()) {
        return fail(tr("its output is not a JSON object."));
    }
    const QJsonObject object = document.object();
    const QJsonValue version = object.value("Version"_L1);
    if (version.isUndefined()) {
        return fail(tr("its output has no \"Version\" (expected 1)."));
    }
    if (!version.isDouble() || version.toDouble() != 1.0) {
        return fail(tr("its output has an unsupported \"Version\" (only 1 is supported)."));
    }
    const auto stringMember = [&object](QLatin1StringView name, bool *wrongType) {
        const QJsonValue value = object.value(name);
        *wrongType = !value.isUndefined() && !value.isNull() && !value.isString();
        return value.toString();
    };
    bool wrongType = false;
    AwsCredentials credentials;
    credentials.accessKeyId = stringMember("AccessKeyId"_L1, &wrongType).trimmed();
    if (credentials.accessKeyId.isEmpty() || wrongType) {
        return fail(tr("its output has no \"AccessKeyId\" string."));
    }
    credentials.secretAccessKey = stringMember("SecretAccessKey"_L1, &wrongType);
    if (credentials.secretAccessKey.isEmpty() || wrongType) {
        return fail(tr("its output has no \"SecretAccessKey\" string."));
    }
    credentials.sessionToken = stringMember("SessionToken"_L1, &wrongType);
    if (wrongType) {
        return fail(tr("its \"SessionToken\" is not a string."));
    }
    const QString expiration = stringMember("Expiration"_L1, &wrongType);
    if (wrongType) {
        return fail(tr("its \"Expiration\" is not a string."));
    }
    if (!expiration.isEmpty()) {
        credentials.expiration = parseExpiration(expiration);
        if (!credentials.expiration.isValid()) {
            return fail(tr("its \"Expiration\" is not an ISO 8601 date-time: %1")
                                .arg(expiration.left(40)));
        }
    }
    if (error) {
        error->clear();
    }
    return credentials;
}

} // namespace Pd::Core
