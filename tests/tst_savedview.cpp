#include "savedview.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Pd::Core::AttentionView;
using Pd::Core::PipelineSelection;
using Pd::Core::SavedView;
using Pd::Core::SavedViews;

namespace {

SavedView sampleView()
{
    SavedView view;
    view.name = u"Closing in EMEA"_s;
    view.filters.catalog = u"AWS"_s;
    view.filters.lifeCycleStage = {u"Technical Validation"_s, u"Committed"_s};
    view.filters.customerCompanyName = {u"Acme, Inc."_s};
    view.filters.targetCloseDate.before = u"2026-06-30"_s;
    view.filters.lastModifiedDate.after = QDateTime(QDate(2026, 1, 1), QTime(), Qt::UTC);
    view.filters.sort = Pd::Core::OpportunitySort{u"TargetCloseDate"_s, u"ASCENDING"_s};
    view.localFilter = PipelineSelection::attention(AttentionView::Kind::Overdue);
    view.columns = {u"Id"_s, u"Customer.Account.CompanyName"_s, u"LifeCycle.Stage"_s};
    view.sortColumn = u"LifeCycle.Stage"_s;
    view.sortOrder = Qt::DescendingOrder;
    return view;
}

QByteArray fileWithView(const QByteArray &view, int version = 1)
{
    return "{\"version\": " + QByteArray::number(version) + ", \"view\": " + view + "}";
}

} // namespace

class tst_SavedView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void everyLocalFilterKind_data();
    void everyLocalFilterKind();
    void pagingIsNotSaved();
    void badFiles_data();
    void badFiles();
    void collectionOnDisk();
    void missingFileIsNoViews();
};

void tst_SavedView::roundTrip()
{
    const SavedView view = sampleView();
    QString error;
    const std::optional<SavedView> back = SavedView::fromFile(view.toFile(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, view);
    // The documented shape.
    const QJsonObject json = QJsonDocument::fromJson(view.toFile()).object();
    QCOMPARE(json.value("version"_L1).toInt(), 1);
    const QJsonObject saved = json.value("view"_L1).toObject();
    QCOMPARE(saved.value("filters"_L1).toObject().value("LifeCycleStage"_L1).toArray().size(), 2);
    QCOMPARE(saved.value("localFilter"_L1).toObject().value("view"_L1).toString(), u"overdue"_s);
    QCOMPARE(saved.value("sort"_L1).toObject().value("order"_L1).toString(), u"descending"_s);
}

void tst_SavedView::everyLocalFilterKind_data()
{
    using K = PipelineSelection::Kind;
    QTest::addColumn<PipelineSelection>("selection");
    QTest::newRow("none") << PipelineSelection{};
    QTest::newRow("stage and status")
            << PipelineSelection{K::StageAndReviewStatus, u"Qualified"_s, {}, {}, {}, {}};
    QTest::newRow("spend") << PipelineSelection{
            K::StageSpend, u"Committed"_s, {}, u"EUR"_s, {}, {}};
    QTest::newRow("close month") << PipelineSelection{K::CloseMonth, {}, {}, {}, u"2026-07"_s, {}};
    QTest::newRow("age") << PipelineSelection{K::Age, {}, {}, {}, u"91+"_s, {}};
    QTest::newRow("reason") << PipelineSelection{K::ClosedLostReason, {}, {}, {}, {}, u"Price"_s};
    QTest::newRow("attention") << PipelineSelection::attention(
            AttentionView::Kind::ClosingThisQuarter);
}

void tst_SavedView::everyLocalFilterKind()
{
    QFETCH(PipelineSelection, selection);
    SavedView view = sampleView();
    view.localFilter = selection;
    QString error;
    const std::optional<SavedView> back = SavedView::fromJson(view.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->localFilter, selection);
}

void tst_SavedView::pagingIsNotSaved()
{
    SavedView view = sampleView();
    view.filters.maxResults = 20;
    view.filters.nextToken = u"token"_s;
    const QJsonObject filters = view.toJson().value("filters"_L1).toObject();
    QVERIFY(!filters.contains("MaxResults"_L1));
    QVERIFY(!filters.contains("NextToken"_L1));
}

void tst_SavedView::badFiles_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("error");
    const QByteArray filters = R"("filters": {"Catalog": "AWS"})";
    QTest::newRow("not json") << QByteArray("{") << u"Not valid JSON"_s;
    QTest::newRow("not an object") << QByteArray("[]") << u"a JSON object is expected"_s;
    QTest::newRow("no version") << QByteArray(R"({"view": {}})") << u"\"version\" must be"_s;
    QTest::newRow("version as text")
            << QByteArray(R"({"version": "1", "view": {}})") << u"\"version\" must be"_s;
    QTest::newRow("future version") << fileWithView(R"({"name": "x", )" + filters + "}", 2)
                                    << u"newer PartnerDesk (format version 2)"_s;
    QTest::newRow("no view") << QByteArray(R"({"version": 1})") << u"\"view\" must be"_s;
    QTest::newRow("no name") << fileWithView("{" + filters + "}") << u"needs a name"_s;
    QTest::newRow("name of wrong type")
            << fileWithView(R"({"name": 3, )" + filters + "}") << u"needs a name"_s;
    QTest::newRow("no filters") << fileWithView(R"({"name": "x"})") << u"\"filters\" must be"_s;
    QTest::newRow("unknown stage") << fileWithView(
            R"({"name": "x", "filters": {"Catalog": "AWS", "LifeCycleStage": ["Won"]}})")
                                   << u"filters.LifeCycleStage[0]"_s;
    QTest::newRow("stage of wrong type") << fileWithView(
            R"({"name": "x", "filters": {"Catalog": "AWS", "LifeCycleStage": "Qualified"}})")
                                         << u"filters.LifeCycleStage"_s;
    QTest::newRow("no catalog") << fileWithView(R"({"name": "x", "filters": {}})")
                                << u"filters.Catalog"_s;
    QTest::newRow("bad date") << fileWithView(
            R"({"name": "x", "filters": {"Catalog": "AWS", "TargetCloseDate": )"
            R"({"AfterTargetCloseDate": "tomorrow"}}})")
                              << u"filters.TargetCloseDate.AfterTargetCloseDate"_s;
    QTest::newRow("columns not a list")
            << fileWithView(R"({"name": "x", )" + filters + R"(, "columns": "Id"})")
            << u"\"columns\" must be"_s;
    QTest::newRow("column not a string")
            << fileWithView(R"({"name": "x", )" + filters + R"(, "columns": ["Id", 2]})")
            << u"\"columns\" must be"_s;
    QTest::newRow("unknown local filter")
            << fileWithView(R"({"name": "x", )" + filters + R"(, "localFilter": {"kind": "mine"}})")
            << u"unknown kind \"mine\""_s;
    QTest::newRow("unknown attention view")
            << fileWithView(R"({"name": "x", )" + filters
                            + R"(, "localFilter": {"kind": "attention", "view": "urgent"}})")
            << u"unknown attention view \"urgent\""_s;
    QTest::newRow("local filter member of wrong type") << fileWithView(
            R"({"name": "x", )" + filters + R"(, "localFilter": {"kind": "age", "bucket": 7}})")
                                                       << u"\"bucket\" must be a string"_s;
    QTest::newRow("bad sort order") << fileWithView(
            R"({"name": "x", )" + filters + R"(, "sort": {"column": "Id", "order": "up"}})")
                                    << u"\"sort\" must be"_s;
}

void tst_SavedView::badFiles()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!SavedView::fromFile(file, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
}

void tst_SavedView::collectionOnDisk()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"config/views.json"_s);
    SavedViews views;
    SavedView first = sampleView();
    SavedView second = sampleView();
    second.name = u"Everything"_s;
    second.localFilter = {};
    views.put(first);
    views.put(second);
    views.setStartView(u"Everything"_s);
    QVERIFY(views.rename(u"Everything"_s, u"All of it"_s));
    QVERIFY(!views.rename(u"All of it"_s, first.name)); // taken
    QVERIFY(!views.rename(u"Nope"_s, u"Other"_s));
    QCOMPARE(views.startView(), u"All of it"_s);
    first.columns = {u"Id"_s};
    views.put(first); // replaces
    QCOMPARE(views.names(), (QStringList{first.name, u"All of it"_s}));
    QString error;
    QVERIFY2(views.save(path, &error), qPrintable(error));

    SavedViews loaded;
    QVERIFY2(loaded.load(path, &error), qPrintable(error));
    QCOMPARE(loaded.names(), views.names());
    QCOMPARE(loaded.startView(), u"All of it"_s);
    QCOMPARE(*loaded.find(first.name), first);

    loaded.remove(u"All of it"_s);
    QVERIFY(loaded.startView().isEmpty());
    QCOMPARE(loaded.names(), QStringList{first.name});

    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(R"({"version": 9, "views": []})");
    file.close();
    QVERIFY(!loaded.load(path, &error));
    QVERIFY2(error.contains(u"format version 9"_s), qPrintable(error));
}

void tst_SavedView::missingFileIsNoViews()
{
    QTemporaryDir dir;
    SavedViews views;
    QString error;
    QVERIFY(views.load(dir.filePath(u"views.json"_s), &error));
    QVERIFY(views.views().isEmpty());
}

QTEST_GUILESS_MAIN(tst_SavedView)
#include "tst_savedview.moc"
