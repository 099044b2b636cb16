// SPDX-License-Identifier: GPL-3.0-or-later
#include "rosterpush.h"

#include "model/commandkind.h"
#include "model/credential.h"
#include "model/credentialbytes.h"
#include "model/credentialkind.h"
#include "storage/commandstore.h"
#include "storage/database.h"
#include "tcp/tcpbodies.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <limits>

namespace termdesk::service {
namespace {

struct Credential
{
    int backupNum = 0;
    QString data;
    QString sourceSn;
    QString sourceFpAlgo;
};

struct User
{
    qint64 enrollId = 0;
    QString name;
    int admin = 0;
    bool enabled = true;
    QList<Credential> credentials;
};

/// A capacity the terminal reported (capacity and usage both known).
struct Room
{
    const char *what;
    qint64 capacity = 0;
    qint64 used = 0;
    qint64 left = 0;
    bool known = false;
};

enum Resource { Users, Fingerprints, Cards, Passwords, Faces, ResourceCount };

bool isFingerprint(int b)
{
    return credentialKind(b) == CredentialKind::Fingerprint;
}

bool isText(int b)
{
    const CredentialKind k = credentialKind(b);
    return k == CredentialKind::Password || k == CredentialKind::Card;
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString userLabel(const User &u)
{
    return u.name.isEmpty() ? QStringLiteral("user %1").arg(u.enrollId)
                            : QStringLiteral("user %1 (%2)").arg(u.enrollId).arg(u.name);
}

QString credentialLabel(int backupNum)
{
    return isFingerprint(backupNum)
               ? QStringLiteral("fingerprint %1").arg(backupNum)
               : QStringLiteral("%1 (backupnum %2)").arg(name(credentialKind(backupNum))).arg(backupNum);
}

tcp::TcpUser tcpUserOf(const User &u, const QList<std::pair<int, QByteArray>> &credentials)
{
    tcp::TcpUser t;
    t.enrollId = u.enrollId;
    t.name = u.name;
    t.admin = u.admin;
    t.disabled = !u.enabled;
    t.credentials = credentials;
    return t;
}

QJsonObject tcpJsonOf(const tcp::TcpUser &t)
{
    QJsonArray creds;
    for (const auto &[backupNum, bytes] : t.credentials)
        creds.append(QJsonObject{{QStringLiteral("backup_num"), backupNum},
                                 {QStringLiteral("data"), QString::fromLatin1(bytes.toBase64())}});
    return QJsonObject{{QStringLiteral("enroll_id"), t.enrollId},
                       {QStringLiteral("name"), t.name},
                       {QStringLiteral("admin"), t.admin},
                       {QStringLiteral("disabled"), t.disabled},
                       {QStringLiteral("credentials"), creds}};
}

qsizetype encodedSize(const QList<tcp::TcpUser> &users)
{
    tcp::TcpWriteRequest w;
    w.sequence = std::numeric_limits<quint32>::max(); // the longest sequence on the wire
    w.upsertUsers = users;
    return tcp::encodeWriteRequest(w).size();
}

} // namespace

QJsonValue RosterPush::wsRecord(int backupNum, const QString &data)
{
    if (isText(backupNum)) {
        const QString t = data.trimmed();
        bool digits = !t.isEmpty() && t.size() <= 18;
        for (const QChar c : t)
            digits = digits && c >= u'0' && c <= u'9';
        if (digits)
            return QJsonValue(t.toLongLong());
        return t;
    }
    return stripDataUri(data);
}

RosterPushPlan RosterPush::plan(QSqlDatabase db, const QString &sn, const QList<qint64> &enrollIds,
                                const CredentialFilter &keep)
{
    RosterPushPlan p;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, protocol, COALESCE(fpalgo, ''), user_capacity, users_used, fp_capacity,"
                             " fps_used, card_capacity, cards_used, pwd_capacity, pwds_used, face_capacity, faces_used"
                             " FROM terminals WHERE sn = ?"));
    q.addBindValue(sn);
    if (!q.exec()) {
        p.error = q.lastError().text();
        return p;
    }
    if (!q.next()) {
        p.error = QStringLiteral("no terminal with serial %1 (see termdesk terminals)").arg(sn);
        return p;
    }
    const qint64 terminalId = q.value(0).toLongLong();
    p.protocol = q.value(1).toString() == QLatin1String("tcp") ? QStringLiteral("tcp") : QStringLiteral("ws");
    const QString fpAlgo = q.value(2).toString().trimmed();
    Room room[ResourceCount] = {{"users"}, {"fingerprints"}, {"cards"}, {"passwords"}, {"faces"}};
    for (int r = 0; r < ResourceCount; ++r) {
        const QVariant cap = q.value(3 + 2 * r);
        const QVariant used = q.value(4 + 2 * r);
        if (!cap.isNull() && !used.isNull() && cap.toLongLong() > 0) {
            room[r].known = true;
            room[r].capacity = cap.toLongLong();
            room[r].used = used.toLongLong();
            room[r].left = qMax<qint64>(0, room[r].capacity - room[r].used);
        }
    }
    q.finish();

    // The users, in enroll id order.
    QList<User> users;
    QHash<qint64, qsizetype> index;
    if (!q.exec(QStringLiteral("SELECT enroll_id, name, admin, enabled FROM users ORDER BY enroll_id"))) {
        p.error = q.lastError().text();
        return p;
    }
    const QSet<qint64> wanted(enrollIds.cbegin(), enrollIds.cend());
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (!wanted.isEmpty() && !wanted.contains(id))
            continue;
        index.insert(id, users.size());
        users.append(User{id, q.value(1).toString(), q.value(2).toInt(), q.value(3).toInt() != 0, {}});
    }
    for (const qint64 id : enrollIds) {
        if (!index.contains(id)) {
            ++p.usersRefused;
            p.messages.append(QStringLiteral("user %1 refused: not in the roster").arg(id));
        }
    }
    if (!q.exec(QStringLiteral("SELECT c.enroll_id, c.backup_num, c.data, COALESCE(t.sn, ''), COALESCE(t.fpalgo, '')"
                               " FROM credentials c LEFT JOIN terminals t ON t.id = c.source_terminal_id"
                               " ORDER BY c.enroll_id, c.backup_num"))) {
        p.error = q.lastError().text();
        return p;
    }
    while (q.next()) {
        const auto it = index.constFind(q.value(0).toLongLong());
        if (it != index.cend() && (!keep || keep(q.value(0).toLongLong(), q.value(1).toInt())))
            users[*it].credentials.append(Credential{q.value(1).toInt(), q.value(2).toString(), q.value(3).toString(),
                                                     q.value(4).toString().trimmed()});
    }
    // What the terminal already holds (needs no new room).
    QSet<qint64> onTerminal;
    QSet<std::pair<qint64, int>> credsOnTerminal;
    q.prepare(QStringLiteral("SELECT enroll_id, backup_num FROM terminal_users WHERE terminal_id = ?"));
    q.addBindValue(terminalId);
    if (!q.exec()) {
        p.error = q.lastError().text();
        return p;
    }
    while (q.next()) {
        onTerminal.insert(q.value(0).toLongLong());
        credsOnTerminal.insert({q.value(0).toLongLong(), q.value(1).toInt()});
    }
    q.finish();

    QList<tcp::TcpUser> batch; // TCP: the users of the request being filled
    QString batchFirst;
    auto flushBatch = [&] {
        if (batch.isEmpty())
            return;
        QJsonArray upsert;
        for (const tcp::TcpUser &t : batch)
            upsert.append(tcpJsonOf(t));
        const QString who = batch.size() == 1
                                ? QStringLiteral("user %1").arg(batch.first().enrollId)
                                : QStringLiteral("users %1-%2").arg(batch.first().enrollId).arg(batch.last().enrollId);
        p.commands.append(PushCommand{QString(termdesk::name(CommandKind::TcpWrite)),
                                      compact(QJsonObject{{QStringLiteral("upsert"), upsert}}), who});
        batch.clear();
    };

    for (User &u : users) {
        const QString label = userLabel(u);
        // 1. fingerprint templates of another algorithm are not sent
        QList<Credential> creds;
        for (const Credential &c : std::as_const(u.credentials)) {
            if (isFingerprint(c.backupNum) && !fpAlgo.isEmpty() && !c.sourceFpAlgo.isEmpty() &&
                c.sourceFpAlgo.compare(fpAlgo, Qt::CaseInsensitive) != 0) {
                ++p.credentialsSkipped;
                p.messages.append(QStringLiteral("%1 fingerprint %2 not sent: enrolled on %3 (fpalgo %4), %5 uses "
                                                 "fpalgo %6")
                                      .arg(label)
                                      .arg(c.backupNum)
                                      .arg(c.sourceSn, c.sourceFpAlgo, sn, fpAlgo));
                continue;
            }
            creds.append(c);
        }
        // 2. TCP: the bytes (a credential whose stored text cannot be read is skipped)
        QList<std::pair<int, QByteArray>> bytes;
        if (p.protocol == QLatin1String("tcp")) {
            QList<Credential> readable;
            for (const Credential &c : std::as_const(creds)) {
                const std::optional<QByteArray> b = credentialBytes(c.backupNum, c.data);
                if (!b) {
                    ++p.credentialsSkipped;
                    p.messages.append(QStringLiteral("%1 %2 not sent: the stored data cannot be read")
                                          .arg(label, credentialLabel(c.backupNum)));
                    continue;
                }
                bytes.append({c.backupNum, *b});
                readable.append(c);
            }
            creds = readable;
        }
        // 3. room on the terminal
        qint64 need[ResourceCount] = {};
        need[Users] = onTerminal.contains(u.enrollId) ? 0 : 1;
        bool newFace = false;
        for (const Credential &c : std::as_const(creds)) {
            if (credsOnTerminal.contains({u.enrollId, c.backupNum}))
                continue;
            const CredentialKind kind = credentialKind(c.backupNum);
            if (kind == CredentialKind::Fingerprint)
                ++need[Fingerprints];
            else if (kind == CredentialKind::Card)
                ++need[Cards];
            else if (kind == CredentialKind::Password)
                ++need[Passwords];
            else if (takesFaceSlot(kind))
                newFace = true;
        }
        need[Faces] = newFace ? 1 : 0;
        QStringList short_;
        for (int r = 0; r < ResourceCount; ++r) {
            if (room[r].known && need[r] > room[r].left)
                short_.append(QStringLiteral("%1 %2 more %3 (capacity %4, %5 used, %6 left)")
                                  .arg(QStringLiteral("needs"))
                                  .arg(need[r])
                                  .arg(QLatin1String(room[r].what))
                                  .arg(room[r].capacity)
                                  .arg(room[r].used)
                                  .arg(room[r].left));
        }
        if (!short_.isEmpty()) {
            ++p.usersRefused;
            p.messages.append(
                QStringLiteral("%1 refused: does not fit on %2: %3").arg(label, sn, short_.join(QStringLiteral("; "))));
            continue;
        }
        // 4. the commands
        if (p.protocol == QLatin1String("tcp")) {
            const tcp::TcpUser t = tcpUserOf(u, bytes);
            const qsizetype alone = encodedSize({t});
            if (alone >= TCP_MAX_BODY) {
                ++p.usersRefused;
                p.messages.append(QStringLiteral("%1 refused: its credentials need %2 bytes, more than one TCP "
                                                 "request carries (%3)")
                                      .arg(label)
                                      .arg(alone)
                                      .arg(TCP_MAX_BODY));
                continue;
            }
            QList<tcp::TcpUser> candidate = batch;
            candidate.append(t);
            if (encodedSize(candidate) >= TCP_MAX_BODY) {
                flushBatch();
                batch.append(t);
            } else {
                batch = candidate;
            }
        } else if (creds.isEmpty()) {
            p.commands.append(
                PushCommand{wsKind(u"setusername"),
                            compact(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("setusername")},
                                                {QStringLiteral("count"), 1},
                                                {QStringLiteral("record"),
                                                 QJsonArray{QJsonObject{{QStringLiteral("enrollid"), u.enrollId},
                                                                        {QStringLiteral("name"), u.name}}}}}),
                            QStringLiteral("user %1 name").arg(u.enrollId)});
        } else {
            for (const Credential &c : std::as_const(creds)) {
                p.commands.append(
                    PushCommand{wsKind(u"setuserinfo"),
                                compact(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("setuserinfo")},
                                                    {QStringLiteral("enrollid"), u.enrollId},
                                                    {QStringLiteral("name"), u.name},
                                                    {QStringLiteral("backupnum"), c.backupNum},
                                                    {QStringLiteral("admin"), u.admin},
                                                    {QStringLiteral("record"), wsRecord(c.backupNum, c.data)}}),
                                QStringLiteral("user %1 %2").arg(u.enrollId).arg(credentialLabel(c.backupNum))});
            }
        }
        if (p.protocol == QLatin1String("ws") && !u.enabled)
            p.commands.append(PushCommand{wsKind(u"enableuser"),
                                          compact(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("enableuser")},
                                                              {QStringLiteral("enrollid"), u.enrollId},
                                                              {QStringLiteral("enflag"), 0}}),
                                          QStringLiteral("user %1 disabled").arg(u.enrollId)});
        for (int r = 0; r < ResourceCount; ++r)
            room[r].left -= need[r];
        onTerminal.insert(u.enrollId);
        ++p.usersPushed;
    }
    flushBatch();
    p.ok = true;
    return p;
}

QList<qint64> RosterPush::queue(QSqlDatabase db, const QString &sn, const RosterPushPlan &plan, const QString &origin,
                                QString *error)
{
    QList<qint64> ids;
    if (!storage::Database::beginWrite(db, error))
        return ids;
    for (const PushCommand &c : plan.commands) {
        const qint64 id = storage::CommandStore::enqueue(db, sn, plan.protocol, c.kind, c.payload, origin, error);
        if (id == 0) {
            db.rollback();
            return {};
        }
        ids.append(id);
    }
    if (!db.commit()) {
        *error = db.lastError().text();
        db.rollback();
        return {};
    }
    return ids;
}

} // namespace termdesk::service
