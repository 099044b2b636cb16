// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialkind.h"

#include <QStringList>

namespace termdesk {
namespace {

// Indexed by CredentialKind's number: the text existing databases hold in getuserinfo summaries.
constexpr QLatin1StringView NAMES[] = {
    QLatin1StringView("fingerprint"), QLatin1StringView("password"), QLatin1StringView("card"),
    QLatin1StringView("face"),        QLatin1StringView("palm"),     QLatin1StringView("photo"),
    QLatin1StringView("other"),
};
static_assert(std::size(NAMES) == std::size_t(lastCredentialKind) + 1, "every CredentialKind has its name");

struct Range
{
    int first;
    int last;
    CredentialKind kind;
};

// The slot numbers, as docs/roster.md gives them: "fingerprints 0–9, password 10, card 11,
// faces 20–27, palms, photo 50". 50 is the user's photo, not a face template: docs/commands.md
// shows a getuserinfo of it as `{"enrollid":1,"backupnum":50,"kind":"photo","bytes":24000}`, and
// docs/roster.md counts it apart (`has_photo`: "1 when a photo (50) is stored"; `faces`: "how many
// face templates (20–27) are stored"). On the terminal it takes a face slot (takesFaceSlot()).
// docs/protocol-websocket.md only uses it as an example (`{"cmd":"getuserinfo","enrollid":1,
// "backupnum":50}`). The palm numbers (30–37, 40, 41) are not in the docs; kept as the code had them.
constexpr Range RANGES[] = {
    {0, 9, CredentialKind::Fingerprint}, {10, 10, CredentialKind::Password}, {11, 11, CredentialKind::Card},
    {20, 27, CredentialKind::Face},      {30, 37, CredentialKind::Palm},     {40, 41, CredentialKind::Palm},
    {50, 50, CredentialKind::Photo},
};

} // namespace

QLatin1StringView name(CredentialKind kind)
{
    return domainvalue::nameOf(NAMES, kind);
}

template <> std::optional<CredentialKind> fromName<CredentialKind>(QStringView text)
{
    return domainvalue::find<CredentialKind>(NAMES, text);
}

CredentialKind credentialKind(int backupNum)
{
    for (const Range &r : RANGES) {
        if (backupNum >= r.first && backupNum <= r.last)
            return r.kind;
    }
    return CredentialKind::Other;
}

QString sqlCondition(CredentialKind kind, QLatin1StringView column)
{
    QStringList terms;
    for (const Range &r : RANGES) {
        if (r.kind != kind)
            continue;
        terms.append(r.first == r.last ? QStringLiteral("%1 = %2").arg(column).arg(r.first)
                                       : QStringLiteral("%1 BETWEEN %2 AND %3").arg(column).arg(r.first).arg(r.last));
    }
    // Other is "none of the ranges": nothing asks for it in SQL, so it matches nothing rather than
    // spelling out a negation no caller needs. (1 = 0), not (0): PostgreSQL wants a boolean there.
    return terms.isEmpty() ? QStringLiteral("(1 = 0)")
                           : QStringLiteral("(") + terms.join(QLatin1String(" OR ")) + QStringLiteral(")");
}

bool takesFaceSlot(CredentialKind kind)
{
    return kind == CredentialKind::Face || kind == CredentialKind::Photo;
}

} // namespace termdesk
