using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>gzip (RFC 1952), through the zlib compiled into the native library.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>gzip</c>. Name (Zarr v3): <c>gzip</c>.</para>
/// <para>Config: <c>{"id": "gzip", "level": 1}</c>.</para>
/// <para>
/// Compatibility: writes what numcodecs (Python's <c>gzip.GzipFile</c>) writes, with the same extra-flags and OS
/// (255) header bytes, except the modification time, which Python sets to the current time and this codec to 0 so that
/// encoding is deterministic. Decoding accepts several members, separated or followed by zero padding, as Python does.
/// </para>
/// </remarks>
public sealed class GZipCodec : Codec
{
    /// <summary>The codec id, <c>gzip</c>.</summary>
    public const string Id = "gzip";

    private const int GZipWindowBits = Interop.Zlib.MaxWindowBits + 16; // zlib's switch to the gzip wrapper
    private const int ExtraFlagsOffset = 8; // byte offset of XFL in the 10-byte gzip header
    private const int OperatingSystemOffset = 9; // byte offset of OS
    private const byte UnknownOperatingSystem = 255; // what Python writes
    private const int GZipWrapperOverZlib = 12; // bytes: gzip's 18-byte wrapper against zlib's 6

    private static readonly InflateDecoder s_decoder = new(GZipWindowBits, gzipMembers: true, Id);

    private readonly ContextPool<ZlibStreamHandle> _deflaters;
    private readonly byte _extraFlags;

    /// <summary>Creates a gzip codec.</summary>
    /// <param name="level">Compression level: 0 (store) to 9, or -1 for zlib's default (6).</param>
    /// <exception cref="CodecConfigException">The level is out of range.</exception>
    public GZipCodec(int level = 1)
    {
        if (level is < -1 or > 9)
        {
            throw new CodecConfigException("level", $"gzip level must be between -1 and 9, not {level}.");
        }

        Level = level;
        _extraFlags = level switch { 9 => 2, 1 => 4, _ => 0 }; // Python's gzip: XFL 2 for level 9, 4 for level 1
        _deflaters = new(() => ZlibStreamHandle.CreateDeflate(level, GZipWindowBits, Interop.Zlib.DefaultMemoryLevel));
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Compression level (<c>level</c>).</summary>
    public int Level { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>gzip</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static GZipCodec FromConfig(JsonObject config) =>
        new(new CodecConfigReader(config, Id, "level").GetInt32("level", 1));

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["level"] = Level };

    /// <inheritdoc/>
    public override string Name => Id;

    /// <summary>Builds a codec from the <c>configuration</c> of a Zarr v3 <c>gzip</c> entry (<c>{"level": 5}</c>, level required).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The configuration is invalid.</exception>
    public static GZipCodec FromV3Config(JsonObject? configuration)
    {
        var reader = CodecConfigReader.ForV3(configuration, Id, "level");
        reader.Require("level");
        return new GZipCodec(reader.GetInt32("level", 1));
    }

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength) => Deflater.MaxEncodedLength(sourceLength, GZipWrapperOverZlib);

    /// <inheritdoc/>
    public override string ToString() => $"GZip(level={Level})";

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        ZlibStreamHandle stream = _deflaters.Rent();
        bool done;
        try
        {
            done = Deflater.TryCompress(stream, source, destination, finishInOnePass: false, out bytesWritten);
        }
        finally
        {
            _deflaters.Return(stream);
        }

        if (done)
        {
            // zlib writes XFL from its own rule and its build's OS code; Python writes these.
            destination[ExtraFlagsOffset] = _extraFlags;
            destination[OperatingSystemOffset] = UnknownOperatingSystem;
        }

        return done;
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
