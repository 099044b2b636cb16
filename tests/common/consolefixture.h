// SPDX-License-Identifier: GPL-3.0-or-later
// The real console for a GUI test: an EngineHost (its own thread, localhost, a free WebSocket port, no
// TCP server unless asked, a temporary data directory, synchronous NORMAL), the MainWindow over it,
// shown on the offscreen platform, and a connection of the test's own to the same SQLite file for
// checks. A test class derives from it after QObject and calls stopConsole() in its cleanup().
#pragma once

#include "engine/engine.h"
#include "engine/enginehost.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "storage/database.h"
#include "util/clock.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

class ConsoleFixture
{
protected:
    /// @p checkConnection names the test's own connection to the database (unique per test program);
    /// it is read-only unless @p checkWrites.
    explicit ConsoleFixture(QString checkConnection, bool checkWrites = false)
        : m_check(std::move(checkConnection)), m_checkWrites(checkWrites)
    {
    }

    termdesk::ui::LanguageManager m_languages; ///< the test applies a language in initTestCase()
    std::unique_ptr<QTemporaryDir> m_dir;
    termdesk::EngineConfig m_config;
    std::unique_ptr<termdesk::EngineHost> m_host;
    std::unique_ptr<termdesk::ui::MainWindow> m_window;
    const QString m_check;
    const bool m_checkWrites;

    /// For initTestCase(): settings in a test location of their own (QSettings under @p program),
    /// the console in English.
    void initConsoleTest(const QString &program)
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TermDeskTests"));
        QCoreApplication::setApplicationName(program);
        m_languages.apply(QStringLiteral("en"));
    }

    /// Starts the engine in a new temporary data directory; @p configure changes the configuration
    /// first. With @p clock (a ManualClock that outlives the engine) the engine and the console read
    /// the time from it.
    void startEngine(const std::function<void(termdesk::EngineConfig &)> &configure = {},
                     termdesk::Clock *clock = nullptr)
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_config = termdesk::EngineConfig{};
        m_config.dataDir = m_dir->path();
        m_config.listenAddress = QHostAddress::LocalHost;
        m_config.wsPort = 0;
        m_config.tcpPort = -1;
        m_config.synchronous = QStringLiteral("NORMAL");
        if (configure)
            configure(m_config);
        m_host = std::make_unique<termdesk::EngineHost>(m_config);
        if (clock)
            m_host->engine()->setClock(clock);
        QString error;
        QVERIFY2(m_host->start(&error), qPrintable(error));
    }

    /// The console window over the running engine, shown.
    void openWindow()
    {
        m_window = std::make_unique<termdesk::ui::MainWindow>(m_host.get(), m_config, &m_languages);
        QVERIFY(m_window->databaseError().isEmpty());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    /// Opens the test's own connection to the engine's database.
    void openCheck()
    {
        QString error;
        QVERIFY2(termdesk::storage::Database::open(m_config.databaseFile(), m_check,
                                                   {!m_checkWrites, QStringLiteral("NORMAL"), 5000}, &error),
                 qPrintable(error));
    }

    /// startEngine(), openWindow() and openCheck() in one.
    void startConsole(const std::function<void(termdesk::EngineConfig &)> &configure = {},
                      termdesk::Clock *clock = nullptr)
    {
        startEngine(configure, clock);
        if (QTest::currentTestFailed())
            return;
        openWindow();
        if (QTest::currentTestFailed())
            return;
        openCheck();
    }

    QSqlDatabase db() const { return termdesk::storage::Database::get(m_check); }

    /// The first column of the first row of @p sql on the test's connection; -1 when it fails.
    qint64 count(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

    /// The window, the test's connection, then the engine (flushing storage) and its directory.
    void stopConsole()
    {
        m_window.reset();
        termdesk::storage::Database::close(m_check);
        if (m_host)
            m_host->stop();
        m_host.reset();
        m_dir.reset();
    }
};
