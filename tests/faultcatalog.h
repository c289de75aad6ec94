#pragma once

#include "clientconfig.h"
#include "emulatoroptions.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <functional>

namespace Pd::Core {
class OpportunityModel;
}

namespace Pd::Emulator {

class EmulatorServer;

/// The emulator faults of the fault matrix (tst_faultmatrix, tst_guifaultmatrix): each fault
/// alone, then all of them together. Every one is recoverable for the AWS catalog with
/// clientConfig(); "other catalog denied" refuses Sandbox only.
namespace FaultCatalog {

inline constexpr int Count = 150; ///< opportunities in catalog AWS
inline constexpr int PageSize = 25;
inline constexpr int MaxAttempts = 6;

struct Fault
{
    const char *name;
    std::function<void(EmulatorOptions &)> apply;
};

const QList<Fault> &faults();
/// Indexes into faults() of those that change how one page's call goes (retries, drops, slow
/// or odd pages) and of all together: what a query change or a cancel mid-page can meet.
const QList<int> &callFaults();

/// Test data: an int column "fault" with a row per faults() index (addFaultRows), or a
/// "latency only" row (-1) and a row per callFaults() index (addMidPageRows).
void addFaultRows();
void addMidPageRows();

/// Fixed credentials, Count opportunities in AWS and 10 in Sandbox, a fixed seed: every
/// emulator started with these options serves the same rows.
EmulatorOptions baseOptions();

/// MaxAttempts attempts with backoffs of a few milliseconds, so every fault recovers quickly.
Core::ClientConfig clientConfig(const QUrl &endpoint);

/// Waits until `model` has at least `minRows` rows and the request for its next page has
/// reached `server` but its answer has not been applied: a page is in flight. Call it while
/// the model is loading (loadAll()); false on timeout.
bool waitForPageInFlight(const Core::OpportunityModel &model, const EmulatorServer &server,
                         int minRows, int timeoutMs);

/// Whether the emulator answered all of `received` requests, or all but one (a page the client
/// abandoned while it was in flight), from its request log (EmulatorOptions::logFile), where
/// each answered request is a line and a request whose client went away leaves none.
bool atMostOneUnanswered(const QString &logFile, int received);
/// The same for a client with up to `calls` requests in flight (a parallel listing).
bool atMostUnanswered(const QString &logFile, int received, int calls);

} // namespace FaultCatalog

} // namespace Pd::Emulator
