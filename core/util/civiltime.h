#pragma once

#include <QtGlobal>

namespace Pd::Core::CivilTime {

/// The one calendar of PartnerDesk: proleptic Gregorian, UTC, 1970-01-01 = day 0 (Howard
/// Hinnant's days_from_civil / civil_from_days).
constexpr qint64 MsPerDay = 86'400'000;

qint64 daysFromCivil(int year, int month, int day);
void civilFromDays(qint64 days, qint64 *year, int *month, int *day);
bool isLeapYear(int year);
int daysInMonth(int year, int month);

/// The ISO 8601 text the service and the AWS SDKs write for `ms` since the epoch:
/// "2026-03-01T10:00:00Z", with ".123" only when the milliseconds are not zero. Writes at most
/// 24 characters to `out` and returns their number, or 0 for a year outside 0..9999.
int writeDateTime(qint64 ms, char *out);

/// `ms` split into whole days since the epoch and the milliseconds of that day (0..MsPerDay-1).
void splitDays(qint64 ms, qint64 *days, qint64 *msOfDay);

} // namespace Pd::Core::CivilTime
