/* Smoke test of libnumcodecs_native: round-trips data through every codec the library carries, calling only the
 * exported entry points (as the managed code does). Run by ctest; exits non-zero on the first failure. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blosc.h"
#include "bzlib.h"
#include "libdeflate.h"
#include "lzma.h"
#include "lz4.h"
#include "zlib.h"
#include "zstd.h"

#define SAMPLE_BYTES (256 * 1024) /* bytes of test data, several Blosc blocks at every typesize */

static int failures = 0;
static int checks = 0;

static void check(int ok, const char *what) {
    checks++;
    if (!ok) {
        failures++;
        fprintf(stderr, "FAILED: %s\n", what);
    }
}

/* A float32 staircase with a little noise on every eighth value: compressible with and without shuffle. */
static void fill_sample(uint8_t *data, size_t size) {
    uint32_t state = 12345;
    for (size_t i = 0; i + 4 <= size; i += 4) {
        size_t index = i / 4;
        float value = (float)(index / 4) * 0.5f;
        if (index % 8 == 0) {
            state = state * 1103515245u + 12345u;
            value += (float)((state >> 16) & 0xff) / 1024.0f;
        }
        memcpy(data + i, &value, 4);
    }
}

static void test_blosc(const uint8_t *src, size_t size) {
    static const char *expected[] = {"blosclz", "lz4", "lz4hc", "zlib", "zstd"};
    const char *list = blosc_list_compressors();
    size_t cap = size + BLOSC_MAX_OVERHEAD;
    uint8_t *packed = malloc(cap);
    uint8_t *unpacked = malloc(size);
    char what[128];

    for (size_t c = 0; c < sizeof expected / sizeof *expected; c++) {
        snprintf(what, sizeof what, "blosc lists compressor %s (list: %s)", expected[c], list);
        check(strstr(list, expected[c]) != NULL, what);
        for (int shuffle = 0; shuffle <= 2; shuffle++) {
            int cbytes = blosc_compress_ctx(5, shuffle, 4, size, src, packed, cap, expected[c], 0, 1);
            snprintf(what, sizeof what, "blosc %s shuffle=%d compresses", expected[c], shuffle);
            check(cbytes > BLOSC_MIN_HEADER_LENGTH && (size_t)cbytes < size, what);
            if (cbytes <= 0)
                continue;

            size_t nbytes = 0;
            snprintf(what, sizeof what, "blosc %s shuffle=%d validates", expected[c], shuffle);
            check(blosc_cbuffer_validate(packed, (size_t)cbytes, &nbytes) == 0 && nbytes == size, what);

            const char *complib = blosc_cbuffer_complib(packed);
            snprintf(what, sizeof what, "blosc %s header names its library (%s)", expected[c], complib);
            check(complib != NULL, what);

            memset(unpacked, 0xA5, size);
            int dbytes = blosc_decompress_ctx(packed, unpacked, size, 1);
            snprintf(what, sizeof what, "blosc %s shuffle=%d round-trips", expected[c], shuffle);
            check(dbytes == (int)size && memcmp(src, unpacked, size) == 0, what);

            float item[3];
            int got = blosc_getitem(packed, 1000, 3, item);
            snprintf(what, sizeof what, "blosc %s shuffle=%d getitem", expected[c], shuffle);
            check(got == 12 && memcmp(item, src + 4000, 12) == 0, what);
        }
    }
    free(packed);
    free(unpacked);
}

static void test_zstd(const uint8_t *src, size_t size) {
    size_t cap = ZSTD_compressBound(size);
    uint8_t *packed = malloc(cap);
    uint8_t *unpacked = malloc(size);
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_DCtx *dctx = ZSTD_createDCtx();

    check(!ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3)), "zstd sets level");
    check(!ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)), "zstd sets checksum");
    size_t csize = ZSTD_compress2(cctx, packed, cap, src, size);
    check(!ZSTD_isError(csize) && csize < size, "zstd compresses");
    check(ZSTD_getFrameContentSize(packed, csize) == size, "zstd frame records its content size");

    memset(unpacked, 0xA5, size);
    size_t dsize = ZSTD_decompressDCtx(dctx, unpacked, size, packed, csize);
    check(dsize == size && memcmp(src, unpacked, size) == 0, "zstd round-trips");

    ZSTD_inBuffer in = {packed, csize, 0};
    ZSTD_outBuffer out = {unpacked, size, 0};
    memset(unpacked, 0xA5, size);
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    size_t rest = ZSTD_decompressStream(dctx, &out, &in);
    check(rest == 0 && out.pos == size && memcmp(src, unpacked, size) == 0, "zstd streaming round-trips");

    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
    free(packed);
    free(unpacked);
}

static void test_lz4(const uint8_t *src, size_t size) {
    int cap = LZ4_compressBound((int)size);
    uint8_t *packed = malloc((size_t)cap);
    uint8_t *unpacked = malloc(size);
    void *state = malloc((size_t)LZ4_sizeofState());

    int csize = LZ4_compress_fast_extState(state, (const char *)src, (char *)packed, (int)size, cap, 1);
    check(csize > 0 && csize < (int)size, "lz4 compresses");
    memset(unpacked, 0xA5, size);
    int dsize = LZ4_decompress_safe((const char *)packed, (char *)unpacked, csize, (int)size);
    check(dsize == (int)size && memcmp(src, unpacked, size) == 0, "lz4 round-trips");

    free(state);
    free(packed);
    free(unpacked);
}

/* Adler-32 (RFC 1950) and CRC-32 (the gzip polynomial, reflected 0xEDB88320) straight from their definitions, one
 * byte and one bit at a time, to check libdeflate's vectorised ones against. */
static uint32_t plain_adler32(const uint8_t *data, size_t size) {
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < size; i++) {
        a = (a + data[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

static uint32_t plain_crc32(const uint8_t *data, size_t size) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < size; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

/* windowBits 15 is zlib's format, 31 gzip's; inflate with 47 (15 + 32) detects either. */
static void test_zlib(const uint8_t *src, size_t size, int window_bits, const char *name) {
    char what[64];
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    check(deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK, "deflateInit2");
    size_t cap = deflateBound(&zs, size);
    uint8_t *packed = malloc(cap);
    uint8_t *unpacked = malloc(size);
    zs.next_in = (Bytef *)src;
    zs.avail_in = (uInt)size;
    zs.next_out = packed;
    zs.avail_out = (uInt)cap;
    snprintf(what, sizeof what, "%s deflates", name);
    check(deflate(&zs, Z_FINISH) == Z_STREAM_END, what);
    size_t csize = zs.total_out;
    deflateEnd(&zs);

    memset(&zs, 0, sizeof zs);
    check(inflateInit2(&zs, 15 + 32) == Z_OK, "inflateInit2");
    memset(unpacked, 0xA5, size);
    zs.next_in = packed;
    zs.avail_in = (uInt)csize;
    zs.next_out = unpacked;
    zs.avail_out = (uInt)size;
    int rc = inflate(&zs, Z_FINISH);
    snprintf(what, sizeof what, "%s round-trips", name);
    check(rc == Z_STREAM_END && zs.total_out == size && memcmp(src, unpacked, size) == 0, what);
    inflateEnd(&zs);

    /* libdeflate decodes zlib's stream, and its checksums equal zlib's. */
    struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
    size_t in_used = 0, out_made = 0;
    memset(unpacked, 0xA5, size);
    enum libdeflate_result result = window_bits == 31
        ? libdeflate_gzip_decompress_ex(decompressor, packed, csize, unpacked, size, &in_used, &out_made)
        : libdeflate_zlib_decompress_ex(decompressor, packed, csize, unpacked, size, &in_used, &out_made);
    snprintf(what, sizeof what, "libdeflate decodes %s", name);
    check(decompressor != NULL && result == LIBDEFLATE_SUCCESS && in_used == csize && out_made == size &&
          memcmp(src, unpacked, size) == 0, what);
    result = window_bits == 31
        ? libdeflate_gzip_decompress_ex(decompressor, packed, csize / 2, unpacked, size, &in_used, &out_made)
        : libdeflate_zlib_decompress_ex(decompressor, packed, csize / 2, unpacked, size, &in_used, &out_made);
    snprintf(what, sizeof what, "libdeflate refuses truncated %s", name);
    check(result == LIBDEFLATE_BAD_DATA, what);
    libdeflate_free_decompressor(decompressor);
    check(libdeflate_adler32(1, src, size) == plain_adler32(src, size), "libdeflate adler32 equals the definition");
    check(libdeflate_crc32(0, src, size) == plain_crc32(src, size), "libdeflate crc32 equals the definition");
    free(packed);
    free(unpacked);
}

static void test_bzip2(const uint8_t *src, size_t size) {
    unsigned int cap = (unsigned int)(size + size / 100 + 601);
    char *packed = malloc(cap);
    char *unpacked = malloc(size);
    unsigned int csize = cap, dsize = (unsigned int)size;
    bz_stream bz;

    memset(&bz, 0, sizeof bz);
    check(BZ2_bzCompressInit(&bz, 9, 0, 0) == BZ_OK, "bzip2 starts compressing");
    bz.next_in = (char *)src;
    bz.avail_in = (unsigned int)size;
    bz.next_out = packed;
    bz.avail_out = cap;
    check(BZ2_bzCompress(&bz, BZ_FINISH) == BZ_STREAM_END, "bzip2 compresses");
    csize = cap - bz.avail_out;
    BZ2_bzCompressEnd(&bz);

    memset(&bz, 0, sizeof bz);
    memset(unpacked, 0xA5, size);
    check(BZ2_bzDecompressInit(&bz, 0, 0) == BZ_OK, "bzip2 starts decompressing");
    bz.next_in = packed;
    bz.avail_in = csize;
    bz.next_out = unpacked;
    bz.avail_out = dsize;
    check(BZ2_bzDecompress(&bz) == BZ_STREAM_END && bz.avail_out == 0 && memcmp(src, unpacked, size) == 0, "bzip2 round-trips");
    BZ2_bzDecompressEnd(&bz);
    free(packed);
    free(unpacked);
}

/* One xz stream with a delta + LZMA2 chain and a SHA-256 check, then the same data as .lzma (LZMA1). */
static void test_lzma(const uint8_t *src, size_t size) {
    size_t cap = size + size / 2 + 4096, csize;
    uint8_t *packed = malloc(cap);
    uint8_t *unpacked = malloc(size);
    lzma_options_lzma options;
    lzma_options_delta delta = { .type = LZMA_DELTA_TYPE_BYTE, .dist = 4 };
    lzma_filter chain[3] = { { LZMA_FILTER_DELTA, &delta }, { LZMA_FILTER_LZMA2, &options }, { LZMA_VLI_UNKNOWN, NULL } };
    lzma_stream strm = LZMA_STREAM_INIT;
    int format;

    check(lzma_lzma_preset(&options, 6) == 0, "lzma reads preset 6");
    for (format = 0; format < 2; format++) {
        lzma_ret rc = format == 0 ? lzma_stream_encoder(&strm, chain, LZMA_CHECK_SHA256) : lzma_alone_encoder(&strm, &options);
        check(rc == LZMA_OK, format == 0 ? "xz encoder starts" : "lzma-alone encoder starts");
        strm.next_in = src;
        strm.avail_in = size;
        strm.next_out = packed;
        strm.avail_out = cap;
        check(lzma_code(&strm, LZMA_FINISH) == LZMA_STREAM_END, format == 0 ? "xz compresses" : "lzma-alone compresses");
        csize = cap - strm.avail_out;
        lzma_end(&strm);

        memset(unpacked, 0xA5, size);
        check(lzma_auto_decoder(&strm, UINT64_MAX, 0) == LZMA_OK, "lzma auto decoder starts");
        strm.next_in = packed;
        strm.avail_in = csize;
        strm.next_out = unpacked;
        strm.avail_out = size;
        rc = lzma_code(&strm, LZMA_FINISH);
        check(rc == LZMA_STREAM_END && strm.avail_out == 0 && memcmp(src, unpacked, size) == 0,
              format == 0 ? "xz round-trips" : "lzma-alone round-trips");
        lzma_end(&strm);
    }
    free(packed);
    free(unpacked);
}

int main(void) {
    uint8_t *sample = malloc(SAMPLE_BYTES);
    fill_sample(sample, SAMPLE_BYTES);

    printf("blosc %s, zstd %s, lz4 %s, zlib %s, bzip2 %s, xz %s, libdeflate %s\n", blosc_get_version_string(),
           ZSTD_versionString(), LZ4_versionString(), zlibVersion(), BZ2_bzlibVersion(), lzma_version_string(),
           LIBDEFLATE_VERSION_STRING);
    test_blosc(sample, SAMPLE_BYTES);
    test_zstd(sample, SAMPLE_BYTES);
    test_lz4(sample, SAMPLE_BYTES);
    test_zlib(sample, SAMPLE_BYTES, 15, "zlib");
    test_zlib(sample, SAMPLE_BYTES, 31, "gzip");
    test_bzip2(sample, SAMPLE_BYTES);
    test_lzma(sample, SAMPLE_BYTES);

    free(sample);
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
