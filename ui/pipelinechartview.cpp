#include "pipelinechartview.h"

#include "chartexport.h"

#include <QAction>
#include <QBarSet>
#include <QContextMenuEvent>
#include <QCursor>
#include <QFileDialog>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QPieSlice>
#include <QStandardPaths>
#include <QToolTip>

#include <algorithm>

using namespace Qt::StringLiterals;
using Pd::Core::PipelineSelection;

namespace Pd::Gui {

PipelineChartView::PipelineChartView(QWidget *parent) : QChartView(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    auto *copy = new QAction(tr("Copy Chart"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &PipelineChartView::copyToClipboard);
    addAction(copy);
}

void PipelineChartView::clearItems()
{
    m_items.clear();
    QToolTip::hideText();
}

void PipelineChartView::addBar(QBarSet *set, int index, const PipelineSelection &selection,
                               const QString &text)
{
    const bool firstOfSet = std::none_of(m_items.begin(), m_items.end(),
                                         [set](const Item &item) { return item.set == set; });
    m_items.append({set, index, nullptr, selection, text});
    if (!firstOfSet) {
        return;
    }
    set->setSelectedColor(palette().color(QPalette::Highlight));
    connect(set, &QBarSet::clicked, this, [this, set](int bar) {
        const int item = itemOf(set, bar);
        if (item >= 0) {
            setCurrentItem(item);
            activate(item);
        }
    });
    connect(set, &QBarSet::hovered, this,
            [this, set](bool on, int bar) { showText(itemOf(set, bar), on); });
}

void PipelineChartView::addSlice(QPieSlice *slice, const PipelineSelection &selection,
                                 const QString &text)
{
    m_items.append({nullptr, -1, slice, selection, text});
    const int item = int(m_items.size() - 1);
    connect(slice, &QPieSlice::clicked, this, [this, item] {
        setCurrentItem(item);
        activate(item);
    });
    connect(slice, &QPieSlice::hovered, this, [this, item](bool on) { showText(item, on); });
}

int PipelineChartView::itemOf(const QBarSet *set, int index) const
{
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).set == set && m_items.at(i).index == index) {
            return int(i);
        }
    }
    return -1;
}

void PipelineChartView::setCurrentItem(int item)
{
    showHighlight(false);
    m_current = m_items.isEmpty() ? 0 : std::clamp(item, 0, int(m_items.size() - 1));
    showHighlight(hasFocus());
    setAccessibleDescription(m_items.isEmpty() ? QString() : m_items.at(m_current).text);
}

void PipelineChartView::showHighlight(bool on)
{
    if (m_current >= m_items.size()) {
        return;
    }
    const Item &item = m_items.at(m_current);
    if (item.set) {
        item.set->setBarSelected(item.index, on);
    } else if (item.slice) {
        item.slice->setExploded(on);
    }
}

void PipelineChartView::activate(int item)
{
    if (item >= 0 && item < m_items.size()) {
        Q_EMIT activated(m_items.at(item).selection);
    }
}

void PipelineChartView::showText(int item, bool on)
{
    if (!on || item < 0 || item >= m_items.size()) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(QCursor::pos(), m_items.at(item).text, this);
}

void PipelineChartView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Up:
        setCurrentItem(m_current - 1);
        break;
    case Qt::Key_Right:
    case Qt::Key_Down:
        setCurrentItem(m_current + 1);
        break;
    case Qt::Key_Home:
        setCurrentItem(0);
        break;
    case Qt::Key_End:
        setCurrentItem(int(m_items.size()) - 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        activate(m_current);
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void PipelineChartView::focusInEvent(QFocusEvent *event)
{
    QChartView::focusInEvent(event);
    setCurrentItem(m_current);
}

void PipelineChartView::focusOutEvent(QFocusEvent *event)
{
    QChartView::focusOutEvent(event);
    showHighlight(false);
}

void PipelineChartView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Export Chart…"), this, &PipelineChartView::exportToFile);
    menu.addAction(tr("Copy Chart"), this, &PipelineChartView::copyToClipboard);
    menu.exec(event->globalPos());
}

void PipelineChartView::exportToFile()
{
    const QString pngFilter = tr("PNG image (*.png)");
    const QString svgFilter = tr("SVG drawing (*.svg)");
    QString filter = pngFilter;
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                              + u'/' + objectName() + u".png"_s;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Chart"), suggested,
                                                      pngFilter + u";;"_s + svgFilter, &filter);
    if (path.isEmpty()) {
        return;
    }
    QString error;
    const bool svg = path.endsWith(u".svg"_s, Qt::CaseInsensitive)
                     || (filter == svgFilter && !path.endsWith(u".png"_s, Qt::CaseInsensitive));
    if (!(svg ? ChartExport::saveSvg(this, path, &error)
              : ChartExport::savePng(this, path, &error))) {
        QMessageBox::warning(this, tr("Export Chart"), error);
    }
}

void PipelineChartView::copyToClipboard()
{
    ChartExport::copyToClipboard(this);
}

} // namespace Pd::Gui
