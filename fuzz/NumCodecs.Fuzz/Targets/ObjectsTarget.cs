using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;

namespace NumCodecs.Fuzz.Targets;

/// <summary>
/// Object codecs (<see cref="CodecRegistry.GetObjectCodec(string)"/>): the first input byte picks a config, the rest is
/// decoded. What decodes must encode again (both encode overloads, same bytes), and for configs that keep every value,
/// decode to the same items.
/// </summary>
internal sealed class ObjectsTarget : FuzzTarget
{
    private static readonly (string Json, bool Lossless)[] s_configs =
    [
        ("""{"id": "vlen-utf8"}""", true),
        ("""{"id": "vlen-bytes"}""", true),
        ("""{"id": "vlen-array", "dtype": "<i2"}""", true),
        ("""{"id": "vlen-array", "dtype": ">f8"}""", true),
        ("""{"id": "vlen-array", "dtype": "|u1"}""", true),
        ("""{"id": "vlen-array", "dtype": "<i8"}""", true),
        ("""{"id": "vlen-array", "dtype": "|b1"}""", false), // any nonzero byte decodes as true
        ("""{"id": "vlen-array", "dtype": "<U2"}""", true),
        ("""{"id": "json2", "encoding": "utf-8", "skipkeys": false, "ensure_ascii": true, "check_circular": true, "allow_nan": true, "sort_keys": true, "indent": null, "separators": [",", ":"], "strict": true}""", true),
        ("""{"id": "json2", "encoding": "utf-8", "skipkeys": false, "ensure_ascii": false, "check_circular": true, "allow_nan": true, "sort_keys": true, "indent": null, "separators": [",", ":"], "strict": true}""", true),
        ("""{"id": "json2", "encoding": "utf-8", "skipkeys": false, "ensure_ascii": true, "check_circular": true, "allow_nan": true, "sort_keys": false, "indent": 2, "separators": [",", ":"], "strict": false}""", true),
        ("""{"id": "json2", "encoding": "latin-1", "skipkeys": false, "ensure_ascii": true, "check_circular": true, "allow_nan": false, "sort_keys": true, "indent": null, "separators": [", ", ": "], "strict": true}""", true),
        ("""{"id": "msgpack2", "raw": false, "use_bin_type": true, "use_single_float": false}""", true),
        ("""{"id": "msgpack2", "raw": true, "use_bin_type": true, "use_single_float": false}""", true),
        ("""{"id": "msgpack2", "raw": false, "use_bin_type": true, "use_single_float": true}""", false), // float64 -> float32
        ("""{"id": "msgpack2", "raw": false, "use_bin_type": false, "use_single_float": false}""", false), // bytes -> str
        ("""{"id": "categorize", "labels": ["ford", "toyota", "renault", "citroen"], "dtype": "|O", "astype": "|u1"}""", true),
        ("""{"id": "categorize", "labels": ["toyota", "ford"], "dtype": "|O", "astype": "<u2"}""", true),
    ];

    private readonly ObjectCodec[] _codecs = s_configs.Select(c => CodecRegistry.GetObjectCodec(c.Json)).ToArray();

    public override void Run(byte[] input)
    {
        var reader = new InputReader(input);
        int index = reader.Choose(_codecs.Length);
        ObjectCodec codec = _codecs[index];
        byte[] data = reader.Rest();
        string name = codec.GetConfig().ToJsonString();

        Outcome<ObjectArray> decoded = Call.Attempt($"{name}.Decode", () => codec.Decode(data));
        if (!decoded.Ok)
        {
            return;
        }

        // ArgumentException: items the codec cannot write (for instance text an ASCII-only encoding cannot hold).
        Outcome<byte[]> encoded = Call.Attempt($"{name}.Encode(decoded)", () => codec.Encode(decoded.Value!), Allow.Argument);
        Outcome<byte[]> viaWriter = Call.Attempt($"{name}.Encode(decoded, IBufferWriter)", () =>
        {
            var writer = new ArrayBufferWriter<byte>();
            codec.Encode(decoded.Value!, writer);
            return writer.WrittenSpan.ToArray();
        }, Allow.Argument);
        Call.Check(
            encoded.Ok == viaWriter.Ok && (!encoded.Ok || encoded.Value.AsSpan().SequenceEqual(viaWriter.Value)),
            $"{name}: Encode(array) gave {encoded} and Encode(array, IBufferWriter) {viaWriter}, or different bytes.");
        if (!encoded.Ok)
        {
            return;
        }

        Outcome<ObjectArray> again = Call.Attempt($"{name}.Decode(Encode(decoded))", () => codec.Decode(encoded.Value!));
        if (!s_configs[index].Lossless)
        {
            return;
        }

        Call.Check(again.Ok, $"{name}: the re-encoding of decoded items does not decode: {again}.");
        string first = Describe(decoded.Value!);
        string second = Describe(again.Value!);
        Call.Check(first == second, $"{name}: decoded items changed in a round trip:\n  {Clip(first)}\n  {Clip(second)}");
    }

    public override IEnumerable<Seed> Seeds(SeedContext context)
    {
        ObjectArray[] arrays =
        [
            ObjectArray.FromStrings(["foo", "bar", null, "", "caf\u00e9", "\u6f22\u5b57", "baz"]),
            new ObjectArray([new byte[] { 1, 2, 3 }, Array.Empty<byte>(), Encoding.UTF8.GetBytes("bytes"), null]),
            new ObjectArray([new short[] { 1, -2, 300 }, Array.Empty<short>(), new short[] { short.MinValue }]),
            new ObjectArray([new double[] { 0.5, -1e300, double.NaN }, new double[] { 3 }]),
            new ObjectArray([new byte[] { 0, 255 }, new byte[] { 7 }]),
            new ObjectArray([new long[] { long.MaxValue, 0 }, Array.Empty<long>()]),
            new ObjectArray([1L, 2.5, "three", null, true, new List<object?> { 1L, "x" }, new Dictionary<string, object?> { ["k"] = 1L, ["a"] = "b" }]),
            ObjectArray.FromStrings(["ford", "toyota", "ford", "citroen", "other", "renault"]),
            new ObjectArray(["a", "b", "c", "d"], [2, 2]),
        ];

        for (int i = 0; i < _codecs.Length; i++)
        {
            foreach (ObjectArray array in arrays)
            {
                byte[]? encoded = null;
                try
                {
                    encoded = _codecs[i].Encode(array);
                }
                catch (Exception e) when (e is NumCodecsException or ArgumentException or InvalidCastException)
                {
                    // This codec does not take these items.
                }

                if (encoded is not null)
                {
                    yield return new Seed($"own-{i:D2}-{Array.IndexOf(arrays, array)}", [(byte)i, .. encoded]);
                }
            }
        }

        string[] ids = ["vlen-utf8", "vlen-bytes", "vlen-array", "json2", "msgpack2", "categorize"];
        foreach (SeedContext.Fixture fixture in context.Fixtures(ids))
        {
            if (!CodecRegistry.IsObjectCodec(fixture.Codec))
            {
                continue; // categorize's fixtures include fixed-length text (a byte codec)
            }

            int index = Array.FindIndex(_codecs, c => System.Text.Json.Nodes.JsonNode.DeepEquals(c.GetConfig(), CodecRegistry.GetObjectCodec(fixture.Codec).GetConfig()));
            if (index < 0)
            {
                string id = fixture.Codec["id"]!.GetValue<string>();
                index = Array.FindIndex(_codecs, c => c.CodecId == id);
            }

            yield return new Seed(fixture.Name, [(byte)index, .. fixture.Encoded]);
        }
    }

    /// <summary>A canonical text of the items: types and values, maps by sorted key, NaN as itself.</summary>
    private static string Describe(ObjectArray array)
    {
        var text = new StringBuilder();
        text.Append(array.DType).Append(" (").Append(string.Join(",", array.Shape)).Append(") ");
        foreach (object? item in array.Items)
        {
            Describe(item, text, 0);
            text.Append(';');
        }

        return text.ToString();
    }

    private static void Describe(object? item, StringBuilder text, int depth)
    {
        if (depth > 1200)
        {
            text.Append("...");
            return;
        }

        switch (item)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                text.Append("s\"").Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case byte[] bytes:
                text.Append("b'").Append(Convert.ToHexString(bytes)).Append('\'');
                break;
            case double d:
                text.Append("d:").Append(BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(-0.0) ? "-0" : d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float f:
                text.Append("f:").Append(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case IDictionary map:
                text.Append('{');
                foreach (object key in map.Keys.Cast<object>().OrderBy(k => k.ToString(), StringComparer.Ordinal))
                {
                    Describe(key, text, depth + 1);
                    text.Append(':');
                    Describe(map[key], text, depth + 1);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case IEnumerable list:
                // A typed array (vlen-array's items) is named by its element type, so int[] and long[] differ.
                if (list is Array typed && typed.GetType().GetElementType() is { IsValueType: true } elementType)
                {
                    text.Append(elementType.Name);
                }

                text.Append('[');
                foreach (object? element in list)
                {
                    Describe(element, text, depth + 1);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case IFormattable formattable:
                text.Append(item.GetType().Name).Append(':').Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(item.GetType().Name).Append(':').Append(item);
                break;
        }
    }

    private static string Clip(string text) => text.Length <= 400 ? text : text[..400] + "...";
}
