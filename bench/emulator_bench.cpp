// pd-bench-emulator: how many summaries per second the emulator serves on one core.
//
// Starts the emulator in-process on its own thread (EmulatorThread) and lists the whole AWS
// catalog over and over through one raw HTTP/1.1 keep-alive connection on loopback, signing
// every request with SigV4Signer, at page size 100. The client runs on the main thread, so the
// server has its thread (one core) to itself. Prints one line per run and the medians:
// summaries per wall-clock second, and summaries per second of server-thread CPU time.
//
//   pd-bench-emulator [--count N] [--page-size N] [--seconds S] [--runs R]
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "sigv4signer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTcpSocket>
#include <QTextStream>

#include <algorithm>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

namespace {

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? 0 : (n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2);
}

struct RunResult
{
    qint64 summaries = 0;
    qint64 requests = 0;
    qint64 bytes = 0;
    qint64 listings = 0;
    double wallSeconds = 0;
    double serverCpuSeconds = 0;
};

/// Lists the catalog repeatedly until the time is up; finishes the listing in progress.
class ListingClient final : public QObject
{
    Q_OBJECT

public:
    ListingClient(quint16 port, AwsCredentials credentials, int pageSize, qint64 expected)
        : m_port(port),
          m_credentials(std::move(credentials)),
          m_pageSize(pageSize),
          m_expected(expected)
    {
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(&m_socket, &QTcpSocket::readyRead, this, &ListingClient::readAvailable);
        connect(&m_socket, &QTcpSocket::connected, this, &ListingClient::sendPage);
        connect(&m_socket, &QTcpSocket::errorOccurred, this,
                [this] { fail(u"socket error: "_s + m_socket.errorString()); });
    }

    void run(qint64 durationMs, bool verify)
    {
        m_durationMs = durationMs;
        m_verify = verify;
        m_result = {};
        m_timer.start();
        if (m_socket.state() == QAbstractSocket::ConnectedState) {
            sendPage();
        } else {
            m_socket.connectToHost(QHostAddress::LocalHost, m_port);
        }
    }

    const RunResult &result() const { return m_result; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void finished();

private:
    void sendPage()
    {
        QJsonObject body{{"Catalog"_L1, u"AWS"_s}, {"MaxResults"_L1, m_pageSize}};
        if (!m_token.isEmpty()) {
            body.insert("NextToken"_L1, QString::fromLatin1(m_token));
        }
        SignableRequest request;
        request.method = "POST"_ba;
        request.path = "/"_ba;
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        request.headers = {{"Host"_ba, "127.0.0.1:"_ba + QByteArray::number(m_port)},
                           {"Content-Type"_ba, "application/x-amz-json-1.0"_ba},
                           {"X-Amz-Target"_ba, "AWSPartnerCentralSelling.ListOpportunities"_ba}};
        SigningParams params;
        params.region = u"us-east-1"_s;
        params.service = u"partnercentral-selling"_s;
        params.time = QDateTime::currentDateTimeUtc();
        const SignedParts signature = SigV4Signer::signHeaders(request, m_credentials, params);
        QByteArray wire = "POST / HTTP/1.1\r\n"_ba;
        for (const HttpHeader &header : request.headers + signature.addedHeaders) {
            wire.append(header.name).append(": ").append(header.value).append("\r\n");
        }
        wire.append("Content-Length: ").append(QByteArray::number(request.body.size()));
        wire.append("\r\n\r\n").append(request.body);
        m_socket.write(wire);
        ++m_result.requests;
    }

    void readAvailable()
    {
        m_buffer.append(m_socket.readAll());
        if (m_bodyStart < 0) {
            const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return;
            }
            if (!m_buffer.startsWith("HTTP/1.1 200 ")) {
                fail(u"unexpected response: "_s + QString::fromLatin1(m_buffer.left(300)));
                return;
            }
            const qsizetype at = m_buffer.indexOf("Content-Length: ");
            m_bodyLength = m_buffer.mid(at + 16, m_buffer.indexOf('\r', at) - at - 16).toLongLong();
            m_bodyStart = headEnd + 4;
        }
        if (m_buffer.size() < m_bodyStart + m_bodyLength) {
            return;
        }
        const QByteArray body = m_buffer.mid(m_bodyStart, m_bodyLength);
        m_buffer.remove(0, m_bodyStart + m_bodyLength);
        m_bodyStart = -1;
        m_result.bytes += body.size();
        page(body);
    }

    void page(const QByteArray &body)
    {
        qint64 items = 0;
        if (m_verify) {
            const QJsonObject page = QJsonDocument::fromJson(body).object();
            for (const QJsonValue &item : page.value("OpportunitySummaries"_L1).toArray()) {
                const QString id = item.toObject().value("Id"_L1).toString();
                if (m_seen.contains(id)) {
                    fail(u"duplicate id "_s + id);
                    return;
                }
                m_seen.insert(id);
                ++items;
            }
        } else {
            // Every serialised summary starts with its Catalog member.
            qsizetype from = 0;
            while ((from = body.indexOf("{\"Catalog\":", from)) >= 0) {
                ++items;
                from += 11;
            }
        }
        m_result.summaries += items;
        m_listed += items;
        const qsizetype tokenAt = body.lastIndexOf("\"NextToken\":\"");
        m_token = tokenAt < 0
                          ? QByteArray()
                          : body.mid(tokenAt + 13, body.indexOf('"', tokenAt + 13) - tokenAt - 13);
        if (!m_token.isEmpty()) {
            sendPage();
            return;
        }
        if (m_listed != m_expected) {
            fail(u"listing returned %1 summaries, expected %2"_s.arg(m_listed).arg(m_expected));
            return;
        }
        m_listed = 0;
        m_seen.clear();
        ++m_result.listings;
        if (m_timer.elapsed() < m_durationMs) {
            sendPage();
            return;
        }
        m_result.wallSeconds = double(m_timer.nsecsElapsed()) / 1e9;
        Q_EMIT finished();
    }

    void fail(const QString &message)
    {
        if (m_error.isEmpty()) {
            m_error = message;
            Q_EMIT finished();
        }
    }

    QTcpSocket m_socket;
    quint16 m_port;
    AwsCredentials m_credentials;
    int m_pageSize;
    qint64 m_expected;
    qint64 m_durationMs = 0;
    bool m_verify = false;
    QElapsedTimer m_timer;
    QByteArray m_buffer;
    qsizetype m_bodyStart = -1;
    qsizetype m_bodyLength = 0;
    QByteArray m_token;
    qint64 m_listed = 0;
    QSet<QString> m_seen;
    RunResult m_result;
    QString m_error;
};

qint64 serverCpuNs(EmulatorServer *server)
{
    qint64 ns = 0;
    QMetaObject::invokeMethod(
            server, [&ns] { ns = threadCpuNs(); }, Qt::BlockingQueuedConnection);
    return ns;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Emulator serving throughput (summaries per second)."_s);
    parser.addHelpOption();
    const QCommandLineOption count(u"count"_s, u"Opportunities in catalog AWS."_s, u"n"_s,
                                   u"20000"_s);
    const QCommandLineOption pageSize(u"page-size"_s, u"MaxResults."_s, u"n"_s, u"100"_s);
    const QCommandLineOption seconds(u"seconds"_s, u"Duration of one run."_s, u"s"_s, u"3"_s);
    const QCommandLineOption runs(u"runs"_s, u"Number of runs (medians are reported)."_s, u"n"_s,
                                  u"5"_s);
    parser.addOptions({count, pageSize, seconds, runs});
    parser.process(app);
    QTextStream out(stdout);

    EmulatorOptions options;
    options.count = parser.value(count).toInt();
    options.sandboxCount = 0;
    EmulatorThread thread;
    QString error;
    QElapsedTimer startup;
    startup.start();
    if (!thread.start(options, &error)) {
        out << "pd-bench-emulator: " << error << Qt::endl;
        return 1;
    }
    out << "pd-bench-emulator: start-up with " << options.count << " summaries took "
        << startup.elapsed() << " ms" << Qt::endl;

    ListingClient client(thread.port(), thread.credentials(), parser.value(pageSize).toInt(),
                         options.count);
    QList<double> wallRates, cpuRates;
    const int runCount = parser.value(runs).toInt();
    const qint64 durationMs = qint64(parser.value(seconds).toDouble() * 1000);
    int run = 0; // run 0 warms up and verifies every id once
    qint64 cpuBefore = 0;
    const auto startRun = [&] {
        cpuBefore = serverCpuNs(thread.server());
        client.run(run == 0 ? 0 : durationMs, run == 0);
    };
    QObject::connect(&client, &ListingClient::finished, &app, [&] {
        if (!client.error().isEmpty()) {
            out << "pd-bench-emulator: FAILED: " << client.error() << Qt::endl;
            QCoreApplication::exit(1);
            return;
        }
        RunResult result = client.result();
        result.serverCpuSeconds = double(serverCpuNs(thread.server()) - cpuBefore) / 1e9;
        const double wallRate = double(result.summaries) / result.wallSeconds;
        const double cpuRate = double(result.summaries) / result.serverCpuSeconds;
        out << "pd-bench-emulator: " << (run == 0 ? "warm-up (ids verified)" : "run")
            << " listings=" << result.listings << " requests=" << result.requests
            << " summaries=" << result.summaries
            << " wall_s=" << QString::number(result.wallSeconds, 'f', 2)
            << " server_cpu_s=" << QString::number(result.serverCpuSeconds, 'f', 2)
            << " summaries_per_s=" << qRound64(wallRate)
            << " summaries_per_server_cpu_s=" << qRound64(cpuRate) << " MB_per_s="
            << QString::number(double(result.bytes) / 1e6 / result.wallSeconds, 'f', 1) << Qt::endl;
        if (run > 0) {
            wallRates.append(wallRate);
            cpuRates.append(cpuRate);
        }
        if (++run <= runCount) {
            startRun();
            return;
        }
        out << "pd-bench-emulator: median summaries_per_s=" << qRound64(median(wallRates))
            << " median summaries_per_server_cpu_s=" << qRound64(median(cpuRates))
            << " (count=" << options.count << ", page size " << parser.value(pageSize) << ", "
            << runCount << " runs)" << Qt::endl;
        QCoreApplication::exit(0);
    });
    startRun();
    const int status = QCoreApplication::exec();
    thread.stop();
    return status;
}

#include "emulator_bench.moc"
