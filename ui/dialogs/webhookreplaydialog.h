// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace termdesk::ui {

/// @brief Asks from which punch an endpoint's punches are sent again: a punch_id, 0 for all (`termdesk
/// webhook replay ID --after CURSOR`). OK is enabled only for a whole number >= 0.
class WebhookReplayDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookReplayDialog)
public:
    WebhookReplayDialog(qint64 endpointId, qint64 currentCursor, QWidget *parent = nullptr);
    ~WebhookReplayDialog() override;

    /// The cursor typed; -1 while it is not a whole number >= 0.
    qint64 cursor() const;

private:
    QLineEdit *m_cursor;
    QPushButton *m_ok;
};

} // namespace termdesk::ui
