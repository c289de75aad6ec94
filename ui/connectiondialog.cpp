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

ConnectionResolver::Result ConnectionDialog::result() const
{
    return m_resolver->resolve(overrides());
}

void ConnectionDialog::updatePreview()
{
    const ConnectionResolver::Result resolved = result();
    QString problem = resolved.error;
    if (problem.isEmpty()) {
        problem = Core::EndpointPolicy::problem(resolved.config.endpoint);
    }
    if (problem.isEmpty()) {
        m_preview->setText(tr("Connects to %1 (region %2) with credentials from %3.")
                                   .arg(resolved.config.endpoint.toDisplayString(),
                                        resolved.config.region,
                                        resolved.credentials->sourceDescription()));
        m_preview->setStyleSheet(QString());
    } else {
        m_preview->setText(problem);
        m_preview->setStyleSheet(u"color: #c62828;"_s);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace Pd::Gui
