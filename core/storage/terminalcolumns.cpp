// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalcolumns.h"

#include "jobcontext.h"
#include "model/terminaltext.h"

#include <optional>

namespace termdesk::storage {
namespace {

struct TextColumn
{
    const char *name;
    QString TerminalInfo::*field;
    TerminalInfoPart part;
};

struct CountColumn
{
    const char *name;
    std::optional<qint64> TerminalInfo::*field;
};

constexpr TextColumn TEXT_COLUMNS[] = {
    {"model", &TerminalInfo::model, InfoIdentity},        {"firmware", &TerminalInfo::firmware, InfoIdentity},
    {"cpusn", &TerminalInfo::cpuSerial, InfoIdentity},    {"mac", &TerminalInfo::mac, InfoIdentity},
    {"fpalgo", &TerminalInfo::fpAlgorithm, InfoIdentity}, {"device_time", &TerminalInfo::deviceTime, InfoClock},
};

constexpr CountColumn COUNT_COLUMNS[] = {
    {"user_capacity", &TerminalInfo::userCapacity}, {"users_used", &TerminalInfo::usersUsed},
    {"fp_capacity", &TerminalInfo::fpCapacity},     {"fps_used", &TerminalInfo::fpsUsed},
    {"face_capacity", &TerminalInfo::faceCapacity}, {"faces_used", &TerminalInfo::facesUsed},
    {"palm_capacity", &TerminalInfo::palmCapacity}, {"palms_used", &TerminalInfo::palmsUsed},
    {"card_capacity", &TerminalInfo::cardCapacity}, {"cards_used", &TerminalInfo::cardsUsed},
    {"pwd_capacity", &TerminalInfo::pwdCapacity},   {"pwds_used", &TerminalInfo::pwdsUsed},
    {"log_capacity", &TerminalInfo::logCapacity},   {"logs_used", &TerminalInfo::logsUsed},
    {"new_logs", &TerminalInfo::newLogs},           {"battery_percent", &TerminalInfo::batteryPercent},
};

/// The whole devinfo object, kept as sent.
constexpr const char *RAW_JSON_COLUMN = "devinfo_json";

QString placeholder(const char *column)
{
    return u':' + QLatin1String(column);
}

void addAssignment(QString &out, const char *column)
{
    if (!out.isEmpty())
        out += QLatin1String(", ");
    out += QStringLiteral("%1 = COALESCE(:%1, %1)").arg(QLatin1String(column));
}

} // namespace

QString terminalInfoAssignments(int parts)
{
    QString out;
    for (const TextColumn &c : TEXT_COLUMNS) {
        if (parts & c.part)
            addAssignment(out, c.name);
    }
    if (parts & InfoCounts) {
        for (const CountColumn &c : COUNT_COLUMNS)
            addAssignment(out, c.name);
    }
    if (parts & InfoIdentity)
        addAssignment(out, RAW_JSON_COLUMN);
    return out;
}

void bindTerminalInfo(QSqlQuery &query, const TerminalInfo &info, int parts)
{
    for (const TextColumn &c : TEXT_COLUMNS) {
        if (parts & c.part)
            query.bindValue(placeholder(c.name), textOrNull(terminaltext::cleanedText(info.*c.field)));
    }
    if (parts & InfoCounts) {
        for (const CountColumn &c : COUNT_COLUMNS)
            query.bindValue(placeholder(c.name), intOrNull(info.*c.field));
    }
    // The whole object is JSON (its control characters escaped); one too long to keep is not stored.
    if (parts & InfoIdentity)
        query.bindValue(placeholder(RAW_JSON_COLUMN),
                        textOrNull(info.rawJson.size() > terminaltext::DEVINFO_JSON_MAX_BYTES
                                       ? QString()
                                       : QString::fromUtf8(info.rawJson)));
}

} // namespace termdesk::storage
