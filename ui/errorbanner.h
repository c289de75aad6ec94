#pragma once

#include "apierror.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace Pd::Gui {

/// A non-modal strip above the table that reports a failed call: the API error type, its
/// message, the offending request members, a hint for the common causes, Retry and Dismiss.
/// It never blocks the window; the rows already loaded stay usable below it.
class ErrorBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ErrorBanner)

public:
    explicit ErrorBanner(QWidget *parent = nullptr);

    /// Shows `error`; `loadedRows` > 0 adds a note that those rows are kept.
    void showError(const Pd::Core::ApiError &error, int loadedRows = 0);
    const Pd::Core::ApiError &error() const { return m_error; }

    /// A translated one-line title for an error ("AccessDeniedException", "Network error").
    static QString title(const Pd::Core::ApiError &error);
    /// What the user can do about an error, or an empty string.
    static QString hint(const Pd::Core::ApiError &error);

public Q_SLOTS:
    void dismiss();

Q_SIGNALS:
    void retryRequested();
    /// The user wants to change the connection (shown for credential and setup problems).
    void connectionSettingsRequested();
    void dismissed();

private:
    Pd::Core::ApiError m_error;
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_fields = nullptr;
    QLabel *m_hint = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_settings = nullptr;
    QPushButton *m_dismiss = nullptr;
};

} // namespace Pd::Gui
