// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "wsmessages.h"

#include <QByteArray>

#include <optional>

namespace termdesk::ws {

/// @brief Reads a `sendlog` message of the plain shape terminals send straight from its bytes,
/// without building a JSON tree: the general path (parseLenient, then decodeMessage) spent ~70 us
/// on a 50-record batch, most of a single terminal's round trip besides the commit itself
/// (docs/performance.md, "One terminal").
///
/// The plain shape: one object whose "cmd" is "sendlog" and whose "record" is an array of
/// objects; keys made of letters, digits and '_'; strings without escapes, control characters
/// or non-ASCII bytes; integers (enrollid, mode, inout, event) written as integer literals of up
/// to 15 digits or as strings of digits; "count" and "logindex" as integer literals or strings
/// (echoed verbatim); "temp" as a number; every record with an enrollid of 0 or more and a time
/// parseLocal reads; other keys with a string, number, true, false or null value, ignored as
/// decodeMessage ignores them; no key twice.
///
/// Anything else (trailing commas, escapes, nested values where none are read, a record the
/// general path would quarantine, a document Qt would refuse) gives nullopt, and the caller
/// takes the general path, which also covers `keepPhotos` (this never keeps "image"). For every
/// message this accepts, the result equals decodeMessage(parseLenient(utf8).object, false):
/// tests/unit/tst_sendlogscanner.cpp checks that on hand-written and on generated messages.
std::optional<DecodedMessage> scanSendLog(const QByteArray &utf8);

} // namespace termdesk::ws
