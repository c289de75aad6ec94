#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using Pd::Core::JsonWriter;

namespace {

QByteArray quoted(QStringView text)
{
    QByteArray out;
    JsonWriter::appendString(&out, text);
    return out;
}

} // namespace

class tst_JsonWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void indents_data();
    void indents();
    void compact_separatesMembersAndElements();
    void numbers_fullRange();
    void stringMember_nullIsAbsentEmptyIsWritten();
    void appendString_escapes_data();
    void appendString_escapes();
    void appendString_parsesBackToTheSameText_data();
    void appendString_parsesBackToTheSameText();
    void appendString_appendsToWhatIsThere();
};

void tst_JsonWriter::indents_data()
{
    QTest::addColumn<int>("level");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("top level") << 0
                               << QByteArray("{\n    \"a\": 1,\n    \"b\": [\n        \"x\",\n"
                                             "        {\n            \"k\": \"a,b:{[\\\"]}\\\\\"\n"
                                             "        }\n    ],\n    \"c\": {},\n    \"d\": []\n}");
    QTest::newRow("nested level")
            << 2
            << QByteArray("{\n            \"a\": 1,\n            \"b\": [\n                \"x\",\n"
                          "                {\n                    \"k\": \"a,b:{[\\\"]}\\\\\"\n"
                          "                }\n            ],\n            \"c\": {},\n"
                          "            \"d\": []\n        }");
}

void tst_JsonWriter::indents()
{
    QFETCH(int, level);
    QFETCH(QByteArray, expected);
    for (const int width : {0, 4}) {
        QByteArray out;
        JsonWriter json(&out, width, level);
        json.beginObject();
        json.key("a");
        json.value(qint64(1));
        json.key("b");
        json.beginArray();
        json.value(u"x");
        json.beginObject();
        json.stringMember("k", uR"(a,b:{["]}\)"_s);
        json.stringMember("absent", QString());
        json.endObject();
        json.endArray();
        json.key("c");
        json.beginObject();
        json.endObject();
        json.key("d");
        json.beginArray();
        json.endArray();
        json.endObject();
        QCOMPARE(out,
                 width == 0 ? QByteArray(R"({"a":1,"b":["x",{"k":"a,b:{[\"]}\\"}],"c":{},"d":[]})")
                            : expected);
    }
}

void tst_JsonWriter::compact_separatesMembersAndElements()
{
    QByteArray out;
    JsonWriter json(&out);
    json.beginArray();
    json.beginArray();
    json.endArray();
    json.beginObject();
    json.endObject();
    json.value(qint64(1));
    json.beginArray();
    json.value(u"a");
    json.value(u"b");
    json.endArray();
    json.beginObject();
    json.key("x");
    json.beginArray();
    json.endArray();
    json.key("y");
    json.value(u"");
    json.endObject();
    json.endArray();
    QCOMPARE(out, R"([[],{},1,["a","b"],{"x":[],"y":""}])"_ba);

    // Indented, each element has its own line; empty containers stay on theirs.
    out.clear();
    JsonWriter indented(&out, 2);
    indented.beginArray();
    indented.beginArray();
    indented.endArray();
    indented.value(qint64(2));
    indented.beginObject();
    indented.endObject();
    indented.endArray();
    QCOMPARE(out, "[\n  [],\n  2,\n  {}\n]"_ba);
}

void tst_JsonWriter::numbers_fullRange()
{
    QByteArray out;
    JsonWriter json(&out);
    json.beginArray();
    for (const qint64 number : {qint64(0), qint64(-1), std::numeric_limits<qint64>::max(),
                                std::numeric_limits<qint64>::min()}) {
        json.value(number);
    }
    json.endArray();
    QCOMPARE(out, "[0,-1,9223372036854775807,-9223372036854775808]"_ba);
}

void tst_JsonWriter::stringMember_nullIsAbsentEmptyIsWritten()
{
    QByteArray out;
    JsonWriter json(&out);
    json.beginObject();
    json.stringMember("null", QString());
    json.stringMember("empty", u""_s);
    json.stringMember("null again", QString());
    json.stringMember("text", u"t"_s);
    json.endObject();
    QCOMPARE(out, R"({"empty":"","text":"t"})"_ba);
}

void tst_JsonWriter::appendString_escapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty") << u""_s << "\"\""_ba;
    QTest::newRow("plain ASCII") << u"Acme Corp. 42 ~"_s << "\"Acme Corp. 42 ~\""_ba;
    QTest::newRow("quote and backslash") << uR"(a"b\c)"_s << R"("a\"b\\c")"_ba;
    QTest::newRow("short escapes") << u"\b\f\n\r\t"_s << R"("\b\f\n\r\t")"_ba;
    QTest::newRow("other control characters")
            << QString(QChar(0x01)) + QChar(0x1f) + QChar(0x00) << R"("\u0001\u001f\u0000")"_ba;
    QTest::newRow("DEL is plain") << QString(QChar(0x7f)) << "\"\x7f\""_ba;
    QTest::newRow("slash is plain") << u"a/b"_s << "\"a/b\""_ba;
    QTest::newRow("two-byte UTF-8") << u"Müller"_s << "\"M\xc3\xbcller\""_ba;
    QTest::newRow("three-byte UTF-8") << u"€ 株"_s << "\"\xe2\x82\xac \xe6\xa0\xaa\""_ba;
    QTest::newRow("U+FEFF kept") << u"\uFEFFx"_s << "\"\xef\xbb\xbfx\""_ba;
    QTest::newRow("surrogate pair as four bytes") << u"a\U0001F600b"_s
                                                  << "\"a\xf0\x9f\x98\x80"
                                                     "b\""_ba;
    QTest::newRow("lone high surrogate") << u"a"_s + QChar(0xD83D) + u"b"_s << R"("a\ud83db")"_ba;
    QTest::newRow("high surrogate at the end") << u"a"_s + QChar(0xD800) << R"("a\ud800")"_ba;
    QTest::newRow("lone low surrogate") << QString(QChar(0xDE00)) << R"("\ude00")"_ba;
    QTest::newRow("low before high")
            << QString(QChar(0xDE00)) + QChar(0xD83D) << R"("\ude00\ud83d")"_ba;
    QTest::newRow("high, high, low") << QString(QChar(0xD83D)) + QChar(0xD83D) + QChar(0xDE00)
                                     << "\"\\ud83d\xf0\x9f\x98\x80\""_ba;
    QTest::newRow("last BMP character") << QString(QChar(0xFFFF)) << "\"\xef\xbf\xbf\""_ba;
    QTest::newRow("first two-byte character") << QString(QChar(0x80)) << "\"\xc2\x80\""_ba;
    QTest::newRow("last two-byte character") << QString(QChar(0x7FF)) << "\"\xdf\xbf\""_ba;
    QTest::newRow("first three-byte character") << QString(QChar(0x800)) << "\"\xe0\xa0\x80\""_ba;
    QTest::newRow("first four-byte character")
            << QString::fromUcs4(U"\U00010000") << "\"\xf0\x90\x80\x80\""_ba;
    QTest::newRow("last character")
            << QString::fromUcs4(U"\U0010FFFF") << "\"\xf4\x8f\xbf\xbf\""_ba;
}

void tst_JsonWriter::appendString_escapes()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(quoted(text), expected);

    // value() writes the same as a member's value.
    QByteArray out;
    JsonWriter json(&out);
    json.beginObject();
    json.key("k");
    json.value(text);
    json.endObject();
    QCOMPARE(out, "{\"k\":"_ba + expected + '}');
}

void tst_JsonWriter::appendString_parsesBackToTheSameText_data()
{
    QTest::addColumn<QString>("text");
    QString everyControl;
    for (char16_t c = 0; c < 0x20; ++c) {
        everyControl += QChar(c);
    }
    QTest::newRow("every control character") << everyControl;
    QTest::newRow("company name") << u"=SUM(A1) \"Quotes\", Ltd.\\ + Söhne\t株式会社"_s;
    QTest::newRow("emoji and CJK") << u"\U0001F600\U00020000 日本"_s;
    QString runs;
    for (int i = 0; i < 300; ++i) {
        runs += i % 7 == 0 ? u"\"\\\n"_s : u"plain text run "_s;
    }
    QTest::newRow("long alternating runs") << runs;
}

void tst_JsonWriter::appendString_parsesBackToTheSameText()
{
    QFETCH(QString, text);
    QByteArray out;
    JsonWriter json(&out);
    json.beginArray();
    json.value(text);
    json.endArray();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.array().at(0).toString(), text);
}

void tst_JsonWriter::appendString_appendsToWhatIsThere()
{
    QByteArray out = "prefix:";
    JsonWriter::appendString(&out, u"a\nb");
    JsonWriter::appendString(&out, u"é");
    QCOMPARE(out, "prefix:\"a\\nb\"\"\xc3\xa9\""_ba);
}

QTEST_GUILESS_MAIN(tst_JsonWriter)
#include "tst_jsonwriter.moc"
