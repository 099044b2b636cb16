// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminaldetailpane.h"

#include "models/commandtablemodel.h"
#include "util/devicetime.h"

#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace termdesk::ui {

TerminalDetailPane::TerminalDetailPane(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_placeholder(new QLabel(this)), m_body(new QWidget(this)),
      m_capacityForm(new QFormLayout), m_capacityHeading(new QLabel(m_body)), m_devinfoHeading(new QLabel(m_body)),
      m_devinfo(new QPlainTextEdit(m_body)), m_commandsHeading(new QLabel(m_body)), m_commands(new QLabel(m_body))
{
    setObjectName(QStringLiteral("terminalDetail"));
    m_title->setObjectName(QStringLiteral("terminalDetailTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    // Three columns of facts (identity | connection, clock and counters | capacities) beside the JSON.
    auto *identity = new QFormLayout;
    auto *connection = new QFormLayout;
    for (int f = 0; f < FieldCount; ++f) {
        auto *label = new QLabel(m_body);
        auto *value = new QLabel(m_body);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setBuddy(value);
        (f <= PathField ? identity : connection)->addRow(label, value);
        m_labels.append(label);
        m_values.append(value);
    }
    m_values[SerialField]->setObjectName(QStringLiteral("detailSerial"));
    m_values[StatusField]->setObjectName(QStringLiteral("detailStatus"));
    m_values[StoredField]->setObjectName(QStringLiteral("detailPunchesStored"));
    for (int k = 0; k < query::CAPACITY_KIND_COUNT; ++k) {
        auto *label = new QLabel(m_body);
        auto *value = new QLabel(m_body);
        m_capacityForm->addRow(label, value);
        m_capacityLabels.append(label);
        m_capacityValues.append(value);
    }
    QFont headingFont = font();
    headingFont.setBold(true);
    m_capacityHeading->setFont(headingFont);
    m_devinfoHeading->setFont(headingFont);
    m_commandsHeading->setFont(headingFont);
    m_commands->setObjectName(QStringLiteral("detailCommands"));
    m_commands->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_commands->setWordWrap(true);
    m_devinfo->setObjectName(QStringLiteral("detailDevinfo"));
    m_devinfo->setReadOnly(true);
    m_devinfo->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_devinfo->setMinimumWidth(260);
    m_devinfo->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *capacities = new QVBoxLayout;
    capacities->addWidget(m_capacityHeading);
    capacities->addLayout(m_capacityForm);
    capacities->addSpacing(12);
    capacities->addWidget(m_commandsHeading);
    capacities->addWidget(m_commands);
    capacities->addStretch(1);
    auto *devinfo = new QVBoxLayout;
    devinfo->addWidget(m_devinfoHeading);
    devinfo->addWidget(m_devinfo, 1);
    for (QFormLayout *form : {identity, connection, m_capacityForm})
        form->setLabelAlignment(Qt::AlignLeft);
    auto *bodyLayout = new QHBoxLayout(m_body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(24);
    bodyLayout->addLayout(identity);
    bodyLayout->addLayout(connection);
    bodyLayout->addLayout(capacities);
    bodyLayout->addLayout(devinfo, 1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *inner = new QWidget(scroll);
    auto *innerLayout = new QVBoxLayout(inner);
    innerLayout->addWidget(m_title);
    innerLayout->addWidget(m_placeholder, 1);
    innerLayout->addWidget(m_body, 1);
    scroll->setWidget(inner);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    retranslateUi();
    fill();
}

QString TerminalDetailPane::fieldLabel(int field)
{
    switch (field) {
    case SerialField:
        return tr("Serial:");
    case NameField:
        return tr("Name:");
    case StatusField:
        return tr("Status:");
    case ProtocolField:
        return tr("Protocol:");
    case ModelField:
        return tr("Model:");
    case FirmwareField:
        return tr("Firmware:");
    case CpuSerialField:
        return tr("CPU serial:");
    case MacField:
        return tr("MAC address:");
    case FpAlgorithmField:
        return tr("Fingerprint algorithm:");
    case AddressField:
        return tr("Address:");
    case PathField:
        return tr("WebSocket path:");
    case FirstSeenField:
        return tr("First seen:");
    case LastSeenField:
        return tr("Last seen:");
    case DeviceTimeField:
        return tr("Terminal clock at registration:");
    case DriftField:
        return tr("Clock drift:");
    case OffsetField:
        return tr("UTC offset:");
    case BatteryField:
        return tr("Battery:");
    case RefusalField:
        return tr("Last refusal:");
    case IdentityField:
        return tr("Hardware identity:");
    case HardwareAlertField:
        return tr("Hardware alert:");
    case NetworksField:
        return tr("Registers from:");
    case ReceivedField:
        return tr("Punches received:");
    case StoredField:
        return tr("Punches stored:");
    case DuplicateField:
        return tr("Duplicates ignored:");
    case QuarantinedField:
        return tr("Records quarantined:");
    default:
        return {};
    }
}

void TerminalDetailPane::retranslateUi()
{
    for (int f = 0; f < FieldCount; ++f)
        m_labels[f]->setText(fieldLabel(f));
    for (int k = 0; k < query::CAPACITY_KIND_COUNT; ++k)
        m_capacityLabels[k]->setText(DisplayText::capacity(static_cast<query::CapacityKind>(k)) + u':');
    m_capacityHeading->setText(tr("Capacities"));
    m_devinfoHeading->setText(tr("Everything the terminal reported (devinfo)"));
    m_commandsHeading->setText(tr("Newest commands"));
    fillCommands();
    m_placeholder->setText(tr("Select a terminal to see everything it reported."));
    setAccessibleName(tr("Terminal details"));
    m_devinfo->setAccessibleName(tr("Device information as reported"));
    fill();
}

void TerminalDetailPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TerminalDetailPane::showTerminal(const query::TerminalRecord *record, TerminalStatus status,
                                      const QByteArray &devinfoJson)
{
    if (record)
        m_record = *record;
    else
        m_record.reset();
    m_status = status;
    QString pretty;
    if (!devinfoJson.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(devinfoJson);
        pretty = doc.isNull() ? QString::fromUtf8(devinfoJson) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    }
    if (m_devinfo->toPlainText() != pretty)
        m_devinfo->setPlainText(pretty);
    fill();
}

void TerminalDetailPane::fill()
{
    m_placeholder->setVisible(!m_record);
    m_body->setVisible(bool(m_record));
    if (!m_record) {
        m_title->setText(tr("No terminal selected"));
        return;
    }
    const query::TerminalRecord &r = *m_record;
    const QLocale locale;
    const QString none = QStringLiteral("\u2014");
    auto text = [&](const QString &s) { return s.isEmpty() ? none : s; };
    m_title->setText(r.name.isEmpty() ? r.sn : tr("%1 (%2)").arg(r.name, r.sn));
    m_values[SerialField]->setText(r.sn);
    m_values[NameField]->setText(text(r.name));
    m_values[StatusField]->setText(DisplayText::terminalStatus(m_status));
    m_values[ProtocolField]->setText(DisplayText::protocol(r.protocol));
    m_values[ModelField]->setText(text(r.model));
    m_values[FirmwareField]->setText(text(r.firmware));
    m_values[CpuSerialField]->setText(text(r.cpuSerial));
    m_values[MacField]->setText(text(r.mac));
    m_values[FpAlgorithmField]->setText(text(r.fpAlgorithm));
    m_values[AddressField]->setText(text(r.peer));
    m_values[PathField]->setText(text(r.wsPath));
    m_values[FirstSeenField]->setText(DisplayText::timestamp(r.firstSeenMs));
    m_values[LastSeenField]->setText(DisplayText::timestamp(r.lastSeenMs));
    m_values[DeviceTimeField]->setText(text(r.deviceTime));
    m_values[DriftField]->setText(text(DisplayText::clockDrift(r.clockDriftS)));
    m_values[OffsetField]->setText(r.utcOffsetMin ? devicetime::formatOffset(*r.utcOffsetMin)
                                                  : tr("this computer's time zone"));
    m_values[BatteryField]->setText(r.batteryPercent ? tr("%1 %").arg(*r.batteryPercent) : none);
    m_values[RefusalField]->setText(text(r.lastRefusal));
    m_values[IdentityField]->setText(text(r.identity));
    m_values[HardwareAlertField]->setText(
        r.identityClaim.isEmpty()
            ? text(QString())
            : tr("possible impostor or replaced hardware: %1 from %2 at %3")
                  .arg(r.identityClaim, r.identityClaimPeer, DisplayText::timestamp(r.identityClaimMs)));
    m_values[NetworksField]->setText(r.allowedNetworks.isEmpty() ? tr("any address") : r.allowedNetworks);
    m_values[ReceivedField]->setText(locale.toString(r.punchesReceived));
    m_values[StoredField]->setText(locale.toString(r.punchesStored));
    m_values[DuplicateField]->setText(locale.toString(r.punchesDuplicate));
    m_values[QuarantinedField]->setText(locale.toString(r.recordsQuarantined));
    for (int k = 0; k < query::CAPACITY_KIND_COUNT; ++k)
        m_capacityValues[k]->setText(DisplayText::capacityUsage(r.capacities[static_cast<size_t>(k)]));
}

void TerminalDetailPane::showCommands(const QList<storage::CommandInfo> &commands)
{
    if (commands == m_commandList)
        return;
    m_commandList = commands;
    fillCommands();
}

void TerminalDetailPane::fillCommands()
{
    QStringList lines;
    for (const storage::CommandInfo &c : std::as_const(m_commandList)) {
        lines.append(tr("#%1 %2: %3, %4")
                         .arg(c.id)
                         .arg(CommandTableModel::describe(c.kind, c.payload), CommandTableModel::stateText(c.state),
                              DisplayText::shortTimestamp(c.updatedMs)));
    }
    m_commands->setText(lines.isEmpty() ? tr("None") : lines.join(QLatin1Char('\n')));
}

} // namespace termdesk::ui
