#pragma once

#include <QCache>
#include <QFont>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace Pd::Gui {

/// Paints the table's cells as QStyledItemDelegate does (background, selection, focus, colours,
/// elision), but keeps each cell's laid-out text: painting rows again costs no text shaping,
/// and a new row's text is shaped once instead of three times (size, elision, drawing). Cells
/// with an icon, a check box or several lines are left to QStyledItemDelegate.
class CellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

protected:
    /// As QStyledItemDelegate, overdue dates (Core::OverdueRole) in red and rows changed since
    /// the user last looked (Core::UnseenRole) in bold.
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    const QStaticText &laidOut(const QString &text, const QStyleOptionViewItem &option,
                               int width) const;

    /// By text and width, for m_font; a different font empties it.
    mutable QCache<QString, QStaticText> m_texts{4096};
    mutable QFont m_font;
};

} // namespace Pd::Gui
