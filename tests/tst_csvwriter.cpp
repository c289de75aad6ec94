#include "csvreader.h"
#include "csvwriter.h"
#include "opportunityfield.h"
#include "opportunitysummary.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Pd::Core::CsvReader;
using Pd::Core::CsvWriter;
using Pd::Core::OpportunityField;
using Pd::Core::OpportunitySummary;
namespace OpportunityFields = Pd::Core::OpportunityFields;

class tst_CsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodeCell_data();
    void encodeCell();
    void writeRow_data();
    void writeRow();
    void bom_onlyBeforeFirstRecord();
    void writeToClosedDevice_failsWithMessage();
    void opportunities_headerAndOneRowEach();
    void opportunities_neutralisedUnlessRaw();
    void reader_accepts_data();
    void reader_accepts();
    void reader_refuses_data();
    void reader_refuses();
    void roundTrip_data();
    void roundTrip();
    void roundTrip_randomCells();

private:
    static QByteArray write(const QList<QStringList> &rows, bool neutralize, bool bom = false);
};

QByteArray tst_CsvWriter::write(const QList<QStringList> &rows, bool neutralize, bool bom)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    writer.setNeutralizeFormulas(neutralize);
    writer.setWriteBom(bom);
    for (const QStringList &row : rows) {
        if (!writer.writeRow(row)) {
            qWarning() << writer.errorString();
            return {};
        }
    }
    return buffer.data();
}

void tst_CsvWriter::encodeCell_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<bool>("neutralize");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << u"Example Corp"_s << true << u"Example Corp"_s;
    QTest::newRow("empty") << QString() << true << QString();
    QTest::newRow("comma") << u"a,b"_s << true << u"\"a,b\""_s;
    QTest::newRow("quote doubled") << u"say \"hi\""_s << true << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("LF") << u"line1\nline2"_s << true << u"\"line1\nline2\""_s;
    QTest::newRow("CR inside") << u"a\rb"_s << true << u"\"a\rb\""_s;
    QTest::newRow("CRLF inside") << u"a\r\nb"_s << true << u"\"a\r\nb\""_s;
    QTest::newRow("leading space") << u" lead"_s << true << u"\" lead\""_s;
    QTest::newRow("trailing space") << u"trail "_s << true << u"\"trail \""_s;
    QTest::newRow("trailing tab") << u"trail\t"_s << true << u"\"trail\t\""_s;
    QTest::newRow("inner space only") << u"a b"_s << true << u"a b"_s;
    QTest::newRow("non-ASCII") << u"Müller & Söhne 株式会社"_s << true
                               << u"Müller & Söhne 株式会社"_s;
    QTest::newRow("equals") << u"=1+1"_s << true << u"'=1+1"_s;
    QTest::newRow("plus") << u"+49 30 1234"_s << true << u"'+49 30 1234"_s;
    QTest::newRow("minus") << u"-5"_s << true << u"'-5"_s;
    QTest::newRow("at") << u"@SUM(A1)"_s << true << u"'@SUM(A1)"_s;
    QTest::newRow("leading tab") << u"\tx"_s << true << u"'\tx"_s;
    QTest::newRow("leading CR") << u"\rx"_s << true << u"\"'\rx\""_s;
    QTest::newRow("formula with comma") << u"=HYPERLINK(\"http://x\",\"y\")"_s << true
                                        << u"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""_s;
    QTest::newRow("equals inside is fine") << u"a=b"_s << true << u"a=b"_s;
    QTest::newRow("quote first is not a formula") << u"'quoted"_s << true << u"'quoted"_s;
    QTest::newRow("raw equals") << u"=1+1"_s << false << u"=1+1"_s;
    QTest::newRow("raw minus") << u"-5"_s << false << u"-5"_s;
    QTest::newRow("raw leading tab quoted") << u"\tx"_s << false << u"\"\tx\""_s;
    QTest::newRow("raw leading CR quoted") << u"\rx"_s << false << u"\"\rx\""_s;
}

void tst_CsvWriter::encodeCell()
{
    QFETCH(QString, cell);
    QFETCH(bool, neutralize);
    QFETCH(QString, expected);
    QCOMPARE(CsvWriter::encodeCell(cell, neutralize), expected);
    // The writer's fast path must agree with the pure function.
    QCOMPARE(write({{cell, u"x"_s}}, neutralize), (expected + u",x\r\n"_s).toUtf8());
}

void tst_CsvWriter::writeRow_data()
{
    QTest::addColumn<QList<QStringList>>("rows");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("no rows") << QList<QStringList>{} << QByteArray();
    QTest::newRow("header and row")
            << QList<QStringList>{{u"Id"_s, u"Name"_s}, {u"O1"_s, u"Acme, Inc."_s}}
            << QByteArray("Id,Name\r\nO1,\"Acme, Inc.\"\r\n");
    QTest::newRow("empty cells") << QList<QStringList>{{QString(), u""_s, QString()}}
                                 << QByteArray(",,\r\n");
    QTest::newRow("lone empty cell is quoted")
            << QList<QStringList>{{u"a"_s}, {QString()}, {u"b"_s}}
            << QByteArray("a\r\n\"\"\r\nb\r\n");
    QTest::newRow("UTF-8") << QList<QStringList>{{u"é"_s, u"日本"_s}}
                           << QByteArray("\xc3\xa9,\xe6\x97\xa5\xe6\x9c\xac\r\n");
}

void tst_CsvWriter::writeRow()
{
    QFETCH(QList<QStringList>, rows);
    QFETCH(QByteArray, expected);
    QCOMPARE(write(rows, true), expected);
}

void tst_CsvWriter::bom_onlyBeforeFirstRecord()
{
    const QByteArray withBom = write({{u"a"_s}, {u"b"_s}}, true, true);
    QCOMPARE(withBom, QByteArray("\xEF\xBB\xBF"
                                 "a\r\nb\r\n"));
    QCOMPARE(write({{u"a"_s}}, true, false), QByteArray("a\r\n"));

    QList<QStringList> records;
    QString error;
    QVERIFY2(CsvReader::parse(withBom, &records, &error), qPrintable(error));
    QCOMPARE(records, (QList<QStringList>{{u"a"_s}, {u"b"_s}}));
}

void tst_CsvWriter::writeToClosedDevice_failsWithMessage()
{
    QBuffer buffer;
    CsvWriter writer(&buffer);
    QVERIFY(!writer.writeRow({u"a"_s}));
    QVERIFY(writer.hasError());
    QVERIFY(!writer.errorString().isEmpty());
    QCOMPARE(writer.rowsWritten(), 0);

    QBuffer readOnly;
    readOnly.open(QIODevice::ReadOnly);
    CsvWriter second(&readOnly);
    QVERIFY(!second.writeHeader(OpportunityFields::all()));
    QVERIFY(!second.writeOpportunities({OpportunitySummary()}, OpportunityFields::all()));
}

static OpportunitySummary awkwardSummary()
{
    OpportunitySummary summary;
    summary.catalog = u"AWS"_s;
    summary.id = u"O1234567"_s;
    summary.lastModifiedDate = u"2026-08-01T10:15:30.123Z"_s;
    summary.hasLifeCycle = true;
    summary.stage = u"Closed Lost"_s;
    summary.nextSteps = u"=cmd|' /C calc'!A0"_s;
    summary.hasCustomer = true;
    summary.hasAccount = true;
    summary.companyName = u"Acme, \"the\" company\r\nsecond line"_s;
    summary.hasProject = true;
    summary.hasDeliveryModels = true;
    summary.deliveryModels = {u"SaaS or PaaS"_s, u"Resell"_s};
    summary.hasExpectedCustomerSpend = true;
    summary.expectedCustomerSpend = {{u"1000.00"_s, u"USD"_s, u"Monthly"_s, u"AWS"_s, QString()}};
    return summary;
}

void tst_CsvWriter::opportunities_headerAndOneRowEach()
{
    const QList<OpportunityField> columns = OpportunityFields::all();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    QVERIFY(writer.writeHeader(columns));
    OpportunitySummary second;
    second.catalog = u"AWS"_s;
    second.id = u"O2"_s;
    QVERIFY(writer.writeOpportunities({awkwardSummary(), second}, columns));
    QCOMPARE(writer.rowsWritten(), 3);

    QList<QStringList> records;
    QString error;
    QVERIFY2(CsvReader::parse(buffer.data(), &records, &error), qPrintable(error));
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(0).size(), columns.size());
    QCOMPARE(records.at(0).first(), u"Id"_s);
    for (qsizetype c = 0; c < columns.size(); ++c) {
        QCOMPARE(records.at(0).at(c), OpportunityFields::name(columns.at(c)));
        const QString expected = OpportunityFields::text(awkwardSummary(), columns.at(c));
        QCOMPARE(records.at(1).at(c),
                 CsvWriter::looksLikeFormula(expected) ? u'\'' + expected : expected);
    }
    QCOMPARE(records.at(2).at(0), u"O2"_s);
}

void tst_CsvWriter::opportunities_neutralisedUnlessRaw()
{
    const QList<OpportunityField> columns = {OpportunityField::Id, OpportunityField::NextSteps};
    for (const bool neutralize : {true, false}) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CsvWriter writer(&buffer);
        writer.setNeutralizeFormulas(neutralize);
        QVERIFY(writer.writeOpportunities({awkwardSummary()}, columns));
        QCOMPARE(buffer.data(), neutralize ? QByteArray("O1234567,'=cmd|' /C calc'!A0\r\n")
                                           : QByteArray("O1234567,=cmd|' /C calc'!A0\r\n"));
    }
}

void tst_CsvWriter::reader_accepts_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QList<QStringList>>("records");

    QTest::newRow("empty") << QByteArray() << QList<QStringList>{};
    QTest::newRow("CRLF") << QByteArray("a,b\r\nc,d\r\n")
                          << QList<QStringList>{{u"a"_s, u"b"_s}, {u"c"_s, u"d"_s}};
    QTest::newRow("LF and no final break")
            << QByteArray("a,b\nc,d") << QList<QStringList>{{u"a"_s, u"b"_s}, {u"c"_s, u"d"_s}};
    QTest::newRow("trailing empty cell")
            << QByteArray("a,\r\n") << QList<QStringList>{{u"a"_s, QString()}};
    QTest::newRow("trailing comma at end")
            << QByteArray("a,") << QList<QStringList>{{u"a"_s, QString()}};
    QTest::newRow("quoted with everything") << QByteArray("\"x,\"\"y\"\"\r\nz\",w\r\n")
                                            << QList<QStringList>{{u"x,\"y\"\r\nz"_s, u"w"_s}};
    QTest::newRow("blank line is one empty cell")
            << QByteArray("a\r\n\r\nb\r\n") << QList<QStringList>{{u"a"_s}, {QString()}, {u"b"_s}};
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBFId\r\n") << QList<QStringList>{{u"Id"_s}};
}

void tst_CsvWriter::reader_accepts()
{
    QFETCH(QByteArray, csv);
    QFETCH(QList<QStringList>, records);
    QList<QStringList> parsed;
    QString error;
    QVERIFY2(CsvReader::parse(csv, &parsed, &error), qPrintable(error));
    QCOMPARE(parsed, records);
}

void tst_CsvWriter::reader_refuses_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::newRow("unterminated quote") << QByteArray("\"abc\r\n");
    QTest::newRow("quote in unquoted cell") << QByteArray("ab\"c\r\n");
    QTest::newRow("text after closing quote") << QByteArray("\"ab\"c\r\n");
    QTest::newRow("lone CR") << QByteArray("a\rb\r\n");
    QTest::newRow("invalid UTF-8") << QByteArray("a,\xff\xfe\r\n");
}

void tst_CsvWriter::reader_refuses()
{
    QFETCH(QByteArray, csv);
    QList<QStringList> parsed{{u"stale"_s}};
    QString error;
    QVERIFY(!CsvReader::parse(csv, &parsed, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(parsed.isEmpty());
}

void tst_CsvWriter::roundTrip_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::newRow("specials") << QStringList{u","_s,    u"\""_s, u"\"\""_s,  u"\r"_s, u"\n"_s,
                                             u"\r\n"_s, u" "_s,  u"  x  "_s, u"'"_s};
    QTest::newRow("formulas") << QStringList{u"=A1"_s, u"+1"_s, u"-1"_s,
                                             u"@x"_s,  u"\t"_s, u"\r=x"_s};
    QTest::newRow("unicode") << QStringList{u"Ω"_s, u"🙂 emoji"_s, u"\u00a0nbsp"_s};
    QTest::newRow("single empty") << QStringList{QString()};
    QTest::newRow("leading U+FEFF") << QStringList{u"\uFEFFBOM-like"_s, u"x"_s};
}

void tst_CsvWriter::roundTrip()
{
    QFETCH(QStringList, cells);
    for (const bool neutralize : {false, true}) {
        const QByteArray csv = write({cells, cells}, neutralize, neutralize);
        QList<QStringList> parsed;
        QString error;
        QVERIFY2(CsvReader::parse(csv, &parsed, &error), qPrintable(error));
        QStringList expected = cells;
        if (neutralize) {
            for (QString &cell : expected) {
                if (CsvWriter::looksLikeFormula(cell)) {
                    cell.prepend(u'\'');
                }
            }
        }
        QCOMPARE(parsed, (QList<QStringList>{expected, expected}));
    }
}

void tst_CsvWriter::roundTrip_randomCells()
{
    // Cells built from the characters that matter to CSV, plus ordinary and non-ASCII text.
    const QString alphabet = u",\"\r\n \t=+-@'aZ9é中"_s;
    QRandomGenerator random(20260804);
    QList<QStringList> rows;
    for (int r = 0; r < 300; ++r) {
        QStringList row;
        const int columns = 1 + random.bounded(5);
        for (int c = 0; c < columns; ++c) {
            QString cell;
            const int length = random.bounded(7);
            for (int i = 0; i < length; ++i) {
                cell += alphabet.at(random.bounded(int(alphabet.size())));
            }
            row.append(cell);
        }
        rows.append(row);
    }
    const QByteArray csv = write(rows, false);
    QList<QStringList> parsed;
    QString error;
    QVERIFY2(CsvReader::parse(csv, &parsed, &error), qPrintable(error));
    QCOMPARE(parsed, rows);
}

QTEST_GUILESS_MAIN(tst_CsvWriter)
#include "tst_csvwriter.moc"
