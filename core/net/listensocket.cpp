// SPDX-License-Identifier: GPL-3.0-or-later
#include "listensocket.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace termdesk::net {

#ifdef Q_OS_UNIX
qintptr createListeningSocket(const QHostAddress &address, quint16 port, int backlog, QString *error, bool *unsupported)
{
    *unsupported = false;
    const bool any = address == QHostAddress::Any || address == QHostAddress::AnyIPv6;
    const bool v6 = any || address.protocol() == QAbstractSocket::IPv6Protocol;
    int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    bool dualStack = false;
    if (fd < 0 && any) { // no IPv6 on this host: plain IPv4 any
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    } else if (fd >= 0 && any) {
        dualStack = true;
    }
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int rc = 0;
    if (dualStack) {
        const int zero = 0;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        sa.sin6_port = htons(port);
        sa.sin6_addr = in6addr_any;
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    } else if (v6 && !any) {
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        sa.sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        std::memcpy(&sa.sin6_addr, &a, sizeof a);
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    } else {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        sa.sin_addr.s_addr = any ? htonl(INADDR_ANY) : htonl(address.toIPv4Address());
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    }
    if (rc == 0)
        rc = ::listen(fd, backlog);
    if (rc != 0) {
        const int e = errno;
        *error = e == EADDRINUSE ? QStringLiteral("address already in use") : QString::fromLocal8Bit(std::strerror(e));
        ::close(fd);
        return -1;
    }
    return fd;
}

void closeSocketDescriptor(qintptr fd)
{
    if (fd >= 0)
        ::close(static_cast<int>(fd));
}

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
#else
qintptr createListeningSocket(const QHostAddress &, quint16, int, QString *, bool *unsupported)
{
    *unsupported = true;
    return -1;
}

void closeSocketDescriptor(qintptr) {}

QString describePortOwner(quint16)
{
    return {};
}
#endif

} // namespace termdesk::net
