# SPDX-License-Identifier: GPL-3.0-or-later
# termdesk_library(NAME [PREFIX folder] SOURCES ... [PUBLIC ...] [PRIVATE ...])
#
# One library of core/ (docs/architecture.md, "Layers"): a STATIC library whose headers can be
# included only by itself and by what links it. Its headers are included as "<PREFIX>/<file>.h"
# (PREFIX defaults to the folder's name: "storage/storagewriter.h"), but core/ is nobody's include
# directory. Instead each library has an include root of its own in the build tree,
# include/<NAME>/<PREFIX>/, holding a link to each header listed in SOURCES and nothing else; it is
# the library's PUBLIC include directory. A source that includes a header of a library its target
# does not link (directly, or through a PUBLIC dependency) fails to compile: "No such file"
# (tests/compile/ proves it). PUBLIC lists the libraries the headers include, PRIVATE those only the
# sources include.
#
# Where links cannot be made (a Windows host without the right to make them), the headers are copied
# instead; configure_file copies again whenever a header changes.
function(termdesk_library name)
    cmake_parse_arguments(L "" "PREFIX" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
    if(NOT L_PREFIX)
        get_filename_component(L_PREFIX ${CMAKE_CURRENT_SOURCE_DIR} NAME)
    endif()
    add_library(${name} STATIC ${L_SOURCES})
    set(root ${PROJECT_BINARY_DIR}/include/${name})
    file(REMOVE_RECURSE ${root}) # a header taken off the list must stop being reachable
    foreach(source IN LISTS L_SOURCES)
        if(NOT source MATCHES "\\.h$")
            continue()
        endif()
        set(link ${root}/${L_PREFIX}/${source})
        get_filename_component(dir ${link} DIRECTORY)
        file(MAKE_DIRECTORY ${dir})
        file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/${source} ${link} RESULT failed SYMBOLIC)
        if(failed)
            configure_file(${CMAKE_CURRENT_SOURCE_DIR}/${source} ${link} COPYONLY)
        endif()
    endforeach()
    target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${root}>)
    target_link_libraries(${name} PUBLIC ${L_PUBLIC} PRIVATE termdesk_warnings ${L_PRIVATE})
endfunction()
