// SPDX-License-Identifier: GPL-3.0-or-later
// Lenient JSON reading (protocol page Part 1 "Lenient JSON", Part 2 §6.6).
#include "ws/jsonlenient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QTest>

#include <optional>

using namespace termdesk::ws;

namespace {

QString describe(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

class TestJsonLenient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesObjects_data();
    void parsesObjects();
    void rejectsNonObjects_data();
    void rejectsNonObjects();
    void toInt_data();
    void toInt();
    void toDouble_data();
    void toDouble();
    void toBool_data();
    void toBool();
    void toText_data();
    void toText();
    void toTextOfParsedCardNumbers_data();
    void toTextOfParsedCardNumbers();
};

void TestJsonLenient::parsesObjects_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QJsonObject>("expected");
    QTest::addColumn<bool>("repaired");

    QTest::newRow("plain reg") << QByteArray(R"({"cmd":"reg","sn":"ZX12345678"})")
                               << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")},
                                              {QStringLiteral("sn"), QStringLiteral("ZX12345678")}}
                               << false;

    QTest::newRow("nested, whitespace, UTF-8 name")
        << QByteArray(
               "{ \"cmd\" : \"sendlog\",\n \"record\" : [ {\"enrollid\":1, \"name\":\"Zo\xc3\xab \xe5\xbc\xa0\"} ] }")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("sendlog")},
                       {QStringLiteral("record"),
                        QJsonArray{
                            QJsonObject{{QStringLiteral("enrollid"), 1},
                                        {QStringLiteral("name"), QString::fromUtf8("Zo\xc3\xab \xe5\xbc\xa0")}}}}}
        << false;

    QTest::newRow("trailing comma in record array")
        << QByteArray(R"({"cmd":"sendlog","count":1,"record":[{"enrollid":1,"time":"2025-06-01 08:00:01"},]})")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("sendlog")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("record"),
                        QJsonArray{QJsonObject{{QStringLiteral("enrollid"), 1},
                                               {QStringLiteral("time"), QStringLiteral("2025-06-01 08:00:01")}}}}}
        << true;

    QTest::newRow("trailing comma in top-level object")
        << QByteArray(R"({"cmd":"reg","sn":"ZX1",})")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")}, {QStringLiteral("sn"), QStringLiteral("ZX1")}}
        << true;

    QTest::newRow("trailing commas in nested object and array, with blanks")
        << QByteArray("{\"record\":[{\"enrollid\":1,\r\n}\t, \n]\n}")
        << QJsonObject{{QStringLiteral("record"), QJsonArray{QJsonObject{{QStringLiteral("enrollid"), 1}}}}} << true;

    QTest::newRow("trailing comma in array of numbers")
        << QByteArray(R"({"ids":[1,2,3,]})") << QJsonObject{{QStringLiteral("ids"), QJsonArray{1, 2, 3}}} << true;

    QTest::newRow("',]' inside a string stays")
        << QByteArray(R"({"name":"a,]","record":[1,2,]})")
        << QJsonObject{{QStringLiteral("name"), QStringLiteral("a,]")}, {QStringLiteral("record"), QJsonArray{1, 2}}}
        << true;

    QTest::newRow("', }' inside a string stays")
        << QByteArray(R"({"msg":"x, }","n":1,})")
        << QJsonObject{{QStringLiteral("msg"), QStringLiteral("x, }")}, {QStringLiteral("n"), 1}} << true;

    QTest::newRow("escaped quotes around ',]' in a string")
        << QByteArray(R"({"name":"say \"hi,]\" ,}","record":[1,]})")
        << QJsonObject{{QStringLiteral("name"), QStringLiteral("say \"hi,]\" ,}")},
                       {QStringLiteral("record"), QJsonArray{1}}}
        << true;

    QTest::newRow("escaped backslash ends the string")
        << QByteArray(R"({"path":"C:\\","record":[1,]})")
        << QJsonObject{{QStringLiteral("path"), QStringLiteral("C:\\")}, {QStringLiteral("record"), QJsonArray{1}}}
        << true;

    QTest::newRow("key with trailing space (\"count \")")
        << QByteArray(R"({"cmd":"sendlog","count ":2,"logindex":10})")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("sendlog")},
                       {QStringLiteral("count"), 2},
                       {QStringLiteral("logindex"), 10}}
        << true;

    QTest::newRow("keys with spaces inside record array")
        << QByteArray(R"({"cmd":"sendlog","record":[{" enrollid":1,"time ":"2025-06-01 08:00:01"},{"mode ":8}]})")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("sendlog")},
                       {QStringLiteral("record"),
                        QJsonArray{QJsonObject{{QStringLiteral("enrollid"), 1},
                                               {QStringLiteral("time"), QStringLiteral("2025-06-01 08:00:01")}},
                                   QJsonObject{{QStringLiteral("mode"), 8}}}}}
        << true;

    QTest::newRow("key with spaces inside devinfo")
        << QByteArray(R"({"cmd":"reg","devinfo":{"modelname ":"tfs30"," time":"2016-03-25 13:49:30"}})")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")},
                       {QStringLiteral("devinfo"),
                        QJsonObject{{QStringLiteral("modelname"), QStringLiteral("tfs30")},
                                    {QStringLiteral("time"), QStringLiteral("2016-03-25 13:49:30")}}}}
        << true;

    QTest::newRow("string values are not trimmed") << QByteArray(R"({"name":" Ann ","cmd ":"reg"})")
                                                   << QJsonObject{{QStringLiteral("name"), QStringLiteral(" Ann ")},
                                                                  {QStringLiteral("cmd"), QStringLiteral("reg")}}
                                                   << true;

    QTest::newRow("trailing comma and spaced key together")
        << QByteArray(R"({"cmd":"sendlog","count ":1,"record":[{"enrollid ":3},],})")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("sendlog")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("record"), QJsonArray{QJsonObject{{QStringLiteral("enrollid"), 3}}}}}
        << true;

    // The pre-scan that skips the key walk must let every one of these through to it.
    QTest::newRow("key led by an escaped space")
        << QByteArray(R"({"\u0020cmd":"reg"})") << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")}} << true;
    QTest::newRow("key ending in an escaped tab")
        << QByteArray(R"({"cmd\t":"reg"})") << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")}} << true;
    QTest::newRow("key led by an ideographic space (UTF-8)")
        << QByteArray("{\"\xe3\x80\x80"
                      "cmd\":\"reg\"}")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")}} << true;
    QTest::newRow("key ending in a no-break space (UTF-8)")
        << QByteArray("{\"cmd\xc2\xa0\":\"reg\"}") << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")}}
        << true;
    QTest::newRow("pretty-printed, nothing to repair")
        << QByteArray("{\n  \"cmd\" : \"reg\",\n  \"name\" : \"\xe5\xbc\xa0\"\n}")
        << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("reg")},
                       {QStringLiteral("name"), QStringLiteral("\u5f20")}}
        << false;
    QTest::newRow("empty object") << QByteArray("{}") << QJsonObject{} << false;
}

void TestJsonLenient::parsesObjects()
{
    QFETCH(QByteArray, input);
    QFETCH(QJsonObject, expected);
    QFETCH(bool, repaired);

    const JsonParse r = parseLenient(input);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY2(r.object == expected,
             qPrintable(QStringLiteral("got %1, expected %2").arg(describe(r.object), describe(expected))));
    QCOMPARE(r.repaired, repaired);
}

void TestJsonLenient::rejectsNonObjects_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("hello") << QByteArray("hello");
    QTest::newRow("binary garbage") << QByteArray("\x00\xff\xfe\x01\x02{\x80\x90", 9);
    QTest::newRow("truncated reg") << QByteArray(R"({"cmd":"reg")");
    QTest::newRow("truncated after comma") << QByteArray(R"({"cmd":"reg",)");
    QTest::newRow("truncated record array") << QByteArray(R"({"cmd":"sendlog","record":[{"enrollid":1},)");
    QTest::newRow("empty frame") << QByteArray();
    QTest::newRow("blank frame") << QByteArray(" \n ");
    QTest::newRow("array of objects") << QByteArray(R"([{"cmd":"reg"}])");
    QTest::newRow("array with trailing comma") << QByteArray(R"([{"cmd":"reg"},])");
    QTest::newRow("string") << QByteArray(R"("reg")");
    QTest::newRow("number") << QByteArray("42");
    QTest::newRow("null") << QByteArray("null");
    QTest::newRow("single quotes") << QByteArray("{'cmd':'reg'}");
    QTest::newRow("two objects") << QByteArray(R"({"cmd":"reg"}{"cmd":"reg"})");
}

void TestJsonLenient::rejectsNonObjects()
{
    QFETCH(QByteArray, input);

    const JsonParse r = parseLenient(input);
    QVERIFY(!r.ok);
    QVERIFY2(!r.error.isEmpty(), "a rejected frame needs an error for the log");
    QVERIFY(r.object.isEmpty());
}

void TestJsonLenient::toInt_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("has");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("5") << QJsonValue(5) << true << qint64(5);
    QTest::newRow("0") << QJsonValue(0) << true << qint64(0);
    QTest::newRow("-3") << QJsonValue(-3) << true << qint64(-3);
    QTest::newRow("5.0 (double)") << QJsonValue(5.0) << true << qint64(5);
    QTest::newRow("4294967296") << QJsonValue(4294967296.0) << true << qint64(4294967296LL);
    QTest::newRow("\"101072\"") << QJsonValue(QStringLiteral("101072")) << true << qint64(101072);
    QTest::newRow("\" 7 \"") << QJsonValue(QStringLiteral(" 7 ")) << true << qint64(7);
    QTest::newRow("\"-12\"") << QJsonValue(QStringLiteral("-12")) << true << qint64(-12);
    QTest::newRow("\"0\"") << QJsonValue(QStringLiteral("0")) << true << qint64(0);
    QTest::newRow("true") << QJsonValue(true) << true << qint64(1);
    QTest::newRow("false") << QJsonValue(false) << true << qint64(0);
    QTest::newRow("1.5") << QJsonValue(1.5) << false << qint64(0);
    QTest::newRow("\"1.5\"") << QJsonValue(QStringLiteral("1.5")) << false << qint64(0);
    QTest::newRow("\"abc\"") << QJsonValue(QStringLiteral("abc")) << false << qint64(0);
    QTest::newRow("\"12abc\"") << QJsonValue(QStringLiteral("12abc")) << false << qint64(0);
    QTest::newRow("empty string") << QJsonValue(QString()) << false << qint64(0);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << qint64(0);
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << false << qint64(0);
    QTest::newRow("array") << QJsonValue(QJsonArray{5}) << false << qint64(0);
    QTest::newRow("object") << QJsonValue(QJsonObject{{QStringLiteral("n"), 5}}) << false << qint64(0);
}

void TestJsonLenient::toInt()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, has);
    QFETCH(qint64, expected);

    const std::optional<qint64> n = termdesk::ws::toInt(value);
    QCOMPARE(n.has_value(), has);
    if (has)
        QCOMPARE(*n, expected);
}

void TestJsonLenient::toDouble_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("has");
    QTest::addColumn<double>("expected");

    QTest::newRow("36.5") << QJsonValue(36.5) << true << 36.5;
    QTest::newRow("365") << QJsonValue(365) << true << 365.0;
    QTest::newRow("\"36.5\"") << QJsonValue(QStringLiteral("36.5")) << true << 36.5;
    QTest::newRow("\" 3650 \"") << QJsonValue(QStringLiteral(" 3650 ")) << true << 3650.0;
    QTest::newRow("\"-1.25\"") << QJsonValue(QStringLiteral("-1.25")) << true << -1.25;
    QTest::newRow("\"abc\"") << QJsonValue(QStringLiteral("abc")) << false << 0.0;
    QTest::newRow("empty string") << QJsonValue(QString()) << false << 0.0;
    QTest::newRow("\"nan\"") << QJsonValue(QStringLiteral("nan")) << false << 0.0;
    QTest::newRow("\"inf\"") << QJsonValue(QStringLiteral("inf")) << false << 0.0;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << 0.0;
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << false << 0.0;
    QTest::newRow("array") << QJsonValue(QJsonArray{36.5}) << false << 0.0;
}

void TestJsonLenient::toDouble()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, has);
    QFETCH(double, expected);

    const std::optional<double> d = termdesk::ws::toDouble(value);
    QCOMPARE(d.has_value(), has);
    if (has)
        QCOMPARE(*d, expected);
}

void TestJsonLenient::toBool_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("has");
    QTest::addColumn<bool>("expected");

    QTest::newRow("true") << QJsonValue(true) << true << true;
    QTest::newRow("false") << QJsonValue(false) << true << false;
    QTest::newRow("1") << QJsonValue(1) << true << true;
    QTest::newRow("0") << QJsonValue(0) << true << false;
    QTest::newRow("\"1\"") << QJsonValue(QStringLiteral("1")) << true << true;
    QTest::newRow("\"0\"") << QJsonValue(QStringLiteral("0")) << true << false;
    QTest::newRow("\"true\"") << QJsonValue(QStringLiteral("true")) << true << true;
    QTest::newRow("\"false\"") << QJsonValue(QStringLiteral("false")) << true << false;
    QTest::newRow("\" true \"") << QJsonValue(QStringLiteral(" true ")) << true << true;
    QTest::newRow("\"yes\"") << QJsonValue(QStringLiteral("yes")) << false << false;
    QTest::newRow("\"no\"") << QJsonValue(QStringLiteral("no")) << false << false;
    QTest::newRow("empty string") << QJsonValue(QString()) << false << false;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << false;
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << false << false;
    QTest::newRow("object") << QJsonValue(QJsonObject{}) << false << false;
}

void TestJsonLenient::toBool()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, has);
    QFETCH(bool, expected);

    const std::optional<bool> b = termdesk::ws::toBool(value);
    QCOMPARE(b.has_value(), has);
    if (has)
        QCOMPARE(*b, expected);
}

void TestJsonLenient::toText_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("card 4294967296") << QJsonValue(4294967296.0) << QStringLiteral("4294967296");
    QTest::newRow("card 2352253") << QJsonValue(2352253) << QStringLiteral("2352253");
    QTest::newRow("card 99999999999") << QJsonValue(99999999999.0) << QStringLiteral("99999999999");
    QTest::newRow("2^53") << QJsonValue(9007199254740992.0) << QStringLiteral("9007199254740992");
    QTest::newRow("password 12345678") << QJsonValue(12345678) << QStringLiteral("12345678");
    QTest::newRow("0") << QJsonValue(0) << QStringLiteral("0");
    QTest::newRow("1.5") << QJsonValue(1.5) << QStringLiteral("1.5");
    QTest::newRow("string kept as is") << QJsonValue(QStringLiteral("00123")) << QStringLiteral("00123");
    QTest::newRow("hex template") << QJsonValue(QStringLiteral("c52c5b00(128)6166"))
                                  << QStringLiteral("c52c5b00(128)6166");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QString();
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << QString();
}

void TestJsonLenient::toText()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, expected);

    QCOMPARE(termdesk::ws::toText(value), expected);
}

void TestJsonLenient::toTextOfParsedCardNumbers_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("4294967296") << QByteArray(R"({"record":4294967296})") << QStringLiteral("4294967296");
    QTest::newRow("2352253") << QByteArray(R"({"record":2352253})") << QStringLiteral("2352253");
    QTest::newRow("12345678901") << QByteArray(R"({"record":12345678901})") << QStringLiteral("12345678901");
    QTest::newRow("exponent form") << QByteArray(R"({"record":4.294967296e9})") << QStringLiteral("4294967296");
}

void TestJsonLenient::toTextOfParsedCardNumbers()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);

    const JsonParse r = parseLenient(input);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(termdesk::ws::toText(r.object.value(QStringLiteral("record"))), expected);
}

QTEST_GUILESS_MAIN(TestJsonLenient)
#include "tst_jsonlenient.moc"
