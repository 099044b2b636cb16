// SPDX-License-Identifier: GPL-3.0-or-later
#include "simcommandline.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <optional>

namespace termdesk::simcli {
namespace {

std::optional<qint64> integer(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (!ok || v < min || v > max)
        return std::nullopt;
    return v;
}

std::optional<double> real(const QString &text, double min, double max)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < min || v > max)
        return std::nullopt;
    return v;
}

bool printableAscii(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\'; });
}

// "HOST:PORT" or "[IPv6]:PORT".
bool parseHostPort(const QString &text, QString &host, quint16 &port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const auto p = integer(text.mid(colon + 1), 1, 65535);
    if (host.isEmpty() || host.contains(u' ') || !p)
        return false;
    port = quint16(*p);
    return true;
}

/// --tls-trust: a PEM file, else a SHA-256 fingerprint.
bool parseTlsTrust(const QString &text, sim::FleetOptions &f, bool wss, QString &error)
{
    if (!wss) {
        error = QStringLiteral("--tls-trust applies to a wss:// --url");
        return false;
    }
    if (QFileInfo::exists(text)) {
        f.tlsCa = QSslCertificate::fromPath(text, QSsl::Pem);
        if (f.tlsCa.isEmpty())
            error = QStringLiteral("--tls-trust: %1 holds no PEM certificate").arg(text);
        return !f.tlsCa.isEmpty();
    }
    QString hex = text.trimmed();
    hex.remove(u':');
    const QByteArray pin = QByteArray::fromHex(hex.toLatin1());
    if (pin.size() != 32 || pin.toHex() != hex.toLower().toLatin1()) {
        error = QStringLiteral("--tls-trust '%1': neither a certificate file nor a SHA-256 fingerprint").arg(text);
        return false;
    }
    f.tlsPin = pin;
    return true;
}

} // namespace

bool parseCommandLine(const QStringList &arguments, CommandLine &out, QString &error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Simulated WebSocket+JSON and TCP binary-protocol time-attendance terminals, for demos, tests "
                       "and load.\n"
                       "Prints at the end: sent=N acknowledged=N resent=N refused=N pending=N reconnects=N\n"
                       "Exit status: 0 nothing pending, 1 punches left unacknowledged, 2 bad command line."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption url({QStringLiteral("url")},
                                 QStringLiteral("Server URL, e.g. ws://127.0.0.1:7788/pub/chat."),
                                 QStringLiteral("URL"));
    const QCommandLineOption tlsTrust({QStringLiteral("tls-trust")},
                                      QStringLiteral("wss://: trust this PEM certificate file (termdesk-cert.pem), "
                                                     "or accept the server certificate with this SHA-256 "
                                                     "fingerprint (hex, colons optional)."),
                                      QStringLiteral("FILE|SHA256"));
    const QCommandLineOption tcp({QStringLiteral("tcp")},
                                 QStringLiteral("TCP binary-protocol server, HOST:PORT (with or without --url)."),
                                 QStringLiteral("HOST:PORT"));
    const QCommandLineOption codePrefix({QStringLiteral("code-prefix")},
                                        QStringLiteral("TCP login codes are PREFIX00001... (default TCP)."),
                                        QStringLiteral("P"), QStringLiteral("TCP"));
    const QCommandLineOption awakeMs({QStringLiteral("awake-ms")},
                                     QStringLiteral("TCP: stay awake N ms after the last activity (default 3000)."),
                                     QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption sleepMs({QStringLiteral("sleep-ms")},
                                     QStringLiteral("TCP: sleep N ms between wakes (default 5000)."),
                                     QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption alwaysAwake({QStringLiteral("always-awake")},
                                         QStringLiteral("TCP: never log out, heartbeat every 3 s (load tests)."));
    const QCommandLineOption askRegistry({QStringLiteral("ask-registry")},
                                         QStringLiteral("TCP: ask for the server address (cmd 8) at each wake."));
    const QCommandLineOption terminals({QStringLiteral("terminals")},
                                       QStringLiteral("Number of terminals, of each protocol given (default 1)."),
                                       QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption rate({QStringLiteral("rate")},
                                  QStringLiteral("Punches per second over the whole fleet (default 10)."),
                                  QStringLiteral("R"), QStringLiteral("10"));
    const QCommandLineOption duration({QStringLiteral("duration")},
                                      QStringLiteral("Seconds of punch generation (default 10, or no limit with "
                                                     "--punches; 0 = no limit)."),
                                      QStringLiteral("SECONDS"));
    const QCommandLineOption punches({QStringLiteral("punches")}, QStringLiteral("Punches per terminal, then stop."),
                                     QStringLiteral("N"));
    const QCommandLineOption batch(
        {QStringLiteral("batch")},
        QStringLiteral("Records per sendlog / punches per TCP report, at most (default 10)."), QStringLiteral("N"),
        QStringLiteral("10"));
    const QCommandLineOption users({QStringLiteral("users")},
                                   QStringLiteral("User population per terminal, enrollid 1..N (default 50)."),
                                   QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption snPrefix({QStringLiteral("sn-prefix")},
                                      QStringLiteral("Serial prefix; serials are PREFIX000001... (default SIM)."),
                                      QStringLiteral("P"), QStringLiteral("SIM"));
    const QCommandLineOption seed({QStringLiteral("seed")}, QStringLiteral("Random seed (default 1)."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption model({QStringLiteral("model")},
                                   QStringLiteral("Model name in reg / DeviceStatus (default AiFace / TcpFace)."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption quirk({QStringLiteral("quirk")},
                                   QStringLiteral("Firmware quirk, repeatable: trailing-commas, string-numbers, "
                                                  "cmd-replies."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption fault({QStringLiteral("fault")},
                                   QStringLiteral("Fault, repeatable, P from 0 to 1: drop-before-ack=P (WebSocket), "
                                                  "garbage=P (both), lost-ack=P, resent-report=P, oversize=P, "
                                                  "slow=P (TCP)."),
                                   QStringLiteral("NAME=P"));
    const QCommandLineOption doorEvents({QStringLiteral("door-events")},
                                        QStringLiteral("Probability of a door event after a punch (default 0.01)."),
                                        QStringLiteral("P"), QStringLiteral("0.01"));
    const QCommandLineOption ackLog(
        {QStringLiteral("ack-log")},
        QStringLiteral("Write each acknowledged punch as sn,enrollid,time,mode,inout,event (TCP: time in "
                       "UTC, 2025-06-01T08:00:00Z)."),
        QStringLiteral("FILE"));
    const QCommandLineOption wait({QStringLiteral("wait")},
                                  QStringLiteral("Max seconds to wait for acks after generation (default 30)."),
                                  QStringLiteral("SECONDS"), QStringLiteral("30"));
    const QCommandLineOption progress({QStringLiteral("progress")},
                                      QStringLiteral("Print counters to stderr every second."));
    const QCommandLineOption liveClock(
        {QStringLiteral("live-clock")},
        QStringLiteral("Stamp each punch with the terminal's clock when it is made, as a real terminal does (the "
                       "console's demo). Default: a clock that starts one day back and moves one second per "
                       "record, so punches stay unique at any rate."));
    parser.addOptions({url,      tcp,         terminals,   rate,   duration, punches,  batch,      users,
                       snPrefix, codePrefix,  seed,        model,  quirk,    fault,    doorEvents, awakeMs,
                       sleepMs,  alwaysAwake, askRegistry, ackLog, wait,     progress, liveClock});
    parser.addOption(tlsTrust);

    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return false;
    }
    if (parser.isSet(help))
        parser.showHelp(0);
    if (parser.isSet(version))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        error = QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst());
        return false;
    }

    sim::FleetOptions &f = out.fleet;
    const bool ws = parser.isSet(url);
    const bool tcpSet = parser.isSet(tcp);
    if (!ws && !tcpSet) {
        error = QStringLiteral("--url or --tcp is required, e.g. --url ws://127.0.0.1:7788/pub/chat or "
                               "--tcp 127.0.0.1:7789");
        return false;
    }
    if (ws) {
        f.url = QUrl(parser.value(url), QUrl::StrictMode);
        const QString scheme = f.url.scheme();
        if (!f.url.isValid() || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss")) ||
            f.url.host().isEmpty()) {
            error = QStringLiteral("--url '%1' is not a ws:// or wss:// URL with a host").arg(parser.value(url));
            return false;
        }
    }
    if (parser.isSet(tlsTrust) &&
        !parseTlsTrust(parser.value(tlsTrust), f, ws && f.url.scheme() == QLatin1String("wss"), error))
        return false;
    if (tcpSet && !parseHostPort(parser.value(tcp), f.tcpHost, f.tcpPort)) {
        error = QStringLiteral("--tcp '%1': expected HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:7789")
                    .arg(parser.value(tcp));
        return false;
    }
    // Options of one protocol only are refused when that protocol is not simulated.
    for (const QCommandLineOption *o : {&codePrefix, &awakeMs, &sleepMs, &alwaysAwake, &askRegistry}) {
        if (!tcpSet && parser.isSet(*o)) {
            error = QStringLiteral("--%1 applies to TCP terminals: it needs --tcp").arg(o->names().constFirst());
            return false;
        }
    }
    for (const QCommandLineOption *o : {&snPrefix, &quirk}) {
        if (!ws && parser.isSet(*o)) {
            error = QStringLiteral("--%1 applies to WebSocket terminals: it needs --url").arg(o->names().constFirst());
            return false;
        }
    }

    auto need = [&](const auto &value, const QCommandLineOption &option, const QString &what) {
        if (!value)
            error =
                QStringLiteral("--%1 '%2': expected %3").arg(option.names().constFirst(), parser.value(option), what);
        return bool(value);
    };
    const auto nTerminals = integer(parser.value(terminals), 1, 100000);
    if (!need(nTerminals, terminals, QStringLiteral("an integer from 1 to 100000")))
        return false;
    f.terminals = int(*nTerminals);
    const auto r = real(parser.value(rate), 0.001, 1e7);
    if (!need(r, rate, QStringLiteral("a number of punches per second above 0")))
        return false;
    f.ratePerSecond = *r;
    if (parser.isSet(punches)) {
        const auto p = integer(parser.value(punches), 0, qint64(1) << 40);
        if (!need(p, punches, QStringLiteral("a non-negative integer")))
            return false;
        f.punchesPerTerminal = *p;
        f.durationMs = 0; // the count ends generation unless --duration says otherwise
    }
    if (parser.isSet(duration)) {
        const auto d = real(parser.value(duration), 0, 2000000.0);
        if (!need(d, duration, QStringLiteral("a number of seconds (0 = no limit)")))
            return false;
        f.durationMs = int(std::llround(*d * 1000));
        if (f.durationMs == 0 && f.punchesPerTerminal < 0) {
            error = QStringLiteral("--duration 0 (no time limit) needs --punches");
            return false;
        }
    }
    const auto b = integer(parser.value(batch), 1, 10000);
    if (!need(b, batch, QStringLiteral("an integer from 1 to 10000")))
        return false;
    f.batchSize = int(*b);
    if (tcpSet && f.batchSize > sim::TcpTerminalOptions::MAX_PUNCHES_PER_REPORT) {
        error = QStringLiteral("--batch %1: a TCP report carries at most %2 punches (its body must stay under 64 KiB)")
                    .arg(f.batchSize)
                    .arg(sim::TcpTerminalOptions::MAX_PUNCHES_PER_REPORT);
        return false;
    }
    const auto u = integer(parser.value(users), 1, 10000000);
    if (!need(u, users, QStringLiteral("an integer from 1 to 10000000")))
        return false;
    f.users = int(*u);
    f.snPrefix = parser.value(snPrefix);
    f.codePrefix = parser.value(codePrefix);
    for (const auto &[option, prefix] : {std::pair{&snPrefix, f.snPrefix}, std::pair{&codePrefix, f.codePrefix}}) {
        if (!printableAscii(prefix)) {
            error = QStringLiteral("--%1 '%2': use printable ASCII without spaces or quotes")
                        .arg(option->names().constFirst(), prefix);
            return false;
        }
        if (prefix.size() > 24) {
            error = QStringLiteral("--%1 '%2': at most 24 characters").arg(option->names().constFirst(), prefix);
            return false;
        }
    }
    const auto awake = integer(parser.value(awakeMs), 0, 86400000);
    if (!need(awake, awakeMs, QStringLiteral("milliseconds from 0 to 86400000")))
        return false;
    f.awakeMs = int(*awake);
    const auto asleep = integer(parser.value(sleepMs), 0, 86400000);
    if (!need(asleep, sleepMs, QStringLiteral("milliseconds from 0 to 86400000")))
        return false;
    f.sleepMs = int(*asleep);
    f.alwaysAwake = parser.isSet(alwaysAwake);
    f.askRegistry = parser.isSet(askRegistry);
    const auto s = integer(parser.value(seed), 0, 4294967295LL);
    if (!need(s, seed, QStringLiteral("an integer from 0 to 4294967295")))
        return false;
    f.seed = quint32(*s);
    if (parser.isSet(model)) {
        f.model = parser.value(model).trimmed();
        if (f.model.isEmpty()) {
            error = QStringLiteral("--model: the name is empty");
            return false;
        }
    }
    const auto de = real(parser.value(doorEvents), 0, 1);
    if (!need(de, doorEvents, QStringLiteral("a probability from 0 to 1")))
        return false;
    f.doorEvents = *de;
    f.liveClock = parser.isSet(liveClock);

    for (const QString &q : parser.values(quirk)) {
        if (q == QLatin1String("trailing-commas")) {
            f.quirks.trailingCommas = true;
        } else if (q == QLatin1String("string-numbers")) {
            f.quirks.numbersAsStrings = true;
        } else if (q == QLatin1String("cmd-replies")) {
            f.quirks.cmdInsteadOfRet = true;
        } else {
            error = QStringLiteral("--quirk '%1': expected trailing-commas, string-numbers or cmd-replies").arg(q);
            return false;
        }
    }
    struct FaultName
    {
        const char *name;
        double *webSocket; // null: TCP only
        double *tcp;       // null: WebSocket only
    };
    const FaultName faultNames[] = {
        {"drop-before-ack", &f.faults.dropBeforeAck, nullptr}, {"garbage", &f.faults.garbage, &f.tcpFaults.garbage},
        {"lost-ack", nullptr, &f.tcpFaults.lostAck},           {"resent-report", nullptr, &f.tcpFaults.resentReport},
        {"oversize", nullptr, &f.tcpFaults.oversize},          {"slow", nullptr, &f.tcpFaults.slowSender}};
    for (const QString &spec : parser.values(fault)) {
        const qsizetype eq = spec.indexOf(u'=');
        const QString name = spec.left(eq);
        const auto p = eq > 0 ? real(spec.mid(eq + 1), 0, 1) : std::nullopt;
        const double probability = p.value_or(-1);
        const auto *known = std::find_if(std::cbegin(faultNames), std::cend(faultNames),
                                         [&](const FaultName &n) { return name == QLatin1String(n.name); });
        if (probability < 0 || known == std::cend(faultNames)) {
            error = QStringLiteral("--fault '%1': expected drop-before-ack=P, garbage=P, lost-ack=P, resent-report=P, "
                                   "oversize=P or slow=P with P from 0 to 1")
                        .arg(spec);
            return false;
        }
        if (!known->tcp && !ws) {
            error = QStringLiteral("--fault %1 applies to WebSocket terminals: it needs --url").arg(name);
            return false;
        }
        if (!known->webSocket && !tcpSet) {
            error = QStringLiteral("--fault %1 applies to TCP terminals: it needs --tcp").arg(name);
            return false;
        }
        for (double *target : {known->webSocket, known->tcp}) {
            if (target)
                *target = probability;
        }
    }
    const auto w = real(parser.value(wait), 0, 2000000.0);
    if (!need(w, wait, QStringLiteral("a number of seconds")))
        return false;
    out.waitMs = int(std::llround(*w * 1000));
    out.ackLog = parser.value(ackLog);
    out.progress = parser.isSet(progress);
    // Acknowledged keys are only needed for the ack log; a long load run should not keep them.
    f.keepAcked = false;
    return true;
}

} // namespace termdesk::simcli
