// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalquery.h"

#include "util/peeraddress.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace termdesk::query {
namespace {

std::optional<qint64> optionalInt(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

// Columns of the list query, in SELECT order.
enum Col {
    C_SN,
    C_NAME,
    C_PROTOCOL,
    C_ADMISSION,
    C_MODEL,
    C_FIRMWARE,
    C_CPUSN,
    C_MAC,
    C_FPALGO,
    C_PATH,
    C_PEER,
    C_DEVICE_TIME,
    C_REFUSAL,
    C_FIRST_SEEN,
    C_LAST_SEEN,
    C_DRIFT,
    C_OFFSET,
    C_BATTERY,
    C_USER_CAP,
    C_USERS,
    C_FP_CAP,
    C_FPS,
    C_FACE_CAP,
    C_FACES,
    C_CARD_CAP,
    C_CARDS,
    C_PWD_CAP,
    C_PWDS,
    C_LOG_CAP,
    C_LOGS,
    C_NEW_LOGS,
    C_PALM_CAP,
    C_PALMS,
    C_RECEIVED,
    C_STORED,
    C_DUPLICATE,
    C_QUARANTINED,
    C_IDENTITY,
    C_CLAIM,
    C_CLAIM_PEER,
    C_CLAIM_MS,
    C_NETWORKS,
    C_OWNER,
    C_OWNER_EXPIRES,
};

} // namespace

QList<TerminalRecord> TerminalQuery::list(const QSqlDatabase &db, QString *error)
{
    QList<TerminalRecord> rows;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT sn, name, protocol, admission, COALESCE(model, ''), COALESCE(firmware, ''),"
                               " COALESCE(cpusn, ''), COALESCE(mac, ''), COALESCE(fpalgo, ''), COALESCE(ws_path, ''),"
                               " COALESCE(peer_address, ''), COALESCE(device_time, ''), COALESCE(last_refusal, ''),"
                               " first_seen_ms, last_seen_ms, clock_drift_s, utc_offset_min, battery_percent,"
                               " user_capacity, users_used, fp_capacity, fps_used, face_capacity, faces_used,"
                               " card_capacity, cards_used, pwd_capacity, pwds_used, log_capacity, logs_used, new_logs,"
                               " palm_capacity, palms_used,"
                               " punches_received, punches_stored, punches_duplicate, records_quarantined,"
                               " COALESCE(identity, ''), COALESCE(identity_claim, ''),"
                               " COALESCE(identity_claim_peer, ''), COALESCE(identity_claim_ms, 0),"
                               " COALESCE(allowed_networks, ''), COALESCE(o.server_id, ''),"
                               " COALESCE(o.expires_ms, 0)"
                               " FROM terminals LEFT JOIN terminal_owner o ON o.terminal_sn = terminals.sn"
                               " ORDER BY sn"))) {
        if (error)
            *error = q.lastError().text();
        return rows;
    }
    while (q.next()) {
        TerminalRecord r;
        r.sn = q.value(C_SN).toString();
        r.name = q.value(C_NAME).toString();
        r.protocol = q.value(C_PROTOCOL).toString();
        r.admission = fromName<Admission>(q.value(C_ADMISSION).toString()).value_or(Admission::Pending);
        r.model = q.value(C_MODEL).toString();
        r.firmware = q.value(C_FIRMWARE).toString();
        r.cpuSerial = q.value(C_CPUSN).toString();
        r.mac = q.value(C_MAC).toString();
        r.fpAlgorithm = q.value(C_FPALGO).toString();
        r.wsPath = q.value(C_PATH).toString();
        r.peer = net::normalizedPeerText(q.value(C_PEER).toString()); // rows recorded before peerText()
        r.deviceTime = q.value(C_DEVICE_TIME).toString();
        r.lastRefusal = q.value(C_REFUSAL).toString();
        r.firstSeenMs = q.value(C_FIRST_SEEN).toLongLong();
        r.lastSeenMs = q.value(C_LAST_SEEN).toLongLong();
        r.clockDriftS = optionalInt(q.value(C_DRIFT));
        if (const auto offset = optionalInt(q.value(C_OFFSET)))
            r.utcOffsetMin = static_cast<int>(*offset);
        r.batteryPercent = optionalInt(q.value(C_BATTERY));
        auto capacity = [&](CapacityKind kind, int usedCol, int totalCol) {
            Capacity &c = r.capacities[static_cast<size_t>(kind)];
            c.used = optionalInt(q.value(usedCol));
            c.total = optionalInt(q.value(totalCol));
        };
        capacity(CapacityKind::Users, C_USERS, C_USER_CAP);
        capacity(CapacityKind::Fingerprints, C_FPS, C_FP_CAP);
        capacity(CapacityKind::Faces, C_FACES, C_FACE_CAP);
        capacity(CapacityKind::Cards, C_CARDS, C_CARD_CAP);
        capacity(CapacityKind::Passwords, C_PWDS, C_PWD_CAP);
        capacity(CapacityKind::Logs, C_LOGS, C_LOG_CAP);
        capacity(CapacityKind::NewLogs, C_NEW_LOGS, C_LOG_CAP);
        capacity(CapacityKind::Palms, C_PALMS, C_PALM_CAP);
        r.punchesReceived = q.value(C_RECEIVED).toLongLong();
        r.punchesStored = q.value(C_STORED).toLongLong();
        r.punchesDuplicate = q.value(C_DUPLICATE).toLongLong();
        r.recordsQuarantined = q.value(C_QUARANTINED).toLongLong();
        r.identity = q.value(C_IDENTITY).toString();
        r.identityClaim = q.value(C_CLAIM).toString();
        r.identityClaimPeer = net::normalizedPeerText(q.value(C_CLAIM_PEER).toString());
        r.identityClaimMs = q.value(C_CLAIM_MS).toLongLong();
        r.allowedNetworks = q.value(C_NETWORKS).toString();
        r.ownerServer = q.value(C_OWNER).toString();
        r.ownerExpiresMs = q.value(C_OWNER_EXPIRES).toLongLong();
        rows.append(std::move(r));
    }
    return rows;
}

QByteArray TerminalQuery::devinfoJson(const QSqlDatabase &db, const QString &sn, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT COALESCE(devinfo_json, '') FROM terminals WHERE sn = ?"));
    q.addBindValue(sn);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return {};
    }
    return q.next() ? q.value(0).toString().toUtf8() : QByteArray();
}

} // namespace termdesk::query
