using System.Runtime.InteropServices;

namespace NumCodecs.Native;

internal static partial class Interop
{
    /// <summary>
    /// c-blosc 1.x (blosc.h). Only the context (<c>_ctx</c>) entry points and functions that read a given buffer are
    /// declared: the global-state API (blosc_init, blosc_compress, blosc_set_nthreads, ...) is deliberately absent so
    /// that any number of threads can use Blosc at once.
    /// </summary>
    internal static unsafe partial class Blosc
    {
        /// <summary>Bytes of the Blosc 1.x chunk header (BLOSC_MIN_HEADER_LENGTH).</summary>
        internal const int MinHeaderLength = 16;

        /// <summary>Most bytes Blosc adds to the input when compressing (BLOSC_MAX_OVERHEAD).</summary>
        internal const int MaxOverhead = MinHeaderLength;

        /// <summary>Largest input Blosc 1.x accepts, in bytes (BLOSC_MAX_BUFFERSIZE).</summary>
        internal const int MaxBufferSize = int.MaxValue - MaxOverhead;

        // int blosc_compress_ctx(int clevel, int doshuffle, size_t typesize, size_t nbytes, const void* src,
        //                        void* dest, size_t destsize, const char* compressor, size_t blocksize,
        //                        int numinternalthreads);
        [LibraryImport(Libraries.Native)]
        internal static partial int blosc_compress_ctx(
            int clevel, int doshuffle, nuint typesize, nuint nbytes, void* src, void* dest, nuint destsize,
            byte* compressor, nuint blocksize, int numinternalthreads);

        // int blosc_decompress_ctx(const void *src, void *dest, size_t destsize, int numinternalthreads);
        [LibraryImport(Libraries.Native)]
        internal static partial int blosc_decompress_ctx(void* src, void* dest, nuint destsize, int numinternalthreads);

        // int blosc_getitem(const void *src, int start, int nitems, void *dest);
        [LibraryImport(Libraries.Native)]
        internal static partial int blosc_getitem(void* src, int start, int nitems, void* dest);

        // void blosc_cbuffer_sizes(const void *cbuffer, size_t *nbytes, size_t *cbytes, size_t *blocksize);
        [LibraryImport(Libraries.Native)]
        internal static partial void blosc_cbuffer_sizes(void* cbuffer, nuint* nbytes, nuint* cbytes, nuint* blocksize);

        // void blosc_cbuffer_metainfo(const void *cbuffer, size_t *typesize, int *flags);
        [LibraryImport(Libraries.Native)]
        internal static partial void blosc_cbuffer_metainfo(void* cbuffer, nuint* typesize, int* flags);

        // void blosc_cbuffer_versions(const void *cbuffer, int *version, int *versionlz);
        [LibraryImport(Libraries.Native)]
        internal static partial void blosc_cbuffer_versions(void* cbuffer, int* version, int* versionlz);

        // const char *blosc_cbuffer_complib(const void *cbuffer);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* blosc_cbuffer_complib(void* cbuffer);

        // int blosc_cbuffer_validate(const void* cbuffer, size_t cbytes, size_t* nbytes);
        [LibraryImport(Libraries.Native)]
        internal static partial int blosc_cbuffer_validate(void* cbuffer, nuint cbytes, nuint* nbytes);

        // const char* blosc_list_compressors(void);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* blosc_list_compressors();

        // int blosc_compname_to_compcode(const char *compname);
        [LibraryImport(Libraries.Native)]
        internal static partial int blosc_compname_to_compcode(byte* compname);

        // int blosc_compcode_to_compname(int compcode, const char **compname);
        [LibraryImport(Libraries.Native)]
        internal static partial int blosc_compcode_to_compname(int compcode, byte** compname);

        // const char* blosc_get_version_string(void);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* blosc_get_version_string();

        // void numcodecs_shuffle(size_t element_size, size_t length, const uint8_t *src, uint8_t *dest);
        // (native/src/numcodecs_shuffle.c: c-blosc's byte-shuffle kernels, SSE2/AVX2 by cpuid.)
        [LibraryImport(Libraries.Native)]
        internal static partial void numcodecs_shuffle(nuint element_size, nuint length, byte* src, byte* dest);

        // void numcodecs_unshuffle(size_t element_size, size_t length, const uint8_t *src, uint8_t *dest);
        [LibraryImport(Libraries.Native)]
        internal static partial void numcodecs_unshuffle(nuint element_size, nuint length, byte* src, byte* dest);

        // int32_t numcodecs_blosc_job_size(void);
        // (native/src/numcodecs_blosc_jobs.c: c-blosc's compression and decompression one block at a time.)
        [LibraryImport(Libraries.Native)]
        internal static partial int numcodecs_blosc_job_size();

        // int numcodecs_blosc_compress_begin(void *job, int clevel, int doshuffle, size_t typesize, size_t nbytes,
        //                                    const void *src, void *dest, size_t destsize, const char *compressor,
        //                                    size_t blocksize);
        [LibraryImport(Libraries.Native)]
        internal static partial int numcodecs_blosc_compress_begin(
            void* job, int clevel, int doshuffle, nuint typesize, nuint nbytes, void* src, void* dest, nuint destsize,
            byte* compressor, nuint blocksize);

        // int numcodecs_blosc_compress_serial(void *job);
        [LibraryImport(Libraries.Native)]
        internal static partial int numcodecs_blosc_compress_serial(void* job);

        // int numcodecs_blosc_compress_block(const void *job, int32_t block, void *out, int32_t capacity, void *scratch);
        [LibraryImport(Libraries.Native)]
        internal static partial int numcodecs_blosc_compress_block(void* job, int block, void* @out, int capacity, void* scratch);

        // int numcodecs_blosc_compress_end(void *job, int32_t compressed_size);
        [LibraryImport(Libraries.Native)]
        internal static partial int numcodecs_blosc_compress_end(void* job, int compressed_size);

        // int numcodecs_blosc_decompress_begin(void *job, const void *src, void *dest, size_t destsize);
        [LibraryImport(Libraries.Native)]
        internal static partial int numcodecs_blosc_decompress_begin(void* job, void* src, void* dest, nuint destsize);

        // int numcodecs_blosc_decompress_block(const void *job, int32_t block, void *scratch);
        [LibraryImport(Libraries.Native)]
        internal static partial int numcodecs_blosc_decompress_block(void* job, int block, void* scratch);
    }
}
