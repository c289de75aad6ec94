#pragma once

#include "pipelineselection.h"

#include <QChartView>
#include <QList>
#include <QPointer>

class QBarSet;
class QPieSlice;

namespace Pd::Gui {

/// One chart of the pipeline view whose bars or slices stand for parts of the pipeline.
///
/// A click on one, or Enter/Space on the one the arrow keys moved to, emits `activated()` with
/// its selection; hovering shows its text (count and sum) as a tooltip. The keyboard item is
/// drawn selected while the chart has the focus and its text is the accessible description.
/// The context menu (also the Menu key) exports the chart as PNG or SVG or copies it; Ctrl+C
/// copies it.
class PipelineChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PipelineChartView)

public:
    explicit PipelineChartView(QWidget *parent = nullptr);

    /// Forgets the items (before the chart's series are rebuilt).
    void clearItems();
    void addBar(QBarSet *set, int index, const Core::PipelineSelection &selection,
                const QString &text);
    void addSlice(QPieSlice *slice, const Core::PipelineSelection &selection, const QString &text);

    qsizetype itemCount() const { return m_items.size(); }
    int currentItem() const { return m_current; }
    void setCurrentItem(int item);
    Core::PipelineSelection selectionAt(int item) const { return m_items.at(item).selection; }
    QString textAt(int item) const { return m_items.at(item).text; }
    /// The item of bar `index` in `set`, -1 if none.
    int itemOf(const QBarSet *set, int index) const;

    /// Asks for a file name and writes the chart (PNG or SVG by the name's suffix).
    void exportToFile();
    void copyToClipboard();

Q_SIGNALS:
    void activated(const Pd::Core::PipelineSelection &selection);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct Item
    {
        QPointer<QBarSet> set;
        int index = -1;
        QPointer<QPieSlice> slice;
        Core::PipelineSelection selection;
        QString text;
    };
    void showHighlight(bool on);
    void activate(int item);
    void showText(int item, bool on);

    QList<Item> m_items;
    int m_current = 0;
};

} // namespace Pd::Gui
