// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace termdesk::cli {

/// `termdesk export-csv FILE|- [--data-dir DIR] [--from D] [--to D] [--terminal SN] [--bom]
/// [--format v1|v2] [--after CURSOR | --state FILE] [--raw-text]`
int runExportCsv(QCoreApplication &app);

} // namespace termdesk::cli
