// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvuserfilterdevice.h"

#include "service/csvexporter.h"
#include "util/csvcell.h"

#include <QList>

namespace termdesk::query {
namespace {

/// Splits one CSV record (without its line end) into unquoted UTF-8 fields.
QList<QByteArray> splitRecord(QByteArrayView record)
{
    QList<QByteArray> fields;
    QByteArray field;
    bool quoted = false;
    for (qsizetype i = 0; i < record.size(); ++i) {
        const char c = record[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < record.size() && record[i + 1] == '"') {
                    field.append('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field.append(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.append(std::exchange(field, {}));
        } else {
            field.append(c);
        }
    }
    fields.append(field);
    return fields;
}

} // namespace

CsvUserFilterDevice::CsvUserFilterDevice(QIODevice *target, UserMatcher matcher, QObject *parent)
    : QIODevice(parent), m_target(target), m_matcher(std::move(matcher))
{
}

qint64 CsvUserFilterDevice::readData(char *, qint64)
{
    return -1;
}

qint64 CsvUserFilterDevice::writeData(const char *data, qint64 size)
{
    m_pending.append(data, size);
    QByteArray out;
    qsizetype recordStart = 0;
    for (qsizetype i = m_scanned; i < m_pending.size(); ++i) {
        const char c = m_pending.at(i);
        if (c == '"') {
            m_inQuotes = !m_inQuotes; // a doubled quote toggles twice: still right
        } else if (c == '\n' && !m_inQuotes) {
            const QByteArrayView record(m_pending.constData() + recordStart, i + 1 - recordStart);
            if (!handleRecord(record, out))
                return -1;
            recordStart = i + 1;
        }
    }
    m_pending.remove(0, recordStart);
    m_scanned = m_pending.size();
    if (!out.isEmpty() && m_target->write(out) != out.size()) {
        setErrorString(m_target->errorString());
        return -1;
    }
    return size;
}

bool CsvUserFilterDevice::handleRecord(QByteArrayView record, QByteArray &out)
{
    QByteArrayView body = record;
    while (body.endsWith('\n') || body.endsWith('\r'))
        body.chop(1);
    if (m_header) {
        m_header = false;
        QByteArrayView names = body;
        if (names.startsWith("\xEF\xBB\xBF"))
            names = names.sliced(3);
        const QList<QByteArray> columns = splitRecord(names);
        m_enrollColumn = static_cast<int>(columns.indexOf("enroll_id"));
        m_userColumn = static_cast<int>(columns.indexOf("user_name"));
        if (m_enrollColumn < 0 || m_userColumn < 0) {
            setErrorString(QStringLiteral("the CSV header has no enroll_id or user_name column"));
            return false;
        }
        out.append(record);
        return true;
    }
    const QList<QByteArray> fields = splitRecord(body);
    if (fields.size() <= std::max(m_enrollColumn, m_userColumn))
        return true;
    bool ok = false;
    const qint64 enrollId = fields.at(m_enrollColumn).toLongLong(&ok);
    // The name as the view shows it: without the ' the exporter put in front of a formula.
    const QString name = QString::fromUtf8(fields.at(m_userColumn));
    if (m_matcher.matches(ok ? enrollId : -1, csv::withoutFormulaGuard(name))) {
        out.append(record);
        ++m_kept;
    }
    return true;
}

} // namespace termdesk::query
