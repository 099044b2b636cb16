// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportstatuslabel.h"

#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QLocale>

namespace termdesk::ui {
namespace {

QString timeText(qint64 ms)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(ms);
    const QLocale locale;
    return when.date() == QDate::currentDate() ? locale.toString(when.time(), QLocale::ShortFormat)
                                               : locale.toString(when, QLocale::ShortFormat);
}

} // namespace

ExportStatusLabel::ExportStatusLabel(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("statusExport"));
    refresh();
}

void ExportStatusLabel::setStatus(const ExportStatus &status)
{
    m_status = status;
    refresh();
}

QString ExportStatusLabel::eventText(const ExportStatus &status)
{
    if (!status.lastError.isEmpty())
        return tr("Scheduled export failed: %1. Nothing was exported; the next run catches up.").arg(status.lastError);
    return tr("Scheduled export: %Ln punch(es) to %1", nullptr, static_cast<int>(status.lastRows))
        .arg(QDir::toNativeSeparators(status.lastFile));
}

void ExportStatusLabel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QLabel::changeEvent(event);
}

void ExportStatusLabel::refresh()
{
    setAccessibleName(tr("Scheduled export"));
    setVisible(m_status.nextRunMs >= 0 || m_status.lastRunMs > 0);
    QString last;
    if (m_status.running)
        last = tr("Exporting…");
    else if (m_status.lastRunMs <= 0)
        last = tr("Export: none yet");
    else if (!m_status.lastError.isEmpty())
        last = tr("Export %1 failed").arg(timeText(m_status.lastRunMs));
    else
        last = tr("Export %1: %Ln punch(es)", nullptr, static_cast<int>(m_status.lastRows))
                   .arg(timeText(m_status.lastRunMs));
    const QString next = m_status.nextRunMs >= 0 ? tr("next %1").arg(timeText(m_status.nextRunMs)) : tr("off");
    setText(last + QStringLiteral(" \u00b7 ") + next);
    setToolTip(m_status.lastRunMs <= 0 ? QString() : eventText(m_status));
}

} // namespace termdesk::ui
