/* The byte transpose of numcodecs' shuffle filter, through c-blosc's shuffle kernels (SSE2/AVX2 where the CPU has
 * them, chosen by cpuid at the first call). numcodecs' Shuffle writes byte j of element i to j * count + i, which is
 * exactly what c-blosc's shuffle does to a block; c-blosc keeps those kernels internal, so these two functions are the
 * library's entry points to them. The caller checks the lengths: `length` bytes are read from `src` and written to
 * `dest`, which must not overlap; a trailing partial element is copied unchanged, as c-blosc does. */
#include <stddef.h>
#include <stdint.h>

#include "shuffle.h"

#if defined(__GNUC__) || defined(__clang__)
#define NUMCODECS_EXPORT __attribute__((visibility("default")))
#else
#define NUMCODECS_EXPORT
#endif

NUMCODECS_EXPORT void numcodecs_shuffle(size_t element_size, size_t length, const uint8_t *src, uint8_t *dest);
NUMCODECS_EXPORT void numcodecs_unshuffle(size_t element_size, size_t length, const uint8_t *src, uint8_t *dest);

void numcodecs_shuffle(size_t element_size, size_t length, const uint8_t *src, uint8_t *dest) {
    blosc_internal_shuffle(element_size, length, src, dest);
}

void numcodecs_unshuffle(size_t element_size, size_t length, const uint8_t *src, uint8_t *dest) {
    blosc_internal_unshuffle(element_size, length, src, dest);
}
