// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "punchquery.h"

#include <QByteArray>
#include <QIODevice>

namespace termdesk::query {

/// @brief A write-only device in front of another one that passes the CSV header and only the rows whose
/// enroll_id / user_name match a UserMatcher. It lets the console export with CsvExporter (format v1,
/// the same file as `termdesk export-csv`) while honouring the view's user criterion, which
/// CsvExportFilter does not have. Rows are found with RFC 4180 quoting rules, so a name holding a comma,
/// a quote or a line break stays one row.
class CsvUserFilterDevice final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvUserFilterDevice)
public:
    CsvUserFilterDevice(QIODevice *target, UserMatcher matcher, QObject *parent = nullptr);

    qint64 rowsKept() const { return m_kept; }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    bool handleRecord(QByteArrayView record, QByteArray &out);

    QIODevice *m_target;
    UserMatcher m_matcher;
    QByteArray m_pending; // bytes of the record being assembled
    qsizetype m_scanned = 0;
    bool m_inQuotes = false;
    bool m_header = true;
    int m_enrollColumn = -1;
    int m_userColumn = -1;
    qint64 m_kept = 0;
};

} // namespace termdesk::query
