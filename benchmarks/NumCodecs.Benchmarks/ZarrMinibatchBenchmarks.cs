using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using NumCodecs.Pipeline;
using NumCodecs.Zarr;
using NumCodecs.Zarr.Stores;

namespace NumCodecs.Benchmarks;

/// <summary>
/// Training minibatches: 256 random rows of a 200,000 x 256 float32 matrix (195 MiB) in a directory store, chunks of
/// 10,000 rows with Blosc lz4 shuffle, and the same sharded with 1,000-row inner chunks. <see cref="ZarrArray"/>'s
/// orthogonal read (partial decoding) against decoding every touched chunk whole, as zarr-python's <c>oindex</c> does.
/// </summary>
[MemoryDiagnoser]
public class ZarrMinibatchBenchmarks
{
    private const int Rows = 200_000;
    private const int Columns = 256;
    private const int BatchRows = 256;
    private string _folder = "";
    private ZarrArray _array = null!;
    private int[][] _batches = [];
    private int _next;

    [Params(false, true)]
    public bool Sharded { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"numcodecs-minibatch-{Environment.ProcessId}-{Sharded}");
        string blosc = """{"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": 4, "blocksize": 0}}""";
        string bytes = """{"name": "bytes", "configuration": {"endian": "little"}}""";
        string sharded = "[{\"name\": \"sharding_indexed\", \"configuration\": {\"chunk_shape\": [1000, " + Columns + "], \"codecs\": [" +
                         bytes + ", " + blosc + "], \"index_codecs\": [" + bytes + ", {\"name\": \"crc32c\"}], \"index_location\": \"end\"}}]";
        JsonArray codecs = (JsonArray)JsonNode.Parse(Sharded ? sharded : $"[{bytes}, {blosc}]")!;
        var store = new DirectoryStore(_folder);
        ZarrArray created = ZarrArray.Create(store, "", ZarrArrayMetadata.CreateV3([Rows, Columns], [10_000, Columns], "float32", codecs));
        var random = new Random(11);
        var block = new float[10_000 * Columns];
        for (int start = 0; start < Rows; start += 10_000)
        {
            for (int i = 0; i < block.Length; i++)
            {
                block[i] = MathF.Round((float)random.NextDouble() * 20, 1); // expression-like values
            }

            created.Write<float>(ZarrSelection.Parse($"{start}:{start + 10_000}, :", 2), block);
        }

        _array = ZarrArray.Open(new DirectoryStore(_folder, readOnly: true), options: new ZarrArrayOptions { MaxConcurrency = Threads });
        _batches = [.. Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, BatchRows).Select(_ => random.Next(Rows)).ToArray())];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true, Description = "decode touched chunks whole")]
    public float WholeChunks()
    {
        int[] rows = _batches[_next++ % _batches.Length];
        CodecPipeline pipeline = _array.Metadata.Pipeline;
        var result = new float[BatchRows * Columns];
        var byChunk = rows.Select((row, position) => (row, position)).GroupBy(item => item.row / 10_000).ToArray();
        Parallel.ForEach(byChunk, new ParallelOptions { MaxDegreeOfParallelism = Threads }, group =>
        {
            float[] chunk = new float[10_000 * Columns];
            pipeline.Decode<float>(_array.Store.Read($"c/{group.Key}/0")!, chunk);
            foreach ((int row, int position) in group)
            {
                Array.Copy(chunk, (row % 10_000) * Columns, result, position * Columns, Columns);
            }
        });
        return result[^1];
    }

    [Benchmark(Description = "ZarrArray.Read (partial)")]
    public float PartialRead()
    {
        int[] rows = _batches[_next++ % _batches.Length];
        float[] result = _array.Read<float>(new ZarrSelection(DimensionSelection.Of([.. rows.Select(row => (long)row)]), DimensionSelection.All));
        return result[^1];
    }
}
