#pragma once

#include <QDialog>

namespace Pd::Gui {

/// Help › About PartnerDesk: version, Qt version, and the licenses of the libraries inside
/// (Qt: LGPL-3.0, QtKeychain: BSD-3-Clause, simdjson: Apache-2.0), with About Qt.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget *parent = nullptr);

    /// The text shown, as plain text (for tests and screen readers).
    QString plainText() const { return m_plain; }

private:
    QString m_plain;
};

} // namespace Pd::Gui
