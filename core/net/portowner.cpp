// SPDX-License-Identifier: GPL-3.0-or-later
#include "portowner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#ifdef Q_OS_WIN
// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <windows.h>
// clang-format on
#include <vector>
#endif

namespace termdesk::net {

#if defined(Q_OS_LINUX)
QString describePortOwner(quint16 port)
{
    // /proc/net/tcp{,6}: find the inode of the socket listening (state 0A) on the port,
    // then the process holding a descriptor to that inode.
    QSet<QString> inodes;
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile f(QString::fromLatin1(table));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        f.readLine();
        while (!f.atEnd()) {
            const QList<QByteArray> cols = f.readLine().simplified().split(' ');
            if (cols.size() < 10 || cols[3] != "0A")
                continue;
            const QByteArray local = cols[1];
            bool ok = false;
            if (local.mid(local.lastIndexOf(':') + 1).toUShort(&ok, 16) == port && ok)
                inodes.insert(QString::fromLatin1(cols[9]));
        }
    }
    if (inodes.isEmpty())
        return {};
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        const QDir fdDir(QStringLiteral("/proc/%1/fd").arg(pid));
        const QStringList fds = fdDir.entryList(QDir::System | QDir::NoDotAndDotDot);
        for (const QString &fd : fds) {
            const QString target = QFileInfo(fdDir.filePath(fd)).symLinkTarget();
            const QString link = target.isEmpty() ? QFile::symLinkTarget(fdDir.filePath(fd)) : target;
            for (const QString &inode : inodes) {
                if (link.endsWith(QStringLiteral("socket:[%1]").arg(inode))) {
                    QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
                    QString name;
                    if (comm.open(QIODevice::ReadOnly))
                        name = QString::fromLocal8Bit(comm.readAll()).trimmed();
                    return QStringLiteral("pid %1 (%2)").arg(pid, name);
                }
            }
        }
    }
    return {};
}
#elif defined(Q_OS_WIN)
namespace {

/// The listening owner of @p port in one address family's table, or 0.
DWORD listeningPid(quint16 port, ULONG family)
{
    ULONG size = 0;
    GetExtendedTcpTable(nullptr, &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
    for (int attempt = 0; attempt < 3 && size > 0; ++attempt) {
        std::vector<char> buffer(size);
        const DWORD rc = GetExtendedTcpTable(buffer.data(), &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
        if (rc == ERROR_INSUFFICIENT_BUFFER)
            continue; // the table grew meanwhile
        if (rc != NO_ERROR)
            return 0;
        if (family == AF_INET) {
            const auto *table = reinterpret_cast<const MIB_TCPTABLE_OWNER_PID *>(buffer.data());
            for (DWORD i = 0; i < table->dwNumEntries; ++i) {
                if (ntohs(static_cast<u_short>(table->table[i].dwLocalPort)) == port)
                    return table->table[i].dwOwningPid;
            }
        } else {
            const auto *table = reinterpret_cast<const MIB_TCP6TABLE_OWNER_PID *>(buffer.data());
            for (DWORD i = 0; i < table->dwNumEntries; ++i) {
                if (ntohs(static_cast<u_short>(table->table[i].dwLocalPort)) == port)
                    return table->table[i].dwOwningPid;
            }
        }
        return 0;
    }
    return 0;
}

} // namespace

QString describePortOwner(quint16 port)
{
    DWORD pid = listeningPid(port, AF_INET);
    if (pid == 0)
        pid = listeningPid(port, AF_INET6);
    if (pid == 0)
        return {};
    QString name;
    if (HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid)) {
        wchar_t path[MAX_PATH];
        DWORD length = MAX_PATH;
        if (QueryFullProcessImageNameW(process, 0, path, &length))
            name = QString::fromWCharArray(path, static_cast<int>(length)).section(QLatin1Char('\\'), -1);
        CloseHandle(process);
    }
    return name.isEmpty() ? QStringLiteral("pid %1").arg(pid) : QStringLiteral("pid %1 (%2)").arg(pid).arg(name);
}
#else
QString describePortOwner(quint16)
{
    return {};
}
#endif

} // namespace termdesk::net
