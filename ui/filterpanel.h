#pragma once

#include "listopportunitiesrequest.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace Pd::Gui {

class DateRangeEdit;

/// The server-side filters of ListOpportunities: catalog, stages, review statuses, company
/// names, identifiers, the three date ranges, and the sort.
///
/// Labels are translated; the request carries the exact API values. Changes apply by
/// themselves after a short pause (`debounceMs()`), or at once with Apply. A request that
/// `ListOpportunitiesRequest::validate()` refuses is not applied: each problem is shown next
/// to its field instead. `showFieldErrors()` does the same for a ValidationException's list.
class FilterPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterPanel)

public:
    explicit FilterPanel(QWidget *parent = nullptr);

    /// The request the widgets describe (no MaxResults, no NextToken).
    Core::ListOpportunitiesRequest request() const;
    /// Shows `request` in the widgets without applying it.
    void setRequest(const Core::ListOpportunitiesRequest &request);
    /// The last request emitted with applied().
    const Core::ListOpportunitiesRequest &appliedRequest() const { return m_applied; }
    /// AWS catalog, no filters, newest changes first.
    static Core::ListOpportunitiesRequest defaultRequest();

    /// Shows each error beside its field. Returns the errors no field claimed.
    QList<Core::FieldError> showFieldErrors(const QList<Core::FieldError> &errors);
    void clearFieldErrors();

    /// Moves the keyboard focus to the first filter.
    void focusFirstField();

    int debounceMs() const { return m_debounce.interval(); }
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }

public Q_SLOTS:
    /// Validates and, when valid, emits applied() (even when nothing changed).
    bool apply();
    /// Back to defaultRequest(), applied.
    void reset();
    /// Changes the sort (e.g. from a header click) and applies at once.
    void setSort(const Pd::Core::OpportunitySort &sort);

Q_SIGNALS:
    void applied(const Pd::Core::ListOpportunitiesRequest &request);

private:
    void scheduleApply();
    void applyIfChanged();
    static QStringList lines(const QPlainTextEdit *edit);
    void setFieldError(QLabel *label, QWidget *field, const QString &message);
    void updateCompanySent(const QStringList &sent);

    QComboBox *m_catalog = nullptr;
    QListWidget *m_stages = nullptr;
    QListWidget *m_reviewStatuses = nullptr;
    QPlainTextEdit *m_companies = nullptr;
    QLabel *m_companySent = nullptr;
    QPlainTextEdit *m_identifiers = nullptr;
    DateRangeEdit *m_created = nullptr;
    DateRangeEdit *m_modified = nullptr;
    DateRangeEdit *m_targetClose = nullptr;
    QComboBox *m_sortKey = nullptr;
    QComboBox *m_sortOrder = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_reset = nullptr;

    QLabel *m_catalogError = nullptr;
    QLabel *m_stageError = nullptr;
    QLabel *m_reviewError = nullptr;
    QLabel *m_companyError = nullptr;
    QLabel *m_identifierError = nullptr;
    QLabel *m_sortError = nullptr;

    QTimer m_debounce;
    Core::ListOpportunitiesRequest m_applied;
    bool m_populating = false;
};

} // namespace Pd::Gui
