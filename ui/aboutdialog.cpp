#include "aboutdialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Pd::Gui {

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(u"aboutDialog"_s);
    setWindowTitle(tr("About PartnerDesk"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(u":/icons/partnerdesk.svg"_s).pixmap(96, 96));
    icon->setAlignment(Qt::AlignTop);

    const QString version = QStringLiteral(PD_VERSION_STRING);
    const QString html
            = u"<h2>PartnerDesk %1</h2>"_s.arg(version.toHtmlEscaped()) + u"<p>"_s
              + tr("Browse, filter, inspect and export AWS Partner Central opportunities.")
                        .toHtmlEscaped()
              + u"</p><p>"_s
              + tr("Built with Qt %1, running on Qt %2.")
                        .arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()))
                        .toHtmlEscaped()
              + u"</p><p><b>"_s + tr("Libraries and their licenses").toHtmlEscaped()
              + u"</b></p><ul><li>"_s
              + tr("Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)").toHtmlEscaped()
              + u"</li><li>"_s + tr("QtKeychain: BSD 3-Clause License").toHtmlEscaped()
              + u"</li><li>"_s + tr("simdjson: Apache License 2.0").toHtmlEscaped()
              + u"</li></ul><p>"_s
              + tr("PartnerDesk is not affiliated with Amazon Web Services. AWS and AWS Partner "
                   "Central are trademarks of Amazon.com, Inc. or its affiliates.")
                        .toHtmlEscaped()
              + u"</p>"_s;
    auto *text = new QLabel(html, this);
    text->setObjectName(u"aboutText"_s);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QTextDocument document;
    document.setHtml(html);
    m_plain = document.toPlainText();
    text->setAccessibleName(tr("About PartnerDesk"));
    text->setAccessibleDescription(m_plain);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *aboutQt = buttons->addButton(tr("About &Qt"), QDialogButtonBox::ActionRole);
    aboutQt->setObjectName(u"aboutQtButton"_s);
    connect(aboutQt, &QPushButton::clicked, qApp, &QApplication::aboutQt);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addSpacing(12);
    top->addWidget(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);
}

} // namespace Pd::Gui
