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
public sealed class DeltaCodec : ItemFilterCodec
{
    /// <summary>The codec id, <c>delta</c>.</summary>
    public const string Id = "delta";

    /// <summary>Creates a delta filter.</summary>
    /// <param name="dtype">The items' dtype.</param>
    /// <param name="astype">The dtype the differences are stored in; null for <paramref name="dtype"/>.</param>
    /// <exception cref="CodecConfigException">A dtype is not numeric.</exception>
    public DeltaCodec(DType dtype, DType? astype = null)
        : base(dtype ?? throw new ArgumentNullException(nameof(dtype)), astype ?? dtype)
    {
        NumericElements.CheckSupported(DataType, "dtype");
        NumericElements.CheckSupported(StorageType, "astype");
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>delta</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static DeltaCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "dtype", "astype");
        reader.Require("dtype");
        return new DeltaCodec(reader.GetDType("dtype")!, reader.GetDType("astype"));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["id"] = Id, ["dtype"] = DataType.ToString(), ["astype"] = StorageType.ToString() };

    /// <inheritdoc/>
    public override string ToString() =>
        StorageType == DataType ? $"Delta(dtype='{DataType}')" : $"Delta(dtype='{DataType}', astype='{StorageType}')";

    /// <inheritdoc/>
    private protected override void EncodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
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
    }

    /// <inheritdoc/>
    private protected override void DecodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
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

}
