using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace NumCodecs.Fuzz;

/// <summary>
/// What seed corpora are made from: small arrays of several patterns (encoded by the library itself) and the reference
/// fixtures numcodecs wrote under <c>tests/fixtures/&lt;codec_id&gt;/&lt;set&gt;/codec.MM/</c>.
/// </summary>
internal sealed class SeedContext
{
    // Fixture encodings above this size are left out: AFL++ is slow on large inputs, and the small ones cover the same code.
    private const int MaxFixtureLength = 64 * 1024;

    // Fixtures taken per codec id, so that one codec's many files do not swamp a target's dry run.
    private const int MaxFixturesPerCodec = 12;

    private readonly string? _fixturesDirectory;

    public SeedContext(string? fixturesDirectory) => _fixturesDirectory = fixturesDirectory;

    /// <summary>Small arrays: empty, constant, ramps, noise, smooth floats, counters, text.</summary>
    public static IReadOnlyList<(string Name, byte[] Data)> Patterns { get; } = MakePatterns();

    /// <summary>One reference encoding: its codec (from <c>config.json</c>), the encoded bytes and a file name for the seed.</summary>
    internal sealed record Fixture(string Name, JsonObject Codec, byte[] Encoded);

    /// <summary>The fixtures of the given codec ids, small ones first.</summary>
    public IEnumerable<Fixture> Fixtures(params string[] codecIds)
    {
        if (_fixturesDirectory is null)
        {
            yield break;
        }

        foreach (string id in codecIds)
        {
            string root = Path.Combine(_fixturesDirectory, id);
            if (!Directory.Exists(root))
            {
                continue;
            }

            var files = new List<(string Path, long Length, JsonObject Codec)>();
            foreach (string config in Directory.EnumerateFiles(root, "config.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (JsonNode.Parse(File.ReadAllText(config)) is not JsonObject codec)
                {
                    continue;
                }

                foreach (string encoded in Directory.EnumerateFiles(Path.GetDirectoryName(config)!, "encoded.*.dat").Order(StringComparer.Ordinal))
                {
                    long length = new FileInfo(encoded).Length;
                    if (length <= MaxFixtureLength)
                    {
                        files.Add((encoded, length, codec));
                    }
                }
            }

            // Spread the picks over the sets and configs rather than taking the first files.
            int step = Math.Max(1, files.Count / MaxFixturesPerCodec);
            for (int i = 0, taken = 0; i < files.Count && taken < MaxFixturesPerCodec; i += step, taken++)
            {
                (string path, _, JsonObject codec) = files[i];
                string relative = Path.GetRelativePath(_fixturesDirectory, path);
                string name = "fixture-" + relative.Replace(Path.DirectorySeparatorChar, '-').Replace(".dat", string.Empty, StringComparison.Ordinal);
                yield return new Fixture(name, codec, File.ReadAllBytes(path));
            }
        }
    }

    /// <summary>The index of the entry whose config equals <paramref name="config"/>, else one with the same id and format, else 0.</summary>
    public static int Match(IReadOnlyList<CodecEntry> entries, JsonObject config)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (JsonNode.DeepEquals(Normalize(entries[i].Codec.GetConfig()), Normalize(config)))
            {
                return i;
            }
        }

        string? id = config["id"]?.GetValue<string>();
        string? format = config["format"]?.ToJsonString();
        for (int i = 0; i < entries.Count; i++)
        {
            JsonObject candidate = entries[i].Codec.GetConfig();
            if (candidate["id"]?.GetValue<string>() == id && candidate["format"]?.ToJsonString() == format)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>The encoding of <paramref name="data"/>, or null when the codec refuses it (the seed is then left out).</summary>
    public static byte[]? TryEncode(CodecEntry entry, byte[] data)
    {
        try
        {
            return entry.Codec.Encode(data, entry.ItemSize);
        }
        catch (Exception e) when (e is NumCodecsException or ArgumentException)
        {
            return null;
        }
    }

    // Configs read from files may spell a key the codec leaves out by default; compare them through a codec.
    private static JsonObject Normalize(JsonObject config)
    {
        try
        {
            return CodecRegistry.IsObjectCodec(config)
                ? CodecRegistry.GetObjectCodec(config).GetConfig()
                : CodecRegistry.GetCodec(config).GetConfig();
        }
        catch (NumCodecsException)
        {
            return config;
        }
    }

    private static List<(string, byte[])> MakePatterns()
    {
        var random = new Random(20240601);
        byte[] noise = new byte[1500];
        random.NextBytes(noise);

        byte[] smooth = new byte[256 * sizeof(float)];
        for (int i = 0; i < 256; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(smooth.AsSpan(i * sizeof(float)), MathF.Sin(i / 16f) * 100f);
        }

        byte[] counters = new byte[128 * sizeof(long)];
        for (int i = 0; i < 128; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(counters.AsSpan(i * sizeof(long)), 1_000_000 + (i * 3));
        }

        byte[] doubles = new byte[64 * sizeof(double)];
        for (int i = 0; i < 64; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(doubles.AsSpan(i * sizeof(double)), (i * 0.1) - 3.14);
        }

        // Many small Blosc blocks: 64 KiB of a slowly varying 16-bit signal.
        byte[] wide = new byte[64 * 1024];
        for (int i = 0; i < wide.Length / 2; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(wide.AsSpan(i * 2), (short)((i / 7) ^ (i >> 9)));
        }

        return
        [
            ("empty", []),
            ("one", [42]),
            ("zeros-64", new byte[64]),
            ("zeros-4096", new byte[4096]),
            ("ramp-256", Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()),
            ("noise-1500", noise),
            ("smooth-f4", smooth),
            ("counters-i8", counters),
            ("steps-f8", doubles),
            ("text", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 20)))),
            ("wide-i2", wide),
            ("odd-7", [1, 2, 3, 4, 5, 6, 7]),
        ];
    }
}
