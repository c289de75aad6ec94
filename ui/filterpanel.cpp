#include "filterpanel.h"

#include "daterangeedit.h"
#include "opportunitytext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::FieldError;
using Pd::Core::ListOpportunitiesRequest;
using Pd::Core::OpportunitySort;
using Pd::Core::OpportunityText;
namespace Model = Pd::Core::Model;

namespace Pd::Gui {

namespace {

constexpr int DefaultDebounceMs = 400;
const QString InvalidStyle = u"border: 1px solid #c62828;"_s;

QLabel *makeCaption(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setBuddy(buddy);
    return label;
}

QLabel *makeErrorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(u"fieldError"_s);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(u"color: #c62828;"_s);
    label->hide();
    return label;
}

QLabel *makeNote(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    label->setPalette(palette);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    return label;
}

QListWidget *makeCheckList(const QStringList &values, QString (*label)(const QString &),
                           QWidget *parent)
{
    auto *list = new QListWidget(parent);
    for (const QString &value : values) {
        auto *item = new QListWidgetItem(label(value), list);
        item->setData(Qt::UserRole, value);
        item->setToolTip(value);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(Qt::Unchecked);
    }
    list->setUniformItemSizes(true);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const int rows = int(values.size());
    list->setFixedHeight(list->sizeHintForRow(0) * rows + 2 * list->frameWidth() + 2);
    return list;
}

QStringList checkedValues(const QListWidget *list)
{
    QStringList values;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->checkState() == Qt::Checked) {
            values += list->item(i)->data(Qt::UserRole).toString();
        }
    }
    return values;
}

void setCheckedValues(QListWidget *list, const QStringList &values)
{
    for (int i = 0; i < list->count(); ++i) {
        QListWidgetItem *item = list->item(i);
        item->setCheckState(values.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                 : Qt::Unchecked);
    }
}

QString memberOf(const QString &fieldName)
{
    const qsizetype end = fieldName.indexOf(QRegularExpression(u"[.\\[]"_s));
    return end < 0 ? fieldName : fieldName.left(end);
}

} // namespace

FilterPanel::FilterPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"filterPanel"_s);
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(4);
    const auto addSection = [layout](QLabel *caption) {
        if (layout->count() > 0) {
            layout->addSpacing(8);
        }
        layout->addWidget(caption);
    };

    // Catalog
    m_catalog = new QComboBox(content);
    m_catalog->setObjectName(u"catalog"_s);
    m_catalog->addItem(tr("AWS (production)"), u"AWS"_s);
    m_catalog->addItem(tr("Sandbox (testing)"), u"Sandbox"_s);
    m_catalog->setAccessibleName(tr("Catalog"));
    m_catalogError = makeErrorLabel(content);
    addSection(makeCaption(tr("Catalo&g"), m_catalog, content));
    layout->addWidget(m_catalog);
    layout->addWidget(m_catalogError);

    // Stage and review status
    m_stages = makeCheckList(Model::stages(), &OpportunityText::stageLabel, content);
    m_stages->setObjectName(u"stages"_s);
    m_stages->setAccessibleName(tr("Stages"));
    m_stageError = makeErrorLabel(content);
    addSection(makeCaption(tr("S&tage"), m_stages, content));
    layout->addWidget(m_stages);
    layout->addWidget(m_stageError);

    m_reviewStatuses
            = makeCheckList(Model::reviewStatuses(), &OpportunityText::reviewStatusLabel, content);
    m_reviewStatuses->setObjectName(u"reviewStatuses"_s);
    m_reviewStatuses->setAccessibleName(tr("Review statuses"));
    m_reviewError = makeErrorLabel(content);
    addSection(makeCaption(tr("Review stat&us"), m_reviewStatuses, content));
    layout->addWidget(m_reviewStatuses);
    layout->addWidget(m_reviewError);

    // Company names
    m_companies = new QPlainTextEdit(content);
    m_companies->setObjectName(u"companyNames"_s);
    m_companies->setTabChangesFocus(true);
    m_companies->setPlaceholderText(tr("One name per line (up to %1)").arg(Model::MaxFilterValues));
    m_companies->setAccessibleName(tr("Company names, one per line"));
    m_companies->setFixedHeight(m_companies->fontMetrics().lineSpacing() * 3 + 12);
    m_companyError = makeErrorLabel(content);
    m_companySent = makeNote(QString(), content);
    m_companySent->setObjectName(u"companyNamesSent"_s);
    m_companySent->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_companySent->hide();
    addSection(makeCaption(tr("C&ompany names"), m_companies, content));
    layout->addWidget(m_companies);
    layout->addWidget(m_companyError);
    layout->addWidget(makeNote(tr("Matched by the service, not by PartnerDesk; AWS does not "
                                  "document how (exact, prefix or case)."),
                               content));
    layout->addWidget(m_companySent);

    // Identifiers
    m_identifiers = new QPlainTextEdit(content);
    m_identifiers->setObjectName(u"identifiers"_s);
    m_identifiers->setTabChangesFocus(true);
    m_identifiers->setPlaceholderText(
            tr("O1234567 O7654321 … (up to %1)").arg(Model::MaxIdentifierValues));
    m_identifiers->setAccessibleName(tr("Opportunity identifiers"));
    m_identifiers->setFixedHeight(m_identifiers->fontMetrics().lineSpacing() * 2 + 12);
    m_identifierError = makeErrorLabel(content);
    addSection(makeCaption(tr("&Identifiers"), m_identifiers, content));
    layout->addWidget(m_identifiers);
    layout->addWidget(m_identifierError);

    // Dates
    m_created = new DateRangeEdit(DateRangeEdit::Mode::DateTime, tr("Created"), content);
    m_created->setObjectName(u"createdDate"_s);
    addSection(makeCaption(tr("Created"), m_created->afterCheck(), content));
    layout->addWidget(m_created);

    m_modified = new DateRangeEdit(DateRangeEdit::Mode::DateTime, tr("Last modified"), content);
    m_modified->setObjectName(u"lastModifiedDate"_s);
    addSection(makeCaption(tr("Last modified"), m_modified->afterCheck(), content));
    layout->addWidget(m_modified);

    m_targetClose = new DateRangeEdit(DateRangeEdit::Mode::Date, tr("Target close date"), content);
    m_targetClose->setObjectName(u"targetCloseDate"_s);
    addSection(makeCaption(tr("Target close date"), m_targetClose->afterCheck(), content));
    layout->addWidget(m_targetClose);

    // Sort
    m_sortKey = new QComboBox(content);
    m_sortKey->setObjectName(u"sortKey"_s);
    for (const QString &key : Model::sortKeys()) {
        m_sortKey->addItem(OpportunityText::sortKeyLabel(key), key);
    }
    m_sortKey->setAccessibleName(tr("Sort by"));
    m_sortOrder = new QComboBox(content);
    m_sortOrder->setObjectName(u"sortOrder"_s);
    for (const QString &order : Model::sortOrders()) {
        m_sortOrder->addItem(OpportunityText::sortOrderLabel(order), order);
    }
    m_sortOrder->setAccessibleName(tr("Sort order"));
    m_sortError = makeErrorLabel(content);
    auto *sortRow = new QHBoxLayout;
    sortRow->addWidget(m_sortKey, 3);
    sortRow->addWidget(m_sortOrder, 2);
    addSection(makeCaption(tr("Sort &by"), m_sortKey, content));
    layout->addLayout(sortRow);
    layout->addWidget(m_sortError);
    layout->addStretch();

    auto *scroll = new QScrollArea(this);
    scroll->setAccessibleName(tr("Server-side filters"));
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Never narrower than the filters need, whatever the language's labels.
    scroll->setMinimumWidth(content->minimumSizeHint().width()
                            + scroll->verticalScrollBar()->sizeHint().width());

    m_apply = new QPushButton(tr("&Apply"), this);
    m_apply->setObjectName(u"applyButton"_s);
    m_apply->setDefault(true);
    m_apply->setToolTip(tr("Filters also apply by themselves shortly after each change."));
    m_apply->setAccessibleName(tr("Apply filters"));
    m_reset = new QPushButton(tr("&Reset"), this);
    m_reset->setObjectName(u"resetButton"_s);
    m_reset->setAccessibleName(tr("Reset filters"));
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(8, 4, 8, 8);
    buttons->addStretch();
    buttons->addWidget(m_reset);
    buttons->addWidget(m_apply);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    outer->addWidget(scroll, 1);
    outer->addLayout(buttons);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DefaultDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &FilterPanel::applyIfChanged);
    connect(m_apply, &QPushButton::clicked, this, &FilterPanel::apply);
    connect(m_reset, &QPushButton::clicked, this, &FilterPanel::reset);

    connect(m_catalog, &QComboBox::currentIndexChanged, this, &FilterPanel::scheduleApply);
    connect(m_sortKey, &QComboBox::currentIndexChanged, this, &FilterPanel::scheduleApply);
    connect(m_sortOrder, &QComboBox::currentIndexChanged, this, &FilterPanel::scheduleApply);
    connect(m_stages, &QListWidget::itemChanged, this, &FilterPanel::scheduleApply);
    connect(m_reviewStatuses, &QListWidget::itemChanged, this, &FilterPanel::scheduleApply);
    connect(m_companies, &QPlainTextEdit::textChanged, this, &FilterPanel::scheduleApply);
    connect(m_identifiers, &QPlainTextEdit::textChanged, this, &FilterPanel::scheduleApply);
    for (DateRangeEdit *range : {m_created, m_modified, m_targetClose}) {
        connect(range, &DateRangeEdit::changed, this, &FilterPanel::scheduleApply);
    }

    setRequest(defaultRequest());
    m_applied = request();
}

ListOpportunitiesRequest FilterPanel::defaultRequest()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.sort = OpportunitySort{u"LastModifiedDate"_s, u"DESCENDING"_s};
    return request;
}

QStringList FilterPanel::lines(const QPlainTextEdit *edit)
{
    QStringList values;
    const QStringList raw = edit->toPlainText().split(u'\n');
    for (const QString &line : raw) {
        const QString value = line.trimmed();
        if (!value.isEmpty()) {
            values += value;
        }
    }
    return values;
}

ListOpportunitiesRequest FilterPanel::request() const
{
    ListOpportunitiesRequest request;
    request.catalog = m_catalog->currentData().toString();
    request.lifeCycleStage = checkedValues(m_stages);
    request.lifeCycleReviewStatus = checkedValues(m_reviewStatuses);
    request.customerCompanyName = lines(m_companies);
    static const QRegularExpression separators(u"[\\s,;]+"_s);
    request.identifier = m_identifiers->toPlainText().split(separators, Qt::SkipEmptyParts);
    request.createdDate = m_created->dateTimeRange();
    request.lastModifiedDate = m_modified->dateTimeRange();
    request.targetCloseDate = m_targetClose->dateRange();
    request.sort = OpportunitySort{m_sortKey->currentData().toString(),
                                   m_sortOrder->currentData().toString()};
    return request;
}

void FilterPanel::setRequest(const ListOpportunitiesRequest &request)
{
    m_populating = true;
    const int catalog = m_catalog->findData(request.catalog);
    m_catalog->setCurrentIndex(catalog < 0 ? 0 : catalog);
    setCheckedValues(m_stages, request.lifeCycleStage);
    setCheckedValues(m_reviewStatuses, request.lifeCycleReviewStatus);
    m_companies->setPlainText(request.customerCompanyName.join(u'\n'));
    m_identifiers->setPlainText(request.identifier.join(u' '));
    m_created->setDateTimeRange(request.createdDate);
    m_modified->setDateTimeRange(request.lastModifiedDate);
    m_targetClose->setDateRange(request.targetCloseDate);
    const OpportunitySort sort = request.sort.value_or(*defaultRequest().sort);
    m_sortKey->setCurrentIndex(std::max(0, m_sortKey->findData(sort.sortBy)));
    m_sortOrder->setCurrentIndex(std::max(0, m_sortOrder->findData(sort.sortOrder)));
    m_populating = false;
    m_debounce.stop();
    clearFieldErrors();
    showFieldErrors(this->request().validate());
}

void FilterPanel::focusFirstField()
{
    m_catalog->setFocus(Qt::ShortcutFocusReason);
}

void FilterPanel::setSort(const OpportunitySort &sort)
{
    m_populating = true;
    m_sortKey->setCurrentIndex(std::max(0, m_sortKey->findData(sort.sortBy)));
    m_sortOrder->setCurrentIndex(std::max(0, m_sortOrder->findData(sort.sortOrder)));
    m_populating = false;
    apply();
}

void FilterPanel::scheduleApply()
{
    if (m_populating) {
        return;
    }
    clearFieldErrors();
    const QList<FieldError> errors = request().validate();
    if (!errors.isEmpty()) {
        showFieldErrors(errors);
        m_debounce.stop();
        return;
    }
    m_debounce.start();
}

void FilterPanel::applyIfChanged()
{
    if (request() != m_applied) {
        apply();
    }
}

bool FilterPanel::apply()
{
    m_debounce.stop();
    const ListOpportunitiesRequest current = request();
    clearFieldErrors();
    const QList<FieldError> errors = current.validate();
    if (!errors.isEmpty()) {
        showFieldErrors(errors);
        return false;
    }
    m_applied = current;
    updateCompanySent(current.customerCompanyName);
    Q_EMIT applied(current);
    return true;
}

void FilterPanel::reset()
{
    setRequest(defaultRequest());
    apply();
}

void FilterPanel::updateCompanySent(const QStringList &sent)
{
    if (sent.isEmpty()) {
        m_companySent->hide();
        return;
    }
    QStringList quoted;
    for (const QString &name : sent) {
        quoted += tr("“%1”", "a company name as sent").arg(name);
    }
    m_companySent->setText(tr("Sent to the service: %1").arg(quoted.join(u", "_s)));
    m_companySent->show();
}

void FilterPanel::setFieldError(QLabel *label, QWidget *field, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
    field->setStyleSheet(message.isEmpty() ? QString() : InvalidStyle);
    field->setAccessibleDescription(message);
}

void FilterPanel::clearFieldErrors()
{
    setFieldError(m_catalogError, m_catalog, {});
    setFieldError(m_stageError, m_stages, {});
    setFieldError(m_reviewError, m_reviewStatuses, {});
    setFieldError(m_companyError, m_companies, {});
    setFieldError(m_identifierError, m_identifiers, {});
    setFieldError(m_sortError, m_sortKey, {});
    for (DateRangeEdit *range : {m_created, m_modified, m_targetClose}) {
        range->setError({});
    }
}

QList<FieldError> FilterPanel::showFieldErrors(const QList<FieldError> &errors)
{
    struct Target
    {
        QLabel *label = nullptr;
        QWidget *field = nullptr;
        DateRangeEdit *range = nullptr;
    };
    const QHash<QString, Target> targets = {
            {u"Catalog"_s, {m_catalogError, m_catalog, nullptr}},
            {u"LifeCycleStage"_s, {m_stageError, m_stages, nullptr}},
            {u"LifeCycleReviewStatus"_s, {m_reviewError, m_reviewStatuses, nullptr}},
            {u"CustomerCompanyName"_s, {m_companyError, m_companies, nullptr}},
            {u"Identifier"_s, {m_identifierError, m_identifiers, nullptr}},
            {u"Sort"_s, {m_sortError, m_sortKey, nullptr}},
            {u"CreatedDate"_s, {nullptr, nullptr, m_created}},
            {u"LastModifiedDate"_s, {nullptr, nullptr, m_modified}},
            {u"TargetCloseDate"_s, {nullptr, nullptr, m_targetClose}},
    };
    QHash<QString, QStringList> messages;
    QList<FieldError> unclaimed;
    for (const FieldError &error : errors) {
        const QString member = memberOf(error.fieldName);
        const auto it = targets.constFind(member);
        if (it == targets.cend()) {
            unclaimed += error;
            continue;
        }
        // The range edit words its own After > Before message.
        if (it->range && error.code == u"INVALID_VALUE"_s && !it->range->isOrdered()) {
            continue;
        }
        messages[member] += error.message;
    }
    for (auto it = messages.cbegin(); it != messages.cend(); ++it) {
        const Target &target = targets.value(it.key());
        const QString text = it.value().join(u'\n');
        if (target.range) {
            target.range->setError(text);
        } else {
            setFieldError(target.label, target.field, text);
        }
    }
    return unclaimed;
}

} // namespace Pd::Gui
