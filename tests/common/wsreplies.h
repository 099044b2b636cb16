// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a WsClient's replies in order, one kind at a time: a test keeps one cursor per kind
// (server commands carry "cmd", answers to the terminal's pushes carry "ret").
#pragma once

#include "wsclient.h"

#include <QJsonObject>
#include <QLatin1String>
#include <QTest>

/// The next reply of @p c at or after @p cursor that has @p key, waiting at most @p timeoutMs for
/// it; @p cursor moves past it. An empty object when none comes in time.
inline QJsonObject nextReplyWith(WsClient &c, const char *key, qsizetype &cursor, int timeoutMs)
{
    QJsonObject found;
    (void)QTest::qWaitFor(
        [&] {
            for (; cursor < c.replies.size(); ++cursor) {
                if (c.replies.at(cursor).contains(QLatin1String(key))) {
                    found = c.replies.at(cursor++);
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}
