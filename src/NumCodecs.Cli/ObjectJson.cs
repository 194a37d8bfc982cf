using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumCodecs.Cli;

/// <summary>
/// Object arrays as the command line reads and writes them: a JSON array with one entry per item, in C order.
/// Byte strings are base64 text (JSON has no bytes), ragged-array items are arrays of numbers, and floating-point
/// values JSON cannot hold (NaN, infinities) are written as the strings "NaN", "Infinity" and "-Infinity".
/// </summary>
internal static class ObjectJson
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ObjectArray Read(byte[] json, ObjectCodec codec)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"With the object codec '{codec.CodecId}' the input is a JSON array of items: {e.Message}");
        }

        if (node is not JsonArray items)
        {
            throw new CliUsageException($"With the object codec '{codec.CodecId}' the input is a JSON array of items, not {node?.ToJsonString() ?? "null"}.");
        }

        return new ObjectArray(items.Select(item => Item(item, codec)));
    }

    public static byte[] Write(ObjectArray array)
    {
        var items = new JsonArray([.. array.Items.Select(Node)]);
        return Encoding.UTF8.GetBytes(items.ToJsonString(s_indented) + "\n");
    }

    private static object? Item(JsonNode? node, ObjectCodec codec) => codec switch
    {
        VLenBytesCodec when node is JsonValue text && text.TryGetValue(out string? base64) => Convert.FromBase64String(base64),
        VLenArrayCodec vlen when node is JsonArray numbers => TypedArray(numbers, vlen.DType),
        _ => Value(node),
    };

    private static object? Value(JsonNode? node) => node switch
    {
        null => null,
        JsonArray list => list.Select(Value).ToList(),
        JsonObject map => map.ToDictionary(entry => entry.Key, entry => Value(entry.Value), StringComparer.Ordinal),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => Number(value),
        _ => throw new CliUsageException($"Unexpected JSON {node.ToJsonString()}."),
    };

    private static object Number(JsonValue value)
    {
        JsonElement element = value.GetValue<JsonElement>();
        if (element.TryGetInt64(out long whole))
        {
            return whole;
        }

        return element.TryGetUInt64(out ulong large) ? large : element.GetDouble();
    }

    private static Array TypedArray(JsonArray numbers, DType dtype)
    {
        JsonElement[] elements = [.. numbers.Select(n => n is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<JsonElement>()
            : throw new CliUsageException($"A vlen-array item holds numbers only, not {n?.ToJsonString() ?? "null"}."))];
        double[] values = [.. elements.Select(e => e.GetDouble())];
        return (dtype.Kind, dtype.ItemSize) switch
        {
            (DTypeKind.SignedInteger, 1) => values.Select(v => (sbyte)v).ToArray(),
            (DTypeKind.SignedInteger, 2) => values.Select(v => (short)v).ToArray(),
            (DTypeKind.SignedInteger, 4) => values.Select(v => (int)v).ToArray(),
            (DTypeKind.SignedInteger, 8) => elements.Select(e => e.TryGetInt64(out long v) ? v : throw new CliUsageException($"{e} is not a 64-bit integer.")).ToArray(),
            (DTypeKind.UnsignedInteger, 1) => values.Select(v => (byte)v).ToArray(),
            (DTypeKind.UnsignedInteger, 2) => values.Select(v => (ushort)v).ToArray(),
            (DTypeKind.UnsignedInteger, 4) => values.Select(v => (uint)v).ToArray(),
            (DTypeKind.UnsignedInteger, 8) => elements.Select(e => e.TryGetUInt64(out ulong v) ? v : throw new CliUsageException($"{e} is not an unsigned 64-bit integer.")).ToArray(),
            (DTypeKind.FloatingPoint, 2) => values.Select(v => (Half)v).ToArray(),
            (DTypeKind.FloatingPoint, 4) => values.Select(v => (float)v).ToArray(),
            (DTypeKind.FloatingPoint, 8) => values,
            (DTypeKind.Boolean, 1) => values.Select(v => v != 0).ToArray(),
            _ => throw new CliUsageException($"The command line cannot read vlen-array items of dtype {dtype}."),
        };
    }

    private static JsonNode? Node(object? item) => item switch
    {
        null => null,
        string text => text,
        bool flag => flag,
        byte[] bytes => Convert.ToBase64String(bytes),
        double d when !double.IsFinite(d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity",
        float f when !float.IsFinite(f) => Node((double)f),
        ulong large => JsonValue.Create(large),
        long or int or uint or short or ushort or sbyte or byte => JsonValue.Create(Convert.ToInt64(item, System.Globalization.CultureInfo.InvariantCulture)),
        double or float => JsonValue.Create(Convert.ToDouble(item, System.Globalization.CultureInfo.InvariantCulture)),
        Half h => Node((double)h),
        System.Numerics.BigInteger big => JsonNode.Parse(big.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        IEnumerable<KeyValuePair<string, object?>> map => new JsonObject(map.Select(e => KeyValuePair.Create(e.Key, Node(e.Value)))),
        IEnumerable<KeyValuePair<object, object?>> pairs => new JsonArray([.. pairs.Select(p => (JsonNode?)new JsonArray(Node(p.Key), Node(p.Value)))]),
        IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(Node)]),
        _ => item.ToString(),
    };
}
