#include "synccommand.h"

#include "jsonwriter.h"
#include "listopportunitiescommand.h"
#include "opportunitystoredb.h"
#include "storesync.h"

#include <QDir>
#include <QFileDevice>
#include <QIODevice>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Pd::Core {

SyncCommand::SyncCommand(const StoreCommandOptions &options, const CliOptions &listOptions,
                         OpportunityStoreDb *store, AwsClient *client, QIODevice *out,
                         QIODevice *err, QObject *parent)
    : QObject(parent), m_options(options), m_store(store), m_out(out), m_err(err)
{
    m_sync = new StoreSync(store, client, this);
    m_sync->setMode(options.full ? SyncMode::Full : SyncMode::Incremental);
    m_sync->setMaxConcurrency(listOptions.maxConcurrency);
    connect(m_sync, &StoreSync::progress, this, [this](qint64 rows) {
        m_rows = rows;
        showProgress(tr("%Ln opportunities synced", nullptr, int(rows)));
    });
    connect(m_sync, &StoreSync::waitingForQuota, this, [this] {
        showProgress(tr("%Ln opportunities synced, waiting for quota…", nullptr, int(m_rows)));
    });
    connect(m_sync, &StoreSync::finished, this, &SyncCommand::handleFinished);
}

SyncCommand::~SyncCommand() = default;

void SyncCommand::start()
{
    m_sync->start();
}

void SyncCommand::abort()
{
    if (m_sync->isRunning()) {
        m_sync->cancel();
        return;
    }
    finish(CliExitCode::Interrupted);
}

void SyncCommand::handleFinished()
{
    if (m_progressShown) {
        m_err->write("\n");
        m_progressShown = false;
    }
    switch (m_sync->status()) {
    case StoreSync::Status::Succeeded:
        break;
    case StoreSync::Status::Cancelled:
        finish(CliExitCode::Interrupted);
        return;
    case StoreSync::Status::Idle:
    case StoreSync::Status::Running:
    case StoreSync::Status::Busy:
    case StoreSync::Status::Failed:
        m_err->write(m_sync->errorString().toUtf8() + '\n');
        finish(m_sync->apiError().isError()
                       ? ListOpportunitiesCommand::exitCodeFor(m_sync->apiError())
                       : CliExitCode::OtherError);
        return;
    }

    const SyncRecord &record = m_sync->report().record;
    const QString mode = record.mode == SyncMode::Full ? u"full"_s : u"incremental"_s;
    QByteArray text;
    if (m_options.output == StoreCommandOptions::Output::Json) {
        JsonWriter json(&text, 4);
        json.beginObject();
        const auto number = [&json](std::string_view name, qint64 value) {
            json.key(name);
            json.value(value);
        };
        number("new", record.newCount);
        number("changed", record.changedCount);
        number("removed", record.removedCount);
        number("unchanged", record.unchangedCount);
        number("requests", record.requests);
        number("pages", record.pages);
        number("durationMs", record.durationMs);
        json.key("watermark");
        if (record.watermark.isEmpty()) {
            json.nullValue();
        } else {
            json.value(record.watermark);
        }
        json.stringMember("mode", mode);
        json.stringMember("store", m_store->path());
        json.endObject();
        text.append('\n');
    } else {
        const QLocale locale;
        text = tr("Synced catalog %1 (%2) into %3: %4 new, %5 changed, %6 removed, %7 "
                  "unchanged; %Ln request(s), %8 page(s), %9 s; watermark %10.",
                  nullptr, record.requests)
                       .arg(m_store->key().catalog, mode, QDir::toNativeSeparators(m_store->path()),
                            locale.toString(record.newCount), locale.toString(record.changedCount),
                            locale.toString(record.removedCount),
                            locale.toString(record.unchangedCount), locale.toString(record.pages))
                       .arg(locale.toString(double(record.durationMs) / 1000, 'f', 1),
                            record.watermark.isEmpty() ? tr("none") : record.watermark)
                       .toUtf8()
               + '\n';
    }
    m_out->write(text);
    auto *file = qobject_cast<QFileDevice *>(m_out);
    if (file && !file->flush()) {
        m_err->write(tr("Could not write the output: %1").arg(file->errorString()).toUtf8() + '\n');
        finish(CliExitCode::OtherError);
        return;
    }
    finish(CliExitCode::Success);
}

void SyncCommand::showProgress(const QString &text)
{
    if (!m_showProgress) {
        return;
    }
    m_err->write("\r" + text.toUtf8() + "\x1b[K");
    m_progressShown = true;
}

void SyncCommand::finish(CliExitCode code)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    if (auto *file = qobject_cast<QFileDevice *>(m_err)) {
        file->flush();
    }
    Q_EMIT finished(int(code));
}

} // namespace Pd::Core
