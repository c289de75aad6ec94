#pragma once

#include "datasetgenerator.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QString>
#include <QStringList>

namespace Pd::Emulator {

class OpportunityStore;

/// How many opportunities one churn step modifies, creates and removes.
struct ChurnStep
{
    int modified = 0;
    int created = 0;
    int removed = 0;
    bool isEmpty() const { return modified == 0 && created == 0 && removed == 0; }
};

/// The Ids a churn step touched, and the LastModifiedDate the boundary modifications got.
struct ChurnResult
{
    QStringList modifiedIds;
    QStringList createdIds;
    QStringList removedIds;
    /// The greatest LastModifiedDate of the catalog before the step, as written on the wire;
    /// the first modification of a step with two or more gets exactly this value (the
    /// inclusive-boundary case of an incremental sync). Empty for an empty catalog.
    QString previousMaximum;
};

/// Changes the emulator's data over time, as partners and AWS do: modifies opportunities (stage,
/// review status and comments, next steps, target close date, expected spend, company name),
/// creates new ones and removes some, in one catalog.
///
/// Every modified or created opportunity gets a LastModifiedDate after the catalog's previous
/// greatest one (and not before `now`), except the first modification of a step that has two or
/// more: it gets exactly the previous greatest value, the row a client holding that value as its
/// watermark must still receive with an inclusive AfterLastModifiedDate. Choices are
/// pseudo-random from the seed, so a test run is repeatable.
class DatasetChurn final
{
public:
    /// `store` is not owned. New opportunities come from `generator` past the rows already
    /// generated.
    DatasetChurn(OpportunityStore *store, DatasetGenerator generator, quint32 seed);

    ChurnResult apply(const QString &catalog, const ChurnStep &step, const QDateTime &now);

    /// Paces steps over time: `perMinute` of each kind, counted from this call.
    void setRatePerMinute(const ChurnStep &perMinute);
    bool hasRate() const { return !m_rate.isEmpty(); }
    /// What is due by now at the rate and has not been taken yet (then counts as taken).
    ChurnStep takeDue();

private:
    quint64 next();
    qint64 below(qint64 n);

    OpportunityStore *m_store;
    DatasetGenerator m_generator;
    quint64 m_state;
    QHash<QString, int> m_nextIndex; ///< per catalog: the next generator row for a creation
    ChurnStep m_rate;
    ChurnStep m_taken;
    QElapsedTimer m_clock;
};

} // namespace Pd::Emulator
