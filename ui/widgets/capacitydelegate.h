// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace termdesk::ui {

/// @brief Draws a capacity cell (CapacityUsedRole / CapacityTotalRole) as a bar with "used / total" on
/// it: the palette's highlight below 80 %, amber from 80 %, red from 95 %. Cells without a known total
/// are drawn as plain text.
class CapacityDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CapacityDelegate)
public:
    static constexpr double WARNING = 0.80;
    static constexpr double ALARM = 0.95;

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The bar colour for a fill level (public for the dashboard's warning list and the tests).
    static QColor barColor(double fraction, const QPalette &palette);
};

} // namespace termdesk::ui
