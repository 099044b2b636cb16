// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The protobuf plumbing of the TCP bodies, shared by the server's side (tcpbodies.cpp, modelwire.cpp)
// and the terminal's side the tests play (tests/common/tcpterminalbodies.cpp): parsing with the
// codec's checks, serializing, the text and range rules of the wire. Includes libprotobuf, not the
// generated classes; only code that links termdesk_proto includes it.

#include "tcpbodies.h"

#include <google/protobuf/message.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <limits>
#include <string>

namespace termdesk::tcp::wire {

/// Sends libprotobuf's own log lines to the termdesk.tcp.bodies category (once per process).
void routeProtobufLogs();

/// libprotobuf keeps a known field that arrives with another (valid) wire type as an unknown
/// field and leaves the field at its default: an enroll_id sent as a string would become 0, a
/// door event. We refuse such a body instead. Packed / unpacked repeated scalars are parsed by
/// libprotobuf itself and never land here.
bool hasMistypedKnownField(const google::protobuf::Message &m);

template <typename Message> bool parseInto(Message &m, QByteArrayView body)
{
    routeProtobufLogs();
    if (body.size() > qsizetype(std::numeric_limits<int>::max()))
        return false;
    if (!m.ParseFromArray(body.isEmpty() ? "" : body.data(), int(body.size())))
        return false;
    return !hasMistypedKnownField(m);
}

template <typename Message> QByteArray serialize(const Message &m)
{
    const size_t size = m.ByteSizeLong();
    if (size > size_t(std::numeric_limits<int>::max()))
        return {};
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (!m.SerializeToArray(out.data(), int(size)))
        return {};
    return out;
}

/// UTF-8 from the wire as text, as sent.
QString fromWire(const std::string &s);
/// Text as a protobuf string field.
std::string toWire(const QString &s);
/// NULs (C-string padding) and white space around the text dropped.
QString stripPadding(QString s);
/// Text for display, from a protobuf string field.
QString cleanText(const std::string &wire);
/// @p v clamped to the uint32 range.
quint32 clampU32(qint64 v);
/// Whether the wire can carry @p id as an enroll id (0..TCP_MAX_ENROLL_ID).
bool isWireEnrollId(qint64 id);

} // namespace termdesk::tcp::wire
