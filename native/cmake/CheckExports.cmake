# Run after linking (cmake -DLIBRARY=... -DEXPORTS=... -DNM=... [-DREQUIRED_INTERNAL=a;b] -P CheckExports.cmake): the
# library's dynamic symbol table must hold exactly the functions listed in exports.txt, and its full symbol table every
# internal symbol in REQUIRED_INTERNAL (the SIMD kernels, which the linker would drop if no dispatch reached them).
# A failed check deletes the library, so the failed build cannot be mistaken for a finished one by the next
# incremental build.

file(STRINGS "${EXPORTS}" lines)
set(expected "")
foreach(line IN LISTS lines)
    string(REGEX REPLACE "#.*$" "" line "${line}")
    string(STRIP "${line}" line)
    if(line)
        list(APPEND expected "${line}")
    endif()
endforeach()

execute_process(COMMAND "${NM}" -D --defined-only "${LIBRARY}"
    OUTPUT_VARIABLE nm_output RESULT_VARIABLE nm_result ERROR_VARIABLE nm_error)
if(NOT nm_result EQUAL 0)
    file(REMOVE "${LIBRARY}")
    message(FATAL_ERROR "nm could not read ${LIBRARY}: ${nm_error}")
endif()

string(REPLACE "\n" ";" nm_lines "${nm_output}")
set(actual "")
foreach(line IN LISTS nm_lines)
    # "<address> <type> <name>[@version]"; only code and data symbols count, not the version-node marker (type A).
    if(line MATCHES "^[0-9a-fA-F]+ [TtDdBbRrWwVvi] ([^@ ]+)")
        list(APPEND actual "${CMAKE_MATCH_1}")
    endif()
endforeach()
list(REMOVE_DUPLICATES actual)

set(missing ${expected})
list(REMOVE_ITEM missing ${actual})
set(extra ${actual})
list(REMOVE_ITEM extra ${expected})
if(missing OR extra)
    file(REMOVE "${LIBRARY}")
    message(FATAL_ERROR "The exports of ${LIBRARY} differ from ${EXPORTS}.\n"
                        "  listed but not exported: ${missing}\n  exported but not listed: ${extra}")
endif()
if(REQUIRED_INTERNAL)
    execute_process(COMMAND "${NM}" --defined-only "${LIBRARY}" OUTPUT_VARIABLE all_symbols RESULT_VARIABLE nm_result)
    foreach(symbol IN LISTS REQUIRED_INTERNAL)
        if(NOT nm_result EQUAL 0 OR NOT all_symbols MATCHES " ${symbol}\n")
            file(REMOVE "${LIBRARY}")
            message(FATAL_ERROR "${LIBRARY} lacks ${symbol}: the SIMD kernel is not linked in.")
        endif()
    endforeach()
endif()

list(LENGTH actual count)
message(STATUS "Checked ${count} exported symbols of ${LIBRARY} against ${EXPORTS}")
