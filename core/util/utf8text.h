#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringDecoder>

namespace Pd::Core {

/// UTF-8 to QString, keeping a leading U+FEFF: QString::fromUtf8() drops it as a byte order
/// mark, but at the start of a JSON string value it is part of the value.
inline QString utf8ToString(QByteArrayView utf8)
{
    if (!utf8.startsWith("\xEF\xBB\xBF")) {
        return QString::fromUtf8(utf8); // the fast path
    }
    QStringDecoder decoder(QStringConverter::Utf8,
                           QStringConverter::Flag::Stateless
                                   | QStringConverter::Flag::ConvertInitialBom);
    return decoder.decode(utf8);
}

} // namespace Pd::Core
