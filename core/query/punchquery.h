// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "service/csvexporter.h"

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace termdesk::query {

/// @brief What the punches view shows. Every criterion is optional; an empty filter shows everything.
struct PunchFilter
{
    std::optional<QDate> from; ///< inclusive, on the terminal's local_time ("from 00:00:00")
    std::optional<QDate> to;   ///< inclusive, on the terminal's local_time ("to 23:59:59")
    QString terminalSn;        ///< only this terminal; empty = all
    QString user;              ///< enroll id or part of the user name; empty = everyone

    bool isEmpty() const { return !from && !to && terminalSn.isEmpty() && user.trimmed().isEmpty(); }
    /// The date and terminal criteria as the CSV exporter takes them (the user criterion is applied by
    /// CsvUserFilterDevice).
    service::CsvExportFilter exportFilter() const;
    friend bool operator==(const PunchFilter &, const PunchFilter &) = default;
};

/// @brief The user criterion of a PunchFilter, with one meaning everywhere (SQL, live punches, CSV rows):
/// a number matches that enroll id; any text also matches a user name containing it, case-insensitively
/// for ASCII letters only — exactly what SQLite's lower() does, so the live view and the query agree.
/// The user name is the roster name (users table), else the name inside the record.
class UserMatcher
{
public:
    explicit UserMatcher(QStringView text);

    bool isEmpty() const { return m_needle.isEmpty(); }
    bool matches(qint64 enrollId, QStringView userName) const;
    std::optional<qint64> enrollId() const { return m_enrollId; }
    QString needle() const { return m_needle; } ///< trimmed, ASCII letters lower-cased

    static QString foldAscii(QStringView text);

private:
    QString m_needle;
    std::optional<qint64> m_enrollId;
};

/// @brief One punch as the punches view lists it.
struct PunchRecord
{
    qint64 id = 0;
    QString terminalSn;
    qint64 enrollId = 0;
    QString localTime; ///< "yyyy-MM-dd HH:mm:ss" on the terminal's clock
    int verifyMode = 0;
    int inOut = 0;
    int event = 0;
    std::optional<double> temperature;
    QString name; ///< the name inside the record (the roster name is looked up separately)
};

/// @brief One page of punches and where the next one starts.
struct PunchPage
{
    QList<PunchRecord> rows; ///< newest first
    qint64 nextBeforeId = 0; ///< read the next page below this id
    qint64 newestIdSeen = 0; ///< every punch with an id up to this one was considered (matching or not)
    bool exhausted = true;   ///< no older punch is left to read
};

/// @brief Pages of punches for the console, newest first, by keyset on punches.id: each page is one short
/// forward-only statement, finished before it returns, so the GUI never holds a read transaction open
/// between pages (that would starve the WAL checkpoint, docs/performance.md).
///
/// A selective filter (a user nobody matches) would make one statement scan the whole table: a page
/// therefore looks at no more than @p scanWindow ids. A page may come back short, or empty, with more
/// to read below nextBeforeId; the caller continues when it likes, keeping every statement short.
class PunchQuery
{
public:
    /// Up to @p limit punches matching @p filter with ids in [beforeId - scanWindow, beforeId), newest
    /// first. @p beforeId 0 = above the newest punch; @p scanWindow 0 = no window.
    static PunchPage page(const QSqlDatabase &db, const PunchFilter &filter, qint64 beforeId, int limit,
                          qint64 scanWindow, QString *error);

    /// The date and terminal criteria applied to one punch (for live punches; the same bounds as the SQL).
    static bool matchesRange(const PunchFilter &filter, QStringView localTime, QStringView terminalSn);

    /// The lower bound "yyyy-MM-dd 00:00:00" / upper bound "yyyy-MM-dd 23:59:59" of a filter day.
    static QString dayStart(const QDate &day);
    static QString dayEnd(const QDate &day);
};

} // namespace termdesk::query
