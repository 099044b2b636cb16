// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportcursor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace termdesk::service::exportcursor {

std::optional<qint64> parse(QStringView text)
{
    if (text.isEmpty() || text.size() > 19)
        return std::nullopt;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

std::optional<qint64> read(const QString &file, bool *missing, QString *error)
{
    const QString shown = QDir::toNativeSeparators(file);
    const QFileInfo info(file);
    *missing = !info.exists();
    if (*missing)
        return 0;
    QFile f(file);
    if (info.isDir() || !f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the state file %1: %2")
                     .arg(shown, info.isDir() ? QStringLiteral("is a directory") : f.errorString());
        return std::nullopt;
    }
    constexpr qint64 MAX_STATE_BYTES = 64;
    const QByteArray bytes = f.read(MAX_STATE_BYTES + 1);
    const QString text = QString::fromUtf8(bytes).trimmed();
    const std::optional<qint64> cursor = bytes.size() > MAX_STATE_BYTES ? std::nullopt : parse(text);
    if (!cursor)
        *error = QStringLiteral("the state file %1 holds no cursor ('%2'; expected a punch_id, 0 or more); "
                                "fix or delete it (deleting it exports every punch again)")
                     .arg(shown, text.left(20));
    return cursor;
}

bool write(const QString &file, qint64 cursor, QString *error)
{
    QSaveFile f(file);
    const QByteArray text = QByteArray::number(cursor) + '\n';
    if (f.open(QIODevice::WriteOnly) && f.write(text) == text.size() && f.commit())
        return true;
    *error = QStringLiteral("cannot write the state file %1: %2; the CSV is complete, and the next run "
                            "exports its punches again (punch_id tells them apart)")
                 .arg(QDir::toNativeSeparators(file), f.errorString());
    return false;
}

} // namespace termdesk::service::exportcursor
