// SPDX-License-Identifier: GPL-3.0-or-later
// An ERPNext / Frappe HRMS site for the tests: a QTcpServer on a free port answering the two calls
// TermDesk makes, as Frappe documents them: POST /api/method/hrms.hr.doctype.employee_checkin.
// employee_checkin.add_log_based_on_employee_field (form or JSON parameters) and GET
// /api/method/frappe.auth.get_logged_user, both with "Authorization: token KEY:SECRET". A check-in
// with the employee, time and log_type of one it holds is refused as HRMS does (HTTP 417, a
// ValidationError "This employee already has a log with the same timestamp").
#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

class ErpnextReceiver : public QObject
{
    Q_OBJECT
public:
    QByteArray token = "k1:s1"; ///< the API key and secret of the site's user
    QString employeeField = QStringLiteral("attendance_device_id");
    QSet<QString> employees{QStringLiteral("7"), QStringLiteral("8")}; ///< values of employeeField
    QList<QJsonObject> checkins;                                       ///< what was stored
    QList<int> answers;                                                ///< every HTTP code sent
    QList<QByteArray> paths;

    ~ErpnextReceiver() override
    {
        for (QTcpSocket *s : m_server.findChildren<QTcpSocket *>())
            s->disconnect(this);
    }
    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &ErpnextReceiver::accept);
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }

private:
    void accept()
    {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
            connect(s, &QTcpSocket::disconnected, this, [this, s] {
                m_buffers.remove(s);
                s->deleteLater();
            });
        }
    }

    void read(QTcpSocket *s)
    {
        QByteArray &b = m_buffers[s];
        b += s->readAll();
        for (;;) {
            const qsizetype end = b.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            qsizetype length = 0;
            QByteArray auth;
            QByteArray type;
            const QList<QByteArray> lines = b.left(end).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "content-length")
                    length = value.toLongLong();
                else if (name == "authorization")
                    auth = value;
                else if (name == "content-type")
                    type = value;
            }
            if (b.size() < end + 4 + length)
                return;
            const QByteArray body = b.mid(end + 4, length);
            b.remove(0, end + 4 + length);
            paths.append(requestLine.value(1));
            handle(s, requestLine.value(0), requestLine.value(1), auth, type, body);
        }
    }

    void reply(QTcpSocket *s, int code, const QJsonObject &o)
    {
        answers.append(code);
        const QByteArray body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        s->write("HTTP/1.1 " + QByteArray::number(code) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
                 QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    static QJsonObject frappeError(const QString &type, const QString &message)
    {
        // Frappe's error answer: exc_type, and _server_messages, a JSON list of JSON objects.
        const QByteArray inner =
            QJsonDocument(QJsonObject{{QStringLiteral("message"), message}}).toJson(QJsonDocument::Compact);
        return {
            {QStringLiteral("exc_type"), type},
            {QStringLiteral("_server_messages"),
             QString::fromUtf8(QJsonDocument(QJsonArray{QString::fromUtf8(inner)}).toJson(QJsonDocument::Compact))}};
    }

    void handle(QTcpSocket *s, const QByteArray &method, const QByteArray &path, const QByteArray &auth,
                const QByteArray &type, const QByteArray &body)
    {
        if (auth != "token " + token)
            return reply(s, 401, frappeError(QStringLiteral("AuthenticationError"), QStringLiteral("Not permitted")));
        if (method == "GET" && path == "/api/method/frappe.auth.get_logged_user")
            return reply(s, 200, {{QStringLiteral("message"), QStringLiteral("sync@example.com")}});
        if (method != "POST" ||
            path != "/api/method/hrms.hr.doctype.employee_checkin.employee_checkin.add_log_based_on_employee_field")
            return reply(s, 404, frappeError(QStringLiteral("DoesNotExistError"), QStringLiteral("no such method")));
        QHash<QString, QString> p;
        if (type.startsWith("application/json")) {
            const QJsonObject o = QJsonDocument::fromJson(body).object();
            for (auto it = o.begin(); it != o.end(); ++it)
                p.insert(it.key(), it.value().toString());
        } else {
            for (const auto &[k, v] : QUrlQuery(QString::fromUtf8(body)).queryItems(QUrl::FullyDecoded))
                p.insert(k, v);
        }
        // The method: employee_fieldname defaults to attendance_device_id; the employee must exist.
        const QString field = p.value(QStringLiteral("employee_fieldname"), QStringLiteral("attendance_device_id"));
        const QString value = p.value(QStringLiteral("employee_field_value"));
        const QString time = p.value(QStringLiteral("timestamp"));
        if (value.isEmpty() || time.isEmpty())
            return reply(s, 417,
                         frappeError(QStringLiteral("ValidationError"),
                                     QStringLiteral("'employee_field_value' and 'timestamp' are required.")));
        if (field != employeeField || !employees.contains(value))
            return reply(s, 404,
                         frappeError(QStringLiteral("DoesNotExistError"),
                                     QStringLiteral("No Employee found for the given employee field value.")));
        const QString logType = p.value(QStringLiteral("log_type"));
        for (const QJsonObject &c : std::as_const(checkins)) {
            if (c.value(QLatin1String("employee")).toString() == value &&
                c.value(QLatin1String("time")).toString() == time &&
                c.value(QLatin1String("log_type")).toString() == logType)
                return reply(s, 417,
                             frappeError(QStringLiteral("ValidationError"),
                                         QStringLiteral("This employee already has a log with the same timestamp.")));
        }
        const QJsonObject doc{{QStringLiteral("doctype"), QStringLiteral("Employee Checkin")},
                              {QStringLiteral("name"), QStringLiteral("EMP-CKIN-%1").arg(checkins.size() + 1)},
                              {QStringLiteral("employee"), value},
                              {QStringLiteral("time"), time},
                              {QStringLiteral("device_id"), p.value(QStringLiteral("device_id"))},
                              {QStringLiteral("log_type"), logType}};
        checkins.append(doc);
        reply(s, 200, {{QStringLiteral("message"), doc}});
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};
