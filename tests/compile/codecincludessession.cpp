// SPDX-License-Identifier: GPL-3.0-or-later
// The TCP codec is pure (bytes ⇄ model): built with what termdesk_tcpcodec links, the TCP session
// headers (same "tcp/" prefix, another library) are not there to include, so the build fails with
// "No such file". Built with TERMDESK_CONTROL it includes another codec header and compiles.
#include "tcp/tcpbodies.h"
#ifdef TERMDESK_CONTROL
#include "tcp/framecodec.h"
#else
#include "tcp/tcpsession.h"
#endif

namespace termdesk::tcp {

QByteArray codecIncludesSession()
{
    return encodeAck(1);
}

} // namespace termdesk::tcp
