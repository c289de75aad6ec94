# The app's translations: translations/partnerdesk_<lang>.ts, compiled by lrelease into the
# :/i18n resource of the target given to pd_add_translations() (partnerdesk_ui, so that the app
# and the GUI tests carry them). Refresh the .ts files from the sources with
#   cmake --build <build dir> --target update_translations
# Commit the .ts files, never the generated .qm files.

set(PD_LANGUAGES de fr es ja pt_BR)

function(pd_add_translations target)
    set(ts_files)
    foreach(language IN LISTS PD_LANGUAGES)
        list(APPEND ts_files ${PROJECT_SOURCE_DIR}/translations/partnerdesk_${language}.ts)
    endforeach()
    # Every source whose messages the desktop app can show: the core layers below the command
    # line, ui, the app, and the demo emulator's start-up errors. Messages only partnerdesk-cli
    # or tests print stay out.
    set(sources)
    foreach(library pd_util pd_http pd_aws pd_api pd_store pd_model pd_output ${target})
        get_target_property(library_sources ${library} SOURCES)
        get_target_property(library_dir ${library} SOURCE_DIR)
        foreach(source IN LISTS library_sources)
            cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${library_dir})
            list(APPEND sources ${source})
        endforeach()
    endforeach()
    list(FILTER sources INCLUDE REGEX "\\.(cpp|h)$")
    list(FILTER sources EXCLUDE REGEX "/core/output/jsonopportunityoutput\\.(cpp|h)$")
    list(APPEND sources
        ${PROJECT_SOURCE_DIR}/app/gui/main.cpp
        ${PROJECT_SOURCE_DIR}/emulator/emulatorserver.cpp
        ${PROJECT_SOURCE_DIR}/emulator/emulatorthread.cpp)
    qt_add_translations(${target}
        TS_FILES ${ts_files}
        SOURCES ${sources}
        LUPDATE_OPTIONS -no-obsolete -locations relative)
endfunction()
