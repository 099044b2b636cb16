// SPDX-License-Identifier: GPL-3.0-or-later
// Webhooks, measured from outside as a receiver sees them (issue 15, docs/integration.md "Webhooks"):
//  - throughput: a backlog of punches (written into a real database, then `termdesk webhook replay
//    ID --after 0`) delivered to a local receiver, one punch per request and --batch 100;
//  - latency: simulated terminals (`termdesk-sim`) punching at --rate per second into the headless
//    server, an endpoint with --batch 100; per punch, from its received_utc (the server's receipt) to
//    the request's arrival at the receiver; p50, p99 and the worst.
// The server runs as users run it (headless, endpoints added with the real CLI); the receiver is the
// tests' HTTP/1.1 receiver (tests/webhook/webhookreceiver.h) answering 200 at once.
//
//   bench_webhook --termdesk BIN --sim BIN --work DIR [--single 10000] [--batched 100000] [--rate 1000]
//                 [--seconds 15] --out FILE
#include "benchutil.h"
#include "prefill.h"
#include "webhookreceiver.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

#include <algorithm>
#include <vector>

using namespace termdesk::bench;

namespace {

/// Runs the real CLI on @p data; its standard output, or an empty array with *error set.
QByteArray cli(const QString &termdesk, const QString &data, QStringList args, QString *error)
{
    args << QStringLiteral("--data-dir") << data;
    QProcess p;
    p.start(termdesk, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("termdesk %1: %2").arg(args.first(), QString::fromUtf8(p.readAllStandardError()));
        return {};
    }
    return p.readAllStandardOutput();
}

/// `webhook add URL --events punch.created --batch N`: the endpoint's id (its secret is not needed here).
QString addEndpoint(const QString &termdesk, const QString &data, const QString &url, int batch, QString *error)
{
    const QByteArray out = cli(termdesk, data,
                               {QStringLiteral("webhook"), QStringLiteral("add"), url, QStringLiteral("--events"),
                                QStringLiteral("punch.created"), QStringLiteral("--batch"), QString::number(batch)},
                               error);
    return QString::fromUtf8(out).section(u' ', 0, 0).trimmed();
}

/// What the receiver saw: punches, requests, and each punch's latency from its received_utc.
class Tally
{
public:
    explicit Tally(WebhookReceiver *receiver) : m_receiver(receiver)
    {
        QObject::connect(receiver, &WebhookReceiver::received, receiver, [this] { take(); });
    }

    qint64 punches = 0;
    qint64 requests = 0;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    std::vector<qint64> latencyMs;

    QJsonObject latency()
    {
        std::sort(latencyMs.begin(), latencyMs.end());
        auto at = [this](double q) {
            return latencyMs.empty() ? -1
                                     : latencyMs[std::min(latencyMs.size() - 1, size_t(q * double(latencyMs.size())))];
        };
        return {{QStringLiteral("p50_ms"), at(0.50)},
                {QStringLiteral("p99_ms"), at(0.99)},
                {QStringLiteral("worst_ms"), latencyMs.empty() ? -1 : latencyMs.back()}};
    }

private:
    void take()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const WebhookReceiver::Request &r : std::as_const(m_receiver->got)) {
            const QJsonValue data = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("data"));
            const QJsonArray items = data.isArray() ? data.toArray() : QJsonArray{data};
            for (const QJsonValue &item : items) {
                const QDateTime received = QDateTime::fromString(
                    item.toObject().value(QStringLiteral("received_utc")).toString(), Qt::ISODateWithMs);
                if (received.isValid())
                    latencyMs.push_back(now - received.toMSecsSinceEpoch());
            }
            punches += items.size();
            ++requests;
        }
        m_receiver->got.clear();
        if (firstMs == 0)
            firstMs = now;
        lastMs = now;
    }

    WebhookReceiver *m_receiver;
};

/// A backlog of @p punches delivered with --batch @p batch: the data directory is made by the server,
/// filled, given an endpoint that replays from 0, and the server started again to deliver it.
QJsonObject throughput(const QString &termdesk, const QString &work, qint64 punches, int batch, QString *error)
{
    const QString data = work + QStringLiteral("/webhook-batch%1").arg(batch);
    QDir(data).removeRecursively();
    QDir().mkpath(data);
    {
        ServerProcess first; // creates the database and its schema, as on a real site
        if (!first.start(termdesk, data, {}, QStringLiteral("127.0.0.1"), error) || !first.stop())
            return {};
    }
    const PrefillResult filled =
        prefillHistory(data + QStringLiteral("/termdesk.sqlite"), punches, 10, QDateTime::currentMSecsSinceEpoch(), 2);
    if (!filled.ok) {
        *error = filled.error;
        return {};
    }
    WebhookReceiver receiver;
    if (!receiver.listen()) {
        *error = QStringLiteral("the receiver could not listen");
        return {};
    }
    Tally tally(&receiver);
    const QString id = addEndpoint(termdesk, data, receiver.url(), batch, error);
    if (id.isEmpty())
        return {};
    cli(termdesk, data,
        {QStringLiteral("webhook"), QStringLiteral("replay"), id, QStringLiteral("--after"), QStringLiteral("0")},
        error);
    if (!error->isEmpty())
        return {};

    ServerProcess server;
    QElapsedTimer clock;
    clock.start();
    if (!server.start(termdesk, data, {}, QStringLiteral("127.0.0.1"), error))
        return {};
    const double cpu0 = procCpuSeconds(server.pid());
    const bool all = waitUntil([&] { return tally.punches >= filled.punches; }, 600000, 2);
    const double seconds = clock.nsecsElapsed() / 1e9;
    const double cpu = procCpuSeconds(server.pid()) - cpu0;
    server.stop();
    const double span = (tally.lastMs - tally.firstMs) / 1000.0;
    note(QStringLiteral("  --batch %1: %2 of %3 punches in %4 requests, %5 s from the server's start (%6 s first to "
                        "last request): %7 punches/s, %8 requests/s; server CPU %9 s")
             .arg(batch)
             .arg(tally.punches)
             .arg(filled.punches)
             .arg(tally.requests)
             .arg(seconds, 0, 'f', 2)
             .arg(span, 0, 'f', 2)
             .arg(span > 0 ? tally.punches / span : 0, 0, 'f', 0)
             .arg(span > 0 ? tally.requests / span : 0, 0, 'f', 0)
             .arg(cpu, 0, 'f', 2));
    if (!all)
        *error = QStringLiteral("--batch %1: only %2 of %3 punches arrived")
                     .arg(batch)
                     .arg(tally.punches)
                     .arg(filled.punches);
    return {{QStringLiteral("ok"), all},
            {QStringLiteral("batch"), batch},
            {QStringLiteral("punches"), tally.punches},
            {QStringLiteral("requests"), tally.requests},
            {QStringLiteral("seconds_from_start"), seconds},
            {QStringLiteral("seconds_first_to_last"), span},
            {QStringLiteral("punches_per_second"), span > 0 ? tally.punches / span : 0},
            {QStringLiteral("requests_per_second"), span > 0 ? tally.requests / span : 0},
            {QStringLiteral("server_cpu_seconds"), cpu}};
}

/// Punches at @p rate per second for @p seconds from `termdesk-sim` (10 WebSocket terminals), an
/// endpoint with --batch 100: the latency of each punch from the server's receipt to the receiver.
QJsonObject latency(const QString &termdesk, const QString &sim, const QString &work, int rate, int seconds,
                    QString *error)
{
    const QString data = work + QStringLiteral("/webhook-latency");
    QDir(data).removeRecursively();
    QDir().mkpath(data);
    WebhookReceiver receiver;
    if (!receiver.listen()) {
        *error = QStringLiteral("the receiver could not listen");
        return {};
    }
    Tally tally(&receiver);
    if (addEndpoint(termdesk, data, receiver.url(), 100, error).isEmpty())
        return {};
    ServerProcess server;
    if (!server.start(termdesk, data, {}, QStringLiteral("127.0.0.1"), error))
        return {};
    QProcess feed;
    feed.start(sim, {QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1/pub/chat").arg(server.port()),
                     QStringLiteral("--terminals"), QStringLiteral("10"), QStringLiteral("--rate"),
                     QString::number(rate), QStringLiteral("--duration"), QString::number(seconds),
                     QStringLiteral("--batch"), QStringLiteral("10")});
    const double load0 = load1();
    const bool fed = waitUntil([&] { return feed.state() == QProcess::NotRunning; }, (seconds + 60) * 1000, 5);
    const qint64 sent = QString::fromUtf8(feed.readAllStandardOutput())
                            .section(QStringLiteral("acknowledged="), 1)
                            .section(u' ', 0, 0)
                            .toLongLong();
    const bool all = fed && waitUntil([&] { return tally.punches >= sent; }, 60000, 2);
    const double loadEnd = load1();
    server.stop();
    QJsonObject out = tally.latency();
    note(QStringLiteral("  latency at %1/s, --batch 100: %2 of %3 acknowledged punches in %4 requests; p50 %5 ms, "
                        "p99 %6 ms, worst %7 ms (load %8 -> %9)")
             .arg(rate)
             .arg(tally.punches)
             .arg(sent)
             .arg(tally.requests)
             .arg(out.value(QStringLiteral("p50_ms")).toInteger())
             .arg(out.value(QStringLiteral("p99_ms")).toInteger())
             .arg(out.value(QStringLiteral("worst_ms")).toInteger())
             .arg(load0)
             .arg(loadEnd));
    if (!all)
        *error = QStringLiteral("latency: %1 of %2 acknowledged punches arrived").arg(tally.punches).arg(sent);
    out.insert(QStringLiteral("ok"), all && sent > 0);
    out.insert(QStringLiteral("rate"), rate);
    out.insert(QStringLiteral("seconds"), seconds);
    out.insert(QStringLiteral("acknowledged"), sent);
    out.insert(QStringLiteral("punches"), tally.punches);
    out.insert(QStringLiteral("requests"), tally.requests);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    useUnixEventDispatcher();
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString termdesk = option(args, QStringLiteral("--termdesk"));
    const QString sim = option(args, QStringLiteral("--sim"));
    const QString work = option(args, QStringLiteral("--work"));
    const qint64 single = option(args, QStringLiteral("--single"), QStringLiteral("10000")).toLongLong();
    const qint64 batched = option(args, QStringLiteral("--batched"), QStringLiteral("100000")).toLongLong();
    const int rate = option(args, QStringLiteral("--rate"), QStringLiteral("1000")).toInt();
    const int seconds = option(args, QStringLiteral("--seconds"), QStringLiteral("15")).toInt();
    if (termdesk.isEmpty() || sim.isEmpty() || work.isEmpty() || single <= 0 || batched <= 0 || rate <= 0 ||
        seconds <= 0) {
        note(QStringLiteral("usage: bench_webhook --termdesk BIN --sim BIN --work DIR [--single N] [--batched N] "
                            "[--rate R] [--seconds S] --out FILE"));
        return 2;
    }
    QDir().mkpath(work);
    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("webhook")},
                       {QStringLiteral("date"), QDateTime::currentDateTime().toString(Qt::ISODate)},
                       {QStringLiteral("load_before"), loadAverage()}};
    note(QStringLiteral("webhook: %1 punches one per request, %2 with --batch 100, then %3 punches/s for %4 s")
             .arg(single)
             .arg(batched)
             .arg(rate)
             .arg(seconds));
    QString error;
    const QJsonObject one = throughput(termdesk, work, single, 1, &error);
    const QJsonObject hundred = error.isEmpty() ? throughput(termdesk, work, batched, 100, &error) : QJsonObject{};
    const QJsonObject live = error.isEmpty() ? latency(termdesk, sim, work, rate, seconds, &error) : QJsonObject{};
    if (!error.isEmpty())
        note(error);
    const bool ok = error.isEmpty() && one.value(QStringLiteral("ok")).toBool() &&
                    hundred.value(QStringLiteral("ok")).toBool() && live.value(QStringLiteral("ok")).toBool();
    result.insert(QStringLiteral("ok"), ok);
    result.insert(QStringLiteral("single"), one);
    result.insert(QStringLiteral("batched"), hundred);
    result.insert(QStringLiteral("latency"), live);
    result.insert(QStringLiteral("load_after"), loadAverage());
    if (!writeResult(option(args, QStringLiteral("--out")), result))
        return 1;
    return ok ? 0 : 1;
}
