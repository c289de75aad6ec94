#include "httpclient.h"
#include "httpresponseparser.h"
#include "nothinghappens.h"
#include "sigv4signer.h"
#include "testcertificate.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Test::nothingHappens;

using Failure = HttpResponseParser::Failure;
using State = HttpResponseParser::State;
Q_DECLARE_METATYPE(Pd::Core::HttpResponseParser::Failure)

namespace {

constexpr int WaitMs = 5000;
/// Loopback delivery of what is already on its way: bytes or a close the peer has sent, a
/// signal already queued. A second finished() or a stray request would come within it.
constexpr int DeliveryMs = 50;

// --- parser helpers ---------------------------------------------------------------------------

QByteArray dumpHeaders(const HttpHeaders &headers)
{
    QByteArray out;
    for (const HttpHeader &header : headers) {
        out += header.name + ": " + header.value + '\n';
    }
    return out;
}

const char *stateName(State state)
{
    switch (state) {
    case State::StatusLine:
        return "StatusLine";
    case State::Headers:
        return "Headers";
    case State::Body:
        return "Body";
    case State::Complete:
        return "Complete";
    case State::Failed:
        return "Failed";
    }
    return "?";
}

const char *failureName(Failure failure)
{
    switch (failure) {
    case Failure::None:
        return "None";
    case Failure::Malformed:
        return "Malformed";
    case Failure::TooLarge:
        return "TooLarge";
    case Failure::Truncated:
        return "Truncated";
    }
    return "?";
}

/// Everything observable about a parse, as text, so that two parses compare in one QCOMPARE.
/// A failed parse is described by its failure only: how much of the body it kept before failing
/// depends on where the input was split.
QByteArray describe(const HttpResponseParser &parser, qsizetype used)
{
    QByteArray out = QByteArray("state=") + stateName(parser.state()) + " failure="
                     + failureName(parser.failure()) + " error=" + parser.errorString().toUtf8();
    if (parser.hasFailed()) {
        return out;
    }
    out += " used=" + QByteArray::number(used) + " status=" + QByteArray::number(parser.status())
           + " reason=" + parser.reasonPhrase() + " version=" + parser.version()
           + " contentLength=" + QByteArray::number(parser.contentLength()) + " keepAlive="
           + QByteArray::number(parser.keepAlive()) + "\nheaders:\n" + dumpHeaders(parser.headers())
           + "body(" + QByteArray::number(parser.body().size()) + ")=" + parser.body();
    return out;
}

struct Parse
{
    qint64 maxBodyBytes = -1;
    bool bodyless = false;
    bool endOfStream = false;
};

/// Feeds `raw` cut at `cuts` (ascending offsets) and returns describe() of the result. Checks
/// feed()'s contract on the way: it never uses more than given, uses everything unless the
/// response ended or failed, and nothing at all after that.
QByteArray parseInPieces(QByteArrayView raw, const QList<qsizetype> &cuts, const Parse &options,
                         bool *contractHeld)
{
    HttpResponseParser parser(options.maxBodyBytes, options.bodyless);
    qsizetype used = 0;
    qsizetype from = 0;
    *contractHeld = true;
    QList<qsizetype> ends = cuts;
    ends.append(raw.size());
    for (const qsizetype end : ends) {
        const QByteArrayView piece = raw.sliced(from, end - from);
        const bool wasDone = parser.isComplete() || parser.hasFailed();
        const qsizetype n = parser.feed(piece);
        if (n < 0 || n > piece.size() || (wasDone && n != 0)
            || (n < piece.size() && !parser.isComplete() && !parser.hasFailed())) {
            *contractHeld = false;
        }
        used += n;
        from = end;
    }
    if (options.endOfStream) {
        parser.endOfStream();
    }
    return describe(parser, used);
}

/// Checks that every split of `raw` in two, every split in three (short inputs) and one byte at a
/// time give `expected`.
void verifyEverySplit(QByteArrayView raw, const Parse &options, const QByteArray &expected)
{
    bool held = true;
    for (qsizetype i = 0; i <= raw.size(); ++i) {
        const QByteArray got = parseInPieces(raw, {i}, options, &held);
        if (got != expected || !held) {
            QFAIL(qPrintable(u"split at %1 (feed contract %2):\n%3\nexpected:\n%4"_s.arg(i).arg(
                    held ? u"held"_s : u"broken"_s, QString::fromUtf8(got),
                    QString::fromUtf8(expected))));
        }
    }
    if (raw.size() <= 400) {
        for (qsizetype i = 0; i <= raw.size(); ++i) {
            for (qsizetype j = i; j <= raw.size(); ++j) {
                const QByteArray got = parseInPieces(raw, {i, j}, options, &held);
                if (got != expected || !held) {
                    QFAIL(qPrintable(u"split at %1 and %2:\n%3\nexpected:\n%4"_s.arg(i).arg(j).arg(
                            QString::fromUtf8(got), QString::fromUtf8(expected))));
                }
            }
        }
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < raw.size(); ++i) {
        everyByte.append(i);
    }
    const QByteArray got = parseInPieces(raw, everyByte, options, &held);
    QVERIFY(held);
    QCOMPARE(got, expected);
}

// --- client helpers ---------------------------------------------------------------------------

QUrl urlOf(const QUrl &base, const QString &path, const QString &query = {})
{
    QUrl url = base;
    url.setPath(path);
    if (!query.isEmpty()) {
        url.setQuery(query);
    }
    return url;
}

HttpRequest request(const QUrl &url, const QByteArray &method = "GET", const QByteArray &body = {})
{
    HttpRequest r;
    r.method = method;
    r.url = url;
    r.body = body;
    r.transferTimeoutMs = WaitMs;
    return r;
}

/// Waits for `reply` to finish; the spy must have been made right after send().
bool waitFinished(QSignalSpy &spy)
{
    return !spy.isEmpty() || spy.wait(WaitMs);
}

ScriptedResponse respond(int status, const QByteArray &body)
{
    ScriptedResponse response;
    response.status = status;
    response.body = body;
    return response;
}

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

QUrl loopback(const QString &scheme, quint16 port)
{
    QUrl url;
    url.setScheme(scheme);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(port);
    url.setPath(u"/"_s);
    return url;
}

/// A loopback server that answers every request on a connection (a header block without body)
/// with the same raw bytes, for responses TestServer cannot script.
class RawServer final : public QObject
{
public:
    explicit RawServer(QByteArray response, bool closeAfterResponse = false)
        : m_response(std::move(response)), m_close(closeAfterResponse)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++connections;
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
                    *buffer += socket->readAll();
                    qsizetype end = 0;
                    while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                        buffer->remove(0, end + 4);
                        ++requests;
                        socket->write(m_response);
                        if (m_close) {
                            socket->disconnectFromHost();
                            return;
                        }
                    }
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return loopback(u"http"_s, m_server.serverPort()); }

    int connections = 0;
    int requests = 0;

private:
    QTcpServer m_server;
    QByteArray m_response;
    bool m_close = false;
};

} // namespace

class tst_HttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // HttpResponseParser, no sockets
    void parser_validResponse_sameResultWholeAndAtEverySplit_data();
    void parser_validResponse_sameResultWholeAndAtEverySplit();
    void parser_headerLookup_caseInsensitiveAndNullWhenAbsent();
    void parser_malformedResponse_failsAtEverySplit_data();
    void parser_malformedResponse_failsAtEverySplit();
    void parser_failure_namesTheProblem_data();
    void parser_failure_namesTheProblem();
    void parser_headerBlockOverLimit_failsWithoutWaitingForItsEnd();
    void parser_hugeAnnouncedLength_withoutLimit_readsWhatArrives();
    void parser_bodyAtLimit_isAccepted_data();
    void parser_bodyAtLimit_isAccepted();
    void parser_endOfStreamEarly_truncatedWithMessage_data();
    void parser_endOfStreamEarly_truncatedWithMessage();
    void parser_endOfStreamAfterEnd_changesNothing();
    void parser_responseEndsEarly_feedLeavesTheRest_data();
    void parser_responseEndsEarly_feedLeavesTheRest();
    void parser_afterFailure_feedUsesNothing();
    void parser_keepAlive_data();
    void parser_keepAlive();

    // HttpClient against loopback servers
    void hostHeader_data();
    void hostHeader();
    void sequentialRequests_reuseOneConnection_exactBytes();
    void connectionClose_nextRequestOpensNewConnection();
    void serverClosesIdleConnection_nextRequestUsesNewConnection();
    void twoRequestsInFlight_useTwoConnections();
    void chunkedResponse_isReadAndConnectionReused();
    void headRequest_bodylessAndConnectionReused();
    void extraBytesAfterResponse_connectionNotReused();
    void dropped_closedWithoutResponse();
    void truncated_closedEarlyWithPartialBody();
    void neverResponds_timesOut();
    void refusedPort_connectionRefused();
    void bodyOverMaxResponseBytes_tooLarge_data();
    void bodyOverMaxResponseBytes_tooLarge();
    void garbageResponse_protocolError();
    void untrustedTls_tlsErrorAndNoRequestBytes();
    void finished_neverEmittedInsideSend_data();
    void finished_neverEmittedInsideSend();
    void abortInFlight_cancelledOnceAndConnectionNotReused();
    void abortAfterFinish_changesNothing();
    void deleteReplyInFlight_isSafe();
    void deleteReplyBeforeConnected_sendsNothing();
    void deleteClientInFlight_isSafeAndSilent();
    void deleteClientFromFinished_isSafe();
};

// --- parser -----------------------------------------------------------------------------------

void tst_HttpClient::parser_validResponse_sameResultWholeAndAtEverySplit_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("bodyless");
    QTest::addColumn<bool>("endOfStream");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("contentLength"); // -2: not checked (bodyless responses)
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("content-length")
            << "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padded:  \t padded value \t \r\n"
               "X-Empty:\r\nx-lower: b\r\nX-Padded: again\r\nContent-Length: 5\r\n\r\nhello"_ba
            << false << false << 200 << "OK"_ba
            << "HTTP/1.1"_ba
            << "Content-Type: text/plain\nX-Padded: padded value\nX-Empty: \nx-lower: b\n"
               "X-Padded: again\nContent-Length: 5\n"_ba
            << "hello"_ba << qint64(5) << true;
    QTest::newRow("zero length") << "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"_ba
                                 << false << false << 404 << "Not Found"_ba
                                 << "HTTP/1.1"_ba
                                 << "Content-Length: 0\n"_ba << QByteArray() << qint64(0) << true;
    QTest::newRow("no reason phrase") << "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok"_ba << false
                                      << false << 200 << QByteArray() << "HTTP/1.1"_ba
                                      << "Content-Length: 2\n"_ba
                                      << "ok"_ba << qint64(2) << true;
    QTest::newRow("identical content-lengths")
            << "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok"_ba << false
            << false << 200 << "OK"_ba
            << "HTTP/1.1"_ba
            << "Content-Length: 2, 2\nContent-Length: 2\n"_ba
            << "ok"_ba << qint64(2) << true;
    QTest::newRow("binary body") << "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n\r\n\0\xff\n\r"_ba
                                 << false << false << 200 << "OK"_ba
                                 << "HTTP/1.1"_ba
                                 << "Content-Length: 6\n"_ba
                                 << "\r\n\0\xff\n\r"_ba << qint64(6) << true;
    QTest::newRow("chunked, extensions, trailers")
            << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-After: 1\r\n\r\n"
               "5;name=value\r\nhello\r\n"
               "1A ; a=b;c\r\nabcdefghijklmnopqrstuvwxyz\r\n"
               "1\r\n\n\r\n"
               "0;last\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n"_ba
            << false << false << 200 << "OK"_ba
            << "HTTP/1.1"_ba
            << "Transfer-Encoding: chunked\nX-After: 1\n"_ba
            << "helloabcdefghijklmnopqrstuvwxyz\n"_ba << qint64(-1) << true;
    QTest::newRow("chunked, upper-case hex, no trailers")
            << "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
               "A\r\n0123456789\r\n0\r\n\r\n"_ba
            << false << false << 200 << "OK"_ba
            << "HTTP/1.1"_ba
            << "Transfer-Encoding: gzip, Chunked\n"_ba
            << "0123456789"_ba << qint64(-1) << true;
    QTest::newRow("chunked overrides content-length")
            << "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
               "2\r\nok\r\n0\r\n\r\n"_ba
            << false << false << 200 << "OK"_ba
            << "HTTP/1.1"_ba
            << "Content-Length: 100\nTransfer-Encoding: chunked\n"_ba
            << "ok"_ba << qint64(-1) << true;
    QTest::newRow("body until close")
            << "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil\r\nthe end"_ba << false
            << true << 200 << "OK"_ba
            << "HTTP/1.1"_ba
            << "Content-Type: text/plain\n"_ba
            << "until\r\nthe end"_ba << qint64(-1) << false;
    QTest::newRow("empty body until close")
            << "HTTP/1.0 200 OK\r\n\r\n"_ba << false << true << 200 << "OK"_ba
            << "HTTP/1.0"_ba << QByteArray() << QByteArray() << qint64(-1) << false;
    QTest::newRow("HEAD")
            << "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"_ba
            << true << false << 200 << "OK"_ba
            << "HTTP/1.1"_ba
            << "Content-Length: 100\nTransfer-Encoding: chunked\n"_ba << QByteArray() << qint64(-2)
            << true;
    QTest::newRow("204") << "HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n"_ba << false << false << 204
                         << "No Content"_ba
                         << "HTTP/1.1"_ba
                         << "X-A: b\n"_ba << QByteArray() << qint64(-1) << true;
    QTest::newRow("304 with content-length")
            << "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 42\r\n\r\n"_ba << false
            << false << 304 << "Not Modified"_ba
            << "HTTP/1.1"_ba
            << "ETag: \"x\"\nContent-Length: 42\n"_ba << QByteArray() << qint64(-2) << true;
    QTest::newRow("100 Continue, then 200")
            << "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"_ba
            << false << false << 200 << "OK"_ba
            << "HTTP/1.1"_ba
            << "Content-Length: 2\n"_ba
            << "ok"_ba << qint64(2) << true;
    QTest::newRow("100 and 103 with fields, then 200")
            << "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n"
               "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
               "HTTP/1.0 201 Created\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nnew"_ba
            << false << false << 201 << "Created"_ba
            << "HTTP/1.0"_ba
            << "Content-Length: 3\nConnection: keep-alive\n"_ba
            << "new"_ba << qint64(3) << true;
    QTest::newRow("obs-text in values and reason")
            << "HTTP/1.1 200 \xc3\x9c\x62\x65rall\r\nX-Text: caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n"_ba
            << false << false << 200 << "\xc3\x9c\x62\x65rall"_ba
            << "HTTP/1.1"_ba
            << "X-Text: caf\xc3\xa9\nContent-Length: 0\n"_ba << QByteArray() << qint64(0) << true;
}

void tst_HttpClient::parser_validResponse_sameResultWholeAndAtEverySplit()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, bodyless);
    QFETCH(bool, endOfStream);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, version);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    QFETCH(qint64, contentLength);
    QFETCH(bool, keepAlive);

    HttpResponseParser parser(-1, bodyless);
    QCOMPARE(parser.hasStarted(), false);
    QCOMPARE(parser.feed(raw), raw.size());
    QCOMPARE(parser.hasStarted(), true);
    if (endOfStream) {
        QVERIFY(!parser.isComplete());
        QCOMPARE(parser.state(), State::Body);
        QVERIFY(parser.headersComplete());
        parser.endOfStream();
    }
    QVERIFY2(parser.isComplete(), qPrintable(parser.errorString()));
    QVERIFY(parser.headersComplete());
    QCOMPARE(parser.failure(), Failure::None);
    QVERIFY(parser.errorString().isEmpty());
    QCOMPARE(parser.status(), status);
    QCOMPARE(parser.reasonPhrase(), reason);
    QCOMPARE(parser.version(), version);
    QCOMPARE(dumpHeaders(parser.headers()), headers);
    QCOMPARE(parser.body(), body);
    if (contentLength != -2) {
        QCOMPARE(parser.contentLength(), contentLength);
    }
    QCOMPARE(parser.keepAlive(), keepAlive);

    Parse options;
    options.bodyless = bodyless;
    options.endOfStream = endOfStream;
    verifyEverySplit(raw, options, describe(parser, raw.size()));
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(parser.takeBody(), body);
    QVERIFY(parser.body().isEmpty());
}

void tst_HttpClient::parser_headerLookup_caseInsensitiveAndNullWhenAbsent()
{
    HttpResponseParser parser;
    const QByteArray raw = "HTTP/1.1 200 OK\r\nX-Twice: first\r\nx-twice: second\r\nX-Empty: \r\n"
                           "Content-Length: 0\r\n\r\n"_ba;
    QCOMPARE(parser.feed(raw), raw.size());
    QVERIFY(parser.isComplete());
    QCOMPARE(parser.header("X-TWICE"), "first"_ba);
    QCOMPARE(parser.header("x-empty"), ""_ba);
    QVERIFY(!parser.header("x-empty").isNull());
    QVERIFY(parser.header("X-Absent").isNull());
}

void tst_HttpClient::parser_malformedResponse_failsAtEverySplit_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<qint64>("maxBodyBytes");
    QTest::addColumn<Failure>("failure");

    const QByteArray ok = "HTTP/1.1 200 OK\r\n"_ba;
    QTest::newRow("obsolete line folding")
            << ok + "X-A: a\r\n  continued\r\nContent-Length: 0\r\n\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("folding with a tab") << ok + "X-A: a\r\n\tcontinued\r\nContent-Length: 0\r\n\r\n"
                                        << qint64(-1) << Failure::Malformed;
    QTest::newRow("conflicting Content-Length fields")
            << ok + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" << qint64(-1)
            << Failure::Malformed;
    QTest::newRow("conflicting Content-Length list")
            << ok + "Content-Length: 5, 6\r\n\r\nhello!" << qint64(-1) << Failure::Malformed;
    QTest::newRow("non-numeric Content-Length")
            << ok + "Content-Length: five\r\n\r\nhello" << qint64(-1) << Failure::Malformed;
    QTest::newRow("negative Content-Length") << ok + "Content-Length: -1\r\n\r\n"
                                             << qint64(-1) << Failure::Malformed;
    QTest::newRow("signed Content-Length")
            << ok + "Content-Length: +5\r\n\r\nhello" << qint64(-1) << Failure::Malformed;
    QTest::newRow("hex Content-Length")
            << ok + "Content-Length: 0x5\r\n\r\nhello" << qint64(-1) << Failure::Malformed;
    QTest::newRow("empty Content-Length")
            << ok + "Content-Length:\r\n\r\nhello" << qint64(-1) << Failure::Malformed;
    QTest::newRow("blank Content-Length list")
            << ok + "Content-Length: , \r\n\r\nhello" << qint64(-1) << Failure::Malformed;
    QTest::newRow("Content-Length beyond 64 bits")
            << ok + "Content-Length: 99999999999999999999999\r\n\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("bad chunk size")
            << ok + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("negative chunk size")
            << ok + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("empty chunk size")
            << ok + "Transfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("chunk size beyond 60 bits")
            << ok + "Transfer-Encoding: chunked\r\n\r\n1000000000000000\r\nhello\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("chunk data longer than its size")
            << ok + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("chunk line over 8 KiB")
            << ok + "Transfer-Encoding: chunked\r\n\r\n5;" + QByteArray(9000, 'x')
                       + "\r\nhello\r\n0\r\n\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("HTTP/2 status line")
            << "HTTP/2 200\r\nContent-Length: 0\r\n\r\n"_ba << qint64(-1) << Failure::Malformed;
    QTest::newRow("HTTP/1.2 status line") << "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n"_ba
                                          << qint64(-1) << Failure::Malformed;
    QTest::newRow("lower-case http") << "http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"_ba
                                     << qint64(-1) << Failure::Malformed;
    QTest::newRow("ICY") << "ICY 200 OK\r\n\r\n"_ba << qint64(-1) << Failure::Malformed;
    QTest::newRow("garbage") << "garbage\r\n\r\n"_ba << qint64(-1) << Failure::Malformed;
    QTest::newRow("two-digit status")
            << "HTTP/1.1 20 OK\r\n\r\n"_ba << qint64(-1) << Failure::Malformed;
    QTest::newRow("four-digit status")
            << "HTTP/1.1 2000 OK\r\n\r\n"_ba << qint64(-1) << Failure::Malformed;
    QTest::newRow("status 099") << "HTTP/1.1 099 Odd\r\n\r\n"_ba << qint64(-1)
                                << Failure::Malformed;
    QTest::newRow("two spaces before status")
            << "HTTP/1.1  200 OK\r\n\r\n"_ba << qint64(-1) << Failure::Malformed;
    QTest::newRow("control character in reason")
            << "HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n"_ba << qint64(-1)
            << Failure::Malformed;
    QTest::newRow("101 Switching Protocols")
            << "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"_ba << qint64(-1)
            << Failure::Malformed;
    QTest::newRow("control character in value") << ok + "X-A: a\x01z\r\nContent-Length: 0\r\n\r\n"
                                                << qint64(-1) << Failure::Malformed;
    QTest::newRow("NUL in value") << ok + "X-A: a\0z\r\nContent-Length: 0\r\n\r\n"_ba << qint64(-1)
                                  << Failure::Malformed;
    QTest::newRow("DEL in value") << ok + "X-A: a\x7fz\r\nContent-Length: 0\r\n\r\n"
                                  << qint64(-1) << Failure::Malformed;
    QTest::newRow("bare CR in value")
            << ok + "X-A: a\rContent-Length: 0\r\nContent-Length: 0\r\n\r\n"
            << qint64(-1) << Failure::Malformed;
    QTest::newRow("space before colon") << ok + "Content-Length : 0\r\n\r\n"
                                        << qint64(-1) << Failure::Malformed;
    QTest::newRow("no colon") << ok + "Content-Length 0\r\n\r\n"
                              << qint64(-1) << Failure::Malformed;
    QTest::newRow("empty field name") << ok + ": value\r\n\r\n" << qint64(-1) << Failure::Malformed;
    QTest::newRow("announced body over max")
            << ok + "Content-Length: 11\r\n\r\nhello world" << qint64(10) << Failure::TooLarge;
    QTest::newRow("huge announced body over max")
            << ok + "Content-Length: 999999999999999999\r\n\r\n"
            << qint64(1024 * 1024) << Failure::TooLarge;
    QTest::newRow("chunk size over max, before its data")
            << ok + "Transfer-Encoding: chunked\r\n\r\n6\r\nhel" << qint64(4) << Failure::TooLarge;
    QTest::newRow("chunked body over max")
            << ok + "Transfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n"
            << qint64(10) << Failure::TooLarge;
    QTest::newRow("body until close over max") << ok + "Content-Type: text/plain\r\n\r\nhello world"
                                               << qint64(10) << Failure::TooLarge;
}

void tst_HttpClient::parser_malformedResponse_failsAtEverySplit()
{
    QFETCH(QByteArray, raw);
    QFETCH(qint64, maxBodyBytes);
    QFETCH(Failure, failure);

    HttpResponseParser parser(maxBodyBytes);
    const qsizetype used = parser.feed(raw);
    QVERIFY(used <= raw.size());
    QVERIFY2(parser.hasFailed(), describe(parser, used).constData());
    QCOMPARE(parser.state(), State::Failed);
    QCOMPARE(failureName(parser.failure()), failureName(failure));
    QVERIFY(!parser.errorString().isEmpty());
    QVERIFY(!parser.isComplete());
    QVERIFY(!parser.keepAlive());
    if (maxBodyBytes >= 0) {
        QVERIFY(parser.body().size() <= maxBodyBytes);
    }
    // A close after the failure does not change it.
    const QByteArray before = describe(parser, used);
    parser.endOfStream();
    QCOMPARE(describe(parser, used), before);

    Parse options;
    options.maxBodyBytes = maxBodyBytes;
    verifyEverySplit(raw, options, before);
}

void tst_HttpClient::parser_failure_namesTheProblem_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("message");

    const QByteArray ok = "HTTP/1.1 200 OK\r\n"_ba;
    const QString folded = u"The response folds a header field over several lines."_s;
    QTest::newRow("folding") << ok + "X-A: a\r\n  b\r\n" << folded;
    QTest::newRow("folding a field-like line") << ok + "X-A: a\r\n\tX-B: b\r\n" << folded;
    QTest::newRow("malformed field") << ok + "X A: a\r\n"
                                     << u"The response has a malformed header field."_s;
    QTest::newRow("conflicting Content-Length")
            << ok + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n"
            << u"The response has an invalid or conflicting Content-Length."_s;
    QTest::newRow("status line") << "HTTP/2 200\r\n"_ba
                                 << u"The response does not start with an HTTP/1.x status line."_s;
    QTest::newRow("101") << "HTTP/1.1 101 Switching Protocols\r\n\r\n"_ba
                         << u"The server switched protocols, which was not asked for."_s;
    QTest::newRow("chunk size") << ok + "Transfer-Encoding: chunked\r\n\r\nx\r\n"
                                << u"The response has an invalid chunk size."_s;
    QTest::newRow("chunk overrun") << ok + "Transfer-Encoding: chunked\r\n\r\n1\r\nab\r\n"
                                   << u"A chunk of the response runs past its size."_s;
}

void tst_HttpClient::parser_failure_namesTheProblem()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, message);
    HttpResponseParser parser;
    parser.feed(raw);
    QVERIFY(parser.hasFailed());
    QCOMPARE(parser.failure(), Failure::Malformed);
    QCOMPARE(parser.errorString(), message);
}

void tst_HttpClient::parser_headerBlockOverLimit_failsWithoutWaitingForItsEnd()
{
    // A block of many fields just under the limit is fine.
    const QByteArray status = "HTTP/1.1 200 OK\r\n"_ba;
    QByteArray fields;
    const QByteArray tail = "Content-Length: 2\r\n\r\n"_ba;
    for (int i = 0;
         status.size() + fields.size() + 100 + tail.size() <= HttpResponseParser::MaxHeaderBytes;
         ++i) {
        fields += "X-Filler-" + QByteArray::number(i).rightJustified(5, '0') + ": "
                  + QByteArray(100 - 16 - 4, 'a') + "\r\n";
    }
    const QByteArray under = status + fields + tail;
    QVERIFY(under.size() > HttpResponseParser::MaxHeaderBytes - 200);
    {
        HttpResponseParser parser;
        QCOMPARE(parser.feed(under + "ok"), under.size() + 2);
        QVERIFY2(parser.isComplete(), qPrintable(parser.errorString()));
    }

    // Some more fields: the parse fails on the line that crosses the limit.
    const QByteArray over = status + fields + fields + tail;
    for (const qsizetype piece : {over.size(), qsizetype(1000), qsizetype(1)}) {
        HttpResponseParser parser;
        qsizetype used = 0;
        for (qsizetype at = 0; at < over.size() && !parser.hasFailed(); at += piece) {
            used += parser.feed(QByteArrayView(over).sliced(at, std::min(piece, over.size() - at)));
        }
        QVERIFY(parser.hasFailed());
        QCOMPARE(parser.failure(), Failure::Malformed);
        QVERIFY(used <= HttpResponseParser::MaxHeaderBytes + 100);
    }

    // One line without end fails as soon as it is over the limit.
    HttpResponseParser parser;
    QCOMPARE(parser.feed(status), status.size());
    const QByteArray kilobyte(1024, 'x');
    qsizetype fed = 0;
    while (!parser.hasFailed() && fed < 2 * HttpResponseParser::MaxHeaderBytes) {
        parser.feed(kilobyte);
        fed += kilobyte.size();
    }
    QVERIFY(parser.hasFailed());
    QCOMPARE(parser.failure(), Failure::Malformed);
    QVERIFY(fed <= HttpResponseParser::MaxHeaderBytes + kilobyte.size());
}

void tst_HttpClient::parser_hugeAnnouncedLength_withoutLimit_readsWhatArrives()
{
    // Nothing is allocated for what a response merely announces.
    const QByteArray raw = "HTTP/1.1 200 OK\r\nContent-Length: 999999999999999999\r\n\r\nhello"_ba;
    HttpResponseParser parser;
    QCOMPARE(parser.feed(raw), raw.size());
    QCOMPARE(parser.state(), State::Body);
    QCOMPARE(parser.contentLength(), Q_INT64_C(999999999999999999));
    QCOMPARE(parser.body(), "hello"_ba);
    parser.endOfStream();
    QCOMPARE(parser.failure(), Failure::Truncated);
    QCOMPARE(parser.errorString(), u"The connection closed after 5 bytes of the response body."_s);
}

void tst_HttpClient::parser_bodyAtLimit_isAccepted_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("endOfStream");

    QTest::newRow("content-length")
            << "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"_ba << false;
    QTest::newRow("chunked") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n"_ba
                             << false;
    QTest::newRow("until close") << "HTTP/1.1 200 OK\r\n\r\n0123456789"_ba << true;
}

void tst_HttpClient::parser_bodyAtLimit_isAccepted()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, endOfStream);
    HttpResponseParser parser(10);
    QCOMPARE(parser.feed(raw), raw.size());
    if (endOfStream) {
        parser.endOfStream();
    }
    QVERIFY2(parser.isComplete(), qPrintable(parser.errorString()));
    QCOMPARE(parser.body(), "0123456789"_ba);

    Parse options;
    options.maxBodyBytes = 10;
    options.endOfStream = endOfStream;
    verifyEverySplit(raw, options, describe(parser, raw.size()));
}

void tst_HttpClient::parser_endOfStreamEarly_truncatedWithMessage_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("started");
    QTest::addColumn<QString>("message");

    const QString none = u"The connection closed without a response."_s;
    const QString header = u"The connection closed in the middle of the response header."_s;
    QTest::newRow("nothing") << QByteArray() << false << none;
    QTest::newRow("in the status line") << "HTTP/1.1 2"_ba << true << header;
    QTest::newRow("after the status line") << "HTTP/1.1 200 OK\r\n"_ba << true << header;
    QTest::newRow("in the fields")
            << "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-"_ba << true << header;
    QTest::newRow("before the blank line")
            << "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"_ba << true << header;
    QTest::newRow("after an interim response")
            << "HTTP/1.1 100 Continue\r\n\r\n"_ba << true << header;
    QTest::newRow("before the body")
            << "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"_ba << true
            << u"The connection closed after 0 bytes of the response body."_s;
    QTest::newRow("mid-body") << "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"_ba << true
                              << u"The connection closed after 5 bytes of the response body."_s;
    QTest::newRow("mid-chunk") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"_ba
                               << true
                               << u"The connection closed after 3 bytes of the response body."_s;
    QTest::newRow("no last chunk")
            << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"_ba << true
            << u"The connection closed after 5 bytes of the response body."_s;
    QTest::newRow("in the trailers")
            << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n"_ba
            << true << u"The connection closed after 5 bytes of the response body."_s;
}

void tst_HttpClient::parser_endOfStreamEarly_truncatedWithMessage()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, started);
    QFETCH(QString, message);

    HttpResponseParser parser;
    QCOMPARE(parser.feed(raw), raw.size());
    QVERIFY(!parser.isComplete());
    QVERIFY(!parser.hasFailed());
    parser.endOfStream();
    QVERIFY(parser.hasFailed());
    QCOMPARE(parser.failure(), Failure::Truncated);
    QCOMPARE(parser.hasStarted(), started);
    QCOMPARE(parser.errorString(), message);
    QVERIFY(!parser.keepAlive());
    QCOMPARE(parser.feed("more"), qsizetype(0));

    Parse options;
    options.endOfStream = true;
    verifyEverySplit(raw, options, describe(parser, raw.size()));
}

void tst_HttpClient::parser_endOfStreamAfterEnd_changesNothing()
{
    const QByteArray raw = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"_ba;
    HttpResponseParser parser;
    QCOMPARE(parser.feed(raw), raw.size());
    QVERIFY(parser.isComplete());
    const QByteArray before = describe(parser, raw.size());
    parser.endOfStream();
    QCOMPARE(describe(parser, raw.size()), before);
    QVERIFY(parser.keepAlive());
}

void tst_HttpClient::parser_responseEndsEarly_feedLeavesTheRest_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<bool>("bodyless");

    QTest::newRow("content-length") << "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"_ba << false;
    QTest::newRow("zero length") << "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"_ba << false;
    QTest::newRow("chunked") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "2\r\nok\r\n0\r\nX-T: 1\r\n\r\n"_ba
                             << false;
    QTest::newRow("204") << "HTTP/1.1 204 No Content\r\n\r\n"_ba << false;
    QTest::newRow("HEAD") << "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"_ba << true;
}

void tst_HttpClient::parser_responseEndsEarly_feedLeavesTheRest()
{
    QFETCH(QByteArray, response);
    QFETCH(bool, bodyless);
    const QByteArray next = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"_ba;
    const QByteArray raw = response + next;

    HttpResponseParser parser(-1, bodyless);
    QCOMPARE(parser.feed(raw), response.size());
    QVERIFY(parser.isComplete());
    QCOMPARE(parser.feed(next), qsizetype(0));
    QCOMPARE(parser.feed("x"), qsizetype(0));

    // Whatever the split, the parse uses exactly the first response.
    Parse options;
    options.bodyless = bodyless;
    verifyEverySplit(raw, options, describe(parser, response.size()));
    if (QTest::currentTestFailed()) {
        return;
    }

    // The rest is the next response.
    HttpResponseParser second;
    QCOMPARE(second.feed(QByteArrayView(raw).sliced(response.size())), next.size());
    QVERIFY(second.isComplete());
    QCOMPARE(second.body(), "next"_ba);
}

void tst_HttpClient::parser_afterFailure_feedUsesNothing()
{
    HttpResponseParser parser;
    const qsizetype used = parser.feed("garbage\r\nmore garbage\r\n");
    QVERIFY(parser.hasFailed());
    QVERIFY(used <= 9);
    const QString error = parser.errorString();
    QCOMPARE(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), qsizetype(0));
    QVERIFY(parser.hasFailed());
    QCOMPARE(parser.errorString(), error);
}

void tst_HttpClient::parser_keepAlive_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("endOfStream");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("HTTP/1.1") << "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"_ba << false << true;
    QTest::newRow("HTTP/1.1, error status")
            << "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"_ba << false
            << true;
    QTest::newRow("HTTP/1.1, Connection: close")
            << "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"_ba << false
            << false;
    QTest::newRow("HTTP/1.1, Connection list with Close")
            << "HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 0\r\n\r\n"_ba
            << false << false;
    QTest::newRow("HTTP/1.1, close in second Connection field")
            << "HTTP/1.1 200 OK\r\nConnection: upgrade\r\nConnection: CLOSE\r\n"
               "Content-Length: 0\r\n\r\n"_ba
            << false << false;
    QTest::newRow("HTTP/1.1, chunked") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                          "0\r\n\r\n"_ba
                                       << false << true;
    QTest::newRow("HTTP/1.1, until close") << "HTTP/1.1 200 OK\r\n\r\nbody"_ba << true << false;
    QTest::newRow("HTTP/1.1, not chunked last")
            << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nbody"_ba << true
            << false;
    QTest::newRow("HTTP/1.0") << "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"_ba << false
                              << false;
    QTest::newRow("HTTP/1.0, keep-alive")
            << "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"_ba << false
            << true;
    QTest::newRow("HTTP/1.0, keep-alive, until close")
            << "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nbody"_ba << true << false;
    QTest::newRow("incomplete") << "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel"_ba << false
                                << false;
}

void tst_HttpClient::parser_keepAlive()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, endOfStream);
    QFETCH(bool, keepAlive);
    HttpResponseParser parser;
    QCOMPARE(parser.feed(raw), raw.size());
    if (endOfStream) {
        QVERIFY(!parser.keepAlive());
        parser.endOfStream();
        QVERIFY(parser.isComplete());
    }
    QCOMPARE(parser.keepAlive(), keepAlive);
}

// --- client -----------------------------------------------------------------------------------

void tst_HttpClient::hostHeader_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("host");

    QTest::newRow("http default port") << u"http://example.com/"_s << "example.com"_ba;
    QTest::newRow("http explicit 80") << u"http://example.com:80/"_s << "example.com"_ba;
    QTest::newRow("http other port") << u"http://127.0.0.1:8080/x"_s << "127.0.0.1:8080"_ba;
    QTest::newRow("https default port") << u"https://Example.COM/"_s << "example.com"_ba;
    QTest::newRow("https explicit 443") << u"https://example.com:443/"_s << "example.com"_ba;
    QTest::newRow("https on 80") << u"https://example.com:80/"_s << "example.com:80"_ba;
    QTest::newRow("IPv6") << u"http://[::1]/"_s << "[::1]"_ba;
    QTest::newRow("IPv6 with port") << u"http://[::1]:8443/"_s << "[::1]:8443"_ba;
    QTest::newRow("IDN") << u"https://b\u00fccher.example/"_s << "xn--bcher-kva.example"_ba;
}

void tst_HttpClient::hostHeader()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, host);
    QCOMPARE(HttpClient::hostHeader(QUrl(url)), host);
}

void tst_HttpClient::sequentialRequests_reuseOneConnection_exactBytes()
{
    TestServer server;
    QVERIFY(server.isListening());
    ScriptedResponse created = respond(201, "first");
    created.reason = "Created";
    created.headers = {{"X-Test", "one"}, {"Content-Type", "text/plain"}};
    server.enqueue({created, respond(200, "second"), respond(404, "third")});
    const QByteArray port = QByteArray::number(server.port());

    HttpClient client;
    HttpRequest post = request(urlOf(server.url(), u"/a/b"_s, u"x=1&y=%2F"_s), "POST", "{}");
    post.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", "Svc.Op"}};
    HttpRequest get = request(urlOf(server.url(), {}));
    HttpRequest put = request(urlOf(server.url(), u"/put"_s), "PUT");
    put.headers = {{"X-First", "1"}, {"host", "example.test"}, {"X-Last", "2"}};

    const QList<QByteArray> expected = {
            "POST /a/b?x=1&y=%2F HTTP/1.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
            "X-Amz-Target: Svc.Op\r\nHost: 127.0.0.1:"
                    + port + "\r\nContent-Length: 2\r\n\r\n{}",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n",
            "PUT /put HTTP/1.1\r\nX-First: 1\r\nhost: example.test\r\nX-Last: 2\r\n"
            "Content-Length: 0\r\n\r\n"_ba,
    };
    const QList<int> statuses = {201, 200, 404};
    const QList<QByteArray> bodies = {"first", "second", "third"};
    const QList<HttpRequest> requests = {post, get, put};
    for (int i = 0; i < requests.size(); ++i) {
        HttpReply *reply = client.send(requests.at(i));
        QSignalSpy finished(reply, &HttpReply::finished);
        QVERIFY(waitFinished(finished));
        QCOMPARE(reply->error(), HttpReply::Error::None);
        QVERIFY(reply->errorString().isEmpty());
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->status(), statuses.at(i));
        QCOMPARE(reply->body(), bodies.at(i));
        QCOMPARE(reply->announcedLength(), qint64(bodies.at(i).size()));
        QCOMPARE(client.connectionCount(), 1);
        QCOMPARE(client.idleConnectionCount(), 1);
        QCOMPARE(server.requestCount(), i + 1);
        QCOMPARE(server.request(i).raw, expected.at(i));
        QCOMPARE(server.request(i).connection, 1);
        if (i == 0) {
            QCOMPARE(reply->reasonPhrase(), "Created"_ba);
            QCOMPARE(reply->header("x-test"), "one"_ba);
            QVERIFY(reply->hasHeader("content-type"));
            QVERIFY(!reply->hasHeader("X-Absent"));
            QCOMPARE(reply->headers().first().name, "X-Test"_ba);
            QCOMPARE(reply->headers().first().value, "one"_ba);
        }
        QCOMPARE(reply->takeBody(), bodies.at(i));
        delete reply;
    }
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(client.connectionCount(), 1);
    QCOMPARE(client.idleConnectionCount(), 1);
}

void tst_HttpClient::connectionClose_nextRequestOpensNewConnection()
{
    TestServer server;
    ScriptedResponse closing = respond(200, "bye");
    closing.closeConnection = true;
    server.enqueue({closing, respond(200, "hello"), respond(200, "again")});
    HttpClient client;
    QList<QByteArray> bodies;
    for (int i = 0; i < 3; ++i) {
        std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
        QSignalSpy finished(reply.get(), &HttpReply::finished);
        QVERIFY(waitFinished(finished));
        QCOMPARE(reply->error(), HttpReply::Error::None);
        bodies.append(reply->body());
        if (i == 0) {
            QCOMPARE(reply->header("Connection"), "close"_ba);
            QCOMPARE(client.idleConnectionCount(), 0);
            QCOMPARE(client.connectionCount(), 0);
        }
    }
    QCOMPARE(bodies, (QList<QByteArray>{"bye", "hello", "again"}));
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.request(0).connection, 1);
    QCOMPARE(server.request(1).connection, 2);
    QCOMPARE(server.request(2).connection, 2);
}

void tst_HttpClient::serverClosesIdleConnection_nextRequestUsesNewConnection()
{
    TestServer server;
    // Announces keep-alive, then closes the connection anyway (as an idle timeout would).
    ScriptedResponse first = respond(200, "first").withHeader("Connection", "keep-alive");
    first.closeConnection = true;
    server.enqueue({first, respond(200, "second")});
    HttpClient client;
    {
        std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
        QSignalSpy finished(reply.get(), &HttpReply::finished);
        QVERIFY(waitFinished(finished));
        QCOMPARE(reply->error(), HttpReply::Error::None);
        QCOMPARE(reply->body(), "first"_ba);
    }
    // Once the close is seen, the idle connection is gone.
    QTRY_COMPARE_WITH_TIMEOUT(client.connectionCount(), 0, WaitMs);
    QCOMPARE(client.idleConnectionCount(), 0);

    std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(reply->error(), HttpReply::Error::None);
    QCOMPARE(reply->body(), "second"_ba);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.lastRequest().connection, 2);
}

void tst_HttpClient::twoRequestsInFlight_useTwoConnections()
{
    TestServer server;
    // Each response names its request, whichever connection arrives first.
    server.setHandler([](const RecordedRequest &request) {
        return respond(200, request.target).withDelay(request.target == "/" ? 0 : 200);
    });
    HttpClient client;
    std::unique_ptr<HttpReply> a(client.send(request(urlOf(server.url(), u"/a"_s))));
    std::unique_ptr<HttpReply> b(client.send(request(urlOf(server.url(), u"/b"_s))));
    QSignalSpy finishedA(a.get(), &HttpReply::finished);
    QSignalSpy finishedB(b.get(), &HttpReply::finished);
    QCOMPARE(client.connectionCount(), 2);
    QCOMPARE(client.idleConnectionCount(), 0);
    QVERIFY(waitFinished(finishedA));
    QVERIFY(waitFinished(finishedB));
    QCOMPARE(a->error(), HttpReply::Error::None);
    QCOMPARE(b->error(), HttpReply::Error::None);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.requestCount(), 2);
    QVERIFY(server.request(0).connection != server.request(1).connection);
    QCOMPARE(a->body(), "/a"_ba);
    QCOMPARE(b->body(), "/b"_ba);
    QCOMPARE(client.connectionCount(), 2);
    QCOMPARE(client.idleConnectionCount(), 2);

    // Both stay open for reuse.
    std::unique_ptr<HttpReply> c(client.send(request(server.url())));
    QSignalSpy finishedC(c.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finishedC));
    QCOMPARE(c->body(), "/"_ba);
    QCOMPARE(server.connectionCount(), 2);
}

void tst_HttpClient::chunkedResponse_isReadAndConnectionReused()
{
    RawServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"_ba);
    HttpClient client;
    for (int i = 0; i < 2; ++i) {
        std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
        QSignalSpy finished(reply.get(), &HttpReply::finished);
        QVERIFY(waitFinished(finished));
        QCOMPARE(reply->error(), HttpReply::Error::None);
        QCOMPARE(reply->body(), "hello world"_ba);
        QCOMPARE(reply->announcedLength(), qint64(-1));
        QCOMPARE(client.idleConnectionCount(), 1);
    }
    QCOMPARE(server.requests, 2);
    QCOMPARE(server.connections, 1);
}

void tst_HttpClient::headRequest_bodylessAndConnectionReused()
{
    TestServer server;
    ScriptedResponse head = respond(200, {}).withHeader("Content-Length", "1000");
    server.enqueue({head, respond(200, "after")});
    HttpClient client;
    std::unique_ptr<HttpReply> reply(client.send(request(server.url(), "HEAD")));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(reply->error(), HttpReply::Error::None);
    QCOMPARE(reply->status(), 200);
    QVERIFY(reply->body().isEmpty());
    QCOMPARE(reply->header("Content-Length"), "1000"_ba);
    QCOMPARE(client.idleConnectionCount(), 1);
    QVERIFY(!server.request(0).hasHeader("Content-Length"));

    std::unique_ptr<HttpReply> next(client.send(request(server.url())));
    QSignalSpy nextFinished(next.get(), &HttpReply::finished);
    QVERIFY(waitFinished(nextFinished));
    QCOMPARE(next->body(), "after"_ba);
    QCOMPARE(server.connectionCount(), 1);
}

void tst_HttpClient::extraBytesAfterResponse_connectionNotReused()
{
    RawServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"_ba);
    HttpClient client;
    for (int i = 0; i < 2; ++i) {
        std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
        QSignalSpy finished(reply.get(), &HttpReply::finished);
        QVERIFY(waitFinished(finished));
        QCOMPARE(reply->error(), HttpReply::Error::None);
        QCOMPARE(reply->body(), "ok"_ba);
        QTRY_COMPARE_WITH_TIMEOUT(client.connectionCount(), 0, WaitMs);
    }
    QCOMPARE(server.connections, 2);
}

void tst_HttpClient::dropped_closedWithoutResponse()
{
    TestServer server;
    server.enqueue(ScriptedResponse::drop());
    HttpClient client;
    std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(reply->error(), HttpReply::Error::ClosedWithoutResponse);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(reply->status(), 0);
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(client.connectionCount(), 0);
    QVERIFY(nothingHappens(DeliveryMs, [&finished] { return finished.size() > 1; }));
}

void tst_HttpClient::truncated_closedEarlyWithPartialBody()
{
    TestServer server;
    const QByteArray body(100, 'b');
    server.enqueue(respond(200, body).truncatedAfter(10));
    HttpClient client;
    std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(reply->error(), HttpReply::Error::ClosedEarly);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(reply->status(), 200);
    QCOMPARE(reply->announcedLength(), qint64(100));
    QCOMPARE(reply->body(), body.first(10));
    QCOMPARE(client.connectionCount(), 0);
}

void tst_HttpClient::neverResponds_timesOut()
{
    TestServer server;
    server.enqueue(ScriptedResponse::neverRespond());
    HttpClient client;
    HttpRequest r = request(server.url());
    r.transferTimeoutMs = 200;
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<HttpReply> reply(client.send(r));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(reply->error(), HttpReply::Error::Timeout);
    QVERIFY(!reply->errorString().isEmpty());
    QVERIFY2(elapsed >= 150 && elapsed < 2000, QByteArray::number(elapsed).constData());
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(client.connectionCount(), 0);
}

void tst_HttpClient::refusedPort_connectionRefused()
{
    HttpClient client;
    std::unique_ptr<HttpReply> reply(client.send(request(loopback(u"http"_s, closedPort()))));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(reply->error(), HttpReply::Error::ConnectionRefused);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(client.connectionCount(), 0);
}

void tst_HttpClient::bodyOverMaxResponseBytes_tooLarge_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::newRow("announced") << false;
    QTest::newRow("chunked") << true;
}

void tst_HttpClient::bodyOverMaxResponseBytes_tooLarge()
{
    QFETCH(bool, chunked);
    TestServer testServer;
    testServer.enqueue(respond(200, QByteArray(100, 'x')));
    RawServer rawServer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "20\r\n"_ba
                        + QByteArray(32, 'x') + "\r\n20\r\n" + QByteArray(32, 'y')
                        + "\r\n0\r\n\r\n");
    HttpClient client;
    HttpRequest r = request(chunked ? rawServer.url() : testServer.url());
    r.maxResponseBytes = 40;
    std::unique_ptr<HttpReply> reply(client.send(r));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(reply->error(), HttpReply::Error::TooLarge);
    QVERIFY(!reply->errorString().isEmpty());
    QVERIFY(reply->body().size() <= 40);
    QCOMPARE(client.connectionCount(), 0);
}

void tst_HttpClient::garbageResponse_protocolError()
{
    RawServer server("garbage\r\n\r\n"_ba);
    HttpClient client;
    std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(reply->error(), HttpReply::Error::Protocol);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(reply->status(), 0);
    QCOMPARE(server.requests, 1);
    QCOMPARE(client.connectionCount(), 0);
}

void tst_HttpClient::untrustedTls_tlsErrorAndNoRequestBytes()
{
    if (!QSslSocket::supportsSsl()) {
        QSKIP("no TLS backend");
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(QByteArray(SelfSignedCertificate)));
    tls.setPrivateKey(QSslKey(QByteArray(SelfSignedKey), QSsl::Ec));
    QVERIFY(!tls.localCertificate().isNull());
    QVERIFY(!tls.privateKey().isNull());
    QSslServer server;
    server.setSslConfiguration(tls);
    QByteArray received; // application data the server decrypted
    connect(&server, &QSslServer::startedEncryptionHandshake, &server, [&](QSslSocket *socket) {
        connect(socket, &QSslSocket::readyRead, &server,
                [&received, socket] { received += socket->readAll(); });
    });
    QSignalSpy handshakes(&server, &QSslServer::startedEncryptionHandshake);
    QSignalSpy encrypted(&server, &QSslServer::pendingConnectionAvailable);
    QSignalSpy serverErrors(&server, &QSslServer::errorOccurred);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    HttpClient client;
    HttpRequest r = request(loopback(u"https"_s, server.serverPort()), "POST", "secret body");
    r.headers = {{"Authorization", "secret"}};
    std::unique_ptr<HttpReply> reply(client.send(r));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(reply->error(), HttpReply::Error::Tls);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(client.connectionCount(), 0);
    // The server's side of the handshake ends in an error once the client has given up: by
    // then it has read everything the client sent.
    QTRY_VERIFY_WITH_TIMEOUT(!serverErrors.isEmpty(), WaitMs);
    QCOMPARE(handshakes.size(), 1);
    QCOMPARE(encrypted.size(), 0);
    QCOMPARE(received, QByteArray());
    QCOMPARE(finished.size(), 1);
}

void tst_HttpClient::finished_neverEmittedInsideSend_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("fresh connection") << u"fresh"_s;
    QTest::newRow("reused connection") << u"reused"_s;
    QTest::newRow("refused") << u"refused"_s;
    QTest::newRow("no host") << u"nohost"_s;
    // TCP to a broadcast address fails inside connectToHost() on Linux (ENETUNREACH).
    QTest::newRow("fails while connecting") << u"broadcast"_s;
}

void tst_HttpClient::finished_neverEmittedInsideSend()
{
    QFETCH(QString, kind);
    TestServer server;
    HttpClient client;
    if (kind == u"reused"_s) {
        std::unique_ptr<HttpReply> warmUp(client.send(request(server.url())));
        QSignalSpy finished(warmUp.get(), &HttpReply::finished);
        QVERIFY(waitFinished(finished));
        QCOMPARE(client.idleConnectionCount(), 1);
    }
    QUrl url = server.url();
    if (kind == u"refused"_s) {
        url = loopback(u"http"_s, closedPort());
    } else if (kind == u"nohost"_s) {
        url = QUrl(u"http:///path"_s);
    } else if (kind == u"broadcast"_s) {
        url = QUrl(u"http://255.255.255.255:80/"_s);
    }
    HttpRequest r = request(url);
    r.transferTimeoutMs = 2000;
    // Connected only after send(): a signal emitted inside send() would be missed.
    std::unique_ptr<HttpReply> reply(client.send(r));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QVERIFY(nothingHappens(DeliveryMs, [&finished] { return finished.size() > 1; }));
    QVERIFY(reply->isFinished());
    if (kind == u"fresh"_s || kind == u"reused"_s) {
        QCOMPARE(reply->error(), HttpReply::Error::None);
        QCOMPARE(server.connectionCount(), 1);
    } else {
        const HttpReply::Error expected = kind == u"refused"_s ? HttpReply::Error::ConnectionRefused
                                          : kind == u"nohost"_s ? HttpReply::Error::HostNotFound
                                                                : HttpReply::Error::Network;
        QCOMPARE(reply->error(), expected);
        QVERIFY(!reply->errorString().isEmpty());
    }
}

void tst_HttpClient::abortInFlight_cancelledOnceAndConnectionNotReused()
{
    TestServer server;
    server.enqueue(ScriptedResponse::neverRespond());
    QSignalSpy received(&server, &TestServer::requestReceived);
    HttpClient client;
    std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(received.wait(WaitMs));
    QCOMPARE(client.connectionCount(), 1);

    reply->abort();
    QCOMPARE(finished.size(), 1);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), HttpReply::Error::Cancelled);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(client.connectionCount(), 0);
    QCOMPARE(client.idleConnectionCount(), 0);
    reply->abort();
    QVERIFY(nothingHappens(DeliveryMs, [&finished] { return finished.size() > 1; }));
    QCOMPARE(reply->error(), HttpReply::Error::Cancelled);

    std::unique_ptr<HttpReply> next(client.send(request(server.url())));
    QSignalSpy nextFinished(next.get(), &HttpReply::finished);
    QVERIFY(waitFinished(nextFinished));
    QCOMPARE(next->error(), HttpReply::Error::None);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.lastRequest().connection, 2);
}

void tst_HttpClient::abortAfterFinish_changesNothing()
{
    TestServer server;
    server.enqueue(respond(200, "done"));
    HttpClient client;
    std::unique_ptr<HttpReply> reply(client.send(request(server.url())));
    QSignalSpy finished(reply.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    reply->abort();
    QVERIFY(nothingHappens(DeliveryMs, [&finished] { return finished.size() > 1; }));
    QCOMPARE(reply->error(), HttpReply::Error::None);
    QCOMPARE(reply->body(), "done"_ba);
    QCOMPARE(client.idleConnectionCount(), 1);
}

void tst_HttpClient::deleteReplyInFlight_isSafe()
{
    TestServer server;
    constexpr int LateMs = 100;
    server.enqueue(respond(200, "late").withDelay(LateMs));
    QSignalSpy received(&server, &TestServer::requestReceived);
    HttpClient client;
    HttpReply *reply = client.send(request(server.url()));
    QVERIFY(received.wait(WaitMs));
    delete reply;
    QCOMPARE(client.connectionCount(), 0);
    // The late response finds the connection gone.
    QVERIFY(nothingHappens(LateMs + DeliveryMs,
                           [&client] { return client.connectionCount() > 0; }));

    std::unique_ptr<HttpReply> next(client.send(request(server.url())));
    QSignalSpy finished(next.get(), &HttpReply::finished);
    QVERIFY(waitFinished(finished));
    QCOMPARE(next->error(), HttpReply::Error::None);
    QCOMPARE(server.connectionCount(), 2);
}

void tst_HttpClient::deleteReplyBeforeConnected_sendsNothing()
{
    TestServer server;
    HttpClient client;
    delete client.send(request(server.url()));
    QCOMPARE(client.connectionCount(), 0);
    QVERIFY(nothingHappens(DeliveryMs, [&server] { return server.requestCount() > 0; }));
}

void tst_HttpClient::deleteClientInFlight_isSafeAndSilent()
{
    TestServer server;
    server.setDefaultResponse(ScriptedResponse::neverRespond());
    auto *client = new HttpClient;
    QPointer<HttpReply> first = client->send(request(server.url()));
    QPointer<HttpReply> second = client->send(request(server.url()));
    QSignalSpy finishedFirst(first.data(), &HttpReply::finished);
    QSignalSpy finishedSecond(second.data(), &HttpReply::finished);
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 2, WaitMs);
    delete client;
    QVERIFY(first.isNull());
    QVERIFY(second.isNull());
    // The replies went with the client: a finished() could only have come during the delete.
    QCOMPARE(finishedFirst.size(), 0);
    QCOMPARE(finishedSecond.size(), 0);
}

void tst_HttpClient::deleteClientFromFinished_isSafe()
{
    TestServer server;
    auto *client = new HttpClient;
    QPointer<HttpClient> guard = client;
    HttpReply *reply = client->send(request(server.url()));
    QSignalSpy finished(reply, &HttpReply::finished);
    connect(reply, &HttpReply::finished, client, &QObject::deleteLater);
    QVERIFY(waitFinished(finished));
    QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), WaitMs);
    QVERIFY(nothingHappens(DeliveryMs, [&server] { return server.requestCount() != 1; }));
}

QTEST_GUILESS_MAIN(tst_HttpClient)
#include "tst_httpclient.moc"
