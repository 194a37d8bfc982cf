namespace NumCodecs;

/// <summary>
/// The shared shape of the filters that turn each item of <see cref="DataType"/> into one item of
/// <see cref="StorageType"/> (delta, astype, fixedscaleoffset, quantize, categorize): lengths follow the item counts,
/// ragged inputs are refused, and a subclass only converts items.
/// </summary>
public abstract class ItemFilterCodec : Codec
{
    private protected ItemFilterCodec(DType dataType, DType storageType)
    {
        DataType = dataType;
        StorageType = storageType;
    }

    /// <summary>The dtype of the items given to encode and returned by decode.</summary>
    public DType DataType { get; }

    /// <summary>The dtype the items are stored as.</summary>
    public DType StorageType { get; }

    /// <inheritdoc/>
    public sealed override int GetMaxEncodedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        long length = (long)sourceLength / DataType.ItemSize * StorageType.ItemSize;
        return length <= Array.MaxLength
            ? (int)length
            : throw new ArgumentOutOfRangeException(nameof(sourceLength), sourceLength, "The converted data could exceed the largest array.");
    }

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The source is not a whole number of stored items.</exception>
    public sealed override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = checked(Count(source, StorageType, decoding: true) * DataType.ItemSize);
        return true;
    }

    /// <inheritdoc/>
    protected sealed override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        int count = Count(source, DataType, decoding: false);
        bytesWritten = 0;
        if (destination.Length < count * StorageType.ItemSize)
        {
            return false;
        }

        EncodeItems(source, destination, count);
        bytesWritten = count * StorageType.ItemSize;
        return true;
    }

    /// <inheritdoc/>
    protected sealed override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        int count = Count(source, StorageType, decoding: true);
        bytesWritten = 0;
        if (destination.Length < count * DataType.ItemSize)
        {
            return false;
        }

        DecodeItems(source, destination, count);
        bytesWritten = count * DataType.ItemSize;
        return true;
    }

    /// <summary>Converts <paramref name="count"/> items of <see cref="DataType"/> into items of <see cref="StorageType"/>.</summary>
    private protected abstract void EncodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count);

    /// <summary>Converts <paramref name="count"/> items of <see cref="StorageType"/> back into items of <see cref="DataType"/>.</summary>
    private protected abstract void DecodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count);

    /// <summary>
    /// How many <paramref name="dtype"/> items <paramref name="source"/> holds; a ragged length is the caller's mistake
    /// on encode (<see cref="ArgumentException"/>) and corrupt data on decode (<see cref="CorruptDataException"/>).
    /// </summary>
    private int Count(ReadOnlySpan<byte> source, DType dtype, bool decoding)
    {
        if (dtype.ItemSize > 0 && source.Length % dtype.ItemSize == 0)
        {
            return source.Length / dtype.ItemSize;
        }

        string message = $"{CodecId} needs a whole number of {dtype} items, but got {source.Length} bytes.";
        throw decoding ? new CorruptDataException(message) : new ArgumentException(message, nameof(source));
    }
}
