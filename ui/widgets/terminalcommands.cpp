// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalcommands.h"

#include "query/operatorwrites.h"
#include "service/terminalactions.h"

#include <QAction>
#include <QCoreApplication>
#include <QDateEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace termdesk::ui {
namespace {

// A second menu entry for pull-logs, right after it: the same action over a range of days.
constexpr char RANGE[] = "pull-logs-range";
constexpr int DEFAULT_RANGE_DAYS = 7;

} // namespace

TerminalCommands::TerminalCommands(QWidget *dialogParent, query::OperatorWrites *writes, Selection selection)
    : QObject(dialogParent), m_parent(dialogParent), m_writes(writes), m_tickets(writes, this),
      m_selection(std::move(selection)), m_menu(new QMenu(dialogParent)), m_dangerMenu(new QMenu(dialogParent))
{
    m_menu->setObjectName(QStringLiteral("terminalCommandsMenu"));
    m_dangerMenu->setObjectName(QStringLiteral("terminalEraseMenu"));
    const auto make = [this](const char *name, QMenu *menu) {
        auto *a = new QAction(this);
        a->setObjectName(QStringLiteral("command-%1").arg(QLatin1String(name)));
        menu->addAction(a);
        const bool range = qstrcmp(name, RANGE) == 0;
        const service::TerminalAction *action =
            service::TerminalActions::find(QLatin1String(range ? "pull-logs" : name));
        Q_ASSERT(action);
        m_actions.insert(QByteArray(name), {a, action});
        connect(a, &QAction::triggered, this, [this, action, range] {
            if (range)
                askRange(*action, m_selection());
            else
                run(*action);
        });
    };
    // Every row of the actions table with a menu label, in the table's order; the dangerous ones in
    // the Erase submenu.
    for (const service::TerminalAction &a : service::TerminalActions::all()) {
        if (!a.menuLabel)
            continue;
        make(a.name, a.danger ? m_dangerMenu : m_menu);
        if (qstrcmp(a.name, "pull-logs") == 0)
            make(RANGE, m_menu);
    }
    m_menu->insertSeparator(action("opendoor"));
    m_menu->addSeparator();
    m_menu->addMenu(m_dangerMenu);
    retranslate();
    for (const Entry &e : std::as_const(m_actions))
        e.action->setEnabled(false); // nothing selected yet
}

TerminalCommands::~TerminalCommands() = default;

QList<QAction *> TerminalCommands::toolbarActions() const
{
    return {action("settime"), action("pull-logs"), action("opendoor")};
}

QString TerminalCommands::label(const char *name) const
{
    if (qstrcmp(name, RANGE) == 0)
        return tr("Pull logs &from… to…");
    const service::TerminalAction *a = service::TerminalActions::find(QLatin1String(name));
    return a && a->menuLabel ? QCoreApplication::translate(service::TerminalAction::menuContext, a->menuLabel)
                             : QLatin1String(name);
}

void TerminalCommands::retranslate()
{
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it) {
        it->action->setText(label(it.key().constData()));
        const bool ws = it->spec->wsCmd, tcp = it->spec->tcpKind.has_value();
        it->action->setToolTip(ws && tcp ? tr("Queued for the selected terminals; delivered when each is reachable")
                               : ws      ? tr("WebSocket terminals only")
                                         : tr("TCP terminals only"));
    }
    m_menu->setTitle(tr("&Commands"));
    m_dangerMenu->setTitle(tr("&Erase"));
}

void TerminalCommands::updateEnabled()
{
    const QList<Target> targets = m_selection();
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it) {
        const service::TerminalAction *a = it->spec;
        int supported = 0;
        for (const Target &t : targets)
            supported += a->supports(t.tcp) ? 1 : 0;
        // The destructive ones are confirmed by typing the terminal's serial: one terminal at a time.
        it->action->setEnabled(a->danger ? supported == 1 && targets.size() == 1 : supported > 0);
    }
}

void TerminalCommands::run(const service::TerminalAction &action)
{
    const QList<Target> targets = m_selection();
    if (action.danger) {
        if (targets.size() == 1)
            confirmDanger(action, targets.first());
        return;
    }
    if (qstrcmp(action.name, "reboot") == 0) {
        confirmReboot(action, targets);
        return;
    }
    queueFor(action, targets, label(action.name).remove(u'&').remove(QStringLiteral("…")), {});
}

void TerminalCommands::queueFor(const service::TerminalAction &action, const QList<Target> &targets,
                                const QString &text, const service::ActionOptions &options)
{
    QStringList serials;
    QStringList skipped;
    for (const Target &t : targets)
        (action.supports(t.tcp) ? serials : skipped) << t.sn;
    const auto report = [this, text, serials, skipped](const query::WriteOutcome &o) {
        int queued = 0;
        if (!o.error.isEmpty())
            Q_EMIT statusMessage(
                tr("Could not queue %1 for %2: %3").arg(text, serials.join(QStringLiteral(", ")), o.error));
        for (const query::WriteItem &item : o.items) {
            if (!item.ok()) {
                Q_EMIT statusMessage(tr("Could not queue %1 for %2: %3").arg(text, item.sn, item.error));
                continue;
            }
            ++queued;
            Q_EMIT operatorAction(item.sn, tr("%1 queued (command %2)").arg(text).arg(item.newId));
        }
        QString message = tr("%1 queued for %n terminal(s).", nullptr, queued).arg(text);
        if (!skipped.isEmpty())
            message += u' ' + tr("Not for %1 (other protocol).").arg(skipped.join(QStringLiteral(", ")));
        Q_EMIT statusMessage(message);
    };
    if (serials.isEmpty()) {
        report({}); // nothing to write: says so at once
        return;
    }
    m_tickets.expect(m_writes->queueAction(serials, action, options), report);
}

void TerminalCommands::confirmReboot(const service::TerminalAction &action, const QList<Target> &targets)
{
    QStringList serials;
    for (const Target &t : targets)
        serials << t.sn;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Reboot terminals"),
        tr("Restart %n terminal(s)? They stop taking punches until they are back.", nullptr, int(targets.size())),
        QMessageBox::NoButton, m_parent);
    box->setObjectName(QStringLiteral("confirmReboot"));
    box->setInformativeText(serials.join(QStringLiteral(", ")));
    QPushButton *yes = box->addButton(tr("Reboot"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmRebootYes"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, yes, a = &action, targets] {
        if (box->clickedButton() == yes)
            queueFor(*a, targets, tr("Reboot"), {});
    });
    box->open();
}

void TerminalCommands::confirmDanger(const service::TerminalAction &action, const Target &target)
{
    auto *dialog = new QDialog(m_parent);
    dialog->setObjectName(QStringLiteral("confirmDanger"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString what = label(action.name).remove(u'&').remove(QStringLiteral("…"));
    dialog->setWindowTitle(what);
    auto *text = new QLabel(tr("<p><b>%1</b> on terminal <b>%2</b> cannot be undone.</p>"
                               "<p>Type the terminal's serial <b>%2</b> to confirm.</p>")
                                .arg(what.toHtmlEscaped(), target.sn.toHtmlEscaped()),
                            dialog);
    text->setWordWrap(true);
    auto *edit = new QLineEdit(dialog);
    edit->setObjectName(QStringLiteral("confirmDangerText"));
    edit->setAccessibleName(tr("Serial of the terminal, to confirm"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("confirmDangerOk"));
    ok->setText(what);
    ok->setEnabled(false);
    connect(edit, &QLineEdit::textChanged, ok,
            [ok, sn = target.sn](const QString &typed) { ok->setEnabled(typed.trimmed() == sn); });
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, a = &action, target, what] { queueFor(*a, {target}, what, {}); });
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(edit);
    layout->addWidget(buttons);
    dialog->open();
}

void TerminalCommands::askRange(const service::TerminalAction &action, const QList<Target> &targets)
{
    auto *dialog = new QDialog(m_parent);
    dialog->setObjectName(QStringLiteral("pullRangeDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Pull logs"));
    auto *from = new QDateEdit(QDate::currentDate().addDays(-DEFAULT_RANGE_DAYS + 1), dialog);
    auto *to = new QDateEdit(QDate::currentDate(), dialog);
    from->setObjectName(QStringLiteral("pullFrom"));
    to->setObjectName(QStringLiteral("pullTo"));
    for (QDateEdit *e : {from, to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    auto *note = new QLabel(tr("The terminal sends every punch of these days (its own local dates); the ones "
                               "already stored are not stored twice."),
                            dialog);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("pullRangeOk"));
    const auto check = [from, to, ok = buttons->button(QDialogButtonBox::Ok)] {
        ok->setEnabled(from->date() <= to->date());
    };
    connect(from, &QDateEdit::dateChanged, dialog, check);
    connect(to, &QDateEdit::dateChanged, dialog, check);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, a = &action, targets, from, to] {
        service::ActionOptions options;
        options.from = from->date();
        options.to = to->date();
        queueFor(*a, targets,
                 tr("Pull logs %1 → %2").arg(from->date().toString(Qt::ISODate), to->date().toString(Qt::ISODate)),
                 options);
    });
    auto *form = new QFormLayout;
    form->addRow(tr("&From:"), from);
    form->addRow(tr("&To:"), to);
    auto *layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    dialog->open();
}

} // namespace termdesk::ui
