// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectpage.h"

#include "enginebridge.h"

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QNetworkInterface>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace termdesk::ui {
namespace {
constexpr int SIM_RATE = 2;
constexpr int SIM_DURATION_S = 600;
constexpr int SIM_STOP_WAIT_MS = 3'000;
constexpr int SIM_KILL_WAIT_MS = 3'000;

#ifdef Q_OS_LINUX
// In the simulator, between fork and exec: it gets SIGTERM when the console dies, even by SIGKILL or a
// crash, when no code of ours runs. Only async-signal-safe calls here.
void dieWithConsole(pid_t console)
{
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != console) // the console died before prctl
        ::_exit(1);
}
#endif
} // namespace

ConnectPage::ConnectPage(EngineBridge *engine, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_heading(new QLabel(this)), m_steps(new QLabel(this)),
      m_simHeading(new QLabel(this)), m_simText(new QLabel(this)), m_start(new QPushButton(this)),
      m_stop(new QPushButton(this)), m_simStatus(new QLabel(this))
{
    setObjectName(QStringLiteral("connectPage"));
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_heading->setFont(big);
    QFont bold = font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_simHeading->setFont(bold);
    for (QLabel *label : {m_steps, m_simText, m_simStatus}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_steps->setObjectName(QStringLiteral("connectSteps"));
    m_steps->setTextFormat(Qt::RichText);
    m_start->setObjectName(QStringLiteral("startSimulator"));
    m_stop->setObjectName(QStringLiteral("stopSimulator"));
    m_simStatus->setObjectName(QStringLiteral("simulatorStatus"));
    connect(m_start, &QPushButton::clicked, this, &ConnectPage::startSimulator);
    connect(m_stop, &QPushButton::clicked, this, &ConnectPage::stopSimulator);
    m_sim.setObjectName(QStringLiteral("simulatorProcess"));
    m_sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_sim.setStandardOutputFile(QProcess::nullDevice());
    connect(&m_sim, &QProcess::stateChanged, this, &ConnectPage::updateSimulatorState);
    connect(&m_sim, &QProcess::errorOccurred, this, [this](QProcess::ProcessError) {
        m_lastError = m_sim.errorString();
        updateSimulatorState();
    });
#ifdef Q_OS_LINUX
    m_sim.setChildProcessModifier([console = ::getpid()] { dieWithConsole(console); });
#endif
    // Quitting (the window closed, SIGTERM, Ctrl+C) stops the simulator before anything else is torn down.
    connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this, &ConnectPage::stopSimulator);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);

    auto *content = new QWidget(this);
    content->setMaximumWidth(760);
    auto *v = new QVBoxLayout(content);
    v->addWidget(m_heading);
    v->addSpacing(8);
    v->addWidget(m_steps);
    v->addSpacing(24);
    v->addWidget(m_simHeading);
    v->addWidget(m_simText);
    v->addLayout(buttons);
    v->addWidget(m_simStatus);
    v->addStretch(1);

    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(32, 24, 32, 24);
    outer->addWidget(content, 1);
    outer->addStretch(0);
    retranslateUi();
    connect(m_engine, &EngineBridge::configApplied, this, &ConnectPage::retranslateUi);
}

ConnectPage::~ConnectPage()
{
    stopSimulator();
}

QStringList ConnectPage::localAddresses()
{
    QStringList list;
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback() && !a.isLinkLocal())
            list.append(a.toString());
    }
    return list;
}

void ConnectPage::retranslateUi()
{
    const EngineConfig &config = m_engine->config();
    QStringList addresses = localAddresses();
    const bool bound = config.listenAddress != QHostAddress::Any && config.listenAddress != QHostAddress::AnyIPv4 &&
                       config.listenAddress != QHostAddress::AnyIPv6;
    if (bound)
        addresses = {config.listenAddress.toString()};
    const QString addressText =
        addresses.isEmpty() ? tr("this computer's IP address") : addresses.join(tr(" or ")).toHtmlEscaped();
    m_heading->setText(tr("Connect your terminals"));
    QString steps =
        tr("<p>On each terminal open <b>Menu → Comm set → Server</b> (the names vary by firmware) "
           "and set:</p>"
           "<ul><li><b>Server req</b>: yes</li>"
           "<li><b>Server IP</b>: %1</li>"
           "<li><b>SerPortNo</b>: %2</li></ul>"
           "<p>The terminal registers within seconds and appears under <b>Terminals</b>. With the admission "
           "policy <i>approval</i> it waits there until you approve it.</p>")
            .arg(addressText)
            .arg(m_engine->wsPort());
    if (m_engine->tcpPort() > 0)
        steps +=
            tr("<p>Terminals that speak the TCP protocol connect to port %1 instead.</p>").arg(m_engine->tcpPort());
    m_steps->setText(steps);
    m_steps->setAccessibleName(tr("How to connect a terminal"));
    m_simHeading->setText(tr("No terminal at hand?"));
    m_simText->setText(tr("Start %n simulated terminal(s) on this computer: they register, report their "
                          "capacities and send punches for ten minutes, so every view has something to show.",
                          nullptr, SIM_TERMINALS));
    m_start->setText(tr("Start %n simulated terminal(s)", nullptr, SIM_TERMINALS));
    m_start->setAccessibleName(m_start->text());
    m_stop->setText(tr("Stop the simulation"));
    m_stop->setAccessibleName(m_stop->text());
    updateSimulatorState();
}

void ConnectPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

QString ConnectPage::simulatorProgram() const
{
    if (!m_program.isEmpty())
        return m_program;
#ifdef Q_OS_WIN
    const QString exe = QStringLiteral("termdesk-sim.exe");
#else
    const QString exe = QStringLiteral("termdesk-sim");
#endif
    const QDir dir(QCoreApplication::applicationDirPath());
    for (const QString &candidate : {dir.filePath(QStringLiteral("sim/") + exe), dir.filePath(exe)}) {
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    const QString onPath = QStandardPaths::findExecutable(exe);
    return onPath.isEmpty() ? exe : onPath;
}

QStringList ConnectPage::simulatorArguments() const
{
    const QHostAddress bound = m_engine->config().listenAddress;
    const bool any = bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4 || bound == QHostAddress::AnyIPv6;
    QString host = any ? QStringLiteral("127.0.0.1") : bound.toString();
    if (bound.protocol() == QAbstractSocket::IPv6Protocol && !any)
        host = u'[' + host + u']';
    const QString url = QStringLiteral("ws://%1:%2/pub/chat").arg(host).arg(m_engine->wsPort());
    // --live-clock: punches at the current time, as a real terminal's, so the dashboard counts them under today.
    return {QStringLiteral("--url"),       url,
            QStringLiteral("--terminals"), QString::number(SIM_TERMINALS),
            QStringLiteral("--rate"),      QString::number(SIM_RATE),
            QStringLiteral("--duration"),  QString::number(SIM_DURATION_S),
            QStringLiteral("--live-clock")};
}

void ConnectPage::startSimulator()
{
    if (isSimulatorRunning())
        return;
    m_lastError.clear();
    m_sim.start(simulatorProgram(), simulatorArguments());
}

void ConnectPage::stopSimulator()
{
    if (!isSimulatorRunning())
        return;
    m_sim.terminate(); // termdesk-sim stops cleanly on SIGTERM
    if (!m_sim.waitForFinished(SIM_STOP_WAIT_MS)) {
        m_sim.kill();
        m_sim.waitForFinished(SIM_KILL_WAIT_MS); // reaped: no zombie left behind
    }
}

void ConnectPage::updateSimulatorState()
{
    const bool running = isSimulatorRunning();
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    if (running)
        m_simStatus->setText(tr("The simulated terminals are running (%1).").arg(simulatorArguments().join(u' ')));
    else if (!m_lastError.isEmpty())
        m_simStatus->setText(tr("Could not run %1: %2").arg(simulatorProgram(), m_lastError));
    else
        m_simStatus->clear();
    Q_EMIT simulatorStateChanged(running);
}

} // namespace termdesk::ui
