// SPDX-License-Identifier: GPL-3.0-or-later
// The Service Control Manager side of `termdesk --service` (Win32 only, no Qt).
#include "winservice.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <cstdio>

namespace termdesk::winservice {
namespace {

struct State
{
    Body body = nullptr;
    Stop stop = nullptr;
    void *context = nullptr;
    SERVICE_STATUS_HANDLE handle = nullptr;
    SERVICE_STATUS status = {};
    DWORD checkPoint = 1;
    int exitCode = 0;
    CRITICAL_SECTION lock; // SetServiceStatus from the service thread and the control thread
};
State g_state;

void report(DWORD state, int exitCode, DWORD waitHintMs)
{
    EnterCriticalSection(&g_state.lock);
    SERVICE_STATUS &s = g_state.status;
    s.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    s.dwCurrentState = state;
    s.dwControlsAccepted = state == SERVICE_START_PENDING ? 0 : SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN;
    s.dwWin32ExitCode = exitCode == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
    s.dwServiceSpecificExitCode = static_cast<DWORD>(exitCode);
    s.dwWaitHint = waitHintMs;
    s.dwCheckPoint = (state == SERVICE_RUNNING || state == SERVICE_STOPPED) ? 0 : g_state.checkPoint++;
    SetServiceStatus(g_state.handle, &s);
    LeaveCriticalSection(&g_state.lock);
}

DWORD WINAPI control(DWORD code, DWORD /*eventType*/, LPVOID /*eventData*/, LPVOID /*context*/)
{
    switch (code) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
        // The server commits what it holds and closes the database: give it time.
        report(SERVICE_STOP_PENDING, 0, 30000);
        g_state.stop(g_state.context);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

void WINAPI serviceMain(DWORD /*argc*/, LPWSTR * /*argv*/)
{
    // The options come from the command line the service was created with (service.cmd),
    // not from the start parameters.
    g_state.handle = RegisterServiceCtrlHandlerExW(serviceName, control, nullptr);
    if (!g_state.handle) {
        g_state.exitCode = 1;
        return;
    }
    report(SERVICE_START_PENDING, 0, 30000);
    report(SERVICE_RUNNING, 0, 0);
    g_state.exitCode = g_state.body(g_state.context);
    report(SERVICE_STOPPED, g_state.exitCode, 0);
}

} // namespace

int run(Body body, Stop stop, void *context)
{
    InitializeCriticalSection(&g_state.lock);
    g_state.body = body;
    g_state.stop = stop;
    g_state.context = context;
    static wchar_t name[sizeof(serviceName) / sizeof(serviceName[0])];
    for (size_t i = 0; i < sizeof(serviceName) / sizeof(serviceName[0]); ++i)
        name[i] = serviceName[i];
    const SERVICE_TABLE_ENTRYW table[] = {{name, serviceMain}, {nullptr, nullptr}};
    // Blocks until the service has stopped; serviceMain runs in a thread of the dispatcher.
    if (!StartServiceCtrlDispatcherW(table)) {
        const DWORD error = GetLastError();
        if (error == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT)
            std::fprintf(stderr, "termdesk: --service is for the Windows Service Control Manager "
                                 "(installer/windows/service.cmd creates the service); "
                                 "run termdesk --headless in a console instead\n");
        else
            std::fprintf(stderr, "termdesk: cannot start the service dispatcher (error %lu)\n",
                         static_cast<unsigned long>(error));
        DeleteCriticalSection(&g_state.lock);
        return -1;
    }
    DeleteCriticalSection(&g_state.lock);
    return g_state.exitCode;
}

} // namespace termdesk::winservice
