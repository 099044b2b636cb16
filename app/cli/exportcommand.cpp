// SPDX-License-Identifier: GPL-3.0-or-later
// PLACEHOLDER: being written (CSV export helper); replaced before commit.
#include "exportcommand.h"

#include <cstdio>

namespace termdesk::cli {
int runExportCsv(QCoreApplication &)
{
    std::fprintf(stderr, "termdesk: export-csv is not built yet\n");
    return 1;
}
} // namespace termdesk::cli
