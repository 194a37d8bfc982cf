using System.Text.Json.Nodes;

namespace NumCodecs.Tests.Fixtures;

/// <summary>One codec config of the reference fixtures with the arrays it encoded.</summary>
internal sealed record FixtureCodec(string CodecId, string Set, string Folder, string ConfigText)
{
    public string Name => $"{CodecId}/{Set}/{Path.GetFileName(Folder)}";

    public JsonObject Config => (JsonObject)JsonNode.Parse(ConfigText)!;

    /// <summary>Whether this is an object codec's fixture (arrays as array.NN.json, decodings beside the encodings).</summary>
    public bool IsObject => Directory.GetFiles(Path.GetDirectoryName(Folder)!, "array.*.json").Length > 0;

    /// <summary>
    /// An object codec's cases: the tagged array, the reference's encoding, and the reference's decoding of it
    /// (decoded.NN.json) or, where the reference could not decode it, decoded.NN.error.
    /// </summary>
    public IEnumerable<(string ArrayPath, string EncodedPath, string DecodedPath)> ObjectCases()
    {
        string setFolder = Path.GetDirectoryName(Folder)!;
        foreach (string array in Directory.GetFiles(setFolder, "array.*.json").Order(StringComparer.Ordinal))
        {
            string number = Path.GetFileName(array).Split('.')[1];
            string decoded = Path.Combine(Folder, $"decoded.{number}.json");
            yield return (array, Path.Combine(Folder, $"encoded.{number}.dat"), File.Exists(decoded) ? decoded : Path.Combine(Folder, $"decoded.{number}.error"));
        }
    }

    public IEnumerable<(string ArrayPath, string EncodedPath)> Cases()
    {
        string setFolder = Path.GetDirectoryName(Folder)!;
        foreach (string array in Directory.GetFiles(setFolder, "array.*.npy").Order(StringComparer.Ordinal))
        {
            string number = Path.GetFileName(array).Split('.')[1];
            yield return (array, Path.Combine(Folder, $"encoded.{number}.dat"));
        }
    }

    public override string ToString() => Name;
}

/// <summary>The fixtures written by numcodecs (tests/fixtures/generate.py), in numcodecs' own layout.</summary>
internal static class ReferenceFixtures
{
    public static string Root => Path.Combine(RepositoryPaths.Root, "tests", "fixtures");

    private static readonly List<FixtureCodec> s_loaded = Load();

    /// <summary>The byte codecs' fixtures (arrays as .npy files).</summary>
    public static IReadOnlyList<FixtureCodec> All { get; } = [.. s_loaded.Where(codec => !codec.IsObject)];

    /// <summary>The object codecs' fixtures.</summary>
    public static IReadOnlyList<FixtureCodec> Objects { get; } = [.. s_loaded.Where(codec => codec.IsObject)];

    public static TheoryData<string> Names() => NamesOf(All);

    public static TheoryData<string> ObjectNames() => NamesOf(Objects);

    public static FixtureCodec Get(string name) => s_loaded.Single(codec => codec.Name == name);

    private static TheoryData<string> NamesOf(IEnumerable<FixtureCodec> codecs)
    {
        var data = new TheoryData<string>();
        foreach (FixtureCodec codec in codecs)
        {
            data.Add(codec.Name);
        }

        return data;
    }

    private static List<FixtureCodec> Load()
    {
        var codecs = new List<FixtureCodec>();
        foreach (string codecFolder in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            foreach (string setFolder in Directory.GetDirectories(codecFolder).Order(StringComparer.Ordinal))
            {
                foreach (string folder in Directory.GetDirectories(setFolder, "codec.*").Order(StringComparer.Ordinal))
                {
                    codecs.Add(new FixtureCodec(
                        Path.GetFileName(codecFolder), Path.GetFileName(setFolder), folder,
                        File.ReadAllText(Path.Combine(folder, "config.json"))));
                }
            }
        }

        return codecs;
    }
}
