#pragma once

#include "apierror.h"
#include "clientconfig.h"
#include "sigv4signer.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;

namespace Pd::Core {

class AwsClient;
class HttpReply;

/// One awsJson1_0 operation call: `POST /` with `X-Amz-Target: AWSPartnerCentralSelling.<op>`,
/// signed with SigV4 at the client's corrected clock, retried per the AWS standard retry mode.
///
/// Usage: construct with the client, the operation name and the JSON body, connect `finished()`,
/// call `start()`. `finished()` is emitted exactly once: on a 2xx response (`responseBody()`),
/// on an error the service returned, on a transport failure after the retries allowed by
/// RetryConfig and the client's RetryQuota, on a configuration problem (endpoint, credentials),
/// or with Kind::Cancelled after `abort()`. `retrying()` announces each backoff; `attempt` is
/// the number of the attempt about to be made (2 for the first retry). Every attempt first
/// waits for a token of the client's RequestRateLimiter, and reports throttling to it.
///
/// Retried: throttling (a throttling error name or HTTP 429), HTTP 500/502/503/504, the
/// transient error names, connection failures (a proxy's refused tunnel included), transfer
/// timeouts and truncated bodies; not TLS failures or a proxy's 407. A
/// response that moves the clock-skew offset by a significant amount (|offset| >= 4 min) after
/// an authentication error is retried once, re-signed. Redirects are never followed. A response
/// larger than MaxResponseBytes is abandoned with Kind::InvalidResponse. Destroying the client
/// aborts its calls.
class AwsJsonCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AwsJsonCall)

public:
    /// How an error is retried: not at all, as a transient error, or as throttling.
    enum class RetryClass { None, Transient, Throttling };
    static constexpr qint64 MaxResponseBytes = 64LL * 1024 * 1024;

    AwsJsonCall(AwsClient *client, QString operation, QByteArray body, QObject *parent = nullptr);
    ~AwsJsonCall() override;

    QString operation() const { return m_operation; }
    void start();
    /// Aborts the attempt in flight, the credentials fetch or the pending backoff; `finished()`
    /// follows synchronously with Kind::Cancelled unless the call had already finished.
    void abort();
    bool isFinished() const { return m_state == State::Finished; }

    /// The outcome; Kind::None on success. `attempts` and `requestId` are set either way.
    const ApiError &error() const { return m_error; }
    /// The body of the 2xx response.
    const QByteArray &responseBody() const { return m_responseBody; }
    int attempts() const { return m_attempt; }
    /// Wall time from start() to finished() (or until now while running), retries included.
    qint64 elapsedMs() const;

    /// "AWSPartnerCentralSelling.<operation>".
    static QByteArray targetFor(const QString &operation);
    /// The retry decision for an error, skew correction aside.
    static RetryClass classify(const ApiError &error);
    /// True for the errors a wrong signing time can cause (auth errors, skew error names).
    static bool isClockSkewError(const ApiError &error);
    /// Full-jitter exponential backoff for retry number `retryIndex` (0 for the first retry):
    /// floor(random × min(base × 2^retryIndex, maxBackoffMs)), `random` in [0, 1).
    static int backoffMs(const RetryConfig &config, RetryClass retryClass, int retryIndex,
                         double random);
    /// Applies a server retry hint: max(backoff, min(hint, backoff + 5000)); a negative hint
    /// means none.
    static int applyRetryHint(int backoffMs, qint64 hintMs);
    /// Parses an HTTP-date (IMF-fixdate, RFC 850 or asctime form) as UTC; invalid on failure.
    static QDateTime parseHttpDate(QByteArrayView value);
    /// The header value fit for a log: Authorization and X-Amz-Security-Token are redacted.
    static QByteArray loggableHeaderValue(const QByteArray &name, const QByteArray &value);

Q_SIGNALS:
    void finished();
    void retrying(int attempt, int delayMs, const Pd::Core::ApiError &cause);

private:
    enum class State { Idle, FetchingCredentials, Sending, BackingOff, Finished };

    bool canSendAtOnce() const;
    void startAttempt();
    void acquireRateToken(quint64 generation, const AwsCredentials &credentials);
    void send(const AwsCredentials &credentials);
    void handleReply(HttpReply *reply);
    void handleTransportFailure(HttpReply *reply, int status, const QString &requestId);
    void updateClockOffset(HttpReply *reply, qint64 latencyMs, bool *skewCorrected);
    void retryOrFinish(ApiError error, RetryClass retryClass, qint64 hintMs);
    void finish(ApiError error);
    qint64 retryHintMs(HttpReply *reply) const;

    QPointer<AwsClient> m_client;
    QString m_operation;
    QByteArray m_body;
    State m_state = State::Idle;
    int m_attempt = 0;
    int m_lastRetryCost = 0;
    bool m_skewRetryUsed = false;
    quint64 m_generation = 0;
    qint64 m_signingOffsetMs = 0;
    qint64 m_elapsedMs = -1;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_attemptTimer;
    QPointer<HttpReply> m_reply;
    QTimer *m_backoffTimer = nullptr;
    QByteArray m_responseBody;
    ApiError m_error;
};

} // namespace Pd::Core
