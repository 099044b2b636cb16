// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookcommand.h"

#include "clierror.h"

#include "databaseoption.h"
#include "settings/settings.h"
#include "storage/auditlog.h"
#include "storage/database.h"
#include "util/clock.h"
#include "util/devicetime.h"
#include "webhook/erpnexttarget.h"
#include "webhook/webhookstore.h"
#include "webhook/webhooktest.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <cstdio>
#include <iostream>
#include <string>

namespace termdesk::cli {
namespace {

const QString CONNECTION = QStringLiteral("termdesk-cli-webhook");

/// Writes the audit row of a change to the endpoints (never a secret).
void audit(const QString &action, const QString &target, const QString &detail, const QString &result)
{
    storage::AuditLog::record(storage::Database::get(CONNECTION),
                              storage::AuditLog::currentActor(QStringLiteral("cli")), action, target, detail, result);
}

/// `webhook test`: one request now, outside the queue (webhook::WebhookTest); prints what came back
/// and logs it as a delivery (status "test"). The secret or token is never printed.
int sendTest(QSqlDatabase db, qint64 id)
{
    QString error;
    const std::optional<webhook::WebhookTestRequest> r = webhook::WebhookTest::build(db, id, wallClockMs(), &error);
    if (!r)
        return fail(error, 1);
    QNetworkAccessManager network;
    QElapsedTimer timer;
    timer.start();
    const qint64 startedMs = wallClockMs();
    QNetworkReply *reply = webhook::WebhookTest::send(&network, *r);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    QString detail;
    const int code = webhook::WebhookTest::result(reply, *r, &detail);
    reply->deleteLater();
    webhook::WebhookTest::record(db, *r, code, startedMs, timer.elapsed(), detail);
    if (code == 0)
        return fail(QStringLiteral("webhook test: endpoint %1: %2").arg(id).arg(detail));
    std::printf("endpoint %lld%s answered %s (%s)\n", static_cast<long long>(id), r->erpnext ? " (ERPNext)" : "",
                qPrintable(detail), r->webhookId.constData());
    return code >= 200 && code < 300 ? 0 : EXIT_FAILED;
}

qint64 endpointId(const QString &text, QString *error)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0) {
        *error = QStringLiteral("'%1' is not an endpoint id (see termdesk webhook list)").arg(text);
        return 0;
    }
    return id;
}

} // namespace

int runWebhook(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Webhooks: signed HTTP POSTs to your endpoints (docs/integration.md, \"Webhooks\").\n"
        "  add URL --events LIST [--batch N]   a new endpoint; prints its id and its secret (shown once)\n"
        "  add URL --target erpnext --token KEY:SECRET [--employee-field NAME] [--in-out MAP]\n"
        "      [--terminal-log-type SN=IN|OUT|MAP]...\n"
        "                                       an ERPNext / Frappe HRMS endpoint (one check-in per punch)\n"
        "  set ID [--in-out MAP] [--terminal-log-type SN=IN|OUT|MAP|SN=]... [--employee-field NAME]\n"
        "                                       change an ERPNext endpoint's mapping in place\n"
        "  list                                 endpoints: URL, events, state, cursor, backlog, last result\n"
        "  test ID                              send one signed webhook.test request now\n"
        "  pause ID | resume ID                 stop / restart sending (resume also revives a dead letter)\n"
        "  replay ID --after CURSOR             send again every punch after punch_id CURSOR\n"
        "  rotate-secret ID                     a new secret; the old one also signs for 24 h\n"
        "  remove ID                            delete the endpoint and its delivery log\n"
        "  deliveries [ID] [--limit N]          the newest attempts: webhook-id, status, HTTP code, time"));
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database = databaseOption();
    const QCommandLineOption events(QStringLiteral("events"),
                                    QStringLiteral("add: comma-separated, of %1.")
                                        .arg(webhook::WebhookStore::eventTypes().join(QStringLiteral(", "))),
                                    QStringLiteral("LIST"));
    const QCommandLineOption batch(QStringLiteral("batch"),
                                   QStringLiteral("add: up to N punches per request (a punch.batch; default 1)."),
                                   QStringLiteral("N"));
    const QCommandLineOption after(QStringLiteral("after"), QStringLiteral("replay: the punch_id to start after."),
                                   QStringLiteral("CURSOR"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("deliveries: how many (default 50)."),
                                   QStringLiteral("N"));
    const QCommandLineOption targetKind(QStringLiteral("target"),
                                        QStringLiteral("add: standard (default) or erpnext (ERPNext / Frappe HRMS)."),
                                        QStringLiteral("KIND"));
    const QCommandLineOption token(QStringLiteral("token"),
                                   QStringLiteral("add --target erpnext: API_KEY:API_SECRET ('-': read a line from "
                                                  "standard input)."),
                                   QStringLiteral("KEY:SECRET"));
    const QCommandLineOption employeeField(
        QStringLiteral("employee-field"),
        QStringLiteral("add --target erpnext: the Employee field holding the enrol id (default attendance_device_id)."),
        QStringLiteral("NAME"));
    const QCommandLineOption inOut(QStringLiteral("in-out"),
                                   QStringLiteral("add --target erpnext: in_out codes to log_type (default "
                                                  "\"0=IN,1=OUT,4=IN,5=OUT\"; others: no log_type)."),
                                   QStringLiteral("MAP"));
    const QCommandLineOption terminalLogType(
        QStringLiteral("terminal-log-type"),
        QStringLiteral("add --target erpnext, set: one terminal's own log_type, repeatable: SN=IN or SN=OUT (every "
                       "punch), SN=MAP (like --in-out), SN= (back to --in-out); at most %1 terminals.")
            .arg(webhook::ErpnextOptions::MAX_TERMINALS),
        QStringLiteral("SN=RULE"));
    parser.addOptions(
        {dataDir, database, events, batch, after, limit, targetKind, token, employeeField, inOut, terminalLogType});
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("add, set, list, test, pause, resume, replay, rotate-secret, remove, "
                                                "deliveries"));
    QStringList args = app.arguments();
    args.removeAt(1);
    parser.process(args);

    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(0);
    const QStringList withId{QStringLiteral("test"),   QStringLiteral("pause"),         QStringLiteral("resume"),
                             QStringLiteral("replay"), QStringLiteral("rotate-secret"), QStringLiteral("remove"),
                             QStringLiteral("set")};
    QString error;
    qint64 id = 0;
    int batchSize = 1;
    qint64 cursor = 0;
    int rows = 50;
    const bool erpnext = parser.value(targetKind) == QLatin1String("erpnext");
    QByteArray erpnextToken;
    webhook::ErpnextOptions erpnextOptions;
    if (parser.isSet(targetKind) && !erpnext && parser.value(targetKind) != QLatin1String("standard"))
        return fail(
            QStringLiteral("--target: give standard or erpnext, not '%1'").arg(parser.value(targetKind).left(40)), 2);
    const bool setAction = action == QLatin1String("set");
    if (!erpnext && !setAction &&
        (parser.isSet(token) || parser.isSet(employeeField) || parser.isSet(inOut) || parser.isSet(terminalLogType)))
        return fail(QStringLiteral("--token, --employee-field, --in-out and --terminal-log-type belong to webhook add "
                                   "--target erpnext (and all but --token to webhook set)"),
                    2);
    if (setAction && parser.isSet(token))
        return fail(QStringLiteral("webhook set: the token cannot be changed in place (remove the endpoint, add it "
                                   "again with the new --token, then replay)"),
                    2);
    if (setAction && !parser.isSet(employeeField) && !parser.isSet(inOut) && !parser.isSet(terminalLogType))
        return fail(QStringLiteral("webhook set ID: give --in-out MAP, --terminal-log-type SN=RULE or --employee-field "
                                   "NAME"),
                    2);
    if (parser.values(terminalLogType).size() > webhook::ErpnextOptions::MAX_TERMINALS)
        return fail(QStringLiteral("--terminal-log-type: at most %1 terminals per endpoint")
                        .arg(webhook::ErpnextOptions::MAX_TERMINALS),
                    2);
    if (erpnext && action != QLatin1String("add"))
        return fail(QStringLiteral("--target belongs to webhook add"), 2);
    if (action == QLatin1String("add") && erpnext) {
        if (pos.size() != 2)
            return fail(QStringLiteral("webhook add: give the ERPNext site's URL (termdesk webhook add URL --target "
                                       "erpnext --token KEY:SECRET)"),
                        2);
        if (parser.isSet(batch))
            return fail(QStringLiteral("--batch: an ERPNext target takes one check-in per request"), 2);
        if (parser.isSet(events) && parser.value(events) != QLatin1String("punch.created"))
            return fail(QStringLiteral("--events: an ERPNext target sends punch.created only"), 2);
        if (!parser.isSet(token))
            return fail(QStringLiteral("webhook add --target erpnext: --token API_KEY:API_SECRET is required"), 2);
        erpnextToken = parser.value(token).toLatin1();
        if (erpnextToken == "-") {
            std::string line;
            std::getline(std::cin, line);
            erpnextToken = QByteArray::fromStdString(line).trimmed();
        }
        if (parser.isSet(employeeField))
            erpnextOptions.employeeField = parser.value(employeeField);
        if (parser.isSet(inOut)) {
            const std::optional<QMap<int, QString>> map =
                webhook::ErpnextOptions::parseInOut(parser.value(inOut), &error);
            if (!map)
                return fail(QStringLiteral("webhook add: %1").arg(error), 2);
            erpnextOptions.inOut = *map;
        }
        for (const QString &rule : parser.values(terminalLogType)) {
            if (!erpnextOptions.applyTerminalLogType(rule, &error))
                return fail(QStringLiteral("webhook add: %1").arg(error), 2);
        }
        QString why = webhook::WebhookStore::validate(pos.at(1), {QStringLiteral("punch.created")}, 1);
        if (why.isEmpty())
            why = webhook::ErpnextTarget::validate(erpnextOptions.employeeField, erpnextToken);
        if (!why.isEmpty())
            return fail(QStringLiteral("webhook add: %1").arg(why), 2);
    } else if (action == QLatin1String("add")) {
        if (pos.size() != 2)
            return fail(QStringLiteral("webhook add: give the URL (termdesk webhook add URL --events LIST)"), 2);
        if (!parser.isSet(events))
            return fail(QStringLiteral("webhook add: --events is required (%1)")
                            .arg(webhook::WebhookStore::eventTypes().join(u',')),
                        2);
        if (parser.isSet(batch)) {
            bool ok = false;
            batchSize = parser.value(batch).toInt(&ok);
            if (!ok)
                return fail(QStringLiteral("--batch: '%1' is not a number").arg(parser.value(batch)), 2);
        }
        const QString why =
            webhook::WebhookStore::validate(pos.at(1), parser.value(events).split(u',', Qt::SkipEmptyParts), batchSize);
        if (!why.isEmpty())
            return fail(QStringLiteral("webhook add: %1").arg(why), 2);
    } else if (action == QLatin1String("list")) {
        if (pos.size() != 1)
            return fail(QStringLiteral("webhook list takes no argument"), 2);
    } else if (action == QLatin1String("deliveries")) {
        if (pos.size() > 2)
            return fail(QStringLiteral("webhook deliveries takes at most an endpoint id"), 2);
        if (pos.size() == 2 && !(id = endpointId(pos.at(1), &error)))
            return fail(error, 2);
        if (parser.isSet(limit)) {
            bool ok = false;
            rows = parser.value(limit).toInt(&ok);
            if (!ok || rows < 1 || rows > 10'000)
                return fail(QStringLiteral("--limit: give 1 to 10000"), 2);
        }
    } else if (withId.contains(action)) {
        if (pos.size() != 2)
            return fail(QStringLiteral("webhook %1: give the endpoint id (see termdesk webhook list)").arg(action), 2);
        if (!(id = endpointId(pos.at(1), &error)))
            return fail(error, 2);
        if (action == QLatin1String("replay")) {
            bool ok = false;
            cursor = parser.value(after).toLongLong(&ok);
            if (!parser.isSet(after) || !ok || cursor < 0)
                return fail(QStringLiteral("webhook replay: --after CURSOR is required (a punch_id, 0 for all)"), 2);
        }
    } else {
        return fail(QStringLiteral("webhook: give add, set, list, test, pause, resume, replay, rotate-secret, remove "
                                   "or deliveries (see termdesk webhook --help)"),
                    2);
    }
    if (parser.isSet(events) && action != QLatin1String("add"))
        return fail(QStringLiteral("--events belongs to webhook add"), 2);
    if (parser.isSet(batch) && action != QLatin1String("add"))
        return fail(QStringLiteral("--batch belongs to webhook add"), 2);
    if (parser.isSet(after) && action != QLatin1String("replay"))
        return fail(QStringLiteral("--after belongs to webhook replay"), 2);

    const QString dir = Settings::resolveDataDir(parser.value(dataDir), &error);
    if (dir.isEmpty())
        return fail(error, 1);
    EngineConfig config = Settings(dir).engineConfig();
    if (!resolveDatabase(parser.value(database), config, &error))
        return fail(error, 2);
    storage::OpenOptions options;
    options.readOnly = action == QLatin1String("list") || action == QLatin1String("deliveries");
    if (!storage::Database::open(config.databaseFile(), CONNECTION, options, &error))
        return fail(error, 1);
    struct Close
    {
        ~Close() { storage::Database::close(CONNECTION); }
    } closer;
    const QSqlDatabase db = storage::Database::get(CONNECTION);
    using webhook::WebhookStore;

    if (action == QLatin1String("list")) {
        const QList<webhook::WebhookEndpoint> all = WebhookStore::list(db, false, 0, &error);
        if (!error.isEmpty())
            return fail(error, 1);
        std::printf("%-4s %-40s %-30s %-7s %-10s %-8s %s\n", "ID", "URL", "EVENTS", "STATE", "CURSOR", "BACKLOG",
                    "LAST RESULT");
        for (const webhook::WebhookEndpoint &e : all) {
            const qint64 waiting = WebhookStore::backlog(db, e, &error);
            QString last = e.lastResult.isEmpty() ? QStringLiteral("-") : e.lastResult;
            if (e.attempts > 0 && e.state == webhook::EndpointState::Active)
                last += QStringLiteral(" (attempt %1, next %2)")
                            .arg(e.attempts)
                            .arg(devicetime::formatUtcIso(e.nextAttemptMs));
            std::printf("%-4lld %-40s %-30s %-7s %-10lld %-8lld %s\n", static_cast<long long>(e.id), qPrintable(e.url),
                        qPrintable(e.isErpnext() ? QStringLiteral("erpnext:") +
                                                       webhook::ErpnextOptions::fromJson(e.targetOptions).employeeField
                                                 : e.events.join(u',') +
                                                       (e.batch > 1 ? QStringLiteral(" x%1").arg(e.batch) : QString())),
                        qPrintable(webhook::endpointStateName(e.state)), static_cast<long long>(e.punchCursor),
                        static_cast<long long>(waiting), qPrintable(last));
        }
        return 0;
    }
    if (action == QLatin1String("deliveries")) {
        const QList<webhook::WebhookDelivery> all = WebhookStore::deliveries(db, id, rows, &error);
        if (!error.isEmpty())
            return fail(error, 1);
        std::printf("%-8s %-22s %-7s %-9s %-5s %-24s %-8s %s\n", "ENDPOINT", "WEBHOOK-ID", "ATTEMPT", "STATUS", "HTTP",
                    "TIME (UTC)", "MS", "DETAIL");
        for (const webhook::WebhookDelivery &d : all)
            std::printf("%-8lld %-22s %-7d %-9s %-5s %-24s %-8lld %s\n", static_cast<long long>(d.endpointId),
                        qPrintable(d.webhookId), d.attempt, qPrintable(d.status),
                        d.httpCode ? qPrintable(QString::number(d.httpCode)) : "-",
                        qPrintable(devicetime::formatUtcIso(d.atMs, true)), static_cast<long long>(d.latencyMs),
                        qPrintable(d.detail));
        return 0;
    }
    if (action == QLatin1String("add") && erpnext) {
        const QString url = pos.at(1);
        const qint64 made = WebhookStore::addErpnext(db, url, erpnextToken, erpnextOptions.toJson(), &error);
        audit(QStringLiteral("add webhook"), url,
              QStringLiteral("erpnext, employee field %1, in/out %2")
                  .arg(erpnextOptions.employeeField, erpnextOptions.inOutText()),
              made ? QStringLiteral("endpoint %1").arg(made) : error);
        if (!made)
            return fail(error, 1);
        std::printf("%lld\n", static_cast<long long>(made));
        std::fflush(stdout);
        std::fprintf(stderr,
                     "termdesk: ERPNext endpoint %lld added (employee field %s, in/out %s); a running server starts "
                     "sending within a few seconds. `termdesk webhook test %lld` checks the token.\n",
                     static_cast<long long>(made), qPrintable(erpnextOptions.employeeField),
                     qPrintable(erpnextOptions.inOutText()), static_cast<long long>(made));
        return 0;
    }
    if (action == QLatin1String("add")) {
        QByteArray secret;
        const QString url = pos.at(1);
        const QStringList types = parser.value(events).split(u',', Qt::SkipEmptyParts);
        const qint64 made = WebhookStore::add(db, url, types, batchSize, &secret, &error);
        audit(QStringLiteral("add webhook"), url, types.join(u','),
              made ? QStringLiteral("endpoint %1").arg(made) : error);
        if (!made)
            return fail(error, 1);
        // The id and the secret on stdout alone (read ID SECRET < <(termdesk webhook add ...)).
        std::printf("%lld %s\n", static_cast<long long>(made), secret.constData());
        std::fflush(stdout);
        std::fprintf(stderr,
                     "termdesk: webhook endpoint %lld added. Its secret is shown this once (termdesk webhook "
                     "rotate-secret makes a new one); a running server starts sending within a few seconds.\n",
                     static_cast<long long>(made));
        return 0;
    }
    const std::optional<webhook::WebhookEndpoint> endpoint = WebhookStore::get(db, id, &error);
    if (!endpoint)
        return fail(error, 1);
    if (action == QLatin1String("test"))
        return sendTest(db, id);
    if (action == QLatin1String("rotate-secret") && endpoint->isErpnext())
        return fail(QStringLiteral("webhook rotate-secret: endpoint %1 is an ERPNext target; its token comes from "
                                   "ERPNext (remove it and add it again with the new --token, then replay)")
                        .arg(id),
                    2);
    const QString target = QStringLiteral("endpoint %1 %2").arg(id).arg(endpoint->url);
    if (setAction) {
        if (!endpoint->isErpnext())
            return fail(QStringLiteral("webhook set: endpoint %1 is not an ERPNext target (its mapping is the "
                                       "receiver's business)")
                            .arg(id),
                        2);
        webhook::ErpnextOptions changed = webhook::ErpnextOptions::fromJson(endpoint->targetOptions);
        if (parser.isSet(employeeField))
            changed.employeeField = parser.value(employeeField);
        if (parser.isSet(inOut)) {
            const std::optional<QMap<int, QString>> map =
                webhook::ErpnextOptions::parseInOut(parser.value(inOut), &error);
            if (!map)
                return fail(QStringLiteral("webhook set: %1").arg(error), 2);
            changed.inOut = *map;
        }
        for (const QString &rule : parser.values(terminalLogType)) {
            if (!changed.applyTerminalLogType(rule, &error))
                return fail(QStringLiteral("webhook set: %1").arg(error), 2);
        }
        const bool done = WebhookStore::setTargetOptions(db, id, changed.toJson(), &error);
        const QString perTerminal = changed.terminalInOutText();
        const QString detail = QStringLiteral("employee field %1, in/out %2, per terminal: %3")
                                   .arg(changed.employeeField, changed.inOutText(),
                                        perTerminal.isEmpty() ? QStringLiteral("none") : perTerminal);
        audit(QStringLiteral("webhook set"), target, detail.left(2000), done ? QStringLiteral("ok") : error);
        if (!done)
            return fail(error, 1);
        std::printf("webhook endpoint %lld: %s\n", static_cast<long long>(id), qPrintable(detail));
        std::fprintf(stderr, "termdesk: a running server uses it for the next check-in it sends. ERPNext's "
                             "duplicate check includes log_type: replay only punches it does not have.\n");
        return 0;
    }
    bool done = false;
    QString detail;
    QByteArray secret;
    if (action == QLatin1String("pause")) {
        done = WebhookStore::setState(db, id, webhook::EndpointState::Paused, &error);
    } else if (action == QLatin1String("resume")) {
        done = WebhookStore::setState(db, id, webhook::EndpointState::Active, &error);
        detail = QStringLiteral("was %1").arg(webhook::endpointStateName(endpoint->state));
    } else if (action == QLatin1String("replay")) {
        done = WebhookStore::replay(db, id, cursor, &error);
        detail = QStringLiteral("after punch %1 (cursor was %2)").arg(cursor).arg(endpoint->punchCursor);
    } else if (action == QLatin1String("rotate-secret")) {
        done = WebhookStore::rotateSecret(db, id, &secret, &error);
    } else {
        done = WebhookStore::remove(db, id, &error);
    }
    audit(QStringLiteral("webhook %1").arg(action), target, detail, done ? QStringLiteral("ok") : error);
    if (!done)
        return fail(error, 1);
    if (action == QLatin1String("rotate-secret")) {
        std::printf("%s\n", secret.constData());
        std::fflush(stdout);
        std::fprintf(stderr,
                     "termdesk: endpoint %lld has a new secret (shown this once); the old one also signs for "
                     "24 h, so update the receiver within a day.\n",
                     static_cast<long long>(id));
        return 0;
    }
    std::printf("webhook endpoint %lld: %s done%s\n", static_cast<long long>(id), qPrintable(action),
                action == QLatin1String("replay") || action == QLatin1String("resume")
                    ? " (a running server picks it up within a few seconds)"
                    : "");
    return 0;
}

} // namespace termdesk::cli
