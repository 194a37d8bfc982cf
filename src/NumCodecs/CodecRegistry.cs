using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Pipeline;

namespace NumCodecs;

/// <summary>
/// Builds codecs from numcodecs configs (the <c>compressor</c> and <c>filters</c> entries of a Zarr v2
/// <c>.zarray</c>), as numcodecs' <c>get_codec</c> does. The built-in codecs are registered in
/// <see cref="BuiltInCodecs"/>; third parties add theirs with <see cref="Register"/>. Object codecs (object arrays in,
/// bytes out: <c>vlen-utf8</c>, <c>json2</c>, ...) have their own table: <see cref="GetObjectCodec(JsonObject)"/>.
/// </summary>
public static class CodecRegistry
{
    private static readonly ConcurrentDictionary<string, Func<JsonObject, Codec>> s_factories = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Func<JsonObject, ObjectCodec>> s_objectFactories = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Func<JsonObject?, ICodec>> s_v3Factories = new(StringComparer.Ordinal);

    private const string NumcodecsPrefix = "numcodecs.";

#pragma warning disable CA1810 // the built-ins are registered once, after every table exists
    static CodecRegistry() => BuiltInCodecs.Register(
        (id, factory) => s_factories[id] = factory,
        (id, factory) => s_objectFactories[id] = factory,
        (name, factory) => s_v3Factories[name] = factory);
#pragma warning restore CA1810

    /// <summary>
    /// The Zarr v3 codec names with a registered factory, in ordinal order. Every registered v2 id is also available
    /// as <c>numcodecs.&lt;id&gt;</c>, which this list leaves out.
    /// </summary>
    public static IReadOnlyList<string> V3CodecNames => s_v3Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Registers (or replaces) the factory of a Zarr v3 codec name. The factory receives the entry's
    /// <c>configuration</c> (null when absent) and returns an <see cref="IArrayToArrayCodec"/>,
    /// <see cref="IArrayToBytesCodec"/> or <see cref="IBytesToBytesCodec"/>.
    /// </summary>
    /// <param name="name">The v3 name, as in a <c>zarr.json</c> <c>codecs</c> entry.</param>
    /// <param name="factory">Builds a codec from a configuration; should throw <see cref="CodecConfigException"/> for bad ones.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static void RegisterV3(string name, Func<JsonObject?, ICodec> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        s_v3Factories[name] = factory;
    }

    /// <summary>Whether a v3 codec name can be built: registered, or <c>numcodecs.&lt;id&gt;</c> for a registered id.</summary>
    /// <param name="name">A v3 codec name.</param>
    /// <returns><see langword="true"/> when <see cref="GetV3Codec(JsonObject)"/> knows it.</returns>
    public static bool IsV3Registered(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_v3Factories.ContainsKey(name) ||
               (name.StartsWith(NumcodecsPrefix, StringComparison.Ordinal) && s_factories.ContainsKey(name[NumcodecsPrefix.Length..]));
    }

    /// <summary>Builds a Zarr v3 codec from its entry given as JSON text.</summary>
    /// <param name="json">An entry such as <c>{"name": "zstd", "configuration": {"level": 0, "checksum": false}}</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The text is not a JSON object, or the entry is invalid.</exception>
    /// <exception cref="UnknownCodecException">The name is not registered.</exception>
    public static ICodec GetV3Codec(string json) => GetV3Codec(ParseConfig(json));

    /// <summary>
    /// Builds a Zarr v3 codec from a <c>codecs</c> entry: <c>{"name": ..., "configuration": {...}}</c>, the
    /// configuration optional. <c>numcodecs.&lt;id&gt;</c> names build the numcodecs codec of that id from the
    /// configuration (zarr-python 3's convention), as an array to array codec for the filters zarr-python 3 runs that
    /// way (delta, astype, bitround, fixedscaleoffset, packbits, quantize) and a bytes to bytes codec otherwise.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The entry has no string name, unknown keys, or an invalid configuration.</exception>
    /// <exception cref="UnknownCodecException">The name is not registered.</exception>
    public static ICodec GetV3Codec(JsonObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string name = entry["name"] is JsonValue nameValue && nameValue.TryGetValue(out string? text)
            ? text
            : throw new CodecConfigException("name", $"A v3 codec entry needs a string \"name\"{(entry.ContainsKey("id") ? " (this looks like a v2 config: build it with GetCodec)" : string.Empty)}.");
        foreach (KeyValuePair<string, JsonNode?> item in entry)
        {
            if (item.Key is not ("name" or "configuration" or "must_understand"))
            {
                throw new CodecConfigException(item.Key, $"Unknown key \"{item.Key}\" in the v3 entry of '{name}'; expected name and configuration.");
            }
        }

        JsonObject? configuration = entry["configuration"] switch
        {
            null => null,
            JsonObject value => (JsonObject)value.DeepClone(),
            JsonNode other => throw new CodecConfigException("configuration", $"The configuration of '{name}' must be an object, not {other.ToJsonString()}."),
        };
        if (s_v3Factories.TryGetValue(name, out Func<JsonObject?, ICodec>? factory))
        {
            return factory(configuration);
        }

        if (name.StartsWith(NumcodecsPrefix, StringComparison.Ordinal))
        {
            string id = name[NumcodecsPrefix.Length..];
            if (configuration?.ContainsKey("id") == true)
            {
                throw new CodecConfigException("id", $"The configuration of '{name}' must not carry an \"id\"; the name gives it.");
            }

            JsonObject config = (JsonObject?)configuration?.DeepClone() ?? [];
            config.Insert(0, "id", id);
            if (s_factories.TryGetValue(id, out Func<JsonObject, Codec>? v2Factory))
            {
                // The entry is written back as read: where the codec's own config differs (defaults numcodecs adds, a
                // v3 name of its own), the codec is wrapped with the entry.
                Codec codec = v2Factory(config);
                var read = new JsonObject { ["name"] = name, ["configuration"] = configuration?.DeepClone() ?? new JsonObject() };
                if (Array.IndexOf(NumcodecsArrayToArrayCodec.Ids, id) >= 0)
                {
                    return new NumcodecsArrayToArrayCodec(codec, SameEntry(codec.GetV3Config(), read) ? null : read);
                }

                return SameEntry(codec.GetV3Config(), read) ? codec : new NamedBytesCodec(name, codec, read);
            }
        }

        throw BuiltInCodecs.Refused.TryGetValue(name[(name.StartsWith(NumcodecsPrefix, StringComparison.Ordinal) ? NumcodecsPrefix.Length : 0)..], out string? reason)
            ? new CodecConfigException("name", reason)
            : UnknownCodecException.ForV3Name(name, V3CodecNames);
    }

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

    /// <summary>The object codec ids (object arrays in, bytes out) with a registered factory, in ordinal order.</summary>
    public static IReadOnlyList<string> ObjectCodecIds => s_objectFactories.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Registers (or replaces) the object codec factory for <paramref name="codecId"/>.</summary>
    /// <param name="codecId">The <c>"id"</c> the factory's configs carry.</param>
    /// <param name="factory">Builds an object codec from a config; should throw <see cref="CodecConfigException"/> for bad ones.</param>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    public static void RegisterObjectCodec(string codecId, Func<JsonObject, ObjectCodec> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(codecId);
        ArgumentNullException.ThrowIfNull(factory);
        s_objectFactories[codecId] = factory;
    }

    /// <summary>
    /// Whether a config names an object codec, the kind <see cref="GetObjectCodec(JsonObject)"/> builds: its id is
    /// registered only as one, or (<c>categorize</c>, registered as both) its <c>dtype</c> is <c>|O</c>.
    /// </summary>
    /// <param name="config">A codec config.</param>
    /// <returns><see langword="true"/> for an object codec config.</returns>
    public static bool IsObjectCodec(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string? id = config["id"] is JsonValue idValue && idValue.TryGetValue(out string? text) ? text : null;
        return id is not null && s_objectFactories.ContainsKey(id) &&
               (!s_factories.ContainsKey(id) || (config["dtype"] is JsonValue dtype && dtype.TryGetValue(out string? typestr) && typestr == "|O"));
    }

    /// <summary>Builds a codec from a config given as JSON text.</summary>
    /// <param name="json">A JSON object such as <c>{"id": "zstd", "level": 3}</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The text is not a JSON object, or the config is invalid.</exception>
    /// <exception cref="UnknownCodecException">No factory is registered for the id.</exception>
    public static Codec GetCodec(string json) => GetCodec(ParseConfig(json));

    /// <summary>Builds a codec from a config given as a <see cref="JsonElement"/>.</summary>
    /// <param name="config">A JSON object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The element is not an object, or the config is invalid.</exception>
    /// <exception cref="UnknownCodecException">No factory is registered for the id.</exception>
    public static Codec GetCodec(JsonElement config) => GetCodec(ToConfig(config));

    /// <summary>Builds a codec from a config.</summary>
    /// <param name="config">A JSON object with an <c>"id"</c>.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="CodecConfigException">The config has no string id, is invalid for its codec, or names an object codec.</exception>
    /// <exception cref="UnknownCodecException">No factory is registered for the id.</exception>
    public static Codec GetCodec(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (IsObjectCodec(config))
        {
            throw new CodecConfigException(
                "id",
                $"'{ReadId(config)}' with this config is an object codec (object arrays in, bytes out): build it with CodecRegistry.GetObjectCodec.");
        }

        return Build(s_factories, config, CodecIds);
    }

    /// <summary>Builds an object codec from a config given as JSON text.</summary>
    /// <param name="json">A JSON object such as <c>{"id": "vlen-utf8"}</c>.</param>
    /// <returns>The object codec.</returns>
    /// <exception cref="CodecConfigException">The text is not a JSON object, or the config is invalid.</exception>
    /// <exception cref="UnknownCodecException">No object codec factory is registered for the id.</exception>
    public static ObjectCodec GetObjectCodec(string json) => GetObjectCodec(ParseConfig(json));

    /// <summary>Builds an object codec from a config.</summary>
    /// <param name="config">A JSON object with an <c>"id"</c>.</param>
    /// <returns>The object codec.</returns>
    /// <exception cref="CodecConfigException">The config has no string id or is invalid for its codec.</exception>
    /// <exception cref="UnknownCodecException">No object codec factory is registered for the id.</exception>
    public static ObjectCodec GetObjectCodec(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Build(s_objectFactories, config, ObjectCodecIds);
    }

    private static bool SameEntry(JsonObject written, JsonObject read)
    {
        // An absent configuration and an empty one mean the same.
        JsonNode? writtenConfiguration = written["configuration"] ?? new JsonObject();
        return written["name"]?.GetValue<string>() == read["name"]?.GetValue<string>() &&
               JsonNode.DeepEquals(writtenConfiguration, read["configuration"]);
    }

    private static T Build<T>(ConcurrentDictionary<string, Func<JsonObject, T>> factories, JsonObject config, IReadOnlyList<string> known)
    {
        string id = ReadId(config);
        if (!factories.TryGetValue(id, out Func<JsonObject, T>? factory))
        {
            throw BuiltInCodecs.Refused.TryGetValue(id, out string? reason)
                ? new CodecConfigException("id", reason)
                : new UnknownCodecException(id, known);
        }

        // The factory gets its own copy, so a caller's later edits cannot reach a codec.
        return factory((JsonObject)config.DeepClone());
    }

    private static string ReadId(JsonObject config) =>
        config["id"] is JsonValue idValue && idValue.TryGetValue(out string? id)
            ? id
            : throw new CodecConfigException("id", "A codec config needs a string \"id\".");

    private static JsonObject ParseConfig(string json)
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

        return node as JsonObject ?? throw new CodecConfigException($"A codec config is a JSON object, not {node?.ToJsonString() ?? "null"}.");
    }

    private static JsonObject ToConfig(JsonElement config) =>
        config.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(config)!
            : throw new CodecConfigException($"A codec config is a JSON object, not {config.ValueKind}.");
}
