#include "noticebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Pd::Gui {

NoticeBar::NoticeBar(QWidget *parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    m_message = new QLabel;
    m_message->setObjectName(u"noticeMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action = new QPushButton;
    m_action->setObjectName(u"noticeAction"_s);
    m_close = new QToolButton;
    m_close->setText(u"✕"_s);
    m_close->setAutoRaise(true);
    m_close->setAccessibleName(tr("Dismiss"));
    m_close->setToolTip(tr("Dismiss"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_action, &QPushButton::clicked, this, [this] {
        hide();
        Q_EMIT actionTriggered();
    });
    connect(m_close, &QToolButton::clicked, this, &NoticeBar::dismiss);
    hide();
}

void NoticeBar::showNotice(const QString &message, Tone tone, const QString &actionText)
{
    m_message->setText(message);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    setStyleSheet(tone == Tone::Warning
                          ? u"Pd--Gui--NoticeBar { background: #fff4ce; border: 1px solid #e0c060;"
                            " border-radius: 4px; } QLabel { color: #5c4400; }"_s
                          : u"Pd--Gui--NoticeBar { background: #e8f1fb; border: 1px solid #9cc3ea;"
                            " border-radius: 4px; } QLabel { color: #0b3d6b; }"_s);
    show();
}

QString NoticeBar::text() const
{
    return m_message->text();
}

void NoticeBar::dismiss()
{
    hide();
}

} // namespace Pd::Gui
