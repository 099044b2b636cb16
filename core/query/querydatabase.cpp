// SPDX-License-Identifier: GPL-3.0-or-later
#include "querydatabase.h"

#include "storage/database.h"

#include <QAtomicInteger>

namespace termdesk::query {
namespace {

QString uniqueSuffix()
{
    static QAtomicInteger<int> counter;
    return QString::number(counter.fetchAndAddRelaxed(1) + 1);
}

} // namespace

QueryDatabase::~QueryDatabase()
{
    close();
}

bool QueryDatabase::open(const QString &file, const QString &synchronous, QString *error)
{
    close();
    const QString suffix = uniqueSuffix();
    m_file = file;
    m_readName = QStringLiteral("termdesk-gui-ro-") + suffix;
    m_writeName = QStringLiteral("termdesk-gui-rw-") + suffix;
    storage::OpenOptions readOptions;
    readOptions.readOnly = true;
    readOptions.synchronous = synchronous;
    // The GUI thread must never stall behind the writer for long: a short busy timeout, the views
    // simply try again at their next refresh.
    readOptions.busyTimeoutMs = 2'000;
    if (!storage::Database::open(file, m_readName, readOptions, error))
        return false;
    storage::OpenOptions writeOptions;
    writeOptions.synchronous = synchronous;
    writeOptions.busyTimeoutMs = 5'000;
    if (!storage::Database::open(file, m_writeName, writeOptions, error)) {
        storage::Database::close(m_readName);
        return false;
    }
    m_open = true;
    return true;
}

void QueryDatabase::close()
{
    if (!m_open)
        return;
    m_open = false;
    storage::Database::close(m_readName);
    storage::Database::close(m_writeName);
}

QSqlDatabase QueryDatabase::reader() const
{
    return storage::Database::get(m_readName);
}

QSqlDatabase QueryDatabase::writer() const
{
    return storage::Database::get(m_writeName);
}

} // namespace termdesk::query
