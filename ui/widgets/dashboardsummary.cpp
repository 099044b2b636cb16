// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard's figures as text: the displays' accessible descriptions, the same in both
// implementations (dashboardcharts.cpp, dashboardfigures.cpp).
#include "dashboardcharts.h"

#include <QLocale>

namespace termdesk::ui {

QString DashboardCharts::summaryOfCounts(const QStringList &labels, const QList<qint64> &counts)
{
    const QLocale locale;
    QStringList parts;
    for (qsizetype i = 0; i < counts.size(); ++i)
        parts.append(tr("%1: %2").arg(labels.value(i), locale.toString(counts.at(i))));
    return parts.join(QStringLiteral(", "));
}

QString DashboardCharts::summaryOfFleet(const QList<FleetShare> &shares)
{
    const QLocale locale;
    QStringList parts;
    for (const FleetShare &share : shares)
        parts.append(tr("%1: %2").arg(share.label, locale.toString(share.count)));
    return parts.join(QStringLiteral(", "));
}

QStringList DashboardCharts::hourLabels()
{
    QStringList hours;
    for (int h = 0; h < 24; ++h)
        hours.append(QString::number(h));
    return hours;
}

} // namespace termdesk::ui
