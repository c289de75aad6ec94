#include "profilesdialog.h"

#include "awsclient.h"
#include "connectionresolver.h"
#include "connectiontest.h"
#include "credentialstore.h"
#include "endpointpolicy.h"
#include "listopportunitiesrequest.h"
#include "partnerdeskprofiles.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::ConnectionResolver;
using Pd::Core::ConnectionTest;
using Pd::Core::CredentialStoreJob;
using Pd::Core::PartnerDeskProfile;
using Pd::Core::PartnerDeskProfiles;

namespace Pd::Gui {

namespace {

constexpr int KindRole = Qt::UserRole + 1;

QLabel *makeCaption(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setBuddy(buddy);
    return label;
}

QLabel *makeWrappedLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ProfilesDialog::ProfilesDialog(PartnerDeskProfiles *profiles, const ConnectionResolver *resolver,
                               QWidget *parent)
    : QDialog(parent), m_profiles(profiles), m_resolver(resolver)
{
    setObjectName(u"profilesDialog"_s);
    setWindowTitle(tr("Profiles"));

    // Left: the profiles.
    m_partnerDeskList = new QListWidget(this);
    m_partnerDeskList->setObjectName(u"partnerDeskProfileList"_s);
    m_partnerDeskList->setAccessibleName(tr("PartnerDesk profiles"));
    m_new = new QPushButton(tr("&New"), this);
    m_new->setObjectName(u"newProfileButton"_s);
    m_new->setAccessibleName(tr("New profile"));
    m_delete = new QPushButton(tr("De&lete"), this);
    m_delete->setObjectName(u"deleteProfileButton"_s);
    m_delete->setAccessibleName(tr("Delete the selected profile"));
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_delete);
    listButtons->addStretch();

    m_awsList = new QListWidget(this);
    m_awsList->setObjectName(u"awsProfileList"_s);
    m_awsList->setAccessibleName(tr("AWS CLI profiles, read-only"));
    auto *awsNote = new QLabel(this);
    awsNote->setObjectName(u"awsProfilesNote"_s);
    awsNote->setWordWrap(true);
    awsNote->setText(tr("From %1 and %2. Change them with “aws configure”.")
                             .arg(m_resolver->configFilePath(), m_resolver->credentialsFilePath()));
    QFont small = awsNote->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    awsNote->setFont(small);

    auto *left = new QVBoxLayout;
    left->addWidget(makeCaption(tr("Partner&Desk profiles"), m_partnerDeskList, this));
    left->addWidget(m_partnerDeskList, 2);
    left->addLayout(listButtons);
    left->addSpacing(8);
    left->addWidget(makeCaption(tr("A&WS CLI profiles (read-only)"), m_awsList, this));
    left->addWidget(m_awsList, 1);
    left->addWidget(awsNote);

    // Right: the profile.
    m_formTitle = new QLabel(this);
    m_formTitle->setObjectName(u"profileFormTitle"_s);
    QFont title = m_formTitle->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.15);
    m_formTitle->setFont(title);
    m_readOnlyNote = makeWrappedLabel(u"readOnlyNote"_s, this);

    m_name = new QLineEdit(this);
    m_name->setObjectName(u"profileName"_s);
    m_name->setAccessibleName(tr("Profile name"));
    m_accessKeyId = new QLineEdit(this);
    m_accessKeyId->setObjectName(u"accessKeyId"_s);
    m_accessKeyId->setAccessibleName(tr("Access key ID"));
    m_accessKeyId->setPlaceholderText(u"AKIA…"_s);
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(u"secretAccessKey"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(tr("Secret access key"));
    m_secret->setAccessibleDescription(tr("Stored only in the system keychain."));
    m_secret->setToolTip(tr("Stored only in the system keychain, never in a settings file."));
    m_token = new QLineEdit(this);
    m_token->setObjectName(u"sessionToken"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setAccessibleName(tr("Session token (optional)"));
    m_token->setPlaceholderText(tr("Only for temporary credentials"));
    m_region = new QLineEdit(this);
    m_region->setObjectName(u"profileRegion"_s);
    m_region->setAccessibleName(tr("Region (optional)"));
    m_region->setPlaceholderText(u"us-east-1"_s);
    m_endpoint = new QLineEdit(this);
    m_endpoint->setObjectName(u"profileEndpoint"_s);
    m_endpoint->setAccessibleName(tr("Endpoint URL (optional)"));
    m_endpoint->setPlaceholderText(tr("The region's standard endpoint"));

    auto *form = new QFormLayout;
    form->addRow(tr("Na&me:"), m_name);
    form->addRow(tr("Access &key ID:"), m_accessKeyId);
    form->addRow(tr("&Secret access key:"), m_secret);
    form->addRow(tr("Session t&oken:"), m_token);
    form->addRow(tr("&Region:"), m_region);
    form->addRow(tr("&Endpoint URL:"), m_endpoint);

    m_save = new QPushButton(tr("Sa&ve"), this);
    m_save->setObjectName(u"saveProfileButton"_s);
    m_save->setAccessibleName(tr("Save the profile"));
    m_testButton = new QPushButton(tr("&Test Connection"), this);
    m_testButton->setObjectName(u"testConnectionButton"_s);
    m_testButton->setAccessibleName(tr("Test the connection for both catalogs"));
    m_testButton->setToolTip(tr("Lists one opportunity of each catalog (AWS and Sandbox)."));
    m_use = new QPushButton(tr("&Use This Profile"), this);
    m_use->setObjectName(u"useProfileButton"_s);
    m_use->setAccessibleName(tr("Connect with this profile"));
    auto *formButtons = new QHBoxLayout;
    formButtons->addWidget(m_save);
    formButtons->addWidget(m_testButton);
    formButtons->addStretch();
    formButtons->addWidget(m_use);

    m_status = makeWrappedLabel(u"profileStatus"_s, this);
    m_status->setTextFormat(Qt::PlainText);
    m_testResult = makeWrappedLabel(u"testResult"_s, this);
    m_testResult->setTextFormat(Qt::RichText);
    m_testResult->setAccessibleName(tr("Connection test result"));
    m_copyPolicy = new QPushButton(tr("Copy IAM &Policy"), this);
    m_copyPolicy->setObjectName(u"copyPolicyButton"_s);
    m_copyPolicy->setAccessibleName(tr("Copy a least-privilege IAM policy"));
    m_copyPolicy->setToolTip(tr("Copies a policy that allows partnercentral:ListOpportunities "
                                "on the AWS and Sandbox catalogs."));
    m_copyPolicy->hide();
    connect(m_copyPolicy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(ConnectionTest::iamPolicy(Core::Model::catalogs()));
        setStatus(tr("The IAM policy is on the clipboard."));
    });

    auto *right = new QVBoxLayout;
    right->addWidget(m_formTitle);
    right->addWidget(m_readOnlyNote);
    right->addLayout(form);
    right->addLayout(formButtons);
    right->addWidget(m_status);
    right->addWidget(m_testResult);
    right->addWidget(m_copyPolicy, 0, Qt::AlignLeft);
    right->addStretch();

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addSpacing(12);
    columns->addLayout(right, 3);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_buttons);

    setTabOrder(m_partnerDeskList, m_new);
    setTabOrder(m_new, m_delete);
    setTabOrder(m_delete, m_awsList);
    setTabOrder(m_awsList, m_name);
    setTabOrder(m_name, m_accessKeyId);
    setTabOrder(m_accessKeyId, m_secret);
    setTabOrder(m_secret, m_token);
    setTabOrder(m_token, m_region);
    setTabOrder(m_region, m_endpoint);
    setTabOrder(m_endpoint, m_save);
    setTabOrder(m_save, m_testButton);
    setTabOrder(m_testButton, m_use);
    setTabOrder(m_use, m_copyPolicy);

    connect(m_new, &QPushButton::clicked, this, &ProfilesDialog::newProfile);
    connect(m_delete, &QPushButton::clicked, this, &ProfilesDialog::deleteProfile);
    connect(m_save, &QPushButton::clicked, this, &ProfilesDialog::saveProfile);
    connect(m_testButton, &QPushButton::clicked, this, &ProfilesDialog::testConnection);
    connect(m_use, &QPushButton::clicked, this, [this] {
        Q_EMIT useProfileRequested(currentProfile());
        accept();
    });
    for (QListWidget *list : {m_partnerDeskList, m_awsList}) {
        connect(list, &QListWidget::currentItemChanged, this, [this, list](QListWidgetItem *item) {
            if (!item) {
                return;
            }
            QListWidget *other = list == m_partnerDeskList ? m_awsList : m_partnerDeskList;
            const QSignalBlocker block(other);
            other->setCurrentItem(nullptr);
            other->clearSelection();
            showItem(item);
        });
    }
    for (QLineEdit *edit : {m_name, m_accessKeyId, m_secret, m_token, m_region, m_endpoint}) {
        connect(edit, &QLineEdit::textEdited, this, &ProfilesDialog::updateButtons);
    }

    setMinimumWidth(fontMetrics().averageCharWidth() * 110);
    reloadLists({});
    if (m_partnerDeskList->count() > 0) {
        m_partnerDeskList->setCurrentRow(0);
    } else {
        newProfile();
    }
}

ProfilesDialog::~ProfilesDialog() = default;

void ProfilesDialog::reloadLists(const QString &select)
{
    const QSignalBlocker blockPartnerDesk(m_partnerDeskList);
    const QSignalBlocker blockAws(m_awsList);
    m_partnerDeskList->clear();
    for (const QString &name : m_profiles->profileNames()) {
        auto *item = new QListWidgetItem(name, m_partnerDeskList);
        item->setData(KindRole, int(Kind::PartnerDesk));
    }
    m_awsList->clear();
    QStringList problems;
    for (const QString &name : m_resolver->awsProfileNames(&problems)) {
        auto *item = new QListWidgetItem(name, m_awsList);
        item->setData(KindRole, int(Kind::Aws));
    }
    if (!problems.isEmpty()) {
        setStatus(problems.join(u'\n'), true);
    }
    if (!select.isEmpty()) {
        const auto found = m_partnerDeskList->findItems(select, Qt::MatchExactly);
        if (!found.isEmpty()) {
            m_partnerDeskList->setCurrentItem(found.constFirst());
        }
    }
    updateButtons();
}

bool ProfilesDialog::selectProfile(const QString &name)
{
    for (QListWidget *list : {m_partnerDeskList, m_awsList}) {
        const auto found = list->findItems(name, Qt::MatchExactly);
        if (!found.isEmpty()) {
            list->setCurrentItem(found.constFirst());
            list->setFocus();
            return true;
        }
    }
    return false;
}

void ProfilesDialog::newProfile()
{
    ++m_loadGeneration;
    {
        const QSignalBlocker blockPartnerDesk(m_partnerDeskList);
        const QSignalBlocker blockAws(m_awsList);
        m_partnerDeskList->setCurrentItem(nullptr);
        m_partnerDeskList->clearSelection();
        m_awsList->setCurrentItem(nullptr);
        m_awsList->clearSelection();
    }
    m_kind = Kind::PartnerDesk;
    m_editing.clear();
    m_formTitle->setText(tr("New PartnerDesk profile"));
    m_readOnlyNote->setText(
            tr("The secret access key and the session token are stored in the "
               "%1; the other fields in PartnerDesk's settings.")
                    .arg(m_profiles->store() ? m_profiles->store()->description() : QString()));
    m_readOnlyNote->show();
    for (QLineEdit *edit : {m_name, m_accessKeyId, m_secret, m_token, m_region, m_endpoint}) {
        edit->clear();
        edit->setReadOnly(false);
        edit->setEnabled(true);
    }
    m_testResult->clear();
    m_testPlain.clear();
    m_copyPolicy->hide();
    m_name->setFocus();
    updateButtons();
}

void ProfilesDialog::showItem(QListWidgetItem *item)
{
    ++m_loadGeneration;
    m_testResult->clear();
    m_testPlain.clear();
    m_copyPolicy->hide();
    const QString name = item->text();
    if (Kind(item->data(KindRole).toInt()) == Kind::Aws) {
        m_kind = Kind::Aws;
        m_editing.clear();
        m_formTitle->setText(tr("AWS CLI profile “%1”").arg(name));
        m_readOnlyNote->setText(tr("Read-only here. PartnerDesk uses it as the AWS CLI would."));
        m_readOnlyNote->show();
        const ConnectionResolver::Result result = m_resolver->resolve({name, {}, {}});
        for (QLineEdit *edit : {m_name, m_accessKeyId, m_secret, m_token, m_region, m_endpoint}) {
            edit->clear();
            edit->setReadOnly(true);
        }
        m_name->setText(name);
        m_region->setText(result.config.region);
        m_endpoint->setText(result.config.endpoint.toDisplayString());
        m_accessKeyId->setPlaceholderText(result.isValid() ? result.credentials->sourceDescription()
                                                           : QString());
        m_secret->setEnabled(false);
        m_token->setEnabled(false);
        if (!result.isValid()) {
            setStatus(result.error, true);
        } else {
            setStatus({});
        }
        updateButtons();
        return;
    }
    m_kind = Kind::PartnerDesk;
    const std::optional<PartnerDeskProfile> profile = m_profiles->profile(name);
    if (!profile) {
        newProfile();
        return;
    }
    m_editing = name;
    m_formTitle->setText(tr("PartnerDesk profile “%1”").arg(name));
    m_readOnlyNote->hide();
    for (QLineEdit *edit : {m_name, m_accessKeyId, m_secret, m_token, m_region, m_endpoint}) {
        edit->clear();
        edit->setReadOnly(false);
        edit->setEnabled(true);
    }
    m_accessKeyId->setPlaceholderText(u"AKIA…"_s);
    m_name->setText(profile->name);
    m_accessKeyId->setText(profile->accessKeyId);
    m_region->setText(profile->region);
    m_endpoint->setText(profile->endpointUrl);
    setStatus({});
    loadSecrets(name);
}

void ProfilesDialog::loadSecrets(const QString &name)
{
    const std::shared_ptr<Core::CredentialStore> store = m_profiles->store();
    if (!store) {
        return;
    }
    const quint64 generation = ++m_loadGeneration;
    setBusy(true, tr("Reading the secrets of %1 from the %2…").arg(name, store->description()));
    CredentialStoreJob *secretJob = store->read(PartnerDeskProfiles::secretKey(name));
    connect(secretJob, &CredentialStoreJob::finished, this,
            [this, name, store, generation](CredentialStoreJob *job) {
                if (generation != m_loadGeneration) {
                    return;
                }
                if (job->error() != CredentialStoreJob::Error::NoError) {
                    setBusy(false);
                    setStatus(job->errorString(), true);
                    Q_EMIT operationFinished(job->errorString());
                    return;
                }
                m_secret->setText(job->secret());
                CredentialStoreJob *tokenJob
                        = store->read(PartnerDeskProfiles::sessionTokenKey(name));
                connect(tokenJob, &CredentialStoreJob::finished, this,
                        [this, generation](CredentialStoreJob *job) {
                            if (generation != m_loadGeneration) {
                                return;
                            }
                            setBusy(false);
                            QString error;
                            if (job->error() == CredentialStoreJob::Error::NoError) {
                                m_token->setText(job->secret());
                            } else if (job->error() != CredentialStoreJob::Error::EntryNotFound) {
                                error = job->errorString();
                                setStatus(error, true);
                            }
                            Q_EMIT operationFinished(error);
                        });
            });
}

QString ProfilesDialog::currentProfile() const
{
    if (m_kind == Kind::Aws) {
        return m_name->text();
    }
    return m_editing;
}

bool ProfilesDialog::isAwsProfileSelected() const
{
    return m_kind == Kind::Aws;
}

QString ProfilesDialog::formProblem() const
{
    const QString name = m_name->text().trimmed();
    if (const QString problem = PartnerDeskProfiles::nameProblem(name); !problem.isEmpty()) {
        return problem;
    }
    if (m_resolver->awsProfileNames().contains(name)) {
        return tr("An AWS CLI profile is already called %1, and it would take precedence. "
                  "Choose another name.")
                .arg(name);
    }
    if (name != m_editing && m_profiles->contains(name)) {
        return tr("A PartnerDesk profile called %1 already exists.").arg(name);
    }
    if (m_accessKeyId->text().trimmed().isEmpty()) {
        return tr("Enter the access key ID.");
    }
    if (m_secret->text().trimmed().isEmpty()) {
        return tr("Enter the secret access key.");
    }
    const QString region = m_region->text().trimmed();
    if (!region.isEmpty() && !ConnectionResolver::isValidRegion(region)) {
        return tr("“%1” is not a valid region name.").arg(region);
    }
    const QString endpoint = m_endpoint->text().trimmed();
    if (!endpoint.isEmpty()) {
        const QUrl url(endpoint, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()) {
            return tr("“%1” is not a valid endpoint URL.").arg(endpoint);
        }
        if (const QString problem = Core::EndpointPolicy::problem(url); !problem.isEmpty()) {
            return problem;
        }
    }
    return {};
}

void ProfilesDialog::saveProfile()
{
    if (m_kind == Kind::Aws || m_busy) {
        return;
    }
    if (const QString problem = formProblem(); !problem.isEmpty()) {
        setStatus(problem, true);
        Q_EMIT operationFinished(problem);
        return;
    }
    const PartnerDeskProfile profile{m_name->text().trimmed(), m_accessKeyId->text(),
                                     m_region->text(), m_endpoint->text()};
    const QString previous = m_editing;
    const QString storeName = m_profiles->store() ? m_profiles->store()->description() : QString();
    setBusy(true, tr("Saving %1…").arg(profile.name));
    const auto done = [this, name = profile.name, storeName](const QString &error) {
        setBusy(false);
        if (!error.isEmpty()) {
            setStatus(error, true);
        } else {
            reloadLists(name);
            m_editing = name;
            m_formTitle->setText(tr("PartnerDesk profile “%1”").arg(name));
            m_readOnlyNote->hide();
            updateButtons();
            setStatus(tr("Profile %1 saved; its secret access key is in the %2.")
                              .arg(name, storeName));
        }
        Q_EMIT operationFinished(error);
    };
    m_profiles->save(profile, m_secret->text(), m_token->text(), this,
                     [this, previous, name = profile.name, done](const QString &error) {
                         if (!error.isEmpty() || previous.isEmpty() || previous == name) {
                             done(error);
                             return;
                         }
                         // Renamed: the old name goes, with its secrets.
                         m_profiles->remove(previous, this, done);
                     });
}

void ProfilesDialog::deleteProfile()
{
    if (m_kind != Kind::PartnerDesk || m_editing.isEmpty() || m_busy) {
        return;
    }
    const QString name = m_editing;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Profile"),
                                tr("Delete the profile %1 and its secrets in the %2?")
                                        .arg(name, m_profiles->store()
                                                           ? m_profiles->store()->description()
                                                           : QString()),
                                QMessageBox::NoButton, this);
    box->setObjectName(u"deleteConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *remove = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(remove, &QPushButton::clicked, this, [this, name] {
        setBusy(true, tr("Deleting %1…").arg(name));
        m_profiles->remove(name, this, [this, name](const QString &error) {
            setBusy(false);
            reloadLists({});
            if (m_partnerDeskList->count() > 0) {
                m_partnerDeskList->setCurrentRow(0);
            } else {
                newProfile();
            }
            setStatus(error.isEmpty() ? tr("Profile %1 deleted.").arg(name) : error,
                      !error.isEmpty());
            Q_EMIT operationFinished(error);
        });
    });
    box->open();
}

void ProfilesDialog::testConnection()
{
    if (m_busy) {
        return;
    }
    Core::ClientConfig config;
    std::shared_ptr<Core::CredentialsProvider> credentials;
    if (m_kind == Kind::Aws) {
        const ConnectionResolver::Result result = m_resolver->resolve({m_name->text(), {}, {}});
        if (!result.isValid()) {
            setStatus(result.error, true);
            return;
        }
        config = result.config;
        credentials = result.credentials;
    } else {
        if (m_accessKeyId->text().trimmed().isEmpty() || m_secret->text().trimmed().isEmpty()) {
            setStatus(tr("Enter the access key ID and the secret access key first."), true);
            return;
        }
        const QString region = m_region->text().trimmed();
        const QString endpoint = m_endpoint->text().trimmed();
        if (!region.isEmpty() && !ConnectionResolver::isValidRegion(region)) {
            setStatus(tr("“%1” is not a valid region name.").arg(region), true);
            return;
        }
        if (!region.isEmpty()) {
            config.region = region;
        }
        config.endpoint = endpoint.isEmpty() ? ConnectionResolver::defaultEndpoint(config.region)
                                             : QUrl(endpoint, QUrl::StrictMode);
        QString problem;
        if (!m_resolver->resolveNetwork(&config, &problem)) {
            setStatus(problem, true);
            return;
        }
        Core::AwsCredentials keys;
        keys.accessKeyId = m_accessKeyId->text().trimmed();
        keys.secretAccessKey = m_secret->text().trimmed();
        keys.sessionToken = m_token->text().trimmed();
        credentials = std::make_shared<Core::StaticCredentialsProvider>(
                keys, tr("the keys entered here"));
    }
    if (const QString problem = Core::EndpointPolicy::problem(config.endpoint, config.proxy);
        !problem.isEmpty()) {
        setStatus(problem, true);
        return;
    }
    delete m_test;
    m_test = new ConnectionTest(config, credentials, this);
    connect(m_test, &ConnectionTest::catalogTested, this, &ProfilesDialog::showTestResults);
    connect(m_test, &ConnectionTest::finished, this, [this] {
        showTestResults();
        m_testButton->setEnabled(true);
        Q_EMIT testFinished();
    });
    setStatus(tr("Testing %1 (region %2)…").arg(config.endpoint.toDisplayString(), config.region));
    m_testButton->setEnabled(false);
    m_test->start();
    showTestResults();
}

void ProfilesDialog::showTestResults()
{
    if (!m_test) {
        return;
    }
    QStringList html;
    QStringList plain;
    bool denied = false;
    bool running = false;
    for (const ConnectionTest::Result &result : m_test->results()) {
        if (result.elapsedMs < 0) {
            running = true;
            const QString text = tr("Catalog %1: testing…").arg(result.catalog);
            html += text.toHtmlEscaped();
            plain += text;
            continue;
        }
        const QString text = ConnectionTest::describe(result);
        plain += text;
        denied = denied || result.error.kind == Core::ApiError::Kind::AccessDenied;
        html += result.succeeded()
                        ? u"<span style=\"color:#2e7d32\">✔</span> "_s + text.toHtmlEscaped()
                        : u"<span style=\"color:#c62828\">✘</span> "_s + text.toHtmlEscaped();
    }
    m_testPlain = plain.join(u'\n');
    m_testResult->setText(html.join(u"<br>"_s));
    m_testResult->setAccessibleDescription(m_testPlain);
    m_copyPolicy->setVisible(denied);
    if (!running) {
        setStatus(m_test->allSucceeded() ? tr("Connection test passed.")
                                         : tr("Connection test failed."),
                  !m_test->allSucceeded());
    }
}

QString ProfilesDialog::testResultText() const
{
    return m_testPlain;
}

QString ProfilesDialog::statusText() const
{
    return m_status->text();
}

void ProfilesDialog::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    if (busy) {
        setStatus(status);
    }
    updateButtons();
}

void ProfilesDialog::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #c62828;"_s : QString());
    m_status->setVisible(!text.isEmpty());
}

void ProfilesDialog::updateButtons()
{
    const bool partnerDesk = m_kind == Kind::PartnerDesk;
    m_save->setEnabled(partnerDesk && !m_busy);
    m_delete->setEnabled(partnerDesk && !m_editing.isEmpty() && !m_busy);
    m_new->setEnabled(!m_busy);
    m_testButton->setEnabled(!m_busy && !(m_test && m_test->isRunning()));
    const bool saved = m_kind == Kind::Aws
                       || (partnerDesk && !m_editing.isEmpty() && m_name->text() == m_editing);
    m_use->setEnabled(saved && !m_busy);
    for (QLineEdit *edit : {m_name, m_accessKeyId, m_secret, m_token, m_region, m_endpoint}) {
        edit->setEnabled(!m_busy && (partnerDesk || (edit != m_secret && edit != m_token)));
    }
}

} // namespace Pd::Gui
