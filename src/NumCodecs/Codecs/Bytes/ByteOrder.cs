using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NumCodecs;

/// <summary>Swaps the byte order of elements in place.</summary>
internal static class ByteOrder
{
    /// <summary>
    /// The size of the units whose bytes a change of byte order reverses: the item size, half of it for complex
    /// numbers (two floats), 4 for UCS-4 text, 1 for types without an order (bool, raw bytes).
    /// </summary>
    public static int SwapUnit(DType dataType) => dataType.ByteOrder == DTypeByteOrder.NotApplicable
        ? 1
        : dataType.Kind switch
        {
            DTypeKind.Complex => dataType.ItemSize / 2,
            DTypeKind.Unicode => 4, // UCS-4 code units, each in the stored order; the characters stay in theirs
            _ => dataType.ItemSize,
        };

    /// <summary>Reverses the bytes of every <paramref name="unit"/>-byte unit of <paramref name="data"/>.</summary>
    public static void Swap(Span<byte> data, int unit)
    {
        switch (unit)
        {
            case 1:
                break;
            case 2:
                Span<ushort> shorts = MemoryMarshal.Cast<byte, ushort>(data);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                Span<uint> ints = MemoryMarshal.Cast<byte, uint>(data);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                Span<ulong> longs = MemoryMarshal.Cast<byte, ulong>(data);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
            default:
                for (int i = 0; i + unit <= data.Length; i += unit)
                {
                    data.Slice(i, unit).Reverse();
                }

                break;
        }
    }
}
