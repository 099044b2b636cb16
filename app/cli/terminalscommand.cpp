// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalscommand.h"

#include "databaseoption.h"
#include "model/terminaltext.h"
#include "settings/settings.h"
#include "storage/auditlog.h"
#include "storage/database.h"
#include "storage/terminalstore.h"
#include "util/allowednetworks.h"
#include "util/devicetime.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>

namespace termdesk::cli {
namespace {

const QString CONNECTION = QStringLiteral("termdesk-cli");

int list(QSqlDatabase db)
{
    QString error;
    const QList<storage::TerminalRow> rows = storage::TerminalStore::list(db, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%-16s %-9s %-4s %-12s %-20s %-10s %9s %-20s %s\n", "SERIAL", "ADMISSION", "PROT", "MODEL",
                "LAST SEEN (UTC)", "DRIFT", "PUNCHES", "SERVER", "NAME");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const storage::TerminalRow &r : rows) {
        const QString seen = r.lastSeenMs > 0 ? devicetime::formatUtcIso(r.lastSeenMs) : QStringLiteral("never");
        const QString drift = r.clockDriftS ? QStringLiteral("%1 s").arg(*r.clockDriftS) : QStringLiteral("-");
        // The server holding its connection (docs/multi-pc.md); a lease past its end: that server
        // stopped renewing it (it died, or lost the database).
        const QString server = r.ownerServer.isEmpty()  ? QStringLiteral("-")
                               : r.ownerExpiresMs < now ? r.ownerServer + QStringLiteral(" (expired)")
                                                        : r.ownerServer;
        std::printf("%-16s %-9s %-4s %-12s %-20s %-10s %9lld %-20s %s\n", qPrintable(r.sn), qPrintable(r.admission),
                    qPrintable(r.protocol), qPrintable(r.model.left(12)), qPrintable(seen), qPrintable(drift),
                    static_cast<long long>(r.punchesStored), qPrintable(server), qPrintable(r.name));
        if (!r.identityClaim.isEmpty()) {
            // docs/security.md, "Terminal identity"
            std::printf("  ! possible impostor or replaced hardware: %s from %s at %s (recorded: %s);"
                        " termdesk terminal accept-hardware|block-hardware %s\n",
                        qPrintable(r.identityClaim), qPrintable(r.identityClaimPeer),
                        qPrintable(devicetime::formatUtcIso(r.identityClaimMs)), qPrintable(r.identity),
                        qPrintable(r.sn));
        }
        if (!r.allowedNetworks.isEmpty()) // docs/security.md, "Allowed networks"
            std::printf("  allowed networks: %s\n", qPrintable(r.allowedNetworks));
    }
    return 0;
}

/// networks: where the terminal may register from, audited.
int setNetworks(QSqlDatabase db, const QString &sn, const QString &networks)
{
    QString stored, error;
    const bool ok = storage::TerminalStore::setAllowedNetworks(db, sn, networks, &stored, &error);
    storage::AuditLog::record(db, storage::AuditLog::currentActor(QStringLiteral("cli")),
                              QStringLiteral("terminal networks"), sn, ok ? stored : networks.left(256),
                              ok ? QStringLiteral("ok") : error);
    if (!ok) {
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "termdesk: terminal %s: registers from %s\n", qPrintable(sn),
                 stored.isEmpty() ? "any address" : qPrintable(stored));
    return 0;
}

/// accept-hardware / block-hardware: the operator's answer to an identity alert, audited.
int resolveHardware(QSqlDatabase db, const QString &action, const QString &sn)
{
    QString claim, error;
    const bool ok = action == QLatin1String("accept-hardware")
                        ? storage::TerminalStore::acceptHardware(db, sn, &claim, &error)
                        : storage::TerminalStore::blockHardware(db, sn, &claim, &error);
    storage::AuditLog::record(db, storage::AuditLog::currentActor(QStringLiteral("cli")),
                              QStringLiteral("terminal ") + action, sn, claim, ok ? QStringLiteral("ok") : error);
    if (!ok) {
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "termdesk: terminal %s: %s %s\n", qPrintable(sn),
                 action == QLatin1String("accept-hardware") ? "now accepted on" : "refused from", qPrintable(claim));
    return 0;
}

} // namespace

int runTerminals(QCoreApplication &app, bool single)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(single ? QStringLiteral("Change one terminal: approve, block, pending, rename,"
                                                             " or answer a hardware alert (accept-hardware,"
                                                             " block-hardware), or set the networks it may"
                                                             " register from (networks SN LIST|any).")
                                            : QStringLiteral("List the terminals TermDesk knows."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    parser.addOptions({dataDir, database});
    if (single) {
        parser.addPositionalArgument(
            QStringLiteral("action"),
            QStringLiteral("approve | block | pending | rename | accept-hardware | block-hardware | networks"));
        parser.addPositionalArgument(QStringLiteral("serial"), QStringLiteral("the terminal's serial number (sn)"));
        parser.addPositionalArgument(QStringLiteral("name"),
                                     QStringLiteral("new name (rename); addresses or CIDR networks, comma-separated,"
                                                    " or any (networks)"),
                                     QStringLiteral("[name|networks]"));
    }
    QStringList args = app.arguments();
    args.removeAt(1); // the command word
    parser.process(args);

    const QStringList pos = parser.positionalArguments();
    std::optional<Admission> admission;
    const QString action = pos.value(0);
    const bool hardware = action == QLatin1String("accept-hardware") || action == QLatin1String("block-hardware");
    const bool networks = action == QLatin1String("networks");
    if (single) {
        if (action == QLatin1String("approve"))
            admission = Admission::Approved;
        else if (action == QLatin1String("block"))
            admission = Admission::Blocked;
        else if (action == QLatin1String("pending"))
            admission = Admission::Pending;
        else if (action != QLatin1String("rename") && !hardware && !networks) {
            std::fprintf(stderr,
                         "termdesk: terminal: '%s' is not one of approve, block, pending, rename, accept-hardware,"
                         " block-hardware, networks\n",
                         qPrintable(action));
            return 2;
        }
        if (pos.value(1).trimmed().isEmpty() || (!admission && !hardware && pos.size() < 3)) {
            std::fprintf(stderr, "termdesk: terminal %s: missing %s\n", qPrintable(action),
                         pos.value(1).trimmed().isEmpty() ? "serial"
                         : networks                       ? "networks (or any)"
                                                          : "name");
            return 2;
        }
        QString listError;
        if (networks && pos.value(2).trimmed().compare(QLatin1String("any"), Qt::CaseInsensitive) != 0 &&
            !net::AllowedNetworks::parse(pos.value(2), &listError)) {
            std::fprintf(stderr, "termdesk: terminal networks: %s\n", qPrintable(listError));
            return 2;
        }
        // A serial no terminal can register with (docs/security.md, "Input rules") is not listed.
        if (const std::optional<QString> why = terminaltext::serialRefusal(pos.value(1).trimmed(), u"serial")) {
            std::fprintf(stderr, "termdesk: terminal %s: %s\n", qPrintable(action), qPrintable(*why));
            return 2;
        }
    }

    QString error;
    const QString dir = Settings::resolveDataDir(parser.value(dataDir), &error);
    if (dir.isEmpty()) {
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
        return 1;
    }
    EngineConfig config = Settings(dir).engineConfig();
    if (!resolveDatabase(parser.value(database), config, &error)) {
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
        return 2;
    }
    storage::OpenOptions options;
    options.readOnly = !single;
    if (!storage::Database::open(config.databaseFile(), CONNECTION, options, &error)) {
        std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
        return 1;
    }
    int rc = 0;
    {
        QSqlDatabase db = storage::Database::get(CONNECTION);
        if (!single) {
            rc = list(db);
        } else if (hardware) {
            rc = resolveHardware(db, action, pos.value(1).trimmed());
        } else if (networks) {
            rc = setNetworks(db, pos.value(1).trimmed(), pos.value(2));
        } else {
            const QString sn = pos.value(1).trimmed();
            const bool ok = admission ? storage::TerminalStore::setAdmission(db, sn, *admission, &error)
                                      : storage::TerminalStore::rename(db, sn, pos.value(2), &error);
            storage::AuditLog::record(db, storage::AuditLog::currentActor(QStringLiteral("cli")),
                                      admission ? QStringLiteral("terminal ") + name(*admission)
                                                : QStringLiteral("terminal rename"),
                                      sn, admission ? QString() : pos.value(2), ok ? QStringLiteral("ok") : error);
            if (ok) {
                std::fprintf(stderr, "termdesk: terminal %s %s\n", qPrintable(sn),
                             admission ? name(*admission).data() : "renamed");
            } else {
                std::fprintf(stderr, "termdesk: %s\n", qPrintable(error));
                rc = 1;
            }
        }
    }
    storage::Database::close(CONNECTION);
    return rc;
}

} // namespace termdesk::cli
