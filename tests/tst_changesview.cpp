#include "awsclient.h"
#include "changejournal.h"
#include "changesview.h"
#include "emulatorserver.h"
#include "opportunitystoredb.h"
#include "storesync.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using Pd::Emulator::ChurnResult;
using Pd::Emulator::ChurnStep;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Gui::ChangesView;

namespace {

constexpr int WaitMs = 10000;

} // namespace

class tst_ChangesView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valueText_data();
    void valueText();
    void listsOldAndNewValuesPerSync();
    void markAllSeen_emptiesSinceLastLooked();
    void noStore_saysWhy();

private:
    bool sync(OpportunityStoreDb *store, AwsClient *client);
};

void tst_ChangesView::valueText_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("text");
    QTest::newRow("null") << QByteArray("null") << u"—"_s;
    QTest::newRow("absent") << QByteArray() << u"—"_s;
    QTest::newRow("string") << QByteArray(R"("Qualified")") << u"Qualified"_s;
    QTest::newRow("empty string") << QByteArray(R"("")") << u"—"_s;
    QTest::newRow("list") << QByteArray(R"(["SaaS or PaaS","Managed Services"])")
                          << u"SaaS or PaaS, Managed Services"_s;
    QTest::newRow("objects") << QByteArray(R"([{"Amount":"10","CurrencyCode":"USD"}])")
                             << uR"({"Amount":"10","CurrencyCode":"USD"})"_s;
}

void tst_ChangesView::valueText()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, text);
    QCOMPARE(ChangesView::valueText(json), text);
}

bool tst_ChangesView::sync(OpportunityStoreDb *store, AwsClient *client)
{
    StoreSync sync(store, client);
    QSignalSpy finished(&sync, &StoreSync::finished);
    sync.start();
    return (!finished.isEmpty() || finished.wait(WaitMs))
           && sync.status() == StoreSync::Status::Succeeded;
}

void tst_ChangesView::listsOldAndNewValuesPerSync()
{
    EmulatorOptions options;
    options.count = 300;
    options.sandboxCount = 10;
    EmulatorServer server;
    QString error;
    QVERIFY2(server.start(options, &error), qPrintable(error));
    ClientConfig config;
    config.endpoint = server.endpoint();
    AwsClient client(config,
                     std::make_shared<StaticCredentialsProvider>(server.credentials(), u"t"_s));
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QVERIFY2(store.open(dir.filePath(u"s.sqlite"_s), StoreKey::demo(u"AWS"_s), &error),
             qPrintable(error));
    QVERIFY(sync(&store, &client));

    ChangesView view;
    view.setStore(&store);
    QVERIFY(view.entries().isEmpty()); // the first listing is not a change
    QCOMPARE(view.tree()->topLevelItemCount(), 0);

    // Remember the values the next step changes.
    QHash<QString, OpportunitySummary> old;
    QList<OpportunitySummary> all;
    QVERIFY(store.summaries(&all, &error));
    for (const OpportunitySummary &s : std::as_const(all)) {
        old.insert(s.id, s);
    }
    const ChurnResult churn = server.churn(u"AWS"_s, ChurnStep{2, 1, 0});
    QVERIFY(sync(&store, &client));
    view.setScope(ChangesView::Scope::LastSync);
    QCOMPARE(view.entries().size(), 3);
    QCOMPARE(view.tree()->topLevelItemCount(), 3);

    for (int i = 0; i < view.tree()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = view.tree()->topLevelItem(i);
        const QString id = item->text(0);
        if (churn.createdIds.contains(id)) {
            QCOMPARE(item->text(1), u"new"_s);
            QCOMPARE(item->childCount(), 0);
            continue;
        }
        QVERIFY2(churn.modifiedIds.contains(id), qPrintable(id));
        QCOMPARE(item->text(1), u"changed"_s);
        QVERIFY(item->childCount() > 0);
        const OpportunitySummary now = *store.summary(id);
        const QList<FieldChange> fields = ChangeJournal::diff(old.value(id), now);
        QCOMPARE(item->childCount(), fields.size());
        for (int c = 0; c < item->childCount(); ++c) {
            const QTreeWidgetItem *child = item->child(c);
            QCOMPARE(child->text(0), fields.at(c).name());
            QCOMPARE(child->text(1),
                     u"%1 → %2"_s.arg(ChangesView::valueText(fields.at(c).oldValue),
                                      ChangesView::valueText(fields.at(c).newValue)));
        }
        // LastModifiedDate always moves: old → new as the service wrote them.
        const auto lastModified = std::find_if(fields.cbegin(), fields.cend(), [](const auto &f) {
            return f.field == OpportunityField::LastModifiedDate;
        });
        QVERIFY(lastModified != fields.cend());
        QCOMPARE(ChangesView::valueText(lastModified->oldValue), old.value(id).lastModifiedDate);
        QCOMPARE(ChangesView::valueText(lastModified->newValue), now.lastModifiedDate);
    }

    // Activating a field's row names its opportunity.
    QSignalSpy activated(&view, &ChangesView::opportunityActivated);
    QTreeWidgetItem *first = view.tree()->topLevelItem(0);
    Q_EMIT view.tree()->itemActivated(first->childCount() ? first->child(0) : first, 0);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().toString(), first->text(0));
}

void tst_ChangesView::markAllSeen_emptiesSinceLastLooked()
{
    EmulatorOptions options;
    options.count = 200;
    options.sandboxCount = 10;
    EmulatorServer server;
    QString error;
    QVERIFY2(server.start(options, &error), qPrintable(error));
    ClientConfig config;
    config.endpoint = server.endpoint();
    AwsClient client(config,
                     std::make_shared<StaticCredentialsProvider>(server.credentials(), u"t"_s));
    QTemporaryDir dir;
    OpportunityStoreDb store;
    QVERIFY(store.open(dir.filePath(u"s.sqlite"_s), StoreKey::demo(u"AWS"_s), &error));
    QVERIFY(sync(&store, &client));
    server.churn(u"AWS"_s, ChurnStep{3, 0, 0});
    QVERIFY(sync(&store, &client));

    ChangesView view;
    view.setStore(&store);
    QCOMPARE(view.scope(), ChangesView::Scope::SinceLastLooked);
    QCOMPARE(view.entries().size(), 3);
    QSignalSpy seen(&view, &ChangesView::allSeen);
    QTest::mouseClick(view.findChild<QPushButton *>(u"markAllSeen"_s), Qt::LeftButton);
    QCOMPARE(seen.size(), 1);
    QVERIFY(view.entries().isEmpty());
    QVERIFY(store.unseenIds().isEmpty());
    // The last sync's changes are still there to read.
    view.setScope(ChangesView::Scope::LastSync);
    QCOMPARE(view.entries().size(), 3);
}

void tst_ChangesView::noStore_saysWhy()
{
    ChangesView view;
    QVERIFY(view.entries().isEmpty());
    QVERIFY(!view.findChild<QPushButton *>(u"markAllSeen"_s)->isEnabled());
    QVERIFY(view.findChild<QLabel *>(u"changesSummary"_s)->text().contains(u"local copy"_s));
}

QTEST_MAIN(tst_ChangesView)
#include "tst_changesview.moc"
