using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Pipeline;

namespace NumCodecs.Zarr;

/// <summary>The Zarr format of an array's metadata.</summary>
public enum ZarrFormat
{
    /// <summary>Zarr v2: <c>.zarray</c> and <c>.zattrs</c>.</summary>
    V2 = 2,

    /// <summary>Zarr v3: <c>zarr.json</c>.</summary>
    V3 = 3,
}

/// <summary>
/// An array's metadata in either format: shape, regular chunk grid, data type, fill value, codec chain, chunk key
/// encoding, attributes and (v3) dimension names; read from and written as the format's JSON documents.
/// </summary>
public sealed class ZarrArrayMetadata
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true }; // documents as zarr-python writes them, indented

    private readonly long[] _shape;
    private readonly int[] _chunkShape;
    private readonly char _separator;
    private readonly bool _v3DefaultKeys; // v3 "default" encoding: "c" + separator + coordinates

    private ZarrArrayMetadata(ZarrFormat format, JsonObject document, JsonObject attributes, long[] shape, int[] chunkShape, CodecPipeline pipeline, char separator, bool v3DefaultKeys, string?[]? dimensionNames)
    {
        Format = format;
        Document = document;
        Attributes = attributes;
        _shape = shape;
        _chunkShape = chunkShape;
        Pipeline = pipeline;
        _separator = separator;
        _v3DefaultKeys = v3DefaultKeys;
        DimensionNames = dimensionNames;
    }

    /// <summary>The format.</summary>
    public ZarrFormat Format { get; }

    /// <summary>The array's shape.</summary>
    public IReadOnlyList<long> Shape => _shape.AsReadOnly();

    /// <summary>The chunk shape (for sharded v3 arrays, the shard shape).</summary>
    public IReadOnlyList<int> ChunkShape => _chunkShape.AsReadOnly();

    /// <summary>The data type, as the pipeline's elements hold it (this machine's byte order).</summary>
    public DType DataType => Pipeline.Spec.DataType;

    /// <summary>The codec pipeline of the chunks.</summary>
    public CodecPipeline Pipeline { get; }

    /// <summary>The user attributes (<c>.zattrs</c>, or <c>attributes</c> of <c>zarr.json</c>).</summary>
    public JsonObject Attributes { get; }

    /// <summary>The v3 <c>dimension_names</c>, or null.</summary>
    public IReadOnlyList<string?>? DimensionNames { get; }

    /// <summary>The metadata document as read or written (<c>.zarray</c> or <c>zarr.json</c>).</summary>
    public JsonObject Document { get; }

    internal ReadOnlySpan<long> ShapeSpan => _shape;

    internal ReadOnlySpan<int> ChunkShapeSpan => _chunkShape;

    /// <summary>The store key (relative to the array's path) of the chunk at grid position <paramref name="grid"/>.</summary>
    /// <param name="grid">The chunk's position in the chunk grid.</param>
    /// <returns>The key, such as <c>c/0/3</c> (v3 default) or <c>0.3</c> (v2).</returns>
    public string ChunkKey(ReadOnlySpan<long> grid)
    {
        string coordinates = grid.Length == 0 ? "0" : string.Join(_separator, grid.ToArray());
        if (!_v3DefaultKeys)
        {
            return coordinates;
        }

        return grid.Length == 0 ? "c" : "c" + _separator + coordinates;
    }

    /// <summary>Reads v2 metadata: a <c>.zarray</c> document and the attributes of <c>.zattrs</c>.</summary>
    /// <param name="zarray">The <c>.zarray</c> document.</param>
    /// <param name="attributes">The <c>.zattrs</c> document, or null.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ZarrFormatException">The document is not valid v2 array metadata.</exception>
    public static ZarrArrayMetadata FromZarray(JsonObject zarray, JsonObject? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(zarray);
        long[] shape = ReadShape(zarray["shape"], "shape");
        CodecPipeline pipeline = Wrap(() => CodecPipeline.FromZarray(zarray));
        int[] chunks = [.. pipeline.Spec.Shape];
        CheckRanks(shape, chunks);
        string separator = zarray["dimension_separator"] is JsonValue value && value.TryGetValue(out string? text) ? text : ".";
        if (separator is not ("." or "/"))
        {
            throw new ZarrFormatException($"The .zarray's dimension_separator is \".\" or \"/\", not \"{separator}\".");
        }

        return new ZarrArrayMetadata(ZarrFormat.V2, zarray, attributes ?? [], shape, chunks, pipeline, separator[0], v3DefaultKeys: false, dimensionNames: null);
    }

    /// <summary>Reads v3 metadata: a <c>zarr.json</c> document of node type array.</summary>
    /// <param name="zarrJson">The document.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ZarrFormatException">The document is not valid v3 array metadata, or uses an extension this library does not have.</exception>
    public static ZarrArrayMetadata FromZarrJson(JsonObject zarrJson)
    {
        ArgumentNullException.ThrowIfNull(zarrJson);
        if (zarrJson["node_type"] is not JsonValue nodeType || !nodeType.TryGetValue(out string? node) || node != "array")
        {
            throw new ZarrFormatException("The zarr.json is not an array's (its node_type is not \"array\").");
        }

        if (zarrJson["storage_transformers"] is JsonArray { Count: > 0 })
        {
            throw new ZarrFormatException("The array uses storage_transformers, which this library does not support.");
        }

        long[] shape = ReadShape(zarrJson["shape"], "shape");
        CodecPipeline pipeline = Wrap(() => CodecPipeline.FromZarrJson(zarrJson));
        int[] chunks = [.. pipeline.Spec.Shape];
        CheckRanks(shape, chunks);

        JsonNode? encoding = zarrJson["chunk_key_encoding"];
        string name = encoding?["name"] is JsonValue n && n.TryGetValue(out string? encodingName) ? encodingName : "default";
        string? separatorText = encoding?["configuration"]?["separator"] is JsonValue s && s.TryGetValue(out string? sep) ? sep : null;
        (bool defaultKeys, char separator) = name switch
        {
            "default" => (true, separatorText ?? "/"),
            "v2" => (false, separatorText ?? "."),
            _ => throw new ZarrFormatException($"The chunk key encoding '{name}' is not supported; expected default or v2."),
        } switch
        {
            (bool keys, "/") => (keys, '/'),
            (bool keys, ".") => (keys, '.'),
            (_, string other) => throw new ZarrFormatException($"The chunk key separator is \"/\" or \".\", not \"{other}\"."),
        };

        string?[]? dimensionNames = zarrJson["dimension_names"] switch
        {
            null => null,
            JsonArray names when names.Count == shape.Length => [.. names.Select(item => item is JsonValue v && v.TryGetValue(out string? text) ? text : null)],
            JsonNode other => throw new ZarrFormatException($"dimension_names must be a list of {shape.Length} names or nulls, not {other.ToJsonString()}."),
        };
        JsonObject attributes = zarrJson["attributes"] as JsonObject ?? [];
        return new ZarrArrayMetadata(ZarrFormat.V3, zarrJson, attributes, shape, chunks, pipeline, separator, defaultKeys, dimensionNames);
    }

    /// <summary>Builds v3 metadata for a new array.</summary>
    /// <param name="shape">The array's shape.</param>
    /// <param name="chunkShape">The chunk (or shard) shape.</param>
    /// <param name="dataType">A v3 data type name, such as <c>float32</c>.</param>
    /// <param name="codecs">The v3 codecs array.</param>
    /// <param name="fillValue">The fill value as JSON (null for 0).</param>
    /// <param name="attributes">User attributes, or null.</param>
    /// <param name="dimensionNames">Dimension names, or null.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ZarrFormatException">A part is invalid.</exception>
    public static ZarrArrayMetadata CreateV3(
        ReadOnlySpan<long> shape, ReadOnlySpan<int> chunkShape, string dataType, JsonArray codecs, JsonNode? fillValue = null,
        JsonObject? attributes = null, IReadOnlyList<string?>? dimensionNames = null)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        var document = new JsonObject
        {
            ["zarr_format"] = 3,
            ["node_type"] = "array",
            ["shape"] = new JsonArray([.. shape.ToArray().Select(extent => (JsonNode)extent)]),
            ["data_type"] = dataType,
            ["chunk_grid"] = new JsonObject
            {
                ["name"] = "regular",
                ["configuration"] = new JsonObject { ["chunk_shape"] = new JsonArray([.. chunkShape.ToArray().Select(extent => (JsonNode)extent)]) },
            },
            ["chunk_key_encoding"] = new JsonObject { ["name"] = "default", ["configuration"] = new JsonObject { ["separator"] = "/" } },
            ["fill_value"] = fillValue?.DeepClone() ?? 0,
            ["codecs"] = codecs.DeepClone(),
            ["attributes"] = attributes?.DeepClone() ?? new JsonObject(),
        };
        if (dimensionNames is not null)
        {
            document["dimension_names"] = new JsonArray([.. dimensionNames.Select(name => (JsonNode?)name)]);
        }

        return FromZarrJson(document);
    }

    /// <summary>Builds v2 metadata for a new array.</summary>
    /// <param name="shape">The array's shape.</param>
    /// <param name="chunks">The chunk shape.</param>
    /// <param name="dtype">A numpy type string, such as <c>&lt;f4</c>.</param>
    /// <param name="compressor">The compressor config, or null.</param>
    /// <param name="filters">The filter configs, or null.</param>
    /// <param name="fillValue">The fill value as JSON (null for none).</param>
    /// <param name="order"><c>C</c> or <c>F</c>.</param>
    /// <param name="dimensionSeparator"><c>.</c> or <c>/</c>.</param>
    /// <param name="attributes">User attributes, or null.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ZarrFormatException">A part is invalid.</exception>
    public static ZarrArrayMetadata CreateV2(
        ReadOnlySpan<long> shape, ReadOnlySpan<int> chunks, string dtype, JsonObject? compressor = null, JsonArray? filters = null,
        JsonNode? fillValue = null, string order = "C", string dimensionSeparator = ".", JsonObject? attributes = null)
    {
        var document = new JsonObject
        {
            ["zarr_format"] = 2,
            ["shape"] = new JsonArray([.. shape.ToArray().Select(extent => (JsonNode)extent)]),
            ["chunks"] = new JsonArray([.. chunks.ToArray().Select(extent => (JsonNode)extent)]),
            ["dtype"] = dtype,
            ["compressor"] = compressor?.DeepClone(),
            ["fill_value"] = fillValue?.DeepClone(),
            ["order"] = order,
            ["filters"] = filters?.DeepClone(),
            ["dimension_separator"] = dimensionSeparator,
        };
        return FromZarray(document, attributes);
    }

    /// <summary>The documents to store: key (relative to the array's path) and JSON text.</summary>
    /// <returns>One entry for v3, one or two (with attributes) for v2.</returns>
    public IEnumerable<(string Key, string Json)> GetDocuments()
    {
        if (Format == ZarrFormat.V3)
        {
            yield return ("zarr.json", Document.ToJsonString(s_indented));
            yield break;
        }

        yield return (".zarray", Document.ToJsonString(s_indented));
        if (Attributes.Count > 0)
        {
            yield return (".zattrs", Attributes.ToJsonString(s_indented));
        }
    }

    private static CodecPipeline Wrap(Func<CodecPipeline> build)
    {
        try
        {
            return build();
        }
        catch (CodecConfigException e)
        {
            throw new ZarrFormatException($"The array's metadata is invalid: {e.Message}", e);
        }
    }

    private static long[] ReadShape(JsonNode? node, string key)
    {
        if (node is not JsonArray array)
        {
            throw new ZarrFormatException($"The array's \"{key}\" must be a list of integers, not {node?.ToJsonString() ?? "missing"}.");
        }

        var shape = new long[array.Count];
        for (int d = 0; d < shape.Length; d++)
        {
            shape[d] = array[d] is JsonValue value && value.GetValueKind() == JsonValueKind.Number &&
                       long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long extent)
                ? extent
                : throw new ZarrFormatException($"Item {d} of the array's \"{key}\" is {array[d]?.ToJsonString() ?? "null"}, not a non-negative integer.");
        }

        return shape;
    }

    private static void CheckRanks(long[] shape, int[] chunks)
    {
        if (shape.Length != chunks.Length)
        {
            throw new ZarrFormatException($"The array has {shape.Length} dimensions and its chunks {chunks.Length}.");
        }
    }
}

/// <summary>Zarr metadata (or a store's layout) is invalid or uses what this library does not support; the message says what.</summary>
public sealed class ZarrFormatException : NumCodecsException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ZarrFormatException()
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong.</param>
    public ZarrFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ZarrFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
