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
    for (int i = 0; i < argc; ++i)
        context.argv.push_back(std::strcmp(argv[i], "--service") == 0 ? headless : argv[i]);
    context.argc = argc;
    context.argv.push_back(nullptr);
    context.setIdentity = setIdentity;
    const int rc = winservice::run(body, stop, &context);
    return rc < 0 ? 2 : rc;
}

} // namespace termdesk
