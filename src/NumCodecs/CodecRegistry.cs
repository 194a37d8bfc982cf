using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumCodecs;

/// <summary>
/// Builds codecs from numcodecs configs (the <c>compressor</c> and <c>filters</c> entries of a Zarr v2
/// <c>.zarray</c>), as numcodecs' <c>get_codec</c> does. The built-in codecs are registered in
/// <see cref="BuiltInCodecs"/>; third parties add theirs with <see cref="Register"/>.
/// </summary>
public static class CodecRegistry
{
    private static readonly ConcurrentDictionary<string, Func<JsonObject, Codec>> s_factories = CreateBuiltIns();

    /// <summary>The ids with a registered factory, in ordinal order.</summary>
    public static IReadOnlyList<string> CodecIds => s_factories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Registers (or replaces) the factory for <paramref name="codecId"/>, as numcodecs' <c>register_codec</c> does.</summary>
    /// <param name="codecId">The <c>"id"</c> the factory's configs carry.</param>
    /// <param name="factory">Builds a codec from a config; should throw <see cref="CodecConfigException"/> for bad ones.</param>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    public static void Register(string codecId, Func<JsonObject, Codec> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(codecId);
        ArgumentNullException.ThrowIfNull(factory);
        s_factories[codecId] = factory;
    }

    /// <summary>Whether a factory is registered for <paramref name="codecId"/>.</summary>
    /// <param name="codecId">A codec id.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public static bool IsRegistered(string codecId) => s_factories.ContainsKey(codecId);

    /// <summary>Builds a codec from a config given as JSON text.</summary>
    /// <param name="json">A JSON object such as <c>{"id": "zstd", "level": 3}</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The text is not a JSON object, or the config is invalid.</exception>
    /// <exception cref="UnknownCodecException">No factory is registered for the id.</exception>
    public static Codec GetCodec(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CodecConfigException($"The codec config is not valid JSON: {e.Message}", e);
        }

        return node is JsonObject config
            ? GetCodec(config)
            : throw new CodecConfigException($"A codec config is a JSON object, not {node?.ToJsonString() ?? "null"}.");
    }

    /// <summary>Builds a codec from a config given as a <see cref="JsonElement"/>.</summary>
    /// <param name="config">A JSON object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The element is not an object, or the config is invalid.</exception>
    /// <exception cref="UnknownCodecException">No factory is registered for the id.</exception>
    public static Codec GetCodec(JsonElement config) =>
        config.ValueKind == JsonValueKind.Object
            ? GetCodec(JsonObject.Create(config)!)
            : throw new CodecConfigException($"A codec config is a JSON object, not {config.ValueKind}.");

    /// <summary>Builds a codec from a config.</summary>
    /// <param name="config">A JSON object with an <c>"id"</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config has no string id or is invalid for its codec.</exception>
    /// <exception cref="UnknownCodecException">No factory is registered for the id.</exception>
    public static Codec GetCodec(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config["id"] is not JsonValue idValue || !idValue.TryGetValue(out string? id))
        {
            throw new CodecConfigException("id", "A codec config needs a string \"id\".");
        }

        if (!s_factories.TryGetValue(id, out Func<JsonObject, Codec>? factory))
        {
            throw BuiltInCodecs.Refused.TryGetValue(id, out string? reason)
                ? new CodecConfigException("id", reason)
                : new UnknownCodecException(id, CodecIds);
        }

        // The factory gets its own copy, so a caller's later edits cannot reach a codec.
        return factory((JsonObject)config.DeepClone());
    }

    private static ConcurrentDictionary<string, Func<JsonObject, Codec>> CreateBuiltIns()
    {
        var factories = new ConcurrentDictionary<string, Func<JsonObject, Codec>>(StringComparer.Ordinal);
        BuiltInCodecs.Register((id, factory) => factories[id] = factory);
        return factories;
    }
}
