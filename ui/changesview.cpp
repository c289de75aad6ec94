#include "changesview.h"

#include "changejournal.h"
#include "opportunitystoredb.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::JournalEntry;

namespace Pd::Gui {

namespace {

constexpr int LastSyncsShown = 5;

QString jsonText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QString();
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &item : value.toArray()) {
            parts.append(jsonText(item));
        }
        return parts.join(u", "_s);
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default:
        return QString::fromUtf8(
                QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1));
    }
}

} // namespace

ChangesView::ChangesView(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"changesView"_s);
    m_scope = new QComboBox;
    m_scope->setObjectName(u"changesScope"_s);
    m_scope->addItem(tr("Since I last looked"), int(Scope::SinceLastLooked));
    m_scope->addItem(tr("Last sync"), int(Scope::LastSync));
    m_scope->addItem(tr("Last %n syncs", nullptr, LastSyncsShown), int(Scope::LastFiveSyncs));
    m_scope->setAccessibleName(tr("Which changes to show"));
    m_markSeen = new QPushButton(tr("&Mark All as Seen"));
    m_markSeen->setObjectName(u"markAllSeen"_s);
    m_summary = new QLabel;
    m_summary->setObjectName(u"changesSummary"_s);
    m_summary->setWordWrap(true);
    m_tree = new QTreeWidget;
    m_tree->setObjectName(u"changesTree"_s);
    m_tree->setAccessibleName(tr("Changed opportunities and their fields"));
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Opportunity"), tr("Change"), tr("Synced")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_scope, 1);
    top->addWidget(m_markSeen);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);

    connect(m_scope, &QComboBox::currentIndexChanged, this, &ChangesView::refresh);
    connect(m_markSeen, &QPushButton::clicked, this, &ChangesView::markAllSeen);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        while (item->parent()) {
            item = item->parent();
        }
        Q_EMIT opportunityActivated(item->data(0, Qt::UserRole).toString());
    });
    refresh();
}

void ChangesView::setStore(Core::OpportunityStoreDb *store)
{
    m_store = store;
    refresh();
}

void ChangesView::setScope(Scope scope)
{
    m_scope->setCurrentIndex(m_scope->findData(int(scope)));
}

ChangesView::Scope ChangesView::scope() const
{
    return Scope(m_scope->currentData().toInt());
}

void ChangesView::refresh()
{
    m_tree->clear();
    m_entries.clear();
    m_markSeen->setEnabled(m_store != nullptr);
    if (!m_store) {
        m_summary->setText(tr("No local copy: changes are recorded when PartnerDesk keeps a "
                              "local copy (Settings › Local Copy…)."));
        return;
    }
    const Core::ChangeJournal journal(m_store);
    switch (scope()) {
    case Scope::SinceLastLooked: {
        const QDateTime since = m_store->lastLookedAt();
        m_entries
                = journal.entriesSince(since.isValid() ? since : QDateTime::fromMSecsSinceEpoch(0));
        break;
    }
    case Scope::LastSync:
        m_entries = journal.entriesOfLastSyncs(1);
        break;
    case Scope::LastFiveSyncs:
        m_entries = journal.entriesOfLastSyncs(LastSyncsShown);
        break;
    }

    const QLocale locale;
    QList<QTreeWidgetItem *> items;
    // Newest first: the journal reads oldest first.
    for (auto it = m_entries.crbegin(); it != m_entries.crend(); ++it) {
        const JournalEntry &entry = *it;
        auto *item = new QTreeWidgetItem(
                {entry.id, changeText(entry.change),
                 locale.toString(entry.syncedAt.toLocalTime(), QLocale::ShortFormat)});
        item->setData(0, Qt::UserRole, entry.id);
        for (const Core::FieldChange &field : entry.fields) {
            auto *child = new QTreeWidgetItem(
                    {field.name(),
                     tr("%1 → %2").arg(valueText(field.oldValue), valueText(field.newValue))});
            child->setToolTip(1, fieldChangeText(field));
            item->addChild(child);
        }
        items.append(item);
    }
    m_tree->addTopLevelItems(items);
    if (items.size() <= 50) {
        m_tree->expandAll();
    }
    m_summary->setText(m_entries.isEmpty()
                               ? tr("No changes.")
                               : tr("%n changes, newest first.", nullptr, int(m_entries.size())));
}

void ChangesView::markAllSeen()
{
    if (!m_store) {
        return;
    }
    m_store->markAllSeen();
    Q_EMIT allSeen();
    refresh();
}

QString ChangesView::valueText(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
    const QString text = json.isEmpty() ? QString() : jsonText(doc.array().at(0));
    return text.isEmpty() ? u"—"_s : text;
}

QString ChangesView::fieldChangeText(const Core::FieldChange &change)
{
    return tr("%1: %2 → %3")
            .arg(change.name(), valueText(change.oldValue), valueText(change.newValue));
}

QString ChangesView::changeText(JournalEntry::Change change)
{
    switch (change) {
    case JournalEntry::Change::New:
        return tr("new");
    case JournalEntry::Change::Changed:
        return tr("changed");
    case JournalEntry::Change::Removed:
        return tr("removed");
    }
    return {};
}

} // namespace Pd::Gui
