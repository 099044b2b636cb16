// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <utility>

namespace termdesk::query {

/// @brief "One read at a time; refreshes asked meanwhile make one more read after it", for views
/// that re-read everything on each refresh (BackgroundReader queues every read it is given, and
/// reads queued behind each other would only repeat the same work).
///
///     void View::refresh() {
///         if (!m_latest.start()) return;            // a read is running: it will be followed
///         m_reader->run<T>(read, this, [this](T result, QString) {
///             apply(result);
///             if (m_latest.finish()) refresh();      // asked again meanwhile: read once more
///         });
///     }
class LatestRead
{
public:
    /// true: start the read now; false: one is running, and finish() will ask for another.
    bool start()
    {
        if (m_running) {
            m_again = true;
            return false;
        }
        m_running = true;
        return true;
    }
    /// Call once the read's result is applied. true: a refresh was asked meanwhile, read again.
    bool finish()
    {
        m_running = false;
        return std::exchange(m_again, false);
    }
    bool running() const { return m_running; }

private:
    bool m_running = false;
    bool m_again = false;
};

} // namespace termdesk::query
