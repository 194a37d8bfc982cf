using System.Buffers.Binary;
using System.Text.Json.Nodes;
using NumCodecs.Internal;
using NumCodecs.Native;
using NumCodecs.Native.SafeHandles;

namespace NumCodecs;

/// <summary>LZ4 block compression in numcodecs' framing, through the lz4 compiled into the native library.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>lz4</c>. Name (Zarr v3): <c>numcodecs.lz4</c>.</para>
/// <para>Config: <c>{"id": "lz4", "acceleration": 1}</c>.</para>
/// <para>
/// Format: the decoded length as a 4-byte little-endian integer, then one LZ4 block (not the LZ4 frame format).
/// Compatibility: byte-identical to numcodecs' <c>LZ4</c> with the same lz4; an acceleration of 0 or less means 1, as
/// there. Unlike numcodecs, an empty input round-trips.
/// </para>
/// </remarks>
public sealed class Lz4Codec : Codec
{
    /// <summary>The codec id, <c>lz4</c>.</summary>
    public const string Id = "lz4";

    private const int LengthPrefix = sizeof(int); // bytes of the little-endian decoded length

    private static readonly Lazy<ContextPool<NativeBufferHandle>> s_states =
        new(() =>
        {
            int stateLength = Interop.Lz4.LZ4_sizeofState();
            return new ContextPool<NativeBufferHandle>(() => NativeBufferHandle.Allocate(stateLength));
        });

    /// <summary>Creates an LZ4 codec.</summary>
    /// <param name="acceleration">Higher is faster and compresses less; 0 or less means 1.</param>
    public Lz4Codec(int acceleration = 1) => Acceleration = acceleration;

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Acceleration (<c>acceleration</c>).</summary>
    public int Acceleration { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">An <c>lz4</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static Lz4Codec FromConfig(JsonObject config) =>
        new(new CodecConfigReader(config, Id, "acceleration").GetInt32("acceleration", 1));

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["acceleration"] = Acceleration };

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceLength, Interop.Lz4.MaxInputSize);
        return Interop.Lz4.LZ4_compressBound(sourceLength) + LengthPrefix;
    }

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The source is shorter than the 4-byte length or the length is negative.</exception>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = ReadLength(source);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"LZ4(acceleration={Acceleration})";

    /// <inheritdoc/>
    protected override unsafe bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        if (source.Length > Interop.Lz4.MaxInputSize)
        {
            throw new ArgumentException($"LZ4 encodes at most {Interop.Lz4.MaxInputSize} bytes, not {source.Length}.", nameof(source));
        }

        bytesWritten = 0;
        if (destination.Length <= LengthPrefix)
        {
            return false;
        }

        BinaryPrimitives.WriteInt32LittleEndian(destination, source.Length);
        ContextPool<NativeBufferHandle> states = s_states.Value;
        NativeBufferHandle state = states.Rent();
        int result;
        byte empty = 0;
        try
        {
            Span<byte> block = destination[LengthPrefix..];
            fixed (byte* sourcePointer = source)
            fixed (byte* blockPointer = block)
            {
                result = Interop.Lz4.LZ4_compress_fast_extState(
                    state.Pointer, sourcePointer is null ? &empty : sourcePointer, blockPointer, source.Length, block.Length,
                    Acceleration > 0 ? Acceleration : 1);
            }
        }
        finally
        {
            states.Return(state);
        }

        if (result <= 0)
        {
            return false; // lz4 returns 0 when the block does not fit
        }

        bytesWritten = result + LengthPrefix;
        return true;
    }

    /// <inheritdoc/>
    protected override unsafe bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        int length = ReadLength(source);
        bytesWritten = 0;
        if (destination.Length < length)
        {
            return false;
        }

        ReadOnlySpan<byte> block = source[LengthPrefix..];
        if (block.IsEmpty)
        {
            throw new CorruptDataException("The LZ4 data holds a length but no block.");
        }

        byte scratch = 0;
        int result;
        fixed (byte* blockPointer = block)
        fixed (byte* destinationPointer = destination)
        {
            result = Interop.Lz4.LZ4_decompress_safe(
                blockPointer, destinationPointer is null ? &scratch : destinationPointer, block.Length, length);
        }

        if (result != length)
        {
            throw new CorruptDataException(result < 0
                ? $"The LZ4 block is invalid (lz4 error {result})."
                : $"The LZ4 block decoded to {result} bytes, not the {length} its prefix records.");
        }

        bytesWritten = length;
        return true;
    }

    /// <inheritdoc/>
    protected override long GetDecodedLengthBound(ReadOnlySpan<byte> source) =>
        ExpansionBounds.Lz4(Math.Max(0, source.Length - LengthPrefix));

    private static int ReadLength(ReadOnlySpan<byte> source)
    {
        if (source.Length < LengthPrefix)
        {
            throw new CorruptDataException($"LZ4 data starts with a {LengthPrefix}-byte length, but only {source.Length} bytes were given.");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(source);
        return length >= 0 ? length : throw new CorruptDataException($"The LZ4 data records a negative decoded length ({length}).");
    }
}
