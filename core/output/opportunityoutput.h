#pragma once

#include "opportunitysummary.h"

#include <QList>
#include <QString>

namespace Pd::Core {

/// A streaming sink for a listing: `begin()` once, `writeSummaries()` per page (in order),
/// `finish()` once. Implementations write to a QIODevice they do not own; every call returns
/// false after a write failure and `errorString()` says why.
class OpportunityOutput
{
public:
    virtual ~OpportunityOutput() = default;
    virtual bool begin() = 0;
    virtual bool writeSummaries(const QList<OpportunitySummary> &summaries) = 0;
    /// `nextToken`: a token to resume from (empty when the listing is complete).
    virtual bool finish(const QString &nextToken) = 0;
    virtual QString errorString() const = 0;
    /// True when `finish()` puts the resume token into the output itself.
    virtual bool carriesNextToken() const = 0;
};

} // namespace Pd::Core
