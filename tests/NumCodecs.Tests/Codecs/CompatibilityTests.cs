using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NumCodecs.Tests.Fixtures;

namespace NumCodecs.Tests.Codecs;

/// <summary>Both directions against the reference, numcodecs 0.11 from Debian, through its committed fixtures.</summary>
public sealed class CompatibilityTests
{
    // Python's gzip writes the current time into bytes 4-7 of the header (MTIME); NumCodecs writes 0 there.
    private const int GZipTimeOffset = 4;
    private const int GZipTimeLength = 4;

    public static TheoryData<string> FixtureCodecs() => ReferenceFixtures.Names();

    [Fact]
    public void EveryBuiltInCodecHasFixtures()
    {
        var withFixtures = ReferenceFixtures.All.Select(f => f.CodecId).ToHashSet();
        Assert.Equal(
            ["adler32", "astype", "base64", "bitround", "blosc", "bz2", "categorize", "crc32", "delta", "fixedscaleoffset", "gzip", "lz4", "lzma", "packbits", "quantize", "shuffle", "zlib", "zstd"],
            withFixtures.Order());
        Assert.True(ReferenceFixtures.All.Count >= 50, $"only {ReferenceFixtures.All.Count} fixture codecs");
    }

    [Theory]
    [MemberData(nameof(FixtureCodecs))]
    public void DecodesEveryReferenceEncodingBitExactly(string name)
    {
        FixtureCodec fixture = ReferenceFixtures.Get(name);
        Codec codec = CodecRegistry.GetCodec(fixture.Config);
        int count = 0;
        foreach ((string arrayPath, string encodedPath) in fixture.Cases())
        {
            byte[] expected = ExpectedDecoding(arrayPath, encodedPath);
            byte[] encoded = File.ReadAllBytes(encodedPath);

            byte[] decoded = codec.Decode(encoded);
            Assert.True(expected.AsSpan().SequenceEqual(decoded), $"{encodedPath} decoded differently");

            byte[] exact = new byte[expected.Length];
            Assert.Equal(expected.Length, codec.Decode(encoded, exact));
            Assert.Equal(expected, exact);
            count++;
        }

        Assert.True(count > 0);
    }

    [Theory]
    [MemberData(nameof(FixtureCodecs))]
    public void EncodesLikeTheReference(string name)
    {
        FixtureCodec fixture = ReferenceFixtures.Get(name);
        Codec codec = CodecRegistry.GetCodec(fixture.Config);
        foreach ((string arrayPath, string encodedPath) in fixture.Cases())
        {
            NpyArray array = NpyArray.Load(arrayPath);
            byte[] reference = File.ReadAllBytes(encodedPath);
            byte[] ours = codec.Encode(array.Data, array.ItemSize);

            if (codec is GZipCodec)
            {
                Assert.True(reference.Length > GZipTimeOffset + GZipTimeLength);
                Assert.Equal(0, BitConverter.ToInt32(ours, GZipTimeOffset));
                reference.AsSpan(GZipTimeOffset, GZipTimeLength).Clear();
            }

            Assert.True(reference.AsSpan().SequenceEqual(ours), $"{encodedPath}: our encoding ({ours.Length} bytes) differs from the reference ({reference.Length} bytes)");
        }
    }

    [Theory]
    [MemberData(nameof(FixtureCodecs))]
    public void ConfigParsesAndReserialisesToTheSameJson(string name)
    {
        FixtureCodec fixture = ReferenceFixtures.Get(name);
        Codec codec = CodecRegistry.GetCodec(fixture.ConfigText);

        Assert.Equal(fixture.ConfigText, SerializeLikePython(codec.GetConfig()));
        Assert.Equal(codec, CodecRegistry.GetCodec(codec.GetConfig()));
    }

    /// <summary>
    /// What decoding an encoding must give: the array, or for lossy codecs what the reference decoded its own encoding
    /// to (codec.MM/decoded.NN.dat).
    /// </summary>
    internal static byte[] ExpectedDecoding(string arrayPath, string encodedPath)
    {
        string decodedPath = encodedPath.Replace("encoded.", "decoded.", StringComparison.Ordinal);
        return File.Exists(decodedPath) ? File.ReadAllBytes(decodedPath) : NpyArray.Load(arrayPath).Data;
    }

    /// <summary>json.dumps(config, sort_keys=True, indent=4), as the fixture generator writes configs.</summary>
    internal static string SerializeLikePython(JsonObject config)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return Sorted(config)!.ToJsonString(options).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    // sort_keys=True sorts the keys of nested objects too (LZMA filter specifications).
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, Sorted(e.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}

/// <summary>The other direction: the reference decodes what NumCodecs encodes.</summary>
public sealed class ReferenceDecodesOurEncodingsTests
{
    private const string ReferencePython = "/usr/bin/python3"; // Debian's Python, where python3-numcodecs installs

    [SkippableFact]
    public void ReferenceDecodesOurEncodings()
    {
        Skip.IfNot(ReferenceAvailable(), $"the reference is not installed ({ReferencePython} cannot import numcodecs; apt-get install python3-numcodecs)");

        string folder = Path.Combine(Path.GetTempPath(), $"numcodecs-reference-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var manifest = new JsonArray();
            void Add(Codec codec, JsonObject config, byte[] data, int itemSize, byte[]? expected = null, byte[]? encoded = null)
            {
                string stem = Path.Combine(folder, manifest.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                File.WriteAllBytes(stem + ".dat", encoded ?? codec.Encode(data, itemSize));
                File.WriteAllBytes(stem + ".raw", expected ?? data);
                manifest.Add(new JsonObject { ["config"] = config, ["encoded"] = stem + ".dat", ["expected"] = stem + ".raw" });
            }

            foreach (FixtureCodec fixture in ReferenceFixtures.All)
            {
                Codec codec = CodecRegistry.GetCodec(fixture.Config);
                foreach ((string arrayPath, string encodedPath) in fixture.Cases())
                {
                    NpyArray array = NpyArray.Load(arrayPath);
                    if (array.Data.Length > 0 || codec is ZlibCodec or GZipCodec or Bz2Codec or LzmaCodec)
                    {
                        // numcodecs 0.11 cannot decode an empty Blosc, Zstd or LZ4 buffer (it treats a zero length as
                        // an error), so empty arrays are checked for the stream formats only (zlib, gzip, bz2, lzma).
                        Add(codec, ReferenceDecodingConfig(codec, fixture.Config), array.Data, array.ItemSize, CompatibilityTests.ExpectedDecoding(arrayPath, encodedPath));
                    }
                }
            }

            // Settings the fixtures cannot hold because numcodecs 0.11 encodes them differently or not at all, but
            // whose output it must still decode: zstd's default and fast levels, Blosc with its blocks on NumCodecs'
            // threads, and Blosc from c-blosc's own threads (blocks in completion order).
            byte[] sample = TestData.SmoothFloats(200_000);
            Add(new ZstdCodec(0), new ZstdCodec(0).GetConfig(), sample, 4);
            Add(new ZstdCodec(-5), new ZstdCodec(-5).GetConfig(), sample, 4);
            var threaded = new BloscCodec("zstd", 1, Blosc.BloscShuffle.Shuffle, blocksize: 4096, internalThreads: 4);
            Add(threaded, threaded.GetConfig(), sample, 4);
            Add(threaded, threaded.GetConfig(), sample, 4,
                encoded: BloscThreadingTests.CompressWithCBloscThreads(sample, "zstd", clevel: 1, typesize: 4, blocksize: 4096, threads: 4));

            string manifestPath = Path.Combine(folder, "manifest.json");
            File.WriteAllText(manifestPath, manifest.ToJsonString());
            string script = Path.Combine(ReferenceFixtures.Root, "check_reference.py");
            (int exitCode, string output) = ProcessRunner.Run(ReferencePython, script, manifestPath);

            Assert.True(exitCode == 0, output);
            Assert.Contains($"{manifest.Count} passed, 0 failed", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Python's lzma.decompress refuses a filter chain outside the raw format, so numcodecs 0.11 cannot decode xz or
    // .lzma data written with one through the same config; without the chain (which the headers carry) it can.
    private static JsonObject ReferenceDecodingConfig(Codec codec, JsonObject config)
    {
        if (codec is LzmaCodec { Format: not LzmaFormat.Raw, Filters: not null })
        {
            var copy = (JsonObject)config.DeepClone();
            copy["filters"] = null;
            return copy;
        }

        return config;
    }

    private static bool ReferenceAvailable() =>
        File.Exists(ReferencePython) && ProcessRunner.Run(ReferencePython, "-c", "import numcodecs").ExitCode == 0;
}
