#pragma once

#include "credentialsprovider.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

class QProcess;
class QTimer;

namespace Pd::Core {

/// Credentials from a profile's `credential_process`, as the AWS CLI runs it: the command line
/// is split into words (ShellWords, no shell), started asynchronously, and its stdout parsed as
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
///
/// Credentials are cached until they come within `refreshMarginSecs()` of `Expiration`; then
/// the next `fetch()` runs the process again. Concurrent fetches share one run. Errors name the
/// profile and the program and give the exit code and the first line of stderr; stdout is never
/// repeated (it holds secrets). A run that takes longer than `timeoutMs()` is killed.
class CredentialProcessProvider final : public QObject, public CredentialsProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialProcessProvider)

public:
    static constexpr int DefaultTimeoutMs = 60'000;
    static constexpr qint64 DefaultRefreshMarginSecs = 5 * 60;
    static constexpr qint64 MaxOutputBytes = 1024 * 1024;

    CredentialProcessProvider(QString commandLine, QString profileName, QObject *parent = nullptr);
    ~CredentialProcessProvider() override;

    void fetch(QObject *context, Callback done) override;
    QString sourceDescription() const override;

    /// The environment the process runs with (default: this process's environment).
    void setProcessEnvironment(const QProcessEnvironment &environment);
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    int timeoutMs() const { return m_timeoutMs; }
    void setRefreshMarginSecs(qint64 secs) { m_refreshMarginSecs = secs; }
    qint64 refreshMarginSecs() const { return m_refreshMarginSecs; }
    /// Forgets cached credentials, e.g. after the service rejected them.
    void invalidate() { m_cached = {}; }
    /// How many times the process has been started (for tests and diagnostics).
    int runCount() const { return m_runCount; }

    /// Parses the process output. Returns invalid credentials and sets `*error` (naming no
    /// secret) when the JSON is not a valid version 1 document.
    static AwsCredentials parseOutput(const QByteArray &output, QString *error);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Callback done;
    };

    void start();
    void finish(const AwsCredentials &credentials, const QString &error);
    void onFinished(int exitCode, int exitStatus);
    void onErrorOccurred(int processError);
    void appendStderr(const QByteArray &chunk);
    void releaseProcess();
    QString programName() const;
    QString failure(const QString &detail) const;

    QString m_commandLine;
    QString m_profile;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    int m_timeoutMs = DefaultTimeoutMs;
    qint64 m_refreshMarginSecs = DefaultRefreshMarginSecs;
    AwsCredentials m_cached;
    QList<Waiter> m_waiters;
    QProcess *m_process = nullptr;
    QTimer *m_timer = nullptr;
    QByteArray m_stdout;
    QByteArray m_stderr;
    bool m_timedOut = false;
    bool m_outputTooLarge = false;
    int m_runCount = 0;
};

} // namespace Pd::Core
