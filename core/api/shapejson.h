#pragma once

#include "jsonwriter.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

/// Response shapes described once, as a table of members, and written from that table.
///
/// A shape is a struct with `static constexpr auto members()` returning a tuple of
/// `ShapeJson::member("WireName", &Shape::field)` in model order. Field types: QString for
/// strings, enums and timestamps (null = absent, kept as received), `std::optional<qint64>` for
/// integers, and `std::optional<…>` of a shape, a QStringList, a QList of shapes or a StringMap
/// (absent when empty optional; an empty list or map is present). The same table drives the
/// reader in shapereader.h, so what is parsed is what is written back.
namespace Pd::Core::ShapeJson {

/// A JSON object of string values, in the order received.
using StringMap = QList<std::pair<QString, QString>>;

template<typename Shape, typename Field>
struct Member
{
    std::string_view name;
    Field Shape::*field;
};

template<typename Shape, typename Field>
constexpr Member<Shape, Field> member(std::string_view name, Field Shape::*field)
{
    return {name, field};
}

template<typename T>
concept Structure = requires
{
    T::members();
};

inline bool isPresent(const QString &text)
{
    return !text.isNull();
}
template<typename T>
bool isPresent(const std::optional<T> &value)
{
    return value.has_value();
}

void writeValue(JsonWriter &json, const QString &text);
void writeValue(JsonWriter &json, qint64 number);
void writeValue(JsonWriter &json, const StringMap &map);
template<typename T>
void writeValue(JsonWriter &json, const QList<T> &list);
template<typename T>
void writeValue(JsonWriter &json, const std::optional<T> &value);
template<Structure S>
void writeValue(JsonWriter &json, const S &shape);

template<typename T>
void writeValue(JsonWriter &json, const QList<T> &list)
{
    json.beginArray();
    for (const T &item : list) {
        writeValue(json, item);
    }
    json.endArray();
}

template<typename T>
void writeValue(JsonWriter &json, const std::optional<T> &value)
{
    writeValue(json, *value);
}

template<Structure S>
void writeValue(JsonWriter &json, const S &shape)
{
    json.beginObject();
    std::apply(
            [&json, &shape](const auto &...members) {
                const auto writeMember = [&json, &shape](const auto &m) {
                    if (isPresent(shape.*(m.field))) {
                        json.key(m.name);
                        writeValue(json, shape.*(m.field));
                    }
                };
                (writeMember(members), ...);
            },
            S::members());
    json.endObject();
}

/// The shape as JSON: compact, or indented like `aws … --output json` (Python's json.dumps
/// with that indent width; non-ASCII characters as they are).
template<Structure S>
QByteArray toJson(const S &shape, int indentWidth = 0)
{
    QByteArray out;
    out.reserve(4096);
    JsonWriter json(&out, indentWidth);
    writeValue(json, shape);
    return out;
}

} // namespace Pd::Core::ShapeJson
