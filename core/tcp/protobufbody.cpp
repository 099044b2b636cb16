// SPDX-License-Identifier: GPL-3.0-or-later
// The protobuf plumbing of the TCP bodies (docs/protocol-tcp.md "Bodies").
#include "protobufbody.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>
#if GOOGLE_PROTOBUF_VERSION < 4022000
#include <google/protobuf/stubs/logging.h>
#define TERMDESK_PROTOBUF_LOG_HANDLER 1
#endif

#include <QLoggingCategory>

#include <vector>

namespace termdesk::tcp::wire {

namespace {

Q_LOGGING_CATEGORY(lcBodies, "termdesk.tcp.bodies", QtWarningMsg)

constexpr quint32 U32_MAX = std::numeric_limits<quint32>::max();

#ifdef TERMDESK_PROTOBUF_LOG_HANDLER
/// libprotobuf writes its complaints (e.g. invalid UTF-8 in a string field) to stderr; a hostile
/// peer could fill it. The caller logs the protocol error itself, so they go to debug output.
void protobufLog(google::protobuf::LogLevel level, const char *file, int line, const std::string &message)
{
    if (level >= google::protobuf::LOGLEVEL_FATAL)
        qCCritical(lcBodies, "libprotobuf %s:%d: %s", file, line, message.c_str());
    else
        qCDebug(lcBodies, "libprotobuf %s:%d: %s", file, line, message.c_str());
}
#endif

bool isPadding(QChar c)
{
    return c.isNull() || c.isSpace();
}

} // namespace

void routeProtobufLogs()
{
#ifdef TERMDESK_PROTOBUF_LOG_HANDLER
    static const bool routed = [] {
        google::protobuf::SetLogHandler(&protobufLog);
        return true;
    }();
    Q_UNUSED(routed);
#endif
}

bool hasMistypedKnownField(const google::protobuf::Message &m)
{
    const google::protobuf::Reflection *reflection = m.GetReflection();
    const google::protobuf::Descriptor *descriptor = m.GetDescriptor();
    const google::protobuf::UnknownFieldSet &unknown = reflection->GetUnknownFields(m);
    for (int i = 0; i < unknown.field_count(); ++i) {
        if (descriptor->FindFieldByNumber(unknown.field(i).number()))
            return true;
    }
    std::vector<const google::protobuf::FieldDescriptor *> fields;
    reflection->ListFields(m, &fields);
    for (const google::protobuf::FieldDescriptor *f : fields) {
        if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE)
            continue;
        if (f->is_repeated()) {
            const int n = reflection->FieldSize(m, f);
            for (int j = 0; j < n; ++j) {
                if (hasMistypedKnownField(reflection->GetRepeatedMessage(m, f, j)))
                    return true;
            }
        } else if (hasMistypedKnownField(reflection->GetMessage(m, f))) {
            return true;
        }
    }
    return false;
}

/// Parses `body` into `m`; false when it is not a valid message of that type: libprotobuf's
/// verdict (truncated varint, length past the end, invalid wire type, unmatched group, invalid
/// UTF-8 in a string field...) plus a known field with the wrong wire type (see above).
/// Unknown field numbers are accepted (proto3).
QString fromWire(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string toWire(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    return std::string(utf8.constData(), size_t(utf8.size()));
}

QString stripPadding(QString s)
{
    qsizetype begin = 0;
    qsizetype end = s.size();
    while (begin < end && isPadding(s.at(begin)))
        ++begin;
    while (end > begin && isPadding(s.at(end - 1)))
        --end;
    if (begin > 0 || end < s.size())
        s = s.mid(begin, end - begin);
    return s;
}

QString cleanText(const std::string &wire)
{
    return stripPadding(fromWire(wire));
}

quint32 clampU32(qint64 v)
{
    return v < 0 ? 0 : v > qint64(U32_MAX) ? U32_MAX : quint32(v);
}

bool isWireEnrollId(qint64 id)
{
    return id >= 0 && id <= TCP_MAX_ENROLL_ID;
}

} // namespace termdesk::tcp::wire
