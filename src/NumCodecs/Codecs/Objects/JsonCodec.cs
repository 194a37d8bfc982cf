using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Internal;

namespace NumCodecs;

/// <summary>Object arrays as JSON text, exactly as numcodecs' <c>json2</c> (Python's <c>json</c> module) writes them.</summary>
/// <remarks>
/// <para>Id (Zarr v2): <c>json2</c>. Name (Zarr v3): <c>numcodecs.json2</c>.</para>
/// <para>
/// Config: <c>{"id": "json2", "encoding": "utf-8", "skipkeys": false, "ensure_ascii": true, "check_circular": true,
/// "allow_nan": true, "sort_keys": true, "indent": null, "separators": [",", ":"], "strict": true}</c>: Python's
/// <c>json.JSONEncoder</c>/<c>JSONDecoder</c> options. The text is <c>array.tolist()</c> followed by the dtype string
/// and the shape; decoding rebuilds the array with that dtype and shape (numbers take the dtype's type: <c>long</c>,
/// <c>ulong</c>, <c>double</c> or <c>bool</c>). <c>encoding</c> may be <c>utf-8</c>, <c>ascii</c> or <c>latin-1</c>.
/// </para>
/// <para>
/// Items may be null, bool, integers, floating-point numbers, strings, lists and string-keyed maps (see
/// <see cref="ObjectArray"/>); decoded maps are <c>Dictionary&lt;string, object?&gt;</c> in their text order, lists
/// <c>List&lt;object?&gt;</c>. <c>check_circular</c> is accepted and kept in the config; .NET lists cannot be checked
/// cheaply for cycles, and a cyclic one fails at the nesting limit (1,000 levels, also enforced when decoding).
/// </para>
/// </remarks>
public sealed class JsonCodec : ObjectCodec
{
    /// <summary>The codec id, <c>json2</c>.</summary>
    public const string Id = "json2";

    private static readonly string[] s_keys =
        ["encoding", "skipkeys", "ensure_ascii", "check_circular", "allow_nan", "sort_keys", "indent", "separators", "strict"];

    private readonly PythonJson.EncoderOptions _options;
    private readonly Encoding _encoding;
    private readonly JsonNode? _indentConfig;

    /// <summary>Creates a json2 codec with Python's options.</summary>
    /// <param name="encoding">Text encoding: <c>utf-8</c>, <c>ascii</c> or <c>latin-1</c> (and their Python aliases).</param>
    /// <param name="skipKeys">Skip map keys that are not strings, numbers, booleans or null instead of failing.</param>
    /// <param name="ensureAscii">Escape every non-ASCII character as <c>\uXXXX</c>.</param>
    /// <param name="checkCircular">Kept for the config (see remarks).</param>
    /// <param name="allowNan">Write NaN and infinities as <c>NaN</c>/<c>Infinity</c> rather than failing.</param>
    /// <param name="sortKeys">Write map entries sorted by key.</param>
    /// <param name="indent">Spaces per level (an integer, or a bool as Python counts it), the indent text itself (a string), or null for one line.</param>
    /// <param name="separators">Item and key separators; null for <c>(",", ":")</c>, or <c>(", ", ": ")</c> with an indent.</param>
    /// <param name="strict">Refuse control characters inside strings when decoding.</param>
    /// <exception cref="CodecConfigException">An option is invalid; the exception names the key.</exception>
    public JsonCodec(
        string encoding = "utf-8", bool skipKeys = false, bool ensureAscii = true, bool checkCircular = true, bool allowNan = true,
        bool sortKeys = true, JsonNode? indent = null, (string Item, string Key)? separators = null, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        _encoding = TextEncoding(encoding);
        string? indentText = indent switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int spaces) =>
                new string(' ', Math.Max(spaces, 0)),

            // Python's bool is an int: json takes indent=True as 1 space and indent=False as 0 (newlines, no spaces).
            JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False =>
                value.GetValue<bool>() ? " " : string.Empty,
            _ => throw new CodecConfigException("indent", $"json2 indent must be null, an integer, a bool or a string, not {indent.ToJsonString()}."),
        };
        (string item, string key) = separators ?? (indentText is null ? (",", ":") : (", ", ": "));
        Encoding = encoding;
        SkipKeys = skipKeys;
        EnsureAscii = ensureAscii;
        CheckCircular = checkCircular;
        AllowNan = allowNan;
        SortKeys = sortKeys;
        Strict = strict;
        Separators = (item, key);
        _indentConfig = indent?.DeepClone();
        _options = new PythonJson.EncoderOptions(skipKeys, ensureAscii, allowNan, sortKeys, indentText, item, key);
    }

    /// <inheritdoc/>
    public override string CodecId => Id;

    /// <summary>The text encoding (<c>encoding</c>).</summary>
    public string Encoding { get; }

    /// <summary>Python's <c>skipkeys</c>.</summary>
    public bool SkipKeys { get; }

    /// <summary>Python's <c>ensure_ascii</c>.</summary>
    public bool EnsureAscii { get; }

    /// <summary>Python's <c>check_circular</c>.</summary>
    public bool CheckCircular { get; }

    /// <summary>Python's <c>allow_nan</c>.</summary>
    public bool AllowNan { get; }

    /// <summary>Python's <c>sort_keys</c>.</summary>
    public bool SortKeys { get; }

    /// <summary>Python's <c>strict</c> (decoding).</summary>
    public bool Strict { get; }

    /// <summary>The item and key separators (<c>separators</c>).</summary>
    public (string Item, string Key) Separators { get; }

    /// <summary>Builds a codec from its config.</summary>
    /// <param name="config">A <c>json2</c> config.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config is invalid; the exception names the key.</exception>
    public static JsonCodec FromConfig(JsonObject config)
    {
        var reader = new CodecConfigReader(config, Id, s_keys);
        (string, string)? separators = null;
        if (reader.GetArray("separators") is { } pair)
        {
            separators = pair.Count == 2 && pair[0] is JsonValue item && item.TryGetValue(out string? itemText) &&
                         pair[1] is JsonValue key && key.TryGetValue(out string? keyText)
                ? (itemText, keyText)
                : throw new CodecConfigException("separators", $"json2 separators must be a list of two strings, not {pair.ToJsonString()}.");
        }

        return new JsonCodec(
            reader.GetString("encoding", "utf-8"), reader.GetBoolean("skipkeys", false), reader.GetBoolean("ensure_ascii", true),
            reader.GetBoolean("check_circular", true), reader.GetBoolean("allow_nan", true), reader.GetBoolean("sort_keys", true),
            config["indent"], separators, reader.GetBoolean("strict", true));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["id"] = Id,
        ["encoding"] = Encoding,
        ["skipkeys"] = SkipKeys,
        ["ensure_ascii"] = EnsureAscii,
        ["check_circular"] = CheckCircular,
        ["allow_nan"] = AllowNan,
        ["indent"] = _indentConfig?.DeepClone(),
        ["separators"] = new JsonArray(Separators.Item, Separators.Key),
        ["sort_keys"] = SortKeys,
        ["strict"] = Strict,
    };

    /// <inheritdoc/>
    public override string ToString() =>
        $"JSON(encoding='{Encoding}', allow_nan={Py(AllowNan)}, check_circular={Py(CheckCircular)}, ensure_ascii={Py(EnsureAscii)}, " +
        $"indent={IndentRepr()}, separators=('{Separators.Item}', '{Separators.Key}'), " +
        $"skipkeys={Py(SkipKeys)}, sort_keys={Py(SortKeys)}, strict={Py(Strict)})";

    /// <inheritdoc/>
    protected override void EncodeCore(ObjectArray array, IBufferWriter<byte> destination)
    {
        List<object?> items = ArrayItems.ToList(array);
        items.Add(array.DType.ToString());
        items.Add(ArrayItems.ShapeList(array));
        var builder = new StringBuilder();
        PythonJson.WriteArray(builder, items, _options, 0);
        string text = builder.ToString();
        try
        {
            int length = _encoding.GetByteCount(text);
            int written = _encoding.GetBytes(text, destination.GetSpan(length));
            destination.Advance(written);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"The JSON text cannot be encoded as {Encoding}: {e.Message}", nameof(array), e);
        }
    }

    /// <inheritdoc/>
    protected override ObjectArray DecodeCore(ReadOnlySpan<byte> source)
    {
        string text;
        try
        {
            text = _encoding.GetString(source);
        }
        catch (DecoderFallbackException e)
        {
            throw new CorruptDataException($"The {Id} data is not valid {Encoding} text: {e.Message}", e);
        }

        return ArrayItems.FromList(PythonJson.Read(text, Strict), Id, CheckItemCount);
    }

    private static Encoding TextEncoding(string name) => name.ToLowerInvariant().Replace('_', '-') switch
    {
        "utf-8" or "utf8" or "u8" or "utf" => StrictText.Utf8,
        "ascii" or "us-ascii" or "646" => System.Text.Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        "latin-1" or "latin1" or "iso-8859-1" or "iso8859-1" or "l1" => System.Text.Encoding.GetEncoding("iso-8859-1", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => throw new CodecConfigException("encoding", $"json2 encoding '{name}' is not supported; use utf-8, ascii or latin-1."),
    };

    private static string Py(bool value) => value ? "True" : "False";

    private string IndentRepr() => _indentConfig switch
    {
        null => "None",
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => Py(value.GetValue<bool>()),
        _ => _indentConfig.ToJsonString(),
    };
}
