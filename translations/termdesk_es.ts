<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ColumnChooser</name>
    <message>
        <source>Columns</source>
        <translation>Columnas</translation>
    </message>
</context>
<context>
    <name>DisplayText</name>
    <message>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Pending approval</source>
        <translation>Pendiente de aprobación</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Bloqueado</translation>
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
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>Fingerprints</source>
        <translation>Huellas</translation>
    </message>
    <message>
        <source>Faces</source>
        <translation>Rostros</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Tarjetas</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>Contraseñas</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>New logs</source>
        <translation>Registros nuevos</translation>
    </message>
    <message>
        <source>Palms</source>
        <translation>Palmas</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Huella</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>Rostro</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>Código QR</translation>
    </message>
    <message>
        <source>Palm</source>
        <translation>Palma</translation>
    </message>
    <message>
        <source>Other (%1)</source>
        <translation>Otro (%1)</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>Estado %1</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Enroller</source>
        <translation>Registrador</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>%1 of %2 (%3 %)</source>
        <translation>%1 de %2 (%3 %)</translation>
    </message>
    <message>
        <source>Sleeping</source>
        <translation>En reposo</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::CommandTableModel</name>
    <message>
        <source>Pull logs</source>
        <translation>Descargar marcajes</translation>
    </message>
    <message>
        <source>Pull logs %1 → %2</source>
        <translation>Descargar marcajes %1 → %2</translation>
    </message>
    <message>
        <source>Open door</source>
        <translation>Abrir la puerta</translation>
    </message>
    <message>
        <source>Set the clock</source>
        <translation>Poner en hora</translation>
    </message>
    <message>
        <source>Read the clock</source>
        <translation>Leer el reloj</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Reiniciar</translation>
    </message>
    <message>
        <source>Read the status</source>
        <translation>Leer el estado</translation>
    </message>
    <message>
        <source>Read capacities</source>
        <translation>Leer las capacidades</translation>
    </message>
    <message>
        <source>Pull users</source>
        <translation>Descargar usuarios</translation>
    </message>
    <message>
        <source>Read user %1</source>
        <translation>Leer el usuario %1</translation>
    </message>
    <message>
        <source>Pull new logs</source>
        <translation>Descargar marcajes nuevos</translation>
    </message>
    <message>
        <source>Erase the logs</source>
        <translation>Borrar los marcajes</translation>
    </message>
    <message>
        <source>Delete every user</source>
        <translation>Borrar todos los usuarios</translation>
    </message>
    <message>
        <source>Delete every user and log</source>
        <translation>Borrar todos los usuarios y marcajes</translation>
    </message>
    <message>
        <source>Demote every administrator</source>
        <translation>Quitar el rol a todos los administradores</translation>
    </message>
    <message>
        <source>Send user %1</source>
        <translation>Enviar el usuario %1</translation>
    </message>
    <message>
        <source>Delete user %1</source>
        <translation>Borrar el usuario %1</translation>
    </message>
    <message>
        <source>Send “%1”</source>
        <translation>Enviar «%1»</translation>
    </message>
    <message>
        <source>Erase the punches</source>
        <translation>Borrar los marcajes</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n user(s)</source>
        <translation>
            <numerusform>Borrar %n usuario</numerusform>
            <numerusform>Borrar %n usuarios</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send %n user(s)</source>
        <translation>
            <numerusform>Enviar %n usuario</numerusform>
            <numerusform>Enviar %n usuarios</numerusform>
        </translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Escribir</translation>
    </message>
    <message>
        <source>Read “%1”</source>
        <translation>Leer «%1»</translation>
    </message>
    <message>
        <source>Queued %1, updated %2</source>
        <translation>En cola desde %1, actualizado %2</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Actualizado</translation>
    </message>
    <message>
        <source>Result or reason</source>
        <translation>Resultado o motivo</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Caducado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::CommandsView</name>
    <message>
        <source>All states</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>Filter by state</source>
        <translation>Filtrar por estado</translation>
    </message>
    <message>
        <source>Filter by terminal</source>
        <translation>Filtrar por terminal</translation>
    </message>
    <message>
        <source>All terminals</source>
        <translation>Todos los terminales</translation>
    </message>
    <message>
        <source>&amp;Cancel command…</source>
        <translation>&amp;Cancelar comando…</translation>
    </message>
    <message>
        <source>Cancel the selected commands that have not been answered yet</source>
        <translation>Cancelar los comandos seleccionados que aún no tienen respuesta</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Reintentar</translation>
    </message>
    <message>
        <source>Queue the selected failed, expired or cancelled commands again</source>
        <translation>Poner de nuevo en cola los comandos seleccionados fallidos, caducados o cancelados</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>Comandos</translation>
    </message>
    <message>
        <source>Could not read the commands: %1</source>
        <translation>No se pudieron leer los comandos: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln command(s)</source>
        <translation>
            <numerusform>%Ln comando</numerusform>
            <numerusform>%Ln comandos</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1 %2 (%3)</source>
        <translation>n.º %1 %2 (%3)</translation>
    </message>
    <message>
        <source>Cancel commands</source>
        <translation>Cancelar comandos</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n command(s)? A command already sent may still be carried out by the terminal; its answer is then ignored.</source>
        <translation>
            <numerusform>¿Cancelar %n comando? Si ya se envió, el terminal aún puede ejecutarlo; su respuesta se ignorará.</numerusform>
            <numerusform>¿Cancelar %n comandos? Los ya enviados aún pueden ejecutarse en el terminal; sus respuestas se ignorarán.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>Conservarlos</translation>
    </message>
    <message>
        <source>Could not cancel command %1: %2</source>
        <translation>No se pudo cancelar el comando %1: %2</translation>
    </message>
    <message>
        <source>Cancelled command %1 (%2)</source>
        <translation>Comando %1 cancelado (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n command(s).</source>
        <translation>
            <numerusform>%n comando cancelado.</numerusform>
            <numerusform>%n comandos cancelados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not queue command %1 again: %2</source>
        <translation>No se pudo poner de nuevo en cola el comando %1: %2</translation>
    </message>
    <message>
        <source>Queued command %1 again as %2 (%3)</source>
        <translation>Comando %1 puesto de nuevo en cola como %2 (%3)</translation>
    </message>
    <message numerus="yes">
        <source>Queued %n command(s) again.</source>
        <translation>
            <numerusform>%n comando puesto de nuevo en cola.</numerusform>
            <numerusform>%n comandos puestos de nuevo en cola.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ConnectPage</name>
    <message>
        <source>this computer&apos;s IP address</source>
        <translation>la dirección IP de este equipo</translation>
    </message>
    <message>
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <source>Connect your terminals</source>
        <translation>Conecte sus terminales</translation>
    </message>
    <message>
        <source>&lt;p&gt;On each terminal open &lt;b&gt;Menu → Comm set → Server&lt;/b&gt; (the names vary by firmware) and set:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Server req&lt;/b&gt;: yes&lt;/li&gt;&lt;li&gt;&lt;b&gt;Server IP&lt;/b&gt;: %1&lt;/li&gt;&lt;li&gt;&lt;b&gt;SerPortNo&lt;/b&gt;: %2&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The terminal registers within seconds and appears under &lt;b&gt;Terminals&lt;/b&gt;. With the admission policy &lt;i&gt;approval&lt;/i&gt; it waits there until you approve it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;En cada terminal abra &lt;b&gt;Menú → Comunicación → Servidor&lt;/b&gt; (los nombres varían según el firmware) y configure:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Server req&lt;/b&gt;: sí&lt;/li&gt;&lt;li&gt;&lt;b&gt;Server IP&lt;/b&gt;: %1&lt;/li&gt;&lt;li&gt;&lt;b&gt;SerPortNo&lt;/b&gt;: %2&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;El terminal se registra en pocos segundos y aparece en &lt;b&gt;Terminales&lt;/b&gt;. Con la política de admisión &lt;i&gt;aprobación&lt;/i&gt;, espera allí hasta que usted lo apruebe.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Terminals that speak the TCP protocol connect to port %1 instead.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Los terminales que usan el protocolo TCP se conectan, en cambio, al puerto %1.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>How to connect a terminal</source>
        <translation>Cómo conectar un terminal</translation>
    </message>
    <message>
        <source>No terminal at hand?</source>
        <translation>¿No tiene un terminal a mano?</translation>
    </message>
    <message numerus="yes">
        <source>Start %n simulated terminal(s) on this computer: they register, report their capacities and send punches for ten minutes, so every view has something to show.</source>
        <translation>
            <numerusform>Inicie %n terminal simulado en este equipo: se registra, informa de sus capacidades y envía marcajes durante diez minutos, para que cada vista tenga algo que mostrar.</numerusform>
            <numerusform>Inicie %n terminales simulados en este equipo: se registran, informan de sus capacidades y envían marcajes durante diez minutos, para que cada vista tenga algo que mostrar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Start %n simulated terminal(s)</source>
        <translation>
            <numerusform>Iniciar %n terminal simulado</numerusform>
            <numerusform>Iniciar %n terminales simulados</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop the simulation</source>
        <translation>Detener la simulación</translation>
    </message>
    <message>
        <source>The simulated terminals are running (%1).</source>
        <translation>Los terminales simulados están en marcha (%1).</translation>
    </message>
    <message>
        <source>Could not run %1: %2</source>
        <translation>No se pudo ejecutar %1: %2</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::DashboardView</name>
    <message>
        <source>terminals online</source>
        <translation>terminales en línea</translation>
    </message>
    <message>
        <source>punches today</source>
        <translation>marcajes hoy</translation>
    </message>
    <message>
        <source>waiting for approval</source>
        <translation>esperando aprobación</translation>
    </message>
    <message>
        <source>capacity warnings (≥ 80 %)</source>
        <translation>avisos de capacidad (≥ 80 %)</translation>
    </message>
    <message>
        <source>Punches per hour today</source>
        <translation>Marcajes por hora hoy</translation>
    </message>
    <message>
        <source>Punches</source>
        <translation>Marcajes</translation>
    </message>
    <message>
        <source>Punches per day this week</source>
        <translation>Marcajes por día esta semana</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Terminales</translation>
    </message>
    <message>
        <source>Terminals by state</source>
        <translation>Terminales por estado</translation>
    </message>
    <message>
        <source>Capacity warnings</source>
        <translation>Avisos de capacidad</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacidad</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Uso</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>None: every capacity is below 80 %</source>
        <translation>Ninguno: todas las capacidades están por debajo del 80 %</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::DatabaseFields</name>
    <message>
        <source>Shared &amp;database:</source>
        <translation>Base de datos &amp;compartida:</translation>
    </message>
    <message>
        <source>empty: termdesk.sqlite in the data directory</source>
        <translation>vacío: termdesk.sqlite en el directorio de datos</translation>
    </message>
    <message>
        <source>A PostgreSQL database several PCs share: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]. Better leave the password out and put it in the user&apos;s ~/.pgpass.</source>
        <translation>Una base de datos PostgreSQL que comparten varios PC: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]. Mejor omita la contraseña y póngala en el ~/.pgpass del usuario.</translation>
    </message>
    <message>
        <source>Used from the next start. A saved password is shown as %1; leave it so to keep it.</source>
        <translation>Se usa desde el próximo inicio. Una contraseña guardada se muestra como %1; déjela así para conservarla.</translation>
    </message>
    <message>
        <source>TERMDESK_DATABASE is set: it is used instead of this field.</source>
        <translation>TERMDESK_DATABASE está definida: se usa en lugar de este campo.</translation>
    </message>
    <message>
        <source>Run &amp;no terminal servers on this PC (a console of the shared database)</source>
        <translation>&amp;No ejecutar servidores de terminales en este PC (consola de la base de datos compartida)</translation>
    </message>
    <message>
        <source>The WebSocket, wss:// and TCP servers stay off: terminals connect to the servers of other PCs, this console shows what they store. Takes effect at once.</source>
        <translation>Los servidores WebSocket, wss:// y TCP quedan desactivados: los terminales se conectan a los servidores de otros PC y esta consola muestra lo que guardan. Se aplica al momento.</translation>
    </message>
    <message>
        <source>Shared database: %1</source>
        <translation>Base de datos compartida: %1</translation>
    </message>
    <message>
        <source>not a postgresql:// URL (leave it empty for termdesk.sqlite)</source>
        <translation>no es una URL postgresql:// (déjela vacía para termdesk.sqlite)</translation>
    </message>
    <message>
        <source>Shared database: this TermDesk was built without PostgreSQL support.</source>
        <translation>Base de datos compartida: este TermDesk se compiló sin soporte de PostgreSQL.</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::EventsView</name>
    <message>
        <source>Events of this session</source>
        <translation>Eventos de esta sesión</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ExportController</name>
    <message>
        <source>Export punches</source>
        <translation>Exportar marcajes</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Escribiendo %1…</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Progreso de la exportación</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Error al exportar</translation>
    </message>
    <message>
        <source>The punches could not be exported to %1.</source>
        <translation>No se pudieron exportar los marcajes a %1.</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ExportScheduleFields</name>
    <message>
        <source>Export folder</source>
        <translation>Carpeta de exportación</translation>
    </message>
    <message>
        <source>Scheduled export</source>
        <translation>Exportación programada</translation>
    </message>
    <message>
        <source>E&amp;xport new punches:</source>
        <translation>E&amp;xportar marcajes nuevos:</translation>
    </message>
    <message>
        <source>Never (off)</source>
        <translation>Nunca (desactivada)</translation>
    </message>
    <message>
        <source>Every few minutes</source>
        <translation>Cada pocos minutos</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>A diario</translation>
    </message>
    <message>
        <source>Writes the punches stored since the last export into a new CSV file: each punch lands in exactly one file, also one a terminal uploads days late.</source>
        <translation>Escribe los marcajes guardados desde la última exportación en un archivo CSV nuevo: cada marcaje va a un solo archivo, también uno que un terminal sube días después.</translation>
    </message>
    <message>
        <source>Export e&amp;very:</source>
        <translation>Exportar &amp;cada:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Daily export a&amp;t:</source>
        <translation>Exportación diaria a &amp;las:</translation>
    </message>
    <message>
        <source>Export f&amp;older:</source>
        <translation>&amp;Carpeta de exportación:</translation>
    </message>
    <message>
        <source>exports in the data directory</source>
        <translation>exports en el directorio de datos</translation>
    </message>
    <message>
        <source>Where payroll picks the files up. A folder that is gone is reported, not made again; the next export after it is back catches up.</source>
        <translation>Donde la nómina recoge los archivos. Una carpeta que ya no existe se avisa y no se vuelve a crear; la siguiente exportación, cuando vuelva, se pone al día.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Choose the export folder</source>
        <translation>Elegir la carpeta de exportación</translation>
    </message>
    <message>
        <source>Export file &amp;name:</source>
        <translation>&amp;Nombre del archivo de exportación:</translation>
    </message>
    <message>
        <source>{date} is the day of the export (yyyy-MM-dd), {time} its time (HHmmss)</source>
        <translation>{date} es el día de la exportación (yyyy-MM-dd), {time} su hora (HHmmss)</translation>
    </message>
    <message>
        <source>Export for&amp;mat:</source>
        <translation>For&amp;mato de exportación:</translation>
    </message>
    <message>
        <source>v1</source>
        <translation>v1</translation>
    </message>
    <message>
        <source>v2 (punch_id first)</source>
        <translation>v2 (punch_id primero)</translation>
    </message>
    <message>
        <source>Start export files with a byte order mark (for Excel)</source>
        <translation>Empezar los archivos con una marca de orden de bytes (para Excel)</translation>
    </message>
    <message>
        <source>The export folder must be a full path (or empty: exports in the data directory).</source>
        <translation>La carpeta de exportación debe ser una ruta completa (o vacía: exports en el directorio de datos).</translation>
    </message>
    <message>
        <source>The export file name must hold {date} and be a name, not a path (no / \ : * ? &quot; &lt; &gt; |).</source>
        <translation>El nombre del archivo de exportación debe contener {date} y ser un nombre, no una ruta (sin / \ : * ? &quot; &lt; &gt; |).</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ExportStatusLabel</name>
    <message>
        <source>Scheduled export</source>
        <translation>Exportación programada</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <source>Export: none yet</source>
        <translation>Exportación: ninguna aún</translation>
    </message>
    <message>
        <source>Export %1 failed</source>
        <translation>Exportación %1 fallida</translation>
    </message>
    <message numerus="yes">
        <source>Export %1: %Ln punch(es)</source>
        <translation>
            <numerusform>Exportación %1: %Ln marcaje</numerusform>
            <numerusform>Exportación %1: %Ln marcajes</numerusform>
        </translation>
    </message>
    <message>
        <source>next %1</source>
        <translation>próxima %1</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desactivada</translation>
    </message>
    <message>
        <source>Scheduled export failed: %1. Nothing was exported; the next run catches up.</source>
        <translation>La exportación programada falló: %1. No se exportó nada; la siguiente ejecución se pone al día.</translation>
    </message>
    <message numerus="yes">
        <source>Scheduled export: %Ln punch(es) to %1</source>
        <translation>
            <numerusform>Exportación programada: %Ln marcaje a %1</numerusform>
            <numerusform>Exportación programada: %Ln marcajes a %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::ListenerNetworkFields</name>
    <message>
        <source>WebSocket terminals &amp;from:</source>
        <translation>Terminales WebSocket &amp;desde:</translation>
    </message>
    <message>
        <source>TCP terminals f&amp;rom:</source>
        <translation>Terminales TCP d&amp;esde:</translation>
    </message>
    <message>
        <source>any address, or e.g. 192.168.1.0/24, 10.0.0.7</source>
        <translation>cualquier dirección, o p. ej. 192.168.1.0/24, 10.0.0.7</translation>
    </message>
    <message>
        <source>Addresses or networks (CIDR) connections are accepted from; a connection from anywhere else is closed before it is read. Empty: any address.</source>
        <translation>Direcciones o redes (CIDR) desde las que se aceptan conexiones; una conexión desde cualquier otro lugar se cierra antes de leerla. Vacío: cualquier dirección.</translation>
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
        <translation>Redes permitidas del servidor %1: %2</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::MainWindow</name>
    <message>
        <source>The console cannot read the database: %1</source>
        <translation>La consola no puede leer la base de datos: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln punch(es) to %1</source>
        <translation>
            <numerusform>%Ln marcaje exportado a %1</numerusform>
            <numerusform>%Ln marcajes exportados a %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Online (%1, %2)</source>
        <translation>En línea (%1, %2)</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>TermDesk</source>
        <translation>TermDesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Terminal</source>
        <translation>&amp;Terminal</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Export punches…</source>
        <translation>&amp;Exportar marcajes…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;About TermDesk</source>
        <translation>Acerca &amp;de TermDesk</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Terminales</translation>
    </message>
    <message>
        <source>Punches</source>
        <translation>Marcajes</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>Connect terminals</source>
        <translation>Conectar terminales</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Vistas</translation>
    </message>
    <message>
        <source>Current view</source>
        <translation>Vista actual</translation>
    </message>
    <message>
        <source>Listening ports</source>
        <translation>Puertos de escucha</translation>
    </message>
    <message>
        <source>Terminals online</source>
        <translation>Terminales en línea</translation>
    </message>
    <message>
        <source>Punches per second</source>
        <translation>Marcajes por segundo</translation>
    </message>
    <message numerus="yes">
        <source>Terminals (%n waiting)</source>
        <translation>
            <numerusform>Terminales (%n en espera)</numerusform>
            <numerusform>Terminales (%n en espera)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>WebSocket port %1</source>
        <translation>Puerto WebSocket %1</translation>
    </message>
    <message>
        <source>TCP port %1</source>
        <translation>Puerto TCP %1</translation>
    </message>
    <message>
        <source>wss port %1</source>
        <translation>Puerto wss %1</translation>
    </message>
    <message>
        <source>wss certificate SHA-256 fingerprint:
%1</source>
        <translation>Huella SHA-256 del certificado wss:
%1</translation>
    </message>
    <message>
        <source>%1 of %2 terminals online</source>
        <translation>%1 de %2 terminales en línea</translation>
    </message>
    <message>
        <source>%1 punches/s</source>
        <translation>%1 marcajes/s</translation>
    </message>
    <message>
        <source>About TermDesk</source>
        <translation>Acerca de TermDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;TermDesk %1&lt;/b&gt;&lt;p&gt;Console and server for time-attendance and access-control terminals.&lt;/p&gt;&lt;p&gt;Data directory: %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;TermDesk %1&lt;/b&gt;&lt;p&gt;Consola y servidor para terminales de control de asistencia y de acceso.&lt;/p&gt;&lt;p&gt;Directorio de datos: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>TermDesk cannot start</source>
        <translation>TermDesk no puede iniciarse</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>Comandos</translation>
    </message>
    <message>
        <source>Protocol trace</source>
        <translation>Traza del protocolo</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Settings not fully applied</source>
        <translation>Ajustes aplicados en parte</translation>
    </message>
    <message>
        <source>The settings were saved, but the server could not apply all of them:

%1</source>
        <translation>Los ajustes se guardaron, pero el servidor no pudo aplicarlos todos:

%1</translation>
    </message>
    <message>
        <source>Settings saved and applied.</source>
        <translation>Ajustes guardados y aplicados.</translation>
    </message>
    <message>
        <source>Settings saved and applied; %1 take effect the next time TermDesk starts.</source>
        <translation>Ajustes guardados y aplicados; %1 se aplicarán la próxima vez que se inicie TermDesk.</translation>
    </message>
    <message>
        <source>Alert: %1</source>
        <translation>Alerta: %1</translation>
    </message>
    <message>
        <source>Backup failed: %1</source>
        <translation>Copia de seguridad fallida: %1</translation>
    </message>
    <message>
        <source>Backup written to %1</source>
        <translation>Copia de seguridad escrita en %1</translation>
    </message>
    <message>
        <source>Cannot write the database (%1): punches are not acknowledged; the terminals keep them and send them again. Free disk space or check the disk.</source>
        <translation>No se puede escribir la base de datos (%1): los marcajes no se confirman; los terminales los conservan y los vuelven a enviar. Libere espacio o revise el disco.</translation>
    </message>
    <message>
        <source>The database can be written again: punches are stored and acknowledged.</source>
        <translation>La base de datos se puede escribir de nuevo: los marcajes se guardan y se confirman.</translation>
    </message>
    <message>
        <source>The shared database can be read again: punches follow live.</source>
        <translation>La base de datos compartida se puede leer de nuevo: los marcajes siguen en directo.</translation>
    </message>
    <message>
        <source>Cannot read the shared database (%1): trying again every half second.</source>
        <translation>No se puede leer la base de datos compartida (%1): se reintenta cada medio segundo.</translation>
    </message>
    <message>
        <source>Webhooks</source>
        <translation>Webhooks</translation>
    </message>
    <message numerus="yes">
        <source>%n webhook endpoint(s) stopped: their retries ran out (about 3 days). Nothing was dropped; see the Webhooks view (Ctrl+9) or &apos;termdesk webhook list&apos;, then Resume (&apos;termdesk webhook resume ID&apos;).</source>
        <translation>
            <numerusform>%n endpoint de webhook detenido: se agotaron sus reintentos (unos 3 días). No se perdió nada; vea la vista Webhooks (Ctrl+9) o &apos;termdesk webhook list&apos; y luego Reanudar (&apos;termdesk webhook resume ID&apos;).</numerusform>
            <numerusform>%n endpoints de webhook detenidos: se agotaron sus reintentos (unos 3 días). No se perdió nada; vea la vista Webhooks (Ctrl+9) o &apos;termdesk webhook list&apos; y luego Reanudar (&apos;termdesk webhook resume ID&apos;).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PunchTableModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Enroll ID</source>
        <translation>ID de registro</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation>Verificado por</translation>
    </message>
    <message>
        <source>In/out</source>
        <translation>Entrada/salida</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatura</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PunchesView</name>
    <message>
        <source>Could not read punches: %1</source>
        <translation>No se pudieron leer los marcajes: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n punch(es) to %1</source>
        <translation>
            <numerusform>%n marcaje exportado a %1</numerusform>
            <numerusform>%n marcajes exportados a %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>Exportación cancelada</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Error al exportar: %1</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Periodo:</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Todo</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Ayer</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>From… to…</source>
        <translation>Desde… hasta…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Primer día</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Último día</translation>
    </message>
    <message>
        <source>&amp;Terminal:</source>
        <translation>&amp;Terminal:</translation>
    </message>
    <message>
        <source>All terminals</source>
        <translation>Todos los terminales</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>Enroll ID or name</source>
        <translation>ID de registro o nombre</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <source>Export the punches the filter selects (Ctrl+E)</source>
        <translation>Exportar los marcajes que selecciona el filtro (Ctrl+E)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>Punches</source>
        <translation>Marcajes</translation>
    </message>
    <message>
        <source>Show newest punches</source>
        <translation>Mostrar los marcajes más recientes</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>↑ %n new punch(es)</source>
        <translation>
            <numerusform>↑ %n marcaje nuevo</numerusform>
            <numerusform>↑ %n marcajes nuevos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es) found so far; searching older punches…</source>
        <translation>
            <numerusform>%Ln marcaje encontrado hasta ahora; buscando marcajes anteriores…</numerusform>
            <numerusform>%Ln marcajes encontrados hasta ahora; buscando marcajes anteriores…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es) shown; scroll down for older ones</source>
        <translation>
            <numerusform>%Ln marcaje mostrado; desplácese hacia abajo para ver los anteriores</numerusform>
            <numerusform>%Ln marcajes mostrados; desplácese hacia abajo para ver los anteriores</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln punch(es)</source>
        <translation>
            <numerusform>%Ln marcaje</numerusform>
            <numerusform>%Ln marcajes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PushProgressPanel</name>
    <message>
        <source>Operation</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Terminales</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallidos</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Comando</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Terminal&apos;s answer / reason</source>
        <translation>Respuesta del terminal / motivo</translation>
    </message>
    <message>
        <source>&amp;Retry failed</source>
        <translation>&amp;Reintentar los fallidos</translation>
    </message>
    <message>
        <source>Pushes</source>
        <translation>Envíos</translation>
    </message>
    <message>
        <source>Commands of the push</source>
        <translation>Comandos del envío</translation>
    </message>
    <message>
        <source>Could not read the pushes: %1</source>
        <translation>No se pudieron leer los envíos: %1</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>Envío</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copia</translation>
    </message>
    <message>
        <source>Enable everywhere</source>
        <translation>Habilitar en todas partes</translation>
    </message>
    <message>
        <source>Disable everywhere</source>
        <translation>Deshabilitar en todas partes</translation>
    </message>
    <message>
        <source>Delete everywhere</source>
        <translation>Borrar en todas partes</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source> (slot %1)</source>
        <translation> (posición %1)</translation>
    </message>
    <message>
        <source>%1 (try %2)</source>
        <translation>%1 (intento %2)</translation>
    </message>
    <message numerus="yes">
        <source>Finished with %n failed command(s).</source>
        <translation>
            <numerusform>Terminado con %n comando fallido.</numerusform>
            <numerusform>Terminado con %n comandos fallidos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished: every command was answered.</source>
        <translation>Terminado: todos los comandos fueron respondidos.</translation>
    </message>
    <message>
        <source>%1 (last seen %2)</source>
        <translation>%1 (visto por última vez %2)</translation>
    </message>
    <message>
        <source>%1 (never connected)</source>
        <translation>%1 (nunca conectado)</translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting for %1. They stay queued and go out when the terminal is reachable, also after a disconnect or a restart.</source>
        <translation>
            <numerusform>%n comando espera a %1. Sigue en cola y sale cuando el terminal está accesible, también tras una desconexión o un reinicio.</numerusform>
            <numerusform>%n comandos esperan a %1. Siguen en cola y salen cuando el terminal está accesible, también tras una desconexión o un reinicio.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed command(s) queued again</source>
        <translation>
            <numerusform>%n comando fallido de nuevo en cola</numerusform>
            <numerusform>%n comandos fallidos de nuevo en cola</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry failed: %1</source>
        <translation>El reintento falló: %1</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::PushTargetsDialog</name>
    <message>
        <source>Push users</source>
        <translation>Enviar usuarios</translation>
    </message>
    <message numerus="yes">
        <source>Push %n user(s) to these terminals (each terminal is checked for room and fingerprint algorithm first; a terminal that is offline gets them when it comes back):</source>
        <translation>
            <numerusform>Enviar %n usuario a estos terminales (en cada uno se comprueba antes el espacio y el algoritmo de huella; uno desconectado los recibe al volver):</numerusform>
            <numerusform>Enviar %n usuarios a estos terminales (en cada uno se comprueba antes el espacio y el algoritmo de huella; uno desconectado los recibe al volver):</numerusform>
        </translation>
    </message>
    <message>
        <source>Terminals to push to</source>
        <translation>Terminales de destino</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>Enviar</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::RosterCompareModel</name>
    <message>
        <source>Same</source>
        <translation>Igual</translation>
    </message>
    <message>
        <source>Different</source>
        <translation>Diferente</translation>
    </message>
    <message>
        <source>Only in roster</source>
        <translation>Solo en la lista</translation>
    </message>
    <message>
        <source>Only on terminal</source>
        <translation>Solo en el terminal</translation>
    </message>
    <message>
        <source>Enroll ID</source>
        <translation>ID de registro</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>What differs</source>
        <translation>Qué difiere</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::RosterComparePanel</name>
    <message>
        <source>Compare with &amp;terminal:</source>
        <translation>Comparar con el &amp;terminal:</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Mostrar:</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>Todos los usuarios</translation>
    </message>
    <message>
        <source>Same</source>
        <translation>Igual</translation>
    </message>
    <message>
        <source>Different</source>
        <translation>Diferente</translation>
    </message>
    <message>
        <source>Only in roster</source>
        <translation>Solo en la lista</translation>
    </message>
    <message>
        <source>Only on terminal</source>
        <translation>Solo en el terminal</translation>
    </message>
    <message>
        <source>&amp;Push different and missing users</source>
        <translation>&amp;Enviar los usuarios diferentes y los que faltan</translation>
    </message>
    <message>
        <source>Queue the roster&apos;s version of every user that is different or only in the roster. Capacity and fingerprint algorithm are checked first.</source>
        <translation>Pone en cola la versión de la lista de cada usuario diferente o que solo está en la lista. Antes se comprueban la capacidad y el algoritmo de huella.</translation>
    </message>
    <message>
        <source>P&amp;ull users from this terminal</source>
        <translation>&amp;Leer los usuarios de este terminal</translation>
    </message>
    <message>
        <source>Copy selected users (none: all) &amp;to:</source>
        <translation>Copiar los usuarios seleccionados (ninguno: todos) &amp;a:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Roster compared with the terminal</source>
        <translation>Lista comparada con el terminal</translation>
    </message>
    <message>
        <source>Could not compare with %1: %2</source>
        <translation>No se pudo comparar con %1: %2</translation>
    </message>
    <message>
        <source>%1 same, %2 different, %3 only in roster, %4 only on terminal</source>
        <translation>%1 iguales, %2 diferentes, %3 solo en la lista, %4 solo en el terminal</translation>
    </message>
    <message>
        <source>Push to %1: %2</source>
        <translation>Envío a %1: %2</translation>
    </message>
    <message>
        <source>Push to %1 failed: %2</source>
        <translation>El envío a %1 falló: %2</translation>
    </message>
    <message>
        <source>Pulling the users of %1 (command %2)</source>
        <translation>Leyendo los usuarios de %1 (comando %2)</translation>
    </message>
    <message>
        <source>Could not queue the pull: %1</source>
        <translation>No se pudo poner en cola la lectura: %1</translation>
    </message>
    <message>
        <source>Copy %1 → %2: %3</source>
        <translation>Copia %1 → %2: %3</translation>
    </message>
    <message>
        <source>Copy %1 → %2 failed: %3</source>
        <translation>La copia %1 → %2 falló: %3</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation>
            <numerusform> (y %n más)</numerusform>
            <numerusform> (y %n más)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>&amp;WebSocket port:</source>
        <translation>Puerto &amp;WebSocket:</translation>
    </message>
    <message>
        <source>&amp;TCP port:</source>
        <translation>Puerto &amp;TCP:</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <source>Port of the TCP binary protocol server; 0 turns it off</source>
        <translation>Puerto del servidor del protocolo binario TCP; 0 lo desactiva</translation>
    </message>
    <message>
        <source>&amp;Bind address:</source>
        <translation>Dirección de &amp;escucha:</translation>
    </message>
    <message>
        <source>0.0.0.0 = every network interface</source>
        <translation>0.0.0.0 = todas las interfaces de red</translation>
    </message>
    <message>
        <source>&amp;Idle timeout:</source>
        <translation>Tiempo de &amp;inactividad:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Close a terminal connection that has been silent this long</source>
        <translation>Cerrar la conexión de un terminal que lleve este tiempo en silencio</translation>
    </message>
    <message>
        <source>Admission</source>
        <translation>Admisión</translation>
    </message>
    <message>
        <source>New &amp;terminals:</source>
        <translation>&amp;Terminales nuevos:</translation>
    </message>
    <message>
        <source>Admit automatically (open)</source>
        <translation>Admitir automáticamente (abierta)</translation>
    </message>
    <message>
        <source>Wait for my approval</source>
        <translation>Esperar mi aprobación</translation>
    </message>
    <message>
        <source>Refuse (closed)</source>
        <translation>Rechazar (cerrada)</translation>
    </message>
    <message>
        <source>&amp;Message on a waiting terminal:</source>
        <translation>&amp;Mensaje en un terminal en espera:</translation>
    </message>
    <message>
        <source>Ask terminals not to send their users (nosenduser)</source>
        <translation>Pedir a los terminales que no envíen sus usuarios (nosenduser)</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Almacenamiento</translation>
    </message>
    <message>
        <source>Keep punch photos (biometric data)</source>
        <translation>Guardar las fotos de los marcajes (datos biométricos)</translation>
    </message>
    <message>
        <source>&amp;Durability:</source>
        <translation>&amp;Durabilidad:</translation>
    </message>
    <message>
        <source>Full: survives a power cut (FULL)</source>
        <translation>Completa: resiste un corte de luz (FULL)</translation>
    </message>
    <message>
        <source>Normal: faster, may lose the last seconds on a power cut (NORMAL)</source>
        <translation>Normal: más rápida, puede perder los últimos segundos en un corte de luz (NORMAL)</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Consola</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>Settings file: %1</source>
        <translation>Archivo de configuración: %1</translation>
    </message>
    <message>
        <source>Every terminal that connects is admitted and listed.</source>
        <translation>Se admite y se lista cada terminal que se conecta.</translation>
    </message>
    <message>
        <source>New terminals are listed as pending and refused with the message below until you approve them.</source>
        <translation>Los terminales nuevos se listan como pendientes y se rechazan con el mensaje de abajo hasta que usted los apruebe.</translation>
    </message>
    <message>
        <source>Only terminals already listed are admitted; strangers are refused and not stored.</source>
        <translation>Solo se admiten los terminales ya listados; los desconocidos se rechazan y no se guardan.</translation>
    </message>
    <message>
        <source>“%1” is not an IP address.</source>
        <translation>«%1» no es una dirección IP.</translation>
    </message>
    <message>
        <source>The WebSocket and TCP servers cannot share port %1.</source>
        <translation>Los servidores WebSocket y TCP no pueden compartir el puerto %1.</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Carpeta de datos</translation>
    </message>
    <message>
        <source>Changes apply as soon as you press OK: a new port moves only that server, and connected terminals stay connected. The data directory and the storage settings take effect the next time TermDesk starts.</source>
        <translation>Los cambios se aplican al pulsar Aceptar: un puerto nuevo mueve solo ese servidor y los terminales conectados siguen conectados. La carpeta de datos y los ajustes de almacenamiento se aplican la próxima vez que se inicie TermDesk.</translation>
    </message>
    <message>
        <source>Data &amp;directory:</source>
        <translation>&amp;Carpeta de datos:</translation>
    </message>
    <message>
        <source>Where the database and termdesk.ini live. Used from the next start; --data-dir and TERMDESK_DATA_DIR take precedence.</source>
        <translation>Dónde están la base de datos y termdesk.ini. Se usa desde el próximo inicio; --data-dir y TERMDESK_DATA_DIR tienen prioridad.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Choose the data directory</source>
        <translation>Elegir la carpeta de datos</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>TerminalesTerminales</translation>
    </message>
    <message>
        <source>Set a terminal&apos;s clock when it registers with a wrong time</source>
        <translation>Poner en hora un terminal que se registra con la hora mal</translation>
    </message>
    <message>
        <source>Clock &amp;tolerance:</source>
        <translation>&amp;Tolerancia del reloj:</translation>
    </message>
    <message>
        <source>A terminal whose clock is further off than this is set to this computer&apos;s time</source>
        <translation>A un terminal cuyo reloj se desvíe más que esto se le pone la hora de este equipo</translation>
    </message>
    <message>
        <source>Pull the punches a terminal did not send, after each registration</source>
        <translation>Descargar los marcajes que un terminal no envió, tras cada registro</translation>
    </message>
    <message>
        <source>TCP terminals &amp;sleeping for up to:</source>
        <translation>Terminales TCP en &amp;reposo hasta:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>A TCP terminal that is not connected but was heard from within this time is shown as Sleeping (low-power terminals disconnect between heartbeats), after that as Offline</source>
        <translation>Un terminal TCP no conectado pero del que se supo algo en este tiempo se muestra En reposo (los terminales de bajo consumo se desconectan entre latidos); pasado ese tiempo, Desconectado</translation>
    </message>
    <message>
        <source>The data directory must be a full path.</source>
        <translation>La carpeta de datos debe ser una ruta completa.</translation>
    </message>
    <message>
        <source>Cannot create the data directory %1.</source>
        <translation>No se puede crear la carpeta de datos %1.</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Carpeta de copias de seguridad</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Copias de seguridad</translation>
    </message>
    <message>
        <source>&amp;Back up:</source>
        <translation>&amp;Copia de seguridad:</translation>
    </message>
    <message>
        <source>Never (off)</source>
        <translation>Nunca (desactivado)</translation>
    </message>
    <message>
        <source>Every few hours</source>
        <translation>Cada pocas horas</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Diaria</translation>
    </message>
    <message>
        <source>A consistent copy of the database, made while the server runs. A backup missed while the computer was off is made when TermDesk starts.</source>
        <translation>Una copia coherente de la base de datos, hecha mientras el servidor funciona. Una copia perdida mientras el equipo estaba apagado se hace al iniciar TermDesk.</translation>
    </message>
    <message>
        <source>Backup &amp;every:</source>
        <translation>Copia &amp;cada:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Daily backup &amp;at:</source>
        <translation>Copia diaria &amp;a las:</translation>
    </message>
    <message>
        <source>Backups &amp;kept:</source>
        <translation>Copias &amp;conservadas:</translation>
    </message>
    <message>
        <source>The newest backups kept in the folder; older ones are deleted</source>
        <translation>Las copias más recientes que se conservan en la carpeta; las más antiguas se eliminan</translation>
    </message>
    <message>
        <source>Backup &amp;folder:</source>
        <translation>Carpeta de &amp;copias:</translation>
    </message>
    <message>
        <source>backups in the data directory</source>
        <translation>copias en el directorio de datos</translation>
    </message>
    <message>
        <source>Best on another disk or a network share: a backup on the same disk is lost with it. Restore one with: termdesk restore FILE</source>
        <translation>Mejor en otro disco o en una carpeta de red: una copia en el mismo disco se pierde con él. Para restaurar una: termdesk restore ARCHIVO</translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation>Elija la carpeta de copias de seguridad</translation>
    </message>
    <message>
        <source>The backup folder must be a full path (or empty: backups in the data directory).</source>
        <translation>La carpeta de copias debe ser una ruta completa (o vacía: copias en el directorio de datos).</translation>
    </message>
    <message>
        <source>Delete &amp;photos after:</source>
        <translation>Borrar las &amp;fotos tras:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <source>Never (keep them)</source>
        <translation>Nunca (conservarlas)</translation>
    </message>
    <message>
        <source>Stored punch photos older than this are deleted by the running server (the punches stay). termdesk photos purge deletes them at once.</source>
        <translation>El servidor en marcha borra las fotos de marcajes más antiguas que esto (los marcajes se conservan). termdesk photos purge las borra al momento.</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalCommands</name>
    <message>
        <source>Sync &amp;time</source>
        <translation>Sincronizar la &amp;hora</translation>
    </message>
    <message>
        <source>Read the &amp;clock</source>
        <translation>Leer el &amp;reloj</translation>
    </message>
    <message>
        <source>Pull new &amp;logs</source>
        <translation>Descargar &amp;marcajes nuevos</translation>
    </message>
    <message>
        <source>Pull logs &amp;from… to…</source>
        <translation>Descargar marcajes &amp;desde… hasta…</translation>
    </message>
    <message>
        <source>Pull &amp;users</source>
        <translation>Descargar &amp;usuarios</translation>
    </message>
    <message>
        <source>Read &amp;status</source>
        <translation>Leer el &amp;estado</translation>
    </message>
    <message>
        <source>Read c&amp;apacities</source>
        <translation>Leer la c&amp;apacidad</translation>
    </message>
    <message>
        <source>&amp;Open door</source>
        <translation>&amp;Abrir la puerta</translation>
    </message>
    <message>
        <source>Re&amp;boot…</source>
        <translation>Re&amp;iniciar…</translation>
    </message>
    <message>
        <source>Erase the &amp;logs…</source>
        <translation>Borrar los &amp;registros…</translation>
    </message>
    <message>
        <source>Erase the &amp;punches…</source>
        <translation>Borrar los &amp;marcajes…</translation>
    </message>
    <message>
        <source>Delete every &amp;user…</source>
        <translation>Borrar todos los &amp;usuarios…</translation>
    </message>
    <message>
        <source>&amp;Initialize (users and logs)…</source>
        <translation>&amp;Inicializar (usuarios y registros)…</translation>
    </message>
    <message>
        <source>&amp;Demote every administrator…</source>
        <translation>&amp;Quitar todos los administradores…</translation>
    </message>
    <message>
        <source>Queued for the selected terminals; delivered when each is reachable</source>
        <translation>Se pone en cola para los terminales seleccionados; se envía cuando cada uno esté accesible</translation>
    </message>
    <message>
        <source>WebSocket terminals only</source>
        <translation>Solo terminales WebSocket</translation>
    </message>
    <message>
        <source>TCP terminals only</source>
        <translation>Solo terminales TCP</translation>
    </message>
    <message>
        <source>&amp;Commands</source>
        <translation>&amp;Comandos</translation>
    </message>
    <message>
        <source>&amp;Erase</source>
        <translation>&amp;Borrar</translation>
    </message>
    <message>
        <source>Could not queue %1 for %2: %3</source>
        <translation>No se pudo poner en cola %1 para %2: %3</translation>
    </message>
    <message>
        <source>%1 queued (command %2)</source>
        <translation>%1 en cola (comando %2)</translation>
    </message>
    <message numerus="yes">
        <source>%1 queued for %n terminal(s).</source>
        <translation>
            <numerusform>%1 en cola para %n terminal.</numerusform>
            <numerusform>%1 en cola para %n terminales.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not for %1 (other protocol).</source>
        <translation>No para %1 (otro protocolo).</translation>
    </message>
    <message>
        <source>Reboot terminals</source>
        <translation>Reiniciar terminales</translation>
    </message>
    <message numerus="yes">
        <source>Restart %n terminal(s)? They stop taking punches until they are back.</source>
        <translation>
            <numerusform>¿Reiniciar %n terminal? No registra marcajes hasta que vuelva.</numerusform>
            <numerusform>¿Reiniciar %n terminales? No registran marcajes hasta que vuelvan.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>Reiniciar</translation>
    </message>
    <message>
        <source>Serial of the terminal, to confirm</source>
        <translation>Número de serie del terminal, para confirmar</translation>
    </message>
    <message>
        <source>Pull logs</source>
        <translation>Descargar marcajes</translation>
    </message>
    <message>
        <source>The terminal sends every punch of these days (its own local dates); the ones already stored are not stored twice.</source>
        <translation>El terminal envía todos los marcajes de esos días (sus fechas locales); los ya guardados no se guardan dos veces.</translation>
    </message>
    <message>
        <source>Pull logs %1 → %2</source>
        <translation>Descargar marcajes %1 → %2</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Desde:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Hasta:</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; on terminal &lt;b&gt;%2&lt;/b&gt; cannot be undone.&lt;/p&gt;&lt;p&gt;Type the terminal&apos;s serial &lt;b&gt;%2&lt;/b&gt; to confirm.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; en el terminal &lt;b&gt;%2&lt;/b&gt; no se puede deshacer.&lt;/p&gt;&lt;p&gt;Escriba el número de serie &lt;b&gt;%2&lt;/b&gt; para confirmar.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalDetailPane</name>
    <message>
        <source>Serial:</source>
        <translation>N.º de serie:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nombre:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protocolo:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modelo:</translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation>Firmware:</translation>
    </message>
    <message>
        <source>CPU serial:</source>
        <translation>N.º de serie de la CPU:</translation>
    </message>
    <message>
        <source>MAC address:</source>
        <translation>Dirección MAC:</translation>
    </message>
    <message>
        <source>Fingerprint algorithm:</source>
        <translation>Algoritmo de huella:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <source>WebSocket path:</source>
        <translation>Ruta WebSocket:</translation>
    </message>
    <message>
        <source>First seen:</source>
        <translation>Visto por primera vez:</translation>
    </message>
    <message>
        <source>Last seen:</source>
        <translation>Visto por última vez:</translation>
    </message>
    <message>
        <source>Terminal clock at registration:</source>
        <translation>Reloj del terminal al registrarse:</translation>
    </message>
    <message>
        <source>Clock drift:</source>
        <translation>Desfase del reloj:</translation>
    </message>
    <message>
        <source>UTC offset:</source>
        <translation>Desfase UTC:</translation>
    </message>
    <message>
        <source>Battery:</source>
        <translation>Batería:</translation>
    </message>
    <message>
        <source>Last refusal:</source>
        <translation>Último rechazo:</translation>
    </message>
    <message>
        <source>Punches received:</source>
        <translation>Marcajes recibidos:</translation>
    </message>
    <message>
        <source>Punches stored:</source>
        <translation>Marcajes guardados:</translation>
    </message>
    <message>
        <source>Duplicates ignored:</source>
        <translation>Duplicados ignorados:</translation>
    </message>
    <message>
        <source>Records quarantined:</source>
        <translation>Registros en cuarentena:</translation>
    </message>
    <message>
        <source>Capacities</source>
        <translation>Capacidades</translation>
    </message>
    <message>
        <source>Everything the terminal reported (devinfo)</source>
        <translation>Todo lo que informó el terminal (devinfo)</translation>
    </message>
    <message>
        <source>Select a terminal to see everything it reported.</source>
        <translation>Seleccione un terminal para ver todo lo que informó.</translation>
    </message>
    <message>
        <source>Terminal details</source>
        <translation>Detalles del terminal</translation>
    </message>
    <message>
        <source>Device information as reported</source>
        <translation>Información del dispositivo tal como se informó</translation>
    </message>
    <message>
        <source>No terminal selected</source>
        <translation>Ningún terminal seleccionado</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>this computer&apos;s time zone</source>
        <translation>la zona horaria de este equipo</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Newest commands</source>
        <translation>Últimos comandos</translation>
    </message>
    <message>
        <source>#%1 %2: %3, %4</source>
        <translation>n.º %1 %2: %3, %4</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Hardware identity:</source>
        <translation>Identidad del hardware:</translation>
    </message>
    <message>
        <source>Hardware alert:</source>
        <translation>Alerta de hardware:</translation>
    </message>
    <message>
        <source>possible impostor or replaced hardware: %1 from %2 at %3</source>
        <translation>posible suplantación o hardware sustituido: %1 desde %2 a las %3</translation>
    </message>
    <message>
        <source>Registers from:</source>
        <translation>Se registra desde:</translation>
    </message>
    <message>
        <source>any address</source>
        <translation>cualquier dirección</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalTableModel</name>
    <message>
        <source>Last refused: %1</source>
        <translation>Último rechazo: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Double-click to rename</source>
        <translation>Doble clic para cambiar el nombre</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>N.º de serie</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocolo</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>Firmware</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Última vez</translation>
    </message>
    <message>
        <source>Terminal clock minus this computer&apos;s clock at the last registration</source>
        <translation>Reloj del terminal menos el reloj de este equipo en el último registro</translation>
    </message>
    <message>
        <source>Clock drift</source>
        <translation>Desfase</translation>
    </message>
    <message>
        <source>renaming is not available</source>
        <translation>no se puede cambiar el nombre</translation>
    </message>
    <message>
        <source>Not connected: a low-power TCP terminal that connects for its heartbeats. Last heard from %1.</source>
        <translation>No conectado: un terminal TCP de bajo consumo que se conecta para sus latidos. Última señal: %1.</translation>
    </message>
    <message>
        <source>Possible impostor or replaced hardware: %1 from %2 at %3 (recorded: %4). Accept or block the new hardware.</source>
        <translation>Posible suplantación o hardware sustituido: %1 desde %2 a las %3 (registrado: %4). Acepte o bloquee el nuevo hardware.</translation>
    </message>
    <message>
        <source>%1 (expired)</source>
        <translation>%1 (caducado)</translation>
    </message>
    <message>
        <source>The TermDesk server holding the terminal&apos;s connection (several servers on one PostgreSQL database); expired: that server stopped renewing it</source>
        <translation>El servidor TermDesk que mantiene la conexión del terminal (varios servidores en una base de datos PostgreSQL); caducado: ese servidor dejó de renovarla</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TerminalsView</name>
    <message>
        <source>Name cleared</source>
        <translation>Nombre borrado</translation>
    </message>
    <message>
        <source>Renamed to “%1”</source>
        <translation>Nombre cambiado a «%1»</translation>
    </message>
    <message>
        <source>Could not rename %1: %2</source>
        <translation>No se pudo cambiar el nombre de %1: %2</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Aprobar</translation>
    </message>
    <message>
        <source>Admit the selected terminals (also lifts a block)</source>
        <translation>Admitir los terminales seleccionados (también levanta un bloqueo)</translation>
    </message>
    <message>
        <source>&amp;Block…</source>
        <translation>&amp;Bloquear…</translation>
    </message>
    <message>
        <source>Refuse the selected terminals and disconnect them</source>
        <translation>Rechazar los terminales seleccionados y desconectarlos</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>Cambiar &amp;nombre</translation>
    </message>
    <message>
        <source>Give the terminal a name (F2)</source>
        <translation>Poner nombre al terminal (F2)</translation>
    </message>
    <message>
        <source>Search serial, name, model…</source>
        <translation>Buscar n.º de serie, nombre, modelo…</translation>
    </message>
    <message>
        <source>Search terminals</source>
        <translation>Buscar terminales</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Terminales</translation>
    </message>
    <message>
        <source>Terminal actions</source>
        <translation>Acciones del terminal</translation>
    </message>
    <message>
        <source>Terminals and details</source>
        <translation>Terminales y detalles</translation>
    </message>
    <message>
        <source>Could not read the terminals: %1</source>
        <translation>No se pudieron leer los terminales: %1</translation>
    </message>
    <message>
        <source>Could not change %1: %2</source>
        <translation>No se pudo cambiar %1: %2</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprobado</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Approved %1. A terminal is admitted at its next registration.</source>
        <translation>Aprobado: %1. Un terminal se admite en su próximo registro.</translation>
    </message>
    <message>
        <source>Block terminals</source>
        <translation>Bloquear terminales</translation>
    </message>
    <message numerus="yes">
        <source>Block %n terminal(s)? They are disconnected now and refused until approved again. Their punches stay in the database.</source>
        <translation>
            <numerusform>¿Bloquear %n terminal? Se desconecta ahora y se rechaza hasta que se apruebe de nuevo. Sus marcajes siguen en la base de datos.</numerusform>
            <numerusform>¿Bloquear %n terminales? Se desconectan ahora y se rechazan hasta que se aprueben de nuevo. Sus marcajes siguen en la base de datos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <source>Blocked %1.</source>
        <translation>Bloqueado: %1.</translation>
    </message>
    <message>
        <source>More commands</source>
        <translation>Más comandos</translation>
    </message>
    <message>
        <source>Accept &amp;new hardware</source>
        <translation>Aceptar &amp;nuevo hardware</translation>
    </message>
    <message>
        <source>The selected terminals&apos; serials were used by other hardware: accept that hardware as theirs (a replaced terminal)</source>
        <translation>Otro hardware usó el número de serie de los terminales seleccionados: aceptar ese hardware como suyo (un terminal sustituido)</translation>
    </message>
    <message>
        <source>Block new &amp;hardware</source>
        <translation>Bloquear nuevo &amp;hardware</translation>
    </message>
    <message>
        <source>The selected terminals&apos; serials were used by other hardware: keep refusing it (a possible impostor)</source>
        <translation>Otro hardware usó el número de serie de los terminales seleccionados: seguir rechazándolo (posible suplantación)</translation>
    </message>
    <message>
        <source>New hardware accepted</source>
        <translation>Nuevo hardware aceptado</translation>
    </message>
    <message>
        <source>New hardware blocked</source>
        <translation>Nuevo hardware bloqueado</translation>
    </message>
    <message>
        <source>%1: the new hardware is admitted at its next registration.</source>
        <translation>%1: el nuevo hardware se admite en su próximo registro.</translation>
    </message>
    <message>
        <source>%1: the new hardware stays refused.</source>
        <translation>%1: el nuevo hardware sigue rechazado.</translation>
    </message>
    <message>
        <source>Allowed ne&amp;tworks…</source>
        <translation>Redes permi&amp;tidas…</translation>
    </message>
    <message>
        <source>The addresses or networks the terminal may register from (empty: anywhere)</source>
        <translation>Las direcciones o redes desde las que el terminal puede registrarse (vacío: desde cualquier lugar)</translation>
    </message>
    <message>
        <source>Allowed networks of %1</source>
        <translation>Redes permitidas de %1</translation>
    </message>
    <message>
        <source>Addresses or networks (CIDR) %1 may register from, separated by commas; empty: anywhere.
A registration from elsewhere is refused.</source>
        <translation>Direcciones o redes (CIDR) desde las que %1 puede registrarse, separadas por comas; vacío: desde cualquier lugar.
Un registro desde otro lugar se rechaza.</translation>
    </message>
    <message>
        <source>Allowed networks of %1 not changed: %2</source>
        <translation>Redes permitidas de %1 sin cambiar: %2</translation>
    </message>
    <message>
        <source>Allowed networks changed</source>
        <translation>Redes permitidas cambiadas</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TlsApiFields</name>
    <message>
        <source>Encryption and REST API</source>
        <translation>Cifrado y API REST</translation>
    </message>
    <message>
        <source>Secure WebSocket (wss) p&amp;ort:</source>
        <translation>P&amp;uerto WebSocket seguro (wss):</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <source>Port of the wss:// server (TLS) for terminals that support it; off: none</source>
        <translation>Puerto del servidor wss:// (TLS) para los terminales que lo admiten; desactivado: ninguno</translation>
    </message>
    <message>
        <source>TLS &amp;certificate (PEM):</source>
        <translation>&amp;Certificado TLS (PEM):</translation>
    </message>
    <message>
        <source>TLS private &amp;key (PEM):</source>
        <translation>Clave &amp;privada TLS (PEM):</translation>
    </message>
    <message>
        <source>termdesk-cert.pem in the data directory</source>
        <translation>termdesk-cert.pem en el directorio de datos</translation>
    </message>
    <message>
        <source>termdesk-key.pem in the data directory</source>
        <translation>termdesk-key.pem en el directorio de datos</translation>
    </message>
    <message>
        <source>REST &amp;API port:</source>
        <translation>Puerto de la &amp;API REST:</translation>
    </message>
    <message>
        <source>Port of the local REST API for payroll and ERP programs (API keys: termdesk api-key); off: none</source>
        <translation>Puerto de la API REST local para programas de nóminas y ERP (claves: termdesk api-key); desactivado: ninguno</translation>
    </message>
    <message>
        <source>API bind add&amp;ress:</source>
        <translation>Dirección de escucha de la A&amp;PI:</translation>
    </message>
    <message>
        <source>127.0.0.1 = this computer only</source>
        <translation>127.0.0.1 = solo este equipo</translation>
    </message>
    <message>
        <source>Serve the API over https only, with this certificate</source>
        <translation>Servir la API solo por https, con este certificado</translation>
    </message>
    <message>
        <source>No certificate in %1 yet. Make a self-signed one with: termdesk tls generate</source>
        <translation>Aún no hay certificado en %1. Cree uno autofirmado con: termdesk tls generate</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint (what clients pin): %1, valid until %2</source>
        <translation>Huella SHA-256 (la que fijan los clientes): %1, válido hasta %2</translation>
    </message>
    <message>
        <source>The REST API bind address “%1” is not an IP address.</source>
        <translation>La dirección de escucha de la API REST «%1» no es una dirección IP.</translation>
    </message>
    <message>
        <source>Two servers cannot share port %1.</source>
        <translation>Dos servidores no pueden compartir el puerto %1.</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TraceModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocolo</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Comando</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Contenido</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::TraceView</name>
    <message>
        <source>All terminals</source>
        <translation>Todos los terminales</translation>
    </message>
    <message>
        <source>Filter by terminal</source>
        <translation>Filtrar por terminal</translation>
    </message>
    <message>
        <source>Search command or content…</source>
        <translation>Buscar comando o contenido…</translation>
    </message>
    <message>
        <source>Search the trace</source>
        <translation>Buscar en la traza</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vaciar</translation>
    </message>
    <message>
        <source>Copy selected</source>
        <translation>Copiar la selección</translation>
    </message>
    <message>
        <source>Copy the selected messages (all shown when none is selected) as plain text</source>
        <translation>Copiar los mensajes seleccionados (todos los mostrados si no hay selección) como texto sin formato</translation>
    </message>
    <message>
        <source>Protocol trace</source>
        <translation>Traza del protocolo</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln mensaje</numerusform>
            <numerusform>%Ln mensajes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln message(s)</source>
        <translation>
            <numerusform>%1 de %Ln mensaje</numerusform>
            <numerusform>%1 de %Ln mensajes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>paused, %Ln held</source>
        <translation>
            <numerusform>en pausa, %Ln retenido</numerusform>
            <numerusform>en pausa, %Ln retenidos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>termdesk::ui::UserTableModel</name>
    <message>
        <source>Enroll ID</source>
        <translation>ID de registro</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Fingerprints</source>
        <translation>Huellas</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>Rostro</translation>
    </message>
    <message>
        <source>Palm</source>
        <translation>Palma</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>On terminals</source>
        <translation>En terminales</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::UsersView</name>
    <message>
        <source>Search enroll ID, name, terminal…</source>
        <translation>Buscar ID de registro, nombre, terminal…</translation>
    </message>
    <message>
        <source>Search users</source>
        <translation>Buscar usuarios</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>No users yet. Terminals send their enrolled users when “Ask terminals not to send their users” is off in Settings.</source>
        <translation>Todavía no hay usuarios. Los terminales envían sus usuarios inscritos cuando «Pedir a los terminales que no envíen sus usuarios» está desactivado en Configuración.</translation>
    </message>
    <message>
        <source>Could not read the users: %1</source>
        <translation>No se pudieron leer los usuarios: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln user(s)</source>
        <translation>
            <numerusform>%Ln usuario</numerusform>
            <numerusform>%Ln usuarios</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln user(s)</source>
        <translation>
            <numerusform>%1 de %Ln usuario</numerusform>
            <numerusform>%1 de %Ln usuarios</numerusform>
        </translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>Lista</translation>
    </message>
    <message>
        <source>Compare with a terminal</source>
        <translation>Comparar con un terminal</translation>
    </message>
    <message>
        <source>Pushes</source>
        <translation>Envíos</translation>
    </message>
    <message>
        <source>Enabled everywhere: %1</source>
        <translation>Habilitados en todas partes: %1</translation>
    </message>
    <message>
        <source>Disabled everywhere: %1</source>
        <translation>Deshabilitados en todas partes: %1</translation>
    </message>
    <message>
        <source>Could not change the users: %1</source>
        <translation>No se pudieron cambiar los usuarios: %1</translation>
    </message>
    <message>
        <source>Delete users everywhere</source>
        <translation>Borrar usuarios en todas partes</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n user(s) (%1) from the roster and from every terminal that holds them? Their fingerprints, faces, cards and passwords are erased on the terminals.</source>
        <translation>
            <numerusform>¿Borrar %n usuario (%1) de la lista y de todos los terminales que lo tienen? Sus huellas, caras, tarjetas y contraseñas se borran en los terminales.</numerusform>
            <numerusform>¿Borrar %n usuarios (%1) de la lista y de todos los terminales que los tienen? Sus huellas, caras, tarjetas y contraseñas se borran en los terminales.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete everywhere</source>
        <translation>Borrar en todas partes</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>Conservarlos</translation>
    </message>
    <message>
        <source>Deleted everywhere: %1</source>
        <translation>Borrados en todas partes: %1</translation>
    </message>
    <message>
        <source>Could not delete the users: %1</source>
        <translation>No se pudieron borrar los usuarios: %1</translation>
    </message>
    <message>
        <source>Push to %1: %2</source>
        <translation>Envío a %1: %2</translation>
    </message>
    <message>
        <source>Push to %1 failed: %2</source>
        <translation>El envío a %1 falló: %2</translation>
    </message>
    <message>
        <source>&amp;Push to terminal</source>
        <translation>&amp;Enviar al terminal</translation>
    </message>
    <message>
        <source>&amp;Enable everywhere</source>
        <translation>&amp;Habilitar en todas partes</translation>
    </message>
    <message>
        <source>&amp;Disable everywhere</source>
        <translation>&amp;Deshabilitar en todas partes</translation>
    </message>
    <message>
        <source>De&amp;lete everywhere…</source>
        <translation>&amp;Borrar en todas partes…</translation>
    </message>
    <message>
        <source>Push to &amp;several terminals…</source>
        <translation>Enviar a &amp;varios terminales…</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookAddDialog</name>
    <message>
        <source>Add a webhook endpoint</source>
        <translation>Añadir un endpoint de webhook</translation>
    </message>
    <message>
        <source>Up to this many punches per request (a punch.batch); 1 sends each punch alone.</source>
        <translation>Hasta este número de marcajes por solicitud (un punch.batch); 1 envía cada marcaje por separado.</translation>
    </message>
    <message>
        <source>The endpoint receives what is stored from now on (replay sends older punches). Its signing secret is shown once, after OK.</source>
        <translation>El endpoint recibe lo que se guarde a partir de ahora (reenviar envía marcajes anteriores). Su secreto de firma se muestra una vez, tras Aceptar.</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>Events:</source>
        <translation>Eventos:</translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation>&amp;Lote:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookDeliveryModel</name>
    <message>
        <source>Delivered</source>
        <translation>Entregado</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>Agotado</translation>
    </message>
    <message>
        <source>Paused (410)</source>
        <translation>En pausa (410)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Prueba</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>sin respuesta</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Webhook ID</source>
        <translation>ID de webhook</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Intento</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latencia</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookEndpointModel</name>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Dead letter</source>
        <translation>Agotado</translation>
    </message>
    <message>
        <source>ERPNext (%1)</source>
        <translation>ERPNext (%1)</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Estándar</translation>
    </message>
    <message>
        <source>%1 (attempt %2, next %3)</source>
        <translation>%1 (intento %2, siguiente %3)</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Destino</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Cursor</source>
        <translation>Cursor</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>Pendientes</translation>
    </message>
    <message>
        <source>Last result</source>
        <translation>Último resultado</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookReplayDialog</name>
    <message>
        <source>Replay webhook endpoint %1</source>
        <translation>Reenviar al endpoint de webhook %1</translation>
    </message>
    <message>
        <source>Every punch after this punch ID is sent again, with the same webhook IDs as the first time (receivers drop the duplicates). 0 sends them all. The cursor is now %1.</source>
        <translation>Cada marcaje posterior a este ID de marcaje se envía de nuevo, con los mismos ID de webhook que la primera vez (los receptores descartan los duplicados). 0 los envía todos. El cursor está ahora en %1.</translation>
    </message>
    <message>
        <source>punch ID, 0 for all</source>
        <translation>ID de marcaje, 0 para todos</translation>
    </message>
    <message>
        <source>Send the punches &amp;after:</source>
        <translation>Enviar los marcajes &amp;tras:</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Reenviar</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhookSecretDialog</name>
    <message>
        <source>Webhook endpoint %1 added</source>
        <translation>Endpoint de webhook %1 añadido</translation>
    </message>
    <message>
        <source>Give this signing secret to the receiver: it checks every request&apos;s signature with it (docs/integration.md, &quot;Webhooks&quot;).</source>
        <translation>Entregue este secreto de firma al receptor: con él comprueba la firma de cada solicitud (docs/integration.md, &quot;Webhooks&quot;).</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
    <message>
        <source>It is not shown again. If it is lost, make a new one with &apos;termdesk webhook rotate-secret %1&apos;.</source>
        <translation>No se vuelve a mostrar. Si se pierde, cree uno nuevo con &apos;termdesk webhook rotate-secret %1&apos;.</translation>
    </message>
</context>
<context>
    <name>termdesk::ui::WebhooksView</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Añadir…</translation>
    </message>
    <message>
        <source>Add an endpoint (its secret is shown once)</source>
        <translation>Añadir un endpoint (su secreto se muestra una vez)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>Stop sending to the selected endpoint (what is stored waits for it)</source>
        <translation>Dejar de enviar al endpoint seleccionado (lo guardado lo espera)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reanudar</translation>
    </message>
    <message>
        <source>Send again; a dead letter&apos;s retries start afresh</source>
        <translation>Volver a enviar; los reintentos de uno agotado empiezan de nuevo</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>Pro&amp;bar</translation>
    </message>
    <message>
        <source>Send one signed webhook.test request now and show the answer</source>
        <translation>Enviar ahora una solicitud webhook.test firmada y mostrar la respuesta</translation>
    </message>
    <message>
        <source>Re&amp;play…</source>
        <translation>Reen&amp;viar…</translation>
    </message>
    <message>
        <source>Send again every punch after a punch ID</source>
        <translation>Volver a enviar cada marcaje posterior a un ID de marcaje</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Quitar…</translation>
    </message>
    <message>
        <source>Delete the endpoint and its delivery log</source>
        <translation>Borrar el endpoint y su registro de entregas</translation>
    </message>
    <message>
        <source>Webhook endpoints</source>
        <translation>Endpoints de webhook</translation>
    </message>
    <message>
        <source>Delivery attempts</source>
        <translation>Intentos de entrega</translation>
    </message>
    <message numerus="yes">
        <source>%n endpoint(s)</source>
        <translation>
            <numerusform>%n endpoint</numerusform>
            <numerusform>%n endpoints</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivery attempts of endpoint %1, newest first</source>
        <translation>Intentos de entrega del endpoint %1, los más recientes primero</translation>
    </message>
    <message>
        <source>Select an endpoint to see its delivery attempts.</source>
        <translation>Seleccione un endpoint para ver sus intentos de entrega.</translation>
    </message>
    <message>
        <source>Could not read the webhook endpoints: %1</source>
        <translation>No se pudieron leer los endpoints de webhook: %1</translation>
    </message>
    <message>
        <source>Could not read the deliveries: %1</source>
        <translation>No se pudieron leer las entregas: %1</translation>
    </message>
    <message>
        <source>Could not add the endpoint: %1</source>
        <translation>No se pudo añadir el endpoint: %1</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 added (%2).</source>
        <translation>Endpoint de webhook %1 añadido (%2).</translation>
    </message>
    <message>
        <source>Could not pause endpoint %1: %2</source>
        <translation>No se pudo pausar el endpoint %1: %2</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 paused: what is stored waits for it.</source>
        <translation>Endpoint de webhook %1 en pausa: lo guardado lo espera.</translation>
    </message>
    <message>
        <source>Could not resume endpoint %1: %2</source>
        <translation>No se pudo reanudar el endpoint %1: %2</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 resumed (a running server sends within a few seconds).</source>
        <translation>Endpoint de webhook %1 reanudado (un servidor en marcha envía en pocos segundos).</translation>
    </message>
    <message>
        <source>Testing endpoint %1…</source>
        <translation>Probando el endpoint %1…</translation>
    </message>
    <message>
        <source>Test of endpoint %1: %2</source>
        <translation>Prueba del endpoint %1: %2</translation>
    </message>
    <message>
        <source>Could not replay endpoint %1: %2</source>
        <translation>No se pudo reenviar al endpoint %1: %2</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 replays every punch after %2 (a running server sends within a few seconds).</source>
        <translation>El endpoint de webhook %1 recibe de nuevo cada marcaje posterior a %2 (un servidor en marcha envía en pocos segundos).</translation>
    </message>
    <message>
        <source>Remove webhook endpoint</source>
        <translation>Quitar endpoint de webhook</translation>
    </message>
    <message>
        <source>Remove webhook endpoint %1 (%2)? Nothing more is sent to it and its delivery log is deleted.</source>
        <translation>¿Quitar el endpoint de webhook %1 (%2)? No se le envía nada más y se borra su registro de entregas.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Conservarlo</translation>
    </message>
    <message>
        <source>Could not remove endpoint %1: %2</source>
        <translation>No se pudo quitar el endpoint %1: %2</translation>
    </message>
    <message>
        <source>Webhook endpoint %1 removed.</source>
        <translation>Endpoint de webhook %1 quitado.</translation>
    </message>
</context>
</TS>
