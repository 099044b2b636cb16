// SPDX-License-Identifier: GPL-3.0-or-later
// PLACEHOLDER: being written (CSV export helper).
#pragma once
