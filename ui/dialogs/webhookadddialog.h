// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QList>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace termdesk::ui {

/// @brief A new webhook endpoint: its URL, the events it receives (one check box per event the server
/// sends) and how many punches per request. OK checks the input with webhook::WebhookStore::validate
/// (the words of `termdesk webhook add`) and, when it is good, emits submitted(); the dialog stays open
/// until the caller says the endpoint was added (accept()) or why not (showError()).
class WebhookAddDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookAddDialog)
public:
    explicit WebhookAddDialog(QWidget *parent = nullptr);
    ~WebhookAddDialog() override;

    QString url() const;
    QStringList events() const;
    int batch() const;
    /// Shows @p text under the fields and lets the operator try again.
    void showError(const QString &text);

Q_SIGNALS:
    void submitted(const QString &url, const QStringList &events, int batch);

private:
    void submit();

    QLineEdit *m_url;
    QList<QCheckBox *> m_events;
    QSpinBox *m_batch;
    QLabel *m_error;
    QPushButton *m_ok;
};

} // namespace termdesk::ui
