// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httpserver.h"
#include "storage/apikeystore.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QString>

#include <memory>
#include <optional>

namespace termdesk::api {

/// Where the REST API listens and what it reads (EngineConfig's api* fields, docs/integration.md).
struct ApiConfig
{
    QString database; ///< the store: a SQLite file or a postgresql:// URL
    QHostAddress address = QHostAddress::LocalHost;
    int port = 0; ///< 0: a free port
    http::HttpServerLimits limits;
    /// Set: https only, with this certificate and key (net::TlsIdentity, the one of `wss://`; settings
    /// `api/tls`, `--api-tls`). A TLS handshake must end within limits.requestTimeoutMs.
    std::optional<QSslConfiguration> tls;
};

/// @brief The local REST API (docs/integration.md): routes, API keys and scopes, JSON answers, on an
/// http::HttpServer. Lives in a thread of its own (ApiHost) with its own read-only connection to the
/// store, and a read-write one opened at the first POST: the terminal servers' threads and the
/// storage writer never wait for it (SQLite in WAL mode: readers never block the writer).
/// Keys are looked up in the store at every request, so `termdesk api-key create|revoke` counts from
/// the next request, also while the server runs.
class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)
public:
    explicit ApiServer(ApiConfig config, QObject *parent = nullptr);
    ~ApiServer() override;

    /// Opens the read-only connection and listens; false with lastError().
    Q_INVOKABLE bool start();
    Q_INVOKABLE void stop();
    QString lastError() const { return m_error; }
    quint16 port() const;
    const ApiConfig &config() const { return m_config; }
    /// The server of the connections (for its limits and the refused-connection signal).
    http::HttpServer *httpServer() const { return m_http.get(); }

private:
    http::HttpResponse handle(const http::HttpRequest &request, const QHostAddress &peer);
    http::HttpResponse route(const http::HttpRequest &request);
    std::optional<http::HttpResponse> authenticate(const http::HttpRequest &request, storage::ApiKeyInfo *key);
    http::HttpResponse punches(const http::HttpRequest &request, bool csv);
    http::HttpResponse postCommand(const http::HttpRequest &request, const storage::ApiKeyInfo &key);
    http::HttpResponse health();
    bool openWriter(QString *error);

    ApiConfig m_config;
    QString m_error;
    QString m_readName;
    QString m_writeName;
    bool m_readOpen = false;
    bool m_writeOpen = false;
    std::unique_ptr<http::HttpServer> m_http;
};

} // namespace termdesk::api
