<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ColumnChooser</name>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisplayText</name>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Palms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Palm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enroller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 (%3 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sleeping</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::CommandTableModel</name>
    <message>
        <source>Pull logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull logs %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open door</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read capacities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read user %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull new logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase the logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete every user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete every user and log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demote every administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send user %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete user %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase the punches</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n user(s)</source>
        <translation>
            <numerusform>Delete %n user</numerusform>
            <numerusform>Delete %n users</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send %n user(s)</source>
        <translation>
            <numerusform>Send %n user</numerusform>
            <numerusform>Send %n users</numerusform>
        </translation>
    </message>
    <message>
        <source>Write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued %1, updated %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result or reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::CommandsView</name>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel command…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the selected commands that have not been answered yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue the selected failed, expired or cancelled commands again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the commands: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln command(s)</source>
        <translation>
            <numerusform>%Ln command</numerusform>
            <numerusform>%Ln commands</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1 %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n command(s)? A command already sent may still be carried out by the terminal; its answer is then ignored.</source>
        <translation>
            <numerusform>Cancel %n command? If it was already sent the terminal may still carry it out; its answer is then ignored.</numerusform>
            <numerusform>Cancel %n commands? A command already sent may still be carried out by the terminal; its answer is then ignored.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not cancel command %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled command %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n command(s).</source>
        <translation>
            <numerusform>Cancelled %n command.</numerusform>
            <numerusform>Cancelled %n commands.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not queue command %1 again: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued command %1 again as %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Queued %n command(s) again.</source>
        <translation>
            <numerusform>Queued %n command again.</numerusform>
            <numerusform>Queued %n commands again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ConnectPage</name>
    <message>
        <source>this computer&apos;s IP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect your terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;On each terminal open &lt;b&gt;Menu → Comm set → Server&lt;/b&gt; (the names vary by firmware) and set:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Server req&lt;/b&gt;: yes&lt;/li&gt;&lt;li&gt;&lt;b&gt;Server IP&lt;/b&gt;: %1&lt;/li&gt;&lt;li&gt;&lt;b&gt;SerPortNo&lt;/b&gt;: %2&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The terminal registers within seconds and appears under &lt;b&gt;Terminals&lt;/b&gt;. With the admission policy &lt;i&gt;approval&lt;/i&gt; it waits there until you approve it.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Terminals that speak the TCP protocol connect to port %1 instead.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to connect a terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No terminal at hand?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Start %n simulated terminal(s) on this computer: they register, report their capacities and send punches for ten minutes, so every view has something to show.</source>
        <translation>
            <numerusform>Start %n simulated terminal on this computer: it registers, reports its capacities and sends punches for ten minutes, so every view has something to show.</numerusform>
            <numerusform>Start %n simulated terminals on this computer: they register, report their capacities and send punches for ten minutes, so every view has something to show.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Start %n simulated terminal(s)</source>
        <translation>
            <numerusform>Start %n simulated terminal</numerusform>
            <numerusform>Start %n simulated terminals</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop the simulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The simulated terminals are running (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::DashboardView</name>
    <message>
        <source>terminals online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>punches today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capacity warnings (≥ 80 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches per hour today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches per day this week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminals by state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: every capacity is below 80 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::EventsView</name>
    <message>
        <source>Events of this session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ExportController</name>
    <message>
        <source>Export punches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The punches could not be exported to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ExportStatusLabel</name>
    <message numerus="yes">
        <source>Export %1: %Ln punch(es)</source>
        <translation>
            <numerusform>Export %1: %Ln punch</numerusform>
            <numerusform>Export %1: %Ln punches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scheduled export: %Ln punch(es) to %1</source>
        <translation>
            <numerusform>Scheduled export: %Ln punch to %1</numerusform>
            <numerusform>Scheduled export: %Ln punches to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::MainWindow</name>
    <message>
        <source>The console cannot read the database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln punch(es) to %1</source>
        <translation>
            <numerusform>Exported %Ln punch to %1</numerusform>
            <numerusform>Exported %Ln punches to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Online (%1, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TermDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export punches…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About TermDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminals online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Terminals (%n waiting)</source>
        <translation>
            <numerusform>Terminals (%n waiting)</numerusform>
            <numerusform>Terminals (%n waiting)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 terminals online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 punches/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About TermDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;TermDesk %1&lt;/b&gt;&lt;p&gt;Console and server for time-attendance and access-control terminals.&lt;/p&gt;&lt;p&gt;Data directory: %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TermDesk cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings not fully applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings were saved, but the server could not apply all of them:

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved and applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved and applied; %1 take effect the next time TermDesk starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the database (%1): punches are not acknowledged; the terminals keep them and send them again. Free disk space or check the disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database can be written again: punches are stored and acknowledged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PunchTableModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enroll ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In/out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PunchesView</name>
    <message>
        <source>Could not read punches: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n punch(es) to %1</source>
        <translation>
            <numerusform>Exported %n punch to %1</numerusform>
            <numerusform>Exported %n punches to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From… to…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Terminal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enroll ID or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the punches the filter selects (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show newest punches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>↑ %n new punch(es)</source>
        <translation>
            <numerusform>↑ %n new punch</numerusform>
            <numerusform>↑ %n new punches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es) found so far; searching older punches…</source>
        <translation>
            <numerusform>%Ln punch found so far; searching older punches…</numerusform>
            <numerusform>%Ln punches found so far; searching older punches…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es) shown; scroll down for older ones</source>
        <translation>
            <numerusform>%Ln punch shown; scroll down for older ones</numerusform>
            <numerusform>%Ln punches shown; scroll down for older ones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es)</source>
        <translation>
            <numerusform>%Ln punch</numerusform>
            <numerusform>%Ln punches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PushProgressPanel</name>
    <message>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal&apos;s answer / reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pushes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands of the push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the pushes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (slot %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (try %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Finished with %n failed command(s).</source>
        <translation>
            <numerusform>Finished with %n failed command.</numerusform>
            <numerusform>Finished with %n failed commands.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished: every command was answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (last seen %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (never connected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting for %1. They stay queued and go out when the terminal is reachable, also after a disconnect or a restart.</source>
        <translation>
            <numerusform>%n command waiting for %1. It stays queued and goes out when the terminal is reachable, also after a disconnect or a restart.</numerusform>
            <numerusform>%n commands waiting for %1. They stay queued and go out when the terminal is reachable, also after a disconnect or a restart.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed command(s) queued again</source>
        <translation>
            <numerusform>%n failed command queued again</numerusform>
            <numerusform>%n failed commands queued again</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PushTargetsDialog</name>
    <message>
        <source>Push users</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Push %n user(s) to these terminals (each terminal is checked for room and fingerprint algorithm first; a terminal that is offline gets them when it comes back):</source>
        <translation>
            <numerusform>Push %n user to these terminals (each terminal is checked for room and fingerprint algorithm first; a terminal that is offline gets them when it comes back):</numerusform>
            <numerusform>Push %n users to these terminals (each terminal is checked for room and fingerprint algorithm first; a terminal that is offline gets them when it comes back):</numerusform>
        </translation>
    </message>
    <message>
        <source>Terminals to push to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::RosterCompareModel</name>
    <message>
        <source>Same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Different</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only in roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only on terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enroll ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What differs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::RosterComparePanel</name>
    <message>
        <source>Compare with &amp;terminal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Different</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only in roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only on terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Push different and missing users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue the roster&apos;s version of every user that is different or only in the roster. Capacity and fingerprint algorithm are checked first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ull users from this terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy selected users (none: all) &amp;to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster compared with the terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not compare with %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 same, %2 different, %3 only in roster, %4 only on terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pulling the users of %1 (command %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not queue the pull: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy %1 → %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy %1 → %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation>
            <numerusform> (and %n more)</numerusform>
            <numerusform> (and %n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;WebSocket port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;TCP port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port of the TCP binary protocol server; 0 turns it off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bind address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0.0.0.0 = every network interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Idle timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close a terminal connection that has been silent this long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;terminals:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admit automatically (open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for my approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse (closed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Message on a waiting terminal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask terminals not to send their users (nosenduser)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep punch photos (biometric data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Durability:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full: survives a power cut (FULL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal: faster, may lose the last seconds on a power cut (NORMAL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every terminal that connects is admitted and listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New terminals are listed as pending and refused with the message below until you approve them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only terminals already listed are admitted; strangers are refused and not stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The WebSocket and TCP servers cannot share port %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply as soon as you press OK: a new port moves only that server, and connected terminals stay connected. The data directory and the storage settings take effect the next time TermDesk starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data &amp;directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the database and termdesk.ini live. Used from the next start; --data-dir and TERMDESK_DATA_DIR take precedence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a terminal&apos;s clock when it registers with a wrong time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock &amp;tolerance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A terminal whose clock is further off than this is set to this computer&apos;s time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull the punches a terminal did not send, after each registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP terminals &amp;sleeping for up to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A TCP terminal that is not connected but was heard from within this time is shown as Sleeping (low-power terminals disconnect between heartbeats), after that as Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data directory must be a full path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the data directory %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back up:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never (off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every few hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A consistent copy of the database, made while the server runs. A backup missed while the computer was off is made when TermDesk starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup &amp;every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily backup &amp;at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups &amp;kept:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The newest backups kept in the folder; older ones are deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup &amp;folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backups in the data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best on another disk or a network share: a backup on the same disk is lost with it. Restore one with: termdesk restore FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup folder must be a full path (or empty: backups in the data directory).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalCommands</name>
    <message>
        <source>Sync &amp;time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the &amp;clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull new &amp;logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull logs &amp;from… to…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull &amp;users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read &amp;status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read c&amp;apacities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open door</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;boot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase the &amp;logs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase the &amp;punches…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete every &amp;user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Initialize (users and logs)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Demote every administrator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued for the selected terminals; delivered when each is reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket terminals only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP terminals only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Erase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not queue %1 for %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 queued (command %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 queued for %n terminal(s).</source>
        <translation>
            <numerusform>%1 queued for %n terminal.</numerusform>
            <numerusform>%1 queued for %n terminals.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not for %1 (other protocol).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reboot terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Restart %n terminal(s)? They stop taking punches until they are back.</source>
        <translation>
            <numerusform>Restart %n terminal? It stops taking punches until it is back.</numerusform>
            <numerusform>Restart %n terminals? They stop taking punches until they are back.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial of the terminal, to confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The terminal sends every punch of these days (its own local dates); the ones already stored are not stored twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull logs %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; on terminal &lt;b&gt;%2&lt;/b&gt; cannot be undone.&lt;/p&gt;&lt;p&gt;Type the terminal&apos;s serial &lt;b&gt;%2&lt;/b&gt; to confirm.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalDetailPane</name>
    <message>
        <source>Serial:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU serial:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAC address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint algorithm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket path:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First seen:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal clock at registration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock drift:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTC offset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Battery:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refusal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches received:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches stored:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicates ignored:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records quarantined:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything the terminal reported (devinfo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a terminal to see everything it reported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device information as reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No terminal selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this computer&apos;s time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newest commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2: %3, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware identity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware alert:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>possible impostor or replaced hardware: %1 from %2 at %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalTableModel</name>
    <message>
        <source>Last refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal clock minus this computer&apos;s clock at the last registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>renaming is not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: a low-power TCP terminal that connects for its heartbeats. Last heard from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Possible impostor or replaced hardware: %1 from %2 at %3 (recorded: %4). Accept or block the new hardware.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalsView</name>
    <message>
        <source>Name cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed to “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rename %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admit the selected terminals (also lifts a block)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Block…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse the selected terminals and disconnect them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the terminal a name (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search serial, name, model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminals and details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the terminals: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved %1. A terminal is admitted at its next registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Block %n terminal(s)? They are disconnected now and refused until approved again. Their punches stay in the database.</source>
        <translation>
            <numerusform>Block %n terminal? It is disconnected now and refused until approved again. Its punches stay in the database.</numerusform>
            <numerusform>Block %n terminals? They are disconnected now and refused until approved again. Their punches stay in the database.</numerusform>
        </translation>
    </message>
    <message>
        <source>Block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept &amp;new hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected terminals&apos; serials were used by other hardware: accept that hardware as theirs (a replaced terminal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block new &amp;hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected terminals&apos; serials were used by other hardware: keep refusing it (a possible impostor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New hardware accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New hardware blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the new hardware is admitted at its next registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the new hardware stays refused.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TraceModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TraceView</name>
    <message>
        <source>All terminals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search command or content…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected messages (all shown when none is selected) as plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln message</numerusform>
            <numerusform>%Ln messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln message(s)</source>
        <translation>
            <numerusform>%1 of %Ln message</numerusform>
            <numerusform>%1 of %Ln messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>paused, %Ln held</source>
        <translation>
            <numerusform>paused, %Ln held</numerusform>
            <numerusform>paused, %Ln held</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::UserTableModel</name>
    <message>
        <source>Enroll ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Palm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On terminals</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>termdesk::ui::UsersView</name>
    <message>
        <source>Search enroll ID, name, terminal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No users yet. Terminals send their enrolled users when “Ask terminals not to send their users” is off in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the users: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln user(s)</source>
        <translation>
            <numerusform>%Ln user</numerusform>
            <numerusform>%Ln users</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln user(s)</source>
        <translation>
            <numerusform>%1 of %Ln user</numerusform>
            <numerusform>%1 of %Ln users</numerusform>
        </translation>
    </message>
    <message>
        <source>Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with a terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pushes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled everywhere: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled everywhere: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the users: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete users everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n user(s) (%1) from the roster and from every terminal that holds them? Their fingerprints, faces, cards and passwords are erased on the terminals.</source>
        <translation>
            <numerusform>Delete %n user (%1) from the roster and from every terminal that holds it? Its fingerprints, face, card and password are erased on the terminals.</numerusform>
            <numerusform>Delete %n users (%1) from the roster and from every terminal that holds them? Their fingerprints, faces, cards and passwords are erased on the terminals.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted everywhere: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the users: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Push to terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enable everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disable everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete everywhere…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push to &amp;several terminals…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
