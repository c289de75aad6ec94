#include "shapejson.h"

namespace Pd::Core::ShapeJson {

void writeValue(JsonWriter &json, const QString &text)
{
    json.value(text);
}

void writeValue(JsonWriter &json, qint64 number)
{
    json.value(number);
}

void writeValue(JsonWriter &json, const StringMap &map)
{
    json.beginObject();
    QByteArray key;
    for (const auto &[name, value] : map) {
        // JsonWriter::key() writes names verbatim; a map key is data, so escape it first.
        key.clear();
        JsonWriter::appendString(&key, name);
        json.key(std::string_view(key.constData() + 1, size_t(key.size() - 2)));
        json.value(value);
    }
    json.endObject();
}

} // namespace Pd::Core::ShapeJson
