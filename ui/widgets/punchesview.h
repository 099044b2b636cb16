// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dialogs/exportcontroller.h"
#include "query/punchquery.h"
#include "query/terminalquery.h"

#include <QDateTime>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QTableView;
class QTimer;

namespace termdesk {
class ClockTimer;
}

namespace termdesk::query {
class PunchReads;
}

namespace termdesk::ui {

class EngineBridge;
class PunchTableModel;

/// @brief The punches view: the live feed, newest on top, over the history in the database; filters by
/// period, terminal and user (each change re-queries); CSV export of what the filter selects. While the
/// table is scrolled to the top it follows new punches; scrolled down, it holds still and offers a
/// button back to the newest.
class PunchesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PunchesView)
public:
    enum Period { AllTime, Today, Yesterday, Last7Days, Last30Days, CustomRange };
    Q_ENUM(Period)

    PunchesView(EngineBridge *engine, query::PunchReads *reads, QWidget *parent = nullptr);
    ~PunchesView() override;

    PunchTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    ExportController *exportController() const { return m_export; }
    /// Test seam: where the export writes, instead of asking with a file dialog.
    void setExportPathProvider(ExportController::PathProvider provider);

    query::PunchFilter currentFilter() const;
    /// The terminals offered in the terminal filter (and the names shown in the terminal column).
    void setTerminals(const QList<query::TerminalRecord> &terminals);
    bool isFollowing() const;
    int unseenCount() const { return m_unseen; }

    void exportPunches();
    void jumpToNewest();

    /// At local midnight a relative period (Today, Last 7 days, ...) moves on by a day: the view arms a
    /// timer on the engine's clock (EngineBridge::clock()), which is also where "now" is read.
    void onDayChanged();
    bool isDayTimerActive() const;
    /// Local date and time on the engine's clock.
    QDateTime now() const;

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

Q_SIGNALS:
    void statusMessage(const QString &text);
    void exportFinished(const QString &file, qint64 rows);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void applyFilter();
    void onPeriodChanged();
    void onLiveInserted(int count);
    void updateCount();
    void updateNewButton();

    EngineBridge *m_engine;
    query::PunchReads *m_reads;
    PunchTableModel *m_model;
    ExportController *m_export;
    QLabel *m_periodLabel;
    QComboBox *m_period;
    QDateEdit *m_from;
    QLabel *m_toLabel;
    QDateEdit *m_to;
    QLabel *m_terminalLabel;
    QComboBox *m_terminal;
    QLabel *m_userLabel;
    QLineEdit *m_user;
    QPushButton *m_exportButton;
    QPushButton *m_newButton;
    QLabel *m_count;
    QTableView *m_table;
    QTimer *m_userDebounce;
    ClockTimer *m_dayTimer;
    int m_anchor = -1; // scroll position before a live insert; -1 = none pending
    int m_unseen = 0;
};

} // namespace termdesk::ui
