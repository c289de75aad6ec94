#include "shapereader.h"

using namespace Qt::StringLiterals;

namespace Pd::Core::ShapeJson {

bool ShapeReader::fail(const QString &expected)
{
    QString path;
    for (const Segment &segment : m_path) {
        if (!path.isEmpty()) {
            path.append(u'.');
        }
        path.append(QLatin1StringView(segment.name.data(), qsizetype(segment.name.size())));
        if (segment.index >= 0) {
            path.append(u'[' + QString::number(segment.index) + u']');
        }
    }
    m_errorPath = path;
    m_error = tr("%1 must be %2.").arg(path, expected);
    return false;
}

bool ShapeReader::read(const element &value, QString *text)
{
    std::string_view utf8;
    if (!value.get_string().get(utf8)) {
        *text = utf8ToString(QByteArrayView(utf8.data(), qsizetype(utf8.size())));
        return true;
    }
    if (value.is_null()) {
        *text = QString();
        return true;
    }
    return fail(tr("a string"));
}

bool ShapeReader::read(const element &value, qint64 *number)
{
    int64_t integer = 0;
    if (!value.get_int64().get(integer)) {
        *number = integer;
        return true;
    }
    return fail(tr("a whole number"));
}

bool ShapeReader::read(const element &value, StringMap *map)
{
    simdjson::dom::object object;
    if (value.get_object().get(object)) {
        return fail(tr("an object"));
    }
    for (const auto field : object) {
        QString text;
        if (!field.value.is_null()) {
            m_path.push_back(Segment{field.key});
            if (!read(field.value, &text)) {
                return false;
            }
            m_path.pop_back();
            map->append(
                    {utf8ToString(QByteArrayView(field.key.data(), qsizetype(field.key.size()))),
                     text});
        }
    }
    return true;
}

} // namespace Pd::Core::ShapeJson
