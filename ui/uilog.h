// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// The console's category; enable with QT_LOGGING_RULES="termdesk.ui.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcUi)
