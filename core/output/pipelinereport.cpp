#include "pipelinereport.h"

#include "csvwriter.h"
#include "jsonwriter.h"

#include <QBuffer>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

using Aggregate = PipelineAggregate;

void nullableMember(JsonWriter *json, std::string_view name, const QString &value)
{
    json->key(name);
    if (value.isNull()) {
        json->nullValue();
    } else {
        json->value(value);
    }
}

void countList(JsonWriter *json, std::string_view name, std::string_view bucketName,
               const QList<Aggregate::BucketCount> &buckets)
{
    json->key(name);
    json->beginArray();
    for (const Aggregate::BucketCount &entry : buckets) {
        json->beginObject();
        nullableMember(json, bucketName, entry.bucket);
        json->key("Count");
        json->value(entry.count);
        json->endObject();
    }
    json->endArray();
}

QString markdownCell(const QString &value)
{
    if (value.isNull()) {
        return u"(none)"_s;
    }
    QString cell = value;
    cell.replace(u'\\', u"\\\\"_s).replace(u'|', u"\\|"_s);
    cell.replace(u'\n', u' ').replace(u'\r', u' ');
    return cell;
}

void markdownTable(QString *out, const QString &heading, const QStringList &columns,
                   const QList<QStringList> &rows, int numericFrom)
{
    *out += u"\n## "_s + heading + u"\n\n| "_s + columns.join(u" | "_s) + u" |\n|"_s;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        *out += i >= numericFrom ? u"---:|"_s : u"---|"_s;
    }
    *out += u'\n';
    for (const QStringList &row : rows) {
        QStringList cells;
        for (const QString &cell : row) {
            cells.append(markdownCell(cell));
        }
        *out += u"| "_s + cells.join(u" | "_s) + u" |\n"_s;
    }
}

QList<QStringList> bucketRows(const QList<Aggregate::BucketCount> &buckets)
{
    QList<QStringList> rows;
    for (const Aggregate::BucketCount &entry : buckets) {
        rows.append({entry.bucket, QString::number(entry.count)});
    }
    return rows;
}

} // namespace

QByteArray PipelineReport::toJson(const PipelineAggregate &aggregate)
{
    QByteArray out;
    JsonWriter json(&out, 4);
    json.beginObject();
    json.key("Count");
    json.value(aggregate.count);
    json.key("ByStageAndReviewStatus");
    json.beginArray();
    for (const Aggregate::StageStatusCount &entry : aggregate.byStageAndReviewStatus) {
        json.beginObject();
        nullableMember(&json, "Stage", entry.stage);
        nullableMember(&json, "ReviewStatus", entry.reviewStatus);
        json.key("Count");
        json.value(entry.count);
        json.endObject();
    }
    json.endArray();
    json.key("MonthlySpendByStageAndCurrency");
    json.beginArray();
    for (const Aggregate::StageSpend &entry : aggregate.monthlySpendByStageAndCurrency) {
        json.beginObject();
        nullableMember(&json, "Stage", entry.stage);
        nullableMember(&json, "CurrencyCode", entry.currencyCode);
        json.key("Amount");
        json.value(entry.amount.toString());
        json.endObject();
    }
    json.endArray();
    json.key("SpendEntriesSkipped");
    json.value(aggregate.spendEntriesSkipped);
    countList(&json, "ByTargetCloseMonth", "Month", aggregate.byTargetCloseMonth);
    countList(&json, "ByAge", "Bucket", aggregate.byAge);
    countList(&json, "ClosedLostReasons", "Reason", aggregate.closedLostReasons);
    json.endObject();
    out += '\n';
    return out;
}

QByteArray PipelineReport::toCsv(const PipelineAggregate &aggregate, bool neutralizeFormulas,
                                 bool bom)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(&buffer);
    csv.setNeutralizeFormulas(neutralizeFormulas);
    csv.setWriteBom(bom);
    csv.writeRow({u"Section"_s, u"Stage"_s, u"ReviewStatus"_s, u"CurrencyCode"_s, u"Bucket"_s,
                  u"Count"_s, u"Amount"_s});
    csv.writeRow({u"Count"_s, {}, {}, {}, {}, QString::number(aggregate.count), {}});
    for (const Aggregate::StageStatusCount &entry : aggregate.byStageAndReviewStatus) {
        csv.writeRow({u"ByStageAndReviewStatus"_s,
                      entry.stage,
                      entry.reviewStatus,
                      {},
                      {},
                      QString::number(entry.count),
                      {}});
    }
    for (const Aggregate::StageSpend &entry : aggregate.monthlySpendByStageAndCurrency) {
        csv.writeRow({u"MonthlySpendByStageAndCurrency"_s,
                      entry.stage,
                      {},
                      entry.currencyCode,
                      {},
                      {},
                      entry.amount.toString()});
    }
    csv.writeRow({u"SpendEntriesSkipped"_s,
                  {},
                  {},
                  {},
                  {},
                  QString::number(aggregate.spendEntriesSkipped),
                  {}});
    const std::pair<QString, const QList<Aggregate::BucketCount> *> sections[] = {
            {u"ByTargetCloseMonth"_s, &aggregate.byTargetCloseMonth},
            {u"ByAge"_s, &aggregate.byAge},
            {u"ClosedLostReasons"_s, &aggregate.closedLostReasons},
    };
    for (const auto &[section, buckets] : sections) {
        for (const Aggregate::BucketCount &entry : *buckets) {
            csv.writeRow({section, {}, {}, {}, entry.bucket, QString::number(entry.count), {}});
        }
    }
    return out;
}

QByteArray PipelineReport::toMarkdown(const PipelineAggregate &aggregate)
{
    QString out = u"# Pipeline\n\n| Count | SpendEntriesSkipped |\n|---:|---:|\n| %1 | %2 |\n"_s
                          .arg(aggregate.count)
                          .arg(aggregate.spendEntriesSkipped);
    QList<QStringList> rows;
    for (const Aggregate::StageStatusCount &entry : aggregate.byStageAndReviewStatus) {
        rows.append({entry.stage, entry.reviewStatus, QString::number(entry.count)});
    }
    markdownTable(&out, u"ByStageAndReviewStatus"_s, {u"Stage"_s, u"ReviewStatus"_s, u"Count"_s},
                  rows, 2);
    rows.clear();
    for (const Aggregate::StageSpend &entry : aggregate.monthlySpendByStageAndCurrency) {
        rows.append({entry.stage, entry.currencyCode, entry.amount.toString()});
    }
    markdownTable(&out, u"MonthlySpendByStageAndCurrency"_s,
                  {u"Stage"_s, u"CurrencyCode"_s, u"Amount"_s}, rows, 2);
    markdownTable(&out, u"ByTargetCloseMonth"_s, {u"Month"_s, u"Count"_s},
                  bucketRows(aggregate.byTargetCloseMonth), 1);
    markdownTable(&out, u"ByAge"_s, {u"Bucket"_s, u"Count"_s}, bucketRows(aggregate.byAge), 1);
    markdownTable(&out, u"ClosedLostReasons"_s, {u"Reason"_s, u"Count"_s},
                  bucketRows(aggregate.closedLostReasons), 1);
    return out.toUtf8();
}

} // namespace Pd::Core
