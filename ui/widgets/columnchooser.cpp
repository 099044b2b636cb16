// SPDX-License-Identifier: GPL-3.0-or-later
#include "columnchooser.h"

#include <QAction>
#include <QCoreApplication>
#include <QHeaderView>
#include <QMenu>

namespace termdesk::ui {
namespace {

class ColumnChooser
{
    Q_DECLARE_TR_FUNCTIONS(ColumnChooser)
public:
    static void show(QHeaderView *header, const QPoint &pos)
    {
        QAbstractItemModel *model = header->model();
        if (!model)
            return;
        QMenu menu(header);
        menu.setObjectName(QStringLiteral("columnChooser"));
        menu.setTitle(tr("Columns"));
        menu.addSection(tr("Columns"));
        const int visible = header->count() - header->hiddenSectionCount();
        for (int logical = 0; logical < header->count(); ++logical) {
            QAction *action = menu.addAction(model->headerData(logical, header->orientation()).toString());
            action->setCheckable(true);
            action->setChecked(!header->isSectionHidden(logical));
            action->setEnabled(header->isSectionHidden(logical) || visible > 1);
            QObject::connect(action, &QAction::toggled, header,
                             [header, logical](bool on) { header->setSectionHidden(logical, !on); });
        }
        menu.exec(header->viewport()->mapToGlobal(pos));
    }
};

} // namespace

void installColumnChooser(QHeaderView *header)
{
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QWidget::customContextMenuRequested, header,
                     [header](const QPoint &pos) { ColumnChooser::show(header, pos); });
}

} // namespace termdesk::ui
