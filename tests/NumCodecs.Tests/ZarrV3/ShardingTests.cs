using System.Buffers.Binary;
using System.Text.Json.Nodes;
using NumCodecs.Blosc;
using NumCodecs.IO;
using NumCodecs.Pipeline;
using NumCodecs.Tests.BloscBlocks;

namespace NumCodecs.Tests.ZarrV3;

public sealed class ShardingTests
{
    private const string LittleBytes = """{"name":"bytes","configuration":{"endian":"little"}}""";

    /// <summary>Shard layouts: inner chain, inner chunk shape, index codecs, index location.</summary>
    public static TheoryData<string, string> Layouts() => new()
    {
        { "bytes, end", Sharding("[4,5]", $"[{LittleBytes}]", null, "end") },
        { "bytes+blosc, start", Sharding("[4,5]", "[" + LittleBytes + """,{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":0}}]""", null, "start") },
        { "transpose+big bytes+gzip, end, plain index", Sharding("[2,10]", """[{"name":"transpose","configuration":{"order":[1,0]}},{"name":"bytes","configuration":{"endian":"big"}},{"name":"gzip","configuration":{"level":1}}]""", $"[{LittleBytes}]", "end") },
        { "bytes+zstd+crc32c, start", Sharding("[8,4]", "[" + LittleBytes + """,{"name":"zstd","configuration":{"level":1,"checksum":false}},{"name":"crc32c"}]""", null, "start") },
        { "one inner chunk", Sharding("[8,20]", $"[{LittleBytes}]", null, "end") },
        { "nested shards", Sharding("[4,10]", $"[{Sharding("[2,5]", $"[{LittleBytes}]", null, "start")}]", null, "end") },
    };

    private static readonly int[] s_shape = [8, 20];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ShardsRoundTripWithEmptyInnerChunksLeftOut(string layout, string sharding)
    {
        CodecPipeline pipeline = Pipeline(sharding, fill: 5);
        int[] values = Values(withFillRegion: true);

        byte[] shard = pipeline.Encode<int>(values);

        var back = new int[values.Length];
        pipeline.Decode<int>(shard, back);
        Assert.Equal(values, back);
        var codec = (ShardingCodec)pipeline.ArrayToBytesCodec;
        Assert.True(shard.Length < values.Length * 4 + 200, $"{layout}: {shard.Length} bytes");

        // The top-left inner chunk is all fill value: its entry is empty.
        int entries = (8 / codec.ChunkShape[0]) * (20 / codec.ChunkShape[1]);
        if (codec.ChunkShape[0] <= 4 && codec.ChunkShape[1] <= 10 && layout != "nested shards")
        {
            ulong[] index = ReadIndex(shard, codec, entries);
            Assert.Equal(ulong.MaxValue, index[0]);
            Assert.Equal(ulong.MaxValue, index[1]);
        }
    }

    /// <summary>The layouts zarrita 0.7.5 reads: all but nested shards, whose inner sharding_indexed it does not know.</summary>
    public static TheoryData<string, string> ZarritaLayouts()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Layouts())
        {
            if ((string)row[0] != "nested shards")
            {
                data.Add((string)row[0], (string)row[1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ZarritaLayouts))]
    public void ZarritaReadsOurShards(string layout, string sharding)
    {
        // A 2 x 1 grid of shards of [8, 20] for an array of [14, 20]: the second shard is an edge shard.
        var metadata = (JsonObject)JsonNode.Parse("""
            {"zarr_format":3,"node_type":"array","shape":[14,20],"data_type":"int32",
             "chunk_grid":{"name":"regular","configuration":{"chunk_shape":[8,20]}},
             "chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},
             "fill_value":5,"codecs":[],"attributes":{}}
            """)!;
        metadata["codecs"] = new JsonArray(JsonNode.Parse(sharding));
        int[] values = Values(withFillRegion: true).Concat(Values(withFillRegion: false).Take(6 * 20)).ToArray();
        byte[] bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        string directory = Directory.CreateTempSubdirectory("numcodecs-shards-").FullName;
        try
        {
            V3ArrayFiles.WriteArray(directory, metadata, bytes);

            Assert.True(bytes.AsSpan().SequenceEqual(Zarrita.Read(directory)), $"{layout}: zarrita read other values");
            Assert.Equal(bytes, V3ArrayFiles.ReadArray(directory, out _));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static TheoryData<string> HostileIndexes() =>
    [
        "past the end", "overflow", "length 2^64 - 2", "one field empty", "overlaps the index", "inner length too big",
    ];

    [Theory]
    [MemberData(nameof(HostileIndexes))]
    public void HostileIndexEntriesAreRefusedBeforeAnythingIsRead(string kind)
    {
        string sharding = Sharding("[4,5]", $"[{LittleBytes}]", $"[{LittleBytes}]", "end");
        CodecPipeline pipeline = Pipeline(sharding, fill: 0);
        byte[] shard = pipeline.Encode<int>(Values(withFillRegion: false));
        int indexStart = shard.Length - (8 * 16);
        Span<byte> entry = shard.AsSpan(indexStart + (3 * 16), 16);
        (ulong offset, ulong length, string message) = kind switch
        {
            "past the end" => ((ulong)shard.Length - 4, 80UL, "past the shard's"),
            "overflow" => (ulong.MaxValue - 10, 20UL, "does not fit"),
            "length 2^64 - 2" => (0UL, ulong.MaxValue - 1, "does not fit"),
            "one field empty" => (ulong.MaxValue, 80UL, "2^64 - 1 in both fields"),
            "overlaps the index" => ((ulong)indexStart - 40, 80UL, "overlaps the 128-byte index"),
            _ => (0UL, (ulong)int.MaxValue + 1, "does not fit"),
        };
        BinaryPrimitives.WriteUInt64LittleEndian(entry, offset);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], length);

        Assert.Contains(message, Assert.Throws<CorruptDataException>(() => pipeline.Decode(shard)).Message, StringComparison.Ordinal);
        var source = new CountingSource(shard);
        IArrayPartialDecoder partial = pipeline.CreatePartialDecoder(source);
        Assert.Contains(message, Assert.Throws<CorruptDataException>(() => partial.Decode(Slices.All(s_shape), new byte[640])).Message, StringComparison.Ordinal);
        Assert.Equal(128, source.BytesRead); // the index, nothing it points at
    }

    [Fact]
    public void ABadIndexChecksumIsAChecksumMismatch()
    {
        CodecPipeline pipeline = Pipeline(Sharding("[4,5]", $"[{LittleBytes}]", null, "start"), fill: 0);
        byte[] shard = pipeline.Encode<int>(Values(withFillRegion: false));
        shard[3] ^= 0x10; // inside the index, which comes first

        Assert.Throws<ChecksumMismatchException>(() => pipeline.Decode(shard));
        Assert.Throws<ChecksumMismatchException>(() => pipeline.CreatePartialDecoder(new MemoryByteRangeSource(shard)).Decode(Slices.All(s_shape), new byte[640]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(131)]
    public void ATruncatedShardIsRefused(int length)
    {
        CodecPipeline pipeline = Pipeline(Sharding("[4,5]", $"[{LittleBytes}]", null, "end"), fill: 0);
        byte[] shard = pipeline.Encode<int>(Values(withFillRegion: false));
        byte[] truncated = shard[..length];

        CorruptDataException e = Assert.ThrowsAny<CorruptDataException>(() => pipeline.Decode(truncated));
        Assert.Contains("shard", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.ThrowsAny<CorruptDataException>(() => pipeline.CreatePartialDecoder(new MemoryByteRangeSource(truncated)).Decode(Slices.All(s_shape), new byte[640]));
        Assert.ThrowsAny<CorruptDataException>(() => pipeline.CreatePartialDecoder(new SuffixOnlySource(truncated)).Decode(Slices.All(s_shape), new byte[640]));
    }

    [Fact]
    public void AStartIndexFromASourceOfUnknownLengthIsProbedBeforeItIsTrusted()
    {
        CodecPipeline pipeline = Pipeline(Sharding("[4,5]", $"[{LittleBytes}]", null, "start"), fill: 0);
        int[] values = Values(withFillRegion: false);
        byte[] shard = pipeline.Encode<int>(values);

        var back = new int[values.Length];
        pipeline.CreatePartialDecoder(new UnknownLengthSource(shard)).Decode(Slices.All(s_shape), System.Runtime.InteropServices.MemoryMarshal.AsBytes(back.AsSpan()));
        Assert.Equal(values, back);

        CorruptDataException e = Assert.Throws<CorruptDataException>(() =>
            pipeline.CreatePartialDecoder(new UnknownLengthSource(shard[..^10])).Decode([new(0, 1), new(0, 1)], new byte[4]));
        Assert.Contains("ends before byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndIndexFromASourceWithoutLengthNeedsASuffixRead()
    {
        CodecPipeline pipeline = Pipeline(Sharding("[4,5]", $"[{LittleBytes}]", null, "end"), fill: 0);
        byte[] shard = pipeline.Encode<int>(Values(withFillRegion: false));

        NotSupportedException e = Assert.Throws<NotSupportedException>(() =>
            pipeline.CreatePartialDecoder(new UnknownLengthSource(shard)).Decode([new(0, 1), new(0, 1)], new byte[4]));
        Assert.Contains("ReadSuffix", e.Message, StringComparison.Ordinal);
        var suffixed = new SuffixOnlySource(shard);
        var one = new byte[4];
        pipeline.CreatePartialDecoder(suffixed).Decode([new(7, 8), new(19, 20)], one);
        Assert.Equal(Values(withFillRegion: false)[159], BitConverter.ToInt32(one));
        Assert.Equal(1, suffixed.SuffixReads);
    }

    internal static string Sharding(string chunkShape, string codecs, string? indexCodecs, string location) =>
        "{\"name\":\"sharding_indexed\",\"configuration\":{\"chunk_shape\":" + chunkShape + ",\"codecs\":" + codecs +
        ",\"index_codecs\":" + (indexCodecs ?? "[" + LittleBytes + ",{\"name\":\"crc32c\"}]") + ",\"index_location\":\"" + location + "\"}}";

    private static CodecPipeline Pipeline(string sharding, int fill) =>
        CodecPipeline.FromV3($"[{sharding}]", new ChunkSpec(s_shape, DType.ParseZarrV3("int32"), BitConverter.GetBytes(fill)));

    /// <summary>[8, 20] int32 values; with a fill region, the top-left 4 x 10 block is all 5 (the fill value).</summary>
    private static int[] Values(bool withFillRegion)
    {
        var values = new int[160];
        for (int i = 0; i < values.Length; i++)
        {
            int row = i / 20;
            int col = i % 20;
            values[i] = withFillRegion && row < 4 && col < 10 ? 5 : (int)((uint)(i * 2654435761u) >> 8) % 1000;
        }

        return values;
    }

    private static ulong[] ReadIndex(byte[] shard, ShardingCodec codec, int entries)
    {
        int checksum = codec.IndexCodecs.Any(c => c is Crc32CCodec) ? 4 : 0;
        int length = (entries * 16) + checksum;
        byte[] bytes = codec.IndexLocation == ShardIndexLocation.Start ? shard[..length] : shard[^length..];
        return Enumerable.Range(0, entries * 2).Select(i => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8))).ToArray();
    }
}

/// <summary>A source that does not know its length (a stream-like store).</summary>
internal sealed class UnknownLengthSource(byte[] data) : IByteRangeSource
{
    private readonly MemoryByteRangeSource _inner = new(data);

    public int Read(long offset, Span<byte> destination) => _inner.Read(offset, destination);

    public ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(offset, destination, cancellationToken);
}

/// <summary>A source that does not know its length but reads suffixes, as an object store with suffix range requests does.</summary>
internal sealed class SuffixOnlySource(byte[] data) : IByteRangeSource
{
    private readonly MemoryByteRangeSource _inner = new(data);
    private int _suffixReads;

    public int SuffixReads => _suffixReads;

    public int Read(long offset, Span<byte> destination) => _inner.Read(offset, destination);

    public ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(offset, destination, cancellationToken);

    public SuffixRead ReadSuffix(Span<byte> destination)
    {
        Interlocked.Increment(ref _suffixReads);
        int count = Math.Min(destination.Length, data.Length);
        data.AsSpan(data.Length - count).CopyTo(destination);
        return new SuffixRead(count, data.Length);
    }

    public ValueTask<SuffixRead> ReadSuffixAsync(Memory<byte> destination, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReadSuffix(destination.Span));
}
