// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the TCP frame decoder and the protobuf body conversions (tests/fuzz/README.md).
//
// Input layout:
//   byte 0          n = byte & 0x0F: how many chunk-size bytes follow (0: the stream in one feed)
//   n bytes         chunk sizes, used in turn; 0 = the whole rest of the stream
//   the rest        the byte stream a peer sends
// The stream is fed to one FrameDecoder in those chunks; every decoded frame's body goes
// through the parse* function its cmd / transferType calls for.
//
// Checked (abort on violation; ASan / UBSan check the rest):
//   - buffered() and held() never exceed 15 + 65535 + the last chunk;
//   - NeedMore only when the bytes held really do not make a whole frame;
//   - a decoded frame re-encodes (encodeFrame) to exactly the bytes it came from;
//   - Malformed names a reason, is sticky, and nothing is buffered after it;
//   - a parsed body re-encodes to a body that parses back to the same encoding (no lossy or
//     inconsistent conversion), and encoders never fail on what the parsers produce.
#include "tcp/framecodec.h"
#include "tcp/tcpbodies.h"
#include "tcpterminalbodies.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace termdesk::tcp;

namespace {

[[noreturn]] void fail(const char *what, int line)
{
    std::fprintf(stderr, "fuzz_framecodec: check failed at line %d: %s\n", line, what);
    std::abort();
}

#define FUZZ_CHECK(cond)                                                                                               \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            fail(#cond, __LINE__);                                                                                     \
    } while (false)

/// encode(parse(x)) is stable: parsing it again and encoding gives the same bytes.
template <typename Parsed, typename Parse, typename Encode>
void checkStable(const std::optional<Parsed> &first, Parse parse, Encode encode)
{
    if (!first)
        return;
    const QByteArray once = encode(*first);
    const std::optional<Parsed> second = parse(QByteArrayView(once));
    FUZZ_CHECK(second.has_value());
    FUZZ_CHECK(encode(*second) == once);
}

void checkBody(const Frame &frame)
{
    const QByteArray &body = frame.body;
    const bool request = frame.header.transfer == TransferType::Request;
    switch (frame.header.cmd) {
    case Cmd::Login:
        if (request) {
            const std::optional<QString> code = parseLoginCode(body);
            if (code) {
                const QByteArray utf8 = code->toUtf8();
                FUZZ_CHECK(!utf8.isEmpty() && utf8.size() <= TCP_MAX_CODE_BYTES);
                FUZZ_CHECK(parseLoginCode(utf8) == code);
            }
        } else {
            checkStable(parseLoginReply(body), parseLoginReply, encodeLoginReply);
        }
        break;
    case Cmd::Logout:
        if (request) {
            const std::optional<QString> code = parseLoginCode(body);
            if (code)
                FUZZ_CHECK(parseLoginCode(code->toUtf8()) == code);
        } else {
            checkStable(parseAck(body), parseAck, encodeAck);
        }
        break;
    case Cmd::Heartbeat:
    case Cmd::Ack:
        checkStable(parseAck(body), parseAck, encodeAck);
        break;
    case Cmd::ServerRead:
        if (request)
            checkStable(parseReadRequest(body), parseReadRequest, encodeReadRequest);
        else
            checkStable(parseReadResponse(body), parseReadResponse, encodeReadResponse);
        break;
    case Cmd::ServerWrite:
        if (request)
            checkStable(parseWriteRequest(body), parseWriteRequest, encodeWriteRequest);
        else
            checkStable(parseWriteResponse(body), parseWriteResponse, encodeWriteResponse);
        break;
    case Cmd::Report:
        if (request) {
            const std::optional<TcpReport> report = parseReport(body);
            checkStable(report, parseReport, encodeReport);
            if (report && report->status)
                FUZZ_CHECK(!report->status->rawJson.isEmpty());
        } else {
            checkStable(parseAck(body), parseAck, encodeAck);
        }
        break;
    case Cmd::ServerTime:
        if (!request)
            checkStable(parseServerTime(body), parseServerTime, encodeServerTime);
        break;
    case Cmd::RegistryAddress:
        if (!request)
            checkStable(parseServerAddress(body), parseServerAddress, encodeServerAddress);
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const size_t nSizes = data[0] & 0x0F;
    if (size < 1 + nSizes)
        return 0;
    const uint8_t *sizes = data + 1;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1 + nSizes), qsizetype(size - 1 - nSizes));

    constexpr qsizetype maxFrame = FRAME_HEADER_SIZE + FRAME_MAX_BODY;
    FrameDecoder decoder;
    qsizetype fed = 0;      // stream bytes given to the decoder
    qsizetype consumed = 0; // stream bytes returned as frames
    bool failed = false;
    QString failure;
    size_t chunkIndex = 0;

    while (fed < stream.size()) {
        const qsizetype rest = stream.size() - fed;
        qsizetype chunk = rest;
        if (nSizes > 0) {
            const uint8_t s = sizes[chunkIndex++ % nSizes];
            chunk = s == 0 ? rest : qMin<qsizetype>(s, rest);
        }
        const qsizetype heldBefore = decoder.held();
        decoder.feed(stream.sliced(fed, chunk));
        fed += chunk;
        FUZZ_CHECK(decoder.buffered() <= maxFrame + chunk);
        FUZZ_CHECK(decoder.held() <= maxFrame + chunk);
        if (failed) {
            FUZZ_CHECK(decoder.held() == heldBefore); // nothing buffered after a protocol error
        }

        for (;;) {
            const FrameDecoder::Result r = decoder.next();
            if (r.status == FrameDecoder::Status::Malformed) {
                FUZZ_CHECK(!r.error.isEmpty());
                if (failed) {
                    FUZZ_CHECK(r.error == failure);
                } else {
                    failed = true;
                    failure = r.error;
                    const qsizetype n = qMin<qsizetype>(FRAME_HEADER_SIZE, fed - consumed);
                    FUZZ_CHECK(decoder.peek(FRAME_HEADER_SIZE) == stream.sliced(consumed, n).toByteArray());
                    FUZZ_CHECK(decoder.next().status == FrameDecoder::Status::Malformed);
                }
                break;
            }
            FUZZ_CHECK(!failed);
            if (r.status == FrameDecoder::Status::NeedMore) {
                // Really not a whole frame yet.
                const qsizetype pending = fed - consumed;
                FUZZ_CHECK(decoder.buffered() == pending);
                if (pending >= FRAME_HEADER_SIZE) {
                    const QByteArray head = decoder.peek(FRAME_HEADER_SIZE);
                    const qsizetype bodyLength = (qsizetype(uchar(head.at(13))) << 8) | uchar(head.at(14));
                    FUZZ_CHECK(pending < FRAME_HEADER_SIZE + bodyLength);
                }
                FUZZ_CHECK(decoder.held() < maxFrame);
                break;
            }
            const Frame &frame = r.frame;
            FUZZ_CHECK(frame.header.bodyLength == frame.body.size());
            const qsizetype frameSize = FRAME_HEADER_SIZE + frame.body.size();
            FUZZ_CHECK(consumed + frameSize <= fed);
            const QByteArray again = encodeFrame(frame.header, frame.body);
            FUZZ_CHECK(again == stream.sliced(consumed, frameSize).toByteArray());
            consumed += frameSize;
            checkBody(frame);
        }
    }
    if (!failed)
        FUZZ_CHECK(decoder.buffered() == stream.size() - consumed);
    return 0;
}
