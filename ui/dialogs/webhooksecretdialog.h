// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

namespace termdesk::ui {

/// @brief A new endpoint's signing secret, shown this once (the store keeps it, the console never
/// reads it again): the text to copy, a Copy button, and a plain warning.
class WebhookSecretDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookSecretDialog)
public:
    WebhookSecretDialog(qint64 endpointId, const QByteArray &secret, QWidget *parent = nullptr);
    ~WebhookSecretDialog() override;
};

} // namespace termdesk::ui
