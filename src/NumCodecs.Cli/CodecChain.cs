using System.Buffers;
using System.Text.Json.Nodes;

namespace NumCodecs.Cli;

/// <summary>
/// The codecs of a <c>--codec</c> argument: one numcodecs config, a JSON array of them (a Zarr v2 filters and
/// compressor chain: applied in order on encode, in reverse on decode), or either in a file named as <c>@path</c>.
/// </summary>
internal sealed class CodecChain
{
    private CodecChain(IReadOnlyList<Codec> codecs) => Codecs = codecs;

    public IReadOnlyList<Codec> Codecs { get; }

    public static CodecChain Parse(string argument)
    {
        string text = argument.StartsWith('@') ? File.ReadAllText(argument[1..]) : argument;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CodecConfigException($"The codec config is not valid JSON: {e.Message}", e);
        }

        return node switch
        {
            JsonObject config => new CodecChain([CodecRegistry.GetCodec(config)]),
            JsonArray array when array.Count > 0 => new CodecChain(array.Select(item => item is JsonObject config
                ? CodecRegistry.GetCodec(config)
                : throw new CodecConfigException($"Every entry of a codec chain is a config object, not {item?.ToJsonString() ?? "null"}.")).ToArray()),
            _ => throw new CodecConfigException("--codec takes a JSON config object, a non-empty JSON array of them, or @file."),
        };
    }

    public byte[] Encode(byte[] data, int itemSize)
    {
        foreach (Codec codec in Codecs)
        {
            data = codec.Encode(data, itemSize);
        }

        return data;
    }

    public byte[] Decode(byte[] data)
    {
        for (int i = Codecs.Count - 1; i >= 0; i--)
        {
            data = Codecs[i].Decode(data);
        }

        return data;
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
