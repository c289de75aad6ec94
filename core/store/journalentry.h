#pragma once

#include "opportunityfield.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace Pd::Core {

/// One field of an opportunity that a sync found different.
struct FieldChange
{
    OpportunityField field = OpportunityField::Id;
    QByteArray oldValue; ///< a JSON value (null, a string, a list), compact
    QByteArray newValue;
    /// The API member path, as OpportunityFields::name() ("LifeCycle.Stage").
    QString name() const { return OpportunityFields::name(field); }
    friend bool operator==(const FieldChange &, const FieldChange &) = default;
};

/// What one sync did to one opportunity.
struct JournalEntry
{
    enum class Change { New, Changed, Removed };

    qint64 syncId = 0;
    QDateTime syncedAt; ///< when the sync committed it (UTC, local clock)
    QString id;
    Change change = Change::New;
    /// The opportunity's LastModifiedDate as the service sent it (for Removed: the last one
    /// stored).
    QString lastModifiedDate;
    QList<FieldChange> fields; ///< Changed only: every field that differs, in field order

    static QString changeName(Change change); ///< "new", "changed", "removed"
};

} // namespace Pd::Core
