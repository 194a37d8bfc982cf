# Writes THIRD-PARTY-NOTICES.txt into the build folder: for each library compiled into libnumcodecs_native, its
# version, where it comes from, and its licence text as the upstream source release carries it (read from the fetched
# sources at configure time, so the notices always match what was compiled). The NumCodecs.Native and tool packages
# ship this file beside the libraries.

function(numcodecs_write_notices out deps)
    set(text "Third-party software compiled into the NumCodecs native library (libnumcodecs_native)\n")
    string(APPEND text "=====================================================================================\n\n")
    string(APPEND text "NumCodecs itself is under the MIT licence. The native library links the following libraries ")
    string(APPEND text "statically, compiled from their unmodified upstream source releases. Their licences follow, ")
    string(APPEND text "each as its source release states it.\n")

    # name | version | upstream | licence | licence files inside the source release
    set(entries
        "c-blosc|${NUMCODECS_BLOSC_VERSION}|Blosc/c-blosc on GitHub|BSD-3-Clause|blosc/LICENSES/BLOSC.txt"
        "BloscLZ (part of c-blosc, derived from FastLZ)|${NUMCODECS_BLOSC_VERSION}|Blosc/c-blosc on GitHub|MIT|blosc/LICENSES/FASTLZ.txt"
        "bitshuffle (part of c-blosc)|${NUMCODECS_BLOSC_VERSION}|Blosc/c-blosc on GitHub|MIT|blosc/LICENSES/BITSHUFFLE.txt"
        "Zstandard (zstd)|${NUMCODECS_ZSTD_VERSION}|facebook/zstd on GitHub|BSD-3-Clause (zstd is dual-licensed BSD or GPLv2, NumCodecs uses it under BSD)|zstd/LICENSE"
        "LZ4 (lz4 and lz4hc block library)|${NUMCODECS_LZ4_VERSION}|lz4/lz4 on GitHub|BSD-2-Clause|lz4/lib/LICENSE"
        "zlib|${NUMCODECS_ZLIB_VERSION}|zlib.net|Zlib|zlib/LICENSE"
        "bzip2 (libbzip2)|${NUMCODECS_BZIP2_VERSION}|sourceware.org/bzip2|bzip2-1.0.6|bzip2/LICENSE"
        "liblzma (XZ Utils)|${NUMCODECS_XZ_VERSION}|tukaani.org/xz|public domain (liblzma), see COPYING|xz/COPYING"
        "libdeflate|${NUMCODECS_LIBDEFLATE_VERSION}|ebiggers/libdeflate on GitHub|MIT|libdeflate/COPYING")
    foreach(entry IN LISTS entries)
        string(REPLACE "|" ";" fields "${entry}")
        list(GET fields 0 name)
        list(GET fields 1 version)
        list(GET fields 2 upstream)
        list(GET fields 3 licence)
        list(GET fields 4 licence_file)
        if(NOT EXISTS "${deps}/${licence_file}")
            message(FATAL_ERROR "The licence file ${deps}/${licence_file} of ${name} is missing from the fetched sources.")
        endif()
        file(READ "${deps}/${licence_file}" licence_text)
        string(APPEND text "\n\n${name} ${version}\n")
        string(REGEX REPLACE "." "-" underline "${name} ${version}")
        string(APPEND text "${underline}\nSource: ${upstream}\nLicence: ${licence}\n")
        string(FIND "${licence_file}" "/" slash) # our folder name first, then the path inside the release
        math(EXPR slash "${slash} + 1")
        string(SUBSTRING "${licence_file}" ${slash} -1 release_path)
        string(APPEND text "Text (${release_path} in the source release):\n\n${licence_text}")
    endforeach()
    file(WRITE "${out}" "${text}")
endfunction()
