#include "awsclicommand.h"

#include "shellwords.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

/// Values the CLI would not take as plain list items.
bool needsJson(const QString &value)
{
    return value.isEmpty() || value.startsWith(u'-') || value.contains(u',') || value.contains(u'[')
           || value.contains(u']') || value.contains(u'{') || value.contains(u'}')
           || value.contains(u'"') || value.contains(u'\'') || value.contains(u'=');
}

void addList(QStringList *words, const QString &option, const QStringList &values)
{
    if (values.isEmpty()) {
        return;
    }
    words->append(option);
    if (std::any_of(values.begin(), values.end(), needsJson)) {
        words->append(ShellWords::quote(QString::fromUtf8(
                QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact))));
    } else {
        for (const QString &value : values) {
            words->append(ShellWords::quote(value));
        }
    }
}

/// `Key=value,Key=value` for the members that are set (their values need no shorthand quoting:
/// dates, date-times and enum values).
void addStructure(QStringList *words, const QString &option,
                  const QList<std::pair<QString, QString>> &members)
{
    QStringList pairs;
    for (const auto &[key, value] : members) {
        if (!value.isEmpty()) {
            pairs.append(key + u'=' + value);
        }
    }
    if (!pairs.isEmpty()) {
        words->append(option);
        words->append(ShellWords::quote(pairs.join(u',')));
    }
}

QString dateTime(const QDateTime &time)
{
    return time.isValid() ? Model::formatDateTime(time) : QString();
}

} // namespace

QString AwsCliCommand::listOpportunities(const ListOpportunitiesRequest &request,
                                         const QStringList &localFilters)
{
    QStringList words{u"aws"_s, u"partnercentral-selling"_s, u"list-opportunities"_s,
                      u"--catalog"_s, ShellWords::quote(request.catalog)};
    addList(&words, u"--identifier"_s, request.identifier);
    addList(&words, u"--life-cycle-stage"_s, request.lifeCycleStage);
    addList(&words, u"--life-cycle-review-status"_s, request.lifeCycleReviewStatus);
    addList(&words, u"--customer-company-name"_s, request.customerCompanyName);
    addStructure(&words, u"--last-modified-date"_s,
                 {{u"AfterLastModifiedDate"_s, dateTime(request.lastModifiedDate.after)},
                  {u"BeforeLastModifiedDate"_s, dateTime(request.lastModifiedDate.before)}});
    addStructure(&words, u"--created-date"_s,
                 {{u"AfterCreatedDate"_s, dateTime(request.createdDate.after)},
                  {u"BeforeCreatedDate"_s, dateTime(request.createdDate.before)}});
    addStructure(&words, u"--target-close-date"_s,
                 {{u"AfterTargetCloseDate"_s, request.targetCloseDate.after},
                  {u"BeforeTargetCloseDate"_s, request.targetCloseDate.before}});
    if (request.sort) {
        addStructure(
                &words, u"--sort"_s,
                {{u"SortBy"_s, request.sort->sortBy}, {u"SortOrder"_s, request.sort->sortOrder}});
    }
    QString command = words.join(u' ');
    if (!localFilters.isEmpty()) {
        QStringList lines = localFilters;
        for (QString &line : lines) {
            line = line.simplified();
        }
        command += u"  # local filters: "_s + lines.join(u"; "_s);
    }
    return command;
}

} // namespace Pd::Core
