#pragma once

// Reads response shapes (see shapejson.h) from a simdjson DOM. Private to pd_api: it needs
// simdjson, which the library links privately.

#include "apierror.h"
#include "shapejson.h"
#include "utf8text.h"

#include <QCoreApplication>

#include <memory>
#include <simdjson.h>
#include <vector>

namespace Pd::Core::ShapeJson {

/// Fills a shape from its members' table. Unknown members are ignored, null means absent, null
/// list elements are skipped (as the JS SDK does), enum values pass through unchanged. A
/// wrongly typed member stops the reading with its path, e.g. "Customer.Contacts[2].Email".
class ShapeReader
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ShapeJson::ShapeReader)

public:
    template<Structure S>
    bool readRoot(const simdjson::dom::element &root, S *shape)
    {
        if (!root.is_object()) {
            m_error = tr("The response is not a JSON object.");
            return false;
        }
        return read(root, shape);
    }

    QString error() const { return m_error; }
    /// The member path of the wrongly typed member, e.g. "Customer.Contacts[2].Email".
    QString errorPath() const { return m_errorPath; }

private:
    using element = simdjson::dom::element;

    struct Segment
    {
        std::string_view name;
        qsizetype index = -1;
    };

    bool fail(const QString &expected);

    bool read(const element &value, QString *text);
    bool read(const element &value, qint64 *number);
    bool read(const element &value, StringMap *map);

    template<typename T>
    bool read(const element &value, std::optional<T> *out)
    {
        if (value.is_null()) {
            out->reset();
            return true;
        }
        T item{};
        if (!read(value, &item)) {
            return false;
        }
        *out = std::move(item);
        return true;
    }

    template<typename T>
    bool read(const element &value, QList<T> *list)
    {
        simdjson::dom::array array;
        if (value.get_array().get(array)) {
            return fail(tr("a list"));
        }
        list->reserve(qsizetype(array.size()));
        qsizetype index = 0;
        for (const element item : array) {
            if (!item.is_null()) {
                m_path.back().index = index;
                if (!read(item, &list->emplaceBack())) {
                    return false;
                }
            }
            ++index;
        }
        m_path.back().index = -1;
        return true;
    }

    template<Structure S>
    bool read(const element &value, S *shape)
    {
        simdjson::dom::object object;
        if (value.get_object().get(object)) {
            return fail(tr("an object"));
        }
        const auto members = S::members();
        for (const auto field : object) {
            bool ok = true;
            std::apply(
                    [&](const auto &...m) {
                        const auto readMember = [&](const auto &member) {
                            if (field.key != member.name) {
                                return false;
                            }
                            m_path.push_back(Segment{member.name});
                            ok = read(field.value, &(shape->*(member.field)));
                            if (ok) {
                                m_path.pop_back();
                            }
                            return true;
                        };
                        (readMember(m) || ...);
                    },
                    members);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    std::vector<Segment> m_path;
    QString m_error;
    QString m_errorPath;
};

/// Parses a JSON object into `*shape`; false with `*error` set when it is not valid JSON or a
/// member has the wrong type (`*shape` is then reset, `*errorPath` names that member).
template<Structure S>
bool parse(const QByteArray &body, S *shape, QString *error, QString *errorPath = nullptr)
{
    // One parser per thread for the usual answers of a few KB; a large one gets its own, so
    // that its buffers are not kept.
    constexpr qsizetype ReusedParserMaxBytes = 1024 * 1024;
    thread_local simdjson::dom::parser reusedParser;
    std::unique_ptr<simdjson::dom::parser> ownParser;
    simdjson::dom::parser *parser = &reusedParser;
    if (body.size() > ReusedParserMaxBytes) {
        ownParser = std::make_unique<simdjson::dom::parser>();
        parser = ownParser.get();
    }
    *shape = {};
    simdjson::dom::element root;
    if (const auto code = parser->parse(body.constData(), size_t(body.size())).get(root)) {
        if (error) {
            *error = ShapeReader::tr("The response is not valid JSON: %1.")
                             .arg(QString::fromLatin1(simdjson::error_message(code)));
        }
        return false;
    }
    ShapeReader reader;
    if (!reader.readRoot(root, shape)) {
        *shape = {};
        if (error) {
            *error = reader.error();
        }
        if (errorPath) {
            *errorPath = reader.errorPath();
        }
        return false;
    }
    return true;
}

/// A request read from JSON (`--cli-input-json`, the emulator): a wrongly typed member becomes
/// the FieldError the service would report.
template<Structure Request>
Request readRequest(const QByteArray &json, QList<Core::FieldError> *errors)
{
    Request request;
    QString problem;
    QString path;
    if (!parse(json, &request, &problem, &path) && errors) {
        errors->append(Core::FieldError{path, QStringLiteral("INVALID_VALUE"), problem});
    }
    return request;
}

} // namespace Pd::Core::ShapeJson
