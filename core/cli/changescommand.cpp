#include "changescommand.h"

#include "changejournal.h"
#include "csvwriter.h"
#include "jsonwriter.h"
#include "listopportunitiesrequest.h"
#include "opportunitystoredb.h"

#include <QFileDevice>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

QString timeText(const QDateTime &time)
{
    return Model::formatDateTime(time);
}

/// A JSON value as a CSV cell: strings unquoted, null empty, lists and objects as JSON.
QString cellOf(const QByteArray &json)
{
    const QJsonValue value = QJsonDocument::fromJson("[" + json + "]").array().at(0);
    if (value.isString()) {
        return value.toString();
    }
    if (value.isNull() || value.isUndefined()) {
        return {};
    }
    return QString::fromUtf8(json);
}

} // namespace

ChangesCommand::ChangesCommand(const StoreCommandOptions &options, const OpportunityStoreDb *store,
                               QIODevice *out, QIODevice *err)
    : m_options(options), m_store(store), m_out(out), m_err(err)
{ }

QByteArray ChangesCommand::toJson(const QList<JournalEntry> &entries)
{
    QByteArray out;
    JsonWriter json(&out, 4);
    json.beginArray();
    for (const JournalEntry &entry : entries) {
        json.beginObject();
        json.stringMember("Id", entry.id);
        json.stringMember("Change", JournalEntry::changeName(entry.change));
        json.stringMember("SyncedAt", timeText(entry.syncedAt));
        json.key("LastModifiedDate");
        if (entry.lastModifiedDate.isNull()) {
            json.nullValue();
        } else {
            json.value(entry.lastModifiedDate);
        }
        json.key("Fields");
        json.beginObject();
        for (const FieldChange &field : entry.fields) {
            const QByteArray name = field.name().toUtf8();
            json.key(std::string_view(name.constData(), size_t(name.size())));
            json.beginObject();
            json.key("old");
            json.rawValue(field.oldValue);
            json.key("new");
            json.rawValue(field.newValue);
            json.endObject();
        }
        json.endObject();
        json.endObject();
    }
    json.endArray();
    out.append('\n');
    return out;
}

bool ChangesCommand::writeCsv(const QList<JournalEntry> &entries)
{
    CsvWriter csv(m_out);
    csv.writeRow({u"SyncedAt"_s, u"Id"_s, u"Change"_s, u"LastModifiedDate"_s, u"Field"_s, u"Old"_s,
                  u"New"_s});
    for (const JournalEntry &entry : entries) {
        const QStringList head{timeText(entry.syncedAt), entry.id,
                               JournalEntry::changeName(entry.change), entry.lastModifiedDate};
        if (entry.fields.isEmpty()) {
            csv.writeRow(head + QStringList{QString(), QString(), QString()});
        }
        for (const FieldChange &field : entry.fields) {
            csv.writeRow(
                    head
                    + QStringList{field.name(), cellOf(field.oldValue), cellOf(field.newValue)});
        }
    }
    if (csv.hasError()) {
        m_err->write(csv.errorString().toUtf8() + '\n');
        return false;
    }
    return true;
}

int ChangesCommand::run()
{
    const ChangeJournal journal(m_store);
    const QList<JournalEntry> entries = m_options.since.isValid()
                                                ? journal.entriesSince(m_options.since)
                                                : journal.entriesOfLastSyncs(m_options.last);
    bool written = true;
    if (m_options.output == StoreCommandOptions::Output::Csv) {
        written = writeCsv(entries);
    } else {
        written = m_out->write(toJson(entries)) >= 0;
    }
    auto *file = qobject_cast<QFileDevice *>(m_out);
    if (!written || (file && !file->flush())) {
        if (file) {
            m_err->write(tr("Could not write the output: %1").arg(file->errorString()).toUtf8()
                         + '\n');
        }
        return int(CliExitCode::OtherError);
    }
    return int(CliExitCode::Success);
}

} // namespace Pd::Core
