// SPDX-License-Identifier: GPL-3.0-or-later
#include "pushtargetsdialog.h"

#include "models/displaytext.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace termdesk::ui {

PushTargetsDialog::PushTargetsDialog(const QList<storage::TerminalRow> &terminals, int users, QWidget *parent)
    : QDialog(parent), m_text(new QLabel(this)), m_list(new QListWidget(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("pushTargetsDialog"));
    setWindowTitle(tr("Push users"));
    m_text->setText(tr("Push %n user(s) to these terminals (each terminal is checked for room and fingerprint "
                       "algorithm first; a terminal that is offline gets them when it comes back):",
                       nullptr, users));
    m_text->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("pushTargets"));
    m_list->setAccessibleName(tr("Terminals to push to"));
    for (const storage::TerminalRow &t : terminals) {
        if (fromName<Admission>(t.admission) == Admission::Blocked) // unknown text: offered, as pending is
            continue;
        auto *item =
            new QListWidgetItem(tr("%1 — %2").arg(t.name.isEmpty() ? t.sn : QStringLiteral("%1 (%2)").arg(t.name, t.sn),
                                                  DisplayText::protocol(t.protocol)),
                                m_list);
        item->setData(Qt::UserRole, t.sn);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("pushTargetsOk"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Push"));
    connect(m_list, &QListWidget::itemChanged, this, &PushTargetsDialog::updateOk);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_buttons);
    updateOk();
}

PushTargetsDialog::~PushTargetsDialog() = default;

QStringList PushTargetsDialog::checkedSerials() const
{
    QStringList serials;
    for (int row = 0; row < m_list->count(); ++row) {
        const QListWidgetItem *item = m_list->item(row);
        if (item->checkState() == Qt::Checked)
            serials.append(item->data(Qt::UserRole).toString());
    }
    return serials;
}

void PushTargetsDialog::setChecked(const QString &sn, bool checked)
{
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        if (item->data(Qt::UserRole).toString() == sn)
            item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    }
}

void PushTargetsDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!checkedSerials().isEmpty());
}

} // namespace termdesk::ui
