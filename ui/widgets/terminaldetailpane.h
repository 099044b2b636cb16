// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/displaytext.h"
#include "query/terminalquery.h"
#include "storage/commandstore.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QPlainTextEdit;

namespace termdesk::ui {

/// @brief Everything the database knows about one terminal: identity, connection, clock, counters,
/// every capacity, and the whole devinfo object it last sent, pretty-printed.
class TerminalDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalDetailPane)
public:
    explicit TerminalDetailPane(QWidget *parent = nullptr);

    /// Shows @p record (nullptr = nothing selected) with its devinfo JSON.
    void showTerminal(const query::TerminalRecord *record, TerminalStatus status, const QByteArray &devinfoJson);
    QString shownSerial() const { return m_record ? m_record->sn : QString(); }
    /// The terminal's newest commands (storage::CommandStore::list), shown under its capacities.
    void showCommands(const QList<storage::CommandInfo> &commands);

protected:
    void changeEvent(QEvent *event) override;

private:
    enum Field {
        SerialField,
        NameField,
        StatusField,
        ProtocolField,
        ModelField,
        FirmwareField,
        CpuSerialField,
        MacField,
        FpAlgorithmField,
        AddressField,
        PathField,
        FirstSeenField,
        LastSeenField,
        DeviceTimeField,
        DriftField,
        OffsetField,
        BatteryField,
        RefusalField,
        IdentityField,
        HardwareAlertField,
        NetworksField,
        ReceivedField,
        StoredField,
        DuplicateField,
        QuarantinedField,
        FieldCount
    };
    static QString fieldLabel(int field);
    void retranslateUi();
    void fill();
    void fillCommands();

    QLabel *m_title;
    QLabel *m_placeholder;
    QWidget *m_body;
    QFormLayout *m_capacityForm;
    QLabel *m_capacityHeading;
    QLabel *m_devinfoHeading;
    QPlainTextEdit *m_devinfo;
    QLabel *m_commandsHeading;
    QLabel *m_commands;
    QList<storage::CommandInfo> m_commandList;
    QList<QLabel *> m_labels;
    QList<QLabel *> m_values;
    QList<QLabel *> m_capacityLabels;
    QList<QLabel *> m_capacityValues;
    std::optional<query::TerminalRecord> m_record;
    TerminalStatus m_status = TerminalStatus::Offline;
};

} // namespace termdesk::ui
