#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace Pd::Core {

/// A strict RFC 4180 reader, the counterpart of CsvWriter (tests, round trips, imports).
///
/// Accepts UTF-8 with or without a byte order mark, records ended by CRLF or LF (the last one
/// optionally unterminated) and quoted cells with doubled quotes. Refuses, with the record and
/// column in `*error`: invalid UTF-8, a quote inside an unquoted cell, text after a closing
/// quote, a CR that does not start a CRLF outside quotes, and an unterminated quoted cell.
class CsvReader final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::CsvReader)

public:
    static bool parse(const QByteArray &data, QList<QStringList> *records, QString *error);
};

} // namespace Pd::Core
