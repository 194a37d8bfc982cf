using System.Runtime.InteropServices;

namespace NumCodecs.Native;

internal static partial class Interop
{
    /// <summary>libdeflate 1.14 (libdeflate.h): whole-buffer zlib and gzip decompression, adler32 and crc32.</summary>
    internal static unsafe partial class Libdeflate
    {
        /// <summary><c>enum libdeflate_result</c>.</summary>
        internal enum Result
        {
            /// <summary>LIBDEFLATE_SUCCESS: the stream decompressed.</summary>
            Success = 0,

            /// <summary>LIBDEFLATE_BAD_DATA: invalid, corrupt or truncated data.</summary>
            BadData = 1,

            /// <summary>LIBDEFLATE_SHORT_OUTPUT: fewer bytes than asked for (only without an actual-size pointer).</summary>
            ShortOutput = 2,

            /// <summary>LIBDEFLATE_INSUFFICIENT_SPACE: the output buffer is too small.</summary>
            InsufficientSpace = 3,
        }

        // struct libdeflate_decompressor *libdeflate_alloc_decompressor(void);
        [LibraryImport(Libraries.Native)]
        internal static partial nint libdeflate_alloc_decompressor();

        // void libdeflate_free_decompressor(struct libdeflate_decompressor *decompressor);
        [LibraryImport(Libraries.Native)]
        internal static partial void libdeflate_free_decompressor(nint decompressor);

        // enum libdeflate_result libdeflate_zlib_decompress_ex(struct libdeflate_decompressor *decompressor,
        //     const void *in, size_t in_nbytes, void *out, size_t out_nbytes_avail, size_t *actual_in_nbytes_ret,
        //     size_t *actual_out_nbytes_ret);
        [LibraryImport(Libraries.Native)]
        internal static partial Result libdeflate_zlib_decompress_ex(
            nint decompressor, void* @in, nuint in_nbytes, void* @out, nuint out_nbytes_avail, nuint* actual_in_nbytes_ret,
            nuint* actual_out_nbytes_ret);

        // enum libdeflate_result libdeflate_gzip_decompress_ex(struct libdeflate_decompressor *decompressor,
        //     const void *in, size_t in_nbytes, void *out, size_t out_nbytes_avail, size_t *actual_in_nbytes_ret,
        //     size_t *actual_out_nbytes_ret);
        [LibraryImport(Libraries.Native)]
        internal static partial Result libdeflate_gzip_decompress_ex(
            nint decompressor, void* @in, nuint in_nbytes, void* @out, nuint out_nbytes_avail, nuint* actual_in_nbytes_ret,
            nuint* actual_out_nbytes_ret);

        // uint32_t libdeflate_adler32(uint32_t adler, const void *buffer, size_t len);
        [LibraryImport(Libraries.Native)]
        internal static partial uint libdeflate_adler32(uint adler, void* buffer, nuint len);

        // uint32_t libdeflate_crc32(uint32_t crc, const void *buffer, size_t len);
        [LibraryImport(Libraries.Native)]
        internal static partial uint libdeflate_crc32(uint crc, void* buffer, nuint len);

        // const char *numcodecs_libdeflate_version_string(void);
        // (native/src/numcodecs_libdeflate_version.c: LIBDEFLATE_VERSION_STRING of the header compiled in.)
        [LibraryImport(Libraries.Native)]
        internal static partial byte* numcodecs_libdeflate_version_string();
    }
}
