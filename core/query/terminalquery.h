// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/admission.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <array>
#include <optional>

class QSqlDatabase;

namespace termdesk::query {

/// @brief One capacity a terminal reports: how much is used out of how much. Either may be unknown.
struct Capacity
{
    std::optional<qint64> used;
    std::optional<qint64> total;

    /// used / total in [0, +inf), or nullopt when either is unknown or total is 0.
    std::optional<double> fraction() const
    {
        if (!used || !total || *total <= 0)
            return std::nullopt;
        return double(*used) / double(*total);
    }
    friend bool operator==(const Capacity &, const Capacity &) = default;
};

/// The capacities shown as bars, in column order. NewLogs is new_logs out of log_capacity.
enum class CapacityKind { Users, Fingerprints, Faces, Cards, Passwords, Logs, NewLogs, Palms, Count };
inline constexpr int CAPACITY_KIND_COUNT = static_cast<int>(CapacityKind::Count);

/// @brief A terminal as the database knows it: the terminals table, everything but devinfo_json (which is
/// read only for the terminal on display, see TerminalQuery::devinfoJson).
struct TerminalRecord
{
    QString sn;
    QString name;
    QString protocol;
    Admission admission = Admission::Pending; ///< text no Admission names is read as pending (refused)
    QString model;
    QString firmware;
    QString cpuSerial;
    QString mac;
    QString fpAlgorithm;
    QString wsPath;
    QString peer;
    QString deviceTime; ///< the terminal's clock at its last registration, as sent
    QString lastRefusal;
    QString identity;      ///< the hardware the serial is recorded on (docs/security.md)
    QString identityClaim; ///< other hardware that registered with the serial: the operator's alert
    QString identityClaimPeer;
    qint64 identityClaimMs = 0;
    QString allowedNetworks; ///< where it may register from; empty = anywhere (docs/security.md)
    /// The server holding its connection when several share a PostgreSQL database (its lease,
    /// docs/multi-pc.md); empty when none.
    QString ownerServer;
    qint64 ownerExpiresMs = 0; ///< the lease ends then unless renewed
    qint64 firstSeenMs = 0;
    qint64 lastSeenMs = 0;
    std::optional<qint64> clockDriftS;
    std::optional<int> utcOffsetMin;
    std::optional<qint64> batteryPercent;
    std::array<Capacity, CAPACITY_KIND_COUNT> capacities{};
    qint64 punchesReceived = 0;
    qint64 punchesStored = 0;
    qint64 punchesDuplicate = 0;
    qint64 recordsQuarantined = 0;

    const Capacity &capacity(CapacityKind kind) const { return capacities[static_cast<size_t>(kind)]; }
    friend bool operator==(const TerminalRecord &, const TerminalRecord &) = default;
};

/// @brief Read-side queries on the terminals table for the console. Short, forward-only statements.
class TerminalQuery
{
public:
    /// Every terminal, ordered by serial number. A few thousand rows cost a few milliseconds, so the
    /// console re-reads the list every few seconds and compares.
    static QList<TerminalRecord> list(const QSqlDatabase &db, QString *error);

    /// The whole devinfo object the terminal last sent (compact JSON), empty if none.
    static QByteArray devinfoJson(const QSqlDatabase &db, const QString &sn, QString *error);
};

} // namespace termdesk::query
