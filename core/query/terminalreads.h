// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/terminalquery.h"
#include "storage/commandstore.h"
#include "storage/terminalstore.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

class QObject;

namespace termdesk::query {

/// @brief What the console reads about terminals and their command queue. The real one is SqliteReads;
/// widget tests fake it. Synchronous reads run in the caller's (GUI) thread and are small; the one that
/// grows with the fleet is asynchronous.
class TerminalReads
{
public:
    TerminalReads() = default;
    virtual ~TerminalReads() = default;
    Q_DISABLE_COPY_MOVE(TerminalReads)

    using TerminalsDone = std::function<void(QList<TerminalRecord> records, QString error)>;

    /// Every terminal, now (a view's first read, so it opens on what is known).
    virtual QList<TerminalRecord> terminals(QString *error) = 0;
    /// Every terminal, read on a reader thread; @p done runs in @p context's thread unless it is gone.
    virtual void readTerminals(QObject *context, TerminalsDone done) = 0;
    /// The whole devinfo a terminal sent at its last registration (JSON), empty if none.
    virtual QByteArray devinfoJson(const QString &sn) = 0;
    /// Serial, name, protocol, last seen of every terminal (pickers, the push progress).
    virtual QList<storage::TerminalRow> terminalRows(QString *error) = 0;
    /// The command queue, newest first: @p sn / @p state empty = all.
    virtual QList<storage::CommandInfo> commands(const QString &sn, const QString &state, int limit,
                                                 QString *error) = 0;
};

} // namespace termdesk::query
