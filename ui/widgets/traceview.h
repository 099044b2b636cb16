// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/traceentry.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace termdesk::ui {

class EngineBridge;
class TraceFilterModel;
class TraceModel;

/// @brief The live protocol trace: every message to and from the terminals (time, terminal, protocol,
/// direction, command, size, content with biometric data redacted), the last 20 000, filterable by terminal
/// and text, with pause, clear and "Copy selected" (plain text lines for a bug report). The engine traces
/// only while this view is shown.
class TraceView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TraceView)
public:
    explicit TraceView(EngineBridge *engine, QWidget *parent = nullptr);
    ~TraceView() override;

    TraceModel *model() const { return m_model; }
    TraceFilterModel *filterModel() const { return m_filter; }
    QAction *pauseAction() const { return m_pause; }
    QAction *clearAction() const { return m_clear; }
    QAction *copyAction() const { return m_copy; }
    /// True while the engine is asked to trace (the view is shown).
    bool isTracing() const { return m_tracing; }
    /// Entries received while paused, shown on resume.
    int heldCount() const { return static_cast<int>(m_held.size()); }
    /// Copies the selected rows (all shown rows when none is selected) to the clipboard; returns the text.
    QString copySelected();
    /// Adds entries as the engine sends them (held while paused).
    void addEntries(const QList<TraceEntry> &entries);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslateUi();
    void setTracing(bool on);
    void setPaused(bool paused);
    void updateCount();

    QPointer<EngineBridge> m_engine; ///< may go first when the window is destroyed
    TraceModel *m_model;
    TraceFilterModel *m_filter;
    QComboBox *m_terminal;
    QLineEdit *m_search;
    QLabel *m_count;
    QTableView *m_table;
    QAction *m_pause;
    QAction *m_clear;
    QAction *m_copy;
    QList<TraceEntry> m_held; ///< received while paused (bounded by the model's capacity)
    bool m_tracing = false;
    bool m_followBottom = true;
};

} // namespace termdesk::ui
