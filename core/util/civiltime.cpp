#include "civiltime.h"

namespace Pd::Core::CivilTime {

qint64 daysFromCivil(int year, int month, int day)
{
    year -= month <= 2 ? 1 : 0;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int yearOfEra = year - era * 400;
    const int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return qint64(era) * 146097 + dayOfEra - 719468;
}

void civilFromDays(qint64 days, qint64 *year, int *month, int *day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra
            = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    *day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    *month = int(mp < 10 ? mp + 3 : mp - 9);
    *year = yearOfEra + era * 400 + (*month <= 2 ? 1 : 0);
}

bool isLeapYear(int year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int daysInMonth(int year, int month)
{
    static constexpr int Days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : Days[month - 1];
}

void splitDays(qint64 ms, qint64 *days, qint64 *msOfDay)
{
    *days = ms / MsPerDay;
    *msOfDay = ms % MsPerDay;
    if (*msOfDay < 0) {
        *msOfDay += MsPerDay;
        --*days;
    }
}

int writeDateTime(qint64 ms, char *out)
{
    qint64 days = 0;
    qint64 msOfDay = 0;
    splitDays(ms, &days, &msOfDay);
    qint64 year = 0;
    int month = 0;
    int day = 0;
    civilFromDays(days, &year, &month, &day);
    if (year < 0 || year > 9999) {
        return 0;
    }
    const auto digits = [&out](qint64 value, int count, int at) {
        for (int i = count - 1; i >= 0; --i) {
            out[at + i] = char('0' + value % 10);
            value /= 10;
        }
    };
    digits(year, 4, 0);
    out[4] = '-';
    digits(month, 2, 5);
    out[7] = '-';
    digits(day, 2, 8);
    out[10] = 'T';
    digits(msOfDay / 3'600'000, 2, 11);
    out[13] = ':';
    digits(msOfDay / 60'000 % 60, 2, 14);
    out[16] = ':';
    digits(msOfDay / 1000 % 60, 2, 17);
    int n = 19;
    if (msOfDay % 1000 != 0) {
        out[n] = '.';
        digits(msOfDay % 1000, 3, n + 1);
        n += 4;
    }
    out[n++] = 'Z';
    return n;
}

} // namespace Pd::Core::CivilTime
