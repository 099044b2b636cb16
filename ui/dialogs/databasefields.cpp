// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasefields.h"

#include "settings/settings.h"
#include "storage/postgresurl.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace termdesk::ui {
namespace {

constexpr int MAX_URL_CHARS = 1'000;

/// Where the password of `url`'s user part is: [start, end), or start < 0 when it has none.
std::pair<qsizetype, qsizetype> passwordSpan(const QString &url)
{
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    if (scheme < 0)
        return {-1, -1};
    const qsizetype begin = scheme + 3;
    qsizetype slash = url.indexOf(u'/', begin);
    if (slash < 0)
        slash = url.size();
    const qsizetype at = url.lastIndexOf(u'@', slash - 1);
    if (at < begin)
        return {-1, -1};
    const qsizetype colon = url.indexOf(u':', begin);
    if (colon < 0 || colon > at)
        return {-1, -1};
    return {colon + 1, at};
}

} // namespace

DatabaseFields::DatabaseFields(QWidget *dialog)
    : QObject(dialog), m_urlLabel(new QLabel(dialog)), m_url(new QLineEdit(dialog)), m_hint(new QLabel(dialog)),
      m_noServers(new QCheckBox(dialog))
{
    m_url->setObjectName(QStringLiteral("settingDatabase"));
    m_url->setMaxLength(MAX_URL_CHARS);
    m_url->setClearButtonEnabled(true);
    m_noServers->setObjectName(QStringLiteral("settingNoServers"));
    m_hint->setObjectName(QStringLiteral("settingDatabaseHint"));
    m_hint->setWordWrap(true);
    m_urlLabel->setBuddy(m_url);
}

void DatabaseFields::addRows(QFormLayout *form)
{
    form->addRow(m_urlLabel, m_url);
    form->addRow(QString(), m_hint);
    form->addRow(QString(), m_noServers);
}

void DatabaseFields::retranslateUi()
{
    m_urlLabel->setText(tr("Shared &database:"));
    m_url->setPlaceholderText(tr("empty: termdesk.sqlite in the data directory"));
    m_url->setToolTip(tr("A PostgreSQL database several PCs share: "
                         "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]. Better leave the "
                         "password out and put it in the user's ~/.pgpass."));
    QString hint = tr("Used from the next start. A saved password is shown as %1; leave it so to keep it.")
                       .arg(QLatin1String(PASSWORD_MASK));
    if (!qEnvironmentVariableIsEmpty("TERMDESK_DATABASE"))
        hint += u' ' + tr("TERMDESK_DATABASE is set: it is used instead of this field.");
    m_hint->setText(hint);
    m_noServers->setText(tr("Run &no terminal servers on this PC (a console of the shared database)"));
    m_noServers->setToolTip(tr("The WebSocket, wss:// and TCP servers stay off: terminals connect to the "
                               "servers of other PCs, this console shows what they store. Takes effect at once."));
}

void DatabaseFields::load(const Settings &settings)
{
    m_saved = settings.value(settingkeys::database).toString().trimmed();
    m_url->setText(masked(m_saved));
    m_noServers->setChecked(!settings.value(settingkeys::servers).toBool());
}

bool DatabaseFields::save(Settings &settings, QString *error) const
{
    const QString url = unmasked(m_url->text().trimmed(), m_saved);
    if (!url.isEmpty()) {
        QString why;
        if (!storage::PostgresUrl::isUrl(url) || !storage::PostgresUrl::parse(url, &why)) {
            if (error)
                *error =
                    tr("Shared database: %1")
                        .arg(why.isEmpty() ? tr("not a postgresql:// URL (leave it empty for termdesk.sqlite)") : why);
            return false;
        }
        if (!storage::postgresBuilt()) {
            if (error)
                *error = tr("Shared database: this TermDesk was built without PostgreSQL support.");
            return false;
        }
    }
    settings.setValue(settingkeys::database, url);
    settings.setValue(settingkeys::servers, !m_noServers->isChecked());
    return true;
}

QString DatabaseFields::masked(const QString &url)
{
    const auto [start, end] = passwordSpan(url);
    if (start < 0 || start == end)
        return url;
    QString out = url;
    out.replace(start, end - start, QLatin1String(PASSWORD_MASK));
    return out;
}

QString DatabaseFields::unmasked(const QString &edited, const QString &saved)
{
    const auto [start, end] = passwordSpan(edited);
    if (start < 0 || QStringView(edited).mid(start, end - start) != QLatin1String(PASSWORD_MASK))
        return edited;
    const auto [savedStart, savedEnd] = passwordSpan(saved);
    QString out = edited;
    out.replace(start, end - start, savedStart < 0 ? QString() : saved.mid(savedStart, savedEnd - savedStart));
    return out;
}

} // namespace termdesk::ui
