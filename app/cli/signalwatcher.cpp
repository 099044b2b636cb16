// SPDX-License-Identifier: GPL-3.0-or-later
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif
#ifdef Q_OS_WIN
#include <windows.h>
#endif

namespace termdesk::cli {
namespace {
#ifdef Q_OS_UNIX
int g_pipe[2] = {-1, -1};

void onSignal(int sig)
{
    const char c = static_cast<char>(sig);
    [[maybe_unused]] const auto n = ::write(g_pipe[1], &c, 1);
}
#endif
#ifdef Q_OS_WIN
SignalWatcher *g_watcher = nullptr;
HANDLE g_stopped = nullptr; ///< set when the watcher goes, after the server has stopped

/// Runs on a thread of its own that Windows starts for the event.
BOOL WINAPI onConsoleEvent(DWORD type)
{
    if (g_watcher)
        QMetaObject::invokeMethod(
            g_watcher, [type] { Q_EMIT g_watcher->shutdownRequested(int(type)); }, Qt::QueuedConnection);
    // Ctrl+C and Ctrl+Break: the program goes on and stops by itself. Closing the console window,
    // logging off and shutting down end the process as soon as this returns (Windows allows about
    // 5 s): wait for the clean stop, so that what the terminals were told is stored stays stored.
    if (type == CTRL_CLOSE_EVENT || type == CTRL_LOGOFF_EVENT || type == CTRL_SHUTDOWN_EVENT)
        WaitForSingleObject(g_stopped, 4500);
    return TRUE;
}
#endif
} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pipe) == 0) {
        m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            char c = 0;
            if (::read(g_pipe[0], &c, 1) == 1)
                Q_EMIT shutdownRequested(c);
        });
        struct sigaction sa = {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);
    }
#endif
#ifdef Q_OS_WIN
    if (!g_stopped) // one for the process, reset for each watcher
        g_stopped = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    ResetEvent(g_stopped);
    g_watcher = this;
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
#endif
}

SignalWatcher::~SignalWatcher()
{
#ifdef Q_OS_UNIX
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
#endif
#ifdef Q_OS_WIN
    g_watcher = nullptr;
    SetEvent(g_stopped); // a close/logoff/shutdown handler waiting in onConsoleEvent may return now
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
#endif
}

} // namespace termdesk::cli
