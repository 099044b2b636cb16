// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QHeaderView;

namespace termdesk::ui {

/// Gives @p header a context menu that shows and hides its columns (one checkable entry per column,
/// the last visible one cannot be hidden). Hidden columns are part of QHeaderView::saveState(), so they
/// persist with the column widths and the sort order.
void installColumnChooser(QHeaderView *header);

} // namespace termdesk::ui
