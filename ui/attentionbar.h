#pragma once

#include "attentionview.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QToolButton;

namespace Pd::Core {
class OpportunityModel;
}

namespace Pd::Gui {

/// A row of buttons, one per attention view (AttentionView), each with the number of loaded
/// rows it holds: "Overdue 12". A click emits `viewActivated()`; the window filters the table.
///
/// The counts follow the model: rows appended are counted `SliceRows` at a time for at most
/// `SliceBudgetMs` per turn of the event loop (100k rows take about 60 ms in all), so a large
/// listing never holds the loop up; a reset, a change in place or new unseen Ids count again from
/// the start, showing the last complete counts meanwhile. "Changed since I last looked" needs the
/// local copy: without one it is disabled and says why.
class AttentionBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttentionBar)

public:
    static constexpr int SliceRows = 250;
    static constexpr int SliceBudgetMs = 1;

    explicit AttentionBar(QWidget *parent = nullptr);

    void setModel(Core::OpportunityModel *model);
    /// Whether "Changed since I last looked" can be used (a local copy is kept).
    void setChangesAvailable(bool available);
    /// Marks `view` as the one the table shows (none: std::nullopt).
    void setActiveView(std::optional<Core::AttentionView::Kind> view);

    QToolButton *button(Core::AttentionView::Kind view) const;
    /// The counts of the rows counted so far; complete when `isUpToDate()`.
    const Core::AttentionCounts &counts() const { return m_counts; }
    bool isUpToDate() const;

Q_SIGNALS:
    void viewActivated(Pd::Core::AttentionView::Kind view);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restart();
    void countSlice();
    void updateButtons();

    QPointer<Core::OpportunityModel> m_model;
    Core::AttentionCounts m_counts; ///< being counted; complete when isUpToDate()
    Core::AttentionCounts m_shown; ///< the last complete counts, shown while recounting
    bool m_recounting = false;
    QTimer m_slice; ///< counts the next slice of rows
    QList<QToolButton *> m_buttons; ///< by AttentionView::Kind
    bool m_changesAvailable = false;
};

} // namespace Pd::Gui
