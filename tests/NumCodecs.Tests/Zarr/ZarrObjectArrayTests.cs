using System.Text.Json.Nodes;
using NumCodecs.Tests.ZarrV3;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Tests.Zarr;

/// <summary>Object arrays (v2 dtype |O) written by zarr-python 2 (tests/zarr-python/objects.py) read here, and the other way.</summary>
public sealed class ZarrObjectArrayTests
{
    private static readonly string s_fixtures = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "zarr-v2-objects");

    [Theory]
    [InlineData("vlen_utf8_zstd")]
    [InlineData("vlen_bytes_blosc")]
    [InlineData("json2_none")]
    public void ZarrPythonsObjectArraysReadToItsItemsAndItReadsOurs(string name)
    {
        JsonArray expected = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(s_fixtures, name + ".expected.json")))!;
        ZarrArray array = ZarrArray.Open(new DirectoryStore(Path.Combine(s_fixtures, name), readOnly: true));

        ObjectArray items = array.ReadObjects();

        Assert.Equal(expected.Count, items.Count);
        Assert.True(JsonNode.DeepEquals(expected, ToJson(items)), $"{name}: items differ");
        Assert.Contains("use ReadObjects", Assert.Throws<InvalidOperationException>(() => array.ReadBytes()).Message, StringComparison.Ordinal);

        // A selection of items, then a copy written in two halves that zarr-python reads.
        var selection = ZarrSelection.Parse(array.Shape.Count == 2 ? "1:8:3, [1,0]" : "[5,2,39]", array.Shape.Count);
        ObjectArray part = array.ReadObjects(selection);
        Assert.Equal(array.GetResultShape(selection).Aggregate(1L, (n, e) => n * e), part.Count);

        string directory = Directory.CreateTempSubdirectory("numcodecs-objects-").FullName;
        try
        {
            ZarrArray copy = ZarrArray.Create(new DirectoryStore(directory), "", array.Metadata);
            int half = (int)array.Shape[0] / 2;
            int perRow = (int)array.Shape.Skip(1).Aggregate(1L, (n, e) => n * e);
            string rest = string.Concat(Enumerable.Repeat(", :", array.Shape.Count - 1));
            copy.WriteObjects(ZarrSelection.Parse($"0:{half}{rest}", array.Shape.Count), new ObjectArray(items.Items.Take(half * perRow)));
            copy.WriteObjects(ZarrSelection.Parse($"{half}:{rest}", array.Shape.Count), new ObjectArray(items.Items.Skip(half * perRow)));

            (int code, string output) = ProcessRunner.Run("/usr/bin/python3", Path.Combine(RepositoryPaths.Root, "tests", "zarr-python", "objects.py"), "read", directory);
            Assert.True(code == 0, output);
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(output)), $"{name}: zarr-python read other items: {output}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static JsonArray ToJson(ObjectArray items) =>
        new([.. items.Items.Select(item => item switch
        {
            string text => (JsonNode)text,
            byte[] bytes => new JsonArray([.. bytes.Select(b => (JsonNode)(int)b)]),
            null => null,
            _ => JsonValue.Create(item.ToString()),
        })]);
}
