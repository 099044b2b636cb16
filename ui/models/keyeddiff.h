// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSet>

namespace termdesk::ui {

/// @brief Brings @p rows (sorted by key, unique keys) to @p incoming (same order) with the fewest model
/// signals: removed keys go in contiguous runs (from the end, so indexes stay valid), new keys are inserted
/// in contiguous runs, and rows whose value changed are reported as contiguous ranges. Never a reset, so
/// the view keeps its selection and scroll position (a reset would lose both).
///
/// @p hooks provides beginRemove(first, last), endRemove(), beginInsert(first, last), endInsert() and
/// changed(first, last): the model's protected begin/end calls wrapped in lambdas.
/// @return true when anything changed.
template <typename T, typename KeyOf, typename Hooks>
bool applyKeyedDiff(QList<T> &rows, const QList<T> &incoming, KeyOf keyOf, Hooks &&hooks)
{
    using Key = decltype(keyOf(incoming.front()));
    bool any = false;
    QSet<Key> incomingKeys;
    incomingKeys.reserve(incoming.size());
    for (const T &row : incoming)
        incomingKeys.insert(keyOf(row));

    for (qsizetype i = rows.size() - 1; i >= 0; --i) {
        if (incomingKeys.contains(keyOf(rows.at(i))))
            continue;
        const qsizetype last = i;
        while (i > 0 && !incomingKeys.contains(keyOf(rows.at(i - 1))))
            --i;
        any = true;
        hooks.beginRemove(static_cast<int>(i), static_cast<int>(last));
        rows.remove(i, last - i + 1);
        hooks.endRemove();
    }

    // rows is now an ordered subsequence of incoming.
    qsizetype r = 0;
    for (qsizetype n = 0; n < incoming.size();) {
        if (r < rows.size() && keyOf(rows.at(r)) == keyOf(incoming.at(n))) {
            ++r;
            ++n;
            continue;
        }
        qsizetype k = n;
        while (k < incoming.size() && !(r < rows.size() && keyOf(rows.at(r)) == keyOf(incoming.at(k))))
            ++k;
        any = true;
        hooks.beginInsert(static_cast<int>(r), static_cast<int>(r + (k - n) - 1));
        rows.insert(r, k - n, T{});
        for (qsizetype j = n; j < k; ++j)
            rows[r + (j - n)] = incoming.at(j);
        hooks.endInsert();
        r += k - n;
        n = k;
    }

    qsizetype runStart = -1;
    for (qsizetype i = 0; i <= rows.size(); ++i) {
        const bool dirty = i < rows.size() && !(rows.at(i) == incoming.at(i));
        if (dirty) {
            any = true;
            rows[i] = incoming.at(i);
            if (runStart < 0)
                runStart = i;
        } else if (runStart >= 0) {
            hooks.changed(static_cast<int>(runStart), static_cast<int>(i - 1));
            runStart = -1;
        }
    }
    return any;
}

} // namespace termdesk::ui
