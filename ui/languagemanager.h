// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QTranslator>

namespace termdesk::ui {

/// @brief The console's language: the system's by default, or the operator's choice (QSettings
/// "ui/language", per user). Installs the TermDesk catalogue (compiled into the program, ":/i18n") and
/// Qt's own (standard buttons) when Qt ships one; installing triggers QEvent::LanguageChange, on which
/// every widget retranslates itself.
class LanguageManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LanguageManager)
public:
    struct Language
    {
        QString code;       ///< "en", "zh_CN", "es"
        QString nativeName; ///< the language's name in itself
    };
    static QList<Language> available();

    explicit LanguageManager(QObject *parent = nullptr);
    ~LanguageManager() override;

    /// Applies @p code ("" = the system's language) to the application.
    void apply(const QString &code);
    /// Applies the saved choice.
    void applySaved();
    QString choice() const { return m_choice; }
    /// The language in use, e.g. "zh_CN" (English when no catalogue matched).
    QString effective() const { return m_effective; }

    static QString savedChoice();
    static void saveChoice(const QString &code);

private:
    QTranslator m_app;
    QTranslator m_qt;
    bool m_installed = false;
    QString m_choice;
    QString m_effective = QStringLiteral("en");
};

} // namespace termdesk::ui
