// SPDX-License-Identifier: GPL-3.0-or-later
// Terminal wall-clock times (protocol page Part 1 "Times", Part 2 §5.1).
// Expected epochs are written by hand (checked with `date -u -d ... +%s`).
#include "util/devicetime.h"

#include <QDateTime>
#include <QFile>
#include <QTest>

#include <optional>

#include <time.h>

using namespace termdesk;

class TestDeviceTime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseLocal_data();
    void parseLocal();
    void formatLocal_data();
    void formatLocal();
    void formatLocalAgreesWithQDateTime();
    void roundTrip_data();
    void roundTrip();
    void normaliseLocalRefusesWhatParseLocalRefuses();
    void formatUtcIso_data();
    void formatUtcIso();
    void formatOffset_data();
    void formatOffset();
    void parseOffset_data();
    void parseOffset();
    void systemOffsetAtUtcAgreesWithQDateTime();
};

void TestDeviceTime::parseLocal_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("epoch"); // seconds since 1970-01-01 00:00:00 of the same wall clock

    // Valid.
    QTest::newRow("protocol example") << QStringLiteral("2025-06-01 08:00:01") << true << qint64(1748764801);
    QTest::newRow("midnight") << QStringLiteral("2025-06-01 00:00:00") << true << qint64(1748736000);
    QTest::newRow("epoch start") << QStringLiteral("1970-01-01 00:00:00") << true << qint64(0);
    QTest::newRow("leap day 2024") << QStringLiteral("2024-02-29 00:00:00") << true << qint64(1709164800);
    QTest::newRow("leap day 2000 (400 rule)") << QStringLiteral("2000-02-29 12:34:56") << true << qint64(951827696);
    QTest::newRow("end of year") << QStringLiteral("2025-12-31 23:59:59") << true << qint64(1767225599);
    QTest::newRow("past 2^31") << QStringLiteral("2038-01-19 03:14:08") << true << qint64(2147483648LL);
    QTest::newRow("unpadded fields") << QStringLiteral("2025-6-1 8:00:01") << true << qint64(1748764801);
    QTest::newRow("unpadded everything") << QStringLiteral("2025-6-1 8:0:1") << true << qint64(1748764801);
    QTest::newRow("ISO T separator") << QStringLiteral("2025-06-01T08:00:01") << true << qint64(1748764801);
    QTest::newRow("several spaces") << QStringLiteral("2025-06-01   08:00:01") << true << qint64(1748764801);
    QTest::newRow("surrounding blanks") << QStringLiteral("  2025-06-01 08:00:01 ") << true << qint64(1748764801);
    QTest::newRow("missing seconds") << QStringLiteral("2025-06-01 08:00") << true << qint64(1748764800);

    // Invalid.
    QTest::newRow("empty") << QString() << false << qint64(0);
    QTest::newRow("blank") << QStringLiteral("   ") << false << qint64(0);
    QTest::newRow("word") << QStringLiteral("yesterday") << false << qint64(0);
    QTest::newRow("2023-02-29 (not leap)") << QStringLiteral("2023-02-29 00:00:00") << false << qint64(0);
    QTest::newRow("2100-02-29 (century)") << QStringLiteral("2100-02-29 00:00:00") << false << qint64(0);
    QTest::newRow("April 31") << QStringLiteral("2025-04-31 10:00:00") << false << qint64(0);
    QTest::newRow("month 13") << QStringLiteral("2025-13-01 10:00:00") << false << qint64(0);
    QTest::newRow("month 0") << QStringLiteral("2025-00-10 10:00:00") << false << qint64(0);
    QTest::newRow("day 0") << QStringLiteral("2025-06-00 10:00:00") << false << qint64(0);
    QTest::newRow("24:00:00") << QStringLiteral("2025-06-01 24:00:00") << false << qint64(0);
    QTest::newRow("minute 60") << QStringLiteral("2025-06-01 23:60:00") << false << qint64(0);
    QTest::newRow("second 60") << QStringLiteral("2025-06-01 23:59:60") << false << qint64(0);
    QTest::newRow("trailing garbage") << QStringLiteral("2025-06-01 08:00:01 abc") << false << qint64(0);
    QTest::newRow("trailing Z") << QStringLiteral("2025-06-01T08:00:01Z") << false << qint64(0);
    QTest::newRow("trailing offset") << QStringLiteral("2025-06-01 08:00:01+08:00") << false << qint64(0);
    QTest::newRow("time only") << QStringLiteral("08:00:01") << false << qint64(0);
    QTest::newRow("hour without minutes") << QStringLiteral("2025-06-01 08") << false << qint64(0);
    QTest::newRow("no separators") << QStringLiteral("20250601080001") << false << qint64(0);
    QTest::newRow("year < 1970") << QStringLiteral("1969-12-31 23:59:59") << false << qint64(0);
    QTest::newRow("year 0000") << QStringLiteral("0000-01-01 00:00:00") << false << qint64(0);
    QTest::newRow("negative hour") << QStringLiteral("2025-06-01 -1:00:00") << false << qint64(0);
}

void TestDeviceTime::parseLocal()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, epoch);

    const std::optional<qint64> t = devicetime::parseLocal(text);
    QCOMPARE(t.has_value(), valid);
    if (valid)
        QCOMPARE(*t, epoch);
}

void TestDeviceTime::formatLocal_data()
{
    QTest::addColumn<qint64>("epoch");
    QTest::addColumn<QString>("text");

    QTest::newRow("0") << qint64(0) << QStringLiteral("1970-01-01 00:00:00");
    QTest::newRow("protocol example") << qint64(1748764801) << QStringLiteral("2025-06-01 08:00:01");
    QTest::newRow("leap day") << qint64(1709164800) << QStringLiteral("2024-02-29 00:00:00");
    QTest::newRow("end of year") << qint64(1767225599) << QStringLiteral("2025-12-31 23:59:59");
    QTest::newRow("past 2^31") << qint64(2147483648LL) << QStringLiteral("2038-01-19 03:14:08");
}

void TestDeviceTime::formatLocal()
{
    QFETCH(qint64, epoch);
    QFETCH(QString, text);

    QCOMPARE(devicetime::formatLocal(epoch), text);
}

void TestDeviceTime::roundTrip_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("normalised");

    QTest::newRow("canonical") << QStringLiteral("2025-06-01 08:00:01") << QStringLiteral("2025-06-01 08:00:01");
    QTest::newRow("canonical, 1970") << QStringLiteral("1970-01-01 00:00:00") << QStringLiteral("1970-01-01 00:00:00");
    QTest::newRow("surrounding blanks") << QStringLiteral(" 2025-06-01 08:00:01")
                                        << QStringLiteral("2025-06-01 08:00:01");
    QTest::newRow("slashes") << QStringLiteral("2025/06/01 08:00:01") << QStringLiteral("2025-06-01 08:00:01");
    QTest::newRow("unpadded") << QStringLiteral("2025-6-1 8:00:01") << QStringLiteral("2025-06-01 08:00:01");
    QTest::newRow("T separator") << QStringLiteral("2025-06-01T08:00:01") << QStringLiteral("2025-06-01 08:00:01");
    QTest::newRow("missing seconds") << QStringLiteral("2025-06-01 08:00") << QStringLiteral("2025-06-01 08:00:00");
    QTest::newRow("leap day") << QStringLiteral("2024-2-29 23:59:59") << QStringLiteral("2024-02-29 23:59:59");
}

void TestDeviceTime::roundTrip()
{
    QFETCH(QString, input);
    QFETCH(QString, normalised);

    const std::optional<qint64> t = devicetime::parseLocal(input);
    QVERIFY(t.has_value());
    QCOMPARE(devicetime::formatLocal(*t), normalised);
    // And the normalised text reads back to the same instant.
    const std::optional<qint64> again = devicetime::parseLocal(normalised);
    QVERIFY(again.has_value());
    QCOMPARE(*again, *t);
    // normaliseLocal does both at once, and keeps the text itself when it is already stored form.
    const std::optional<devicetime::LocalTime> both = devicetime::normaliseLocal(input);
    QVERIFY(both.has_value());
    QCOMPARE(both->epoch, *t);
    QCOMPARE(both->text, normalised);
    QCOMPARE(both->text.constData() == input.constData(), input == normalised);
}

void TestDeviceTime::normaliseLocalRefusesWhatParseLocalRefuses()
{
    for (const QString &bad : {QString(), QStringLiteral("2025-13-01 10:00:00"), QStringLiteral("2023-02-29 00:00:00"),
                               QStringLiteral("2025-06-01 24:00:00"), QStringLiteral("yesterday")})
        QVERIFY2(!devicetime::normaliseLocal(bad), qPrintable(bad));
    // Non-ASCII digits (QChar::isDigit accepts ARABIC-INDIC ONE) are not the stored form: formatted anew.
    const QString arabicDay = QStringLiteral("2025-06-0") + QChar(0x0661) + QStringLiteral(" 08:00:01");
    const auto t = devicetime::normaliseLocal(arabicDay);
    QVERIFY(t.has_value());
    QCOMPARE(t->text, QStringLiteral("2025-06-01 08:00:01"));
}

void TestDeviceTime::formatUtcIso_data()
{
    QTest::addColumn<qint64>("utcMs");
    QTest::addColumn<bool>("withMillis");
    QTest::addColumn<QString>("text");

    QTest::newRow("whole second") << qint64(1748736001000LL) << false << QStringLiteral("2025-06-01T00:00:01Z");
    QTest::newRow("ms dropped") << qint64(1748736001234LL) << false << QStringLiteral("2025-06-01T00:00:01Z");
    QTest::newRow("with ms") << qint64(1748736001234LL) << true << QStringLiteral("2025-06-01T00:00:01.234Z");
    QTest::newRow("with ms, zero padded")
        << qint64(1748736001005LL) << true << QStringLiteral("2025-06-01T00:00:01.005Z");
    QTest::newRow("epoch") << qint64(0) << true << QStringLiteral("1970-01-01T00:00:00.000Z");
}

void TestDeviceTime::formatUtcIso()
{
    QFETCH(qint64, utcMs);
    QFETCH(bool, withMillis);
    QFETCH(QString, text);

    QCOMPARE(devicetime::formatUtcIso(utcMs, withMillis), text);
}

void TestDeviceTime::formatOffset_data()
{
    QTest::addColumn<int>("minutes");
    QTest::addColumn<QString>("text");

    QTest::newRow("+08:00") << 480 << QStringLiteral("+08:00");
    QTest::newRow("-03:30") << -210 << QStringLiteral("-03:30");
    QTest::newRow("+00:00") << 0 << QStringLiteral("+00:00");
    QTest::newRow("+05:45") << 345 << QStringLiteral("+05:45");
    QTest::newRow("-12:00") << -720 << QStringLiteral("-12:00");
    QTest::newRow("+14:00") << 840 << QStringLiteral("+14:00");
    QTest::newRow("-00:30") << -30 << QStringLiteral("-00:30");
}

void TestDeviceTime::formatOffset()
{
    QFETCH(int, minutes);
    QFETCH(QString, text);

    QCOMPARE(devicetime::formatOffset(minutes), text);
}

void TestDeviceTime::parseOffset_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("minutes");

    QTest::newRow("+08:00") << QStringLiteral("+08:00") << true << 480;
    QTest::newRow("-03:30") << QStringLiteral("-03:30") << true << -210;
    QTest::newRow("-0330") << QStringLiteral("-0330") << true << -210;
    QTest::newRow("+0800") << QStringLiteral("+0800") << true << 480;
    QTest::newRow("+8") << QStringLiteral("+8") << true << 480;
    QTest::newRow("+00:00") << QStringLiteral("+00:00") << true << 0;
    QTest::newRow("-00:00") << QStringLiteral("-00:00") << true << 0;
    QTest::newRow("+05:45") << QStringLiteral("+05:45") << true << 345;
    QTest::newRow("+14:00 (max)") << QStringLiteral("+14:00") << true << 840;
    QTest::newRow("-14:00 (min)") << QStringLiteral("-14:00") << true << -840;
    QTest::newRow("-12:00") << QStringLiteral("-12:00") << true << -720;
    QTest::newRow("blanks around") << QStringLiteral(" +08:00 ") << true << 480;

    QTest::newRow("empty") << QString() << false << 0;
    QTest::newRow("no sign") << QStringLiteral("08:00") << false << 0;
    QTest::newRow("sign only") << QStringLiteral("+") << false << 0;
    QTest::newRow("no hours") << QStringLiteral("+:30") << false << 0;
    QTest::newRow("+15:00 (beyond 14 h)") << QStringLiteral("+15:00") << false << 0;
    QTest::newRow("+14:30 (beyond 14 h)") << QStringLiteral("+14:30") << false << 0;
    QTest::newRow("-14:01 (beyond 14 h)") << QStringLiteral("-14:01") << false << 0;
    QTest::newRow("minute 60") << QStringLiteral("+08:60") << false << 0;
    QTest::newRow("three hour digits") << QStringLiteral("+800") << false << 0;
    QTest::newRow("dangling colon") << QStringLiteral("+08:") << false << 0;
    QTest::newRow("trailing garbage") << QStringLiteral("+08:00x") << false << 0;
    QTest::newRow("zone name") << QStringLiteral("UTC") << false << 0;
    QTest::newRow("Z") << QStringLiteral("Z") << false << 0;
}

void TestDeviceTime::parseOffset()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, minutes);

    const std::optional<int> m = devicetime::parseOffset(text);
    QCOMPARE(m.has_value(), valid);
    if (valid)
        QCOMPARE(*m, minutes);
}

// formatLocal is hand-written for speed: it must agree with Qt's calendar everywhere, leap
// days and century years included (1970-01-01 .. 2100-12-31 every 47 h 13 min 7 s, plus the
// last second of every February from 1970 to 2100).
void TestDeviceTime::formatLocalAgreesWithQDateTime()
{
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    for (qint64 t = 0; t < 4133980800LL; t += 47 * 3600 + 13 * 60 + 7)
        QCOMPARE(devicetime::formatLocal(t), QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(format));
    for (int year = 1970; year <= 2100; ++year) {
        const qint64 t = QDateTime(QDate(year, 3, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch() - 1;
        QCOMPARE(devicetime::formatLocal(t), QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(format));
    }
}

void TestDeviceTime::systemOffsetAtUtcAgreesWithQDateTime()
{
    // The cache must not hide a change of offset: every 5 minutes over 2025 in zones with DST
    // on the hour (Berlin) and a half-hour shift at 02:00 local (Lord Howe Island).
    const QByteArray savedTz = qgetenv("TZ");
    for (const char *zone : {"Europe/Berlin", "Australia/Lord_Howe", "UTC"}) {
        qputenv("TZ", zone);
        tzset();
        const qint64 start = QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 end = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        int changes = 0;
        int last = devicetime::systemOffsetAtUtc(start);
        for (qint64 t = start; t < end; t += 5 * 60 * 1000) {
            const int offset = devicetime::systemOffsetAtUtc(t);
            QCOMPARE(offset, QDateTime::fromMSecsSinceEpoch(t, Qt::LocalTime).offsetFromUtc() / 60);
            changes += offset != last;
            last = offset;
        }
        if (qstrcmp(zone, "UTC") != 0 && QFile::exists(QStringLiteral("/usr/share/zoneinfo/") + QLatin1String(zone)))
            QCOMPARE(changes, 2); // the sweep really crossed both changes of the year
    }
    if (savedTz.isNull())
        qunsetenv("TZ");
    else
        qputenv("TZ", savedTz);
    tzset();
}

QTEST_GUILESS_MAIN(TestDeviceTime)
#include "tst_devicetime.moc"
