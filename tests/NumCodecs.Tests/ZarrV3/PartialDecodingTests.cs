using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.IO;
using NumCodecs.Pipeline;
using NumCodecs.Tests.BloscBlocks;
using NumCodecs.Tests.Codecs;

namespace NumCodecs.Tests.ZarrV3;

public sealed class PartialDecodingTests
{
    private const string LittleBytes = """{"name":"bytes","configuration":{"endian":"little"}}""";

    // A shard of [1024, 512] float32 (2 MiB) in four inner chunks of [256, 512] (512 KiB), each Blosc in 64 KiB blocks (lz4 widens the 16 KiB asked by the typesize).
    private static readonly int[] s_shardShape = [1024, 512];
    private static readonly string s_blosc = """{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":16384}}""";
    private static readonly CodecPipeline s_sharded = CodecPipeline.FromV3(
        "[" + ShardingTests.Sharding("[256,512]", "[" + LittleBytes + "," + s_blosc + "]", null, "end") + "]",
        new ChunkSpec(s_shardShape, DType.ParseZarrV3("float32")));

    private static readonly byte[] s_values = TestData.SmoothFloats(1024 * 512);
    private static readonly byte[] s_shard = s_sharded.Encode(s_values);

    [Fact]
    public void OneElementOfAShardOfBloscReadsTheIndexAndOneBlockOfOneInnerChunk()
    {
        var source = new CountingSource(s_shard);
        IArrayPartialDecoder decoder = s_sharded.CreatePartialDecoder(source);
        var element = new byte[4];

        decoder.Decode([new DimensionSlice(700, 701), new DimensionSlice(100, 101)], element);

        Assert.Equal(s_values.AsSpan(((700 * 512) + 100) * 4, 4).ToArray(), element);

        // Index: 4 entries of 16 bytes plus the crc32c. Inner chunk 2 (rows 512..767): header, table, one block.
        int index = (4 * 16) + 4;
        BloscChunkLayout inner = InnerLayout(2, out _);
        int block = (((700 - 512) * 512) + 100) / inner.ItemsPerBlock;
        long allowed = index + BloscChunkLayout.GetHeaderAndTableLength(inner.Header) + inner.GetCompressedRange(block).Length;
        Assert.True(inner.BlockCount >= 8, $"{inner.BlockCount} blocks");
        Assert.True(source.BytesRead <= allowed, $"read {source.BytesRead} bytes, more than index + header + table + one block ({allowed})");
        Assert.True(source.Reads <= 4, $"{source.Reads} reads"); // index, header, rest of the table, the block
        Assert.True(source.BytesRead * 20 < s_shard.Length, $"read {source.BytesRead} of a {s_shard.Length}-byte shard");
    }

    [Fact]
    public async Task OneElementAsynchronouslyReadsAsLittle()
    {
        var source = new CountingSource(s_shard);
        IArrayPartialDecoder decoder = s_sharded.CreatePartialDecoder(source);
        var element = new byte[4];

        await decoder.DecodeAsync(new[] { new DimensionSlice(1023, 1024), new DimensionSlice(511, 512) }, element);

        Assert.Equal(s_values.AsSpan(s_values.Length - 4).ToArray(), element);
        BloscChunkLayout inner = InnerLayout(3, out _);
        long allowed = (4 * 16) + 4 + BloscChunkLayout.GetHeaderAndTableLength(inner.Header) + inner.GetCompressedRange(inner.BlockCount - 1).Length;
        Assert.True(source.BytesRead <= allowed, $"read {source.BytesRead} bytes, allowed {allowed}");
    }

    [Fact]
    public void LaterSelectionsReuseTheIndexAndTheInnerTables()
    {
        var source = new CountingSource(s_shard);
        IArrayPartialDecoder decoder = s_sharded.CreatePartialDecoder(source);
        var element = new byte[4];
        decoder.Decode([new DimensionSlice(10, 11), new DimensionSlice(3, 4)], element);
        long first = source.BytesRead;

        decoder.Decode([new DimensionSlice(11, 12), new DimensionSlice(3, 4)], element);

        BloscChunkLayout inner = InnerLayout(0, out _);
        Assert.True(source.BytesRead - first <= inner.GetCompressedRange(0).Length, "the second read fetched more than one block");
    }

    [Fact]
    public void WholeInnerChunksAreReadInCoalescedReads()
    {
        var source = new CountingSource(s_shard);
        IArrayPartialDecoder decoder = s_sharded.CreatePartialDecoder(source);
        var rows = new byte[512 * 512 * 4];

        decoder.Decode([new DimensionSlice(256, 768), new DimensionSlice(0, 512)], rows);

        Assert.Equal(s_values.AsSpan(256 * 512 * 4, rows.Length).ToArray(), rows);
        Assert.Equal(2, source.Reads); // the index, then inner chunks 1 and 2 in one read
    }

    [Fact]
    public void ABytesChunkReadsOnlyTheSelectedRuns()
    {
        var pipeline = CodecPipeline.FromV3("[" + LittleBytes + "]", new ChunkSpec([100, 1000], DType.ParseZarrV3("int16")));
        byte[] values = TestData.SmoothFloats(50_000);
        var source = new CountingSource(pipeline.Encode(values));
        var row = new byte[2000];

        pipeline.CreatePartialDecoder(source).Decode([new DimensionSlice(42, 43), new DimensionSlice(0, 1000)], row);

        Assert.Equal(values.AsSpan(42 * 2000, 2000).ToArray(), row);
        Assert.Equal(2000, source.BytesRead);
        Assert.Equal(1, source.Reads);
    }

    [Fact]
    public void AColumnOfATransposedChunkIsARowOfTheStoredOne()
    {
        var spec = new ChunkSpec([1000, 100], DType.ParseZarrV3("int16"));
        var pipeline = CodecPipeline.FromV3("""[{"name":"transpose","configuration":{"order":[1,0]}},""" + LittleBytes + "]", spec);
        byte[] values = TestData.SmoothFloats(50_000);
        var source = new CountingSource(pipeline.Encode(values));
        var column = new byte[2000];

        pipeline.CreatePartialDecoder(source).Decode([new DimensionSlice(0, 1000), new DimensionSlice(7, 8)], column);

        Assert.Equal(Slices.Slice(values, [1000, 100], 2, [new(0, 1000), new(7, 8)]), column);
        Assert.Equal(2000, source.BytesRead);
    }

    [Fact]
    public void CodecsDeclareWhetherTheyDecodePartially()
    {
        Assert.True(s_sharded.SupportsPartialDecoding);
        Assert.True(new BytesCodec().SupportsPartialDecoding);
        Assert.True(new BloscCodec().SupportsPartialDecoding);
        Assert.False(((ICodec)new GZipCodec()).SupportsPartialDecoding);
        Assert.False(((ICodec)new Crc32CCodec()).SupportsPartialDecoding);
        Assert.False(CodecPipeline.FromV3("[" + LittleBytes + """,{"name":"gzip","configuration":{"level":1}}]""", new ChunkSpec([4], DType.ParseZarrV3("int32"))).SupportsPartialDecoding);
    }

    /// <summary>Random pipelines and random selections: every partial decode equals the slice of a full decode.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task RandomSelectionsOfRandomPipelinesEqualSlicesOfTheFullDecode(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 6; trial++)
        {
            (CodecPipeline pipeline, string description) = RandomPipeline(random);
            ChunkSpec spec = pipeline.Spec;
            byte[] values = new byte[spec.ByteLength];
            random.NextBytes(values);
            for (int i = 0; i < values.Length / 3; i++)
            {
                values[random.Next(values.Length)] = 0; // some compressible runs
            }

            if (spec.DataType.Kind == DTypeKind.Boolean)
            {
                values = values.Select(b => (byte)(b & 1)).ToArray();
            }

            byte[] encoded = pipeline.Encode(values);
            byte[] full = pipeline.Decode(encoded);
            Assert.Equal(values, full);
            int[] shape = spec.Shape.ToArray();
            IByteRangeSource[] sources = [new MemoryByteRangeSource(encoded), new CountingSource(encoded), new SuffixOnlySource(encoded)];
            foreach (IByteRangeSource source in sources)
            {
                IArrayPartialDecoder decoder = pipeline.CreatePartialDecoder(source, new PartialDecodeOptions { MaxCoalesceGap = random.Next(3) * 64, MaxConcurrency = 1 + random.Next(4) });
                for (int s = 0; s < 12; s++)
                {
                    DimensionSlice[] selection = Slices.Random(random, shape);
                    byte[] expected = Slices.Slice(full, shape, spec.DataType.ItemSize, selection);
                    var actual = new byte[expected.Length];
                    if (s % 2 == 0)
                    {
                        decoder.Decode(selection, actual);
                    }
                    else
                    {
                        await decoder.DecodeAsync(selection, actual);
                    }

                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"{description}, selection [{string.Join(", ", selection.Select(x => $"{x.Start}:{x.Stop}"))}] via {source.GetType().Name}");
                }
            }
        }
    }

    private static (CodecPipeline Pipeline, string Description) RandomPipeline(Random random)
    {
        string[] types = ["int8", "uint8", "int16", "uint16", "int32", "float32", "int64", "float64", "bool", "complex64"];
        string type = types[random.Next(types.Length)];
        int rank = 1 + random.Next(3);
        int[] innerShape = Enumerable.Range(0, rank).Select(_ => 1 + random.Next(rank == 1 ? 40 : 9)).ToArray();
        bool shard = random.Next(2) == 0;
        int[] shape = shard ? innerShape.Select(e => e * (1 + random.Next(3))).ToArray() : innerShape;
        string chain = RandomChain(random, rank, shard && random.Next(4) == 0);
        if (shard)
        {
            string index = random.Next(2) == 0 ? "null" : "[" + LittleBytes + "]";
            chain = "[" + ShardingTests.Sharding("[" + string.Join(",", innerShape) + "]", chain, index == "null" ? null : index, random.Next(2) == 0 ? "start" : "end") + "]";
        }

        var spec = new ChunkSpec(shape, DType.ParseZarrV3(type), FillValues.Parse(JsonNode.Parse(type == "bool" ? "true" : type == "complex64" ? "[1, 2]" : "3"), DType.ParseZarrV3(type)));
        return (CodecPipeline.FromV3(chain, spec), $"{type} [{string.Join(", ", shape)}] {chain}");
    }

    private static string RandomChain(Random random, int rank, bool innerTranspose)
    {
        var codecs = new List<string>();
        if (random.Next(3) == 0 || innerTranspose)
        {
            int[] order = Enumerable.Range(0, rank).OrderBy(_ => random.Next()).ToArray();
            codecs.Add("""{"name":"transpose","configuration":{"order":[""" + string.Join(",", order) + "]}}");
        }

        codecs.Add(random.Next(2) == 0 ? LittleBytes : """{"name":"bytes","configuration":{"endian":"big"}}""");
        switch (random.Next(5))
        {
            case 0:
                break;
            case 1:
                string[] shuffles = ["noshuffle", "shuffle", "bitshuffle"];
                string[] cnames = ["lz4", "blosclz", "zstd", "zlib"];
                codecs.Add("{\"name\":\"blosc\",\"configuration\":{\"cname\":\"" + cnames[random.Next(4)] + "\",\"clevel\":" + random.Next(10) +
                           ",\"shuffle\":\"" + shuffles[random.Next(3)] + "\",\"typesize\":" + (1 + random.Next(8)) + ",\"blocksize\":" + (random.Next(2) * 64) + "}}");
                break;
            case 2:
                codecs.Add("""{"name":"gzip","configuration":{"level":1}}""");
                break;
            case 3:
                codecs.Add("""{"name":"zstd","configuration":{"level":1,"checksum":true}}""");
                codecs.Add("""{"name":"crc32c"}""");
                break;
            default:
                codecs.Add("""{"name":"crc32c"}""");
                break;
        }

        return "[" + string.Join(",", codecs) + "]";
    }

    private static BloscChunkLayout InnerLayout(int innerChunk, out long offset)
    {
        int indexStart = s_shard.Length - ((4 * 16) + 4);
        offset = BitConverter.ToInt64(s_shard, indexStart + (innerChunk * 16));
        long length = BitConverter.ToInt64(s_shard, indexStart + (innerChunk * 16) + 8);
        return BloscChunkLayout.Read(s_shard.AsSpan((int)offset, (int)length));
    }
}
