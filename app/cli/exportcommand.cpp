// SPDX-License-Identifier: GPL-3.0-or-later
// `termdesk export-csv`: punches to CSV format v1 or v2, whole or after a cursor (docs/csv-export.md).
#include "exportcommand.h"

#include "clierror.h"

#include "databaseoption.h"
#include "service/csvexporter.h"
#include "service/exportcursor.h"
#include "settings/settings.h"
#include "storage/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUuid>

#include <cstdio>
#include <memory>

#ifdef Q_OS_WIN
#include <fcntl.h>
#include <io.h>
#endif

namespace termdesk::cli {
namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "termdesk: %s\n", qUtf8Printable(message));
}

// Strict YYYY-MM-DD: QDate::fromString alone accepts one-digit months and days.
std::optional<QDate> parseDay(const QString &text)
{
    if (text.size() != 10 || text[4] != u'-' || text[7] != u'-')
        return std::nullopt;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < u'0' || text[i] > u'9')
            return std::nullopt;
    }
    const QDate d(text.left(4).toInt(), text.mid(5, 2).toInt(), text.mid(8, 2).toInt());
    if (!d.isValid())
        return std::nullopt;
    return d;
}

bool dateOption(const QCommandLineParser &parser, const QCommandLineOption &option, std::optional<QDate> &out)
{
    if (!parser.isSet(option))
        return true;
    const QString text = parser.value(option);
    out = parseDay(text);
    if (!out) {
        printError(QStringLiteral("--%1: '%2' is not a date (YYYY-MM-DD)").arg(option.names().constFirst(), text));
        return false;
    }
    return true;
}

/// Closes the read-only connection however the export ends.
struct ConnectionGuard
{
    QString name;
    ~ConnectionGuard() { storage::Database::close(name); }
};

} // namespace

int runExportCsv(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Export attendance punches as CSV (UTF-8, RFC 4180, CRLF, header row; docs/csv-export.md)."));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help."));
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
                                           QStringLiteral("Data directory (default: $TERMDESK_DATA_DIR, else the "
                                                          "application data location)."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption fromOption(QStringLiteral("from"),
                                        QStringLiteral("First day, inclusive, on the terminal's local time."),
                                        QStringLiteral("YYYY-MM-DD"));
    const QCommandLineOption toOption(QStringLiteral("to"),
                                      QStringLiteral("Last day, inclusive, on the terminal's local time."),
                                      QStringLiteral("YYYY-MM-DD"));
    const QCommandLineOption terminalOption(
        QStringLiteral("terminal"), QStringLiteral("Only the terminal with this serial number."), QStringLiteral("SN"));
    const QCommandLineOption bomOption(QStringLiteral("bom"),
                                       QStringLiteral("Start with the UTF-8 byte order mark (for Excel)."));
    const QCommandLineOption formatOption(
        QStringLiteral("format"), QStringLiteral("v1 (the default) or v2 (v1 with punch_id as the first column)."),
        QStringLiteral("v1|v2"));
    const QCommandLineOption afterOption(
        QStringLiteral("after"),
        QStringLiteral("Only punches stored after this cursor (a punch_id), in punch_id order; prints the next "
                       "cursor on stderr. Needs --format v2."),
        QStringLiteral("CURSOR"));
    const QCommandLineOption stateOption(
        QStringLiteral("state"),
        QStringLiteral("Keep the cursor in FILE: read at start (missing: 0), replaced once the CSV is complete. "
                       "Needs --format v2."),
        QStringLiteral("FILE"));
    const QCommandLineOption rawTextOption(
        QStringLiteral("raw-text"),
        QStringLiteral("Write text cells as stored, without the ' put in front of =, +, -, @, TAB or CR "
                       "(for programs, never for a spreadsheet)."));
    const QCommandLineOption databaseOpt = databaseOption();
    parser.addOptions({helpOption, dataDirOption, databaseOpt, fromOption, toOption, terminalOption, bomOption,
                       formatOption, afterOption, stateOption, rawTextOption});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The CSV file to write, or - for stdout."),
                                 QStringLiteral("export-csv FILE|-"));

    // arguments(): program, "export-csv", options and FILE.
    QStringList args = app.arguments();
    if (args.size() > 1)
        args.removeAt(1);
    auto usageError = [&parser](const QString &message) {
        printError(message);
        std::fputs(qUtf8Printable(parser.helpText()), stderr);
        return EXIT_USAGE;
    };
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(QStringLiteral("export-csv: missing FILE argument (- writes to stdout)"));
    if (positional.size() > 1)
        return usageError(QStringLiteral("export-csv: one FILE only, got %1").arg(positional.join(u' ')));
    const QString fileArg = positional.constFirst();

    service::CsvExportFilter filter;
    if (!dateOption(parser, fromOption, filter.from) || !dateOption(parser, toOption, filter.to))
        return EXIT_USAGE;
    if (filter.from && filter.to && *filter.from > *filter.to) {
        printError(QStringLiteral("--from %1 is after --to %2")
                       .arg(filter.from->toString(Qt::ISODate), filter.to->toString(Qt::ISODate)));
        return EXIT_USAGE;
    }
    filter.terminalSn = parser.value(terminalOption);
    service::CsvExportOptions options;
    options.bom = parser.isSet(bomOption);
    options.rawText = parser.isSet(rawTextOption);
    if (parser.isSet(formatOption)) {
        const QString format = parser.value(formatOption);
        if (format == QLatin1String("v1") || format == QLatin1String("1")) {
            options.format = 1;
        } else if (format == QLatin1String("v2") || format == QLatin1String("2")) {
            options.format = 2;
        } else {
            printError(QStringLiteral("--format: '%1' is not a format (v1 or v2)").arg(format));
            return EXIT_USAGE;
        }
    }
    const bool incremental = parser.isSet(afterOption) || parser.isSet(stateOption);
    const QString stateFile = parser.value(stateOption);
    if (incremental) {
        if (parser.isSet(afterOption) && parser.isSet(stateOption)) {
            printError(QStringLiteral("--after and --state: give one (the state file holds the cursor)"));
            return EXIT_USAGE;
        }
        if (options.format != 2) {
            printError(QStringLiteral("--%1 needs --format v2: the cursor is the punch_id column")
                           .arg(parser.isSet(afterOption) ? QLatin1String("after") : QLatin1String("state")));
            return EXIT_USAGE;
        }
        if (filter.from || filter.to) {
            printError(QStringLiteral("--from/--to cannot be combined with --%1: a punch uploaded late would be "
                                      "passed by the cursor and never exported")
                           .arg(parser.isSet(afterOption) ? QLatin1String("after") : QLatin1String("state")));
            return EXIT_USAGE;
        }
        if (parser.isSet(afterOption)) {
            filter.afterId = service::exportcursor::parse(parser.value(afterOption));
            if (!filter.afterId) {
                printError(QStringLiteral("--after: '%1' is not a cursor (a punch_id, 0 or more)")
                               .arg(parser.value(afterOption)));
                return EXIT_USAGE;
            }
        } else if (stateFile.isEmpty()) {
            printError(QStringLiteral("--state: the file name is empty"));
            return EXIT_USAGE;
        }
    }

    QString error;
    QString dataDir;
    if (parser.isSet(dataDirOption)) {
        // An explicit directory is only read: a typo must not create an empty one.
        dataDir = QDir(parser.value(dataDirOption)).absolutePath();
    } else {
        dataDir = Settings::resolveDataDir(QString(), &error);
        if (dataDir.isEmpty()) {
            printError(error);
            return EXIT_FAILED;
        }
    }
    EngineConfig config;
    config.dataDir = dataDir;
    // The store may be named by termdesk.ini (read only: a missing file creates nothing).
    config.database = Settings(dataDir).engineConfig().database;
    if (!resolveDatabase(parser.value(databaseOpt), config, &error)) {
        printError(error);
        return EXIT_USAGE;
    }
    const QString dbFile = config.databaseFile();
    if (!config.usesPostgres() && !QFileInfo(dbFile).isFile()) {
        printError(QStringLiteral("no TermDesk database in %1").arg(QDir::toNativeSeparators(dataDir)));
        return EXIT_FAILED;
    }

    storage::OpenOptions openOptions;
    openOptions.readOnly = true;
    const ConnectionGuard connection{QStringLiteral("export-csv-") +
                                     QUuid::createUuid().toString(QUuid::WithoutBraces)};
    if (!storage::Database::open(dbFile, connection.name, openOptions, &error)) {
        printError(error);
        return EXIT_FAILED;
    }
    const QSqlDatabase db = storage::Database::get(connection.name);
    if (!stateFile.isEmpty()) {
        bool missing = false;
        filter.afterId = service::exportcursor::read(stateFile, &missing, &error);
        if (!filter.afterId) {
            printError(error);
            return EXIT_FAILED;
        }
        if (missing)
            printError(QStringLiteral("no state file %1 yet: exporting from cursor 0")
                           .arg(QDir::toNativeSeparators(stateFile)));
    }
    if (!filter.terminalSn.isEmpty() && !service::CsvExporter::hasTerminal(db, filter.terminalSn))
        printError(QStringLiteral("no terminal with serial %1").arg(filter.terminalSn));

    // A regular file is written through QSaveFile: a failed export leaves no half-written file
    // behind and keeps an older export intact. Devices and pipes cannot be replaced: write them.
    const bool toStdout = fileArg == QLatin1String("-");
    std::unique_ptr<QFileDevice> out;
    bool opened = false;
    if (toStdout) {
#ifdef Q_OS_WIN
        _setmode(_fileno(stdout), _O_BINARY); // no "\r\r\n"
#endif
        auto file = std::make_unique<QFile>();
        opened = file->open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle);
        out = std::move(file);
    } else {
        const QFileInfo info(fileArg);
        if (info.exists() && !info.isFile() && !info.isDir()) {
            auto file = std::make_unique<QFile>(fileArg);
            opened = file->open(QIODevice::WriteOnly);
            out = std::move(file);
        } else {
            auto file = std::make_unique<QSaveFile>(fileArg);
            opened = !info.isDir() && file->open(QIODevice::WriteOnly);
            out = std::move(file);
        }
    }
    const QString shownFile = toStdout ? fileArg : QDir::toNativeSeparators(fileArg);
    if (!opened) {
        printError(
            QStringLiteral("cannot write %1: %2")
                .arg(shownFile, QFileInfo(fileArg).isDir() ? QStringLiteral("is a directory") : out->errorString()));
        return EXIT_FAILED;
    }

    qint64 nextCursor = filter.afterId.value_or(0);
    options.lastId = &nextCursor;
    const qint64 rows = service::CsvExporter::exportPunches(db, filter, options, out.get(), &error);
    if (rows < 0) {
        if (auto *save = qobject_cast<QSaveFile *>(out.get()))
            save->cancelWriting();
        printError(QStringLiteral("export to %1 failed: %2").arg(shownFile, error));
        return EXIT_FAILED;
    }
    bool written = true;
    QString why;
    if (auto *save = qobject_cast<QSaveFile *>(out.get())) {
        written = service::CsvExporter::commit(*save, &why); // a cut file is never renamed into place
    } else {
        written = out->flush();
        why = out->errorString();
        out->close();
    }
    if (!written) {
        printError(QStringLiteral("cannot write %1: %2").arg(shownFile, why));
        return EXIT_FAILED;
    }
    printError(QStringLiteral("exported %1 punches to %2").arg(rows).arg(shownFile));
    if (incremental) {
        // Only now, with the CSV complete: a failed export leaves the cursor where it was.
        if (!stateFile.isEmpty() && !service::exportcursor::write(stateFile, nextCursor, &error)) {
            printError(error);
            return EXIT_FAILED;
        }
        printError(QStringLiteral("next cursor %1").arg(nextCursor));
    }
    return 0;
}

} // namespace termdesk::cli
