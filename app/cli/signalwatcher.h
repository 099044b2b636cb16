// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace termdesk::cli {

/// @brief Turns SIGINT/SIGTERM (Unix) or Ctrl+C / console close (Windows) into a queued
/// signal in the main thread, so shutdown runs as ordinary code: stop accepting, flush,
/// close the database.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void shutdownRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace termdesk::cli
