#pragma once

#include <Qt>

namespace Pd::Core {

/// Custom item data roles of OpportunityModel (and the proxies above it).
enum ItemDataRole {
    IdRole = Qt::UserRole, ///< QString: the opportunity's Id
    SortRole, ///< a value that orders the column: ms timestamps, lifecycle index, numbers, text
    RawValueRole, ///< QString: the field exactly as the service sent it (API values)
    OpportunityRole, ///< Pd::Core::OpportunitySummary: the whole row
    OverdueRole, ///< bool: an open opportunity whose target close date has passed
    UnseenRole, ///< bool: new or changed by a sync since the user last looked at it
};

} // namespace Pd::Core
