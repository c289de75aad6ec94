#include "clicommands.h"
#include "pipelineoptions.h"
#include "storecommandoptions.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Pd::Core::CliCommands;
using Pd::Core::PipelineOptions;
using Pd::Core::StoreCommandOptions;

namespace {

/// The fields of the completion lines whose first field is `kind`, from `words`.
QList<QStringList> lines(const QString &words, const QString &kind)
{
    QList<QStringList> found;
    for (const QString &line : words.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList fields = line.split(u'\t');
        if (fields.at(0) == kind) {
            found.append(fields.mid(1));
        }
    }
    return found;
}

QStringList optionsOffered(const QString &command)
{
    QStringList names;
    for (const QStringList &fields :
         lines(CliCommands::completionWords(command, {}), u"option"_s)) {
        names.append(fields.at(0));
    }
    return names;
}

QStringList valuesOffered(const QString &command, const QString &option)
{
    QStringList words;
    for (const QStringList &fields : lines(CliCommands::completionWords(command, {}), u"value"_s)) {
        if (fields.at(0) == option) {
            words.append(fields.at(1));
        }
    }
    return words;
}

} // namespace

class tst_CliCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandIndex_data();
    void commandIndex();
    void commandIndex_findsPipelineAndStoreCommandsAfterFlags();
    void help_namesEveryCommand();
    void completionWords_topLevelNamesEveryCommand();
    void completionWords_eachCommandItsOwnOptions();
};

void tst_CliCommands::commandIndex_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("index");
    QTest::newRow("first") << QStringList{u"pipeline"_s} << 0;
    QTest::newRow("after a flag") << QStringList{u"--with-details"_s, u"pipeline"_s} << 1;
    QTest::newRow("after flags") << QStringList{u"--from-store"_s, u"--debug"_s, u"sync"_s} << 2;
    QTest::newRow("after --full") << QStringList{u"--full"_s, u"sync"_s} << 1;
    QTest::newRow("after a value")
            << QStringList{u"--catalog"_s, u"AWS"_s, u"get-opportunity"_s} << 2;
    QTest::newRow("a value that is a command name")
            << QStringList{u"--store"_s, u"pipeline"_s, u"changes"_s} << 2;
    QTest::newRow("after =value") << QStringList{u"--catalog=AWS"_s, u"changes"_s} << 1;
    QTest::newRow("after help") << QStringList{u"help"_s, u"sync"_s} << 1;
    QTest::newRow("none") << QStringList{u"--help"_s} << -1;
}

void tst_CliCommands::commandIndex()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, index);
    QCOMPARE(CliCommands::commandIndex(arguments), index);
}

void tst_CliCommands::commandIndex_findsPipelineAndStoreCommandsAfterFlags()
{
    QVERIFY(PipelineOptions::isPipelineCommand({u"--with-details"_s, u"pipeline"_s}));
    QVERIFY(PipelineOptions::isPipelineCommand({u"--from-store"_s, u"pipeline"_s}));
    QVERIFY(StoreCommandOptions::isStoreCommand({u"--csv-bom"_s, u"changes"_s}));
    QVERIFY(StoreCommandOptions::isStoreCommand({u"--full"_s, u"sync"_s}));
    QVERIFY(!StoreCommandOptions::isStoreCommand({u"--store"_s, u"sync"_s, u"pipeline"_s}));
}

void tst_CliCommands::help_namesEveryCommand()
{
    const QString help = CliCommands::helpText();
    QCOMPARE(CliCommands::names().size(), 6);
    for (const QString &name : CliCommands::names()) {
        QVERIFY2(help.contains(u"\n  "_s + name + u"  "_s), qPrintable(name));
    }
    QVERIFY(help.contains(u"--life-cycle-stage"_s)); // list-opportunities' options follow
}

void tst_CliCommands::completionWords_topLevelNamesEveryCommand()
{
    QStringList commands;
    for (const QStringList &fields : lines(CliCommands::completionWords({}, {}), u"command"_s)) {
        commands.append(fields.at(0));
    }
    QCOMPARE(commands, CliCommands::names() + QStringList{u"help"_s});
    QCOMPARE(valuesOffered({}, u"--profile"_s), QStringList());
    QCOMPARE(lines(CliCommands::completionWords({}, {u"sales"_s}), u"value"_s).last(),
             (QStringList{u"--profile"_s, u"sales"_s}));
}

void tst_CliCommands::completionWords_eachCommandItsOwnOptions()
{
    for (const QString &name : CliCommands::names().mid(1)) {
        QVERIFY2(lines(CliCommands::completionWords(name, {}), u"command"_s).isEmpty(),
                 qPrintable(name));
        QVERIFY2(optionsOffered(name).contains(u"--help"_s), qPrintable(name));
        QVERIFY2(optionsOffered(name).contains(u"--catalog"_s), qPrintable(name));
        QCOMPARE(optionsOffered(name).removeDuplicates(), 0);
    }
    QVERIFY(!optionsOffered(u"pipeline"_s).contains(u"--max-items"_s));
    QCOMPARE(valuesOffered(u"pipeline"_s, u"--output"_s),
             (QStringList{u"json"_s, u"csv"_s, u"markdown"_s}));

    QVERIFY(optionsOffered(u"sync"_s).contains(u"--full"_s));
    QVERIFY(optionsOffered(u"sync"_s).contains(u"--max-concurrency"_s));
    QVERIFY(!optionsOffered(u"sync"_s).contains(u"--since"_s));
    QVERIFY(!optionsOffered(u"sync"_s).contains(u"--life-cycle-stage"_s));
    QCOMPARE(valuesOffered(u"sync"_s, u"--output"_s), (QStringList{u"text"_s, u"json"_s}));

    QVERIFY(optionsOffered(u"changes"_s).contains(u"--since"_s));
    QVERIFY(optionsOffered(u"changes"_s).contains(u"--last"_s));
    QVERIFY(!optionsOffered(u"changes"_s).contains(u"--full"_s));
    QVERIFY(!optionsOffered(u"changes"_s).contains(u"--max-rps"_s));
    QCOMPARE(valuesOffered(u"changes"_s, u"--output"_s), (QStringList{u"json"_s, u"csv"_s}));

    QVERIFY(optionsOffered(u"get-opportunity"_s).contains(u"--identifier"_s));
    QVERIFY(!optionsOffered(u"get-opportunity"_s).contains(u"--related-opportunity-identifier"_s));
    QVERIFY(optionsOffered(u"get-aws-opportunity-summary"_s)
                    .contains(u"--related-opportunity-identifier"_s));
    QVERIFY(!optionsOffered(u"get-aws-opportunity-summary"_s).contains(u"--identifier"_s));
    QCOMPARE(valuesOffered(u"get-opportunity"_s, u"--output"_s), QStringList{u"json"_s});
    QCOMPARE(valuesOffered(u"get-opportunity"_s, u"--catalog"_s),
             (QStringList{u"AWS"_s, u"Sandbox"_s}));
}

QTEST_GUILESS_MAIN(tst_CliCommands)
#include "tst_clicommands.moc"
