#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

struct sqlite3;
struct sqlite3_stmt;

namespace Pd::Core {

class SqliteDatabase;

/// One prepared SQLite statement (RAII). Parameters are numbered from 1, columns from 0, as in
/// the C API. Texts are bound and read as UTF-8; a null QString binds SQL NULL.
class SqliteStatement final
{
public:
    enum class Step { Row, Done, Error };

    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    Q_DISABLE_COPY(SqliteStatement)

    bool isValid() const { return m_statement != nullptr; }

    void bind(int index, qint64 value);
    void bind(int index, const QString &text); ///< NULL for a null QString
    void bindUtf8(int index, QByteArrayView utf8); ///< NULL for a null view
    void bindNull(int index);

    Step step();
    /// Back to before the first step(), bindings kept.
    void reset();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    QString text(int column) const; ///< null for NULL
    /// Valid until the next step(), reset() or column call on this statement.
    QByteArrayView utf8(int column) const;

private:
    friend class SqliteDatabase;
    SqliteStatement(SqliteDatabase *database, sqlite3_stmt *statement)
        : m_database(database), m_statement(statement)
    { }

    SqliteDatabase *m_database = nullptr;
    sqlite3_stmt *m_statement = nullptr;
};

/// A thin RAII wrapper over one sqlite3 connection: open, exec, prepare and the last error
/// (result code and message). Every failing call records its error; callers check the return
/// value and word their own message with `errorString()`.
class SqliteDatabase final
{
public:
    enum class Access {
        ReadWrite, ///< created when missing
        ReadOnly,
        /// Read-only, and nobody writes it meanwhile: no -wal/-shm needed (a WAL database in a
        /// folder that cannot take them)
        Immutable,
    };

    SqliteDatabase() = default;
    ~SqliteDatabase();
    Q_DISABLE_COPY_MOVE(SqliteDatabase)

    /// Opens (ReadWrite also creates) the file. Waits up to `busyTimeoutMs` for a lock held by
    /// another connection before a statement fails with SQLITE_BUSY.
    bool open(const QString &path, Access access, int busyTimeoutMs = 5000);
    void close();
    bool isOpen() const { return m_db != nullptr; }

    /// Runs one or more statements without results.
    bool exec(const char *sql);
    /// An invalid statement on failure (see errorString()).
    SqliteStatement prepare(const char *sql);
    /// The first column of the first row of `sql` as an integer; `fallback` without a row.
    qint64 scalar(const char *sql, qint64 fallback = 0);
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    qint64 changes() const;
    qint64 lastInsertRowId() const;

    /// The primary SQLite result code of the last failure (SQLITE_FULL, SQLITE_READONLY, …).
    int errorCode() const { return m_errorCode; }
    /// True for the codes that mean "this file is not a usable database" (SQLITE_CORRUPT,
    /// SQLITE_NOTADB).
    bool isCorruptError() const;
    QString errorString() const { return m_errorString; }

    /// Records the connection's current error (called by statements).
    void noteError(int code);
    /// Puts back an error saved earlier (a rollback after a failure keeps the failure's).
    void restoreError(int code, const QString &message);

private:
    sqlite3 *m_db = nullptr;
    int m_errorCode = 0;
    QString m_errorString;
};

} // namespace Pd::Core
