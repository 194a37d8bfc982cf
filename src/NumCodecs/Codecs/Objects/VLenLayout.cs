using System.Buffers;
using System.Buffers.Binary;

namespace NumCodecs;

/// <summary>
/// numcodecs' variable-length layout (a parquet-style byte array): a little-endian u32 item count, then per item a
/// little-endian u32 byte length and that many bytes.
/// </summary>
internal static class VLenLayout
{
    /// <summary>Bytes of the count header, and of each item's length prefix.</summary>
    public const int PrefixLength = 4;

    /// <summary>
    /// Reads the item count and checks it against the input before anything is allocated: every item needs at least
    /// its 4-byte length prefix.
    /// </summary>
    public static int ReadCount(ReadOnlySpan<byte> source, ObjectCodec codec, Action<long> checkCount)
    {
        if (source.Length < PrefixLength)
        {
            throw new CorruptDataException($"The {codec.CodecId} data is {source.Length} bytes, shorter than its 4-byte item count (truncated).");
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(source);
        long room = (source.Length - PrefixLength) / PrefixLength;
        if (count > room)
        {
            throw new CorruptDataException(
                $"The {codec.CodecId} data declares {count} items, but its {source.Length} bytes have room for at most {room} length prefixes (truncated or corrupt).");
        }

        checkCount(count);
        return (int)count;
    }

    /// <summary>The next item's bytes, advancing <paramref name="position"/>; throws when they run past the input.</summary>
    public static ReadOnlySpan<byte> ReadItem(ReadOnlySpan<byte> source, ref int position, int index, string codecId)
    {
        if (source.Length - position < PrefixLength)
        {
            throw new CorruptDataException($"The {codecId} data ends inside the length prefix of item {index} (truncated).");
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source[position..]);
        position += PrefixLength;
        if (length > (uint)(source.Length - position))
        {
            throw new CorruptDataException(
                $"Item {index} of the {codecId} data is {length} bytes long, but only {source.Length - position} bytes remain (truncated or corrupt).");
        }

        ReadOnlySpan<byte> item = source.Slice(position, (int)length);
        position += (int)length;
        return item;
    }

    /// <summary>Writes the layout for items whose byte lengths are known; <paramref name="writeItem"/> fills each.</summary>
    public static void Write<TState>(IBufferWriter<byte> destination, ReadOnlySpan<int> lengths, TState state, ItemWriter<TState> writeItem, string codecId)
    {
        long total = PrefixLength;
        foreach (int length in lengths)
        {
            total += PrefixLength + (long)length;
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"The {codecId} encoding would be {total} bytes, more than the largest array.");
        }

        Span<byte> output = destination.GetSpan((int)total)[..(int)total];
        BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)lengths.Length);
        int position = PrefixLength;
        for (int i = 0; i < lengths.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output[position..], (uint)lengths[i]);
            position += PrefixLength;
            writeItem(state, i, output.Slice(position, lengths[i]));
            position += lengths[i];
        }

        destination.Advance((int)total);
    }

    /// <summary>Fills the bytes of item <paramref name="index"/>.</summary>
    public delegate void ItemWriter<in TState>(TState state, int index, Span<byte> destination);

    /// <summary>Whether numcodecs treats the item as a missing value (None, or anything equal to 0: 0, 0.0, False).</summary>
    public static bool IsMissing(object? item) => item switch
    {
        null => true,
        bool b => !b,
        long l => l == 0,
        int i => i == 0,
        double d => d == 0,
        float f => f == 0,
        ulong u => u == 0,
        short s => s == 0,
        byte b => b == 0,
        decimal m => m == 0,
        _ => false,
    };
}
