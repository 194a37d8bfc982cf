using System.Text.Json.Nodes;
using NumCodecs.Pipeline;

namespace NumCodecs.Cli;

/// <summary>
/// A <c>--codec</c> argument in the Zarr v3 dialect: one v3 codec entry (<c>{"name": ...}</c>) or a JSON array of them,
/// as in a <c>zarr.json</c>. Chains with an array codec (<c>bytes</c>, <c>transpose</c>, <c>sharding_indexed</c>, ...)
/// encode one chunk of <c>--shape</c> elements of <c>--dtype</c>; chains of bytes to bytes codecs alone encode bytes.
/// The chunk's elements are read and written in C order, little endian, whatever the chain stores.
/// </summary>
internal sealed class V3Chain
{
    private readonly CodecPipeline? _pipeline;
    private readonly IBytesToBytesCodec[] _bytesCodecs;
    private readonly ChunkSpec _bytesSpec;

    private V3Chain(CodecPipeline? pipeline, IBytesToBytesCodec[] bytesCodecs, ChunkSpec bytesSpec)
    {
        _pipeline = pipeline;
        _bytesCodecs = bytesCodecs;
        _bytesSpec = bytesSpec;
    }

    /// <summary>Whether the parsed JSON is in the v3 dialect: an entry with a "name", or an array of entries or names.</summary>
    public static bool IsV3(JsonNode? node) => node switch
    {
        JsonObject entry => entry.ContainsKey("name"),
        JsonArray { Count: > 0 } array => array[0] is JsonObject first ? first.ContainsKey("name") : array[0] is JsonValue,
        _ => false,
    };

    /// <summary>Builds the chain.</summary>
    /// <param name="node">The parsed <c>--codec</c> value.</param>
    /// <param name="dtypeText">A v3 data type name or a numpy type string.</param>
    /// <param name="shapeText">The chunk's shape, comma-separated; needed when the chain has array codecs.</param>
    public static V3Chain Create(JsonNode node, string dtypeText, string? shapeText)
    {
        DType dtype = ParseDType(dtypeText);
        JsonArray entries = node as JsonArray ?? [node.DeepClone()];
        ICodec[] codecs = entries.Select(entry => entry switch
        {
            JsonObject codec => CodecRegistry.GetV3Codec(codec),
            JsonValue name when name.TryGetValue(out string? text) => CodecRegistry.GetV3Codec(new JsonObject { ["name"] = text }),
            _ => throw new CodecConfigException($"Every entry of a v3 codec chain is an object with a \"name\", not {entry?.ToJsonString() ?? "null"}."),
        }).ToArray();

        if (codecs.All(codec => codec.Kind == CodecKind.BytesToBytes))
        {
            return new V3Chain(null, codecs.Cast<IBytesToBytesCodec>().ToArray(), new ChunkSpec([], dtype));
        }

        if (shapeText is null)
        {
            throw new CliUsageException(
                "--shape is needed for a v3 chain with array codecs (bytes, transpose, sharding_indexed, numcodecs filters): the chunk's shape, such as --shape 100,200.");
        }

        var pipeline = CodecPipeline.Create(codecs, new ChunkSpec(ParseShape(shapeText), dtype));
        return new V3Chain(pipeline, [], pipeline.Spec);
    }

    public byte[] Encode(byte[] data)
    {
        if (_pipeline is not null)
        {
            if (data.Length != _pipeline.Spec.ByteLength)
            {
                throw new CliUsageException(
                    $"The input has {data.Length} bytes; a chunk of --shape {string.Join(",", _pipeline.Spec.Shape)} and --dtype {Name(_pipeline.Spec.DataType)} has {_pipeline.Spec.ByteLength}.");
            }

            return _pipeline.Encode(data);
        }

        foreach (IBytesToBytesCodec codec in _bytesCodecs)
        {
            var writer = new System.Buffers.ArrayBufferWriter<byte>();
            codec.Encode(_bytesSpec, data, writer);
            data = writer.WrittenSpan.ToArray();
        }

        return data;
    }

    public byte[] Decode(byte[] data)
    {
        if (_pipeline is not null)
        {
            return _pipeline.Decode(data);
        }

        for (int i = _bytesCodecs.Length - 1; i >= 0; i--)
        {
            var writer = new System.Buffers.ArrayBufferWriter<byte>();
            _bytesCodecs[i].Decode(_bytesSpec, data, writer);
            data = writer.WrittenSpan.ToArray();
        }

        return data;
    }

    private static DType ParseDType(string text)
    {
        if (DType.TryParseZarrV3(text, out DType? v3))
        {
            return v3;
        }

        if (DType.TryParse(text, out DType? v2))
        {
            return v2;
        }

        throw new CliUsageException($"--dtype '{text}' is neither a Zarr v3 data type (int32, float64, bool, ...) nor a numpy type string (<i4, >f8, |b1, ...).");
    }

    private static int[] ParseShape(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.Select(part => int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int extent) && extent > 0
            ? extent
            : throw new CliUsageException($"--shape '{text}' is not a comma-separated list of positive integers.")).ToArray();
    }

    private static string Name(DType dtype) => dtype.ZarrV3Name ?? dtype.ToString();
}
