using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.Cli;
using NumCodecs.Tests.Codecs;

namespace NumCodecs.Tests;

/// <summary>The command-line tool, driven through its entry point, every command and every error exit.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("numcodecs-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EncodeAndDecodeRoundTripThroughFiles()
    {
        byte[] data = TestData.SmoothFloats(50_000);
        string input = Write("input.raw", data);
        string encoded = Path.Combine(_folder, "encoded.blosc");
        string decoded = Path.Combine(_folder, "decoded.raw");
        const string Config = """{"id": "blosc", "cname": "zstd", "clevel": 3, "shuffle": 1, "blocksize": 0}""";

        Assert.Equal(0, Run(out _, out string error1, "encode", "--codec", Config, "--dtype", "<f4", input, encoded));
        Assert.Equal("", error1);
        Assert.Equal(4, BloscHeader.Read(File.ReadAllBytes(encoded)).TypeSize);
        Assert.Equal(new BloscCodec("zstd", 3).Encode(data, 4), File.ReadAllBytes(encoded));

        Assert.Equal(0, Run(out _, out _, "decode", "--codec", Config, encoded, decoded));
        Assert.Equal(data, File.ReadAllBytes(decoded));
    }

    [Fact]
    public void AChainAppliesInOrderAndDecodesInReverse()
    {
        byte[] data = TestData.Counters(10_000);
        string input = Write("input.raw", data);
        string configFile = Write("chain.json", """[{"id": "zstd", "level": 1}, {"id": "gzip", "level": 5}]"""u8.ToArray());
        string encoded = Path.Combine(_folder, "encoded.bin");
        string decoded = Path.Combine(_folder, "decoded.raw");

        Assert.Equal(0, Run(out _, out _, "encode", "--codec", "@" + configFile, input, encoded));
        Assert.Equal(new GZipCodec(5).Encode(new ZstdCodec(1).Encode(data)), File.ReadAllBytes(encoded));
        Assert.Equal(0, Run(out _, out _, "decode", "--codec", "@" + configFile, encoded, decoded));
        Assert.Equal(data, File.ReadAllBytes(decoded));
    }

    [Fact]
    public void ObjectCodecsStartAChainAndSpeakJson()
    {
        // A Zarr |O array: vlen-utf8 then zstd. Items come in as a JSON array and go out as one.
        string input = Write("items.json", """["foo", "Zürich", null, ""]"""u8.ToArray());
        string encoded = Path.Combine(_folder, "encoded.bin");
        string decoded = Path.Combine(_folder, "decoded.json");
        const string Chain = """[{"id": "vlen-utf8"}, {"id": "zstd", "level": 1}]""";

        Assert.Equal(0, Run(out _, out string error, "encode", "--codec", Chain, input, encoded));
        Assert.Equal("", error);
        Assert.Equal(new ZstdCodec(1).Encode(new VLenUtf8Codec().Encode(["foo", "Zürich", null, ""])), File.ReadAllBytes(encoded));
        Assert.Equal(0, Run(out _, out _, "decode", "--codec", Chain, encoded, decoded));
        Assert.Equal(["foo", "Zürich", "", ""], JsonNode.Parse(File.ReadAllText(decoded))!.AsArray().Select(n => (string?)n));

        // Byte strings travel as base64, ragged arrays as arrays of numbers.
        string bytesInput = Write("bytes.json", """["AAH/", ""]"""u8.ToArray());
        Assert.Equal(0, Run(out _, out _, "encode", "--codec", """{"id": "vlen-bytes"}""", bytesInput, encoded));
        Assert.Equal(new VLenBytesCodec().Encode([[0, 1, 255], []]), File.ReadAllBytes(encoded));
        string arrays = Write("arrays.json", """[[1, -2, 3], []]"""u8.ToArray());
        Assert.Equal(0, Run(out _, out _, "encode", "--codec", """{"id": "vlen-array", "dtype": "<i2"}""", arrays, encoded));
        Assert.Equal(new VLenArrayCodec(DType.Parse("<i2")).Encode<short>([[1, -2, 3], []]), File.ReadAllBytes(encoded));
        Assert.Equal(0, Run(out _, out _, "decode", "--codec", """{"id": "vlen-array", "dtype": "<i2"}""", encoded, decoded));
        Assert.Equal("[[1,-2,3],[]]", JsonNode.Parse(File.ReadAllText(decoded))!.ToJsonString());

        // An object codec after a byte codec cannot work, and bad item JSON is a usage error.
        Assert.Equal(2, Run(out _, out error, "encode", "--codec", """[{"id": "zstd"}, {"id": "vlen-utf8"}]""", input, encoded));
        Assert.Contains("first codec", error, StringComparison.Ordinal);
        string textInArray = Write("text.json", """[["a"]]"""u8.ToArray());
        Assert.Equal(2, Run(out _, out error, "encode", "--codec", """{"id": "vlen-array", "dtype": "<i8"}""", textInArray, encoded));
        Assert.Contains("numbers only", error, StringComparison.Ordinal);
        string notArray = Write("object.json", """{"a": 1}"""u8.ToArray());
        Assert.NotEqual(0, Run(out _, out error, "encode", "--codec", """{"id": "vlen-utf8"}""", notArray, encoded));
        Assert.Contains("JSON array of items", error, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionListsTheNativeLibrariesAndBothKindsOfCodec()
    {
        Assert.Equal(0, Run(out string output, out _, "version"));
        Assert.Contains($"xz      {NativeLibraryInfo.XzVersion}", output, StringComparison.Ordinal);
        Assert.Contains($"codecs: {string.Join(", ", CodecRegistry.CodecIds)}", output, StringComparison.Ordinal);
        Assert.Contains("lzma", CodecRegistry.CodecIds);
        Assert.Contains($"object codecs: {string.Join(", ", CodecRegistry.ObjectCodecIds)}", output, StringComparison.Ordinal);
        // Other tests register names of their own, so the built-ins are looked for one by one.
        string v3Line = output.Split('\n').Single(line => line.StartsWith("zarr v3 codecs: ", StringComparison.Ordinal));
        foreach (string name in new[] { "blosc", "bytes", "crc32c", "gzip", "sharding_indexed", "transpose", "vlen-bytes", "vlen-utf8", "zlib", "zstd" })
        {
            Assert.Contains(" " + name + ",", v3Line, StringComparison.Ordinal);
        }
        Assert.Equal(["categorize", "json2", "msgpack2", "vlen-array", "vlen-bytes", "vlen-utf8"], CodecRegistry.ObjectCodecIds);
    }

    [Fact]
    public void StandardInputAndOutputAreDashes()
    {
        byte[] data = TestData.RandomBytes(3000);
        using var stdin = new MemoryStream(data);
        using var stdout = new MemoryStream();
        int code = Program.Run(["encode", "--codec", """{"id":"lz4"}""", "-", "-"], TextWriter.Null, TextWriter.Null, () => stdin, () => stdout, interactive: false);
        Assert.Equal(0, code);
        Assert.Equal(new Lz4Codec().Encode(data), stdout.ToArray());
    }

    [Fact]
    public void InfoDescribesABloscChunk()
    {
        string chunk = Write("chunk.blosc", new BloscCodec("lz4", 5, BloscShuffle.BitShuffle, blocksize: 16_384).Encode(TestData.SmoothFloats(200_000), 4));

        Assert.Equal(0, Run(out string output, out _, "info", chunk));

        Assert.Contains("Blosc 1.x chunk", output, StringComparison.Ordinal);
        Assert.Contains("compressor:  LZ4", output, StringComparison.Ordinal);
        Assert.Contains("shuffle BitShuffle", output, StringComparison.Ordinal);
        Assert.Contains("typesize:    4 bytes", output, StringComparison.Ordinal);
        Assert.Contains("nbytes:      800000 bytes", output, StringComparison.Ordinal);
        Assert.Contains("blocks:      13", output, StringComparison.Ordinal);
        Assert.Contains("block table: 13 starts", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"zstd","level":5}""", "zstd frame")]
    [InlineData("""{"id":"gzip","level":5}""", "gzip member")]
    [InlineData("""{"id":"zlib","level":5}""", "zlib stream")]
    public void InfoRecognisesStreams(string config, string expected)
    {
        string file = Write("stream.bin", CodecRegistry.GetCodec(config).Encode(TestData.SmoothFloats(1000)));
        Assert.Equal(0, Run(out string output, out _, "info", file));
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialReadsOnlyTheNeededBlocksAndSaysSo()
    {
        byte[] data = TestData.SmoothFloats(1 << 20);
        byte[] chunk = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, blocksize: 16_384).Encode(data, 4);
        string file = Write("chunk.blosc", chunk);
        string output = Path.Combine(_folder, "items.raw");

        Assert.Equal(0, Run(out _, out string error, "partial", file, "--start", "300000", "--count", "10", output));

        Assert.Equal(data.AsSpan(1_200_000, 40).ToArray(), File.ReadAllBytes(output));
        Assert.Contains("decoded 1 of 64 blocks", error, StringComparison.Ordinal);
        Assert.Contains($"of {chunk.Length} chunk bytes in 3 reads", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutOfRangePartialReadSaysWhichRange()
    {
        byte[] chunk = new BloscCodec().Encode(TestData.SmoothFloats(1000), 4);
        string file = Write("small.blosc", chunk);

        Assert.Equal(2, Run(out _, out string error, "partial", file, "--start", "990", "--count", "20", Path.Combine(_folder, "out.raw")));

        Assert.Contains("(990, 20 items) lies outside the chunk's 1000 items", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpNamesTheToolNumcodecs()
    {
        Assert.Equal(0, Run(out string help, out _, "--help"));
        Assert.Contains("numcodecs [command] [options]", help, StringComparison.Ordinal);
        Assert.DoesNotContain("NumCodecs.Cli", help, StringComparison.Ordinal);
        Assert.Equal(0, Run(out string zarrHelp, out _, "zarr", "--help"));
        Assert.Contains("numcodecs zarr [command] [options]", zarrHelp, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchPrintsATableAndJson()
    {
        Assert.Equal(0, Run(out string table, out _, "bench", "--size", "64K", "--dataset", "smooth-f4", "--dataset", "zeros", "--seconds", "0.01"));
        Assert.Contains("encode MB/s", table, StringComparison.Ordinal);
        Assert.Contains("Blosc(cname='lz4'", table, StringComparison.Ordinal);
        Assert.Contains("zeros", table, StringComparison.Ordinal);

        Assert.Equal(0, Run(out string json, out _, "bench", "--json", "--size", "64K", "--dataset", "random", "--codec", """{"id":"zstd","level":3}""", "--seconds", "0.01"));
        JsonArray results = JsonNode.Parse(json)!.AsArray();
        JsonObject only = Assert.IsType<JsonObject>(Assert.Single(results));
        Assert.Equal("zstd", (string?)only["codec"]!["id"]);
        Assert.Equal(65_536, (int)only["bytes"]!);
        Assert.True((double)only["decode_mb_per_second"]! > 0);
    }

    [Theory]
    [InlineData(2, "encode", "--codec", """{"id":"blosc","clevel":12}""", "IN", "OUT")]
    [InlineData(2, "encode", "--codec", """{"id":"nope"}""", "IN", "OUT")]
    [InlineData(2, "encode", "--codec", "not json", "IN", "OUT")]
    [InlineData(2, "encode", "--codec", """{"id":"lz4"}""", "--dtype", "f4x", "IN", "OUT")]
    [InlineData(2, "bench", "--dataset", "nope")]
    [InlineData(2, "bench", "--size", "lots")]
    [InlineData(2, "bench", "--codec", """{"id":"vlen-utf8"}""")]
    [InlineData(2, "bench", "--codec", """[{"id":"zstd"},{"id":"lz4"}]""")]
    [InlineData(2, "no-such-command")]
    [InlineData(3, "decode", "--codec", """{"id":"zstd"}""", "IN", "OUT")]
    [InlineData(3, "info", "IN")]
    [InlineData(4, "encode", "--codec", """{"id":"lz4"}""", "MISSING", "OUT")]
    [InlineData(4, "partial", "MISSING", "--start", "0", "--count", "1", "OUT")]
    public void ErrorsExitWithTheirCodeAndAOneLineReason(int expected, params string[] args)
    {
        string input = Write("in.bin", TestData.RandomBytes(100));
        string[] resolved = args.Select(a => a switch
        {
            "IN" => input,
            "OUT" => Path.Combine(_folder, "out.bin"),
            "MISSING" => Path.Combine(_folder, "missing.bin"),
            _ => a,
        }).ToArray();

        Assert.Equal(expected, Run(out _, out string error, resolved));
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.StartsWith("numcodecs: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at NumCodecs", error, StringComparison.Ordinal); // no stack trace without --verbose
    }

    [Fact]
    public void V3ChainsEncodeAChunkOfShapeAndDType()
    {
        // A zarr.json codecs list: transpose, big-endian bytes, zstd. Input and output are C order, little endian.
        int[] values = Enumerable.Range(0, 6 * 8).Select(i => (i * 7919) % 1000).ToArray();
        byte[] raw = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        string input = Write("chunk.raw", raw);
        string encoded = Path.Combine(_folder, "chunk.v3");
        string decoded = Path.Combine(_folder, "chunk.back");
        const string Chain = """[{"name":"transpose","configuration":{"order":[1,0]}},{"name":"bytes","configuration":{"endian":"big"}},{"name":"zstd","configuration":{"level":1,"checksum":false}}]""";

        Assert.Equal(0, Run(out _, out string error, "encode", "--codec", Chain, "--dtype", "int32", "--shape", "6,8", input, encoded));
        Assert.Equal("", error);

        // What was written is the transposed chunk, big endian, in a zstd frame.
        byte[] stored = new ZstdCodec(1).Decode(File.ReadAllBytes(encoded));
        Assert.Equal(values[(2 * 8) + 5], System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(stored.AsSpan(((5 * 6) + 2) * 4)));
        Assert.Equal(0, Run(out _, out _, "decode", "--codec", Chain, "--dtype", "<i4", "--shape", "6,8", encoded, decoded));
        Assert.Equal(raw, File.ReadAllBytes(decoded));
    }

    [Fact]
    public void AV3ShardEncodesAndDecodes()
    {
        byte[] raw = TestData.SmoothFloats(16 * 16);
        string input = Write("shard.raw", raw);
        string encoded = Path.Combine(_folder, "shard.v3");
        string decoded = Path.Combine(_folder, "shard.back");
        const string Sharding = """{"name":"sharding_indexed","configuration":{"chunk_shape":[4,8],"codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":0}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"crc32c"}],"index_location":"end"}}""";

        Assert.Equal(0, Run(out _, out _, "encode", "--codec", Sharding, "--dtype", "float32", "--shape", "16,16", input, encoded));
        Assert.Equal(0, Run(out _, out _, "decode", "--codec", Sharding, "--dtype", "float32", "--shape", "16,16", encoded, decoded));
        Assert.Equal(raw, File.ReadAllBytes(decoded));

        // A v3 chain of bytes to bytes codecs alone encodes bytes, without a shape.
        Assert.Equal(0, Run(out _, out _, "encode", "--codec", """{"name":"gzip","configuration":{"level":5}}""", input, encoded));
        Assert.Equal(new GZipCodec(5).Encode(raw), File.ReadAllBytes(encoded));
    }

    [Theory]
    [InlineData("""[{"name":"bytes","configuration":{"endian":"little"}}]""", "int32", null, "--shape is needed")]
    [InlineData("""[{"name":"bytes","configuration":{"endian":"little"}}]""", "int32", "4,x", "not a comma-separated list")]
    [InlineData("""[{"name":"bytes","configuration":{"endian":"little"}}]""", "int33", "4", "neither a Zarr v3 data type")]
    [InlineData("""[{"name":"bytes","configuration":{"endian":"little"}}]""", "int32", "5", "a chunk of --shape 5 and --dtype int32 has 20")]
    [InlineData("""[{"name":"gzip","configuration":{"level":1}},{"name":"bytes"}]""", "uint8", "16", "before any array to bytes codec")]
    [InlineData("""{"id":"zlib","level":1}""", "uint8", "16", "--shape goes with Zarr v3 chains")]
    public void BadV3ArgumentsAreUsageErrors(string chain, string dtype, string? shape, string message)
    {
        string input = Write("sixteen.raw", new byte[16]);
        string[] args = shape is null
            ? ["encode", "--codec", chain, "--dtype", dtype, input, Path.Combine(_folder, "out")]
            : ["encode", "--codec", chain, "--dtype", dtype, "--shape", shape, input, Path.Combine(_folder, "out")];

        Assert.Equal(2, Run(out _, out string error, args));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void VerboseAddsTheStackTrace()
    {
        Assert.Equal(3, Run(out _, out string error, "info", Write("junk.bin", TestData.RandomBytes(100)), "--verbose"));
        Assert.Contains(" at NumCodecs", error, StringComparison.Ordinal);
    }

    internal static int Run(out string output, out string error, params string[] args)
    {
        using var outWriter = new StringWriter();
        using var errorWriter = new StringWriter();
        int code = Program.Run(args, outWriter, errorWriter);
        output = outWriter.ToString();
        error = errorWriter.ToString();
        return code;
    }

    private string Write(string name, byte[] data)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, data);
        return path;
    }
}
