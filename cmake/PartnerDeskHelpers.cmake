# Shared compile settings and test registration for every PartnerDesk target.

add_library(pd_compile_options INTERFACE)
target_compile_definitions(pd_compile_options INTERFACE
    QT_NO_CAST_TO_ASCII
    QT_RESTRICTED_CAST_FROM_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    PD_VERSION_STRING="${PROJECT_VERSION}")
if(MSVC)
    target_compile_options(pd_compile_options INTERFACE /W4)
else()
    target_compile_options(pd_compile_options INTERFACE -Wall -Wextra -Wpedantic)
endif()
if(PD_SANITIZE)
    target_compile_options(pd_compile_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(pd_compile_options INTERFACE -fsanitize=address,undefined)
endif()
if(PD_BUILD_FUZZERS)
    # Coverage instrumentation for libFuzzer in every library; tests/fuzz adds the driver.
    target_compile_options(pd_compile_options INTERFACE
        -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    target_link_options(pd_compile_options INTERFACE -fsanitize=address,undefined)
endif()

# pd_add_test(NAME name SOURCES a.cpp ... LIBS lib ... [LABELS l ...] [TIMEOUT s])
# One executable per Qt Test class, registered with CTest.
function(pd_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    qt_add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test pd_compile_options ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE
        PD_SHARED_DIR="${PD_SHARED_DIR}"
        PD_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        PD_BINARY_DIR="${PROJECT_BINARY_DIR}")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    if(PD_SANITIZE)
        # A Debug build under AddressSanitizer runs several times slower.
        math(EXPR T_TIMEOUT "${T_TIMEOUT} * 3")
    endif()
    set_tests_properties(${T_NAME} PROPERTIES
        TIMEOUT ${T_TIMEOUT}
        LABELS "${T_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8")
endfunction()

# The shared reference material (SigV4 vectors, API models, peer clients) sits beside the checkout.
get_filename_component(PD_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" ABSOLUTE)
set(PD_SHARED_DIR "${PD_SHARED_DIR}" CACHE PATH "Folder with reference/ and peers/")
