# Writes a program's man page (section 1) from its own --help output with help2man, and a copy
# compressed for installation (OUTPUT.gz, gzip -9n). Run at build time:
#   cmake -DHELP2MAN=<help2man> -DGZIP=<gzip> -DPROGRAM=<executable> -DINCLUDE=<name.h2m>
#         -DVERSION=<x.y.z> -DDATE_EPOCH=<seconds> -DOUTPUT=<dir/name.1> -DSCRATCH=<dir>
#         [-DCOMMANDS_FROM_COMPLETION=ON] -P HelpToMan.cmake
# INCLUDE adds what --help does not say (NAME, EXAMPLES, FILES, SEE ALSO). With
# COMMANDS_FROM_COMPLETION, the sub-commands the program names for shell completion
# (`PROGRAM --completion-words`, "command" lines) whose `PROGRAM COMMAND --help` is not part of
# `PROGRAM --help` get a section each, named after the command, before EXAMPLES and SEE ALSO.
# The program runs in the C locale with an empty home and configuration folder, so neither the
# builder's language nor saved settings change the text; DATE_EPOCH dates the page (the release).
cmake_minimum_required(VERSION 3.25)
foreach(variable HELP2MAN GZIP PROGRAM INCLUDE VERSION DATE_EPOCH OUTPUT SCRATCH)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "HelpToMan.cmake: ${variable} is not set")
    endif()
endforeach()

file(REMOVE_RECURSE "${SCRATCH}")
file(MAKE_DIRECTORY "${SCRATCH}/config")
set(ENV{LC_ALL} C.UTF-8)
set(ENV{LANG} C.UTF-8)
unset(ENV{LANGUAGE})
set(ENV{HOME} "${SCRATCH}")
set(ENV{XDG_CONFIG_HOME} "${SCRATCH}/config")
set(ENV{SOURCE_DATE_EPOCH} "${DATE_EPOCH}")

# help2man [OPTION...] OUTPUT: the page of PROGRAM's help (--help unless --help-option says).
function(run_help2man output)
    execute_process(
        COMMAND "${HELP2MAN}" --no-info --section=1 --version-string=${VERSION}
            "--source=PartnerDesk ${VERSION}" "--manual=PartnerDesk Manual" ${ARGN}
            "--output=${output}" "${PROGRAM}"
        RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "help2man failed for ${PROGRAM} ${ARGN}: ${result}")
    endif()
endfunction()

run_help2man("${OUTPUT}" "--include=${INCLUDE}")

if(COMMANDS_FROM_COMPLETION)
    execute_process(COMMAND "${PROGRAM}" --help OUTPUT_VARIABLE main_help
        RESULT_VARIABLE result)
    execute_process(COMMAND "${PROGRAM}" --completion-words OUTPUT_VARIABLE words
        RESULT_VARIABLE words_result)
    if(NOT result EQUAL 0 OR NOT words_result EQUAL 0)
        message(FATAL_ERROR "${PROGRAM} --help or --completion-words failed")
    endif()
    string(REGEX MATCHALL "(^|\n)command\t[^\n]+" command_lines "${words}")
    set(sections "")
    foreach(line IN LISTS command_lines)
        string(REGEX REPLACE "^\n?command\t" "" command "${line}")
        if(command STREQUAL "help")
            continue()
        endif()
        execute_process(COMMAND "${PROGRAM}" ${command} --help OUTPUT_VARIABLE help
            RESULT_VARIABLE result)
        if(NOT result EQUAL 0)
            message(FATAL_ERROR "${PROGRAM} ${command} --help failed: ${result}")
        endif()
        string(FIND "${main_help}" "${help}" in_main_help)
        if(NOT in_main_help EQUAL -1)
            continue()
        endif()
        # The sub-command's page from its first section on, its sections one level down.
        run_help2man("${SCRATCH}/${command}.1" "--help-option=${command} --help")
        file(READ "${SCRATCH}/${command}.1" page)
        string(FIND "${page}" "\n.SH NAME\n" name_at)
        math(EXPR after_name "${name_at} + 10")
        string(SUBSTRING "${page}" ${after_name} -1 page)
        string(FIND "${page}" "\n.SH " body_at)
        string(SUBSTRING "${page}" ${body_at} -1 body)
        string(REPLACE "\n.SH DESCRIPTION\n" "\n" body "${body}")
        string(REPLACE "\n.SH " "\n.SS " body "${body}")
        string(REGEX REPLACE "\n+$" "" body "${body}")
        string(TOUPPER "${command}" heading)
        string(APPEND sections "\n.SH \"${heading}\"${body}")
    endforeach()
    if(sections)
        file(READ "${OUTPUT}" page)
        string(FIND "${page}" "\n.SH EXAMPLES\n" at)
        if(at EQUAL -1)
            string(FIND "${page}" "\n.SH \"SEE ALSO\"\n" at)
        endif()
        if(at EQUAL -1)
            file(APPEND "${OUTPUT}" "${sections}\n")
        else()
            string(SUBSTRING "${page}" 0 ${at} head)
            string(SUBSTRING "${page}" ${at} -1 tail)
            file(WRITE "${OUTPUT}" "${head}${sections}${tail}")
        endif()
    endif()
endif()

execute_process(COMMAND "${GZIP}" -9 -n -c "${OUTPUT}" OUTPUT_FILE "${OUTPUT}.gz"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "gzip failed for ${OUTPUT}: ${result}")
endif()
file(REMOVE_RECURSE "${SCRATCH}")
