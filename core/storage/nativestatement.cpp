// SPDX-License-Identifier: GPL-3.0-or-later
#include "nativestatement.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace termdesk::storage {

sqlite3 *nativeHandle(const QSqlDatabase &db)
{
    if (!TERMDESK_NATIVE_SQLITE || db.driverName() != QLatin1String("QSQLITE") || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

std::unique_ptr<NativeStatement> NativeStatement::create(const QSqlDatabase &db, const char *sql, QString *error)
{
    sqlite3 *raw = nativeHandle(db);
    if (!raw)
        return nullptr;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(raw, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QLatin1String(sql), QString::fromUtf8(sqlite3_errmsg(raw)));
        sqlite3_finalize(stmt);
        return nullptr;
    }
    return std::unique_ptr<NativeStatement>(new NativeStatement(raw, stmt));
}

NativeStatement::NativeStatement(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}

NativeStatement::~NativeStatement()
{
    sqlite3_finalize(m_stmt);
}

void NativeStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

bool NativeStatement::exec(QString *error)
{
    int rc = sqlite3_step(m_stmt);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(m_stmt);
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    if (rc == SQLITE_DONE)
        return true;
    if (error)
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
    return false;
}

QByteArray NativeStatement::queryText(QString *error)
{
    QByteArray out;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        out =
            QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, 0)), sqlite3_column_bytes(m_stmt, 0));
    else if (rc != SQLITE_DONE && error)
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_stmt);
    return out;
}

} // namespace termdesk::storage
