/* libdeflate has no run-time version call; this one reports the version of the header the library was compiled
 * from, so that a test can compare it with the pin, as it does for the other libraries' own version calls. */
#include "libdeflate.h"

#if defined(__GNUC__) || defined(__clang__)
#define NUMCODECS_EXPORT __attribute__((visibility("default")))
#else
#define NUMCODECS_EXPORT
#endif

NUMCODECS_EXPORT const char *numcodecs_libdeflate_version_string(void);

const char *numcodecs_libdeflate_version_string(void) {
    return LIBDEFLATE_VERSION_STRING;
}
