using NumCodecs.IO;
using NumCodecs.Pipeline;

namespace NumCodecs.Fuzz.Targets;

/// <summary>
/// Zarr v3 codec pipelines: <c>sharding_indexed</c> (index at the start and at the end, with and without crc32c, Blosc
/// and plain inner chunks, nested shards), <c>transpose</c>, <c>bytes</c> in both orders, gzip and zstd. Each input is
/// decoded whole and partially (a selection taken from the input) over a memory source and a copying source,
/// synchronously and asynchronously. Every way must refuse with a <see cref="NumCodecsException"/> or succeed; a
/// partial decode must give the full decode's elements wherever the full decode succeeds.
/// </summary>
/// <remarks>Input: a byte choosing the pipeline and the ways, six selection bytes, then the encoded chunk.</remarks>
internal sealed class ZarrV3Target : FuzzTarget
{
    private const string Little = """{"name":"bytes","configuration":{"endian":"little"}}""";
    private const string Crc = """{"name":"crc32c"}""";
    private const string Blosc = """{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":64}}""";

    private static readonly CodecPipeline[] s_pipelines =
    [
        Build("[16,16]", "int32", Sharding("[4,8]", $"[{Little},{Blosc}]", $"[{Little},{Crc}]", "end")),
        Build("[16,16]", "int32", Sharding("[8,4]", $"[{Little}]", $"[{Little}]", "start")),
        Build("[8,12]", "uint16", """{"name":"transpose","configuration":{"order":[1,0]}},{"name":"bytes","configuration":{"endian":"big"}},{"name":"gzip","configuration":{"level":1}}"""),
        Build("[32]", "float64", """{"name":"bytes","configuration":{"endian":"big"}},{"name":"zstd","configuration":{"level":1,"checksum":true}}"""),
        Build("[8,8]", "int32", Sharding("[4,8]", "[" + Sharding("[2,4]", $"[{Little},{Crc}]", $"[{Little},{Crc}]", "start") + "]", $"[{Little},{Crc}]", "end")),
        Build("[4,4,4]", "int16", Sharding("[2,2,4]", """[{"name":"transpose","configuration":{"order":[2,0,1]}},""" + $"{Little},{Blosc}]", $"[{Little}]", "end")),
    ];

    public override void Run(byte[] input)
    {
        var reader = new InputReader(input);
        byte choice = reader.Byte();
        byte[] selectionBytes = [reader.Byte(), reader.Byte(), reader.Byte(), reader.Byte(), reader.Byte(), reader.Byte()];
        byte[] chunk = reader.Rest();
        CodecPipeline pipeline = s_pipelines[choice % s_pipelines.Length];
        int[] shape = [.. pipeline.Spec.Shape];
        int itemSize = pipeline.Spec.DataType.ItemSize;

        Outcome<byte[]> full = Call.Attempt("CodecPipeline.Decode", () => pipeline.Decode(chunk));
        var selection = new DimensionSlice[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            int start = selectionBytes[2 * d] % shape[d];
            selection[d] = new DimensionSlice(start, start + (selectionBytes[(2 * d) + 1] % (shape[d] - start + 1)));
        }

        byte[]? expected = full.Ok ? Slice(full.Value!, shape, itemSize, selection) : null;
        int length = selection.Aggregate(itemSize, (n, s) => n * s.Length);
        var options = new PartialDecodeOptions { MaxConcurrency = (choice & 0x40) != 0 ? 2 : 1, MaxCoalesceGap = (choice & 0x20) != 0 ? 0 : 64 };
        IByteRangeSource[] sources = [new MemoryByteRangeSource(chunk), new CopyingSource(chunk, yieldOnAsyncReads: (choice & 0x10) != 0)];
        foreach (IByteRangeSource source in sources)
        {
            string way = $"partial decode ({source.GetType().Name})";
            Outcome<byte[]> partial = Call.Attempt(way, () =>
            {
                var destination = new byte[length];
                pipeline.CreatePartialDecoder(source, options).Decode(selection, destination);
                return destination;
            });
            Check(way, full, partial, expected);
            if ((choice & 0x80) != 0)
            {
                Outcome<byte[]> asynchronous = Call.Attempt(way + " async", () =>
                {
                    var destination = new byte[length];
                    pipeline.CreatePartialDecoder(source, options).DecodeAsync(selection, destination).AsTask().GetAwaiter().GetResult();
                    return destination;
                });
                Check(way + " async", full, asynchronous, expected);
            }
        }

        if (full.Ok)
        {
            // What decodes re-encodes, and decodes again to the same elements.
            byte[] again = Call.Attempt("CodecPipeline.Encode", () => pipeline.Encode(full.Value!)).Value!;
            Call.Check(pipeline.Decode(again).AsSpan().SequenceEqual(full.Value), "a re-encoded chunk decodes to other elements");
        }
    }

    public override IEnumerable<Seed> Seeds(SeedContext context)
    {
        var random = new Random(7);
        for (int p = 0; p < s_pipelines.Length; p++)
        {
            for (int variant = 0; variant < 3; variant++)
            {
                var values = new byte[s_pipelines[p].Spec.ByteLength];
                if (variant > 0)
                {
                    random.NextBytes(values.AsSpan(0, values.Length / (variant * 2)));
                }

                byte[] encoded = s_pipelines[p].Encode(values);
                yield return new Seed($"own-{p}-{variant}", [(byte)(p + (variant * 0x50)), 1, 3, 0, 9, 2, 2, .. encoded]);
            }
        }
    }

    private static void Check(string way, Outcome<byte[]> full, Outcome<byte[]> partial, byte[]? expected)
    {
        // A partial decode reads less, so it may miss damage the full decode finds, never the other way round.
        Call.Check(!full.Ok || partial.Ok, $"the full decode accepts the chunk, but {way} refuses it: {partial}.");
        if (partial.Ok && expected is not null)
        {
            Call.Check(partial.Value.AsSpan().SequenceEqual(expected), $"{way} gave other elements than the full decode.");
        }
    }

    private static byte[] Slice(byte[] chunk, int[] shape, int itemSize, DimensionSlice[] selection)
    {
        var result = new List<byte>();
        var index = selection.Select(s => s.Start).ToArray();
        long count = selection.Aggregate(1L, (n, s) => n * s.Length);
        for (long k = 0; k < count; k++)
        {
            long flat = 0;
            for (int d = 0; d < shape.Length; d++)
            {
                flat = (flat * shape[d]) + index[d];
            }

            result.AddRange(chunk.AsSpan((int)(flat * itemSize), itemSize));
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < selection[d].Stop)
                {
                    break;
                }

                index[d] = selection[d].Start;
            }
        }

        return [.. result];
    }

    private static string Sharding(string chunkShape, string codecs, string indexCodecs, string location) =>
        "{\"name\":\"sharding_indexed\",\"configuration\":{\"chunk_shape\":" + chunkShape + ",\"codecs\":" + codecs +
        ",\"index_codecs\":" + indexCodecs + ",\"index_location\":\"" + location + "\"}}";

    private static CodecPipeline Build(string shape, string dataType, string codecs) =>
        CodecPipeline.FromV3("[" + codecs + "]", new ChunkSpec(
            shape.Trim('[', ']').Split(',').Select(int.Parse).ToArray(), DType.ParseZarrV3(dataType)));
}
