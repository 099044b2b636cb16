// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSet>
#include <QSslServer>
#include <QString>

#include <functional>

namespace termdesk {

/// @brief The TLS listener of `wss://` (net::TerminalServer) and of the REST API over https
/// (http::HttpServer): a QSslServer with the given configuration (net::TlsIdentity's: TLS 1.2 or
/// later), each handshake bounded by a timeout, and the connections whose handshake is under way
/// counted (handshaking()), so that the owner's connection cap covers them (docs/security.md, "TLS").
///
/// Before a connection starts its handshake the gate is asked; refused (the cap is full), the
/// connection is closed at once and no TLS state is made for it: a flood of connections that never
/// finish their handshake holds at most the cap's worth of sockets, each until the timeout. An
/// encrypted connection comes out through pendingConnectionAvailable() and nextPendingConnection(),
/// which stops counting it. A failed handshake is logged at debug level (scanners make many).
class TlsListener final : public QSslServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsListener)
public:
    /// Whether one more connection may start its handshake, @p handshaking being those under way.
    using Gate = std::function<bool(int handshaking)>;

    /// @p name says whose listener it is in the log ("wss", "REST API").
    TlsListener(const QSslConfiguration &configuration, int handshakeTimeoutMs, QString name,
                QObject *parent = nullptr);
    ~TlsListener() override;

    void setGate(Gate gate) { m_gate = std::move(gate); }
    /// Connections accepted whose TLS handshake has not ended yet.
    int handshaking() const { return static_cast<int>(m_handshaking.size()); }
    /// Connections closed by the gate since the listener was made.
    qint64 refusedCount() const { return m_refused; }

    QTcpSocket *nextPendingConnection() override;

protected:
    void incomingConnection(qintptr handle) override;

private:
    void track(QSslSocket *socket);
    void refuse(qintptr handle);

    static constexpr qint64 REFUSAL_LOG_MS = 10'000;

    QString m_name;
    Gate m_gate;
    QSet<const QObject *> m_handshaking; ///< only compared, never dereferenced (destroyed() removes)
    qint64 m_refused = 0;
    qint64 m_refusedNotLogged = 0;
    qint64 m_lastRefusalLogMs = -REFUSAL_LOG_MS;
};

} // namespace termdesk
