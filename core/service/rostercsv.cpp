// SPDX-License-Identifier: GPL-3.0-or-later
#include "rostercsv.h"

#include "model/credentialkind.h"
#include "model/terminaltext.h"
#include "storage/database.h"
#include "util/clock.h"
#include "util/csvcell.h"

#include <QHash>
#include <QIODevice>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringDecoder>

namespace termdesk::service {
namespace {

constexpr qint64 MAX_ENROLL_ID = 4294967295LL; // the TCP protocol's u32; WebSocket ids fit too
constexpr int MAX_ADMIN = 255;

QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

std::optional<qint64> enrollIdOf(const QString &text)
{
    bool ok = false;
    const qint64 id = text.trimmed().toLongLong(&ok);
    if (!ok || id <= 0 || id > MAX_ENROLL_ID)
        return std::nullopt;
    return id;
}

enum class Flag { Absent, No, Yes, Bad };

/// "" → not given; 1/0, true/false, yes/no (any case) → the flag; anything else → bad.
Flag flagOf(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty())
        return Flag::Absent;
    if (t == QLatin1String("1") || t == QLatin1String("true") || t == QLatin1String("yes"))
        return Flag::Yes;
    if (t == QLatin1String("0") || t == QLatin1String("false") || t == QLatin1String("no"))
        return Flag::No;
    return Flag::Bad;
}

struct Existing
{
    QString name;
    int admin = 0;
    bool enabled = true;
};

} // namespace

QByteArray RosterCsv::exportHeader()
{
    return QByteArrayLiteral(
        "enroll_id,name,admin,enabled,fingerprints,has_password,has_card,faces,has_photo,terminals\r\n");
}

qint64 RosterCsv::exportTo(QSqlDatabase db, QIODevice &out, QString *error, bool rawText)
{
    // Counts and flags only: the credential data column is never selected.
    // The columns of each kind as credentialKind() classifies the slots (model/credentialkind.h).
    const auto count = [](CredentialKind k) {
        return QStringLiteral("(SELECT count(*) FROM credentials c WHERE c.enroll_id = u.enroll_id AND %1)")
            .arg(sqlCondition(k, QLatin1StringView("c.backup_num")));
    };
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT u.enroll_id, u.name, u.admin, u.enabled, %1, %2, %3, %4, %5,"
                               " (SELECT count(DISTINCT t.terminal_id) FROM terminal_users t WHERE t.enroll_id = "
                               "u.enroll_id) FROM users u ORDER BY u.enroll_id")
                    .arg(count(CredentialKind::Fingerprint), count(CredentialKind::Password),
                         count(CredentialKind::Card), count(CredentialKind::Face), count(CredentialKind::Photo)))) {
        *error = sqlError(q);
        return -1;
    }
    if (out.write(exportHeader()) < 0) {
        *error = out.errorString();
        return -1;
    }
    qint64 rows = 0;
    QByteArray line;
    while (q.next()) {
        line.clear();
        line.append(QByteArray::number(q.value(0).toLongLong())).append(',');
        csv::appendText(line, q.value(1).toString(), rawText ? csv::TextCells::Raw : csv::TextCells::Safe);
        line.append(',').append(QByteArray::number(q.value(2).toInt()));
        line.append(',').append(q.value(3).toInt() != 0 ? '1' : '0');
        line.append(',').append(QByteArray::number(q.value(4).toLongLong()));
        line.append(',').append(q.value(5).toLongLong() > 0 ? '1' : '0');
        line.append(',').append(q.value(6).toLongLong() > 0 ? '1' : '0');
        line.append(',').append(QByteArray::number(q.value(7).toLongLong()));
        line.append(',').append(q.value(8).toLongLong() > 0 ? '1' : '0');
        line.append(',').append(QByteArray::number(q.value(9).toLongLong()));
        line.append("\r\n");
        if (out.write(line) != line.size()) {
            *error = out.errorString();
            return -1;
        }
        ++rows;
    }
    if (q.lastError().isValid()) {
        *error = sqlError(q);
        return -1;
    }
    return rows;
}

std::optional<QList<CsvRecord>> RosterCsv::parse(const QByteArray &input, QString *error)
{
    QByteArray text = input;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    QList<CsvRecord> records;
    CsvRecord record;
    QByteArray field;
    int line = 1;
    int recordLine = 1;
    bool inQuotes = false;
    bool quotedField = false; // the current field was quoted and its closing quote seen
    bool any = false;         // the current record has content
    auto endField = [&] {
        // Each field as it is: QString::fromUtf8 would drop a U+FEFF that starts a field (found by
        // fuzz_rostercsv); the file's own byte order mark is taken off above.
        QStringDecoder utf8(QStringDecoder::Utf8,
                            QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
        record.fields.append(utf8.decode(field));
        field.clear();
        quotedField = false;
    };
    auto endRecord = [&] {
        endField();
        const bool blank = !any && record.fields.size() == 1 && record.fields.first().isEmpty();
        if (!blank) {
            record.line = recordLine;
            records.append(record);
        }
        record = CsvRecord();
        any = false;
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = text.at(i);
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < n && text.at(i + 1) == '"') {
                    field.append('"');
                    ++i;
                } else {
                    inQuotes = false;
                    quotedField = true;
                }
            } else {
                if (c == '\n')
                    ++line;
                field.append(c);
            }
            continue;
        }
        if (c == ',') {
            any = true;
            endField();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < n && text.at(i + 1) == '\n')
                ++i;
            endRecord();
            ++line;
            recordLine = line;
        } else if (c == '"') {
            if (!field.isEmpty() || quotedField) {
                *error = QStringLiteral("line %1: a quote inside an unquoted field").arg(line);
                return std::nullopt;
            }
            inQuotes = true;
            any = true;
        } else {
            if (quotedField) {
                *error = QStringLiteral("line %1: text after a closing quote").arg(line);
                return std::nullopt;
            }
            field.append(c);
            any = true;
        }
    }
    if (inQuotes) {
        *error = QStringLiteral("line %1: a quoted field is not closed").arg(recordLine);
        return std::nullopt;
    }
    if (any || !field.isEmpty())
        endRecord();
    return records;
}

RosterImportResult RosterCsv::import(QSqlDatabase db, const QByteArray &text)
{
    RosterImportResult r;
    std::optional<QList<CsvRecord>> records = parse(text, &r.error);
    if (!records)
        return r;
    if (records->isEmpty()) {
        r.error = QStringLiteral("the file is empty (a header enroll_id,name[,admin][,enabled] is required)");
        return r;
    }
    QHash<QString, int> column;
    const QStringList header = records->first().fields;
    for (int i = 0; i < header.size(); ++i) {
        const QString name = header.at(i).trimmed().toLower();
        if (!column.contains(name))
            column.insert(name, i);
    }
    if (!column.contains(QStringLiteral("enroll_id")) || !column.contains(QStringLiteral("name"))) {
        r.error = QStringLiteral("line %1: the header must name the columns enroll_id and name (found: %2)")
                      .arg(records->first().line)
                      .arg(header.join(u','));
        return r;
    }
    const int cId = column.value(QStringLiteral("enroll_id"));
    const int cName = column.value(QStringLiteral("name"));
    const int cAdmin = column.value(QStringLiteral("admin"), -1);
    const int cEnabled = column.value(QStringLiteral("enabled"), -1);
    auto fieldOf = [](const CsvRecord &rec, int c) {
        return c >= 0 && c < rec.fields.size() ? rec.fields.at(c) : QString();
    };

    if (!storage::Database::beginWrite(db, &r.error))
        return r;
    auto rollback = [&](const QString &why) {
        db.rollback();
        r = RosterImportResult();
        r.error = why;
        return r;
    };
    QSqlQuery find(db);
    find.prepare(QStringLiteral("SELECT name, admin, enabled FROM users WHERE enroll_id = ?"));
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT INTO users (enroll_id, name, admin, enabled, updated_ms) VALUES (?, ?, ?, ?, ?)"));
    QSqlQuery update(db);
    update.prepare(
        QStringLiteral("UPDATE users SET name = ?, admin = ?, enabled = ?, updated_ms = ? WHERE enroll_id = ?"));
    const qint64 now = wallClockMs();
    QHash<qint64, int> seen; // enroll id → line
    for (qsizetype i = 1; i < records->size(); ++i) {
        const CsvRecord &rec = records->at(i);
        auto skip = [&](const QString &reason) {
            ++r.skipped;
            r.issues.append(RosterIssue{rec.line, reason});
        };
        const QString idText = fieldOf(rec, cId);
        const std::optional<qint64> id = enrollIdOf(idText);
        if (!id) {
            skip(QStringLiteral("bad enroll id '%1' (a number from 1 to %2)").arg(idText).arg(MAX_ENROLL_ID));
            continue;
        }
        // A name goes to terminals: the rules of a name a terminal sends (terminaltext::cleanedName), which
        // also keep only what the database gives back as stored, so the name compared is the name stored and
        // a second import of the file changes nothing (found by fuzz_rostercsv).
        const QString name =
            terminaltext::cleanedName(csv::withoutFormulaGuard(fieldOf(rec, cName).trimmed()).toString());
        if (name.isEmpty()) {
            skip(QStringLiteral("empty name"));
            continue;
        }
        std::optional<int> admin;
        const QString adminText = fieldOf(rec, cAdmin).trimmed();
        if (!adminText.isEmpty()) {
            bool ok = false;
            const int a = adminText.toInt(&ok);
            if (!ok || a < 0 || a > MAX_ADMIN) {
                skip(QStringLiteral("bad admin '%1' (a number from 0 to %2)").arg(adminText).arg(MAX_ADMIN));
                continue;
            }
            admin = a;
        }
        const Flag enabled = flagOf(fieldOf(rec, cEnabled));
        if (enabled == Flag::Bad) {
            skip(QStringLiteral("bad enabled '%1' (1/0, true/false, yes/no)").arg(fieldOf(rec, cEnabled).trimmed()));
            continue;
        }
        if (seen.contains(*id)) {
            skip(QStringLiteral("enroll id %1 already given on line %2").arg(*id).arg(seen.value(*id)));
            continue;
        }
        seen.insert(*id, rec.line);

        find.addBindValue(*id);
        if (!find.exec())
            return rollback(sqlError(find));
        if (find.next()) {
            const Existing old{find.value(0).toString(), find.value(1).toInt(), find.value(2).toInt() != 0};
            find.finish();
            const int newAdmin = admin.value_or(old.admin);
            const bool newEnabled = enabled == Flag::Absent ? old.enabled : enabled == Flag::Yes;
            if (old.name == name && old.admin == newAdmin && old.enabled == newEnabled) {
                ++r.unchanged;
                continue;
            }
            update.addBindValue(name);
            update.addBindValue(newAdmin);
            update.addBindValue(newEnabled ? 1 : 0);
            update.addBindValue(now);
            update.addBindValue(*id);
            if (!update.exec())
                return rollback(sqlError(update));
            ++r.updated;
        } else {
            find.finish();
            insert.addBindValue(*id);
            insert.addBindValue(name);
            insert.addBindValue(admin.value_or(0));
            insert.addBindValue(enabled == Flag::No ? 0 : 1);
            insert.addBindValue(now);
            if (!insert.exec())
                return rollback(sqlError(insert));
            ++r.imported;
        }
    }
    if (!db.commit())
        return rollback(db.lastError().text());
    r.ok = true;
    return r;
}

} // namespace termdesk::service
