#include "connectiondialog.h"

#include "awsclient.h"
#include "endpointpolicy.h"
#include "partnerdeskprofiles.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::ConnectionResolver;

namespace Pd::Gui {

ConnectionDialog::ConnectionDialog(const ConnectionResolver *resolver,
                                   const Core::PartnerDeskProfiles *profiles, QWidget *parent)
    : QDialog(parent), m_resolver(resolver), m_profiles(profiles)
{
    setObjectName(u"connectionDialog"_s);
    setWindowTitle(tr("Connection"));

    auto *sourceBox = new QGroupBox(tr("Credentials"), this);
    m_automatic = new QRadioButton(tr("&Automatic, like the AWS CLI"), sourceBox);
    m_automatic->setToolTip(tr("Environment variables, then AWS_PROFILE, then the \"default\" "
                               "profile."));
    m_awsProfile = new QRadioButton(tr("AWS CLI &profile"), sourceBox);
    m_partnerDeskProfile = new QRadioButton(tr("Partner&Desk profile"), sourceBox);
    m_source = new QButtonGroup(this);
    m_source->addButton(m_automatic);
    m_source->addButton(m_awsProfile);
    m_source->addButton(m_partnerDeskProfile);

    QStringList problems;
    m_awsProfiles = new QComboBox(sourceBox);
    m_awsProfiles->setObjectName(u"awsProfiles"_s);
    m_awsProfiles->addItems(m_resolver->awsProfileNames(&problems));
    m_awsProfiles->setAccessibleName(tr("AWS CLI profile"));
    m_awsProfiles->setToolTip(
            tr("Profiles in %1 and %2")
                    .arg(m_resolver->configFilePath(), m_resolver->credentialsFilePath()));
    m_partnerDeskProfiles = new QComboBox(sourceBox);
    m_partnerDeskProfiles->setObjectName(u"partnerDeskProfiles"_s);
    if (m_profiles) {
        m_partnerDeskProfiles->addItems(m_profiles->profileNames());
    }
    m_partnerDeskProfiles->setAccessibleName(tr("PartnerDesk profile"));
    m_awsProfile->setEnabled(m_awsProfiles->count() > 0);
    m_partnerDeskProfile->setEnabled(m_partnerDeskProfiles->count() > 0);

    m_fileProblems = new QLabel(problems.join(u'\n'), sourceBox);
    m_fileProblems->setWordWrap(true);
    m_fileProblems->setStyleSheet(u"color: #c62828;"_s);
    m_fileProblems->setVisible(!problems.isEmpty());

    auto *sourceLayout = new QGridLayout(sourceBox);
    sourceLayout->addWidget(m_automatic, 0, 0, 1, 2);
    sourceLayout->addWidget(m_awsProfile, 1, 0);
    sourceLayout->addWidget(m_awsProfiles, 1, 1);
    sourceLayout->addWidget(m_partnerDeskProfile, 2, 0);
    sourceLayout->addWidget(m_partnerDeskProfiles, 2, 1);
    sourceLayout->addWidget(m_fileProblems, 3, 0, 1, 2);
    sourceLayout->setColumnStretch(1, 1);

    auto *serviceBox = new QGroupBox(tr("Service"), this);
    m_region = new QLineEdit(serviceBox);
    m_region->setObjectName(u"region"_s);
    m_region->setPlaceholderText(tr("From the profile, else us-east-1"));
    m_region->setAccessibleName(tr("Region"));
    m_endpoint = new QLineEdit(serviceBox);
    m_endpoint->setObjectName(u"endpoint"_s);
    m_endpoint->setPlaceholderText(tr("The region's standard endpoint"));
    m_endpoint->setAccessibleName(tr("Endpoint URL"));
    auto *serviceLayout = new QFormLayout(serviceBox);
    serviceLayout->addRow(tr("&Region"), m_region);
    serviceLayout->addRow(tr("&Endpoint URL"), m_endpoint);

    auto *proxyBox = new QGroupBox(tr("Proxy"), this);
    m_systemProxy = new QRadioButton(tr("S&ystem proxy settings"), proxyBox);
    m_systemProxy->setObjectName(u"systemProxy"_s);
    m_systemProxy->setToolTip(tr("HTTPS_PROXY, HTTP_PROXY and NO_PROXY when set, as the AWS CLI "
                                 "reads them; otherwise the desktop's proxy settings."));
    m_noProxy = new QRadioButton(tr("&No proxy"), proxyBox);
    m_noProxy->setObjectName(u"noProxy"_s);
    m_manualProxy = new QRadioButton(tr("&Manual proxy:"), proxyBox);
    m_manualProxy->setObjectName(u"manualProxy"_s);
    m_proxyUrl = new QLineEdit(proxyBox);
    m_proxyUrl->setObjectName(u"proxyUrl"_s);
    m_proxyUrl->setPlaceholderText(tr("http://user:password@proxy.example.com:3128"));
    m_proxyUrl->setAccessibleName(tr("Proxy URL"));
    auto *proxyNote = new QLabel(tr("A password in the proxy URL is kept in the system keychain, "
                                    "not in the settings, and is not shown again."),
                                 proxyBox);
    proxyNote->setWordWrap(true);
    auto *proxyChoice = new QButtonGroup(this);
    proxyChoice->addButton(m_systemProxy);
    proxyChoice->addButton(m_noProxy);
    proxyChoice->addButton(m_manualProxy);
    auto *proxyLayout = new QGridLayout(proxyBox);
    proxyLayout->addWidget(m_systemProxy, 0, 0, 1, 2);
    proxyLayout->addWidget(m_noProxy, 1, 0, 1, 2);
    proxyLayout->addWidget(m_manualProxy, 2, 0);
    proxyLayout->addWidget(m_proxyUrl, 2, 1);
    proxyLayout->addWidget(proxyNote, 3, 0, 1, 2);
    proxyLayout->setColumnStretch(1, 1);

    m_preview = new QLabel(this);
    m_preview->setObjectName(u"connectionPreview"_s);
    m_preview->setWordWrap(true);
    m_preview->setTextFormat(Qt::PlainText);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(sourceBox);
    layout->addWidget(serviceBox);
    layout->addWidget(proxyBox);
    layout->addWidget(m_preview);
    layout->addWidget(m_buttons);

    m_automatic->setChecked(true);
    connect(m_source, &QButtonGroup::buttonToggled, this, &ConnectionDialog::updatePreview);
    connect(m_awsProfiles, &QComboBox::currentIndexChanged, this, [this] {
        m_awsProfile->setChecked(true);
        updatePreview();
    });
    connect(m_partnerDeskProfiles, &QComboBox::currentIndexChanged, this, [this] {
        m_partnerDeskProfile->setChecked(true);
        updatePreview();
    });
    connect(m_region, &QLineEdit::textChanged, this, &ConnectionDialog::updatePreview);
    connect(m_endpoint, &QLineEdit::textChanged, this, &ConnectionDialog::updatePreview);
    connect(proxyChoice, &QButtonGroup::buttonToggled, this, [this] {
        m_proxyUrl->setEnabled(m_manualProxy->isChecked());
        updatePreview();
    });
    connect(m_proxyUrl, &QLineEdit::textChanged, this, &ConnectionDialog::updatePreview);
    setProxyChoice(m_resolver->proxyChoice());
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);
    updatePreview();
}

void ConnectionDialog::setOverrides(const ConnectionResolver::Overrides &overrides)
{
    const QSignalBlocker blockAws(m_awsProfiles);
    const QSignalBlocker blockPartnerDesk(m_partnerDeskProfiles);
    if (overrides.profile.isEmpty()) {
        m_automatic->setChecked(true);
    } else if (const int i = m_awsProfiles->findText(overrides.profile); i >= 0) {
        m_awsProfiles->setCurrentIndex(i);
        m_awsProfile->setChecked(true);
    } else if (const int j = m_partnerDeskProfiles->findText(overrides.profile); j >= 0) {
        m_partnerDeskProfiles->setCurrentIndex(j);
        m_partnerDeskProfile->setChecked(true);
    } else {
        // A profile that no longer exists: keep it visible so the problem shows.
        m_awsProfiles->addItem(overrides.profile);
        m_awsProfiles->setCurrentIndex(m_awsProfiles->count() - 1);
        m_awsProfile->setEnabled(true);
        m_awsProfile->setChecked(true);
    }
    m_region->setText(overrides.region);
    m_endpoint->setText(overrides.endpointUrl);
    updatePreview();
}

ConnectionResolver::Overrides ConnectionDialog::overrides() const
{
    ConnectionResolver::Overrides overrides;
    if (m_awsProfile->isChecked()) {
        overrides.profile = m_awsProfiles->currentText();
    } else if (m_partnerDeskProfile->isChecked()) {
        overrides.profile = m_partnerDeskProfiles->currentText();
    }
    overrides.region = m_region->text().trimmed();
    overrides.endpointUrl = m_endpoint->text().trimmed();
    return overrides;
}

void ConnectionDialog::setProxyChoice(const ConnectionResolver::ProxyChoice &choice)
{
    using Mode = ConnectionResolver::ProxyChoice::Mode;
    QString error;
    const std::optional<Core::ProxyServer> proxy = Core::ProxyServer::parse(choice.url, &error);
    m_proxyUser = proxy ? proxy->user : QString();
    m_proxyPassword = proxy && !proxy->password.isEmpty() ? proxy->password : choice.password;
    // An unusable URL is shown as given, its password masked, so the problem shows.
    m_proxyUrl->setText(proxy ? proxy->urlWithoutPassword()
                              : Core::ProxyServer::redacted(choice.url));
    switch (choice.mode) {
    case Mode::None:
        m_noProxy->setChecked(true);
        break;
    case Mode::Manual:
        m_manualProxy->setChecked(true);
        break;
    case Mode::Environment:
    case Mode::System:
        m_systemMode = choice.mode;
        m_systemProxy->setChecked(true);
        break;
    }
    m_proxyUrl->setEnabled(m_manualProxy->isChecked());
    updatePreview();
}

ConnectionResolver::ProxyChoice ConnectionDialog::proxyChoice() const
{
    using Mode = ConnectionResolver::ProxyChoice::Mode;
    ConnectionResolver::ProxyChoice choice;
    choice.mode = m_manualProxy->isChecked() ? Mode::Manual
                  : m_noProxy->isChecked()   ? Mode::None
                                             : m_systemMode;
    choice.url = m_proxyUrl->text().trimmed();
    QString error;
    const std::optional<Core::ProxyServer> proxy = Core::ProxyServer::parse(choice.url, &error);
    if (proxy && proxy->password.isEmpty() && !proxy->user.isEmpty()
        && proxy->user == m_proxyUser) {
        choice.password = m_proxyPassword;
    }
    return choice;
}

ConnectionResolver::Result ConnectionDialog::result() const
{
    ConnectionResolver resolver = *m_resolver;
    resolver.setProxyChoice(proxyChoice());
    return resolver.resolve(overrides());
}

void ConnectionDialog::updatePreview()
{
    const ConnectionResolver::Result resolved = result();
    QString problem = resolved.error;
    if (problem.isEmpty()) {
        problem = Core::EndpointPolicy::problem(resolved.config.endpoint);
    }
    if (problem.isEmpty()) {
        const QUrl &endpoint = resolved.config.endpoint;
        const std::optional<Core::ProxyServer> proxy = resolved.config.proxy.proxyFor(endpoint);
        const QString route = proxy ? tr("Through the proxy %1 (from %2).")
                                              .arg(proxy->displayUrl(), resolved.proxySource)
                                    : tr("Directly, without a proxy.");
        m_preview->setText(tr("Connects to %1 (region %2) with credentials from %3.")
                                   .arg(endpoint.toDisplayString(), resolved.config.region,
                                        resolved.credentials->sourceDescription())
                           + u'\n' + route);
        m_preview->setStyleSheet(QString());
    } else {
        m_preview->setText(problem);
        m_preview->setStyleSheet(u"color: #c62828;"_s);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace Pd::Gui
