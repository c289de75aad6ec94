#include "shorthandparser.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Pd::Core::ShorthandParser;

class tst_ShorthandParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_matchesAwsCli_data();
    void parse_matchesAwsCli();
    void error_pointsAtOffendingCharacter();
    void error_onSecondLineCountsFromLineStart();
    void deepNesting_refusedWithoutExhaustingStack();
    void randomInput_neverCrashesOrHangs();
};

// Expected values are the output of awscli.shorthand.ShorthandParser (AWS CLI 1.45) for the
// same input; an empty expectation means the AWS CLI refuses the input.
void tst_ShorthandParser::parse_matchesAwsCli_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("sort pair") << u"SortBy=Identifier,SortOrder=ASCENDING"_s
                               << u"{\"SortBy\": \"Identifier\", \"SortOrder\": \"ASCENDING\"}"_s;
    QTest::newRow("spaces around separators")
            << u"SortBy = Identifier , SortOrder = ASCENDING"_s
            << u"{\"SortBy\": \"Identifier\", \"SortOrder\": \"ASCENDING\"}"_s;
    QTest::newRow("timestamps with colons")
            << u"AfterLastModifiedDate=2026-01-01T00:00:00Z,BeforeLastModifiedDate=2026-02-01T00:00:00.5+01:00"_s
            << u"{\"AfterLastModifiedDate\": \"2026-01-01T00:00:00Z\", \"BeforeLastModifiedDate\": \"2026-02-01T00:00:00.5+01:00\"}"_s;
    QTest::newRow("trailing word makes a list") << u"a=b,c"_s << u"{\"a\": [\"b\", \"c\"]}"_s;
    QTest::newRow("list then next pair")
            << u"a=b,c,d=e"_s << u"{\"a\": [\"b\", \"c\"], \"d\": \"e\"}"_s;
    QTest::newRow("escaped comma") << u"a=b\\,c"_s << u"{\"a\": \"b,c\"}"_s;
    QTest::newRow("quoted values keep commas and equals")
            << u"a='x,y',b=\"p=q\""_s << u"{\"a\": \"x,y\", \"b\": \"p=q\"}"_s;
    QTest::newRow("escaped single quote") << u"a='it\\'s'"_s << u"{\"a\": \"it's\"}"_s;
    QTest::newRow("escaped double quote")
            << u"a=\"say \\\"hi\\\"\""_s << u"{\"a\": \"say \\\"hi\\\"\"}"_s;
    QTest::newRow("escaped backslash") << u"a='back\\\\slash'"_s << u"{\"a\": \"back\\\\slash\"}"_s;
    QTest::newRow("empty value at end") << u"a="_s << u"{\"a\": \"\"}"_s;
    QTest::newRow("empty value before next pair")
            << u"a=,b=c"_s << u"{\"a\": \"\", \"b\": \"c\"}"_s;
    QTest::newRow("explicit nested list")
            << u"a=[1,2,[3]]"_s << u"{\"a\": [\"1\", \"2\", [\"3\"]]}"_s;
    QTest::newRow("hash literal") << u"a={b=c,d=[e,f]}"_s
                                  << u"{\"a\": {\"b\": \"c\", \"d\": [\"e\", \"f\"]}}"_s;
    QTest::newRow("empty explicit list") << u"a=[]"_s << u"{\"a\": []}"_s;
    QTest::newRow("empty hash literal") << u"a={}"_s << u"{\"a\": {}}"_s;
    QTest::newRow("trailing space trimmed")
            << u"a=  spaced value  "_s << u"{\"a\": \"spaced value\"}"_s;
    QTest::newRow("inner space kept") << u"a=x y,b=z"_s << u"{\"a\": \"x y\", \"b\": \"z\"}"_s;
    QTest::newRow("duplicate key refused") << u"a=b,a=c"_s << QString();
    QTest::newRow("key without value refused") << u"a"_s << QString();
    QTest::newRow("empty key accepted") << u"=b"_s << u"{\"\": \"b\"}"_s;
    QTest::newRow("trailing comma refused") << u"a=b,"_s << QString();
    QTest::newRow("space does not separate pairs") << u"a=b c=d"_s << u"{\"a\": \"b c=d\"}"_s;
    QTest::newRow("unterminated quote refused") << u"a='unterminated"_s << QString();
    QTest::newRow("unterminated list refused") << u"a=[1,2"_s << QString();
    QTest::newRow("unterminated hash refused") << u"a={b=c"_s << QString();
    QTest::newRow("double comma skipped") << u"a=b,,c=d"_s << u"{\"a\": \"b\", \"c\": \"d\"}"_s;
    QTest::newRow("quoted list item") << u"a=b,'c'"_s << u"{\"a\": [\"b\", \"c\"]}"_s;
    QTest::newRow("non-ASCII values") << u"a=é,b=中文"_s << u"{\"a\": \"é\", \"b\": \"中文\"}"_s;
    QTest::newRow("key punctuation") << u"a:b/c.d#e-f_g=1"_s << u"{\"a:b/c.d#e-f_g\": \"1\"}"_s;
    QTest::newRow("escaped closing quote closes") << u"a='abc\\'"_s << u"{\"a\": \"abc\\\\\"}"_s;
    QTest::newRow("escaped closing quote in list item")
            << u"a=x,'y\\'"_s << u"{\"a\": [\"x\", \"y\\\\\"]}"_s;
    QTest::newRow("spaces in explicit list")
            << u"k=[a, b ,c]"_s << u"{\"k\": [\"a\", \"b\", \"c\"]}"_s;
    QTest::newRow("nested hash in list")
            << u"k={x=[1,{y=z}]}"_s << u"{\"k\": {\"x\": [\"1\", {\"y\": \"z\"}]}}"_s;
    QTest::newRow("newline before comma") << u"a=b\n,c=d"_s << u"{\"a\": \"b\", \"c\": \"d\"}"_s;
    QTest::newRow("closing brace as value") << u"a=}"_s << u"{\"a\": \"}\"}"_s;
    QTest::newRow("closing bracket as value") << u"a=]"_s << u"{\"a\": \"]\"}"_s;
    QTest::newRow("brace inside value refused") << u"a=x}y"_s << QString();
    QTest::newRow("bracket inside value refused") << u"a=x]y"_s << QString();
    QTest::newRow("empty value of second pair") << u"a=b,c="_s << u"{\"a\": \"b\", \"c\": \"\"}"_s;
}

void tst_ShorthandParser::parse_matchesAwsCli()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QString error;
    const std::optional<QJsonObject> result = ShorthandParser::parse(input, &error);
    if (expected.isEmpty()) {
        QVERIFY2(!result, QJsonDocument(result.value_or(QJsonObject())).toJson().constData());
        QVERIFY(!error.isEmpty());
        return;
    }
    QVERIFY2(result, qPrintable(error));
    QCOMPARE(*result, QJsonDocument::fromJson(expected.toUtf8()).object());
}

void tst_ShorthandParser::error_pointsAtOffendingCharacter()
{
    QString error;
    QVERIFY(!ShorthandParser::parse(u"SortBy"_s, &error));
    QCOMPARE(error, u"Expected: '=', received: 'EOF' for input:\nSortBy\n      ^"_s);

    QVERIFY(!ShorthandParser::parse(u"a=x}y"_s, &error));
    QCOMPARE(error, u"Expected: ',', received: '}' for input:\na=x}y\n   ^"_s);

    QVERIFY(!ShorthandParser::parse(u"SortBy=a,SortBy=b"_s, &error));
    QVERIFY2(error.startsWith(u"Second instance of key \"SortBy\""_s), qPrintable(error));
}

void tst_ShorthandParser::error_onSecondLineCountsFromLineStart()
{
    QString error;
    QVERIFY(!ShorthandParser::parse(u"a=b,\nc=[x"_s, &error));
    QCOMPARE(error, u"Expected: ',', received: 'EOF' for input:\na=b,\nc=[x\n    ^"_s);
}

void tst_ShorthandParser::deepNesting_refusedWithoutExhaustingStack()
{
    QString error;
    QVERIFY(!ShorthandParser::parse(u"a="_s + QString(100000, u'['), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!ShorthandParser::parse(u"a="_s + QString(50000, u'{') + u"b=c"_s, &error));

    QString nested = u"a="_s;
    for (int i = 0; i < ShorthandParser::MaxDepth; ++i) {
        nested += u'[';
    }
    nested += u'x';
    for (int i = 0; i < ShorthandParser::MaxDepth; ++i) {
        nested += u']';
    }
    QVERIFY2(ShorthandParser::parse(nested, &error), qPrintable(error));
}

void tst_ShorthandParser::randomInput_neverCrashesOrHangs()
{
    const QString alphabet = u"ab=,'\"\\[]{} \n\t@é"_s;
    QRandomGenerator random(42);
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        QString input;
        const int length = random.bounded(24);
        for (int i = 0; i < length; ++i) {
            input += alphabet.at(random.bounded(int(alphabet.size())));
        }
        QString error;
        const std::optional<QJsonObject> result = ShorthandParser::parse(input, &error);
        QVERIFY2(result.has_value() == error.isEmpty(), qPrintable(input));
        accepted += result ? 1 : 0;
    }
    QVERIFY(accepted > 0);
}

QTEST_GUILESS_MAIN(tst_ShorthandParser)
#include "tst_shorthandparser.moc"
