#pragma once

#include "opportunitysummary.h"

#include <QString>

namespace Pd::Emulator {

/// Deterministic, realistic OpportunitySummary rows.
///
/// Row `index` of a catalog depends only on (seed, catalog, index), so a larger --count keeps
/// the smaller dataset as its prefix. Every field of the model is used: company names with
/// Unicode, commas, quotes, newlines, tabs and leading "=", "+", "-", "@"; duplicate names
/// differing only in case; missing optional fields and missing nested objects; up to four
/// expected-spend entries with decimal-string amounts (0–2 decimals, up to 31 integer digits);
/// millisecond timestamps; LastModifiedDate and CreatedDate on every row, as the service
/// maintains them. Sort ties as the service makes them: `bulkPercent()` of the rows were
/// changed in a bulk update (one of a few shared LastModifiedDates), and as many were created
/// by a bulk import (a shared CreatedDate, the same customer written with other case or
/// accents, a shared quarter-end TargetCloseDate). The first 249 rows of a catalog cycle
/// through every value of every enum (countries, currencies, industries, stages, review
/// statuses, closed-lost reasons, opportunity types, delivery models). Dates spread over the
/// three years before 2026-08-01.
class DatasetGenerator final
{
public:
    DatasetGenerator(quint32 seed, QString region, QString accountId);

    /// Percent of rows in bulk updates and in bulk imports, 0..100 (default 8).
    void setBulkPercent(int percent);
    int bulkPercent() const { return m_bulkPercent; }

    Core::OpportunitySummary summary(const QString &catalog, int index) const;

    /// The identifier of row `index`, unique within a catalog. Most are "O" + 7 or 9 digits;
    /// every 101st has 11 digits, so identifier order is not text order.
    static QString identifier(const QString &catalog, int index);

private:
    quint32 m_seed = 1;
    int m_bulkPercent = 8;
    QString m_region;
    QString m_accountId;
};

} // namespace Pd::Emulator
