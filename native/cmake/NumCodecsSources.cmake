# Provides the pinned upstream sources in ${DEPS_DIR}/<name> (blosc, zstd, lz4, zlib, bzip2, xz, libdeflate) and checks their versions.
#
# When a dependency is missing, or its headers carry another version than the pin, native/fetch-sources.sh is run to
# (re)fetch it: from the user's sources folder if one is given, else from the distribution's source packages. The
# version macros in the fetched headers are then checked against the pins, and configuration stops with a clear
# message when they differ.

set(_numcodecs_fetch_script "${CMAKE_CURRENT_LIST_DIR}/../fetch-sources.sh")

# _numcodecs_read_numbered_version(<header> <prefix> <out-var> <part>...): "A.B.C" from #define <prefix>_<part> N lines.
function(_numcodecs_read_numbered_version header prefix out)
    set(parts "")
    foreach(part IN LISTS ARGN)
        file(STRINGS "${header}" line REGEX "^#define ${prefix}_${part}[ \t]+[0-9]+")
        string(REGEX REPLACE "^#define ${prefix}_${part}[ \t]+([0-9]+).*" "\\1" number "${line}")
        list(APPEND parts "${number}")
    endforeach()
    list(JOIN parts "." version)
    set(${out} "${version}" PARENT_SCOPE)
endfunction()

# numcodecs_read_source_version(<name> <dir> <out-var>): the version a dependency's headers declare, or "" if the
# folder does not hold that dependency.
function(numcodecs_read_source_version name dir out)
    set(version "")
    if(name STREQUAL "blosc" AND EXISTS "${dir}/blosc/blosc.h")
        file(STRINGS "${dir}/blosc/blosc.h" line REGEX "^#define BLOSC_VERSION_STRING[ \t]+\"")
        string(REGEX REPLACE ".*\"([^\"]*)\".*" "\\1" version "${line}")
    elseif(name STREQUAL "bzip2" AND EXISTS "${dir}/bzlib_private.h")
        file(STRINGS "${dir}/bzlib_private.h" line REGEX "^#define BZ_VERSION[ \t]+\"")
        string(REGEX REPLACE ".*\"([0-9.]+)[,\"].*" "\\1" version "${line}")
    elseif(name STREQUAL "xz" AND EXISTS "${dir}/src/liblzma/api/lzma/version.h")
        _numcodecs_read_numbered_version("${dir}/src/liblzma/api/lzma/version.h" LZMA_VERSION version MAJOR MINOR PATCH)
    elseif(name STREQUAL "zlib" AND EXISTS "${dir}/zlib.h")
        file(STRINGS "${dir}/zlib.h" line REGEX "^#define ZLIB_VERSION[ \t]+\"")
        string(REGEX REPLACE ".*\"([^\"]*)\".*" "\\1" version "${line}")
    elseif(name STREQUAL "libdeflate" AND EXISTS "${dir}/libdeflate.h")
        file(STRINGS "${dir}/libdeflate.h" line REGEX "^#define LIBDEFLATE_VERSION_STRING[ \t]+\"")
        string(REGEX REPLACE ".*\"([^\"]*)\".*" "\\1" version "${line}")
    elseif((name STREQUAL "zstd" OR name STREQUAL "lz4") AND EXISTS "${dir}/lib/${name}.h")
        string(TOUPPER "${name}_VERSION" prefix)
        _numcodecs_read_numbered_version("${dir}/lib/${name}.h" ${prefix} version MAJOR MINOR RELEASE)
    endif()
    set(${out} "${version}" PARENT_SCOPE)
endfunction()

function(numcodecs_provide_sources)
    cmake_parse_arguments(ARG "" "DEPS_DIR;SOURCES_DIR;BLOSC;ZSTD;LZ4;ZLIB;BZIP2;XZ;LIBDEFLATE" "" ${ARGN})
    set(names blosc zstd lz4 zlib bzip2 xz libdeflate)

    set(fetch_args "")
    set(needs_fetch FALSE)
    foreach(name IN LISTS names)
        string(TOUPPER "${name}" key)
        set(pin "${ARG_${key}}")
        numcodecs_read_source_version(${name} "${ARG_DEPS_DIR}/${name}" have)
        if(NOT have STREQUAL pin)
            list(APPEND fetch_args "${name}=${pin}")
            set(needs_fetch TRUE)
        endif()
    endforeach()

    if(needs_fetch)
        find_program(NUMCODECS_BASH bash REQUIRED)
        message(STATUS "Fetching pinned native sources into ${ARG_DEPS_DIR}")
        set(env_args "")
        if(ARG_SOURCES_DIR)
            set(env_args "NUMCODECS_SOURCES_DIR=${ARG_SOURCES_DIR}")
        endif()
        execute_process(
            COMMAND ${CMAKE_COMMAND} -E env ${env_args}
                    "${NUMCODECS_BASH}" "${_numcodecs_fetch_script}" "${ARG_DEPS_DIR}" ${fetch_args}
            RESULT_VARIABLE result)
        if(NOT result EQUAL 0)
            message(FATAL_ERROR "Fetching the pinned native sources failed (native/fetch-sources.sh exited with "
                                "${result}); see its message above and native/README.md.")
        endif()
    endif()

    foreach(name IN LISTS names)
        string(TOUPPER "${name}" key)
        set(pin "${ARG_${key}}")
        numcodecs_read_source_version(${name} "${ARG_DEPS_DIR}/${name}" have)
        if(NOT have STREQUAL pin)
            if(have STREQUAL "")
                set(have "nothing recognisable")
            endif()
            if(ARG_SOURCES_DIR)
                set(origin "NUMCODECS_SOURCES_DIR=${ARG_SOURCES_DIR} or the source packages")
            else()
                set(origin "the source packages")
            endif()
            message(FATAL_ERROR "${ARG_DEPS_DIR}/${name} holds ${name} ${have}, but CMakeLists.txt pins ${pin} "
                                "(sources taken from ${origin}). Put the ${name} ${pin} release there "
                                "(see native/README.md) or delete the folder to fetch it again.")
        endif()
        message(STATUS "Using ${name} ${have} from ${ARG_DEPS_DIR}/${name}")
    endforeach()
endfunction()
