// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace termdesk::api {

/// Which punches one page of GET /api/v1/punches holds.
struct PunchPageRequest
{
    qint64 after = 0;          ///< only punch_id > after
    int limit = 100;           ///< at most this many
    QString terminalSn;        ///< empty: every terminal
    std::optional<QDate> from; ///< inclusive, the terminal's local day
    std::optional<QDate> to;   ///< inclusive
};

/// A page: the records, the cursor of the next page and whether more rows match beyond it.
struct PunchPage
{
    QJsonArray data;
    qint64 nextCursor = 0;
    bool hasMore = false;
};

/// @brief The REST API's reads (docs/integration.md), each one SELECT (one snapshot) on the API's
/// read-only connection. Punch records carry the CSV v2 fields under the CSV's column names
/// (service::CsvExporter::columns(2)); terminals and users never carry credentials, identity claims
/// or photos.
class ApiReads
{
public:
    /// False with @p error on a database error.
    static bool punches(const QSqlDatabase &db, const PunchPageRequest &request, PunchPage *page, QString *error);
    /// Whether any punch after @p cursor matches @p request's filter (the CSV page's X-Has-More).
    static bool morePunches(const QSqlDatabase &db, const PunchPageRequest &request, qint64 cursor, QString *error);
    /// Where the page of @p request ends: its number of rows and the punch_id of its last one
    /// (request.after when it is empty). What GET /api/v1/punches.csv says in its header fields
    /// before it streams the rows. False on a database error.
    static bool pageEnd(const QSqlDatabase &db, const PunchPageRequest &request, qint64 *rows, qint64 *lastId,
                        QString *error);
    static std::optional<QJsonArray> terminals(const QSqlDatabase &db, QString *error);
    static std::optional<QJsonArray> users(const QSqlDatabase &db, QString *error);
    /// The command @p id (no payload and no result: they may carry credential data), or an empty
    /// object when there is none; nullopt on a database error.
    static std::optional<QJsonObject> command(const QSqlDatabase &db, qint64 id, QString *error);
};

} // namespace termdesk::api
