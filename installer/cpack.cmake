# SPDX-License-Identifier: GPL-3.0-or-later
# CPack: the Debian package (DEB) and the Windows installer (NSIS). docs/install.md explains
# the packages; installer/cpackoptions.cmake.in picks the components per generator.
#   cpack --config <build>/CPackConfig.cmake -G DEB     -> termdesk_<version>_<arch>.deb
#   cpack --config <build>/CPackConfig.cmake -G NSIS    -> TermDesk-<version>-win64.exe

# Values reach cpack exactly as written here (the NSIS snippets below hold quotes, $ and \).
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_PACKAGE_NAME termdesk)
set(CPACK_PACKAGE_VENDOR "TermDesk")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Console and server for time-attendance and access-control terminals")
set(CPACK_PACKAGE_DESCRIPTION
    "TermDesk receives every punch from fingerprint and face terminals (WebSocket+JSON on port 7788,
binary TCP on port 7857), keeps it exactly once in its own SQLite database and exports attendance
to CSV. It runs as a desktop console or, without a window, as a system service (termdesk.service).
The termdesk-sim program simulates terminals for demos and tests.")
set(CPACK_PACKAGE_CONTACT "TermDesk maintainers <maintainers@termdesk.invalid>" CACHE STRING
    "Maintainer of the packages (Debian Maintainer field)")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY "TermDesk")
set(CPACK_PACKAGE_EXECUTABLES termdesk "TermDesk")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/installer/windows/license.txt)
set(CPACK_STRIP_FILES ON) # the CI tree is RelWithDebInfo: the package carries no debug info
set(CPACK_SOURCE_GENERATOR "") # no source packages
set(CPACK_PACKAGE_CHECKSUM SHA256)

# --- Debian ------------------------------------------------------------------------------
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # termdesk_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries the programs link come from dpkg-shlibdeps (package dpkg-dev); what it cannot
# see is listed by hand: Qt's SQLite driver and platform plugins are loaded at run time.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins")
# libqt6sql6-psql: Qt's PostgreSQL driver, for a shared store (docs/multi-pc.md)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, libqt6sql6-psql")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/installer/linux/postinst
    ${PROJECT_SOURCE_DIR}/installer/linux/prerm
    ${PROJECT_SOURCE_DIR}/installer/linux/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# --- Windows (NSIS) -------------------------------------------------------------------------
set(CPACK_NSIS_PACKAGE_NAME "TermDesk")
set(CPACK_NSIS_DISPLAY_NAME "TermDesk ${PROJECT_VERSION}")
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_NSIS_MUI_ICON ${PROJECT_SOURCE_DIR}/resources/windows/termdesk.ico)
set(CPACK_NSIS_MUI_UNIICON ${PROJECT_SOURCE_DIR}/resources/windows/termdesk.ico)
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\termdesk.exe")
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN termdesk.exe)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
# A 64-bit installer (NSIS's amd64-unicode stubs) for the 64-bit program: it runs where 32-bit
# programs cannot (a 64-bit-only Wine, as in CI) and sees the 64-bit registry and Program Files.
# CPack has no setting for NSIS's Target and splits makensis arguments at blanks, so the line goes
# in with the compressor's, the first line of the script's settings.
set(CPACK_NSIS_COMPRESSOR "lzma\n  Target amd64-unicode")
set(CPACK_NSIS_DEFINES "!include LogicLib.nsh")
# The options run the helper scripts once their files are in place (component sections run
# before this "Core" code); the uninstaller always undoes both before removing the files.
# The data (%ProgramData%\TermDesk for the service, the user's AppData for the console) is kept.
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [=[
  ${If} ${SectionIsSelected} ${firewall}
    DetailPrint "Opening the Windows firewall for the terminal ports 7788 and 7857"
    nsExec::ExecToLog '"$SYSDIR\cmd.exe" /c ""$INSTDIR\bin\firewall.cmd" open"'
    Pop $0
  ${EndIf}
  ${If} ${SectionIsSelected} ${winservice}
    DetailPrint "Installing the TermDesk Windows service"
    nsExec::ExecToLog '"$SYSDIR\cmd.exe" /c ""$INSTDIR\bin\service.cmd" install"'
    Pop $0
  ${EndIf}
]=])
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [=[
  ${If} ${FileExists} "$INSTDIR\bin\service.cmd"
    nsExec::ExecToLog '"$SYSDIR\cmd.exe" /c ""$INSTDIR\bin\service.cmd" remove"'
    Pop $0
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\bin\firewall.cmd"
    nsExec::ExecToLog '"$SYSDIR\cmd.exe" /c ""$INSTDIR\bin\firewall.cmd" close"'
    Pop $0
  ${EndIf}
]=])

# Per-generator choices (components of each package) are read when cpack runs.
configure_file(${PROJECT_SOURCE_DIR}/installer/cpackoptions.cmake.in
    ${PROJECT_BINARY_DIR}/TermDeskCPackOptions.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/TermDeskCPackOptions.cmake)

if(WIN32)
    set(CPACK_GENERATOR NSIS)
else()
    set(CPACK_GENERATOR DEB)
endif()
include(CPack)

cpack_add_component(runtime DISPLAY_NAME "TermDesk" REQUIRED
    DESCRIPTION "The console, the headless server, the command-line tools and the terminal simulator")
cpack_add_component(desktop DISPLAY_NAME "Desktop menu entry" DESCRIPTION "Menu entry, icons, AppStream metadata")
cpack_add_component(systemd DISPLAY_NAME "systemd unit" DESCRIPTION "termdesk.service: the headless server")
cpack_add_component(firewall DISPLAY_NAME "Open the Windows firewall"
    DESCRIPTION "Lets terminals reach TermDesk: inbound TCP 7788 (WebSocket) and 7857 (TCP terminals)")
cpack_add_component(winservice DISPLAY_NAME "Windows service (headless)" DISABLED
    DESCRIPTION "Runs the TermDesk server as the Windows service TermDesk at boot, without a window (data in the TermDesk folder of ProgramData)")
