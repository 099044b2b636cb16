// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "dialogs/settingsdialog.h"
#include "engine/enginehost.h"
#include "enginebridge.h"
#include "languagemanager.h"
#include "models/commandtablemodel.h"
#include "models/eventlogmodel.h"
#include "models/punchtablemodel.h"
#include "models/terminaltablemodel.h"
#include "models/usertablemodel.h"
#include "query/operatorwriter.h"
#include "query/punchfollower.h"
#include "query/sqlitereads.h"
#include "settings/configchange.h"
#include "settings/settings.h"
#include "termdesk_version.h"
#include "util/clock.h"
#include "webhook/webhookoperator.h"
#include "widgets/commandsview.h"
#include "widgets/connectpage.h"
#include "widgets/dashboardview.h"
#include "widgets/eventsview.h"
#include "widgets/exportstatuslabel.h"
#include "widgets/punchesview.h"
#include "widgets/terminalcommands.h"
#include "widgets/terminalsview.h"
#include "widgets/traceview.h"
#include "widgets/usersview.h"
#include "widgets/webhooksview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {

constexpr int RATE_UPDATE_MS = 250;
constexpr int USER_NAMES_MS = 5'000;
constexpr int STATUS_MESSAGE_MS = 8'000;
/// Terminals and commands re-read this often on a shared store, where other servers change them.
constexpr int SHARED_STORE_REFRESH_MS = 1'000;
constexpr int STATUS_COALESCE_MS = 100;

const QString KEY_GEOMETRY = QStringLiteral("ui/mainWindow/geometry");
const QString KEY_STATE = QStringLiteral("ui/mainWindow/state");
const QString KEY_PAGE = QStringLiteral("ui/mainWindow/page");

QStyle::StandardPixmap pageIcon(int page)
{
    switch (page) {
    case MainWindow::DashboardPage:
        return QStyle::SP_ComputerIcon;
    case MainWindow::TerminalsPage:
        return QStyle::SP_DriveNetIcon;
    case MainWindow::PunchesPage:
        return QStyle::SP_FileDialogDetailedView;
    case MainWindow::UsersPage:
        return QStyle::SP_DirHomeIcon;
    case MainWindow::EventsPage:
        return QStyle::SP_MessageBoxInformation;
    case MainWindow::CommandsPage:
        return QStyle::SP_ArrowForward;
    case MainWindow::TracePage:
        return QStyle::SP_FileDialogContentsView;
    case MainWindow::WebhooksPage:
        return QStyle::SP_CommandLink;
    default:
        return QStyle::SP_DialogHelpButton;
    }
}

} // namespace

MainWindow::MainWindow(EngineHost *host, const EngineConfig &config, LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent), m_host(host), m_config(config), m_languages(languages),
      m_engine(new EngineBridge(host, config, this)), m_reads(std::make_unique<query::SqliteReads>()),
      m_writes(new query::OperatorWriter(config.databaseFile(), config.synchronous, this)),
      m_nav(new QListWidget(this)), m_pages(new QStackedWidget(this)), m_statusPorts(new QLabel(this)),
      m_statusOnline(new QLabel(this)), m_statusRate(new QLabel(this)), m_rateTimer(new QTimer(this)),
      m_userTimer(new QTimer(this)), m_statusTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    QString dbError;
    if (!m_reads->open(config.databaseFile(), &dbError))
        m_databaseError = tr("The console cannot read the database: %1").arg(dbError);
    // A command queued here goes to the engine in this process at once; its poll of the queue is for
    // commands queued by other processes (the command line, another console).
    connect(m_writes, &query::OperatorWrites::commandsQueued, m_engine, &EngineBridge::commandsQueued);

    query::SqliteReads *reads = m_reads.get();
    m_terminals = new TerminalsView(m_engine, reads, m_writes, m_pages);
    m_terminals->model()->setSleepingWindow(qint64(m_config.tcpSleepWindowSec) * 1000);
    m_dashboard = new DashboardView(reads, m_terminals->model(), m_engine->clock(), m_pages);
    m_punches = new PunchesView(m_engine, reads, m_pages);
    m_users = new UsersView(reads, reads, m_writes, m_pages);
    m_events = new EventsView(m_pages);
    m_connect = new ConnectPage(m_engine, m_pages);
    m_commands = new CommandsView(reads, m_writes, m_pages);
    m_trace = new TraceView(m_engine, m_pages);
    m_webhooks =
        new WebhooksView(new webhook::WebhookOperator(config.databaseFile(), config.synchronous, this), m_pages);
    for (QWidget *page : std::initializer_list<QWidget *>{m_dashboard, m_terminals, m_punches, m_users, m_events,
                                                          m_connect, m_commands, m_trace, m_webhooks})
        m_pages->addWidget(page);
    m_pages->setObjectName(QStringLiteral("pages"));

    m_nav->setObjectName(QStringLiteral("navigation"));
    m_nav->setIconSize(QSize(20, 20));
    m_nav->setSpacing(2);
    m_nav->setFixedWidth(200);
    m_nav->setFrameShape(QFrame::NoFrame);
    for (int p = 0; p < PageCount; ++p)
        m_nav->addItem(new QListWidgetItem(style()->standardIcon(pageIcon(p)), QString()));
    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_pages->setCurrentIndex(row);
        if (m_viewActions[static_cast<size_t>(row)])
            m_viewActions[static_cast<size_t>(row)]->setChecked(true);
    });

    auto *central = new QWidget(this);
    auto *outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    m_webhookBanner = new QLabel(central);
    m_webhookBanner->setObjectName(QStringLiteral("webhookBanner"));
    m_webhookBanner->setWordWrap(true);
    m_webhookBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_webhookBanner->setStyleSheet(
        QStringLiteral("QLabel { background: #b71c1c; color: white; padding: 6px 10px; font-weight: bold; }"));
    m_webhookBanner->hide();
    outer->addWidget(m_webhookBanner);
    auto *layout = new QHBoxLayout;
    outer->addLayout(layout, 1);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_nav);
    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_statusPorts->setObjectName(QStringLiteral("statusPorts"));
    m_statusOnline->setObjectName(QStringLiteral("statusOnline"));
    m_statusRate->setObjectName(QStringLiteral("statusRate"));
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    m_statusExport = new ExportStatusLabel(this);
    for (QLabel *label : {static_cast<QLabel *>(m_statusExport), m_statusOnline, m_statusRate, m_statusPorts}) {
        label->setContentsMargins(10, 0, 10, 0);
        label->setFrameShape(QFrame::StyledPanel);
        statusBar()->addPermanentWidget(label);
    }

    createActions();
    createMenus();

    auto showMessage = [this](const QString &text) { statusBar()->showMessage(text, STATUS_MESSAGE_MS); };
    connect(m_terminals, &TerminalsView::statusMessage, this, showMessage);
    connect(m_punches, &PunchesView::statusMessage, this, showMessage);
    connect(m_users, &UsersView::statusMessage, this, showMessage);
    connect(m_commands, &CommandsView::statusMessage, this, showMessage);
    connect(m_webhooks, &WebhooksView::statusMessage, this, showMessage);
    connect(m_webhooks, &WebhooksView::operatorAction, m_events->model(),
            [this](const QString &text) { m_events->model()->addEvent(QString(), text); });
    connect(m_commands, &CommandsView::operatorAction, m_events->model(),
            [this](const QString &sn, const QString &text) { m_events->model()->addEvent(terminalLabel(sn), text); });
    connect(m_terminals, &TerminalsView::operatorAction, m_events->model(),
            [this](const QString &sn, const QString &text) { m_events->model()->addEvent(terminalLabel(sn), text); });
    connect(m_punches, &PunchesView::exportFinished, this, [this](const QString &file, qint64 rows) {
        m_events->model()->addEvent(
            QString(),
            tr("Exported %Ln punch(es) to %1", nullptr, static_cast<int>(rows)).arg(QDir::toNativeSeparators(file)));
    });
    connect(m_engine, &EngineBridge::terminalOnline, this,
            [this](const QString &sn, Protocol protocol, const QString &peer) {
                m_events->model()->addEvent(
                    terminalLabel(sn), tr("Online (%1, %2)").arg(DisplayText::protocol(protocolName(protocol)), peer));
            });
    connect(m_engine, &EngineBridge::identityAlert, this,
            [this, showMessage](const QString &sn, const QString &details) {
                // docs/security.md, "Terminal identity": the Terminals view offers to accept or block the new hardware.
                const QString text = tr("Alert: %1").arg(details);
                m_events->model()->addEvent(terminalLabel(sn), text);
                showMessage(text);
            });
    connect(m_engine, &EngineBridge::configApplied, this, &MainWindow::onConfigApplied);
    connect(m_engine, &EngineBridge::backupFinished, this, [this](const QString &path, const QString &error) {
        m_events->model()->addEvent(QString(), path.isEmpty()
                                                   ? tr("Backup failed: %1").arg(error)
                                                   : tr("Backup written to %1").arg(QDir::toNativeSeparators(path)));
    });
    connect(m_engine, &EngineBridge::exportStatusChanged, m_statusExport, &ExportStatusLabel::setStatus);
    connect(m_engine, &EngineBridge::exportFinished, this, [this](const ExportStatus &status) {
        m_events->model()->addEvent(QString(), ExportStatusLabel::eventText(status));
    });
    m_statusExport->setStatus(m_engine->exportStatus());
    connect(m_engine, &EngineBridge::storageWritesFailing, this, [this](bool failing, const QString &error) {
        // Stays in the status bar until writes work again: punches are not acknowledged meanwhile.
        if (failing) {
            const QString text = tr("Cannot write the database (%1): punches are not acknowledged; the terminals keep "
                                    "them and send them again. Free disk space or check the disk.")
                                     .arg(error);
            m_events->model()->addEvent(QString(), text);
            statusBar()->showMessage(text);
        } else {
            const QString text = tr("The database can be written again: punches are stored and acknowledged.");
            m_events->model()->addEvent(QString(), text);
            statusBar()->showMessage(text, STATUS_MESSAGE_MS);
        }
    });
    connect(m_engine, &EngineBridge::terminalOffline, this,
            [this](const QString &sn) { m_events->model()->addEvent(terminalLabel(sn), tr("Offline")); });
    if (m_config.usesPostgres() && m_databaseError.isEmpty()) {
        // A shared store: other servers write it too. The views follow the punches table by id
        // (this process's punches come that way as well, so nothing arrives out of id order), and
        // re-read terminals and commands every second (docs/multi-pc.md, "Consoles on other PCs").
        m_follower = new query::PunchFollower(m_config.databaseFile(), this);
        disconnect(m_engine, &EngineBridge::punchesArrived, m_punches->model(), &PunchTableModel::addLive);
        connect(m_follower, &query::PunchFollower::punchesArrived, m_punches->model(), &PunchTableModel::addLive);
        connect(m_follower, &query::PunchFollower::punchesArrived, this,
                [this](const QList<StoredPunch> &punches, bool startup) {
                    if (!startup)
                        m_rate.add(m_engine->clock()->monotonicMs(), punches.size());
                });
        connect(m_follower, &query::PunchFollower::readFailing, this, [this](const QString &error) {
            const QString text =
                error.isEmpty()
                    ? tr("The shared database can be read again: punches follow live.")
                    : tr("Cannot read the shared database (%1): trying again every half second.").arg(error);
            m_events->model()->addEvent(QString(), text);
            statusBar()->showMessage(text, error.isEmpty() ? STATUS_MESSAGE_MS : 0);
        });
        m_terminals->setRefreshInterval(SHARED_STORE_REFRESH_MS);
        m_commands->setRefreshInterval(SHARED_STORE_REFRESH_MS);
        m_follower->start();
    } else {
        connect(m_engine, &EngineBridge::punchesArrived, this, [this](const QList<StoredPunch> &punches) {
            m_rate.add(m_engine->clock()->monotonicMs(), punches.size());
        });
    }
    connect(m_terminals->model(), &TerminalTableModel::recordsChanged, this, &MainWindow::onTerminalsChanged);
    m_statusTimer->setSingleShot(true);
    m_statusTimer->setInterval(STATUS_COALESCE_MS);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    connect(m_terminals->model(), &TerminalTableModel::onlineChanged, m_statusTimer, qOverload<>(&QTimer::start));

    m_rateTimer->setInterval(RATE_UPDATE_MS);
    connect(m_rateTimer, &QTimer::timeout, this, &MainWindow::updateRate);
    m_rateTimer->start();
    m_userTimer->setInterval(USER_NAMES_MS);
    connect(m_userTimer, &QTimer::timeout, this, &MainWindow::refreshUserNames);
    connect(m_userTimer, &QTimer::timeout, this, &MainWindow::updateWebhookBanner);
    m_userTimer->start();
    refreshUserNames();
    updateWebhookBanner();

    retranslateUi();
    onTerminalsChanged();
    resize(1280, 800);
    restoreUiState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_exportAction = new QAction(this);
    m_exportAction->setObjectName(QStringLiteral("actionExport"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportPunches);
    m_settingsAction = new QAction(this);
    m_settingsAction->setObjectName(QStringLiteral("actionSettings"));
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
    m_quitAction = new QAction(this);
    m_quitAction->setObjectName(QStringLiteral("actionQuit"));
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
    m_aboutAction = new QAction(this);
    m_aboutAction->setObjectName(QStringLiteral("actionAbout"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);

    static const char *const NAMES[PageCount] = {"actionViewDashboard", "actionViewTerminals", "actionViewPunches",
                                                 "actionViewUsers",     "actionViewEvents",    "actionViewConnect",
                                                 "actionViewCommands",  "actionViewTrace",     "actionViewWebhooks"};
    m_viewGroup = new QActionGroup(this);
    for (int p = 0; p < PageCount; ++p) {
        auto *action = new QAction(this);
        action->setObjectName(QLatin1String(NAMES[p]));
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + p)));
        connect(action, &QAction::triggered, this, [this, p] { showPage(static_cast<Page>(p)); });
        m_viewGroup->addAction(action);
        m_viewActions[static_cast<size_t>(p)] = action;
    }
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_exportAction);
    m_fileMenu->addAction(m_settingsAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);
    m_viewMenu = menuBar()->addMenu(QString());
    for (QAction *action : m_viewActions)
        m_viewMenu->addAction(action);
    m_terminalMenu = menuBar()->addMenu(QString());
    m_terminalMenu->addAction(m_terminals->approveAction());
    m_terminalMenu->addAction(m_terminals->blockAction());
    m_terminalMenu->addSeparator();
    m_terminalMenu->addAction(m_terminals->renameAction());
    m_terminalMenu->addAction(m_terminals->networksAction());
    m_terminalMenu->addAction(m_terminals->acceptHardwareAction());
    m_terminalMenu->addAction(m_terminals->blockHardwareAction());
    m_terminalMenu->addSeparator();
    m_terminalMenu->addMenu(m_terminals->commands()->menu());
    m_terminalMenu->addSeparator();
    m_terminalMenu->addAction(m_commands->cancelAction());
    m_terminalMenu->addAction(m_commands->retryAction());
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_viewActions[ConnectTerminalsPage]);
    m_helpMenu->addSeparator();
    m_helpMenu->addAction(m_aboutAction);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("TermDesk"));
    m_fileMenu->setTitle(tr("&File"));
    m_viewMenu->setTitle(tr("&View"));
    m_terminalMenu->setTitle(tr("&Terminal"));
    m_helpMenu->setTitle(tr("&Help"));
    m_exportAction->setText(tr("&Export punches…"));
    m_settingsAction->setText(tr("&Settings…"));
    m_quitAction->setText(tr("&Quit"));
    m_aboutAction->setText(tr("&About TermDesk"));
    const QString names[PageCount] = {tr("Dashboard"), tr("Terminals"),      tr("Punches"),
                                      tr("Users"),     tr("Events"),         tr("Connect terminals"),
                                      tr("Commands"),  tr("Protocol trace"), tr("Webhooks")};
    for (int p = 0; p < PageCount; ++p) {
        m_viewActions[static_cast<size_t>(p)]->setText(names[p]);
        m_nav->item(p)->setText(names[p]);
        m_nav->item(p)->setToolTip(tr("%1 (Ctrl+%2)").arg(names[p]).arg(p + 1));
        m_pages->widget(p)->setAccessibleName(names[p]);
    }
    m_nav->setAccessibleName(tr("Views"));
    m_pages->setAccessibleName(tr("Current view"));
    m_statusPorts->setAccessibleName(tr("Listening ports"));
    m_statusOnline->setAccessibleName(tr("Terminals online"));
    m_statusRate->setAccessibleName(tr("Punches per second"));
    onTerminalsChanged();
    updateRate();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::showPage(Page page)
{
    m_nav->setCurrentRow(page);
}

MainWindow::Page MainWindow::currentPage() const
{
    return static_cast<Page>(m_pages->currentIndex());
}

void MainWindow::onTerminalsChanged()
{
    const TerminalTableModel *model = m_terminals->model();
    QList<query::TerminalRecord> records;
    records.reserve(model->rowCount());
    for (int row = 0; row < model->rowCount(); ++row)
        records.append(*model->record(row));
    m_punches->setTerminals(records);
    QHash<QString, QString> names;
    for (const query::TerminalRecord &r : std::as_const(records)) {
        if (!r.name.isEmpty())
            names.insert(r.sn, r.name);
    }
    m_users->model()->setTerminalNames(names);
    QStringList serials;
    serials.reserve(records.size());
    for (const query::TerminalRecord &r : std::as_const(records))
        serials.append(r.sn);
    m_commands->setTerminals(serials);
    const int pending = model->pendingCount();
    m_nav->item(TerminalsPage)->setText(pending > 0 ? tr("Terminals (%n waiting)", nullptr, pending) : tr("Terminals"));
    updateStatus();
}

QString MainWindow::terminalLabel(const QString &sn) const
{
    const query::TerminalRecord *r = m_terminals->model()->record(m_terminals->model()->rowOf(sn));
    return r && !r->name.isEmpty() ? tr("%1 (%2)").arg(r->name, sn) : sn;
}

void MainWindow::updateStatus()
{
    QStringList ports;
    if (m_engine->wsPort() > 0)
        ports << tr("WebSocket port %1").arg(m_engine->wsPort());
    if (m_engine->tcpPort() > 0)
        ports << tr("TCP port %1").arg(m_engine->tcpPort());
    if (m_engine->wssPort() > 0)
        ports << tr("wss port %1").arg(m_engine->wssPort());
    m_statusPorts->setText(ports.join(QStringLiteral(" \u00b7 ")));
    // The fingerprint to enter on a terminal (docs/security.md, "TLS"): on hover, and selectable.
    m_statusPorts->setToolTip(m_engine->wssPort() > 0
                                  ? tr("wss certificate SHA-256 fingerprint:\n%1").arg(m_engine->tlsFingerprint())
                                  : QString());
    const TerminalTableModel *model = m_terminals->model();
    m_statusOnline->setText(tr("%1 of %2 terminals online").arg(model->onlineCount()).arg(model->rowCount()));
}

void MainWindow::updateRate()
{
    const double rate = m_rate.rate(m_engine->clock()->monotonicMs());
    const QString text = tr("%1 punches/s").arg(QLocale().toString(rate, 'f', 1));
    if (m_statusRate->text() != text)
        m_statusRate->setText(text);
}

void MainWindow::refreshUserNames()
{
    const query::UserStamp stamp = m_reads->userStamp();
    if (stamp == m_userStamp || stamp.count < 0)
        return;
    QString error;
    QHash<qint64, QString> names = m_reads->userNames(&error);
    if (!error.isEmpty())
        return;
    m_userStamp = stamp;
    m_punches->model()->setUserNames(std::move(names));
}

void MainWindow::updateWebhookBanner()
{
    const qint64 dead = m_reads->isOpen() ? m_reads->deadWebhooks() : 0;
    m_webhookBanner->setVisible(dead > 0);
    if (dead > 0)
        m_webhookBanner->setText(
            tr("%n webhook endpoint(s) stopped: their retries ran out (about 3 days). Nothing was dropped; "
               "see the Webhooks view (Ctrl+9) or 'termdesk webhook list', then Resume ('termdesk webhook resume ID').",
               nullptr, static_cast<int>(dead)));
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_config.dataDir, m_languages ? m_languages->choice() : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The saved settings before the edit: only what the operator changes is applied, so a
    // command-line override of another setting survives.
    const EngineConfig before = Settings(m_config.dataDir).engineConfig();
    connect(dialog, &SettingsDialog::saved, this, [this, before](const QString &language) {
        if (m_languages && language != m_languages->choice()) {
            LanguageManager::saveChoice(language);
            m_languages->apply(language);
        }
        const EngineConfig after = Settings(m_config.dataDir).engineConfig();
        m_engine->applyConfig(mergeChangedSettings(m_engine->config(), before, after));
    });
    dialog->open();
}

void MainWindow::onConfigApplied(const ConfigApplyResult &result)
{
    updateStatus();
    m_terminals->model()->setSleepingWindow(qint64(result.config.tcpSleepWindowSec) * 1000);
    for (const QString &change : result.applied)
        m_events->model()->addEvent(tr("Server"), change);
    for (const QString &error : result.errors)
        m_events->model()->addEvent(tr("Server"), error);
    if (!result.ok()) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Settings not fully applied"),
                                    tr("The settings were saved, but the server could not apply all of them:\n\n%1")
                                        .arg(result.errors.join(QLatin1Char('\n'))),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("configErrorBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    const QString message = result.atNextStart.isEmpty()
                                ? tr("Settings saved and applied.")
                                : tr("Settings saved and applied; %1 take effect the next time TermDesk starts.")
                                      .arg(result.atNextStart.join(QStringLiteral(", ")));
    statusBar()->showMessage(message, STATUS_MESSAGE_MS);
}

void MainWindow::exportPunches()
{
    showPage(PunchesPage);
    m_punches->exportPunches();
}

void MainWindow::about()
{
    auto *box = new QMessageBox(
        QMessageBox::Information, tr("About TermDesk"),
        tr("<b>TermDesk %1</b><p>Console and server for time-attendance and access-control "
           "terminals.</p><p>Data directory: %2</p>")
            .arg(QStringLiteral(TERMDESK_VERSION), QDir::toNativeSeparators(m_config.dataDir).toHtmlEscaped()),
        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::saveUiState() const
{
    QSettings settings;
    settings.setValue(KEY_GEOMETRY, saveGeometry());
    settings.setValue(KEY_STATE, saveState());
    settings.setValue(KEY_PAGE, m_pages->currentIndex());
    m_terminals->saveState(settings);
    m_punches->saveState(settings);
    m_users->saveState(settings);
    m_commands->saveState(settings);
    m_webhooks->saveState(settings);
}

void MainWindow::restoreUiState()
{
    const QSettings settings;
    restoreGeometry(settings.value(KEY_GEOMETRY).toByteArray());
    restoreState(settings.value(KEY_STATE).toByteArray());
    m_terminals->restoreState(settings);
    m_punches->restoreState(settings);
    m_users->restoreState(settings);
    m_commands->restoreState(settings);
    m_webhooks->restoreState(settings);
    // A new installation opens on what to configure on a terminal; afterwards, where the operator left.
    int page = settings.value(KEY_PAGE, int(DashboardPage)).toInt();
    if (m_terminals->model()->rowCount() == 0)
        page = ConnectTerminalsPage;
    showPage(static_cast<Page>(std::clamp(page, 0, PageCount - 1)));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveUiState();
    m_connect->stopSimulator();
    QMainWindow::closeEvent(event);
}

} // namespace termdesk::ui
