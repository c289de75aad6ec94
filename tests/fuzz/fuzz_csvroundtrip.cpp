// CsvWriter -> CsvReader round trip. The input is cut into records at 0x00 and into cells at
// 0x01 (UTF-8 decoded); the records are written (formula neutralisation off, the first byte
// picks the byte order mark) and read back, and must come back identical.
#include "csvreader.h"
#include "csvwriter.h"

#include <QBuffer>
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const bool bom = data[0] & 1;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QList<QStringList> records;
    for (const QByteArray &record : input.split('\0')) {
        QStringList cells;
        for (const QByteArray &cell : record.split('\1'))
            cells.append(QString::fromUtf8(cell));
        records.append(cells);
    }

    QByteArray csv;
    QBuffer buffer(&csv);
    buffer.open(QIODevice::WriteOnly);
    Pd::Core::CsvWriter writer(&buffer);
    writer.setNeutralizeFormulas(false);
    writer.setWriteBom(bom);
    for (const QStringList &cells : std::as_const(records)) {
        if (!writer.writeRow(cells))
            std::abort();
    }
    buffer.close();

    QList<QStringList> readBack;
    QString error;
    if (!Pd::Core::CsvReader::parse(csv, &readBack, &error)) {
        std::fprintf(stderr, "CsvReader refused CsvWriter output: %s\n", qPrintable(error));
        std::abort();
    }
    if (readBack != records) {
        std::fprintf(stderr, "round trip changed %lld records into %lld\n",
                     static_cast<long long>(records.size()),
                     static_cast<long long>(readBack.size()));
        std::abort();
    }
    return 0;
}
