// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punchratemeter.h"
#include "query/userquery.h"
#include "settings/configchange.h"
#include "settings/engineconfig.h"

#include <QMainWindow>

#include <array>
#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;
class QTimer;

namespace termdesk {
class EngineHost;
}
namespace termdesk::query {
class OperatorWriter;
class PunchFollower;
class SqliteReads;
} // namespace termdesk::query

namespace termdesk::ui {

class CommandsView;
class ConnectPage;
class DashboardView;
class EngineBridge;
class EventsView;
class ExportStatusLabel;
class LanguageManager;
class PunchesView;
class TerminalsView;
class TraceView;
class UsersView;
class WebhooksView;

/// @brief The console: a list of views on the left (Ctrl+1..9), the current view, and a status bar with
/// the listening ports, terminals online and punches per second. The engine runs in its own thread
/// (EngineHost); this window only renders, reading the database through its own read-only connection.
/// Window geometry, splitters, column widths and sort orders persist in QSettings under "ui/".
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    enum Page {
        DashboardPage,
        TerminalsPage,
        PunchesPage,
        UsersPage,
        EventsPage,
        ConnectTerminalsPage,
        CommandsPage,
        TracePage,
        WebhooksPage,
        PageCount
    };
    Q_ENUM(Page)

    /// @p languages may be null (no language switching, e.g. in tests that do not need it).
    MainWindow(EngineHost *host, const EngineConfig &config, LanguageManager *languages, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Empty when the console could open the database; otherwise why not (translated).
    QString databaseError() const { return m_databaseError; }
    /// Title of the message box that says why the console cannot start.
    static QString startupErrorTitle() { return tr("TermDesk cannot start"); }

    void showPage(Page page);
    Page currentPage() const;

    EngineBridge *engine() const { return m_engine; }
    TerminalsView *terminalsView() const { return m_terminals; }
    PunchesView *punchesView() const { return m_punches; }
    query::PunchFollower *punchFollower() const { return m_follower; }
    UsersView *usersView() const { return m_users; }
    DashboardView *dashboardView() const { return m_dashboard; }
    EventsView *eventsView() const { return m_events; }
    ConnectPage *connectPage() const { return m_connect; }
    CommandsView *commandsView() const { return m_commands; }
    TraceView *traceView() const { return m_trace; }
    WebhooksView *webhooksView() const { return m_webhooks; }

    void openSettings();
    void exportPunches();
    /// Writes the window state to QSettings (also done on close).
    void saveUiState() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onConfigApplied(const termdesk::ConfigApplyResult &result);
    void createActions();
    void createMenus();
    void retranslateUi();
    void restoreUiState();
    void updateStatus();
    void updateRate();
    void refreshUserNames();
    void updateWebhookBanner();
    void onTerminalsChanged();
    QString terminalLabel(const QString &sn) const;
    void about();

    EngineHost *m_host;
    EngineConfig m_config;
    LanguageManager *m_languages;
    QString m_databaseError;
    EngineBridge *m_engine;
    /// What the views read (GUI thread, reader threads) and write (the operator-writes thread).
    std::unique_ptr<query::SqliteReads> m_reads;
    query::OperatorWriter *m_writes;
    /// On a shared store (PostgreSQL): every server's punches by id cursor (nullptr on SQLite, where
    /// this process's engine is the only writer and its signals feed the views).
    query::PunchFollower *m_follower = nullptr;
    QListWidget *m_nav;
    QStackedWidget *m_pages;
    DashboardView *m_dashboard = nullptr;
    TerminalsView *m_terminals = nullptr;
    PunchesView *m_punches = nullptr;
    UsersView *m_users = nullptr;
    EventsView *m_events = nullptr;
    ConnectPage *m_connect = nullptr;
    CommandsView *m_commands = nullptr;
    TraceView *m_trace = nullptr;
    WebhooksView *m_webhooks = nullptr;
    QLabel *m_webhookBanner = nullptr; ///< dead-lettered webhook endpoints (docs/integration.md)
    QLabel *m_statusPorts;
    QLabel *m_statusOnline;
    QLabel *m_statusRate;
    ExportStatusLabel *m_statusExport = nullptr; ///< the scheduled export: last run, result, next run
    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_terminalMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QActionGroup *m_viewGroup = nullptr;
    std::array<QAction *, PageCount> m_viewActions{};
    QTimer *m_rateTimer;
    QTimer *m_userTimer;
    QTimer *m_statusTimer;
    PunchRateMeter m_rate;
    query::UserStamp m_userStamp;
};

} // namespace termdesk::ui
