#include "awsconfigfile.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

Q_DECLARE_METATYPE(Pd::Core::AwsConfigFile::Format)

namespace {

constexpr auto Config = AwsConfigFile::Format::Config;
constexpr auto Credentials = AwsConfigFile::Format::Credentials;

/// "[profile] key=value key={nested=v}|[next] …", keys sorted, newlines shown as "\n".
QString dump(const AwsConfigFile &file)
{
    QStringList profiles;
    for (const QString &name : file.profileNames()) {
        const AwsConfigFile::Section *section = file.profileSection(name);
        QStringList keys = section->keys;
        std::sort(keys.begin(), keys.end());
        QStringList entries;
        for (const QString &key : std::as_const(keys)) {
            const AwsConfigFile::Value &value = *file.sectionValue(*section, key);
            if (value.isNested) {
                QStringList nested;
                for (const auto &[subKey, subValue] : value.nested) {
                    nested.append(subKey + u'=' + subValue);
                }
                nested.sort();
                entries.append(key + u"={"_s + nested.join(u',') + u'}');
            } else {
                entries.append(key + u'=' + QString(value.text).replace(u'\n', u"\\n"_s));
            }
        }
        profiles.append(u'[' + name + u']'
                        + (entries.isEmpty() ? QString() : u' ' + entries.join(u' ')));
    }
    return profiles.join(u'|');
}

} // namespace

class tst_AwsConfigFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void malformed_namesFileAndLine_data();
    void malformed_namesFileAndLine();
    void defaultSection_appliesToEveryProfile();
    void servicesSection_nestedEndpoint();
    void lookups_areCaseInsensitiveForKeysOnly();
    void load_missingFileIsEmpty();
    void load_readsFileAndReportsPath();
    void load_folderIsError();
    void randomInput_neverCrashes();
    void hugeInput_parsesInLinearTime();
};

void tst_AwsConfigFile::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<AwsConfigFile::Format>("format");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << QByteArray() << Config << QString();
    QTest::newRow("only comments and blanks")
            << "# a\n; b\n\n   \n\t# c\n"_ba << Config << QString();
    QTest::newRow("config profiles")
            << "[default]\nregion = us-east-1\n[profile sales]\nregion=eu-west-1\n"_ba << Config
            << u"[default] region=us-east-1|[sales] region=eu-west-1"_s;
    QTest::newRow("config ignores sections without prefix")
            << "[sales]\nregion = x\n[sso-session s]\nsso_region = y\n[profile ok]\n"_ba << Config
            << u"[ok]"_s;
    QTest::newRow("credentials use plain names")
            << "[default]\naws_access_key_id = A\n[sales]\naws_access_key_id = B\n[profile x]\n"_ba
            << Credentials
            << u"[default] aws_access_key_id=A|[sales] aws_access_key_id=B|[profile x]"_s;
    QTest::newRow("quoted profile name")
            << "[profile \"my sales\"]\nregion = x\n"_ba << Config << u"[my sales] region=x"_s;
    QTest::newRow("extra spaces in header")
            << "[profile   spaced  ]\n"_ba << Config << u"[spaced]"_s;
    QTest::newRow("profile without name is ignored")
            << "[profile]\n[profile a b]\n"_ba << Config << QString();
    QTest::newRow("comments anywhere")
            << "# top\n[default]\n  # indented\n; semi\nregion = x\n#end"_ba << Config
            << u"[default] region=x"_s;
    QTest::newRow("colon delimiter")
            << "[default]\nregion: eu-west-1\n"_ba << Config << u"[default] region=eu-west-1"_s;
    QTest::newRow("first delimiter splits")
            << "[default]\ncredential_process = /bin/x --a=b:c\nrole: arn:aws:iam::1:role/r\n"_ba
            << Config
            << u"[default] credential_process=/bin/x --a=b:c role=arn:aws:iam::1:role/r"_s;
    QTest::newRow("no inline comments") << "[default]\nregion = us-east-1 # prod\n"_ba << Config
                                        << u"[default] region=us-east-1 # prod"_s;
    QTest::newRow("keys are lower-cased")
            << "[default]\nRegion = x\nAWS_Access_Key_ID = A\n"_ba << Credentials
            << u"[default] aws_access_key_id=A region=x"_s;
    QTest::newRow("section names keep case")
            << "[Default]\n[default]\n"_ba << Credentials << u"[Default]|[default]"_s;
    QTest::newRow("nested sub-section")
            << "[default]\ns3 =\n  max_concurrency = 10\n  Addressing_Style = path\nregion = x\n"_ba
            << Config << u"[default] region=x s3={Addressing_Style=path,max_concurrency=10}"_s;
    QTest::newRow("nested with blank and comment lines")
            << "[default]\ns3 =\n\n  a = 1\n  # note\n\tb=2\n"_ba << Config
            << u"[default] s3={a=1,b=2}"_s;
    QTest::newRow("continued value")
            << "[default]\nfoo = a\n  b\n    c\n"_ba << Config << u"[default] foo=a\\nb\\nc"_s;
    QTest::newRow("empty value") << "[default]\nregion =\n"_ba << Config << u"[default] region="_s;
    QTest::newRow("indented key after header is a key")
            << "[default]\n   region = x\n   output = json\n"_ba << Config
            << u"[default] output=json region=x"_s;
    QTest::newRow("CRLF") << "[default]\r\nregion = x\r\n\r\n[profile b]\r\nregion = y\r\n"_ba
                          << Config << u"[default] region=x|[b] region=y"_s;
    QTest::newRow("lone CR") << "[default]\rregion = x\r"_ba << Config << u"[default] region=x"_s;
    QTest::newRow("BOM") << "\xEF\xBB\xBF[default]\nregion = x\n"_ba << Config
                         << u"[default] region=x"_s;
    QTest::newRow("header with trailing text")
            << "[default] # main\nregion = x\n"_ba << Config << u"[default] region=x"_s;
    QTest::newRow("later section for same profile wins")
            << "[default]\nregion = a\n[profile default]\noutput = json\n"_ba << Config
            << u"[default] output=json"_s;
    QTest::newRow("no final newline")
            << "[default]\nregion = x"_ba << Config << u"[default] region=x"_s;
    QTest::newRow("unicode values")
            << "[profile ü]\nnote = Grüße ✓\n"_ba << Config << u"[ü] note=Grüße ✓"_s;
}

void tst_AwsConfigFile::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(AwsConfigFile::Format, format);
    QFETCH(QString, expected);

    AwsConfigFile file;
    QVERIFY2(file.parse(input, u"/home/u/.aws/config"_s, format), qPrintable(file.errorString()));
    QVERIFY(file.errorString().isEmpty());
    QCOMPARE(dump(file), expected);
}

void tst_AwsConfigFile::malformed_namesFileAndLine_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("problem");

    QTest::newRow("key before section") << "\n# c\nregion = x\n"_ba << 3 << u"before the first"_s;
    QTest::newRow("line without delimiter") << "[default]\nregion\n"_ba << 2 << u"key = value"_s;
    QTest::newRow("unclosed header") << "[default\nregion = x\n"_ba << 1 << u"closing"_s;
    QTest::newRow("empty header") << "[]\n"_ba << 1 << u"empty"_s;
    QTest::newRow("duplicate section")
            << "[default]\na=1\n\n[default]\n"_ba << 4 << u"first on line 1"_s;
    QTest::newRow("duplicate key, other case")
            << "[default]\nregion=1\nREGION=2\n"_ba << 3 << u"first on line 2"_s;
    QTest::newRow("missing key name") << "[default]\n= value\n"_ba << 2 << u"key name"_s;
    QTest::newRow("nested line without delimiter")
            << "[default]\ns3 =\n  a = 1\n  oops\n"_ba << 4 << u"s3"_s;
    QTest::newRow("invalid UTF-8")
            << "[default]\nregion = x\nnote = \xff\xfe\n"_ba << 3 << u"UTF-8"_s;
    QTest::newRow("CRLF line numbers") << "\r\n\r\n[x]\r\nbad\r\n"_ba << 4 << u"key = value"_s;
}

void tst_AwsConfigFile::malformed_namesFileAndLine()
{
    QFETCH(QByteArray, input);
    QFETCH(int, line);
    QFETCH(QString, problem);

    const QString path = u"/tmp/some dir/config"_s;
    AwsConfigFile file;
    QVERIFY(!file.parse(input, path, Config));
    QCOMPARE(file.errorLine(), line);
    QVERIFY2(file.errorString().startsWith(path + u", line %1: "_s.arg(line)),
             qPrintable(file.errorString()));
    QVERIFY2(file.errorString().contains(problem), qPrintable(file.errorString()));
    QVERIFY(file.profileNames().isEmpty());
}

void tst_AwsConfigFile::defaultSection_appliesToEveryProfile()
{
    AwsConfigFile file;
    QVERIFY(file.parse("[DEFAULT]\nregion = eu-central-1\n[profile a]\n[profile b]\nregion = x\n",
                       u"config"_s, Config));
    QCOMPARE(file.profileNames(), (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(file.value(u"a"_s, u"region"_s), u"eu-central-1"_s);
    QCOMPARE(file.value(u"b"_s, u"region"_s), u"x"_s);
    QVERIFY(!file.hasProfile(u"DEFAULT"_s));
}

void tst_AwsConfigFile::servicesSection_nestedEndpoint()
{
    AwsConfigFile file;
    QVERIFY(file.parse("[profile dev]\nservices = local\n"
                       "[services local]\npartnercentral_selling =\n"
                       "  endpoint_url = http://127.0.0.1:4566\n",
                       u"config"_s, Config));
    QCOMPARE(file.profileNames(), QStringList{u"dev"_s});
    QCOMPARE(file.value(u"dev"_s, u"services"_s), u"local"_s);
    QCOMPARE(file.serviceValue(u"local"_s, u"PartnerCentral_Selling"_s, u"endpoint_url"_s),
             u"http://127.0.0.1:4566"_s);
    QVERIFY(file.serviceValue(u"local"_s, u"s3"_s, u"endpoint_url"_s).isNull());
    QVERIFY(file.serviceValue(u"other"_s, u"partnercentral_selling"_s, u"endpoint_url"_s).isNull());
}

void tst_AwsConfigFile::lookups_areCaseInsensitiveForKeysOnly()
{
    AwsConfigFile file;
    QVERIFY(file.parse("[Sales]\nAWS_ACCESS_KEY_ID = AKID\n", u"credentials"_s, Credentials));
    QCOMPARE(file.value(u"Sales"_s, u"aws_access_key_id"_s), u"AKID"_s);
    QCOMPARE(file.value(u"Sales"_s, u"Aws_Access_Key_Id"_s), u"AKID"_s);
    QVERIFY(file.value(u"sales"_s, u"aws_access_key_id"_s).isNull());
    QCOMPARE(file.find(u"Sales"_s, u"aws_access_key_id"_s)->line, 2);
}

void tst_AwsConfigFile::load_missingFileIsEmpty()
{
    QTemporaryDir dir;
    AwsConfigFile file;
    QVERIFY(file.load(dir.filePath(u"nope/config"_s), Config));
    QVERIFY(!file.exists());
    QVERIFY(file.profileNames().isEmpty());
}

void tst_AwsConfigFile::load_readsFileAndReportsPath()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"credentials"_s);
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("[default]\naws_access_key_id = A\n\n[broken\n");
    out.close();

    AwsConfigFile file;
    QVERIFY(!file.load(path, Credentials));
    QVERIFY(file.exists());
    QCOMPARE(file.errorString().left(path.size() + 9), path + u", line 4:"_s);

    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write("[default]\naws_access_key_id = A\n");
    out.close();
    QVERIFY(file.load(path, Credentials));
    QCOMPARE(file.value(u"default"_s, u"aws_access_key_id"_s), u"A"_s);
    QCOMPARE(file.path(), path);
}

void tst_AwsConfigFile::load_folderIsError()
{
    QTemporaryDir dir;
    AwsConfigFile file;
    QVERIFY(!file.load(dir.path(), Config));
    QVERIFY(file.errorString().startsWith(dir.path()));
}

void tst_AwsConfigFile::randomInput_neverCrashes()
{
    // Random bytes biased towards the characters the parser cares about.
    static constexpr char alphabet[] = "[]=:#; \t\r\n\"'\\ap\xC3\xBC\xFF";
    QRandomGenerator random(20260804);
    for (int round = 0; round < 3000; ++round) {
        QByteArray input;
        const int size = random.bounded(200);
        for (int i = 0; i < size; ++i) {
            input.append(random.bounded(4) == 0
                                 ? char(random.bounded(256))
                                 : alphabet[random.bounded(int(sizeof alphabet) - 1)]);
        }
        AwsConfigFile file;
        const bool ok = file.parse(input, u"fuzz"_s, round % 2 ? Config : Credentials);
        QCOMPARE(ok, file.errorString().isEmpty());
        for (const QString &name : file.profileNames()) {
            QVERIFY(file.profileSection(name));
            file.value(name, u"region"_s);
        }
    }
}

void tst_AwsConfigFile::hugeInput_parsesInLinearTime()
{
    QByteArray input;
    for (int i = 0; i < 20000; ++i) {
        input += "[profile p" + QByteArray::number(i) + "]\nregion = r\ns3 =\n  a = 1\n  b = 2\n";
    }
    input += "[profile long]\nvalue = x\n";
    for (int i = 0; i < 100000; ++i) {
        input += "  continued line\n";
    }
    QElapsedTimer timer;
    timer.start();
    AwsConfigFile file;
    QVERIFY(file.parse(input, u"big"_s, Config));
    QCOMPARE(file.profileNames().size(), 20001);
    QVERIFY2(timer.elapsed() < 20000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
}

QTEST_GUILESS_MAIN(tst_AwsConfigFile)
#include "tst_awsconfigfile.moc"
