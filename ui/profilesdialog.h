#pragma once

#include "connectiontest.h"

#include <QDialog>
#include <QPointer>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace Pd::Core {
class ConnectionResolver;
class PartnerDeskProfiles;
} // namespace Pd::Core

namespace Pd::Gui {

/// Settings › Profiles…: creates, edits and deletes PartnerDesk profiles (access key ID,
/// secret access key, optional session token, region and endpoint) and lists the AWS CLI
/// profiles of ~/.aws read-only.
///
/// The secret access key and the session token go only to the profiles' CredentialStore (the
/// system keychain); everything else goes to QSettings. Choosing a saved profile reads its
/// secrets back from the store into the (masked) fields. "Test connection" runs a
/// Core::ConnectionTest with what the form holds (saved or not) or with an AWS CLI profile as
/// ConnectionResolver resolves it, and shows one plain-words line per catalog.
/// "Use" emits `useProfileRequested()` and closes the dialog.
class ProfilesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilesDialog)

public:
    /// `profiles` and `resolver` must outlive the dialog.
    ProfilesDialog(Core::PartnerDeskProfiles *profiles, const Core::ConnectionResolver *resolver,
                   QWidget *parent = nullptr);
    ~ProfilesDialog() override;

    /// Selects a profile by name (PartnerDesk or AWS CLI); false when there is none.
    bool selectProfile(const QString &name);
    /// Starts a new, empty PartnerDesk profile.
    void newProfile();
    QString currentProfile() const;
    bool isAwsProfileSelected() const;

    /// The result text of the last connection test (plain text, one line per catalog).
    QString testResultText() const;
    /// The last status message (saved, deleted, or why not).
    QString statusText() const;
    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    void saveProfile();
    void deleteProfile();
    void testConnection();

Q_SIGNALS:
    void useProfileRequested(const QString &name);
    /// A save, delete or secret read ended; `error` is empty on success.
    void operationFinished(const QString &error);
    void testFinished();

private:
    enum class Kind { None, PartnerDesk, Aws };

    void reloadLists(const QString &select);
    void showItem(QListWidgetItem *item);
    void loadSecrets(const QString &name);
    void setBusy(bool busy, const QString &status = {});
    void setStatus(const QString &text, bool error = false);
    void updateButtons();
    QString formProblem() const;
    void showTestResults();

    Core::PartnerDeskProfiles *m_profiles = nullptr;
    const Core::ConnectionResolver *m_resolver = nullptr;
    QPointer<Core::ConnectionTest> m_test;

    QListWidget *m_partnerDeskList = nullptr;
    QListWidget *m_awsList = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_formTitle = nullptr;
    QLabel *m_readOnlyNote = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_accessKeyId = nullptr;
    QLineEdit *m_secret = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_region = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_use = nullptr;
    QPushButton *m_copyPolicy = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_testResult = nullptr;
    QDialogButtonBox *m_buttons = nullptr;

    Kind m_kind = Kind::None;
    QString m_editing; ///< the saved PartnerDesk profile shown in the form, empty for a new one
    QString m_testPlain;
    bool m_busy = false;
    quint64 m_loadGeneration = 0;
};

} // namespace Pd::Gui
