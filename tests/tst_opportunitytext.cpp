#include "opportunitytext.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

class tst_OpportunityText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatAmount_data();
    void formatAmount();
    void formatAmount_neverRounds();
    void labels_data();
    void labels();
    void unknownEnumValues_passThrough();
    void countryName_data();
    void countryName();
    void stageIndex_followsLifecycle();
    void formatDate();
    void formatSpend();
};

void tst_OpportunityText::formatAmount_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("amount");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<QString>("expected");

    const QString nbsp(QChar(0xA0));
    QTest::newRow("en_US USD") << u"en_US"_s << u"1234567.8"_s << u"USD"_s << u"$1,234,567.80"_s;
    QTest::newRow("en_US whole") << u"en_US"_s << u"1000"_s << u"USD"_s << u"$1,000.00"_s;
    QTest::newRow("en_US EUR") << u"en_US"_s << u"12.5"_s << u"EUR"_s << u"€12.50"_s;
    QTest::newRow("en_US CAD is not $")
            << u"en_US"_s << u"99"_s << u"CAD"_s << u"CAD"_s + nbsp + u"99.00"_s;
    QTest::newRow("de_DE EUR") << u"de_DE"_s << u"1234567.8"_s << u"EUR"_s
                               << u"1.234.567,80"_s + nbsp + u"€"_s;
    QTest::newRow("de_DE USD") << u"de_DE"_s << u"5"_s << u"USD"_s << u"5,00"_s + nbsp + u"USD"_s;
    QTest::newRow("fr_FR EUR") << u"fr_FR"_s << u"1234.5"_s << u"EUR"_s
                               << u"1\u202f234,50"_s + nbsp + u"€"_s;
    QTest::newRow("ja_JP JPY no minor digits")
            << u"ja_JP"_s << u"1500"_s << u"JPY"_s << u"￥1,500"_s;
    QTest::newRow("JPY keeps sent fraction")
            << u"ja_JP"_s << u"1500.5"_s << u"JPY"_s << u"￥1,500.5"_s;
    QTest::newRow("KWD three digits")
            << u"en_US"_s << u"7.1"_s << u"KWD"_s << u"KWD"_s + nbsp + u"7.100"_s;
    QTest::newRow("zero") << u"en_US"_s << u"0"_s << u"USD"_s << u"$0.00"_s;
    QTest::newRow("trailing dot") << u"en_US"_s << u"10."_s << u"USD"_s << u"$10.00"_s;
    QTest::newRow("empty") << u"en_US"_s << QString() << u"USD"_s << QString();
    QTest::newRow("malformed unchanged") << u"en_US"_s << u"1e5"_s << u"USD"_s << u"1e5"_s;
    QTest::newRow("no currency") << u"en_US"_s << u"1234"_s << QString() << u"1,234.00"_s;
}

void tst_OpportunityText::formatAmount()
{
    QFETCH(QString, locale);
    QFETCH(QString, amount);
    QFETCH(QString, currency);
    QFETCH(QString, expected);
    QCOMPARE(OpportunityText::formatAmount(amount, currency, QLocale(locale)), expected);
}

void tst_OpportunityText::formatAmount_neverRounds()
{
    // 31 integer digits: far beyond a double's 15-17 significant digits.
    const QString amount = u"9999999999999999999999999999999.99"_s;
    const QString text = OpportunityText::formatAmount(amount, u"USD"_s, QLocale(u"en_US"_s));
    QCOMPARE(text, u"$9,999,999,999,999,999,999,999,999,999,999.99"_s);
    QString digits;
    for (const QChar c : text) {
        if (c.isDigit()) {
            digits += c;
        }
    }
    QCOMPARE(digits, u"999999999999999999999999999999999"_s);
}

void tst_OpportunityText::labels_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("label");
    QTest::newRow("In review") << u"review"_s << u"In review"_s << u"In Review"_s;
    QTest::newRow("Action Required") << u"review"_s << u"Action Required"_s << u"Action Required"_s;
    QTest::newRow("Closed Lost") << u"stage"_s << u"Closed Lost"_s << u"Closed Lost"_s;
    QTest::newRow("VMWare") << u"lost"_s << u"Lost to Competitor - VMWare"_s
                            << u"Lost to Competitor - VMware"_s;
    QTest::newRow("On Premises") << u"lost"_s << u"On Premises Deployment"_s
                                 << u"On-Premises Deployment"_s;
    QTest::newRow("Monthly") << u"frequency"_s << u"Monthly"_s << u"monthly"_s;
    QTest::newRow("sort key") << u"sort"_s << u"CustomerCompanyName"_s << u"Company name"_s;
}

void tst_OpportunityText::labels()
{
    QFETCH(QString, kind);
    QFETCH(QString, api);
    QFETCH(QString, label);
    QString actual;
    if (kind == u"review"_s) {
        actual = OpportunityText::reviewStatusLabel(api);
    } else if (kind == u"stage"_s) {
        actual = OpportunityText::stageLabel(api);
    } else if (kind == u"lost"_s) {
        actual = OpportunityText::closedLostReasonLabel(api);
    } else if (kind == u"frequency"_s) {
        actual = OpportunityText::frequencyLabel(api);
    } else {
        actual = OpportunityText::sortKeyLabel(api);
    }
    QCOMPARE(actual, label);
}

void tst_OpportunityText::unknownEnumValues_passThrough()
{
    QCOMPARE(OpportunityText::stageLabel(u"Won Big"_s), u"Won Big"_s);
    QCOMPARE(OpportunityText::industryLabel(u"Space Mining"_s), u"Space Mining"_s);
    QCOMPARE(OpportunityText::stageIndex(u"Won Big"_s), -1);
}

void tst_OpportunityText::countryName_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("name");
    QTest::newRow("DE") << u"DE"_s << u"Germany"_s;
    QTest::newRow("US") << u"US"_s << u"United States"_s;
    QTest::newRow("JP") << u"JP"_s << u"Japan"_s;
    QTest::newRow("unknown") << u"ZZ"_s << u"ZZ"_s;
    QTest::newRow("empty") << QString() << QString();
}

void tst_OpportunityText::countryName()
{
    QFETCH(QString, code);
    QFETCH(QString, name);
    QCOMPARE(OpportunityText::countryName(code), name);
}

void tst_OpportunityText::stageIndex_followsLifecycle()
{
    QCOMPARE(OpportunityText::stageIndex(u"Prospect"_s), 0);
    QCOMPARE(OpportunityText::stageIndex(u"Launched"_s), 5);
    QCOMPARE(OpportunityText::stageIndex(u"Closed Lost"_s), 6);
    QCOMPARE(OpportunityText::reviewStatusIndex(u"In review"_s), 2);
}

void tst_OpportunityText::formatDate()
{
    QCOMPARE(OpportunityText::formatDate(u"2026-12-31"_s, QLocale(u"en_US"_s)), u"12/31/2026"_s);
    QCOMPARE(OpportunityText::formatDate(u"2026-12-31"_s, QLocale(u"de_DE"_s)), u"31.12.2026"_s);
    QCOMPARE(OpportunityText::formatDate(u"not a date"_s, QLocale(u"en_US"_s)), u"not a date"_s);
}

void tst_OpportunityText::formatSpend()
{
    ExpectedCustomerSpend spend;
    spend.amount = u"1000"_s;
    spend.currencyCode = u"USD"_s;
    spend.frequency = u"Monthly"_s;
    spend.targetCompany = u"AWS"_s;
    QCOMPARE(OpportunityText::formatSpend(spend, QLocale(u"en_US"_s)),
             u"$1,000.00 monthly (AWS)"_s);
    ExpectedCustomerSpend other = spend;
    other.amount = u"12.5"_s;
    other.currencyCode = u"EUR"_s;
    other.targetCompany = u"Self"_s;
    QCOMPARE(OpportunityText::formatSpendList({spend, other}, QLocale(u"en_US"_s)),
             u"$1,000.00 monthly (AWS); €12.50 monthly (Self)"_s);
}

QTEST_GUILESS_MAIN(tst_OpportunityText)
#include "tst_opportunitytext.moc"
