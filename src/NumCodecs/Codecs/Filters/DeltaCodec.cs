using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>numcodecs' delta filter: the first item, then the difference of each item from the one before.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>delta</c>. Name (Zarr v3): <c>numcodecs.delta</c>.</para>
/// <para>Config: <c>{"id": "delta", "dtype": "&lt;i8", "astype": "&lt;i8"}</c>.</para>
/// <para>
/// Compatibility: numpy's arithmetic, as numcodecs uses it: differences are taken in <c>dtype</c> (integers wrap
/// around) and cast to <c>astype</c>; decoding accumulates in <c>dtype</c> (<c>np.cumsum</c> into a <c>dtype</c>
/// array). Both byte orders. Boolean, integer and float dtypes. Unlike numcodecs, an empty input round-trips.
/// </para>
/// </remarks>
public sealed class DeltaCodec : Codec
{
    /// <summary>The codec id, <c>delta</c>.</summary>
    public const string Id = "delta";

    /// <summary>Creates a delta filter.</summary>
    /// <param name="dtype">The items' dtype.</param>
    /// <param name="astype">The dtype the differences are stored in; null for <paramref name="dtype"/>.</param>
    /// <exception cref="CodecConfigException">A dtype is not numeric.</exception>
    public DeltaCodec(DType dtype, DType? astype = null)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        NumericElements.CheckSupported(dtype, "dtype");
        NumericElements.CheckSupported(astype ?? dtype, "astype");
        DataType = dtype;
        StorageType = astype ?? dtype;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The items' dtype (<c>dtype</c>).</summary>
    public DType DataType { get; }

    /// <summary>The dtype of the stored differences (<c>astype</c>).</summary>
    public DType StorageType { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>delta</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static DeltaCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "dtype", "astype");
        if (!reader.Has("dtype"))
        {
            throw new CodecConfigException("dtype", "A 'delta' config needs a \"dtype\".");
        }

        DType dtype = ParseDType(reader, "dtype");
        return new DeltaCodec(dtype, reader.Has("astype") ? ParseDType(reader, "astype") : null);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["dtype"] = DataType.ToString(), ["astype"] = StorageType.ToString() };

    /// <inheritdoc/>
    public override string ToString() =>
        StorageType == DataType ? $"Delta(dtype='{DataType}')" : $"Delta(dtype='{DataType}', astype='{StorageType}')";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength) => ItemCounts.Convert(sourceLength, DataType, StorageType);

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The source is not a whole number of <c>astype</c> items.</exception>
    public override bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = checked(ItemCounts.Count(source, StorageType, Id, decoding: true) * DataType.ItemSize);
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryEncodeCore(ReadOnlySpan<byte> source, int itemSize, Span<byte> destination, out int bytesWritten)
    {
        int count = ItemCounts.Count(source, DataType, Id, decoding: false);
        bytesWritten = 0;
        if (destination.Length < count * StorageType.ItemSize)
        {
            return false;
        }

        bool isFloat = NumericElements.IsFloat(DataType);
        long previousInteger = 0;
        double previousFloat = 0;
        for (int i = 0; i < count; i++)
        {
            // The difference is computed in dtype: integers wrap at its width, floats round to its precision.
            if (isFloat)
            {
                double value = NumericElements.ReadFloat(source, DataType, i);
                double difference = i == 0 ? value : NumericElements.RoundToPrecision(value - previousFloat, DataType);
                NumericElements.WriteValue(destination, StorageType, i, isFloat: true, 0, difference);
                previousFloat = value;
            }
            else
            {
                long value = NumericElements.ReadInteger(source, DataType, i);
                long difference = i == 0 ? value : Wrap(value - previousInteger, DataType);
                NumericElements.WriteValue(destination, StorageType, i, isFloat: false, difference, NumericElements.UnsignedAwareDouble(difference, DataType));
                previousInteger = value;
            }
        }

        bytesWritten = count * StorageType.ItemSize;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TryDecodeCore(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        int count = ItemCounts.Count(source, StorageType, Id, decoding: true);
        bytesWritten = 0;
        if (destination.Length < count * DataType.ItemSize)
        {
            return false;
        }

        // np.cumsum(enc, out=dec) accumulates in the output's dtype: each stored difference is cast to dtype first.
        bool isFloat = NumericElements.IsFloat(DataType);
        long sumInteger = 0;
        double sumFloat = 0;
        Span<byte> item = stackalloc byte[8];
        for (int i = 0; i < count; i++)
        {
            NumericElements.Cast(source, StorageType, i, item, DataType, 0);
            if (isFloat)
            {
                double value = NumericElements.ReadFloat(item, DataType, 0);
                sumFloat = i == 0 ? value : NumericElements.RoundToPrecision(sumFloat + value, DataType);
                NumericElements.WriteFloat(destination, DataType, i, sumFloat);
            }
            else
            {
                long value = NumericElements.ReadInteger(item, DataType, 0);
                sumInteger = i == 0 ? value : Wrap(sumInteger + value, DataType);
                NumericElements.WriteInteger(destination, DataType, i, sumInteger);
            }
        }

        bytesWritten = count * DataType.ItemSize;
        return true;
    }

    /// <summary>Reduces integer bits to the dtype's width, sign-extended for signed kinds, as its arithmetic wraps.</summary>
    private static long Wrap(long value, DType dtype)
    {
        int bits = dtype.ItemSize * 8;
        if (bits == 64)
        {
            return value;
        }

        long mask = (1L << bits) - 1;
        long low = value & mask;
        return dtype.Kind == DTypeKind.SignedInteger && (low >> (bits - 1)) != 0 ? low - (1L << bits) : low;
    }


    internal static DType ParseDType(CodecConfigReader reader, string key)
    {
        string text = reader.GetString(key, string.Empty);
        return DType.TryParse(text, out DType? dtype)
            ? dtype
            : throw new CodecConfigException(key, $"\"{key}\" '{text}' is not a numpy type string such as <i8 or >f4.");
    }
}
