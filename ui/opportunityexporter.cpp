#include "opportunityexporter.h"

#include "csvwriter.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytableview.h"
#include "opportunitytext.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using Pd::Core::ListOpportunitiesRequest;
using Pd::Core::OpportunityField;
using Pd::Core::OpportunityModel;
namespace OpportunityFields = Pd::Core::OpportunityFields;

Q_LOGGING_CATEGORY(lcOpportunityExporter, "partnerdesk.ui.opportunityexporter")

namespace Pd::Gui {

namespace {

constexpr int MaxValuesInName = 3;
constexpr int MaxNameLength = 160;

/// Letters and digits of `text` (any script), everything else dropped.
QString nameWord(const QString &text)
{
    QString word;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            word += c;
        }
    }
    return word;
}

QString nameList(const QStringList &values)
{
    QStringList words;
    for (const QString &value : values) {
        if (const QString word = nameWord(value); !word.isEmpty()) {
            words += word;
        }
        if (words.size() == MaxValuesInName) {
            break;
        }
    }
    QString list = words.join(u'+');
    if (values.size() > MaxValuesInName) {
        list += u"+more"_s;
    }
    return list;
}

QString dayOf(const QDateTime &time)
{
    return time.toUTC().date().toString(Qt::ISODate);
}

QString rangePart(const QString &what, const QString &after, const QString &before)
{
    if (after.isEmpty() && before.isEmpty()) {
        return {};
    }
    if (before.isEmpty()) {
        return what + u"-from-"_s + after;
    }
    if (after.isEmpty()) {
        return what + u"-until-"_s + before;
    }
    return what + u'-' + after + u"-to-"_s + before;
}

} // namespace

OpportunityExporter::OpportunityExporter(OpportunityTableView *table, QObject *parent)
    : QObject(parent), m_table(table)
{ }

OpportunityExporter::~OpportunityExporter()
{
    if (m_file) {
        m_file->cancelWriting();
    }
}

void OpportunityExporter::start(const Options &options)
{
    if (isRunning()) {
        return;
    }
    ++m_run;
    m_options = options;
    m_error.clear();
    m_rowsWritten = 0;
    m_rows.clear();
    m_cancelling = false;

    OpportunityModel *model = m_table ? m_table->proxyModel()->opportunityModel() : nullptr;
    if (!model) {
        end(State::Failed, tr("There is no table to export."));
        return;
    }
    m_columns = columnsFor(m_table->horizontalHeader(), options.columns);

    // Opened first: a path that cannot be written fails before any page is loaded.
    m_file = std::make_unique<QSaveFile>(options.path);
    if (options.path.isEmpty() || !m_file->open(QIODevice::WriteOnly)) {
        const QString reason
                = options.path.isEmpty() ? tr("No file name was given.") : m_file->errorString();
        m_file.reset();
        end(State::Failed, tr("“%1” cannot be written: %2").arg(options.path, reason));
        return;
    }

    if (options.scope != Scope::AllRows || !model->hasMore()) {
        m_state = State::Writing;
        const quint64 run = m_run;
        QTimer::singleShot(0, this, [this, run] {
            if (run == m_run && m_state == State::Writing) {
                beginWriting();
            }
        });
        return;
    }
    if (!model->client()) {
        end(State::Failed, tr("Not connected: the remaining pages cannot be loaded. Export the "
                              "loaded rows instead, or connect first."));
        return;
    }
    m_state = State::Loading;
    connect(model, &OpportunityModel::loadAllProgress, this, &OpportunityExporter::loadingProgress);
    connect(model, &OpportunityModel::loadAllFinished, this, &OpportunityExporter::loadFinished);
    qCDebug(lcOpportunityExporter) << "loading the remaining pages before export";
    model->loadAll();
}

void OpportunityExporter::cancel()
{
    if (!isRunning()) {
        return;
    }
    m_cancelling = true;
    if (m_state == State::Loading) {
        OpportunityModel *model = m_table ? m_table->proxyModel()->opportunityModel() : nullptr;
        if (model && model->isLoadingAll()) {
            model->cancel(); // emits loadAllFinished(false)
            return;
        }
    }
    end(State::Cancelled);
}

void OpportunityExporter::loadFinished(bool complete)
{
    OpportunityModel *model = m_table ? m_table->proxyModel()->opportunityModel() : nullptr;
    if (m_state != State::Loading) {
        return;
    }
    if (m_cancelling) {
        end(State::Cancelled);
        return;
    }
    if (!complete || !model) {
        const Core::ApiError error = model ? model->lastError() : Core::ApiError();
        end(State::Failed,
            error.isError()
                    ? tr("Not every page could be loaded, so nothing was written: %1")
                              .arg(error.message.isEmpty() ? error.type : error.message)
                    : tr("Loading stopped before the last page (the filters changed or loading "
                         "was stopped), so nothing was written."));
        return;
    }
    m_state = State::Writing;
    beginWriting();
}

void OpportunityExporter::beginWriting()
{
    if (!m_table) {
        end(State::Failed, tr("The table was closed during the export."));
        return;
    }
    OpportunityModel *model = m_table->proxyModel()->opportunityModel();
    m_rows = sourceRowsFor(m_table, m_options.scope);
    // The writer reads records of model->rows(): a row replaced by a sync has a newer one.
    for (int &row : m_rows) {
        row = int(model->storageRow(row));
    }
    connect(model, &OpportunityModel::modelAboutToBeReset, this, [this] {
        if (m_state == State::Writing) {
            end(State::Failed, tr("The table was reloaded during the export, so nothing was "
                                  "written."));
        }
    });

    m_writer = std::make_unique<Core::CsvWriter>(m_file.get());
    m_writer->setWriteBom(m_options.byteOrderMark);
    m_writer->setNeutralizeFormulas(m_options.neutralizeFormulas);
    bool ok = true;
    QStringList titles;
    for (const int column : std::as_const(m_columns)) {
        if (OpportunityModel::isDetailColumn(column)) {
            titles += m_options.displayedHeaders
                              ? model->headerData(column, Qt::Horizontal).toString()
                              : OpportunityModel::detailColumnName(column);
        } else {
            const OpportunityField field = OpportunityModel::fieldAt(column);
            titles += m_options.displayedHeaders ? Core::OpportunityText::fieldTitle(field)
                                                 : Core::OpportunityFields::name(field);
        }
    }
    ok = m_writer->writeRow(titles);
    if (!ok) {
        end(State::Failed,
            tr("Writing “%1” failed: %2").arg(m_options.path, m_writer->errorString()));
        return;
    }
    Q_EMIT writingProgress(0, int(m_rows.size()));
    writeChunk();
}

void OpportunityExporter::writeChunk()
{
    if (m_state != State::Writing) {
        return;
    }
    const int total = int(m_rows.size());
    const int count = std::min(ChunkRows, total - m_rowsWritten);
    const OpportunityModel *model = m_table ? m_table->proxyModel()->opportunityModel() : nullptr;
    if (!model) {
        end(State::Failed, tr("The table was closed during the export."));
        return;
    }
    const auto detailCell = [model](QByteArrayView id, int column) {
        const int row = model->rowOf(QString::fromUtf8(id));
        return row < 0 ? QByteArray() : model->detailText(row, column).toUtf8();
    };
    if (!m_writer->writeRows(model->rows(), m_rows, m_rowsWritten, count, m_columns, detailCell)) {
        end(State::Failed,
            tr("Writing “%1” failed: %2").arg(m_options.path, m_writer->errorString()));
        return;
    }
    m_rowsWritten += count;
    Q_EMIT writingProgress(m_rowsWritten, total);
    if (m_state != State::Writing) {
        return; // cancelled from a progress handler
    }
    if (m_rowsWritten < total) {
        const quint64 run = m_run;
        QTimer::singleShot(0, this, [this, run] {
            if (run == m_run) {
                writeChunk();
            }
        });
        return;
    }
    if (!m_file->commit()) {
        end(State::Failed,
            tr("Writing “%1” failed: %2").arg(m_options.path, m_file->errorString()));
        return;
    }
    m_file.reset();
    qCInfo(lcOpportunityExporter) << "exported" << m_rowsWritten << "rows," << m_columns.size()
                                  << "columns";
    end(State::Succeeded);
}

void OpportunityExporter::end(State state, const QString &error)
{
    if (OpportunityModel *model = m_table ? m_table->proxyModel()->opportunityModel() : nullptr) {
        disconnect(model, nullptr, this, nullptr);
    }
    m_writer.reset();
    if (m_file) {
        m_file->cancelWriting();
        m_file.reset(); // removes the temporary file; the target is untouched
    }
    m_rows.clear();
    m_error = error;
    if (state != State::Succeeded) {
        m_rowsWritten = 0;
    }
    // finished() always from the event loop, never inside start() or cancel().
    const quint64 run = m_run;
    m_state = state;
    QTimer::singleShot(0, this, [this, run] {
        if (run == m_run) {
            Q_EMIT finished();
        }
    });
}

QList<int> OpportunityExporter::columnsFor(const QHeaderView *header, Columns columns)
{
    QList<int> out;
    if (columns == Columns::AllFields || !header) {
        for (const OpportunityField field : OpportunityFields::all()) {
            out += OpportunityModel::columnOf(field);
        }
        return out;
    }
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical)) {
            out += logical;
        }
    }
    return out;
}

QList<int> OpportunityExporter::sourceRowsFor(const OpportunityTableView *table, Scope scope)
{
    const OpportunityProxyModel *proxy = table->proxyModel();
    QList<int> proxyRows;
    if (scope == Scope::SelectedRows) {
        const QItemSelection selection = table->selectionModel()->selection();
        for (const QItemSelectionRange &range : selection) {
            for (int row = range.top(); row <= range.bottom(); ++row) {
                proxyRows += row;
            }
        }
        std::sort(proxyRows.begin(), proxyRows.end());
        proxyRows.erase(std::unique(proxyRows.begin(), proxyRows.end()), proxyRows.end());
    } else {
        proxyRows.reserve(proxy->rowCount());
        for (int row = 0; row < proxy->rowCount(); ++row) {
            proxyRows += row;
        }
    }
    QList<int> sourceRows;
    sourceRows.reserve(proxyRows.size());
    for (const int row : std::as_const(proxyRows)) {
        sourceRows += proxy->mapToSource(proxy->index(row, 0)).row();
    }
    return sourceRows;
}

QString OpportunityExporter::suggestedFileName(const ListOpportunitiesRequest &request,
                                               const QString &quickFilter, const QDate &date)
{
    QStringList parts{u"partnerdesk"_s, nameWord(request.catalog)};
    const auto addList = [&parts](const QString &what, const QStringList &values) {
        if (!values.isEmpty()) {
            parts += what + u'-' + nameList(values);
        }
    };
    addList(u"stage"_s, request.lifeCycleStage);
    addList(u"review"_s, request.lifeCycleReviewStatus);
    addList(u"company"_s, request.customerCompanyName);
    addList(u"id"_s, request.identifier);
    const auto addRange
            = [&parts](const QString &what, const QString &after, const QString &before) {
                  if (const QString part = rangePart(what, after, before); !part.isEmpty()) {
                      parts += part;
                  }
              };
    const auto days = [](const Core::DateTimeRange &range) {
        return std::pair{range.after.isValid() ? dayOf(range.after) : QString(),
                         range.before.isValid() ? dayOf(range.before) : QString()};
    };
    const auto [createdAfter, createdBefore] = days(request.createdDate);
    addRange(u"created"_s, createdAfter, createdBefore);
    const auto [modifiedAfter, modifiedBefore] = days(request.lastModifiedDate);
    addRange(u"modified"_s, modifiedAfter, modifiedBefore);
    addRange(u"close"_s, request.targetCloseDate.after, request.targetCloseDate.before);
    addList(u"matching"_s, quickFilter.split(u' ', Qt::SkipEmptyParts));

    QString name = parts.join(u'-');
    if (name.size() > MaxNameLength) {
        name = name.left(MaxNameLength);
    }
    return name + u'-' + date.toString(Qt::ISODate) + u".csv"_s;
}

} // namespace Pd::Gui
