namespace NumCodecs;

/// <summary>Length arithmetic shared by the filters that turn items of one dtype into items of another.</summary>
internal static class ItemCounts
{
    /// <summary>The encoded length of <paramref name="sourceLength"/> bytes of <paramref name="from"/> items stored as <paramref name="to"/> items.</summary>
    public static int Convert(int sourceLength, DType from, DType to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        long length = (long)sourceLength / from.ItemSize * to.ItemSize;
        return length <= Array.MaxLength
            ? (int)length
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), sourceLength, "The converted data could exceed the largest array.");
    }

    /// <summary>
    /// How many <paramref name="dtype"/> items <paramref name="source"/> holds; a ragged length is the caller's mistake
    /// on encode (<see cref="ArgumentException"/>) and corrupt data on decode (<see cref="CorruptDataException"/>).
    /// </summary>
    public static int Count(ReadOnlySpan<byte> source, DType dtype, string codecId, bool decoding)
    {
        if (dtype.ItemSize > 0 && source.Length % dtype.ItemSize == 0)
        {
            return source.Length / dtype.ItemSize;
        }

        string message = $"{codecId} needs a whole number of {dtype} items, but got {source.Length} bytes.";
        throw decoding ? new CorruptDataException(message) : new ArgumentException(message, nameof(source));
    }
}
