// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "engine/engine.h"
#include "engine/enginehost.h"

#include <QDateTime>
#include <QLabel>
#include <QListWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace termdesk {

MainWindow::MainWindow(EngineHost *host, QWidget *parent)
    : QMainWindow(parent), m_host(host), m_ports(new QLabel(this)), m_online(new QLabel(this)),
      m_punches(new QLabel(this)), m_events(new QListWidget(this))
{
    setWindowTitle(tr("TermDesk"));
    setObjectName(QStringLiteral("mainWindow"));
    m_events->setObjectName(QStringLiteral("eventList"));
    m_events->setAccessibleName(tr("Terminal events"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *intro = new QLabel(tr("Point your terminals at this computer: server address = this PC's IP, port %1 "
                                "(menu Comm set → Server).")
                                 .arg(host->wsPort()),
                             central);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(m_events);
    setCentralWidget(central);
    statusBar()->addWidget(m_ports);
    statusBar()->addWidget(m_online);
    statusBar()->addWidget(m_punches);
    m_ports->setObjectName(QStringLiteral("statusPorts"));
    m_online->setObjectName(QStringLiteral("statusOnline"));
    m_punches->setObjectName(QStringLiteral("statusPunches"));

    Engine *engine = host->engine();
    connect(engine, &Engine::terminalOnline, this, &MainWindow::onOnline);
    connect(engine, &Engine::terminalOffline, this, &MainWindow::onOffline);
    connect(engine, &Engine::punchesStored, this, &MainWindow::onPunches);
    updateStatus();
    resize(800, 500);
}

void MainWindow::onOnline(const QString &sn, Protocol protocol, const QString &peer)
{
    ++m_onlineCount;
    m_events->addItem(
        tr("%1  %2 online (%3, %4)")
            .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), sn, protocolName(protocol), peer));
    m_events->scrollToBottom();
    updateStatus();
}

void MainWindow::onOffline(const QString &sn)
{
    m_onlineCount = std::max(0, m_onlineCount - 1);
    m_events->addItem(tr("%1  %2 offline").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), sn));
    m_events->scrollToBottom();
    updateStatus();
}

void MainWindow::onPunches(int count)
{
    m_punchCount += count;
    updateStatus();
}

void MainWindow::updateStatus()
{
    m_ports->setText(tr("WebSocket port %1").arg(m_host->wsPort()));
    m_online->setText(tr("%n terminal(s) online", nullptr, m_onlineCount));
    m_punches->setText(tr("%n punch(es) stored this session", nullptr, static_cast<int>(m_punchCount)));
}

} // namespace termdesk
