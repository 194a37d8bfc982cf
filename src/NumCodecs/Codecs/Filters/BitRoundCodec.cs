using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>numcodecs' bitround filter: floats rounded to <c>keepbits</c> mantissa bits (round half to even), so they compress better.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>bitround</c>. Name (Zarr v3): <c>numcodecs.bitround</c>.</para>
/// <para>Config: <c>{"id": "bitround", "keepbits": 10}</c>.</para>
/// <para>
/// The float width comes from the encode call's item size (2, 4 or 8 bytes: float16, float32, float64), as numcodecs
/// takes it from the array; items are read in this machine's byte order. Lossy: decoding returns the rounded values.
/// </para>
/// </remarks>
public sealed class BitRoundCodec : Codec
{
    /// <summary>The codec id, <c>bitround</c>.</summary>
    public const string Id = "bitround";

    /// <summary>Creates a bitround filter.</summary>
    /// <param name="keepbits">Mantissa bits to keep (at most 10, 23 or 52 for float16, 32, 64).</param>
    /// <exception cref="CodecConfigException">The value is negative.</exception>
    public BitRoundCodec(int keepbits)
    {
        if (keepbits < 0)
        {
            throw new CodecConfigException("keepbits", $"bitround keepbits must be zero or positive, not {keepbits}.");
        }

        KeepBits = keepbits;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Mantissa bits kept (<c>keepbits</c>).</summary>
    public int KeepBits { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>bitround</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static BitRoundCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "keepbits");
        reader.Require("keepbits");
        return new BitRoundCodec(reader.GetInt32("keepbits", 0));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["keepbits"] = KeepBits };

    /// <inheritdoc/>
    public override string ToString() => $"BitRound(keepbits={KeepBits})";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        return sourceLength;
    }

    /// <inheritdoc/>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = source.Length;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        int mantissaBits = itemSize switch
        {
            2 => 10,
            4 => 23,
            8 => 52,
            _ => throw new ArgumentException($"bitround rounds float16, float32 or float64 items; the item size {itemSize} is none of them.", nameof(itemSize)),
        };
        if (KeepBits > mantissaBits)
        {
            throw new ArgumentException($"bitround keepbits {KeepBits} exceeds the {mantissaBits} mantissa bits of a {itemSize * 8}-bit float.", nameof(itemSize));
        }

        if (source.Length % itemSize != 0)
        {
            throw new ArgumentException($"bitround needs a whole number of {itemSize}-byte floats, but got {source.Length} bytes.", nameof(source));
        }

        bytesWritten = 0;
        if (destination.Length < source.Length)
        {
            return false;
        }

        source.CopyTo(destination);
        int maskBits = mantissaBits - KeepBits;
        if (maskBits > 0)
        {
            Span<byte> items = destination[..source.Length];
            if (!BitConverter.IsLittleEndian)
            {
                ScalarRound(items, itemSize, maskBits);
            }
            else if (itemSize == 2)
            {
                VectorRound(MemoryMarshal.Cast<byte, short>(items), maskBits);
            }
            else if (itemSize == 4)
            {
                VectorRound(MemoryMarshal.Cast<byte, int>(items), maskBits);
            }
            else
            {
                VectorRound(MemoryMarshal.Cast<byte, long>(items), maskBits);
            }
        }

        bytesWritten = source.Length;
        return true;
    }

    /// <summary>
    /// Rounds little-endian floats in place, one at a time: on the float's bits as a signed integer of its width, add
    /// half a quantum (less one, plus the kept lowest bit, which makes ties go to even), then clear the dropped bits;
    /// the sum wraps like numpy's. The statement of the arithmetic, used on big-endian machines and as the benchmark's
    /// baseline for <see cref="VectorRound{T}"/>.
    /// </summary>
    internal static void ScalarRound(Span<byte> items, int itemSize, int maskBits)
    {
        long mask = -1L << maskBits;
        long halfQuantumLessOne = (1L << (maskBits - 1)) - 1;
        for (int offset = 0; offset < items.Length; offset += itemSize)
        {
            Span<byte> item = items.Slice(offset, itemSize);
            long bits = itemSize switch
            {
                2 => BinaryPrimitives.ReadInt16LittleEndian(item),
                4 => BinaryPrimitives.ReadInt32LittleEndian(item),
                _ => BinaryPrimitives.ReadInt64LittleEndian(item),
            };
            long rounded = (bits + ((bits >> maskBits) & 1) + halfQuantumLessOne) & mask;
            switch (itemSize)
            {
                case 2: BinaryPrimitives.WriteInt16LittleEndian(item, (short)rounded); break;
                case 4: BinaryPrimitives.WriteInt32LittleEndian(item, (int)rounded); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(item, rounded); break;
            }
        }
    }

    /// <summary>The same arithmetic on machine-order integers, <see cref="Vector{T}"/> lanes at a time.</summary>
    internal static void VectorRound<T>(Span<T> values, int maskBits)
        where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>
    {
        T mask = T.AllBitsSet << maskBits;
        T halfQuantumLessOne = (T.One << (maskBits - 1)) - T.One;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var maskVector = new Vector<T>(mask);
            var halfVector = new Vector<T>(halfQuantumLessOne);
            var oneVector = Vector<T>.One;
            for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var bits = new Vector<T>(values[i..]);
                ((bits + ((bits >> maskBits) & oneVector) + halfVector) & maskVector).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            T bits = values[i];
            values[i] = (bits + ((bits >> maskBits) & T.One) + halfQuantumLessOne) & mask;
        }
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < source.Length)
        {
            return false;
        }

        source.CopyTo(destination);
        bytesWritten = source.Length;
        return true;
    }
}
