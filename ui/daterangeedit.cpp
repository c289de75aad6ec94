#include "daterangeedit.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Pd::Gui {

namespace {

QString fullYear(QString format)
{
    if (!format.contains(u"yyyy"_s)) {
        format.replace(u"yy"_s, u"yyyy"_s);
    }
    return format;
}

} // namespace

DateRangeEdit::DateRangeEdit(Mode mode, const QString &accessibleTitle, QWidget *parent)
    : QWidget(parent), m_mode(mode)
{
    const QLocale locale;
    const auto makeEdit = [this, mode, &locale]() -> QDateTimeEdit * {
        QDateTimeEdit *edit = nullptr;
        if (mode == Mode::Date) {
            edit = new QDateEdit(this);
            edit->setDisplayFormat(fullYear(locale.dateFormat(QLocale::ShortFormat)));
        } else {
            edit = new QDateTimeEdit(this);
            QString format = fullYear(locale.dateTimeFormat(QLocale::ShortFormat));
            format.remove(u":ss"_s);
            edit->setDisplayFormat(format);
        }
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
        edit->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        return edit;
    };

    m_afterOn = new QCheckBox(tr("After", "date filter bound"), this);
    m_beforeOn = new QCheckBox(tr("Before", "date filter bound"), this);
    m_after = makeEdit();
    m_before = makeEdit();
    m_afterOn->setAccessibleName(tr("%1: use the After bound").arg(accessibleTitle));
    m_beforeOn->setAccessibleName(tr("%1: use the Before bound").arg(accessibleTitle));
    m_after->setAccessibleName(tr("%1 after").arg(accessibleTitle));
    m_before->setAccessibleName(tr("%1 before").arg(accessibleTitle));

    m_error = new QLabel(this);
    m_error->setObjectName(u"fieldError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->hide();

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setVerticalSpacing(2);
    layout->addWidget(m_afterOn, 0, 0);
    layout->addWidget(m_after, 0, 1);
    layout->addWidget(m_beforeOn, 1, 0);
    layout->addWidget(m_before, 1, 1);
    layout->addWidget(m_error, 2, 0, 1, 2);
    layout->setColumnStretch(1, 1);

    clear();

    for (QCheckBox *box : {m_afterOn, m_beforeOn}) {
        connect(box, &QCheckBox::toggled, this, [this] {
            updateState();
            Q_EMIT changed();
        });
    }
    for (QDateTimeEdit *edit : {m_after, m_before}) {
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this] {
            m_externalError.clear();
            updateState();
            Q_EMIT changed();
        });
    }
}

void DateRangeEdit::clear()
{
    const QSignalBlocker blockAfter(m_after);
    const QSignalBlocker blockBefore(m_before);
    const QSignalBlocker blockAfterOn(m_afterOn);
    const QSignalBlocker blockBeforeOn(m_beforeOn);
    const QDate today = QDate::currentDate();
    m_afterOn->setChecked(false);
    m_beforeOn->setChecked(false);
    m_after->setDateTime(today.addDays(-30).startOfDay());
    m_before->setDateTime(today.addDays(m_mode == Mode::Date ? 90 : 1).startOfDay());
    m_externalError.clear();
    updateState();
}

Core::DateTimeRange DateRangeEdit::dateTimeRange() const
{
    Core::DateTimeRange range;
    if (m_afterOn->isChecked()) {
        range.after = m_after->dateTime();
    }
    if (m_beforeOn->isChecked()) {
        range.before = m_before->dateTime();
    }
    return range;
}

Core::DateRange DateRangeEdit::dateRange() const
{
    Core::DateRange range;
    if (m_afterOn->isChecked()) {
        range.after = m_after->date().toString(Qt::ISODate);
    }
    if (m_beforeOn->isChecked()) {
        range.before = m_before->date().toString(Qt::ISODate);
    }
    return range;
}

void DateRangeEdit::setDateTimeRange(const Core::DateTimeRange &range)
{
    clear();
    const QSignalBlocker blockAfter(m_after);
    const QSignalBlocker blockBefore(m_before);
    const QSignalBlocker blockAfterOn(m_afterOn);
    const QSignalBlocker blockBeforeOn(m_beforeOn);
    if (range.after.isValid()) {
        m_afterOn->setChecked(true);
        m_after->setDateTime(range.after.toLocalTime());
    }
    if (range.before.isValid()) {
        m_beforeOn->setChecked(true);
        m_before->setDateTime(range.before.toLocalTime());
    }
    updateState();
}

void DateRangeEdit::setDateRange(const Core::DateRange &range)
{
    clear();
    const QSignalBlocker blockAfter(m_after);
    const QSignalBlocker blockBefore(m_before);
    const QSignalBlocker blockAfterOn(m_afterOn);
    const QSignalBlocker blockBeforeOn(m_beforeOn);
    if (const QDate after = QDate::fromString(range.after, Qt::ISODate); after.isValid()) {
        m_afterOn->setChecked(true);
        m_after->setDate(after);
    }
    if (const QDate before = QDate::fromString(range.before, Qt::ISODate); before.isValid()) {
        m_beforeOn->setChecked(true);
        m_before->setDate(before);
    }
    updateState();
}

bool DateRangeEdit::isOrdered() const
{
    return !(m_afterOn->isChecked() && m_beforeOn->isChecked()
             && m_after->dateTime() > m_before->dateTime());
}

void DateRangeEdit::setError(const QString &message)
{
    m_externalError = message;
    updateState();
}

QString DateRangeEdit::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void DateRangeEdit::updateState()
{
    m_after->setEnabled(m_afterOn->isChecked());
    m_before->setEnabled(m_beforeOn->isChecked());
    QString message = m_externalError;
    if (message.isEmpty() && !isOrdered()) {
        message = tr("“After” must not be later than “Before”.");
    }
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    const QString invalid = message.isEmpty() ? QString() : u"border: 1px solid #c62828;"_s;
    m_after->setStyleSheet(invalid);
    m_before->setStyleSheet(invalid);
    m_after->setAccessibleDescription(message);
}

} // namespace Pd::Gui
