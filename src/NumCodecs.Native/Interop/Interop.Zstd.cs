using System.Runtime.InteropServices;

namespace NumCodecs.Native;

internal static partial class Interop
{
    /// <summary>zstd 1.5 (zstd.h): one-shot and streaming calls on explicit contexts.</summary>
    internal static unsafe partial class Zstd
    {
        /// <summary><c>ZSTD_cParameter</c> values used by the codecs.</summary>
        internal enum CompressionParameter
        {
            /// <summary>ZSTD_c_compressionLevel.</summary>
            CompressionLevel = 100,

            /// <summary>ZSTD_c_checksumFlag.</summary>
            ChecksumFlag = 201,
        }

        /// <summary><c>ZSTD_dParameter</c> values used by the codecs.</summary>
        internal enum DecompressionParameter
        {
            /// <summary>ZSTD_d_windowLogMax.</summary>
            WindowLogMax = 100,
        }

        /// <summary><c>ZSTD_ResetDirective</c>.</summary>
        internal enum ResetDirective
        {
            /// <summary>ZSTD_reset_session_only.</summary>
            SessionOnly = 1,

            /// <summary>ZSTD_reset_parameters.</summary>
            Parameters = 2,

            /// <summary>ZSTD_reset_session_and_parameters.</summary>
            SessionAndParameters = 3,
        }

        /// <summary><c>ZSTD_EndDirective</c>.</summary>
        internal enum EndDirective
        {
            /// <summary>ZSTD_e_continue.</summary>
            Continue = 0,

            /// <summary>ZSTD_e_flush.</summary>
            Flush = 1,

            /// <summary>ZSTD_e_end.</summary>
            End = 2,
        }

        /// <summary>ZSTD_CONTENTSIZE_UNKNOWN: the frame header does not record the decompressed size.</summary>
        internal const ulong ContentSizeUnknown = unchecked(0UL - 1);

        /// <summary>ZSTD_CONTENTSIZE_ERROR: the source is not a valid frame header.</summary>
        internal const ulong ContentSizeError = unchecked(0UL - 2);

        // typedef struct ZSTD_inBuffer_s { const void* src; size_t size; size_t pos; } ZSTD_inBuffer;
        [StructLayout(LayoutKind.Sequential)]
        internal struct InBuffer
        {
            internal void* Source;
            internal nuint Size;
            internal nuint Position;
        }

        // typedef struct ZSTD_outBuffer_s { void* dst; size_t size; size_t pos; } ZSTD_outBuffer;
        [StructLayout(LayoutKind.Sequential)]
        internal struct OutBuffer
        {
            internal void* Destination;
            internal nuint Size;
            internal nuint Position;
        }

        // unsigned ZSTD_versionNumber(void);
        [LibraryImport(Libraries.Native)]
        internal static partial uint ZSTD_versionNumber();

        // const char* ZSTD_versionString(void);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* ZSTD_versionString();

        // unsigned ZSTD_isError(size_t code);
        [LibraryImport(Libraries.Native)]
        internal static partial uint ZSTD_isError(nuint code);

        // const char* ZSTD_getErrorName(size_t code);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* ZSTD_getErrorName(nuint code);

        // size_t ZSTD_compressBound(size_t srcSize);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_compressBound(nuint srcSize);

        // int ZSTD_minCLevel(void);
        [LibraryImport(Libraries.Native)]
        internal static partial int ZSTD_minCLevel();

        // int ZSTD_maxCLevel(void);
        [LibraryImport(Libraries.Native)]
        internal static partial int ZSTD_maxCLevel();

        // int ZSTD_defaultCLevel(void);
        [LibraryImport(Libraries.Native)]
        internal static partial int ZSTD_defaultCLevel();

        // ZSTD_CCtx* ZSTD_createCCtx(void);
        [LibraryImport(Libraries.Native)]
        internal static partial nint ZSTD_createCCtx();

        // size_t ZSTD_freeCCtx(ZSTD_CCtx* cctx);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_freeCCtx(nint cctx);

        // size_t ZSTD_CCtx_setParameter(ZSTD_CCtx* cctx, ZSTD_cParameter param, int value);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_CCtx_setParameter(nint cctx, CompressionParameter param, int value);

        // size_t ZSTD_CCtx_reset(ZSTD_CCtx* cctx, ZSTD_ResetDirective reset);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_CCtx_reset(nint cctx, ResetDirective reset);

        // size_t ZSTD_compress2(ZSTD_CCtx* cctx, void* dst, size_t dstCapacity, const void* src, size_t srcSize);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_compress2(nint cctx, void* dst, nuint dstCapacity, void* src, nuint srcSize);

        // size_t ZSTD_compressStream2(ZSTD_CCtx* cctx, ZSTD_outBuffer* output, ZSTD_inBuffer* input,
        //                             ZSTD_EndDirective endOp);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_compressStream2(nint cctx, OutBuffer* output, InBuffer* input, EndDirective endOp);

        // size_t ZSTD_CStreamOutSize(void);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_CStreamOutSize();

        // ZSTD_DCtx* ZSTD_createDCtx(void);
        [LibraryImport(Libraries.Native)]
        internal static partial nint ZSTD_createDCtx();

        // size_t ZSTD_freeDCtx(ZSTD_DCtx* dctx);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_freeDCtx(nint dctx);

        // size_t ZSTD_DCtx_setParameter(ZSTD_DCtx* dctx, ZSTD_dParameter param, int value);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_DCtx_setParameter(nint dctx, DecompressionParameter param, int value);

        // size_t ZSTD_DCtx_reset(ZSTD_DCtx* dctx, ZSTD_ResetDirective reset);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_DCtx_reset(nint dctx, ResetDirective reset);

        // size_t ZSTD_decompressDCtx(ZSTD_DCtx* dctx, void* dst, size_t dstCapacity, const void* src, size_t srcSize);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_decompressDCtx(nint dctx, void* dst, nuint dstCapacity, void* src, nuint srcSize);

        // size_t ZSTD_decompressStream(ZSTD_DStream* zds, ZSTD_outBuffer* output, ZSTD_inBuffer* input);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_decompressStream(nint zds, OutBuffer* output, InBuffer* input);

        // size_t ZSTD_DStreamOutSize(void);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_DStreamOutSize();

        // unsigned long long ZSTD_getFrameContentSize(const void *src, size_t srcSize);
        [LibraryImport(Libraries.Native)]
        internal static partial ulong ZSTD_getFrameContentSize(void* src, nuint srcSize);

        // size_t ZSTD_findFrameCompressedSize(const void* src, size_t srcSize);
        [LibraryImport(Libraries.Native)]
        internal static partial nuint ZSTD_findFrameCompressedSize(void* src, nuint srcSize);
    }
}
