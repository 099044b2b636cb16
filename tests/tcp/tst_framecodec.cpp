// SPDX-License-Identifier: GPL-3.0-or-later
// The 15-byte frame of the TCP binary protocol (docs/protocol-tcp.md, "Frame").
// Every byte vector is written by hand from the contract's table, never produced by
// encodeFrame: magic(2) terminalId(4) cmd(1) source(1) transferType(1) terminalTime(4)
// bodyLength(2) body, all big-endian.
#include "tcp/framecodec.h"
#include "tcp/tcpbodies.h"

#include <QTest>

using namespace termdesk::tcp;

Q_DECLARE_METATYPE(termdesk::tcp::FrameDecoder::Status)

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text); // spaces are skipped
}

// Hand-written frames used by several tests.
// Heartbeat from terminal 0x00000102 at time 60, request, empty body.
const char *const HEARTBEAT = "78 57  00 00 01 02  01  02  01  00 00 00 3C  00 00";
// Login from a terminal without a number (0), time 256, body = the code "门禁-A1" in UTF-8
// (门 E9 97 A8, 禁 E7 A6 81, '-' 2D, 'A' 41, '1' 31: 9 bytes).
const char *const LOGIN = "78 57  00 00 00 00  02  02  01  00 00 01 00  00 09  E9 97 A8 E7 A6 81 2D 41 31";
// Report from terminal 0x00ABCDEF, time 0x0A2FE781, body Report{sequence: 7} = 08 07.
const char *const REPORT = "78 57  00 AB CD EF  06  02  01  0A 2F E7 81  00 02  08 07";

int drain(FrameDecoder &d, QList<Frame> &out)
{
    int n = 0;
    for (;;) {
        FrameDecoder::Result r = d.next();
        if (r.status != FrameDecoder::Status::Frame)
            return n;
        out.append(r.frame);
        ++n;
    }
}

} // namespace

class TestFrameCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void singleFrame_data();
    void singleFrame();
    void loginCodeBody();
    void splitAtEveryBoundary_data();
    void splitAtEveryBoundary();
    void streamByteByByte();
    void severalFramesInOneFeed();
    void malformedHeader_data();
    void malformedHeader();
    void malformedAfterValidFrame();
    void malformedIsSticky();
    void badHeaderRejectedBeforeBody();
    void truncatedBody();
    void truncatedHeader();
    void maximumBody();
    void bufferBoundedAfter10000Frames();
    void encodeFrame_data();
    void encodeFrame();
    void encodeFrameTooLarge();
    void terminalTime_data();
    void terminalTime();
    void fromTerminalTime_data();
    void fromTerminalTime();
};

void TestFrameCodec::singleFrame_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<quint32>("terminalId");
    QTest::addColumn<int>("cmd");
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("transfer");
    QTest::addColumn<quint32>("time");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("heartbeat") << hex(HEARTBEAT) << 0x102u << 1 << 2 << 1 << 60u << QByteArray();
    QTest::newRow("login") << hex(LOGIN) << 0u << 2 << 2 << 1 << 256u << hex("E9 97 A8 E7 A6 81 2D 41 31");
    QTest::newRow("logout") << hex("78 57 00 00 00 07 03 02 01 00 00 00 01 00 02 41 31") << 7u << 3 << 2 << 1 << 1u
                            << QByteArray("A1");
    // Server read request, management number 1 in the top byte of terminalId.
    QTest::newRow("server read request") << hex("78 57 01 00 01 02 04 01 01 00 00 00 3C 00 04 08 03 10 02")
                                         << 0x01000102u << 4 << 1 << 1 << 60u << hex("08 03 10 02");
    QTest::newRow("write response") << hex("78 57 00 00 01 02 05 02 02 00 00 00 3D 00 04 08 04 10 01") << 0x102u << 5
                                    << 2 << 2 << 61u << hex("08 04 10 01");
    QTest::newRow("report") << hex(REPORT) << 0x00ABCDEFu << 6 << 2 << 1 << 0x0A2FE781u << hex("08 07");
    QTest::newRow("server time request") << hex("78 57 00 00 01 02 07 02 01 00 00 00 00 00 00") << 0x102u << 7 << 2 << 1
                                         << 0u << QByteArray();
    QTest::newRow("server time response") << hex("78 57 00 00 01 02 07 01 02 0A 0B 0C 0D 00 03 08 E8 07") << 0x102u << 7
                                          << 1 << 2 << 0x0A0B0C0Du << hex("08 E8 07");
    QTest::newRow("registry request") << hex("78 57 00 00 00 00 08 02 01 00 00 00 00 00 00") << 0u << 8 << 2 << 1 << 0u
                                      << QByteArray();
    QTest::newRow("ack, all-ones id and time") << hex("78 57 FF FF FF FF 09 01 02 FF FF FF FF 00 02 08 05")
                                               << 0xFFFFFFFFu << 9 << 1 << 2 << 0xFFFFFFFFu << hex("08 05");
}

void TestFrameCodec::singleFrame()
{
    QFETCH(QByteArray, bytes);
    QFETCH(quint32, terminalId);
    QFETCH(int, cmd);
    QFETCH(int, source);
    QFETCH(int, transfer);
    QFETCH(quint32, time);
    QFETCH(QByteArray, body);

    FrameDecoder d;
    d.feed(bytes);
    QCOMPARE(d.buffered(), bytes.size());
    const FrameDecoder::Result r = d.next();
    QCOMPARE(r.status, FrameDecoder::Status::Frame);
    QVERIFY(r.error.isEmpty());
    QCOMPARE(r.frame.header.terminalId, terminalId);
    QCOMPARE(int(r.frame.header.cmd), cmd);
    QCOMPARE(int(r.frame.header.source), source);
    QCOMPARE(int(r.frame.header.transfer), transfer);
    QCOMPARE(r.frame.header.terminalTime, time);
    QCOMPARE(int(r.frame.header.bodyLength), body.size());
    QCOMPARE(r.frame.body, body);
    QCOMPARE(d.buffered(), 0);
    QCOMPARE(d.held(), 0);
    QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
}

void TestFrameCodec::loginCodeBody()
{
    FrameDecoder d;
    d.feed(hex(LOGIN));
    const FrameDecoder::Result r = d.next();
    QCOMPARE(r.status, FrameDecoder::Status::Frame);
    QCOMPARE(r.frame.header.cmd, Cmd::Login);
    const std::optional<QString> code = parseLoginCode(r.frame.body);
    QVERIFY(code);
    QCOMPARE(*code, QStringLiteral("门禁-A1"));
}

void TestFrameCodec::splitAtEveryBoundary_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("heartbeat") << hex(HEARTBEAT);
    QTest::newRow("login") << hex(LOGIN);
    QTest::newRow("report") << hex(REPORT);
    QTest::newRow("three frames") << hex(HEARTBEAT) + hex(LOGIN) + hex(REPORT);
}

void TestFrameCodec::splitAtEveryBoundary()
{
    QFETCH(QByteArray, bytes);

    // The reference: everything in one feed.
    QList<Frame> expected;
    {
        FrameDecoder d;
        d.feed(bytes);
        drain(d, expected);
        QCOMPARE(d.buffered(), 0);
    }
    QVERIFY(!expected.isEmpty());

    for (qsizetype cut = 0; cut <= bytes.size(); ++cut) {
        FrameDecoder d;
        QList<Frame> got;
        d.feed(QByteArrayView(bytes).first(cut));
        drain(d, got);
        QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
        d.feed(QByteArrayView(bytes).sliced(cut));
        drain(d, got);
        QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
        QCOMPARE(d.buffered(), 0);
        QCOMPARE(got.size(), expected.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            QCOMPARE(got.at(i).header.terminalId, expected.at(i).header.terminalId);
            QCOMPARE(got.at(i).header.cmd, expected.at(i).header.cmd);
            QCOMPARE(got.at(i).header.source, expected.at(i).header.source);
            QCOMPARE(got.at(i).header.transfer, expected.at(i).header.transfer);
            QCOMPARE(got.at(i).header.terminalTime, expected.at(i).header.terminalTime);
            QCOMPARE(got.at(i).header.bodyLength, expected.at(i).header.bodyLength);
            QCOMPARE(got.at(i).body, expected.at(i).body);
        }
    }
}

void TestFrameCodec::streamByteByByte()
{
    const QByteArray bytes = hex(HEARTBEAT) + hex(LOGIN) + hex(REPORT);
    FrameDecoder d;
    QList<Frame> got;
    QList<qsizetype> frameEnds;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        d.feed(QByteArrayView(bytes).sliced(i, 1));
        if (drain(d, got) > 0)
            frameEnds.append(i + 1);
    }
    QCOMPARE(got.size(), 3);
    // Each frame comes out exactly when its last byte arrives: 15, 15 + 24, 15 + 24 + 17.
    QCOMPARE(frameEnds, (QList<qsizetype>{15, 39, 56}));
    QCOMPARE(got.at(0).header.cmd, Cmd::Heartbeat);
    QCOMPARE(got.at(1).header.cmd, Cmd::Login);
    QCOMPARE(got.at(1).body, hex("E9 97 A8 E7 A6 81 2D 41 31"));
    QCOMPARE(got.at(2).header.cmd, Cmd::Report);
    QCOMPARE(got.at(2).body, hex("08 07"));
}

void TestFrameCodec::severalFramesInOneFeed()
{
    FrameDecoder d;
    d.feed(QByteArray(hex(REPORT) + hex(HEARTBEAT) + hex(REPORT) + hex("78 57 00"))); // + the start of a fourth
    QList<Frame> got;
    QCOMPARE(drain(d, got), 3);
    QCOMPARE(got.at(0).header.cmd, Cmd::Report);
    QCOMPARE(got.at(1).header.cmd, Cmd::Heartbeat);
    QCOMPARE(got.at(2).header.cmd, Cmd::Report);
    QCOMPARE(d.buffered(), 3);
    QCOMPARE(d.held(), 3); // the consumed frames were dropped
    QCOMPARE(d.peek(15), hex("78 57 00"));
}

void TestFrameCodec::malformedHeader_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");

    QTest::newRow("bad magic") << hex("12 34 00 00 01 02 01 02 01 00 00 00 3C 00 00")
                               << QStringLiteral("bad magic 0x1234");
    QTest::newRow("little-endian magic") << hex("57 78 00 00 01 02 01 02 01 00 00 00 3C 00 00")
                                         << QStringLiteral("bad magic 0x5778");
    QTest::newRow("HTTP request") << QByteArray("GET / HTTP/1.1\r\n") << QStringLiteral("bad magic 0x4745");
    QTest::newRow("source 0") << hex("78 57 00 00 01 02 01 00 01 00 00 00 3C 00 00") << QStringLiteral("bad source 0");
    QTest::newRow("source 3") << hex("78 57 00 00 01 02 01 03 01 00 00 00 3C 00 00") << QStringLiteral("bad source 3");
    QTest::newRow("transferType 0") << hex("78 57 00 00 01 02 01 02 00 00 00 00 3C 00 00")
                                    << QStringLiteral("bad transferType 0");
    QTest::newRow("transferType 3") << hex("78 57 00 00 01 02 01 02 03 00 00 00 3C 00 00")
                                    << QStringLiteral("bad transferType 3");
    QTest::newRow("cmd 0") << hex("78 57 00 00 01 02 00 02 01 00 00 00 3C 00 00") << QStringLiteral("unknown cmd 0");
    QTest::newRow("cmd 10") << hex("78 57 00 00 01 02 0A 02 01 00 00 00 3C 00 00") << QStringLiteral("unknown cmd 10");
    QTest::newRow("cmd 12") << hex("78 57 00 00 01 02 0C 02 01 00 00 00 3C 00 00") << QStringLiteral("unknown cmd 12");
    QTest::newRow("cmd 255") << hex("78 57 00 00 01 02 FF 02 01 00 00 00 3C 00 00")
                             << QStringLiteral("unknown cmd 255");
    // Several fields wrong: the first one in header order is named.
    QTest::newRow("cmd and source wrong")
        << hex("78 57 00 00 01 02 0A 03 01 00 00 00 3C 00 00") << QStringLiteral("unknown cmd 10");
    QTest::newRow("source and transferType wrong")
        << hex("78 57 00 00 01 02 01 00 00 00 00 00 3C 00 00") << QStringLiteral("bad source 0");
}

void TestFrameCodec::malformedHeader()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);

    // All at once.
    {
        FrameDecoder d;
        d.feed(bytes);
        const FrameDecoder::Result r = d.next();
        QCOMPARE(r.status, FrameDecoder::Status::Malformed);
        QCOMPARE(r.error, error);
        QCOMPARE(d.peek(15), bytes.first(qMin<qsizetype>(15, bytes.size()))); // for the log line
    }
    // Byte by byte: NeedMore until the bad field is there, then Malformed.
    {
        FrameDecoder d;
        bool failed = false;
        for (qsizetype i = 0; i < bytes.size() && !failed; ++i) {
            d.feed(QByteArrayView(bytes).sliced(i, 1));
            const FrameDecoder::Result r = d.next();
            if (r.status == FrameDecoder::Status::Malformed) {
                QCOMPARE(r.error, error);
                QVERIFY2(i < 15, "a bad header is detected within its 15 bytes");
                failed = true;
            } else {
                QCOMPARE(r.status, FrameDecoder::Status::NeedMore);
            }
        }
        QVERIFY(failed);
    }
}

void TestFrameCodec::malformedAfterValidFrame()
{
    FrameDecoder d;
    d.feed(QByteArray(hex(HEARTBEAT) + hex("78 57 00 00 01 02 01 03 01 00 00 00 3C 00 00")));
    QCOMPARE(d.next().status, FrameDecoder::Status::Frame);
    const FrameDecoder::Result r = d.next();
    QCOMPARE(r.status, FrameDecoder::Status::Malformed);
    QCOMPARE(r.error, QStringLiteral("bad source 3"));
    QCOMPARE(d.peek(15), hex("78 57 00 00 01 02 01 03 01 00 00 00 3C 00 00"));
}

void TestFrameCodec::malformedIsSticky()
{
    FrameDecoder d;
    d.feed(hex("78 57 00 00 01 02 0A 02 01 00 00 00 3C 00 00"));
    QCOMPARE(d.next().status, FrameDecoder::Status::Malformed);
    const qsizetype held = d.held();
    // No resync: a perfectly good frame afterwards changes nothing and is not even buffered.
    d.feed(hex(HEARTBEAT));
    d.feed(hex(REPORT));
    for (int i = 0; i < 3; ++i) {
        const FrameDecoder::Result r = d.next();
        QCOMPARE(r.status, FrameDecoder::Status::Malformed);
        QCOMPARE(r.error, QStringLiteral("unknown cmd 10"));
    }
    QCOMPARE(d.held(), held);
}

void TestFrameCodec::badHeaderRejectedBeforeBody()
{
    // bodyLength says 0x1000 bytes follow, but the source is wrong: rejected on the header alone.
    FrameDecoder d;
    d.feed(hex("78 57 00 00 01 02 06 00 01 00 00 00 3C 10 00"));
    const FrameDecoder::Result r = d.next();
    QCOMPARE(r.status, FrameDecoder::Status::Malformed);
    QCOMPARE(r.error, QStringLiteral("bad source 0"));
    // A bad magic is rejected as soon as its two bytes are there.
    FrameDecoder m;
    m.feed(hex("AA"));
    QCOMPARE(m.next().status, FrameDecoder::Status::NeedMore);
    m.feed(hex("BB"));
    QCOMPARE(m.next().error, QStringLiteral("bad magic 0xaabb"));
}

void TestFrameCodec::truncatedBody()
{
    // Report, body 5 bytes: 08 07 12 01 00 (sequence 7, then a 1-byte punch 00... whatever: the
    // frame layer does not look inside).
    const QByteArray frame = hex("78 57 00 00 01 02 06 02 01 00 00 00 3C 00 05 08 07 12 01 00");
    FrameDecoder d;
    d.feed(frame.first(17)); // header + 2 of 5 body bytes
    QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
    QCOMPARE(d.buffered(), 17);
    QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore); // asking again changes nothing
    d.feed(frame.sliced(17, 2));
    QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
    QCOMPARE(d.buffered(), 19);
    d.feed(frame.sliced(19));
    const FrameDecoder::Result r = d.next();
    QCOMPARE(r.status, FrameDecoder::Status::Frame);
    QCOMPARE(r.frame.body, hex("08 07 12 01 00"));
    QCOMPARE(d.buffered(), 0);
}

void TestFrameCodec::truncatedHeader()
{
    FrameDecoder d;
    d.feed(hex("78 57 00 00 01 02 01 02 01 00 00 00 3C 00")); // 14 of 15 bytes
    QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
    QCOMPARE(d.buffered(), 14);
    d.feed(hex("00"));
    QCOMPARE(d.next().status, FrameDecoder::Status::Frame);
}

void TestFrameCodec::maximumBody()
{
    // bodyLength FF FF = 65535, the largest a u16 holds.
    QByteArray body(FRAME_MAX_BODY, Qt::Uninitialized);
    for (int i = 0; i < body.size(); ++i)
        body[i] = char(i * 7 + 3);
    const QByteArray frame = hex("78 57 00 00 01 02 06 02 01 00 00 00 3C FF FF") + body + hex(HEARTBEAT);

    FrameDecoder d;
    const qsizetype chunk = 4096;
    QList<Frame> got;
    for (qsizetype pos = 0; pos < frame.size(); pos += chunk) {
        d.feed(QByteArrayView(frame).sliced(pos, qMin(chunk, frame.size() - pos)));
        drain(d, got);
        QVERIFY(d.held() <= FRAME_HEADER_SIZE + FRAME_MAX_BODY + chunk);
    }
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.at(0).header.bodyLength, quint16(65535));
    QCOMPARE(got.at(0).body.size(), 65535);
    QVERIFY(got.at(0).body == body);
    QCOMPARE(got.at(1).header.cmd, Cmd::Heartbeat);
    QCOMPARE(d.held(), 0);
}

void TestFrameCodec::bufferBoundedAfter10000Frames()
{
    // 10 000 report frames (17 bytes each) fed in 7-byte chunks that straddle frame boundaries,
    // drained after every chunk: the decoder never holds more than one partial frame + a chunk.
    const QByteArray one = hex(REPORT);
    QByteArray stream;
    for (int i = 0; i < 10000; ++i)
        stream += one;
    FrameDecoder d;
    int frames = 0;
    qsizetype maxHeld = 0;
    for (qsizetype pos = 0; pos < stream.size(); pos += 7) {
        d.feed(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(7, stream.size() - pos)));
        maxHeld = qMax(maxHeld, d.held());
        for (;;) {
            const FrameDecoder::Result r = d.next();
            if (r.status != FrameDecoder::Status::Frame) {
                QCOMPARE(r.status, FrameDecoder::Status::NeedMore);
                break;
            }
            QCOMPARE(r.frame.body, hex("08 07"));
            ++frames;
        }
        QVERIFY(d.held() < one.size());
    }
    QCOMPARE(frames, 10000);
    QVERIFY2(maxHeld <= one.size() - 1 + 7, qPrintable(QString::number(maxHeld)));
    QCOMPARE(d.held(), 0);

    // And in 64 KiB chunks (a typical socket read), never drained in between feeds' frames.
    FrameDecoder big;
    frames = 0;
    for (qsizetype pos = 0; pos < stream.size(); pos += 65536) {
        big.feed(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(65536, stream.size() - pos)));
        QVERIFY(big.held() <= one.size() + 65536);
        QList<Frame> got;
        frames += drain(big, got);
    }
    QCOMPARE(frames, 10000);
}

void TestFrameCodec::encodeFrame_data()
{
    QTest::addColumn<quint32>("terminalId");
    QTest::addColumn<int>("cmd");
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("transfer");
    QTest::addColumn<quint32>("time");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("heartbeat ack") << 0x102u << 9 << 1 << 2 << 60u << QByteArray()
                                   << hex("78 57 00 00 01 02 09 01 02 00 00 00 3C 00 00");
    QTest::newRow("report ack") << 0x00ABCDEFu << 6 << 1 << 2 << 0x0A2FE781u << hex("08 07")
                                << hex("78 57 00 AB CD EF 06 01 02 0A 2F E7 81 00 02 08 07");
    QTest::newRow("login reply") << 0u << 2 << 1 << 2 << 0x01020304u << hex("08 01")
                                 << hex("78 57 00 00 00 00 02 01 02 01 02 03 04 00 02 08 01");
    QTest::newRow("read request, management number") << 0x01000102u << 4 << 1 << 1 << 0xFFFFFFFFu << hex("08 03 10 02")
                                                     << hex("78 57 01 00 01 02 04 01 01 FF FF FF FF 00 04 08 03 10 02");
    QTest::newRow("terminal login") << 0u << 2 << 2 << 1 << 256u << hex("E9 97 A8 E7 A6 81 2D 41 31") << hex(LOGIN);
    QByteArray big(300, 'x');
    QTest::newRow("300-byte body") << 5u << 5 << 1 << 1 << 0u << big
                                   << hex("78 57 00 00 00 05 05 01 01 00 00 00 00 01 2C") + big;
}

void TestFrameCodec::encodeFrame()
{
    QFETCH(quint32, terminalId);
    QFETCH(int, cmd);
    QFETCH(int, source);
    QFETCH(int, transfer);
    QFETCH(quint32, time);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);

    FrameHeader h;
    h.terminalId = terminalId;
    h.cmd = Cmd(cmd);
    h.source = Source(source);
    h.transfer = TransferType(transfer);
    h.terminalTime = time;
    h.bodyLength = 12345; // ignored: the body's size is written
    QCOMPARE(termdesk::tcp::encodeFrame(h, body), expected);
}

void TestFrameCodec::encodeFrameTooLarge()
{
    FrameHeader h;
    QCOMPARE(termdesk::tcp::encodeFrame(h, QByteArray(65535, 'a')).size(), 15 + 65535);
    QVERIFY(termdesk::tcp::encodeFrame(h, QByteArray(65536, 'a')).isEmpty());
}

void TestFrameCodec::terminalTime_data()
{
    QTest::addColumn<qint64>("utcMs");
    QTest::addColumn<quint32>("seconds");

    // 2020-01-01T00:00:00Z = Unix 1577836800 (date -u -d 2020-01-01 +%s).
    QTest::newRow("2020 epoch") << qint64(1577836800000) << 0u;
    QTest::newRow("one minute later") << qint64(1577836860000) << 60u;
    QTest::newRow("sub-second floors") << qint64(1577836860999) << 60u;
    // 2025-06-01T08:00:01Z = Unix 1748764801 → 1748764801 - 1577836800 = 170928001.
    QTest::newRow("2025-06-01 08:00:01Z") << qint64(1748764801000) << 170928001u;
    QTest::newRow("1 ms before 2020 clamps") << qint64(1577836799999) << 0u;
    QTest::newRow("Unix epoch clamps") << qint64(0) << 0u;
    QTest::newRow("negative clamps") << qint64(-5000) << 0u;
    // Last representable second: 1577836800 + 4294967295 = 5872804095 (year 2156).
    QTest::newRow("last second") << qint64(5872804095000) << 0xFFFFFFFFu;
    QTest::newRow("past the range clamps") << qint64(5872804096000) << 0xFFFFFFFFu;
    QTest::newRow("qint64 max clamps") << std::numeric_limits<qint64>::max() << 0xFFFFFFFFu;
    QTest::newRow("qint64 min clamps") << std::numeric_limits<qint64>::min() << 0u;
}

void TestFrameCodec::terminalTime()
{
    QFETCH(qint64, utcMs);
    QFETCH(quint32, seconds);
    QCOMPARE(toTerminalTime(utcMs), seconds);
}

void TestFrameCodec::fromTerminalTime_data()
{
    QTest::addColumn<quint32>("seconds");
    QTest::addColumn<qint64>("utcMs");
    QTest::newRow("0") << 0u << qint64(1577836800000);
    QTest::newRow("60") << 60u << qint64(1577836860000);
    QTest::newRow("2025-06-01 08:00:01Z") << 170928001u << qint64(1748764801000);
    QTest::newRow("max") << 0xFFFFFFFFu << qint64(5872804095000);
}

void TestFrameCodec::fromTerminalTime()
{
    QFETCH(quint32, seconds);
    QFETCH(qint64, utcMs);
    QCOMPARE(termdesk::tcp::fromTerminalTime(seconds), utcMs);
    QCOMPARE(toTerminalTime(utcMs), seconds);
}

QTEST_GUILESS_MAIN(TestFrameCodec)
#include "tst_framecodec.moc"
