using System.Text.Json.Nodes;

namespace NumCodecs.Tests.Fixtures;

/// <summary>One codec config of the reference fixtures with the arrays it encoded.</summary>
internal sealed record FixtureCodec(string CodecId, string Set, string Folder, string ConfigText)
{
    public string Name => $"{CodecId}/{Set}/{Path.GetFileName(Folder)}";

    public JsonObject Config => (JsonObject)JsonNode.Parse(ConfigText)!;

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

    public static IReadOnlyList<FixtureCodec> All { get; } = Load();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (FixtureCodec codec in All)
        {
            data.Add(codec.Name);
        }

        return data;
    }

    public static FixtureCodec Get(string name) => All.Single(codec => codec.Name == name);

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
