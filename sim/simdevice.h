// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simtypes.h"

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>
#include <QString>

#include <map>
#include <optional>
#include <set>

namespace termdesk::sim {

class JsonWriter;

/// One entry of the device log, packed (about 24 bytes) so that millions of punches fit in memory.
struct LogRecord
{
    qint64 time;       ///< device wall clock, seconds since 1970-01-01 00:00:00 of that clock (no zone)
    qint32 enrollId;   ///< 0 = door event
    qint16 tempTenths; ///< body temperature × 10, 0 = none
    quint8 mode;
    quint8 inOut;
    quint8 event;

    bool isDoorEvent() const { return enrollId == 0; }
};

/// One enrolled credential, as listed by getuserlist.
struct UserCredential
{
    qint32 enrollId;
    quint8 backupNum;
    quint8 admin;
};

/// The data side of a simulated terminal, without any socket: identity and capacities (from the seed),
/// the user population, the device log and the device clock. Everything is deterministic for a seed,
/// except the clock, which starts from the local wall clock.
class SimDevice final
{
public:
    explicit SimDevice(const TerminalOptions &options);

    const QString &sn() const { return m_sn; }
    const QString &model() const { return m_model; }

    // The device log: index i in logIndex(i) numbering (what sendlog calls logindex).
    qsizetype logSize() const { return m_log.size(); }
    const LogRecord &record(qsizetype i) const { return m_log.at(i); }
    qint64 logIndex(qsizetype i) const { return m_logBase + i; }
    qint64 attendanceCount() const { return m_attendance; }
    qint64 doorEventCount() const { return m_doorEvents; }
    void generatePunches(int n);
    void addDoorEvent(int event);
    PunchKey key(const LogRecord &record) const;
    void writeRecord(JsonWriter &writer, const LogRecord &record, bool numbersAsStrings) const;

    /// Every enrolled credential in enrollid then backupnum order (getuserlist).
    const QList<UserCredential> &credentials() const;

    // The users: a generated population (name and credential data a function of seed and enrollid)
    // plus what the server wrote (setuserinfo, setusername, enableuser, deleteuser, cleanuser).
    std::optional<SimUser> user(qint64 enrollId) const;
    QList<SimUser> users() const; ///< in enrollid order
    void putUser(const SimUser &user);
    bool removeUser(qint64 enrollId);
    void removeAllUsers();
    int userCapacity() const { return m_userSize; }
    int logCapacity() const { return m_logSize; }
    qint64 logsUsed() const { return m_logBase + m_log.size() - m_logCleared; }
    bool isFaceModel() const { return m_faceModel; }
    /// cleanlog: records below logSize() are gone (paged log commands skip them).
    void clearLog() { m_logCleared = m_log.size(); }
    qsizetype logCleared() const { return m_logCleared; }

    /// The device clock (local wall clock plus whatever settime moved it by), in LogRecord::time units.
    qint64 now() const;
    void setClock(qint64 deviceTime);

    /// The reg message (protocol §3.1). @p undelivered is reported as usednewlog.
    QByteArray regMessage(qsizetype undelivered) const;

    static constexpr int TIME_TEXT_SIZE = 19;
    static qint64 localWallClock();
    static QString formatTime(qint64 wallSeconds);
    /// The same text ("yyyy-MM-dd HH:mm:ss", years 0-9999) written into @p out, without allocating:
    /// a batch of 50 records formats 50 times, and QDate/QTime::toString was a third of the
    /// simulator's CPU in the ingestion benchmark.
    static void formatTime(qint64 wallSeconds, char (&out)[TIME_TEXT_SIZE]);
    static std::optional<qint64> parseTime(const QString &text);
    static std::optional<qint64> parseDate(const QString &text);

private:
    void appendRecord(LogRecord record);
    SimUser populationUser(qint32 enrollId) const;
    bool isPopulation(qint64 enrollId) const;

    QString m_sn;
    QString m_model;
    int m_users;
    double m_doorEventRate;
    bool m_liveClock;
    QRandomGenerator m_rng;
    QList<LogRecord> m_log;
    QList<quint8> m_userModes;               // per enrollid-1: bit mask of modes 1, 2, 3, 8
    QList<UserCredential> m_credentials;     // the generated population's
    std::map<qint64, SimUser> m_written;     // written by the server (replace population users)
    std::set<qint64> m_removed;              // population users deleted by the server
    bool m_populationRemoved = false;        // cleanuser / initsys
    mutable QList<UserCredential> m_listing; // credentials() once the server changed users
    mutable bool m_listingValid = false;
    bool m_changed = false;
    quint32 m_seed = 1;
    qsizetype m_logCleared = 0;
    qint64 m_logBase = 0;
    qint64 m_nextTime = 0;
    qint64 m_clockOffset = 0;
    qint64 m_attendance = 0;
    qint64 m_doorEvents = 0;
    bool m_faceModel = false;
    bool m_thermometer = false;

    // Identity, fixed at construction.
    QString m_cpusn;
    QString m_mac;
    QString m_firmware;
    int m_userSize = 0;
    int m_logSize = 0;
    int m_usedFp = 0;
    int m_usedCard = 0;
    int m_usedPwd = 0;
    int m_usedFace = 0;
};

} // namespace termdesk::sim
