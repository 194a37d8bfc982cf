using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Native;

namespace NumCodecs;

/// <summary>LZMA in its three container formats (.xz, .lzma and raw), through the liblzma compiled into the native library.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>lzma</c>. Name (Zarr v3): <c>numcodecs.lzma</c>.</para>
/// <para>
/// Config: <c>{"id": "lzma", "format": 1, "check": -1, "preset": null, "filters": null}</c>. <c>format</c> is Python's
/// <c>lzma.FORMAT_*</c> (0 auto, decoding only; 1 xz; 2 alone, the .lzma format; 3 raw), <c>check</c> its
/// <c>lzma.CHECK_*</c> (-1: CRC64 for xz, none otherwise; 0 none; 1 CRC32; 4 CRC64; 10 SHA-256, the last three for xz
/// only), <c>preset</c> 0-9 (6 when null) optionally with <see cref="PresetExtreme"/>, and <c>filters</c> a filter chain
/// (<see cref="LzmaFilter"/>) instead of a preset: up to 4 filters ending with LZMA2 (xz, raw) or LZMA1 (alone, raw,
/// where alone takes LZMA1 alone). Raw needs a chain, and the same chain to decode.
/// </para>
/// <para>
/// Compatibility: encodes as Python's <c>lzma.compress(data, format, check, preset, filters)</c>, byte for byte with the
/// same liblzma; decodes as <c>lzma.decompress</c>: concatenated streams are joined, data after the last whole stream is
/// ignored when it is not the start of another, and an empty input is an error (no end-of-stream marker). Unlike Python,
/// xz and .lzma data written with a filter chain decode here: Python refuses a chain for any format but raw when
/// decoding, so numcodecs cannot read what it wrote with one, although the headers carry all that is needed. The formats
/// do not record the decoded length in a way that can be trusted, so decoding into a buffer writer works piece by piece.
/// </para>
/// <para>
/// A decoder allocates the dictionary its header asks for (up to 4 GiB in the .lzma format) before any output exists;
/// <see cref="DecoderMemoryLimit"/> bounds that, as liblzma's <c>memlimit</c>.
/// </para>
/// </remarks>
public sealed unsafe class LzmaCodec : Codec
{
    /// <summary>The codec id, <c>lzma</c>.</summary>
    public const string Id = "lzma";

    /// <summary>The flag that selects the slower, extreme variant of a preset (<c>lzma.PRESET_EXTREME</c>).</summary>
    public const uint PresetExtreme = 0x80000000;

    /// <summary>The default preset, 6 (<c>lzma.PRESET_DEFAULT</c>).</summary>
    public const uint DefaultPreset = 6;

    // Output bound of the xz container around LZMA2 data (stream header and footer, the largest block header, the
    // largest check, an index of one record) and of LZMA2 itself, whose incompressible chunks are stored with a 3-byte
    // header per 64 KiB plus an end byte: what lzma_stream_buffer_bound adds, with room to spare.
    private const int XzOverhead = 12 + 1024 + 64 + 64 + 12;
    private const int Lzma2ChunkLength = 64 * 1024;

    // LZMA1 has no stored fallback: its range coder spends at most log2(2048/31) ~ 6.05 bits on a bit whose probability
    // is at the model's floor, so no symbol costs more than 10 bytes per input byte (a 2-byte match: 22 modelled bits and
    // 26 direct ones). The bound is that, plus the 13-byte .lzma header and the range coder's flush.
    private const int Lzma1BytesPerByte = 10;
    private const int Lzma1Overhead = 13 + 5 + 64;

    private readonly LzmaFilter[]? _filters;

    /// <summary>Creates an LZMA codec.</summary>
    /// <param name="format">The container format.</param>
    /// <param name="check">The integrity check (<c>lzma.CHECK_*</c>); -1 for the format's default.</param>
    /// <param name="preset">The compression preset (0-9, optionally with <see cref="PresetExtreme"/>); null for 6, or when <paramref name="filters"/> is given.</param>
    /// <param name="filters">A filter chain to use instead of a preset; required for <see cref="LzmaFormat.Raw"/>.</param>
    /// <exception cref="CodecConfigException">The combination is invalid; the exception names the key.</exception>
    public LzmaCodec(LzmaFormat format = LzmaFormat.Xz, int check = -1, uint? preset = null, IReadOnlyList<LzmaFilter>? filters = null)
    {
        if (format is < LzmaFormat.Auto or > LzmaFormat.Raw)
        {
            throw new CodecConfigException("format", $"lzma format must be 0 (auto), 1 (xz), 2 (alone) or 3 (raw), not {(int)format}.");
        }

        if (check is not (-1 or 0 or 1 or 4 or 10))
        {
            throw new CodecConfigException("check", $"lzma check must be -1 (default), 0 (none), 1 (CRC32), 4 (CRC64) or 10 (SHA-256), not {check}.");
        }

        if (check > 0 && format != LzmaFormat.Xz)
        {
            throw new CodecConfigException("check", $"Integrity checks ({check}) exist only in the xz format (1), not in format {(int)format}.");
        }

        if (preset is { } p && (p & ~PresetExtreme) > 9)
        {
            throw new CodecConfigException("preset", $"lzma preset must be 0-9, optionally with the extreme flag 0x80000000, not {p}.");
        }

        if (preset is not null && filters is not null)
        {
            throw new CodecConfigException("filters", "An lzma config cannot give both a preset and a filter chain.");
        }

        if (filters is not null)
        {
            ValidateChain(format, filters);
            _filters = [.. filters];
        }
        else if (format == LzmaFormat.Raw)
        {
            throw new CodecConfigException("filters", "The raw lzma format (3) needs a filter chain.");
        }

        Format = format;
        Check = check;
        Preset = preset;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The container format (<c>format</c>).</summary>
    public LzmaFormat Format { get; }

    /// <summary>The integrity check (<c>check</c>), -1 for the format's default.</summary>
    public int Check { get; }

    /// <summary>The compression preset (<c>preset</c>), null when not given.</summary>
    public uint? Preset { get; }

    /// <summary>The filter chain (<c>filters</c>), null when not given.</summary>
    public IReadOnlyList<LzmaFilter>? Filters => _filters;

    /// <summary>
    /// The most memory, in bytes, a decoder may allocate (chiefly the dictionary its header asks for); larger demands
    /// fail with <see cref="DecodedLengthLimitException"/>. Unlimited by default, as in Python. Not part of the config.
    /// </summary>
    public long DecoderMemoryLimit { get; init; } = long.MaxValue;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">An <c>lzma</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static LzmaCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "format", "check", "preset", "filters");
        int format = reader.GetInt32("format", 1);
        int check = reader.GetInt32("check", -1);
        uint? preset = null;
        if (reader.Has("preset"))
        {
            long value = reader.GetInt64("preset", DefaultPreset);
            preset = value is >= 0 and <= uint.MaxValue
                ? (uint)value
                : throw new CodecConfigException("preset", $"lzma preset must be 0-9, optionally with the extreme flag 0x80000000, not {value}.");
        }

        LzmaFilter[]? filters = reader.GetArray("filters")?.Select(LzmaFilter.FromJson).ToArray();
        return new LzmaCodec((LzmaFormat)format, check, preset, filters);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["id"] = Id,
        ["format"] = (int)Format,
        ["check"] = Check,
        ["preset"] = Preset,
        ["filters"] = _filters is null ? null : new JsonArray([.. _filters.Select(f => (JsonNode)f.ToJson())]),
    };

    /// <inheritdoc/>
    public override string ToString() =>
        $"LZMA(format={(int)Format}, check={Check}, preset={(Preset is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "None")}, " +
        $"filters={(_filters is null ? "None" : "[" + string.Join(", ", _filters.Select(f => f.ToString())) + "]")})";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        long bound = UsesLzma1
            ? ((long)sourceLength * Lzma1BytesPerByte) + Lzma1Overhead
            : sourceLength + (3L * ((sourceLength / Lzma2ChunkLength) + 1)) + 1 + XzOverhead;
        return bound <= Array.MaxLength
            ? (int)bound
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), sourceLength, "The encoded data could exceed the largest array.");
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        var sink = new SpanSink(destination);
        bool done = Compress(source, ref sink);
        bytesWritten = done ? sink.Written : 0;
        return done;
    }

    /// <inheritdoc/>
    protected override void EncodeCore(ReadOnlySpan<byte> source, int itemSize, IBufferWriter<byte> destination)
    {
        var sink = new WriterSink(destination, long.MaxValue, Id);
        _ = Compress(source, ref sink);
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        var sink = new SpanSink(destination);
        StreamStatus status = Decompress(source, ref sink);
        bytesWritten = status == StreamStatus.Done ? sink.Written : 0;
        return status == StreamStatus.Done;
    }

    /// <inheritdoc/>
    protected override void DecodeCore(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        var sink = new WriterSink(destination, MaxDecodedLength, Id);
        Decompress(source, ref sink);
    }

    private bool UsesLzma1 => Format == LzmaFormat.Alone || (_filters is not null && _filters[^1].Id == LzmaFilter.Lzma1Id);

    private static void ValidateChain(LzmaFormat format, IReadOnlyList<LzmaFilter> filters)
    {
        if (filters.Count is 0 or > Interop.Lzma.FiltersMax)
        {
            throw new CodecConfigException("filters", $"An lzma filter chain has 1 to {Interop.Lzma.FiltersMax} filters, not {filters.Count}.");
        }

        for (int i = 0; i < filters.Count; i++)
        {
            LzmaFilter filter = filters[i] ?? throw new CodecConfigException("filters", $"lzma filter {i} is null.");
            bool last = i == filters.Count - 1;
            if (filter.IsCompressor != last)
            {
                throw new CodecConfigException(
                    "filters",
                    last
                        ? $"An lzma filter chain must end with LZMA1 or LZMA2, not filter {filter.Id}."
                        : $"LZMA1 and LZMA2 may only be the last filter of a chain (found at position {i}).");
            }
        }

        ulong compressor = filters[^1].Id;
        if (format == LzmaFormat.Alone && (filters.Count != 1 || compressor != LzmaFilter.Lzma1Id))
        {
            throw new CodecConfigException("filters", "The alone lzma format (2) takes a chain of exactly one LZMA1 filter.");
        }

        if (format == LzmaFormat.Xz && compressor != LzmaFilter.Lzma2Id)
        {
            throw new CodecConfigException("filters", "The xz format (1) compresses with LZMA2, not LZMA1.");
        }
    }

    private bool Compress<TSink>(ReadOnlySpan<byte> source, ref TSink sink)
        where TSink : IDecodeSink, allows ref struct
    {
        if (Format == LzmaFormat.Auto)
        {
            throw new NumCodecsException("The lzma format 0 (auto) only decodes; encoding needs format 1 (xz), 2 (alone) or 3 (raw).");
        }

        Interop.Lzma.LzmaStream stream = default;
        using var chain = new NativeChain(_filters);
        try
        {
            int result = StartEncoder(&stream, chain);
            if (result != Interop.Lzma.Ok)
            {
                throw new NumCodecsException($"liblzma could not start encoding with {this}: {Describe(result)}.");
            }

            byte empty = 0;
            fixed (byte* input = source)
            {
                stream.NextIn = input is null ? &empty : input;
                stream.AvailableIn = (nuint)source.Length;
                while (true)
                {
                    Span<byte> target = sink.GetSpan();
                    if (target.IsEmpty)
                    {
                        return false; // a fixed destination is full and the stream is not finished
                    }

                    fixed (byte* output = target)
                    {
                        stream.NextOut = output;
                        stream.AvailableOut = (nuint)target.Length;
                        result = Interop.Lzma.lzma_code(&stream, Interop.Lzma.Finish);
                        sink.Advance(target.Length - (int)stream.AvailableOut);
                    }

                    if (result == Interop.Lzma.StreamEnd)
                    {
                        return true;
                    }

                    if (result != Interop.Lzma.Ok)
                    {
                        throw new NumCodecsException($"liblzma failed while encoding: {Describe(result)}.");
                    }
                }
            }
        }
        finally
        {
            Interop.Lzma.lzma_end(&stream);
        }
    }

    private int StartEncoder(Interop.Lzma.LzmaStream* stream, in NativeChain chain)
    {
        int check = Check == -1 ? 4 : Check; // CHECK_CRC64, Python's default for xz
        switch (Format)
        {
            case LzmaFormat.Xz:
                return _filters is null
                    ? Interop.Lzma.lzma_easy_encoder(stream, Preset ?? DefaultPreset, check)
                    : Interop.Lzma.lzma_stream_encoder(stream, chain.Filters, check);
            case LzmaFormat.Alone when _filters is null:
                Interop.Lzma.LzmaOptionsLzma options = default;
                NativeChain.FillLzma(&options, null, Preset ?? DefaultPreset);
                return Interop.Lzma.lzma_alone_encoder(stream, &options);
            case LzmaFormat.Alone:
                return Interop.Lzma.lzma_alone_encoder(stream, (Interop.Lzma.LzmaOptionsLzma*)chain.Filters[0].Options);
            default:
                return Interop.Lzma.lzma_raw_encoder(stream, chain.Filters);
        }
    }

    private StreamStatus Decompress<TSink>(ReadOnlySpan<byte> source, ref TSink sink)
        where TSink : IDecodeSink, allows ref struct
    {
        Interop.Lzma.LzmaStream stream = default;
        using var chain = new NativeChain(Format == LzmaFormat.Raw ? _filters : null);
        var decoder = new Decoder(this, &stream, chain.Filters);
        return MultiStreamDecoder.Run(source, ref decoder, ref sink, Id, emptyIsNothing: false);
    }

    /// <summary>liblzma's decoder for the codec's format, on a stream the caller keeps in place.</summary>
    private readonly struct Decoder(LzmaCodec codec, Interop.Lzma.LzmaStream* stream, Interop.Lzma.LzmaFilter* filters) : INativeStreamDecoder
    {
        public void Start()
        {
            ulong limit = (ulong)codec.DecoderMemoryLimit;
            int init = codec.Format switch
            {
                LzmaFormat.Xz => Interop.Lzma.lzma_stream_decoder(stream, limit, 0),
                LzmaFormat.Alone => Interop.Lzma.lzma_alone_decoder(stream, limit),
                LzmaFormat.Raw => Interop.Lzma.lzma_raw_decoder(stream, filters),
                _ => Interop.Lzma.lzma_auto_decoder(stream, limit, 0),
            };
            if (init != Interop.Lzma.Ok)
            {
                throw new NumCodecsException($"liblzma could not start decoding with {codec}: {Describe(init)}.");
            }
        }

        public bool Code(byte* input, int inputLength, byte* output, int outputLength, out int consumed, out int produced, out string? error)
        {
            stream->NextIn = input;
            stream->AvailableIn = (nuint)inputLength;
            stream->NextOut = output;
            stream->AvailableOut = (nuint)outputLength;
            int result = Interop.Lzma.lzma_code(stream, Interop.Lzma.Run);
            consumed = inputLength - (int)stream->AvailableIn;
            produced = outputLength - (int)stream->AvailableOut;
            if (result == Interop.Lzma.MemoryLimitError)
            {
                throw new DecodedLengthLimitException(
                    $"The lzma data needs more memory to decode than DecoderMemoryLimit ({codec.DecoderMemoryLimit} bytes) allows.");
            }

            // LZMA_BUF_ERROR: no progress possible, which the loop reports as truncation.
            error = result is Interop.Lzma.Ok or Interop.Lzma.StreamEnd or Interop.Lzma.BufferError ? null : Describe(result);
            return result == Interop.Lzma.StreamEnd;
        }

        public void End() => Interop.Lzma.lzma_end(stream);
    }

    private static string Describe(int result) => result switch
    {
        Interop.Lzma.MemoryError => "out of memory (LZMA_MEM_ERROR)",
        Interop.Lzma.MemoryLimitError => "memory limit reached (LZMA_MEMLIMIT_ERROR)",
        Interop.Lzma.FormatError => "not in the expected container format (LZMA_FORMAT_ERROR)",
        Interop.Lzma.OptionsError => "invalid or unsupported options (LZMA_OPTIONS_ERROR)",
        Interop.Lzma.DataError => "corrupt data (LZMA_DATA_ERROR)",
        Interop.Lzma.BufferError => "no progress possible (LZMA_BUF_ERROR)",
        Interop.Lzma.ProgramError => "invalid arguments (LZMA_PROG_ERROR)",
        _ => $"liblzma error {result}",
    };

    /// <summary>
    /// The native form of a filter chain in one zeroed native block: the filter array with its terminator, then one
    /// options struct per filter (LZMA options start from their preset, then take the options given).
    /// </summary>
    private readonly ref struct NativeChain : IDisposable
    {
        private static readonly int s_slot = Math.Max(
            sizeof(Interop.Lzma.LzmaOptionsLzma), Math.Max(sizeof(Interop.Lzma.LzmaOptionsDelta), sizeof(Interop.Lzma.LzmaOptionsBcj)));

        private readonly byte* _block;

        public NativeChain(LzmaFilter[]? filters)
        {
            if (filters is null)
            {
                return;
            }

            int head = (Interop.Lzma.FiltersMax + 1) * sizeof(Interop.Lzma.LzmaFilter);
            _block = (byte*)NativeMemory.AllocZeroed((nuint)(head + (filters.Length * s_slot)));
            Filters = (Interop.Lzma.LzmaFilter*)_block;
            for (int i = 0; i < filters.Length; i++)
            {
                LzmaFilter filter = filters[i];
                void* options = _block + head + (i * s_slot);
                Filters[i].Id = filter.Id;
                Filters[i].Options = options;
                if (filter.IsCompressor)
                {
                    FillLzma((Interop.Lzma.LzmaOptionsLzma*)options, filter);
                }
                else if (filter.Id == LzmaFilter.DeltaId)
                {
                    var delta = (Interop.Lzma.LzmaOptionsDelta*)options;
                    delta->Type = 0; // LZMA_DELTA_TYPE_BYTE
                    delta->Distance = filter.TryGetOption("dist", out uint distance) ? distance : 1;
                }
                else
                {
                    ((Interop.Lzma.LzmaOptionsBcj*)options)->StartOffset = filter.TryGetOption("start_offset", out uint offset) ? offset : 0;
                }
            }

            Filters[filters.Length].Id = Interop.Lzma.VliUnknown;
        }

        /// <summary>The chain, ended by LZMA_VLI_UNKNOWN; null when the codec has no filters.</summary>
        public Interop.Lzma.LzmaFilter* Filters { get; }

        public void Dispose() => NativeMemory.Free(_block);

        /// <summary>Options from a preset (6 when none is given), then each option given.</summary>
        public static void FillLzma(Interop.Lzma.LzmaOptionsLzma* options, LzmaFilter? filter, uint preset = DefaultPreset)
        {
            if (filter is not null && filter.TryGetOption("preset", out uint given))
            {
                preset = given;
            }

            if (Interop.Lzma.lzma_lzma_preset(options, preset) != 0)
            {
                throw new NumCodecsException($"liblzma does not know preset {preset}.");
            }

            foreach ((string key, uint value) in filter is null ? [] : filter.OptionSpan)
            {
                switch (key)
                {
                    case "dict_size": options->DictSize = value; break;
                    case "lc": options->LiteralContextBits = value; break;
                    case "lp": options->LiteralPositionBits = value; break;
                    case "pb": options->PositionBits = value; break;
                    case "mode": options->Mode = (int)value; break;
                    case "nice_len": options->NiceLength = value; break;
                    case "mf": options->MatchFinder = (int)value; break;
                    case "depth": options->Depth = value; break;
                }
            }
        }
    }
}

/// <summary>The LZMA container formats, numbered as Python's <c>lzma.FORMAT_*</c>.</summary>
public enum LzmaFormat
{
    /// <summary>Detects xz, .lzma or lzip when decoding; cannot encode (<c>FORMAT_AUTO</c>).</summary>
    Auto = 0,

    /// <summary>The .xz container (<c>FORMAT_XZ</c>), the default.</summary>
    Xz = 1,

    /// <summary>The legacy .lzma container (<c>FORMAT_ALONE</c>).</summary>
    Alone = 2,

    /// <summary>No container: the filter chain's raw output (<c>FORMAT_RAW</c>).</summary>
    Raw = 3,
}
