// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QNetworkRequest>
#include <QString>

#include <optional>

namespace termdesk::webhook {

/// How an ERPNext / Frappe HRMS endpoint maps a punch (docs/integration.md, "ERPNext / Frappe HRMS").
struct ErpnextOptions
{
    QString employeeField = QStringLiteral("attendance_device_id"); ///< the Employee field holding the enrol id
    QMap<int, QString> inOut{{0, QStringLiteral("IN")},
                             {1, QStringLiteral("OUT")},
                             {4, QStringLiteral("IN")},
                             {5, QStringLiteral("OUT")}}; ///< in_out → log_type; others: empty log_type

    /// Per terminal serial, a rule that replaces inOut for that terminal's punches: a map like
    /// inOut, or one log_type for every punch (the key ANY_CODE).
    QMap<QString, QMap<int, QString>> terminalInOut;

    static constexpr int ANY_CODE = -1;
    static constexpr int MAX_TERMINALS = 1000;

    QString toJson() const;
    static ErpnextOptions fromJson(const QString &text);
    /// "0=IN,1=OUT,4=IN,5=OUT" (IN, OUT or nothing after '='); nullopt and @p error when malformed.
    static std::optional<QMap<int, QString>> parseInOut(const QString &text, QString *error);
    QString inOutText() const;
    /// Applies "SN=IN", "SN=OUT", "SN=0=IN,1=OUT" (that terminal's own rule) or "SN=" (the
    /// terminal follows inOut again) to terminalInOut; false and @p error when malformed or when
    /// it would hold more than MAX_TERMINALS terminals.
    bool applyTerminalLogType(const QString &text, QString *error);
    /// "SN=IN; SN2=0=IN,1=OUT" (empty when there is no per-terminal rule).
    QString terminalInOutText() const;
    /// The log_type of a punch of terminal @p sn with in_out @p code ("IN", "OUT" or empty).
    QString logType(const QString &sn, int code) const;
    /// A rule as text: "IN", "OUT" or a map like inOutText().
    static QString ruleText(const QMap<int, QString> &rule);
};

/// @brief The ERPNext target: one punch per request to the whitelisted method
/// add_log_based_on_employee_field, token authentication, and the duplicate answer taken as delivered.
class ErpnextTarget
{
public:
    static constexpr const char *METHOD = "hrms.hr.doctype.employee_checkin.employee_checkin."
                                          "add_log_based_on_employee_field";
    /// Empty, or why @p employeeField / @p token ("KEY:SECRET") is refused.
    static QString validate(const QString &employeeField, const QByteArray &token);
    /// @p url with "/api/method/<METHOD>" appended when it has no path.
    static QUrl methodUrl(const QString &url);
    /// The JSON body for one punch record of the REST API (CSV v2 columns).
    static QByteArray body(const QJsonObject &record, const ErpnextOptions &options);
    static QNetworkRequest request(const QString &url, const QByteArray &token, int timeoutMs);
    /// ERPNext refused an identical check-in (same employee, time and log_type): it is there already.
    static bool isDuplicate(int httpCode, const QByteArray &answer);
};

} // namespace termdesk::webhook
