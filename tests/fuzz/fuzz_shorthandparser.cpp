// ShorthandParser::parse on arbitrary text: either an object or an error message, never both.
#include "shorthandparser.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto object = Pd::Core::ShorthandParser::parse(input, &error);
    if (object.has_value() == !error.isEmpty())
        std::abort();
    return 0;
}
