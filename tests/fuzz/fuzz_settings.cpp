// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: reading settings someone wrote (tests/fuzz/README.md): a `termdesk.ini` copied
// from another PC or edited by hand, read as every TermDesk program reads it.
//
// Input: the bytes of termdesk.ini.
// Checked (abort on violation; ASan / UBSan check the rest): Settings::engineConfig() gives a
// configuration whose values are in their ranges whatever the file holds; the listeners' allowed
// networks (AllowedNetworks::parse) either refuse a list with the entry named or give a list that
// reads back (text()) as the same list; a PostgreSQL URL in storage/database is either refused
// with a reason or parsed, and the form shown in messages never uses its password.
#include "settings/settings.h"
#include "storage/postgresurl.h"
#include "util/allowednetworks.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace termdesk;

namespace {

QString g_dir;

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_settings: %s\n", what);
    std::abort();
}

void checkNetworks(const QString &text)
{
    QString why;
    const std::optional<net::AllowedNetworks> list = net::AllowedNetworks::parse(text, &why);
    if (!list) {
        if (why.isEmpty())
            fail("a list of networks was refused without a reason");
        return;
    }
    const std::optional<net::AllowedNetworks> again = net::AllowedNetworks::parse(list->text());
    if (!again || again->text() != list->text())
        fail("a list of networks does not read back as itself");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    g_dir = QDir(QDir::tempPath()).filePath(QStringLiteral("fuzz_settings-%1").arg(app.applicationPid()));
    QDir().mkpath(g_dir);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Settings settings(g_dir);
    QFile file(settings.fileName());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        fail("cannot write termdesk.ini");
    file.write(reinterpret_cast<const char *>(data), static_cast<qint64>(size));
    file.close();

    const EngineConfig c = settings.engineConfig();
    if (c.commandMaxTries < 1 || c.wsMaxPages < 1 || c.tcpSleepWindowSec < 0 || c.clockSyncThresholdSec < 0)
        fail("a command or clock setting out of its range");
    if (c.backup.everyHours < 1 || c.backup.everyHours > 8760 || c.backup.keep < 1 || c.backup.keep > 1000)
        fail("a backup setting out of its range");
    if (c.scheduledExport.everyMinutes < 1 || c.scheduledExport.everyMinutes > 1440 ||
        (c.scheduledExport.format != 1 && c.scheduledExport.format != 2))
        fail("an export setting out of its range");
    if (!ExportPlan::patternProblem(c.scheduledExport.pattern).isEmpty())
        fail("an unusable export file name was taken");
    if (c.synchronous != QLatin1String("FULL") && c.synchronous != QLatin1String("NORMAL"))
        fail("storage/synchronous is neither FULL nor NORMAL");
    checkNetworks(c.wsAllowedNetworks);
    checkNetworks(c.tcpAllowedNetworks);
    if (storage::PostgresUrl::isUrl(c.database)) {
        QString why;
        const std::optional<storage::PostgresUrl> url = storage::PostgresUrl::parse(c.database, &why);
        if (!url && why.isEmpty())
            fail("a PostgreSQL URL was refused without a reason");
        // redacted() must never use the password, whatever the rest holds (the rest may hold the same text:
        // a marker in its place tells).
        std::optional<storage::PostgresUrl> marked = url;
        if (marked)
            marked->password = QStringLiteral("\u2603PASSWORD-MARKER\u2603");
        if (marked && marked->redacted().contains(marked->password))
            fail("the URL shown in messages holds the password");
    }
    return 0;
}
