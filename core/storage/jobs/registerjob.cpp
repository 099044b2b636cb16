// SPDX-License-Identifier: GPL-3.0-or-later
#include "registerjob.h"

#include "model/admission.h"
#include "storage/jobcontext.h"
#include "storage/terminalcolumns.h"
#include "util/allowednetworks.h"
#include "util/devicetime.h"

namespace termdesk::storage {
namespace {

constexpr int ALL_INFO = InfoIdentity | InfoCounts | InfoClock;
constexpr const char *NEW_TERMINAL_COLUMNS[] = {"sn", "protocol", "admission", "first_seen_ms", "last_seen_ms"};

QString findSql(const SqlDialect &)
{
    return QStringLiteral(
        "SELECT id, admission, utc_offset_min, identity, identity_blocked, allowed_networks FROM terminals"
        " WHERE sn = :sn");
}

QString insertTerminalSql(const SqlDialect &d)
{
    return insertSql("terminals", NEW_TERMINAL_COLUMNS) + d.returningId();
}

QString updateTerminalSql(const SqlDialect &d)
{
    return QStringLiteral("UPDATE terminals SET protocol = :protocol, last_seen_ms = %1, ws_path = :ws_path,"
                          " peer_address = :peer_address, %2, clock_drift_s = COALESCE(:clock_drift_s, clock_drift_s),"
                          " admission = :admission, last_refusal = CASE WHEN :accepted THEN NULL ELSE last_refusal END,"
                          " identity = COALESCE(identity, :identity)"
                          " WHERE id = :id")
        .arg(d.greatest(QStringLiteral("last_seen_ms"), QStringLiteral(":seen_ms")), terminalInfoAssignments(ALL_INFO));
}

/// Other hardware claimed the serial: kept for the operator's alert; nothing else is recorded.
QString claimSql(const SqlDialect &)
{
    return QStringLiteral("UPDATE terminals SET identity_claim = :claim, identity_claim_peer = :peer,"
                          " identity_claim_ms = :at WHERE id = :id");
}

} // namespace

bool RegisterJob::run(JobContext &ctx, Result &out) const
{
    QSqlQuery *find = ctx.statement(findSql);
    if (!find)
        return false;
    find->bindValue(QStringLiteral(":sn"), sn);
    if (!ctx.exec(*find))
        return false;
    const bool known = find->next();
    QString recordedIdentity, blockedIdentity, allowedNetworks;
    // Stored text no Admission names (written by hand?) is taken as pending: refused until an
    // operator approves it, and rewritten as "pending" below.
    Admission admission =
        known ? fromName<Admission>(find->value(1).toString()).value_or(Admission::Pending) : Admission::Pending;
    if (known) {
        out.terminalId = find->value(0).toLongLong();
        if (!find->value(2).isNull())
            out.utcOffsetMin = find->value(2).toInt();
        recordedIdentity = find->value(3).toString();
        blockedIdentity = find->value(4).toString();
        allowedNetworks = find->value(5).toString();
    }
    find->finish();

    if (!known) {
        if (policy == AdmissionPolicy::Closed)
            return true; // nothing stored for strangers while closed
        admission = policy == AdmissionPolicy::Open ? Admission::Approved : Admission::Pending;
        QSqlQuery *ins = ctx.statement(insertTerminalSql);
        if (!ins)
            return false;
        ins->bindValue(QStringLiteral(":sn"), sn);
        ins->bindValue(QStringLiteral(":protocol"), protocolName(protocol));
        ins->bindValue(QStringLiteral(":admission"), QString(name(admission)));
        ins->bindValue(QStringLiteral(":first_seen_ms"), arrivalMs);
        ins->bindValue(QStringLiteral(":last_seen_ms"), arrivalMs);
        if (!ctx.exec(*ins))
            return false;
        out.terminalId = insertedId(*ins);
        out.isNew = true;
    } else if (admission == Admission::Pending && policy == AdmissionPolicy::Open) {
        admission = Admission::Approved;
    }

    out.stored = true;
    out.admission = admission;

    // Allowed networks (TerminalStore::setAllowedNetworks): from any other address nothing is
    // recorded and the registration is refused. A list no one could have written (edited by
    // hand) refuses every address.
    if (!allowedNetworks.isEmpty()) {
        const std::optional<net::AllowedNetworks> allowed = net::AllowedNetworks::parse(allowedNetworks);
        if (!allowed || !allowed->allows(net::peerHost(peer))) {
            out.networkRefused = true;
            return true;
        }
    }

    // Terminal identity: a serial admitted on some hardware is refused from any other until the
    // operator accepts that one (storage::TerminalStore::acceptHardware). Only an admitted
    // terminal is checked (a pending or blocked one is refused anyway), and nothing the
    // impostor says overwrites what the real terminal reported.
    if (admission == Admission::Approved && !recordedIdentity.isEmpty() && !identity.isEmpty() &&
        identity != recordedIdentity) {
        out.identityMismatch = true;
        out.recordedIdentity = recordedIdentity;
        if (identity == blockedIdentity) {
            out.identityBlocked = true;
            return true;
        }
        QSqlQuery *c = ctx.statement(claimSql);
        if (!c)
            return false;
        c->bindValue(QStringLiteral(":claim"), identity);
        c->bindValue(QStringLiteral(":peer"), textOrNull(peer));
        c->bindValue(QStringLiteral(":at"), arrivalMs);
        c->bindValue(QStringLiteral(":id"), out.terminalId);
        return ctx.exec(*c);
    }

    if (const auto device = devicetime::parseLocal(info.deviceTime))
        out.driftSeconds = *device - devicetime::nowLocalEpoch(arrivalMs, out.utcOffsetMin);
    QSqlQuery *u = ctx.statement(updateTerminalSql);
    if (!u)
        return false;
    u->bindValue(QStringLiteral(":protocol"), protocolName(protocol));
    u->bindValue(QStringLiteral(":seen_ms"), arrivalMs);
    u->bindValue(QStringLiteral(":ws_path"), textOrNull(wsPath));
    u->bindValue(QStringLiteral(":peer_address"), textOrNull(peer));
    bindTerminalInfo(*u, info, ALL_INFO);
    u->bindValue(QStringLiteral(":clock_drift_s"), intOrNull(out.driftSeconds));
    u->bindValue(QStringLiteral(":admission"), QString(name(admission)));
    // An approved registration clears the last refusal; TerminalRefusalJob records one.
    u->bindValue(QStringLiteral(":accepted"), out.admission == Admission::Approved);
    // Recorded at the first admitted registration (or the first under open admission).
    u->bindValue(QStringLiteral(":identity"),
                 out.admission == Admission::Approved ? textOrNull(identity) : textOrNull(QString()));
    u->bindValue(QStringLiteral(":id"), out.terminalId);
    return ctx.exec(*u);
}

} // namespace termdesk::storage
