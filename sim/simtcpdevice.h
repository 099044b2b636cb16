// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simtypes.h"
#include "terminal.pb.h"

#include <QList>
#include <QRandomGenerator>
#include <QString>

#include <map>
#include <optional>
#include <set>

namespace termdesk::sim {

/// One entry of a TCP terminal's punch log, packed.
struct TcpLogRecord
{
    quint32 time;      ///< UTC, seconds since 2020-01-01Z; strictly increasing along the log
    qint32 enrollId;   ///< 0 = door event
    qint16 tempTenths; ///< body temperature × 10, 0 = none
    quint8 mode;
    quint8 inOut;
    quint8 event;

    bool isDoorEvent() const { return enrollId == 0; }
};

/// @brief The data side of a simulated TCP terminal, without any socket: identity and capacities (from the
/// seed), the users (a generated population plus what the server wrote), the punch log, the clock, and the
/// answers to ReadRequest / WriteRequest. Deterministic for a seed, except the clock (the UTC wall clock).
/// Internal to termdesk_simlib (it exposes protobuf types).
class SimTcpDevice final
{
public:
    explicit SimTcpDevice(const TcpTerminalOptions &options);

    const QString &code() const { return m_code; }
    quint32 derivedTerminalId() const { return m_terminalId; }

    // The log, in logical indices [logBegin(), logEnd()); clear_punches drops the delivered head.
    qsizetype logBegin() const { return m_cleared; }
    qsizetype logEnd() const { return m_cleared + m_log.size(); }
    const TcpLogRecord &record(qsizetype index) const { return m_log.at(index - m_cleared); }
    qint64 attendanceCount() const { return m_attendance; }
    qint64 doorEventCount() const { return m_doorEvents; }
    void generatePunches(int n);
    void addDoorEvent(int event);
    PunchKey key(const TcpLogRecord &record) const;
    void toProto(const TcpLogRecord &record, tcp::v1::Punch *punch) const;

    // Users, in enrollid order.
    qsizetype userCount() const;
    /// Appends users from position @p offset, at most @p limit of them and while the added size stays under
    /// @p maxBytes; returns how many were appended.
    int appendUsers(google::protobuf::RepeatedPtrField<tcp::v1::User> *out, qsizetype offset, int limit,
                    size_t maxBytes) const;

    /// Every user, as text (fingerprints hex, password / card text, the rest base64), in enrollid order.
    QList<SimUser> users() const;

    void fillStatus(tcp::v1::DeviceStatus *status, qsizetype undelivered) const;

    // The clock: the UTC wall clock moved by set_time_ms.
    qint64 nowMs() const;
    quint32 terminalTime() const;

    void read(const tcp::v1::ReadRequest &request, tcp::v1::ReadResponse *response, qsizetype undelivered) const;
    struct WriteOutcome
    {
        bool logChanged = false; ///< a door event was logged (open_door)
        bool reboot = false;
    };
    /// Applies a WriteRequest; clear_punches drops the records below @p delivered (unacknowledged ones stay).
    WriteOutcome write(const tcp::v1::WriteRequest &request, tcp::v1::WriteResponse *response, qsizetype delivered);

    static QString formatUtc(quint32 seconds2020); ///< "yyyy-MM-dd HH:mm:ss", UTC

private:
    /// Calls add(backupNum) for each credential of a population user; returns its admin level. Each user is a
    /// function of (seed, enrollid) only.
    template <typename Add> quint32 populationCredentials(quint32 enrollId, Add &&add) const;
    tcp::v1::User populationUser(quint32 enrollId) const;
    std::optional<tcp::v1::User> userAt(quint32 enrollId) const;
    void count(const tcp::v1::User &user, int sign);
    void appendRecord(TcpLogRecord record);

    QString m_code;
    QString m_model;
    QString m_firmware;
    quint32 m_seed;
    quint32 m_terminalId = 0;
    quint32 m_population;
    double m_doorEventRate;
    bool m_liveClock;
    QRandomGenerator m_rng;
    QList<quint8> m_userModes;                   // per population enrollid-1: bit mask of modes
    std::map<quint32, tcp::v1::User> m_upserted; // written by the server (replace population users)
    std::set<quint32> m_deleted;                 // population enrollids deleted by the server
    QList<TcpLogRecord> m_log;
    qsizetype m_cleared = 0;
    quint32 m_nextTime = 0;
    qint64 m_clockOffsetMs = 0;
    qint64 m_attendance = 0;
    qint64 m_doorEvents = 0;
    qint64 m_fpsUsed = 0;
    qint64 m_cardsUsed = 0;
    quint32 m_userCapacity = 0;
    quint32 m_logCapacity = 0;
    quint32 m_logBase = 0; // records the terminal held before the simulation started
    quint32 m_battery = 100;
    bool m_faceModel = false;
    bool m_thermometer = false;
};

} // namespace termdesk::sim
