// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the roster CSV import (`termdesk users import FILE`, tests/fuzz/README.md).
//
// Input: the bytes of a roster file.
// Checked (abort on violation; ASan / UBSan check the rest):
// - RosterCsv::parse() either refuses the text with a reason or gives records that, written again
//   as RFC 4180 (csv::appendQuoted), parse to the same fields (nothing lost, split or joined);
// - RosterCsv::import() into a real SQLite database with the real schema either refuses the file
//   with a reason and stores nothing, or accounts for every data record exactly once
//   (imported + updated + unchanged + skipped), with one issue per skipped record, and stores exactly
//   the users it says it created, each with a name; importing the same file again changes nothing.
#include "service/rostercsv.h"
#include "storage/database.h"
#include "util/csvcell.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlQuery>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace termdesk;

namespace {

const QString CONNECTION = QStringLiteral("fuzz-roster");

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_rostercsv: %s\n", what);
    std::abort();
}

qint64 count(const QString &sql)
{
    QSqlQuery q(storage::Database::get(CONNECTION));
    if (!q.exec(sql) || !q.next())
        fail("a count failed");
    return q.value(0).toLongLong();
}

/// The records written back as RFC 4180, with a BOM in front (so a first field that starts with one
/// keeps it) and CRLF line ends.
QByteArray written(const QList<service::CsvRecord> &records)
{
    QByteArray out("\xEF\xBB\xBF");
    for (const service::CsvRecord &r : records) {
        if (r.fields.size() == 1 && r.fields.first().isEmpty()) {
            out += "\"\"\r\n"; // a lone empty field, not a blank line (which parse() drops)
            continue;
        }
        for (qsizetype i = 0; i < r.fields.size(); ++i) {
            if (i)
                out += ',';
            csv::appendQuoted(out, r.fields.at(i).toUtf8());
        }
        out += "\r\n";
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    // A real database file with the real schema, in memory-backed storage where there is one.
    const QString dir = QDir(QDir::tempPath()).filePath(QStringLiteral("fuzz_rostercsv-%1").arg(app.applicationPid()));
    QDir().mkpath(dir);
    QString error;
    if (!storage::Database::open(QDir(dir).filePath(QStringLiteral("roster.sqlite")), CONNECTION,
                                 {false, QStringLiteral("OFF"), 5000}, &error)) {
        std::fprintf(stderr, "fuzz_rostercsv: %s\n", qPrintable(error));
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    QString parseError;
    const std::optional<QList<service::CsvRecord>> records = service::RosterCsv::parse(bytes, &parseError);
    if (!records && parseError.isEmpty())
        fail("parse refused without a reason");
    if (records) {
        QString againError;
        const std::optional<QList<service::CsvRecord>> again =
            service::RosterCsv::parse(written(*records), &againError);
        if (!again || again->size() != records->size())
            fail("records written again do not parse to as many records");
        for (qsizetype i = 0; i < records->size(); ++i) {
            if (again->at(i).fields != records->at(i).fields)
                fail("a record written again parses to other fields");
        }
    }

    QSqlQuery clear(storage::Database::get(CONNECTION));
    if (!clear.exec(QStringLiteral("DELETE FROM users")))
        fail("cannot empty the users table");
    const service::RosterImportResult r = service::RosterCsv::import(storage::Database::get(CONNECTION), bytes);
    const qint64 stored = count(QStringLiteral("SELECT count(*) FROM users"));
    if (!r.ok) {
        if (r.error.isEmpty() || stored != 0)
            fail("a refused import has no reason or stored users");
        return 0;
    }
    if (!records)
        fail("an import accepted text that parse() refuses");
    if (r.imported + r.updated + r.unchanged + r.skipped != records->size() - 1)
        fail("the import does not account for every data record once");
    if (r.issues.size() != r.skipped)
        fail("skipped records and issues differ");
    if (r.updated != 0 || r.unchanged != 0 || stored != r.imported)
        fail("an import into an empty roster updated, kept or lost users");
    if (count(QStringLiteral("SELECT count(*) FROM users WHERE name IS NULL OR name = ''")) != 0)
        fail("a user was stored without a name");
    // The same file again changes nothing: every name compared is the name that was stored.
    const service::RosterImportResult again = service::RosterCsv::import(storage::Database::get(CONNECTION), bytes);
    if (!again.ok || again.imported != 0 || again.updated != 0 || again.unchanged != r.imported ||
        again.skipped != r.skipped)
        fail("importing the same file again changed the roster");
    return 0;
}
