#include "localcopy.h"
#include "opportunitymodel.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Gui::LocalCopy;

namespace {

JournalEntry entry(const QString &id, JournalEntry::Change change,
                   const QList<FieldChange> &fields = {})
{
    JournalEntry e;
    e.id = id;
    e.change = change;
    e.fields = fields;
    return e;
}

FieldChange reviewStatus(const QByteArray &oldValue, const QByteArray &newValue)
{
    return {OpportunityField::ReviewStatus, oldValue, newValue};
}

} // namespace

class tst_LocalCopy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void needingAttention_becameActionRequiredOrRejected();
    void relativeTime_data();
    void relativeTime();
    void settings_defaultsAndRoundTrip();
    void settings_folderKeepsTheFileName();
    void closed_saysNothing();
};

void tst_LocalCopy::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PartnerDeskTest"_s);
    QCoreApplication::setApplicationName(u"tst_localcopy"_s);
    QSettings().clear();
}

void tst_LocalCopy::needingAttention_becameActionRequiredOrRejected()
{
    const QHash<QString, QString> statusOf{
            {u"O5"_s, u"Action Required"_s}, {u"O6"_s, u"Submitted"_s}, {u"O7"_s, u"Rejected"_s}};
    const auto lookup = [&statusOf](const QString &id) { return statusOf.value(id); };
    const QList<JournalEntry> entries{
            entry(u"O1"_s, JournalEntry::Change::Changed,
                  {reviewStatus(R"("Submitted")", R"("Action Required")")}),
            entry(u"O2"_s, JournalEntry::Change::Changed,
                  {reviewStatus(R"("In review")", R"("Rejected")")}),
            entry(u"O3"_s, JournalEntry::Change::Changed,
                  {reviewStatus(R"("Action Required")", R"("Submitted")")}),
            // Another field that happens to hold the text.
            entry(u"O4"_s, JournalEntry::Change::Changed,
                  {{OpportunityField::ReviewComments, "null", R"("Rejected")"}}),
            entry(u"O5"_s, JournalEntry::Change::New),
            entry(u"O6"_s, JournalEntry::Change::New),
            entry(u"O7"_s, JournalEntry::Change::Removed),
            // The same opportunity in a later sync: named once.
            entry(u"O1"_s, JournalEntry::Change::Changed,
                  {reviewStatus(R"("Submitted")", R"("Rejected")")}),
    };
    QCOMPARE(LocalCopy::needingAttention(entries, lookup),
             (QStringList{u"O1"_s, u"O2"_s, u"O5"_s}));
    QVERIFY(LocalCopy::needingAttention({}, lookup).isEmpty());
}

void tst_LocalCopy::relativeTime_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("now") << qint64(5) << u"just now"_s;
    QTest::newRow("minute") << qint64(60) << u"1 min ago"_s;
    QTest::newRow("minutes") << qint64(59 * 60 + 59) << u"59 min ago"_s;
    QTest::newRow("hours") << qint64(3 * 3600 + 100) << u"3 h ago"_s;
    QTest::newRow("a day and more") << qint64(47 * 3600) << u"47 h ago"_s;
    QTest::newRow("days") << qint64(9 * 86400) << u"9 days ago"_s;
}

void tst_LocalCopy::relativeTime()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    const QDateTime now = QDateTime::fromString(u"2026-12-08T14:02:00Z"_s, Qt::ISODate);
    QCOMPARE(LocalCopy::relativeTime(now.addSecs(-seconds), now), text);
}

void tst_LocalCopy::settings_defaultsAndRoundTrip()
{
    QSettings().clear();
    const LocalCopy::Settings defaults = LocalCopy::Settings::load();
    QVERIFY(defaults.enabled);
    QVERIFY(defaults.folder.isEmpty());
    QCOMPARE(defaults.historyDays, 90);
    QCOMPARE(defaults.schedule, LocalCopy::Schedule::AtStart);
    QVERIFY(defaults.proposeFullSync);

    LocalCopy::Settings changed;
    changed.enabled = false;
    changed.folder = u"/tmp/copies"_s;
    changed.historyDays = 30;
    changed.schedule = LocalCopy::Schedule::Periodic;
    changed.everyMinutes = 7;
    changed.proposeFullSync = false;
    changed.save();
    QCOMPARE(LocalCopy::Settings::load(), changed);
}

void tst_LocalCopy::settings_folderKeepsTheFileName()
{
    const StoreKey key = StoreKey::demo(u"AWS"_s);
    LocalCopy::Settings settings;
    QCOMPARE(settings.pathFor(key), OpportunityStoreDb::defaultPath(key));
    settings.folder = u"/data/pd"_s;
    QCOMPARE(settings.pathFor(key),
             u"/data/pd/"_s + QFileInfo(OpportunityStoreDb::defaultPath(key)).fileName());
}

void tst_LocalCopy::closed_saysNothing()
{
    OpportunityModel model;
    LocalCopy copy(&model);
    QVERIFY(!copy.isOpen());
    QVERIFY(!copy.store());
    QVERIFY(copy.syncedText().isEmpty());
    QVERIFY(copy.localText().isEmpty());
    QVERIFY(!copy.isFullSyncDue());
    QVERIFY(!copy.canAnswer(ListOpportunitiesRequest()));
    copy.sync(); // nothing to sync
    QVERIFY(!copy.isSyncing());
}

QTEST_MAIN(tst_LocalCopy)
#include "tst_localcopy.moc"
