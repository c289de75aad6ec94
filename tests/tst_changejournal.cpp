#include "changejournal.h"
#include "opportunitystoredb.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

const StoreKey Key{u"AKIDJOURNAL"_s, u"http://127.0.0.1:1"_s, u"AWS"_s};

OpportunitySummary base()
{
    OpportunitySummary s;
    s.catalog = u"AWS"_s;
    s.id = u"O123"_s;
    s.lastModifiedDate = u"2026-01-01T00:00:00Z"_s;
    s.lastModifiedDateMs = 1'767'225'600'000;
    s.hasLifeCycle = true;
    s.stage = u"Prospect"_s;
    s.reviewStatus = u"Submitted"_s;
    s.hasCustomer = true;
    s.hasAccount = true;
    s.companyName = u"Example \"Quoted\" Corp"_s;
    s.hasProject = true;
    s.hasDeliveryModels = true;
    s.deliveryModels = {u"SaaS or PaaS"_s};
    s.hasExpectedCustomerSpend = true;
    s.expectedCustomerSpend = {{u"100.00"_s, u"USD"_s, u"Monthly"_s, u"AWS"_s, QString()}};
    return s;
}

QMap<QString, std::pair<QByteArray, QByteArray>> byName(const QList<FieldChange> &changes)
{
    QMap<QString, std::pair<QByteArray, QByteArray>> map;
    for (const FieldChange &change : changes) {
        map.insert(change.name(), {change.oldValue, change.newValue});
    }
    return map;
}

bool isJson(const QByteArray &value)
{
    QJsonParseError error;
    QJsonDocument::fromJson("[" + value + "]", &error);
    return error.error == QJsonParseError::NoError;
}

} // namespace

class TestChangeJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identicalSummariesHaveNoChanges();
    void everyChangedFieldWithJsonValues();
    void everyFieldIsCompared();
    void readsEntriesBySyncTimeAndOpportunity();
};

void TestChangeJournal::identicalSummariesHaveNoChanges()
{
    QVERIFY(ChangeJournal::diff(base(), base()).isEmpty());
}

void TestChangeJournal::everyChangedFieldWithJsonValues()
{
    OpportunitySummary after = base();
    after.lastModifiedDate = u"2026-02-01T00:00:00.5Z"_s;
    after.stage = u"Qualified"_s;
    after.nextSteps = u"Call \"them\"\nback"_s;
    after.deliveryModels.append(u"Resell"_s);
    after.expectedCustomerSpend.first().amount = u"250.50"_s;
    after.companyName = u"Example Corp"_s;
    const auto changes = byName(ChangeJournal::diff(base(), after));
    QCOMPARE(changes.keys(),
             QStringList({u"Customer.Account.CompanyName"_s, u"LastModifiedDate"_s,
                          u"LifeCycle.NextSteps"_s, u"LifeCycle.Stage"_s,
                          u"Project.DeliveryModels"_s, u"Project.ExpectedCustomerSpend"_s}));
    QCOMPARE(changes.value(u"LifeCycle.Stage"_s), std::pair("\"Prospect\""_ba, "\"Qualified\""_ba));
    QCOMPARE(changes.value(u"LifeCycle.NextSteps"_s).first, "null"_ba);
    QCOMPARE(changes.value(u"LifeCycle.NextSteps"_s).second, "\"Call \\\"them\\\"\\nback\""_ba);
    QCOMPARE(changes.value(u"Project.DeliveryModels"_s),
             std::pair("[\"SaaS or PaaS\"]"_ba, "[\"SaaS or PaaS\",\"Resell\"]"_ba));
    QCOMPARE(changes.value(u"Project.ExpectedCustomerSpend"_s).second,
             "[{\"Amount\":\"250.50\",\"CurrencyCode\":\"USD\",\"Frequency\":\"Monthly\","
             "\"TargetCompany\":\"AWS\"}]"_ba);
    for (const auto &[oldValue, newValue] : changes) {
        QVERIFY(isJson(oldValue));
        QVERIFY(isJson(newValue));
    }
}

void TestChangeJournal::everyFieldIsCompared()
{
    // A summary with every member set against an empty one: every field but Id differs.
    OpportunitySummary full = base();
    full.arn = u"arn:aws:partnercentral:us-east-1:1:catalog/AWS/opportunity/O123"_s;
    full.partnerOpportunityIdentifier = u"P-1"_s;
    full.opportunityType = u"Net New Business"_s;
    full.createdDate = u"2025-01-01T00:00:00Z"_s;
    full.closedLostReason = u"Price"_s;
    full.nextSteps = u"n"_s;
    full.targetCloseDate = u"2026-12-31"_s;
    full.reviewComments = u"c"_s;
    full.reviewStatusReason = u"r"_s;
    full.industry = u"Other"_s;
    full.otherIndustry = u"o"_s;
    full.websiteUrl = u"https://example.com"_s;
    full.hasAddress = true;
    full.city = u"c"_s;
    full.postalCode = u"1"_s;
    full.stateOrRegion = u"s"_s;
    full.countryCode = u"US"_s;
    full.hasExpectedContractDuration = true;
    full.expectedContractDurationTerm = u"Months"_s;
    full.expectedContractDurationValue = u"12"_s;
    OpportunitySummary empty;
    empty.id = full.id;
    QCOMPARE(ChangeJournal::diff(empty, full).size(), OpportunityFieldCount - 1);
}

void TestChangeJournal::readsEntriesBySyncTimeAndOpportunity()
{
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QString error;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), Key, &error));
    const auto runSync = [&](SyncMode mode, const QList<OpportunitySummary> &page) {
        SyncRecord record;
        record.mode = mode;
        record.id = store.beginSync(mode, &error);
        OpportunityStoreDb::PageOutcome outcome;
        if (!store.applyPage(record.id, page, &outcome, &error)) {
            return qint64(0);
        }
        record.status = SyncRecord::Status::Succeeded;
        return store.finishSync(record, 90, &error) ? record.id : 0;
    };
    QVERIFY(runSync(SyncMode::Full, {base()}) > 0);
    const QDateTime between = QDateTime::currentDateTimeUtc();
    OpportunitySummary second = base();
    second.stage = u"Committed"_s;
    second.lastModifiedDate = u"2026-03-01T00:00:00Z"_s;
    const qint64 syncA = runSync(SyncMode::Incremental, {second});
    OpportunitySummary other = base();
    other.id = u"O9"_s;
    const qint64 syncB = runSync(SyncMode::Incremental, {other});
    QVERIFY(syncA > 0 && syncB > syncA);

    const ChangeJournal journal(&store);
    const QList<JournalEntry> since = journal.entriesSince(between);
    QCOMPARE(since.size(), 2);
    QCOMPARE(since.at(0).syncId, syncA);
    QCOMPARE(since.at(0).change, JournalEntry::Change::Changed);
    QVERIFY(since.at(0).syncedAt >= between.addMSecs(-1));
    QCOMPARE(since.at(1).syncId, syncB);
    QCOMPARE(since.at(1).id, u"O9"_s);
    QCOMPARE(journal.entriesOfLastSyncs(1).size(), 1);
    QCOMPARE(journal.entriesOfLastSyncs(2).size(), 2);
    const QList<JournalEntry> history = journal.history(u"O123"_s);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.first().fields.size(), 2);
    QVERIFY(journal.entriesSince(QDateTime::currentDateTimeUtc().addSecs(60)).isEmpty());
    const QList<SyncRecord> syncs = journal.syncs(10);
    QCOMPARE(syncs.size(), 3);
    QCOMPARE(syncs.first().id, syncB);
    QCOMPARE(syncs.last().mode, SyncMode::Full);
}

QTEST_GUILESS_MAIN(TestChangeJournal)
#include "tst_changejournal.moc"
