using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.Tests.ZarrV3;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Tests.Zarr;

public sealed class ZarrCacheTests
{
    private static readonly JsonArray s_bloscChain = (JsonArray)JsonNode.Parse("""
        [{"name":"bytes","configuration":{"endian":"little"}},
         {"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":4096}}]
        """)!;

    [Fact]
    public void HotChunksAreReadOnceAndWritesReplaceThem()
    {
        var store = new CountingStore(new MemoryStore());
        using var cache = new ZarrChunkCache(64 << 20);
        ZarrArray array = ZarrArray.Create(store, "a", ZarrArrayMetadata.CreateV3([64, 64], [32, 32], "int32", s_bloscChain), new ZarrArrayOptions { ChunkCache = cache });
        int[] values = Enumerable.Range(0, 64 * 64).ToArray();
        array.Write<int>(null, values);

        Assert.Equal(values, array.Read<int>());
        store.Reset();
        Assert.Equal(values, array.Read<int>());
        Assert.Equal(0, store.Requests);
        Assert.Equal(4, cache.Count);

        array.Write<int>(ZarrSelection.Parse("0:32, 0:32", 2), new int[32 * 32]);
        int[] after = array.Read<int>();
        Assert.Equal(0, after[0]);
        Assert.Equal(values[^1], after[^1]);
    }

    [Fact]
    public void ASteppedSliceReadsEachBlockOfItsChunkOnceAndScatteredRowsOnlyTheirBlocks()
    {
        // One [4096, 64] float32 chunk of Blosc (16 KiB blocks asked, which lz4 widens to 64 KiB: 256 rows each). Every other row is 2048 pieces, many
        // to a block: the call's own block cache must fetch each block once, not once per piece.
        var store = new CountingStore(new MemoryStore());
        JsonArray codecs = (JsonArray)JsonNode.Parse("""[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":16384}}]""")!;
        ZarrArray array = ZarrArray.Create(store, "a", ZarrArrayMetadata.CreateV3([4096, 64], [4096, 64], "float32", codecs), new ZarrArrayOptions { MaxConcurrency = 1 });
        float[] values = [.. Enumerable.Range(0, 4096 * 64).Select(i => MathF.Sin(i * 0.01f))];
        array.Write<float>(null, values);
        long stored = store.Inner.Read("a/c/0/0")!.Length;
        store.Reset();

        float[] everyOther = array.Read<float>(ZarrSelection.Parse("::2, :", 2));

        Assert.Equal(values.Chunk(64).Where((_, row) => row % 2 == 0).SelectMany(row => row), everyOther);
        Assert.True(store.BytesRead <= stored + 1024, $"{store.BytesRead} bytes read for a {stored}-byte chunk");

        store.Reset();
        float[] two = array.Read<float>(new ZarrSelection(DimensionSelection.Of(100, 3000), DimensionSelection.All));

        Assert.Equal(values.AsSpan(100 * 64, 64).ToArray().Concat(values.AsSpan(3000 * 64, 64).ToArray()), two);
        // Scattered rows go without the call's cache: just the header, the block table and the two rows' blocks.
        byte[] chunk = store.Inner.Read("a/c/0/0")!;
        var layout = BloscChunkLayout.Read(chunk);
        int RowBlock(int row) => row * 64 / layout.ItemsPerBlock;
        Assert.NotEqual(RowBlock(100), RowBlock(3000));
        long needed = BloscChunkLayout.GetHeaderAndTableLength(layout.Header) +
            layout.GetCompressedRange(RowBlock(100)).Length + layout.GetCompressedRange(RowBlock(3000)).Length;
        Assert.Equal(needed, store.BytesRead);
    }

    [Fact]
    public void HotBlocksAreDecodedOnceAcrossReads()
    {
        string directory = Directory.CreateTempSubdirectory("numcodecs-blocks-").FullName;
        try
        {
            var store = new CountingStore(new DirectoryStore(directory));
            using var blocks = new BloscBlockCache(64 << 20);
            ZarrArrayOptions options = new ZarrArrayOptions { MaxConcurrency = 1 }.WithBlockCache(blocks);
            JsonArray sharded = (JsonArray)JsonNode.Parse("[" + ShardingTests.Sharding("[256,256]", s_bloscChain.ToJsonString(), null, "end") + "]")!;
            ZarrArray array = ZarrArray.Create(store, "s", ZarrArrayMetadata.CreateV3([1024, 256], [1024, 256], "float32", sharded), options);
            float[] values = [.. Enumerable.Range(0, 1024 * 256).Select(i => MathF.Cos(i * 0.001f))];
            array.Write<float>(null, values);
            store.Reset();

            float first = Assert.Single(array.Read<float>(ZarrSelection.Parse("700, 9", 2)));
            long cold = store.BytesRead;
            store.Reset();
            float second = Assert.Single(array.Read<float>(ZarrSelection.Parse("700, 10", 2)));
            long warm = store.BytesRead;

            Assert.Equal(values[(700 * 256) + 9], first);
            Assert.Equal(values[(700 * 256) + 10], second);
            Assert.True(blocks.Count > 0);
            Assert.True(warm < cold / 2, $"the second read took {warm} bytes, the first {cold}: its block came from the store again");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed class ZarrGroupTests
{
    [Theory]
    [InlineData(ZarrFormat.V2)]
    [InlineData(ZarrFormat.V3)]
    public void AHierarchyIsWalkedByGroupsAndArrays(ZarrFormat format)
    {
        var store = new MemoryStore();
        ZarrGroup root = ZarrGroup.Create(store, "", format, new JsonObject { ["title"] = "cells" });
        ZarrGroup.Create(store, "obs", format);
        ZarrArrayMetadata metadata = format == ZarrFormat.V3
            ? ZarrArrayMetadata.CreateV3([10], [5], "int16", (JsonArray)JsonNode.Parse("""[{"name":"bytes","configuration":{"endian":"little"}}]""")!)
            : ZarrArrayMetadata.CreateV2([10], [5], "<i2");
        ZarrArray.Create(store, "X", metadata).Write<short>(null, [.. Enumerable.Range(0, 10).Select(i => (short)i)]);
        ZarrArray.Create(store, "obs/index", metadata);

        ZarrGroup reopened = ZarrGroup.Open(store);

        Assert.Equal(format, reopened.Format);
        Assert.Equal("cells", (string?)reopened.Attributes["title"]);
        Assert.Equal(["X"], reopened.ArrayNames());
        Assert.Equal(["obs"], reopened.GroupNames());
        Assert.Equal(["index"], reopened.OpenGroup("obs").ArrayNames());
        Assert.Equal((short)7, reopened.OpenArray("X").Read<short>()[7]);
        Assert.Contains("group", Assert.Throws<ZarrFormatException>(() => ZarrGroup.Open(store, "X")).Message, StringComparison.Ordinal); // an array there, not a group
    }

    [Fact]
    public void ZarrPythonsFixturesOpenAsArraysOfAGroupOfNone()
    {
        // The fixture folders hold arrays side by side without a group document: opening the parent as a group fails clearly.
        var store = new DirectoryStore(Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "zarr-v2"), readOnly: true);
        Assert.Throws<ZarrFormatException>(() => ZarrGroup.Open(store));
        Assert.Equal([30, 40], ZarrArray.Open(store, "raw_int8").Shape);
    }
}

public sealed class ZipStoreTests
{
    private static readonly string s_fixtures = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "zarr-v2-zip");

    [Theory]
    [InlineData("stored.zip")]
    [InlineData("deflated.zip")]
    public void ZarrPythonsZipStoresReadToItsValues(string zip)
    {
        using var store = new ZipStore(Path.Combine(s_fixtures, zip));
        ZarrGroup group = ZarrGroup.Open(store);
        Assert.Equal(["x", "y"], group.ArrayNames());
        foreach (string name in new[] { "x", "y" })
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(s_fixtures, $"{zip}.{name}.expected.bin"));
            ZarrArray array = group.OpenArray(name);
            Assert.Equal(expected, array.ReadBytes());
            int[] shape = [.. array.Shape.Select(extent => (int)extent)];
            long[][] indices = name == "x"
                ? [[.. Enumerable.Range(0, 7).Select(i => 3L + (4 * i))], [28, 0, 7]]
                : [[.. Enumerable.Range(0, 27).Select(i => 17L + (9 * i))]];
            ZarrSelection selection = ZarrSelection.Parse(name == "x" ? "3:30:4, [28,0,7]" : "17:260:9", array.Shape.Count);
            Assert.Equal(ZarrArrayTests.Gather(expected, shape, array.DataType.ItemSize, indices), array.ReadBytes(selection));
        }

        Assert.Throws<NotSupportedException>(() => store.Write("x/0.0", [1]));
    }

    [Fact]
    public void StoredEntriesAreReadByRange()
    {
        using var store = new ZipStore(Path.Combine(s_fixtures, "stored.zip"));
        NumCodecs.IO.IByteRangeSource source = store.OpenRange("x/1.1")!;
        byte[] whole = store.Read("x/1.1")!;
        var part = new byte[5];

        Assert.True(source.TryGetLength(out long length) && length == whole.Length);
        Assert.Equal(5, source.Read(3, part));
        Assert.Equal(whole.AsSpan(3, 5).ToArray(), part);
        Assert.Null(store.OpenRange("x/9.9"));
    }

    [Theory]
    [InlineData("not a zip at all", "no end of central directory")]
    [InlineData("truncated", "does not fit the file")]
    public void BadZipFilesAreClearErrors(string kind, string message)
    {
        string path = Path.Combine(Path.GetTempPath(), $"numcodecs-bad-{Guid.NewGuid():N}.zip");
        try
        {
            byte[] good = File.ReadAllBytes(Path.Combine(s_fixtures, "stored.zip"));
            byte[] bad = kind == "truncated" ? [.. good.AsSpan(good.Length - 200).ToArray()] : System.Text.Encoding.ASCII.GetBytes(kind);
            File.WriteAllBytes(path, bad);
            Assert.Contains(message, Assert.Throws<ZarrFormatException>(() => new ZipStore(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
