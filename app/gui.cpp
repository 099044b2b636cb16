// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui.h"

#include "cli/mainoptions.h"
#include "cli/signalwatcher.h"
#include "dialogs/settingsdialog.h"
#include "engine/enginehost.h"
#include "languagemanager.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QSettings>

#include <cstdio>

namespace termdesk {

int runGui(int argc, char **argv, void (*setIdentity)())
{
    QApplication app(argc, argv);
    setIdentity();
    // The language first: the error boxes below are translated too.
    ui::LanguageManager languages;
    languages.applySaved();

    QCommandLineParser parser;
    const cli::MainOptions options; // the same options and help as --headless
    options.addTo(parser);
    parser.process(app);

    EngineConfig config;
    QString error;
    if (!options.server.resolve(parser, config, &error,
                                QSettings().value(QLatin1String(ui::SettingsDialog::DATA_DIR_KEY)).toString())) {
        QMessageBox::critical(nullptr, ui::MainWindow::startupErrorTitle(), error);
        return 2;
    }
    // The window keeps GLib's event loop (desktop integration); the engine thread, created next, gets
    // Qt's plain UNIX one, which costs far less per socket (docs/performance.md).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    // SIGTERM / SIGINT (Ctrl+C or console close on Windows) close the console as its window's close does:
    // settings saved, the demo simulator stopped, every event loop left (a dialog's too), the engine stopped.
    cli::SignalWatcher interrupts;
    QObject::connect(&interrupts, &cli::SignalWatcher::shutdownRequested, &app, [](int sig) {
        std::fprintf(stderr, "termdesk: signal %d, closing the console\n", sig);
        QApplication::closeAllWindows();
        QCoreApplication::exit(0);
    });
    EngineHost host(config);
    if (!host.start(&error)) {
        QMessageBox::critical(nullptr, ui::MainWindow::startupErrorTitle(), error);
        return 1;
    }
    int rc = 0;
    {
        ui::MainWindow window(&host, config, &languages);
        if (!window.databaseError().isEmpty()) {
            QMessageBox::critical(nullptr, ui::MainWindow::startupErrorTitle(), window.databaseError());
            rc = 1;
        } else {
            window.show();
            rc = app.exec();
        }
    }
    host.stop();
    return rc;
}

} // namespace termdesk
