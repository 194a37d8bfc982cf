using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumCodecs.Internal;

/// <summary>
/// Reads a codec config (numcodecs' <c>get_config()</c> JSON) with the strictness of numcodecs' keyword arguments:
/// unknown keys are rejected, values must have the right JSON type, and every error names its key.
/// </summary>
internal readonly struct CodecConfigReader
{
    private readonly JsonObject _config;
    private readonly string _codecId;

    /// <summary>Checks the id and that every key is one of <paramref name="allowedKeys"/>.</summary>
    /// <exception cref="CodecConfigException">The id differs or a key is unknown.</exception>
    public CodecConfigReader(JsonObject config, string codecId, params ReadOnlySpan<string> allowedKeys)
        : this(config, codecId, hasId: true, allowedKeys)
    {
    }

    private CodecConfigReader(JsonObject config, string codecId, bool hasId, ReadOnlySpan<string> allowedKeys)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _codecId = codecId;

        string? id = config["id"] is JsonValue idValue && idValue.TryGetValue(out string? text) ? text : null;
        if (hasId && id != codecId)
        {
            throw new CodecConfigException("id", $"Expected a '{codecId}' config, but its \"id\" is {Describe(config["id"])}.");
        }

        foreach (KeyValuePair<string, JsonNode?> entry in config)
        {
            if ((!hasId || entry.Key != "id") && !allowedKeys.Contains(entry.Key))
            {
                throw new CodecConfigException(
                    entry.Key,
                    allowedKeys.IsEmpty
                        ? $"Unknown key \"{entry.Key}\" in the '{codecId}' config; it takes none."
                        : $"Unknown key \"{entry.Key}\" in the '{codecId}' config; expected {string.Join(", ", allowedKeys.ToArray())}.");
            }
        }
    }

    /// <summary>
    /// Reads the <c>configuration</c> of a Zarr v3 codec entry (no <c>"id"</c>; absent means empty): every key must be
    /// one of <paramref name="allowedKeys"/>.
    /// </summary>
    /// <exception cref="CodecConfigException">A key is unknown.</exception>
    public static CodecConfigReader ForV3(JsonObject? configuration, string name, params ReadOnlySpan<string> allowedKeys) =>
        new(configuration ?? [], name, hasId: false, allowedKeys);

    /// <summary>
    /// Whether <paramref name="node"/> is a JSON number that is a 32-bit integer, however the node was made (parsed, or
    /// built from a long or an int).
    /// </summary>
    public static bool TryGetInt32(JsonNode? node, out int result) => JsonNumbers.TryGetInt32(node, out result);

    /// <summary>Whether the key is present at all (null included).</summary>
    public bool Contains(string key) => _config.ContainsKey(key);

    /// <summary>An integer value, or <paramref name="defaultValue"/> when the key is absent or null.</summary>
    /// <exception cref="CodecConfigException">The value is not an integer that fits in 32 bits.</exception>
    public int GetInt32(string key, int defaultValue)
    {
        JsonNode? node = _config[key];
        if (node is null)
        {
            return defaultValue;
        }

        if (JsonNumbers.TryGetInt32(node, out int result))
        {
            return result;
        }

        throw new CodecConfigException(key, $"\"{key}\" in the '{_codecId}' config must be a 32-bit integer, not {Describe(node)}.");
    }

    /// <summary>An integer value that fits in 64 bits, or <paramref name="defaultValue"/> when the key is absent or null.</summary>
    /// <exception cref="CodecConfigException">The value is not such an integer.</exception>
    public long GetInt64(string key, long defaultValue)
    {
        JsonNode? node = _config[key];
        if (node is null)
        {
            return defaultValue;
        }

        if (JsonNumbers.TryGetInt64(node, out long result))
        {
            return result;
        }

        throw new CodecConfigException(key, $"\"{key}\" in the '{_codecId}' config must be an integer, not {Describe(node)}.");
    }

    /// <summary>A Boolean value, or <paramref name="defaultValue"/> when the key is absent or null.</summary>
    /// <exception cref="CodecConfigException">The value is not true or false.</exception>
    public bool GetBoolean(string key, bool defaultValue)
    {
        JsonNode? node = _config[key];
        if (node is null)
        {
            return defaultValue;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new CodecConfigException(key, $"\"{key}\" in the '{_codecId}' config must be true or false, not {Describe(node)}."),
        };
    }

    /// <summary>A string value, or <paramref name="defaultValue"/> when the key is absent or null.</summary>
    /// <exception cref="CodecConfigException">The value is not a string.</exception>
    public string GetString(string key, string defaultValue)
    {
        JsonNode? node = _config[key];
        if (node is null)
        {
            return defaultValue;
        }

        if (node is JsonValue value && value.TryGetValue(out string? text))
        {
            return text;
        }

        throw new CodecConfigException(key, $"\"{key}\" in the '{_codecId}' config must be a string, not {Describe(node)}.");
    }

    /// <summary>Throws <see cref="CodecConfigException"/> naming the first of <paramref name="keys"/> that is absent or null.</summary>
    public void Require(params ReadOnlySpan<string> keys)
    {
        foreach (string key in keys)
        {
            if (!Has(key))
            {
                throw new CodecConfigException(key, $"A '{_codecId}' config needs \"{key}\".");
            }
        }
    }

    /// <summary>A numpy type string value, or <paramref name="defaultValue"/> when the key is absent or null.</summary>
    /// <exception cref="CodecConfigException">The value is not a type string.</exception>
    public DType? GetDType(string key, DType? defaultValue = null)
    {
        if (!Has(key))
        {
            return defaultValue;
        }

        string text = GetString(key, string.Empty);
        return DType.TryParse(text, out DType? dtype)
            ? dtype
            : throw new CodecConfigException(key, $"\"{key}\" '{text}' in the '{_codecId}' config is not a numpy type string such as <i8 or >f4.");
    }

    /// <summary>A JSON array value, or <see langword="null"/> when the key is absent or null.</summary>
    /// <exception cref="CodecConfigException">The value is not an array.</exception>
    public JsonArray? GetArray(string key) => _config[key] switch
    {
        null => null,
        JsonArray array => array,
        JsonNode node => throw new CodecConfigException(key, $"\"{key}\" in the '{_codecId}' config must be a list, not {Describe(node)}."),
    };

    /// <summary>Whether the key is present with a non-null value.</summary>
    public bool Has(string key) => _config[key] is not null;

    private static string Describe(JsonNode? node) => node is null ? "missing" : node.ToJsonString();
}
