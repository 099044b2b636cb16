// SPDX-License-Identifier: GPL-3.0-or-later
// `termdesk --service` (Windows): the --headless server inside the Service Control Manager.
#include "cli/headless.h"
#include "winservice.h"

#include <QByteArray>
#include <QCoreApplication>

#include <cstring>
#include <mutex>
#include <vector>

namespace termdesk {
namespace {

struct ServiceContext
{
    std::vector<char *> argv; // the process arguments with --service replaced by --headless
    int argc = 0;
    void (*setIdentity)() = nullptr;
    std::mutex mutex; // guards app and stopRequested against the SCM's control thread
    QCoreApplication *app = nullptr;
    bool stopRequested = false;
};

void postQuit(QCoreApplication *app)
{
    QMetaObject::invokeMethod(app, &QCoreApplication::quit, Qt::QueuedConnection);
}

int body(void *context)
{
    auto *c = static_cast<ServiceContext *>(context);
    QCoreApplication app(c->argc, c->argv.data());
    c->setIdentity();
    {
        const std::lock_guard<std::mutex> guard(c->mutex);
        c->app = &app;
        if (c->stopRequested) // a stop that came before the application existed
            postQuit(&app);
    }
    const int rc = cli::runHeadless(app);
    const std::lock_guard<std::mutex> guard(c->mutex);
    c->app = nullptr;
    return rc;
}

void stop(void *context)
{
    auto *c = static_cast<ServiceContext *>(context);
    const std::lock_guard<std::mutex> guard(c->mutex);
    c->stopRequested = true;
    if (c->app)
        postQuit(c->app);
}

} // namespace

int runWindowsService(int argc, char **argv, void (*setIdentity)())
{
    static char headless[] = "--headless";
    static ServiceContext context;
    bool dataDirGiven = qEnvironmentVariableIsSet("TERMDESK_DATA_DIR");
    for (int i = 0; i < argc; ++i) {
        context.argv.push_back(std::strcmp(argv[i], "--service") == 0 ? headless : argv[i]);
        dataDirGiven = dataDirGiven || std::strncmp(argv[i], "--data-dir", 10) == 0;
    }
    // A service account's own AppData is a folder nobody looks in: without --data-dir the service
    // keeps its data where service.cmd puts it, %ProgramData%\TermDesk.
    static QByteArray dataDirArg = "--data-dir";
    static QByteArray programData;
    if (!dataDirGiven && qEnvironmentVariableIsSet("ProgramData")) {
        programData = qgetenv("ProgramData") + "\\TermDesk";
        context.argv.push_back(dataDirArg.data());
        context.argv.push_back(programData.data());
        argc += 2;
    }
    context.argc = argc;
    context.argv.push_back(nullptr);
    context.setIdentity = setIdentity;
    const int rc = winservice::run(body, stop, &context);
    return rc < 0 ? 2 : rc;
}

} // namespace termdesk
