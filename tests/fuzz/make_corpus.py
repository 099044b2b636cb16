#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of fuzz_framecodec into tests/fuzz/corpus/.

Frames and protobuf bodies are spelled out here by hand from docs/protocol-tcp.md
(independent of the product's encoder). Each seed = chunk-size control bytes + stream:
first byte n (low 4 bits) = number of chunk sizes that follow; 0 = the stream in one feed.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")


def frame(cmd, body=b"", terminal_id=0x102, source=2, transfer=1, time=60):
    """magic 7857, terminalId u32, cmd u8, source u8, transferType u8, time u32, bodyLength u16, big-endian."""
    return struct.pack(">HIBBBIH", 0x7857, terminal_id, cmd, source, transfer, time, len(body)) + body


def h(text):
    return bytes.fromhex(text)


PUNCH = h("08 2A 10 81 CF C0 51 18 01 20 01 35 00 00 12 42")  # enroll 42, time, fp, in 1, 36.5 °C
STATUS = h("0A 02 58 39 12 05 31 2E 32 00 00 18 E8 07 20 0C 48 A0 8D 06 58 03 60 50")
ALARM = h("08 03 12 03 E9 97 A8 18 3C")
USER = h("08 07 12 06 E5 BC A0 E4 B8 89 18 01 20 01 2A 07 08 0B 12 03 31 32 33 2A 05 12 03 01 02 FF")
REPORT = (h("08 AC 02") + h("12 10") + PUNCH + h("12 06 10 3C 18 03 28 05") + h("1A 18") + STATUS
          + h("22 09") + ALARM + h("2A 1E") + USER)
READ_RESPONSE = h("08 09 10 01 22 04 0A 02 58 39 2A 07 08 07 12 03 41 6E 6E 32 04 08 2A 10 3C 38 01")
WRITE_REQUEST = h("08 04 12 11 08 07 12 03 41 6E 6E 2A 08 08 0A 12 04 31 32 33 34 1A 02 08 09 20 E8 07 30 01")


def varint(n):
    out = b""
    while True:
        b, n = n & 0x7F, n >> 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def ld(tag, payload):
    """A length-delimited field: tag byte, varint length, payload."""
    return bytes([tag]) + varint(len(payload)) + payload


# A user whose credential is a 1030-byte template: lengths spill into two-byte varints.
BIG_CREDENTIAL = h("08 00") + ld(0x12, bytes(range(256)) * 4 + h("11 22 33 44 55 66"))
BIG_USER = h("08 01 12 01 41") + ld(0x2A, BIG_CREDENTIAL)


def max_body_report():
    """A Report of exactly 65535 bytes (the largest body): one user with one huge credential."""
    n = 65535 - 40
    while True:
        user = h("08 02 12 01 42") + ld(0x2A, h("08 01") + ld(0x12, bytes(i & 0xFF for i in range(n))))
        body = h("08 02") + ld(0x2A, user)
        if len(body) == 65535:
            return body
        n += 65535 - len(body)


SEEDS = {
    "heartbeat": b"\x00" + frame(1),
    "login_utf8": b"\x00" + frame(2, "门禁-A1".encode()),
    "login_padded": b"\x00" + frame(2, b"T1\x00\x00\x00"),
    "logout": b"\x00" + frame(3, b"T1"),
    "report_full": b"\x00" + frame(6, REPORT),
    "report_full_split_3_7": b"\x02\x03\x07" + frame(6, REPORT),
    "report_one_punch_bytewise": b"\x01\x01" + frame(6, h("08 07 12 10") + PUNCH),
    "report_big_credential": b"\x00" + frame(6, h("08 01") + ld(0x2A, BIG_USER)),
    "read_request": b"\x00" + frame(4, h("08 03 10 02 18 3C 20 78 30 32"), source=1),
    "read_response": b"\x00" + frame(4, READ_RESPONSE, transfer=2),
    "write_request": b"\x00" + frame(5, WRITE_REQUEST, source=1),
    "write_response": b"\x00" + frame(5, h("08 05 1A 04 66 75 6C 6C"), transfer=2),
    "login_reply": b"\x00" + frame(2, h("08 01 18 82 02 20 E8 EF 84 D4 F2 32"), source=1, transfer=2),
    "ack": b"\x00" + frame(9, h("08 05"), source=1, transfer=2),
    "server_time": b"\x00" + frame(7, h("08 E8 EF 84 D4 F2 32"), source=1, transfer=2),
    "server_address": b"\x00" + frame(8, h("0A 0D") + b"10.0.0.5:7789", source=1, transfer=2),
    "session_stream": b"\x03\x05\x00\x11" + frame(8) + frame(2, b"T1") + frame(1) + frame(7)
                      + frame(6, h("08 07 12 10") + PUNCH) + frame(5, h("08 05 10 01"), transfer=2),
    "bad_source": b"\x00" + frame(1) + frame(1, source=3),
    "report_max_body_split": b"\x02\x07\xFF" + frame(6, max_body_report()) + frame(1),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"{len(SEEDS)} seeds written to {OUT}")


if __name__ == "__main__":
    main()
