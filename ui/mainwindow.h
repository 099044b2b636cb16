// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/punch.h"

#include <QMainWindow>

class QLabel;
class QListWidget;

namespace termdesk {

class EngineHost;

/// @brief The console's main window. For now: what the servers listen on, who is online,
/// how many punches were stored, and a running list of terminal events.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(EngineHost *host, QWidget *parent = nullptr);

private:
    void onOnline(const QString &sn, termdesk::Protocol protocol, const QString &peer);
    void onOffline(const QString &sn);
    void onPunches(int count);
    void updateStatus();

    EngineHost *m_host;
    QLabel *m_ports;
    QLabel *m_online;
    QLabel *m_punches;
    QListWidget *m_events;
    int m_onlineCount = 0;
    qint64 m_punchCount = 0;
};

} // namespace termdesk
