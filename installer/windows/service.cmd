@echo off
rem SPDX-License-Identifier: GPL-3.0-or-later
rem TermDesk: installs or removes the Windows service "TermDesk" (termdesk.exe --service, the
rem headless server) (run as administrator).
rem   service.cmd install    creates it (automatic start, account LocalService, data in
rem                          %ProgramData%\TermDesk) and starts it
rem   service.cmd remove     stops and deletes it; the data folder is kept
rem The installer runs "install" when its "Windows service" option is ticked; the uninstaller runs "remove".
setlocal
set "EXE=%~dp0termdesk.exe"
set "DATA=%ProgramData%\TermDesk"
if /i "%~1"=="install" goto install
if /i "%~1"=="remove" goto remove
echo usage: service.cmd install^|remove
exit /b 2

:install
if not exist "%DATA%" mkdir "%DATA%" || exit /b 1
rem S-1-5-19 is the LocalService account: it may create and change files in the data folder.
icacls "%DATA%" /grant "*S-1-5-19:(OI)(CI)M" >nul || exit /b 1
sc.exe query TermDesk >nul 2>&1 && call :remove
sc.exe create TermDesk binPath= "\"%EXE%\" --service --data-dir \"%DATA%\"" start= auto obj= "NT AUTHORITY\LocalService" DisplayName= "TermDesk terminal server" || exit /b 1
sc.exe description TermDesk "Receives punches from time-attendance terminals (TermDesk headless server)." >nul
sc.exe failure TermDesk reset= 86400 actions= restart/5000/restart/5000/restart/60000 >nul
sc.exe start TermDesk >nul
exit /b 0

:remove
sc.exe stop TermDesk >nul 2>&1
sc.exe delete TermDesk >nul 2>&1
exit /b 0
