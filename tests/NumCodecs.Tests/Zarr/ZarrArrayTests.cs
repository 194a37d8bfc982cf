using System.Buffers;
using System.Text.Json.Nodes;
using NumCodecs.IO;
using NumCodecs.Tests.ZarrV3;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Tests.Zarr;

/// <summary>Arrays opened from stores written by zarr-python 2 and zarrita: whole reads, random selections, writes read back by them.</summary>
public sealed class ZarrArrayTests
{
    private static readonly string s_v2 = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "zarr-v2");
    private static readonly string s_v3 = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "zarr-v3");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (string directory in Directory.GetDirectories(s_v2).Concat(Directory.GetDirectories(s_v3)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "tests", "fixtures"), directory));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task WholeArraysAndRandomSelectionsReadAsTheirWritersRead(string fixture)
    {
        string directory = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", fixture);
        byte[] expected = File.ReadAllBytes(Path.Combine(directory, "expected.bin"));
        ZarrArray array = ZarrArray.Open(new DirectoryStore(directory, readOnly: true));
        int itemSize = array.DataType.ItemSize;
        int[] shape = [.. array.Shape.Select(extent => (int)extent)];

        Assert.True(expected.AsSpan().SequenceEqual(array.ReadBytes()), $"{fixture}: whole array differs");

        var random = new Random(fixture.Length);
        var mapped = ZarrArray.Open(new DirectoryStore(directory, readOnly: true, memoryMap: true), options: new ZarrArrayOptions { MaxConcurrency = 2 });
        for (int trial = 0; trial < 20; trial++)
        {
            (ZarrSelection selection, long[][] indices) = RandomSelection(random, shape);
            byte[] wanted = Gather(expected, shape, itemSize, indices);
            ZarrArray reader = trial % 2 == 0 ? array : mapped;
            byte[] actual = reader.ReadBytes(selection);
            Assert.True(wanted.AsSpan().SequenceEqual(actual), $"{fixture}: selection {selection} differs");
            if (trial % 5 == 0)
            {
                var asynchronous = new byte[wanted.Length];
                await reader.ReadBytesAsync(selection, asynchronous);
                Assert.True(wanted.AsSpan().SequenceEqual(asynchronous), $"{fixture}: async selection {selection} differs");
            }
        }
    }

    [Theory]
    [InlineData("zarr-v2/chain_delta_shuffle_zlib_int32")]
    [InlineData("zarr-v2/order_f_3d_zlib_float64")]
    [InlineData("zarr-v2/missing_chunks_fill7_int16")]
    [InlineData("zarr-v3/sharded_index_end_int32")]
    [InlineData("zarr-v3/transpose_3d_big_gzip_uint16")]
    [InlineData("zarr-v3/missing_chunks_float64_fill_neg1_5")]
    public void ArraysWrittenInPiecesReadBackInTheirWriters(string fixture)
    {
        string source = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", fixture);
        byte[] values = File.ReadAllBytes(Path.Combine(source, "expected.bin"));
        ZarrArray original = ZarrArray.Open(new DirectoryStore(source, readOnly: true));
        string directory = Directory.CreateTempSubdirectory("numcodecs-zarr-").FullName;
        try
        {
            var store = new DirectoryStore(directory);
            ZarrArray copy = ZarrArray.Create(store, "", original.Metadata);
            int[] shape = [.. original.Shape.Select(extent => (int)extent)];
            int itemSize = original.DataType.ItemSize;

            // Two writes that split chunks: the second half reads, modifies and writes back the chunks the first made.
            int half = shape[0] / 2;
            var first = new ZarrSelection([DimensionSelection.Slice(0, half), .. Enumerable.Repeat(DimensionSelection.All, shape.Length - 1)]);
            var second = new ZarrSelection([DimensionSelection.Slice(half, null), .. Enumerable.Repeat(DimensionSelection.All, shape.Length - 1)]);
            int split = half * shape.Skip(1).Aggregate(itemSize, (n, e) => n * e);
            copy.WriteBytes(first, values.AsSpan(0, split));
            copy.WriteBytes(second, values.AsSpan(split));

            Assert.Equal(values, ZarrArray.Open(new DirectoryStore(directory, readOnly: true)).ReadBytes());
            byte[] theirs = fixture.StartsWith("zarr-v2", StringComparison.Ordinal) ? ZarrPython.Read(directory) : Zarrita.Read(directory);
            Assert.Equal(values, theirs);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void OneElementOfAShardedArrayReadsItsIndexAndOneBlock()
    {
        // A [4096, 1024] float32 array (16 MiB) in 2 shards of [2048, 1024], inner chunks [256, 1024] of Blosc, 64 KiB blocks.
        var store = new CountingStore(new MemoryStore());
        JsonArray codecs = (JsonArray)JsonNode.Parse("[" + ShardingTests.Sharding("[256,1024]", """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":16384}}]""", null, "end") + "]")!;
        ZarrArray array = ZarrArray.Create(store, "big", ZarrArrayMetadata.CreateV3([4096, 1024], [2048, 1024], "float32", codecs));
        float[] values = new float[4096 * 1024];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Sin(i * 1e-3f) * 100;
        }

        array.Write<float>(null, values);
        long shardLength = store.Inner.Read("big/c/1/0")!.Length;
        store.Reset();

        float[] one = array.Read<float>(ZarrSelection.Parse("3000, 77", 2));

        Assert.Equal(values[(3000 * 1024) + 77], Assert.Single(one));
        Assert.True(store.BytesRead < 100_000, $"read {store.BytesRead} bytes of a {shardLength}-byte shard");
        Assert.True(store.BytesRead * 20 < shardLength, $"read {store.BytesRead} bytes of a {shardLength}-byte shard");
    }

    [Fact]
    public void OneElementOfAOneGibibyteShardedBloscArrayOnDiskReadsTheShardIndexAndOneBlock()
    {
        // [16384, 16384] float32 (1 GiB) in 16 shards of [4096, 4096] (64 MiB each), inner chunks [1024, 1024] of
        // Blosc lz4 with c-blosc's own block size, index at the end: written in slabs of 1024 rows.
        string directory = Directory.CreateTempSubdirectory("numcodecs-gib-").FullName;
        try
        {
            var store = new CountingStore(new DirectoryStore(directory));
            string blosc = """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":0}}]""";
            JsonArray codecs = (JsonArray)JsonNode.Parse("[" + ShardingTests.Sharding("[1024,1024]", blosc, null, "end") + "]")!;
            ZarrArray array = ZarrArray.Create(store, "", ZarrArrayMetadata.CreateV3([16384, 16384], [4096, 4096], "float32", codecs));
            static float Value(long row, long column) => ((row * 7) + (column % 1000)) % 4093 * 0.25f;
            float[] slab = new float[1024 * 16384];
            for (int start = 0; start < 16384; start += 1024)
            {
                for (int i = 0; i < slab.Length; i++)
                {
                    slab[i] = Value(start + (i / 16384), i % 16384);
                }

                array.Write<float>(new ZarrSelection(DimensionSelection.Slice(start, start + 1024), DimensionSelection.All), slab);
            }

            // What the element needs: shard c/2/3's index (16 entries of 16 bytes and a crc32c), then the Blosc header and
            // block table of inner chunk (1, 0) of that shard, then the one block holding (10000, 12345).
            byte[] shard = File.ReadAllBytes(Path.Combine(directory, "c", "2", "3"));
            int indexLength = (16 * 16) + 4;
            int entry = shard.Length - indexLength + (16 * ((1 * 4) + 0));
            long innerOffset = BitConverter.ToInt64(shard, entry);
            long innerLength = BitConverter.ToInt64(shard, entry + 8);
            var layout = NumCodecs.Blosc.BloscChunkLayout.Read(shard.AsSpan((int)innerOffset, (int)innerLength));
            int item = ((10000 - 9216) * 1024) + (12345 - 12288);
            int block = item / layout.ItemsPerBlock;
            long needed = indexLength + NumCodecs.Blosc.BloscChunkLayout.GetHeaderAndTableLength(layout.Header) + layout.GetCompressedRange(block).Length;
            store.Reset();

            float[] one = ZarrArray.Open(store).Read<float>(ZarrSelection.Parse("10000, 12345", 2));

            Assert.Equal(Value(10000, 12345), Assert.Single(one));
            long metadata = store.Inner.Read("zarr.json")!.Length;
            Assert.Equal(needed, store.BytesRead - metadata);
            Assert.True(needed * 100 < shard.Length, $"{needed} bytes of a {shard.Length}-byte shard");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ACountingStoreCountsWholeRangedAndSuffixReadsAndTheKeysRead()
    {
        var store = new CountingStore(new MemoryStore());
        store.Write("a/x", [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Equal(8, store.Read("a/x")!.Length);
        Assert.Null(store.Read("a/missing"));
        IByteRangeSource source = store.OpenRange("a/x")!;
        Assert.Equal(3, source.Read(2, new byte[3]));
        Assert.Equal(2, source.ReadSuffix(new byte[2]).BytesRead);

        Assert.Equal(8 + 0 + 3 + 2, store.BytesRead);
        Assert.Equal(4, store.Requests);
        Assert.Equal(["a/missing", "a/x"], store.Keys.Order(StringComparer.Ordinal));
        store.Reset();
        Assert.Equal((0L, 0L, 0), (store.BytesRead, store.Requests, store.KeysRead));
    }

    [Fact]
    public void ADirectoryStoreReadsValuesIntoPooledBuffersAndACountingStoreCountsThem()
    {
        string root = Path.Combine(Path.GetTempPath(), "numcodecs-pooled-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new CountingStore(new DirectoryStore(root));
            byte[] value = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 7))];
            store.Write("a/x", value);
            store.Write("a/empty", []);
            store.Write("a/dir/y", [1]);

            using (IMemoryOwner<byte> owner = store.ReadPooled("a/x")!)
            {
                Assert.Equal(value, owner.Memory.ToArray()); // exactly the value, though the rented buffer is larger
            }

            using (IMemoryOwner<byte> empty = store.ReadPooled("a/empty")!)
            {
                Assert.Equal(0, empty.Memory.Length);
            }

            Assert.Null(store.ReadPooled("a/missing"));
            Assert.Null(store.ReadPooled("a/dir")); // a directory is no value
            Assert.Equal(1000, store.BytesRead);
            Assert.Equal(4, store.Requests);

            IZarrStore memory = new MemoryStore(); // the interface's own implementation, over Read
            memory.Write("k", [9, 8]);
            using IMemoryOwner<byte> memoryValue = memory.ReadPooled("k")!;
            Assert.Equal(new byte[] { 9, 8 }, memoryValue.Memory.ToArray());
            Assert.Null(memory.ReadPooled("none"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(new long[] { 6, 5 }, new[] { 2, 5 })] // whole rows: each chunk decodes straight into the result
    [InlineData(new long[] { 6, 5 }, new[] { 2, 2 })] // through a buffer, edge chunks too
    [InlineData(new long[] { 3, 4, 6 }, new[] { 1, 4, 6 })]
    [InlineData(new long[] { 4, 4, 6 }, new[] { 1, 2, 6 })] // one index of the first dimension, part of the second
    [InlineData(new long[] { 4, 4, 6 }, new[] { 2, 1, 6 })] // not one run
    [InlineData(new long[] { 13 }, new[] { 4 })]
    public void WholeChunksLandWhereTheyBelongWhetherDecodedInPlaceOrThroughABuffer(long[] shape, int[] chunks)
    {
        var blosc = new JsonObject { ["id"] = "blosc", ["cname"] = "lz4", ["clevel"] = 5, ["shuffle"] = 1, ["blocksize"] = 0 };
        var store = new MemoryStore();
        ZarrArray array = ZarrArray.Create(store, "", ZarrArrayMetadata.CreateV2(shape, chunks, "<i4", blosc, fillValue: -1));
        int count = (int)shape.Aggregate(1L, (product, extent) => product * extent);
        int[] values = [.. Enumerable.Range(0, count).Select(i => (i * 37) ^ 0x5a5a)];
        array.Write<int>(null, values);
        store.Delete(StoreKeys.Join("", ChunkKey(chunks.Length))); // a missing chunk: the fill value, also in place
        int[] expected = ExpectedWithFirstChunkMissing(values, shape, chunks);

        Assert.Equal(expected, array.Read<int>());
        var garbage = new int[count];
        Array.Fill(garbage, unchecked((int)0xdeadbeef));
        array.Read<int>(ZarrSelection.All(shape.Length), garbage); // every element is written, whatever was there
        Assert.Equal(expected, garbage);
    }

    private static string ChunkKey(int rank) => string.Join('.', Enumerable.Repeat("0", rank));

    private static int[] ExpectedWithFirstChunkMissing(int[] values, long[] shape, int[] chunks)
    {
        int[] expected = [.. values];
        var index = new long[shape.Length];
        for (int flat = 0; flat < values.Length; flat++)
        {
            long rest = flat;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }

            if (index.Select((i, d) => i < chunks[d]).All(inside => inside))
            {
                expected[flat] = -1;
            }
        }

        return expected;
    }

    [Fact]
    public void StoreKeysCannotLeaveTheStore()
    {
        string directory = Directory.CreateTempSubdirectory("numcodecs-keys-").FullName;
        try
        {
            var store = new DirectoryStore(Path.Combine(directory, "store"));
            foreach (string key in new[] { "../outside", "a/../../outside", "/etc/passwd", "a//b", "a\\b", "./a", "" })
            {
                Assert.Throws<ArgumentException>(() => store.Write(key, [1]));
                Assert.Throws<ArgumentException>(() => store.Read(key));
            }

            Assert.False(File.Exists(Path.Combine(directory, "outside")));
            Assert.Empty(Directory.GetFiles(directory, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("""{"zarr_format": 3, "node_type": "group"}""", "not an array's")]
    [InlineData("""{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "int32", "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2, 2]}}, "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}]}""", "1 dimensions and its chunks 2")]
    [InlineData("""{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "int32", "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}}, "chunk_key_encoding": {"name": "fancy"}, "fill_value": 0, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}]}""", "'fancy' is not supported")]
    [InlineData("""{"zarr_format": 3, "node_type": "array", "shape": [-4], "data_type": "int32", "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}}, "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}]}""", "not a non-negative integer")]
    [InlineData("""{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "int32", "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}}, "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "snappy"}]}""", "Unknown Zarr v3 codec name 'snappy'")]
    public void MalformedMetadataIsAClearError(string json, string message)
    {
        var store = new MemoryStore();
        store.Write("zarr.json", System.Text.Encoding.UTF8.GetBytes(json));

        ZarrFormatException e = Assert.Throws<ZarrFormatException>(() => ZarrArray.Open(store));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("no Zarr array", Assert.Throws<ZarrFormatException>(() => ZarrArray.Open(new MemoryStore(), "nothing")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1:7:2, -1", 2, "[1,3,5]", "[9]")]
    [InlineData(":, [3,0,3]", 2, "[0,1,2,3,4,5,6,7]", "[3,0,3]")]
    [InlineData("-3:", 1, "[5,6,7]", null)]
    public void SelectionsParseAsNumpyIndexes(string text, int rank, string first, string? second)
    {
        ZarrSelection selection = ZarrSelection.Parse(text, rank);
        Assert.Equal(JsonNode.Parse(first)!.AsArray().Select(n => (long)n!), selection.Dimensions[0].Resolve(8, 0));
        if (second is not null)
        {
            Assert.Equal(JsonNode.Parse(second)!.AsArray().Select(n => (long)n!), selection.Dimensions[1].Resolve(10, 1));
        }

        Assert.Throws<FormatException>(() => ZarrSelection.Parse("1:2:0", 1));
        Assert.Throws<FormatException>(() => ZarrSelection.Parse("x", 1));
        Assert.Throws<FormatException>(() => ZarrSelection.Parse("1, 2", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ZarrSelection.Parse("[8]", 1).Dimensions[0].Resolve(8, 0));
    }

    private static (ZarrSelection Selection, long[][] Indices) RandomSelection(Random random, int[] shape)
    {
        var dimensions = new DimensionSelection[shape.Length];
        var indices = new long[shape.Length][];
        for (int d = 0; d < shape.Length; d++)
        {
            int extent = shape[d];
            switch (random.Next(4))
            {
                case 0:
                    int start = random.Next(extent);
                    int stop = random.Next(start, extent + 1);
                    int step = 1 + random.Next(3);
                    dimensions[d] = DimensionSelection.Slice(start, stop, step);
                    indices[d] = [.. Enumerable.Range(0, Math.Max(0, ((stop - start - 1) / step) + 1)).Select(i => (long)(start + (i * step))).Where(i => i < stop)];
                    break;
                case 1:
                    long index = random.Next(extent);
                    dimensions[d] = DimensionSelection.At(index - (random.Next(2) * extent)); // sometimes negative
                    indices[d] = [index];
                    break;
                case 2:
                    long[] list = [.. Enumerable.Range(0, 1 + random.Next(5)).Select(_ => (long)random.Next(extent))];
                    dimensions[d] = DimensionSelection.Of(list);
                    indices[d] = list;
                    break;
                default:
                    dimensions[d] = DimensionSelection.All;
                    indices[d] = [.. Enumerable.Range(0, extent).Select(i => (long)i)];
                    break;
            }
        }

        return (new ZarrSelection(dimensions), indices);
    }

    internal static byte[] Gather(byte[] array, int[] shape, int itemSize, long[][] indices)
    {
        long count = indices.Aggregate(1L, (n, list) => n * list.Length);
        var result = new byte[count * itemSize];
        var at = new int[shape.Length];
        for (long k = 0; k < count; k++)
        {
            long flat = 0;
            for (int d = 0; d < shape.Length; d++)
            {
                flat = (flat * shape[d]) + indices[d][at[d]];
            }

            Array.Copy(array, flat * itemSize, result, k * itemSize, itemSize);
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++at[d] < indices[d].Length)
                {
                    break;
                }

                at[d] = 0;
            }
        }

        return result;
    }
}
