// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/database.h"

#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <QThread>

#include <functional>

namespace termdesk::query {

/// @brief Runs read queries on a thread of its own, with its own read-only connection, and hands the
/// results back to the caller's thread: a view whose query grows with the fleet (10 000 terminals: a
/// 50–80 ms read) then never stalls the GUI; the GUI thread only applies the result. Opened read-write
/// (the second constructor) it runs the console's operator writes the same way (OperatorWriter).
class BackgroundReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackgroundReader)
public:
    explicit BackgroundReader(const QString &databaseFile, QObject *parent = nullptr);
    /// @p options: how the thread's connection is opened (readOnly false: a writing connection);
    /// @p threadName names the thread (for debuggers and `top -H`).
    BackgroundReader(const QString &databaseFile, const storage::OpenOptions &options, const QString &threadName,
                     QObject *parent = nullptr);
    ~BackgroundReader() override; ///< waits for a read in progress

    /// The thread the reads run in.
    const QThread *readerThread() const { return &m_thread; }

    /// Runs @p read on the reader thread; then @p done(result, error) in @p context's thread, unless
    /// @p context is gone by then. Reads run one after the other, in the order asked.
    template <class T>
    void run(std::function<T(const QSqlDatabase &, QString *)> read, QObject *context,
             std::function<void(T, QString)> done)
    {
        post([read = std::move(read), ctx = QPointer<QObject>(context),
              done = std::move(done)](const QSqlDatabase &db, const QString &openError) mutable {
            QString error = openError;
            T result{};
            if (error.isEmpty())
                result = read(db, &error);
            if (!ctx)
                return;
            QMetaObject::invokeMethod(
                ctx.data(),
                [done = std::move(done), result = std::move(result), error]() mutable {
                    done(std::move(result), error);
                },
                Qt::QueuedConnection);
        });
    }

private:
    using Task = std::function<void(const QSqlDatabase &, const QString &)>;
    void post(Task task);

    QThread m_thread;
    QObject *m_worker; ///< lives in m_thread; deleted there when the thread ends
    QString m_file;
    storage::OpenOptions m_options;
    QString m_connection;
    QString m_openError;
    bool m_opened = false; ///< touched only in m_thread
};

} // namespace termdesk::query
