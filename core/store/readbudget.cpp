#include "readbudget.h"

#include "awsclient.h"
#include "opportunitystoredb.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

ReadBudget::ReadBudget(QObject *parent) : QObject(parent) { }

ReadBudget::~ReadBudget() = default;

void ReadBudget::useStore(OpportunityStoreDb *store)
{
    m_store = store;
    m_filePath.clear();
    load();
}

void ReadBudget::useFile(const QString &path)
{
    m_store = nullptr;
    m_filePath = path;
    load();
}

QString ReadBudget::filePath(const QString &identity, const QString &endpoint)
{
    const QByteArray hash = QCryptographicHash::hash((identity + u'\n' + endpoint).toUtf8(),
                                                     QCryptographicHash::Sha256)
                                    .toHex()
                                    .left(16);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/reads/"_L1
           + QString::fromLatin1(hash) + ".log"_L1;
}

void ReadBudget::watch(AwsClient *client)
{
    if (!client || m_clients.contains(client)) {
        return;
    }
    m_clients.append(client);
    connect(client, &AwsClient::requestSent, this, &ReadBudget::record);
}

void ReadBudget::load()
{
    m_reads.clear();
    const qint64 since = nowMs() - WindowMs;
    if (m_store && m_store->isOpen()) {
        const QList<OpportunityStoreDb::Read> reads = m_store->readsSince(since);
        for (const OpportunityStoreDb::Read &read : reads) {
            m_reads.append(Read{read.atMs, read.operation});
        }
    } else if (!m_filePath.isEmpty()) {
        QFile file(m_filePath);
        if (file.open(QIODevice::ReadOnly)) {
            while (!file.atEnd()) {
                const QByteArray line = file.readLine().trimmed();
                const qsizetype space = line.indexOf(' ');
                bool ok = false;
                const qint64 at = space > 0 ? line.left(space).toLongLong(&ok) : 0;
                if (ok && at >= since) {
                    m_reads.append(Read{at, QString::fromUtf8(line.mid(space + 1))});
                }
            }
            file.close();
            // Rewritten without the reads that left the window, so the file stays small.
            QSaveFile out(m_filePath);
            if (out.open(QIODevice::WriteOnly)) {
                for (const Read &read : std::as_const(m_reads)) {
                    out.write(QByteArray::number(read.atMs) + ' ' + read.operation.toUtf8() + '\n');
                }
                out.commit();
            }
        }
    }
    std::sort(m_reads.begin(), m_reads.end(),
              [](const Read &a, const Read &b) { return a.atMs < b.atMs; });
    Q_EMIT changed();
}

void ReadBudget::record(const QString &operation)
{
    const Read read{nowMs(), operation};
    m_reads.append(read);
    if (m_store && m_store->isOpen() && !m_store->isReadOnly()) {
        m_store->recordRead(operation, read.atMs);
    } else if (!m_filePath.isEmpty()) {
        appendToFile(read);
    }
    Q_EMIT changed();
}

void ReadBudget::appendToFile(const Read &read)
{
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QFile file(m_filePath);
    if (file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        file.write(QByteArray::number(read.atMs) + ' ' + read.operation.toUtf8() + '\n');
    }
}

void ReadBudget::prune() const
{
    const qint64 since = nowMs() - WindowMs;
    const auto firstKept = std::find_if(m_reads.cbegin(), m_reads.cend(),
                                        [since](const Read &read) { return read.atMs >= since; });
    m_reads.erase(m_reads.cbegin(), firstKept);
}

qint64 ReadBudget::total() const
{
    prune();
    return m_reads.size();
}

qint64 ReadBudget::count(const QString &operation) const
{
    prune();
    return std::count_if(m_reads.cbegin(), m_reads.cend(),
                         [&operation](const Read &read) { return read.operation == operation; });
}

QMap<QString, qint64> ReadBudget::byOperation() const
{
    prune();
    QMap<QString, qint64> counts;
    for (const Read &read : std::as_const(m_reads)) {
        ++counts[read.operation];
    }
    return counts;
}

void ReadBudget::setDailyQuota(qint64 quota)
{
    m_quota = std::max<qint64>(1, quota);
    Q_EMIT changed();
}

QString ReadBudget::meterText() const
{
    const QLocale locale;
    return tr("Reads in 24 h: %1 / %2").arg(locale.toString(total()), locale.toString(m_quota));
}

QString ReadBudget::meterToolTip() const
{
    const QLocale locale;
    QStringList lines;
    const QMap<QString, qint64> counts = byOperation();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        lines += u"%1: %2"_s.arg(it.key(), locale.toString(it.value()));
    }
    if (lines.isEmpty()) {
        lines += tr("No read requests in the last 24 hours.");
    }
    lines.prepend(tr("Read requests in the last 24 hours, counted by PartnerDesk (the quota is "
                     "%1 a day, shared by every read):")
                          .arg(locale.toString(m_quota)));
    return lines.join(u'\n');
}

} // namespace Pd::Core
