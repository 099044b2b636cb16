// SPDX-License-Identifier: GPL-3.0-or-later
#include "displaytext.h"

#include "service/csvexporter.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace termdesk::ui {

QString DisplayText::terminalStatus(TerminalStatus status)
{
    switch (status) {
    case TerminalStatus::Online:
        return tr("Online");
    case TerminalStatus::Sleeping:
        return tr("Sleeping");
    case TerminalStatus::Offline:
        return tr("Offline");
    case TerminalStatus::Pending:
        return tr("Pending approval");
    case TerminalStatus::Blocked:
        return tr("Blocked");
    }
    return {};
}

QString DisplayText::protocol(const QString &protocolCode)
{
    if (protocolCode == QLatin1String("ws"))
        return tr("WebSocket");
    if (protocolCode == QLatin1String("tcp"))
        return tr("TCP");
    return protocolCode;
}

QString DisplayText::capacity(query::CapacityKind kind)
{
    switch (kind) {
    case query::CapacityKind::Users:
        return tr("Users");
    case query::CapacityKind::Fingerprints:
        return tr("Fingerprints");
    case query::CapacityKind::Faces:
        return tr("Faces");
    case query::CapacityKind::Cards:
        return tr("Cards");
    case query::CapacityKind::Passwords:
        return tr("Passwords");
    case query::CapacityKind::Logs:
        return tr("Logs");
    case query::CapacityKind::NewLogs:
        return tr("New logs");
    case query::CapacityKind::Palms:
        return tr("Palms");
    case query::CapacityKind::Count:
        break;
    }
    return {};
}

QString DisplayText::verifyMode(int mode)
{
    // The same codes as the CSV export's verify_mode_name (docs/csv-export.md), translated.
    const QString key = service::CsvExporter::verifyModeName(mode);
    if (key == QLatin1String("fingerprint"))
        return tr("Fingerprint");
    if (key == QLatin1String("password"))
        return tr("Password");
    if (key == QLatin1String("card"))
        return tr("Card");
    if (key == QLatin1String("face"))
        return tr("Face");
    if (key == QLatin1String("qr"))
        return tr("QR code");
    if (key == QLatin1String("palm"))
        return tr("Palm");
    return tr("Other (%1)").arg(mode);
}

QString DisplayText::inOut(int inOut)
{
    // 0 = verified on the main unit (normally "in"), 1 = on the secondary reader (normally "out").
    switch (inOut) {
    case 0:
        return tr("In");
    case 1:
        return tr("Out");
    default:
        return QString::number(inOut);
    }
}

QString DisplayText::event(int event)
{
    // 0 normal; 1-16 a status the person chose with F1-F4, whose meaning the site defines.
    return event == 0 ? tr("Normal") : tr("Status %1").arg(event);
}

QString DisplayText::adminLevel(int admin)
{
    switch (admin) {
    case 0:
        return tr("User");
    case 1:
        return tr("Administrator");
    case 2:
        return tr("Enroller");
    default:
        return QString::number(admin);
    }
}

QString DisplayText::yesNo(bool value)
{
    return value ? tr("Yes") : tr("No");
}

QString DisplayText::clockDrift(std::optional<qint64> seconds)
{
    if (!seconds)
        return {};
    const qint64 s = *seconds;
    const qint64 a = std::abs(s);
    const QString sign = s < 0 ? QStringLiteral("\u2212") : QStringLiteral("+");
    if (a < 60)
        return sign + tr("%1 s").arg(a);
    if (a < 3600)
        return sign + tr("%1 min %2 s").arg(a / 60).arg(a % 60);
    if (a < 86400)
        return sign + tr("%1 h %2 min").arg(a / 3600).arg(a % 3600 / 60);
    return sign + tr("%1 d %2 h").arg(a / 86400).arg(a % 86400 / 3600);
}

QString DisplayText::temperature(double celsius)
{
    return tr("%1 °C").arg(QLocale().toString(celsius, 'f', 1));
}

QString DisplayText::timestamp(qint64 utcMs)
{
    if (utcMs <= 0)
        return QStringLiteral("\u2014");
    return QDateTime::fromMSecsSinceEpoch(utcMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString DisplayText::shortTimestamp(qint64 utcMs)
{
    if (utcMs <= 0)
        return QStringLiteral("\u2014");
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(utcMs);
    return t.date() == QDate::currentDate() ? t.toString(QStringLiteral("HH:mm:ss"))
                                            : t.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString DisplayText::capacityUsage(const query::Capacity &capacity)
{
    if (!capacity.total || *capacity.total <= 0)
        return QStringLiteral("\u2014");
    const QLocale locale;
    const qint64 used = capacity.used.value_or(0);
    const auto fraction = capacity.fraction().value_or(0.0);
    return tr("%1 of %2 (%3 %)")
        .arg(locale.toString(used), locale.toString(*capacity.total))
        .arg(static_cast<int>(std::floor(fraction * 100.0)));
}

} // namespace termdesk::ui
