# SPDX-License-Identifier: GPL-3.0-or-later
# The TCP frame codec and the protobuf body conversions (included by core/tcp/CMakeLists.txt).
target_sources(termdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/framecodec.cpp ${CMAKE_CURRENT_LIST_DIR}/framecodec.h
    ${CMAKE_CURRENT_LIST_DIR}/tcpbodies.cpp ${CMAKE_CURRENT_LIST_DIR}/tcpbodies.h
)
