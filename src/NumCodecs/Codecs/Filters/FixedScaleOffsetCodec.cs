using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>numcodecs' fixedscaleoffset filter: <c>round((x - offset) * scale)</c> stored as <c>astype</c>.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>fixedscaleoffset</c>. Name (Zarr v3): <c>numcodecs.fixedscaleoffset</c>.</para>
/// <para>Config: <c>{"id": "fixedscaleoffset", "offset": 1000, "scale": 10, "dtype": "&lt;f8", "astype": "|u1"}</c>.</para>
/// <para>
/// Compatibility: numpy's arithmetic as numcodecs uses it: a float array is computed in its own precision (numpy does
/// not widen float32 for a Python scalar), rounding is half to even (<c>np.around</c>), and the cast to <c>astype</c>
/// is numpy's unsafe cast; decoding divides, adds and casts back. Integer arrays are computed in float64, which equals
/// numpy's integer arithmetic for integer offsets and scales while nothing overflows. <c>offset</c> and <c>scale</c>
/// keep the spelling they were given in (10 or 10.0), so configs round-trip to the same JSON. Lossy by design.
/// </para>
/// </remarks>
public sealed class FixedScaleOffsetCodec : ItemFilterCodec
{
    /// <summary>The codec id, <c>fixedscaleoffset</c>.</summary>
    public const string Id = "fixedscaleoffset";

    private readonly JsonNode _offsetJson;
    private readonly JsonNode _scaleJson;

    /// <summary>Creates a fixedscaleoffset filter.</summary>
    /// <param name="offset">Subtracted before scaling.</param>
    /// <param name="scale">Multiplies after the offset is subtracted.</param>
    /// <param name="dtype">The items' dtype.</param>
    /// <param name="astype">The stored dtype; null for <paramref name="dtype"/>.</param>
    /// <exception cref="CodecConfigException">A dtype is not numeric.</exception>
    public FixedScaleOffsetCodec(double offset, double scale, DType dtype, DType? astype = null)
        : this(JsonValue.Create(offset), JsonValue.Create(scale), offset, scale, dtype, astype)
    {
    }

    private FixedScaleOffsetCodec(JsonNode offsetJson, JsonNode scaleJson, double offset, double scale, DType dtype, DType? astype)
        : base(dtype ?? throw new ArgumentNullException(nameof(dtype)), astype ?? dtype)
    {
        NumericElements.CheckSupported(DataType, "dtype");
        NumericElements.CheckSupported(StorageType, "astype");
        _offsetJson = offsetJson;
        _scaleJson = scaleJson;
        Offset = offset;
        Scale = scale;
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The offset (<c>offset</c>).</summary>
    public double Offset { get; }

    /// <summary>The scale (<c>scale</c>).</summary>
    public double Scale { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>fixedscaleoffset</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static FixedScaleOffsetCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, "offset", "scale", "dtype", "astype");
        reader.Require("offset", "scale", "dtype");

        (JsonNode offsetJson, double offset) = Number(config, "offset");
        (JsonNode scaleJson, double scale) = Number(config, "scale");
        return new FixedScaleOffsetCodec(
            offsetJson, scaleJson, offset, scale, reader.GetDType("dtype")!, reader.GetDType("astype"));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["id"] = Id,
        ["scale"] = _scaleJson.DeepClone(),
        ["offset"] = _offsetJson.DeepClone(),
        ["dtype"] = DataType.ToString(),
        ["astype"] = StorageType.ToString(),
    };

    /// <inheritdoc/>
    public override string ToString()
    {
        string head = $"FixedScaleOffset(scale={_scaleJson.ToJsonString()}, offset={_offsetJson.ToJsonString()}, dtype='{DataType}'";
        return StorageType == DataType ? head + ")" : head + $", astype='{StorageType}')";
    }

    /// <inheritdoc/>
    private protected override void EncodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
        DType precision = NumericElements.ArithmeticPrecision(DataType);
        double offset = NumericElements.RoundToPrecision(Offset, precision);
        double scale = NumericElements.RoundToPrecision(Scale, precision);
        for (int i = 0; i < count; i++)
        {
            double value = NumericElements.ReadAsDouble(source, DataType, i);
            double shifted = NumericElements.RoundToPrecision(value - offset, precision);
            double scaled = NumericElements.RoundToPrecision(shifted * scale, precision);
            double rounded = Math.Round(scaled, MidpointRounding.ToEven);
            NumericElements.WriteValue(destination, StorageType, i, isFloat: true, 0, rounded);
        }
    }

    /// <inheritdoc/>
    private protected override void DecodeItems(ReadOnlySpan<byte> source, Span<byte> destination, int count)
    {
        // Integer codes divide into float64; float codes stay in their own precision.
        DType precision = NumericElements.ArithmeticPrecision(StorageType);
        double offset = NumericElements.RoundToPrecision(Offset, precision);
        double scale = NumericElements.RoundToPrecision(Scale, precision);
        for (int i = 0; i < count; i++)
        {
            double code = NumericElements.ReadAsDouble(source, StorageType, i);
            double value = NumericElements.RoundToPrecision(NumericElements.RoundToPrecision(code / scale, precision) + offset, precision);
            NumericElements.WriteValue(destination, DataType, i, isFloat: true, 0, value);
        }
    }

    private static (JsonNode Json, double Value) Number(JsonObject config, string key)
    {
        JsonNode node = config[key]!;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number &&
            double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            return (node.DeepClone(), number);
        }

        throw new CodecConfigException(key, $"\"{key}\" in the 'fixedscaleoffset' config must be a number, not {node.ToJsonString()}.");
    }

}
