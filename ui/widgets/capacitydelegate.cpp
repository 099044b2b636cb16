// SPDX-License-Identifier: GPL-3.0-or-later
#include "capacitydelegate.h"

#include "models/terminaltablemodel.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>

namespace termdesk::ui {

QColor CapacityDelegate::barColor(double fraction, const QPalette &palette)
{
    if (fraction >= ALARM)
        return QColor(0xd3, 0x3b, 0x3b);
    if (fraction >= WARNING)
        return QColor(0xe8, 0xa3, 0x1c);
    QColor c = palette.color(QPalette::Highlight);
    c.setAlpha(150);
    return c;
}

void CapacityDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant usedValue = index.data(TerminalTableModel::CapacityUsedRole);
    const QVariant totalValue = index.data(TerminalTableModel::CapacityTotalRole);
    const qint64 total = totalValue.isValid() ? totalValue.toLongLong() : 0;
    if (total <= 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const qint64 used = usedValue.toLongLong();
    const double fraction = double(used) / double(total);

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background and selection

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF frame = QRectF(option.rect).adjusted(3, 3, -3, -3);
    painter->setPen(QPen(option.palette.color(QPalette::Mid), 1));
    painter->setBrush(option.palette.color(QPalette::Base));
    painter->drawRoundedRect(frame, 3, 3);
    if (fraction > 0) {
        QRectF fill = frame.adjusted(1, 1, -1, -1);
        fill.setWidth(fill.width() * std::min(1.0, fraction));
        painter->setPen(Qt::NoPen);
        painter->setBrush(barColor(fraction, option.palette));
        painter->drawRoundedRect(fill, 2, 2);
    }
    // "used / total" when the column is wide enough, else the percentage (the tooltip has both).
    const QLocale locale;
    QString text = locale.toString(used) + QStringLiteral(" / ") + locale.toString(total);
    if (option.fontMetrics.horizontalAdvance(text) > frame.width() - 6)
        text = locale.toString(int(fraction * 100.0)) + QStringLiteral(" %");
    painter->setPen(option.palette.color(QPalette::Text));
    painter->setFont(option.font);
    painter->drawText(frame, Qt::AlignCenter, option.fontMetrics.elidedText(text, Qt::ElideRight, int(frame.width())));
    painter->restore();
}

QSize CapacityDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), option.fontMetrics.horizontalAdvance(QStringLiteral("100 %")) + 16));
    return size;
}

} // namespace termdesk::ui
