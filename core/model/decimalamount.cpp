#include "decimalamount.h"

#include <algorithm>

namespace Pd::Core {

namespace {

constexpr int MaxIntegerDigits = 31;
constexpr int LowDigits = 36;

template<typename T>
constexpr T powerOfTen(int exponent)
{
    T value = 1;
    for (int i = 0; i < exponent; ++i) {
        value *= 10;
    }
    return value;
}

} // namespace

std::optional<DecimalAmount> DecimalAmount::parse(QStringView text)
{
    // One pass, no searching: this runs for every spend entry of every row.
    const auto digitAt = [&text](qsizetype i) {
        const char16_t c = text[i].unicode();
        return c >= u'0' && c <= u'9' ? int(c - u'0') : -1;
    };
    const qsizetype size = text.size();
    // Up to 19 digits fit in 64 bits; only longer amounts need the 128-bit arithmetic.
    quint64 head = 0;
    UInt128 hundredths = 0;
    int digits = 0;
    const auto push = [&head, &hundredths, &digits](int digit) {
        if (++digits <= 19) {
            head = head * 10 + quint64(digit);
            hundredths = head;
        } else {
            hundredths = hundredths * 10 + UInt128(digit);
        }
    };
    qsizetype i = 0;
    for (int digit = 0; i < size && (digit = digitAt(i)) >= 0; ++i) {
        push(digit);
    }
    const qsizetype integerDigits = i;
    if (integerDigits == 0 || integerDigits > MaxIntegerDigits
        || (integerDigits > 1 && text[0] == u'0')) {
        return std::nullopt;
    }
    int fractionDigits = 0;
    if (i < size) {
        if (text[i++] != u'.') {
            return std::nullopt;
        }
        for (int digit = 0; i < size && fractionDigits < 2 && (digit = digitAt(i)) >= 0; ++i) {
            push(digit);
            ++fractionDigits;
        }
        if (i != size) {
            return std::nullopt;
        }
    }
    for (; fractionDigits < 2; ++fractionDigits) {
        push(0);
    }
    DecimalAmount amount;
    amount.m_low = hundredths;
    return amount;
}

DecimalAmount &DecimalAmount::operator+=(const DecimalAmount &other)
{
    static constexpr UInt128 LowLimit = powerOfTen<UInt128>(LowDigits);
    m_high += other.m_high;
    m_low += other.m_low; // both below 10^36: the sum fits in 128 bits (about 3.4 × 10^38)
    if (m_low >= LowLimit) {
        m_low -= LowLimit;
        ++m_high;
    }
    return *this;
}

QString DecimalAmount::toString() const
{
    // Digits of the hundredths, least significant first.
    QString digits;
    UInt128 low = m_low;
    const int lowWidth = m_high ? LowDigits : 3; // at least "0.00"
    for (int i = 0; low != 0 || i < lowWidth; ++i) {
        digits.append(QChar(u'0' + int(low % 10)));
        low /= 10;
    }
    for (quint64 high = m_high; high != 0; high /= 10) {
        digits.append(QChar(u'0' + int(high % 10)));
    }
    std::reverse(digits.begin(), digits.end());
    digits.insert(digits.size() - 2, u'.');
    return digits;
}

double DecimalAmount::toDouble() const
{
    static const double LowLimit = powerOfTen<double>(LowDigits);
    return (double(m_high) * LowLimit + double(m_low)) / 100.0;
}

} // namespace Pd::Core
