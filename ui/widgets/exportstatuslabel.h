// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/exportplan.h"

#include <QLabel>

namespace termdesk::ui {

/// @brief The status bar's scheduled-export field: the last run, its result and the next run
/// ("Export 14:00: 12 punches · next 15:00"), the file or the error in its tooltip. Hidden while
/// the schedule is off and nothing ran.
class ExportStatusLabel final : public QLabel
{
    Q_OBJECT
public:
    explicit ExportStatusLabel(QWidget *parent = nullptr);

    void setStatus(const ExportStatus &status);
    /// The text of a run that ended, for the events list.
    static QString eventText(const ExportStatus &status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    ExportStatus m_status;
};

} // namespace termdesk::ui
