#include "attentionbar.h"
#include "awsclient.h"
#include "detailsenrichment.h"
#include "emulatorserver.h"
#include "filterpanel.h"
#include "itemdatarole.h"
#include "mainwindow.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytableview.h"
#include "viewsmenu.h"

#include <QFile>
#include <QHeaderView>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Gui;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;

namespace {

constexpr int WaitMs = 20000;

/// A main window on an emulator that lists every page of the applied filters.
struct Window
{
    explicit Window(EmulatorServer *server)
    {
        ClientConfig config;
        config.endpoint = server->endpoint();
        config.retry.maxAttempts = 1;
        window = std::make_unique<MainWindow>();
        window->detailsEnrichment()->setFetching(false);
        window->setConnection(
                config,
                std::make_shared<StaticCredentialsProvider>(server->credentials(), u"test"_s),
                u"test"_s);
        window->resize(1300, 800);
        window->show();
    }
    bool loadAll()
    {
        return QTest::qWaitFor(
                [this] {
                    if (!model()->isBusy() && model()->hasMore()) {
                        model()->loadAll();
                    }
                    return !model()->isBusy() && !model()->hasMore();
                },
                WaitMs);
    }
    OpportunityModel *model() const { return window->model(); }
    ViewsMenu *views() const { return window->viewsMenu(); }
    QHeaderView *header() const { return window->tableView()->horizontalHeader(); }

    std::unique_ptr<MainWindow> window;
};

int columnNamed(const QAbstractItemModel *model, const QString &name)
{
    for (int column = 0; column < model->columnCount(); ++column) {
        if (model->headerData(column, Qt::Horizontal, Pd::Core::RawValueRole).toString() == name) {
            return column;
        }
    }
    return -1;
}

} // namespace

class tst_ViewsMenu : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void attentionCountsAndClicks();
    void savedViewSurvivesARestart();
    void importAndExport();
    void copyAsAwsCliCommand();

private:
    EmulatorServer m_server;
};

void tst_ViewsMenu::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PartnerDeskTest"_s);
    QCoreApplication::setApplicationName(u"tst_viewsmenu"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    EmulatorOptions options;
    options.count = 700;
    options.sandboxCount = 40;
    options.seed = 5;
    QString error;
    QVERIFY2(m_server.start(options, &error), qPrintable(error));
}

void tst_ViewsMenu::init()
{
    QSettings().clear();
    QFile::remove(SavedViews::defaultPath());
}

void tst_ViewsMenu::attentionCountsAndClicks()
{
    Window w(&m_server);
    QVERIFY(w.loadAll());
    AttentionBar *bar = w.window->attentionBar();
    QTRY_VERIFY_WITH_TIMEOUT(bar->isUpToDate(), WaitMs);
    const QList<OpportunitySummary> rows = w.model()->summaries();
    const QDate today = QDate::currentDate();
    // Without a local copy, Changed cannot be used and says why.
    QVERIFY(!bar->button(AttentionView::Kind::Changed)->isEnabled());
    QVERIFY(bar->button(AttentionView::Kind::Changed)->toolTip().contains(u"local copy"_s));
    Q_EMIT w.views()->aboutToShow();
    QVERIFY(!w.views()
                     ->findChild<QAction *>(u"attentionAction-changed-since-last-looked"_s)
                     ->isEnabled());
    QVERIFY(w.views()->findChild<QAction *>(u"attentionAction-overdue"_s)->isEnabled());
    for (const AttentionView::Kind kind : AttentionView::kinds()) {
        if (kind == AttentionView::Kind::Changed) {
            continue;
        }
        const qint64 expected = std::count_if(rows.begin(), rows.end(), [&](const auto &s) {
            return AttentionView::matches(kind, s, today, {});
        });
        QCOMPARE(bar->counts().count(kind), expected);
        QToolButton *button = bar->button(kind);
        QVERIFY(button->text().endsWith(QLocale().toString(expected)));
        QVERIFY(button->accessibleName().startsWith(AttentionView::title(kind)));
        QVERIFY(button->focusPolicy() & Qt::TabFocus);
        button->click();
        QCOMPARE(w.window->proxyModel()->rowCount(), int(expected));
        QVERIFY(button->isChecked());
        QVERIFY(w.window->localFilterChip()->isVisible());
        QCOMPARE(w.window->localFilterChip()->text(), AttentionView::title(kind) + u"  ✕"_s);
    }
    // A second click on the active view shows every row again.
    QToolButton *rejected = bar->button(AttentionView::Kind::Rejected);
    rejected->click();
    QVERIFY(!rejected->isChecked());
    QVERIFY(!w.window->localFilterChip()->isVisible());
    QCOMPARE(w.window->proxyModel()->rowCount(), w.model()->rowCount());
    // Keyboard: the button takes focus and Space activates it.
    rejected->setFocus();
    QTest::keyClick(rejected, Qt::Key_Space);
    QVERIFY(rejected->isChecked());
    QVERIFY(w.window->proxyModel()->rowCount() < w.model()->rowCount());
}

void tst_ViewsMenu::savedViewSurvivesARestart()
{
    ListOpportunitiesRequest request = FilterPanel::defaultRequest();
    request.lifeCycleStage = {u"Qualified"_s, u"Technical Validation"_s};
    request.sort = OpportunitySort{u"TargetCloseDate"_s, u"ASCENDING"_s};
    const int stageColumn = int(OpportunityField::Stage);
    const int cityColumn = int(OpportunityField::City);
    {
        Window w(&m_server);
        w.window->filterPanel()->setRequest(request);
        QVERIFY(w.window->filterPanel()->apply());
        QVERIFY(w.loadAll());
        w.views()->activateAttention(AttentionView::Kind::Overdue);
        w.header()->setSectionHidden(cityColumn, true);
        w.header()->moveSection(w.header()->visualIndex(stageColumn), 0);
        w.header()->setSortIndicator(stageColumn, Qt::DescendingOrder);
        QVERIFY(w.window->proxyModel()->isClientSorted());
        QVERIFY(w.views()->saveCurrentView(u"  Overdue deals  "_s));
        QVERIFY(w.views()->setStartView(u"Overdue deals"_s));
        QVERIFY(QFile::exists(SavedViews::defaultPath()));
    }
    Window w(&m_server);
    QCOMPARE(w.views()->savedViews().names(), QStringList{u"Overdue deals"_s});
    const QList<QAction *> actions = w.views()->actions();
    QVERIFY(std::any_of(actions.begin(), actions.end(), [](const QAction *a) {
        return a->text() == u"Overdue deals (start view)"_s;
    }));
    // Before it applies: the defaults.
    QVERIFY(w.window->filterPanel()->appliedRequest().lifeCycleStage.isEmpty());
    w.window->restoreSettings();
    QCOMPARE(w.window->filterPanel()->appliedRequest().lifeCycleStage, request.lifeCycleStage);
    QCOMPARE(w.window->filterPanel()->appliedRequest().sort, request.sort);
    QCOMPARE(w.window->pipelineSelection(),
             PipelineSelection::attention(AttentionView::Kind::Overdue));
    QVERIFY(w.window->attentionBar()->button(AttentionView::Kind::Overdue)->isChecked());
    QVERIFY(w.header()->isSectionHidden(cityColumn));
    QCOMPARE(w.header()->logicalIndex(0), stageColumn);
    QCOMPARE(w.window->proxyModel()->sortColumn(), stageColumn);
    QCOMPARE(w.window->proxyModel()->sortOrder(), Qt::DescendingOrder);
    QVERIFY(w.loadAll());
    const QDate today = QDate::currentDate();
    QVERIFY(w.window->proxyModel()->rowCount() > 0);
    for (int row = 0; row < w.window->proxyModel()->rowCount(); ++row) {
        const int source
                = w.window->proxyModel()->mapToSource(w.window->proxyModel()->index(row, 0)).row();
        QVERIFY(AttentionView::matches(AttentionView::Kind::Overdue, w.model()->summary(source),
                                       today, {}));
    }

    QVERIFY(w.views()->renameView(u"Overdue deals"_s, u"Late"_s));
    QCOMPARE(w.views()->savedViews().startView(), u"Late"_s);
    QVERIFY(w.views()->removeView(u"Late"_s));
    SavedViews onDisk;
    QString error;
    QVERIFY(onDisk.load(SavedViews::defaultPath(), &error));
    QVERIFY(onDisk.views().isEmpty());
}

void tst_ViewsMenu::importAndExport()
{
    QTemporaryDir dir;
    Window w(&m_server);
    SavedView view;
    view.name = u"Rejected in Sandbox"_s;
    view.filters = FilterPanel::defaultRequest();
    view.filters.catalog = u"Sandbox"_s;
    view.localFilter = PipelineSelection::attention(AttentionView::Kind::Rejected);
    view.columns = {u"Id"_s, u"LifeCycle.ReviewStatus"_s};
    QString error;
    const QString file = dir.filePath(u"rejected.pdview.json"_s);
    QVERIFY2(w.views()->exportView(view, file, &error), qPrintable(error));
    QVERIFY2(w.views()->importView(file, &error), qPrintable(error));
    QCOMPARE(w.views()->savedViews().names(), QStringList{view.name});
    QCOMPARE(w.window->filterPanel()->appliedRequest().catalog, u"Sandbox"_s);
    QCOMPARE(w.window->pipelineSelection(), view.localFilter);
    int shown = 0;
    for (int column = 0; column < w.header()->count(); ++column) {
        shown += w.header()->isSectionHidden(column) ? 0 : 1;
    }
    QCOMPARE(shown, 2);
    QCOMPARE(w.header()->logicalIndex(0), columnNamed(w.window->proxyModel(), u"Id"_s));

    QFile bad(dir.filePath(u"bad.json"_s));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"version": 1, "view": {"name": "x", "filters": {"Catalog": "AWS",)"
              R"( "LifeCycleStage": ["Won"]}}})");
    bad.close();
    QVERIFY(!w.views()->importView(bad.fileName(), &error));
    QVERIFY2(error.contains(u"LifeCycleStage[0]"_s), qPrintable(error));
    QCOMPARE(w.views()->savedViews().names(), QStringList{view.name});
}

void tst_ViewsMenu::copyAsAwsCliCommand()
{
    Window w(&m_server);
    ListOpportunitiesRequest request = FilterPanel::defaultRequest();
    request.lifeCycleStage = {u"Technical Validation"_s};
    w.window->filterPanel()->setRequest(request);
    QVERIFY(w.window->filterPanel()->apply());
    w.views()->activateAttention(AttentionView::Kind::ClosingThisMonth);
    const QString command = w.views()->awsCliCommand();
    QVERIFY2(command.startsWith(u"aws partnercentral-selling list-opportunities --catalog AWS "
                                "--life-cycle-stage 'Technical Validation' --sort SortBy="_s),
             qPrintable(command));
    QVERIFY2(command.endsWith(u"  # local filters: Closing this month"_s), qPrintable(command));
    w.views()->copyCommandAction()->trigger();
}

QTEST_MAIN(tst_ViewsMenu)
#include "tst_viewsmenu.moc"
