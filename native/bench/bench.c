/* The ceiling for a wrapper: the comparison workloads run by calling c-blosc, zstd, lz4, zlib, bzip2 and liblzma
 * directly from C, compiled from the same sources and flags as libnumcodecs_native (linked statically here).
 *
 *   numcodecs_native_bench DATA_FILE
 *
 * DATA_FILE holds the sample (float32 values); every workload uses a prefix of it. Prints one JSON object per line:
 * {"impl": "c", "workload": ..., "op": "encode"|"decode", "bytes": n, "calls_per_second": x, "mb_per_second": y}.
 * The timing method is the one benchmarks/compare shares among C, C# and Python: 3 warm-up calls, then batches of
 * calls until at least 0.3 s have passed, best of 3 rounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blosc.h"
#include "lz4.h"
#include "bzlib.h"
#include "lzma.h"
#include "zlib.h"
#include "libdeflate.h"
#include "zstd.h"

typedef int (*workload_fn)(void *state, const uint8_t *src, int n, uint8_t *dst, int cap);

typedef struct {
    const char *name;
    int kind; /* 0 blosc, 1 zstd, 2 lz4, 3 zlib, 4 bz2, 5 lzma (xz), 6 gzip */
    const char *cname;
    int shuffle;
    int level;
    int bytes;
} workload;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static ZSTD_CCtx *zcctx;
static ZSTD_DCtx *zdctx;
static void *lz4_state;
static z_stream deflaters[3], inflaters[2]; /* deflate: zlib level 1, gzip level 1, zlib level 0; inflate: zlib, gzip */
static struct libdeflate_decompressor *libdeflate;

/* The deflate stream of a zlib or gzip workload: zlib at its level (1 or 0), or gzip. */
static z_stream *deflater_of(const workload *w) { return w->kind == 6 ? &deflaters[1] : w->level == 0 ? &deflaters[2] : &deflaters[0]; }

static lzma_stream lzma_strm = LZMA_STREAM_INIT;

/* One liblzma coding run over the whole input, started by `init` on lzma_strm; returns the output length or -1. */
static int lzma_run(lzma_ret init, const uint8_t *src, int n, uint8_t *dst, int cap) {
    lzma_ret rc;
    if (init != LZMA_OK) return -1;
    lzma_strm.next_in = src;
    lzma_strm.avail_in = (size_t)n;
    lzma_strm.next_out = dst;
    lzma_strm.avail_out = (size_t)cap;
    rc = lzma_code(&lzma_strm, LZMA_FINISH);
    lzma_end(&lzma_strm);
    return rc == LZMA_STREAM_END ? (int)((size_t)cap - lzma_strm.avail_out) : -1;
}

static int encode(const workload *w, const uint8_t *src, int n, uint8_t *dst, int cap) {
    switch (w->kind) {
    case 0:
        return blosc_compress_ctx(w->level, w->shuffle, 4, (size_t)n, src, dst, (size_t)cap, w->cname, 0, 1);
    case 1:
        return (int)ZSTD_compressCCtx(zcctx, dst, (size_t)cap, src, (size_t)n, w->level);
    case 2: {
        memcpy(dst, &n, 4); /* numcodecs' LZ4 framing: little-endian length, then the block */
        return 4 + LZ4_compress_fast_extState(lz4_state, (const char *)src, (char *)dst + 4, n, cap - 4, 1);
    }
    case 4: {
        unsigned int length = (unsigned int)cap;
        return BZ2_bzBuffToBuffCompress((char *)dst, &length, (char *)src, (unsigned int)n, w->level, 0, 0) == BZ_OK ? (int)length : -1;
    }
    case 5: /* the stream coder, as Python's lzma module (and NumCodecs) use it */
        return lzma_run(lzma_easy_encoder(&lzma_strm, (uint32_t)w->level, LZMA_CHECK_CRC64), src, n, dst, cap);
    default: {
        z_stream *deflater = deflater_of(w);
        deflateReset(deflater);
        deflater->next_in = (Bytef *)src;
        deflater->avail_in = (uInt)n;
        deflater->next_out = dst;
        deflater->avail_out = (uInt)cap;
        if (deflate(deflater, Z_FINISH) != Z_STREAM_END) return -1;
        return (int)deflater->total_out;
    }
    }
}

static int decode(const workload *w, const uint8_t *src, int n, uint8_t *dst, int cap) {
    switch (w->kind) {
    case 0:
        return blosc_decompress_ctx(src, dst, (size_t)cap, 1);
    case 1:
        return (int)ZSTD_decompressDCtx(zdctx, dst, (size_t)cap, src, (size_t)n);
    case 2: {
        int length;
        memcpy(&length, src, 4);
        return LZ4_decompress_safe((const char *)src + 4, (char *)dst, n - 4, length);
    }
    case 4: {
        unsigned int length = (unsigned int)cap;
        return BZ2_bzBuffToBuffDecompress((char *)dst, &length, (char *)src, (unsigned int)n, 0, 0) == BZ_OK ? (int)length : -1;
    }
    case 5:
        return lzma_run(lzma_stream_decoder(&lzma_strm, UINT64_MAX, 0), src, n, dst, cap);
    case 8: { /* libdeflate, zlib format */
        size_t out = 0;
        return libdeflate_zlib_decompress(libdeflate, src, (size_t)n, dst, (size_t)cap, &out) == LIBDEFLATE_SUCCESS ? (int)out : -1;
    }
    case 9: { /* libdeflate, gzip format */
        size_t out = 0;
        return libdeflate_gzip_decompress(libdeflate, src, (size_t)n, dst, (size_t)cap, &out) == LIBDEFLATE_SUCCESS ? (int)out : -1;
    }
    default: {
        z_stream *inflater = w->kind == 6 ? &inflaters[1] : &inflaters[0];
        inflateReset(inflater);
        inflater->next_in = (Bytef *)src;
        inflater->avail_in = (uInt)n;
        inflater->next_out = dst;
        inflater->avail_out = (uInt)cap;
        if (inflate(inflater, Z_FINISH) != Z_STREAM_END) return -1;
        return (int)inflater->total_out;
    }
    }
}

/* Best calls per second over 3 rounds of at least 0.3 s each. */
static double measure(const workload *w, int op, const uint8_t *in, int n, uint8_t *out, int cap) {
    double best = 0;
    for (int i = 0; i < 3; i++) {
        if ((op == 0 ? encode(w, in, n, out, cap) : decode(w, in, n, out, cap)) <= 0) return -1;
    }
    for (int round = 0; round < 3; round++) {
        long calls = 0;
        double start = now(), elapsed;
        do {
            for (int i = 0; i < 8; i++) {
                op == 0 ? encode(w, in, n, out, cap) : decode(w, in, n, out, cap);
            }
            calls += 8;
            elapsed = now() - start;
        } while (elapsed < 0.3);
        double rate = calls / elapsed;
        if (rate > best) best = rate;
    }
    return best;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DATA_FILE\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = malloc((size_t)size);
    if (fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "short read of %s\n", argv[1]);
        return 2;
    }
    fclose(f);

    zcctx = ZSTD_createCCtx();
    zdctx = ZSTD_createDCtx();
    lz4_state = malloc((size_t)LZ4_sizeofState());
    memset(deflaters, 0, sizeof deflaters);
    memset(inflaters, 0, sizeof inflaters);
    deflateInit2(&deflaters[0], 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY);
    deflateInit2(&deflaters[1], 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    deflateInit2(&deflaters[2], 0, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY);
    inflateInit2(&inflaters[0], 15);
    inflateInit2(&inflaters[1], 31);
    libdeflate = libdeflate_alloc_decompressor();

    static const workload workloads[] = {
        {"blosc-lz4-shuffle", 0, "lz4", 1, 5, 0},  {"blosc-lz4-bitshuffle", 0, "lz4", 2, 5, 0},
        {"blosc-zstd-shuffle", 0, "zstd", 1, 5, 0}, {"blosc-zstd-bitshuffle", 0, "zstd", 2, 5, 0},
        {"zstd-3", 1, NULL, 0, 3, 0},              {"lz4", 2, NULL, 0, 1, 0},
        {"zlib-1", 3, NULL, 0, 1, 0},              {"bz2-1", 4, NULL, 0, 1, 0},
        {"lzma-1", 5, NULL, 0, 1, 0},              {"gzip-1", 6, NULL, 0, 1, 0},
        {"zlib-0", 3, NULL, 0, 0, 0},
    };
    static const int sizes[] = {4096, 65536, 4 << 20, 16 << 20};
    int cap = (16 << 20) + (1 << 20); /* above every codec's bound for 16 MiB (lz4 needs 16 MiB / 255 more) */
    uint8_t *packed = malloc((size_t)cap);
    uint8_t *unpacked = malloc((size_t)cap);

    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        int n = sizes[s];
        if (n > size) continue;
        for (size_t i = 0; i < sizeof workloads / sizeof *workloads; i++) {
            const workload *w = &workloads[i];
            if (n > (4 << 20) && w->kind != 0) continue; /* 16 MiB: Blosc only, whose threads it is for */
            int packed_length = encode(w, data, n, packed, cap);
            double encode_rate = measure(w, 0, data, n, packed, cap);
            double decode_rate = measure(w, 1, packed, packed_length, unpacked, n);
            if (packed_length <= 0 || encode_rate < 0 || decode_rate < 0 || memcmp(data, unpacked, (size_t)n) != 0) {
                fprintf(stderr, "%s at %d bytes failed\n", w->name, n);
                return 1;
            }
            for (int op = 0; op < 2; op++) {
                double rate = op == 0 ? encode_rate : decode_rate;
                printf("{\"impl\": \"c\", \"workload\": \"%s\", \"op\": \"%s\", \"bytes\": %d, \"encoded_bytes\": %d, "
                       "\"calls_per_second\": %.1f, \"mb_per_second\": %.1f}\n",
                       w->name, op == 0 ? "encode" : "decode", n, packed_length, rate, rate * n / 1e6);
            }
            if (w->kind == 3 || w->kind == 6) {
                /* libdeflate's own decoding of the same stream: the ceiling of NumCodecs' zlib and gzip decoding. */
                workload fast = *w;
                fast.kind = w->kind == 3 ? 8 : 9;
                double fast_rate = measure(&fast, 1, packed, packed_length, unpacked, n);
                if (fast_rate < 0 || memcmp(data, unpacked, (size_t)n) != 0) {
                    fprintf(stderr, "%s through libdeflate at %d bytes failed\n", w->name, n);
                    return 1;
                }
                printf("{\"impl\": \"libdeflate\", \"workload\": \"%s\", \"op\": \"decode\", \"bytes\": %d, "
                       "\"encoded_bytes\": %d, \"calls_per_second\": %.1f, \"mb_per_second\": %.1f}\n",
                       w->name, n, packed_length, fast_rate, fast_rate * n / 1e6);
            }
        }
    }
    return 0;
}
