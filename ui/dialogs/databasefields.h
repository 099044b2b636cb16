// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QWidget;

namespace termdesk {
class Settings;
}

namespace termdesk::ui {

/// @brief The Settings dialog's shared-store rows (docs/multi-pc.md): the PostgreSQL URL of the
/// store (`storage/database`; empty: termdesk.sqlite in the data directory) and "no terminal
/// servers on this PC" (`network/servers`). The URL takes effect at the next start, the servers
/// at once (their ports change, as the Network rows' do). A password in
/// the URL is never shown again once saved: the field shows it as PASSWORD_MASK, and saving the
/// mask keeps the saved password. Its widgets are children of the dialog.
class DatabaseFields final : public QObject
{
    Q_OBJECT
public:
    /// What the field shows instead of a saved password.
    static constexpr char PASSWORD_MASK[] = "********";

    explicit DatabaseFields(QWidget *dialog);

    void addRows(QFormLayout *form);
    void retranslateUi();
    void load(const Settings &settings);
    /// Writes the fields, or returns false with *error saying what is wrong with the URL
    /// (nothing written).
    bool save(Settings &settings, QString *error) const;

    /// `url` with the password in its user part replaced by PASSWORD_MASK (as it is without one).
    static QString masked(const QString &url);
    /// `edited` with a password equal to PASSWORD_MASK replaced by `saved`'s password (as it is otherwise).
    static QString unmasked(const QString &edited, const QString &saved);

private:
    QLabel *m_urlLabel;
    QLineEdit *m_url;
    QLabel *m_hint;
    QCheckBox *m_noServers;
    QString m_saved; ///< the URL as loaded, password included (never shown)
};

} // namespace termdesk::ui
