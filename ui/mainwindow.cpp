#include "mainwindow.h"

#include "aboutdialog.h"
#include "attentionbar.h"
#include "awsclient.h"
#include "changejournal.h"
#include "changesview.h"
#include "connectiondialog.h"
#include "detailpane.h"
#include "detailsenrichment.h"
#include "errorbanner.h"
#include "exportdialog.h"
#include "filterpanel.h"
#include "languagesettings.h"
#include "localcopydialog.h"
#include "noticebar.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytableview.h"
#include "opportunitytext.h"
#include "partnerdeskprofiles.h"
#include "pipelineview.h"
#include "profilesdialog.h"
#include "proxychoicesettings.h"
#include "readbudget.h"
#include "viewsmenu.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Pd::Core::ApiError;
using Pd::Core::ListOpportunitiesRequest;
using Pd::Core::OpportunityModel;
using Pd::Core::OpportunityText;

namespace Pd::Gui {

namespace {

constexpr int StateVersion = 1;
constexpr int QuickFilterDelayMs = 200;
constexpr int StatusMessageMs = 10000;

const QString GeometryKey = u"window/geometry"_s;
const QString StateKey = u"window/state"_s;
const QString HeaderKey = u"table/header"_s;
const QString FiltersKey = u"filters/request"_s;
const QString ProfileKey = u"connection/profile"_s;
const QString RegionKey = u"connection/region"_s;
const QString EndpointKey = u"connection/endpointUrl"_s;

QLabel *makeBadge(QWidget *parent)
{
    auto *badge = new QLabel(parent);
    QFont font = badge->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    badge->setFont(font);
    badge->setAlignment(Qt::AlignCenter);
    return badge;
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("PartnerDesk"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_proxyChoices = new ProxyChoiceSettings(this);
    connect(m_proxyChoices, &ProxyChoiceSettings::storeFailed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("The proxy password: %1").arg(error), StatusMessageMs);
    });
    m_model = new OpportunityModel(this);
    m_proxy = new OpportunityProxyModel(this);
    m_proxy->setSourceModel(m_model);

    m_table = new OpportunityTableView;
    m_table->setModel(m_proxy);
    m_banner = new ErrorBanner;
    m_notice = new NoticeBar;
    m_notice->setObjectName(u"noticeBar"_s);
    m_fullSyncOffer = new NoticeBar;
    m_fullSyncOffer->setObjectName(u"fullSyncOffer"_s);
    m_localCopy = new LocalCopy(m_model, this);
    m_pipeline = new PipelineView;
    m_pipeline->setModel(m_model);
    m_views = new QTabWidget;
    m_views->setObjectName(u"views"_s);
    m_views->setDocumentMode(true);
    m_views->addTab(m_table, tr("Table"));
    m_views->addTab(m_pipeline, tr("Pipeline"));

    auto *central = new QWidget;
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(6, 6, 6, 0);
    centralLayout->setSpacing(6);
    centralLayout->addWidget(createHeaderBar());
    m_attention = new AttentionBar;
    m_attention->setModel(m_model);
    centralLayout->addWidget(m_attention);
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(m_notice);
    centralLayout->addWidget(m_fullSyncOffer);
    centralLayout->addWidget(m_views, 1);
    setCentralWidget(central);

    m_filters = new FilterPanel;
    m_filterDock = new QDockWidget(tr("Filters"), this);
    m_filterDock->setObjectName(u"filterDock"_s);
    m_filterDock->setWidget(m_filters);
    m_filterDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_filterDock);

    m_details = new DetailPane;
    m_detailDock = new QDockWidget(tr("Details"), this);
    m_detailDock->setObjectName(u"detailDock"_s);
    m_detailDock->setWidget(m_details);
    m_detailDock->setAllowedAreas(Qt::AllDockWidgetAreas);
    addDockWidget(Qt::RightDockWidgetArea, m_detailDock);
    m_enrichment = new DetailsEnrichment(m_model, m_table, m_localCopy, this);
    m_details->setDetailsLoader(m_enrichment->loader());
    connect(m_enrichment, &DetailsEnrichment::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, StatusMessageMs); });

    m_changes = new ChangesView;
    m_changesDock = new QDockWidget(tr("Changes"), this);
    m_changesDock->setObjectName(u"changesDock"_s);
    m_changesDock->setWidget(m_changes);
    m_changesDock->setAllowedAreas(Qt::AllDockWidgetAreas);
    addDockWidget(Qt::RightDockWidgetArea, m_changesDock);
    tabifyDockWidget(m_detailDock, m_changesDock);
    m_detailDock->raise();

    createMenus();
    createStatusBar();

    const int charWidth = fontMetrics().averageCharWidth();
    resizeDocks({m_filterDock, m_detailDock}, {charWidth * 46, charWidth * 48}, Qt::Horizontal);
    m_defaultState = saveState(StateVersion);

    connect(m_filters, &FilterPanel::applied, this, &MainWindow::applyQuery);
    connect(m_table, &OpportunityTableView::serverSortRequested, m_filters, &FilterPanel::setSort);
    connect(m_table, &OpportunityTableView::currentOpportunityChanged, this,
            &MainWindow::showCurrentOpportunity);
    connect(m_table, &OpportunityTableView::clientSortChanged, m_sortMarker, &QWidget::setVisible);
    connect(m_banner, &ErrorBanner::retryRequested, m_model, &OpportunityModel::retry);
    connect(m_pipeline, &PipelineView::selectionActivated, this,
            &MainWindow::applyPipelineSelection);
    connect(m_attention, &AttentionBar::viewActivated, m_viewsMenu, &ViewsMenu::activateAttention);
    connect(m_banner, &ErrorBanner::connectionSettingsRequested, this,
            &MainWindow::showConnectionDialog);

    connect(m_model, &OpportunityModel::modelReset, this, [this] {
        m_details->clear();
        updateStatus();
    });
    connect(m_model, &OpportunityModel::pageLoaded, this, [this](int first, int count) {
        m_waitingForQuota = false;
        m_banner->dismiss();
        // The first rows of a listing: show the first opportunity right away.
        if (first == 0 && count > 0 && !m_table->currentIndex().isValid()) {
            m_table->setCurrentIndex(m_proxy->index(0, 0));
        }
        updateStatus();
    });
    connect(m_model, &OpportunityModel::busyChanged, this, [this](bool busy) {
        if (!busy) {
            m_waitingForQuota = false;
        }
        updateStatus();
    });
    connect(m_model, &OpportunityModel::waitingForQuota, this, [this] {
        m_waitingForQuota = true;
        updateStatus();
    });
    connect(m_model, &OpportunityModel::failed, this, &MainWindow::showFailure);
    connect(m_proxy, &OpportunityProxyModel::rowsInserted, this, &MainWindow::updateStatus);
    connect(m_proxy, &OpportunityProxyModel::rowsRemoved, this, &MainWindow::updateStatus);
    // A quick filter change, or a page merged into a sorted table, is a layout change.
    connect(m_proxy, &OpportunityProxyModel::layoutChanged, this, &MainWindow::updateStatus);
    connect(m_proxy, &OpportunityProxyModel::modelReset, this, &MainWindow::updateStatus);

    // The table has the keyboard first: arrows move through rows, and window shortcuts such
    // as Ctrl+E are not taken by a line edit's own bindings.
    connectLocalCopy();
    m_table->setFocus();
    m_model->setQuery(m_filters->appliedRequest());
    m_table->setServerSort(*m_filters->appliedRequest().sort);
    updateBadges();
    updateStatus();
}

MainWindow::~MainWindow()
{
    // A sync uses the client too.
    m_localCopy->close();
    // Calls in flight belong to the model; stop them before their client goes.
    m_model->setClient(nullptr);
    m_enrichment->setClient(nullptr, QString());
}

QWidget *MainWindow::createHeaderBar()
{
    auto *bar = new QWidget;
    bar->setObjectName(u"headerBar"_s);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    m_catalogBadge = makeBadge(bar);
    m_catalogBadge->setObjectName(u"catalogBadge"_s);
    m_demoBadge = makeBadge(bar);
    m_demoBadge->setObjectName(u"demoBadge"_s);
    m_demoBadge->setText(tr("DEMO"));
    m_demoBadge->setToolTip(tr("Demo mode: generated opportunities from PartnerDesk's built-in "
                               "emulator. Nothing is sent to AWS."));
    m_demoBadge->setAccessibleName(tr("Demo mode"));
    m_demoBadge->setStyleSheet(u"QLabel { background: #6a1b9a; color: white;"
                               " border-radius: 4px; padding: 3px 12px; letter-spacing: 2px; }"_s);
    m_demoBadge->hide();

    m_localLabel = new QLabel(bar);
    m_localLabel->setObjectName(u"localCopyLabel"_s);
    m_localLabel->setToolTip(tr("Filters, sorting and the quick filter work on the local copy "
                                "of every opportunity, without asking the service."));
    m_localLabel->setStyleSheet(u"QLabel { background: #e6f4ea; color: #1e4620;"
                                " border-radius: 4px; padding: 3px 10px; }"_s);
    m_localLabel->hide();

    m_connectionLabel = new QLabel(bar);
    m_connectionLabel->setObjectName(u"connectionLabel"_s);
    m_connectionLabel->setTextFormat(Qt::PlainText);

    m_sortMarker = new QToolButton(bar);
    m_sortMarker->setObjectName(u"clientSortMarker"_s);
    m_sortMarker->setText(tr("Sorted: loaded rows only  ✕"));
    m_sortMarker->setToolTip(tr("This column cannot be sorted by the service, so only the rows "
                                "loaded so far are sorted. Click to return to the service's "
                                "order."));
    m_sortMarker->setAccessibleName(tr("Sorted locally, loaded rows only. Press to clear."));
    m_sortMarker->setAutoRaise(true);
    m_sortMarker->setStyleSheet(u"QToolButton { background: #fff4ce; color: #5c4400;"
                                " border: 1px solid #e0c060; border-radius: 4px;"
                                " padding: 2px 8px; }"_s);
    m_sortMarker->hide();
    connect(m_sortMarker, &QToolButton::clicked, this, [this] { m_table->clearClientSort(); });

    m_localFilterChip = new QToolButton(bar);
    m_localFilterChip->setObjectName(u"localFilterChip"_s);
    m_localFilterChip->setToolTip(tr("Only the loaded rows of the part of the pipeline picked in "
                                     "a chart, or of an attention view. Click to show every row "
                                     "again."));
    m_localFilterChip->setAutoRaise(true);
    m_localFilterChip->setStyleSheet(u"QToolButton { background: palette(highlight);"
                                     " color: palette(highlighted-text); border-radius: 4px;"
                                     " padding: 2px 8px; }"_s);
    m_localFilterChip->hide();
    connect(m_localFilterChip, &QToolButton::clicked, this, [this] { applyPipelineSelection({}); });

    m_quickFilter = new QLineEdit(bar);
    m_quickFilter->setObjectName(u"quickFilter"_s);
    m_quickFilter->setPlaceholderText(tr("Filter loaded rows (Ctrl+F)"));
    m_quickFilter->setAccessibleName(tr("Quick filter over the loaded rows"));
    m_quickFilter->setToolTip(tr("Searches the rows already loaded: id, partner CRM id, company, "
                                 "stage, review status, type, industry, city, country and next "
                                 "steps. Use the Filters panel to ask the service."));
    m_quickFilter->setClearButtonEnabled(true);
    m_quickFilter->setMinimumWidth(
            std::max(fontMetrics().averageCharWidth() * 32,
                     fontMetrics().horizontalAdvance(m_quickFilter->placeholderText()) + 48));
    m_quickFilterTimer.setSingleShot(true);
    m_quickFilterTimer.setInterval(QuickFilterDelayMs);
    connect(m_quickFilter, &QLineEdit::textChanged, &m_quickFilterTimer,
            qOverload<>(&QTimer::start));
    connect(&m_quickFilterTimer, &QTimer::timeout, this, [this] {
        m_proxy->setQuickFilter(m_quickFilter->text());
        updateStatus();
    });

    layout->addWidget(m_catalogBadge);
    layout->addWidget(m_demoBadge);
    layout->addWidget(m_connectionLabel);
    layout->addWidget(m_localLabel);
    layout->addStretch(1);
    layout->addWidget(m_localFilterChip);
    layout->addWidget(m_sortMarker);
    layout->addWidget(m_quickFilter);
    return bar;
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_fileMenu->setObjectName(u"fileMenu"_s);
    m_exportAction = m_fileMenu->addAction(tr("&Export…"), this, &MainWindow::showExportDialog);
    m_exportAction->setObjectName(u"exportAction"_s);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setStatusTip(tr("Write the opportunities to a CSV file"));
    m_fileMenu->addSeparator();
    QAction *quit = m_fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    m_editMenu = menuBar()->addMenu(tr("&Edit"));
    m_editMenu->setObjectName(u"editMenu"_s);
    m_editMenu->addAction(m_table->copyCellAction());
    m_editMenu->addAction(m_table->copyRowsAction());
    m_editMenu->addSeparator();
    QAction *selectAll
            = m_editMenu->addAction(tr("Select &All Loaded Rows"), m_table, &QTableView::selectAll);
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(selectAll);
    QAction *find = m_editMenu->addAction(tr("&Find in Loaded Rows"), this, [this] {
        m_quickFilter->setFocus(Qt::ShortcutFocusReason);
        m_quickFilter->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    QAction *filters = m_editMenu->addAction(tr("&Edit Filters"), this, [this] {
        m_filterDock->show();
        m_filterDock->raise();
        m_filters->focusFirstField();
    });
    filters->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->setObjectName(u"viewMenu"_s);
    QAction *filterToggle = m_filterDock->toggleViewAction();
    filterToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction *detailToggle = m_detailDock->toggleViewAction();
    detailToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_viewMenu->addAction(filterToggle);
    m_viewMenu->addAction(detailToggle);
    m_viewMenu->addSeparator();
    QAction *tableView
            = m_viewMenu->addAction(tr("&Table"), this, [this] { showView(View::Table); });
    tableView->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    QAction *pipelineView
            = m_viewMenu->addAction(tr("P&ipeline"), this, [this] { showView(View::Pipeline); });
    pipelineView->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_viewMenu->addSeparator();
    QAction *changesToggle = m_changesDock->toggleViewAction();
    changesToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    m_viewMenu->addAction(changesToggle);
    m_viewMenu->addSeparator();
    m_refreshAction = m_viewMenu->addAction(tr("&Refresh"), this, &MainWindow::refresh);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_loadAllAction
            = m_viewMenu->addAction(tr("&Load All Pages"), m_model, &OpportunityModel::loadAll);
    m_loadAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_stopAction = m_viewMenu->addAction(tr("&Stop Loading"), m_model, &OpportunityModel::cancel);
    m_stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopAction->setShortcutContext(Qt::WindowShortcut);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("Reset &Columns"), m_table, &OpportunityTableView::resetLayout);
    m_viewMenu->addAction(tr("Reset &Window Layout"), this, &MainWindow::resetWindowLayout);

    m_viewsMenu = new ViewsMenu(this, Core::SavedViews::defaultPath());
    menuBar()->addMenu(m_viewsMenu);

    m_settingsMenu = menuBar()->addMenu(tr("&Settings"));
    m_settingsMenu->setObjectName(u"settingsMenu"_s);
    m_connectionAction = m_settingsMenu->addAction(tr("&Connection…"), this,
                                                   &MainWindow::showConnectionDialog);
    m_profilesAction
            = m_settingsMenu->addAction(tr("&Profiles…"), this, &MainWindow::showProfilesDialog);
    m_profilesAction->setObjectName(u"profilesAction"_s);
    QAction *localCopy
            = m_settingsMenu->addAction(tr("&Local Copy…"), this, &MainWindow::showLocalCopyDialog);
    localCopy->setObjectName(u"localCopyAction"_s);
    m_settingsMenu->addSeparator();
    m_settingsMenu->addMenu(LanguageSettings::createMenu(this));

    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    m_helpMenu->setObjectName(u"helpMenu"_s);
    QAction *about
            = m_helpMenu->addAction(tr("&About PartnerDesk"), this, &MainWindow::showAboutDialog);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = m_helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createStatusBar()
{
    QStatusBar *bar = statusBar();
    m_countLabel = new QLabel(bar);
    m_countLabel->setObjectName(u"rowCountLabel"_s);
    m_latencyLabel = new QLabel(bar);
    m_latencyLabel->setObjectName(u"latencyLabel"_s);
    m_fetchedLabel = new QLabel(bar);
    m_fetchedLabel->setObjectName(u"fetchedLabel"_s);
    m_activityLabel = new QLabel(bar);
    m_activityLabel->setObjectName(u"activityLabel"_s);
    m_busyBar = new QProgressBar(bar);
    m_busyBar->setObjectName(u"busyIndicator"_s);
    m_busyBar->setRange(0, 0);
    m_busyBar->setTextVisible(false);
    m_busyBar->setFixedWidth(fontMetrics().averageCharWidth() * 14);
    m_busyBar->setMaximumHeight(fontMetrics().height());
    m_busyBar->setAccessibleName(tr("Loading"));
    m_cancelButton = new QPushButton(tr("Cancel"), bar);
    m_cancelButton->setObjectName(u"cancelButton"_s);
    m_cancelButton->setAccessibleName(tr("Cancel loading"));
    m_cancelButton->setFlat(true);
    m_resumeButton = new QPushButton(tr("Load More"), bar);
    m_resumeButton->setObjectName(u"resumeButton"_s);
    m_resumeButton->setAccessibleName(tr("Load the next page"));
    m_resumeButton->setFlat(true);
    m_syncLabel = new QLabel(bar);
    m_syncLabel->setObjectName(u"syncLabel"_s);
    m_syncCancelButton = new QPushButton(tr("Cancel Sync"), bar);
    m_syncCancelButton->setObjectName(u"syncCancelButton"_s);
    m_syncCancelButton->setFlat(true);
    m_syncCancelButton->hide();
    connect(m_syncCancelButton, &QPushButton::clicked, m_localCopy, &LocalCopy::cancelSync);
    connect(m_cancelButton, &QPushButton::clicked, m_model, &OpportunityModel::cancel);
    connect(m_resumeButton, &QPushButton::clicked, m_model, &OpportunityModel::retry);

    bar->addWidget(m_countLabel);
    bar->addWidget(m_activityLabel);
    bar->addWidget(m_busyBar);
    bar->addWidget(m_cancelButton);
    bar->addWidget(m_resumeButton);
    bar->addPermanentWidget(m_syncLabel);
    bar->addPermanentWidget(m_syncCancelButton);
    bar->addPermanentWidget(m_enrichment->meter());
    bar->addPermanentWidget(m_latencyLabel);
    bar->addPermanentWidget(m_fetchedLabel);
}

void MainWindow::setConnection(const Core::ClientConfig &config,
                               std::shared_ptr<Core::CredentialsProvider> credentials,
                               const QString &description)
{
    m_localCopy->close();
    // The previous client outlives the model's call on it, which setClient() aborts.
    const std::unique_ptr<Core::AwsClient> previous = std::exchange(
            m_client, std::make_unique<Core::AwsClient>(config, std::move(credentials)));
    openLocalCopy(m_model->query());
    m_model->setClient(m_client.get());
    // Reads are counted per identity and endpoint (the quota is the account's).
    const Core::StoreKey readsKey
            = m_demo ? Core::StoreKey::demo(QString())
                     : Core::StoreKey::forConnection(m_client->config(),
                                                     m_client->credentialsProvider(),
                                                     savedConnection().profile, QString());
    m_enrichment->setClient(m_client.get(),
                            Core::ReadBudget::filePath(readsKey.identity, readsKey.endpoint));
    if (m_model->isLocal() && !m_localCopy->isLoading() && !m_localCopy->isOpen()) {
        m_model->setQuery(m_model->query());
    }
    m_connectionDescription = description;
    m_banner->dismiss();
    if (!m_client->configError().isEmpty()) {
        setConnectionError(m_client->configError());
    }
    updateBadges();
    updateStatus();
}

void MainWindow::showView(View view)
{
    m_views->setCurrentWidget(view == View::Pipeline ? static_cast<QWidget *>(m_pipeline)
                                                     : static_cast<QWidget *>(m_table));
    m_views->currentWidget()->setFocus();
}

MainWindow::View MainWindow::currentView() const
{
    return m_views->currentWidget() == m_pipeline ? View::Pipeline : View::Table;
}

void MainWindow::applyPipelineSelection(const Core::PipelineSelection &selection)
{
    m_pipelineSelection = selection;
    if (selection.isNone()) {
        m_proxy->setLocalPredicate({});
    } else {
        // The buckets of the day the part was picked, as the chart counted them.
        m_proxy->setLocalPredicate(
                [selection, today = QDate::currentDate(),
                 unseen = m_model->unseenIds()](const Core::OpportunitySummary &s) {
                    return selection.matches(s, today, unseen);
                });
        showView(View::Table);
    }
    const QString text = PipelineView::describe(selection);
    m_localFilterChip->setText(text + u"  ✕"_s);
    m_localFilterChip->setAccessibleName(tr("Filtered to %1. Press to show every row.").arg(text));
    m_localFilterChip->setVisible(!selection.isNone());
    m_attention->setActiveView(selection.attentionView());
    updateStatus();
}

void MainWindow::setConnectionError(const QString &message)
{
    m_banner->showError(ApiError::configuration(message));
    updateStatus();
}

void MainWindow::setPartnerDeskProfiles(Core::PartnerDeskProfiles *profiles)
{
    m_profiles = profiles;
    m_resolver.setPartnerDeskProfiles(profiles);
    m_proxyChoices->setStore(profiles ? profiles->store() : nullptr);
}

Core::ConnectionResolver::Overrides MainWindow::savedConnection()
{
    const QSettings settings;
    return {settings.value(ProfileKey).toString(), settings.value(RegionKey).toString(),
            settings.value(EndpointKey).toString()};
}

void MainWindow::connectWith(const Core::ConnectionResolver::Overrides &overrides)
{
    QSettings settings;
    settings.setValue(ProfileKey, overrides.profile);
    settings.setValue(RegionKey, overrides.region);
    settings.setValue(EndpointKey, overrides.endpointUrl);

    if (m_proxyChoiceState != ProxyChoiceState::Loaded) {
        m_pendingConnection = overrides;
        if (m_proxyChoiceState == ProxyChoiceState::NotLoaded) {
            m_proxyChoiceState = ProxyChoiceState::Loading;
            m_proxyChoices->load(this, [this](const Core::ConnectionResolver::ProxyChoice &choice) {
                if (m_proxyChoiceState == ProxyChoiceState::Loaded) {
                    return; // the connection dialog chose meanwhile
                }
                m_resolver.setProxyChoice(choice);
                m_proxyChoiceState = ProxyChoiceState::Loaded;
                connectWith(m_pendingConnection);
            });
        }
        return;
    }

    m_demo = false;
    const Core::ConnectionResolver::Result result = m_resolver.resolve(overrides);
    if (!result.isValid()) {
        m_model->setClient(nullptr);
        m_enrichment->setClient(nullptr, QString());
        m_client.reset();
        m_connectionDescription.clear();
        updateBadges();
        setConnectionError(result.error);
        return;
    }
    setConnection(result.config, result.credentials, result.credentials->sourceDescription());
}

void MainWindow::showConnectionDialog()
{
    auto *dialog = new ConnectionDialog(&m_resolver, m_profiles, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOverrides(savedConnection());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_resolver.setProxyChoice(m_proxyChoices->save(dialog->proxyChoice()));
        m_proxyChoiceState = ProxyChoiceState::Loaded;
        connectWith(dialog->overrides());
    });
    dialog->open();
}

void MainWindow::showExportDialog()
{
    auto *dialog = new ExportDialog(m_table, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportDialog::exported, this, [this](const QString &path, int rows) {
        statusBar()->showMessage(tr("Exported %n opportunities to %1", nullptr, rows).arg(path),
                                 StatusMessageMs);
    });
    connect(dialog, &ExportDialog::exportCancelled, this, [this] {
        statusBar()->showMessage(tr("Export cancelled; nothing was written."), StatusMessageMs);
    });
    dialog->open();
}

void MainWindow::showProfilesDialog()
{
    if (!m_profiles) {
        return;
    }
    auto *dialog = new ProfilesDialog(m_profiles, &m_resolver, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString current = savedConnection().profile;
    if (!current.isEmpty()) {
        dialog->selectProfile(current);
    }
    connect(dialog, &ProfilesDialog::useProfileRequested, this, [this](const QString &name) {
        Core::ConnectionResolver::Overrides overrides = savedConnection();
        overrides.profile = name;
        connectWith(overrides);
    });
    dialog->open();
}

void MainWindow::showAboutDialog()
{
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::setDemoMode(bool demo)
{
    m_demo = demo;
    updateBadges();
}

void MainWindow::applyQuery(const ListOpportunitiesRequest &request)
{
    m_banner->dismiss();
    if (m_localCopyUsed && m_localCopy->settings().enabled && m_client
        && m_localCopy->key().catalog != request.catalog) {
        openLocalCopy(request); // another catalog: its own store
    } else if (!m_localCopy->show(request)) {
        m_model->setQuery(request);
    }
    if (request.sort) {
        m_table->setServerSort(*request.sort);
    }
    updateBadges();
    updateStatus();
}

void MainWindow::showFailure(const ApiError &error)
{
    if (!error.fieldErrors.isEmpty()
        && (error.kind == ApiError::Kind::LocalValidation
            || error.kind == ApiError::Kind::Validation)) {
        m_filters->showFieldErrors(error.fieldErrors);
    }
    m_banner->showError(error, m_model->rowCount());
    updateStatus();
}

void MainWindow::showCurrentOpportunity(int sourceRow)
{
    if (sourceRow < 0 || sourceRow >= m_model->rowCount()) {
        m_details->clear();
        return;
    }
    const Core::OpportunitySummary summary = m_model->summary(sourceRow);
    m_details->setOpportunity(summary);
    Core::OpportunityStoreDb *store = m_localCopy->store();
    m_details->setHistory(store ? Core::ChangeJournal(store).history(summary.id)
                                : QList<Core::JournalEntry>());
    // Shown in the detail pane: looked at.
    if (m_model->markSeen(summary.id) && store) {
        store->markSeen({summary.id});
    }
}

void MainWindow::useLocalCopy(const LocalCopy::Settings &settings)
{
    m_localCopyUsed = true;
    m_localCopy->setSettings(settings);
}

void MainWindow::openLocalCopy(const ListOpportunitiesRequest &request)
{
    m_notice->dismiss();
    m_fullSyncOffer->dismiss();
    if (!m_localCopyUsed || !m_localCopy->settings().enabled || !m_client) {
        m_localCopy->close();
        m_changes->setStore(nullptr);
        return;
    }
    const QString catalog = request.catalog;
    const Core::StoreKey key = m_demo ? Core::StoreKey::demo(catalog)
                                      : Core::StoreKey::forConnection(
                                              m_client->config(), m_client->credentialsProvider(),
                                              savedConnection().profile, catalog);
    m_changes->setStore(nullptr);
    m_localCopy->open(key, m_client.get(), request);
}

void MainWindow::connectLocalCopy()
{
    LocalCopy *local = m_localCopy;
    connect(local, &LocalCopy::liveListingNeeded, m_model, &OpportunityModel::setQuery);
    connect(local, &LocalCopy::firstRowsShown, this, [this] {
        if (!m_table->currentIndex().isValid() && m_proxy->rowCount() > 0) {
            m_table->setCurrentIndex(m_proxy->index(0, 0));
        }
        updateStatus();
    });
    connect(local, &LocalCopy::loaded, this, [this] {
        m_changes->setStore(m_localCopy->store());
        if (m_localCopy->isFullSyncDue()) {
            m_fullSyncOffer->showNotice(tr("The last full sync is more than a week old. A full "
                                           "sync also finds the opportunities you can no "
                                           "longer see."),
                                        NoticeBar::Tone::Information, tr("Fu&ll Sync"));
        }
        updateStatus();
    });
    connect(m_fullSyncOffer, &NoticeBar::actionTriggered, this,
            [this] { m_localCopy->sync(Core::SyncMode::Full); });
    connect(local, &LocalCopy::notice, this, [this](const QString &message) {
        m_notice->showNotice(message, NoticeBar::Tone::Warning);
    });
    connect(local, &LocalCopy::syncFailed, this, [this](const QString &message) {
        m_notice->showNotice(
                tr("The sync failed; the rows shown are from the last one. %1").arg(message),
                NoticeBar::Tone::Warning, tr("Try Agai&n"));
    });
    connect(m_notice, &NoticeBar::actionTriggered, this, [this] { m_localCopy->sync(); });
    connect(local, &LocalCopy::changesUpdated, m_changes, &ChangesView::refresh);
    connect(local, &LocalCopy::attentionNeeded, this, &MainWindow::announceAttention);
    connect(m_changes, &ChangesView::allSeen, this, [this] {
        m_model->setUnseenIds({});
        m_table->viewport()->update();
    });
    connect(m_changes, &ChangesView::opportunityActivated, this, [this](const QString &id) {
        const int row = m_model->rowOf(id);
        const QModelIndex index
                = row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid()) {
            showView(View::Table);
            m_table->setCurrentIndex(index);
            m_table->scrollTo(index);
        }
    });
    connect(m_model, &OpportunityModel::unseenChanged, m_table->viewport(),
            qOverload<>(&QWidget::update));
    for (const auto signal :
         {&LocalCopy::stateChanged, &LocalCopy::syncStarted, &LocalCopy::loaded}) {
        connect(local, signal, this, &MainWindow::updateStatus);
    }
    connect(local, &LocalCopy::syncProgress, this, &MainWindow::updateStatus);
    connect(local, &LocalCopy::waitingForQuota, this, &MainWindow::updateStatus);
}

void MainWindow::announceAttention(const QStringList &ids)
{
    const QString message = tr("%n opportunities became Action Required or Rejected: %1", nullptr,
                               int(ids.size()))
                                    .arg(QLocale().createSeparatedList(ids.mid(0, 5)));
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(windowIcon(), this);
        }
        m_tray->show();
        m_tray->showMessage(tr("PartnerDesk"), message);
    } else {
        m_notice->showNotice(message, NoticeBar::Tone::Information);
    }
}

void MainWindow::refresh()
{
    if (m_localCopy->isOpen() || m_localCopy->isLoading()) {
        m_localCopy->sync();
    } else {
        m_model->reload();
    }
}

void MainWindow::showLocalCopyDialog()
{
    auto *dialog = new LocalCopyDialog(
            m_localCopy->settings(), m_localCopy->store() ? m_localCopy->path() : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LocalCopyDialog::forgetRequested, this, &MainWindow::forgetLocalCopy);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const LocalCopy::Settings settings = dialog->settings();
        const bool reopen = settings.enabled != m_localCopy->settings().enabled
                            || settings.folder != m_localCopy->settings().folder;
        settings.save();
        useLocalCopy(settings);
        if (reopen) {
            openLocalCopy(m_filters->appliedRequest());
            if (!settings.enabled) {
                m_model->setQuery(m_filters->appliedRequest());
            }
        }
        updateStatus();
    });
    dialog->open();
}

void MainWindow::forgetLocalCopy()
{
    const QString path = m_localCopy->path();
    QString error;
    m_changes->setStore(nullptr);
    m_model->setUnseenIds({});
    if (!m_localCopy->forget(&error)) {
        m_notice->showNotice(tr("The local copy could not be deleted: %1").arg(error),
                             NoticeBar::Tone::Warning);
    } else {
        statusBar()->showMessage(tr("Deleted the local copy %1").arg(path), StatusMessageMs);
    }
    // The listing goes on from the service until the next start opens a new copy.
    m_model->setQuery(m_filters->appliedRequest());
    updateStatus();
}

QString MainWindow::localCopyText() const
{
    return m_localLabel->isHidden() ? QString() : m_localLabel->text();
}

QString MainWindow::syncText() const
{
    return m_syncLabel->text();
}

void MainWindow::updateBadges()
{
    const QString catalog = m_model->query().catalog;
    const bool sandbox = catalog == u"Sandbox"_s;
    m_catalogBadge->setText(sandbox ? tr("SANDBOX · test data") : tr("AWS · production"));
    m_catalogBadge->setToolTip(tr("Catalog %1: every request names this catalog. Change it in "
                                  "the Filters panel.")
                                       .arg(catalog));
    m_catalogBadge->setAccessibleName(
            tr("Catalog: %1").arg(OpportunityText::catalogLabel(catalog)));
    m_catalogBadge->setStyleSheet(sandbox ? u"QLabel { background: #0b6bcb; color: white;"
                                            " border-radius: 4px; padding: 3px 12px; }"_s
                                          : u"QLabel { background: #ff9900; color: #16191f;"
                                            " border-radius: 4px; padding: 3px 12px; }"_s);
    m_demoBadge->setVisible(m_demo);

    QStringList connection;
    if (!m_connectionDescription.isEmpty()) {
        connection += m_connectionDescription;
    }
    if (m_client) {
        connection += m_client->config().region;
    }
    m_connectionLabel->setText(connection.join(u" · "_s));
    m_connectionLabel->setToolTip(m_client ? m_client->config().endpoint.toDisplayString()
                                           : QString());

    const QString catalogName = OpportunityText::catalogLabel(catalog);
    setWindowTitle(m_demo ? tr("PartnerDesk — %1 catalog (demo)").arg(catalogName)
                          : tr("PartnerDesk — %1 catalog").arg(catalogName));
}

QString MainWindow::statusText() const
{
    return m_countLabel->text();
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    const int loaded = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const bool busy = m_model->isBusy();
    QString count;
    if (!m_client) {
        count = tr("Not connected");
    } else if (loaded == 0 && busy) {
        count = tr("Loading…");
    } else if (loaded == 0 && !m_model->hasMore()) {
        count = tr("No opportunities match these filters");
    } else if (m_model->hasMore()) {
        count = tr("%1 loaded · more available").arg(locale.toString(loaded));
    } else if (m_model->isLocal() && m_localCopy->isSyncing() && !m_localCopy->isComplete()) {
        // The first listing of the local copy: its rows arrive with the sync.
        count = tr("%1 loaded · more coming").arg(locale.toString(loaded));
    } else {
        count = tr("%1 loaded · all").arg(locale.toString(loaded));
    }
    if (!m_proxy->quickFilter().isEmpty() || m_proxy->hasLocalPredicate()) {
        count += tr(" · %1 shown").arg(locale.toString(shown));
    }
    m_countLabel->setText(count);

    if (m_waitingForQuota) {
        m_activityLabel->setText(tr("Waiting for quota…"));
        m_activityLabel->setToolTip(tr("The service asked PartnerDesk to slow down "
                                       "(ThrottlingException); it retries by itself."));
    } else if (m_model->isLoadingAll()) {
        m_activityLabel->setText(tr("Loading all pages…"));
        m_activityLabel->setToolTip({});
    } else {
        m_activityLabel->setText(busy ? tr("Loading page…") : QString());
        m_activityLabel->setToolTip({});
    }
    m_activityLabel->setVisible(!m_activityLabel->text().isEmpty());
    m_busyBar->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_resumeButton->setVisible(!busy && m_model->isStopped() && m_model->hasMore()
                               && m_banner->isHidden());
    m_stopAction->setEnabled(busy);

    const QLocale syncLocale;
    if (m_localCopy->isSyncing()) {
        m_syncLabel->setText(
                m_localCopy->isWaitingForQuota()
                        ? tr("Syncing: waiting for quota…")
                        : tr("Syncing… %1 rows")
                                  .arg(syncLocale.toString(m_localCopy->syncedRows())));
    } else if (m_localCopy->isLoading()) {
        m_syncLabel->setText(tr("Opening the local copy…"));
    } else {
        m_syncLabel->setText(m_localCopy->syncedText());
    }
    m_syncLabel->setToolTip(m_localCopy->lastSyncedAt().isValid() ? syncLocale.toString(
                                    m_localCopy->lastSyncedAt().toLocalTime(), QLocale::LongFormat)
                                                                  : QString());
    m_syncLabel->setVisible(!m_syncLabel->text().isEmpty());
    m_syncCancelButton->setVisible(m_localCopy->isSyncing());
    const QString local = m_model->isLocal() ? m_localCopy->localText() : QString();
    m_localLabel->setText(local);
    m_localLabel->setVisible(!local.isEmpty());
    m_loadAllAction->setEnabled(m_model->hasMore() && m_client);
    m_attention->setChangesAvailable(m_localCopy->isOpen());

    const qint64 latency = m_model->lastLatencyMs();
    m_latencyLabel->setText(latency < 0 ? QString()
                                        : tr("Last page: %1 ms").arg(locale.toString(latency)));
    const QDateTime fetched = m_model->fetchedAt();
    m_fetchedLabel->setText(
            fetched.isValid()
                    ? tr("Fetched %1").arg(locale.toString(fetched.time(), QLocale::ShortFormat))
                    : QString());
    m_fetchedLabel->setToolTip(fetched.isValid()
                                       ? tr("First page of this listing fetched %1")
                                                 .arg(locale.toString(fetched, QLocale::LongFormat))
                                       : QString());
}

void MainWindow::resetWindowLayout()
{
    restoreState(m_defaultState, StateVersion);
    m_filterDock->show();
    m_detailDock->show();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray())) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        resize(std::min(1500, available.width() * 9 / 10),
               std::min(900, available.height() * 9 / 10));
    }
    restoreState(settings.value(StateKey).toByteArray(), StateVersion);
    m_table->restoreLayout(settings.value(HeaderKey).toByteArray());

    const QByteArray saved = settings.value(FiltersKey).toByteArray();
    if (!saved.isEmpty()) {
        QList<Core::FieldError> errors;
        const ListOpportunitiesRequest request = ListOpportunitiesRequest::fromJson(saved, &errors);
        if (errors.isEmpty() && request.validate().isEmpty()) {
            m_filters->setRequest(request);
            m_filters->apply();
        }
    }
    m_viewsMenu->applyStartView();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState(StateVersion));
    settings.setValue(HeaderKey, m_table->saveLayout());
    settings.setValue(FiltersKey, m_filters->appliedRequest().toJson());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_model->cancel();
    m_localCopy->cancelSync();
    event->accept();
}

} // namespace Pd::Gui
