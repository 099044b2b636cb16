// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialbytes.h"

#include "credentialkind.h"

#include <cctype>

namespace termdesk {

QString stripDataUri(const QString &data)
{
    if (data.startsWith(QLatin1String("data:"))) {
        const qsizetype comma = data.indexOf(u',');
        if (comma > 0)
            return data.mid(comma + 1);
    }
    return data;
}

std::optional<QByteArray> credentialBytes(int backupNum, const QString &data)
{
    const CredentialKind kind = credentialKind(backupNum);
    if (kind == CredentialKind::Password || kind == CredentialKind::Card)
        return data.trimmed().toUtf8();
    if (kind == CredentialKind::Fingerprint) {
        // hex, where "(N)" stands for N zero bytes (the WebSocket compression)
        QByteArray out;
        const QByteArray text = data.trimmed().toLatin1();
        QByteArray hex;
        auto flush = [&]() -> bool {
            if (hex.size() % 2 != 0)
                return false;
            for (const char c : hex) {
                if (!std::isxdigit(static_cast<unsigned char>(c)))
                    return false;
            }
            out.append(QByteArray::fromHex(hex));
            hex.clear();
            return true;
        };
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i) == '(') {
                const qsizetype close = text.indexOf(')', i);
                bool ok = false;
                const int zeros = close > i ? text.mid(i + 1, close - i - 1).toInt(&ok) : 0;
                if (!ok || zeros < 0 || zeros > 65536 || !flush())
                    return std::nullopt;
                out.append(QByteArray(zeros, '\0'));
                i = close;
            } else {
                hex.append(text.at(i));
            }
        }
        if (!flush() || out.isEmpty())
            return std::nullopt;
        return out;
    }
    auto decoded = QByteArray::fromBase64Encoding(stripDataUri(data).trimmed().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return std::nullopt;
    return decoded.decoded;
}

} // namespace termdesk
