// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/credential.h"
#include "model/terminalinfo.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace termdesk::storage {

/// A terminal as the database knows it (for listings; the live state is the engine's).
struct TerminalRow
{
    QString sn;
    QString name;
    QString protocol;
    QString admission; ///< as stored (shown as is); fromName<Admission>() reads it
    QString model;
    QString firmware;
    QString peer;
    qint64 lastSeenMs = 0;
    std::optional<qint64> clockDriftS;
    qint64 punchesStored = 0;
    qint64 punchesDuplicate = 0;
    qint64 quarantined = 0;
    QString lastRefusal;
    QString identity;      ///< the hardware the serial is recorded on (docs/security.md)
    QString identityClaim; ///< other hardware that registered with the serial: the operator's alert
    QString identityClaimPeer;
    qint64 identityClaimMs = 0;
    QString allowedNetworks; ///< where it may register from; empty = anywhere (docs/security.md)
    /// The server holding its connection (docs/multi-pc.md): its lease row, empty when none.
    QString ownerServer;
    qint64 ownerExpiresMs = 0; ///< the lease ends then unless renewed (a server that died)
};

/// @brief Operator-side reads and edits of the terminals table. Any process may call these
/// while the engine runs: the engine reads admission from the database at every registration.
class TerminalStore
{
public:
    static QList<TerminalRow> list(QSqlDatabase db, QString *error);
    /// Approves, blocks or returns a terminal to pending. A serial not seen yet is added, so a
    /// terminal can be listed (approved or blocked) before it first connects.
    static bool setAdmission(QSqlDatabase db, const QString &sn, Admission admission, QString *error);
    static bool rename(QSqlDatabase db, const QString &sn, const QString &name, QString *error);
    /// The operator answers a "possible impostor or replaced hardware" alert (docs/security.md):
    /// accept makes the hardware that claimed the serial its recorded identity (the old one is
    /// then refused); block keeps refusing it without a new alert. Either clears the alert; an
    /// error when @p sn has none. @p claim gets the hardware concerned (for the audit detail).
    static bool acceptHardware(QSqlDatabase db, const QString &sn, QString *claim, QString *error);
    static bool blockHardware(QSqlDatabase db, const QString &sn, QString *claim, QString *error);
    /// The networks @p sn may register from (docs/security.md, "Allowed networks"): addresses or
    /// CIDR networks ("192.168.1.0/24, 10.0.0.7"); empty or "any": anywhere. @p stored gets the
    /// list as stored. An error when the list is not one or no terminal has @p sn.
    static bool setAllowedNetworks(QSqlDatabase db, const QString &sn, const QString &networks, QString *stored,
                                   QString *error);

    // What each terminal holds (terminal_users, terminal_user_info), for the roster comparison
    // (docs/roster.md). Called by the storage writer inside its transaction.

    /// A content hash of a credential, never the data: the SHA-256 (first 16 bytes, hex) of the
    /// credential's bytes as credentialBytes (model/credentialbytes.h) reads the stored text (so the WebSocket
    /// "(N)" form, a TCP terminal's hex and a data-URI prefix all hash alike); of the trimmed text
    /// when it cannot be read.
    static QString contentHash(int backupNum, const QString &data);
    /// The terminal sent this credential (getuserinfo answer, senduser, TCP report): the user is on
    /// it with this name / admin, and the credential with this content.
    static bool noteCredential(QSqlDatabase db, qint64 terminalId, const CredentialRecord &c, qint64 nowMs,
                               QString *error);
    /// The terminal listed this credential (getuserlist): the user is on it (admin if said).
    static bool noteListed(QSqlDatabase db, qint64 terminalId, const CredentialRecord &c, qint64 nowMs, QString *error);
    /// Command @p commandId just finished `done`: what it wrote to or deleted from the terminal
    /// (setuserinfo, setusername, enableuser, deleteuser, cleanuser, initsys, TCP upsert / delete)
    /// is now what the terminal holds. Other commands change nothing.
    /// A complete listing of the terminal ended: its presence rows (terminal_users, terminal_user_info)
    /// last seen before @p beforeMs are deleted.
    static bool forgetNotSeenSince(QSqlDatabase db, qint64 terminalId, qint64 beforeMs, QString *error);
    static bool applyDoneCommand(QSqlDatabase db, qint64 commandId, qint64 nowMs, QString *error);
};

} // namespace termdesk::storage
