using System.Buffers;
using System.Text.Json.Nodes;

namespace NumCodecs.Cli;

/// <summary>
/// The codecs of a <c>--codec</c> argument: one numcodecs config, a JSON array of them (a Zarr v2 filters and
/// compressor chain: applied in order on encode, in reverse on decode), or either in a file named as <c>@path</c>.
/// </summary>
internal sealed class CodecChain
{
    private CodecChain(ObjectCodec? objectCodec, IReadOnlyList<Codec> codecs)
    {
        ObjectCodec = objectCodec;
        Codecs = codecs;
    }

    /// <summary>The object codec that starts the chain (a Zarr <c>|O</c> array's first filter), if any.</summary>
    public ObjectCodec? ObjectCodec { get; }

    /// <summary>The byte codecs, in encoding order.</summary>
    public IReadOnlyList<Codec> Codecs { get; }

    /// <summary>The JSON of a <c>--codec</c> argument: the text itself, or the file named after an <c>@</c>.</summary>
    public static JsonNode? ParseJson(string argument)
    {
        string text = argument.StartsWith('@') ? File.ReadAllText(argument[1..]) : argument;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CodecConfigException($"The codec config is not valid JSON: {e.Message}", e);
        }
    }

    public static CodecChain Parse(string argument)
    {
        JsonNode? node = ParseJson(argument);
        if (V3Chain.IsV3(node))
        {
            throw new CliUsageException("This command takes numcodecs configs (with an \"id\"), not Zarr v3 entries.");
        }

        JsonObject[] configs = node switch
        {
            JsonObject config => [config],
            JsonArray array when array.Count > 0 => [.. array.Select(item => item as JsonObject
                ?? throw new CodecConfigException($"Every entry of a codec chain is a config object, not {item?.ToJsonString() ?? "null"}."))],
            _ => throw new CodecConfigException("--codec takes a JSON config object, a non-empty JSON array of them, or @file."),
        };

        // An object codec turns object arrays into bytes, so it can only come first, as in a Zarr |O array's filters.
        ObjectCodec? objectCodec = CodecRegistry.IsObjectCodec(configs[0]) ? CodecRegistry.GetObjectCodec(configs[0]) : null;
        return new CodecChain(objectCodec, [.. configs.Skip(objectCodec is null ? 0 : 1).Select(config => CodecRegistry.IsObjectCodec(config)
            ? throw new CodecConfigException($"The object codec '{config["id"]}' can only be the first codec of a chain.")
            : CodecRegistry.GetCodec(config))]);
    }

    /// <summary>
    /// Encodes the input: raw bytes, or with an object codec first a JSON array of items (strings, numbers, lists,
    /// maps, null; base64 strings for vlen-bytes; arrays of numbers for vlen-array).
    /// </summary>
    public byte[] Encode(byte[] data, int itemSize)
    {
        if (ObjectCodec is not null)
        {
            data = ObjectCodec.Encode(ObjectJson.Read(data, ObjectCodec));
            itemSize = 1;
        }

        foreach (Codec codec in Codecs)
        {
            data = codec.Encode(data, itemSize);
        }

        return data;
    }

    /// <summary>Decodes the input: raw bytes out, or with an object codec first the items as a JSON array.</summary>
    public byte[] Decode(byte[] data)
    {
        for (int i = Codecs.Count - 1; i >= 0; i--)
        {
            data = Codecs[i].Decode(data);
        }

        return ObjectCodec is null ? data : ObjectJson.Write(ObjectCodec.Decode(data));
    }
}

/// <summary>Reads an input argument (a path or <c>-</c> for standard input) and writes an output argument.</summary>
internal static class CliFiles
{
    public static byte[] Read(string path, Stream standardInput)
    {
        if (path != "-")
        {
            return File.ReadAllBytes(path);
        }

        var buffer = new ArrayBufferWriter<byte>();
        int read;
        while ((read = standardInput.Read(buffer.GetSpan(1 << 16))) > 0)
        {
            buffer.Advance(read);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(string path, ReadOnlySpan<byte> data, Stream standardOutput)
    {
        if (path == "-")
        {
            standardOutput.Write(data);
            standardOutput.Flush();
            return;
        }

        File.WriteAllBytes(path, data);
    }
}
