#include "awsclient.h"
#include "changesview.h"
#include "daterangeedit.h"
#include "detailpane.h"
#include "detailsenrichment.h"
#include "emulatorserver.h"
#include "errorbanner.h"
#include "filterpanel.h"
#include "itemdatarole.h"
#include "localcopy.h"
#include "localcopydialog.h"
#include "mainwindow.h"
#include "nothinghappens.h"
#include "noticebar.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitystoredb.h"
#include "opportunitytableview.h"
#include "opportunitytext.h"
#include "pipelinechartview.h"
#include "pipelineview.h"
#include "storesync.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDockWidget>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <limits>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Gui;
using Pd::Emulator::ChurnResult;
using Pd::Emulator::ChurnStep;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Test::nothingHappens;

namespace {

constexpr int WaitMs = 10000;
/// How long a check that the view asks for no page watches: the view fetches from zero-time
/// layout timers, so this covers a few turns of a busy event loop.
constexpr int ViewSettleMs = 100;

EmulatorOptions options(int count = 1000, int sandboxCount = 60, int latencyMs = 0)
{
    EmulatorOptions o;
    o.count = count;
    o.sandboxCount = sandboxCount;
    o.seed = 3;
    o.latencyMs = latencyMs;
    return o;
}

/// A main window connected to an emulator on the test's thread.
struct Harness
{
    explicit Harness(const EmulatorOptions &o = options())
    {
        QString error;
        started = server.start(o, &error);
        if (!started) {
            qWarning("emulator: %s", qPrintable(error));
            return;
        }
        QObject::connect(&server, &EmulatorServer::requestServed, &server,
                         [this] { bodies += server.lastRequestBody(); });
        ClientConfig config;
        config.endpoint = server.endpoint();
        config.retry.maxAttempts = 1;
        // These cases count ListOpportunities requests: no detail calls beside them.
        window.detailsEnrichment()->setFetching(false);
        window.setConnection(
                config,
                std::make_shared<StaticCredentialsProvider>(server.credentials(), u"test"_s),
                u"test"_s);
        window.resize(1300, 800);
        window.show();
        started = QTest::qWaitForWindowExposed(&window);
    }

    OpportunityModel *model() const { return window.model(); }
    FilterPanel *filters() const { return window.filterPanel(); }
    OpportunityTableView *table() const { return window.tableView(); }
    template<typename T>
    T *filter(const QString &name) const
    {
        return filters()->findChild<T *>(name);
    }
    QJsonObject lastBody() const
    {
        return QJsonDocument::fromJson(bodies.value(bodies.size() - 1)).object();
    }
    bool waitIdle() const
    {
        return QTest::qWaitFor([this] { return !model()->isBusy(); }, WaitMs);
    }
    void check(const QString &listName, const QString &apiValue) const
    {
        auto *list = filter<QListWidget>(listName);
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->data(Qt::UserRole).toString() == apiValue) {
                list->item(i)->setCheckState(Qt::Checked);
                return;
            }
        }
        QFAIL(qPrintable(u"no item "_s + apiValue));
    }
    QStringList visibleErrors() const
    {
        QStringList texts;
        const auto labels = filters()->findChildren<QLabel *>(u"fieldError"_s);
        for (const QLabel *label : labels) {
            if (label->isVisibleTo(filters())) {
                texts += label->text();
            }
        }
        return texts;
    }
    int column(OpportunityField field) const { return OpportunityModel::columnOf(field); }
    void clickHeader(int logical) const
    {
        QHeaderView *header = table()->horizontalHeader();
        const QPoint at(header->sectionViewportPosition(logical) + header->sectionSize(logical) / 2,
                        header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    }

    EmulatorServer server;
    MainWindow window;
    QList<QByteArray> bodies;
    bool started = false;
};

/// A main window with a local copy in a temporary folder, connected to an emulator on the
/// test's thread. The store can be filled before the window connects.
struct LocalHarness
{
    explicit LocalHarness(const EmulatorOptions &o = options())
    {
        QString error;
        started = dir.isValid() && server.start(o, &error);
        if (!started) {
            qWarning("emulator: %s", qPrintable(error));
            return;
        }
        config.endpoint = server.endpoint();
        config.retry.maxAttempts = 1;
        credentials = std::make_shared<StaticCredentialsProvider>(server.credentials(), u"test"_s);
        settings.folder = dir.path();
        settings.schedule = LocalCopy::Schedule::ByHand;
        key = StoreKey::forConnection(config, credentials.get(), QString(), u"AWS"_s);
        path = settings.pathFor(key);
    }

    /// A full listing of the emulator into the store, as a first sync does.
    bool fillStore()
    {
        OpportunityStoreDb store;
        QString error;
        if (!store.open(path, key, &error)) {
            qWarning("store: %s", qPrintable(error));
            return false;
        }
        AwsClient client(config, credentials);
        StoreSync sync(&store, &client);
        QSignalSpy finished(&sync, &StoreSync::finished);
        sync.start();
        return (!finished.isEmpty() || finished.wait(WaitMs))
               && sync.status() == StoreSync::Status::Succeeded;
    }

    /// The window uses the local copy and connects.
    void connect()
    {
        window.useLocalCopy(settings);
        // These cases count ListOpportunities requests: no detail calls beside them.
        window.detailsEnrichment()->setFetching(false);
        window.setConnection(config, credentials, u"test"_s);
        window.resize(1300, 800);
        window.show();
        exposed = QTest::qWaitForWindowExposed(&window);
    }

    OpportunityModel *model() const { return window.model(); }
    QStringList modelIds() const
    {
        QStringList ids;
        for (int row = 0; row < model()->rowCount(); ++row) {
            ids.append(model()->index(row, 0).data(IdRole).toString());
        }
        return ids;
    }
    bool waitSynced() const
    {
        return QTest::qWaitFor(
                [this] { return window.localCopy()->isOpen() && !window.localCopy()->isSyncing(); },
                WaitMs);
    }

    QTemporaryDir dir;
    EmulatorServer server;
    ClientConfig config;
    std::shared_ptr<StaticCredentialsProvider> credentials;
    LocalCopy::Settings settings;
    StoreKey key;
    QString path;
    MainWindow window;
    bool started = false;
    bool exposed = false;
};

/// The ids of a store's rows in the service's default order.
QStringList storedIds(const QString &path)
{
    OpportunityStoreDb store;
    QString error;
    QList<OpportunitySummary> rows;
    QStringList ids;
    if (store.openExisting(path, &error) && store.summaries(&rows, &error)) {
        for (const OpportunitySummary &s : std::as_const(rows)) {
            ids.append(s.id);
        }
    }
    return ids;
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void firstPage_appearsAndSelectsFirstRow();
    void filters_produceExactRequestMembers();
    void filters_defaultsSendOnlyCatalogSortAndPageSize();
    void filterChange_appliesAfterDebounce();
    void invalidFilters_showAtTheFieldAndSendNothing();
    void serviceValidationErrors_showAtTheirFields();
    void scrolling_fetchesPagesToTheEnd();
    void selection_fillsDetailPane();
    void injectedError_showsBanner_retryRecoversWithoutLosingRows();
    void filterChangeMidLoad_neverMixesRows();
    void headerClick_sortsOnServerWhenTheApiCan();
    void headerClick_sortsLoadedRowsOtherwise();
    void copyRows_tsvWithVisibleHeaders();
    void quickFilter_narrowsLoadedRows();
    void badges_catalogAndDemo();
    void layout_persistsAndResets();
    void cancel_keepsRowsAndOffersLoadMore();
    void pipeline_barFiltersTheTableWithARemovableChip();
    void loadAll_listsInParallelAfterTheLoadedRows();
    void localCopy_startShowsStoredRowsBeforeAnyRequest();
    void localCopy_firstListingFillsTheStorePageByPage();
    void localCopy_syncUpdatesRowsInPlaceKeepingSelection();
    void localCopy_completeStoreFiltersAndSortsWithoutRequests();
    void localCopy_forgetDeletesTheFiles();
    void localCopy_corruptStoreShowsBothFiles();
    void localCopy_failedSyncKeepsRowsAndSaysWhy();
    void localCopy_throttledSyncWaitsAndSaysSo();
    void localCopy_syncElsewhereIsNewsNotAnError();
    void localCopy_offersAFullSyncAfterAWeek();
    void localCopy_anotherCatalogHasItsOwnCopy();
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PartnerDeskTest"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_MainWindow::init()
{
    QSettings().clear();
}

void tst_MainWindow::firstPage_appearsAndSelectsFirstRow()
{
    Harness h;
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(h.waitIdle());
    QCOMPARE(h.window.statusText(), u"100 loaded · more available"_s);
    QCOMPARE(h.table()->currentSourceRow(), 0);
    QCOMPARE(h.window.detailPane()->valueText(u"id"_s), h.model()->summary(0).id);
    QVERIFY(h.window.errorBanner()->isHidden());
}

void tst_MainWindow::filters_produceExactRequestMembers()
{
    Harness h;
    QVERIFY(h.started);
    QVERIFY(h.waitIdle());
    h.filters()->setDebounceMs(60000);

    auto *catalog = h.filter<QComboBox>(u"catalog"_s);
    catalog->setCurrentIndex(catalog->findData(u"Sandbox"_s));
    h.check(u"stages"_s, u"Qualified"_s);
    h.check(u"stages"_s, u"Closed Lost"_s);
    h.check(u"reviewStatuses"_s, u"In review"_s);
    h.filter<QPlainTextEdit>(u"companyNames"_s)->setPlainText(u"Acme Corp\n  Globex \n\n"_s);
    h.filter<QPlainTextEdit>(u"identifiers"_s)->setPlainText(u"O123, O4567\nO89"_s);

    auto *created = h.filter<DateRangeEdit>(u"createdDate"_s);
    const QDateTime createdAfter(QDate(2026, 1, 15), QTime(9, 30));
    created->afterCheck()->setChecked(true);
    created->afterEdit()->setDateTime(createdAfter);
    auto *modified = h.filter<DateRangeEdit>(u"lastModifiedDate"_s);
    const QDateTime modifiedAfter(QDate(2026, 2, 1), QTime(0, 0));
    const QDateTime modifiedBefore(QDate(2026, 3, 1), QTime(18, 45));
    modified->afterCheck()->setChecked(true);
    modified->afterEdit()->setDateTime(modifiedAfter);
    modified->beforeCheck()->setChecked(true);
    modified->beforeEdit()->setDateTime(modifiedBefore);
    auto *close = h.filter<DateRangeEdit>(u"targetCloseDate"_s);
    close->beforeCheck()->setChecked(true);
    close->beforeEdit()->setDate(QDate(2026, 12, 31));
    auto *sortKey = h.filter<QComboBox>(u"sortKey"_s);
    sortKey->setCurrentIndex(sortKey->findData(u"CreatedDate"_s));
    auto *sortOrder = h.filter<QComboBox>(u"sortOrder"_s);
    sortOrder->setCurrentIndex(sortOrder->findData(u"ASCENDING"_s));

    const int before = int(h.bodies.size());
    QTest::mouseClick(h.filter<QPushButton>(u"applyButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(h.bodies.size() > before, WaitMs);

    const QJsonObject expected{
            {u"Catalog"_s, u"Sandbox"_s},
            {u"MaxResults"_s, 100},
            {u"Sort"_s,
             QJsonObject{{u"SortBy"_s, u"CreatedDate"_s}, {u"SortOrder"_s, u"ASCENDING"_s}}},
            {u"LastModifiedDate"_s,
             QJsonObject{{u"AfterLastModifiedDate"_s, Model::formatDateTime(modifiedAfter)},
                         {u"BeforeLastModifiedDate"_s, Model::formatDateTime(modifiedBefore)}}},
            {u"Identifier"_s, QJsonArray{u"O123"_s, u"O4567"_s, u"O89"_s}},
            {u"LifeCycleStage"_s, QJsonArray{u"Qualified"_s, u"Closed Lost"_s}},
            {u"LifeCycleReviewStatus"_s, QJsonArray{u"In review"_s}},
            {u"CustomerCompanyName"_s, QJsonArray{u"Acme Corp"_s, u"Globex"_s}},
            {u"CreatedDate"_s,
             QJsonObject{{u"AfterCreatedDate"_s, Model::formatDateTime(createdAfter)}}},
            {u"TargetCloseDate"_s, QJsonObject{{u"BeforeTargetCloseDate"_s, u"2026-12-31"_s}}},
    };
    QCOMPARE(h.lastBody(), expected);
    QVERIFY(Model::formatDateTime(createdAfter).endsWith(u'Z'));
    QCOMPARE(h.bodies.size(), before + 1);

    // The panel shows exactly which company names were sent.
    auto *sent = h.filter<QLabel>(u"companyNamesSent"_s);
    QVERIFY(sent->isVisibleTo(h.filters()));
    QVERIFY(sent->text().contains(u"“Acme Corp”, “Globex”"_s));
    QVERIFY(h.window.windowTitle().contains(u"Sandbox"_s));
}

void tst_MainWindow::filters_defaultsSendOnlyCatalogSortAndPageSize()
{
    Harness h;
    QVERIFY(h.started);
    QVERIFY(h.waitIdle());
    const QJsonObject expected{
            {u"Catalog"_s, u"AWS"_s},
            {u"MaxResults"_s, 100},
            {u"Sort"_s,
             QJsonObject{{u"SortBy"_s, u"LastModifiedDate"_s}, {u"SortOrder"_s, u"DESCENDING"_s}}},
    };
    QCOMPARE(QJsonDocument::fromJson(h.bodies.first()).object(), expected);

    // Reset goes back to exactly that.
    h.check(u"stages"_s, u"Launched"_s);
    h.filters()->apply();
    QVERIFY(h.waitIdle());
    QVERIFY(h.lastBody().contains(u"LifeCycleStage"_s));
    QTest::mouseClick(h.filter<QPushButton>(u"resetButton"_s), Qt::LeftButton);
    QVERIFY(h.waitIdle());
    QTRY_COMPARE_WITH_TIMEOUT(h.lastBody(), expected, WaitMs);
}

void tst_MainWindow::filterChange_appliesAfterDebounce()
{
    Harness h;
    QVERIFY(h.started);
    QVERIFY(h.waitIdle());
    h.filters()->setDebounceMs(150);
    const int before = int(h.bodies.size());
    h.check(u"reviewStatuses"_s, u"Action Required"_s);
    h.check(u"reviewStatuses"_s, u"Rejected"_s);
    // Nothing yet: the panel waits for the user to pause.
    QCOMPARE(h.bodies.size(), before);
    QTRY_VERIFY_WITH_TIMEOUT(h.bodies.size() == before + 1, WaitMs);
    QCOMPARE(h.lastBody().value(u"LifeCycleReviewStatus"_s).toArray(),
             (QJsonArray{u"Rejected"_s, u"Action Required"_s}));
    QVERIFY(h.waitIdle());
    for (const OpportunitySummary &s : h.model()->summaries()) {
        QVERIFY(s.reviewStatus == u"Rejected"_s || s.reviewStatus == u"Action Required"_s);
    }
}

void tst_MainWindow::invalidFilters_showAtTheFieldAndSendNothing()
{
    Harness h;
    QVERIFY(h.started);
    QVERIFY(h.waitIdle());
    h.filters()->setDebounceMs(50);
    const int before = int(h.bodies.size());

    auto *identifiers = h.filter<QPlainTextEdit>(u"identifiers"_s);
    identifiers->setPlainText(u"O123 X77"_s);
    QVERIFY(h.visibleErrors().join(u'\n').contains(u"X77"_s));
    QVERIFY(identifiers->accessibleDescription().contains(u"X77"_s));

    auto *created = h.filter<DateRangeEdit>(u"createdDate"_s);
    created->afterCheck()->setChecked(true);
    created->beforeCheck()->setChecked(true);
    created->afterEdit()->setDateTime(QDateTime(QDate(2026, 5, 2), QTime(0, 0)));
    created->beforeEdit()->setDateTime(QDateTime(QDate(2026, 5, 1), QTime(0, 0)));
    QVERIFY(!created->isOrdered());
    QVERIFY(!created->errorText().isEmpty());

    QStringList companies;
    for (int i = 0; i < 11; ++i) {
        companies += u"Company %1"_s.arg(i);
    }
    h.filter<QPlainTextEdit>(u"companyNames"_s)->setPlainText(companies.join(u'\n'));
    QVERIFY(h.visibleErrors().join(u'\n').contains(u"CustomerCompanyName"_s));

    QSignalSpy applied(h.filters(), &FilterPanel::applied);
    QVERIFY(!h.filters()->apply());
    // Neither Apply nor the debounced edits (their timers run out within twice the pause)
    // send the query.
    QVERIFY(nothingHappens(2 * h.filters()->debounceMs(), [&] {
        return !applied.isEmpty() || h.model()->isBusy() || h.bodies.size() != before;
    }));

    // Fixing the fields clears the messages and the query goes out.
    identifiers->setPlainText(u"O123"_s);
    created->beforeCheck()->setChecked(false);
    h.filter<QPlainTextEdit>(u"companyNames"_s)->setPlainText(u"Acme"_s);
    QVERIFY(h.visibleErrors().isEmpty());
    QVERIFY(created->errorText().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(h.bodies.size() == before + 1, WaitMs);
    QCOMPARE(h.lastBody().value(u"Identifier"_s).toArray(), QJsonArray{u"O123"_s});
}

void tst_MainWindow::serviceValidationErrors_showAtTheirFields()
{
    FilterPanel panel;
    const QList<FieldError> unclaimed = panel.showFieldErrors({
            {u"LifeCycleStage[1]"_s, u"INVALID_ENUM_VALUE"_s, u"Not a stage"_s},
            {u"Sort.SortBy"_s, u"INVALID_ENUM_VALUE"_s, u"Not a sort key"_s},
            {u"CreatedDate.BeforeCreatedDate"_s, u"INVALID_VALUE"_s, u"Too late"_s},
            {u"MaxResults"_s, u"VALUE_OUT_OF_RANGE"_s, u"Too many"_s},
    });
    QCOMPARE(unclaimed.size(), 1);
    QCOMPARE(unclaimed.first().fieldName, u"MaxResults"_s);
    QCOMPARE(panel.findChild<QListWidget *>(u"stages"_s)->accessibleDescription(),
             u"Not a stage"_s);
    QCOMPARE(panel.findChild<QComboBox *>(u"sortKey"_s)->accessibleDescription(),
             u"Not a sort key"_s);
    QCOMPARE(panel.findChild<DateRangeEdit *>(u"createdDate"_s)->errorText(), u"Too late"_s);
    panel.clearFieldErrors();
    QVERIFY(panel.findChild<QListWidget *>(u"stages"_s)->accessibleDescription().isEmpty());
    QVERIFY(panel.findChild<DateRangeEdit *>(u"createdDate"_s)->errorText().isEmpty());
}

void tst_MainWindow::scrolling_fetchesPagesToTheEnd()
{
    Harness h(options(1000));
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(h.waitIdle());
    // The view shows far fewer than 100 rows: it must not ask for more yet.
    QVERIFY(nothingHappens(ViewSettleMs,
                           [&] { return h.model()->isBusy() || h.server.requestCount() != 1; }));

    for (int page = 2; page <= 10; ++page) {
        h.table()->scrollToBottom();
        QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), page * 100, WaitMs);
        QVERIFY(h.waitIdle());
        QCOMPARE(h.server.requestCount(), page);
    }
    h.table()->scrollToBottom();
    QVERIFY(nothingHappens(ViewSettleMs,
                           [&] { return h.model()->isBusy() || h.server.requestCount() != 10; }));
    QCOMPARE(h.window.statusText(), u"1,000 loaded · all"_s);
    QStringList ids;
    for (const OpportunitySummary &s : h.model()->summaries()) {
        ids += s.id;
    }
    ListOpportunitiesRequest request = h.filters()->appliedRequest();
    QCOMPARE(ids, h.server.matchingIds(request));
}

void tst_MainWindow::selection_fillsDetailPane()
{
    Harness h;
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    // A row with a company, an address and expected spend.
    int row = -1;
    for (int i = 0; i < h.model()->rowCount(); ++i) {
        const OpportunitySummary &s = h.model()->summary(i);
        if (!s.companyName.isEmpty() && !s.countryCode.isEmpty()
            && !s.expectedCustomerSpend.isEmpty() && !s.stage.isEmpty() && i > 0) {
            row = i;
            break;
        }
    }
    QVERIFY(row > 0);
    const OpportunitySummary s = h.model()->summary(row);
    h.table()->setFocus();
    const QModelIndex index = h.window.proxyModel()->mapFromSource(h.model()->index(row, 0));
    h.table()->scrollTo(index);
    QTest::mouseClick(h.table()->viewport(), Qt::LeftButton, {},
                      h.table()->visualRect(index).center());

    DetailPane *pane = h.window.detailPane();
    QVERIFY(pane->hasOpportunity());
    QCOMPARE(pane->opportunity(), s);
    QCOMPARE(pane->valueText(u"id"_s), s.id);
    QCOMPARE(pane->valueText(u"arn"_s), s.arn);
    QCOMPARE(pane->valueText(u"company"_s), s.companyName);
    QCOMPARE(pane->valueText(u"stage"_s), OpportunityText::stageLabel(s.stage));
    QCOMPARE(pane->valueText(u"partnerId"_s), s.partnerOpportunityIdentifier);
    QVERIFY(pane->valueText(u"address"_s).contains(OpportunityText::countryName(s.countryCode)));
    QCOMPARE(pane->valueText(u"spend"_s).split(u'\n').size(), s.expectedCustomerSpend.size());
    QVERIFY(pane->valueText(u"spend"_s)
                    .contains(OpportunityText::formatAmount(
                            s.expectedCustomerSpend.first().amount,
                            s.expectedCustomerSpend.first().currencyCode)));
    QCOMPARE(pane->valueText(u"created"_s).isEmpty(), s.createdDate.isEmpty());

    // Keyboard: the next row follows.
    QTest::keyClick(h.table(), Qt::Key_Down);
    const int next = h.window.proxyModel()->mapToSource(index.siblingAtRow(index.row() + 1)).row();
    QCOMPARE(pane->valueText(u"id"_s), h.model()->summary(next).id);
}

void tst_MainWindow::injectedError_showsBanner_retryRecoversWithoutLosingRows()
{
    Harness h(options(1000));
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(h.waitIdle());
    const QList<OpportunitySummary> firstPage = h.model()->summaries();

    h.server.failNext(1, 500, u"InternalServerException"_s);
    h.table()->scrollToBottom();
    ErrorBanner *banner = h.window.errorBanner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), WaitMs);
    QCOMPARE(banner->error().type, u"InternalServerException"_s);
    QVERIFY(banner->findChild<QLabel *>(u"errorTitle"_s)
                    ->text()
                    .contains(u"InternalServerException"_s));
    QCOMPARE(h.model()->summaries(), firstPage);
    // A failed listing waits for Retry: scrolling asks for nothing.
    h.table()->scrollToBottom();
    QVERIFY(nothingHappens(ViewSettleMs,
                           [&] { return h.model()->isBusy() || h.server.requestCount() != 2; }));

    auto *retry = banner->findChild<QPushButton *>(u"retryButton"_s);
    QVERIFY(retry->isVisible());
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 200, WaitMs);
    QVERIFY(banner->isHidden());
    QCOMPARE(h.model()->summaries().mid(0, 100), firstPage);
    ListOpportunitiesRequest request = h.filters()->appliedRequest();
    QCOMPARE(h.model()->summaries().at(100).id, h.server.matchingIds(request).at(100));
}

void tst_MainWindow::filterChangeMidLoad_neverMixesRows()
{
    Harness h(options(1000, 60, 40));
    QVERIFY(h.started);
    QTRY_VERIFY_WITH_TIMEOUT(h.model()->rowCount() >= 100, WaitMs);
    h.model()->loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(h.model()->rowCount() >= 300, WaitMs);
    QVERIFY(h.model()->isBusy());

    auto *catalog = h.filter<QComboBox>(u"catalog"_s);
    catalog->setCurrentIndex(catalog->findData(u"Sandbox"_s));
    QVERIFY(h.filters()->apply());
    QCOMPARE(h.model()->rowCount(), 0);
    QVERIFY(h.window.detailPane()->valueText(u"id"_s).isEmpty()
            || !h.window.detailPane()->hasOpportunity());
    QTRY_VERIFY_WITH_TIMEOUT(h.model()->rowCount() == 60 && !h.model()->isBusy(), WaitMs);
    // A late page of the AWS listing (40 ms latency) would arrive within twice that.
    QVERIFY(nothingHappens(2 * h.server.options().latencyMs,
                           [&] { return h.model()->rowCount() != 60; }));
    for (const OpportunitySummary &s : h.model()->summaries()) {
        QCOMPARE(s.catalog, u"Sandbox"_s);
    }
    QCOMPARE(h.window.findChild<QLabel *>(u"catalogBadge"_s)->text().contains(u"SANDBOX"_s), true);
}

void tst_MainWindow::headerClick_sortsOnServerWhenTheApiCan()
{
    Harness h;
    QVERIFY(h.started);
    QVERIFY(h.waitIdle());
    const int company = h.column(OpportunityField::CompanyName);
    const int before = int(h.bodies.size());
    h.clickHeader(company);
    QTRY_VERIFY_WITH_TIMEOUT(h.bodies.size() == before + 1, WaitMs);
    const QJsonObject sort = h.lastBody().value(u"Sort"_s).toObject();
    QCOMPARE(sort.value(u"SortBy"_s).toString(), u"CustomerCompanyName"_s);
    QCOMPARE(sort.value(u"SortOrder"_s).toString(), u"ASCENDING"_s);
    QCOMPARE(h.filter<QComboBox>(u"sortKey"_s)->currentData().toString(), u"CustomerCompanyName"_s);
    QCOMPARE(h.table()->horizontalHeader()->sortIndicatorSection(), company);
    QVERIFY(!h.window.proxyModel()->isClientSorted());

    QVERIFY(h.waitIdle());
    h.clickHeader(company);
    QTRY_VERIFY_WITH_TIMEOUT(h.bodies.size() == before + 2, WaitMs);
    QCOMPARE(h.lastBody().value(u"Sort"_s).toObject().value(u"SortOrder"_s).toString(),
             u"DESCENDING"_s);
}

void tst_MainWindow::headerClick_sortsLoadedRowsOtherwise()
{
    Harness h;
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(h.waitIdle());
    const int requests = h.server.requestCount();
    const int stage = h.column(OpportunityField::Stage);
    auto *marker = h.window.findChild<QToolButton *>(u"clientSortMarker"_s);
    QVERIFY(marker->isHidden());
    h.clickHeader(stage);
    QVERIFY(h.window.proxyModel()->isClientSorted());
    QVERIFY(marker->isVisible());
    QCOMPARE(h.server.requestCount(), requests);
    int previous = -1;
    for (int row = 0; row < h.window.proxyModel()->rowCount(); ++row) {
        const int index = h.window.proxyModel()->index(row, stage).data(SortRole).toInt();
        QVERIFY(index >= previous);
        previous = index;
    }
    // Labels sort as displayed, case-insensitively.
    const int industry = h.column(OpportunityField::Industry);
    h.clickHeader(industry);
    QString previousLabel;
    for (int row = 0; row < h.window.proxyModel()->rowCount(); ++row) {
        const QString label
                = h.window.proxyModel()->index(row, industry).data().toString().toCaseFolded();
        QVERIFY2(previousLabel <= label, qPrintable(previousLabel + u" > "_s + label));
        previousLabel = label;
    }
    QCOMPARE(h.server.requestCount(), requests);

    // The marker takes the table back to the service's order.
    QTest::mouseClick(marker, Qt::LeftButton);
    QVERIFY(!h.window.proxyModel()->isClientSorted());
    QVERIFY(marker->isHidden());
    QCOMPARE(h.table()->horizontalHeader()->sortIndicatorSection(),
             h.column(OpportunityField::LastModifiedDate));
}

void tst_MainWindow::copyRows_tsvWithVisibleHeaders()
{
    Harness h;
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    OpportunityTableView *table = h.table();
    table->selectionModel()->select(h.window.proxyModel()->index(2, 0),
                                    QItemSelectionModel::ClearAndSelect
                                            | QItemSelectionModel::Rows);
    table->selectionModel()->select(h.window.proxyModel()->index(4, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QStringList lines = table->selectedRowsAsTsv().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QStringList headers = lines.first().split(u'\t');
    QCOMPARE(headers.first(), u"Id"_s);
    QCOMPARE(headers.at(1), u"Company"_s);
    QCOMPARE(headers.size(), OpportunityTableView::defaultColumns().size());
    QCOMPARE(lines.at(1).split(u'\t').first(),
             h.window.proxyModel()->index(2, 0).data().toString());
    QCOMPARE(lines.at(2).split(u'\t').first(),
             h.window.proxyModel()->index(4, 0).data().toString());
    QCOMPARE(lines.at(1).split(u'\t').size(), headers.size());

    table->setCurrentIndex(h.window.proxyModel()->index(4, 0));
    QCOMPARE(table->currentCellText(), h.model()->summary(4).id);
}

void tst_MainWindow::quickFilter_narrowsLoadedRows()
{
    Harness h;
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(h.waitIdle());
    const QString id = h.model()->summary(7).id;
    h.window.quickFilterEdit()->setText(id);
    QTRY_COMPARE_WITH_TIMEOUT(h.window.proxyModel()->rowCount(), 1, WaitMs);
    QVERIFY(h.window.statusText().endsWith(u"· 1 shown"_s));
    // Filtering local rows never walks the remaining pages.
    h.table()->scrollToBottom();
    QVERIFY(nothingHappens(ViewSettleMs,
                           [&] { return h.model()->isBusy() || h.server.requestCount() != 1; }));
    h.window.quickFilterEdit()->clear();
    QTRY_COMPARE_WITH_TIMEOUT(h.window.proxyModel()->rowCount(), h.model()->rowCount(), WaitMs);

    // Country names match although the rows hold codes.
    QStringList british;
    for (const OpportunitySummary &s : h.model()->summaries()) {
        if (s.countryCode == u"GB"_s) {
            british += s.id;
        }
    }
    QVERIFY(!british.isEmpty());
    h.window.proxyModel()->setQuickFilter(u"united KINGDOM"_s);
    QStringList shown;
    for (int row = 0; row < h.window.proxyModel()->rowCount(); ++row) {
        shown += h.window.proxyModel()->index(row, 0).data(IdRole).toString();
    }
    QCOMPARE(shown, british);
}

void tst_MainWindow::badges_catalogAndDemo()
{
    Harness h;
    QVERIFY(h.started);
    auto *catalog = h.window.findChild<QLabel *>(u"catalogBadge"_s);
    auto *demo = h.window.findChild<QLabel *>(u"demoBadge"_s);
    QVERIFY(catalog->isVisible());
    QVERIFY(catalog->text().contains(u"AWS"_s));
    QVERIFY(demo->isHidden());
    h.window.setDemoMode(true);
    QVERIFY(demo->isVisible());
    QCOMPARE(demo->text(), u"DEMO"_s);
    QVERIFY(h.window.windowTitle().contains(u"demo"_s));
}

void tst_MainWindow::layout_persistsAndResets()
{
    const int arn = OpportunityModel::columnOf(OpportunityField::Arn);
    const int company = OpportunityModel::columnOf(OpportunityField::CompanyName);
    {
        MainWindow window;
        QVERIFY(window.tableView()->horizontalHeader()->isSectionHidden(arn));
        window.tableView()->horizontalHeader()->showSection(arn);
        window.tableView()->horizontalHeader()->resizeSection(company, 333);
        window.filterDock()->hide();
        window.saveSettings();
    }
    MainWindow window;
    window.restoreSettings();
    QHeaderView *header = window.tableView()->horizontalHeader();
    QVERIFY(!header->isSectionHidden(arn));
    QCOMPARE(header->sectionSize(company), 333);
    QVERIFY(window.filterDock()->isHidden());
    window.tableView()->resetLayout();
    QVERIFY(header->isSectionHidden(arn));
    QCOMPARE(header->sectionSize(company), OpportunityTableView::defaultWidth(company));
    QCOMPARE(header->visualIndex(company), 1);
}

void tst_MainWindow::cancel_keepsRowsAndOffersLoadMore()
{
    Harness h(options(1000, 60, 150));
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(h.waitIdle());
    h.table()->scrollToBottom();
    auto *cancel = h.window.findChild<QPushButton *>(u"cancelButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(cancel->isVisible(), WaitMs);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(!h.model()->isBusy());
    QVERIFY(cancel->isHidden());
    QCOMPARE(h.model()->rowCount(), 100);
    auto *more = h.window.findChild<QPushButton *>(u"resumeButton"_s);
    QVERIFY(more->isVisible());
    QVERIFY(h.window.errorBanner()->isHidden());
    QTest::mouseClick(more, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 200, WaitMs);
}

void tst_MainWindow::pipeline_barFiltersTheTableWithARemovableChip()
{
    Harness h;
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(h.waitIdle());
    PipelineView *pipeline = h.window.pipelineView();
    h.window.showView(MainWindow::View::Pipeline);
    QCOMPARE(h.window.currentView(), MainWindow::View::Pipeline);
    QTRY_VERIFY_WITH_TIMEOUT(pipeline->isUpToDate(), WaitMs);
    QCOMPARE(pipeline->aggregate().count, h.model()->rowCount());

    // Enter on the first bar of the stage chart: its stage and review status.
    const auto entry = pipeline->aggregate().byStageAndReviewStatus.first();
    PipelineChartView *stages = pipeline->stageChart();
    QTest::keyClick(stages, Qt::Key_Home);
    QTest::keyClick(stages, Qt::Key_Return);
    QCOMPARE(h.window.currentView(), MainWindow::View::Table);
    QCOMPARE(h.window.pipelineSelection().stage, entry.stage);
    QCOMPARE(h.window.proxyModel()->rowCount(), int(entry.count));
    for (int row = 0; row < h.window.proxyModel()->rowCount(); ++row) {
        const OpportunitySummary s = h.model()->summary(
                h.window.proxyModel()->mapToSource(h.window.proxyModel()->index(row, 0)).row());
        QCOMPARE(s.stage, entry.stage);
        QCOMPARE(s.reviewStatus, entry.reviewStatus);
    }
    QToolButton *chip = h.window.localFilterChip();
    QVERIFY(chip->isVisible());
    QVERIFY2(chip->text().contains(PipelineView::stageText(entry.stage)), qPrintable(chip->text()));

    // The chip removes the filter.
    QTest::mouseClick(chip, Qt::LeftButton);
    QVERIFY(!chip->isVisible());
    QVERIFY(h.window.pipelineSelection().isNone());
    QCOMPARE(h.window.proxyModel()->rowCount(), h.model()->rowCount());
}

void tst_MainWindow::loadAll_listsInParallelAfterTheLoadedRows()
{
    Harness h(options(1000, 60, 20));
    QVERIFY(h.started);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(h.waitIdle());
    const QStringList first = [&h] {
        QStringList ids;
        for (int row = 0; row < h.model()->rowCount(); ++row) {
            ids.append(h.model()->summary(row).id);
        }
        return ids;
    }();
    QSignalSpy finished(h.model(), &OpportunityModel::loadAllFinished);
    h.bodies.clear();
    h.model()->loadAll();
    QVERIFY(h.model()->isBusy());
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(h.model()->rowCount(), 1000);
    QVERIFY(!h.model()->hasMore());
    QCOMPARE(h.window.statusText(), u"1,000 loaded · all"_s);

    // The rows held stay where they were; the others follow in the service's order.
    QStringList ids;
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int row = 0; row < h.model()->rowCount(); ++row) {
        const OpportunitySummary s = h.model()->summary(row);
        ids.append(s.id);
        QVERIFY2(s.lastModifiedDateMs <= previous, qPrintable(s.id));
        previous = s.lastModifiedDateMs;
    }
    QCOMPARE(ids.mid(0, 100), first);
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 1000);
    // OpportunityLister listed it: its range probe (the first page in the opposite order)
    // went out beside the listing's pages.
    const bool probe = std::any_of(h.bodies.cbegin(), h.bodies.cend(), [](const QByteArray &body) {
        QList<FieldError> errors;
        const ListOpportunitiesRequest request = ListOpportunitiesRequest::fromJson(body, &errors);
        return request.sort && request.sort->sortOrder == u"ASCENDING"_s;
    });
    QVERIFY(probe);
}

void tst_MainWindow::localCopy_startShowsStoredRowsBeforeAnyRequest()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(h.fillStore());
    const QStringList stored = storedIds(h.path);
    QCOMPARE(stored.size(), 1000);
    const int requests = h.server.requestCount();

    h.connect();
    QVERIFY(h.exposed);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    QCOMPARE(h.modelIds(), stored);
    QVERIFY(h.model()->isLocal());
    QCOMPARE(h.window.tableView()->currentSourceRow(), 0);
    // Syncing by hand: nothing is asked of the service.
    QVERIFY(nothingHappens(ViewSettleMs, [&] { return h.server.requestCount() != requests; }));
    QCOMPARE(h.server.requestCount(), requests);
    QCOMPARE(h.window.syncText(), u"Synced just now"_s);
    QVERIFY2(h.window.localCopyText().startsWith(u"Local copy · synced "_s),
             qPrintable(h.window.localCopyText()));
    QCOMPARE(h.window.statusText(), u"1,000 loaded · all"_s);
    QVERIFY(h.window.noticeBar()->isHidden());
}

void tst_MainWindow::localCopy_firstListingFillsTheStorePageByPage()
{
    LocalHarness h;
    QVERIFY(h.started);
    h.settings.schedule = LocalCopy::Schedule::AtStart;
    QSignalSpy inserted(h.model(), &OpportunityModel::rowsInserted);
    QStringList counts;
    QObject::connect(h.model(), &OpportunityModel::rowsInserted, &h.window,
                     [&h, &counts] { counts.append(h.window.statusText()); });
    h.connect();
    QVERIFY(h.exposed);
    QVERIFY(h.waitSynced());
    QVERIFY2(counts.filter(u"loaded · more coming"_s).size() > 0, qPrintable(counts.join(u'|')));
    QCOMPARE(h.window.statusText(), u"1,000 loaded · all"_s);
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    // The rows came with the sync's pages, not at its end.
    QVERIFY2(inserted.size() > 1, qPrintable(QString::number(inserted.size())));
    QVERIFY(h.window.localCopy()->isComplete());
    const QStringList ids = h.modelIds();
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 1000);
    QCOMPARE(storedIds(h.path).size(), 1000);
    QVERIFY(h.window.noticeBar()->isHidden());
}

void tst_MainWindow::localCopy_syncUpdatesRowsInPlaceKeepingSelection()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(h.fillStore());
    h.connect();
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    QVERIFY(h.waitSynced());

    // Select a row the service will not change, and sort by company name.
    OpportunityProxyModel *proxy = h.window.proxyModel();
    const int companyColumn = OpportunityModel::columnOf(OpportunityField::CompanyName);
    proxy->sort(companyColumn, Qt::AscendingOrder);
    const ChurnResult churn = h.server.churn(u"AWS"_s, ChurnStep{3, 2, 0});
    QCOMPARE(churn.modifiedIds.size(), 3);
    QString selectedId;
    for (int row = 10; selectedId.isEmpty(); ++row) {
        const QString id = proxy->index(row, 0).data(IdRole).toString();
        if (!churn.modifiedIds.contains(id)) {
            selectedId = id;
            h.window.tableView()->setCurrentIndex(proxy->index(row, 0));
        }
    }
    h.window.tableView()->verticalScrollBar()->setValue(5);
    const int scroll = h.window.tableView()->verticalScrollBar()->value();

    QSignalSpy reset(h.model(), &OpportunityModel::modelReset);
    QTest::keyClick(&h.window, Qt::Key_F5);
    QVERIFY(h.window.localCopy()->isSyncing());
    QVERIFY(h.waitSynced());
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1002, WaitMs);
    QVERIFY(reset.isEmpty());
    QCOMPARE(h.window.tableView()->currentIndex().data(IdRole).toString(), selectedId);
    QCOMPARE(h.window.tableView()->verticalScrollBar()->value(), scroll);
    QCOMPARE(proxy->sortColumn(), companyColumn);

    // Every row as the store has it now, the changed ones marked until looked at.
    OpportunityStoreDb *store = h.window.localCopy()->store();
    QVERIFY(store);
    for (const QString &id : churn.modifiedIds + churn.createdIds) {
        const int row = h.model()->rowOf(id);
        QVERIFY2(row >= 0, qPrintable(id));
        QCOMPARE(h.model()->summary(row), *store->summary(id));
        QVERIFY(h.model()->index(row, 0).data(UnseenRole).toBool());
    }
    const QString looked = churn.modifiedIds.first();
    h.window.tableView()->setCurrentIndex(
            proxy->mapFromSource(h.model()->index(h.model()->rowOf(looked), 0)));
    QVERIFY(!h.model()->index(h.model()->rowOf(looked), 0).data(UnseenRole).toBool());
    QVERIFY(!store->unseenIds().contains(looked));
    QVERIFY2(h.window.detailPane()->historyText().contains(u"changed"_s),
             qPrintable(h.window.detailPane()->historyText()));
    QVERIFY(h.window.changesView()->entries().size() >= 5);
}

void tst_MainWindow::localCopy_completeStoreFiltersAndSortsWithoutRequests()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(h.fillStore());
    h.connect();
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    QVERIFY(h.waitSynced());
    const int requests = h.server.requestCount();
    // Every stored row is in the model: filters and sorts are answered from them.
    QVERIFY(h.model()->isLocalPoolComplete());

    ListOpportunitiesRequest request = FilterPanel::defaultRequest();
    request.lifeCycleStage = QStringList{u"Qualified"_s, u"Committed"_s};
    request.sort = OpportunitySort{u"CustomerCompanyName"_s, u"ASCENDING"_s};
    QList<OpportunitySummary> expected;
    QString error;
    ListOpportunitiesRequest second = FilterPanel::defaultRequest();
    second.lifeCycleReviewStatus = QStringList{u"Approved"_s};
    second.sort = OpportunitySort{u"TargetCloseDate"_s, u"DESCENDING"_s};
    for (const ListOpportunitiesRequest &shown : {request, second}) {
        h.window.filterPanel()->setRequest(shown);
        h.window.filterPanel()->apply();
        QVERIFY(h.window.localCopy()->store()->query(shown, &expected, &error));
        QVERIFY(!expected.isEmpty());
        QStringList expectedIds;
        for (const OpportunitySummary &s : std::as_const(expected)) {
            expectedIds.append(s.id);
        }
        QCOMPARE(h.model()->query().lifeCycleStage, shown.lifeCycleStage);
        QTRY_COMPARE_WITH_TIMEOUT(h.modelIds(), expectedIds, WaitMs);
        QCOMPARE(h.model()->summaries(), expected);
        QVERIFY(h.window.localCopyText().startsWith(u"Local copy"_s));
        QCOMPARE(h.window.statusText(), u"%1 loaded · all"_s.arg(expected.size()));
    }
    QVERIFY(nothingHappens(ViewSettleMs, [&] { return h.server.requestCount() != requests; }));
    QCOMPARE(h.server.requestCount(), requests);
}

void tst_MainWindow::localCopy_forgetDeletesTheFiles()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(h.fillStore());
    h.connect();
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    QVERIFY(QFile::exists(h.path));

    h.window.showLocalCopyDialog();
    auto *dialog = h.window.findChild<LocalCopyDialog *>();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"forgetLocalData"_s), Qt::LeftButton);
    auto *confirm = dialog->findChild<QMessageBox *>(u"forgetConfirmation"_s);
    QVERIFY(confirm);
    QVERIFY(QFile::exists(h.path)); // nothing before the confirmation
    QAbstractButton *remove = nullptr;
    for (QAbstractButton *button : confirm->buttons()) {
        if (confirm->buttonRole(button) == QMessageBox::DestructiveRole) {
            remove = button;
        }
    }
    QVERIFY(remove);
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(!QFile::exists(h.path));
    QVERIFY(!QFile::exists(h.path + u"-wal"_s));
    QVERIFY(!QFile::exists(h.path + u"-shm"_s));
    QVERIFY(!h.window.localCopy()->store());
    // The table lists from the service again.
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 100, WaitMs);
    QVERIFY(!h.model()->isLocal());
    dialog->reject();
}

void tst_MainWindow::localCopy_corruptStoreShowsBothFiles()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(QDir().mkpath(QFileInfo(h.path).path()));
    QFile file(h.path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();

    h.settings.schedule = LocalCopy::Schedule::AtStart;
    h.connect();
    NoticeBar *notice = h.window.noticeBar();
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), WaitMs);
    QVERIFY2(notice->text().contains(h.path) && notice->text().contains(u".corrupt-"_s),
             qPrintable(notice->text()));
    const QStringList aside = QDir(QFileInfo(h.path).path())
                                      .entryList({QFileInfo(h.path).fileName() + u".corrupt-*"_s});
    QCOMPARE(aside.size(), 1);
    QVERIFY(notice->text().contains(aside.first()));
    // A new store is built from the service.
    QVERIFY(h.waitSynced());
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
}

void tst_MainWindow::localCopy_failedSyncKeepsRowsAndSaysWhy()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(h.fillStore());
    h.connect();
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    const QStringList before = h.modelIds();

    h.server.failNext(1, 403, u"AccessDeniedException"_s);
    h.window.refresh();
    QVERIFY(h.waitSynced());
    NoticeBar *notice = h.window.noticeBar();
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), WaitMs);
    QVERIFY2(notice->text().contains(u"The sync failed"_s), qPrintable(notice->text()));
    QCOMPARE(h.modelIds(), before);
    QVERIFY(h.window.syncText().startsWith(u"Synced "_s));

    // Try Again syncs.
    QTest::mouseClick(notice->actionButton(), Qt::LeftButton);
    QVERIFY(h.waitSynced());
    QVERIFY(notice->isHidden());
}

void tst_MainWindow::localCopy_throttledSyncWaitsAndSaysSo()
{
    EmulatorOptions o = options(200, 10);
    o.throttleEvery = 2;
    LocalHarness h(o);
    QVERIFY(h.started);
    h.config.retry.maxAttempts = 5;
    h.settings.schedule = LocalCopy::Schedule::AtStart;
    QStringList texts;
    QObject::connect(h.window.localCopy(), &LocalCopy::waitingForQuota, &h.window,
                     [&h, &texts] { texts.append(h.window.syncText()); });
    h.connect();
    QVERIFY(h.waitSynced());
    QVERIFY2(!texts.isEmpty(), "no throttled call");
    QVERIFY2(texts.contains(u"Syncing: waiting for quota…"_s), qPrintable(texts.join(u'|')));
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 200, WaitMs);
    QVERIFY(h.window.localCopy()->isComplete());
    QVERIFY(h.window.noticeBar()->isHidden());
    QCOMPARE(h.window.syncText(), u"Synced just now"_s);
}

void tst_MainWindow::localCopy_syncElsewhereIsNewsNotAnError()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(h.fillStore());
    h.connect();
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    QVERIFY(h.waitSynced());

    // Another PartnerDesk holds the store's sync lock.
    OpportunityStoreDb other;
    QString error;
    QVERIFY2(other.open(h.path, h.key, &error), qPrintable(error));
    QVERIFY(other.tryLockSync());
    const int requests = h.server.requestCount();
    QTest::keyClick(&h.window, Qt::Key_F5);
    QVERIFY(h.waitSynced());
    NoticeBar *notice = h.window.noticeBar();
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), WaitMs);
    QVERIFY2(notice->text().contains(u"running in another PartnerDesk window"_s),
             qPrintable(notice->text()));
    QVERIFY(!notice->text().contains(u"failed"_s));
    QVERIFY(h.window.errorBanner()->isHidden());
    QCOMPARE(h.model()->rowCount(), 1000);
    QCOMPARE(h.server.requestCount(), requests);

    // Once it is done, F5 syncs here.
    other.unlockSync();
    QTest::keyClick(&h.window, Qt::Key_F5);
    QVERIFY(h.waitSynced());
    QVERIFY(h.server.requestCount() > requests);
}

void tst_MainWindow::localCopy_offersAFullSyncAfterAWeek()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(h.fillStore());
    {
        // The last full listing was eight days ago.
        OpportunityStoreDb store;
        QString error;
        QVERIFY(store.open(h.path, h.key, &error));
        const QByteArray eightDaysAgo = QByteArray::number(
                QDateTime::currentDateTimeUtc().addDays(-8).toMSecsSinceEpoch());
        QVERIFY(store.database()->exec(
                ("UPDATE meta SET value = '" + eightDaysAgo + "' WHERE key = 'last_full_sync_ms'")
                        .constData()));
        QVERIFY(store.lastFullSyncAt().daysTo(QDateTime::currentDateTimeUtc()) >= 7);
    }
    h.connect();
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    NoticeBar *offer = h.window.fullSyncOffer();
    QTRY_VERIFY_WITH_TIMEOUT(offer->isVisible(), WaitMs);
    QVERIFY(h.window.localCopy()->isFullSyncDue());
    const int requests = h.server.requestCount();
    QTest::mouseClick(offer->actionButton(), Qt::LeftButton);
    QVERIFY(offer->isHidden());
    QVERIFY(h.waitSynced());
    // A full listing: every page again, not one incremental request.
    QVERIFY(h.server.requestCount() - requests >= 10);
    QVERIFY(!h.window.localCopy()->isFullSyncDue());
    QCOMPARE(h.model()->rowCount(), 1000);
}

void tst_MainWindow::localCopy_anotherCatalogHasItsOwnCopy()
{
    LocalHarness h;
    QVERIFY(h.started);
    QVERIFY(h.fillStore());
    h.connect();
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 1000, WaitMs);
    QVERIFY(h.waitSynced());

    ListOpportunitiesRequest sandbox = FilterPanel::defaultRequest();
    sandbox.catalog = u"Sandbox"_s;
    h.window.filterPanel()->setRequest(sandbox);
    h.window.filterPanel()->apply();
    const StoreKey key
            = StoreKey::forConnection(h.config, h.credentials.get(), QString(), u"Sandbox"_s);
    QCOMPARE(h.window.localCopy()->key(), key);
    // A new copy: its first sync fills it and the table.
    QVERIFY(h.waitSynced());
    QTRY_COMPARE_WITH_TIMEOUT(h.model()->rowCount(), 60, WaitMs);
    for (int row = 0; row < h.model()->rowCount(); ++row) {
        QCOMPARE(h.model()->summary(row).catalog, u"Sandbox"_s);
    }
    QVERIFY(QFile::exists(h.settings.pathFor(key)));
    QCOMPARE(storedIds(h.path).size(), 1000); // the AWS copy as it was
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
