#include "celldelegate.h"

#include "itemdatarole.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

#include <utility>

namespace Pd::Gui {

void CellDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(Core::OverdueRole).toBool()) {
        option->palette.setColor(QPalette::Text, QColor(0xc6, 0x28, 0x28));
    }
    if (index.data(Core::UnseenRole).toBool()) {
        option->font.setBold(true);
        option->fontMetrics = QFontMetrics(option->font);
    }
}

void CellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    constexpr auto Others = QStyleOptionViewItem::HasDecoration
                            | QStyleOptionViewItem::HasCheckIndicator
                            | QStyleOptionViewItem::WrapText;
    // Unseen rows are few and bold: the cache keeps the table's one font.
    if ((opt.features & Others) || opt.text.contains(QChar::LineSeparator)
        || opt.text.contains(u'\n') || opt.font.bold() != option.font.bold()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QString text = std::exchange(opt.text, QString());
    opt.features &= ~QStyleOptionViewItem::HasDisplay;
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // all but the text
    if (text.isEmpty()) {
        return;
    }

    // As QCommonStyle draws an item's text: the same margins, pen and alignment.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect rect = opt.rect.adjusted(margin, 0, -margin, 0);
    QPalette::ColorGroup group
            = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active)) {
        group = QPalette::Inactive;
    }
    const QPalette::ColorRole role
            = (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text;
    const QStaticText &laid = laidOut(text, opt, rect.width());
    const QSizeF size = laid.size();
    const Qt::Alignment alignment = QStyle::visualAlignment(opt.direction, opt.displayAlignment);
    qreal x = rect.left();
    if (alignment & Qt::AlignRight) {
        x = rect.right() + 1 - size.width();
    } else if (alignment & Qt::AlignHCenter) {
        x = rect.left() + (rect.width() - size.width()) / 2;
    }
    qreal y = rect.top();
    if (alignment & Qt::AlignBottom) {
        y = rect.bottom() + 1 - size.height();
    } else if (!(alignment & Qt::AlignTop)) {
        y = rect.top() + (rect.height() - size.height()) / 2;
    }
    painter->save();
    painter->setClipRect(rect, Qt::IntersectClip);
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, role));
    painter->drawStaticText(QPointF(x, y), laid);
    painter->restore();
}

const QStaticText &CellDelegate::laidOut(const QString &text, const QStyleOptionViewItem &option,
                                         int width) const
{
    if (option.font != m_font) {
        m_texts.clear();
        m_font = option.font;
    }
    QString key = text;
    key += QChar(0);
    key += QString::number(width);
    key += QChar(option.textElideMode);
    if (const QStaticText *cached = m_texts.object(key)) {
        return *cached;
    }
    auto *laid = new QStaticText(option.fontMetrics.elidedText(text, option.textElideMode, width));
    laid->setTextFormat(Qt::PlainText);
    laid->prepare(QTransform(), option.font);
    m_texts.insert(key, laid);
    return *laid;
}

} // namespace Pd::Gui
