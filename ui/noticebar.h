#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace Pd::Gui {

/// A non-modal strip above the table with one message, an optional action button and a close
/// button: for news that is not an error of the listing (a local copy set aside, a sync that
/// failed or waits for another window, an offered full sync, opportunities that need action).
class NoticeBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NoticeBar)

public:
    enum class Tone { Information, Warning };

    explicit NoticeBar(QWidget *parent = nullptr);

    /// Shows `message`; a non-empty `actionText` adds a button that emits actionTriggered().
    void showNotice(const QString &message, Tone tone = Tone::Information,
                    const QString &actionText = {});
    QString text() const;
    QPushButton *actionButton() const { return m_action; }

public Q_SLOTS:
    void dismiss();

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel *m_message = nullptr;
    QPushButton *m_action = nullptr;
    QToolButton *m_close = nullptr;
};

} // namespace Pd::Gui
