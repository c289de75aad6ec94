#include "csvreader.h"
#include "csvwriter.h"
#include "detailsenrichment.h"
#include "emulatorserver.h"
#include "exportdialog.h"
#include "itemdatarole.h"
#include "mainwindow.h"
#include "opportunityexporter.h"
#include "opportunitymodel.h"
#include "opportunityproxymodel.h"
#include "opportunitytableview.h"
#include "opportunitytext.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Gui;
using Pd::Emulator::EmulatorOptions;
using Pd::Emulator::EmulatorServer;
using Scope = OpportunityExporter::Scope;
using Columns = OpportunityExporter::Columns;

namespace {

constexpr int WaitMs = 60000;

/// A main window browsing an emulator that runs on the test's thread.
struct Harness
{
    explicit Harness(const EmulatorOptions &o)
    {
        QString error;
        started = server.start(o, &error);
        if (!started) {
            qWarning("emulator: %s", qPrintable(error));
            return;
        }
        ClientConfig config;
        config.endpoint = server.endpoint();
        config.retry.maxAttempts = 1;
        config.maxRequestsPerSecond = 0;
        // Exports compare with the table: no titles arriving in between.
        window.detailsEnrichment()->setFetching(false);
        window.setConnection(
                config,
                std::make_shared<StaticCredentialsProvider>(server.credentials(), u"test"_s),
                u"test"_s);
        window.resize(1300, 800);
        window.show();
        started = QTest::qWaitForWindowExposed(&window)
                  && QTest::qWaitFor([this] { return model()->rowCount() > 0; }, WaitMs);
    }

    OpportunityModel *model() const { return window.model(); }
    OpportunityProxyModel *proxy() const { return window.proxyModel(); }
    OpportunityTableView *table() const { return window.tableView(); }

    /// The table's rows in view order, `fields` as raw API values.
    /// The raw cells of these table columns, in the proxy's order.
    QList<QStringList> tableContent(const QList<int> &columns) const
    {
        QList<QStringList> rows;
        for (int row = 0; row < proxy()->rowCount(); ++row) {
            QStringList cells;
            for (const int column : columns) {
                cells += proxy()->index(row, column).data(RawValueRole).toString();
            }
            rows += cells;
        }
        return rows;
    }
    QList<QStringList> tableContent(const QList<OpportunityField> &fields) const
    {
        QList<QStringList> rows;
        for (int row = 0; row < proxy()->rowCount(); ++row) {
            QStringList cells;
            for (const OpportunityField field : fields) {
                cells += proxy()->index(row, OpportunityModel::columnOf(field))
                                 .data(RawValueRole)
                                 .toString();
            }
            rows += cells;
        }
        return rows;
    }

    EmulatorServer server;
    MainWindow window;
    bool started = false;
};

EmulatorOptions options(int count, int latencyMs = 0)
{
    EmulatorOptions o;
    o.count = count;
    o.sandboxCount = 20;
    o.seed = 7;
    o.latencyMs = latencyMs;
    return o;
}

QStringList names(const QList<OpportunityField> &fields)
{
    QStringList list;
    for (const OpportunityField field : fields) {
        list += OpportunityFields::name(field);
    }
    return list;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<QStringList> parseCsv(const QByteArray &data)
{
    QList<QStringList> records;
    QString error;
    if (!CsvReader::parse(data, &records, &error)) {
        qWarning("CSV: %s", qPrintable(error));
        return {};
    }
    return records;
}

/// Runs the exporter to its end and returns its final state.
OpportunityExporter::State runExport(OpportunityExporter *exporter,
                                     const OpportunityExporter::Options &options)
{
    QSignalSpy finished(exporter, &OpportunityExporter::finished);
    exporter->start(options);
    if (!finished.wait(WaitMs)) {
        return OpportunityExporter::State::Idle;
    }
    return exporter->state();
}

QString cellAsWritten(const QString &raw)
{
    return CsvWriter::looksLikeFormula(raw) ? u"'"_s + raw : raw;
}

} // namespace

class tst_Export : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void exportAllRows_loadsEveryPageAndMatchesTheTable();
    void defaultExport_isByteIdenticalToCli();
    void defaultExportColumns_matchCliHeader();
    void visibleColumns_followViewOrderSortAndQuickFilter();
    void selectedRows_inViewOrder();
    void options_bomAndDisplayedHeadersAndRawFormulas();
    void cancelWhileLoading_writesNothingAndKeepsExistingFile();
    void cancelWhileWriting_keepsExistingFile();
    void failedPage_writesNothing();
    void unwritablePath_failsAtOnceWithClearError();
    void suggestedFileName_recordsCatalogFiltersAndDate_data();
    void suggestedFileName_recordsCatalogFiltersAndDate();
    void dialog_exportsWithTheChosenOptions();
    void dialog_cancelFromProgressDialog();

private:
    QTemporaryDir m_dir;
};

void tst_Export::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_Export::init()
{
    QSettings().clear();
}

void tst_Export::exportAllRows_loadsEveryPageAndMatchesTheTable()
{
    Harness h(options(450));
    QVERIFY(h.started);
    QVERIFY(h.model()->hasMore());
    QCOMPARE(h.model()->rowCount(), OpportunityModel::DefaultPageSize);

    const QString outDir = QStringLiteral(PD_BINARY_DIR) + u"/tests/export"_s;
    QVERIFY(QDir().mkpath(outDir));
    OpportunityExporter exporter(h.table());
    QSignalSpy loading(&exporter, &OpportunityExporter::loadingProgress);
    OpportunityExporter::Options raw;
    raw.path = outDir + u"/table.csv"_s;
    raw.scope = Scope::AllRows;
    raw.neutralizeFormulas = false;
    QCOMPARE(runExport(&exporter, raw), OpportunityExporter::State::Succeeded);
    QVERIFY(!loading.isEmpty());
    QVERIFY(!h.model()->hasMore());
    QCOMPARE(h.model()->rowCount(), 450);
    QCOMPARE(exporter.rowsWritten(), 450);

    const QList<OpportunityField> fields = OpportunityFields::all();
    const QList<QStringList> table = h.tableContent(fields);
    QList<QStringList> records = parseCsv(readAll(raw.path));
    QCOMPARE(records.size(), 451);
    QCOMPARE(records.takeFirst(), names(fields));
    QCOMPARE(records, table);

    // The default export neutralises formulas: the same rows, with a quote before formulas.
    OpportunityExporter::Options defaults;
    defaults.path = outDir + u"/default.csv"_s;
    QCOMPARE(runExport(&exporter, defaults), OpportunityExporter::State::Succeeded);
    QList<QStringList> neutralised = parseCsv(readAll(defaults.path));
    QCOMPARE(neutralised.size(), 451);
    neutralised.removeFirst();
    int formulas = 0;
    for (int row = 0; row < table.size(); ++row) {
        for (int column = 0; column < fields.size(); ++column) {
            const QString &cell = table.at(row).at(column);
            formulas += CsvWriter::looksLikeFormula(cell) ? 1 : 0;
            QCOMPARE(neutralised.at(row).at(column), cellAsWritten(cell));
        }
    }
    QVERIFY2(formulas > 0, "the demo data should carry formula-like cells");

    // The table's content for the Python check (tests/export_check.py).
    QJsonArray rows;
    for (const QStringList &row : table) {
        rows.append(QJsonArray::fromStringList(row));
    }
    QFile json(outDir + u"/table.json"_s);
    QVERIFY(json.open(QIODevice::WriteOnly | QIODevice::Truncate));
    json.write(QJsonDocument(QJsonObject{{u"header"_s, QJsonArray::fromStringList(names(fields))},
                                         {u"rows"_s, rows}})
                       .toJson(QJsonDocument::Compact));
}

void tst_Export::defaultExport_isByteIdenticalToCli()
{
    // The CLI's --demo serves the default emulator data set; so does this one.
    Harness h{EmulatorOptions()};
    QVERIFY(h.started);
    QProcess cli;
    cli.start(QStringLiteral(PD_CLI_PATH),
              {u"list-opportunities"_s, u"--demo"_s, u"--output"_s, u"csv"_s, u"--catalog"_s,
               u"AWS"_s, u"--sort"_s, u"SortBy=LastModifiedDate,SortOrder=DESCENDING"_s});
    QVERIFY(cli.waitForFinished(WaitMs));
    QCOMPARE(cli.exitCode(), 0);
    const QByteArray expected = cli.readAllStandardOutput();
    QVERIFY(expected.size() > 100000);

    OpportunityExporter exporter(h.table());
    OpportunityExporter::Options defaults;
    defaults.path = m_dir.filePath(u"cli-compare.csv"_s);
    QCOMPARE(runExport(&exporter, defaults), OpportunityExporter::State::Succeeded);
    QCOMPARE(exporter.rowsWritten(), EmulatorOptions().count);
    const QByteArray actual = readAll(defaults.path);
    QCOMPARE(actual.size(), expected.size());
    QVERIFY(actual == expected);
}

void tst_Export::defaultExportColumns_matchCliHeader()
{
    Harness h(options(30));
    QVERIFY(h.started);
    // Whatever the table shows, the default export has the CLI's columns.
    h.table()->horizontalHeader()->hideSection(OpportunityModel::columnOf(OpportunityField::Id));
    h.table()->horizontalHeader()->moveSection(5, 1);

    QProcess cli;
    cli.start(QStringLiteral(PD_CLI_PATH), {u"list-opportunities"_s, u"--demo"_s, u"--output"_s,
                                            u"csv"_s, u"--max-items"_s, u"1"_s});
    QVERIFY(cli.waitForFinished(WaitMs));
    QCOMPARE(cli.exitCode(), 0);
    const QList<QStringList> cliRecords = parseCsv(cli.readAllStandardOutput());
    QVERIFY(!cliRecords.isEmpty());

    OpportunityExporter exporter(h.table());
    OpportunityExporter::Options defaults;
    defaults.path = m_dir.filePath(u"header.csv"_s);
    QCOMPARE(defaults.columns, Columns::AllFields);
    QCOMPARE(runExport(&exporter, defaults), OpportunityExporter::State::Succeeded);
    const QList<QStringList> records = parseCsv(readAll(defaults.path));
    QVERIFY(!records.isEmpty());
    QCOMPARE(records.constFirst(), cliRecords.constFirst());
}

void tst_Export::visibleColumns_followViewOrderSortAndQuickFilter()
{
    Harness h(options(150));
    QVERIFY(h.started);
    QHeaderView *header = h.table()->horizontalHeader();
    const int stage = OpportunityModel::columnOf(OpportunityField::Stage);
    const int company = OpportunityModel::columnOf(OpportunityField::CompanyName);
    const int city = OpportunityModel::columnOf(OpportunityField::City);
    header->hideSection(OpportunityModel::columnOf(OpportunityField::LastModifiedDate));
    header->showSection(city);
    header->moveSection(header->visualIndex(stage), 0);
    header->moveSection(header->visualIndex(city), 1);
    // A local sort (city is not an API sort key) and a quick filter.
    h.table()->sortByColumn(city, Qt::AscendingOrder);
    QVERIFY(h.proxy()->isClientSorted());
    h.proxy()->setQuickFilter(u"Qualified"_s);
    QVERIFY(h.proxy()->rowCount() > 0);
    QVERIFY(h.proxy()->rowCount() < h.model()->rowCount());

    QList<int> expectedColumns;
    QStringList expectedNames;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical)) {
            expectedColumns += logical;
            expectedNames
                    += h.model()->headerData(logical, Qt::Horizontal, RawValueRole).toString();
        }
    }
    QCOMPARE(expectedColumns.value(0), stage);
    QCOMPARE(expectedColumns.value(1), city);
    QVERIFY(!expectedColumns.contains(
            OpportunityModel::columnOf(OpportunityField::LastModifiedDate)));
    QVERIFY(expectedColumns.contains(company));
    // The detail columns are exported like the others, by their English names.
    QVERIFY(expectedNames.contains(u"Title"_s));
    QVERIFY(expectedNames.contains(u"Owner"_s));

    OpportunityExporter exporter(h.table());
    OpportunityExporter::Options visible;
    visible.path = m_dir.filePath(u"visible.csv"_s);
    visible.scope = Scope::LoadedRows;
    visible.columns = Columns::VisibleColumns;
    visible.neutralizeFormulas = false;
    QCOMPARE(runExport(&exporter, visible), OpportunityExporter::State::Succeeded);
    QList<QStringList> records = parseCsv(readAll(visible.path));
    QCOMPARE(records.takeFirst(), expectedNames);
    QCOMPARE(records, h.tableContent(expectedColumns));
    QStringList cities;
    for (const QStringList &record : std::as_const(records)) {
        cities += record.at(1);
    }
    QStringList sorted = cities;
    std::stable_sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        return QString::compare(a, b, Qt::CaseInsensitive) < 0;
    });
    QCOMPARE(cities, sorted);
}

void tst_Export::selectedRows_inViewOrder()
{
    Harness h(options(60));
    QVERIFY(h.started);
    QItemSelectionModel *selection = h.table()->selectionModel();
    selection->clearSelection();
    for (const int row : {7, 2, 30}) {
        selection->select(h.proxy()->index(row, 0),
                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    OpportunityExporter exporter(h.table());
    OpportunityExporter::Options selected;
    selected.path = m_dir.filePath(u"selected.csv"_s);
    selected.scope = Scope::SelectedRows;
    selected.neutralizeFormulas = false;
    QCOMPARE(runExport(&exporter, selected), OpportunityExporter::State::Succeeded);
    QList<QStringList> records = parseCsv(readAll(selected.path));
    QCOMPARE(records.size(), 4);
    records.removeFirst();
    const QList<QStringList> table = h.tableContent(OpportunityFields::all());
    QCOMPARE(records, (QList<QStringList>{table.at(2), table.at(7), table.at(30)}));
}

void tst_Export::options_bomAndDisplayedHeadersAndRawFormulas()
{
    Harness h(options(40));
    QVERIFY(h.started);
    OpportunityExporter exporter(h.table());
    OpportunityExporter::Options chosen;
    chosen.path = m_dir.filePath(u"options.csv"_s);
    chosen.scope = Scope::LoadedRows;
    chosen.columns = Columns::VisibleColumns;
    chosen.byteOrderMark = true;
    chosen.displayedHeaders = true;
    QCOMPARE(runExport(&exporter, chosen), OpportunityExporter::State::Succeeded);
    const QByteArray data = readAll(chosen.path);
    QVERIFY(data.startsWith("\xEF\xBB\xBF"));
    QVERIFY(data.contains("\r\n"));
    const QList<QStringList> records = parseCsv(data);
    const QList<int> columns = OpportunityExporter::columnsFor(h.table()->horizontalHeader(),
                                                               Columns::VisibleColumns);
    QStringList titles;
    for (const int column : columns) {
        titles += h.model()->headerData(column, Qt::Horizontal).toString();
    }
    QCOMPARE(records.constFirst(), titles);
    QCOMPARE(records.size(), 41);
}

void tst_Export::cancelWhileLoading_writesNothingAndKeepsExistingFile()
{
    Harness h(options(800, 60));
    QVERIFY(h.started);
    const QString path = m_dir.filePath(u"existing.csv"_s);
    const QByteArray original = "an existing file\r\nthat must survive\r\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(original);
    }
    const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);

    OpportunityExporter exporter(h.table());
    QSignalSpy loading(&exporter, &OpportunityExporter::loadingProgress);
    QSignalSpy finished(&exporter, &OpportunityExporter::finished);
    OpportunityExporter::Options all;
    all.path = path;
    all.scope = Scope::AllRows;
    exporter.start(all);
    QCOMPARE(exporter.state(), OpportunityExporter::State::Loading);
    QVERIFY(loading.wait(WaitMs));
    exporter.cancel();
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(exporter.state(), OpportunityExporter::State::Cancelled);
    QCOMPARE(exporter.rowsWritten(), 0);
    QVERIFY(h.model()->hasMore());
    QVERIFY(!h.model()->isLoadingAll());
    QCOMPARE(readAll(path), original);
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before); // no temporary file left
}

void tst_Export::cancelWhileWriting_keepsExistingFile()
{
    Harness h(options(3 * OpportunityExporter::ChunkRows / 2));
    QVERIFY(h.started);
    h.model()->loadAll();
    QVERIFY(QTest::qWaitFor([&h] { return !h.model()->hasMore(); }, WaitMs));
    const QString path = m_dir.filePath(u"existing-writing.csv"_s);
    const QByteArray original = "keep me\r\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(original);
    }
    OpportunityExporter exporter(h.table());
    QSignalSpy finished(&exporter, &OpportunityExporter::finished);
    // Cancel as soon as the first chunk is written.
    connect(&exporter, &OpportunityExporter::writingProgress, &exporter, [&exporter](int written) {
        if (written > 0) {
            exporter.cancel();
        }
    });
    OpportunityExporter::Options loaded;
    loaded.path = path;
    loaded.scope = Scope::LoadedRows;
    exporter.start(loaded);
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(exporter.state(), OpportunityExporter::State::Cancelled);
    QCOMPARE(readAll(path), original);
}

void tst_Export::failedPage_writesNothing()
{
    Harness h(options(500));
    QVERIFY(h.started);
    const QString path = m_dir.filePath(u"failed.csv"_s);
    QVERIFY(!QFile::exists(path));
    h.server.failNext(1, 500, u"InternalServerException"_s);
    OpportunityExporter exporter(h.table());
    OpportunityExporter::Options all;
    all.path = path;
    all.scope = Scope::AllRows;
    QCOMPARE(runExport(&exporter, all), OpportunityExporter::State::Failed);
    QVERIFY2(exporter.errorString().contains(u"nothing was written"_s),
             qPrintable(exporter.errorString()));
    QVERIFY(!QFile::exists(path));
    QCOMPARE(h.model()->rowCount(), OpportunityModel::DefaultPageSize); // loaded rows stay
}

void tst_Export::unwritablePath_failsAtOnceWithClearError()
{
    Harness h(options(300));
    QVERIFY(h.started);
    const int requests = h.server.requestCount();
    // A path below a regular file: no directory can be created there, not even by root.
    const QString blocker = m_dir.filePath(u"not-a-directory"_s);
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("x");
    }
    OpportunityExporter exporter(h.table());
    QSignalSpy finished(&exporter, &OpportunityExporter::finished);
    OpportunityExporter::Options all;
    all.path = blocker + u"/out.csv"_s;
    all.scope = Scope::AllRows;
    exporter.start(all);
    QCOMPARE(finished.size(), 0); // always from the event loop
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(exporter.state(), OpportunityExporter::State::Failed);
    QVERIFY2(exporter.errorString().contains(all.path), qPrintable(exporter.errorString()));
    QVERIFY2(exporter.errorString().contains(u"cannot be written"_s),
             qPrintable(exporter.errorString()));
    QCOMPARE(h.server.requestCount(), requests); // nothing loaded for nothing
    QCOMPARE(readAll(blocker), QByteArray("x"));

    // An existing directory in place of the file: refused, and the directory stays.
    const QString directory = m_dir.filePath(u"a-directory.csv"_s);
    QVERIFY(QDir().mkpath(directory));
    all.path = directory;
    QCOMPARE(runExport(&exporter, all), OpportunityExporter::State::Failed);
    QVERIFY(QFileInfo(directory).isDir());
}

void tst_Export::suggestedFileName_recordsCatalogFiltersAndDate_data()
{
    QTest::addColumn<QByteArray>("requestJson");
    QTest::addColumn<QString>("quickFilter");
    QTest::addColumn<QString>("expected");

    QTest::newRow("catalog only") << QByteArray(R"({"Catalog":"AWS"})") << QString()
                                  << u"partnerdesk-AWS-2026-11-24.csv"_s;
    QTest::newRow("stage") << QByteArray(R"({"Catalog":"AWS","LifeCycleStage":["Qualified"]})")
                           << QString() << u"partnerdesk-AWS-stage-Qualified-2026-11-24.csv"_s;
    QTest::newRow("sandbox, stages and review")
            << QByteArray(R"({"Catalog":"Sandbox","LifeCycleStage":["Technical Validation",)"
                          R"("Committed"],"LifeCycleReviewStatus":["In review"]})")
            << QString()
            << u"partnerdesk-Sandbox-stage-TechnicalValidation+Committed-review-Inreview-"
               "2026-11-24.csv"_s;
    QTest::newRow("many values") << QByteArray(
            R"({"Catalog":"AWS","Identifier":["O1","O2","O3","O4","O5"]})")
                                 << QString()
                                 << u"partnerdesk-AWS-id-O1+O2+O3+more-2026-11-24.csv"_s;
    QTest::newRow("dates")
            << QByteArray(R"({"Catalog":"AWS","CreatedDate":{"AfterCreatedDate":)"
                          R"("2026-01-01T00:00:00Z"},"TargetCloseDate":{"AfterTargetCloseDate":)"
                          R"("2026-03-01","BeforeTargetCloseDate":"2026-06-30"}})")
            << QString()
            << u"partnerdesk-AWS-created-from-2026-01-01-close-2026-03-01-to-2026-06-30-"
               "2026-11-24.csv"_s;
    QTest::newRow("company names and quick filter")
            << QByteArray(
                       R"({"Catalog":"AWS","CustomerCompanyName":["Acme / Co.","株式会社テスト"]})")
            << u"  berlin  "_s
            << u"partnerdesk-AWS-company-AcmeCo+株式会社テスト-matching-berlin-2026-11-24.csv"_s;
}

void tst_Export::suggestedFileName_recordsCatalogFiltersAndDate()
{
    QFETCH(QByteArray, requestJson);
    QFETCH(QString, quickFilter);
    QFETCH(QString, expected);
    QList<FieldError> errors;
    const ListOpportunitiesRequest request
            = ListOpportunitiesRequest::fromJson(requestJson, &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(OpportunityExporter::suggestedFileName(request, quickFilter, QDate(2026, 11, 24)),
             expected);
}

void tst_Export::dialog_exportsWithTheChosenOptions()
{
    Harness h(options(250));
    QVERIFY(h.started);
    ExportDialog dialog(h.table(), &h.window);
    auto *path = dialog.findChild<QLineEdit *>(u"exportPath"_s);
    QVERIFY(path);
    // The suggestion names catalog and date, in a writable folder.
    QVERIFY2(QFileInfo(path->text()).fileName().startsWith(u"partnerdesk-AWS-"_s),
             qPrintable(path->text()));
    QVERIFY(path->text().endsWith(QDate::currentDate().toString(Qt::ISODate) + u".csv"_s));
    QVERIFY(dialog.findChild<QRadioButton *>(u"allRows"_s)->isChecked());
    QVERIFY(dialog.findChild<QRadioButton *>(u"allFields"_s)->isChecked());
    QVERIFY(dialog.findChild<QCheckBox *>(u"neutralizeFormulas"_s)->isChecked());
    QVERIFY(!dialog.findChild<QCheckBox *>(u"byteOrderMark"_s)->isChecked());
    QVERIFY(!dialog.findChild<QCheckBox *>(u"displayedHeaders"_s)->isChecked());

    const QString file = m_dir.filePath(u"dialog.csv"_s);
    path->setText(file);
    dialog.findChild<QRadioButton *>(u"loadedRows"_s)->setChecked(true);
    dialog.findChild<QCheckBox *>(u"byteOrderMark"_s)->setChecked(true);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    dialog.open();
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"exportButton"_s), Qt::LeftButton);
    QVERIFY(exported.wait(WaitMs));
    QCOMPARE(exported.constFirst().at(0).toString(), file);
    QCOMPARE(exported.constFirst().at(1).toInt(), OpportunityModel::DefaultPageSize);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(readAll(file).startsWith("\xEF\xBB\xBF"
                                     "Id,Catalog,"));
    QVERIFY(h.model()->hasMore()); // loaded rows only: nothing more was fetched

    // The choices are remembered.
    ExportDialog again(h.table(), &h.window);
    QVERIFY(again.findChild<QRadioButton *>(u"loadedRows"_s)->isChecked());
    QVERIFY(again.findChild<QCheckBox *>(u"byteOrderMark"_s)->isChecked());
    QVERIFY(again.findChild<QLineEdit *>(u"exportPath"_s)->text().startsWith(m_dir.path()));
}

void tst_Export::dialog_cancelFromProgressDialog()
{
    Harness h(options(900, 80));
    QVERIFY(h.started);
    const QString file = m_dir.filePath(u"dialog-cancel.csv"_s);
    ExportDialog dialog(h.table(), &h.window);
    dialog.findChild<QLineEdit *>(u"exportPath"_s)->setText(file);
    dialog.findChild<QRadioButton *>(u"allRows"_s)->setChecked(true);
    QSignalSpy cancelled(&dialog, &ExportDialog::exportCancelled);
    QSignalSpy loading(dialog.exporter(), &OpportunityExporter::loadingProgress);
    dialog.open();
    dialog.accept();
    QVERIFY(dialog.progressDialog());
    QVERIFY(loading.wait(WaitMs));
    auto *cancel = dialog.progressDialog()->findChild<QPushButton *>();
    QVERIFY(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(cancelled.wait(WaitMs));
    QVERIFY(!QFile::exists(file));
    QVERIFY(QDir(m_dir.path()).entryList({u"dialog-cancel*"_s}, QDir::Files).isEmpty());
}

QTEST_MAIN(tst_Export)
#include "tst_export.moc"
