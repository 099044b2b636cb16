// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookreplaydialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace termdesk::ui {

WebhookReplayDialog::WebhookReplayDialog(qint64 endpointId, qint64 currentCursor, QWidget *parent)
    : QDialog(parent), m_cursor(new QLineEdit(this))
{
    setObjectName(QStringLiteral("webhookReplayDialog"));
    setWindowTitle(tr("Replay webhook endpoint %1").arg(endpointId));
    auto *intro = new QLabel(tr("Every punch after this punch ID is sent again, with the same webhook IDs as the "
                                "first time (receivers drop the duplicates). 0 sends them all. The cursor is now %1.")
                                 .arg(currentCursor),
                             this);
    intro->setWordWrap(true);
    m_cursor->setObjectName(QStringLiteral("webhookReplayCursor"));
    // 18 digits: every punch id, and never more than a qint64 holds.
    m_cursor->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,18}")), m_cursor));
    m_cursor->setPlaceholderText(tr("punch ID, 0 for all"));
    auto *form = new QFormLayout;
    form->addRow(tr("Send the punches &after:"), m_cursor);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("webhookReplayOk"));
    m_ok->setText(tr("Replay"));
    m_ok->setEnabled(false);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("webhookReplayCancel"));
    connect(m_cursor, &QLineEdit::textChanged, this, [this] { m_ok->setEnabled(cursor() >= 0); });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (cursor() >= 0)
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

WebhookReplayDialog::~WebhookReplayDialog() = default;

qint64 WebhookReplayDialog::cursor() const
{
    if (!m_cursor->hasAcceptableInput())
        return -1;
    bool ok = false;
    const qint64 value = m_cursor->text().toLongLong(&ok);
    return ok && value >= 0 ? value : -1;
}

} // namespace termdesk::ui
