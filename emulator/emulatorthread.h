#pragma once

#include "awscredentials.h"
#include "churn.h"
#include "emulatoroptions.h"

#include <QObject>
#include <QUrl>

class QThread;

namespace Pd::Emulator {

class EmulatorServer;

/// Runs an EmulatorServer in a thread of its own, for `--demo` and tests: the server answers
/// while the owner's thread is busy or blocked.
///
/// `start()` returns once the server listens (or failed): generating a few thousand
/// opportunities takes milliseconds. `stop()` (also run by the destructor) closes the server
/// and joins the thread. Of the server's members only the thread-safe ones (`failNext()`,
/// `dropNext()`, `requestCount()`, `lastRequestBody()`) may be called through `server()`;
/// `churn()` runs the server's in its thread.
class EmulatorThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmulatorThread)

public:
    explicit EmulatorThread(QObject *parent = nullptr);
    ~EmulatorThread() override;

    bool start(const EmulatorOptions &options, QString *error = nullptr);
    void stop();
    bool isRunning() const { return m_server != nullptr; }

    quint16 port() const { return m_port; }
    QUrl endpoint() const { return m_endpoint; }
    Core::AwsCredentials credentials() const { return m_credentials; }
    EmulatorServer *server() const { return m_server; }
    /// EmulatorServer::churn() in the server's thread, waiting for it.
    ChurnResult churn(const QString &catalog, const ChurnStep &step);

private:
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; ///< lives in m_thread; runs the server's start and stop
    EmulatorServer *m_server = nullptr;
    quint16 m_port = 0;
    QUrl m_endpoint;
    Core::AwsCredentials m_credentials;
};

} // namespace Pd::Emulator
