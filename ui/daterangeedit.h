#pragma once

#include "listopportunitiesrequest.h"

#include <QWidget>

class QCheckBox;
class QDateTimeEdit;
class QLabel;

namespace Pd::Gui {

/// "After" and "Before" bounds of one date filter, each with an enable check box and a
/// calendar picker, and an inline message when After is later than Before (or when the
/// caller reports another problem with `setError()`).
///
/// In DateTime mode the pickers show local time and the range holds local QDateTimes (the
/// request serialises them as UTC); in Date mode the range holds "YYYY-MM-DD" strings.
class DateRangeEdit final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DateRangeEdit)

public:
    enum class Mode { DateTime, Date };

    DateRangeEdit(Mode mode, const QString &accessibleTitle, QWidget *parent = nullptr);

    Core::DateTimeRange dateTimeRange() const;
    Core::DateRange dateRange() const;
    void setDateTimeRange(const Core::DateTimeRange &range);
    void setDateRange(const Core::DateRange &range);
    void clear();

    /// False when both bounds are on and After is later than Before.
    bool isOrdered() const;
    /// Shows `message` under the pickers (empty: only the ordering check).
    void setError(const QString &message);
    QString errorText() const;

    QCheckBox *afterCheck() const { return m_afterOn; }
    QCheckBox *beforeCheck() const { return m_beforeOn; }
    QDateTimeEdit *afterEdit() const { return m_after; }
    QDateTimeEdit *beforeEdit() const { return m_before; }

Q_SIGNALS:
    void changed();

private:
    void updateState();

    Mode m_mode;
    QCheckBox *m_afterOn = nullptr;
    QCheckBox *m_beforeOn = nullptr;
    QDateTimeEdit *m_after = nullptr;
    QDateTimeEdit *m_before = nullptr;
    QLabel *m_error = nullptr;
    QString m_externalError;
};

} // namespace Pd::Gui
