// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simtypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <utility>

namespace termdesk::sim {

class JsonWriter;
class SimDevice;

/// Answers the server → terminal commands a simulated terminal understands (protocol §4), the way
/// firmware does: one reply per command, `{"ret":NAME,"sn":SN,"result":true,...}`, paging with
/// "stn" for log and user lists, no reply to reboot, "can not find this command" for the rest. Users:
/// getuserinfo, setuserinfo (classic and extended "enable"), setusername, deleteuser, enableuser,
/// cleanuser, cleanadmin, with the failure replies of §4.2–4.9 ("can not find the user", reason 1,
/// "face is double,id=N", card / password that are not numbers refused); getdevcap; cleanlog, initsys.
class SimCommands final
{
public:
    struct Outcome
    {
        QByteArray reply;        ///< empty = send nothing
        bool reboot = false;     ///< drop the connection and reconnect after a second
        bool logChanged = false; ///< records were appended to the device log (opendoor)
    };

    SimCommands(SimDevice &device, const Quirks &quirks);

    /// @p firstUndelivered: index of the first log record the server has not acknowledged (for getnewlog).
    Outcome handle(const QString &name, const QJsonObject &command, qsizetype firstUndelivered);

    static constexpr int LOG_PAGE = 50;
    static constexpr int USER_PAGE = 40;

private:
    struct LogPaging
    {
        qsizetype begin = 0; // log range being paged
        qsizetype end = 0;
        qint64 fromTime = -1; // getalllog date filter, -1 = none
        qint64 toTime = -1;
        qsizetype cursor = 0; // next log index to look at
        qsizetype emitted = 0;
        qsizetype total = 0;
    };

    void begin(JsonWriter &writer, const QString &name, bool result) const;
    bool matches(const LogPaging &paging, qsizetype index) const;
    QByteArray logPage(const QString &name, const QJsonObject &command, LogPaging &paging, qsizetype newBegin);
    QByteArray userPage(const QJsonObject &command);
    QByteArray simple(const QString &name, bool result) const;
    QByteArray devInfo() const;
    QByteArray setDevInfo(const QJsonObject &command);
    QByteArray setTime(const QJsonObject &command);
    QByteArray getTime() const;
    QByteArray notFound(const QString &name, bool missingParameter) const;
    QByteArray getUserInfo(const QJsonObject &command) const;
    QByteArray setUserInfo(const QJsonObject &command);
    QByteArray setUserName(const QJsonObject &command);
    QByteArray deleteUser(const QJsonObject &command);
    QByteArray devCap() const;

    SimDevice &m_device;
    Quirks m_quirks;
    LogPaging m_newLog;
    LogPaging m_allLog;
    qsizetype m_userCursor = 0;
    QList<std::pair<QByteArray, QJsonValue>> m_parameters; // getdevinfo/setdevinfo, in reply order
};

} // namespace termdesk::sim
