#pragma once

#include <QObject>

class QSocketNotifier;

namespace Pd::Emulator {

/// Turns SIGTERM and SIGINT into a queued Qt signal (the self-pipe pattern: the handler only
/// writes one byte to a socket pair; a QSocketNotifier reads it in the event loop). One
/// instance per process. On platforms without POSIX signals it never fires.
class TerminationWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationWatcher)

public:
    explicit TerminationWatcher(QObject *parent = nullptr);
    ~TerminationWatcher() override;

    bool isActive() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Pd::Emulator
