# SPDX-License-Identifier: GPL-3.0-or-later
# The Qt runtime beside the programs for a Windows build cross-compiled on Linux
# (scripts/windows-build.sh), where Qt's windeployqt does not exist: what windeployqt would put
# there, found the same way, by reading the programs' and plugins' imports.
#   bin/                        the programs, Qt's DLLs, sqlite3.dll, the mingw runtime
#   bin/qt.conf                 Prefix=. : plugins and translations are found beside the programs
#   bin/plugins/<type>/*.dll    platforms (windows, offscreen), sqldrivers (sqlite), tls
#                               (schannel), styles (windowsvista)
#   bin/translations/qtbase_*.qm  Qt's own texts for the languages TermDesk ships
# Included from app/CMakeLists.txt with the targets to deploy in TERMDESK_DEPLOY_TARGETS.

set(_plugins "")
foreach(plugin IN ITEMS Qt6::QWindowsIntegrationPlugin Qt6::QOffscreenIntegrationPlugin
        Qt6::QSQLiteDriverPlugin Qt6::QSchannelBackendPlugin Qt6::QWindowsVistaStylePlugin)
    if(NOT TARGET ${plugin})
        message(FATAL_ERROR "The Windows runtime needs the Qt plugin ${plugin}, which this Qt lacks")
    endif()
    get_target_property(_type ${plugin} QT_PLUGIN_TYPE)
    install(FILES $<TARGET_FILE:${plugin}> DESTINATION ${CMAKE_INSTALL_BINDIR}/plugins/${_type} COMPONENT runtime)
    list(APPEND _plugins "$<TARGET_FILE:${plugin}>")
endforeach()

install(CODE "file(WRITE \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/qt.conf\" \"[Paths]\\nPrefix = .\\n\")"
        COMPONENT runtime)

# Qt's translations are data, the same on every system: the host's (Debian's qt6-translations-l10n).
find_file(TERMDESK_QT_TRANSLATIONS qtbase_es.qm PATHS /usr/share/qt6/translations NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
if(NOT TERMDESK_QT_TRANSLATIONS)
    message(FATAL_ERROR "Qt's translations (qtbase_*.qm) not found: install qt6-translations-l10n")
endif()
get_filename_component(_qm_dir ${TERMDESK_QT_TRANSLATIONS} DIRECTORY)
install(FILES ${_qm_dir}/qtbase_es.qm ${_qm_dir}/qtbase_zh_CN.qm
        DESTINATION ${CMAKE_INSTALL_BINDIR}/translations COMPONENT runtime)

# The DLLs the programs and plugins import, from Qt's bin and the compiler's runtime; what is
# left unresolved is Windows' own (kernel32, ws2_32, ...).
get_target_property(_qt_core_location Qt6::Core IMPORTED_LOCATION_RELEASE)
if(NOT _qt_core_location)
    get_target_property(_qt_core_location Qt6::Core IMPORTED_LOCATION)
endif()
get_filename_component(_qt_bin ${_qt_core_location} DIRECTORY)
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libstdc++-6.dll
                OUTPUT_VARIABLE _libstdcxx OUTPUT_STRIP_TRAILING_WHITESPACE)
get_filename_component(_compiler_bin ${_libstdcxx} DIRECTORY)
find_program(TERMDESK_OBJDUMP NAMES ${CMAKE_CXX_COMPILER_TARGET}-objdump x86_64-w64-mingw32-objdump objdump)
set(_executables "")
foreach(target IN LISTS TERMDESK_DEPLOY_TARGETS)
    list(APPEND _executables "$<TARGET_FILE:${target}>")
endforeach()
# CMake lowercases the names a PE file imports ("qt6core.dll") and looks them up as written, which a
# Linux file system does not match to Qt6Core.dll: such names are matched here by hand, and the
# DLLs found that way are read in turn, until nothing new comes.
install(CODE "
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_PLATFORM windows+pe)
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_TOOL objdump)
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_COMMAND \"${TERMDESK_OBJDUMP}\")
    set(_dirs \"${_qt_bin}\" \"${_compiler_bin}\" /usr/x86_64-w64-mingw32/lib)
    set(_candidates)
    foreach(_dir IN LISTS _dirs)
        file(GLOB _found \"\${_dir}/*.dll\")
        list(APPEND _candidates \${_found})
    endforeach()
    set(_deploy)
    set(_read EXECUTABLES ${_executables} LIBRARIES ${_plugins})
    while(_read)
        file(GET_RUNTIME_DEPENDENCIES \${_read}
            DIRECTORIES \${_dirs}
            PRE_EXCLUDE_REGEXES \"^api-ms-\" \"^ext-ms-\"
            RESOLVED_DEPENDENCIES_VAR _resolved
            UNRESOLVED_DEPENDENCIES_VAR _unresolved)
        set(_read)
        foreach(_name IN LISTS _unresolved)
            foreach(_candidate IN LISTS _candidates)
                get_filename_component(_file \"\${_candidate}\" NAME)
                string(TOLOWER \"\${_file}\" _file)
                if(_file STREQUAL _name)
                    list(APPEND _resolved \"\${_candidate}\")
                endif()
            endforeach()
        endforeach()
        foreach(_dll IN LISTS _resolved)
            list(FIND _deploy \"\${_dll}\" _at) # install scripts run without the IN_LIST policy
            if(_at EQUAL -1)
                list(APPEND _deploy \"\${_dll}\")
                if(NOT _read)
                    set(_read LIBRARIES)
                endif()
                list(APPEND _read \"\${_dll}\")
            endif()
        endforeach()
    endwhile()
    list(SORT _deploy)
    file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\" TYPE SHARED_LIBRARY
         FOLLOW_SYMLINK_CHAIN FILES \${_deploy})
    " COMPONENT runtime)
