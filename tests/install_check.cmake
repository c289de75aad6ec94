# Installs the build into a scratch prefix and checks the layout a Linux desktop expects.
#   cmake -DBINARY_DIR=<build> -DPREFIX=<scratch> -P install_check.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BINARY_DIR}" --prefix "${PREFIX}"
    RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed: ${result}")
endif()
foreach(path
        bin/partnerdesk
        bin/partnerdesk-cli
        bin/partnerdesk-emulator
        share/applications/partnerdesk.desktop
        share/icons/hicolor/scalable/apps/partnerdesk.svg)
    if(NOT EXISTS "${PREFIX}/${path}")
        message(FATAL_ERROR "not installed: ${path}")
    endif()
endforeach()
file(READ "${PREFIX}/share/applications/partnerdesk.desktop" entry)
foreach(line "Exec=partnerdesk" "Icon=partnerdesk" "Type=Application")
    string(FIND "${entry}" "${line}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "partnerdesk.desktop lacks ${line}")
    endif()
endforeach()
find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
if(DESKTOP_FILE_VALIDATE)
    execute_process(COMMAND "${DESKTOP_FILE_VALIDATE}"
        "${PREFIX}/share/applications/partnerdesk.desktop" RESULT_VARIABLE valid)
    if(NOT valid EQUAL 0)
        message(FATAL_ERROR "desktop-file-validate refused partnerdesk.desktop")
    endif()
endif()
file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "install layout complete")
