#include "csvreader.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Pd::Core {

bool CsvReader::parse(const QByteArray &data, QList<QStringList> *records, QString *error)
{
    records->clear();
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(data);
    if (decoder.hasError()) {
        *error = tr("The CSV data is not valid UTF-8.");
        return false;
    }

    qsizetype i = text.startsWith(QChar(0xFEFF)) ? 1 : 0;
    const qsizetype size = text.size();
    QStringList record;
    QString cell;
    const auto fail = [&](const QString &what) {
        *error = tr("CSV record %1, column %2: %3")
                         .arg(records->size() + 1)
                         .arg(record.size() + 1)
                         .arg(what);
        records->clear();
        return false;
    };

    while (i < size) {
        cell.clear();
        if (text.at(i) == u'"') {
            ++i;
            bool closed = false;
            // Runs between quotes are appended whole; "" is a quote inside the cell.
            while (i < size) {
                const qsizetype quote = text.indexOf(u'"', i);
                if (quote < 0) {
                    break;
                }
                cell += QStringView(text).sliced(i, quote - i);
                i = quote + 1;
                if (i < size && text.at(i) == u'"') {
                    cell += u'"';
                    ++i;
                    continue;
                }
                closed = true;
                break;
            }
            if (!closed) {
                return fail(tr("a quoted cell is not closed"));
            }
            if (i < size && text.at(i) != u',' && text.at(i) != u'\r' && text.at(i) != u'\n') {
                return fail(tr("text after a closing quote"));
            }
        } else {
            const qsizetype start = i;
            while (i < size) {
                const QChar c = text.at(i);
                if (c == u',' || c == u'\r' || c == u'\n') {
                    break;
                }
                if (c == u'"') {
                    return fail(tr("a quote inside an unquoted cell"));
                }
                ++i;
            }
            cell = text.sliced(start, i - start);
        }
        record.append(cell);

        if (i >= size) {
            break;
        }
        const QChar separator = text.at(i);
        if (separator == u',') {
            ++i;
            if (i == size) {
                record.append(QString());
            }
            continue;
        }
        if (separator == u'\r') {
            if (i + 1 >= size || text.at(i + 1) != u'\n') {
                return fail(tr("a carriage return outside quotes"));
            }
            ++i;
        }
        ++i;
        records->append(record);
        record.clear();
    }
    if (!record.isEmpty()) {
        records->append(record);
    }
    return true;
}

} // namespace Pd::Core
