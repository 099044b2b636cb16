// SPDX-License-Identifier: GPL-3.0-or-later
#include "schema.h"

#include "sqldialect.h"
#include "util/logging.h"

#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace termdesk::storage {
namespace {

const QLatin1String NEVER_REUSED_ID("%NEVER_REUSED_ID%");

/// One migration step: its statements, run in one transaction, and the table whose references
/// are checked before the commit when the step rebuilt a table that others reference.
struct Step
{
    Step(std::initializer_list<QString> statements) : sql(statements) {} // NOLINT: a plain list is a step
    Step(QStringList statements, const char *checkTable) : sql(std::move(statements)), referencesChecked(checkTable) {}
    QStringList sql;
    const char *referencesChecked = nullptr;
};

// Each step is a list of statements; steps are append-only: never edit a released step,
// add a new one. One text serves SQLite and PostgreSQL; where they differ, a token says so and
// MigrationDialect::statement replaces it: "%ID%" the auto-increment primary key, "%REAL%" a
// double (PostgreSQL's REAL is single precision), "%NEVER_REUSED_ID%" a primary key that never
// hands out an id twice (MigrationDialect::neverReusedIdColumn): a step that uses it is only
// recorded, not run, on an engine where "%ID%" already is one (PostgreSQL).
const QList<Step> &steps()
{
    static const QList<Step> list = {
        // 1: terminals, users, credentials, punches, door events, quarantine.
        {
            QStringLiteral("CREATE TABLE terminals ("
                           " id %ID%,"
                           " sn TEXT NOT NULL UNIQUE,"
                           " protocol TEXT NOT NULL,"
                           " name TEXT NOT NULL DEFAULT '',"
                           " admission TEXT NOT NULL,"
                           " model TEXT, firmware TEXT, cpusn TEXT, mac TEXT, fpalgo TEXT,"
                           " user_capacity BIGINT, users_used BIGINT,"
                           " fp_capacity BIGINT, fps_used BIGINT,"
                           " face_capacity BIGINT, faces_used BIGINT,"
                           " palm_capacity BIGINT, palms_used BIGINT,"
                           " card_capacity BIGINT, cards_used BIGINT,"
                           " pwd_capacity BIGINT, pwds_used BIGINT,"
                           " log_capacity BIGINT, logs_used BIGINT, new_logs BIGINT,"
                           " battery_percent INTEGER,"
                           " devinfo_json TEXT,"
                           " ws_path TEXT, peer_address TEXT,"
                           " device_time TEXT, clock_drift_s BIGINT,"
                           " utc_offset_min INTEGER,"
                           " first_seen_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL,"
                           " last_refusal TEXT,"
                           " punches_received BIGINT NOT NULL DEFAULT 0,"
                           " punches_stored BIGINT NOT NULL DEFAULT 0,"
                           " punches_duplicate BIGINT NOT NULL DEFAULT 0,"
                           " records_quarantined BIGINT NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE TABLE users ("
                           " enroll_id BIGINT PRIMARY KEY,"
                           " name TEXT NOT NULL DEFAULT '',"
                           " admin INTEGER NOT NULL DEFAULT 0,"
                           " enabled INTEGER NOT NULL DEFAULT 1,"
                           " updated_ms BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE credentials ("
                           " enroll_id BIGINT NOT NULL,"
                           " backup_num INTEGER NOT NULL,"
                           " data TEXT NOT NULL,"
                           " updated_ms BIGINT NOT NULL,"
                           " source_terminal_id BIGINT,"
                           " PRIMARY KEY (enroll_id, backup_num))"),
            QStringLiteral("CREATE TABLE terminal_users ("
                           " terminal_id BIGINT NOT NULL REFERENCES terminals(id) ON DELETE CASCADE,"
                           " enroll_id BIGINT NOT NULL,"
                           " backup_num INTEGER NOT NULL,"
                           " seen_ms BIGINT NOT NULL,"
                           " PRIMARY KEY (terminal_id, enroll_id, backup_num))"),
            // The de-dup key leads with the time so the index is append-mostly (see
            // docs/performance.md: a terminal-leading key is ~10x slower to insert into).
            QStringLiteral("CREATE TABLE punches ("
                           " id %ID%,"
                           " terminal_id BIGINT NOT NULL REFERENCES terminals(id),"
                           " enroll_id BIGINT NOT NULL,"
                           " local_time TEXT NOT NULL,"
                           " verify_mode INTEGER NOT NULL,"
                           " in_out INTEGER NOT NULL,"
                           " event INTEGER NOT NULL,"
                           " utc_ms BIGINT NOT NULL,"
                           " utc_offset_min INTEGER NOT NULL,"
                           " temperature %REAL%,"
                           " name TEXT,"
                           " received_ms BIGINT NOT NULL,"
                           " flags INTEGER NOT NULL DEFAULT 0,"
                           " UNIQUE (local_time, terminal_id, enroll_id, verify_mode, in_out, event))"),
            QStringLiteral("CREATE INDEX punches_utc ON punches (utc_ms)"),
            QStringLiteral("CREATE TABLE punch_photos ("
                           " punch_id BIGINT PRIMARY KEY REFERENCES punches(id) ON DELETE CASCADE,"
                           " image TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE door_events ("
                           " id %ID%,"
                           " terminal_id BIGINT NOT NULL REFERENCES terminals(id),"
                           " local_time TEXT NOT NULL,"
                           " verify_mode INTEGER NOT NULL,"
                           " in_out INTEGER NOT NULL,"
                           " event INTEGER NOT NULL,"
                           " utc_ms BIGINT NOT NULL,"
                           " utc_offset_min INTEGER NOT NULL,"
                           " received_ms BIGINT NOT NULL,"
                           " UNIQUE (local_time, terminal_id, verify_mode, in_out, event))"),
            QStringLiteral("CREATE TABLE quarantine ("
                           " id %ID%,"
                           " terminal_id BIGINT REFERENCES terminals(id),"
                           " received_ms BIGINT NOT NULL,"
                           " kind TEXT NOT NULL,"
                           " reason TEXT NOT NULL,"
                           " raw TEXT NOT NULL)"),
        },
        // 2: the durable command queue (both protocols) and terminal alarms.
        {
            QStringLiteral("CREATE TABLE commands ("
                           " id %ID%,"
                           " terminal_sn TEXT NOT NULL,"
                           " protocol TEXT NOT NULL,"
                           " kind TEXT NOT NULL,"
                           " payload TEXT NOT NULL,"
                           " state TEXT NOT NULL,"
                           " tries INTEGER NOT NULL DEFAULT 0,"
                           " created_ms BIGINT NOT NULL,"
                           " updated_ms BIGINT NOT NULL,"
                           " sent_ms BIGINT,"
                           " finished_ms BIGINT,"
                           " result TEXT,"
                           " reason TEXT,"
                           " origin TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX commands_by_terminal ON commands (terminal_sn, state, id)"),
            QStringLiteral("CREATE TABLE alarms ("
                           " id %ID%,"
                           " terminal_id BIGINT NOT NULL REFERENCES terminals(id),"
                           " code BIGINT NOT NULL,"
                           " text TEXT NOT NULL,"
                           " utc_ms BIGINT NOT NULL,"
                           " received_ms BIGINT NOT NULL,"
                           " UNIQUE (utc_ms, terminal_id, code))"),
        },
        // 3: operator actions (who, what, when, result).
        {
            QStringLiteral("CREATE TABLE audit ("
                           " id %ID%,"
                           " at_ms BIGINT NOT NULL,"
                           " actor TEXT NOT NULL,"
                           " action TEXT NOT NULL,"
                           " target TEXT NOT NULL DEFAULT '',"
                           " detail TEXT NOT NULL DEFAULT '',"
                           " result TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX audit_at ON audit (at_ms)"),
        },
        // 4: what each terminal holds, for the roster comparison (docs/roster.md): a content hash
        // per credential and the user's name / admin / enabled as the terminal has them.
        {
            QStringLiteral("ALTER TABLE terminal_users ADD COLUMN data_hash TEXT"),
            QStringLiteral("CREATE TABLE terminal_user_info ("
                           " terminal_id BIGINT NOT NULL REFERENCES terminals(id) ON DELETE CASCADE,"
                           " enroll_id BIGINT NOT NULL,"
                           " name TEXT,"
                           " admin INTEGER,"
                           " enabled INTEGER,"
                           " seen_ms BIGINT NOT NULL,"
                           " PRIMARY KEY (terminal_id, enroll_id))"),
        },
        // 5: punch ids are a cursor in insertion order (docs/csv-export.md, "Incremental export"),
        // so a deleted punch must not free its id. SQLite rebuilds the table with AUTOINCREMENT
        // (sqlite.org/lang_altertable.html, "other kinds of table schema changes"): ids, the
        // de-duplication key, the index and punch_photos' references are kept.
        Step{QStringList{
                 QStringLiteral("CREATE TABLE punches_v5 ("
                                " id %NEVER_REUSED_ID%,"
                                " terminal_id BIGINT NOT NULL REFERENCES terminals(id),"
                                " enroll_id BIGINT NOT NULL,"
                                " local_time TEXT NOT NULL,"
                                " verify_mode INTEGER NOT NULL,"
                                " in_out INTEGER NOT NULL,"
                                " event INTEGER NOT NULL,"
                                " utc_ms BIGINT NOT NULL,"
                                " utc_offset_min INTEGER NOT NULL,"
                                " temperature REAL,"
                                " name TEXT,"
                                " received_ms BIGINT NOT NULL,"
                                " flags INTEGER NOT NULL DEFAULT 0,"
                                " UNIQUE (local_time, terminal_id, enroll_id, verify_mode, in_out, event))"),
                 QStringLiteral("INSERT INTO punches_v5 (id, terminal_id, enroll_id, local_time, verify_mode, in_out,"
                                " event, utc_ms, utc_offset_min, temperature, name, received_ms, flags)"
                                " SELECT id, terminal_id, enroll_id, local_time, verify_mode, in_out,"
                                " event, utc_ms, utc_offset_min, temperature, name, received_ms, flags"
                                " FROM punches ORDER BY id"),
                 QStringLiteral("DROP TABLE punches"),
                 QStringLiteral("ALTER TABLE punches_v5 RENAME TO punches"),
                 QStringLiteral("CREATE INDEX punches_utc ON punches (utc_ms)"),
             },
             "punch_photos"},
        // 6: terminal identity (docs/security.md): the hardware a serial was admitted on, what a
        // different one claimed last (the operator's alert), and the hardware the operator blocked.
        {
            QStringLiteral("ALTER TABLE terminals ADD COLUMN identity TEXT"),
            QStringLiteral("ALTER TABLE terminals ADD COLUMN identity_claim TEXT"),
            QStringLiteral("ALTER TABLE terminals ADD COLUMN identity_claim_peer TEXT"),
            QStringLiteral("ALTER TABLE terminals ADD COLUMN identity_claim_ms BIGINT"),
            QStringLiteral("ALTER TABLE terminals ADD COLUMN identity_blocked TEXT"),
        },
        // 7: the networks a terminal may register from (docs/security.md, "Allowed networks").
        {
            QStringLiteral("ALTER TABLE terminals ADD COLUMN allowed_networks TEXT"),
        },
        // 8: the REST API's keys (docs/integration.md): a SHA-256 hash of each key, never the key;
        // and what each Idempotency-Key of POST /api/v1/commands queued, per key.
        {
            QStringLiteral("CREATE TABLE api_keys ("
                           " id %ID%,"
                           " name TEXT NOT NULL UNIQUE,"
                           " scope TEXT NOT NULL,"
                           " key_hash TEXT NOT NULL UNIQUE,"
                           " created_ms BIGINT NOT NULL,"
                           " revoked_ms BIGINT)"),
            QStringLiteral("CREATE TABLE api_idempotency ("
                           " api_key_id BIGINT NOT NULL REFERENCES api_keys(id),"
                           " idem_key TEXT NOT NULL,"
                           " request_hash TEXT NOT NULL,"
                           " command_id BIGINT NOT NULL,"
                           " created_ms BIGINT NOT NULL,"
                           " PRIMARY KEY (api_key_id, idem_key))"),
        },
        // 9: webhooks (docs/integration.md, "Webhooks"). An endpoint's secret is kept as it is (it
        // signs every request, so it cannot be a hash; docs/security.md says what that means), its
        // cursors (the last punch id and event id delivered), the range of a request that has not
        // succeeded yet (retried as it was, with the same webhook-id), its retry state; the events
        // that are not punches (the punches table is the punches' outbox); every attempt's result.
        // `revision` counts the operator's changes: the dispatcher writes only when it still holds
        // the revision it read, so a pause or a replay typed while a request is in flight wins.
        {
            QStringLiteral("CREATE TABLE webhook_endpoints ("
                           " id %ID%,"
                           " url TEXT NOT NULL,"
                           " events TEXT NOT NULL,"
                           " batch INTEGER NOT NULL DEFAULT 1,"
                           " secret TEXT NOT NULL,"
                           " previous_secret TEXT,"
                           " previous_until_ms BIGINT,"
                           " state TEXT NOT NULL,"
                           " punch_cursor BIGINT NOT NULL,"
                           " event_cursor BIGINT NOT NULL,"
                           " pending_last BIGINT,"
                           " attempts INTEGER NOT NULL DEFAULT 0,"
                           " next_attempt_ms BIGINT,"
                           " last_result TEXT NOT NULL DEFAULT '',"
                           " revision BIGINT NOT NULL DEFAULT 0,"
                           " created_ms BIGINT NOT NULL,"
                           " updated_ms BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE events ("
                           " id %ID%,"
                           " type TEXT NOT NULL,"
                           " at_ms BIGINT NOT NULL,"
                           " data TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE webhook_deliveries ("
                           " id %ID%,"
                           " endpoint_id BIGINT NOT NULL,"
                           " webhook_id TEXT NOT NULL,"
                           " attempt INTEGER NOT NULL,"
                           " status TEXT NOT NULL,"
                           " http_code INTEGER,"
                           " at_ms BIGINT NOT NULL,"
                           " latency_ms BIGINT NOT NULL,"
                           " detail TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id)"),
        },
        // 10: event ids are a delivery cursor, as punch ids are (step 5): SQLite rebuilds the events
        // table with AUTOINCREMENT so that a deleted last event does not free its id. PostgreSQL's
        // %ID% never reuses an id already, so there the step is only recorded.
        {
            QStringLiteral("CREATE TABLE events_v10 ("
                           " id %NEVER_REUSED_ID%,"
                           " type TEXT NOT NULL,"
                           " at_ms BIGINT NOT NULL,"
                           " data TEXT NOT NULL)"),
            QStringLiteral("INSERT INTO events_v10 (id, type, at_ms, data) SELECT id, type, at_ms, data FROM events"
                           " ORDER BY id"),
            QStringLiteral("DROP TABLE events"),
            QStringLiteral("ALTER TABLE events_v10 RENAME TO events"),
        },
        // 11: an endpoint's target: "standard" (Standard Webhooks) or "erpnext" (one check-in per request
        // to ERPNext / Frappe HRMS, its token kept in `secret`), and the target's options as JSON.
        {
            QStringLiteral("ALTER TABLE webhook_endpoints ADD COLUMN target TEXT NOT NULL DEFAULT 'standard'"),
            QStringLiteral("ALTER TABLE webhook_endpoints ADD COLUMN target_options TEXT NOT NULL DEFAULT ''"),
        },
        // 12: which server holds each terminal's connection (docs/multi-pc.md, "Several servers on one
        // database"): one lease row per terminal, its epoch the fencing token of command claims.
        // Written only with a PostgreSQL store; a SQLite file has one server and no rows here.
        {
            QStringLiteral("CREATE TABLE terminal_owner ("
                           " terminal_sn TEXT PRIMARY KEY,"
                           " server_id TEXT NOT NULL,"
                           " epoch BIGINT NOT NULL,"
                           " expires_ms BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX terminal_owner_by_server ON terminal_owner (server_id)"),
        },
    };
    return list;
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL");
}

} // namespace

int Schema::latestVersion()
{
    return static_cast<int>(steps().size());
}

int Schema::version(QSqlDatabase db)
{
    QSqlQuery q(db);
    const QString exists =
        isPostgres(db)
            ? QStringLiteral("SELECT count(*) FROM information_schema.tables"
                             " WHERE table_schema = current_schema() AND table_name = 'schema_version'")
            : QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'");
    if (!q.exec(exists) || !q.next())
        return -1;
    if (q.value(0).toInt() == 0)
        return 0;
    if (!q.exec(QStringLiteral("SELECT max(version) FROM schema_version")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool Schema::migrate(QSqlDatabase db, QString *error)
{
    return migrateTo(db, latestVersion(), error);
}

bool Schema::migrateTo(QSqlDatabase db, int target, QString *error)
{
    target = std::min(target, latestVersion());
    const int current = version(db);
    if (current < 0) {
        if (error)
            *error = QStringLiteral("cannot read the schema version: %1").arg(db.lastError().text());
        return false;
    }
    if (current > latestVersion()) {
        if (error)
            *error = QStringLiteral("the database was written by a newer TermDesk (schema %1, this build knows %2)")
                         .arg(current)
                         .arg(latestVersion());
        return false;
    }
    QSqlQuery q(db);
    if (current == 0 && target > 0) {
        if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
                                   "applied_ms BIGINT NOT NULL)"))) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    MigrationDialect engine(db);
    if (current < target && !engine.begin(error))
        return false;
    struct EndMigration
    {
        MigrationDialect &engine;
        ~EndMigration() { engine.end(); }
    } endMigration{engine};
    const bool hasNeverReusedId = !engine.neverReusedIdColumn().isEmpty();
    for (int v = current + 1; v <= target; ++v) {
        if (!db.transaction()) {
            if (error)
                *error = db.lastError().text();
            return false;
        }
        const Step &step = steps().at(v - 1);
        const bool run = hasNeverReusedId || !step.sql.join(u' ').contains(NEVER_REUSED_ID);
        for (const QString &statement : run ? step.sql : QStringList()) {
            const QString sql = engine.statement(statement);
            if (!q.exec(sql)) {
                if (error)
                    *error =
                        QStringLiteral("migration to schema %1 failed: %2 (%3)").arg(v).arg(q.lastError().text(), sql);
                db.rollback();
                return false;
            }
        }
        QString referenceError;
        if (run && step.referencesChecked &&
            !engine.checkReferences(QLatin1String(step.referencesChecked), &referenceError)) {
            if (error)
                *error = QStringLiteral("migration to schema %1 failed: %2").arg(v).arg(referenceError);
            db.rollback();
            return false;
        }
        q.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_ms) VALUES (?, ?)"));
        q.addBindValue(v);
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!q.exec() || !db.commit()) {
            if (error)
                *error = q.lastError().text();
            db.rollback();
            return false;
        }
        qCInfo(lcStorage) << "database migrated to schema" << v;
    }
    return true;
}

} // namespace termdesk::storage
