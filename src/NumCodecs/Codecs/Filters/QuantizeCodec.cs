using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>numcodecs' quantize filter: floats rounded to a power-of-two step finer than 10^-digits.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>quantize</c>. Name (Zarr v3): <c>numcodecs.quantize</c>.</para>
/// <para>Config: <c>{"id": "quantize", "digits": 3, "dtype": "&lt;f8", "astype": "&lt;f8"}</c>.</para>
/// <para>
/// Compatibility: numcodecs' arithmetic: the step is 2^-bits with bits = ceil(log2(10^-exp)), exp = floor(log10(10^-digits))
/// (ceil when not negative); values are multiplied, rounded half to even and divided in the precision of
/// <c>dtype</c> (numpy keeps a float32 array float32), then cast to <c>astype</c>. Lossy by design.
/// </para>
/// </remarks>
public sealed class QuantizeCodec : Codec
{
    /// <summary>The codec id, <c>quantize</c>.</summary>
    public const string Id = "quantize";

    private readonly double _scale;

    /// <summary>Creates a quantize filter.</summary>
    /// <param name="digits">Decimal digits of precision to keep.</param>
    /// <param name="dtype">The items' float dtype.</param>
    /// <param name="astype">The float dtype stored; null for <paramref name="dtype"/>.</param>
    /// <exception cref="CodecConfigException">A dtype is not a float.</exception>
    public QuantizeCodec(int digits, DType dtype, DType? astype = null)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        foreach ((DType type, string key) in new[] { (dtype, "dtype"), (astype ?? dtype, "astype") })
        {
            NumericElements.CheckSupported(type, key);
            if (!NumericElements.IsFloat(type))
            {
                throw new CodecConfigException(key, $"quantize works on floats only; \"{key}\" is {type}.");
            }
        }

        Digits = digits;
        DataType = dtype;
        StorageType = astype ?? dtype;
        double precision = Math.Pow(10, -digits);
        double exp = Math.Log10(precision);
        int exponent = exp < 0 ? (int)Math.Floor(exp) : (int)Math.Ceiling(exp);
        _scale = Math.Pow(2, Math.Ceiling(Math.Log2(Math.Pow(10, -exponent))));
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Decimal digits kept (<c>digits</c>).</summary>
    public int Digits { get; }

    /// <summary>The items' dtype (<c>dtype</c>).</summary>
    public DType DataType { get; }

    /// <summary>The stored dtype (<c>astype</c>).</summary>
    public DType StorageType { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>quantize</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static QuantizeCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "digits", "dtype", "astype");
        foreach (string key in new[] { "digits", "dtype" })
        {
            if (!reader.Has(key))
            {
                throw new CodecConfigException(key, $"A 'quantize' config needs \"{key}\".");
            }
        }

        DType dtype = DeltaCodec.ParseDType(reader, "dtype");
        return new QuantizeCodec(reader.GetInt32("digits", 0), dtype, reader.Has("astype") ? DeltaCodec.ParseDType(reader, "astype") : null);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() =>
        new() { ["id"] = Id, ["digits"] = Digits, ["dtype"] = DataType.ToString(), ["astype"] = StorageType.ToString() };

    /// <inheritdoc/>
    public override string ToString() =>
        StorageType == DataType ? $"Quantize(digits={Digits}, dtype='{DataType}')" : $"Quantize(digits={Digits}, dtype='{DataType}', astype='{StorageType}')";

    /// <inheritdoc/>
    public override int GetMaxEncodedLength(int sourceLength) => ItemCounts.Convert(sourceLength, DataType, StorageType);

    /// <inheritdoc/>
    /// <exception cref="CorruptDataException">The source is not a whole number of stored items.</exception>
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

        // numpy multiplies, rounds and divides in the array's own precision (a Python float does not widen float32).
        double scale = NumericElements.RoundToPrecision(_scale, DataType);
        for (int i = 0; i < count; i++)
        {
            double value = NumericElements.ReadFloat(source, DataType, i);
            double scaled = NumericElements.RoundToPrecision(scale * value, DataType);
            double rounded = Math.Round(scaled, MidpointRounding.ToEven);
            double quantized = NumericElements.RoundToPrecision(rounded / scale, DataType);
            NumericElements.WriteFloat(destination, StorageType, i, quantized);
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

        for (int i = 0; i < count; i++)
        {
            NumericElements.Cast(source, StorageType, i, destination, DataType, i);
        }

        bytesWritten = count * DataType.ItemSize;
        return true;
    }

}
