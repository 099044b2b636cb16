// SPDX-License-Identifier: GPL-3.0-or-later
#include "webhooksigner.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <array>

namespace termdesk::webhook {
namespace {

const QByteArray PREFIX = QByteArrayLiteral("whsec_");
constexpr qsizetype MIN_KEY = 24;
constexpr qsizetype MAX_KEY = 64;

} // namespace

QByteArray WebhookSigner::generateSecret()
{
    std::array<quint32, SECRET_BYTES / 4> random{};
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    const QByteArray bytes(reinterpret_cast<const char *>(random.data()), sizeof(random));
    return PREFIX + bytes.toBase64();
}

std::optional<QByteArray> WebhookSigner::key(QByteArrayView secret)
{
    if (!secret.startsWith(PREFIX) || secret.size() > PREFIX.size() + 4 * MAX_KEY / 3 + 4)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(secret.sliced(PREFIX.size()).toByteArray(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < MIN_KEY || decoded.decoded.size() > MAX_KEY)
        return std::nullopt;
    return decoded.decoded;
}

QByteArray WebhookSigner::sign(QByteArrayView secret, QByteArrayView id, qint64 timestampS, QByteArrayView body)
{
    const std::optional<QByteArray> k = key(secret);
    if (!k)
        return {};
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, *k);
    const QByteArray stamp = QByteArray::number(timestampS);
    mac.addData(id.data(), id.size());
    mac.addData(".", 1);
    mac.addData(stamp.constData(), stamp.size());
    mac.addData(".", 1);
    mac.addData(body.data(), body.size());
    return QByteArrayLiteral("v1,") + mac.result().toBase64();
}

QByteArray WebhookSigner::header(const QByteArrayList &secrets, QByteArrayView id, qint64 timestampS,
                                 QByteArrayView body)
{
    QByteArrayList signatures;
    for (const QByteArray &secret : secrets) {
        const QByteArray s = sign(secret, id, timestampS, body);
        if (!s.isEmpty())
            signatures.append(s);
    }
    return signatures.join(' ');
}

} // namespace termdesk::webhook
