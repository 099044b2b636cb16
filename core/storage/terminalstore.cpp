// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalstore.h"

#include "model/commandkind.h"
#include "model/credentialbytes.h"
#include "model/credentialkind.h"
#include "model/terminaltext.h"
#include "util/allowednetworks.h"
#include "util/clock.h"
#include "util/peeraddress.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace termdesk::storage {
namespace {

bool run(QSqlQuery &q, QString *error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

QVariant nullInt()
{
    return QVariant(QMetaType::fromType<int>());
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

/// Upserts the user row of terminal_user_info; null values keep what is known.
bool noteUser(QSqlDatabase db, qint64 terminalId, qint64 enrollId, const QVariant &name, const QVariant &admin,
              const QVariant &enabled, qint64 nowMs, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO terminal_user_info (terminal_id, enroll_id, name, admin, enabled, seen_ms)"
                             " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (terminal_id, enroll_id) DO UPDATE SET"
                             " name = COALESCE(excluded.name, terminal_user_info.name),"
                             " admin = COALESCE(excluded.admin, terminal_user_info.admin),"
                             " enabled = COALESCE(excluded.enabled, terminal_user_info.enabled),"
                             " seen_ms = excluded.seen_ms"));
    q.addBindValue(terminalId);
    q.addBindValue(enrollId);
    q.addBindValue(name);
    q.addBindValue(admin);
    q.addBindValue(enabled);
    q.addBindValue(nowMs);
    return run(q, error);
}

bool noteHeld(QSqlDatabase db, qint64 terminalId, qint64 enrollId, int backupNum, const QString &hash, qint64 nowMs,
              QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms, data_hash)"
                             " VALUES (?, ?, ?, ?, ?) ON CONFLICT (terminal_id, enroll_id, backup_num) DO UPDATE SET"
                             " seen_ms = excluded.seen_ms, data_hash = excluded.data_hash"));
    q.addBindValue(terminalId);
    q.addBindValue(enrollId);
    q.addBindValue(backupNum);
    q.addBindValue(nowMs);
    q.addBindValue(hash.isEmpty() ? nullText() : QVariant(hash));
    return run(q, error);
}

/// Removes what the terminal holds of a user: the backup numbers @p slots (an SQL condition on
/// backup_num), or the whole user (@p slots empty).
bool forget(QSqlDatabase db, qint64 terminalId, qint64 enrollId, const QString &slots, QString *error)
{
    QSqlQuery q(db);
    if (slots.isEmpty()) {
        q.prepare(QStringLiteral("DELETE FROM terminal_user_info WHERE terminal_id = ? AND enroll_id = ?"));
        q.addBindValue(terminalId);
        q.addBindValue(enrollId);
        if (!run(q, error))
            return false;
        q.prepare(QStringLiteral("DELETE FROM terminal_users WHERE terminal_id = ? AND enroll_id = ?"));
        q.addBindValue(terminalId);
        q.addBindValue(enrollId);
        return run(q, error);
    }
    q.prepare(QStringLiteral("DELETE FROM terminal_users WHERE terminal_id = ? AND enroll_id = ? AND %1").arg(slots));
    q.addBindValue(terminalId);
    q.addBindValue(enrollId);
    return run(q, error);
}

bool forgetAll(QSqlDatabase db, qint64 terminalId, QString *error)
{
    QSqlQuery q(db);
    for (const char *table : {"terminal_user_info", "terminal_users"}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE terminal_id = ?").arg(QLatin1String(table)));
        q.addBindValue(terminalId);
        if (!run(q, error))
            return false;
    }
    return true;
}

/// A JSON record value as stored text: numbers (cards, passwords) as integers.
QString recordText(const QJsonValue &v)
{
    if (v.isDouble())
        return QString::number(v.toInteger());
    return v.toString();
}

QVariant optionalInt(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble())
        return v.toInt();
    if (v.isString()) {
        bool ok = false;
        const int i = v.toString().trimmed().toInt(&ok);
        if (ok)
            return i;
    }
    if (v.isBool())
        return v.toBool() ? 1 : 0;
    return nullInt();
}

bool applyWs(QSqlDatabase db, qint64 terminalId, const QString &cmd, const QJsonObject &p, qint64 nowMs, QString *error)
{
    const qint64 enrollId = p.value(QLatin1String("enrollid")).toInteger();
    if (cmd == QLatin1String("setuserinfo")) {
        const QString name = p.value(QLatin1String("name")).toString();
        if (!noteUser(db, terminalId, enrollId, name.isEmpty() ? nullText() : QVariant(name),
                      optionalInt(p, QLatin1String("admin")), optionalInt(p, QLatin1String("enable")), nowMs, error))
            return false;
        if (!p.contains(QLatin1String("backupnum")) || !p.contains(QLatin1String("record")))
            return true; // the extended form without a credential (enable, name, admin)
        const int backupNum = p.value(QLatin1String("backupnum")).toInt();
        return noteHeld(db, terminalId, enrollId, backupNum,
                        TerminalStore::contentHash(backupNum, recordText(p.value(QLatin1String("record")))), nowMs,
                        error);
    }
    if (cmd == QLatin1String("setusername")) {
        for (const QJsonValue r : p.value(QLatin1String("record")).toArray()) {
            const QJsonObject o = r.toObject();
            if (!noteUser(db, terminalId, o.value(QLatin1String("enrollid")).toInteger(),
                          o.value(QLatin1String("name")).toString(), nullInt(), nullInt(), nowMs, error))
                return false;
        }
        return true;
    }
    if (cmd == QLatin1String("enableuser"))
        return noteUser(db, terminalId, enrollId, nullText(), nullInt(), optionalInt(p, QLatin1String("enflag")), nowMs,
                        error);
    if (cmd == QLatin1String("deleteuser")) {
        // deleteuser's backupnum selects what goes (docs/simulator.md): 13 (or none) the whole user,
        // 12 every fingerprint, else that one slot.
        const int b = p.contains(QLatin1String("backupnum")) ? p.value(QLatin1String("backupnum")).toInt() : 13;
        if (b == 13)
            return forget(db, terminalId, enrollId, {}, error);
        if (b == 12)
            return forget(db, terminalId, enrollId,
                          sqlCondition(CredentialKind::Fingerprint, QLatin1StringView("backup_num")), error);
        return forget(db, terminalId, enrollId, QStringLiteral("backup_num = %1").arg(b), error);
    }
    if (cmd == QLatin1String("cleanuser") || cmd == QLatin1String("initsys"))
        return forgetAll(db, terminalId, error);
    return true;
}

bool applyTcp(QSqlDatabase db, qint64 terminalId, const QJsonObject &p, qint64 nowMs, QString *error)
{
    for (const QJsonValue v : p.value(QLatin1String("delete")).toArray()) {
        if (!forget(db, terminalId, v.toInteger(), {}, error))
            return false;
    }
    // An upsert replaces the user with what the request holds.
    for (const QJsonValue v : p.value(QLatin1String("upsert")).toArray()) {
        const QJsonObject u = v.toObject();
        const qint64 enrollId = u.value(QLatin1String("enroll_id")).toInteger();
        if (!forget(db, terminalId, enrollId, {}, error) ||
            !noteUser(db, terminalId, enrollId, u.value(QLatin1String("name")).toString(),
                      u.value(QLatin1String("admin")).toInt(), u.value(QLatin1String("disabled")).toBool() ? 0 : 1,
                      nowMs, error))
            return false;
        for (const QJsonValue c : u.value(QLatin1String("credentials")).toArray()) {
            const QJsonObject co = c.toObject();
            const QByteArray bytes = QByteArray::fromBase64(co.value(QLatin1String("data")).toString().toLatin1());
            const QString hash =
                QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).left(16).toHex());
            if (!noteHeld(db, terminalId, enrollId, co.value(QLatin1String("backup_num")).toInt(), hash, nowMs, error))
                return false;
        }
    }
    return true;
}

} // namespace

QList<TerminalRow> TerminalStore::list(QSqlDatabase db, QString *error)
{
    QList<TerminalRow> rows;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT sn, name, protocol, admission, COALESCE(model, ''), COALESCE(firmware, ''),"
                               " COALESCE(peer_address, ''), last_seen_ms, clock_drift_s, punches_stored,"
                               " punches_duplicate, records_quarantined, COALESCE(last_refusal, ''),"
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
        TerminalRow r;
        r.sn = q.value(0).toString();
        r.name = q.value(1).toString();
        r.protocol = q.value(2).toString();
        r.admission = q.value(3).toString();
        r.model = q.value(4).toString();
        r.firmware = q.value(5).toString();
        r.peer = net::normalizedPeerText(q.value(6).toString()); // rows recorded before peerText()
        r.lastSeenMs = q.value(7).toLongLong();
        if (!q.value(8).isNull())
            r.clockDriftS = q.value(8).toLongLong();
        r.punchesStored = q.value(9).toLongLong();
        r.punchesDuplicate = q.value(10).toLongLong();
        r.quarantined = q.value(11).toLongLong();
        r.lastRefusal = q.value(12).toString();
        r.identity = q.value(13).toString();
        r.identityClaim = q.value(14).toString();
        r.identityClaimPeer = net::normalizedPeerText(q.value(15).toString());
        r.identityClaimMs = q.value(16).toLongLong();
        r.allowedNetworks = q.value(17).toString();
        r.ownerServer = q.value(18).toString();
        r.ownerExpiresMs = q.value(19).toLongLong();
        rows.append(r);
    }
    return rows;
}

bool TerminalStore::setAdmission(QSqlDatabase db, const QString &sn, Admission admission, QString *error)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO terminals (sn, protocol, admission, first_seen_ms, last_seen_ms)"
                       " VALUES (?, 'ws', ?, 0, 0) ON CONFLICT (sn) DO UPDATE SET admission = excluded.admission"));
    q.addBindValue(sn);
    q.addBindValue(QString(name(admission)));
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

namespace {

/// Clears @p sn's alert, with @p assignment applied first (it reads identity_claim).
bool resolveClaim(QSqlDatabase db, const QString &sn, const QString &assignment, QString *claim, QString *error)
{
    QSqlQuery read(db);
    read.prepare(QStringLiteral("SELECT identity_claim FROM terminals WHERE sn = ?"));
    read.addBindValue(sn);
    if (!read.exec()) {
        if (error)
            *error = read.lastError().text();
        return false;
    }
    if (!read.next()) {
        if (error)
            *error = QStringLiteral("no terminal with serial %1").arg(sn);
        return false;
    }
    if (read.value(0).isNull()) {
        if (error)
            *error = QStringLiteral("no new hardware to decide on for %1").arg(sn);
        return false;
    }
    if (claim)
        *claim = read.value(0).toString();
    read.finish();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE terminals SET %1, identity_claim = NULL, identity_claim_peer = NULL,"
                             " identity_claim_ms = NULL WHERE sn = ? AND identity_claim IS NOT NULL")
                  .arg(assignment));
    q.addBindValue(sn);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

bool TerminalStore::acceptHardware(QSqlDatabase db, const QString &sn, QString *claim, QString *error)
{
    return resolveClaim(db, sn,
                        QStringLiteral("identity = identity_claim, identity_blocked = CASE WHEN identity_blocked ="
                                       " identity_claim THEN NULL ELSE identity_blocked END"),
                        claim, error);
}

bool TerminalStore::blockHardware(QSqlDatabase db, const QString &sn, QString *claim, QString *error)
{
    return resolveClaim(db, sn, QStringLiteral("identity_blocked = identity_claim"), claim, error);
}

bool TerminalStore::setAllowedNetworks(QSqlDatabase db, const QString &sn, const QString &networks, QString *stored,
                                       QString *error)
{
    const bool any = networks.trimmed().compare(QLatin1String("any"), Qt::CaseInsensitive) == 0;
    QString why;
    const std::optional<net::AllowedNetworks> parsed =
        any ? std::optional<net::AllowedNetworks>(net::AllowedNetworks()) : net::AllowedNetworks::parse(networks, &why);
    if (!parsed) {
        if (error)
            *error = why;
        return false;
    }
    const QString text = parsed->text();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE terminals SET allowed_networks = ? WHERE sn = ?"));
    q.addBindValue(text.isEmpty() ? nullText() : QVariant(text));
    q.addBindValue(sn);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = QStringLiteral("no terminal with serial %1").arg(sn);
        return false;
    }
    if (stored)
        *stored = text;
    return true;
}

bool TerminalStore::rename(QSqlDatabase db, const QString &sn, const QString &name, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE terminals SET name = ? WHERE sn = ?"));
    q.addBindValue(name);
    q.addBindValue(sn);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = QStringLiteral("no terminal with serial %1").arg(sn);
        return false;
    }
    return true;
}

QString TerminalStore::contentHash(int backupNum, const QString &data)
{
    const std::optional<QByteArray> bytes = credentialBytes(backupNum, data);
    const QByteArray in = bytes ? *bytes : data.trimmed().toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(in, QCryptographicHash::Sha256).left(16).toHex());
}

bool TerminalStore::noteCredential(QSqlDatabase db, qint64 terminalId, const CredentialRecord &c, qint64 nowMs,
                                   QString *error)
{
    const QString name = terminaltext::cleanedName(c.name);
    if (!noteUser(db, terminalId, c.enrollId, name.isEmpty() ? nullText() : QVariant(name),
                  c.admin ? QVariant(*c.admin) : nullInt(), c.enabled ? QVariant(int(*c.enabled)) : nullInt(), nowMs,
                  error))
        return false;
    if (c.backupNum < 0)
        return true;
    return noteHeld(db, terminalId, c.enrollId, c.backupNum, contentHash(c.backupNum, c.data), nowMs, error);
}

bool TerminalStore::noteListed(QSqlDatabase db, qint64 terminalId, const CredentialRecord &c, qint64 nowMs,
                               QString *error)
{
    return noteUser(db, terminalId, c.enrollId, nullText(), c.admin ? QVariant(*c.admin) : nullInt(), nullInt(), nowMs,
                    error);
}

bool TerminalStore::forgetNotSeenSince(QSqlDatabase db, qint64 terminalId, qint64 beforeMs, QString *error)
{
    for (const char *table : {"terminal_users", "terminal_user_info"}) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE terminal_id = ? AND seen_ms < ?").arg(QLatin1String(table)));
        q.addBindValue(terminalId);
        q.addBindValue(beforeMs);
        if (!run(q, error))
            return false;
    }
    return true;
}

bool TerminalStore::applyDoneCommand(QSqlDatabase db, qint64 commandId, qint64 nowMs, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT t.id, c.kind, c.payload FROM commands c JOIN terminals t ON t.sn = c.terminal_sn"
                             " WHERE c.id = ?"));
    q.addBindValue(commandId);
    if (!run(q, error))
        return false;
    if (!q.next())
        return true;
    const qint64 terminalId = q.value(0).toLongLong();
    const QString kind = q.value(1).toString();
    const QJsonObject payload = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
    q.finish();
    switch (fromName<CommandKind>(kind).value_or(CommandKind::TcpRead)) {
    case CommandKind::TcpWrite:
        return applyTcp(db, terminalId, payload, nowMs, error);
    case CommandKind::WsCommand:
        return applyWs(db, terminalId, wsCommand(kind).toString(), payload, nowMs, error);
    case CommandKind::TcpRead: // a read changes nothing the terminal holds; nor does a kind no table names
        break;
    }
    return true;
}

} // namespace termdesk::storage
