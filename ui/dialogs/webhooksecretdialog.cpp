// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhooksecretdialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace termdesk::ui {

WebhookSecretDialog::WebhookSecretDialog(qint64 endpointId, const QByteArray &secret, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("webhookSecretDialog"));
    setWindowTitle(tr("Webhook endpoint %1 added").arg(endpointId));
    auto *intro = new QLabel(tr("Give this signing secret to the receiver: it checks every request's signature "
                                "with it (docs/integration.md, \"Webhooks\")."),
                             this);
    intro->setWordWrap(true);
    auto *field = new QLineEdit(QString::fromLatin1(secret), this);
    field->setObjectName(QStringLiteral("webhookSecret"));
    field->setReadOnly(true);
    field->setMinimumWidth(440);
    auto *copy = new QPushButton(tr("&Copy"), this);
    copy->setObjectName(QStringLiteral("webhookSecretCopy"));
    connect(copy, &QPushButton::clicked, this, [field, copy] {
        QGuiApplication::clipboard()->setText(field->text());
        copy->setText(tr("Copied"));
    });
    auto *warning = new QLabel(tr("It is not shown again. If it is lost, make a new one with "
                                  "'termdesk webhook rotate-secret %1'.")
                                   .arg(endpointId),
                               this);
    warning->setObjectName(QStringLiteral("webhookSecretWarning"));
    warning->setWordWrap(true);
    warning->setStyleSheet(QStringLiteral("QLabel { font-weight: bold; }"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("webhookSecretClose"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    auto *row = new QHBoxLayout;
    row->addWidget(field, 1);
    row->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(row);
    layout->addWidget(warning);
    layout->addWidget(buttons);
}

WebhookSecretDialog::~WebhookSecretDialog() = default;

} // namespace termdesk::ui
