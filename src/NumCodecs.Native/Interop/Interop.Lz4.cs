using System.Runtime.InteropServices;

namespace NumCodecs.Native;

internal static partial class Interop
{
    /// <summary>lz4 1.9 block API (lz4.h). The caller owns the compression state, so calls never allocate.</summary>
    internal static unsafe partial class Lz4
    {
        /// <summary>Largest input the block API accepts, in bytes (LZ4_MAX_INPUT_SIZE).</summary>
        internal const int MaxInputSize = 0x7E000000;

        // int LZ4_versionNumber(void);
        [LibraryImport(Libraries.Native)]
        internal static partial int LZ4_versionNumber();

        // const char* LZ4_versionString(void);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* LZ4_versionString();

        // int LZ4_compressBound(int inputSize);
        [LibraryImport(Libraries.Native)]
        internal static partial int LZ4_compressBound(int inputSize);

        // int LZ4_sizeofState(void);
        [LibraryImport(Libraries.Native)]
        internal static partial int LZ4_sizeofState();

        // int LZ4_compress_fast_extState(void* state, const char* src, char* dst, int srcSize, int dstCapacity,
        //                                int acceleration);
        [LibraryImport(Libraries.Native)]
        internal static partial int LZ4_compress_fast_extState(
            void* state, byte* src, byte* dst, int srcSize, int dstCapacity, int acceleration);

        // int LZ4_decompress_safe(const char* src, char* dst, int compressedSize, int dstCapacity);
        [LibraryImport(Libraries.Native)]
        internal static partial int LZ4_decompress_safe(byte* src, byte* dst, int compressedSize, int dstCapacity);

        // int LZ4_decompress_safe_partial(const char* src, char* dst, int srcSize, int targetOutputSize, int dstCapacity);
        [LibraryImport(Libraries.Native)]
        internal static partial int LZ4_decompress_safe_partial(byte* src, byte* dst, int srcSize, int targetOutputSize, int dstCapacity);
    }
}
