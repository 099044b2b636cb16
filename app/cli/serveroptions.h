// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "databaseoption.h"
#include "settings/engineconfig.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace termdesk::cli {

/// @brief The options every server-running mode shares (GUI and --headless):
/// --data-dir, --database, --listen, --ws-port, --tcp-port, --no-servers, --admission, --idle-timeout, the wss
/// listener's --wss-port, --tls-cert, --tls-key, the REST API's --api-port and --api-listen, and the
/// scheduled export's --export-every | --export-daily, --export-folder, --export-format, --export-bom.
struct ServerOptions
{
    QCommandLineOption dataDir{QStringLiteral("data-dir"), QStringLiteral("Data directory (database, settings)."),
                               QStringLiteral("DIR")};
    QCommandLineOption database = databaseOption();
    QCommandLineOption listen{QStringLiteral("listen"), QStringLiteral("Address to bind the terminal servers to."),
                              QStringLiteral("ADDR")};
    QCommandLineOption wsPort{QStringLiteral("ws-port"),
                              QStringLiteral("WebSocket port (default 7788; 0 picks a free port; off: only wss)."),
                              QStringLiteral("N")};
    QCommandLineOption wssPort{QStringLiteral("wss-port"),
                               QStringLiteral("wss:// (TLS) WebSocket port (0 picks a free port; off; default: "
                                              "network/wssPort, off)."),
                               QStringLiteral("N")};
    QCommandLineOption tlsCert{QStringLiteral("tls-cert"),
                               QStringLiteral("PEM certificate of wss:// (default: tls/certificate, else "
                                              "termdesk-cert.pem in the data directory)."),
                               QStringLiteral("FILE")};
    QCommandLineOption tlsKey{QStringLiteral("tls-key"),
                              QStringLiteral("PEM private key of wss:// (default: tls/key, else termdesk-key.pem)."),
                              QStringLiteral("FILE")};
    QCommandLineOption tcpPort{QStringLiteral("tcp-port"),
                               QStringLiteral("TCP binary protocol port (default 7857; 0 picks a free port; off)."),
                               QStringLiteral("N")};
    QCommandLineOption noServers{QStringLiteral("no-servers"),
                                 QStringLiteral("Run no terminal servers (ws://, wss:// and TCP off): a console of a "
                                                "shared database whose terminals connect to other PCs "
                                                "(docs/multi-pc.md).")};
    QCommandLineOption admission{QStringLiteral("admission"),
                                 QStringLiteral("Admission policy for new terminals: open, approval or closed."),
                                 QStringLiteral("POLICY")};
    QCommandLineOption idleTimeout{QStringLiteral("idle-timeout"),
                                   QStringLiteral("Close a terminal connection silent for SECONDS (default 180)."),
                                   QStringLiteral("SECONDS")};

    QCommandLineOption apiPort{QStringLiteral("api-port"),
                               QStringLiteral("Turn on the local REST API on port N (0 picks a free port; "
                                              "docs/integration.md). Off by default."),
                               QStringLiteral("N")};
    QCommandLineOption apiListen{QStringLiteral("api-listen"),
                                 QStringLiteral("Address the REST API binds to (default 127.0.0.1: this computer "
                                                "only)."),
                                 QStringLiteral("ADDR")};
    QCommandLineOption apiTls{QStringLiteral("api-tls"),
                              QStringLiteral("Serve the REST API over https only, with the certificate and key of "
                                             "wss:// (--tls-cert, --tls-key; `termdesk tls generate`).")};

    QCommandLineOption exportEvery{QStringLiteral("export-every"),
                                   QStringLiteral("Export the new punches as CSV every N minutes (1-1440; 0: no "
                                                  "scheduled export). Overrides termdesk.ini's export/*."),
                                   QStringLiteral("N")};
    QCommandLineOption exportDaily{QStringLiteral("export-daily"),
                                   QStringLiteral("Export the new punches as CSV daily at HH:MM (local time)."),
                                   QStringLiteral("HH:MM")};
    QCommandLineOption exportFolder{QStringLiteral("export-folder"),
                                    QStringLiteral("Folder of the scheduled export (default: exports in the data "
                                                   "directory)."),
                                    QStringLiteral("DIR")};
    QCommandLineOption exportFormat{QStringLiteral("export-format"),
                                    QStringLiteral("CSV format of the scheduled export: v1 or v2 (default v2)."),
                                    QStringLiteral("v1|v2")};
    QCommandLineOption exportBom{QStringLiteral("export-bom"),
                                 QStringLiteral("Start each scheduled export file with the UTF-8 byte order mark.")};

    void addTo(QCommandLineParser &parser) const;

    /// Loads the saved settings of the data directory and applies the command-line values on
    /// top. Returns false with a message naming the bad option.
    /// @p defaultDir is used when neither --data-dir nor TERMDESK_DATA_DIR is given (the console passes
    /// the directory chosen in its Settings dialog); empty: the platform's default.
    bool resolve(const QCommandLineParser &parser, EngineConfig &config, QString *error,
                 const QString &defaultDir = {}) const;

private:
    bool resolveExport(const QCommandLineParser &parser, ExportPlan &plan, QString *error) const;
    bool resolveApi(const QCommandLineParser &parser, EngineConfig &config, QString *error) const;
};

} // namespace termdesk::cli
