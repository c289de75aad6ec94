#pragma once

#include "connectionresolver.h"

#include <QDialog>

class QButtonGroup;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace Pd::Core {
class PartnerDeskProfiles;
}

namespace Pd::Gui {

/// Chooses what PartnerDesk connects with: the AWS CLI's own resolution (environment,
/// AWS_PROFILE, "default"), a profile from ~/.aws, or a PartnerDesk profile (secrets in the
/// keychain), plus optional region and endpoint overrides.
///
/// A preview line resolves the choice as it is edited (ConnectionResolver only reads files)
/// and shows the endpoint and credential source, or the problem; OK stays disabled while the
/// choice cannot be resolved. Profiles themselves are edited elsewhere.
class ConnectionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionDialog)

public:
    /// `resolver` and `profiles` (may be null) must outlive the dialog.
    ConnectionDialog(const Core::ConnectionResolver *resolver,
                     const Core::PartnerDeskProfiles *profiles, QWidget *parent = nullptr);

    void setOverrides(const Core::ConnectionResolver::Overrides &overrides);
    Core::ConnectionResolver::Overrides overrides() const;
    /// The resolution of the current choice.
    Core::ConnectionResolver::Result result() const;

private:
    void updatePreview();

    const Core::ConnectionResolver *m_resolver = nullptr;
    const Core::PartnerDeskProfiles *m_profiles = nullptr;
    QButtonGroup *m_source = nullptr;
    QRadioButton *m_automatic = nullptr;
    QRadioButton *m_awsProfile = nullptr;
    QRadioButton *m_partnerDeskProfile = nullptr;
    QComboBox *m_awsProfiles = nullptr;
    QComboBox *m_partnerDeskProfiles = nullptr;
    QLineEdit *m_region = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QLabel *m_fileProblems = nullptr;
    QLabel *m_preview = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Pd::Gui
