// SPDX-License-Identifier: GPL-3.0-or-later
#include "subcommands.h"

#include "apikeycommand.h"
#include "backupcommand.h"
#include "commandscommand.h"
#include "dbcommand.h"
#include "exportcommand.h"
#include "photoscommand.h"
#include "terminalscommand.h"
#include "tlscommand.h"
#include "userscommand.h"
#include "webhookcommand.h"

#include <QStringList>

#include <algorithm>
#include <array>

namespace termdesk::cli {
namespace {

const std::array<Subcommand, 14> SUBCOMMANDS{{
    {"export-csv",
     "FILE|- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--terminal SN] [--bom] [--format v1|v2] "
     "[--after CURSOR|--state FILE] [--raw-text]",
     "attendance to CSV", runExportCsv},
    {"terminals", "", "the terminals TermDesk knows: admission, last seen, clock drift, hardware alerts",
     [](QCoreApplication &app) { return runTerminals(app, false); }},
    {"terminal", "approve|block|pending|accept-hardware|block-hardware SN | rename SN NAME | networks SN LIST|any",
     "admit, block or rename one terminal; answer its hardware alert; where it may register from",
     [](QCoreApplication &app) { return runTerminals(app, true); }},
    {"users", "export FILE|- | import FILE", "the central roster as CSV, bulk create / update of users", runUsers},
    {"command", "--terminal SN ACTION", "queue a command for a terminal (delivered when it is reachable)", runCommand},
    {"commands", "[--terminal SN] [--state S]", "follow the command queue", runCommandList},
    {"audit", "[--limit N]", "operator actions: who, what, when, result", runAuditList},
    {"api-key", "create NAME --scope read|commands | list | revoke NAME|ID",
     "keys of the local REST API (the key is printed once, stored hashed)", runApiKey},
    {"webhook",
     "add URL --events LIST [--batch N] | list | test|pause|resume|remove|rotate-secret ID | replay ID --after "
     "CURSOR | deliveries [ID]",
     "signed HTTP POSTs of punches and events to your endpoints (the secret is printed once)", runWebhook},
    {"backup", "[--to DIR]", "a consistent copy of the database, also while the server runs", runBackup},
    {"restore", "FILE", "check a backup and make it the database (the server stopped)", runRestore},
    {"photos", "purge [--older-than DAYS]", "delete stored punch photos older than DAYS (biometric data)", runPhotos},
    {"db", "migrate [--database URL] | copy --from-data-dir DIR --to URL",
     "create or upgrade the store's schema (SQLite or PostgreSQL); move a single PC into a shared store", runDb},
    {"tls", "generate [--days N] [--host NAME]... [--force] | show",
     "a self-signed certificate for wss://, and the fingerprint to enter on the terminal", runTls},
}};

} // namespace

std::span<const Subcommand> subcommands()
{
    return SUBCOMMANDS;
}

const Subcommand *findSubcommand(QStringView name)
{
    const auto *it = std::find_if(SUBCOMMANDS.cbegin(), SUBCOMMANDS.cend(),
                                  [name](const Subcommand &c) { return name == QLatin1String(c.name); });
    return it == SUBCOMMANDS.cend() ? nullptr : &*it;
}

QString subcommandNames()
{
    QStringList names;
    for (const Subcommand &c : SUBCOMMANDS)
        names.append(QLatin1String(c.name));
    return names.join(QLatin1String(", "));
}

} // namespace termdesk::cli
