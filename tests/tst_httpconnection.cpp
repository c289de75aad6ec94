// The emulator's HTTP/1.1 server connection on its own, over a loopback socket: how it parses
// requests and hands them to its handler one at a time, writes responses, keeps or closes the
// connection, and refuses hostile input.
#include "httpconnection.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using Pd::Emulator::HttpConnection;

namespace {

constexpr int WaitMs = 5000;

/// A loopback server whose connections are HttpConnections, and one raw client connected to it.
/// Requests go to `handle` (by default: answered at once with "ok"); `received` records them.
struct Fixture
{
    Fixture()
    {
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                connection = new HttpConnection(
                        socket,
                        [this](HttpConnection *c, HttpConnection::Request &&request) {
                            received.append(request);
                            handle(c, received.constLast());
                        },
                        &server);
            }
        });
        listening = server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&client, &QTcpSocket::readyRead, &client,
                         [this] { answer.append(client.readAll()); });
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        connected = client.waitForConnected(WaitMs)
                    && QTest::qWaitFor([this] { return !connection.isNull(); }, WaitMs);
    }

    void send(const QByteArray &bytes)
    {
        client.write(bytes);
        client.flush();
    }
    bool waitForAnswer(const QByteArray &expected)
    {
        return QTest::qWaitFor([&] { return answer.size() >= expected.size(); }, WaitMs)
               && answer == expected;
    }
    bool waitForClose()
    {
        return QTest::qWaitFor(
                [this] { return client.state() == QAbstractSocket::UnconnectedState; }, WaitMs);
    }

    static HttpConnection::Response ok(const QByteArray &body = "ok")
    {
        HttpConnection::Response response;
        response.body = body;
        return response;
    }

    QTcpServer server;
    QTcpSocket client;
    QPointer<HttpConnection> connection;
    QList<HttpConnection::Request> received;
    std::function<void(HttpConnection *, const HttpConnection::Request &)> handle
            = [](HttpConnection *c, const HttpConnection::Request &) { c->respond(ok()); };
    QByteArray answer;
    bool listening = false;
    bool connected = false;
};

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &headers = {})
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
           + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

const QByteArray OkResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

} // namespace

class tst_HttpConnection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void request_parsedAndAnsweredOnAKeptConnection();
    void pipelined_oneAtATimeInOrder();
    void expectContinue_getsAnInterimResponse();
    void closing_data();
    void closing();
    void dropMidBody_sendsHalfTheBodyAndCloses();
    void hostileInput_isRefused_data();
    void hostileInput_isRefused();
    void closedByTheClient_deletesItself();
    void reasonPhrases();
};

void tst_HttpConnection::request_parsedAndAnsweredOnAKeptConnection()
{
    Fixture f;
    QVERIFY(f.listening && f.connected);
    f.handle = [](HttpConnection *c, const HttpConnection::Request &) {
        HttpConnection::Response response;
        response.status = 404;
        response.headers = {{"X-Answer", "1"}};
        response.body = "hello";
        c->respond(response);
    };
    f.send("POST /a/b?x=1&y HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Mixed-Case:  v w \t\r\n"
           "Content-Length: 3\r\n\r\nabc");
    QVERIFY(f.waitForAnswer("HTTP/1.1 404 Not Found\r\nX-Answer: 1\r\nContent-Length: 5\r\n\r\n"
                            "hello"));
    QCOMPARE(f.received.size(), 1);
    const HttpConnection::Request &request = f.received.first();
    QCOMPARE(request.method, "POST"_ba);
    QCOMPARE(request.path, "/a/b"_ba);
    QCOMPARE(request.query, "x=1&y"_ba);
    QCOMPARE(request.header("x-mixed-case"), "v w"_ba);
    QVERIFY(request.hasHeader("HOST"));
    QVERIFY(request.header("absent").isNull());
    QCOMPARE(request.headers.first().name, "Host"_ba);
    QCOMPARE(request.body, "abc"_ba);

    // The connection stays open for the next request; a GET without a body has an empty one.
    f.answer.clear();
    f.handle
            = [](HttpConnection *c, const HttpConnection::Request &) { c->respond(Fixture::ok()); };
    f.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(f.waitForAnswer(OkResponse));
    QCOMPARE(f.received.size(), 2);
    QVERIFY(f.received.at(1).body.isEmpty());
    QCOMPARE(f.client.state(), QAbstractSocket::ConnectedState);
}

void tst_HttpConnection::pipelined_oneAtATimeInOrder()
{
    Fixture f;
    QVERIFY(f.listening && f.connected);
    QList<HttpConnection *> waiting;
    f.handle
            = [&waiting](HttpConnection *c, const HttpConnection::Request &) { waiting.append(c); };
    f.send(post("/1", "a") + post("/2", "bb") + "\r\n" + post("/3", "ccc"));
    QTRY_COMPARE_WITH_TIMEOUT(f.received.size(), 1, WaitMs);
    // The next request is parsed only once this one is answered, however long that takes.
    for (int answered = 1; answered <= 3; ++answered) {
        QCOMPARE(f.received.size(), answered);
        QCOMPARE(f.received.constLast().path, "/"_ba + QByteArray::number(answered));
        QCOMPARE(f.received.constLast().body, QByteArray(answered, char('a' + answered - 1)));
        waiting.takeFirst()->respond(Fixture::ok("r" + QByteArray::number(answered)));
        if (answered < 3) {
            QTRY_COMPARE_WITH_TIMEOUT(f.received.size(), answered + 1, WaitMs);
        }
    }
    QVERIFY(f.waitForAnswer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr1"
                            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr2"
                            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nr3"));
}

void tst_HttpConnection::expectContinue_getsAnInterimResponse()
{
    Fixture f;
    QVERIFY(f.listening && f.connected);
    f.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n"
           "\r\n");
    QVERIFY(f.waitForAnswer("HTTP/1.1 100 Continue\r\n\r\n"));
    QVERIFY(f.received.isEmpty());
    f.send("body");
    QVERIFY(f.waitForAnswer("HTTP/1.1 100 Continue\r\n\r\n" + OkResponse));
    QCOMPARE(f.received.first().body, "body"_ba);
}

void tst_HttpConnection::closing_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("responseCloses"); ///< the handler's response asks for it
    QTest::addColumn<bool>("closes");
    QTest::newRow("HTTP/1.1") << "GET / HTTP/1.1\r\n\r\n"_ba << false << false;
    QTest::newRow("Connection: close")
            << "GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n"_ba << false << true;
    QTest::newRow("HTTP/1.0") << "GET / HTTP/1.0\r\n\r\n"_ba << false << true;
    QTest::newRow("HTTP/1.0 keep-alive")
            << "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba << false << false;
    QTest::newRow("response closes") << "GET / HTTP/1.1\r\n\r\n"_ba << true << true;
}

void tst_HttpConnection::closing()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, responseCloses);
    QFETCH(bool, closes);
    Fixture f;
    QVERIFY(f.listening && f.connected);
    f.handle = [responseCloses](HttpConnection *c, const HttpConnection::Request &) {
        HttpConnection::Response response = Fixture::ok();
        response.close = responseCloses;
        c->respond(response);
    };
    f.send(request);
    if (!closes) {
        QVERIFY(f.waitForAnswer(OkResponse));
        // Still open: a second request is answered too.
        f.send(request);
        QVERIFY(f.waitForAnswer(OkResponse + OkResponse));
        return;
    }
    QVERIFY(f.waitForClose());
    QCOMPARE(f.answer, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(f.connection.isNull(), WaitMs);
}

void tst_HttpConnection::dropMidBody_sendsHalfTheBodyAndCloses()
{
    Fixture f;
    QVERIFY(f.listening && f.connected);
    f.handle = [](HttpConnection *c, const HttpConnection::Request &) {
        HttpConnection::Response response = Fixture::ok("0123456789");
        response.dropMidBody = true;
        c->respond(response);
    };
    f.send(post("/", {}));
    QVERIFY(f.waitForClose());
    QCOMPARE(f.answer, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234"_ba);
}

void tst_HttpConnection::hostileInput_isRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status"); ///< 0: closed without an answer
    QTest::addColumn<QByteArray>("message");

    QTest::newRow("not a request line") << "HELLO there\r\n\r\n"_ba << 0 << QByteArray();
    QTest::newRow("TLS hello") << "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"_ba << 0
                               << QByteArray();
    QTest::newRow("lower-case method") << "get / HTTP/1.1\r\n\r\n"_ba << 0 << QByteArray();
    QTest::newRow("target not a path") << "GET http://x/ HTTP/1.1\r\n\r\n"_ba << 0 << QByteArray();
    QTest::newRow("HTTP/2") << "GET / HTTP/2\r\n\r\n"_ba << 0 << QByteArray();
    QTest::newRow("endless request line") << "GET /" + QByteArray(9000, 'a') << 0 << QByteArray();
    QTest::newRow("header section over 16 KiB")
            << "GET / HTTP/1.1\r\nX-Big: " + QByteArray(HttpConnection::MaxHeaderBytes, 'a')
                       + "\r\n\r\n"
            << 400 << "Request header section too large"_ba;
    QTest::newRow("header section over 16 KiB, unfinished")
            << "GET / HTTP/1.1\r\nX-Big: " + QByteArray(HttpConnection::MaxHeaderBytes + 10, 'a')
            << 400 << "Request header section too large"_ba;
    QByteArray manyFields = "GET / HTTP/1.1\r\n";
    for (int i = 0; i <= HttpConnection::MaxHeaderFields; ++i) {
        manyFields += "X-" + QByteArray::number(i) + ": 1\r\n";
    }
    QTest::newRow("too many header fields") << manyFields + "\r\n"
                                            << 400 << "Too many header fields"_ba;
    QTest::newRow("folded header") << "GET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n"_ba << 400
                                   << "Obsolete header line folding is not supported"_ba;
    QTest::newRow("field without a colon")
            << "GET / HTTP/1.1\r\nNoColon\r\n\r\n"_ba << 400 << "Malformed header field"_ba;
    QTest::newRow("field name with a space")
            << "GET / HTTP/1.1\r\nX A: 1\r\n\r\n"_ba << 400 << "Malformed header field"_ba;
    QTest::newRow("Content-Length not a number")
            << "POST / HTTP/1.1\r\nContent-Length: 3x\r\n\r\nabc"_ba << 400
            << "Invalid Content-Length"_ba;
    QTest::newRow("two different Content-Lengths")
            << "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"_ba << 400
            << "Invalid Content-Length"_ba;
    QTest::newRow("Transfer-Encoding")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"_ba
            << 501 << "Transfer-Encoding is not supported; send a Content-Length"_ba;
    QTest::newRow("body over 1 MiB")
            << "POST / HTTP/1.1\r\nContent-Length: "
                       + QByteArray::number(HttpConnection::MaxBodyBytes + 1) + "\r\n\r\n"
            << 413 << "Request body too large"_ba;
}

void tst_HttpConnection::hostileInput_isRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QByteArray, message);
    Fixture f;
    QVERIFY(f.listening && f.connected);
    f.send(bytes);
    QVERIFY(f.waitForClose());
    QVERIFY(f.received.isEmpty());
    if (status == 0) {
        QCOMPARE(f.answer, QByteArray());
        return;
    }
    const QByteArray body = "{\"message\":\"" + message + "\"}";
    QCOMPARE(f.answer,
             "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpConnection::reasonPhrase(status)
                     + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
}

void tst_HttpConnection::closedByTheClient_deletesItself()
{
    Fixture f;
    QVERIFY(f.listening && f.connected);
    QList<HttpConnection *> waiting;
    f.handle
            = [&waiting](HttpConnection *c, const HttpConnection::Request &) { waiting.append(c); };
    f.send(post("/", "x"));
    QTRY_COMPARE_WITH_TIMEOUT(f.received.size(), 1, WaitMs);
    // The client goes away while its request is with the handler.
    f.client.disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(f.connection.isNull(), WaitMs);
}

void tst_HttpConnection::reasonPhrases()
{
    QCOMPARE(HttpConnection::reasonPhrase(200), "OK"_ba);
    QCOMPARE(HttpConnection::reasonPhrase(413), "Content Too Large"_ba);
    QCOMPARE(HttpConnection::reasonPhrase(429), "Too Many Requests"_ba);
    QCOMPARE(HttpConnection::reasonPhrase(418), "Error"_ba);
    QCOMPARE(HttpConnection::reasonPhrase(599), "Server Error"_ba);
}

QTEST_GUILESS_MAIN(tst_HttpConnection)
#include "tst_httpconnection.moc"
