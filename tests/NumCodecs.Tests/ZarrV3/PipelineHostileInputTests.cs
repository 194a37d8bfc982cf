using System.Buffers.Binary;
using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.IO;
using NumCodecs.Pipeline;
using NumCodecs.Tests.BloscBlocks;

namespace NumCodecs.Tests.ZarrV3;

/// <summary>Bad chunks and bad metadata in pipelines: clear exceptions, memory bounded by the chunk, never a hang.</summary>
public sealed class PipelineHostileInputTests
{
    private const string LittleBytes = """{"name":"bytes","configuration":{"endian":"little"}}""";

    [Fact]
    public void ACompressorDecodesNoMoreThanTheChunkHolds()
    {
        var pipeline = CodecPipeline.FromV3("[" + LittleBytes + """,{"name":"zstd","configuration":{"level":1,"checksum":false}}]""", new ChunkSpec([1], DType.ParseZarrV3("int32")));
        byte[] bomb = new ZstdCodec(1).Encode(new byte[64 << 20]); // a few KiB that decode to 64 MiB

        long before = GC.GetAllocatedBytesForCurrentThread();
        CorruptDataException e = Assert.Throws<CorruptDataException>(() => pipeline.Decode(bomb));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("more than the 4 bytes", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < (1 << 20), $"allocated {allocated:N0} bytes for a 4-byte chunk");
        Assert.Throws<CorruptDataException>(() => pipeline.CreatePartialDecoder(new MemoryByteRangeSource(bomb)).Decode([new(0, 1)], new byte[4]));
    }

    [Fact]
    public void TheBoundFollowsTheChainOutwards()
    {
        // gzip around zstd: the gzip layer may decode to at most zstd's largest encoding of the chunk.
        var spec = new ChunkSpec([16], DType.ParseZarrV3("uint8"));
        var pipeline = CodecPipeline.FromV3("[" + LittleBytes + """,{"name":"zstd","configuration":{"level":1,"checksum":false}},{"name":"gzip","configuration":{"level":1}}]""", spec);
        byte[] bomb = new GZipCodec(1).Encode(new byte[8 << 20]);

        CorruptDataException e = Assert.Throws<CorruptDataException>(() => pipeline.Decode(bomb));
        Assert.Contains("'gzip' data decodes to more than", e.Message, StringComparison.Ordinal);
        byte[] chunk = pipeline.Encode(new byte[16]);
        Assert.Equal(new byte[16], pipeline.Decode(chunk));
    }

    [Fact]
    public async Task ABloscChunkOfTheWrongLengthIsRefusedByPartialDecodesToo()
    {
        var pipeline = CodecPipeline.FromV3("[" + LittleBytes + """,{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"noshuffle","blocksize":0}}]""", new ChunkSpec([10], DType.ParseZarrV3("uint8")));
        byte[] hundred = new BloscCodec("lz4", 5, BloscShuffle.NoShuffle).Encode(Enumerable.Range(0, 100).Select(i => (byte)i).ToArray());

        Assert.Throws<CorruptDataException>(() => pipeline.Decode(hundred));
        Assert.Throws<CorruptDataException>(() => pipeline.CreatePartialDecoder(new CountingSource(hundred)).Decode([new(0, 10)], new byte[10]));
        await Assert.ThrowsAsync<CorruptDataException>(async () => await pipeline.CreatePartialDecoder(new CountingSource(hundred)).DecodeAsync(new[] { new DimensionSlice(0, 10) }, new byte[10]));
    }

    [Fact]
    public void ABloscChunkShorterThanTheChunkIsRefusedWhenDecodedInPlace()
    {
        // The last compressor writes straight into the destination: a short chunk must not leave its tail unwritten.
        var pipeline = CodecPipeline.FromV3("[" + LittleBytes + """,{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"noshuffle","blocksize":0}}]""", new ChunkSpec([10], DType.ParseZarrV3("uint8")));
        byte[] five = new BloscCodec("lz4", 5, BloscShuffle.NoShuffle).Encode(new byte[] { 1, 2, 3, 4, 5 });

        CorruptDataException e = Assert.Throws<CorruptDataException>(() => pipeline.Decode(five, new byte[10]));
        Assert.Contains("has 5 bytes; a chunk of", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABloscChunkWhoseBlocksSplitItemsDecodesPartiallyAsAWhole()
    {
        // A memcpyed chunk of typesize 4 with a 30-byte blocksize: c-blosc decodes it, but not item by item.
        byte[] chunk = new byte[16 + 80];
        chunk[0] = 2;
        chunk[1] = 1;
        chunk[2] = 0x02; // memcpyed
        chunk[3] = 4;
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4), 80);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(8), 30);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(12), chunk.Length);
        for (int i = 16; i < chunk.Length; i++)
        {
            chunk[i] = (byte)i;
        }

        var pipeline = CodecPipeline.FromV3("[" + LittleBytes + """,{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":0}}]""", new ChunkSpec([20], DType.ParseZarrV3("int32")));
        byte[] full = pipeline.Decode(chunk);
        var part = new byte[8];

        pipeline.CreatePartialDecoder(new CountingSource(chunk)).Decode([new(3, 5)], part);

        Assert.Equal(full.AsSpan(12, 8).ToArray(), part);
    }

    [Fact]
    public void BigEndianTextKeepsItsCharactersInOrder()
    {
        var zarray = (JsonObject)JsonNode.Parse("""{"zarr_format":2,"shape":[2],"chunks":[2],"dtype":">U2","order":"C","fill_value":"","filters":null,"compressor":null}""")!;
        CodecPipeline pipeline = CodecPipeline.FromZarray(zarray);
        byte[] stored = [0, 0, 0, (byte)'a', 0, 0, 0, (byte)'b', 0, 0, 0, (byte)'c', 0, 0, 0, 0]; // "ab", "c", big endian

        byte[] decoded = pipeline.Decode(stored);

        Assert.Equal("abc\0", System.Text.Encoding.UTF32.GetString(decoded)); // "ab" and "c", each padded to two characters
        Assert.Equal((byte)'a', decoded[0]);
        Assert.Equal((byte)'b', decoded[4]);
        Assert.Equal(stored, pipeline.Encode(decoded));
    }

    [Theory]
    [InlineData("<U3", "\"abc\"", "610000006200000063000000")]
    [InlineData("<U2", "\"é\"", "E900000000000000")]
    public void TextFillValuesAreText(string dtype, string json, string hex) =>
        Assert.Equal(hex, Convert.ToHexString(FillValues.Parse(JsonNode.Parse(json), DType.Parse(dtype))));

    [Fact]
    public void ElementsOfNoBytesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new ChunkSpec([4], DType.Parse("|S0")));
        var zarray = (JsonObject)JsonNode.Parse("""{"zarr_format":2,"shape":[4],"chunks":[4],"dtype":"|S0","order":"C","fill_value":null,"filters":null,"compressor":null}""")!;
        Assert.Contains("no bytes", Assert.Throws<CodecConfigException>(() => CodecPipeline.FromZarray(zarray)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ItemsOnlyGoThroughItemCodecs()
    {
        var strings = new ChunkSpec([4], DType.Parse("|O"));
        Assert.Contains("vlen-utf8 or vlen-bytes", Assert.Throws<CodecConfigException>(() => CodecPipeline.FromV3("[" + LittleBytes + "]", strings)).Message, StringComparison.Ordinal);
        Assert.Contains("not supported", Assert.Throws<CodecConfigException>(() =>
            CodecPipeline.FromV3("[" + ShardingTests.Sharding("[2]", """[{"name":"vlen-utf8"}]""", null, "end") + "]", strings)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeShardIndexesAreConfigErrorsBeforeAnythingIsAllocated()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        CodecPipeline pipeline = CodecPipeline.FromV3("[" + ShardingTests.Sharding("[1,1]", "[" + LittleBytes + "]", null, "end") + "]", new ChunkSpec([4096, 4096], DType.ParseZarrV3("uint8")));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < (64 << 20), "building the pipeline allocated in proportion to its index");
        Assert.NotNull(pipeline);

        Assert.Contains("index would exceed", Assert.Throws<CodecConfigException>(() =>
            CodecPipeline.FromV3("[" + ShardingTests.Sharding("[1,1]", "[" + LittleBytes + "]", null, "end") + "]", new ChunkSpec([16384, 16384], DType.ParseZarrV3("uint8")))).Message, StringComparison.Ordinal);
        var zarrJson = (JsonObject)JsonNode.Parse("""
            {"zarr_format":3,"node_type":"array","shape":[1],"data_type":"int32",
             "chunk_grid":{"name":"regular","configuration":{"chunk_shape":[100000,100000]}},
             "chunk_key_encoding":{"name":"default"},"fill_value":0,"codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}
            """)!;
        Assert.Equal("chunk_grid", Assert.Throws<CodecConfigException>(() => CodecPipeline.FromZarrJson(zarrJson)).Key);
    }

    [Fact]
    public async Task ASourceThatReadsSuffixesOnlySynchronouslyServesAsyncDecodes()
    {
        var spec = new ChunkSpec([8, 20], DType.ParseZarrV3("int32"));
        CodecPipeline pipeline = CodecPipeline.FromV3("[" + ShardingTests.Sharding("[4,5]", "[" + LittleBytes + "]", null, "end") + "]", spec);
        int[] values = Enumerable.Range(0, 160).ToArray();
        byte[] shard = pipeline.Encode<int>(values);
        var element = new byte[4];

        await pipeline.CreatePartialDecoder(new SyncSuffixSource(shard)).DecodeAsync(new[] { new DimensionSlice(7, 8), new DimensionSlice(19, 20) }, element);

        Assert.Equal(159, BitConverter.ToInt32(element));
    }

    [Fact]
    public void AnEmptySelectionReadsNothing()
    {
        var spec = new ChunkSpec([8, 20], DType.ParseZarrV3("int32"));
        CodecPipeline pipeline = CodecPipeline.FromV3("[" + ShardingTests.Sharding("[4,5]", "[" + LittleBytes + "]", null, "end") + "]", spec);
        var source = new CountingSource(pipeline.Encode(new byte[640]));

        pipeline.CreatePartialDecoder(source).Decode([new(3, 3), new(0, 20)], []);

        Assert.Equal(0, source.Reads);
    }

    [Fact]
    public void CodecsDoNotHandOutTheirState()
    {
        var transpose = new TransposeCodec(1, 0);
        Assert.False(transpose.Order is int[]);
        var sharding = (ShardingCodec)CodecRegistry.GetV3Codec(ShardingTests.Sharding("[2,2]", "[" + LittleBytes + "]", null, "end"));
        Assert.False(sharding.ChunkShape is int[]);
        Assert.False(sharding.Codecs is ICodec[]);
        Assert.False(CodecPipeline.FromV3("[" + LittleBytes + "]", new ChunkSpec([2], DType.ParseZarrV3("int32"))).Codecs is ICodec[]);
    }

    /// <summary>Knows no length; reads suffixes synchronously only.</summary>
    private sealed class SyncSuffixSource(byte[] data) : IByteRangeSource
    {
        private readonly MemoryByteRangeSource _inner = new(data);

        public int Read(long offset, Span<byte> destination) => _inner.Read(offset, destination);

        public ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(offset, destination, cancellationToken);

        public SuffixRead ReadSuffix(Span<byte> destination)
        {
            int count = Math.Min(destination.Length, data.Length);
            data.AsSpan(data.Length - count).CopyTo(destination);
            return new SuffixRead(count, data.Length);
        }
    }
}
