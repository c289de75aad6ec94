#include "errorbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::ApiError;

namespace Pd::Gui {

ErrorBanner::ErrorBanner(QWidget *parent) : QFrame(parent)
{
    setObjectName(u"errorBanner"_s);
    setAccessibleName(tr("Error"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(u"#errorBanner { background: #fdecea; border: 1px solid #e0a8a0;"
                  " border-radius: 4px; }"
                  "#errorBanner QLabel { color: #5f2120; background: transparent; }"_s);

    m_icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_LargeIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize));
    m_icon->setAlignment(Qt::AlignTop);

    m_title = new QLabel(this);
    m_title->setObjectName(u"errorTitle"_s);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const auto makeText = [this](const QString &name) {
        auto *label = new QLabel(this);
        label->setObjectName(name);
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    };
    m_message = makeText(u"errorMessage"_s);
    m_fields = makeText(u"errorFields"_s);
    m_hint = makeText(u"errorHint"_s);

    m_retry = new QPushButton(tr("Retr&y"), this);
    m_retry->setObjectName(u"retryButton"_s);
    m_retry->setAccessibleName(tr("Retry the failed request"));
    m_settings = new QPushButton(tr("&Connection…"), this);
    m_settings->setObjectName(u"connectionButton"_s);
    m_settings->setAccessibleName(tr("Open the connection settings"));
    connect(m_settings, &QPushButton::clicked, this, &ErrorBanner::connectionSettingsRequested);
    m_dismiss = new QPushButton(tr("Dismiss"), this);
    m_dismiss->setObjectName(u"dismissButton"_s);
    m_dismiss->setAccessibleName(tr("Dismiss the error"));
    connect(m_retry, &QPushButton::clicked, this, [this] {
        hide();
        Q_EMIT retryRequested();
    });
    connect(m_dismiss, &QPushButton::clicked, this, &ErrorBanner::dismiss);

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_title);
    text->addWidget(m_message);
    text->addWidget(m_fields);
    text->addWidget(m_hint);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_retry);
    buttons->addWidget(m_settings);
    buttons->addWidget(m_dismiss);
    buttons->addStretch();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_icon);
    layout->addLayout(text, 1);
    layout->addLayout(buttons);
    hide();
}

QString ErrorBanner::title(const ApiError &error)
{
    if (!error.type.isEmpty()) {
        return error.httpStatus > 0 ? tr("%1 (HTTP %2)").arg(error.type).arg(error.httpStatus)
                                    : error.type;
    }
    switch (error.kind) {
    case ApiError::Kind::LocalValidation:
        return tr("The filters are not valid");
    case ApiError::Kind::Configuration:
        return tr("Connection settings problem");
    case ApiError::Kind::Network:
        return tr("Network error");
    case ApiError::Kind::Timeout:
        return tr("The service did not answer in time");
    case ApiError::Kind::InvalidResponse:
        return tr("Unexpected response from the service");
    case ApiError::Kind::Cancelled:
        return tr("Cancelled");
    default:
        return error.httpStatus > 0 ? tr("HTTP error %1").arg(error.httpStatus)
                                    : tr("Request failed");
    }
}

QString ErrorBanner::hint(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::AccessDenied:
        return tr("Your IAM identity needs the action partnercentral:ListOpportunities for this "
                  "catalog.");
    case ApiError::Kind::Authentication:
        return tr("Check the access key, the secret key and the system clock, or choose "
                  "another profile under Connection.");
    case ApiError::Kind::Throttling:
        return tr("The account's read quota (10 requests per second, 100,000 per day) is "
                  "used up. Retry in a moment.");
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        return tr("Check the network connection and the endpoint, then retry.");
    case ApiError::Kind::LocalValidation:
    case ApiError::Kind::Validation:
        return error.fieldErrors.isEmpty() ? QString()
                                           : tr("The problems are also shown next to the filters.");
    case ApiError::Kind::Configuration:
        return tr("Choose a profile, region or endpoint under Settings › Connection.");
    default:
        return {};
    }
}

void ErrorBanner::showError(const ApiError &error, int loadedRows)
{
    m_error = error;
    m_title->setText(title(error));
    m_message->setText(error.message);
    m_message->setVisible(!error.message.isEmpty());

    QStringList fields;
    for (const Core::FieldError &field : error.fieldErrors) {
        const QString name = field.fieldName.isEmpty() ? field.code : field.fieldName;
        fields += tr("• %1: %2").arg(name, field.message);
    }
    m_fields->setText(fields.join(u'\n'));
    m_fields->setVisible(!fields.isEmpty());

    QString hintText = hint(error);
    if (loadedRows > 0) {
        const QString kept
                = tr("The rows loaded so far (%1) are kept.").arg(QLocale().toString(loadedRows));
        hintText = hintText.isEmpty() ? kept : hintText + u' ' + kept;
    }
    m_hint->setText(hintText);
    m_hint->setVisible(!hintText.isEmpty());

    const bool retryable = error.kind != ApiError::Kind::LocalValidation
                           && error.kind != ApiError::Kind::Configuration;
    m_retry->setVisible(retryable);
    m_settings->setVisible(error.kind == ApiError::Kind::Configuration
                           || error.kind == ApiError::Kind::Authentication);
    setAccessibleDescription(title(error) + u' ' + error.message);
    show();
}

void ErrorBanner::dismiss()
{
    if (isHidden()) {
        return;
    }
    hide();
    Q_EMIT dismissed();
}

} // namespace Pd::Gui
