#pragma once

#include "listopportunitiesrequest.h"
#include "pipelineselection.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Pd::Core {

/// A way of looking at the opportunities, saved under a name: the service-side filters and
/// sort (a ListOpportunitiesRequest without paging), the local filter (a chart part or an
/// attention view), the visible columns in their order and the sort of the loaded rows.
///
/// As JSON (README, "Saved views"):
///   {"name": "…", "filters": {ListOpportunities members}, "localFilter": {"kind": "…", …},
///    "columns": ["Id", "Customer.Account.CompanyName", …], "sort": {"column": "…", "order": "…"}}
/// `localFilter` and `sort` may be absent; a view file wraps one view as
/// {"version": 1, "view": {…}}. Reading checks every member, the filters with
/// ListOpportunitiesRequest::validate() too, and says what is wrong, in a translated sentence.
struct SavedView
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::SavedView)

public:
    static constexpr int FormatVersion = 1;

    QString name;
    ListOpportunitiesRequest filters;
    PipelineSelection localFilter;
    /// Column names (the header's RawValueRole) of the visible columns, left to right.
    QStringList columns;
    /// The column whose name the loaded rows are sorted by; empty: the service's order.
    QString sortColumn;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;

    QJsonObject toJson() const;
    static std::optional<SavedView> fromJson(const QJsonObject &object, QString *error);

    /// A view file: the view with the format version.
    QByteArray toFile() const;
    static std::optional<SavedView> fromFile(const QByteArray &data, QString *error);

    friend bool operator==(const SavedView &, const SavedView &) = default;
};

/// Every saved view and the one the window starts with, kept in one JSON file:
///   {"version": 1, "startView": "…", "views": [view, …]}
class SavedViews
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::SavedViews)

public:
    /// views.json in the configuration folder (QStandardPaths::AppConfigLocation).
    static QString defaultPath();

    /// Reads `path`; a missing file is no views. False with `*error` when it cannot be read.
    bool load(const QString &path, QString *error);
    bool save(const QString &path, QString *error) const;

    const QList<SavedView> &views() const { return m_views; }
    QStringList names() const;
    const SavedView *find(const QString &name) const;
    /// Adds `view`, or replaces the view of the same name.
    void put(const SavedView &view);
    /// False when `from` does not exist or `to` is empty or taken.
    bool rename(const QString &from, const QString &to);
    void remove(const QString &name);
    /// The view opened at start; empty for none.
    QString startView() const { return m_startView; }
    void setStartView(const QString &name);

private:
    QList<SavedView> m_views;
    QString m_startView;
};

} // namespace Pd::Core
