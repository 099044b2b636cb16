// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"
#include "model/storedpunch.h"
#include "model/traceentry.h"
#include "settings/configchange.h"
#include "settings/engineconfig.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace termdesk {
class Clock;
class Engine;
class EngineHost;
} // namespace termdesk

namespace termdesk::ui {

/// @brief The console's only handle on the engine thread. Re-emits the engine's signals in the GUI
/// thread (queued: the engine lives in its own thread) and wraps the few calls the console makes into
/// it, always through QMetaObject::invokeMethod so the code runs in the engine thread.
class EngineBridge final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineBridge)
public:
    using OnlineTerminal = termdesk::OnlineTerminal;

    EngineBridge(EngineHost *host, EngineConfig config, QObject *parent = nullptr);
    ~EngineBridge() override;

    const EngineConfig &config() const { return m_config; }
    /// The engine's clock (Engine::clock(); the system clock when there is no engine): the console
    /// reads "now" from the same clock as the sessions, so a test that moves it moves both.
    Clock *clock() const { return m_clock; }
    quint16 wsPort() const;
    quint16 tcpPort() const;
    quint16 wssPort() const { return m_wssPort; } ///< 0: wss:// off
    QString tlsFingerprint() const { return m_tlsFingerprint; }

    /// The terminals connected right now (a blocking round trip into the engine thread; call once at
    /// start-up, the signals keep the console current afterwards).
    QList<OnlineTerminal> onlineTerminals() const;
    /// The scheduled export's status now (a blocking round trip, like onlineTerminals());
    /// exportStatusChanged() keeps it current.
    ExportStatus exportStatus() const;
    /// Closes the live connection of @p sn, if any (after blocking it, so it is refused at once
    /// instead of at its next registration).
    void disconnectTerminal(const QString &sn, const QString &reason);
    /// Commands were just queued for @p serials by this console: the engine delivers them now
    /// (Engine::commandsQueued) instead of at its poll for other processes.
    void commandsQueued(const QStringList &serials);
    /// Turns the engine's protocol trace on or off (traceEntries() is emitted only while on).
    void setTraceEnabled(bool enabled);
    /// Hands a changed configuration to the engine (Engine::applyConfig); configApplied() follows.
    void applyConfig(const EngineConfig &next);

Q_SIGNALS:
    void terminalOnline(const QString &sn, termdesk::Protocol protocol, const QString &peer);
    void terminalOffline(const QString &sn);
    void identityAlert(const QString &sn, const QString &details);
    void punchesArrived(const QList<termdesk::StoredPunch> &punches);
    void traceEntries(const QList<termdesk::TraceEntry> &entries);
    /// After applyConfig(): what changed; wsPort()/tcpPort() and config() are already updated.
    void configApplied(const termdesk::ConfigApplyResult &result);
    /// Engine::backupFinished and Engine::storageWritesFailing, in the GUI thread.
    void backupFinished(const QString &path, const QString &error);
    void storageWritesFailing(bool failing, const QString &error);
    /// Engine::exportFinished and Engine::exportStatusChanged, in the GUI thread.
    void exportFinished(const termdesk::ExportStatus &status);
    void exportStatusChanged(const termdesk::ExportStatus &status);

private:
    QPointer<Engine> m_engine;
    Clock *m_clock;
    EngineConfig m_config;
    quint16 m_wsPort = 0;
    quint16 m_tcpPort = 0;
    quint16 m_wssPort = 0;
    QString m_tlsFingerprint;
};

} // namespace termdesk::ui
