/* bzip2 built with BZ_NO_STDIO (no file helpers, no stderr) asks its user for bz_internal_error, which it calls when
 * one of its internal consistency checks fails. Those checks guard states that no input can reach (unreachable switch
 * defaults, heap sizes bounded by the alphabet); malformed compressed data is reported as BZ_DATA_ERROR instead.
 * Continuing after a failed check would work on corrupted state, so the only safe answer is to stop. */
#include <stdlib.h>

void bz_internal_error(int errcode);

void bz_internal_error(int errcode) {
    (void)errcode;
    abort();
}
