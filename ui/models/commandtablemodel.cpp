// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandtablemodel.h"

#include "displaytext.h"
#include "keyeddiff.h"
#include "model/commandkind.h"
#include "service/terminalactions.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace termdesk::ui {
namespace {

QString dayOf(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) // TCP: UTC ms
        return QDateTime::fromMSecsSinceEpoch(v.toInteger()).toString(QStringLiteral("yyyy-MM-dd"));
    return {};
}

QString pullLogs(const QJsonObject &p, const QString &fromKey, const QString &toKey)
{
    const QString from = p.contains(fromKey) ? dayOf(p.value(fromKey)) : QString();
    const QString to = p.contains(toKey) ? dayOf(p.value(toKey)) : QString();
    if (from.isEmpty() && to.isEmpty())
        return CommandTableModel::tr("Pull logs");
    return CommandTableModel::tr("Pull logs %1 → %2")
        .arg(from.isEmpty() ? QStringLiteral("…") : from, to.isEmpty() ? QStringLiteral("…") : to);
}

QString describeWs(const QString &cmd, const QJsonObject &p)
{
    // What an operator queues is named by its row in the actions table; the rest carry a user or a range.
    if (const service::TerminalAction *a = service::TerminalActions::findWs(cmd); a && a->queueLabel)
        return QCoreApplication::translate(service::TerminalAction::queueContext, a->queueLabel);
    if (cmd == QLatin1String("getuserinfo"))
        return CommandTableModel::tr("Read user %1").arg(p.value(QLatin1String("enrollid")).toInteger());
    if (cmd == QLatin1String("getalllog"))
        return pullLogs(p, QStringLiteral("from"), QStringLiteral("to"));
    if (cmd == QLatin1String("setuserinfo"))
        return CommandTableModel::tr("Send user %1").arg(p.value(QLatin1String("enrollid")).toInteger());
    if (cmd == QLatin1String("deleteuser"))
        return CommandTableModel::tr("Delete user %1").arg(p.value(QLatin1String("enrollid")).toInteger());
    return CommandTableModel::tr("Send “%1”").arg(cmd);
}

QString describeTcpWrite(const QJsonObject &p)
{
    QStringList parts;
    if (p.contains(QLatin1String("set_time_ms")))
        parts << CommandTableModel::tr("Set the clock");
    if (p.value(QLatin1String("open_door")).toBool())
        parts << CommandTableModel::tr("Open door");
    if (p.value(QLatin1String("clear_punches")).toBool())
        parts << CommandTableModel::tr("Erase the punches");
    if (const QJsonArray ids = p.value(QLatin1String("delete")).toArray(); !ids.isEmpty())
        parts << CommandTableModel::tr("Delete %n user(s)", nullptr, static_cast<int>(ids.size()));
    if (const QJsonArray users = p.value(QLatin1String("upsert")).toArray(); !users.isEmpty())
        parts << CommandTableModel::tr("Send %n user(s)", nullptr, static_cast<int>(users.size()));
    if (p.value(QLatin1String("reboot")).toBool())
        parts << CommandTableModel::tr("Restart");
    return parts.isEmpty() ? CommandTableModel::tr("Write") : parts.join(QStringLiteral(", "));
}

QString describeTcpRead(const QJsonObject &p)
{
    const QString target = p.value(QLatin1String("target")).toString();
    if (target == QLatin1String("status"))
        return CommandTableModel::tr("Read the status");
    if (target == QLatin1String("users"))
        return CommandTableModel::tr("Pull users");
    if (target == QLatin1String("punches"))
        return pullLogs(p, QStringLiteral("from_ms"), QStringLiteral("to_ms"));
    return CommandTableModel::tr("Read “%1”").arg(target);
}

QColor stateColor(const QString &state)
{
    switch (fromName<CommandState>(state).value_or(CommandState::Queued)) { // unknown text: no colour
    case CommandState::Done:
        return QColor(0x2e, 0x7d, 0x32); // green
    case CommandState::Failed:
        return QColor(0xc6, 0x28, 0x28); // red
    case CommandState::Sent:
        return QColor(0x15, 0x65, 0xc0); // blue
    case CommandState::Expired:
        return QColor(0xb2, 0x6a, 0x00); // amber
    case CommandState::Queued:
    case CommandState::Cancelled:
        break;
    }
    return {};
}

} // namespace

CommandTableModel::CommandTableModel(QObject *parent) : QAbstractTableModel(parent) {}

CommandTableModel::~CommandTableModel() = default;

int CommandTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CommandTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CommandTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const storage::CommandInfo &c = m_rows.at(index.row());
    if (role == IdRole)
        return c.id;
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        const QColor color = stateColor(c.state);
        return color.isValid() ? QVariant(QBrush(color)) : QVariant();
    }
    if (role == Qt::TextAlignmentRole && (index.column() == IdColumn || index.column() == TriesColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == UpdatedColumn)
        return tr("Queued %1, updated %2")
            .arg(DisplayText::timestamp(c.createdMs), DisplayText::timestamp(c.updatedMs));
    if (role == Qt::ToolTipRole && index.column() == ResultColumn)
        return data(index, Qt::DisplayRole);
    if (role == RawRole) {
        switch (index.column()) {
        case IdColumn:
            return c.id;
        case StateColumn:
            return c.state;
        case TriesColumn:
            return c.tries;
        case UpdatedColumn:
            return c.updatedMs;
        default:
            break;
        }
    } else if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case IdColumn:
        return c.id;
    case TerminalColumn:
        return c.terminalSn;
    case KindColumn:
        return c.kind;
    case WhatColumn:
        return describe(c.kind, c.payload);
    case StateColumn:
        return role == RawRole ? QVariant(c.state) : QVariant(stateText(c.state));
    case TriesColumn:
        return c.tries;
    case UpdatedColumn:
        return role == RawRole ? QVariant(c.updatedMs) : QVariant(DisplayText::shortTimestamp(c.updatedMs));
    case ResultColumn:
        return fromName<CommandState>(c.state) == CommandState::Done || c.reason.isEmpty() ? c.result : c.reason;
    default:
        return {};
    }
}

QVariant CommandTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("ID");
    case TerminalColumn:
        return tr("Terminal");
    case KindColumn:
        return tr("Kind");
    case WhatColumn:
        return tr("What");
    case StateColumn:
        return tr("State");
    case TriesColumn:
        return tr("Tries");
    case UpdatedColumn:
        return tr("Updated");
    case ResultColumn:
        return tr("Result or reason");
    default:
        return {};
    }
}

void CommandTableModel::setCommands(QList<storage::CommandInfo> commands)
{
    std::sort(commands.begin(), commands.end(),
              [](const storage::CommandInfo &a, const storage::CommandInfo &b) { return a.id > b.id; });
    struct Hooks
    {
        CommandTableModel *m;
        void beginRemove(int first, int last) { m->beginRemoveRows({}, first, last); }
        void endRemove() { m->endRemoveRows(); }
        void beginInsert(int first, int last) { m->beginInsertRows({}, first, last); }
        void endInsert() { m->endInsertRows(); }
        void changed(int first, int last)
        {
            Q_EMIT m->dataChanged(m->index(first, 0), m->index(last, ColumnCount - 1));
        }
    };
    applyKeyedDiff(
        m_rows, commands, [](const storage::CommandInfo &c) { return c.id; }, Hooks{this});
}

const storage::CommandInfo *CommandTableModel::command(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int CommandTableModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

void CommandTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
}

QString CommandTableModel::describe(const QString &kind, const QString &payload)
{
    const QJsonObject p = QJsonDocument::fromJson(payload.toUtf8()).object();
    switch (fromName<CommandKind>(kind).value_or(CommandKind::WsCommand)) {
    case CommandKind::WsCommand:
        if (!wsCommand(kind).isEmpty())
            return describeWs(wsCommand(kind).toString(), p);
        return kind; // a kind no CommandKind names: shown as stored
    case CommandKind::TcpWrite:
        return describeTcpWrite(p);
    case CommandKind::TcpRead:
        return describeTcpRead(p);
    }
    return kind;
}

QString CommandTableModel::stateText(const QString &state)
{
    const std::optional<CommandState> s = fromName<CommandState>(state);
    return s ? stateText(*s) : state; // a state no CommandState names: shown as stored
}

QString CommandTableModel::stateText(CommandState state)
{
    switch (state) {
    case CommandState::Queued:
        return tr("Queued");
    case CommandState::Sent:
        return tr("Sent");
    case CommandState::Done:
        return tr("Done");
    case CommandState::Failed:
        return tr("Failed");
    case CommandState::Expired:
        return tr("Expired");
    case CommandState::Cancelled:
        return tr("Cancelled");
    }
    return QString(name(state));
}

bool CommandTableModel::isCancellable(const QString &state)
{
    const std::optional<CommandState> s = fromName<CommandState>(state);
    return s && isOpen(*s); // an unknown state is left alone
}

bool CommandTableModel::isRetryable(const QString &state)
{
    const std::optional<CommandState> s = fromName<CommandState>(state);
    return s && (isFailure(*s) || *s == CommandState::Cancelled);
}

} // namespace termdesk::ui
