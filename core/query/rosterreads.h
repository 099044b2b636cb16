// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "query/pushprogress.h"
#include "query/rostercompare.h"
#include "query/userquery.h"

#include <QHash>
#include <QList>
#include <QString>

namespace termdesk::query {

/// @brief What the console reads about the roster: the users, their names for the punch views, the
/// roster operations' progress, a terminal compared with the roster. The real one is SqliteReads.
class RosterReads
{
public:
    RosterReads() = default;
    virtual ~RosterReads() = default;
    Q_DISABLE_COPY_MOVE(RosterReads)

    virtual QList<UserRecord> roster(QString *error) = 0;
    virtual QHash<qint64, QString> userNames(QString *error) = 0;
    /// Cheap: whether the roster changed since the last look.
    virtual UserStamp userStamp() = 0;
    virtual QList<PushGroup> pushGroups(int limit, QString *error) = 0;
    virtual RosterComparison compare(const QString &sn) = 0;
};

} // namespace termdesk::query
