// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the sendlog fast path against the general one (tests/fuzz/README.md).
//
// Input: the bytes of one WebSocket text message.
// Checked (abort on violation; ASan / UBSan check the rest): whenever scanSendLog() accepts the
// message, parseLenient() parses it too and decodeMessage() gives the same message, field by
// field (kind, name, sn, count and logindex as echoed in the ack, every punch).
#include "ws/jsonlenient.h"
#include "ws/sendlogscanner.h"
#include "ws/wsmessages.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace termdesk;
using namespace termdesk::ws;

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_sendlogscanner: %s\n", what);
    std::abort();
}

QByteArray echoed(const QJsonValue &v)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("v"), v}}).toJson(QJsonDocument::Compact);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const std::optional<DecodedMessage> fast = scanSendLog(bytes);
    if (!fast)
        return 0;
    const JsonParse parsed = parseLenient(bytes);
    if (!parsed.ok)
        fail("accepted a message the general path refuses");
    const DecodedMessage slow = decodeMessage(parsed.object, false);
    if (fast->kind != slow.kind || fast->name != slow.name || fast->sn != slow.sn)
        fail("kind, name or sn differ");
    if (echoed(fast->count) != echoed(slow.count) || echoed(fast->logIndex) != echoed(slow.logIndex))
        fail("count or logindex differ");
    if (!slow.quarantined.isEmpty() || fast->punches.size() != slow.punches.size())
        fail("records differ");
    for (qsizetype i = 0; i < fast->punches.size(); ++i) {
        const Punch &a = fast->punches.at(i);
        const Punch &b = slow.punches.at(i);
        if (a.enrollId != b.enrollId || a.localTime != b.localTime || a.localEpoch != b.localEpoch ||
            a.verifyMode != b.verifyMode || a.inOut != b.inOut || a.event != b.event ||
            a.temperature != b.temperature || a.name != b.name || a.photo != b.photo)
            fail("a punch differs");
    }
    return 0;
}
