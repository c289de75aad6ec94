#include "shellwords.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

class tst_ShellWords final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quote_splitsBack_data();
    void quote_splitsBack();
    void split_data();
    void split();
    void split_rejectsUnterminatedInput_data();
    void split_rejectsUnterminatedInput();
};

void tst_ShellWords::split_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("words");

    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("blank") << u" \t \n"_s << QStringList();
    QTest::newRow("plain") << u"/usr/bin/helper --profile sales"_s
                           << QStringList{u"/usr/bin/helper"_s, u"--profile"_s, u"sales"_s};
    QTest::newRow("extra whitespace") << u"  a \t b  "_s << QStringList{u"a"_s, u"b"_s};
    QTest::newRow("single quotes are literal")
            << u"echo 'a b' '\\n' '\"'"_s << QStringList{u"echo"_s, u"a b"_s, u"\\n"_s, u"\""_s};
    QTest::newRow("double quotes")
            << u"echo \"a b\" \"x\\\"y\" \"back\\\\slash\" \"\\n\""_s
            << QStringList{u"echo"_s, u"a b"_s, u"x\"y"_s, u"back\\slash"_s, u"\\n"_s};
    QTest::newRow("backslash outside quotes") << u"a\\ b c\\d"_s << QStringList{u"a b"_s, u"cd"_s};
    QTest::newRow("adjacent quoting joins")
            << u"pre'fix'\"post\"fix"_s << QStringList{u"prefixpostfix"_s};
    QTest::newRow("empty quoted words")
            << u"cmd '' \"\""_s << QStringList{u"cmd"_s, QString(), QString()};
    QTest::newRow("no shell features")
            << u"a;b | c $HOME `x` *"_s
            << QStringList{u"a;b"_s, u"|"_s, u"c"_s, u"$HOME"_s, u"`x`"_s, u"*"_s};
    QTest::newRow("section header")
            << u"profile \"my profile\""_s << QStringList{u"profile"_s, u"my profile"_s};
}

void tst_ShellWords::split()
{
    QFETCH(QString, text);
    QFETCH(QStringList, words);
    QString error = u"stale"_s;
    QCOMPARE(ShellWords::split(text, &error), words);
    QVERIFY(error.isEmpty());
}

void tst_ShellWords::split_rejectsUnterminatedInput_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("single quote") << u"echo 'abc"_s;
    QTest::newRow("double quote") << u"echo \"abc"_s;
    QTest::newRow("escaped closing quote") << u"echo \"abc\\\""_s;
    QTest::newRow("trailing backslash") << u"echo abc\\"_s;
}

void tst_ShellWords::split_rejectsUnterminatedInput()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(ShellWords::split(text, &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void tst_ShellWords::quote_splitsBack_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << u"Qualified"_s << u"Qualified"_s;
    QTest::newRow("shorthand") << u"SortBy=Identifier,SortOrder=ASCENDING"_s
                               << u"SortBy=Identifier,SortOrder=ASCENDING"_s;
    QTest::newRow("space") << u"Technical Validation"_s << u"'Technical Validation'"_s;
    QTest::newRow("empty") << QString() << u"''"_s;
    QTest::newRow("single quote") << u"Smith's"_s << u"'Smith'\\''s'"_s;
    QTest::newRow("shell characters")
            << u"$HOME `x` \"a\" \\ *;|&"_s << u"'$HOME `x` \"a\" \\ *;|&'"_s;
}

void tst_ShellWords::quote_splitsBack()
{
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    QCOMPARE(ShellWords::quote(word), quoted);
    QString error;
    QCOMPARE(ShellWords::split(quoted, &error), QStringList{word});
    QVERIFY(error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_ShellWords)
#include "tst_shellwords.moc"
