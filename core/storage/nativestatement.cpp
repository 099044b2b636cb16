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

std::unique_ptr<NativeStatement> NativeStatement::create(const QSqlDatabase &db, const QByteArray &sql, QString *error)
{
    sqlite3 *raw = nativeHandle(db);
    if (!raw)
        return nullptr;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(raw, sql.constData(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QString::fromUtf8(sql), QString::fromUtf8(sqlite3_errmsg(raw)));
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

int NativeStatement::parameter(const char *name) const
{
    return sqlite3_bind_parameter_index(m_stmt, name);
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

} // namespace termdesk::storage
