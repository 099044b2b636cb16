// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QTableView;

namespace termdesk::ui {

class EventLogModel;

/// @brief This session's events, newest on top: terminals coming and going, the operator's actions.
class EventsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventsView)
public:
    explicit EventsView(QWidget *parent = nullptr);
    ~EventsView() override;

    EventLogModel *model() const { return m_model; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    EventLogModel *m_model;
    QTableView *m_table;
};

} // namespace termdesk::ui
