// The emulator's generated rows: deterministic per (seed, catalog, index), every value of every
// enumeration in the first rows, the awkward texts and missing members a client must handle,
// and identifiers that are unique and whose order is not their text order.
#include "datasetgenerator.h"
#include "listopportunitiesrequest.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::DatasetGenerator;

class tst_DatasetGenerator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isDeterministicAndCoversTheModel();
    void rowDependsOnlyOnSeedCatalogAndIndex();
    void identifiers_uniqueAscendingAndOfTwoLengths();
};

void tst_DatasetGenerator::isDeterministicAndCoversTheModel()
{
    const DatasetGenerator generator(7, u"us-east-1"_s, u"123456789012"_s);
    const DatasetGenerator same(7, u"us-east-1"_s, u"123456789012"_s);
    const DatasetGenerator other(8, u"us-east-1"_s, u"123456789012"_s);
    QCOMPARE(generator.summary(u"AWS"_s, 42), same.summary(u"AWS"_s, 42));
    QVERIFY(generator.summary(u"AWS"_s, 42) != other.summary(u"AWS"_s, 42));

    constexpr int Count = 1500;
    QSet<QString> ids, stages, reviews, industries, countries, currencies, models, reasons, types,
            companies, lastModified;
    bool sharedLastModified = false;
    int missingCreated = 0, missingCustomer = 0, missingTargetClose = 0, manySpends = 0,
        bigAmounts = 0, durations = 0;
    const QRegularExpression amountPattern(u"^((0|([1-9][0-9]{0,30}))(\\.[0-9]{0,2})?)?$"_s);
    for (int i = 0; i < Count; ++i) {
        const OpportunitySummary s = generator.summary(u"AWS"_s, i);
        QVERIFY(Model::isValidIdentifier(s.id));
        QVERIFY2(!ids.contains(s.id), qPrintable(s.id));
        ids.insert(s.id);
        QVERIFY(s.arn.isNull() || s.arn.endsWith(u"catalog/AWS/opportunity/"_s + s.id));
        if (!s.lastModifiedDate.isNull()) {
            sharedLastModified = sharedLastModified || lastModified.contains(s.lastModifiedDate);
            lastModified.insert(s.lastModifiedDate);
            QVERIFY(s.createdDateMs == OpportunitySummary::NoTime
                    || s.createdDateMs <= s.lastModifiedDateMs);
        }
        missingCreated += s.createdDate.isNull();
        missingCustomer += !s.hasCustomer;
        missingTargetClose += s.hasLifeCycle && s.targetCloseDate.isNull();
        stages.insert(s.stage);
        reviews.insert(s.reviewStatus);
        reasons.insert(s.closedLostReason);
        QVERIFY(s.closedLostReason.isNull() || s.stage == "Closed Lost"_L1);
        types.insert(s.opportunityType);
        industries.insert(s.industry);
        countries.insert(s.countryCode);
        companies.insert(s.companyName);
        QVERIFY(s.companyName.size() <= 120);
        for (const QString &model : s.deliveryModels) {
            models.insert(model);
        }
        manySpends += s.expectedCustomerSpend.size() >= 3;
        for (const ExpectedCustomerSpend &spend : s.expectedCustomerSpend) {
            currencies.insert(spend.currencyCode);
            QVERIFY2(amountPattern.match(spend.amount).hasMatch(), qPrintable(spend.amount));
            bigAmounts += spend.amount.indexOf(u'.') > 20 || spend.amount.size() > 20;
            QCOMPARE(spend.frequency, u"Monthly"_s);
        }
        durations += s.hasExpectedContractDuration;
    }
    const auto coversAll = [](const QSet<QString> &seen, const QStringList &values) {
        for (const QString &value : values) {
            if (!seen.contains(value)) {
                qWarning() << "never generated:" << value;
                return false;
            }
        }
        return true;
    };
    QVERIFY(coversAll(stages, Model::stages()));
    QVERIFY(coversAll(reviews, Model::reviewStatuses()));
    QVERIFY(coversAll(reasons, Model::closedLostReasons()));
    QVERIFY(coversAll(types, Model::opportunityTypes()));
    QVERIFY(coversAll(industries, Model::industries()));
    QVERIFY(coversAll(countries, Model::countryCodes()));
    QVERIFY(coversAll(currencies, Model::currencyCodes()));
    QVERIFY(coversAll(models, Model::deliveryModels()));
    QVERIFY(sharedLastModified);
    QCOMPARE(missingCreated, 0); // the service maintains it, as LastModifiedDate
    QVERIFY(missingCustomer > 0 && missingTargetClose > 0);
    QVERIFY(manySpends > 0 && bigAmounts > 0 && durations > 0);
    const auto hasName = [&companies](const auto &predicate) {
        return std::any_of(companies.cbegin(), companies.cend(), predicate);
    };
    QVERIFY(companies.contains(u"Müller & Söhne GmbH"_s));
    QVERIFY(companies.contains(u"株式会社サンプル"_s));
    for (const QChar lead : {u'=', u'+', u'-', u'@'}) {
        QVERIFY(hasName([lead](const QString &n) { return n.startsWith(lead); }));
    }
    QVERIFY(hasName([](const QString &n) { return n.contains(u'\n'); }));
    QVERIFY(hasName([](const QString &n) { return n.contains(u'"'); }));
    QVERIFY(hasName([](const QString &n) { return n.contains(u','); }));
}

void tst_DatasetGenerator::rowDependsOnlyOnSeedCatalogAndIndex()
{
    const DatasetGenerator generator(3, u"us-east-1"_s, u"123456789012"_s);
    // Read in another order, by another instance: the same rows (a larger --count keeps the
    // smaller dataset as its prefix).
    QList<OpportunitySummary> forward;
    for (int i = 0; i < 300; ++i) {
        forward.append(generator.summary(u"AWS"_s, i));
    }
    const DatasetGenerator again(3, u"us-east-1"_s, u"123456789012"_s);
    for (int i = 299; i >= 0; --i) {
        QCOMPARE(again.summary(u"AWS"_s, i), forward.at(i));
    }
    // The catalog is part of the row: Sandbox rows are others, with their own identifiers.
    const OpportunitySummary sandbox = generator.summary(u"Sandbox"_s, 5);
    QCOMPARE(sandbox.catalog, u"Sandbox"_s);
    QCOMPARE(sandbox.id, DatasetGenerator::identifier(u"Sandbox"_s, 5));
    QVERIFY(sandbox.id != forward.at(5).id);
    QVERIFY(sandbox.arn.isNull() || sandbox.arn.contains(u"catalog/Sandbox/opportunity/"_s));
    // Region and account show in the ARN.
    const OpportunitySummary elsewhere
            = DatasetGenerator(3, u"eu-west-1"_s, u"210987654321"_s).summary(u"AWS"_s, 7);
    QCOMPARE(elsewhere.id, forward.at(7).id);
    QVERIFY(elsewhere.arn.isNull()
            || elsewhere.arn.startsWith(u"arn:aws:partnercentral:eu-west-1:210987654321:"_s));
}

void tst_DatasetGenerator::identifiers_uniqueAscendingAndOfTwoLengths()
{
    static const QRegularExpression shape(u"^O(\\d{7}|\\d{9}|\\d{11})$"_s);
    for (const QString &catalog : {u"AWS"_s, u"Sandbox"_s}) {
        QSet<QString> seen;
        QSet<qsizetype> lengths;
        qint64 previous = -1;
        bool textOrderDiffers = false;
        QString previousText;
        for (int i = 0; i < 5000; ++i) {
            const QString id = DatasetGenerator::identifier(catalog, i);
            QVERIFY2(shape.match(id).hasMatch(), qPrintable(id));
            QVERIFY(Model::isValidIdentifier(id));
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
            lengths.insert(id.size());
            const qint64 number = id.mid(1).toLongLong();
            if (i % 101 == 50) {
                QCOMPARE(id.size(), 12); // every 101st has 11 digits
            } else {
                QVERIFY2(number > previous, qPrintable(id)); // ascending with the index
                previous = number;
            }
            textOrderDiffers = textOrderDiffers || (!previousText.isEmpty() && id < previousText);
            previousText = id;
        }
        QCOMPARE(lengths.size(), 2); // 7 (AWS) or 9 (Sandbox) digits, and 11
        QVERIFY(textOrderDiffers);
    }
    QVERIFY(DatasetGenerator::identifier(u"AWS"_s, 0)
            != DatasetGenerator::identifier(u"Sandbox"_s, 0));
}

QTEST_GUILESS_MAIN(tst_DatasetGenerator)
#include "tst_datasetgenerator.moc"
