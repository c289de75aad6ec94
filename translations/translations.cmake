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
    # Every source whose messages the desktop app can show: core, ui, the app, and the demo
    # emulator's start-up errors. Messages only partnerdesk-cli or tests print stay out.
    file(GLOB sources CONFIGURE_DEPENDS
        ${PROJECT_SOURCE_DIR}/core/*.cpp ${PROJECT_SOURCE_DIR}/core/*.h
        ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h
        ${PROJECT_SOURCE_DIR}/app/gui/*.cpp
        ${PROJECT_SOURCE_DIR}/emulator/emulatorserver.cpp
        ${PROJECT_SOURCE_DIR}/emulator/emulatorthread.cpp)
    list(FILTER sources EXCLUDE REGEX
        "/core/(clioptions|listopportunitiescommand|shorthandparser|jsonopportunityoutput|csvreader)\\.(cpp|h)$")
    qt_add_translations(${target}
        TS_FILES ${ts_files}
        SOURCES ${sources}
        LUPDATE_OPTIONS -no-obsolete -locations relative)
endfunction()
