#include "sqlitedatabase.h"

#include <QUrl>

#include <sqlite3.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace Pd::Core {

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_database(std::exchange(other.m_database, nullptr)),
      m_statement(std::exchange(other.m_statement, nullptr))
{ }

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_database = std::exchange(other.m_database, nullptr);
        m_statement = std::exchange(other.m_statement, nullptr);
    }
    return *this;
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bind(int index, const QString &text)
{
    if (text.isNull()) {
        bindNull(index);
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindUtf8(int index, QByteArrayView utf8)
{
    if (utf8.isNull()) {
        bindNull(index);
        return;
    }
    sqlite3_bind_text(m_statement, index, utf8.data(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

SqliteStatement::Step SqliteStatement::step()
{
    const int result = sqlite3_step(m_statement);
    if (result == SQLITE_ROW) {
        return Step::Row;
    }
    if (result == SQLITE_DONE) {
        return Step::Done;
    }
    m_database->noteError(result);
    return Step::Error;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteStatement::text(int column) const
{
    if (isNull(column)) {
        return {};
    }
    const QByteArrayView bytes = utf8(column);
    return bytes.isEmpty() ? u""_s : QString::fromUtf8(bytes);
}

QByteArrayView SqliteStatement::utf8(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, column));
    const int size = sqlite3_column_bytes(m_statement, column);
    return data ? QByteArrayView(data, size) : QByteArrayView();
}

SqliteDatabase::~SqliteDatabase()
{
    close();
}

bool SqliteDatabase::open(const QString &path, Access access, int busyTimeoutMs)
{
    close();
    int flags = SQLITE_OPEN_NOMUTEX;
    QByteArray name = path.toUtf8();
    switch (access) {
    case Access::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Access::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Access::Immutable:
        flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
        name = QUrl::fromLocalFile(path).toEncoded() + "?immutable=1";
        break;
    }
    const int result = sqlite3_open_v2(name.constData(), &m_db, flags, nullptr);
    if (result != SQLITE_OK) {
        noteError(result);
        close();
        return false;
    }
    sqlite3_extended_result_codes(m_db, 0);
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
    m_errorCode = 0;
    m_errorString.clear();
    return true;
}

void SqliteDatabase::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool SqliteDatabase::exec(const char *sql)
{
    const int result = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
    if (result != SQLITE_OK) {
        noteError(result);
        return false;
    }
    return true;
}

SqliteStatement SqliteDatabase::prepare(const char *sql)
{
    sqlite3_stmt *statement = nullptr;
    const int result = sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr);
    if (result != SQLITE_OK) {
        noteError(result);
        sqlite3_finalize(statement);
        return {};
    }
    return SqliteStatement(this, statement);
}

qint64 SqliteDatabase::scalar(const char *sql, qint64 fallback)
{
    SqliteStatement statement = prepare(sql);
    if (!statement.isValid() || statement.step() != SqliteStatement::Step::Row) {
        return fallback;
    }
    return statement.int64(0);
}

qint64 SqliteDatabase::changes() const
{
    return sqlite3_changes64(m_db);
}

qint64 SqliteDatabase::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

bool SqliteDatabase::isCorruptError() const
{
    return m_errorCode == SQLITE_CORRUPT || m_errorCode == SQLITE_NOTADB;
}

void SqliteDatabase::noteError(int code)
{
    m_errorCode = code & 0xff;
    const char *message = m_db ? sqlite3_errmsg(m_db) : nullptr;
    m_errorString = QString::fromUtf8(message ? message : sqlite3_errstr(code));
}

void SqliteDatabase::restoreError(int code, const QString &message)
{
    m_errorCode = code;
    m_errorString = message;
}

} // namespace Pd::Core
