#pragma once

#include "localcopy.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace Pd::Gui {

/// Settings › Local Copy…: keep a local copy, where, how long to keep its history, when to
/// sync, whether to offer a weekly full sync, and "Forget Local Data…" (after a confirmation,
/// `forgetRequested()`).
class LocalCopyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalCopyDialog)

public:
    /// `currentPath` is the store file in use (shown; empty when none).
    LocalCopyDialog(const LocalCopy::Settings &settings, const QString &currentPath,
                    QWidget *parent = nullptr);

    LocalCopy::Settings settings() const;

Q_SIGNALS:
    /// The user confirmed that the local data be deleted.
    void forgetRequested();

private:
    void confirmForget();

    QCheckBox *m_enabled = nullptr;
    QLineEdit *m_folder = nullptr;
    QSpinBox *m_historyDays = nullptr;
    QRadioButton *m_atStart = nullptr;
    QRadioButton *m_periodic = nullptr;
    QRadioButton *m_byHand = nullptr;
    QSpinBox *m_everyMinutes = nullptr;
    QCheckBox *m_proposeFull = nullptr;
};

} // namespace Pd::Gui
