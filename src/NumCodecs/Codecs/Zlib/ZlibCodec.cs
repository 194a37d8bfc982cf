using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>zlib-format deflate, through the zlib compiled into the native library.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>zlib</c>. Name (Zarr v3): <c>numcodecs.zlib</c>.</para>
/// <para>Config: <c>{"id": "zlib", "level": 1}</c>.</para>
/// <para>
/// Compatibility: encodes as Python's <c>zlib.compress(data, level)</c> (window 15, memory level 8, default
/// strategy), so output equals numcodecs' byte for byte with the same zlib. Decoding follows
/// <c>zlib.decompress</c>: bytes after the end of the stream are ignored. The format does not record the decoded
/// length, so <see cref="Codec.TryGetDecodedLength"/> returns <see langword="false"/> and the allocating overloads
/// grow their output up to <see cref="Codec.MaxDecodedLength"/>.
/// </para>
/// </remarks>
public sealed class ZlibCodec : Codec
{
    /// <summary>The codec id, <c>zlib</c>.</summary>
    public const string Id = "zlib";

    private static readonly InflateDecoder s_decoder = new(Interop.Zlib.MaxWindowBits, gzipMembers: false, Id);

    private readonly ContextPool<ZlibStreamHandle> _deflaters;

    /// <summary>Creates a zlib codec.</summary>
    /// <param name="level">Compression level: 0 (store) to 9, or -1 for zlib's default (6).</param>
    /// <exception cref="CodecConfigException">The level is out of range.</exception>
    public ZlibCodec(int level = 1)
    {
        if (level is < -1 or > 9)
        {
            throw new CodecConfigException("level", $"zlib level must be between -1 and 9, not {level}.");
        }

        Level = level;
        _deflaters = new(() => ZlibStreamHandle.CreateDeflate(level, Interop.Zlib.MaxWindowBits, Interop.Zlib.DefaultMemoryLevel));
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Compression level (<c>level</c>).</summary>
    public int Level { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>zlib</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static ZlibCodec FromConfig(JsonObject config) =>
        new(new CodecConfigReader(config, Id, "level").GetInt32("level", 1));

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["level"] = Level };

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength) => Deflater.MaxEncodedLength(sourceLength, 0);

    /// <inheritdoc/>
    public override string ToString() => $"Zlib(level={Level})";

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        ZlibStreamHandle stream = _deflaters.Rent();
        try
        {
            return Deflater.TryCompress(stream, source, destination, finishInOnePass: true, out bytesWritten);
        }
        finally
        {
            _deflaters.Return(stream);
        }
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten) =>
        s_decoder.TryDecode(source, destination, out bytesWritten);

    /// <inheritdoc/>
    protected override void DecodeCore(ReadOnlySpan<byte> source, IBufferWriter<byte> destination) =>
        s_decoder.Decode(source, destination, MaxDecodedLength);

    /// <inheritdoc/>
    protected override void DecodeCore(in ReadOnlySequence<byte> source, IBufferWriter<byte> destination) =>
        s_decoder.Decode(source, destination, MaxDecodedLength);
}
