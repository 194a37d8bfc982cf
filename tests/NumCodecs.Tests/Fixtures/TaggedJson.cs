using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;

namespace NumCodecs.Tests.Fixtures;

/// <summary>
/// Reads the object arrays tests/fixtures/generate.py writes as tagged JSON (its to_tagged): ints and floats as tagged
/// strings, bytes as base64, dicts as ordered key/value pairs, numeric arrays as dtype + hex bytes.
/// </summary>
internal static class TaggedJson
{
    public static ObjectArray Load(string path)
    {
        var root = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        DType dtype = DType.Parse((string)root["dtype"]!);
        int[] shape = [.. root["shape"]!.AsArray().Select(n => (int)n!)];
        object?[] items = [.. root["items"]!.AsArray().Select(Value)];
        return new ObjectArray(items, shape, dtype);
    }

    private static object? Value(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray list:
                return list.Select(Value).ToList();
            case JsonValue value when value.TryGetValue(out bool b):
                return b;
            case JsonValue value:
                return (string)value!;
            case JsonObject tagged when tagged["int"] is { } whole:
                var big = BigInteger.Parse((string)whole!, CultureInfo.InvariantCulture);
                return big >= long.MinValue && big <= long.MaxValue ? (object)(long)big : big <= ulong.MaxValue && big >= 0 ? (object)(ulong)big : big;
            case JsonObject tagged when tagged["float"] is { } repr:
                return (string)repr! switch
                {
                    "nan" => PythonJson.PythonNaN, // .NET's double.NaN has the sign bit set; Python's has not
                    "inf" => double.PositiveInfinity,
                    "-inf" => double.NegativeInfinity,
                    string text => double.Parse(text, CultureInfo.InvariantCulture),
                };
            case JsonObject tagged when tagged["bytes"] is { } b64:
                return Convert.FromBase64String((string)b64!);
            case JsonObject tagged when tagged["array"] is { } hex:
                // One item through vlen-array's own layout reader: the typed array in the machine's byte order.
                byte[] raw = Convert.FromHexString((string)hex!);
                byte[] layout = new byte[8 + raw.Length];
                BinaryPrimitives.WriteUInt32LittleEndian(layout, 1);
                BinaryPrimitives.WriteUInt32LittleEndian(layout.AsSpan(4), (uint)raw.Length);
                raw.CopyTo(layout, 8);
                return new VLenArrayCodec(DType.Parse((string)tagged["dtype"]!)).Decode(layout)[0];
            case JsonObject tagged when tagged["dict"] is JsonArray pairs:
                var entries = pairs.Select(p => KeyValuePair.Create(Value(p![0])!, Value(p[1]))).ToList();
                if (entries.All(e => e.Key is string))
                {
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach ((object key, object? v) in entries)
                    {
                        map[(string)key] = v;
                    }

                    return map;
                }

                return entries;
            default:
                throw new InvalidDataException($"Unknown tagged value {node.ToJsonString()}");
        }
    }

    /// <summary>Deep equality of decoded values: NaN equals NaN, sequences and maps compare in order.</summary>
    public static bool DeepEquals(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (double x, double y):
                return x.Equals(y); // NaN equals NaN; 0.0 and -0.0 differ, as their reprs do
            case (string x, string y):
                return x == y;
            case (IDictionary<string, object?> x, IDictionary<string, object?> y):
                return x.Count == y.Count && x.Zip(y).All(p => p.First.Key == p.Second.Key && DeepEquals(p.First.Value, p.Second.Value));
            case (IEnumerable<KeyValuePair<object, object?>> x, IEnumerable<KeyValuePair<object, object?>> y):
                var xs = x.ToList();
                var ys = y.ToList();
                return xs.Count == ys.Count && xs.Zip(ys).All(p => DeepEquals(p.First.Key, p.Second.Key) && DeepEquals(p.First.Value, p.Second.Value));
            case (IEnumerable x, IEnumerable y) when a is not string && b is not string:
                var xl = x.Cast<object?>().ToList();
                var yl = y.Cast<object?>().ToList();
                return (a is not Array || b is not Array || a.GetType() == b.GetType()) &&
                       xl.Count == yl.Count && xl.Zip(yl).All(p => DeepEquals(p.First, p.Second));
            default:
                return a.GetType() == b.GetType() && a.Equals(b);
        }
    }

    public static string FirstDifference(ObjectArray expected, ObjectArray actual)
    {
        if (expected.DType != actual.DType || !expected.Shape.SequenceEqual(actual.Shape))
        {
            return $"dtype/shape {expected.DType} ({string.Join(",", expected.Shape)}) vs {actual.DType} ({string.Join(",", actual.Shape)})";
        }

        for (int i = 0; i < expected.Count; i++)
        {
            if (!DeepEquals(expected[i], actual[i]))
            {
                return $"item {i}: expected {expected[i]} ({expected[i]?.GetType().Name}), got {actual[i]} ({actual[i]?.GetType().Name})";
            }
        }

        return "no difference";
    }

    public static bool DeepEquals(ObjectArray a, ObjectArray b) =>
        a.DType == b.DType && a.Shape.SequenceEqual(b.Shape) && a.Count == b.Count && Enumerable.Range(0, a.Count).All(i => DeepEquals(a[i], b[i]));
}
