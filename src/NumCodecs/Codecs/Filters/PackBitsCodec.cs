using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>numcodecs' packbits filter: one bit per boolean, after a byte that counts the padding bits.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>packbits</c>. Name (Zarr v3): <c>numcodecs.packbits</c>.</para>
/// <para>Config: <c>{"id": "packbits"}</c>.</para>
/// <para>
/// Format: byte 0 holds the number of padding bits (0-7) in the last byte; then the booleans, eight per byte,
/// most significant bit first (numpy's <c>packbits</c>). Each input byte is a boolean (<c>|b1</c>): nonzero is true.
/// Decoding gives bytes 0 and 1.
/// </para>
/// </remarks>
public sealed class PackBitsCodec : Codec
{
    /// <summary>The codec id, <c>packbits</c>.</summary>
    public const string Id = "packbits";

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>packbits</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config has keys packbits does not take.</exception>
    public static PackBitsCodec FromConfig(JsonObject config)
    {
        _ = new CodecConfigReader(config, Id);
        return new PackBitsCodec();
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id };

    /// <inheritdoc/>
    public override string ToString() => "PackBits()";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        return 1 + (int)(((long)sourceLength + 7) / 8);
    }

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The source is empty or its padding count is above 7.</exception>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = DecodedLength(source);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        int length = GetMaxEncodedLength(source.Length);
        bytesWritten = 0;
        if (destination.Length < length)
        {
            return false;
        }

        destination[0] = (byte)((8 - (source.Length % 8)) % 8);
        Span<byte> packed = destination[1..length];
        packed.Clear();
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] != 0)
            {
                packed[i >> 3] |= (byte)(0x80 >> (i & 7));
            }
        }

        bytesWritten = length;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        int length = DecodedLength(source);
        bytesWritten = 0;
        if (destination.Length < length)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            destination[i] = (byte)((source[1 + (i >> 3)] >> (7 - (i & 7))) & 1);
        }

        bytesWritten = length;
        return true;
    }

    private static int DecodedLength(ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            throw new CorruptDataException("packbits data starts with a padding count byte, but the input is empty.");
        }

        int padding = source[0];
        if (padding > 7 || (padding > 0 && source.Length == 1))
        {
            throw new CorruptDataException($"packbits padding count {padding} is impossible for {source.Length - 1} packed bytes.");
        }

        return (int)(((long)(source.Length - 1) * 8) - padding);
    }
}
