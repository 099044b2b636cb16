// SPDX-License-Identifier: GPL-3.0-or-later
// Codec throughput on one core: the WebSocket+JSON decode path of WsSession (text frame → UTF-8 →
// scanSendLog, or parseLenient → decodeMessage for what it leaves), the general path and its parts,
// the ack encode, and the TCP FrameDecoder when it is built.
// Messages are written the way the simulated terminals write them (termdesk_simlib).
//
//   bench_codec --seconds 1.5 --out FILE
#include "benchutil.h"
#include "simdevice.h"
#include "simjson.h"
#include "ws/jsonlenient.h"
#include "ws/sendlogscanner.h"
#include "ws/wsmessages.h"
#ifdef TERMDESK_BENCH_FRAMECODEC
#include "tcp/framecodec.h"
#endif

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

using namespace termdesk::bench;
namespace sim = termdesk::sim;
namespace ws = termdesk::ws;

namespace {

volatile qint64 g_sink = 0; // keeps the optimiser from dropping the work

/// A sendlog as SimTerminal::sendBatch writes it.
QByteArray sendlog(sim::SimDevice &device, qsizetype first, int count, const sim::Quirks &quirks)
{
    sim::JsonWriter w(quirks.trailingCommas);
    w.beginObject();
    w.key("cmd").string(QStringLiteral("sendlog"));
    w.key("sn").string(device.sn());
    w.key("count").number(count, quirks.numbersAsStrings);
    w.key("logindex").number(device.logIndex(first), quirks.numbersAsStrings);
    w.key("record").beginArray();
    for (qsizetype i = first; i < first + count; ++i)
        device.writeRecord(w, device.record(i), quirks.numbersAsStrings);
    w.endArray();
    w.endObject();
    return w.take();
}

struct Corpus
{
    QList<QString> texts; ///< as textMessageReceived delivers them
    qint64 records = 0;   ///< punches per pass over texts
    qint64 bytes = 0;     ///< UTF-8 bytes per pass
};

Corpus makeCorpus(int messages, int batch, const sim::Quirks &quirks, const QString &model)
{
    sim::TerminalOptions o;
    o.sn = QStringLiteral("BENCH000001");
    o.model = model;
    o.doorEvents = 0;
    o.users = 500;
    sim::SimDevice device(o);
    device.generatePunches(messages * batch);
    Corpus c;
    for (int m = 0; m < messages; ++m) {
        const QByteArray utf8 = sendlog(device, qsizetype(m) * batch, batch, quirks);
        c.texts.append(QString::fromUtf8(utf8));
        c.records += batch;
        c.bytes += utf8.size();
    }
    return c;
}

struct Rate
{
    qint64 messages = 0;
    double seconds = 0;
    double perSecond() const { return seconds > 0 ? static_cast<double>(messages) / seconds : 0; }
};

template <typename F> Rate measure(double minSeconds, qsizetype corpusSize, F &&one)
{
    Rate r;
    QElapsedTimer t;
    t.start();
    const qint64 minNs = static_cast<qint64>(minSeconds * 1e9);
    do {
        for (qsizetype i = 0; i < corpusSize; ++i)
            one(i);
        r.messages += corpusSize;
    } while (t.nsecsElapsed() < minNs);
    r.seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    return r;
}

QJsonObject caseJson(const QString &name, const Rate &r, double recordsPerMessage, double bytesPerMessage)
{
    const double mps = r.perSecond();
    note(QStringLiteral("  %1: %2 msg/s, %3 records/s, %4 MB/s")
             .arg(name, -44)
             .arg(mps, 10, 'f', 0)
             .arg(mps * recordsPerMessage, 10, 'f', 0)
             .arg(mps * bytesPerMessage / 1048576.0, 6, 'f', 1));
    return QJsonObject{{QStringLiteral("case"), name},
                       {QStringLiteral("messages_per_second"), mps},
                       {QStringLiteral("records_per_second"), mps * recordsPerMessage},
                       {QStringLiteral("mb_per_second"), mps * bytesPerMessage / 1048576.0},
                       {QStringLiteral("bytes_per_message"), bytesPerMessage},
                       {QStringLiteral("seconds"), r.seconds}};
}

QJsonArray jsonCases(double seconds)
{
    QJsonArray out;
    struct Variant
    {
        QString name;
        int batch;
        sim::Quirks quirks;
        QString model;
    };
    const QList<Variant> variants = {
        {QStringLiteral("sendlog 50 records"), 50, {}, QStringLiteral("AiFace")},
        {QStringLiteral("sendlog 50 records, trailing commas + string numbers"),
         50,
         {true, true, false},
         QStringLiteral("AiFace")},
        {QStringLiteral("sendlog 1 record"), 1, {}, QStringLiteral("AiFace")},
    };
    for (const Variant &v : variants) {
        const Corpus c = makeCorpus(200, v.batch, v.quirks, v.model);
        const qsizetype n = c.texts.size();
        const double recs = static_cast<double>(c.records) / n;
        const double bytes = static_cast<double>(c.bytes) / n;
        note(QStringLiteral("json: %1 (%2 bytes/message)").arg(v.name).arg(bytes, 0, 'f', 0));

        // The path of WsSession::onText → handle(): toUtf8, scanSendLog, and for what it leaves
        // (trailing commas here) parseLenient + decodeMessage.
        const Rate full = measure(seconds, n, [&](qsizetype i) {
            const QByteArray utf8Text = c.texts[i].toUtf8();
            std::optional<ws::DecodedMessage> m = ws::scanSendLog(utf8Text);
            if (!m)
                m = ws::decodeMessage(ws::parseLenient(utf8Text).object, false);
            g_sink = g_sink + m->punches.size();
        });
        QJsonObject o = caseJson(v.name + QStringLiteral(": decode path"), full, recs, bytes);
        o.insert(QStringLiteral("path"), QStringLiteral("decode"));
        o.insert(QStringLiteral("variant"), v.name);
        out.append(o);

        // The general path alone: toUtf8, parseLenient, decodeMessage.
        const Rate general = measure(seconds, n, [&](qsizetype i) {
            const ws::JsonParse parsed = ws::parseLenient(c.texts[i].toUtf8());
            const ws::DecodedMessage m = ws::decodeMessage(parsed.object, false);
            g_sink = g_sink + m.punches.size();
        });
        o = caseJson(v.name + QStringLiteral(": general path (parseLenient + decodeMessage)"), general, recs, bytes);
        o.insert(QStringLiteral("path"), QStringLiteral("general"));
        o.insert(QStringLiteral("variant"), v.name);
        out.append(o);

        QList<QByteArray> utf8;
        for (const QString &t : c.texts)
            utf8.append(t.toUtf8());
        const Rate lenient = measure(seconds, n, [&](qsizetype i) {
            const ws::JsonParse parsed = ws::parseLenient(utf8[i]);
            g_sink = g_sink + parsed.object.size();
        });
        o = caseJson(v.name + QStringLiteral(": parseLenient only"), lenient, recs, bytes);
        o.insert(QStringLiteral("path"), QStringLiteral("parseLenient"));
        o.insert(QStringLiteral("variant"), v.name);
        out.append(o);

        if (!v.quirks.trailingCommas) {
            const Rate strict = measure(seconds, n, [&](qsizetype i) {
                const QJsonDocument d = QJsonDocument::fromJson(utf8[i]);
                g_sink = g_sink + d.object().size();
            });
            o = caseJson(v.name + QStringLiteral(": QJsonDocument::fromJson (reference)"), strict, recs, bytes);
            o.insert(QStringLiteral("path"), QStringLiteral("fromJson"));
            o.insert(QStringLiteral("variant"), v.name);
            out.append(o);
        }
        QList<QJsonObject> parsed;
        for (const QByteArray &b : utf8)
            parsed.append(ws::parseLenient(b).object);
        const Rate decode = measure(seconds, n, [&](qsizetype i) {
            const ws::DecodedMessage m = ws::decodeMessage(parsed[i], false);
            g_sink = g_sink + m.punches.size();
        });
        o = caseJson(v.name + QStringLiteral(": decodeMessage only"), decode, recs, bytes);
        o.insert(QStringLiteral("path"), QStringLiteral("decodeMessage"));
        o.insert(QStringLiteral("variant"), v.name);
        out.append(o);
    }

    // The ack WsSession::send writes for every batch (QJsonObject → compact JSON → QString).
    const Rate ack = measure(seconds, 1000, [&](qsizetype i) {
        const QJsonObject reply{{QStringLiteral("ret"), QStringLiteral("sendlog")},
                                {QStringLiteral("result"), true},
                                {QStringLiteral("count"), 50},
                                {QStringLiteral("logindex"), static_cast<qint64>(i) * 50},
                                {QStringLiteral("cloudtime"), QStringLiteral("2026-11-21 10:00:00")}};
        const QString text = QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact));
        g_sink = g_sink + text.size();
    });
    QJsonObject o = caseJson(QStringLiteral("sendlog ack: encode"), ack, 0, 80);
    o.insert(QStringLiteral("path"), QStringLiteral("encodeAck"));
    out.append(o);
    return out;
}

#ifdef TERMDESK_BENCH_FRAMECODEC
QJsonArray tcpCases(double seconds)
{
    namespace tcp = termdesk::tcp;
    QJsonArray out;
    for (const int bodySize : {32, 750}) {
        // A stream of frames as a socket delivers it, read in 4 KiB pieces.
        QRandomGenerator rng(7);
        QByteArray stream;
        int frames = 0;
        while (stream.size() < 4 * 1024 * 1024) {
            tcp::FrameHeader h;
            h.terminalId = 0x01000001;
            h.cmd = tcp::Cmd::Report;
            h.source = tcp::Source::Terminal;
            h.transfer = tcp::TransferType::Request;
            h.terminalTime = 200'000'000;
            QByteArray body(bodySize, Qt::Uninitialized);
            for (char &ch : body)
                ch = static_cast<char>(rng.bounded(256));
            h.bodyLength = static_cast<quint16>(body.size());
            stream += tcp::encodeFrame(h, body);
            ++frames;
        }
        constexpr qsizetype CHUNK = 4096;
        int decodedPerPass = 0;
        const Rate decode = measure(seconds, 1, [&](qsizetype) {
            tcp::FrameDecoder d;
            int got = 0;
            for (qsizetype pos = 0; pos < stream.size(); pos += CHUNK) {
                d.feed(QByteArrayView(stream).sliced(pos, std::min(CHUNK, stream.size() - pos)));
                for (;;) {
                    const tcp::FrameDecoder::Result r = d.next();
                    if (r.status != tcp::FrameDecoder::Status::Frame)
                        break;
                    ++got;
                }
            }
            decodedPerPass = got;
            g_sink = g_sink + got;
        });
        if (decodedPerPass != frames)
            note(QStringLiteral("  TCP FrameDecoder returned %1 of %2 frames").arg(decodedPerPass).arg(frames));
        Rate perFrame = decode;
        perFrame.messages = decode.messages * frames;
        const double bytes = static_cast<double>(stream.size()) / frames;
        QJsonObject o =
            caseJson(QStringLiteral("TCP FrameDecoder, %1-byte bodies, 4 KiB reads").arg(bodySize), perFrame, 0, bytes);
        o.insert(QStringLiteral("path"), QStringLiteral("tcpFrameDecode"));
        o.insert(QStringLiteral("ok"), decodedPerPass == frames);
        out.append(o);
    }
    return out;
}
#endif

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const double seconds = option(args, QStringLiteral("--seconds"), QStringLiteral("1.5")).toDouble();
    QJsonObject result{{QStringLiteral("bench"), QStringLiteral("codec")},
                       {QStringLiteral("date"), QDateTime::currentDateTime().toString(Qt::ISODate)},
                       {QStringLiteral("load_before"), loadAverage()}};
    result.insert(QStringLiteral("json"), jsonCases(seconds));
#ifdef TERMDESK_BENCH_FRAMECODEC
    result.insert(QStringLiteral("tcp"), tcpCases(seconds));
    result.insert(QStringLiteral("tcp_status"), QStringLiteral("measured"));
#else
    result.insert(QStringLiteral("tcp_status"), QStringLiteral("slot: core/tcp/framecodec.cpp not built"));
#endif
    result.insert(QStringLiteral("load_after"), loadAverage());
    return writeResult(option(args, QStringLiteral("--out")), result) ? 0 : 1;
}
