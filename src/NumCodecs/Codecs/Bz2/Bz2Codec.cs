using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Native;

namespace NumCodecs;

/// <summary>bzip2, through the bzip2 compiled into the native library.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>bz2</c>. Name (Zarr v3): <c>numcodecs.bz2</c>.</para>
/// <para>Config: <c>{"id": "bz2", "level": 1}</c> (level 1-9: the block size in 100 kB).</para>
/// <para>
/// Compatibility: encodes as Python's <c>bz2.compress(data, level)</c>, byte for byte with the same bzip2; decodes as
/// <c>bz2.decompress</c>: concatenated streams are joined, data after the last whole stream is ignored once one stream
/// was decoded, and an empty input decodes to nothing. The format does not record the decoded length.
/// </para>
/// </remarks>
public sealed unsafe class Bz2Codec : Codec
{
    /// <summary>The codec id, <c>bz2</c>.</summary>
    public const string Id = "bz2";

    // The shortest bzip2 stream: "BZh", the level digit, the 6-byte end-of-stream marker and the 4-byte CRC.
    private const int MinStreamLength = 14;

    /// <summary>Creates a bz2 codec.</summary>
    /// <param name="level">Compression level (block size in 100 kB), 1 to 9.</param>
    /// <exception cref="CodecConfigException">The level is out of range.</exception>
    public Bz2Codec(int level = 1)
    {
        if (level is < 1 or > 9)
        {
            throw new CodecConfigException("level", $"bz2 level must be between 1 and 9, not {level}.");
        }

        Level = level;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Compression level (<c>level</c>).</summary>
    public int Level { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>bz2</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static Bz2Codec FromConfig(JsonObject config) => new(new CodecConfigReader(config, Id, "level").GetInt32("level", 1));

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["level"] = Level };

    /// <inheritdoc/>
    public override string ToString() => $"BZ2(level={Level})";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        // bzip2's documented bound: 1% larger plus 600 bytes.
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        long bound = sourceLength + (sourceLength / 100) + 601L;
        return bound <= Array.MaxLength
            ? (int)bound
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), sourceLength, "The encoded data could exceed the largest array.");
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < MinStreamLength)
        {
            return false; // no bzip2 stream is shorter (and bzip2 refuses to start finishing into no room at all)
        }

        var stream = (Interop.Bzip2.BzStream*)NativeMemory.AllocZeroed((nuint)sizeof(Interop.Bzip2.BzStream));
        try
        {
            int result = Interop.Bzip2.BZ2_bzCompressInit(stream, Level, 0, 0);
            if (result != Interop.Bzip2.Ok)
            {
                throw new NumCodecsException($"bzip2 could not start compressing (error {result}).");
            }

            byte empty = 0;
            fixed (byte* sourcePointer = source)
            fixed (byte* destinationPointer = destination)
            {
                stream->NextIn = sourcePointer is null ? &empty : sourcePointer;
                stream->AvailableIn = (uint)source.Length;
                stream->NextOut = destinationPointer is null ? &empty : destinationPointer;
                stream->AvailableOut = (uint)destination.Length;
                do
                {
                    result = Interop.Bzip2.BZ2_bzCompress(stream, Interop.Bzip2.Finish);
                }
                while (result == Interop.Bzip2.FinishOk && stream->AvailableOut > 0);
                bytesWritten = destination.Length - (int)stream->AvailableOut;
            }

            _ = Interop.Bzip2.BZ2_bzCompressEnd(stream);
            if (result == Interop.Bzip2.StreamEnd)
            {
                return true;
            }

            bytesWritten = 0;
            return result == Interop.Bzip2.FinishOk
                ? false // the destination filled up before the stream ended
                : throw new NumCodecsException($"bzip2 compression failed (error {result}).");
        }
        finally
        {
            NativeMemory.Free(stream);
        }
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

    private static StreamStatus Decompress<TSink>(ReadOnlySpan<byte> source, ref TSink sink)
        where TSink : IDecodeSink, allows ref struct
    {
        var decoder = new Decoder((Interop.Bzip2.BzStream*)NativeMemory.AllocZeroed((nuint)sizeof(Interop.Bzip2.BzStream)));
        try
        {
            return MultiStreamDecoder.Run(source, ref decoder, ref sink, Id, emptyIsNothing: true);
        }
        finally
        {
            NativeMemory.Free(decoder.Stream);
        }
    }

    /// <summary>bzip2's decompressor; its stream stays at one native address, as bzip2 requires.</summary>
    private readonly struct Decoder(Interop.Bzip2.BzStream* stream) : INativeStreamDecoder
    {
        public Interop.Bzip2.BzStream* Stream { get; } = stream;

        public void Start()
        {
            int init = Interop.Bzip2.BZ2_bzDecompressInit(Stream, 0, 0);
            if (init != Interop.Bzip2.Ok)
            {
                throw new NumCodecsException($"bzip2 could not start decompressing (error {init}).");
            }
        }

        public bool Code(byte* input, int inputLength, byte* output, int outputLength, out int consumed, out int produced, out string? error)
        {
            Stream->NextIn = input;
            Stream->AvailableIn = (uint)inputLength;
            Stream->NextOut = output;
            Stream->AvailableOut = (uint)outputLength;
            int result = Interop.Bzip2.BZ2_bzDecompress(Stream);
            consumed = inputLength - (int)Stream->AvailableIn;
            produced = outputLength - (int)Stream->AvailableOut;
            error = result is Interop.Bzip2.Ok or Interop.Bzip2.StreamEnd ? null : $"bzip2 error {result}";
            return result == Interop.Bzip2.StreamEnd;
        }

        public void End() => _ = Interop.Bzip2.BZ2_bzDecompressEnd(Stream);
    }
}
