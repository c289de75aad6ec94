#include "emulatorthread.h"

#include "emulatorserver.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace Pd::Emulator {

EmulatorThread::EmulatorThread(QObject *parent) : QObject(parent) { }

EmulatorThread::~EmulatorThread()
{
    stop();
}

bool EmulatorThread::start(const EmulatorOptions &options, QString *error)
{
    if (m_server) {
        if (error) {
            *error = tr("The emulator is already running.");
        }
        return false;
    }
    m_thread = new QThread;
    m_thread->setObjectName(u"partnerdesk-emulator"_s);
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();

    bool ok = false;
    QString message;
    EmulatorServer *server = nullptr;
    // A blocking cross-thread call (no event loop is spun here): the server must be created,
    // and must listen, in its own thread.
    QMetaObject::invokeMethod(
            m_context,
            [&] {
                server = new EmulatorServer;
                ok = server->start(options, &message);
                if (!ok) {
                    delete server;
                    server = nullptr;
                }
            },
            Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error) {
            *error = message;
        }
        stop();
        return false;
    }
    m_server = server;
    m_port = server->port();
    m_endpoint = server->endpoint();
    m_credentials = server->credentials();
    return true;
}

ChurnResult EmulatorThread::churn(const QString &catalog, const ChurnStep &step)
{
    ChurnResult result;
    if (m_server) {
        QMetaObject::invokeMethod(
                m_context, [&] { result = m_server->churn(catalog, step); },
                Qt::BlockingQueuedConnection);
    }
    return result;
}

void EmulatorThread::stop()
{
    if (!m_thread) {
        return;
    }
    if (m_server) {
        EmulatorServer *server = m_server;
        m_server = nullptr;
        QMetaObject::invokeMethod(
                m_context, [server] { delete server; }, Qt::BlockingQueuedConnection);
    }
    QMetaObject::invokeMethod(
            m_context, [context = m_context] { delete context; }, Qt::BlockingQueuedConnection);
    m_context = nullptr;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_port = 0;
    m_endpoint.clear();
}

} // namespace Pd::Emulator
