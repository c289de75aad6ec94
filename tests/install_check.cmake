# Installs the build into a scratch prefix and checks the layout a Linux desktop expects: exactly
# the expected files, a valid desktop entry and AppStream metadata that name each other, gzipped
# man pages, and programs without RPATH.
#   cmake -DBINARY_DIR=<build> -DPREFIX=<scratch> -DAPP_ID=<reverse-DNS id> -P install_check.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BINARY_DIR}" --prefix "${PREFIX}"
    RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed: ${result}")
endif()

set(programs partnerdesk partnerdesk-cli partnerdesk-emulator)
set(expected
    share/applications/${APP_ID}.desktop
    share/metainfo/${APP_ID}.metainfo.xml
    share/icons/hicolor/scalable/apps/partnerdesk.svg
    share/bash-completion/completions/partnerdesk-cli
    share/doc/partnerdesk/copyright
    share/doc/partnerdesk/changelog.gz)
foreach(program IN LISTS programs)
    list(APPEND expected bin/${program} share/man/man1/${program}.1.gz)
endforeach()
file(GLOB_RECURSE installed LIST_DIRECTORIES false RELATIVE "${PREFIX}" "${PREFIX}/*")
list(SORT expected)
list(SORT installed)
if(NOT installed STREQUAL expected)
    set(missing ${expected})
    list(REMOVE_ITEM missing ${installed})
    set(unexpected ${installed})
    list(REMOVE_ITEM unexpected ${expected})
    message(FATAL_ERROR "install tree differs; missing: ${missing}; unexpected: ${unexpected}")
endif()

set(desktop "${PREFIX}/share/applications/${APP_ID}.desktop")
file(READ "${desktop}" entry)
foreach(line "Exec=partnerdesk" "Icon=partnerdesk" "Type=Application")
    string(FIND "${entry}" "${line}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${APP_ID}.desktop lacks ${line}")
    endif()
endforeach()
set(metainfo "${PREFIX}/share/metainfo/${APP_ID}.metainfo.xml")
file(READ "${metainfo}" metadata)
foreach(element "<id>${APP_ID}</id>" "<launchable type=\"desktop-id\">${APP_ID}.desktop</launchable>")
    string(FIND "${metadata}" "${element}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${APP_ID}.metainfo.xml lacks ${element}")
    endif()
endforeach()

find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
if(DESKTOP_FILE_VALIDATE)
    execute_process(COMMAND "${DESKTOP_FILE_VALIDATE}" "${desktop}" RESULT_VARIABLE valid)
    if(NOT valid EQUAL 0)
        message(FATAL_ERROR "desktop-file-validate refused ${APP_ID}.desktop")
    endif()
endif()
find_program(APPSTREAMCLI appstreamcli)
if(APPSTREAMCLI)
    execute_process(COMMAND "${APPSTREAMCLI}" validate --no-net --no-color "${metainfo}"
        RESULT_VARIABLE valid OUTPUT_VARIABLE report ERROR_VARIABLE report)
    if(NOT valid EQUAL 0)
        message(FATAL_ERROR "appstreamcli refused ${APP_ID}.metainfo.xml:\n${report}")
    endif()
endif()

foreach(program IN LISTS programs)
    file(READ "${PREFIX}/share/man/man1/${program}.1.gz" head LIMIT 2 HEX)
    if(NOT head STREQUAL "1f8b")
        message(FATAL_ERROR "${program}.1.gz is not gzip data")
    endif()
endforeach()
find_program(READELF readelf)
if(READELF)
    foreach(program IN LISTS programs)
        execute_process(COMMAND "${READELF}" -d "${PREFIX}/bin/${program}"
            OUTPUT_VARIABLE dynamic RESULT_VARIABLE result)
        if(NOT result EQUAL 0 OR dynamic MATCHES "\\((RPATH|RUNPATH)\\)")
            message(FATAL_ERROR "${program} is installed with an RPATH or unreadable: ${result}")
        endif()
    endforeach()
endif()
file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "install layout complete")
