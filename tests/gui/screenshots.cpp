// SPDX-License-Identifier: GPL-3.0-or-later
// termdesk_screenshots OUTDIR: the real console with demo data and simulated terminals, each view grabbed
// to OUTDIR/<view>.png for docs/console.md. Run under Xvfb for real fonts:
//   xvfb-run -a -s "-screen 0 1400x900x24" build/tests/gui/termdesk_screenshots docs/screenshots
// Not a test: it waits for the views to settle instead of for conditions.
#include "dialogs/settingsdialog.h"
#include "engine/enginehost.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "models/punchtablemodel.h"
#include "models/terminaltablemodel.h"
#include "service/rosterops.h"
#include "simfleet.h"
#include "storage/commandstore.h"
#include "storage/database.h"
#include "storage/terminalstore.h"
#include "webhook/webhookstore.h"
#include "widgets/connectpage.h"
#include "widgets/punchesview.h"
#include "widgets/pushprogresspanel.h"
#include "widgets/rostercomparepanel.h"
#include "widgets/terminalsview.h"
#include "widgets/usersview.h"
#include "widgets/webhooksview.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace termdesk;

namespace {

const char *const NAMES[] = {
    "Ana García",   "Wei Zhang",    "John Smith",  "María López", "Li Na",       "Carlos Pérez", "Emma Brown",
    "Chen Jie",     "Lucía Martín", "Omar Haddad", "Sofia Rossi", "Wang Fang",   "Diego Torres", "Olivia Wilson",
    "Liu Yang",     "Pablo Ruiz",   "Fatima Khan", "Zhao Lei",    "Elena Gómez", "James Taylor", "Sun Li",
    "Marta Díaz",   "Noah Davies",  "Huang Min",   "Javier Sanz", "Grace Lee",   "Xu Wei",       "Carmen Vega",
    "Ethan Clarke", "Zhou Ying",    "Hugo Moreno", "Mia Johnson", "Lin Tao",     "Sara Navarro", "Lucas Martins",
    "Gao Hui",      "Irene Castro", "Adam Novak",  "Ma Lin",      "Raúl Ortega", "Chloe Martin", "Tang Jun",
    "Alba Romero",  "Leo Fischer",  "Hu Jing",     "Nuria Gil",   "Daniel Kim",  "Yang Xiu",     "Iker Serrano",
    "Amelia Evans",
};
constexpr int USERS = 50;

void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &values = {})
{
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (q.exec())
        return true;
    std::fprintf(stderr, "%s: %s\n", qPrintable(sql), qPrintable(q.lastError().text()));
    return false;
}

/// Terminals with names and capacities, a roster, and a week of attendance up to now.
bool seed(const QString &databaseFile)
{
    const QString name = QStringLiteral("screenshots-seed");
    QString error;
    if (!storage::Database::open(databaseFile, name, {}, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    bool ok = true;
    {
        QSqlDatabase db = storage::Database::get(name);
        const QList<std::pair<QString, QString>> known = {
            {QStringLiteral("SIM000001"), QStringLiteral("Main entrance")},
            {QStringLiteral("SIM000002"), QStringLiteral("Warehouse")},
            {QStringLiteral("SIM000003"), QStringLiteral("Office 2nd floor")},
            {QStringLiteral("SIM000004"), QStringLiteral("Canteen")},
            {QStringLiteral("SIM000005"), QStringLiteral("Loading dock")},
            {QStringLiteral("TFS30-4417"), QStringLiteral("Old lobby")},
        };
        for (const auto &[sn, label] : known) {
            ok = ok && storage::TerminalStore::setAdmission(db, sn, Admission::Approved, &error) &&
                 storage::TerminalStore::rename(db, sn, label, &error);
        }
        ok = ok && storage::TerminalStore::setAdmission(db, QStringLiteral("AIFACE-7Q2K"), Admission::Pending, &error);
        ok = ok && storage::TerminalStore::setAdmission(db, QStringLiteral("X990-0001"), Admission::Blocked, &error);
        QSqlQuery q(db);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        ok = ok && run(q,
                       QStringLiteral("UPDATE terminals SET protocol = 'ws', model = 'TFS30', firmware = 'ZM-2.4.1',"
                                      " peer_address = '192.168.10.31:51514', last_seen_ms = ?, first_seen_ms = ?,"
                                      " user_capacity = 1000, users_used = 968, fp_capacity = 2000, fps_used = 1710,"
                                      " card_capacity = 1000, cards_used = 640, pwd_capacity = 1000, pwds_used = 90,"
                                      " log_capacity = 100000, logs_used = 86500, new_logs = 0, clock_drift_s = -412,"
                                      " devinfo_json = '{\"modelname\":\"TFS30\",\"usersize\":1000}'"
                                      " WHERE sn = 'TFS30-4417'"),
                       {now - 3 * 3600 * 1000, now - 90LL * 86400 * 1000});
        ok = ok && run(q,
                       QStringLiteral("UPDATE terminals SET model = 'AiFace', peer_address = '192.168.10.77:40122',"
                                      " last_seen_ms = ?, first_seen_ms = ?, last_refusal = 'waiting for approval'"
                                      " WHERE sn = 'AIFACE-7Q2K'"),
                       {now - 20 * 1000, now - 600 * 1000});
        ok = ok && run(q,
                       QStringLiteral("UPDATE terminals SET model = 'X990', peer_address = '10.0.0.99:33012',"
                                      " last_seen_ms = ?, first_seen_ms = ?, last_refusal = 'blocked'"
                                      " WHERE sn = 'X990-0001'"),
                       {now - 86400 * 1000, now - 5LL * 86400 * 1000});
        ok = ok && db.transaction();
        QRandomGenerator rng(7);
        for (int u = 1; u <= USERS && ok; ++u) {
            ok = run(q,
                     QStringLiteral(
                         "INSERT INTO users (enroll_id, name, admin, enabled, updated_ms) VALUES (?, ?, ?, ?, ?)"),
                     {u, QString::fromUtf8(NAMES[u - 1]), u <= 2 ? 1 : 0, u == 17 ? 0 : 1, now});
            QList<int> backupSlots = {0};
            if (rng.bounded(100) < 60)
                backupSlots.append(1);
            if (rng.bounded(100) < 50)
                backupSlots.append(11);
            if (rng.bounded(100) < 20)
                backupSlots.append(10);
            if (rng.bounded(100) < 70)
                backupSlots.append(20);
            if (rng.bounded(100) < 30)
                backupSlots.append(50);
            for (int slot : std::as_const(backupSlots)) {
                ok = ok && run(q,
                               QStringLiteral("INSERT INTO credentials (enroll_id, backup_num, data, updated_ms) "
                                              "VALUES (?, ?, 'demo', ?)"),
                               {u, slot, now});
                ok = ok && run(q,
                               QStringLiteral("INSERT INTO terminal_users (terminal_id, enroll_id, backup_num, seen_ms)"
                                              " SELECT id, ?, ?, ? FROM terminals WHERE sn IN ('SIM000001', ?)"),
                               {u, slot, now, QStringLiteral("SIM00000%1").arg(2 + u % 4)});
            }
        }
        // A week of attendance in three shifts (night 22-06, early 06-14, day 08-17), so "today" has
        // punches whatever the hour: in, lunch out and in (day shift), out.
        const QDateTime nowLocal = QDateTime::currentDateTime();
        const QDate today = nowLocal.date();
        for (int d = 6; d >= 0 && ok; --d) {
            const QDate day = today.addDays(-d);
            for (int u = 1; u <= USERS && ok; ++u) {
                const int shift = u % 3;
                const int terminal = 1 + u % 4;
                QList<int> minutes;
                if (shift == 0)
                    minutes = {22 * 60 - 60 * 24, 6 * 60}; // the night before, until the morning
                else if (shift == 1)
                    minutes = {6 * 60, 14 * 60};
                else
                    minutes = {8 * 60, 12 * 60 + 30, 13 * 60 + 15, 17 * 60};
                for (qsizetype k = 0; k < minutes.size() && ok; ++k) {
                    const int minute = minutes.at(k) + int(rng.bounded(40)) - 20;
                    const QDateTime local = QDateTime(day, QTime(0, 0)).addSecs(minute * 60 + int(rng.bounded(60)));
                    if (local > nowLocal)
                        continue;
                    ok = run(q,
                             QStringLiteral("INSERT INTO punches (terminal_id, enroll_id, local_time, verify_mode,"
                                            " in_out, event, utc_ms, utc_offset_min, temperature, name, received_ms)"
                                            " SELECT id, ?, ?, ?, ?, 0, ?, 0, ?, '', ? FROM terminals WHERE sn = ?"
                                            " ON CONFLICT DO NOTHING"),
                             {u, local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), rng.bounded(100) < 70 ? 8 : 1,
                              int(k % 2), local.toMSecsSinceEpoch(),
                              rng.bounded(100) < 30 ? QVariant(36.2 + rng.bounded(10) / 10.0)
                                                    : QVariant(QMetaType::fromType<double>()),
                              local.toMSecsSinceEpoch(), QStringLiteral("SIM00000%1").arg(terminal)});
                }
            }
        }
        ok = ok && db.commit();
    }
    storage::Database::close(name);
    return ok;
}

/// A webhook receiver for the Webhooks view's picture: answers 200 to every request.
void answerWebhooks(QTcpServer *server)
{
    QObject::connect(server, &QTcpServer::newConnection, server, [server] {
        while (QTcpSocket *s = server->nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(s, &QTcpSocket::readyRead, s, [s, buffer] {
                *buffer += s->readAll();
                for (;;) {
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    qsizetype length = 0;
                    for (const QByteArray &line : buffer->left(end).split('\n')) {
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    }
                    if (buffer->size() < end + 4 + length)
                        return;
                    buffer->remove(0, end + 4 + length);
                    s->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                }
            });
            QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
}

bool save(QWidget *widget, const QDir &dir, const QString &name)
{
    const QString file = dir.filePath(name + QStringLiteral(".png"));
    const bool ok = widget->grab().save(file);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(file));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("TermDeskScreenshots"));
    QCoreApplication::setApplicationName(QStringLiteral("termdesk_screenshots"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    if (argc < 2) {
        std::fprintf(stderr, "usage: termdesk_screenshots OUTDIR [LANGUAGE]\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    out.mkpath(QStringLiteral("."));
    const QString language = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QString();
    const QString suffix = language.isEmpty() ? QString() : QStringLiteral("-") + language;
    ui::LanguageManager languages;
    languages.apply(language.isEmpty() ? QStringLiteral("en") : language);
    auto name = [&](const char *base) { return QString(QLatin1String(base) + suffix); };

    QTemporaryDir dir;
    EngineConfig config;
    config.dataDir = dir.path();
    config.listenAddress = QHostAddress::LocalHost;
    config.wsPort = 0;
    config.tcpPort = 0;
    config.admission = AdmissionPolicy::Approval;
    config.synchronous = QStringLiteral("NORMAL");
    bool ok = true;

    {
        // A new installation: the console opens on what to configure.
        EngineHost host(config);
        QString error;
        if (!host.start(&error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        ui::MainWindow window(&host, config, &languages);
        window.resize(1400, 860);
        window.show();
        settle(800);
        ok = save(&window, out, name("first-run")) && ok;
        window.close();
        host.stop();
    }
    if (!seed(config.databaseFile()))
        return 1;

    EngineHost host(config);
    QString error;
    if (!host.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    ui::MainWindow window(&host, config, &languages);
    window.resize(1400, 860);
    window.show();
    sim::FleetOptions fleetOptions;
    fleetOptions.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(host.wsPort()));
    fleetOptions.terminals = 5;
    fleetOptions.ratePerSecond = 4;
    fleetOptions.durationMs = 120'000;
    fleetOptions.users = USERS;
    fleetOptions.doorEvents = 0;
    sim::SimFleet fleet(fleetOptions);
    fleet.start();
    settle(6000);

    window.showPage(ui::MainWindow::DashboardPage);
    settle(1500);
    ok = save(&window, out, name("dashboard")) && ok;

    window.showPage(ui::MainWindow::TerminalsPage);
    window.terminalsView()->refresh();
    window.terminalsView()->selectTerminal(QStringLiteral("SIM000001"));
    settle(800);
    ok = save(&window, out, name("terminals")) && ok;

    // Some operator actions for the events view: approve the waiting terminal, name another.
    window.terminalsView()->selectTerminal(QStringLiteral("AIFACE-7Q2K"));
    window.terminalsView()->approveAction()->trigger();
    ui::TerminalTableModel *terminals = window.terminalsView()->model();
    terminals->setData(
        terminals->index(terminals->rowOf(QStringLiteral("X990-0001")), ui::TerminalTableModel::NameColumn),
        QStringLiteral("Parking gate"));

    window.showPage(ui::MainWindow::PunchesPage);
    settle(1500);
    ok = save(&window, out, name("punches")) && ok;

    window.showPage(ui::MainWindow::UsersPage);
    settle(800);
    ok = save(&window, out, name("users")) && ok;

    // The roster against one terminal, then a push of what differs and its progress.
    if (auto *tabs = window.usersView()->findChild<QTabWidget *>(QStringLiteral("usersTabs"))) {
        window.usersView()->comparePanel()->setTerminal(QStringLiteral("SIM000002"));
        tabs->setCurrentWidget(window.usersView()->comparePanel());
        settle(1200);
        ok = save(&window, out, name("users-compare")) && ok;
        const QString conn = QStringLiteral("screenshots-push");
        QString dbError;
        if (storage::Database::open(config.databaseFile(), conn, {false, QStringLiteral("NORMAL"), 5000}, &dbError)) {
            service::RosterOps::push(storage::Database::get(conn), QStringLiteral("SIM000003"),
                                     {1, 2, 3, 4, 5, 6, 7, 8}, QStringLiteral("console"));
            storage::Database::close(conn);
        }
        tabs->setCurrentWidget(window.usersView()->pushPanel());
        settle(3000);
        ok = save(&window, out, name("users-pushes")) && ok;
        tabs->setCurrentIndex(0);
    }

    window.showPage(ui::MainWindow::EventsPage);
    settle(500);
    ok = save(&window, out, name("events")) && ok;

    window.showPage(ui::MainWindow::ConnectTerminalsPage);
    settle(500);
    ok = save(&window, out, name("connect")) && ok;

    // Commands: a few delivered to the simulated terminals, one waiting for an offline terminal, one failed.
    {
        const QString conn = QStringLiteral("screenshots-commands");
        QString dbError;
        if (storage::Database::open(config.databaseFile(), conn, {false, QStringLiteral("NORMAL"), 5000}, &dbError)) {
            {
                QSqlDatabase db = storage::Database::get(conn);
                const auto queue = [&](const QString &sn, const QString &cmd, const QString &payload) {
                    return storage::CommandStore::enqueue(db, sn, QStringLiteral("ws"), QStringLiteral("ws.") + cmd,
                                                          payload, QStringLiteral("cli"), nullptr);
                };
                queue(QStringLiteral("SIM000001"), QStringLiteral("opendoor"), QStringLiteral(R"({"cmd":"opendoor"})"));
                queue(QStringLiteral("SIM000002"), QStringLiteral("gettime"), QStringLiteral(R"({"cmd":"gettime"})"));
                queue(QStringLiteral("SIM000003"), QStringLiteral("getalllog"),
                      QStringLiteral(R"({"cmd":"getalllog","from":"2025-06-01","to":"2025-06-30","stn":true})"));
                queue(QStringLiteral("X990-0001"), QStringLiteral("settime"),
                      QStringLiteral(R"({"cmd":"settime","cloudtime":"now"})"));
                const qint64 failed =
                    queue(QStringLiteral("AIFACE-7Q2K"), QStringLiteral("getuserlist"),
                          QStringLiteral(R"({"cmd":"getuserlist","stn":true,"_then":"getuserinfo"})"));
                QSqlQuery q(db);
                run(q,
                    QStringLiteral(
                        "UPDATE commands SET state = 'failed', tries = 3, reason = 'no answer after 3 tries' "
                        "WHERE id = ?"),
                    {failed});
            } // every handle on the connection is gone before it is closed
            storage::Database::close(conn);
        }
    }
    window.showPage(ui::MainWindow::CommandsPage);
    settle(3000);
    ok = save(&window, out, name("commands")) && ok;

    window.showPage(ui::MainWindow::TracePage);
    settle(2500);
    ok = save(&window, out, name("trace")) && ok;

    // Webhooks: an endpoint whose receiver answers (a replay of the last 40 punches, in batches),
    // one whose receiver is down (retrying), one paused; then a test request on the first.
    QTcpServer receiver;
    answerWebhooks(&receiver);
    if (receiver.listen(QHostAddress::LocalHost, 0)) {
        const QString conn = QStringLiteral("screenshots-webhooks");
        QString dbError;
        if (storage::Database::open(config.databaseFile(), conn, {false, QStringLiteral("NORMAL"), 5000}, &dbError)) {
            {
                QSqlDatabase db = storage::Database::get(conn);
                QByteArray secret;
                const qint64 payroll = webhook::WebhookStore::add(
                    db, QStringLiteral("http://127.0.0.1:%1/payroll/termdesk").arg(receiver.serverPort()),
                    {QStringLiteral("punch.created"), QStringLiteral("command.completed")}, 10, &secret, &dbError);
                QSqlQuery q(db);
                if (run(q, QStringLiteral("SELECT max(id) FROM punches"), {}) && q.next())
                    webhook::WebhookStore::replay(db, payroll, std::max<qint64>(0, q.value(0).toLongLong() - 40),
                                                  &dbError);
                webhook::WebhookStore::add(db, QStringLiteral("https://hr.example.invalid/hooks/attendance"),
                                           {QStringLiteral("punch.created")}, 1, &secret, &dbError);
                const qint64 paused =
                    webhook::WebhookStore::add(db, QStringLiteral("https://bi.example.invalid/in"),
                                               {QStringLiteral("command.completed")}, 1, &secret, &dbError);
                webhook::WebhookStore::setState(db, paused, webhook::EndpointState::Paused, &dbError);
            }
            storage::Database::close(conn);
        }
    }
    window.showPage(ui::MainWindow::WebhooksPage);
    settle(6000);
    window.webhooksView()->selectEndpoint(1);
    window.webhooksView()->testAction()->trigger();
    settle(2500);
    ok = save(&window, out, name("webhooks")) && ok;

    window.openSettings();
    settle(800);
    if (auto *dialog = window.findChild<ui::SettingsDialog *>(QStringLiteral("settingsDialog"))) {
        ok = save(dialog, out, name("settings")) && ok;
        // Scrolled down to the wss:// and REST API section.
        auto *scroll = dialog->findChild<QScrollArea *>(QStringLiteral("settingsScroll"));
        auto *apiTls = dialog->findChild<QWidget *>(QStringLiteral("settingApiTls"));
        if (scroll && apiTls) {
            scroll->ensureWidgetVisible(apiTls);
            settle(300);
            ok = save(dialog, out, name("settings-tls")) && ok;
        }
        dialog->reject();
    }
    fleet.stop();
    settle(300);
    window.close();
    return ok ? 0 : 1;
}
