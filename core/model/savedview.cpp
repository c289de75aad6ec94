#include "savedview.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

using Kind = PipelineSelection::Kind;

constexpr std::array<std::pair<Kind, QLatin1StringView>, 6> KindNames{{
        {Kind::StageAndReviewStatus, "stageAndReviewStatus"_L1},
        {Kind::StageSpend, "stageSpend"_L1},
        {Kind::CloseMonth, "closeMonth"_L1},
        {Kind::Age, "age"_L1},
        {Kind::ClosedLostReason, "closedLostReason"_L1},
        {Kind::Attention, "attention"_L1},
}};

/// The members each kind uses, by JSON name.
QList<std::pair<QLatin1StringView, QString PipelineSelection::*>> membersOf(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::StageAndReviewStatus:
        return {{"stage"_L1, &PipelineSelection::stage},
                {"reviewStatus"_L1, &PipelineSelection::reviewStatus}};
    case Kind::StageSpend:
        return {{"stage"_L1, &PipelineSelection::stage},
                {"currencyCode"_L1, &PipelineSelection::currencyCode}};
    case Kind::CloseMonth:
    case Kind::Age:
        return {{"bucket"_L1, &PipelineSelection::bucket}};
    case Kind::ClosedLostReason:
        return {{"reason"_L1, &PipelineSelection::reason}};
    case Kind::Attention:
        return {{"view"_L1, &PipelineSelection::bucket}};
    }
    return {};
}

QJsonValue nullable(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

/// A member that must be a string when present.
bool readString(const QJsonObject &object, QLatin1StringView key, QString *value, QString *error)
{
    const QJsonValue member = object.value(key);
    if (member.isUndefined() || member.isNull()) {
        value->clear();
        return true;
    }
    if (!member.isString()) {
        *error = SavedView::tr("\"%1\" must be a string.").arg(key);
        return false;
    }
    *value = member.toString();
    return true;
}

bool readLocalFilter(const QJsonValue &value, PipelineSelection *selection, QString *error)
{
    *selection = {};
    if (value.isUndefined() || value.isNull()) {
        return true;
    }
    if (!value.isObject()) {
        *error = SavedView::tr("\"localFilter\" must be an object.");
        return false;
    }
    const QJsonObject object = value.toObject();
    const QString kindName = object.value("kind"_L1).toString();
    const auto known
            = std::find_if(KindNames.begin(), KindNames.end(),
                           [&kindName](const auto &entry) { return entry.second == kindName; });
    if (known == KindNames.end()) {
        *error = SavedView::tr("\"localFilter\": unknown kind \"%1\".").arg(kindName);
        return false;
    }
    selection->kind = known->first;
    for (const auto &[key, member] : membersOf(selection->kind)) {
        if (!readString(object, key, &(selection->*member), error)) {
            *error = u"\"localFilter\": "_s + *error;
            return false;
        }
    }
    if (selection->kind == Kind::Attention && !selection->attentionView()) {
        *error = SavedView::tr("\"localFilter\": unknown attention view \"%1\".")
                         .arg(selection->bucket);
        return false;
    }
    return true;
}

} // namespace

QJsonObject SavedView::toJson() const
{
    QJsonObject object;
    object.insert("name"_L1, name);
    ListOpportunitiesRequest request = filters;
    request.nextToken.clear();
    request.maxResults.reset();
    object.insert("filters"_L1, QJsonDocument::fromJson(request.toJson()).object());
    if (!localFilter.isNone()) {
        QJsonObject local;
        const auto known
                = std::find_if(KindNames.begin(), KindNames.end(), [this](const auto &entry) {
                      return entry.first == localFilter.kind;
                  });
        local.insert("kind"_L1, known->second);
        for (const auto &[key, member] : membersOf(localFilter.kind)) {
            local.insert(key, nullable(localFilter.*member));
        }
        object.insert("localFilter"_L1, local);
    }
    object.insert("columns"_L1, QJsonArray::fromStringList(columns));
    if (!sortColumn.isEmpty()) {
        object.insert("sort"_L1,
                      QJsonObject{{"column"_L1, sortColumn},
                                  {"order"_L1, sortOrder == Qt::AscendingOrder ? "ascending"_L1
                                                                               : "descending"_L1}});
    }
    return object;
}

std::optional<SavedView> SavedView::fromJson(const QJsonObject &object, QString *error)
{
    SavedView view;
    const QJsonValue name = object.value("name"_L1);
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        *error = tr("A view needs a name (\"name\", a non-empty string).");
        return std::nullopt;
    }
    view.name = name.toString().trimmed();
    const auto fail = [&view, error](const QString &message) {
        *error = tr("View \"%1\": %2").arg(view.name, message);
        return std::nullopt;
    };

    const QJsonValue filters = object.value("filters"_L1);
    if (!filters.isObject()) {
        return fail(tr("\"filters\" must be an object of ListOpportunities members."));
    }
    QList<FieldError> errors;
    view.filters = ListOpportunitiesRequest::fromJson(
            QJsonDocument(filters.toObject()).toJson(QJsonDocument::Compact), &errors);
    if (errors.isEmpty()) {
        errors = view.filters.validate();
    }
    if (!errors.isEmpty()) {
        const FieldError &first = errors.constFirst();
        return fail(tr("filters.%1: %2").arg(first.fieldName, first.message));
    }
    view.filters.nextToken.clear();
    view.filters.maxResults.reset();

    QString message;
    if (!readLocalFilter(object.value("localFilter"_L1), &view.localFilter, &message)) {
        return fail(message);
    }

    const QJsonValue columns = object.value("columns"_L1);
    if (!columns.isUndefined()) {
        if (!columns.isArray()) {
            return fail(tr("\"columns\" must be a list of column names."));
        }
        for (const QJsonValue &column : columns.toArray()) {
            if (!column.isString()) {
                return fail(tr("\"columns\" must be a list of column names."));
            }
            view.columns.append(column.toString());
        }
    }

    const QJsonValue sort = object.value("sort"_L1);
    if (!sort.isUndefined() && !sort.isNull()) {
        const QJsonObject sortObject = sort.toObject();
        const QString order = sortObject.value("order"_L1).toString();
        if (!sort.isObject() || !sortObject.value("column"_L1).isString()
            || (order != "ascending"_L1 && order != "descending"_L1)) {
            return fail(tr("\"sort\" must be {\"column\": name, \"order\": \"ascending\" or "
                           "\"descending\"}."));
        }
        view.sortColumn = sortObject.value("column"_L1).toString();
        view.sortOrder = order == "ascending"_L1 ? Qt::AscendingOrder : Qt::DescendingOrder;
    }
    return view;
}

namespace {

/// The version check every file of views shares.
std::optional<QJsonObject> readVersioned(const QByteArray &data, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = SavedView::tr("Not valid JSON: %1 at offset %2.")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = SavedView::tr("Not a PartnerDesk view file: a JSON object is expected.");
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    const QJsonValue version = root.value("version"_L1);
    if (!version.isDouble() || version.toDouble() != double(version.toInt())
        || version.toInt() < 1) {
        *error = SavedView::tr("Not a PartnerDesk view file: \"version\" must be a positive "
                               "whole number.");
        return std::nullopt;
    }
    if (version.toInt() > SavedView::FormatVersion) {
        *error = SavedView::tr("The file is from a newer PartnerDesk (format version %1); this "
                               "version reads format version %2.")
                         .arg(version.toInt())
                         .arg(SavedView::FormatVersion);
        return std::nullopt;
    }
    return root;
}

} // namespace

QByteArray SavedView::toFile() const
{
    return QJsonDocument(QJsonObject{{"version"_L1, FormatVersion}, {"view"_L1, toJson()}})
            .toJson(QJsonDocument::Indented);
}

std::optional<SavedView> SavedView::fromFile(const QByteArray &data, QString *error)
{
    const std::optional<QJsonObject> root = readVersioned(data, error);
    if (!root) {
        return std::nullopt;
    }
    if (!root->value("view"_L1).isObject()) {
        *error = tr("Not a PartnerDesk view file: \"view\" must be an object.");
        return std::nullopt;
    }
    return fromJson(root->value("view"_L1).toObject(), error);
}

QString SavedViews::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/views.json"_s;
}

bool SavedViews::load(const QString &path, QString *error)
{
    m_views.clear();
    m_startView.clear();
    QFile file(path);
    if (!file.exists()) {
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const std::optional<QJsonObject> root = readVersioned(file.readAll(), error);
    if (!root) {
        *error = tr("%1: %2").arg(QDir::toNativeSeparators(path), *error);
        return false;
    }
    if (!root->value("views"_L1).isArray()) {
        *error = tr("%1: \"views\" must be a list.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    for (const QJsonValue &value : root->value("views"_L1).toArray()) {
        const std::optional<SavedView> view = SavedView::fromJson(value.toObject(), error);
        if (!view) {
            *error = tr("%1: %2").arg(QDir::toNativeSeparators(path), *error);
            m_views.clear();
            return false;
        }
        put(*view);
    }
    setStartView(root->value("startView"_L1).toString());
    return true;
}

bool SavedViews::save(const QString &path, QString *error) const
{
    QJsonArray views;
    for (const SavedView &view : m_views) {
        views.append(view.toJson());
    }
    QJsonObject root{{"version"_L1, SavedView::FormatVersion}, {"views"_L1, views}};
    if (!m_startView.isEmpty()) {
        root.insert("startView"_L1, m_startView);
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

QStringList SavedViews::names() const
{
    QStringList names;
    for (const SavedView &view : m_views) {
        names.append(view.name);
    }
    return names;
}

const SavedView *SavedViews::find(const QString &name) const
{
    const auto found = std::find_if(m_views.begin(), m_views.end(),
                                    [&name](const SavedView &view) { return view.name == name; });
    return found == m_views.end() ? nullptr : &*found;
}

void SavedViews::put(const SavedView &view)
{
    const auto found = std::find_if(m_views.begin(), m_views.end(),
                                    [&view](const SavedView &v) { return v.name == view.name; });
    if (found == m_views.end()) {
        m_views.append(view);
    } else {
        *found = view;
    }
}

bool SavedViews::rename(const QString &from, const QString &to)
{
    const QString name = to.trimmed();
    if (name.isEmpty() || find(name) || !find(from)) {
        return false;
    }
    for (SavedView &view : m_views) {
        if (view.name == from) {
            view.name = name;
        }
    }
    if (m_startView == from) {
        m_startView = name;
    }
    return true;
}

void SavedViews::remove(const QString &name)
{
    m_views.removeIf([&name](const SavedView &view) { return view.name == name; });
    if (m_startView == name) {
        m_startView.clear();
    }
}

void SavedViews::setStartView(const QString &name)
{
    m_startView = find(name) ? name : QString();
}

} // namespace Pd::Core
