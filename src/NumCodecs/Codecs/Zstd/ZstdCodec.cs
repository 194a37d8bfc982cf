using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>Zstandard, through the zstd compiled into the native library.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>zstd</c>. Name (Zarr v3): <c>zstd</c>.</para>
/// <para>Config: <c>{"id": "zstd", "level": 1}</c>; <c>"checksum": true</c> appears only when set.</para>
/// <para>
/// Compatibility: encodes one frame that records its content size, as numcodecs does, byte-identical to numcodecs
/// with the same zstd for positive levels. Levels follow zstd (and numcodecs 0.13+): 0 is zstd's default level (3),
/// negative levels are its fast modes; numcodecs 0.11 turned every level of 0 or less into 1. Decoding accepts
/// concatenated frames, skippable frames and frames written without a content size (streaming), as numcodecs 0.16
/// does.
/// </para>
/// </remarks>
public sealed class ZstdCodec : Codec
{
    /// <summary>The codec id, <c>zstd</c>.</summary>
    public const string Id = "zstd";

    /// <summary>The lowest level zstd 1.5 compresses at (<c>ZSTD_minCLevel()</c>); lower levels are clamped to it.</summary>
    public const int MinLevel = -(1 << 17);

    /// <summary>The highest level zstd 1.5 compresses at (<c>ZSTD_maxCLevel()</c>); higher levels are clamped to it.</summary>
    public const int MaxLevel = 22;

    private const int DestinationTooSmallError = 70; // ZSTD_error_dstSize_tooSmall

    private static readonly ContextPool<ZstdDecompressionContextHandle> s_decompressors = new(ZstdDecompressionContextHandle.Create);

    private readonly ContextPool<ZstdCompressionContextHandle> _compressors;

    /// <summary>Creates a zstd codec.</summary>
    /// <param name="level">
    /// Compression level; 0 is zstd's default. Levels outside <see cref="MinLevel"/> to <see cref="MaxLevel"/> are
    /// clamped by zstd, as numcodecs passes them on (<c>Zstd(level=100)</c> compresses at 22), and kept in the config.
    /// </param>
    /// <param name="checksum">Whether frames carry a 32-bit content checksum.</param>
    public ZstdCodec(int level = 1, bool checksum = false)
    {
        Level = level;
        Checksum = checksum;
        _compressors = new(CreateCompressor);
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Compression level (<c>level</c>).</summary>
    public int Level { get; }

    /// <summary>Whether frames carry a content checksum (<c>checksum</c>).</summary>
    public bool Checksum { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>zstd</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static ZstdCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "level", "checksum");
        return new ZstdCodec(reader.GetInt32("level", 1), reader.GetBoolean("checksum", false));
    }

    /// <inheritdoc/>
    public override string Name => Id;

    /// <summary>Builds a codec from the <c>configuration</c> of a Zarr v3 <c>zstd</c> entry (<c>{"level": 0, "checksum": false}</c>, both required).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration is invalid.</exception>
    public static ZstdCodec FromV3Config(JsonObject? configuration)
    {
        var reader = CodecConfigReader.ForV3(configuration, Id, "level", "checksum");
        reader.Require("level", "checksum");
        return new ZstdCodec(reader.GetInt32("level", 0), reader.GetBoolean("checksum", false));
    }

    /// <inheritdoc/>
    public override JsonObject GetV3Config() =>
        new() { ["name"] = Id, ["configuration"] = new JsonObject { ["level"] = Level, ["checksum"] = Checksum } };

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = new JsonObject { ["id"] = Id, ["level"] = Level };
        if (Checksum)
        {
            config["checksum"] = true;
        }

        return config;
    }

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        nuint bound = Interop.Zstd.ZSTD_compressBound((nuint)sourceLength);
        return bound <= (nuint)Array.MaxLength
            ? (int)bound
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), sourceLength, "The encoded data could exceed the largest array.");
    }

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The data is not a sequence of zstd frames.</exception>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        long total = ContentSize(source);
        length = total is >= 0 and <= int.MaxValue ? (int)total : 0;
        return total is >= 0 and <= int.MaxValue;
    }

    /// <inheritdoc/>
    protected override long GetDecodedLengthBound(ReadOnlySpan<byte> source) => ExpansionBounds.Zstd(source.Length);

    /// <inheritdoc/>
    public override string ToString() => Checksum ? $"Zstd(level={Level}, checksum=True)" : $"Zstd(level={Level})";

    /// <inheritdoc/>
    protected override unsafe bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        ZstdCompressionContextHandle context = _compressors.Rent();
        nuint result;
        byte empty = 0;
        try
        {
            fixed (byte* sourcePointer = source)
            fixed (byte* destinationPointer = destination)
            {
                result = Interop.Zstd.ZSTD_compress2(
                    context.DangerousGetHandle(), destinationPointer is null ? &empty : destinationPointer, (nuint)destination.Length,
                    sourcePointer is null ? &empty : sourcePointer, (nuint)source.Length);
            }
        }
        finally
        {
            _compressors.Return(context);
        }

        bytesWritten = 0;
        if (Interop.Zstd.ZSTD_isError(result) != 0)
        {
            return ErrorCode(result) == DestinationTooSmallError
                ? false
                : throw new NumCodecsException($"zstd compression failed: {ErrorName(result)}.");
        }

        bytesWritten = (int)result;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        long total = ContentSize(source);
        if (total >= 0)
        {
            if (total > destination.Length)
            {
                return false;
            }

            bytesWritten = DecodeKnownSize(source, destination, (int)total);
            return true;
        }

        var sink = new SpanSink(destination);
        StreamStatus status = Stream(source, ref sink);
        bytesWritten = status == StreamStatus.Done ? sink.Written : 0;
        return status == StreamStatus.Done;
    }

    /// <inheritdoc/>
    protected override void DecodeCore(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        long total = ContentSize(source); // walked once here, not again by the base class
        if (total >= 0)
        {
            CheckRecordedDecodedLength(source, total);
            int length = (int)total;
            destination.Advance(DecodeKnownSize(source, length == 0 ? [] : destination.GetSpan(length)[..length], length));
            return;
        }

        var sink = new WriterSink(destination, MaxDecodedLength, Id);
        Stream(source, ref sink);
    }

    /// <summary>
    /// Decodes frames whose headers record <paramref name="total"/> bytes in all (ContentSize walked and checked them)
    /// into a destination at least that long, in one call.
    /// </summary>
    private static unsafe int DecodeKnownSize(ReadOnlySpan<byte> source, Span<byte> destination, int total)
    {
        // Frames that record 0 bytes are decoded too: that is what checks their blocks and checksums.
        ZstdDecompressionContextHandle context = s_decompressors.Rent();
        nuint result;
        byte empty = 0;
        try
        {
            fixed (byte* sourcePointer = source)
            fixed (byte* destinationPointer = destination)
            {
                result = Interop.Zstd.ZSTD_decompressDCtx(
                    context.DangerousGetHandle(), destinationPointer is null ? &empty : destinationPointer, (nuint)total,
                    sourcePointer, (nuint)source.Length);
            }
        }
        finally
        {
            s_decompressors.Return(context);
        }

        if (Interop.Zstd.ZSTD_isError(result) != 0 || result != (nuint)total)
        {
            throw new CorruptDataException(Interop.Zstd.ZSTD_isError(result) != 0
                ? $"The zstd data is invalid: {ErrorName(result)}."
                : $"The zstd frames decoded to {result} bytes, not the {total} their headers record.");
        }

        return total;
    }

    private unsafe ZstdCompressionContextHandle CreateCompressor()
    {
        var context = ZstdCompressionContextHandle.Create();
        nint handle = context.DangerousGetHandle();
        ThrowIfError(Interop.Zstd.ZSTD_CCtx_setParameter(handle, Interop.Zstd.CompressionParameter.CompressionLevel, Level));
        ThrowIfError(Interop.Zstd.ZSTD_CCtx_setParameter(handle, Interop.Zstd.CompressionParameter.ChecksumFlag, Checksum ? 1 : 0));
        return context;
    }

    private static StreamStatus Stream<TSink>(ReadOnlySpan<byte> source, ref TSink sink)
        where TSink : IDecodeSink, allows ref struct
    {
        ZstdDecompressionContextHandle context = s_decompressors.Rent();
        try
        {
            var decoder = new ZstdStreamDecoder(context);
            return decoder.Decode(source, ref sink);
        }
        finally
        {
            s_decompressors.Return(context);
        }
    }

    /// <summary>
    /// Walks every frame: the total content size, or -1 when a frame does not record it.
    /// Throws when the data is not a sequence of whole frames.
    /// </summary>
    private static unsafe long ContentSize(ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            throw new CorruptDataException("Empty input is not zstd data (a zstd frame holds at least 9 bytes).");
        }

        long total = 0;
        bool unknown = false;
        fixed (byte* start = source)
        {
            int offset = 0;
            while (offset < source.Length)
            {
                byte* frame = start + offset;
                nuint remaining = (nuint)(source.Length - offset);
                nuint frameLength = Interop.Zstd.ZSTD_findFrameCompressedSize(frame, remaining);
                if (Interop.Zstd.ZSTD_isError(frameLength) != 0)
                {
                    throw new CorruptDataException($"The zstd data is invalid at offset {offset}: {ErrorName(frameLength)}.");
                }

                ulong size = Interop.Zstd.ZSTD_getFrameContentSize(frame, remaining);
                if (size == Interop.Zstd.ContentSizeError)
                {
                    throw new CorruptDataException($"The zstd frame at offset {offset} has an invalid header.");
                }

                if (size == Interop.Zstd.ContentSizeUnknown)
                {
                    unknown = true;
                }
                else
                {
                    total = size > long.MaxValue - (ulong)total ? long.MaxValue : total + (long)size;
                }

                offset += (int)frameLength;
            }
        }

        return unknown ? -1 : total;
    }

    private static int ErrorCode(nuint result) => (int)(0 - result);

    private static unsafe string ErrorName(nuint result) =>
        Marshal.PtrToStringUTF8((nint)Interop.Zstd.ZSTD_getErrorName(result)) ?? $"error {ErrorCode(result)}";

    private static void ThrowIfError(nuint result)
    {
        if (Interop.Zstd.ZSTD_isError(result) != 0)
        {
            throw new NumCodecsException($"zstd rejected a parameter: {ErrorName(result)}.");
        }
    }

    /// <summary>
    /// Streams frames through <c>ZSTD_decompressStream</c> into a sink, for frames without a content size (whose extents
    /// ContentSize has walked). A multi-segment input is joined first by the base class, so that every overload walks
    /// the frames the same way and gives one verdict.
    /// </summary>
    private unsafe ref struct ZstdStreamDecoder
    {
        private readonly nint _context;
        private nuint _lastResult;
        private bool _outputWasFull;

        public ZstdStreamDecoder(ZstdDecompressionContextHandle context)
        {
            _context = context.DangerousGetHandle();
            _ = Interop.Zstd.ZSTD_DCtx_reset(_context, Interop.Zstd.ResetDirective.SessionOnly);
            _lastResult = 1;
        }

        public StreamStatus Decode<TSink>(ReadOnlySpan<byte> input, ref TSink sink)
            where TSink : IDecodeSink, allows ref struct
        {
            byte probe = 0;
            nuint frameStart = 0; // where the frame being decoded starts in the input
            long frameProduced = 0; // and what it has produced so far
            fixed (byte* inputPointer = input)
            {
                var inBuffer = new Interop.Zstd.InBuffer { Source = inputPointer, Size = (nuint)input.Length };
                while (true)
                {
                    bool inputUsed = inBuffer.Position == inBuffer.Size;
                    if (inputUsed && !_outputWasFull)
                    {
                        return _lastResult == 0
                            ? StreamStatus.Done
                            : throw new CorruptDataException("The zstd data is truncated: it ends inside a frame.");
                    }

                    Span<byte> target = sink.GetSpan();
                    bool probing = target.IsEmpty;
                    nuint consumedBefore = inBuffer.Position;
                    fixed (byte* outputPointer = target)
                    {
                        var outBuffer = new Interop.Zstd.OutBuffer
                        {
                            Destination = probing ? &probe : outputPointer,
                            Size = probing ? 1 : (nuint)target.Length,
                        };
                        nuint result = Interop.Zstd.ZSTD_decompressStream(_context, &outBuffer, &inBuffer);
                        if (Interop.Zstd.ZSTD_isError(result) != 0)
                        {
                            throw new CorruptDataException($"The zstd data is invalid: {ErrorName(result)}.");
                        }

                        int produced = (int)outBuffer.Position;
                        if (probing && produced > 0)
                        {
                            return StreamStatus.DestinationTooSmall;
                        }

                        if (!probing)
                        {
                            sink.Advance(produced);
                        }

                        frameProduced += produced;
                        if (result == 0)
                        {
                            // zstd's buffered streaming ends a frame at an empty last block without comparing what it
                            // decoded with the content size the header records (its one-shot path does compare):
                            // compare here, so that the verdict does not depend on the destination's size.
                            CheckFrameLength(inputPointer + frameStart, inBuffer.Position - frameStart, frameStart, frameProduced);
                            frameStart = inBuffer.Position;
                            frameProduced = 0;
                        }

                        // A result of 0 means the frame is decoded and flushed: nothing is pending even if the output
                        // filled up exactly (and asking again would read the end of input as a missing next frame).
                        _outputWasFull = !probing && outBuffer.Position == outBuffer.Size && result != 0;
                        _lastResult = result;
                        if (produced == 0 && inBuffer.Position == consumedBefore && inBuffer.Position < inBuffer.Size)
                        {
                            throw new CorruptDataException("The zstd decoder made no progress on the data.");
                        }
                    }
                }
            }
        }

        /// <summary>Refuses a decoded frame whose header records a content size other than what it produced.</summary>
        private static void CheckFrameLength(byte* frame, nuint frameLength, nuint offset, long produced)
        {
            ulong recorded = Interop.Zstd.ZSTD_getFrameContentSize(frame, frameLength); // 0 for a skippable frame
            if (recorded != Interop.Zstd.ContentSizeUnknown && recorded != Interop.Zstd.ContentSizeError && recorded != (ulong)produced)
            {
                throw new CorruptDataException($"The zstd frame at offset {offset} records {recorded} bytes but decodes to {produced}.");
            }
        }
    }
}
