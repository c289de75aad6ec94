// The fault matrix through the main window: the window lists an emulator that injects each fault
// alone and all of them together (tests/faultcatalog.h), and its table must show exactly the rows
// of a fault-free listing, in order, with no error left on screen. A filter change or a cancel
// while a page is in flight never mixes in, loses or repeats a row. An access denial shows its
// type and message in the banner, and the rows loaded before it stay.
#include "credentialsprovider.h"
#include "detailsenrichment.h"
#include "emulatorserver.h"
#include "emulatorthread.h"
#include "errorbanner.h"
#include "faultcatalog.h"
#include "filterpanel.h"
#include "itemdatarole.h"
#include "listopportunitiesrequest.h"
#include "mainwindow.h"
#include "nothinghappens.h"
#include "opportunitylister.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytableview.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Gui;
using namespace Pd::Emulator::FaultCatalog;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Pd::Emulator::EmulatorThread;
using Pd::Test::nothingHappens;

namespace {

constexpr int WaitMs = 60000;
// Every response of the mid-page tests waits this long, so a page is in flight long enough
// to change the filters or cancel while it is.
constexpr int MidPageLatencyMs = 100;
// Long enough for any late reply to arrive: how long the checks that nothing more happens
// after a cancel, a query change or a refusal watch for it.
constexpr int SettleMs = 3 * MidPageLatencyMs;

const QStringList Stages{u"Qualified"_s, u"Committed"_s};

// Load All lists through OpportunityLister: up to this many calls in flight (its window and the
// range probe beside the first page), each of which a cancel or a query change abandons.
constexpr int ListingCalls = OpportunityLister::DefaultMaxConcurrency + 1;
// A listing starts with its first page and, sorted by a date, the range probe beside it.
constexpr int ListingStartCalls = 2;

// The window's query after a stage filter of Stages was applied in the filter panel.
ListOpportunitiesRequest stagesQuery()
{
    ListOpportunitiesRequest request = FilterPanel::defaultRequest();
    request.lifeCycleStage = Stages;
    return request;
}

EmulatorOptions optionsWith(int fault)
{
    EmulatorOptions options = baseOptions();
    faults().at(fault).apply(options);
    return options;
}

// `fault` (-1: none) with MidPageLatencyMs on every response, logging to `logFile`.
EmulatorOptions midPageOptions(int fault, const QString &logFile)
{
    EmulatorOptions options = fault >= 0 ? optionsWith(fault) : baseOptions();
    options.latencyMs = std::max(options.latencyMs, MidPageLatencyMs);
    options.logFile = logFile;
    return options;
}

/// A main window with pages of PageSize, connected to an emulator in its own thread.
struct Harness
{
    explicit Harness(const EmulatorOptions &options)
    {
        QString error;
        if (!emulator.start(options, &error)) {
            qWarning("emulator: %s", qPrintable(error));
            return;
        }
        window.model()->setPageSize(PageSize);
        window.filterPanel()->setDebounceMs(WaitMs);
        // The matrix counts ListOpportunities requests: no detail calls beside them.
        window.detailsEnrichment()->setFetching(false);
        window.setConnection(
                clientConfig(emulator.endpoint()),
                std::make_shared<StaticCredentialsProvider>(emulator.credentials(), u"test"_s),
                u"fault matrix"_s);
        window.resize(1300, 800);
        window.show();
        started = QTest::qWaitForWindowExposed(&window);
    }

    OpportunityModel *model() const { return window.model(); }
    EmulatorServer *server() const { return emulator.server(); }
    ErrorBanner *banner() const { return window.errorBanner(); }
    QString bannerText(const QString &label) const
    {
        return banner()->findChild<QLabel *>(label)->text();
    }
    template<typename T>
    T *find(const QString &name) const
    {
        return window.findChild<T *>(name);
    }

    /// The ids the table shows, top to bottom.
    QStringList shownIds() const
    {
        QStringList ids;
        const OpportunityProxyModel *proxy = window.proxyModel();
        for (int row = 0; row < proxy->rowCount(); ++row) {
            ids.append(proxy->index(row, 0).data(IdRole).toString());
        }
        return ids;
    }

    /// The table's last row lies below its viewport: the view asks for no page until scrolled.
    bool viewportFull() const
    {
        const OpportunityTableView *table = window.tableView();
        const QModelIndex last = window.proxyModel()->index(window.proxyModel()->rowCount() - 1, 0);
        return last.isValid() && !table->viewport()->rect().intersects(table->visualRect(last));
    }

    QAction *viewAction(const QKeySequence &shortcut) const
    {
        const QList<QAction *> actions = window.viewMenu()->actions();
        const auto it = std::find_if(actions.cbegin(), actions.cend(),
                                     [&](const QAction *a) { return a->shortcut() == shortcut; });
        return it == actions.cend() ? nullptr : *it;
    }
    /// View › Load All Pages, as the user would pick it (only when it is enabled).
    bool loadAll() const
    {
        QAction *action = viewAction(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        if (!action || !action->isEnabled()) {
            return false;
        }
        action->trigger();
        return true;
    }
    /// Until the listing is complete or failed.
    bool waitListed() const
    {
        return QTest::qWaitFor(
                [this] {
                    return !model()->isBusy()
                           && (!model()->hasMore() || model()->lastError().isError());
                },
                WaitMs);
    }

    /// Applies `catalog` and `stages` through the filter panel's widgets and its Apply button.
    void applyFilters(const QString &catalog, const QStringList &stages) const
    {
        auto *catalogBox = find<QComboBox>(u"catalog"_s);
        catalogBox->setCurrentIndex(catalogBox->findData(catalog));
        auto *list = find<QListWidget>(u"stages"_s);
        for (int i = 0; i < list->count(); ++i) {
            QListWidgetItem *item = list->item(i);
            item->setCheckState(stages.contains(item->data(Qt::UserRole).toString())
                                        ? Qt::Checked
                                        : Qt::Unchecked);
        }
        QTest::mouseClick(find<QPushButton>(u"applyButton"_s), Qt::LeftButton);
    }

    EmulatorThread emulator; // declared first: the window and its calls go before the server
    MainWindow window;
    bool started = false;
};

} // namespace

class tst_GuiFaultMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void window_exactRowsUnderFault_data();
    void window_exactRowsUnderFault();
    void window_filterChangeMidPage_onlyNewRows_data();
    void window_filterChangeMidPage_onlyNewRows();
    void window_cancelMidPage_keepsRows_data();
    void window_cancelMidPage_keepsRows();
    void window_deniedCatalog_bannerShowsTypeAndMessage();
    void window_deniedMidListing_keepsLoadedRows();

private:
    QStringList m_expected;
    QStringList m_expectedStages;
};

void tst_GuiFaultMatrix::initTestCase()
{
    QLoggingCategory::setFilterRules(u"partnerdesk.*.info=false\npartnerdesk.*.warning=false"_s);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PartnerDeskTest"_s);
    QCoreApplication::setApplicationName(u"tst_guifaultmatrix"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));

    // The service's own answers for the window's two queries, independent of any client.
    EmulatorServer oracle;
    QString error;
    QVERIFY2(oracle.start(baseOptions(), &error), qPrintable(error));
    m_expected = oracle.matchingIds(FilterPanel::defaultRequest());
    QCOMPARE(m_expected.size(), Count);
    QCOMPARE(QSet<QString>(m_expected.cbegin(), m_expected.cend()).size(), Count);
    m_expectedStages = oracle.matchingIds(stagesQuery());
    QVERIFY(m_expectedStages.size() > PageSize && m_expectedStages.size() < Count);
}

void tst_GuiFaultMatrix::init()
{
    QSettings().clear();
}

void tst_GuiFaultMatrix::window_exactRowsUnderFault_data()
{
    addFaultRows();
}

void tst_GuiFaultMatrix::window_exactRowsUnderFault()
{
    QFETCH(int, fault);
    Harness h(optionsWith(fault));
    QVERIFY(h.started);
    QSignalSpy failed(h.model(), &OpportunityModel::failed);
    QVERIFY(h.loadAll());
    QVERIFY2(h.waitListed(), "the window never finished loading");
    QVERIFY2(failed.isEmpty(), qPrintable(h.banner()->error().summary()));
    QVERIFY(h.banner()->isHidden());
    QCOMPARE(h.shownIds(), m_expected);
    QCOMPARE(h.window.statusText(), u"150 loaded · all"_s);
    QVERIFY(h.find<QPushButton>(u"cancelButton"_s)->isHidden());
    QVERIFY(h.find<QPushButton>(u"resumeButton"_s)->isHidden());
}

void tst_GuiFaultMatrix::window_filterChangeMidPage_onlyNewRows_data()
{
    addMidPageRows();
}

void tst_GuiFaultMatrix::window_filterChangeMidPage_onlyNewRows()
{
    QFETCH(int, fault);
    QTemporaryDir dir;
    const QString log = dir.filePath(u"requests.log"_s);
    Harness h(midPageOptions(fault, log));
    QVERIFY(h.started);
    QVERIFY(h.loadAll());
    QVERIFY2(waitForPageInFlight(*h.model(), *h.server(), 2 * PageSize, WaitMs),
             "no page of the first query in flight");
    const QStringList before = h.shownIds();
    QCOMPARE(before, m_expected.mid(0, before.size()));
    QList<FieldError> fieldErrors;
    const ListOpportunitiesRequest inFlight
            = ListOpportunitiesRequest::fromJson(h.server()->lastRequestBody(), &fieldErrors);
    QVERIFY(fieldErrors.isEmpty());
    QVERIFY(inFlight.lifeCycleStage.isEmpty());
    // A later page of the listing, a slice of it (a range on the sort key), or its range probe
    // (the first page in the opposite order), not a first page of it.
    QVERIFY(!inFlight.nextToken.isEmpty() || !inFlight.lastModifiedDate.isEmpty()
            || inFlight.sort->sortOrder == u"ASCENDING"_s);

    h.applyFilters(u"AWS"_s, Stages);
    QCOMPARE(h.model()->query(), stagesQuery());
    QCOMPARE(h.window.proxyModel()->rowCount(), 0);
    QVERIFY(h.loadAll());
    QVERIFY2(h.waitListed(), "the new filters never finished loading");
    QCOMPARE(h.shownIds(), m_expectedStages);
    // A late answer to the abandoned page would show as rows or an error.
    QVERIFY(nothingHappens(SettleMs, [&h, this] {
        return h.model()->isBusy() || h.banner()->isVisible()
               || h.window.proxyModel()->rowCount() != m_expectedStages.size();
    }));
    QVERIFY2(h.banner()->isHidden(), qPrintable(h.banner()->error().summary()));
    QCOMPARE(h.shownIds(), m_expectedStages);
    QCOMPARE(h.window.statusText(), u"%1 loaded · all"_s.arg(m_expectedStages.size()));
    // Every request was answered but the first query's pages in flight, which the client
    // abandoned; under a slow build the server may have answered them first (the rows above
    // show the answers were dropped either way).
    QVERIFY(atMostUnanswered(log, h.server()->requestCount(), ListingCalls));
}

void tst_GuiFaultMatrix::window_cancelMidPage_keepsRows_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<QString>("how");
    const int together = int(faults().size()) - 1;
    for (const QString &how : {u"Cancel button"_s, u"Esc"_s, u"window closed"_s}) {
        QTest::addRow("%s, latency only", qPrintable(how)) << -1 << how;
        QTest::addRow("%s, %s", qPrintable(how), faults().at(together).name) << together << how;
    }
}

void tst_GuiFaultMatrix::window_cancelMidPage_keepsRows()
{
    QFETCH(int, fault);
    QFETCH(QString, how);
    QTemporaryDir dir;
    const QString log = dir.filePath(u"requests.log"_s);
    Harness h(midPageOptions(fault, log));
    QVERIFY(h.started);
    h.window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&h.window));
    QSignalSpy failed(h.model(), &OpportunityModel::failed);
    QVERIFY(h.loadAll());
    QVERIFY2(waitForPageInFlight(*h.model(), *h.server(), 2 * PageSize, WaitMs),
             "no page in flight");
    const QStringList kept = h.shownIds();
    QCOMPARE(kept, m_expected.mid(0, kept.size()));
    auto *cancel = h.find<QPushButton>(u"cancelButton"_s);
    auto *resume = h.find<QPushButton>(u"resumeButton"_s);
    QVERIFY(cancel->isVisible());

    QSignalSpy pages(h.model(), &OpportunityModel::pageLoaded);
    if (how == u"Cancel button"_s) {
        QTest::mouseClick(cancel, Qt::LeftButton);
    } else if (how == u"Esc"_s) {
        QTest::keyClick(&h.window, Qt::Key_Escape);
    } else {
        QVERIFY(h.window.close());
    }
    QVERIFY(!h.model()->isBusy());
    QVERIFY(!h.model()->isLoadingAll());
    QVERIFY(h.model()->isStopped());
    const int received = h.server()->requestCount();
    QVERIFY(nothingHappens(SettleMs, [&] {
        return !pages.isEmpty() || !failed.isEmpty() || h.model()->isBusy()
               || h.server()->requestCount() != received;
    }));
    QCOMPARE(h.shownIds(), kept);
    QVERIFY(pages.isEmpty());
    QVERIFY(failed.isEmpty());
    QVERIFY(!h.model()->isBusy());
    QVERIFY(h.banner()->isHidden());
    // Nothing more was sent, not even a retry.
    QCOMPARE(h.server()->requestCount(), received);
    if (how == u"window closed"_s) {
        // Closing writes the settings before it cancels, which can outlast the latency: the
        // server may have answered, and only the unchanged rows show the answer was dropped.
        return;
    }
    // The pages in flight were abandoned; the server may have answered them first under a slow
    // build, and only the unchanged rows show the answers were dropped.
    QVERIFY(atMostUnanswered(log, received, ListingCalls));

    QVERIFY(cancel->isHidden());
    QVERIFY(resume->isVisible());
    QCOMPARE(h.window.statusText(), u"%1 loaded · more available"_s.arg(kept.size()));
    // Load More continues right after the kept rows, and Load All to the end.
    QTest::mouseClick(resume, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(h.shownIds().size() > kept.size(), WaitMs);
    if (h.model()->hasMore()) {
        QVERIFY(h.loadAll());
    }
    QVERIFY2(h.waitListed(), "the resumed listing never finished");
    QVERIFY2(failed.isEmpty(), qPrintable(h.banner()->error().summary()));
    QCOMPARE(h.shownIds(), m_expected);
}

void tst_GuiFaultMatrix::window_deniedCatalog_bannerShowsTypeAndMessage()
{
    EmulatorOptions options = baseOptions();
    options.deniedCatalogs = QStringList{u"Sandbox"_s};
    options.bareErrorTypes = true;
    options.errorTypeHeader = false;
    Harness h(options);
    QVERIFY(h.started);
    QVERIFY(h.loadAll());
    QVERIFY(h.waitListed());
    QCOMPARE(h.shownIds(), m_expected);

    const int before = h.server()->requestCount();
    h.applyFilters(u"Sandbox"_s, {});
    QTRY_VERIFY_WITH_TIMEOUT(h.banner()->isVisible(), WaitMs);
    QCOMPARE(h.banner()->error().kind, ApiError::Kind::AccessDenied);
    QCOMPARE(h.bannerText(u"errorTitle"_s), u"AccessDeniedException (HTTP 403)"_s);
    const QString message = h.bannerText(u"errorMessage"_s);
    QVERIFY2(message.contains(u"is not authorized to perform: partnercentral:ListOpportunities"_s)
                     && message.contains(u"catalog/Sandbox"_s),
             qPrintable(message));
    QVERIFY(h.find<QLabel>(u"catalogBadge"_s)->text().contains(u"SANDBOX"_s));
    QVERIFY(h.shownIds().isEmpty());
    QVERIFY(!h.model()->isBusy());
    // A denial is not retried.
    QVERIFY(nothingHappens(SettleMs, [&] { return h.server()->requestCount() - before > 1; }));
    QCOMPARE(h.server()->requestCount() - before, 1);

    // Back to the allowed catalog: the banner goes and the listing is whole again.
    h.applyFilters(u"AWS"_s, {});
    QVERIFY(h.banner()->isHidden());
    QVERIFY(h.loadAll());
    QVERIFY(h.waitListed());
    QVERIFY(h.banner()->isHidden());
    QCOMPARE(h.shownIds(), m_expected);
}

void tst_GuiFaultMatrix::window_deniedMidListing_keepsLoadedRows()
{
    EmulatorOptions options = baseOptions();
    options.bareErrorTypes = true;
    options.errorTypeHeader = false;
    Harness h(options);
    QVERIFY(h.started);
    // The view fetches while its last row shows, then waits for scrolling.
    QTRY_VERIFY_WITH_TIMEOUT(!h.model()->isBusy() && h.viewportFull(), WaitMs);
    const int fetched = h.model()->rowCount();
    QVERIFY(nothingHappens(
            SettleMs, [&] { return h.model()->isBusy() || h.model()->rowCount() != fetched; }));
    const QStringList kept = h.shownIds();
    QCOMPARE(kept, m_expected.mid(0, kept.size()));
    QVERIFY(kept.size() < Count);

    // The identity loses the permission in the middle of the listing.
    const int before = h.server()->requestCount();
    h.server()->failNext(1, 403, u"AccessDeniedException"_s);
    QVERIFY(h.loadAll());
    QTRY_VERIFY_WITH_TIMEOUT(h.banner()->isVisible(), WaitMs);
    QCOMPARE(h.banner()->error().kind, ApiError::Kind::AccessDenied);
    QCOMPARE(h.bannerText(u"errorTitle"_s), u"AccessDeniedException (HTTP 403)"_s);
    QCOMPARE(h.bannerText(u"errorMessage"_s), u"Injected fault"_s);
    QVERIFY2(h.bannerText(u"errorHint"_s)
                     .contains(u"The rows loaded so far (%1) are kept."_s.arg(kept.size())),
             qPrintable(h.bannerText(u"errorHint"_s)));
    QCOMPARE(h.shownIds(), kept);
    QVERIFY(!h.model()->isBusy());
    // A denial ends the listing at once: nothing is retried.
    QVERIFY(nothingHappens(SettleMs, [&] {
        return h.server()->requestCount() - before > ListingStartCalls
               || h.model()->rowCount() != kept.size();
    }));
    QVERIFY(h.server()->requestCount() - before <= ListingStartCalls);
    QCOMPARE(h.shownIds(), kept);

    // Once the permission is back, Retry continues after the kept rows.
    QTest::mouseClick(h.banner()->findChild<QPushButton *>(u"retryButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(h.shownIds().size() > kept.size(), WaitMs);
    QVERIFY(h.banner()->isHidden());
    if (h.model()->hasMore()) {
        QVERIFY(h.loadAll());
    }
    QVERIFY(h.waitListed());
    QVERIFY(h.banner()->isHidden());
    QCOMPARE(h.shownIds(), m_expected);
}

QTEST_MAIN(tst_GuiFaultMatrix)
#include "tst_guifaultmatrix.moc"
