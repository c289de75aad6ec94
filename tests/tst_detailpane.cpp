// DetailPane with its DetailsLoader against the emulator over loopback: details kept in a real
// SQLite store fill the pane at once with no request; 50 quick selections send the calls of
// the last one only; a denied GetOpportunity names the IAM action in its section while the
// rest keeps working; no AWS summary is said calmly; people get mailto links.
#include "awsclient.h"
#include "detailpane.h"
#include "detailsections.h"
#include "detailsloader.h"
#include "emulatorserver.h"
#include "getawsopportunitysummary.h"
#include "getopportunity.h"
#include "listopportunitiescall.h"
#include "nothinghappens.h"
#include "opportunitydetailsstore.h"
#include "opportunitystoredb.h"

#include <QApplication>
#include <QLabel>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;
namespace Shapes = Pd::Core::Shapes;
using Pd::Gui::DetailPane;
using Pd::Test::nothingHappens;

class tst_DetailPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void keptDetailsFillThePaneWithNoRequest();
    void quickSelectionsSendOnlyTheLastOnesCalls();
    void deniedDetailsNameTheIamAction();
    void noAwsSummaryIsSaidCalmly();
    void longValuesFitTheDockWidth();

private:
    void startServer(const QStringList &denied = {});
    QList<OpportunitySummary> list();
    int sent() const { return m_sent.size(); }

    std::unique_ptr<EmulatorServer> m_server;
    std::unique_ptr<AwsClient> m_client;
    QStringList m_sent;
};

void tst_DetailPane::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_sent.clear();
}

void tst_DetailPane::startServer(const QStringList &denied)
{
    EmulatorOptions options;
    options.secretKey = u"detail-pane-test"_s;
    options.count = 60;
    options.sandboxCount = 0;
    options.deniedOperations = denied;
    m_server = std::make_unique<EmulatorServer>();
    QString problem;
    QVERIFY2(m_server->start(options, &problem), qPrintable(problem));
    ClientConfig config;
    config.endpoint = m_server->endpoint();
    config.retry.maxAttempts = 1;
    m_client = std::make_unique<AwsClient>(
            config, std::make_shared<StaticCredentialsProvider>(m_server->credentials(), u"t"_s));
    connect(m_client.get(), &AwsClient::requestSent, this,
            [this](const QString &operation) { m_sent += operation; });
}

QList<OpportunitySummary> tst_DetailPane::list()
{
    ListOpportunitiesRequest request;
    request.catalog = u"AWS"_s;
    request.maxResults = 100;
    ListOpportunitiesCall call(m_client.get(), request);
    QSignalSpy finished(&call, &OperationCall::finished);
    call.start();
    [&] { QVERIFY(finished.wait()); }();
    [&] { QVERIFY2(!call.error().isError(), qPrintable(call.errorString())); }();
    return call.response().opportunitySummaries;
}

void tst_DetailPane::keptDetailsFillThePaneWithNoRequest()
{
    startServer();
    const QList<OpportunitySummary> summaries = list();
    QTemporaryDir dir;
    OpportunityStoreDb db;
    QString error;
    QVERIFY2(db.open(dir.filePath(u"s.sqlite"_s),
                     StoreKey{u"AKID"_s, m_server->endpoint().toString(), u"AWS"_s}, &error),
             qPrintable(error));
    OpportunityDetailsStore kept;
    kept.setStore(&db);

    // Fetch and keep the details of one opportunity, as the pane or the queue would.
    const OpportunitySummary &s = summaries.at(3);
    {
        DetailsLoader fetcher(&kept);
        fetcher.setClient(m_client.get());
        fetcher.setDebounceMs(0);
        QSignalSpy details(&fetcher, &DetailsLoader::detailsReady);
        QSignalSpy aws(&fetcher, &DetailsLoader::awsSummaryReady);
        QSignalSpy awsFailed(&fetcher, &DetailsLoader::awsSummaryFailed);
        fetcher.show(s.id, s.lastModifiedDate);
        QTRY_VERIFY(details.size() == 1 && aws.size() + awsFailed.size() == 1);
        QCOMPARE(awsFailed.size(), 0);
    }
    const int before = sent();

    // A new session on the same file.
    OpportunityDetailsStore reopened;
    reopened.setStore(&db);
    DetailsLoader loader(&reopened);
    loader.setClient(m_client.get());
    DetailPane pane;
    pane.setDetailsLoader(&loader);
    pane.setOpportunity(s);
    const GetOpportunityResponse expected = *reopened.details(s.id, s.lastModifiedDate);
    QVERIFY(!expected.project->title.isEmpty());
    // The table's brief comes from the columns kept beside the answer.
    QCOMPARE(reopened.brief(s.id, s.lastModifiedDate)->title, expected.project->title);
    QCOMPARE(reopened.brief(s.id).owner, OpportunityDetailsStore::ownerOf(expected));
    // Filled before setOpportunity() returned.
    QCOMPARE(pane.headingText(), expected.project->title);
    QCOMPARE(pane.sections()->valueText(u"businessProblem"_s),
             expected.project->customerBusinessProblem);
    QVERIFY(!pane.sections()->valueText(u"team"_s).isEmpty());
    QVERIFY(pane.sections()->valueHtml(u"team"_s).contains(u"href=\"mailto:"_s));
    QVERIFY(!pane.sections()->valueText(u"nextStepsHistory"_s).isEmpty());
    QVERIFY(!pane.sections()->valueText(u"engagementScore"_s).isEmpty()
            || !pane.sections()->valueText(u"involvementType"_s).isEmpty());
    QCOMPARE(pane.sections()->valueText(u"detailsStatus"_s), QString());
    QVERIFY(nothingHappens(loader.debounceMs() + 250, [&] { return sent() > before; }));
    QCOMPARE(loader.callsStarted(), 0);

    // Another version of the same opportunity is not taken from the kept answer.
    OpportunitySummary changed = s;
    changed.lastModifiedDate = u"2030-01-01T00:00:00Z"_s;
    pane.setOpportunity(changed);
    QVERIFY(pane.sections()->valueText(u"detailsStatus"_s).startsWith(u"Loading"_s));
}

void tst_DetailPane::quickSelectionsSendOnlyTheLastOnesCalls()
{
    startServer();
    const QList<OpportunitySummary> summaries = list();
    const int before = sent();
    OpportunityDetailsStore kept;
    DetailsLoader loader(&kept);
    loader.setClient(m_client.get());
    DetailPane pane;
    pane.setDetailsLoader(&loader);
    QSignalSpy ready(&loader, &DetailsLoader::detailsReady);
    // Arrowing through 50 rows, the events of each handled, then resting on the last.
    for (int i = 0; i < 50; ++i) {
        pane.setOpportunity(summaries.at(i));
        QCoreApplication::processEvents();
    }
    QVERIFY(ready.wait());
    QCOMPARE(ready.constLast().at(0).toString(), summaries.at(49).id);
    QTRY_COMPARE(sent() - before, 2);
    QVERIFY(nothingHappens(loader.debounceMs() + 250, [&] { return sent() - before > 2; }));
    QCOMPARE(m_sent.mid(before).count(u"GetOpportunity"_s), 1);
    QCOMPARE(pane.headingText(),
             kept.details(summaries.at(49).id, summaries.at(49).lastModifiedDate)->project->title);
}

void tst_DetailPane::deniedDetailsNameTheIamAction()
{
    startServer({u"GetOpportunity"_s});
    const QList<OpportunitySummary> summaries = list();
    OpportunityDetailsStore kept;
    DetailsLoader loader(&kept);
    loader.setClient(m_client.get());
    DetailPane pane;
    pane.setDetailsLoader(&loader);
    pane.setOpportunity(summaries.at(0));
    QTRY_VERIFY(pane.sections()
                        ->valueText(u"detailsStatus"_s)
                        .contains(u"partnercentral:GetOpportunity"_s));
    // The summary fields are there, and the AWS side is loaded on its own.
    QCOMPARE(pane.valueText(u"id"_s), summaries.at(0).id);
    QTRY_VERIFY(!pane.sections()->valueText(u"awsStatus"_s).startsWith(u"Loading"_s));
    QVERIFY(!pane.sections()->valueText(u"awsStatus"_s).contains(u"partnercentral"_s));
    // Browsing goes on: another row shows at once, and listing still works.
    pane.setOpportunity(summaries.at(1));
    QCOMPARE(pane.valueText(u"id"_s), summaries.at(1).id);
    QCOMPARE(list().size(), 60);
}

void tst_DetailPane::noAwsSummaryIsSaidCalmly()
{
    startServer();
    const QList<OpportunitySummary> summaries = list();
    OpportunityDetailsStore kept;
    DetailsLoader loader(&kept);
    loader.setClient(m_client.get());
    loader.setDebounceMs(0);
    DetailPane pane;
    pane.setDetailsLoader(&loader);
    // Some opportunities of the emulator's dataset have no AWS summary yet.
    bool found = false;
    for (qsizetype i = 0; i < summaries.size() && !found; ++i) {
        QSignalSpy aws(&loader, &DetailsLoader::awsSummaryReady);
        pane.setOpportunity(summaries.at(i));
        QVERIFY(aws.wait());
        found = !aws.constFirst().at(1).value<OpportunityDetailsStore::AwsSummary>().exists;
    }
    QVERIFY(found);
    QCOMPARE(pane.sections()->valueText(u"awsStatus"_s), u"No AWS summary yet."_s);
}

void tst_DetailPane::longValuesFitTheDockWidth()
{
    OpportunitySummary s;
    s.catalog = u"AWS"_s;
    s.id = u"O1234567"_s;
    s.arn = u"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/O1234567"_s
            + QString(60, u'x');
    s.lastModifiedDate = u"2026-01-01T00:00:00Z"_s;
    s.stage = u"Technical Validation"_s;
    s.companyName = u"Example Holdings International Consolidated Enterprises Incorporated"_s;
    s.websiteUrl = u"https://www.example-holdings-international-consolidated.example.com/about"_s;
    s.reviewComments
            = u"The customer business problem and the use case need more detail. "_s.repeated(3);
    s.expectedCustomerSpend = {{u"12345678.90"_s, u"USD"_s, u"Monthly"_s, u"AWS"_s,
                                u"https://calculator.aws/#/estimate?id="_s + QString(80, u'e')}};
    GetOpportunityResponse details;
    details.id = s.id;
    details.lastModifiedDate = s.lastModifiedDate;
    details.project = Shapes::Project{};
    details.project->title
            = u"Generative AI assistant for Example Holdings International "_s.repeated(5).left(
                    255);
    QCOMPARE(details.project->title.size(), 255);
    OpportunityDetailsStore kept;
    kept.keepDetails(details);
    kept.keepAwsSummary(s.id, s.lastModifiedDate, nullptr);
    DetailsLoader loader(&kept);

    DetailPane pane;
    pane.setDetailsLoader(&loader);
    pane.resize(pane.fontMetrics().averageCharWidth() * 48, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.setOpportunity(s);
    QCOMPARE(pane.headingText(), details.project->title);
    // The layout requests the change of contents posted.
    QCoreApplication::sendPostedEvents();

    const auto *scroll = pane.findChild<QScrollArea *>(u"detailScroll"_s);
    QVERIFY(scroll);
    const int viewport = scroll->viewport()->width();
    QVERIFY2(scroll->widget()->width() <= viewport,
             qPrintable(u"content %1 px, viewport %2 px"_s.arg(scroll->widget()->width())
                                .arg(viewport)));
    for (const QLabel *label : scroll->widget()->findChildren<QLabel *>()) {
        if (label->isVisibleTo(scroll->widget())) {
            const QRect shown(label->mapTo(scroll->viewport(), QPoint()), label->size());
            QVERIFY2(label->minimumSizeHint().width() <= viewport,
                     qPrintable(u"%1 (%2) needs %3 px, viewport %4 px"_s
                                        .arg(label->objectName(), label->text().left(30))
                                        .arg(label->minimumSizeHint().width())
                                        .arg(viewport)));
            QVERIFY2(shown.right() < viewport,
                     qPrintable(u"%1 (%2) reaches x = %3, viewport %4 px"_s
                                        .arg(label->objectName(), label->text().left(30))
                                        .arg(shown.right())
                                        .arg(viewport)));
        }
    }
}

QTEST_MAIN(tst_DetailPane)
#include "tst_detailpane.moc"
