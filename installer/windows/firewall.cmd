@echo off
rem SPDX-License-Identifier: GPL-3.0-or-later
rem TermDesk: opens or closes the Windows firewall for the terminal ports (run as administrator).
rem   firewall.cmd open [WS_PORT] [TCP_PORT]    default ports 7788 (WebSocket) and 7857 (TCP)
rem   firewall.cmd close
rem The installer runs "open" when its "Open the firewall" option is ticked; the uninstaller runs "close".
rem After changing the ports in TermDesk's settings, run "firewall.cmd open NEW_WS NEW_TCP".
setlocal
set "ACTION=%~1"
set "WS=%~2"
if "%WS%"=="" set "WS=7788"
set "TCP=%~3"
if "%TCP%"=="" set "TCP=7857"
if /i not "%ACTION%"=="open" if /i not "%ACTION%"=="close" (
  echo usage: firewall.cmd open^|close [WS_PORT] [TCP_PORT]
  exit /b 2
)
netsh advfirewall firewall delete rule name="TermDesk WebSocket terminals" >nul 2>&1
netsh advfirewall firewall delete rule name="TermDesk TCP terminals" >nul 2>&1
if /i "%ACTION%"=="close" exit /b 0
netsh advfirewall firewall add rule name="TermDesk WebSocket terminals" dir=in action=allow protocol=TCP localport=%WS% || exit /b 1
netsh advfirewall firewall add rule name="TermDesk TCP terminals" dir=in action=allow protocol=TCP localport=%TCP% || exit /b 1
exit /b 0
