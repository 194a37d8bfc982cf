using System.Runtime.InteropServices;

namespace NumCodecs.Native;

internal static partial class Interop
{
    /// <summary>
    /// bzip2 1.0 (bzlib.h), low-level stream API. bzip2 keeps a pointer back to its stream and checks it on every call,
    /// so a <see cref="BzStream"/> must stay at one address (native memory) from init to end.
    /// </summary>
    internal static unsafe partial class Bzip2
    {
        /// <summary>BZ_OK.</summary>
        internal const int Ok = 0;

        /// <summary>BZ_RUN_OK.</summary>
        internal const int RunOk = 1;

        /// <summary>BZ_FINISH_OK: more output to come.</summary>
        internal const int FinishOk = 3;

        /// <summary>BZ_STREAM_END.</summary>
        internal const int StreamEnd = 4;

        /// <summary>BZ_MEM_ERROR.</summary>
        internal const int MemoryError = -3;

        /// <summary>BZ_FINISH action.</summary>
        internal const int Finish = 2;

        // typedef struct {
        //     char *next_in; unsigned int avail_in; unsigned int total_in_lo32; unsigned int total_in_hi32;
        //     char *next_out; unsigned int avail_out; unsigned int total_out_lo32; unsigned int total_out_hi32;
        //     void *state; void *(*bzalloc)(void *,int,int); void (*bzfree)(void *,void *); void *opaque;
        // } bz_stream;
        [StructLayout(LayoutKind.Sequential)]
        internal struct BzStream
        {
            internal byte* NextIn;
            internal uint AvailableIn;
            internal uint TotalInLow;
            internal uint TotalInHigh;
            internal byte* NextOut;
            internal uint AvailableOut;
            internal uint TotalOutLow;
            internal uint TotalOutHigh;
            internal void* State;
            internal void* Alloc;
            internal void* Free;
            internal void* Opaque;
        }

        // const char * BZ2_bzlibVersion(void);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* BZ2_bzlibVersion();

        // int BZ2_bzCompressInit(bz_stream* strm, int blockSize100k, int verbosity, int workFactor);
        [LibraryImport(Libraries.Native)]
        internal static partial int BZ2_bzCompressInit(BzStream* strm, int blockSize100k, int verbosity, int workFactor);

        // int BZ2_bzCompress(bz_stream* strm, int action);
        [LibraryImport(Libraries.Native)]
        internal static partial int BZ2_bzCompress(BzStream* strm, int action);

        // int BZ2_bzCompressEnd(bz_stream* strm);
        [LibraryImport(Libraries.Native)]
        internal static partial int BZ2_bzCompressEnd(BzStream* strm);

        // int BZ2_bzDecompressInit(bz_stream *strm, int verbosity, int small);
        [LibraryImport(Libraries.Native)]
        internal static partial int BZ2_bzDecompressInit(BzStream* strm, int verbosity, int small);

        // int BZ2_bzDecompress(bz_stream* strm);
        [LibraryImport(Libraries.Native)]
        internal static partial int BZ2_bzDecompress(BzStream* strm);

        // int BZ2_bzDecompressEnd(bz_stream *strm);
        [LibraryImport(Libraries.Native)]
        internal static partial int BZ2_bzDecompressEnd(BzStream* strm);
    }
}
