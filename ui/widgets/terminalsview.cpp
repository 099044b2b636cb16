// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalsview.h"

#include "capacitydelegate.h"
#include "columnchooser.h"
#include "enginebridge.h"
#include "models/terminaltablemodel.h"
#include "query/operatorwrites.h"
#include "query/terminalreads.h"
#include "terminalcommands.h"
#include "terminaldetailpane.h"
#include "util/clock.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {
constexpr int DEFAULT_REFRESH_MS = 3'000;
constexpr int DETAIL_COMMANDS = 8; // the newest commands of the terminal on display
constexpr int SOON_MS = 150;       // coalesces a burst of online/offline signals into one read
} // namespace

TerminalsView::TerminalsView(EngineBridge *engine, query::TerminalReads *reads, query::OperatorWrites *writes,
                             QWidget *parent)
    : QWidget(parent), m_engine(engine), m_reads(reads), m_writes(writes), m_tickets(writes, this),
      m_model(new TerminalTableModel(this)), m_proxy(new QSortFilterProxyModel(this)), m_toolbar(new QToolBar(this)),
      m_search(new QLineEdit(this)), m_splitter(new QSplitter(Qt::Vertical, this)), m_table(new QTableView(m_splitter)),
      m_detail(new TerminalDetailPane(m_splitter)), m_approve(new QAction(this)), m_block(new QAction(this)),
      m_rename(new QAction(this)), m_acceptHardware(new QAction(this)), m_blockHardware(new QAction(this)),
      m_networks(new QAction(this)), m_refreshTimer(new QTimer(this)), m_soonTimer(new QTimer(this))
{
    m_commands = new TerminalCommands(this, m_writes, [this] {
        QList<TerminalCommands::Target> targets;
        if (!m_table->selectionModel())
            return targets;
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        for (const QModelIndex &index : rows) {
            const query::TerminalRecord *r = m_model->record(m_proxy->mapToSource(index).row());
            if (r)
                targets.append({r->sn, r->protocol == QLatin1String("tcp")});
        }
        return targets;
    });
    connect(m_commands, &TerminalCommands::statusMessage, this, &TerminalsView::statusMessage);
    connect(m_commands, &TerminalCommands::operatorAction, this, &TerminalsView::operatorAction);
    setObjectName(QStringLiteral("terminalsView"));
    m_model->setObjectName(QStringLiteral("terminalModel"));
    m_proxy->setObjectName(QStringLiteral("terminalProxy"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TerminalTableModel::RawRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_model->setRenamer([this](const QString &sn, const QString &name, QString *) {
        // Shown at once; the write runs on the writer thread. If it fails the operator is told and
        // the next read shows the name the database kept.
        m_tickets.expect(m_writes->rename(sn, name), [this, sn, name](const query::WriteOutcome &o) {
            const QString error = o.items.isEmpty() ? o.error : o.items.first().error;
            if (!error.isEmpty()) {
                Q_EMIT statusMessage(tr("Could not rename %1: %2").arg(sn, error));
                refresh();
                return;
            }
            Q_EMIT operatorAction(sn, name.isEmpty() ? tr("Name cleared") : tr("Renamed to “%1”").arg(name));
            refresh(); // a read that started before the write must not keep the old name on display
        });
        return true;
    });
    connect(m_model, &TerminalTableModel::renameFailed, this, [this](const QString &sn, const QString &error) {
        Q_EMIT statusMessage(tr("Could not rename %1: %2").arg(sn, error));
    });

    m_approve->setObjectName(QStringLiteral("actionApprove"));
    m_block->setObjectName(QStringLiteral("actionBlock"));
    m_rename->setObjectName(QStringLiteral("actionRename"));
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_rename);
    connect(m_approve, &QAction::triggered, this, &TerminalsView::approveSelected);
    connect(m_block, &QAction::triggered, this, &TerminalsView::blockSelected);
    connect(m_rename, &QAction::triggered, this, &TerminalsView::renameCurrent);
    m_acceptHardware->setObjectName(QStringLiteral("actionAcceptHardware"));
    m_blockHardware->setObjectName(QStringLiteral("actionBlockHardware"));
    connect(m_acceptHardware, &QAction::triggered, this, [this] { resolveHardwareSelected(true); });
    connect(m_blockHardware, &QAction::triggered, this, [this] { resolveHardwareSelected(false); });
    m_networks->setObjectName(QStringLiteral("actionAllowedNetworks"));
    connect(m_networks, &QAction::triggered, this, &TerminalsView::editNetworksCurrent);

    m_toolbar->setObjectName(QStringLiteral("terminalsToolbar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolbar->addAction(m_approve);
    m_toolbar->addAction(m_block);
    m_toolbar->addAction(m_rename);
    m_toolbar->addAction(m_acceptHardware);
    m_toolbar->addAction(m_blockHardware);
    m_toolbar->addSeparator();
    m_toolbar->addActions(m_commands->toolbarActions());
    auto *more = new QToolButton(m_toolbar);
    more->setObjectName(QStringLiteral("terminalCommandsButton"));
    more->setMenu(m_commands->menu());
    more->setPopupMode(QToolButton::InstantPopup);
    m_moreButton = more;
    m_toolbar->addWidget(more);
    auto *spacer = new QWidget(m_toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolbar->addWidget(spacer);
    m_search->setObjectName(QStringLiteral("terminalSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(260);
    m_toolbar->addWidget(m_search);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table->setObjectName(QStringLiteral("terminalsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TerminalTableModel::SerialColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    installColumnChooser(m_table->horizontalHeader());
    auto *capacityDelegate = new CapacityDelegate(m_table);
    for (int c = TerminalTableModel::UsersColumn; c <= TerminalTableModel::NewLogsColumn; ++c) {
        m_table->setItemDelegateForColumn(c, capacityDelegate);
        m_table->setColumnWidth(c, 84);
    }
    const std::pair<int, int> widths[] = {
        {TerminalTableModel::StatusColumn, 135},   {TerminalTableModel::SerialColumn, 100},
        {TerminalTableModel::NameColumn, 130},     {TerminalTableModel::ProtocolColumn, 85},
        {TerminalTableModel::ModelColumn, 75},     {TerminalTableModel::FirmwareColumn, 90},
        {TerminalTableModel::AddressColumn, 110},  {TerminalTableModel::LastSeenColumn, 120},
        {TerminalTableModel::ClockDriftColumn, 95}};
    for (const auto &[column, width] : widths)
        m_table->setColumnWidth(column, width);
    connect(m_table, &QWidget::customContextMenuRequested, this, &TerminalsView::showContextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &TerminalsView::updateDetail);
    for (auto signal : {&TerminalTableModel::recordsChanged, &TerminalTableModel::onlineChanged}) {
        connect(m_model, signal, this, [this] {
            updateActions();
            updateDetail();
        });
    }

    m_splitter->setObjectName(QStringLiteral("terminalsSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({480, 320});
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_splitter, 1);

    m_refreshTimer->setInterval(DEFAULT_REFRESH_MS);
    connect(m_refreshTimer, &QTimer::timeout, this, &TerminalsView::refresh);
    m_soonTimer->setSingleShot(true);
    m_soonTimer->setInterval(SOON_MS);
    connect(m_soonTimer, &QTimer::timeout, this, &TerminalsView::refresh);

    connect(m_engine, &EngineBridge::terminalOnline, this, [this](const QString &sn) {
        m_model->setOnline(sn, true);
        m_soonTimer->start(); // address, capacities and clock come with the registration
    });
    connect(m_engine, &EngineBridge::terminalOffline, this, [this](const QString &sn) {
        m_model->setOnline(sn, false);
        m_soonTimer->start();
    });
    connect(m_model, &TerminalTableModel::unlistedTerminalOnline, this, [this] { m_soonTimer->start(); });
    // Connected before the snapshot: a change racing with it arrives after it and wins, as it should.
    for (const EngineBridge::OnlineTerminal &t : m_engine->onlineTerminals())
        m_model->setOnline(t.sn, true);

    retranslateUi();
    // The first read is made here, in this thread, so the window opens on what is known (the first
    // run page only when no terminal is); later ones run on the reader thread.
    QString error;
    m_model->setRecords(m_reads->terminals(&error));
    m_refreshTimer->start();
    updateActions();
}

TerminalsView::~TerminalsView() = default;

void TerminalsView::retranslateUi()
{
    m_approve->setText(tr("&Approve"));
    m_approve->setToolTip(tr("Admit the selected terminals (also lifts a block)"));
    m_block->setText(tr("&Block…"));
    m_block->setToolTip(tr("Refuse the selected terminals and disconnect them"));
    m_acceptHardware->setText(tr("Accept &new hardware"));
    m_acceptHardware->setToolTip(tr("The selected terminals' serials were used by other hardware: accept that "
                                    "hardware as theirs (a replaced terminal)"));
    m_blockHardware->setText(tr("Block new &hardware"));
    m_blockHardware->setToolTip(tr("The selected terminals' serials were used by other hardware: keep refusing "
                                   "it (a possible impostor)"));
    m_networks->setText(tr("Allowed ne&tworks…"));
    m_networks->setToolTip(tr("The addresses or networks the terminal may register from (empty: anywhere)"));
    m_rename->setText(tr("&Rename"));
    m_rename->setToolTip(tr("Give the terminal a name (F2)"));
    m_search->setPlaceholderText(tr("Search serial, name, model…"));
    m_commands->retranslate();
    m_moreButton->setText(tr("More commands"));
    m_moreButton->setAccessibleName(tr("More commands"));
    m_search->setAccessibleName(tr("Search terminals"));
    m_table->setAccessibleName(tr("Terminals"));
    m_toolbar->setAccessibleName(tr("Terminal actions"));
    m_toolbar->setWindowTitle(tr("Terminal actions"));
    m_splitter->setAccessibleName(tr("Terminals and details"));
    m_model->retranslate();
}

void TerminalsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TerminalsView::setRefreshInterval(int ms)
{
    m_refreshTimer->setInterval(ms);
}

void TerminalsView::refresh()
{
    // The read runs on the reader thread (10 000 terminals take 50-80 ms to read); only the
    // difference is applied here. One read at a time: a refresh asked meanwhile runs after it.
    if (!m_latest.start())
        return;
    m_reads->readTerminals(this, [this](QList<query::TerminalRecord> records, const QString &error) {
        if (!error.isEmpty()) {
            Q_EMIT statusMessage(tr("Could not read the terminals: %1").arg(error));
        } else {
            m_model->setNow(wallClockMs());
            m_model->setRecords(std::move(records));
        }
        if (m_latest.finish())
            refresh();
    });
}

QStringList TerminalsView::selectedSerials() const
{
    QStringList serials;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        serials.append(index.data(TerminalTableModel::SerialRole).toString());
    serials.sort();
    return serials;
}

void TerminalsView::selectTerminal(const QString &sn)
{
    const int row = m_model->rowOf(sn);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, TerminalTableModel::SerialColumn));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void TerminalsView::updateActions()
{
    bool anyNotApproved = false;
    bool anyNotBlocked = false;
    bool anyHardwareAlert = false;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        const query::TerminalRecord *record = m_model->record(m_proxy->mapToSource(index).row());
        anyHardwareAlert |= record && !record->identityClaim.isEmpty();
        const auto status = static_cast<TerminalStatus>(index.data(TerminalTableModel::StatusRole).toInt());
        anyNotApproved |= status == TerminalStatus::Pending || status == TerminalStatus::Blocked;
        anyNotBlocked |= status != TerminalStatus::Blocked;
    }
    m_approve->setEnabled(anyNotApproved);
    m_block->setEnabled(anyNotBlocked);
    m_rename->setEnabled(rows.size() == 1);
    m_networks->setEnabled(rows.size() == 1);
    m_acceptHardware->setEnabled(anyHardwareAlert);
    m_blockHardware->setEnabled(anyHardwareAlert);
    m_commands->updateEnabled();
}

void TerminalsView::updateDetail()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const int row = current.isValid() ? m_proxy->mapToSource(current).row() : -1;
    const query::TerminalRecord *record = m_model->record(row);
    if (!record) {
        m_detailSn.clear();
        m_detail->showTerminal(nullptr, TerminalStatus::Offline, {});
        return;
    }
    // devinfo_json is read only for the terminal on display, and only when it registered again (a
    // registration stores the terminal's clock with its devinfo).
    const QString registration = record->deviceTime + u'|' + record->peer;
    if (record->sn != m_detailSn || registration != m_detailRegistration) {
        m_detailDevinfo = m_reads->devinfoJson(record->sn);
        m_detailSn = record->sn;
        m_detailRegistration = registration;
    }
    m_detail->showTerminal(record, m_model->status(row), m_detailDevinfo);
    m_detail->showCommands(m_reads->commands(record->sn, QString(), DETAIL_COMMANDS, nullptr));
}

void TerminalsView::setAdmission(const QStringList &serials, Admission admission, const QString &doneText)
{
    m_tickets.expect(
        m_writes->setAdmission(serials, admission), [this, serials, admission, doneText](const query::WriteOutcome &o) {
            if (!o.error.isEmpty())
                Q_EMIT statusMessage(tr("Could not change %1: %2").arg(serials.join(QStringLiteral(", ")), o.error));
            QStringList changed;
            for (const query::WriteItem &item : o.items) {
                if (!item.ok()) {
                    Q_EMIT statusMessage(tr("Could not change %1: %2").arg(item.sn, item.error));
                    continue;
                }
                changed.append(item.sn);
                m_model->setAdmission(item.sn, admission); // shown at once; the refresh confirms it
                if (admission == Admission::Approved) {
                    Q_EMIT operatorAction(item.sn, tr("Approved"));
                } else if (admission == Admission::Blocked) {
                    Q_EMIT operatorAction(item.sn, tr("Blocked"));
                    m_engine->disconnectTerminal(item.sn, QStringLiteral("blocked by the operator"));
                }
            }
            if (!changed.isEmpty())
                Q_EMIT statusMessage(doneText.arg(changed.join(QStringLiteral(", "))));
            refresh();
        });
}

void TerminalsView::resolveHardwareSelected(bool accept)
{
    QStringList serials;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        const query::TerminalRecord *record = m_model->record(m_proxy->mapToSource(index).row());
        if (record && !record->identityClaim.isEmpty())
            serials.append(record->sn);
    }
    if (serials.isEmpty())
        return;
    m_tickets.expect(m_writes->resolveHardware(serials, accept), [this, accept](const query::WriteOutcome &o) {
        for (const query::WriteItem &item : o.items) {
            if (!item.ok()) {
                Q_EMIT statusMessage(tr("Could not change %1: %2").arg(item.sn, item.error));
                continue;
            }
            Q_EMIT operatorAction(item.sn, accept ? tr("New hardware accepted") : tr("New hardware blocked"));
            Q_EMIT statusMessage(accept ? tr("%1: the new hardware is admitted at its next registration.").arg(item.sn)
                                        : tr("%1: the new hardware stays refused.").arg(item.sn));
        }
        refresh();
    });
}

void TerminalsView::editNetworksCurrent()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const query::TerminalRecord *record =
        current.isValid() ? m_model->record(m_proxy->mapToSource(current).row()) : nullptr;
    if (!record)
        return;
    const QString sn = record->sn;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("allowedNetworksDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Allowed networks of %1").arg(sn));
    dialog->setLabelText(tr("Addresses or networks (CIDR) %1 may register from, separated by commas; empty: "
                            "anywhere.\nA registration from elsewhere is refused.")
                             .arg(sn));
    dialog->setTextValue(record->allowedNetworks);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, sn](const QString &text) {
        m_tickets.expect(m_writes->setAllowedNetworks(sn, text), [this, sn](const query::WriteOutcome &o) {
            const QString error = o.items.isEmpty() ? o.error : o.items.first().error;
            if (!error.isEmpty()) {
                Q_EMIT statusMessage(tr("Allowed networks of %1 not changed: %2").arg(sn, error));
                return;
            }
            Q_EMIT operatorAction(sn, tr("Allowed networks changed"));
            refresh();
        });
    });
    dialog->open();
}

void TerminalsView::approveSelected()
{
    const QStringList serials = selectedSerials();
    if (serials.isEmpty())
        return;
    setAdmission(serials, Admission::Approved, tr("Approved %1. A terminal is admitted at its next registration."));
}

void TerminalsView::blockSelected()
{
    const QStringList serials = selectedSerials();
    if (serials.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Block terminals"),
                                tr("Block %n terminal(s)? They are disconnected now and refused until approved "
                                   "again. Their punches stay in the database.",
                                   nullptr, static_cast<int>(serials.size())),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmBlock"));
    box->setInformativeText(serials.join(QStringLiteral(", ")));
    QPushButton *yes = box->addButton(tr("Block"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmBlockYes"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, yes, serials] {
        if (box->clickedButton() != yes)
            return;
        setAdmission(serials, Admission::Blocked, tr("Blocked %1."));
    });
    box->open();
}

void TerminalsView::renameCurrent()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const QModelIndex nameIndex = current.siblingAtColumn(TerminalTableModel::NameColumn);
    m_table->setCurrentIndex(nameIndex);
    m_table->edit(nameIndex);
}

void TerminalsView::showContextMenu(const QPoint &pos)
{
    if (!m_table->indexAt(pos).isValid())
        return;
    QMenu menu(this);
    menu.addAction(m_approve);
    menu.addAction(m_block);
    menu.addSeparator();
    menu.addAction(m_rename);
    menu.addAction(m_networks);
    if (m_acceptHardware->isEnabled()) {
        menu.addAction(m_acceptHardware);
        menu.addAction(m_blockHardware);
    }
    menu.addSeparator();
    menu.addActions(m_commands->menu()->actions());
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void TerminalsView::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("ui/terminals/header"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("ui/terminals/splitter"), m_splitter->saveState());
}

void TerminalsView::restoreState(const QSettings &settings)
{
    QHeaderView *header = m_table->horizontalHeader();
    if (header->restoreState(settings.value(QStringLiteral("ui/terminals/header")).toByteArray()))
        m_table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    m_splitter->restoreState(settings.value(QStringLiteral("ui/terminals/splitter")).toByteArray());
}

} // namespace termdesk::ui
