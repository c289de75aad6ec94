#pragma once

#include <QTest>

namespace Pd::Test {

/// For checks that something does not happen (a retry after an abort, a page after a cancel):
/// runs the event loop until `happened()` returns true or `withinMs` have passed, and returns
/// true when it never did. A regression fails as soon as it shows; a pass waits the whole
/// period, so `withinMs` should be the time in which the event would have come (a backoff, a
/// latency, a debounce), not a guess.
template<typename Predicate>
[[nodiscard]] bool nothingHappens(int withinMs, Predicate happened)
{
    return !QTest::qWaitFor(happened, withinMs);
}

} // namespace Pd::Test
