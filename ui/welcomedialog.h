#pragma once

#include "connectionresolver.h"

#include <QDialog>

namespace Pd::Core {
class PartnerDeskProfiles;
}

namespace Pd::Gui {

/// The first start without any credentials (no environment keys, no AWS CLI profile, no
/// PartnerDesk profile): offers to set up a profile or to try the demo. `choice()` tells which
/// button closed it; the dialog itself changes nothing.
class WelcomeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomeDialog)

public:
    enum class Choice { Later, SetUpProfile, Demo };
    Q_ENUM(Choice)

    explicit WelcomeDialog(QWidget *parent = nullptr);
    Choice choice() const { return m_choice; }

    /// True when nothing at all could provide credentials: `overrides` do not resolve, and
    /// there is neither an AWS CLI profile nor a PartnerDesk profile to choose instead.
    static bool isNeeded(const Core::ConnectionResolver &resolver,
                         const Core::PartnerDeskProfiles &profiles,
                         const Core::ConnectionResolver::Overrides &overrides);

Q_SIGNALS:
    void chosen(Pd::Gui::WelcomeDialog::Choice choice);

private:
    void choose(Choice choice);

    Choice m_choice = Choice::Later;
};

} // namespace Pd::Gui
