using System.Runtime.InteropServices;

namespace NumCodecs.Native;

internal static partial class Interop
{
    /// <summary>
    /// liblzma 5.4 (lzma.h, from xz-utils): the stream coders, single-threaded. An <see cref="LzmaStream"/> holds no
    /// pointer to itself, so it may live on the stack between calls of one coding run.
    /// </summary>
    internal static unsafe partial class Lzma
    {
        /// <summary>LZMA_OK.</summary>
        internal const int Ok = 0;

        /// <summary>LZMA_STREAM_END.</summary>
        internal const int StreamEnd = 1;

        /// <summary>LZMA_MEM_ERROR.</summary>
        internal const int MemoryError = 5;

        /// <summary>LZMA_MEMLIMIT_ERROR.</summary>
        internal const int MemoryLimitError = 6;

        /// <summary>LZMA_FORMAT_ERROR: the input is not in the expected container format.</summary>
        internal const int FormatError = 7;

        /// <summary>LZMA_OPTIONS_ERROR: invalid or unsupported options.</summary>
        internal const int OptionsError = 8;

        /// <summary>LZMA_DATA_ERROR: the data is corrupt.</summary>
        internal const int DataError = 9;

        /// <summary>LZMA_BUF_ERROR: no progress is possible.</summary>
        internal const int BufferError = 10;

        /// <summary>LZMA_PROG_ERROR: invalid arguments or a programming error.</summary>
        internal const int ProgramError = 11;

        /// <summary>LZMA_RUN action.</summary>
        internal const int Run = 0;

        /// <summary>LZMA_FINISH action.</summary>
        internal const int Finish = 3;

        /// <summary>LZMA_VLI_UNKNOWN: the filter id that ends a filter chain.</summary>
        internal const ulong VliUnknown = ulong.MaxValue;

        /// <summary>LZMA_FILTERS_MAX: filters in one chain, the terminator not counted.</summary>
        internal const int FiltersMax = 4;

        // typedef struct {
        //     const uint8_t *next_in; size_t avail_in; uint64_t total_in;
        //     uint8_t *next_out; size_t avail_out; uint64_t total_out;
        //     const lzma_allocator *allocator; lzma_internal *internal;
        //     void *reserved_ptr1, *reserved_ptr2, *reserved_ptr3, *reserved_ptr4;
        //     uint64_t seek_pos; uint64_t reserved_int2; size_t reserved_int3; size_t reserved_int4;
        //     lzma_reserved_enum reserved_enum1; lzma_reserved_enum reserved_enum2;
        // } lzma_stream;
        [StructLayout(LayoutKind.Sequential)]
        internal struct LzmaStream
        {
            internal byte* NextIn;
            internal nuint AvailableIn;
            internal ulong TotalIn;
            internal byte* NextOut;
            internal nuint AvailableOut;
            internal ulong TotalOut;
            internal void* Allocator;
            internal void* Internal;
            internal void* ReservedPointer1;
            internal void* ReservedPointer2;
            internal void* ReservedPointer3;
            internal void* ReservedPointer4;
            internal ulong SeekPosition;
            internal ulong ReservedInt2;
            internal nuint ReservedInt3;
            internal nuint ReservedInt4;
            internal int ReservedEnum1;
            internal int ReservedEnum2;
        }

        // typedef struct { lzma_vli id; void *options; } lzma_filter;
        [StructLayout(LayoutKind.Sequential)]
        internal struct LzmaFilter
        {
            internal ulong Id;
            internal void* Options;
        }

        // typedef struct {
        //     uint32_t dict_size; const uint8_t *preset_dict; uint32_t preset_dict_size;
        //     uint32_t lc; uint32_t lp; uint32_t pb; lzma_mode mode; uint32_t nice_len; lzma_match_finder mf;
        //     uint32_t depth; uint32_t ext_flags; uint32_t ext_size_low; uint32_t ext_size_high;
        //     uint32_t reserved_int4 ... reserved_int8; lzma_reserved_enum reserved_enum1 ... reserved_enum4;
        //     void *reserved_ptr1; void *reserved_ptr2;
        // } lzma_options_lzma;
        [StructLayout(LayoutKind.Sequential)]
        internal struct LzmaOptionsLzma
        {
            internal uint DictSize;
            internal byte* PresetDict;
            internal uint PresetDictSize;
            internal uint LiteralContextBits;
            internal uint LiteralPositionBits;
            internal uint PositionBits;
            internal int Mode;
            internal uint NiceLength;
            internal int MatchFinder;
            internal uint Depth;
            internal uint ExtFlags;
            internal uint ExtSizeLow;
            internal uint ExtSizeHigh;
            internal fixed uint ReservedInts[5];
            internal fixed int ReservedEnums[4];
            internal void* ReservedPointer1;
            internal void* ReservedPointer2;
        }

        // typedef struct {
        //     lzma_delta_type type; uint32_t dist;
        //     uint32_t reserved_int1 ... reserved_int4; void *reserved_ptr1; void *reserved_ptr2;
        // } lzma_options_delta;
        [StructLayout(LayoutKind.Sequential)]
        internal struct LzmaOptionsDelta
        {
            internal int Type;
            internal uint Distance;
            internal fixed uint ReservedInts[4];
            internal void* ReservedPointer1;
            internal void* ReservedPointer2;
        }

        // typedef struct { uint32_t start_offset; } lzma_options_bcj;
        [StructLayout(LayoutKind.Sequential)]
        internal struct LzmaOptionsBcj
        {
            internal uint StartOffset;
        }

        // uint32_t lzma_version_number(void);
        [LibraryImport(Libraries.Native)]
        internal static partial uint lzma_version_number();

        // const char *lzma_version_string(void);
        [LibraryImport(Libraries.Native)]
        internal static partial byte* lzma_version_string();

        // lzma_ret lzma_code(lzma_stream *strm, lzma_action action);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_code(LzmaStream* strm, int action);

        // void lzma_end(lzma_stream *strm);
        [LibraryImport(Libraries.Native)]
        internal static partial void lzma_end(LzmaStream* strm);

        // lzma_ret lzma_easy_encoder(lzma_stream *strm, uint32_t preset, lzma_check check);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_easy_encoder(LzmaStream* strm, uint preset, int check);

        // lzma_ret lzma_stream_encoder(lzma_stream *strm, const lzma_filter *filters, lzma_check check);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_stream_encoder(LzmaStream* strm, LzmaFilter* filters, int check);

        // lzma_ret lzma_alone_encoder(lzma_stream *strm, const lzma_options_lzma *options);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_alone_encoder(LzmaStream* strm, LzmaOptionsLzma* options);

        // lzma_ret lzma_raw_encoder(lzma_stream *strm, const lzma_filter *filters);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_raw_encoder(LzmaStream* strm, LzmaFilter* filters);

        // lzma_ret lzma_stream_decoder(lzma_stream *strm, uint64_t memlimit, uint32_t flags);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_stream_decoder(LzmaStream* strm, ulong memlimit, uint flags);

        // lzma_ret lzma_alone_decoder(lzma_stream *strm, uint64_t memlimit);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_alone_decoder(LzmaStream* strm, ulong memlimit);

        // lzma_ret lzma_raw_decoder(lzma_stream *strm, const lzma_filter *filters);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_raw_decoder(LzmaStream* strm, LzmaFilter* filters);

        // lzma_ret lzma_auto_decoder(lzma_stream *strm, uint64_t memlimit, uint32_t flags);
        [LibraryImport(Libraries.Native)]
        internal static partial int lzma_auto_decoder(LzmaStream* strm, ulong memlimit, uint flags);

        // lzma_bool lzma_lzma_preset(lzma_options_lzma *options, uint32_t preset);
        [LibraryImport(Libraries.Native)]
        internal static partial byte lzma_lzma_preset(LzmaOptionsLzma* options, uint preset);
    }
}
