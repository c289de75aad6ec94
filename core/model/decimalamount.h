#pragma once

#include <QString>
#include <QStringView>
#include <QtGlobal>

#include <compare>
#include <optional>

namespace Pd::Core {

/// A non-negative decimal amount with two fraction digits, exact: the model's Amount text
/// (`^((0|([1-9][0-9]{0,30}))(\.[0-9]{0,2})?)?$`, up to 31 integer digits) and sums of any
/// number of them, never through binary floating point.
///
/// The value is kept in hundredths as `high × 10^36 + low` with `low` below 10^36 in a 128-bit
/// integer: one amount is below 10^33 hundredths, so an addition never overflows the low part
/// before its carry is taken.
class DecimalAmount final
{
public:
    DecimalAmount() = default;

    /// The amount `text` spells, or nothing when it is empty or not of the model's pattern.
    static std::optional<DecimalAmount> parse(QStringView text);

    DecimalAmount &operator+=(const DecimalAmount &other);
    bool isZero() const { return m_high == 0 && m_low == 0; }

    /// The digits with exactly two fraction digits ("0.00", "1234.50").
    QString toString() const;
    /// An approximation for drawing (bar lengths); never for sums or text.
    double toDouble() const;

    friend bool operator==(const DecimalAmount &, const DecimalAmount &) = default;
    friend std::strong_ordering operator<=>(const DecimalAmount &a, const DecimalAmount &b)
    {
        if (a.m_high != b.m_high) {
            return a.m_high <=> b.m_high;
        }
        return a.m_low == b.m_low  ? std::strong_ordering::equal
               : a.m_low < b.m_low ? std::strong_ordering::less
                                   : std::strong_ordering::greater;
    }

private:
    __extension__ typedef unsigned __int128 UInt128;
    UInt128 m_low = 0; ///< hundredths below 10^36
    quint64 m_high = 0; ///< multiples of 10^36 hundredths
};

} // namespace Pd::Core
