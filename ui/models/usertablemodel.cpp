// SPDX-License-Identifier: GPL-3.0-or-later
#include "usertablemodel.h"

#include "displaytext.h"
#include "keyeddiff.h"

#include <algorithm>

namespace termdesk::ui {
namespace {

bool flagOf(const query::UserRecord &u, int column)
{
    switch (column) {
    case UserTableModel::EnabledColumn:
        return u.enabled;
    case UserTableModel::CardColumn:
        return u.card;
    case UserTableModel::PasswordColumn:
        return u.password;
    case UserTableModel::FaceColumn:
        return u.face;
    case UserTableModel::PalmColumn:
        return u.palm;
    case UserTableModel::PhotoColumn:
        return u.photo;
    default:
        return false;
    }
}

bool isFlagColumn(int column)
{
    return column == UserTableModel::EnabledColumn ||
           (column >= UserTableModel::CardColumn && column <= UserTableModel::PhotoColumn);
}

} // namespace

UserTableModel::UserTableModel(QObject *parent) : QAbstractTableModel(parent) {}

UserTableModel::~UserTableModel() = default;

int UserTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int UserTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const query::UserRecord *UserTableModel::user(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

QVariant UserTableModel::displayData(const query::UserRecord &u, int column) const
{
    switch (column) {
    case EnrollIdColumn:
        return u.enrollId;
    case NameColumn:
        return u.name;
    case AdminColumn:
        return DisplayText::adminLevel(u.admin);
    case FingerprintsColumn:
        return u.fingerprints;
    case TerminalsColumn: {
        QStringList shown;
        shown.reserve(u.terminals.size());
        for (const QString &sn : u.terminals) {
            const QString name = m_terminalNames.value(sn);
            shown.append(name.isEmpty() ? sn : name);
        }
        return shown.join(QStringLiteral(", "));
    }
    default:
        if (column == EnabledColumn)
            return DisplayText::yesNo(u.enabled);
        // A check mark for credentials on file, nothing otherwise: easy to scan down a column.
        if (isFlagColumn(column))
            return flagOf(u, column) ? QStringLiteral("\u2713") : QString();
        return {};
    }
}

QVariant UserTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const query::UserRecord &u = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(u, column);
    case RawRole:
        if (column == AdminColumn)
            return u.admin;
        if (column == TerminalsColumn)
            return u.terminals.join(QStringLiteral(", "));
        if (isFlagColumn(column))
            return flagOf(u, column);
        return displayData(u, column);
    case Qt::ToolTipRole:
        return column == TerminalsColumn ? QVariant(u.terminals.join(QStringLiteral(", "))) : QVariant();
    case Qt::AccessibleTextRole:
        if (isFlagColumn(column))
            return DisplayText::yesNo(flagOf(u, column));
        return displayData(u, column);
    case Qt::TextAlignmentRole:
        if (column == EnrollIdColumn || column == FingerprintsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (isFlagColumn(column) && column != EnabledColumn)
            return QVariant(Qt::AlignCenter);
        return {};
    default:
        return {};
    }
}

QVariant UserTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EnrollIdColumn:
        return tr("Enroll ID");
    case NameColumn:
        return tr("Name");
    case AdminColumn:
        return tr("Role");
    case EnabledColumn:
        return tr("Enabled");
    case FingerprintsColumn:
        return tr("Fingerprints");
    case CardColumn:
        return tr("Card");
    case PasswordColumn:
        return tr("Password");
    case FaceColumn:
        return tr("Face");
    case PalmColumn:
        return tr("Palm");
    case PhotoColumn:
        return tr("Photo");
    case TerminalsColumn:
        return tr("On terminals");
    default:
        return {};
    }
}

void UserTableModel::setUsers(QList<query::UserRecord> users)
{
    std::sort(users.begin(), users.end(),
              [](const query::UserRecord &a, const query::UserRecord &b) { return a.enrollId < b.enrollId; });
    struct Hooks
    {
        UserTableModel *m;
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
        m_rows, users, [](const query::UserRecord &u) { return u.enrollId; }, Hooks{this});
}

void UserTableModel::setTerminalNames(QHash<QString, QString> names)
{
    if (names == m_terminalNames)
        return;
    m_terminalNames = std::move(names);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, TerminalsColumn), index(rowCount() - 1, TerminalsColumn), {Qt::DisplayRole});
}

void UserTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace termdesk::ui
