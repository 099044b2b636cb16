// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlslistener.h"

#include "logging.h"

#include <QDateTime>
#include <QSslSocket>
#include <QTcpSocket>

namespace termdesk {

TlsListener::TlsListener(const QSslConfiguration &configuration, int handshakeTimeoutMs, QString name, QObject *parent)
    : QSslServer(parent), m_name(std::move(name))
{
    setSslConfiguration(configuration);
    setHandshakeTimeout(handshakeTimeoutMs);
    // A failed handshake (plain text, TLS 1.1, a wrong certificate on the client's side, the
    // timeout): the server drops the socket; only the reason is logged.
    connect(this, &QSslServer::errorOccurred, this, [this](QSslSocket *socket, QAbstractSocket::SocketError) {
        qCDebug(lcNet).noquote() << m_name << "TLS handshake failed from" << socket->peerAddress().toString() << ":"
                                 << socket->errorString();
    });
}

TlsListener::~TlsListener() = default;

void TlsListener::incomingConnection(qintptr handle)
{
    if (m_gate && !m_gate(handshaking())) {
        refuse(handle);
        return;
    }
    QSslServer::incomingConnection(handle);
    // QSslServer made the socket as its child; it is the newest one.
    const QObjectList &kids = children();
    for (auto it = kids.crbegin(); it != kids.crend(); ++it) {
        auto *socket = qobject_cast<QSslSocket *>(*it);
        if (socket && socket->socketDescriptor() == handle) {
            track(socket);
            return;
        }
    }
}

void TlsListener::track(QSslSocket *socket)
{
    m_handshaking.insert(socket);
    connect(socket, &QObject::destroyed, this, [this](QObject *gone) { m_handshaking.remove(gone); });
    // Closed in its handshake (the peer left, the timeout): the slot is free now, the socket goes.
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket] {
        if (m_handshaking.remove(socket))
            socket->deleteLater();
    });
}

QTcpSocket *TlsListener::nextPendingConnection()
{
    QTcpSocket *socket = QSslServer::nextPendingConnection();
    if (socket) {
        m_handshaking.remove(socket);
        disconnect(socket, nullptr, this, nullptr);
    }
    return socket;
}

void TlsListener::refuse(qintptr handle)
{
    ++m_refused;
    QTcpSocket socket; // only to close the descriptor (and to name the peer)
    if (!socket.setSocketDescriptor(handle))
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastRefusalLogMs >= REFUSAL_LOG_MS) {
        const QString since =
            m_refusedNotLogged ? QStringLiteral(" (%1 more refused since the last such line)").arg(m_refusedNotLogged)
                               : QString();
        qCWarning(lcNet).noquote() << QStringLiteral("%1: connection cap reached (%2 in their TLS handshake); "
                                                     "refusing %3%4")
                                          .arg(m_name)
                                          .arg(handshaking())
                                          .arg(socket.peerAddress().toString(), since);
        m_lastRefusalLogMs = now;
        m_refusedNotLogged = 0;
    } else {
        ++m_refusedNotLogged;
    }
    socket.abort();
}

} // namespace termdesk
