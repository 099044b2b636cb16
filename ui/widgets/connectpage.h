// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QWidget>

class QLabel;
class QPushButton;

namespace termdesk::ui {

class EngineBridge;

/// @brief "Connect terminals": what to set on a terminal to reach this console (this computer's
/// addresses and the port), and a button that starts five simulated terminals (the termdesk-sim
/// program next to termdesk) so a new installation comes alive without hardware. The console opens on
/// this page while no terminal is known. The simulator goes with the console: it is stopped when the page
/// is destroyed, when the application quits, and (Linux) when the console process dies in any way.
class ConnectPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectPage)
public:
    static constexpr int SIM_TERMINALS = 5;

    explicit ConnectPage(EngineBridge *engine, QWidget *parent = nullptr);
    ~ConnectPage() override; ///< stops the simulator

    /// The termdesk-sim program to run: next to this executable (build tree: sim/termdesk-sim), else
    /// on the PATH. Tests point it at their build.
    void setSimulatorProgram(const QString &program) { m_program = program; }
    QString simulatorProgram() const;
    /// The arguments the simulator gets (URL of this console's WebSocket server, 5 terminals, 2/s, 10 min,
    /// punches stamped with the current time).
    QStringList simulatorArguments() const;
    bool isSimulatorRunning() const { return m_sim.state() != QProcess::NotRunning; }
    /// The running simulator's process id, 0 when none.
    qint64 simulatorProcessId() const { return m_sim.processId(); }

    void startSimulator();
    /// Asks the simulator to stop (SIGTERM: it stops cleanly), kills it if it has not within 3 s, and
    /// waits until it is gone.
    void stopSimulator();

Q_SIGNALS:
    void simulatorStateChanged(bool running);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateSimulatorState();
    static QStringList localAddresses();

    EngineBridge *m_engine;
    QLabel *m_heading;
    QLabel *m_steps;
    QLabel *m_simHeading;
    QLabel *m_simText;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_simStatus;
    QProcess m_sim;
    QString m_program;
    QString m_lastError;
};

} // namespace termdesk::ui
