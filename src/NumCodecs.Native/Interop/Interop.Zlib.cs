using System.Runtime.InteropServices;

namespace NumCodecs.Native;

internal static partial class Interop
{
    /// <summary>
    /// zlib 1.2 (zlib.h): deflate and inflate on a caller-owned <see cref="ZStream"/>. zlib keeps a pointer to the
    /// stream inside its state and checks it on every call, so a stream must stay at one address (native memory or
    /// pinned) from init to end.
    /// </summary>
    internal static unsafe partial class Zlib
    {
        /// <summary>Z_OK.</summary>
        internal const int Ok = 0;

        /// <summary>Z_STREAM_END.</summary>
        internal const int StreamEnd = 1;

        /// <summary>Z_NEED_DICT.</summary>
        internal const int NeedDictionary = 2;

        /// <summary>Z_STREAM_ERROR.</summary>
        internal const int StreamError = -2;

        /// <summary>Z_DATA_ERROR.</summary>
        internal const int DataError = -3;

        /// <summary>Z_MEM_ERROR.</summary>
        internal const int MemoryError = -4;

        /// <summary>Z_BUF_ERROR.</summary>
        internal const int BufferError = -5;

        /// <summary>Z_NO_FLUSH.</summary>
        internal const int NoFlush = 0;

        /// <summary>Z_FINISH.</summary>
        internal const int Finish = 4;

        /// <summary>Z_DEFLATED, the only compression method.</summary>
        internal const int Deflated = 8;

        /// <summary>Z_DEFAULT_STRATEGY.</summary>
        internal const int DefaultStrategy = 0;

        /// <summary>MAX_WBITS: window bits of the zlib format; add 16 for gzip, 32 to inflate either.</summary>
        internal const int MaxWindowBits = 15;

        /// <summary>DEF_MEM_LEVEL, zlib's default memory level (what Python's zlib.compress uses).</summary>
        internal const int DefaultMemoryLevel = 8;

        // typedef struct z_stream_s {
        //     z_const Bytef *next_in; uInt avail_in; uLong total_in;
        //     Bytef *next_out; uInt avail_out; uLong total_out;
        //     z_const char *msg; struct internal_state FAR *state;
        //     alloc_func zalloc; free_func zfree; voidpf opaque;
        //     int data_type; uLong adler; uLong reserved;
        // } z_stream;
        // uLong is C's unsigned long: 64 bits on LP64 (Linux, macOS), 32 bits on Windows, hence CULong.
        [StructLayout(LayoutKind.Sequential)]
        internal struct ZStream
        {
            internal byte* NextIn;
            internal uint AvailableIn;
            internal CULong TotalIn;
            internal byte* NextOut;
            internal uint AvailableOut;
            internal CULong TotalOut;
            internal byte* Message;
            internal void* State;
            internal void* Alloc;
            internal void* Free;
            internal void* Opaque;
            internal int DataType;
            internal CULong Adler;
            internal CULong Reserved;
        }

        // uLong adler32(uLong adler, const Bytef *buf, uInt len);
        [LibraryImport(Libraries.Native)]
        internal static partial CULong adler32(CULong adler, byte* buf, uint len);

        // const char * zlibVersion(void);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* zlibVersion();

        // int deflateInit2_(z_streamp strm, int level, int method, int windowBits, int memLevel, int strategy,
        //                   const char *version, int stream_size);
        [LibraryImport(Libraries.Native)]
        internal static partial int deflateInit2_(
            ZStream* strm, int level, int method, int windowBits, int memLevel, int strategy, byte* version, int streamSize);

        // int deflate(z_streamp strm, int flush);
        [LibraryImport(Libraries.Native)]
        internal static partial int deflate(ZStream* strm, int flush);

        // int deflateEnd(z_streamp strm);
        [LibraryImport(Libraries.Native)]
        internal static partial int deflateEnd(ZStream* strm);

        // int deflateReset(z_streamp strm);
        [LibraryImport(Libraries.Native)]
        internal static partial int deflateReset(ZStream* strm);

        // uLong deflateBound(z_streamp strm, uLong sourceLen);
        [LibraryImport(Libraries.Native)]
        internal static partial CULong deflateBound(ZStream* strm, CULong sourceLen);

        // int inflateInit2_(z_streamp strm, int windowBits, const char *version, int stream_size);
        [LibraryImport(Libraries.Native)]
        internal static partial int inflateInit2_(ZStream* strm, int windowBits, byte* version, int streamSize);

        // int inflate(z_streamp strm, int flush);
        [LibraryImport(Libraries.Native)]
        internal static partial int inflate(ZStream* strm, int flush);

        // int inflateEnd(z_streamp strm);
        [LibraryImport(Libraries.Native)]
        internal static partial int inflateEnd(ZStream* strm);

        // int inflateReset(z_streamp strm);
        [LibraryImport(Libraries.Native)]
        internal static partial int inflateReset(ZStream* strm);
    }
}
