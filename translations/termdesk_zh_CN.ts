<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ColumnChooser</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
</context>
<context>
    <name>DisplayText</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Pending approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>已封禁</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Fingerprints</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Faces</source>
        <translation>人脸</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>卡</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>New logs</source>
        <translation>新记录</translation>
    </message>
    <message>
        <source>Palms</source>
        <translation>掌纹</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>Palm</source>
        <translation>掌纹</translation>
    </message>
    <message>
        <source>Other (%1)</source>
        <translation>其他 (%1)</translation>
    </message>
    <message>
        <source>In</source>
        <translation>进</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>出</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>状态 %1</translation>
    </message>
    <message>
        <source>User</source>
        <translation>普通用户</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Enroller</source>
        <translation>登记员</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>%1 of %2 (%3 %)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <source>Sleeping</source>
        <translation>休眠</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::CommandTableModel</name>
    <message>
        <source>Pull logs</source>
        <translation>拉取记录</translation>
    </message>
    <message>
        <source>Pull logs %1 → %2</source>
        <translation>拉取记录 %1 → %2</translation>
    </message>
    <message>
        <source>Open door</source>
        <translation>开门</translation>
    </message>
    <message>
        <source>Set the clock</source>
        <translation>设置时钟</translation>
    </message>
    <message>
        <source>Read the clock</source>
        <translation>读取时钟</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Read the status</source>
        <translation>读取状态</translation>
    </message>
    <message>
        <source>Read capacities</source>
        <translation>读取容量</translation>
    </message>
    <message>
        <source>Pull users</source>
        <translation>拉取用户</translation>
    </message>
    <message>
        <source>Read user %1</source>
        <translation>读取用户 %1</translation>
    </message>
    <message>
        <source>Pull new logs</source>
        <translation>拉取新记录</translation>
    </message>
    <message>
        <source>Erase the logs</source>
        <translation>清除记录</translation>
    </message>
    <message>
        <source>Delete every user</source>
        <translation>删除所有用户</translation>
    </message>
    <message>
        <source>Delete every user and log</source>
        <translation>删除所有用户和记录</translation>
    </message>
    <message>
        <source>Demote every administrator</source>
        <translation>取消所有管理员权限</translation>
    </message>
    <message>
        <source>Send user %1</source>
        <translation>发送用户 %1</translation>
    </message>
    <message>
        <source>Delete user %1</source>
        <translation>删除用户 %1</translation>
    </message>
    <message>
        <source>Send “%1”</source>
        <translation>发送“%1”</translation>
    </message>
    <message>
        <source>Erase the punches</source>
        <translation>清除打卡记录</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n user(s)</source>
        <translation>
            <numerusform>删除 %n 个用户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send %n user(s)</source>
        <translation>
            <numerusform>发送 %n 个用户</numerusform>
        </translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>Read “%1”</source>
        <translation>读取“%1”</translation>
    </message>
    <message>
        <source>Queued %1, updated %2</source>
        <translation>排队于 %1，更新于 %2</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Result or reason</source>
        <translation>结果或原因</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::CommandsView</name>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Filter by state</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <source>Filter by terminal</source>
        <translation>按设备筛选</translation>
    </message>
    <message>
        <source>All terminals</source>
        <translation>全部设备</translation>
    </message>
    <message>
        <source>&amp;Cancel command…</source>
        <translation>取消命令(&amp;C)…</translation>
    </message>
    <message>
        <source>Cancel the selected commands that have not been answered yet</source>
        <translation>取消所选的尚未得到应答的命令</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Queue the selected failed, expired or cancelled commands again</source>
        <translation>将所选的失败、过期或已取消的命令重新排队</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Could not read the commands: %1</source>
        <translation>无法读取命令：%1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln command(s)</source>
        <translation>
            <numerusform>%Ln 条命令</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1 %2 (%3)</source>
        <translation>#%1 %2（%3）</translation>
    </message>
    <message>
        <source>Cancel commands</source>
        <translation>取消命令</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n command(s)? A command already sent may still be carried out by the terminal; its answer is then ignored.</source>
        <translation>
            <numerusform>取消 %n 条命令？已发送的命令仍可能被设备执行，其应答将被忽略。</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Could not cancel command %1: %2</source>
        <translation>无法取消命令 %1：%2</translation>
    </message>
    <message>
        <source>Cancelled command %1 (%2)</source>
        <translation>已取消命令 %1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n command(s).</source>
        <translation>
            <numerusform>已取消 %n 条命令。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not queue command %1 again: %2</source>
        <translation>无法重新排队命令 %1：%2</translation>
    </message>
    <message>
        <source>Queued command %1 again as %2 (%3)</source>
        <translation>命令 %1 已重新排队为 %2（%3）</translation>
    </message>
    <message numerus="yes">
        <source>Queued %n command(s) again.</source>
        <translation>
            <numerusform>已重新排队 %n 条命令。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ConnectPage</name>
    <message>
        <source>this computer&apos;s IP address</source>
        <translation>本机的 IP 地址</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>Connect your terminals</source>
        <translation>连接您的设备</translation>
    </message>
    <message>
        <source>&lt;p&gt;On each terminal open &lt;b&gt;Menu → Comm set → Server&lt;/b&gt; (the names vary by firmware) and set:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Server req&lt;/b&gt;: yes&lt;/li&gt;&lt;li&gt;&lt;b&gt;Server IP&lt;/b&gt;: %1&lt;/li&gt;&lt;li&gt;&lt;b&gt;SerPortNo&lt;/b&gt;: %2&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The terminal registers within seconds and appears under &lt;b&gt;Terminals&lt;/b&gt;. With the admission policy &lt;i&gt;approval&lt;/i&gt; it waits there until you approve it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在每台设备上打开&lt;b&gt;菜单 → 通讯设置 → 服务器&lt;/b&gt;（名称因固件而异），并设置：&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Server req&lt;/b&gt;：是&lt;/li&gt;&lt;li&gt;&lt;b&gt;Server IP&lt;/b&gt;：%1&lt;/li&gt;&lt;li&gt;&lt;b&gt;SerPortNo&lt;/b&gt;：%2&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;设备会在几秒内完成注册并出现在&lt;b&gt;设备&lt;/b&gt;页面中。如果接入策略为&lt;i&gt;需审批&lt;/i&gt;，它会在那里等待您批准。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Terminals that speak the TCP protocol connect to port %1 instead.&lt;/p&gt;</source>
        <translation>&lt;p&gt;使用 TCP 协议的设备请改为连接端口 %1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>How to connect a terminal</source>
        <translation>如何连接设备</translation>
    </message>
    <message>
        <source>No terminal at hand?</source>
        <translation>手边没有设备？</translation>
    </message>
    <message numerus="yes">
        <source>Start %n simulated terminal(s) on this computer: they register, report their capacities and send punches for ten minutes, so every view has something to show.</source>
        <translation>
            <numerusform>在本机启动 %n 台模拟设备：它们会注册、报告容量并在十分钟内发送打卡记录，让每个视图都有内容可看。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Start %n simulated terminal(s)</source>
        <translation>
            <numerusform>启动 %n 台模拟设备</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop the simulation</source>
        <translation>停止模拟</translation>
    </message>
    <message>
        <source>The simulated terminals are running (%1).</source>
        <translation>模拟设备正在运行（%1）。</translation>
    </message>
    <message>
        <source>Could not run %1: %2</source>
        <translation>无法运行 %1：%2</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::DashboardView</name>
    <message>
        <source>terminals online</source>
        <translation>台设备在线</translation>
    </message>
    <message>
        <source>punches today</source>
        <translation>今日打卡</translation>
    </message>
    <message>
        <source>waiting for approval</source>
        <translation>等待审批</translation>
    </message>
    <message>
        <source>capacity warnings (≥ 80 %)</source>
        <translation>容量警告（≥ 80%）</translation>
    </message>
    <message>
        <source>Punches per hour today</source>
        <translation>今日每小时打卡数</translation>
    </message>
    <message>
        <source>Punches</source>
        <translation>打卡记录</translation>
    </message>
    <message>
        <source>Punches per day this week</source>
        <translation>本周每日打卡数</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Terminals by state</source>
        <translation>设备状态分布</translation>
    </message>
    <message>
        <source>Capacity warnings</source>
        <translation>容量警告</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>None: every capacity is below 80 %</source>
        <translation>无：所有容量均低于 80%</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::DatabaseFields</name>
    <message>
        <source>Shared &amp;database:</source>
        <translation>共享数据库(&amp;D):</translation>
    </message>
    <message>
        <source>empty: termdesk.sqlite in the data directory</source>
        <translation>留空：数据目录中的 termdesk.sqlite</translation>
    </message>
    <message>
        <source>A PostgreSQL database several PCs share: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]. Better leave the password out and put it in the user&apos;s ~/.pgpass.</source>
        <translation>多台电脑共享的 PostgreSQL 数据库：postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]。最好不要在此填写密码，而是放入用户的 ~/.pgpass。</translation>
    </message>
    <message>
        <source>Used from the next start. A saved password is shown as %1; leave it so to keep it.</source>
        <translation>下次启动时使用。已保存的密码显示为 %1；保持不变即可保留。</translation>
    </message>
    <message>
        <source>TERMDESK_DATABASE is set: it is used instead of this field.</source>
        <translation>已设置 TERMDESK_DATABASE：将使用它代替此字段。</translation>
    </message>
    <message>
        <source>Run &amp;no terminal servers on this PC (a console of the shared database)</source>
        <translation>本机不运行设备服务器（共享数据库的控制台）(&amp;N)</translation>
    </message>
    <message>
        <source>The WebSocket, wss:// and TCP servers stay off: terminals connect to the servers of other PCs, this console shows what they store. Takes effect at once.</source>
        <translation>WebSocket、wss:// 和 TCP 服务器保持关闭：设备连接到其他电脑的服务器，本控制台显示它们保存的数据。立即生效。</translation>
    </message>
    <message>
        <source>Shared database: %1</source>
        <translation>共享数据库：%1</translation>
    </message>
    <message>
        <source>not a postgresql:// URL (leave it empty for termdesk.sqlite)</source>
        <translation>不是 postgresql:// URL（使用 termdesk.sqlite 请留空）</translation>
    </message>
    <message>
        <source>Shared database: this TermDesk was built without PostgreSQL support.</source>
        <translation>共享数据库：此 TermDesk 构建时未包含 PostgreSQL 支持。</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::EventsView</name>
    <message>
        <source>Events of this session</source>
        <translation>本次会话的事件</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ExportController</name>
    <message>
        <source>Export punches</source>
        <translation>导出打卡记录</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>The punches could not be exported to %1.</source>
        <translation>无法将打卡记录导出到 %1。</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ExportScheduleFields</name>
    <message>
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <source>Scheduled export</source>
        <translation>定时导出</translation>
    </message>
    <message>
        <source>E&amp;xport new punches:</source>
        <translation>导出新打卡(&amp;X):</translation>
    </message>
    <message>
        <source>Never (off)</source>
        <translation>从不（关闭）</translation>
    </message>
    <message>
        <source>Every few minutes</source>
        <translation>每隔几分钟</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Writes the punches stored since the last export into a new CSV file: each punch lands in exactly one file, also one a terminal uploads days late.</source>
        <translation>将上次导出以来存储的打卡写入新的 CSV 文件：每条打卡只出现在一个文件中，包括设备几天后才上传的打卡。</translation>
    </message>
    <message>
        <source>Export e&amp;very:</source>
        <translation>导出间隔(&amp;V):</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Daily export a&amp;t:</source>
        <translation>每日导出时间(&amp;T):</translation>
    </message>
    <message>
        <source>Export f&amp;older:</source>
        <translation>导出文件夹(&amp;O):</translation>
    </message>
    <message>
        <source>exports in the data directory</source>
        <translation>数据目录中的 exports</translation>
    </message>
    <message>
        <source>Where payroll picks the files up. A folder that is gone is reported, not made again; the next export after it is back catches up.</source>
        <translation>工资系统取文件的位置。文件夹不存在时会报告，而不会重新创建；文件夹恢复后的下一次导出会补上。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose the export folder</source>
        <translation>选择导出文件夹</translation>
    </message>
    <message>
        <source>Export file &amp;name:</source>
        <translation>导出文件名(&amp;N):</translation>
    </message>
    <message>
        <source>{date} is the day of the export (yyyy-MM-dd), {time} its time (HHmmss)</source>
        <translation>{date} 为导出日期 (yyyy-MM-dd)，{time} 为导出时间 (HHmmss)</translation>
    </message>
    <message>
        <source>Export for&amp;mat:</source>
        <translation>导出格式(&amp;M):</translation>
    </message>
    <message>
        <source>v1</source>
        <translation>v1</translation>
    </message>
    <message>
        <source>v2 (punch_id first)</source>
        <translation>v2（punch_id 在前）</translation>
    </message>
    <message>
        <source>Start export files with a byte order mark (for Excel)</source>
        <translation>导出文件以字节顺序标记开头（用于 Excel）</translation>
    </message>
    <message>
        <source>The export folder must be a full path (or empty: exports in the data directory).</source>
        <translation>导出文件夹必须是完整路径（或留空：数据目录中的 exports）。</translation>
    </message>
    <message>
        <source>The export file name must hold {date} and be a name, not a path (no / \ : * ? &quot; &lt; &gt; |).</source>
        <translation>导出文件名必须包含 {date}，且只能是文件名而不是路径（不能含 / \ : * ? &quot; &lt; &gt; |）。</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ExportStatusLabel</name>
    <message>
        <source>Scheduled export</source>
        <translation>定时导出</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export: none yet</source>
        <translation>导出：尚无</translation>
    </message>
    <message>
        <source>Export %1 failed</source>
        <translation>导出 %1 失败</translation>
    </message>
    <message numerus="yes">
        <source>Export %1: %Ln punch(es)</source>
        <translation>
            <numerusform>导出 %1：%Ln 条打卡</numerusform>
        </translation>
    </message>
    <message>
        <source>next %1</source>
        <translation>下次 %1</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Scheduled export failed: %1. Nothing was exported; the next run catches up.</source>
        <translation>定时导出失败：%1。未导出任何内容；下一次运行会补上。</translation>
    </message>
    <message numerus="yes">
        <source>Scheduled export: %Ln punch(es) to %1</source>
        <translation>
            <numerusform>定时导出：%Ln 条打卡到 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ListenerNetworkFields</name>
    <message>
        <source>WebSocket terminals &amp;from:</source>
        <translation>WebSocket 设备来源(&amp;F):</translation>
    </message>
    <message>
        <source>TCP terminals f&amp;rom:</source>
        <translation>TCP 设备来源(&amp;R):</translation>
    </message>
    <message>
        <source>any address, or e.g. 192.168.1.0/24, 10.0.0.7</source>
        <translation>任意地址，或例如 192.168.1.0/24, 10.0.0.7</translation>
    </message>
    <message>
        <source>Addresses or networks (CIDR) connections are accepted from; a connection from anywhere else is closed before it is read. Empty: any address.</source>
        <translation>接受连接的地址或网络（CIDR）；来自其他地方的连接在读取前即被关闭。留空：任意地址。</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>Allowed networks of the %1 server: %2</source>
        <translation>%1 服务器的允许网络：%2</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::MainWindow</name>
    <message>
        <source>The console cannot read the database: %1</source>
        <translation>控制台无法读取数据库：%1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln punch(es) to %1</source>
        <translation>
            <numerusform>已导出 %Ln 条打卡记录到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Online (%1, %2)</source>
        <translation>上线（%1，%2）</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>TermDesk</source>
        <translation>TermDesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Terminal</source>
        <translation>设备(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Export punches…</source>
        <translation>导出打卡记录(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About TermDesk</source>
        <translation>关于 TermDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Punches</source>
        <translation>打卡记录</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Connect terminals</source>
        <translation>连接设备</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Current view</source>
        <translation>当前视图</translation>
    </message>
    <message>
        <source>Listening ports</source>
        <translation>监听端口</translation>
    </message>
    <message>
        <source>Terminals online</source>
        <translation>在线设备</translation>
    </message>
    <message>
        <source>Punches per second</source>
        <translation>每秒打卡数</translation>
    </message>
    <message numerus="yes">
        <source>Terminals (%n waiting)</source>
        <translation>
            <numerusform>设备（%n 台待审批）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>WebSocket port %1</source>
        <translation>WebSocket 端口 %1</translation>
    </message>
    <message>
        <source>TCP port %1</source>
        <translation>TCP 端口 %1</translation>
    </message>
    <message>
        <source>wss port %1</source>
        <translation>wss 端口 %1</translation>
    </message>
    <message>
        <source>wss certificate SHA-256 fingerprint:
%1</source>
        <translation>wss 证书 SHA-256 指纹：
%1</translation>
    </message>
    <message>
        <source>%1 of %2 terminals online</source>
        <translation>%2 台设备中 %1 台在线</translation>
    </message>
    <message>
        <source>%1 punches/s</source>
        <translation>每秒 %1 条打卡</translation>
    </message>
    <message>
        <source>About TermDesk</source>
        <translation>关于 TermDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;TermDesk %1&lt;/b&gt;&lt;p&gt;Console and server for time-attendance and access-control terminals.&lt;/p&gt;&lt;p&gt;Data directory: %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;TermDesk %1&lt;/b&gt;&lt;p&gt;考勤与门禁设备的控制台和服务器。&lt;/p&gt;&lt;p&gt;数据目录：%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>TermDesk cannot start</source>
        <translation>TermDesk 无法启动</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Protocol trace</source>
        <translation>协议跟踪</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Settings not fully applied</source>
        <translation>设置未能全部应用</translation>
    </message>
    <message>
        <source>The settings were saved, but the server could not apply all of them:

%1</source>
        <translation>设置已保存，但服务器未能应用其中一部分：

%1</translation>
    </message>
    <message>
        <source>Settings saved and applied.</source>
        <translation>设置已保存并生效。</translation>
    </message>
    <message>
        <source>Settings saved and applied; %1 take effect the next time TermDesk starts.</source>
        <translation>设置已保存并生效；%1 将在下次启动 TermDesk 时生效。</translation>
    </message>
    <message>
        <source>Alert: %1</source>
        <translation>警报：%1</translation>
    </message>
    <message>
        <source>Backup failed: %1</source>
        <translation>备份失败：%1</translation>
    </message>
    <message>
        <source>Backup written to %1</source>
        <translation>备份已写入 %1</translation>
    </message>
    <message>
        <source>Cannot write the database (%1): punches are not acknowledged; the terminals keep them and send them again. Free disk space or check the disk.</source>
        <translation>无法写入数据库（%1）：打卡未被确认；设备会保留并重新发送。请释放磁盘空间或检查磁盘。</translation>
    </message>
    <message>
        <source>The database can be written again: punches are stored and acknowledged.</source>
        <translation>数据库可以再次写入：打卡已保存并确认。</translation>
    </message>
    <message>
        <source>The shared database can be read again: punches follow live.</source>
        <translation>共享数据库可以再次读取：打卡记录实时更新。</translation>
    </message>
    <message>
        <source>Cannot read the shared database (%1): trying again every half second.</source>
        <translation>无法读取共享数据库（%1）：每半秒重试一次。</translation>
    </message>
    <message>
        <source>Webhooks</source>
        <translation>Webhook</translation>
    </message>
    <message numerus="yes">
        <source>%n webhook endpoint(s) stopped: their retries ran out (about 3 days). Nothing was dropped; see the Webhooks view (Ctrl+9) or &apos;termdesk webhook list&apos;, then Resume (&apos;termdesk webhook resume ID&apos;).</source>
        <translation>
            <numerusform>%n 个 Webhook 端点已停止：重试次数已用尽（约 3 天）。没有丢失任何数据；请查看 Webhook 视图 (Ctrl+9) 或 &apos;termdesk webhook list&apos;，然后点击继续（&apos;termdesk webhook resume ID&apos;）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PunchTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Enroll ID</source>
        <translation>登记号</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation>验证方式</translation>
    </message>
    <message>
        <source>In/out</source>
        <translation>进/出</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>体温</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PunchesView</name>
    <message>
        <source>Could not read punches: %1</source>
        <translation>无法读取打卡记录：%1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n punch(es) to %1</source>
        <translation>
            <numerusform>已导出 %n 条打卡记录到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>时段(&amp;P)：</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>From… to…</source>
        <translation>自定义范围…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>&amp;Terminal:</source>
        <translation>设备(&amp;T)：</translation>
    </message>
    <message>
        <source>All terminals</source>
        <translation>全部设备</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>Enroll ID or name</source>
        <translation>登记号或姓名</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the punches the filter selects (Ctrl+E)</source>
        <translation>导出筛选出的打卡记录 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Punches</source>
        <translation>打卡记录</translation>
    </message>
    <message>
        <source>Show newest punches</source>
        <translation>显示最新打卡</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>↑ %n new punch(es)</source>
        <translation>
            <numerusform>↑ %n 条新打卡</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es) found so far; searching older punches…</source>
        <translation>
            <numerusform>目前已找到 %Ln 条打卡；正在搜索更早的记录…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es) shown; scroll down for older ones</source>
        <translation>
            <numerusform>已显示 %Ln 条打卡；向下滚动查看更早的记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es)</source>
        <translation>
            <numerusform>%Ln 条打卡</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PushProgressPanel</name>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Terminal&apos;s answer / reason</source>
        <translation>设备的回答 / 原因</translation>
    </message>
    <message>
        <source>&amp;Retry failed</source>
        <translation>重试失败的命令(&amp;R)</translation>
    </message>
    <message>
        <source>Pushes</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Commands of the push</source>
        <translation>推送的命令</translation>
    </message>
    <message>
        <source>Could not read the pushes: %1</source>
        <translation>无法读取推送：%1</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Enable everywhere</source>
        <translation>全部启用</translation>
    </message>
    <message>
        <source>Disable everywhere</source>
        <translation>全部禁用</translation>
    </message>
    <message>
        <source>Delete everywhere</source>
        <translation>全部删除</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source> (slot %1)</source>
        <translation>（槽位 %1）</translation>
    </message>
    <message>
        <source>%1 (try %2)</source>
        <translation>%1（第 %2 次）</translation>
    </message>
    <message numerus="yes">
        <source>Finished with %n failed command(s).</source>
        <translation>
            <numerusform>已结束，%n 条命令失败。</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished: every command was answered.</source>
        <translation>已结束：每条命令都已应答。</translation>
    </message>
    <message>
        <source>%1 (last seen %2)</source>
        <translation>%1（最后在线 %2）</translation>
    </message>
    <message>
        <source>%1 (never connected)</source>
        <translation>%1（从未连接）</translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting for %1. They stay queued and go out when the terminal is reachable, also after a disconnect or a restart.</source>
        <translation>
            <numerusform>%n 条命令正在等待 %1。它们保留在队列中，设备可达时发送，断线或重启后也是如此。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed command(s) queued again</source>
        <translation>
            <numerusform>%n 条失败的命令已重新排队</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry failed: %1</source>
        <translation>重试失败：%1</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PushTargetsDialog</name>
    <message>
        <source>Push users</source>
        <translation>下发用户</translation>
    </message>
    <message numerus="yes">
        <source>Push %n user(s) to these terminals (each terminal is checked for room and fingerprint algorithm first; a terminal that is offline gets them when it comes back):</source>
        <translation>
            <numerusform>将 %n 个用户下发到这些设备（先检查每台设备的容量和指纹算法；离线的设备在重新连接后收到）：</numerusform>
        </translation>
    </message>
    <message>
        <source>Terminals to push to</source>
        <translation>要下发到的设备</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>下发</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::RosterCompareModel</name>
    <message>
        <source>Same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>Different</source>
        <translation>不同</translation>
    </message>
    <message>
        <source>Only in roster</source>
        <translation>仅在名册中</translation>
    </message>
    <message>
        <source>Only on terminal</source>
        <translation>仅在设备上</translation>
    </message>
    <message>
        <source>Enroll ID</source>
        <translation>登记号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>What differs</source>
        <translation>差异</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::RosterComparePanel</name>
    <message>
        <source>Compare with &amp;terminal:</source>
        <translation>对比设备(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <source>Same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>Different</source>
        <translation>不同</translation>
    </message>
    <message>
        <source>Only in roster</source>
        <translation>仅在名册中</translation>
    </message>
    <message>
        <source>Only on terminal</source>
        <translation>仅在设备上</translation>
    </message>
    <message>
        <source>&amp;Push different and missing users</source>
        <translation>推送不同和缺少的用户(&amp;P)</translation>
    </message>
    <message>
        <source>Queue the roster&apos;s version of every user that is different or only in the roster. Capacity and fingerprint algorithm are checked first.</source>
        <translation>将名册中不同或仅在名册中的每个用户排入队列。先检查容量和指纹算法。</translation>
    </message>
    <message>
        <source>P&amp;ull users from this terminal</source>
        <translation>从此设备读取用户(&amp;U)</translation>
    </message>
    <message>
        <source>Copy selected users (none: all) &amp;to:</source>
        <translation>将所选用户（未选则全部）复制到(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Roster compared with the terminal</source>
        <translation>名册与设备对比</translation>
    </message>
    <message>
        <source>Could not compare with %1: %2</source>
        <translation>无法与 %1 对比：%2</translation>
    </message>
    <message>
        <source>%1 same, %2 different, %3 only in roster, %4 only on terminal</source>
        <translation>%1 相同，%2 不同，%3 仅在名册中，%4 仅在设备上</translation>
    </message>
    <message>
        <source>Push to %1: %2</source>
        <translation>推送到 %1：%2</translation>
    </message>
    <message>
        <source>Push to %1 failed: %2</source>
        <translation>推送到 %1 失败：%2</translation>
    </message>
    <message>
        <source>Pulling the users of %1 (command %2)</source>
        <translation>正在读取 %1 的用户（命令 %2）</translation>
    </message>
    <message>
        <source>Could not queue the pull: %1</source>
        <translation>无法将读取排入队列：%1</translation>
    </message>
    <message>
        <source>Copy %1 → %2: %3</source>
        <translation>复制 %1 → %2：%3</translation>
    </message>
    <message>
        <source>Copy %1 → %2 failed: %3</source>
        <translation>复制 %1 → %2 失败：%3</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation>
            <numerusform>（另有 %n 条）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>&amp;WebSocket port:</source>
        <translation>WebSocket 端口(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;TCP port:</source>
        <translation>TCP 端口(&amp;T)：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Port of the TCP binary protocol server; 0 turns it off</source>
        <translation>TCP 二进制协议服务器的端口；0 表示关闭</translation>
    </message>
    <message>
        <source>&amp;Bind address:</source>
        <translation>绑定地址(&amp;B)：</translation>
    </message>
    <message>
        <source>0.0.0.0 = every network interface</source>
        <translation>0.0.0.0 = 所有网络接口</translation>
    </message>
    <message>
        <source>&amp;Idle timeout:</source>
        <translation>空闲超时(&amp;I)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Close a terminal connection that has been silent this long</source>
        <translation>设备连接静默超过此时长即关闭</translation>
    </message>
    <message>
        <source>Admission</source>
        <translation>接入</translation>
    </message>
    <message>
        <source>New &amp;terminals:</source>
        <translation>新设备(&amp;T)：</translation>
    </message>
    <message>
        <source>Admit automatically (open)</source>
        <translation>自动接入（开放）</translation>
    </message>
    <message>
        <source>Wait for my approval</source>
        <translation>等待我审批</translation>
    </message>
    <message>
        <source>Refuse (closed)</source>
        <translation>拒绝（封闭）</translation>
    </message>
    <message>
        <source>&amp;Message on a waiting terminal:</source>
        <translation>待审批设备上显示的消息(&amp;M)：</translation>
    </message>
    <message>
        <source>Ask terminals not to send their users (nosenduser)</source>
        <translation>要求设备不要上传用户 (nosenduser)</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Keep punch photos (biometric data)</source>
        <translation>保存打卡照片（生物特征数据）</translation>
    </message>
    <message>
        <source>&amp;Durability:</source>
        <translation>持久性(&amp;D)：</translation>
    </message>
    <message>
        <source>Full: survives a power cut (FULL)</source>
        <translation>完全：断电也不丢失 (FULL)</translation>
    </message>
    <message>
        <source>Normal: faster, may lose the last seconds on a power cut (NORMAL)</source>
        <translation>普通：更快，断电时可能丢失最后几秒 (NORMAL)</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Settings file: %1</source>
        <translation>设置文件：%1</translation>
    </message>
    <message>
        <source>Every terminal that connects is admitted and listed.</source>
        <translation>每台连接的设备都会被接入并列出。</translation>
    </message>
    <message>
        <source>New terminals are listed as pending and refused with the message below until you approve them.</source>
        <translation>新设备会列为待审批，在您批准之前会收到下面的消息并被拒绝。</translation>
    </message>
    <message>
        <source>Only terminals already listed are admitted; strangers are refused and not stored.</source>
        <translation>只接入已列出的设备；陌生设备会被拒绝且不会保存。</translation>
    </message>
    <message>
        <source>“%1” is not an IP address.</source>
        <translation>“%1”不是 IP 地址。</translation>
    </message>
    <message>
        <source>The WebSocket and TCP servers cannot share port %1.</source>
        <translation>WebSocket 和 TCP 服务器不能共用端口 %1。</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <source>Changes apply as soon as you press OK: a new port moves only that server, and connected terminals stay connected. The data directory and the storage settings take effect the next time TermDesk starts.</source>
        <translation>按“确定”后更改立即生效：修改端口只会移动对应的服务器，已连接的设备保持连接。数据目录和存储设置在下次启动 TermDesk 时生效。</translation>
    </message>
    <message>
        <source>Data &amp;directory:</source>
        <translation>数据目录(&amp;D)：</translation>
    </message>
    <message>
        <source>Where the database and termdesk.ini live. Used from the next start; --data-dir and TERMDESK_DATA_DIR take precedence.</source>
        <translation>数据库和 termdesk.ini 所在的位置。下次启动时使用；--data-dir 和 TERMDESK_DATA_DIR 优先。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose the data directory</source>
        <translation>选择数据目录</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>设备设备</translation>
    </message>
    <message>
        <source>Set a terminal&apos;s clock when it registers with a wrong time</source>
        <translation>设备注册时若时间不准，自动校时</translation>
    </message>
    <message>
        <source>Clock &amp;tolerance:</source>
        <translation>时钟容差(&amp;T)：</translation>
    </message>
    <message>
        <source>A terminal whose clock is further off than this is set to this computer&apos;s time</source>
        <translation>设备时钟偏差超过此值时，将其设为本机时间</translation>
    </message>
    <message>
        <source>Pull the punches a terminal did not send, after each registration</source>
        <translation>每次注册后拉取设备未发送的打卡记录</translation>
    </message>
    <message>
        <source>TCP terminals &amp;sleeping for up to:</source>
        <translation>TCP 设备休眠最长(&amp;S)：</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>A TCP terminal that is not connected but was heard from within this time is shown as Sleeping (low-power terminals disconnect between heartbeats), after that as Offline</source>
        <translation>未连接但在此时间内有过通信的 TCP 设备显示为“休眠”（低功耗设备在两次心跳之间断开连接），超过此时间则显示为“离线”</translation>
    </message>
    <message>
        <source>The data directory must be a full path.</source>
        <translation>数据目录必须是完整路径。</translation>
    </message>
    <message>
        <source>Cannot create the data directory %1.</source>
        <translation>无法创建数据目录 %1。</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>&amp;Back up:</source>
        <translation>备份(&amp;B)：</translation>
    </message>
    <message>
        <source>Never (off)</source>
        <translation>从不（关闭）</translation>
    </message>
    <message>
        <source>Every few hours</source>
        <translation>每隔几小时</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>A consistent copy of the database, made while the server runs. A backup missed while the computer was off is made when TermDesk starts.</source>
        <translation>数据库的一致副本，在服务器运行时生成。计算机关机时错过的备份会在 TermDesk 启动时补做。</translation>
    </message>
    <message>
        <source>Backup &amp;every:</source>
        <translation>备份间隔(&amp;E)：</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Daily backup &amp;at:</source>
        <translation>每日备份时间(&amp;A)：</translation>
    </message>
    <message>
        <source>Backups &amp;kept:</source>
        <translation>保留备份数(&amp;K)：</translation>
    </message>
    <message>
        <source>The newest backups kept in the folder; older ones are deleted</source>
        <translation>文件夹中保留的最新备份；较旧的会被删除</translation>
    </message>
    <message>
        <source>Backup &amp;folder:</source>
        <translation>备份文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>backups in the data directory</source>
        <translation>备份在数据目录中</translation>
    </message>
    <message>
        <source>Best on another disk or a network share: a backup on the same disk is lost with it. Restore one with: termdesk restore FILE</source>
        <translation>最好放在另一块磁盘或网络共享上：同一磁盘上的备份会随磁盘一起丢失。恢复备份：termdesk restore 文件</translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation>选择备份文件夹</translation>
    </message>
    <message>
        <source>The backup folder must be a full path (or empty: backups in the data directory).</source>
        <translation>备份文件夹必须是完整路径（或留空：备份在数据目录中）。</translation>
    </message>
    <message>
        <source>Delete &amp;photos after:</source>
        <translation>照片保留天数(&amp;P):</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Never (keep them)</source>
        <translation>永不（保留）</translation>
    </message>
    <message>
        <source>Stored punch photos older than this are deleted by the running server (the punches stay). termdesk photos purge deletes them at once.</source>
        <translation>运行中的服务器会删除早于此时间的打卡照片（打卡记录保留）。termdesk photos purge 可立即删除。</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalCommands</name>
    <message>
        <source>Sync &amp;time</source>
        <translation>同步时间(&amp;T)</translation>
    </message>
    <message>
        <source>Read the &amp;clock</source>
        <translation>读取时钟(&amp;C)</translation>
    </message>
    <message>
        <source>Pull new &amp;logs</source>
        <translation>拉取新记录(&amp;L)</translation>
    </message>
    <message>
        <source>Pull logs &amp;from… to…</source>
        <translation>按日期拉取记录(&amp;F)…</translation>
    </message>
    <message>
        <source>Pull &amp;users</source>
        <translation>拉取用户(&amp;U)</translation>
    </message>
    <message>
        <source>Read &amp;status</source>
        <translation>读取状态(&amp;S)</translation>
    </message>
    <message>
        <source>Read c&amp;apacities</source>
        <translation>读取容量(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Open door</source>
        <translation>开门(&amp;O)</translation>
    </message>
    <message>
        <source>Re&amp;boot…</source>
        <translation>重启(&amp;B)…</translation>
    </message>
    <message>
        <source>Erase the &amp;logs…</source>
        <translation>清除记录(&amp;L)…</translation>
    </message>
    <message>
        <source>Erase the &amp;punches…</source>
        <translation>清除打卡(&amp;P)…</translation>
    </message>
    <message>
        <source>Delete every &amp;user…</source>
        <translation>删除所有用户(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Initialize (users and logs)…</source>
        <translation>初始化（用户和记录）(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Demote every administrator…</source>
        <translation>取消所有管理员(&amp;D)…</translation>
    </message>
    <message>
        <source>Queued for the selected terminals; delivered when each is reachable</source>
        <translation>为所选设备排队；设备可达时发送</translation>
    </message>
    <message>
        <source>WebSocket terminals only</source>
        <translation>仅限 WebSocket 设备</translation>
    </message>
    <message>
        <source>TCP terminals only</source>
        <translation>仅限 TCP 设备</translation>
    </message>
    <message>
        <source>&amp;Commands</source>
        <translation>命令(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Erase</source>
        <translation>清除(&amp;E)</translation>
    </message>
    <message>
        <source>Could not queue %1 for %2: %3</source>
        <translation>无法为 %2 排队 %1：%3</translation>
    </message>
    <message>
        <source>%1 queued (command %2)</source>
        <translation>%1 已排队（命令 %2）</translation>
    </message>
    <message numerus="yes">
        <source>%1 queued for %n terminal(s).</source>
        <translation>
            <numerusform>已为 %n 台设备排队 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not for %1 (other protocol).</source>
        <translation>不适用于 %1（协议不同）。</translation>
    </message>
    <message>
        <source>Reboot terminals</source>
        <translation>重启设备</translation>
    </message>
    <message numerus="yes">
        <source>Restart %n terminal(s)? They stop taking punches until they are back.</source>
        <translation>
            <numerusform>重启 %n 台设备？重启完成前无法打卡。</numerusform>
        </translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Serial of the terminal, to confirm</source>
        <translation>设备序列号，用于确认</translation>
    </message>
    <message>
        <source>Pull logs</source>
        <translation>拉取记录</translation>
    </message>
    <message>
        <source>The terminal sends every punch of these days (its own local dates); the ones already stored are not stored twice.</source>
        <translation>设备发送这些日期（设备本地日期）的全部打卡；已保存的记录不会重复保存。</translation>
    </message>
    <message>
        <source>Pull logs %1 → %2</source>
        <translation>拉取记录 %1 → %2</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>到(&amp;T)：</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; on terminal &lt;b&gt;%2&lt;/b&gt; cannot be undone.&lt;/p&gt;&lt;p&gt;Type the terminal&apos;s serial &lt;b&gt;%2&lt;/b&gt; to confirm.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在设备 &lt;b&gt;%2&lt;/b&gt; 上&lt;b&gt;%1&lt;/b&gt;，无法撤销。&lt;/p&gt;&lt;p&gt;请输入设备序列号 &lt;b&gt;%2&lt;/b&gt; 以确认。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalDetailPane</name>
    <message>
        <source>Serial:</source>
        <translation>序列号：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>协议：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>型号：</translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation>固件：</translation>
    </message>
    <message>
        <source>CPU serial:</source>
        <translation>CPU 序列号：</translation>
    </message>
    <message>
        <source>MAC address:</source>
        <translation>MAC 地址：</translation>
    </message>
    <message>
        <source>Fingerprint algorithm:</source>
        <translation>指纹算法：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>WebSocket path:</source>
        <translation>WebSocket 路径：</translation>
    </message>
    <message>
        <source>First seen:</source>
        <translation>首次出现：</translation>
    </message>
    <message>
        <source>Last seen:</source>
        <translation>最后出现：</translation>
    </message>
    <message>
        <source>Terminal clock at registration:</source>
        <translation>注册时的设备时钟：</translation>
    </message>
    <message>
        <source>Clock drift:</source>
        <translation>时钟偏差：</translation>
    </message>
    <message>
        <source>UTC offset:</source>
        <translation>UTC 偏移：</translation>
    </message>
    <message>
        <source>Battery:</source>
        <translation>电池：</translation>
    </message>
    <message>
        <source>Last refusal:</source>
        <translation>最近一次拒绝：</translation>
    </message>
    <message>
        <source>Punches received:</source>
        <translation>已接收打卡：</translation>
    </message>
    <message>
        <source>Punches stored:</source>
        <translation>已保存打卡：</translation>
    </message>
    <message>
        <source>Duplicates ignored:</source>
        <translation>已忽略的重复：</translation>
    </message>
    <message>
        <source>Records quarantined:</source>
        <translation>已隔离记录：</translation>
    </message>
    <message>
        <source>Capacities</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Everything the terminal reported (devinfo)</source>
        <translation>设备上报的全部信息 (devinfo)</translation>
    </message>
    <message>
        <source>Select a terminal to see everything it reported.</source>
        <translation>选择一台设备以查看其上报的全部信息。</translation>
    </message>
    <message>
        <source>Terminal details</source>
        <translation>设备详情</translation>
    </message>
    <message>
        <source>Device information as reported</source>
        <translation>设备上报的设备信息</translation>
    </message>
    <message>
        <source>No terminal selected</source>
        <translation>未选择设备</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>this computer&apos;s time zone</source>
        <translation>本机时区</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Newest commands</source>
        <translation>最新命令</translation>
    </message>
    <message>
        <source>#%1 %2: %3, %4</source>
        <translation>#%1 %2：%3，%4</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Hardware identity:</source>
        <translation>硬件标识：</translation>
    </message>
    <message>
        <source>Hardware alert:</source>
        <translation>硬件警报：</translation>
    </message>
    <message>
        <source>possible impostor or replaced hardware: %1 from %2 at %3</source>
        <translation>可能是冒充或更换了硬件：%1，来自 %2，时间 %3</translation>
    </message>
    <message>
        <source>Registers from:</source>
        <translation>注册来源：</translation>
    </message>
    <message>
        <source>any address</source>
        <translation>任意地址</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalTableModel</name>
    <message>
        <source>Last refused: %1</source>
        <translation>最近一次拒绝：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Double-click to rename</source>
        <translation>双击以重命名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最后出现</translation>
    </message>
    <message>
        <source>Terminal clock minus this computer&apos;s clock at the last registration</source>
        <translation>上次注册时设备时钟减去本机时钟</translation>
    </message>
    <message>
        <source>Clock drift</source>
        <translation>时钟偏差</translation>
    </message>
    <message>
        <source>renaming is not available</source>
        <translation>无法重命名</translation>
    </message>
    <message>
        <source>Not connected: a low-power TCP terminal that connects for its heartbeats. Last heard from %1.</source>
        <translation>未连接：低功耗 TCP 设备只在心跳时连接。最后通信时间 %1。</translation>
    </message>
    <message>
        <source>Possible impostor or replaced hardware: %1 from %2 at %3 (recorded: %4). Accept or block the new hardware.</source>
        <translation>可能是冒充或更换了硬件：%1，来自 %2，时间 %3（已记录：%4）。请接受或阻止新硬件。</translation>
    </message>
    <message>
        <source>%1 (expired)</source>
        <translation>%1（已过期）</translation>
    </message>
    <message>
        <source>The TermDesk server holding the terminal&apos;s connection (several servers on one PostgreSQL database); expired: that server stopped renewing it</source>
        <translation>持有该设备连接的 TermDesk 服务器（多个服务器共用一个 PostgreSQL 数据库）；已过期：该服务器已停止续期</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalsView</name>
    <message>
        <source>Name cleared</source>
        <translation>已清除名称</translation>
    </message>
    <message>
        <source>Renamed to “%1”</source>
        <translation>已重命名为“%1”</translation>
    </message>
    <message>
        <source>Could not rename %1: %2</source>
        <translation>无法重命名 %1：%2</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <source>Admit the selected terminals (also lifts a block)</source>
        <translation>接入所选设备（也会解除封禁）</translation>
    </message>
    <message>
        <source>&amp;Block…</source>
        <translation>封禁(&amp;B)…</translation>
    </message>
    <message>
        <source>Refuse the selected terminals and disconnect them</source>
        <translation>拒绝所选设备并断开连接</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>重命名(&amp;R)</translation>
    </message>
    <message>
        <source>Give the terminal a name (F2)</source>
        <translation>为设备命名 (F2)</translation>
    </message>
    <message>
        <source>Search serial, name, model…</source>
        <translation>搜索序列号、名称、型号…</translation>
    </message>
    <message>
        <source>Search terminals</source>
        <translation>搜索设备</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Terminal actions</source>
        <translation>设备操作</translation>
    </message>
    <message>
        <source>Terminals and details</source>
        <translation>设备与详情</translation>
    </message>
    <message>
        <source>Could not read the terminals: %1</source>
        <translation>无法读取设备：%1</translation>
    </message>
    <message>
        <source>Could not change %1: %2</source>
        <translation>无法更改 %1：%2</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>已封禁</translation>
    </message>
    <message>
        <source>Approved %1. A terminal is admitted at its next registration.</source>
        <translation>已批准 %1。设备会在下次注册时被接入。</translation>
    </message>
    <message>
        <source>Block terminals</source>
        <translation>封禁设备</translation>
    </message>
    <message numerus="yes">
        <source>Block %n terminal(s)? They are disconnected now and refused until approved again. Their punches stay in the database.</source>
        <translation>
            <numerusform>封禁 %n 台设备？它们会立即断开，并在再次批准之前被拒绝。它们的打卡记录仍保留在数据库中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Block</source>
        <translation>封禁</translation>
    </message>
    <message>
        <source>Blocked %1.</source>
        <translation>已封禁 %1。</translation>
    </message>
    <message>
        <source>More commands</source>
        <translation>更多命令</translation>
    </message>
    <message>
        <source>Accept &amp;new hardware</source>
        <translation>接受新硬件(&amp;N)</translation>
    </message>
    <message>
        <source>The selected terminals&apos; serials were used by other hardware: accept that hardware as theirs (a replaced terminal)</source>
        <translation>所选设备的序列号被其他硬件使用：接受该硬件为其硬件（已更换的设备）</translation>
    </message>
    <message>
        <source>Block new &amp;hardware</source>
        <translation>阻止新硬件(&amp;H)</translation>
    </message>
    <message>
        <source>The selected terminals&apos; serials were used by other hardware: keep refusing it (a possible impostor)</source>
        <translation>所选设备的序列号被其他硬件使用：继续拒绝该硬件（可能是冒充）</translation>
    </message>
    <message>
        <source>New hardware accepted</source>
        <translation>已接受新硬件</translation>
    </message>
    <message>
        <source>New hardware blocked</source>
        <translation>已阻止新硬件</translation>
    </message>
    <message>
        <source>%1: the new hardware is admitted at its next registration.</source>
        <translation>%1：新硬件将在下次注册时被接纳。</translation>
    </message>
    <message>
        <source>%1: the new hardware stays refused.</source>
        <translation>%1：新硬件继续被拒绝。</translation>
    </message>
    <message>
        <source>Allowed ne&amp;tworks…</source>
        <translation>允许的网络(&amp;T)…</translation>
    </message>
    <message>
        <source>The addresses or networks the terminal may register from (empty: anywhere)</source>
        <translation>设备可以从哪些地址或网络注册（留空：任意位置）</translation>
    </message>
    <message>
        <source>Allowed networks of %1</source>
        <translation>%1 的允许网络</translation>
    </message>
    <message>
        <source>Addresses or networks (CIDR) %1 may register from, separated by commas; empty: anywhere.
A registration from elsewhere is refused.</source>
        <translation>%1 可以注册的地址或网络（CIDR），以逗号分隔；留空：任意位置。
来自其他位置的注册将被拒绝。</translation>
    </message>
    <message>
        <source>Allowed networks of %1 not changed: %2</source>
        <translation>%1 的允许网络未更改：%2</translation>
    </message>
    <message>
        <source>Allowed networks changed</source>
        <translation>允许的网络已更改</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TlsApiFields</name>
    <message>
        <source>Encryption and REST API</source>
        <translation>加密与 REST API</translation>
    </message>
    <message>
        <source>Secure WebSocket (wss) p&amp;ort:</source>
        <translation>安全 WebSocket (wss) 端口(&amp;O)：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Port of the wss:// server (TLS) for terminals that support it; off: none</source>
        <translation>供支持 TLS 的终端使用的 wss:// 服务器端口；关闭：不启用</translation>
    </message>
    <message>
        <source>TLS &amp;certificate (PEM):</source>
        <translation>TLS 证书 (PEM)(&amp;C)：</translation>
    </message>
    <message>
        <source>TLS private &amp;key (PEM):</source>
        <translation>TLS 私钥 (PEM)(&amp;K)：</translation>
    </message>
    <message>
        <source>termdesk-cert.pem in the data directory</source>
        <translation>数据目录中的 termdesk-cert.pem</translation>
    </message>
    <message>
        <source>termdesk-key.pem in the data directory</source>
        <translation>数据目录中的 termdesk-key.pem</translation>
    </message>
    <message>
        <source>REST &amp;API port:</source>
        <translation>REST API 端口(&amp;A)：</translation>
    </message>
    <message>
        <source>Port of the local REST API for payroll and ERP programs (API keys: termdesk api-key); off: none</source>
        <translation>供薪资和 ERP 程序使用的本地 REST API 端口（API 密钥：termdesk api-key）；关闭：不启用</translation>
    </message>
    <message>
        <source>API bind add&amp;ress:</source>
        <translation>API 绑定地址(&amp;R)：</translation>
    </message>
    <message>
        <source>127.0.0.1 = this computer only</source>
        <translation>127.0.0.1 = 仅本机</translation>
    </message>
    <message>
        <source>Serve the API over https only, with this certificate</source>
        <translation>仅通过 https 提供 API，使用此证书</translation>
    </message>
    <message>
        <source>No certificate in %1 yet. Make a self-signed one with: termdesk tls generate</source>
        <translation>%1 中还没有证书。用以下命令生成自签名证书：termdesk tls generate</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint (what clients pin): %1, valid until %2</source>
        <translation>SHA-256 指纹（客户端固定的值）：%1，有效期至 %2</translation>
    </message>
    <message>
        <source>The REST API bind address “%1” is not an IP address.</source>
        <translation>REST API 绑定地址“%1”不是 IP 地址。</translation>
    </message>
    <message>
        <source>Two servers cannot share port %1.</source>
        <translation>两个服务器不能共用端口 %1。</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TraceModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TraceView</name>
    <message>
        <source>All terminals</source>
        <translation>全部设备</translation>
    </message>
    <message>
        <source>Filter by terminal</source>
        <translation>按设备筛选</translation>
    </message>
    <message>
        <source>Search command or content…</source>
        <translation>搜索命令或内容…</translation>
    </message>
    <message>
        <source>Search the trace</source>
        <translation>搜索跟踪</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Copy selected</source>
        <translation>复制所选</translation>
    </message>
    <message>
        <source>Copy the selected messages (all shown when none is selected) as plain text</source>
        <translation>以纯文本复制所选消息（未选择时复制所有显示的消息）</translation>
    </message>
    <message>
        <source>Protocol trace</source>
        <translation>协议跟踪</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln message(s)</source>
        <translation>
            <numerusform>%1 / %Ln 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>paused, %Ln held</source>
        <translation>
            <numerusform>已暂停，保留 %Ln 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::UserTableModel</name>
    <message>
        <source>Enroll ID</source>
        <translation>登记号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Fingerprints</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <source>Palm</source>
        <translation>掌纹</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>On terminals</source>
        <translation>所在设备</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::UsersView</name>
    <message>
        <source>Search enroll ID, name, terminal…</source>
        <translation>搜索登记号、姓名、设备…</translation>
    </message>
    <message>
        <source>Search users</source>
        <translation>搜索用户</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>No users yet. Terminals send their enrolled users when “Ask terminals not to send their users” is off in Settings.</source>
        <translation>还没有用户。当设置中的“要求设备不要上传用户”关闭时，设备会上传其登记的用户。</translation>
    </message>
    <message>
        <source>Could not read the users: %1</source>
        <translation>无法读取用户：%1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln user(s)</source>
        <translation>
            <numerusform>%Ln 个用户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln user(s)</source>
        <translation>
            <numerusform>%Ln 个用户中的 %1 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>名册</translation>
    </message>
    <message>
        <source>Compare with a terminal</source>
        <translation>与设备对比</translation>
    </message>
    <message>
        <source>Pushes</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Enabled everywhere: %1</source>
        <translation>已全部启用：%1</translation>
    </message>
    <message>
        <source>Disabled everywhere: %1</source>
        <translation>已全部禁用：%1</translation>
    </message>
    <message>
        <source>Could not change the users: %1</source>
        <translation>无法修改用户：%1</translation>
    </message>
    <message>
        <source>Delete users everywhere</source>
        <translation>全部删除用户</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n user(s) (%1) from the roster and from every terminal that holds them? Their fingerprints, faces, cards and passwords are erased on the terminals.</source>
        <translation>
            <numerusform>从名册和保存它们的每台设备中删除 %n 个用户（%1）？设备上的指纹、人脸、卡和密码都会被清除。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete everywhere</source>
        <translation>全部删除</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Deleted everywhere: %1</source>
        <translation>已全部删除：%1</translation>
    </message>
    <message>
        <source>Could not delete the users: %1</source>
        <translation>无法删除用户：%1</translation>
    </message>
    <message>
        <source>Push to %1: %2</source>
        <translation>推送到 %1：%2</translation>
    </message>
    <message>
        <source>Push to %1 failed: %2</source>
        <translation>推送到 %1 失败：%2</translation>
    </message>
    <message>
        <source>&amp;Push to terminal</source>
        <translation>推送到设备(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Enable everywhere</source>
        <translation>全部启用(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Disable everywhere</source>
        <translation>全部禁用(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;lete everywhere…</source>
        <translation>全部删除(&amp;L)…</translation>
    </message>
    <message>
        <source>Push to &amp;several terminals…</source>
        <translation>下发到多台设备(&amp;S)…</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookAddDialog</name>
    <message>
        <source>Add a webhook endpoint</source>
        <translation>添加 Webhook 端点</translation>
    </message>
    <message>
        <source>Up to this many punches per request (a punch.batch); 1 sends each punch alone.</source>
        <translation>每个请求最多包含的打卡数（一个 punch.batch）；1 表示每条打卡单独发送。</translation>
    </message>
    <message>
        <source>The endpoint receives what is stored from now on (replay sends older punches). Its signing secret is shown once, after OK.</source>
        <translation>端点将接收从现在起保存的数据（重放可发送更早的打卡）。其签名密钥在点击“确定”后仅显示一次。</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>URL(&amp;U):</translation>
    </message>
    <message>
        <source>Events:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation>批量(&amp;B):</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookDeliveryModel</name>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <source>Paused (410)</source>
        <translation>已暂停 (410)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Webhook ID</source>
        <translation>Webhook ID</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookEndpointModel</name>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <source>ERPNext (%1)</source>
        <translation>ERPNext (%1)</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>%1 (attempt %2, next %3)</source>
        <translation>%1（第 %2 次尝试，下次 %3）</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cursor</source>
        <translation>游标</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>积压</translation>
    </message>
    <message>
        <source>Last result</source>
        <translation>最近结果</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookReplayDialog</name>
    <message>
        <source>Replay webhook endpoint %1</source>
        <translation>重放 Webhook 端点 %1</translation>
    </message>
    <message>
        <source>Every punch after this punch ID is sent again, with the same webhook IDs as the first time (receivers drop the duplicates). 0 sends them all. The cursor is now %1.</source>
        <translation>此打卡 ID 之后的每条打卡都会重新发送，Webhook ID 与首次相同（接收方会丢弃重复项）。0 表示全部发送。当前游标为 %1。</translation>
    </message>
    <message>
        <source>punch ID, 0 for all</source>
        <translation>打卡 ID，0 表示全部</translation>
    </message>
    <message>
        <source>Send the punches &amp;after:</source>
        <translation>发送此后的打卡(&amp;A):</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookSecretDialog</name>
    <message>
        <source>Webhook endpoint %1 added</source>
        <translation>已添加 Webhook 端点 %1</translation>
    </message>
    <message>
        <source>Give this signing secret to the receiver: it checks every request&apos;s signature with it (docs/integration.md, &quot;Webhooks&quot;).</source>
        <translation>请将此签名密钥交给接收方：接收方用它校验每个请求的签名（docs/integration.md，&quot;Webhooks&quot;）。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>It is not shown again. If it is lost, make a new one with &apos;termdesk webhook rotate-secret %1&apos;.</source>
        <translation>此密钥不会再次显示。如果丢失，请用 &apos;termdesk webhook rotate-secret %1&apos; 生成新的密钥。</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhooksView</name>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>Add an endpoint (its secret is shown once)</source>
        <translation>添加端点（其密钥仅显示一次）</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Stop sending to the selected endpoint (what is stored waits for it)</source>
        <translation>停止向所选端点发送（已保存的数据会等待它）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Send again; a dead letter&apos;s retries start afresh</source>
        <translation>重新发送；死信的重试将从头开始</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>Send one signed webhook.test request now and show the answer</source>
        <translation>立即发送一个已签名的 webhook.test 请求并显示应答</translation>
    </message>
    <message>
        <source>Re&amp;play…</source>
        <translation>重放(&amp;P)…</translation>
    </message>
    <message>
        <source>Send again every punch after a punch ID</source>
        <translation>重新发送某个打卡 ID 之后的每条打卡</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>移除(&amp;M)…</translation>
    </message>
    <message>
        <source>Delete the endpoint and its delivery log</source>
        <translation>删除端点及其投递日志</translation>
    </message>
    <message>
        <source>Webhook endpoints</source>
        <translation>Webhook 端点</translation>
    </message>
    <message>
        <source>Delivery attempts</source>
        <translation>投递尝试</translation>
    </message>
    <message numerus="yes">
        <source>%n endpoint(s)</source>
        <translation>
            <numerusform>%n 个端点</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivery attempts of endpoint %1, newest first</source>
        <translation>端点 %1 的投递尝试，最新的在前</translation>
    </message>
    <message>
        <source>Select an endpoint to see its delivery attempts.</source>
        <translation>选择一个端点以查看其投递尝试。</translation>
    </message>
    <message>
        <source>Could not read the webhook endpoints: %1</source>
        <translation>无法读取 Webhook 端点：%1</translation>
    </message>
    <message>
        <source>Could not read the deliveries: %1</source>
        <translation>无法读取投递记录：%1</translation>
    </message>
    <message>
        <source>Could not add the endpoint: %1</source>
        <translation>无法添加端点：%1</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 added (%2).</source>
        <translation>已添加 Webhook 端点 %1（%2）。</translation>
    </message>
    <message>
        <source>Could not pause endpoint %1: %2</source>
        <translation>无法暂停端点 %1：%2</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 paused: what is stored waits for it.</source>
        <translation>Webhook 端点 %1 已暂停：已保存的数据会等待它。</translation>
    </message>
    <message>
        <source>Could not resume endpoint %1: %2</source>
        <translation>无法继续端点 %1：%2</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 resumed (a running server sends within a few seconds).</source>
        <translation>Webhook 端点 %1 已继续（运行中的服务器会在几秒内发送）。</translation>
    </message>
    <message>
        <source>Testing endpoint %1…</source>
        <translation>正在测试端点 %1…</translation>
    </message>
    <message>
        <source>Test of endpoint %1: %2</source>
        <translation>端点 %1 的测试：%2</translation>
    </message>
    <message>
        <source>Could not replay endpoint %1: %2</source>
        <translation>无法重放端点 %1：%2</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 replays every punch after %2 (a running server sends within a few seconds).</source>
        <translation>Webhook 端点 %1 将重放 %2 之后的每条打卡（运行中的服务器会在几秒内发送）。</translation>
    </message>
    <message>
        <source>Remove webhook endpoint</source>
        <translation>移除 Webhook 端点</translation>
    </message>
    <message>
        <source>Remove webhook endpoint %1 (%2)? Nothing more is sent to it and its delivery log is deleted.</source>
        <translation>移除 Webhook 端点 %1（%2）？将不再向其发送任何内容，其投递日志也会被删除。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Could not remove endpoint %1: %2</source>
        <translation>无法移除端点 %1：%2</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 removed.</source>
        <translation>已移除 Webhook 端点 %1。</translation>
    </message>
</context>
</TS>
