#include "welcomedialog.h"

#include "partnerdeskprofiles.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Pd::Gui {

WelcomeDialog::WelcomeDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(u"welcomeDialog"_s);
    setWindowTitle(tr("Welcome to PartnerDesk"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(u":/icons/partnerdesk.svg"_s).pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto *title = new QLabel(tr("Welcome to PartnerDesk"), this);
    QFont font = title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.3);
    title->setFont(font);
    auto *text = new QLabel(
            tr("PartnerDesk found no AWS credentials: no keys in the environment, no AWS CLI "
               "profile in ~/.aws and no PartnerDesk profile.\n\n"
               "Set up a profile with an access key (the secret goes to the system keychain), "
               "or look around with generated demo data first; nothing is sent to AWS in the "
               "demo."),
            this);
    text->setObjectName(u"welcomeText"_s);
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *profile
            = buttons->addButton(tr("&Set Up a Profile…"), QDialogButtonBox::AcceptRole);
    profile->setObjectName(u"setUpProfileButton"_s);
    profile->setDefault(true);
    QPushButton *demo = buttons->addButton(tr("Try the &Demo"), QDialogButtonBox::ActionRole);
    demo->setObjectName(u"demoButton"_s);
    QPushButton *later = buttons->addButton(tr("&Later"), QDialogButtonBox::RejectRole);
    later->setObjectName(u"laterButton"_s);
    connect(profile, &QPushButton::clicked, this, [this] { choose(Choice::SetUpProfile); });
    connect(demo, &QPushButton::clicked, this, [this] { choose(Choice::Demo); });
    connect(later, &QPushButton::clicked, this, [this] { choose(Choice::Later); });

    auto *textColumn = new QVBoxLayout;
    textColumn->addWidget(title);
    textColumn->addWidget(text);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addSpacing(12);
    top->addLayout(textColumn, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addSpacing(8);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 64);
}

bool WelcomeDialog::isNeeded(const Core::ConnectionResolver &resolver,
                             const Core::PartnerDeskProfiles &profiles,
                             const Core::ConnectionResolver::Overrides &overrides)
{
    return !resolver.resolve(overrides).isValid() && profiles.profileNames().isEmpty()
           && resolver.awsProfileNames().isEmpty();
}

void WelcomeDialog::choose(Choice choice)
{
    m_choice = choice;
    Q_EMIT chosen(choice);
    if (choice == Choice::Later) {
        reject();
    } else {
        accept();
    }
}

} // namespace Pd::Gui
