// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhookadddialog.h"

#include "webhook/webhookstore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace termdesk::ui {

WebhookAddDialog::WebhookAddDialog(QWidget *parent)
    : QDialog(parent), m_url(new QLineEdit(this)), m_batch(new QSpinBox(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("webhookAddDialog"));
    setWindowTitle(tr("Add a webhook endpoint"));
    m_url->setObjectName(QStringLiteral("webhookAddUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://example.com/termdesk"));
    m_url->setMaxLength(4096); // longer than the store takes: validate() says so in words
    m_url->setMinimumWidth(420);
    auto *events = new QVBoxLayout;
    for (const QString &type : webhook::WebhookStore::eventTypes()) {
        auto *box = new QCheckBox(type, this);
        box->setObjectName(QStringLiteral("webhookAddEvent_") + type);
        box->setChecked(type == QLatin1String("punch.created"));
        events->addWidget(box);
        m_events.append(box);
    }
    m_batch->setObjectName(QStringLiteral("webhookAddBatch"));
    m_batch->setRange(1, webhook::WebhookStore::MAX_BATCH);
    m_batch->setValue(1);
    m_batch->setToolTip(tr("Up to this many punches per request (a punch.batch); 1 sends each punch alone."));
    m_error->setObjectName(QStringLiteral("webhookAddError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; }"));
    m_error->hide();

    auto *note = new QLabel(tr("The endpoint receives what is stored from now on (replay sends older punches). Its "
                               "signing secret is shown once, after OK."),
                            this);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("Events:"), events);
    form->addRow(tr("&Batch:"), m_batch);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("webhookAddOk"));
    m_ok->setText(tr("Add"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("webhookAddCancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &WebhookAddDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

WebhookAddDialog::~WebhookAddDialog() = default;

QString WebhookAddDialog::url() const
{
    return m_url->text().trimmed();
}

QStringList WebhookAddDialog::events() const
{
    QStringList out;
    for (const QCheckBox *box : m_events) {
        if (box->isChecked())
            out.append(box->text());
    }
    return out;
}

int WebhookAddDialog::batch() const
{
    return m_batch->value();
}

void WebhookAddDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    m_ok->setEnabled(true);
}

void WebhookAddDialog::submit()
{
    const QString why = webhook::WebhookStore::validate(url(), events(), batch());
    if (!why.isEmpty()) {
        showError(why);
        return;
    }
    showError(QString());
    m_ok->setEnabled(false); // until the caller answers
    Q_EMIT submitted(url(), events(), batch());
}

} // namespace termdesk::ui
