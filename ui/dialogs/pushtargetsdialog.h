// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/terminalstore.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QListWidget;

namespace termdesk::ui {

/// @brief Asks which terminals to push the selected users to: every known terminal (blocked ones left
/// out) as a checkable row with its name, serial and protocol; OK once at least one is ticked.
class PushTargetsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushTargetsDialog)
public:
    PushTargetsDialog(const QList<storage::TerminalRow> &terminals, int users, QWidget *parent = nullptr);
    ~PushTargetsDialog() override;

    QStringList checkedSerials() const;
    /// Ticks (or unticks) the row of @p sn; for tests and "select all".
    void setChecked(const QString &sn, bool checked);

private:
    void updateOk();

    QLabel *m_text;
    QListWidget *m_list;
    QDialogButtonBox *m_buttons;
};

} // namespace termdesk::ui
