#pragma once

#include "journalentry.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace Pd::Core {
class OpportunityStoreDb;
}

namespace Pd::Gui {

/// What the syncs of the local copy changed (ChangeJournal): since the user last looked, in
/// the last sync or in the last five. One item per opportunity and sync (new, changed, removed)
/// with a child per changed field, "old → new". "Mark All as Seen" records that the user
/// looked (OpportunityStoreDb::markAllSeen()). Activating an item asks the window to show that
/// opportunity.
class ChangesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangesView)

public:
    enum class Scope { SinceLastLooked, LastSync, LastFiveSyncs };

    explicit ChangesView(QWidget *parent = nullptr);

    /// The store to read (not owned; null shows nothing). Reads it at once.
    void setStore(Core::OpportunityStoreDb *store);
    void setScope(Scope scope);
    Scope scope() const;
    /// The entries shown, oldest first.
    const QList<Core::JournalEntry> &entries() const { return m_entries; }
    QTreeWidget *tree() const { return m_tree; }

    /// A journal value (compact JSON) as text: "—" for null or absent, strings as they are,
    /// lists joined with ", ", objects as compact JSON.
    static QString valueText(const QByteArray &json);
    /// "LifeCycle.Stage: Qualified → Committed".
    static QString fieldChangeText(const Core::FieldChange &change);
    /// "new", "changed", "removed", translated.
    static QString changeText(Core::JournalEntry::Change change);

public Q_SLOTS:
    /// Reads the journal again.
    void refresh();
    void markAllSeen();

Q_SIGNALS:
    void opportunityActivated(const QString &id);
    /// The user marked everything as seen.
    void allSeen();

private:
    Core::OpportunityStoreDb *m_store = nullptr;
    QComboBox *m_scope = nullptr;
    QPushButton *m_markSeen = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_tree = nullptr;
    QList<Core::JournalEntry> m_entries;
};

} // namespace Pd::Gui
