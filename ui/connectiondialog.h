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
/// keychain), plus optional region and endpoint overrides, and how to reach the service: the
/// system proxy settings, no proxy, or a manual proxy URL.
///
/// A preview line resolves the choice as it is edited (ConnectionResolver only reads files)
/// and shows the endpoint, the proxy in use and the credential source, or the problem; OK stays
/// disabled while the choice cannot be resolved. Profiles themselves are edited elsewhere.
///
/// The proxy URL field never shows a password: a choice set with one keeps it and hands it on
/// (ProxyChoice::password) as long as the field's user name stays the same; a password typed
/// into the URL replaces it.
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
    /// Initially the resolver's own choice.
    void setProxyChoice(const Core::ConnectionResolver::ProxyChoice &choice);
    Core::ConnectionResolver::ProxyChoice proxyChoice() const;
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
    QRadioButton *m_systemProxy = nullptr;
    QRadioButton *m_noProxy = nullptr;
    QRadioButton *m_manualProxy = nullptr;
    QLineEdit *m_proxyUrl = nullptr;
    /// What "System proxy settings" stands for: System, or Environment when given that.
    Core::ConnectionResolver::ProxyChoice::Mode m_systemMode
            = Core::ConnectionResolver::ProxyChoice::Mode::System;
    QString m_proxyUser; ///< the user `m_proxyPassword` belongs to
    QString m_proxyPassword; ///< kept from setProxyChoice(), never shown
    QLabel *m_fileProblems = nullptr;
    QLabel *m_preview = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Pd::Gui
