// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The terminal's side of the TCP protocol bodies: what a terminal sends besides the login code
// (Report, the answers to the server's requests) encoded, what it receives parsed. Only the tests
// and the fuzz target play a terminal with the product's codec (the simulator has its own encoder),
// so this is in termdesk_testcodecs, which the programs never link.

#include "tcp/tcpbodies.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace termdesk::tcp {

// What a terminal sends.
QByteArray encodeReport(const TcpReport &report);
QByteArray encodeReadResponse(const TcpReadResponse &response);
QByteArray encodeWriteResponse(const TcpWriteResponse &response);

// What a terminal receives.
std::optional<qint32> parseAck(QByteArrayView body);
std::optional<qint64> parseServerTime(QByteArrayView body);
std::optional<QString> parseServerAddress(QByteArrayView body);
std::optional<TcpLoginReply> parseLoginReply(QByteArrayView body);
std::optional<TcpReadRequest> parseReadRequest(QByteArrayView body);
std::optional<TcpWriteRequest> parseWriteRequest(QByteArrayView body);

} // namespace termdesk::tcp
