// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalscommand.h"

#include "databaseoption.h"
#include "settings/settings.h"
#include "storage/auditlog.h"
#include "storage/database.h"
#include "storage/terminalstore.h"
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
    std::printf("%-16s %-9s %-4s %-12s %-20s %-10s %9s %s\n", "SERIAL", "ADMISSION", "PROT", "MODEL", "LAST SEEN (UTC)",
                "DRIFT", "PUNCHES", "NAME");
    for (const storage::TerminalRow &r : rows) {
        const QString seen = r.lastSeenMs > 0 ? devicetime::formatUtcIso(r.lastSeenMs) : QStringLiteral("never");
        const QString drift = r.clockDriftS ? QStringLiteral("%1 s").arg(*r.clockDriftS) : QStringLiteral("-");
        std::printf("%-16s %-9s %-4s %-12s %-20s %-10s %9lld %s\n", qPrintable(r.sn), qPrintable(r.admission),
                    qPrintable(r.protocol), qPrintable(r.model.left(12)), qPrintable(seen), qPrintable(drift),
                    static_cast<long long>(r.punchesStored), qPrintable(r.name));
    }
    return 0;
}

} // namespace

int runTerminals(QCoreApplication &app, bool single)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(single ? QStringLiteral("Change one terminal: approve, block, pending or rename.")
                                            : QStringLiteral("List the terminals TermDesk knows."));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    parser.addOptions({dataDir, database});
    if (single) {
        parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("approve | block | pending | rename"));
        parser.addPositionalArgument(QStringLiteral("serial"), QStringLiteral("the terminal's serial number (sn)"));
        parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("new name (rename only)"),
                                     QStringLiteral("[name]"));
    }
    QStringList args = app.arguments();
    args.removeAt(1); // the command word
    parser.process(args);

    const QStringList pos = parser.positionalArguments();
    std::optional<Admission> admission;
    if (single) {
        const QString action = pos.value(0);
        if (action == QLatin1String("approve"))
            admission = Admission::Approved;
        else if (action == QLatin1String("block"))
            admission = Admission::Blocked;
        else if (action == QLatin1String("pending"))
            admission = Admission::Pending;
        else if (action != QLatin1String("rename")) {
            std::fprintf(stderr, "termdesk: terminal: '%s' is not one of approve, block, pending, rename\n",
                         qPrintable(action));
            return 2;
        }
        if (pos.value(1).trimmed().isEmpty() || (!admission && pos.size() < 3)) {
            std::fprintf(stderr, "termdesk: terminal %s: missing %s\n", qPrintable(action),
                         pos.value(1).trimmed().isEmpty() ? "serial" : "name");
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
