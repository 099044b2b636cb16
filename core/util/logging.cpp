// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

Q_LOGGING_CATEGORY(lcNet, "termdesk.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWs, "termdesk.ws", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "termdesk.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "termdesk.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcExport, "termdesk.export", QtInfoMsg)
