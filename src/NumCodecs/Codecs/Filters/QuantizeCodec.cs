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
public sealed class QuantizeCodec : ItemFilterCodec
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
        : base(dtype ?? throw new ArgumentNullException(nameof(dtype)), astype ?? dtype)
    {
        foreach ((DType type, string key) in new[] { (DataType, "dtype"), (StorageType, "astype") })
        {
            NumericElements.CheckSupported(type, key);
            if (!NumericElements.IsFloat(type))
            {
                throw new CodecConfigException(key, $"quantize works on floats only; \"{key}\" is {type}.");
            }
        }

        Digits = digits;
        double precision = Math.Pow(10, -digits);
        double exp = Math.Log10(precision);
        int exponent = exp < 0 ? (int)Math.Floor(exp) : (int)Math.Ceiling(exp);
        _scale = Math.Pow(2, Math.Ceiling(Math.Log2(Math.Pow(10, -exponent))));
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>Decimal digits kept (<c>digits</c>).</summary>
    public int Digits { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>quantize</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static QuantizeCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "digits", "dtype", "astype");
        reader.Require("digits", "dtype");
        return new QuantizeCodec(reader.GetInt32("digits", 0), reader.GetDType("dtype")!, reader.GetDType("astype"));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() =>
        new() { ["id"] = Id, ["digits"] = Digits, ["dtype"] = DataType.ToString(), ["astype"] = StorageType.ToString() };

    /// <inheritdoc/>
    public override string ToString() =>
        StorageType == DataType ? $"Quantize(digits={Digits}, dtype='{DataType}')" : $"Quantize(digits={Digits}, dtype='{DataType}', astype='{StorageType}')";

    /// <inheritdoc/>
    private protected override void EncodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
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
    }

    /// <inheritdoc/>
    private protected override void DecodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
        for (int i = 0; i < count; i++)
        {
            NumericElements.Cast(source, StorageType, i, destination, DataType, i);
        }
    }

}
