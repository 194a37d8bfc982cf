/* c-blosc's compression and decompression one block at a time, so that the managed side can spread a chunk's blocks
 * over the .NET thread pool, which persists across calls, instead of c-blosc's _ctx threads, which are created and
 * joined on every call.
 *
 * c-blosc keeps its per-block functions (blosc_c, blosc_d) and its context setup static, so this file compiles
 * c-blosc's own blosc.c inside itself, unchanged: the native build lists this file instead of blosc.c, and every
 * exported c-blosc function is still defined exactly once.
 *
 * A job is a struct blosc_context in memory the caller owns (numcodecs_blosc_job_size bytes, 16-byte aligned). The
 * sequence for compression is begin, then either serial (the whole chunk on the calling thread, exactly
 * blosc_compress_ctx with one thread) or block for every block (any thread, any order, each into its own buffer)
 * followed by end once the caller has laid the blocks out in block order; for decompression, begin and then block
 * for every block. Begin does what blosc_compress_ctx and blosc_decompress_ctx do before their block loop, with the
 * same checks and error codes; block does what one iteration of c-blosc's own worker threads (t_blosc) does. */
#include "blosc.c"

#if defined(__GNUC__) || defined(__clang__)
#define NUMCODECS_EXPORT __attribute__((visibility("default")))
#else
#define NUMCODECS_EXPORT
#endif

NUMCODECS_EXPORT int32_t numcodecs_blosc_job_size(void);
NUMCODECS_EXPORT int numcodecs_blosc_compress_begin(void *job, int clevel, int doshuffle, size_t typesize,
                                                    size_t nbytes, const void *src, void *dest, size_t destsize,
                                                    const char *compressor, size_t blocksize);
NUMCODECS_EXPORT int numcodecs_blosc_compress_serial(void *job);
NUMCODECS_EXPORT int numcodecs_blosc_compress_block(const void *job, int32_t block, void *out, int32_t capacity,
                                                    void *scratch);
NUMCODECS_EXPORT int numcodecs_blosc_compress_end(void *job, int32_t compressed_size);
NUMCODECS_EXPORT int numcodecs_blosc_decompress_begin(void *job, const void *src, void *dest, size_t destsize);
NUMCODECS_EXPORT int numcodecs_blosc_decompress_block(const void *job, int32_t block, void *scratch);

/* The length of block `block` (the last one may be shorter) and whether it is that shorter leftover block, as c-blosc's
 * own block loops work them out; 0 when the job has no such block. */
static int32_t block_length(const struct blosc_context *context, int32_t block, int32_t *leftoverblock) {
    *leftoverblock = 0;
    if (block < 0 || block >= context->nblocks) {
        return 0;
    }
    if (block == context->nblocks - 1 && context->leftover > 0) {
        *leftoverblock = 1;
        return context->leftover;
    }
    return context->blocksize;
}

int32_t numcodecs_blosc_job_size(void) {
    return (int32_t)sizeof(struct blosc_context);
}

/* Sets the job up as blosc_compress_ctx does (one thread) and writes the chunk header and its empty block-start table
 * into dest. Returns the number of blocks, or c-blosc's result for a chunk it will not compress (0: does not fit,
 * negative: bad parameters). The header then holds the block size (bytes 8-11) and the flags (byte 2, with
 * BLOSC_MEMCPYED when c-blosc decided to store the data uncompressed). */
int numcodecs_blosc_compress_begin(void *job, int clevel, int doshuffle, size_t typesize, size_t nbytes,
                                   const void *src, void *dest, size_t destsize, const char *compressor,
                                   size_t blocksize) {
    struct blosc_context *context = (struct blosc_context *)job;
    int error;

    memset(context, 0, sizeof(*context));
    error = initialize_context_compression(context, clevel, doshuffle, typesize, nbytes, src, dest, destsize,
                                           blosc_compname_to_compcode(compressor), blocksize, 1);
    if (error <= 0) {
        return error;
    }
    error = write_compression_header(context, clevel, doshuffle);
    if (error <= 0) {
        return error;
    }
    if ((*(context->header_flags) & BLOSC_MEMCPYED) &&
        (context->sourcesize + BLOSC_MAX_OVERHEAD > context->destsize)) {
        return 0; /* blosc_compress_context: the data cannot be copied without overrunning dest */
    }
    return context->nblocks;
}

/* Compresses the whole chunk on the calling thread: blosc_compress_context with the job's single thread. */
int numcodecs_blosc_compress_serial(void *job) {
    return blosc_compress_context((struct blosc_context *)job);
}

/* Compresses one block (shuffle, split streams and codec, as c-blosc's worker threads do) into out, which holds
 * capacity bytes (the block size plus 4 bytes per item of the type size is enough for any block). scratch holds twice
 * the block size. Returns the block's compressed size, 0 when it does not compress into capacity, or a negative
 * c-blosc error. Only reads the job, so any number of threads may run it at once. */
int numcodecs_blosc_compress_block(const void *job, int32_t block, void *out, int32_t capacity, void *scratch) {
    const struct blosc_context *context = (const struct blosc_context *)job;
    int32_t leftoverblock;
    int32_t size = block_length(context, block, &leftoverblock);

    if (size == 0) {
        return -1;
    }
    return blosc_c(context, size, leftoverblock, 0, capacity, context->src + (size_t)block * context->blocksize,
                   (uint8_t *)out, (uint8_t *)scratch, (uint8_t *)scratch + context->blocksize);
}

/* Finishes a chunk whose blocks the caller compressed and laid out in block order after the block-start table (which
 * it filled): compressed_size is the chunk's total size, or 0 when a block did not compress or the blocks did not fit
 * in dest. As blosc_compress_context does, a chunk that did not compress is stored instead (BLOSC_MEMCPYED) when it
 * fits. Writes the compressed size into the header and returns it (0: does not fit, negative: error). */
int numcodecs_blosc_compress_end(void *job, int32_t compressed_size) {
    struct blosc_context *context = (struct blosc_context *)job;
    int32_t ntbytes = compressed_size;

    if (ntbytes == 0 && context->sourcesize + BLOSC_MAX_OVERHEAD <= context->destsize) {
        *(context->header_flags) |= BLOSC_MEMCPYED;
        context->num_output_bytes = BLOSC_MAX_OVERHEAD;
        ntbytes = serial_blosc(context);
    }
    if (ntbytes < 0) {
        return -1;
    }
    _sw32(context->dest + 12, ntbytes);
    return ntbytes;
}

/* Sets the job up as blosc_decompress_ctx does, with its checks of the header against destsize. Returns the number of
 * blocks, 0 for an empty chunk, or a negative c-blosc error. */
int numcodecs_blosc_decompress_begin(void *job, const void *src, void *dest, size_t destsize) {
    struct blosc_context *context = (struct blosc_context *)job;
    uint8_t version;
    int32_t result;

    memset(context, 0, sizeof(*context));
    context->compress = 0;
    context->src = (const uint8_t *)src;
    context->dest = (uint8_t *)dest;
    context->destsize = (int32_t)destsize;
    context->numthreads = 1;

    version = context->src[0];
    context->compversion = context->src[1];
    context->header_flags = (uint8_t *)(context->src + 2);
    context->typesize = (int32_t)context->src[3];
    context->sourcesize = sw32_(context->src + 4);
    context->blocksize = sw32_(context->src + 8);
    context->compressedsize = sw32_(context->src + 12);
    context->bstarts = (uint8_t *)(context->src + 16);

    if (context->sourcesize == 0) {
        return 0;
    }
    if (context->blocksize <= 0 || context->blocksize > (int32_t)destsize ||
        context->blocksize > BLOSC_MAX_BLOCKSIZE || context->typesize <= 0 ||
        context->typesize > BLOSC_MAX_TYPESIZE) {
        return -1;
    }
    if (version != BLOSC_VERSION_FORMAT || (*context->header_flags & 0x08)) {
        return -1;
    }
    context->nblocks = context->sourcesize / context->blocksize;
    context->leftover = context->sourcesize % context->blocksize;
    context->nblocks = (context->leftover > 0) ? context->nblocks + 1 : context->nblocks;
    if (context->sourcesize > (int32_t)destsize) {
        return -1;
    }
    if (*(context->header_flags) & BLOSC_MEMCPYED) {
        if (context->sourcesize + BLOSC_MAX_OVERHEAD != context->compressedsize) {
            return -1;
        }
    } else {
        result = initialize_decompress_func(context);
        if (result != 0) {
            return result;
        }
        if (context->nblocks > (context->compressedsize - 16) / 4) {
            return -1;
        }
    }
    return context->nblocks;
}

/* Decompresses one block into its place in dest (codec, then unshuffle). scratch holds twice the block size. Returns
 * the block's uncompressed size or a negative c-blosc error. Only reads the job, so any number of threads may run it
 * at once. */
int numcodecs_blosc_decompress_block(const void *job, int32_t block, void *scratch) {
    struct blosc_context *context = (struct blosc_context *)job; /* blosc_d takes it non-const but only reads it */
    int32_t leftoverblock;
    int32_t size = block_length(context, block, &leftoverblock);

    if (size == 0) {
        return -1;
    }
    if (*(context->header_flags) & BLOSC_MEMCPYED) {
        fastcopy(context->dest + (size_t)block * context->blocksize,
                 context->src + BLOSC_MAX_OVERHEAD + (size_t)block * context->blocksize, size);
        return size;
    }
    return blosc_d(context, size, leftoverblock, context->src, sw32_(context->bstarts + block * 4),
                   context->dest + (size_t)block * context->blocksize, (uint8_t *)scratch,
                   (uint8_t *)scratch + context->blocksize);
}
