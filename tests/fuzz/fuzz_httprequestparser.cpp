// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the REST API's request parser (core/http/httprequestparser.cpp).
// Input: byte 0 = the chunk size the stream is fed in (0: all at once); the rest = the stream.
// Checked besides ASan / UBSan: an Error is sticky and its status is one the parser documents;
// a Complete request has an origin-form path, a body within the limit and of its Content-Length.
#include "http/httprequestparser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using termdesk::http::HttpLimits;
using termdesk::http::HttpRequestParser;
using Result = HttpRequestParser::Result;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = data[0] == 0 ? qsizetype(size) : qsizetype(data[0]);
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    HttpLimits limits;
    limits.maxHeaderBytes = 512; // small limits: the fuzzer reaches them
    limits.maxBodyBytes = 256;
    limits.maxHeaderFields = 8;
    HttpRequestParser p(limits);
    bool failed = false;
    for (qsizetype at = 0; at < stream.size(); at += chunk) {
        Result r = p.feed(stream.sliced(at, std::min(chunk, stream.size() - at)));
        if (failed && r != Result::Error)
            std::abort(); // an error must stay
        while (r == Result::Complete) {
            const termdesk::http::HttpRequest req = p.takeRequest();
            if (!req.path.startsWith('/') || req.body.size() > limits.maxBodyBytes)
                std::abort();
            const QByteArray length = req.header("content-length");
            if (!length.isEmpty() && length.toLongLong() != req.body.size())
                std::abort();
            r = p.parse();
        }
        if (r == Result::Error) {
            switch (p.errorStatus()) {
            case 400:
            case 411:
            case 413:
            case 414:
            case 431:
            case 505:
                break;
            default:
                std::abort();
            }
            if (p.errorMessage().isEmpty())
                std::abort();
            failed = true;
        }
    }
    return 0;
}
