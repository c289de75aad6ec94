#include "attentionbar.h"

#include "opportunitymodel.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QHBoxLayout>
#include <QLocale>
#include <QToolButton>

using namespace Qt::StringLiterals;
using Pd::Core::AttentionView;

namespace Pd::Gui {

AttentionBar::AttentionBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"attentionBar"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (const AttentionView::Kind kind : AttentionView::kinds()) {
        auto *button = new QToolButton(this);
        button->setObjectName(u"attention-"_s + AttentionView::key(kind));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setFocusPolicy(Qt::StrongFocus);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        connect(button, &QToolButton::clicked, this, [this, kind] { Q_EMIT viewActivated(kind); });
        layout->addWidget(button);
        m_buttons.append(button);
    }
    layout->addStretch(1);
    m_slice.setObjectName(u"attentionSlice"_s);
    m_slice.setInterval(0);
    m_slice.setSingleShot(true);
    connect(&m_slice, &QTimer::timeout, this, &AttentionBar::countSlice);
    updateButtons();
}

void AttentionBar::setModel(Core::OpportunityModel *model)
{
    if (m_model) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = model;
    if (m_model) {
        const auto more = [this] { m_slice.start(); };
        connect(m_model, &QAbstractItemModel::rowsInserted, this, more);
        connect(m_model, &QAbstractItemModel::modelReset, this, &AttentionBar::restart);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &AttentionBar::restart);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &AttentionBar::restart);
        connect(m_model, &Core::OpportunityModel::unseenChanged, this, &AttentionBar::restart);
    }
    restart();
}

void AttentionBar::setChangesAvailable(bool available)
{
    if (m_changesAvailable != available) {
        m_changesAvailable = available;
        updateButtons();
    }
}

void AttentionBar::setActiveView(std::optional<AttentionView::Kind> view)
{
    for (const AttentionView::Kind kind : AttentionView::kinds()) {
        button(kind)->setChecked(view == kind);
    }
}

QToolButton *AttentionBar::button(AttentionView::Kind view) const
{
    return m_buttons.at(int(view));
}

bool AttentionBar::isUpToDate() const
{
    return !m_slice.isActive() && (!m_model || m_counts.countedRows() == m_model->rowCount());
}

void AttentionBar::restart()
{
    // Rows changed in place (a sync): the buttons keep the last complete counts until the new
    // ones are, instead of counting up from zero again.
    if (!m_recounting && !m_slice.isActive() && m_counts.countedRows() > 0) {
        m_shown = m_counts;
        m_recounting = true;
    }
    // The day the counts are for: a window left open past midnight counts again on its next
    // change.
    m_counts = Core::AttentionCounts(QDate::currentDate());
    m_slice.start();
}

void AttentionBar::countSlice()
{
    if (!m_model) {
        return;
    }
    QElapsedTimer budget;
    budget.start();
    do {
        const int end = std::min(m_model->rowCount(), m_counts.countedRows() + SliceRows);
        m_counts.addRows(*m_model, end, m_model->unseenIds());
    } while (m_counts.countedRows() < m_model->rowCount() && budget.elapsed() < SliceBudgetMs);
    if (m_counts.countedRows() < m_model->rowCount()) {
        m_slice.start();
    } else {
        m_recounting = false;
    }
    updateButtons();
}

void AttentionBar::updateButtons()
{
    const QLocale locale;
    for (const AttentionView::Kind kind : AttentionView::kinds()) {
        QToolButton *b = button(kind);
        const qint64 count = (m_recounting ? m_shown : m_counts).count(kind);
        const bool available = kind != AttentionView::Kind::Changed || m_changesAvailable;
        b->setText(available ? tr("%1  %2").arg(AttentionView::title(kind), locale.toString(count))
                             : AttentionView::title(kind));
        b->setEnabled(available);
        b->setToolTip(available ? tr("%1 Of the loaded rows: %n.", nullptr, int(count))
                                          .arg(AttentionView::description(kind))
                                : tr("Keep a local copy (Settings › Local Copy…) to see what "
                                     "changed since you last looked."));
        b->setAccessibleName(available ? tr("%1: %n opportunities", nullptr, int(count))
                                                 .arg(AttentionView::title(kind))
                                       : AttentionView::title(kind));
    }
}

void AttentionBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        updateButtons();
    }
    QWidget::changeEvent(event);
}

} // namespace Pd::Gui
